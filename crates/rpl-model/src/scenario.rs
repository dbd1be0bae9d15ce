//! The one scenario format: presets, scenario files, command-line overrides and
//! share URLs all read and write [`Scenario`].
//!
//! Readable keys (`K_o=10`, `P_Na_rel=0.05`, `ouabain=1`) address single fields;
//! see [`KEYS`]. Every value is checked at the edge and a bad one gives a
//! [`ModelError`] naming the key, the value and the allowed range.

use crate::constants::F;
use crate::electro::{ghk_current, mullins_noda_mv, thermal_voltage};
use crate::error::{ModelError, Range};
use crate::ion::{Ion, IonMap};
use crate::pump::{Pump, NA_PER_CYCLE};
use serde::{Deserialize, Serialize};

/// Shape of the cell, for its area and volume.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Shape {
    /// A sphere of the given diameter.
    Sphere,
    /// A cylinder of the given diameter and length (end caps ignored), e.g. an axon or a muscle fibre.
    Cylinder,
}

/// Whether the cell's volume can change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VolumeMode {
    /// Fixed volume: water does not move (an idealised stiff cell).
    Rigid,
    /// Water follows the osmotic difference, so the cell can swell or shrink.
    Swelling,
}

/// Where a run starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Start {
    /// At the pump-leak steady state of these parameters (found by the steady-state solver).
    SteadyState,
    /// At the inside concentrations given, and at `initial_voltage_mv`.
    AsGiven,
}

/// Cell geometry and membrane properties.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cell {
    /// Sphere or cylinder.
    pub shape: Shape,
    /// Diameter, µm.
    pub diameter_um: f64,
    /// Length, µm (cylinders only).
    #[serde(default = "default_length")]
    pub length_um: f64,
    /// Specific membrane capacitance, µF/cm².
    pub capacitance_uf_cm2: f64,
    /// Rigid or swelling.
    pub volume: VolumeMode,
    /// Osmotic water permeability P_f, cm/s (used when swelling).
    pub water_permeability_cm_s: f64,
}

fn default_length() -> f64 {
    100.0
}

impl Cell {
    /// Membrane area, cm².
    pub fn area_cm2(&self) -> f64 {
        let d = self.diameter_um * 1e-4;
        match self.shape {
            Shape::Sphere => std::f64::consts::PI * d * d,
            Shape::Cylinder => std::f64::consts::PI * d * self.length_um * 1e-4,
        }
    }

    /// Volume, litres.
    pub fn volume_l(&self) -> f64 {
        let d = self.diameter_um * 1e-4;
        let cm3 = match self.shape {
            Shape::Sphere => std::f64::consts::PI * d * d * d / 6.0,
            Shape::Cylinder => std::f64::consts::PI * d * d / 4.0 * self.length_um * 1e-4,
        };
        cm3 * 1e-3
    }
}

/// Which panels the page shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Panels {
    /// The membrane drawing.
    pub membrane: bool,
    /// Voltage against time.
    pub voltage: bool,
    /// Concentrations against time.
    pub concentrations: bool,
    /// Per-ion current bars.
    pub currents: bool,
    /// Voltage clamp and I–V chart.
    pub clamp: bool,
}

impl Default for Panels {
    fn default() -> Self {
        Panels {
            membrane: true,
            voltage: true,
            concentrations: true,
            currents: true,
            clamp: false,
        }
    }
}

