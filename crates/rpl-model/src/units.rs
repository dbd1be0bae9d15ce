//! Units in types, where a bare number would be ambiguous at a call.
//!
//! The simulation's calls that take a quantity take it typed: model time as
//! [`Seconds`] (`advance`, `run`) and a held voltage as [`Millivolts`]
//! (`clamp`, `iv_curve`), so a voltage cannot be passed where a duration is
//! expected. The fields of [`crate::Scenario`] and [`crate::Readouts`] are plain
//! `f64`s whose names carry their units (`outside_mm`, `v_mv`,
//! `pump_current_ua_cm2`, `temperature_c`), because they are read and written
//! as data (JSON, CSV, share links) far more than passed between functions.
//! Inside the integrator the state is a plain `f64` vector in fixed units (mV,
//! mM of the starting volume, relative volume) documented in [`crate::system`].

use serde::{Deserialize, Serialize};

macro_rules! unit {
    ($(#[$m:meta])* $name:ident, $sym:literal) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Default, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub f64);

        impl $name {
            /// The unit's symbol, for labels.
            pub const SYMBOL: &'static str = $sym;
            /// The bare number in this unit.
            pub fn value(self) -> f64 {
                self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                if let Some(p) = f.precision() {
                    write!(f, "{:.*} {}", p, self.0, $sym)
                } else {
                    write!(f, "{} {}", self.0, $sym)
                }
            }
        }
    };
}

unit!(
    /// Membrane voltage, inside minus outside.
    Millivolts, "mV");
unit!(
    /// Model time.
    Seconds, "s");

impl Millivolts {
    /// In volts.
    pub fn volts(self) -> f64 {
        self.0 * 1e-3
    }
}
