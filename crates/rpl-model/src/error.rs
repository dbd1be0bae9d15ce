//! Errors a reader can act on: each names the field, the value and what is allowed.

use std::fmt;

/// Everything that can go wrong in the model, with a message for a student.
#[derive(Debug, Clone, PartialEq)]
pub enum ModelError {
    /// A number outside its allowed range (or not finite).
    OutOfRange {
        /// Which field, in scenario-key form (e.g. `K_o`, `temperature_c`).
        field: String,
        /// The value given.
        value: f64,
        /// What is allowed, in words (e.g. "between 0 (exclusive) and 1000 mM").
        allowed: String,
    },
    /// A value that is not a number at all.
    NotANumber {
        /// Which field.
        field: String,
        /// The text given.
        text: String,
    },
    /// An unknown key in a URL, command line override or scenario file.
    UnknownField {
        /// The key given.
        field: String,
        /// The keys that exist.
        known: String,
    },
    /// An unknown preset name.
    UnknownPreset {
        /// The name given.
        name: String,
    },
    /// A scenario file that does not parse.
    Malformed {
        /// What the parser said, with line and column.
        message: String,
    },
    /// The inside concentrations leave no room for the impermeant anions.
    NoImpermeantAnions {
        /// Net charge of the permeant ions inside, mM of elementary charge.
        permeant_charge_mm: f64,
    },
    /// Every permeability is zero and nothing carries current.
    NoPermeantIon,
    /// A numerical method did not converge (should not happen for valid input).
    NoConvergence {
        /// Which solver.
        what: &'static str,
        /// Details.
        detail: String,
    },
}

impl ModelError {
    /// Shorthand for [`ModelError::OutOfRange`].
    pub fn range(field: impl Into<String>, value: f64, allowed: impl Into<String>) -> Self {
        ModelError::OutOfRange {
            field: field.into(),
            value,
            allowed: allowed.into(),
        }
    }

    /// The field this error is about, when there is one.
    pub fn field(&self) -> Option<&str> {
        match self {
            ModelError::OutOfRange { field, .. }
            | ModelError::NotANumber { field, .. }
            | ModelError::UnknownField { field, .. } => Some(field),
            _ => None,
        }
    }
}

impl fmt::Display for ModelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ModelError::OutOfRange {
                field,
                value,
                allowed,
            } => write!(f, "{field} = {value} is not allowed: it must be {allowed}"),
            ModelError::NotANumber { field, text } => {
                write!(f, "{field} = \"{text}\" is not a number")
            }
            ModelError::UnknownField { field, known } => {
                write!(f, "unknown field \"{field}\"; known fields are: {known}")
            }
            ModelError::UnknownPreset { name } => write!(
                f,
                "unknown preset \"{name}\"; presets are: {}",
                crate::scenario::PRESET_NAMES.join(", ")
            ),
            ModelError::Malformed { message } => write!(f, "malformed scenario: {message}"),
            ModelError::NoImpermeantAnions { permeant_charge_mm } => write!(
                f,
                "the inside concentrations carry a net charge of {permeant_charge_mm:.3} mM; \
                 there must be more cations than anions inside (Na + K + 2 Ca > Cl) \
                 so that impermeant anions can balance them"
            ),
            ModelError::NoPermeantIon => write!(
                f,
                "every permeability is zero: at least one ion must be able to cross the membrane"
            ),
            ModelError::NoConvergence { what, detail } => {
                write!(f, "the {what} did not converge: {detail}")
            }
        }
    }
}

impl std::error::Error for ModelError {}

/// Check that a number is finite and within `[lo, hi]` (or `(lo, hi]` when `lo_open`).
pub fn check_range(
    field: &str,
    value: f64,
    lo: f64,
    lo_open: bool,
    hi: f64,
    unit: &str,
) -> Result<f64, ModelError> {
    let ok = value.is_finite() && (if lo_open { value > lo } else { value >= lo }) && value <= hi;
    if ok {
        Ok(value)
    } else {
        let lo_word = if lo_open { "greater than" } else { "at least" };
        Err(ModelError::range(
            field,
            value,
            format!("a finite number {lo_word} {lo} and at most {hi} {unit}")
                .trim_end()
                .to_string(),
        ))
    }
}
