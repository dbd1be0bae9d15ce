//! # rpl-model — the science of Resting Potential Lab
//!
//! A single well-mixed cell in a bath of fixed composition, with K⁺, Na⁺, Cl⁻
//! and Ca²⁺ leaks (Goldman–Hodgkin–Katz currents), the Na⁺/K⁺ pump (3 Na⁺ out,
//! 2 K⁺ in, one ATP, one net charge per cycle), impermeant anions inside, a
//! membrane capacitor, and optionally osmotic water flow.
//!
//! * [`electro`]: Nernst, GHK current and voltage, Mullins–Noda, the resting potential as a root.
//! * [`pump`]: the pump's rate law.
//! * [`system`]: the pump-leak ODEs; [`integrator`]: the stiff adaptive solver.
//! * [`simulation`]: a running cell — commands, readouts, steady state, voltage clamp;
//!   optional synapses and Cl⁻ cotransporters (KCC2, NKCC1).
//! * [`scenario`]: the one scenario format and the presets; [`key`]: the one table of
//!   readable keys (name, unit, range, get, set); [`export`]: CSV and share-URL text.
//! * [`gating`]: voltage-gated channels of Hodgkin–Huxley type: HH's squid kinetics and
//!   Traub & Miles's (cortical neuron), a point membrane checked against NEURON running
//!   `hh` and the published `HH_traub.mod`, and the channels the cell carries when its
//!   scenario has them.
//! * [`sweep`]: V against one parameter — Nernst, GHK and steady-state curves, V after ouabain.
//! * [`reference`](mod@reference): the validation cases' file format, shared by `rpl reference` and the tests.
//! * [`decimal`]: decimal text to `f64` ([`parse_f64`]), as `str::parse` reads it, for the page.
//!
//! This crate has no web dependency; it builds natively and for `wasm32-unknown-unknown`.

pub mod constants;
pub mod decimal;
pub mod electro;
pub mod error;
pub mod export;
pub mod gating;
pub mod integrator;
pub mod ion;
mod json;
pub mod key;
pub mod order;
pub mod pump;
pub mod reference;
pub mod scenario;
pub mod simulation;
pub mod strings;
pub mod sweep;
pub mod system;
pub mod units;

pub use decimal::parse_f64;
pub use error::ModelError;
pub use ion::{Ion, IonMap};
pub use key::Key;
pub use scenario::{Scenario, Start, VolumeMode, PRESET_NAMES};
pub use simulation::{
    CellSpike, ClampPoint, Command, Conservation, CotransportReadouts, Excitability, GatedReadouts,
    Readouts, Sample, Simulation, SpikeLog, StimulusSpec, SynapseKind, SynapseSpec,
    SynapticReadouts, Threshold,
};
pub use units::{Millivolts, Seconds};
