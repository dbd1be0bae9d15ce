//! The table of every string, its lookups, and the two text types built on it:
//! [`Text`] (a key, checked when the code is compiled) and [`Message`] (a text
//! built at run time, in both languages).

use crate::lang::Lang;
use crate::template::fill;

/// One row of the table: a key and its text in each language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    /// Stable key, e.g. `btn.reset` or `lesson.ouabain.title`.
    pub key: &'static str,
    /// English.
    pub en: &'static str,
    /// Simplified Chinese.
    pub zh: &'static str,
}

// The table, compiled from `locales/en/*.toml` and `locales/zh/*.toml` by
// build.rs, which checks that both languages have every key (in the file of
// the same name) and the same holes: `ROWS`, and for the keys, the English
// and the Chinese texts one string each (`KEYS`, `EN`, `ZH`) with where each
// row's text ends in it (`KEYS_ENDS`, `EN_ENDS`, `ZH_ENDS`).
include!(concat!(env!("OUT_DIR"), "/locales.rs"));

/// Every string of the project, in both languages, sorted by key: [`TABLE`].
/// Its rows are [`Entry`] values, made from three strings and their offsets
/// (the page's wasm keeps no pointer and length per text).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Table;

/// The table of every string (see [`Table`]).
pub const TABLE: Table = Table;

impl Table {
    /// How many rows (keys) it has.
    pub const fn len(self) -> usize {
        ROWS
    }

    /// Whether it has no rows (never: the build fails without locales).
    pub const fn is_empty(self) -> bool {
        ROWS == 0
    }

    /// Row `i` (an empty row past the end).
    pub fn row(self, i: usize) -> Entry {
        if i >= ROWS {
            return Entry {
                key: "",
                en: "",
                zh: "",
            };
        }
        // A row number below the table's length, which a u16 holds (build.rs).
        let text = Text(i as u16);
        Entry {
            key: text.key(),
            en: text.get(Lang::En),
            zh: text.get(Lang::Zh),
        }
    }

    /// Every row, in key order.
    pub fn iter(self) -> impl Iterator<Item = Entry> {
        (0..ROWS).map(move |i| self.row(i))
    }
}

impl IntoIterator for Table {
    type Item = Entry;
    type IntoIter = core::iter::Map<core::ops::Range<usize>, fn(usize) -> Entry>;

    fn into_iter(self) -> Self::IntoIter {
        (0..ROWS).map(|i| TABLE.row(i))
    }
}

/// Where row `i`'s text starts and ends in its string.
const fn bounds(ends: &[u16; ROWS], i: usize) -> (usize, usize) {
    let start = if i == 0 { 0 } else { ends[i - 1] as usize };
    (start, ends[i] as usize)
}

/// Row `i`'s text of `all` ("" past the end).
fn part(all: &'static str, ends: &[u16; ROWS], i: usize) -> &'static str {
    if i >= ROWS {
        return "";
    }
    let (start, end) = bounds(ends, i);
    all.get(start..end).unwrap_or("")
}

/// Row `i`'s key as bytes (usable in constants).
const fn key_bytes(i: usize) -> &'static [u8] {
    let (start, end) = bounds(&KEYS_ENDS, i);
    let (head, _) = KEYS.as_bytes().split_at(end);
    let (_, key) = head.split_at(start);
    key
}

/// The row for `key`, if the table has one.
pub fn entry(key: &str) -> Option<Entry> {
    index_of(key).map(|i| TABLE.row(i))
}

/// Shown for a key the table lacks (a bug that the tests catch).
pub const MISSING: &str = "⁇";

/// The text for `key` in `lang` ([`MISSING`] when the table lacks the key).
pub fn tr(key: &str, lang: Lang) -> &'static str {
    match index_of(key) {
        // A row number below the table's length, which a u16 holds (build.rs).
        Some(i) => Text(i as u16).get(lang),
        None => MISSING,
    }
}