/// Everything that defines a run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// A short name (the preset's, or the author's).
    pub name: String,
    /// Temperature, °C.
    pub temperature_c: f64,
    /// Inside concentrations at the start, mM.
    pub inside_mm: IonMap<f64>,
    /// Bath concentrations (held fixed), mM.
    pub outside_mm: IonMap<f64>,
    /// Membrane permeabilities, cm/s.
    pub permeability_cm_s: IonMap<f64>,
    /// Mean valence of the impermeant anions inside (their amount follows from electroneutrality).
    pub impermeant_valence: f64,
    /// The Na⁺/K⁺ pump.
    pub pump: Pump,
    /// Geometry, capacitance, volume mode.
    pub cell: Cell,
    /// Start at the steady state, or as given.
    pub start: Start,
    /// Starting voltage, mV, when `start` is `as_given` (absent: the zero-current voltage).
    #[serde(default)]
    pub initial_voltage_mv: Option<f64>,
    /// Injected current density, µA/cm² (positive depolarises: current into the cell).
    #[serde(default)]
    pub injected_current_ua_cm2: f64,
    /// Suggested run length, s.
    pub duration_s: f64,
    /// Panels shown on the page.
    #[serde(default)]
    pub panels: Panels,
}

/// Names of the built-in presets.
pub const PRESET_NAMES: [&str; 8] = [
    "neuron",
    "astrocyte",
    "squid-axon",
    "skeletal-muscle",
    "cardiac-myocyte",
    "hyperkalaemia",
    "hypokalaemia",
    "k-only",
];

/// The readable keys accepted by [`Scenario::set`], with their meaning and unit.
pub const KEYS: [(&str, &str); 29] = [
    ("Na_i", "inside Na⁺, mM"),
    ("K_i", "inside K⁺, mM"),
    ("Cl_i", "inside Cl⁻, mM"),
    ("Ca_i", "inside Ca²⁺, mM"),
    ("Na_o", "outside Na⁺, mM"),
    ("K_o", "outside K⁺, mM"),
    ("Cl_o", "outside Cl⁻, mM"),
    ("Ca_o", "outside Ca²⁺, mM"),
    ("P_K", "K⁺ permeability, cm/s"),
    ("P_Na", "Na⁺ permeability, cm/s"),
    ("P_Cl", "Cl⁻ permeability, cm/s"),
    ("P_Ca", "Ca²⁺ permeability, cm/s"),
    ("P_Na_rel", "Na⁺ permeability relative to P_K"),
    ("P_Cl_rel", "Cl⁻ permeability relative to P_K"),
    ("P_Ca_rel", "Ca²⁺ permeability relative to P_K"),
    ("T", "temperature, °C"),
    ("z_A", "mean valence of the impermeant anions"),
    ("pump", "pump on (1) or off (0)"),
    ("ouabain", "fraction of pumps blocked, 0–1"),
    ("pump_max", "maximal pump current, µA/cm²"),
    ("pump_K_Na", "pump half-saturation for inside Na⁺, mM"),
    ("pump_K_K", "pump half-saturation for outside K⁺, mM"),
    ("volume", "rigid or swelling"),
    ("diameter", "cell diameter, µm"),
    ("C_m", "specific capacitance, µF/cm²"),
    ("start", "steady or given"),
    ("V0", "starting voltage when start=given, mV"),
    ("I_inj", "injected current, µA/cm² (positive depolarises)"),
    ("duration", "run length, s"),
];

/// The words `pump` accepts: on, then off.
pub const BOOL_WORDS: [&str; 8] = ["1", "on", "true", "yes", "0", "off", "false", "no"];
/// The words `volume` accepts.
pub const VOLUME_WORDS: [&str; 2] = ["rigid", "swelling"];
/// The words `start` accepts.
pub const START_WORDS: [&str; 2] = ["steady", "given"];

const CONC_MAX: f64 = 1000.0;
const PERM_MAX: f64 = 1e-3;

fn conc_key(ion: Ion, inside: bool) -> String {
    format!("{}_{}", ion.name(), if inside { "i" } else { "o" })
}

fn parse_number(key: &str, text: &str) -> Result<f64, ModelError> {
    text.trim().parse().map_err(|_| ModelError::NotANumber {
        key: key.to_string(),
        text: text.to_string(),
    })
}

