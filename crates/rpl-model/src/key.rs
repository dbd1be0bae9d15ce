//! The scenario keys: one typed table that is the only codec between a
//! scenario field and its readable name (`K_o`, `P_Na_rel`, `volume`), unit,
//! allowed range and value.
//!
//! A value travels as `(Key, f64)` ([`crate::Command::Set`]); text is read
//! ([`Key::parse`], [`Key::parse_value`]) and written ([`Key::name`],
//! [`Key::format_value`]) only at the edges: the command line's `--set`, share
//! links, scenario overrides, `rpl keys`. Keys whose value is a word are coded
//! as small numbers: `pump` 1 = on, 0 = off; `volume` 0 = rigid, 1 = swelling;
//! `start` 0 = steady, 1 = given.
//!
//! This module knows nothing of the `Scenario` type: reading and
//! writing a key's field ([`Key::get`], [`Key::set`]) sit beside the fields in
//! `scenario.rs`, so the dependency runs one way (scenario → key).

use crate::decimal::Plain;
use crate::error::{ModelError, Range};
use crate::ion::Ion;

/// Largest concentration a key accepts, mM (Ca²⁺: 100 mM).
pub const CONC_MAX: f64 = 1000.0;
/// The lowest concentration a reader may set, mM (1 nM): far below any
/// physiological one (free Ca²⁺ inside is about 1e-4 mM), and well above the
/// values at which the Nernst potentials leave any sensible range.
pub const CONC_MIN: f64 = 1e-6;
/// The lowest half-saturation of the pump a reader may set, mM: below this the
/// pump's rate law switches on and off so sharply that the equations become
/// too stiff to follow (measured values are 1–20 mM for Na⁺ and 0.5–2 mM for K⁺).
pub const HALF_SAT_MIN: f64 = 0.01;
/// The largest peak conductance a scenario may give a channel, S/cm² (about
/// eight times the squid axon's ḡ_Na).
pub const G_MAX_S_CM2: f64 = 1.0;
/// Largest permeability a key accepts, cm/s.
pub const PERM_MAX: f64 = 1e-3;
/// The largest transport capacity a scenario may give a Cl⁻ cotransporter
/// (KCC2, NKCC1), S/cm²: 50 times KCC2's in Düsterwald et al. (2018),
/// 2e-5 S/cm².
pub const COTRANSPORT_MAX_S_CM2: f64 = 1e-3;

/// The longest time constant `ischaemia` accepts, s (about 11.6 days; the
/// heart's is 720 s).
pub const ISCHAEMIA_TAU_MAX_S: f64 = 1e6;

/// The words `pump` accepts: on, then off.
pub const BOOL_WORDS: [&str; 8] = ["1", "on", "true", "yes", "0", "off", "false", "no"];
/// The words `volume` accepts, by code (0 = rigid, 1 = swelling).
pub const VOLUME_WORDS: [&str; 2] = ["rigid", "swelling"];
/// The words `start` accepts, by code (0 = steady, 1 = given).
pub const START_WORDS: [&str; 2] = ["steady", "given"];

