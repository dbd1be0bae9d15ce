//! # rpl-lessons — guided lessons for Resting Potential Lab
//!
//! Nine lessons, one per section of the course text on the resting membrane
//! potential (`course/resting-membrane-potential.zh.md`), each with short texts
//! in Chinese and English (keys of `rpl-text`'s one table, written in
//! `crates/rpl-text/locales/{en,zh}/lessons.toml`), a starting scenario built from a model preset, and a
//! question the reader answers by predicting and then running the model. The
//! correct answer is always computed from the model when the prediction is
//! checked, never written down.
//!
//! * [`text`]: number formatting ("−73.8 mV"); re-exports `rpl-text`'s
//!   languages and texts.
//! * [`errors`]: model errors worded in either language from their fields.
//! * [`mod@lesson`]: the [`Lesson`] type and how it starts a simulation.
//! * [`question`]: predictions, tolerances, the model's answer, verdicts.
//! * [`catalogue`]: the nine lessons themselves.
//!
//! ```
//! use rpl_lessons::{lesson, Lang, Prediction};
//! let l = lesson("astrocyte").expect("a lesson");
//! println!("{}", l.title.get(Lang::Zh));
//! let verdict = l.question.check(&Prediction::Number(-85.0)).expect("runs");
//! println!("{}", verdict.explanation.get(Lang::En));
//! ```
//!
//! This crate has no web dependency; the web front end shows what it holds.

pub mod catalogue;
pub mod errors;
pub mod lesson;
pub mod question;
pub mod text;

pub use lesson::{Hidden, KeyControl, Lesson};
pub use question::{Answer, ModelAnswer, Prediction, Question, QuestionKind, Tolerance, Verdict};
pub use text::{Lang, Message, Text};

/// The lesson ids, in the order of the course text.
pub const LESSON_IDS: [&str; 12] = [
    "battery",
    "k-only",
    "astrocyte",
    "ghk",
    "pump-leak",
    "ouabain",
    "steady-state",
    "reversal",
    "applications",
    "excitability",
    "synapse",
    "pump-train",
];

/// All lessons, in the order of the course text.
pub fn lessons() -> &'static [Lesson] {
    &catalogue::LESSONS
}

/// The error for a lesson id that does not exist.
pub fn unknown_lesson(id: &str) -> rpl_model::ModelError {
    rpl_model::ModelError::UnknownKey {
        key: id.to_string(),
        known: LESSON_IDS.iter().map(|l| (*l).to_string()).collect(),
    }
}

/// The lesson with this id, if there is one.
pub fn lesson(id: &str) -> Option<&'static Lesson> {
    catalogue::LESSONS.iter().find(|l| l.id == id)
}
