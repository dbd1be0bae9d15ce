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
                    write!(f, "{} {}", $crate::decimal::Fixed(self.0, p), $sym)
                } else {
                    write!(f, "{} {}", $crate::decimal::Plain(self.0), $sym)
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

/// `x.clamp(lo, hi)` for `lo ≤ hi`: the same result (NaN stays NaN), but
/// without `f64::clamp`'s check of the bounds, whose panic message formats
/// them with `{:?}` and so brings core's float formatting into the page
/// (`clippy.toml` disallows `f64::clamp`). Bounds out of order give one of
/// the bounds rather than a panic.
#[inline]
pub fn clamp(x: f64, lo: f64, hi: f64) -> f64 {
    if x < lo {
        lo
    } else if x > hi {
        hi
    } else {
        x
    }
}

#[cfg(test)]
mod tests {
    use super::clamp;

    /// The same result as `f64::clamp` wherever that does not panic,
    /// NaN and signed zeros included, and no panic where it would.
    #[test]
    #[allow(clippy::disallowed_methods)]
    fn clamp_is_f64_clamp_without_the_panic() {
        let values = [
            f64::NEG_INFINITY,
            -1e300,
            -3.5,
            -0.0,
            0.0,
            1e-300,
            2.0,
            7.25,
            f64::INFINITY,
            f64::NAN,
        ];
        for &lo in &values[..9] {
            for &hi in &values[..9] {
                for &x in &values {
                    let got = clamp(x, lo, hi);
                    if lo <= hi {
                        let want = x.clamp(lo, hi);
                        assert!(
                            got.to_bits() == want.to_bits() || got == want,
                            "clamp({x}, {lo}, {hi}) = {got}, f64::clamp gives {want}"
                        );
                    } else {
                        assert!(got == lo || got == hi || got.is_nan(), "{x} {lo} {hi}");
                    }
                }
            }
        }
    }
}
