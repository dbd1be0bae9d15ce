//! The one scenario format: presets, scenario files, command-line overrides and
//! share URLs all read and write [`Scenario`].
//!
//! Readable keys (`K_o=10`, `P_Na_rel=0.05`, `ouabain=1`) address single fields;
//! see [`Key`], the one table of keys. Every value is checked at the edge and a
//! bad one gives a [`ModelError`] naming the key, the value and the allowed range.

use crate::constants::F;
use crate::electro::{ghk_current, mullins_noda_mv, nernst_mv, thermal_voltage};
use crate::error::short_number;
use crate::error::{ModelError, Range};
use crate::gating::{Gated, HhKinetics};
use crate::ion::{Ion, IonMap};
use crate::key::{Key, PERM_MAX};
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

/// Voltage-gated channels on the cell (absent: none, the pump-leak cell alone).
///
/// In a scenario file, `"channels": {"hh": {"g_na_s_cm2": 0.12, "g_k_s_cm2": 0.036}}`
/// or `"channels": {"traub_miles": {"g_na_s_cm2": 0.056, "g_k_s_cm2": 0.006,
/// "v_t_mv": -56.2}}`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channels {
    /// Hodgkin–Huxley (1952) Na⁺ and K⁺ channels of the squid giant axon, with
    /// the kinetics of [`crate::gating::HhKinetics::HH_1952`] sped up by the
    /// temperature factor 3^((T − 6.3 °C)/10) at the scenario's temperature.
    Hh(HhChannels),
    /// Traub & Miles's (1991) Na⁺ and delayed-rectifier K⁺ channels as
    /// Pospischil et al. (2008) use them for cortical neurons
    /// ([`crate::gating::HhKinetics::traub_miles`]), with the temperature
    /// factor 3^((T − 36 °C)/10) at the scenario's temperature.
    TraubMiles(TraubMilesChannels),
}

/// The peak conductances of the Hodgkin–Huxley channels on the cell.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HhChannels {
    /// Peak Na⁺ conductance ḡ_Na, S/cm².
    pub g_na_s_cm2: f64,
    /// Peak K⁺ conductance ḡ_K, S/cm².
    pub g_k_s_cm2: f64,
}

impl HhChannels {
    /// Hodgkin & Huxley's (1952) squid-axon densities, as NEURON's `hh`
    /// states them: ḡ_Na 0.12, ḡ_K 0.036 S/cm² (its leak is not taken: the
    /// cell has its own).
    pub const SQUID: HhChannels = HhChannels {
        g_na_s_cm2: 0.12,
        g_k_s_cm2: 0.036,
    };
}

/// The peak conductances and threshold shift of Traub & Miles's channels
/// on the cell.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TraubMilesChannels {
    /// Peak Na⁺ conductance ḡ_Na, S/cm².
    pub g_na_s_cm2: f64,
    /// Peak delayed-rectifier K⁺ conductance ḡ_Kd, S/cm².
    pub g_k_s_cm2: f64,
    /// The shift V_T of every rate's voltage (`vtraub` in `HH_traub.mod`),
    /// mV: it sets the spike threshold.
    pub v_t_mv: f64,
}

impl TraubMilesChannels {
    /// Pospischil et al.'s (2008) regular-spiking (RS) cortical neuron:
    /// ḡ_Na 0.056, ḡ_Kd 0.006 S/cm², V_T −56.2 mV (their M current, which
    /// gives that cell its spike-frequency adaptation, is not in the model).
    pub const CORTICAL_RS: TraubMilesChannels = TraubMilesChannels {
        g_na_s_cm2: 0.056,
        g_k_s_cm2: 0.006,
        v_t_mv: -56.2,
    };
}

pub use crate::key::G_MAX_S_CM2;

/// The range allowed for [`TraubMilesChannels::v_t_mv`], mV.
pub const V_T_RANGE_MV: (f64, f64) = (-100.0, 0.0);

impl Channels {
    /// The channels in the units the cell's equations use, at `celsius`.
    pub fn gated(&self, celsius: f64) -> Gated {
        Gated::new(self.kinetics(), self.g_na(), self.g_k(), celsius)
    }

    /// The kinetic set of these channels.
    pub fn kinetics(&self) -> HhKinetics {
        match self {
            Channels::Hh(_) => HhKinetics::HH_1952,
            Channels::TraubMiles(t) => HhKinetics::traub_miles(t.v_t_mv),
        }
    }

    /// Peak Na⁺ conductance, S/cm².
    pub fn g_na(&self) -> f64 {
        match self {
            Channels::Hh(h) => h.g_na_s_cm2,
            Channels::TraubMiles(t) => t.g_na_s_cm2,
        }
    }

