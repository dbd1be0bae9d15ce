//! Errors a reader can act on: each names the key, the value and what is allowed.
//!
//! A [`ModelError`] holds facts, not sentences: the key, the value given, the
//! allowed [`Range`] and unit, the allowed words. `Display` words them in
//! English; `rpl_lessons::errors` words the same fields in Chinese, so neither
//! language is made by reading the other. Numbers in messages are written by
//! [`short_number`] (`1e308`, `2000`, `5e-7`).

use crate::decimal::{Exp, Plain};
use std::fmt;

/// An allowed interval of numbers: `[lo, hi]`, or `(lo, hi]` when `lo_open`.
/// `hi` may be infinite (no upper bound); the value must always be finite.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Range {
    /// Lower bound.
    pub lo: f64,
    /// Whether the lower bound itself is excluded.
    pub lo_open: bool,
    /// Upper bound (included); `f64::INFINITY` for none.
    pub hi: f64,
}

impl Range {
    /// `[lo, hi]`.
    pub const fn closed(lo: f64, hi: f64) -> Range {
        Range {
            lo,
            lo_open: false,
            hi,
        }
    }

    /// `(lo, hi]`.
    pub const fn above(lo: f64, hi: f64) -> Range {
        Range {
            lo,
            lo_open: true,
            hi,
        }
    }

    /// Whether `v` is finite and inside.
    pub fn contains(&self, v: f64) -> bool {
        v.is_finite()
            && (if self.lo_open {
                v > self.lo
            } else {
                v >= self.lo
            })
            && v <= self.hi
    }

    /// `Ok(v)` when inside, else [`ModelError::OutOfRange`] naming `key`.
    pub fn check(&self, key: &str, v: f64, unit: &'static str) -> Result<f64, ModelError> {
        if self.contains(v) {
            Ok(v)
        } else {
            Err(ModelError::OutOfRange {
                key: key.to_string(),
                value: v,
                range: *self,
                unit,
            })
        }
    }
}

impl fmt::Display for Range {
    /// "a finite number greater than 0 and at most 1000" (the unit is added by the caller).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let lo_word = if self.lo_open {
            "greater than"
        } else {
            "at least"
        };
        write!(f, "a finite number {lo_word} {}", short_number(self.lo))?;
        if self.hi.is_finite() {
            write!(f, " and at most {}", short_number(self.hi))?;
        }
        Ok(())
    }
}

/// Which numerical method failed to converge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Solver {
    /// The stiff time integrator.
    Integrator,
    /// The steady-state (Newton) solver.
    SteadyState,
    /// A lesson question's measurement.
    LessonQuestion,
}

impl fmt::Display for Solver {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Solver::Integrator => "integrator",
            Solver::SteadyState => "steady-state solver",
            Solver::LessonQuestion => "lesson question",
        })
    }
}