fn parse_bool(key: &str, text: &str) -> Result<bool, ModelError> {
    match text.trim().to_ascii_lowercase().as_str() {
        "1" | "on" | "true" | "yes" => Ok(true),
        "0" | "off" | "false" | "no" => Ok(false),
        _ => Err(ModelError::BadChoice {
            key: key.to_string(),
            text: text.to_string(),
            allowed: &BOOL_WORDS,
        }),
    }
}

impl Default for Scenario {
    /// The typical mammalian neuron.
    fn default() -> Self {
        neuron()
    }
}

impl Scenario {
    /// A built-in preset by name (see [`PRESET_NAMES`]).
    pub fn preset(name: &str) -> Result<Scenario, ModelError> {
        let s = match name {
            "neuron" => neuron(),
            "astrocyte" => astrocyte(),
            "squid-axon" => squid_axon(),
            "skeletal-muscle" => skeletal_muscle(),
            "cardiac-myocyte" => cardiac_myocyte(),
            "hyperkalaemia" => {
                let mut s = neuron();
                s.name = name.into();
                s.outside_mm.k = 8.0;
                s
            }
            "hypokalaemia" => {
                let mut s = neuron();
                s.name = name.into();
                s.outside_mm.k = 2.5;
                s
            }
            "k-only" => {
                let mut s = neuron();
                s.name = name.into();
                s.permeability_cm_s.na = 0.0;
                s.permeability_cm_s.cl = 0.0;
                s.pump.enabled = false;
                s.start = Start::AsGiven;
                s.initial_voltage_mv = Some(0.0);
                s.duration_s = 0.1;
                s
            }
            _ => {
                return Err(ModelError::UnknownPreset {
                    name: name.to_string(),
                    known: &PRESET_NAMES,
                })
            }
        };
        Ok(s)
    }

    /// Read a scenario from JSON and check every field.
    pub fn from_json(text: &str) -> Result<Scenario, ModelError> {
        let s: Scenario = serde_json::from_str(text).map_err(|e| ModelError::Malformed {
            message: e.to_string(),
        })?;
        s.validate()?;
        Ok(s)
    }

    /// Write as pretty JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Absolute temperature, K.
    pub fn temperature_k(&self) -> f64 {
        self.temperature_c + 273.15
    }

    /// Check every field; the first bad one is reported.
    pub fn validate(&self) -> Result<(), ModelError> {
        Range::closed(0.0, 50.0).check("T", self.temperature_c, "°C")?;
        for ion in Ion::ALL {
            let max = if ion == Ion::Ca { 100.0 } else { CONC_MAX };
            Range::above(0.0, max).check(&conc_key(ion, true), self.inside_mm.get(ion), "mM")?;
            Range::above(0.0, max).check(&conc_key(ion, false), self.outside_mm.get(ion), "mM")?;
            Range::closed(0.0, PERM_MAX).check(
                &format!("P_{}", ion.name()),
                self.permeability_cm_s.get(ion),
                "cm/s",
            )?;
        }
        if Ion::ALL
            .iter()
            .all(|&i| self.permeability_cm_s.get(i) == 0.0)
        {
            return Err(ModelError::NoPermeantIon);
        }
        Range::closed(-5.0, -0.1).check("z_A", self.impermeant_valence, "")?;
        Range::closed(0.0, 100.0).check("pump_max", self.pump.max_current_ua_cm2, "µA/cm²")?;
        Range::above(0.0, CONC_MAX).check("pump_K_Na", self.pump.k_na_mm, "mM")?;
        Range::above(0.0, CONC_MAX).check("pump_K_K", self.pump.k_k_mm, "mM")?;
        Range::closed(0.0, 1.0).check("ouabain", self.pump.block, "")?;
        Range::closed(1.0, 2000.0).check("diameter", self.cell.diameter_um, "µm")?;
        Range::closed(1.0, 1e5).check("length", self.cell.length_um, "µm")?;
        Range::closed(0.1, 10.0).check("C_m", self.cell.capacitance_uf_cm2, "µF/cm²")?;
        Range::closed(0.0, 1.0).check(
            "water_permeability",
            self.cell.water_permeability_cm_s,
            "cm/s",
        )?;
        if let Some(v) = self.initial_voltage_mv {
            Range::closed(-200.0, 200.0).check("V0", v, "mV")?;
        }
        Range::closed(-100.0, 100.0).check("I_inj", self.injected_current_ua_cm2, "µA/cm²")?;
        Range::above(0.0, 1e6).check("duration", self.duration_s, "s")?;
        let net =
            self.inside_mm.na + self.inside_mm.k + 2.0 * self.inside_mm.ca - self.inside_mm.cl;
        if net <= 0.0 {
            return Err(ModelError::NoImpermeantAnions {
                permeant_charge_mm: net,
            });
        }
        Ok(())
    }

