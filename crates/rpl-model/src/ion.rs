//! The permeant ions and a small fixed-size map keyed by ion.

use serde::{Deserialize, Serialize};

/// A permeant ion species.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Ion {
    /// Sodium, Na⁺.
    Na,
    /// Potassium, K⁺.
    K,
    /// Chloride, Cl⁻.
    Cl,
    /// Calcium, Ca²⁺.
    Ca,
}

impl Ion {
    /// All ions, in the order used by [`IonMap`] and the state vector.
    pub const ALL: [Ion; 4] = [Ion::Na, Ion::K, Ion::Cl, Ion::Ca];

    /// Valence z.
    pub fn valence(self) -> i32 {
        match self {
            Ion::Na | Ion::K => 1,
            Ion::Cl => -1,
            Ion::Ca => 2,
        }
    }

    /// Index into [`IonMap`].
    pub fn index(self) -> usize {
        match self {
            Ion::Na => 0,
            Ion::K => 1,
            Ion::Cl => 2,
            Ion::Ca => 3,
        }
    }

    /// Short ASCII name, as used in scenario keys ("Na", "K", "Cl", "Ca").
    pub fn name(self) -> &'static str {
        match self {
            Ion::Na => "Na",
            Ion::K => "K",
            Ion::Cl => "Cl",
            Ion::Ca => "Ca",
        }
    }

    /// Symbol with charge, e.g. "Na⁺".
    pub fn symbol(self) -> &'static str {
        match self {
            Ion::Na => "Na⁺",
            Ion::K => "K⁺",
            Ion::Cl => "Cl⁻",
            Ion::Ca => "Ca²⁺",
        }
    }

    /// Parse "Na", "K", "Cl" or "Ca" (case-insensitive).
    pub fn parse(s: &str) -> Option<Ion> {
        Ion::ALL
            .into_iter()
            .find(|i| i.name().eq_ignore_ascii_case(s))
    }
}

impl std::fmt::Display for Ion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.symbol())
    }
}

/// One value per ion. Serialises as `{"Na": .., "K": .., "Cl": .., "Ca": ..}`.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IonMap<T> {
    /// Sodium.
    #[serde(rename = "Na")]
    pub na: T,
    /// Potassium.
    #[serde(rename = "K")]
    pub k: T,
    /// Chloride.
    #[serde(rename = "Cl")]
    pub cl: T,
    /// Calcium.
    #[serde(rename = "Ca")]
    pub ca: T,
}

impl<T: Copy> IonMap<T> {
    /// Build from a function of the ion.
    pub fn from_fn(mut f: impl FnMut(Ion) -> T) -> Self {
        IonMap {
            na: f(Ion::Na),
            k: f(Ion::K),
            cl: f(Ion::Cl),
            ca: f(Ion::Ca),
        }
    }

    /// The value for one ion.
    pub fn get(&self, ion: Ion) -> T {
        match ion {
            Ion::Na => self.na,
            Ion::K => self.k,
            Ion::Cl => self.cl,
            Ion::Ca => self.ca,
        }
    }

    /// Mutable access to one ion's value.
    pub fn get_mut(&mut self, ion: Ion) -> &mut T {
        match ion {
            Ion::Na => &mut self.na,
            Ion::K => &mut self.k,
            Ion::Cl => &mut self.cl,
            Ion::Ca => &mut self.ca,
        }
    }

    /// Map every value.
    pub fn map<U: Copy>(&self, mut f: impl FnMut(Ion, T) -> U) -> IonMap<U> {
        IonMap::from_fn(|i| f(i, self.get(i)))
    }

    /// (ion, value) pairs in [`Ion::ALL`] order.
    pub fn iter(&self) -> impl Iterator<Item = (Ion, T)> + '_ {
        Ion::ALL.into_iter().map(move |i| (i, self.get(i)))
    }
}