    /// Peak K⁺ conductance, S/cm².
    pub fn g_k(&self) -> f64 {
        match self {
            Channels::Hh(h) => h.g_k_s_cm2,
            Channels::TraubMiles(t) => t.g_k_s_cm2,
        }
    }

    /// The same set with the peak conductances `g_na` and `g_k` (S/cm²).
    pub fn with_conductances(self, g_na: f64, g_k: f64) -> Channels {
        match self {
            Channels::Hh(_) => Channels::Hh(HhChannels {
                g_na_s_cm2: g_na,
                g_k_s_cm2: g_k,
            }),
            Channels::TraubMiles(t) => Channels::TraubMiles(TraubMilesChannels {
                g_na_s_cm2: g_na,
                g_k_s_cm2: g_k,
                ..t
            }),
        }
    }

    /// Check every field: each conductance a finite number from 0 to
    /// [`G_MAX_S_CM2`], named `g_Na` and `g_K` in the error; Traub & Miles's
    /// V_T a finite number in [`V_T_RANGE_MV`], named `v_T`.
    pub fn validate(&self) -> Result<(), ModelError> {
        let range = Range::closed(0.0, G_MAX_S_CM2);
        range.check("g_Na", self.g_na(), "S/cm²")?;
        range.check("g_K", self.g_k(), "S/cm²")?;
        if let Channels::TraubMiles(t) = self {
            Range::closed(V_T_RANGE_MV.0, V_T_RANGE_MV.1).check("v_T", t.v_t_mv, "mV")?;
        }
        Ok(())
    }
}

/// Tonic synaptic channels on the cell (absent: none): permeabilities in
/// GHK form, added to the leaks', so their currents move ions as the leaks'
/// do.
///
/// * excitatory (AMPA-like, a cation channel): Na⁺ and K⁺, each with
///   permeability `p_exc_cm_s`; its current reverses at the GHK voltage of
///   Na⁺ and K⁺ with equal permeabilities, about 0 mV;
/// * inhibitory (GABA_A-like): Cl⁻ with permeability `p_inh_cm_s`, reversing
///   at E_Cl (HCO₃⁻, which real GABA_A channels also pass, is not in the model).
///
/// In a scenario file, `"synapses": {"p_exc_cm_s": 1e-6, "p_inh_cm_s": 0.0}`;
/// keys `P_exc` and `P_inh`.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Synapses {
    /// Permeability of the excitatory synapse to Na⁺ and to K⁺ (each), cm/s.
    #[serde(default)]
    pub p_exc_cm_s: f64,
    /// Permeability of the inhibitory synapse to Cl⁻, cm/s.
    #[serde(default)]
    pub p_inh_cm_s: f64,
}

impl Synapses {
    /// No synaptic permeability.
    pub const NONE: Synapses = Synapses {
        p_exc_cm_s: 0.0,
        p_inh_cm_s: 0.0,
    };

    /// The permeability each ion has through the synapses, cm/s: Na⁺ and
    /// K⁺ the excitatory one's, Cl⁻ the inhibitory one's, Ca²⁺ none.
    pub fn perm(&self) -> IonMap<f64> {
        IonMap {
            na: self.p_exc_cm_s,
            k: self.p_exc_cm_s,
            cl: self.p_inh_cm_s,
            ca: 0.0,
        }
    }

    /// Whether both permeabilities are 0.
    pub fn is_none(&self) -> bool {
        self.p_exc_cm_s == 0.0 && self.p_inh_cm_s == 0.0
    }

    /// The sum of two sets of synapses (tonic plus a pulse).
    pub fn plus(&self, other: &Synapses) -> Synapses {
        Synapses {
            p_exc_cm_s: self.p_exc_cm_s + other.p_exc_cm_s,
            p_inh_cm_s: self.p_inh_cm_s + other.p_inh_cm_s,
        }
    }
}