    /// Set one field by its readable key (see [`KEYS`]). The scenario is left
    /// unchanged when the value is bad.
    pub fn set(&mut self, key: &str, text: &str) -> Result<(), ModelError> {
        let mut next = self.clone();
        next.set_unchecked(key, text)?;
        // Report the problem against the key the user gave.
        next.validate().map_err(|e| {
            if key.ends_with("_rel") {
                e
            } else {
                e.with_key(key)
            }
        })?;
        *self = next;
        Ok(())
    }

    fn set_unchecked(&mut self, key: &str, text: &str) -> Result<(), ModelError> {
        // Concentrations: Na_i, K_o, ...
        if let Some((ion, side)) = key.split_once('_') {
            if let (Some(ion), "i" | "o") = (Ion::parse(ion), side) {
                let v = parse_number(key, text)?;
                let max = if ion == Ion::Ca { 100.0 } else { CONC_MAX };
                Range::above(0.0, max).check(key, v, "mM")?;
                if side == "i" {
                    *self.inside_mm.get_mut(ion) = v;
                } else {
                    *self.outside_mm.get_mut(ion) = v;
                }
                return Ok(());
            }
        }
        if let Some(rest) = key.strip_prefix("P_") {
            let (name, rel) = match rest.strip_suffix("_rel") {
                Some(n) => (n, true),
                None => (rest, false),
            };
            if let Some(ion) = Ion::parse(name) {
                let v = parse_number(key, text)?;
                let p = if rel {
                    let p_k = self.permeability_cm_s.k;
                    if ion == Ion::K {
                        return Err(unknown_key(key));
                    }
                    if p_k <= 0.0 {
                        return Err(ModelError::RelativeToZero {
                            key: key.into(),
                            base: "P_K",
                        });
                    }
                    Range::closed(0.0, PERM_MAX / p_k).check(key, v, "")?;
                    v * p_k
                } else {
                    Range::closed(0.0, PERM_MAX).check(key, v, "cm/s")?;
                    v
                };
                *self.permeability_cm_s.get_mut(ion) = p;
                return Ok(());
            }
        }
        match key {
            "T" => self.temperature_c = parse_number(key, text)?,
            "z_A" => self.impermeant_valence = parse_number(key, text)?,
            "pump" => self.pump.enabled = parse_bool(key, text)?,
            "ouabain" => self.pump.block = parse_number(key, text)?,
            "pump_max" => self.pump.max_current_ua_cm2 = parse_number(key, text)?,
            "pump_K_Na" => self.pump.k_na_mm = parse_number(key, text)?,
            "pump_K_K" => self.pump.k_k_mm = parse_number(key, text)?,
            "volume" => {
                self.cell.volume = match text.trim() {
                    "rigid" => VolumeMode::Rigid,
                    "swelling" => VolumeMode::Swelling,
                    _ => {
                        return Err(ModelError::BadChoice {
                            key: key.into(),
                            text: text.into(),
                            allowed: &VOLUME_WORDS,
                        })
                    }
                }
            }
            "diameter" => self.cell.diameter_um = parse_number(key, text)?,
            "C_m" => self.cell.capacitance_uf_cm2 = parse_number(key, text)?,
            "start" => {
                self.start = match text.trim() {
                    "steady" => Start::SteadyState,
                    "given" => Start::AsGiven,
                    _ => {
                        return Err(ModelError::BadChoice {
                            key: key.into(),
                            text: text.into(),
                            allowed: &START_WORDS,
                        })
                    }
                }
            }
            "V0" => {
                self.initial_voltage_mv = Some(parse_number(key, text)?);
                self.start = Start::AsGiven;
            }
            "I_inj" => self.injected_current_ua_cm2 = parse_number(key, text)?,
            "duration" => self.duration_s = parse_number(key, text)?,
            _ => return Err(unknown_key(key)),
        }
        Ok(())
    }