/// One readable scenario key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Key {
    /// Inside concentration of an ion, mM (`Na_i`).
    Inside(Ion),
    /// Bath concentration of an ion, mM (`K_o`).
    Outside(Ion),
    /// Permeability of an ion, cm/s (`P_K`).
    Perm(Ion),
    /// Permeability of an ion relative to P_K (`P_Na_rel`; not K⁺ itself).
    PermRel(Ion),
    /// Temperature, °C (`T`).
    Temperature,
    /// Mean valence of the impermeant anions (`z_A`).
    ImpermeantValence,
    /// Pump on (1) or off (0) (`pump`).
    Pump,
    /// Fraction of pumps blocked by ouabain, 0–1 (`ouabain`).
    Ouabain,
    /// Maximal pump current, µA/cm² (`pump_max`).
    PumpMax,
    /// Pump half-saturation for inside Na⁺, mM (`pump_K_Na`).
    PumpKNa,
    /// Pump half-saturation for outside K⁺, mM (`pump_K_K`).
    PumpKK,
    /// Ischaemia: the time constant, s, with which the pump's capacity falls
    /// as ATP runs out, from the moment it is set; 0: none (`ischaemia`).
    Ischaemia,
    /// Rigid (0) or swelling (1) cell (`volume`).
    Volume,
    /// Cell diameter, µm (`diameter`).
    Diameter,
    /// Specific membrane capacitance, µF/cm² (`C_m`).
    Capacitance,
    /// Start at the steady state (0) or as given (1) (`start`).
    Start,
    /// Starting voltage when starting as given, mV (`V0`).
    V0,
    /// Injected current, µA/cm², positive into the cell (`I_inj`).
    Injected,
    /// Run length, s (`duration`).
    Duration,
    /// Peak conductance of the voltage-gated channels of an ion, S/cm²
    /// (`g_Na`, `g_K`; Na⁺ and K⁺ only): of the set the cell has, or of
    /// Hodgkin–Huxley's put on a cell without. HH's with both 0: no channels.
    Gbar(Ion),
    /// Tonic permeability of the excitatory (cation) synapse to Na⁺ and to
    /// K⁺ each, cm/s (`P_exc`).
    SynExc,
    /// Tonic permeability of the inhibitory (Cl⁻) synapse, cm/s (`P_inh`).
    SynInh,
    /// Transport capacity of the K⁺–Cl⁻ cotransporter KCC2, S/cm² (`g_KCC2`).
    Kcc2,
    /// Transport capacity of the Na⁺–K⁺–2Cl⁻ cotransporter NKCC1, S/cm²
    /// (`g_NKCC1`).
    Nkcc1,
}

use Ion::{Ca, Cl, Na, K};

impl Key {
    /// Every key, in the order `rpl keys` lists them and links write them
    /// (`V0` before `start`, since setting `V0` also sets `start` to given).
    pub const ALL: [Key; 36] = [
        Key::Inside(Na),
        Key::Inside(K),
        Key::Inside(Cl),
        Key::Inside(Ca),
        Key::Outside(Na),
        Key::Outside(K),
        Key::Outside(Cl),
        Key::Outside(Ca),
        Key::Perm(K),
        Key::Perm(Na),
        Key::Perm(Cl),
        Key::Perm(Ca),
        Key::PermRel(Na),
        Key::PermRel(Cl),
        Key::PermRel(Ca),
        Key::Temperature,
        Key::ImpermeantValence,
        Key::Pump,
        Key::Ouabain,
        Key::PumpMax,
        Key::PumpKNa,
        Key::PumpKK,
        Key::Ischaemia,
        Key::Volume,
        Key::Diameter,
        Key::Capacitance,
        Key::V0,
        Key::Start,
        Key::Injected,
        Key::Gbar(Na),
        Key::Gbar(K),
        Key::SynExc,
        Key::SynInh,
        Key::Kcc2,
        Key::Nkcc1,
        Key::Duration,
    ];