/// Everything that can go wrong in the model, as facts a message is made from.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ModelError {
    /// A number outside its allowed range (or not finite: a number too large
    /// for a double, or NaN, is worded without writing it as `inf` or `NaN`).
    #[error("{}", out_of_range(.key, *.value, .range, .unit))]
    OutOfRange {
        /// Which key (e.g. `K_o`, `T`, a lesson's prediction field).
        key: String,
        /// The value given.
        value: f64,
        /// What is allowed.
        range: Range,
        /// The unit of the range (empty for a pure number).
        unit: &'static str,
    },
    /// A number that must be whole and is not (a count of pulses, 2.5).
    #[error("{key} = {} is not allowed: it must be a whole number from {} to {}", short_number(*.value), short_number(*.lo), short_number(*.hi))]
    NotWhole {
        /// Which key.
        key: String,
        /// The value given.
        value: f64,
        /// The smallest allowed.
        lo: f64,
        /// The largest allowed.
        hi: f64,
    },
    /// A value that is not a number at all (or nothing at all).
    #[error("{}", not_a_number(.key, .text))]
    NotANumber {
        /// Which key.
        key: String,
        /// The text given.
        text: String,
    },
    /// A word that is not one of the allowed words (e.g. `volume=squishy`).
    #[error("{key} = \"{text}\" is not allowed: it must be {}", or_list(.allowed))]
    BadChoice {
        /// Which key.
        key: String,
        /// The text given.
        text: String,
        /// The words accepted.
        allowed: &'static [&'static str],
    },
    /// A lesson answer that is not one of the question's numbered choices.
    #[error("{key} = \"{text}\" is not one of the choices: choose 1 to {count} or A to {}", choice_letter(*.count))]
    NotAChoice {
        /// The question's field.
        key: String,
        /// What was given.
        text: String,
        /// How many choices there are.
        count: usize,
    },
    /// A choice given to a question that wants a number.
    #[error("{key} = choice {choice} is not allowed: this question wants a number in {unit}")]
    WantsNumber {
        /// The question's field.
        key: String,
        /// The choice given, counted from 1.
        choice: usize,
        /// The unit of the number wanted.
        unit: &'static str,
    },
    /// An unknown key in a URL, command-line override or scenario file.
    #[error("unknown key \"{key}\"; known keys are: {}", crate::strings::join(.known, ", "))]
    UnknownKey {
        /// The key given.
        key: String,
        /// The keys that exist there.
        known: Vec<String>,
    },
    /// An unknown preset name.
    #[error("unknown preset \"{name}\"; presets are: {}", crate::strings::join(.known, ", "))]
    UnknownPreset {
        /// The name given.
        name: String,
        /// The presets that exist.
        known: &'static [&'static str],
    },
    /// A permeability set relative to a base permeability that is zero.
    #[error("{key} cannot be set while {base} is 0: set {base} above 0 cm/s first")]
    RelativeToZero {
        /// The relative key (e.g. `P_Na_rel`).
        key: String,
        /// The base key (`P_K`).
        base: &'static str,
    },
    /// A share link's change without a time (`K_o:10` instead of `K_o:10@600`).
    #[error("then: \"{item}\" needs a time, as in K_o:10@600 or steady@600")]
    ChangeWithoutTime {
        /// The item as given.
        item: String,
    },
    /// A share link's change without a value (`K_o@600`).
    #[error("then: \"{item}\" needs a value, as in {key}:10@600")]
    ChangeWithoutValue {
        /// The item as given.
        item: String,
        /// Its key.
        key: String,
    },
    /// A share link with more changes than it may hold.
    #[error("then: more than {max} changes; the rest were skipped")]
    TooManyChanges {
        /// The most a link may list.
        max: usize,
    },
    /// A share link's change later than the link's end time.
    #[error("then: {key} at {} s is not allowed: it must be a time no later than t = {} s", short_number(*.t_s), short_number(*.end_s))]
    ChangeAfterEnd {
        /// The change's key.
        key: String,
        /// Its time, s.
        t_s: f64,
        /// The link's time, s.
        end_s: f64,
    },
    /// A scenario file that does not parse.
    #[error("malformed scenario: {message}")]
    Malformed {
        /// What the parser said, with line and column.
        message: String,
    },
    /// The inside concentrations leave no room for the impermeant anions.
    #[error(
        "the inside concentrations carry a net charge of {} mM; \
         there must be more cations than anions inside (Na + K + 2 Ca > Cl) \
         so that impermeant anions can balance them",
        short_number(*.permeant_charge_mm)
    )]
    NoImpermeantAnions {
        /// Net charge of the permeant ions inside, mM of elementary charge.
        permeant_charge_mm: f64,
    },
    /// Every permeability is zero and nothing carries current.
    #[error("every permeability is zero: at least one ion must be able to cross the membrane")]
    NoPermeantIon,
    /// No steady state with the injected current: the leaks and the pump cannot
    /// carry it with every amount constant (or no voltage balances it at all).
    #[error(
        "no steady state was found with I_inj = {} µA/cm²: the leaks and the pump cannot carry \
         that current with every amount inside constant; use a smaller |I_inj|, or start = given \
         to watch the cell change",
        short_number(*.injected_ua_cm2)
    )]
    NoSteadyState {
        /// The injected current, µA/cm² (positive = into the cell).
        injected_ua_cm2: f64,
    },
    /// The integrator needed more steps than one call may take: the
    /// parameters make the equations too stiff to follow (bounded work, so a
    /// pathological scenario stops instead of running for minutes).
    #[error(
        "the model cannot follow these parameters: more than {steps} integration steps \
         for {} s of model time from t = {} s; the cell is left as it was",
        short_number(*.span_s),
        short_number(*.t_s)
    )]
    TooMuchWork {
        /// Model time where the call started, s.
        t_s: f64,
        /// Model time asked for, s.
        span_s: f64,
        /// The step budget.
        steps: usize,
    },
    /// A numerical method did not converge (should not happen for valid input).
    #[error("the {what} did not converge: {detail}")]
    NoConvergence {
        /// Which solver.
        what: Solver,
        /// Details (technical, English).
        detail: String,
    },
}