/// Electroneutral cation–chloride cotransporters on the cell (absent: none),
/// each driven by its thermodynamic force. Their turnover, as a
/// charge-equivalent flux F·J in A/cm² (outward positive):
///
/// * KCC2, one K⁺ and one Cl⁻ per cycle:
///   g_KCC2 · (RT/F) · ln(K⁺ᵢ Cl⁻ᵢ / (K⁺ₒ Cl⁻ₒ)) = g_KCC2 (E_Cl − E_K);
///   positive, both ions out, when E_Cl lies above E_K. This is Düsterwald
///   et al.'s (2018, *eLife* 7:e39575) KCC2, J = g_KCC2 (E_K − E_Cl) for
///   the influx there (their Extended Methods, eqs. S2–S3, after Doyon et
///   al. 2016, *Neuron* 89:1157; the default branch of
///   `plm_singlecomp_withkcc2.py` in their published code), with its
///   capacity in conductance units;
/// * NKCC1, one Na⁺, one K⁺ and two Cl⁻ per cycle:
///   g_NKCC1 · (RT/F) · ln(Na⁺ᵢ K⁺ᵢ Cl⁻ᵢ² / (Na⁺ₒ K⁺ₒ Cl⁻ₒ²))
///   = g_NKCC1 (2 E_Cl − E_Na − E_K); negative (all four ions in) in any
///   cell with the usual gradients. Düsterwald et al. have no NKCC1; this
///   is the same form with NKCC1's stoichiometry, whose logarithm is the
///   one in the published code of Sætra, Einevoll & Halnes's
///   electrodiffusive Pinsky–Rinzel model (CINPLA/EDPRmodel, `pump.py`;
///   its capacities credited there to Wei et al. 2014), there also scaled
///   by a sigmoid in K⁺ₒ that is left out here. No published capacity in
///   this form was found: any g_NKCC1 is illustrative.
///
/// Both carry no net charge, so they move ions without a membrane current.
/// In a scenario file, `"cotransporters": {"g_kcc2_s_cm2": 2e-5,
/// "g_nkcc1_s_cm2": 0.0}`; keys `g_KCC2` and `g_NKCC1` (S/cm², 0 to
/// [`COTRANSPORT_MAX_S_CM2`]).
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cotransporters {
    /// KCC2's transport capacity g_KCC2, S/cm².
    #[serde(default)]
    pub g_kcc2_s_cm2: f64,
    /// NKCC1's transport capacity g_NKCC1, S/cm².
    #[serde(default)]
    pub g_nkcc1_s_cm2: f64,
}

pub use crate::key::COTRANSPORT_MAX_S_CM2;

impl Cotransporters {
    /// No cotransport.
    pub const NONE: Cotransporters = Cotransporters {
        g_kcc2_s_cm2: 0.0,
        g_nkcc1_s_cm2: 0.0,
    };

    /// KCC2's capacity in Düsterwald et al.'s (2018) published model code,
    /// 20 µS/cm² (`figure_2or3.py`: `Gkcc=[20]` × 1e-4 to S/dm²;
    /// `plm_singlecomp_withkcc2.py`: `gkcc=2e-3/F`, S/dm²).
    pub const KCC2_DUSTERWALD_2018_S_CM2: f64 = 2e-5;

    /// Whether both capacities are 0.
    pub fn is_none(&self) -> bool {
        self.g_kcc2_s_cm2 == 0.0 && self.g_nkcc1_s_cm2 == 0.0
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
    /// V against one parameter (the V–[K⁺]ₒ figure).
    pub sweep: bool,
}

impl Default for Panels {
    fn default() -> Self {
        Panels {
            membrane: true,
            voltage: true,
            concentrations: true,
            currents: true,
            clamp: false,
            sweep: false,
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
    /// Voltage-gated channels on the cell; none when absent (and then not
    /// written, so a scenario without them reads and writes as before).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channels: Option<Channels>,
    /// Tonic synaptic permeabilities; none when absent (and then not
    /// written). Keys `P_exc` and `P_inh`, each checked as a key is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub synapses: Option<Synapses>,
    /// Cl⁻ cotransporters (KCC2, NKCC1); none when absent (and then not
    /// written). Keys `g_KCC2` and `g_NKCC1`, each checked as a key is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cotransporters: Option<Cotransporters>,
}

/// Names of the built-in presets.
pub const PRESET_NAMES: [&str; 13] = [
    "neuron",
    "neuron-rs",
    "neuron-immature",
    "astrocyte",
    "squid-axon",
    "squid-axon-hh",
    "skeletal-muscle",
    "cardiac-myocyte",
    "hyperkalaemia",
    "hypokalaemia",
    "k-only",
    "digoxin",
    "ischaemia",
];

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
            "neuron-rs" => neuron_rs(),
            "neuron-immature" => neuron_immature(),
            "astrocyte" => astrocyte(),
            "squid-axon" => squid_axon(),
            "squid-axon-hh" => squid_axon_hh(),
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
            "digoxin" => digoxin(),
            "ischaemia" => ischaemia(),
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
        crate::json::to_string_pretty(self).unwrap_or_default()
    }

