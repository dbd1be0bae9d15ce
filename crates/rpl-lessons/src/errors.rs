//! Model errors in the reader's language, worded from the error's fields.
//!
//! The wording of both languages is in the locale files
//! (`crates/rpl-text/locales/{en,zh}/errors.toml`, keys `error.*`), one
//! template a variant, filled from the error's fields (key, value, range,
//! unit, allowed words), never by reading another sentence. The English
//! templates say what the error's own `Display` in `rpl-model` says (the
//! command line's wording); a native test checks that they agree. Numbers are
//! written by [`short_number`], with a real minus sign in Chinese.
//!
//! This lives in the lessons crate because it builds natively and the
//! lessons' answer checks use it, so a plain `cargo test` checks that every
//! error variant reads in both languages; the page uses it too.

use crate::text::{Lang, Text};
use rpl_model::error::{choice_letter, short_number, Range, Solver};
use rpl_model::ModelError;

/// The key of an error template, checked when compiled.
macro_rules! key {
    ($k:literal) => {
        const { Text::new($k) }
    };
}

/// `e` in `lang`. `label` gives the name a key is written with (e.g. `K_o`
/// → "K⁺ outside", or for a link's notice "K⁺ outside (K_o)", see
/// `field.in-link`); keys without one are written as they are. The command
/// line gives no labels. A value too large for a number, or NaN, is worded
/// as such (never `inf` or `NaN`), and an empty value as empty.
pub fn words(e: &ModelError, lang: Lang, label: &dyn Fn(&str) -> Option<String>) -> String {
    let e = &e.clipped();
    let num = |v: f64| match lang {
        Lang::En => short_number(v),
        Lang::Zh => zh_number(v),
    };
    let name = |key: &str| label(key).unwrap_or_else(|| key.to_string());
    let list = |words: &[&str]| rpl_model::strings::join(words, key!("error.list").get(lang));
    let fill = |text: Text, values: &[(&str, &str)]| text.fill(lang, values);
    match e {
        ModelError::OutOfRange {
            key,
            value,
            range,
            unit,
        } => {
            let template = if value.is_nan() {
                key!("error.out-of-range-nan")
            } else if *value == f64::INFINITY {
                key!("error.out-of-range-huge")
            } else if *value == f64::NEG_INFINITY {
                key!("error.out-of-range-huge-negative")
            } else {
                key!("error.out-of-range")
            };
            fill(
                template,
                &[
                    ("key", &name(key)),
                    ("value", &num(*value)),
                    ("range", &range_words(range, unit, lang)),
                ],
            )
        }
        ModelError::NotWhole { key, value, lo, hi } => fill(
            key!("error.not-whole"),
            &[
                ("key", &name(key)),
                ("value", &num(*value)),
                ("lo", &num(*lo)),
                ("hi", &num(*hi)),
            ],
        ),
        ModelError::NotANumber { key, text } if text.trim().is_empty() => {
            fill(key!("error.not-a-number-empty"), &[("key", &name(key))])
        }
        ModelError::NotANumber { key, text } => fill(
            key!("error.not-a-number"),
            &[("key", &name(key)), ("text", text)],
        ),
        ModelError::BadChoice { key, text, allowed } => fill(
            key!("error.bad-choice"),
            &[
                ("key", &name(key)),
                ("text", text),
                ("allowed", &or_list(allowed, lang)),
            ],
        ),
        ModelError::NotAChoice { key, text, count } => fill(
            key!("error.not-a-choice"),
            &[
                ("key", &name(key)),
                ("text", text),
                ("count", &count.to_string()),
                ("letter", &choice_letter(*count).to_string()),
            ],
        ),
        ModelError::WantsNumber { key, choice, unit } => fill(
            key!("error.wants-number"),
            &[
                ("key", &name(key)),
                ("choice", &choice.to_string()),
                ("unit", unit),
            ],
        ),
        ModelError::UnknownKey { key, known } => {
            let known: Vec<&str> = known.iter().map(String::as_str).collect();
            fill(
                key!("error.unknown-key"),
                &[("key", key), ("known", &list(&known))],
            )
        }
        ModelError::UnknownPreset { name, known } => fill(
            key!("error.unknown-preset"),
            &[("name", name), ("known", &list(known))],
        ),
        ModelError::RelativeToZero { key, base } => fill(
            key!("error.relative-to-zero"),
            &[("key", &name(key)), ("base", &name(base))],
        ),
        ModelError::ChangeWithoutTime { item } => {
            fill(key!("error.change-without-time"), &[("item", item)])
        }
        ModelError::ChangeWithoutValue { item, key } => fill(
            key!("error.change-without-value"),
            &[("item", item), ("key", key)],
        ),
        ModelError::TooManyChanges { max } => {
            fill(key!("error.too-many-changes"), &[("max", &max.to_string())])
        }
        ModelError::ChangeAfterEnd { key, t_s, end_s } => fill(
            key!("error.change-after-end"),
            &[
                ("key", &name(key)),
                ("t", &num(*t_s)),
                ("end", &num(*end_s)),
            ],
        ),
        ModelError::Malformed { message } => fill(key!("error.malformed"), &[("message", message)]),
        ModelError::NoImpermeantAnions { permeant_charge_mm } => fill(
            key!("error.no-impermeant-anions"),
            &[("charge", &num(*permeant_charge_mm))],
        ),
        ModelError::NoPermeantIon => key!("error.no-permeant-ion").get(lang).to_string(),
        ModelError::NoSteadyState { injected_ua_cm2 } => fill(
            key!("error.no-steady-state"),
            &[
                ("current", &num(*injected_ua_cm2)),
                ("inj", &name(rpl_model::Key::Injected.name())),
                ("start", &name(rpl_model::Key::Start.name())),
            ],
        ),
        ModelError::TooMuchWork { t_s, span_s, steps } => fill(
            key!("error.too-much-work"),
            &[
                ("t", &num(*t_s)),
                ("span", &num(*span_s)),
                ("steps", &steps.to_string()),
            ],
        ),
        ModelError::NoConvergence { what, detail } => fill(
            key!("error.no-convergence"),
            &[("what", solver(*what).get(lang)), ("detail", detail)],
        ),
    }
}