/// The most characters of a reader's own text a message quotes.
pub const QUOTE_MAX: usize = 80;

/// `text` cut to [`QUOTE_MAX`] characters, with "…" when cut, so a 100 KB link
/// value makes a one-line message.
pub fn clip(text: &str) -> String {
    if text.chars().count() <= QUOTE_MAX {
        text.to_string()
    } else {
        let mut out: String = text.chars().take(QUOTE_MAX).collect();
        out.push('…');
        out
    }
}

impl ModelError {
    /// The same error with every piece of the reader's own text (a key, a
    /// value, a change, a name) cut to [`QUOTE_MAX`] characters; what is shown
    /// to a reader is worded from this.
    pub fn clipped(&self) -> ModelError {
        let mut e = self.clone();
        match &mut e {
            ModelError::OutOfRange { key, .. }
            | ModelError::NotWhole { key, .. }
            | ModelError::WantsNumber { key, .. }
            | ModelError::RelativeToZero { key, .. }
            | ModelError::ChangeAfterEnd { key, .. } => *key = clip(key),
            ModelError::NotANumber { key, text }
            | ModelError::BadChoice { key, text, .. }
            | ModelError::NotAChoice { key, text, .. } => {
                *key = clip(key);
                *text = clip(text);
            }
            ModelError::UnknownKey { key, .. } => *key = clip(key),
            ModelError::UnknownPreset { name, .. } => *name = clip(name),
            ModelError::ChangeWithoutTime { item } => *item = clip(item),
            ModelError::ChangeWithoutValue { item, key } => {
                *item = clip(item);
                *key = clip(key);
            }
            _ => {}
        }
        e
    }

    /// The key this error is about, when there is one.
    pub fn field(&self) -> Option<&str> {
        match self {
            ModelError::OutOfRange { key, .. }
            | ModelError::NotWhole { key, .. }
            | ModelError::NotANumber { key, .. }
            | ModelError::BadChoice { key, .. }
            | ModelError::NotAChoice { key, .. }
            | ModelError::WantsNumber { key, .. }
            | ModelError::UnknownKey { key, .. }
            | ModelError::RelativeToZero { key, .. } => Some(key),
            ModelError::ChangeAfterEnd { .. }
            | ModelError::ChangeWithoutTime { .. }
            | ModelError::ChangeWithoutValue { .. }
            | ModelError::TooManyChanges { .. } => Some("then"),
            _ => None,
        }
    }

    /// The same error about another key (for errors found under an internal
    /// name and reported against the key the reader gave).
    pub fn with_key(self, new_key: &str) -> ModelError {
        match self {
            ModelError::OutOfRange {
                value, range, unit, ..
            } => ModelError::OutOfRange {
                key: new_key.to_string(),
                value,
                range,
                unit,
            },
            other => other,
        }
    }
}

/// The words of [`ModelError::OutOfRange`]: the value as a number when it
/// is finite, else what it is ("too large", "too far below zero", "not a
/// number"): a reader typed `1e999` or `nan`, not `inf` or `NaN`.
fn out_of_range(key: &str, value: f64, range: &Range, unit: &str) -> String {
    let allowed = format!("it must be {range}{}", unit_suffix(unit));
    if value.is_nan() {
        format!("{key}: the value given is not a number: {allowed}")
    } else if value == f64::INFINITY {
        format!("{key}: the number given is too large: {allowed}")
    } else if value == f64::NEG_INFINITY {
        format!("{key}: the number given is too far below zero: {allowed}")
    } else {
        format!("{key} = {} is not allowed: {allowed}", short_number(value))
    }
}

/// The words of [`ModelError::NotANumber`] (an empty value says so).
fn not_a_number(key: &str, text: &str) -> String {
    if text.trim().is_empty() {
        format!("{key} is empty: it must be a number")
    } else {
        format!("{key} = \"{text}\" is not a number")
    }
}

/// " mM" for a unit, nothing for none.
fn unit_suffix(unit: &str) -> String {
    if unit.is_empty() {
        String::new()
    } else {
        format!(" {unit}")
    }
}