    /// The readable name, as in links and `--set` (`K_o`). (Not inlined:
    /// a small function without calls is copied into every crate that calls
    /// it, three in the page.)
    #[inline(never)]
    pub fn name(self) -> &'static str {
        match self {
            Key::Inside(Na) => "Na_i",
            Key::Inside(K) => "K_i",
            Key::Inside(Cl) => "Cl_i",
            Key::Inside(Ca) => "Ca_i",
            Key::Outside(Na) => "Na_o",
            Key::Outside(K) => "K_o",
            Key::Outside(Cl) => "Cl_o",
            Key::Outside(Ca) => "Ca_o",
            Key::Perm(Na) => "P_Na",
            Key::Perm(K) => "P_K",
            Key::Perm(Cl) => "P_Cl",
            Key::Perm(Ca) => "P_Ca",
            Key::PermRel(Na) => "P_Na_rel",
            // P_K relative to itself is not a key; ALL never holds it.
            Key::PermRel(K) => "P_K_rel",
            Key::PermRel(Cl) => "P_Cl_rel",
            Key::PermRel(Ca) => "P_Ca_rel",
            Key::Temperature => "T",
            Key::ImpermeantValence => "z_A",
            Key::Pump => "pump",
            Key::Ouabain => "ouabain",
            Key::PumpMax => "pump_max",
            Key::PumpKNa => "pump_K_Na",
            Key::PumpKK => "pump_K_K",
            Key::Ischaemia => "ischaemia",
            Key::Volume => "volume",
            Key::Diameter => "diameter",
            Key::Capacitance => "C_m",
            Key::Start => "start",
            Key::V0 => "V0",
            Key::Injected => "I_inj",
            Key::Duration => "duration",
            Key::Gbar(Na) => "g_Na",
            Key::Gbar(K) => "g_K",
            // Only Na⁺ and K⁺ have channels; ALL never holds the others.
            Key::Gbar(Cl) => "g_Cl",
            Key::Gbar(Ca) => "g_Ca",
            Key::SynExc => "P_exc",
            Key::SynInh => "P_inh",
            Key::Kcc2 => "g_KCC2",
            Key::Nkcc1 => "g_NKCC1",
        }
    }

    /// The key with this name (`None` for an unknown name).
    pub fn parse(name: &str) -> Option<Key> {
        Key::ALL.into_iter().find(|k| k.name() == name)
    }

    /// The key with this name, or [`ModelError::UnknownKey`] listing every key.
    pub fn parse_or_err(name: &str) -> Result<Key, ModelError> {
        Key::parse(name).ok_or_else(|| ModelError::UnknownKey {
            key: name.to_string(),
            known: Key::names().map(String::from).collect(),
        })
    }

    /// Every key's name, in order.
    pub fn names() -> impl Iterator<Item = &'static str> {
        Key::ALL.into_iter().map(Key::name)
    }

    /// What the key sets, in words, with its unit (`outside K⁺, mM`).
    pub fn description(self) -> &'static str {
        match self {
            Key::Inside(Na) => "inside Na⁺, mM",
            Key::Inside(K) => "inside K⁺, mM",
            Key::Inside(Cl) => "inside Cl⁻, mM",
            Key::Inside(Ca) => "inside Ca²⁺, mM",
            Key::Outside(Na) => "outside Na⁺, mM",
            Key::Outside(K) => "outside K⁺, mM",
            Key::Outside(Cl) => "outside Cl⁻, mM",
            Key::Outside(Ca) => "outside Ca²⁺, mM",
            Key::Perm(Na) => "Na⁺ permeability, cm/s",
            Key::Perm(K) => "K⁺ permeability, cm/s",
            Key::Perm(Cl) => "Cl⁻ permeability, cm/s",
            Key::Perm(Ca) => "Ca²⁺ permeability, cm/s",
            Key::PermRel(Na) => "Na⁺ permeability relative to P_K",
            Key::PermRel(K) => "K⁺ permeability relative to itself (not a key)",
            Key::PermRel(Cl) => "Cl⁻ permeability relative to P_K",
            Key::PermRel(Ca) => "Ca²⁺ permeability relative to P_K",
            Key::Temperature => "temperature, °C",
            Key::ImpermeantValence => "mean valence of the impermeant anions",
            Key::Pump => "pump on (1) or off (0)",
            Key::Ouabain => "fraction of pumps blocked, 0–1",
            Key::PumpMax => "maximal pump current, µA/cm²",
            Key::PumpKNa => "pump half-saturation for inside Na⁺, mM",
            Key::PumpKK => "pump half-saturation for outside K⁺, mM",
            Key::Ischaemia => {
                "ischaemia: time constant of the pump's capacity falling as ATP runs out, from when it is set, s (720 for heart muscle, Taegtmeyer et al. 1985; 0: none)"
            }
            Key::Volume => "rigid or swelling",
            Key::Diameter => "cell diameter, µm",
            Key::Capacitance => "specific capacitance, µF/cm²",
            Key::Start => "steady or given",
            Key::V0 => "starting voltage when start=given, mV",
            Key::Injected => "injected current, µA/cm² (positive depolarises)",
            Key::Duration => "run length, s",
            Key::Gbar(Na) => {
                "peak Na⁺ conductance of the voltage-gated channels (Hodgkin–Huxley's on a cell without), S/cm² (0.12 in the squid axon, 0.056 in neuron-rs; HH's with g_K 0: none)"
            }
            Key::Gbar(K) => {
                "peak K⁺ conductance of the voltage-gated channels (Hodgkin–Huxley's on a cell without), S/cm² (0.036 in the squid axon, 0.006 in neuron-rs; HH's with g_Na 0: none)"
            }
            Key::Gbar(_) => "no voltage-gated channels for this ion (not a key)",
            Key::SynExc => {
                "tonic permeability of the excitatory (AMPA-like) synapse to Na⁺ and to K⁺ each, cm/s (reverses near 0 mV; 0: none)"
            }
            Key::SynInh => {
                "tonic Cl⁻ permeability of the inhibitory (GABA_A-like) synapse, cm/s (reverses at E_Cl; 0: none)"
            }
            Key::Kcc2 => {
                "capacity of the K⁺–Cl⁻ cotransporter KCC2, S/cm², driving Cl⁻ out while E_Cl > E_K (2e-5 in Düsterwald et al. 2018; 0: none)"
            }
            Key::Nkcc1 => {
                "capacity of the Na⁺–K⁺–2Cl⁻ cotransporter NKCC1, S/cm², bringing Cl⁻ in while 2E_Cl < E_Na + E_K (0: none)"
            }
        }
    }

    /// The unit of the key's value (empty for a pure number or a word).
    pub fn unit(self) -> &'static str {
        match self {
            Key::Inside(_) | Key::Outside(_) | Key::PumpKNa | Key::PumpKK => "mM",
            Key::Perm(_) | Key::SynExc | Key::SynInh => "cm/s",
            Key::Temperature => "°C",
            Key::PumpMax | Key::Injected => "µA/cm²",
            Key::Diameter => "µm",
            Key::Capacitance => "µF/cm²",
            Key::V0 => "mV",
            Key::Duration | Key::Ischaemia => "s",
            Key::Gbar(_) | Key::Kcc2 | Key::Nkcc1 => "S/cm²",
            Key::PermRel(_)
            | Key::ImpermeantValence
            | Key::Pump
            | Key::Ouabain
            | Key::Volume
            | Key::Start => "",
        }
    }

    /// The values the key accepts (for a word key, its codes). A relative
    /// permeability is also bounded by P_K: ratio × P_K ≤ [`PERM_MAX`].
    pub fn range(self) -> Range {
        match self {
            Key::Inside(Ca) | Key::Outside(Ca) => Range::closed(CONC_MIN, 100.0),
            Key::Inside(_) | Key::Outside(_) => Range::closed(CONC_MIN, CONC_MAX),
            Key::Perm(_) | Key::SynExc | Key::SynInh => Range::closed(0.0, PERM_MAX),
            Key::PermRel(_) => Range::closed(0.0, f64::INFINITY),
            Key::Temperature => Range::closed(0.0, 50.0),
            Key::ImpermeantValence => Range::closed(-5.0, -0.1),
            Key::Pump | Key::Ouabain | Key::Volume | Key::Start => Range::closed(0.0, 1.0),
            Key::PumpMax => Range::closed(0.0, 100.0),
            Key::PumpKNa | Key::PumpKK => Range::closed(HALF_SAT_MIN, CONC_MAX),
            Key::Diameter => Range::closed(1.0, 2000.0),
            Key::Capacitance => Range::closed(0.1, 10.0),
            Key::V0 => Range::closed(-200.0, 200.0),
            Key::Injected => Range::closed(-100.0, 100.0),
            Key::Duration => Range::above(0.0, 1e6),
            Key::Ischaemia => Range::closed(0.0, ISCHAEMIA_TAU_MAX_S),
            Key::Gbar(_) => Range::closed(0.0, G_MAX_S_CM2),
            Key::Kcc2 | Key::Nkcc1 => Range::closed(0.0, COTRANSPORT_MAX_S_CM2),
        }
    }

    /// The words of a word key, indexed by code (`None` for a number key).
    /// `pump` is coded 1 = on, 0 = off and accepts [`BOOL_WORDS`].
    pub fn words(self) -> Option<&'static [&'static str]> {
        match self {
            Key::Pump => Some(&BOOL_WORDS),
            Key::Volume => Some(&VOLUME_WORDS),
            Key::Start => Some(&START_WORDS),
            _ => None,
        }
    }

    /// Read a value written as text: a number, or for a word key one of its
    /// words ([`ModelError::BadChoice`] otherwise). The range is checked by
    /// [`Key::set`], not here.
    pub fn parse_value(self, text: &str) -> Result<f64, ModelError> {
        let t = text.trim();
        let bad_choice = |allowed| ModelError::BadChoice {
            key: self.name().to_string(),
            text: text.to_string(),
            allowed,
        };
        match self {
            Key::Pump => match t.to_ascii_lowercase().as_str() {
                "1" | "on" | "true" | "yes" => Ok(1.0),
                "0" | "off" | "false" | "no" => Ok(0.0),
                _ => Err(bad_choice(&BOOL_WORDS)),
            },
            Key::Volume | Key::Start => {
                let words = self.words().unwrap_or(&[]);
                words
                    .iter()
                    .position(|w| *w == t)
                    .map(|i| i as f64)
                    .ok_or_else(|| bad_choice(words))
            }
            _ => crate::decimal::parse_f64(t).ok_or_else(|| ModelError::NotANumber {
                key: self.name().to_string(),
                text: text.to_string(),
            }),
        }
    }

    /// A value as text that [`Key::parse_value`] reads back exactly: the
    /// shortest round-trip number, `1`/`0` for `pump`, the word for
    /// `volume` and `start`.
    pub fn format_value(self, v: f64) -> String {
        match self {
            Key::Pump => if v != 0.0 { "1" } else { "0" }.to_string(),
            Key::Volume | Key::Start => {
                let words = self.words().unwrap_or(&[]);
                let i = if v >= 0.5 { 1 } else { 0 };
                words
                    .get(i)
                    .map_or_else(|| Plain(v).to_string(), |w| w.to_string())
            }
            _ => Plain(v).to_string(),
        }
    }

    /// The allowed values in words, for `rpl keys`: `0 < x ≤ 1000 mM`, `rigid | swelling`.
    pub fn allowed_text(self) -> String {
        if let Some(words) = self.words() {
            return match self {
                Key::Pump => "1 | 0 (also on/off, true/false, yes/no)".into(),
                _ => crate::strings::join(words, " | "),
            };
        }
        let r = self.range();
        let lo = crate::error::short_number(r.lo);
        let op = if r.lo_open { "<" } else { "≤" };
        let unit = if self.unit().is_empty() {
            String::new()
        } else {
            format!(" {}", self.unit())
        };
        let mut text = if r.hi.is_finite() {
            format!("{lo} {op} x ≤ {}{unit}", crate::error::short_number(r.hi))
        } else {
            format!("x ≥ {lo}{unit}")
        };
        if let Key::PermRel(_) = self {
            text.push_str(", and x · P_K ≤ 0.001 cm/s");
        }
        text
    }
}

impl std::fmt::Display for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}