/// A number for a Chinese message: [`short_number`] with a real minus sign.
pub fn zh_number(v: f64) -> String {
    rpl_model::strings::replace(&short_number(v), "-", "\u{2212}")
}

/// The allowed range, its unit after the last number.
fn range_words(r: &Range, unit: &str, lang: Lang) -> String {
    let num = |v: f64| match lang {
        Lang::En => short_number(v),
        Lang::Zh => zh_number(v),
    };
    let unit = if unit.is_empty() {
        String::new()
    } else {
        format!(" {unit}")
    };
    let above = if r.lo_open {
        key!("error.range.open")
    } else {
        key!("error.range.closed")
    };
    let (lo, above) = (num(r.lo), above.get(lang));
    if r.hi.is_finite() {
        key!("error.range.bounded").fill(
            lang,
            &[
                ("above", above),
                ("lo", &lo),
                ("hi", &num(r.hi)),
                ("unit", &unit),
            ],
        )
    } else {
        key!("error.range.unbounded").fill(lang, &[("above", above), ("lo", &lo), ("unit", &unit)])
    }
}

/// "a", "a or b", "a, b or c".
fn or_list(words: &[&str], lang: Lang) -> String {
    match words {
        [] => String::new(),
        [one] => (*one).to_string(),
        [rest @ .., last] => key!("error.or").fill(
            lang,
            &[
                (
                    "rest",
                    &rpl_model::strings::join(rest, key!("error.list").get(lang)),
                ),
                ("last", last),
            ],
        ),
    }
}

fn solver(s: Solver) -> Text {
    match s {
        Solver::Integrator => key!("error.solver.integrator"),
        Solver::SteadyState => key!("error.solver.steady-state"),
        Solver::LessonQuestion => key!("error.solver.lesson-question"),
    }
}