    /// Adjust a scenario whose inside concentrations are textbook values so that
    /// they are an exact pump-leak steady state of a rigid cell:
    ///
    /// * V is the Mullins–Noda potential of the K⁺ and Na⁺ gradients (r = 3/2);
    /// * Cl⁻, which has no transporter in this model, is set at its
    ///   equilibrium with that V (Cl_i = Cl_o e^(FV/RT));
    /// * I_max is set so that the pump moves out exactly the Na⁺ that leaks in.
    ///
    /// Calcium must be impermeant (P_Ca = 0) for this to be exact.
    pub fn calibrated(mut self) -> Scenario {
        let t = self.temperature_k();
        let p = self.permeability_cm_s;
        let (ci, co) = (self.inside_mm, self.outside_mm);
        let v = mullins_noda_mv(1.5, p.k, p.na, (ci.k, co.k), (ci.na, co.na), t);
        self.inside_mm.cl = co.cl * (v * 1e-3 / thermal_voltage(t)).exp();
        let i_na = ghk_current(1, p.na, ci.na, co.na, v, t);
        let i_pump = -i_na / NA_PER_CYCLE;
        let sat = self.pump.saturation(ci.na, co.k);
        self.pump.max_current_ua_cm2 = i_pump / sat * 1e6;
        self
    }

    /// The Faraday constant times the cell's volume-to-area ratio over C_m:
    /// the voltage (mV) that one mM of uncompensated charge inside would make.
    pub fn mv_per_mm_charge(&self) -> f64 {
        let a_w = self.cell.area_cm2() / self.cell.volume_l();
        F / (self.cell.capacitance_uf_cm2 * 1e-6 * a_w)
    }
}

fn unknown_key(key: &str) -> ModelError {
    ModelError::UnknownKey {
        key: key.into(),
        known: KEYS.iter().map(|(k, _)| (*k).to_string()).collect(),
    }
}

fn ions(na: f64, k: f64, cl: f64, ca: f64) -> IonMap<f64> {
    IonMap { na, k, cl, ca }
}

fn pump_default() -> Pump {
    Pump {
        enabled: true,
        max_current_ua_cm2: 1.0,
        k_na_mm: 10.0,
        k_k_mm: 1.5,
        block: 0.0,
    }
}

/// Typical mammalian neuron (soma). Concentrations: Purves et al., *Neuroscience*
/// (6th ed., 2018), table 2.1, and Hille, *Ion Channels of Excitable Membranes*
/// (3rd ed., 2001), ch. 1. P_K : P_Na : P_Cl = 1 : 0.04 : 0.45 after Hodgkin &
/// Katz (1949). P_K = 5·10⁻⁷ cm/s gives a membrane time constant of about 10 ms.
fn neuron() -> Scenario {
    Scenario {
        name: "neuron".into(),
        temperature_c: 37.0,
        inside_mm: ions(15.0, 140.0, 10.0, 1e-4),
        outside_mm: ions(145.0, 5.0, 110.0, 2.0),
        permeability_cm_s: ions(0.04 * 5e-7, 5e-7, 0.45 * 5e-7, 0.0),
        impermeant_valence: -1.0,
        pump: pump_default(),
        cell: Cell {
            shape: Shape::Sphere,
            diameter_um: 20.0,
            length_um: 100.0,
            capacitance_uf_cm2: 1.0,
            volume: VolumeMode::Rigid,
            water_permeability_cm_s: 1e-3,
        },
        start: Start::SteadyState,
        initial_voltage_mv: None,
        injected_current_ua_cm2: 0.0,
        duration_s: 7200.0,
        panels: Panels::default(),
    }
    .calibrated()
}