    /// Absolute temperature, K.
    pub fn temperature_k(&self) -> f64 {
        self.temperature_c + 273.15
    }

    /// Check every field; the first bad one is reported. Fields with a key
    /// are checked against [`Key::range`] and named by their key.
    pub fn validate(&self) -> Result<(), ModelError> {
        for key in Key::ALL {
            if let Key::PermRel(_) = key {
                continue; // the absolute permeability is checked instead
            }
            if let Some(v) = key.get(self) {
                key.range().check(key.name(), v, key.unit())?;
            }
        }
        if Ion::ALL
            .iter()
            .all(|&i| self.permeability_cm_s.get(i) == 0.0)
        {
            return Err(ModelError::NoPermeantIon);
        }
        Range::closed(1.0, 1e5).check("length", self.cell.length_um, "µm")?;
        Range::closed(0.0, 1.0).check(
            "water_permeability",
            self.cell.water_permeability_cm_s,
            "cm/s",
        )?;
        let net =
            self.inside_mm.na + self.inside_mm.k + 2.0 * self.inside_mm.ca - self.inside_mm.cl;
        if net <= 0.0 {
            return Err(ModelError::NoImpermeantAnions {
                permeant_charge_mm: net,
            });
        }
        if let Some(channels) = &self.channels {
            channels.validate()?;
        }
        Ok(())
    }

    /// Set one field by its readable key and the value as text (see [`Key`]):
    /// the edge for command lines, links and files. The scenario is left
    /// unchanged when the key or the value is bad.
    pub fn set(&mut self, key: &str, text: &str) -> Result<(), ModelError> {
        let key = Key::parse_or_err(key)?;
        let v = key.parse_value(text)?;
        key.set(self, v)
    }

    /// Set one field by its [`Key`] (see [`Key::set`]).
    pub fn set_key(&mut self, key: Key, v: f64) -> Result<(), ModelError> {
        key.set(self, v)
    }

    /// Adjust a scenario whose inside concentrations are textbook values so that
    /// they are an exact pump-leak steady state of a rigid cell:
    ///
    /// * V is the Mullins–Noda potential of the K⁺ and Na⁺ gradients (r = 3/2);
    /// * Cl⁻, which has no transporter in the presets, is set at its
    ///   equilibrium with that V (Cl_i = Cl_o e^(FV/RT));
    /// * I_max is set so that the pump moves out exactly the Na⁺ that leaks in.
    ///
    /// Calcium must be impermeant (P_Ca = 0) for this to be exact.
    ///
    /// With voltage-gated channels, their steady-state Na⁺ and K⁺ currents
    /// (gates at x∞(V), ohmic at the Nernst potentials) join the leaks': V is
    /// then the zero of 2 i_Na + 3 i_K (both ions' totals in balance with the
    /// pump's 3 : 2) nearest the Mullins–Noda V ([`Scenario::pump_balance_mv`]).
    pub fn calibrated(mut self) -> Scenario {
        let t = self.temperature_k();
        let p = self.permeability_cm_s;
        let (ci, co) = (self.inside_mm, self.outside_mm);
        let mut v = mullins_noda_mv(1.5, p.k, p.na, (ci.k, co.k), (ci.na, co.na), t);
        if self.channels.is_some() {
            v = self.pump_balance_mv(v);
        }
        self.inside_mm.cl = co.cl * (v * 1e-3 / thermal_voltage(t)).exp();
        let i_na = ghk_current(1, p.na, ci.na, co.na, v, t) + self.gated_steady_currents(v).0;
        let i_pump = -i_na / NA_PER_CYCLE;
        let sat = self.pump.saturation(ci.na, co.k);
        self.pump.max_current_ua_cm2 = i_pump / sat * 1e6;
        self
    }

