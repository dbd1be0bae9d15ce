//! Units in types.
//!
//! Every quantity that crosses the public API carries its unit in its type, so a
//! concentration cannot be passed where a voltage is expected. Inside the
//! integrator the state is a plain `f64` vector in fixed units (mV, mM of the
//! starting volume, relative volume) documented in [`crate::system`].

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
    /// Concentration, mmol per litre (= mol/m³).
    Millimolar, "mM");
unit!(
    /// Absolute temperature.
    Kelvin, "K");
unit!(
    /// Temperature in degrees Celsius.
    Celsius, "°C");
unit!(
    /// Model time.
    Seconds, "s");
unit!(
    /// Membrane permeability.
    CmPerSecond, "cm/s");
unit!(
    /// Current density, outward positive.
    MicroampsPerCm2, "µA/cm²");

impl Celsius {
    /// Convert to kelvin (T = t + 273.15).
    pub fn to_kelvin(self) -> Kelvin {
        Kelvin(self.0 + 273.15)
    }
}

impl Millivolts {
    /// In volts.
    pub fn volts(self) -> f64 {
        self.0 * 1e-3
    }
}