/// Astrocyte: almost pure K⁺ permeability, V ≈ E_K. Kofuji & Newman (2004),
/// *Neuroscience* 129:1045; Olsen & Sontheimer (2008), *J Neurochem* 107:589.
fn astrocyte() -> Scenario {
    let mut s = neuron();
    s.name = "astrocyte".into();
    s.inside_mm = ions(15.0, 135.0, 30.0, 1e-4);
    s.permeability_cm_s = ions(0.005 * 1e-6, 1e-6, 0.02 * 1e-6, 0.0);
    s.cell.diameter_um = 15.0;
    s.calibrated()
}

/// Squid giant axon at 6.3 °C. Concentrations as tabulated by Hille (2001),
/// table 1.1 (after Hodgkin 1964); P_K : P_Na : P_Cl = 1 : 0.04 : 0.45 from
/// Hodgkin & Katz (1949), *J Physiol* 108:37. Axon diameter 500 µm.
fn squid_axon() -> Scenario {
    let mut s = neuron();
    s.name = "squid-axon".into();
    s.temperature_c = 6.3;
    s.inside_mm = ions(50.0, 400.0, 52.0, 1e-4);
    s.outside_mm = ions(440.0, 20.0, 560.0, 10.0);
    s.permeability_cm_s = ions(0.04 * 1e-6, 1e-6, 0.45 * 1e-6, 0.0);
    s.cell.shape = Shape::Cylinder;
    s.cell.diameter_um = 500.0;
    s.cell.length_um = 10_000.0;
    s.duration_s = 6.0 * 3600.0;
    s.calibrated()
}

/// Mammalian skeletal muscle fibre at 37 °C. Concentrations: Hille (2001),
/// table 1.1 (mammalian skeletal muscle); Cl⁻ dominates resting conductance
/// (Bretag 1987, *Physiol Rev* 67:618), here P_Cl = 2 P_K.
fn skeletal_muscle() -> Scenario {
    let mut s = neuron();
    s.name = "skeletal-muscle".into();
    s.inside_mm = ions(12.0, 155.0, 4.0, 1e-4);
    s.outside_mm = ions(145.0, 4.0, 120.0, 2.0);
    s.permeability_cm_s = ions(0.01 * 5e-7, 5e-7, 2.0 * 5e-7, 0.0);
    s.cell.shape = Shape::Cylinder;
    s.cell.diameter_um = 50.0;
    s.cell.length_um = 1000.0;
    s.calibrated()
}

/// Human ventricular myocyte at 37 °C. Concentrations from ten Tusscher, Noble,
/// Noble & Panfilov (2004), *Am J Physiol Heart* 286:H1573 (Na_i 11.6, K_i 138,
/// Na_o 140, K_o 5.4, Ca_o 2 mM); P_Na/P_K = 0.005 gives V ≈ −84 mV.
fn cardiac_myocyte() -> Scenario {
    let mut s = neuron();
    s.name = "cardiac-myocyte".into();
    s.inside_mm = ions(11.6, 138.0, 10.0, 1e-4);
    s.outside_mm = ions(140.0, 5.4, 120.0, 2.0);
    s.permeability_cm_s = ions(0.005 * 5e-7, 5e-7, 0.1 * 5e-7, 0.0);
    s.cell.shape = Shape::Cylinder;
    s.cell.diameter_um = 20.0;
    s.cell.length_um = 100.0;
    s.calibrated()
}