/// "a", "a or b", "a, b or c".
fn or_list(words: &[&str]) -> String {
    match words {
        [] => String::new(),
        [one] => (*one).to_string(),
        [rest @ .., last] => format!("{} or {last}", crate::strings::join(rest, ", ")),
    }
}

/// The letter of the last of `count` choices (A for 1, capped at Z).
pub fn choice_letter(count: usize) -> char {
    let i = count.saturating_sub(1).min(25) as u8;
    (b'A' + i) as char
}

/// A number for a message: at most six significant digits, without trailing
/// zeros, in plain form from 0.0001 to below 10⁷ and as `1.5e-8` or `1e308`
/// outside it; ASCII minus. `NaN`, `inf` and `-inf` are written as such.
pub fn short_number(v: f64) -> String {
    if v.is_nan() {
        return "NaN".into();
    }
    if v.is_infinite() {
        return if v > 0.0 { "inf" } else { "-inf" }.into();
    }
    // Round to six significant digits through the exponent form.
    let r = crate::decimal::parse_f64(&Exp(v, Some(5)).to_string()).unwrap_or(v);
    if r == 0.0 {
        return "0".into();
    }
    let a = r.abs();
    if (1e-4..1e7).contains(&a) {
        Plain(r).to_string()
    } else {
        Exp(r, None).to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_numbers() {
        let cases = [
            (1e308, "1e308"),
            (2000.0000000000002, "2000"),
            (-5.0, "-5"),
            (0.0, "0"),
            (-0.0, "0"),
            (0.5, "0.5"),
            (1e-4, "0.0001"),
            (5e-7, "5e-7"),
            (1.5e-8, "1.5e-8"),
            (123456789.0, "1.23457e8"),
            (9999999.0, "1e7"),
            (999999.0, "999999"),
            (1000.0, "1000"),
            (-70.123456789, "-70.1235"),
            (0.1 + 0.2, "0.3"),
            (f64::NAN, "NaN"),
            (f64::INFINITY, "inf"),
            (f64::NEG_INFINITY, "-inf"),
            (f64::MIN_POSITIVE, "2.22507e-308"),
        ];
        for (v, want) in cases {
            assert_eq!(short_number(v), want, "{v:e}");
        }
    }

    #[test]
    fn range_messages() {
        let e = Range::above(0.0, 1000.0)
            .check("K_o", -3.0, "mM")
            .expect_err("out");
        assert_eq!(
            e.to_string(),
            "K_o = -3 is not allowed: it must be a finite number greater than 0 and at most 1000 mM"
        );
        let e = Range::closed(0.0, f64::INFINITY)
            .check("dt", f64::NAN, "s")
            .expect_err("NaN");
        assert_eq!(
            e.to_string(),
            "dt: the value given is not a number: it must be a finite number at least 0 s"
        );
        let e = Range::closed(0.0, 1e-3)
            .check("P_K", f64::INFINITY, "cm/s")
            .expect_err("inf");
        assert_eq!(
            e.to_string(),
            "P_K: the number given is too large: it must be a finite number at least 0 and at most 0.001 cm/s"
        );
        let e = ModelError::NotANumber {
            key: "T".into(),
            text: " ".into(),
        };
        assert_eq!(e.to_string(), "T is empty: it must be a number");
        assert_eq!(Range::closed(-5.0, -0.1).check("z_A", -1.0, ""), Ok(-1.0));
        let e = Range::closed(0.0, 1e-3)
            .check("P_K", 1e308, "cm/s")
            .expect_err("big");
        assert_eq!(
            e.to_string(),
            "P_K = 1e308 is not allowed: it must be a finite number at least 0 and at most 0.001 cm/s"
        );
    }

    #[test]
    fn choices_put_the_advice_outside_the_value() {
        let e = ModelError::BadChoice {
            key: "volume".into(),
            text: "squishy".into(),
            allowed: &["rigid", "swelling"],
        };
        assert_eq!(
            e.to_string(),
            "volume = \"squishy\" is not allowed: it must be rigid or swelling"
        );
        assert_eq!(or_list(&["a", "b", "c"]), "a, b or c");
        assert_eq!(choice_letter(3), 'C');
        assert_eq!(choice_letter(0), 'A');
        assert_eq!(choice_letter(100), 'Z');
    }
}
