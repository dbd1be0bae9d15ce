//! Validation cases with published or independently computed values: one
//! file format (`tests/reference/ghk_nernst_cases.json`), one [`Case`] type,
//! read by `rpl reference` and by the native tests alike.
//!
//! Each case is a Nernst potential, a GHK voltage of the leaks, or a
//! Mullins–Noda pump-leak potential, with its expected value, tolerance and
//! source. The `kind` field says which (a serde-tagged enum).

use std::collections::HashMap;

use serde::Deserialize;

use crate::electro::{ghk_voltage_mv, mullins_noda_mv, nernst_mv};
use crate::{Ion, IonMap, ModelError};

/// A file of cases.
#[derive(Debug, Clone, Deserialize)]
pub struct CaseFile {
    /// What the cases are and how the expected values were computed.
    pub about: String,
    /// The cases.
    pub cases: Vec<Case>,
}

/// One validation case.
#[derive(Debug, Clone, Deserialize)]
pub struct Case {
    /// A short unique name.
    pub name: String,
    /// Temperature, °C.
    pub temp_c: f64,
    /// The reference value, mV.
    pub expect_mv: f64,
    /// Absolute tolerance, mV.
    pub tol_mv: f64,
    /// Where the expected value comes from.
    #[serde(default)]
    pub source: String,
    /// What is computed.
    #[serde(flatten)]
    pub kind: CaseKind,
}

/// What a case computes.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum CaseKind {
    /// The Nernst potential of one ion.
    Nernst {
        /// The ion, for the reader (the valence is what counts).
        #[serde(default)]
        ion: Option<Ion>,
        /// Its valence.
        valence: i32,
        /// Inside concentration, mM.
        inside: f64,
        /// Outside concentration, mM.
        outside: f64,
    },
    /// The GHK voltage of the leaks.
    Ghk {
        /// (inside, outside) concentration of each ion given, mM (others 1 mM).
        conc: HashMap<Ion, [f64; 2]>,
        /// Permeability of each ion given, relative to P_K (others 0).
        perm: HashMap<Ion, f64>,
    },
    /// The Mullins–Noda potential: K⁺ and Na⁺ leaks balanced by a pump that
    /// moves `pump_ratio` Na⁺ out per K⁺ in.
    GhkPump {
        /// (inside, outside) concentration of each ion given, mM.
        conc: HashMap<Ion, [f64; 2]>,
        /// Permeability of each ion given, relative to P_K.
        perm: HashMap<Ion, f64>,
        /// Na⁺ out per K⁺ in (3/2 for the Na⁺/K⁺ pump).
        pump_ratio: f64,
    },
}

/// Inside concentrations, outside concentrations and permeabilities of a case.
pub type Solutions = (IonMap<f64>, IonMap<f64>, IonMap<f64>);

/// The maps of a GHK case: given ions as written, others 1 mM and impermeant.
fn solutions(conc: &HashMap<Ion, [f64; 2]>, perm: &HashMap<Ion, f64>) -> Solutions {
    let ci = IonMap::from_fn(|i| conc.get(&i).map_or(1.0, |c| c[0]));
    let co = IonMap::from_fn(|i| conc.get(&i).map_or(1.0, |c| c[1]));
    let p = IonMap::from_fn(|i| perm.get(&i).copied().unwrap_or(0.0));
    (ci, co, p)
}

impl Case {
    /// Absolute temperature, K.
    pub fn temperature_k(&self) -> f64 {
        self.temp_c + 273.15
    }

    /// The concentrations and permeabilities of a GHK or pump case.
    pub fn solutions(&self) -> Option<Solutions> {
        match &self.kind {
            CaseKind::Nernst { .. } => None,
            CaseKind::Ghk { conc, perm } | CaseKind::GhkPump { conc, perm, .. } => {
                Some(solutions(conc, perm))
            }
        }
    }

    /// What the model gives for this case, mV.
    pub fn model_mv(&self) -> Result<f64, ModelError> {
        let t = self.temperature_k();
        Ok(match &self.kind {
            CaseKind::Nernst {
                valence,
                inside,
                outside,
                ..
            } => nernst_mv(*valence, *inside, *outside, t),
            CaseKind::Ghk { conc, perm } => {
                let (ci, co, p) = solutions(conc, perm);
                ghk_voltage_mv(&p, &ci, &co, t).ok_or(ModelError::NoPermeantIon)?
            }
            CaseKind::GhkPump {
                conc,
                perm,
                pump_ratio,
            } => {
                let (ci, co, p) = solutions(conc, perm);
                mullins_noda_mv(*pump_ratio, p.k, p.na, (ci.k, co.k), (ci.na, co.na), t)
            }
        })
    }

    /// Whether `got_mv` is within the case's tolerance of its reference value.
    pub fn accepts(&self, got_mv: f64) -> bool {
        (got_mv - self.expect_mv).abs() <= self.tol_mv
    }
}

/// Read a file of cases.
pub fn read(text: &str) -> Result<CaseFile, ModelError> {
    serde_json::from_str(text).map_err(|e| ModelError::Malformed {
        message: format!("reference file: {e}"),
    })
}