/// Byte-wise order of two strings (the order of `str`'s `Ord`), usable in
/// constants.
const fn compare(a: &[u8], b: &str) -> core::cmp::Ordering {
    use core::cmp::Ordering;
    let b = b.as_bytes();
    let mut i = 0;
    while i < a.len() && i < b.len() {
        if a[i] != b[i] {
            return if a[i] < b[i] {
                Ordering::Less
            } else {
                Ordering::Greater
            };
        }
        i += 1;
    }
    if a.len() < b.len() {
        Ordering::Less
    } else if a.len() > b.len() {
        Ordering::Greater
    } else {
        Ordering::Equal
    }
}

/// The row of `key` in [`TABLE`]. A `const fn`, so that [`Text::new`] can
/// find a key, or refuse a missing one, when the code is compiled.
pub const fn index_of(key: &str) -> Option<usize> {
    let (mut lo, mut hi) = (0, ROWS);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        match compare(key_bytes(mid), key) {
            core::cmp::Ordering::Less => lo = mid + 1,
            core::cmp::Ordering::Greater => hi = mid,
            core::cmp::Ordering::Equal => return Some(mid),
        }
    }
    None
}

/// Whether the table has `key`.
pub const fn has_key(key: &str) -> bool {
    index_of(key).is_some()
}

/// A fixed text in both languages: a row of the table.
///
/// Made with [`Text::new`] in a constant (a `const` or `static` item, or a
/// `const { … }` block), the key is looked up when the code is compiled: a key
/// missing from the locale files is a compile error at the line that names
/// it, and the page keeps only the row's number (no second copy of the key,
/// no search at run time).
///
/// ```compile_fail
/// const NOT_THERE: rpl_text::Text = rpl_text::Text::new("no.such-key");
/// ```
///
/// ```
/// const RESET: rpl_text::Text = rpl_text::Text::new("btn.reset");
/// assert_eq!(RESET.get(rpl_text::Lang::En), "Reset all");
/// ```
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Text(u16);

impl Text {
    /// The text with this key. Panics if the table lacks the key, which in a
    /// constant means the code does not compile.
    pub const fn new(key: &str) -> Text {
        match index_of(key) {
            Some(i) => Text(i as u16),
            None => panic!("a text key that is not in the locale files"),
        }
    }

    /// The key.
    pub fn key(self) -> &'static str {
        part(KEYS, &KEYS_ENDS, usize::from(self.0))
    }

    /// The text in one language (in the page: for a lesson's own text, ""
    /// until the lessons' texts are loaded; for any other, the other
    /// language's text until this language's texts are loaded: see
    /// [`crate::lazy`]).
    pub fn get(self, lang: Lang) -> &'static str {
        if let Some(text) = crate::lazy::text(usize::from(self.0), lang) {
            return text;
        }
        let i = usize::from(self.0);
        // In the page, the fetched texts (see `crate::lazy::text_of_row`).
        if let Some(text) = crate::lazy::text_of_row(i, lang) {
            return text;
        }
        match lang {
            Lang::En => part(EN, &EN_ENDS, i),
            Lang::Zh => part(ZH, &ZH_ENDS, i),
        }
    }

    /// The text in one language with its holes filled (see [`fill`]).
    pub fn fill(self, lang: Lang, values: &[(&str, &str)]) -> String {
        fill(self.get(lang), values)
    }
}

impl core::fmt::Debug for Text {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_tuple("Text").field(&self.key()).finish()
    }
}

/// A text built at run time (e.g. an explanation with the model's numbers),
/// in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Message {
    /// Simplified Chinese.
    pub zh: String,
    /// English.
    pub en: String,
}

impl Message {
    /// The text in one language.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }

    /// Build both languages with one function of the language.
    pub fn build(mut f: impl FnMut(Lang) -> String) -> Message {
        Message {
            zh: f(Lang::Zh),
            en: f(Lang::En),
        }
    }

    /// `text` in both languages with the same values in its holes (values
    /// that do not depend on the language, such as numbers with units).
    pub fn fill(text: Text, values: &[(&str, &str)]) -> Message {
        Message::build(|lang| text.fill(lang, values))
    }
}
