//! # rpl-text — every string of Resting Potential Lab, in two languages
//!
//! One table holds every human-readable string of the project in English and
//! Simplified Chinese: the page's interface, the nine lessons (titles,
//! introductions, steps, questions, options, the model's explanations), the
//! verdicts on predictions and the wording of model errors.
//!
//! * The strings live in data files, one folder a language:
//!   `locales/en/*.toml` and `locales/zh/*.toml` (`interface.toml`,
//!   `lessons.toml`, `errors.toml`). A key is `"dotted.name" = "text"` or a
//!   TOML table (`[lesson.ouabain]` then `title = "…"` is the key
//!   `lesson.ouabain.title`). Holes are written `{name}`.
//! * `build.rs` compiles them into one table sorted by key ([`TABLE`], looked
//!   up by binary search) and fails, naming the key, when a key is in one
//!   language and not the other, sits in differently named files, is defined
//!   twice, or its two texts have different holes.
//! * [`tr`] looks a key up at run time; [`Text`] is a key checked when the
//!   code is compiled ([`Text::new`] in a constant); [`fill`] puts named
//!   values into the holes; [`Message`] is a text built at run time in both
//!   languages.
//!
//! * The lessons' own texts (all but their titles) are left out of the
//!   page's table and fetched when a lesson first opens ([`lazy`]).
//!
//! Nothing here depends on the model or the browser; `rpl-lessons` (lesson
//! texts, error wording) and `rpl-ui` (the page's strings and its present
//! language) both read this one table.

pub mod lang;
pub mod lazy;
pub mod table;
pub mod template;

pub use lang::Lang;
pub use table::{entry, has_key, tr, Entry, Message, Table, Text, MISSING, TABLE};
pub use template::{fill, holes};

/// [`tr`] then [`fill`].
pub fn trf(key: &str, lang: Lang, values: &[(&str, &str)]) -> String {
    fill(tr(key, lang), values)
}