    /// Adjust a scenario whose inside concentrations, Cl⁻ᵢ among them, are
    /// given values so that they are an exact steady state of a rigid cell
    /// with NKCC1, as [`calibrated`](Self::calibrated) does without it:
    ///
    /// * NKCC1's capacity g_NKCC1 is set so that it brings in the Cl⁻ that
    ///   the Cl⁻ leak (and KCC2, at the capacity the scenario gives it) takes
    ///   out: its turnover is (i_Cl − J_KCC2)/2 (two Cl⁻ a cycle);
    /// * V is where the Na⁺ and K⁺ totals (leaks, cotransporters and any
    ///   voltage-gated channels at steady state) stand in the pump's 3 : 2,
    ///   the zero of 2 (i_Na + J_NKCC1) + 3 (i_K + J_KCC2 + J_NKCC1) nearest
    ///   the Mullins–Noda V;
    /// * I_max is set so that the pump moves out exactly the Na⁺ that the
    ///   leak and NKCC1 bring in.
    ///
    /// The capacity comes out positive only when Cl⁻ᵢ lies above the leak's
    /// equilibrium and below NKCC1's (validation refuses it otherwise).
    /// Calcium must be impermeant (P_Ca = 0) for this to be exact.
    pub fn calibrated_with_nkcc1(mut self) -> Scenario {
        let t = self.temperature_k();
        let vt = thermal_voltage(t);
        let p = self.permeability_cm_s;
        let (ci, co) = (self.inside_mm, self.outside_mm);
        let g_kcc2 = self.cotransporters.map_or(0.0, |c| c.g_kcc2_s_cm2);
        let j_kcc2 = g_kcc2 * vt * (ci.k * ci.cl / (co.k * co.cl)).ln();
        let j_nkcc1 = |v: f64| 0.5 * (ghk_current(-1, p.cl, ci.cl, co.cl, v, t) - j_kcc2);
        let i_na =
            |v: f64| ghk_current(1, p.na, ci.na, co.na, v, t) + self.gated_steady_currents(v).0;
        let i_k = |v: f64| ghk_current(1, p.k, ci.k, co.k, v, t) + self.gated_steady_currents(v).1;
        let f = |v: f64| 2.0 * (i_na(v) + j_nkcc1(v)) + 3.0 * (i_k(v) + j_kcc2 + j_nkcc1(v));
        let v0 = mullins_noda_mv(1.5, p.k, p.na, (ci.k, co.k), (ci.na, co.na), t);
        let v = zero_nearest(f, v0);
        let nkcc1_log = (ci.na * ci.k * ci.cl * ci.cl / (co.na * co.k * co.cl * co.cl)).ln();
        let i_pump = -(i_na(v) + j_nkcc1(v)) / NA_PER_CYCLE;
        let sat = self.pump.saturation(ci.na, co.k);
        self.pump.max_current_ua_cm2 = i_pump / sat * 1e6;
        self.cotransporters = Some(Cotransporters {
            g_kcc2_s_cm2: g_kcc2,
            g_nkcc1_s_cm2: j_nkcc1(v) / (vt * nkcc1_log),
        });
        self
    }

    /// The voltage-gated channels' Na⁺ and K⁺ currents at `v_mv` (A/cm²,
    /// outward positive) with their gates at steady state and the Nernst
    /// potentials of the inside concentrations; zero without channels.
    pub fn gated_steady_currents(&self, v_mv: f64) -> (f64, f64) {
        let Some(channels) = &self.channels else {
            return (0.0, 0.0);
        };
        let t = self.temperature_k();
        let (ci, co) = (self.inside_mm, self.outside_mm);
        channels.gated(self.temperature_c).steady_currents(
            v_mv,
            nernst_mv(1, ci.na, co.na, t),
            nernst_mv(1, ci.k, co.k, t),
        )
    }

    /// The voltage (mV) at which the Na⁺ and K⁺ currents of the leaks and
    /// the gated channels (gates at steady state) stand in the pump's ratio,
    /// i_Na : i_K = −3 : 2, so that a pump can hold both ions: the zero of
    /// 2 i_Na + 3 i_K nearest `v_guess` (found on a 0.1 mV grid out to
    /// ±200 mV, then bisected to the last bit); `v_guess` when there is none.
    pub fn pump_balance_mv(&self, v_guess: f64) -> f64 {
        let t = self.temperature_k();
        let p = self.permeability_cm_s;
        let (ci, co) = (self.inside_mm, self.outside_mm);
        let f = |v: f64| {
            let (na, k) = self.gated_steady_currents(v);
            2.0 * (ghk_current(1, p.na, ci.na, co.na, v, t) + na)
                + 3.0 * (ghk_current(1, p.k, ci.k, co.k, v, t) + k)
        };
        zero_nearest(f, v_guess)
    }

    /// The Faraday constant times the cell's volume-to-area ratio over C_m:
    /// the voltage (mV) that one mM of uncompensated charge inside would make.
    pub fn mv_per_mm_charge(&self) -> f64 {
        let a_w = self.cell.area_cm2() / self.cell.volume_l();
        F / (self.cell.capacitance_uf_cm2 * 1e-6 * a_w)
    }
}

/// The zero of `f` nearest `v_guess` (mV), found on a 0.1 mV grid out to
/// ±200 mV, then bisected to the last bit; `v_guess` when there is none.
fn zero_nearest(f: impl Fn(f64) -> f64, v_guess: f64) -> f64 {
    let bisect = |mut a: f64, mut b: f64| {
        let fa = f(a);
        loop {
            let mid = 0.5 * (a + b);
            if mid <= a.min(b) || mid >= a.max(b) {
                return mid;
            }
            if (f(mid) < 0.0) == (fa < 0.0) {
                a = mid;
            } else {
                b = mid;
            }
        }
    };
    let f0 = f(v_guess);
    if f0 == 0.0 {
        return v_guess;
    }
    for k in 1..=2000 {
        for dir in [-1.0, 1.0] {
            let v = v_guess + dir * 0.1 * f64::from(k);
            if (f(v) < 0.0) != (f0 < 0.0) {
                return bisect(v_guess + dir * 0.1 * f64::from(k - 1), v);
            }
        }
    }
    v_guess
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
        ischaemia_tau_s: 0.0,
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
        channels: None,
        synapses: None,
        cotransporters: None,
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

/// The squid giant axon made excitable: Hodgkin & Huxley's (1952) Na⁺ and
/// K⁺ channels ([`HhChannels::SQUID`]) on the same cell, its pump sized
/// again so that the textbook concentrations stay a steady state with the
/// channels' resting currents ([`Scenario::calibrated`]). A run of a second:
/// spikes last milliseconds.
fn squid_axon_hh() -> Scenario {
    let mut s = squid_axon();
    s.name = "squid-axon-hh".into();
    s.channels = Some(Channels::Hh(HhChannels::SQUID));
    s.duration_s = 1.0;
    s.calibrated()
}

/// The neuron made excitable with a mammalian channel set: the Na⁺ and
/// delayed-rectifier K⁺ channels of Pospischil et al.'s (2008)
/// regular-spiking cortical neuron ([`TraubMilesChannels::CORTICAL_RS`],
/// Traub & Miles's kinetics; their M current left out) on the same cell at
/// 37 °C, its pump sized again so that the textbook concentrations stay a
/// steady state with the channels' resting currents
/// ([`Scenario::calibrated`]). A run of a second: spikes last milliseconds.
fn neuron_rs() -> Scenario {
    let mut s = neuron();
    s.name = "neuron-rs".into();
    s.channels = Some(Channels::TraubMiles(TraubMilesChannels::CORTICAL_RS));
    s.duration_s = 1.0;
    s.calibrated()
}

/// Cl⁻ᵢ of the immature neuron, mM: CA3 pyramidal neurons of mice at
/// postnatal days 4–7 (gramicidin-perforated patch) with the network's giant
/// depolarizing potentials blocked by CNQX, 24.7 ± 2.9 mM (n = 8); with them,
/// 38.1 ± 3.2 mM (n = 36, from 13 to 70). Lombardi et al. (2018), *Front
/// Cell Neurosci* 12:420, abstract. The cell here has no network, so the
/// value without its activity is taken.
pub const IMMATURE_CL_I_MM: f64 = 24.7;

/// An immature neuron: the neuron (same size, leaks and Na⁺ᵢ, K⁺ᵢ) with
/// NKCC1 and no KCC2, holding Cl⁻ᵢ at [`IMMATURE_CL_I_MM`], so that E_Cl lies
/// above V and GABA_A-like (Cl⁻) synapses depolarize it. KCC2 is left out:
/// its expression is low at birth and induced as neurons mature (Rivera et
/// al. 1999, *Nature* 397:251); no published capacity for the immature cell
/// in these units was found, and none is the simplest reading. NKCC1's
/// capacity and the pump's I_max are solved so that these concentrations are
/// the steady state ([`Scenario::calibrated_with_nkcc1`]): the capacity is
/// whatever holds the measured Cl⁻ᵢ, not a measured one.
fn neuron_immature() -> Scenario {
    let mut s = neuron();
    s.name = "neuron-immature".into();
    s.inside_mm.cl = IMMATURE_CL_I_MM;
    s.cotransporters = Some(Cotransporters::NONE);
    s.calibrated_with_nkcc1()
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

/// The fraction of the heart's Na⁺/K⁺ pumps that digoxin occupies, and so
/// blocks, in treated patients: "∼30 % of remaining Na, K-pumps are
/// occupied by digoxin" during digitalization (Schwinger, Bundgaard,
/// Müller-Ehmsen & Kjeldsen 2003, *Cardiovasc Res* 57:913–920), from
/// ³H-ouabain binding in human myocardium before and after washing the
/// digoxin off (24 % in explanted failing hearts, *Am J Cardiol* 1993,
/// 71:110–114). The stated 30 % is taken.
pub const DIGOXIN_BLOCK: f64 = 0.3;

/// The cardiac myocyte at the moment digoxin blocks [`DIGOXIN_BLOCK`] of its
/// pumps: it starts from the myocyte's steady state (the concentrations
/// are the calibrated ones) at the voltage at which the membrane current is
/// zero with the pump current now 30 % smaller, and then runs down slowly
/// (Na⁺ᵢ rises, the cell depolarises) towards the steady state of the
/// blocked cell. The drug's block is taken as immediate (its binding takes
/// minutes to hours).
fn digoxin() -> Scenario {
    let mut s = cardiac_myocyte();
    s.name = "digoxin".into();
    s.pump.block = DIGOXIN_BLOCK;
    s.start = Start::AsGiven;
    s.initial_voltage_mv = None;
    s
}

/// The cardiac myocyte in total ischaemia from t = 0: the pump's capacity
/// falls as ATP runs out with the heart's time constant
/// ([`crate::pump::ISCHAEMIA_TAU_HEART_S`], 12 min), from the myocyte's
/// steady state. A run of an hour (ATP then at e⁻⁵, 0.7 %).
fn ischaemia() -> Scenario {
    let mut s = cardiac_myocyte();
    s.name = "ischaemia".into();
    s.pump.ischaemia_tau_s = crate::pump::ISCHAEMIA_TAU_HEART_S;
    s.duration_s = 3600.0;
    s
}

// Each key's field in a scenario: the half of the key table that touches
// `Scenario` (names, units and ranges are in `crate::key`).
impl Key {
    /// The key's value in a scenario. `None` only for `V0` when no starting
    /// voltage is given, and for a relative permeability while P_K is 0.
    pub fn get(self, s: &Scenario) -> Option<f64> {
        let code = |b: bool| if b { 1.0 } else { 0.0 };
        Some(match self {
            Key::Inside(ion) => s.inside_mm.get(ion),
            Key::Outside(ion) => s.outside_mm.get(ion),
            Key::Perm(ion) => s.permeability_cm_s.get(ion),
            Key::PermRel(ion) => {
                let p_k = s.permeability_cm_s.k;
                if p_k > 0.0 {
                    s.permeability_cm_s.get(ion) / p_k
                } else {
                    return None;
                }
            }
            Key::Temperature => s.temperature_c,
            Key::ImpermeantValence => s.impermeant_valence,
            Key::Pump => code(s.pump.enabled),
            Key::Ouabain => s.pump.block,
            Key::PumpMax => s.pump.max_current_ua_cm2,
            Key::PumpKNa => s.pump.k_na_mm,
            Key::PumpKK => s.pump.k_k_mm,
            Key::Ischaemia => s.pump.ischaemia_tau_s,
            Key::Volume => code(s.cell.volume == VolumeMode::Swelling),
            Key::Diameter => s.cell.diameter_um,
            Key::Capacitance => s.cell.capacitance_uf_cm2,
            Key::Start => code(s.start == Start::AsGiven),
            Key::V0 => return s.initial_voltage_mv,
            Key::Injected => s.injected_current_ua_cm2,
            Key::Duration => s.duration_s,
            Key::Gbar(ion) => match s.channels {
                Some(c) => match ion {
                    Ion::Na => c.g_na(),
                    Ion::K => c.g_k(),
                    _ => return None,
                },
                None if matches!(ion, Ion::Na | Ion::K) => 0.0,
                None => return None,
            },
            Key::SynExc => s.synapses.map_or(0.0, |x| x.p_exc_cm_s),
            Key::SynInh => s.synapses.map_or(0.0, |x| x.p_inh_cm_s),
            Key::Kcc2 => s.cotransporters.map_or(0.0, |x| x.g_kcc2_s_cm2),
            Key::Nkcc1 => s.cotransporters.map_or(0.0, |x| x.g_nkcc1_s_cm2),
        })
    }

    /// Set the key in a scenario, then check the whole scenario. A bad value
    /// ([`ModelError::OutOfRange`] naming this key, NaN included) leaves the
    /// scenario unchanged. Word keys take their codes (see [`Key::words`]).
    pub fn set(self, s: &mut Scenario, v: f64) -> Result<(), ModelError> {
        let mut next = s.clone();
        self.write(&mut next, v)?;
        next.validate().map_err(|e| match self {
            // A ratio's error is about the absolute permeability it sets.
            Key::PermRel(_) => e,
            _ => e.with_key(self.name()),
        })?;
        *s = next;
        Ok(())
    }

    fn write(self, s: &mut Scenario, v: f64) -> Result<(), ModelError> {
        let v = self.range().check(self.name(), v, self.unit())?;
        let choice = |n: usize| -> Result<usize, ModelError> {
            // A code must be a whole number below n; the range has checked 0..=1.
            if v.fract() == 0.0 && (v as usize) < n {
                Ok(v as usize)
            } else {
                Err(ModelError::BadChoice {
                    key: self.name().to_string(),
                    text: short_number(v),
                    allowed: self.words().unwrap_or(&[]),
                })
            }
        };
        match self {
            Key::Inside(ion) => *s.inside_mm.get_mut(ion) = v,
            Key::Outside(ion) => *s.outside_mm.get_mut(ion) = v,
            Key::Perm(ion) => *s.permeability_cm_s.get_mut(ion) = v,
            Key::PermRel(ion) => {
                let p_k = s.permeability_cm_s.k;
                if ion == Ion::K {
                    return Err(ModelError::UnknownKey {
                        key: self.name().into(),
                        known: Key::names().map(String::from).collect(),
                    });
                }
                if p_k <= 0.0 {
                    return Err(ModelError::RelativeToZero {
                        key: self.name().into(),
                        base: Key::Perm(Ion::K).name(),
                    });
                }
                Range::closed(0.0, PERM_MAX / p_k).check(self.name(), v, "")?;
                *s.permeability_cm_s.get_mut(ion) = v * p_k;
            }
            Key::Temperature => s.temperature_c = v,
            Key::ImpermeantValence => s.impermeant_valence = v,
            Key::Pump => s.pump.enabled = choice(2)? == 1,
            Key::Ouabain => s.pump.block = v,
            Key::PumpMax => s.pump.max_current_ua_cm2 = v,
            Key::PumpKNa => s.pump.k_na_mm = v,
            Key::PumpKK => s.pump.k_k_mm = v,
            Key::Ischaemia => s.pump.ischaemia_tau_s = v,
            Key::Volume => {
                s.cell.volume = match choice(2)? {
                    0 => VolumeMode::Rigid,
                    _ => VolumeMode::Swelling,
                }
            }
            Key::Diameter => s.cell.diameter_um = v,
            Key::Capacitance => s.cell.capacitance_uf_cm2 = v,
            Key::Start => {
                s.start = match choice(2)? {
                    0 => Start::SteadyState,
                    _ => Start::AsGiven,
                }
            }
            Key::V0 => {
                s.initial_voltage_mv = Some(v);
                s.start = Start::AsGiven;
            }
            Key::Injected => s.injected_current_ua_cm2 = v,
            Key::Duration => s.duration_s = v,
            Key::Gbar(ion) => {
                // A cell with channels keeps its set and changes its
                // conductances; a cell without gets HH's (squid) set.
                let c = s.channels.unwrap_or(Channels::Hh(HhChannels {
                    g_na_s_cm2: 0.0,
                    g_k_s_cm2: 0.0,
                }));
                let (mut g_na, mut g_k) = (c.g_na(), c.g_k());
                match ion {
                    Ion::Na => g_na = v,
                    Ion::K => g_k = v,
                    _ => {
                        return Err(ModelError::UnknownKey {
                            key: self.name().into(),
                            known: Key::names().map(String::from).collect(),
                        })
                    }
                }
                let c = c.with_conductances(g_na, g_k);
                // HH's set with both at 0: the cell has no channels (and
                // writes none). Another set stays, at zero conductance, so
                // that a control taken to 0 and back keeps its kinetics.
                s.channels = match c {
                    Channels::Hh(_) if g_na == 0.0 && g_k == 0.0 => None,
                    c => Some(c),
                };
            }
            Key::SynExc | Key::SynInh => {
                let mut x = s.synapses.unwrap_or(Synapses::NONE);
                if self == Key::SynExc {
                    x.p_exc_cm_s = v;
                } else {
                    x.p_inh_cm_s = v;
                }
                // Both at 0: the cell has no synapses (and writes none).
                s.synapses = (!x.is_none()).then_some(x);
            }
            Key::Kcc2 | Key::Nkcc1 => {
                let mut x = s.cotransporters.unwrap_or(Cotransporters::NONE);
                if self == Key::Kcc2 {
                    x.g_kcc2_s_cm2 = v;
                } else {
                    x.g_nkcc1_s_cm2 = v;
                }
                // Both at 0: the cell has no cotransporters (and writes none).
                s.cotransporters = (!x.is_none()).then_some(x);
            }
        }
        Ok(())
    }
}
