//! The page's two languages: the page's present language, lookups in it, and
//! the Chinese number words for counts.
//!
//! The strings are the project's one table ([`TABLE`], re-exported from
//! `rpl-text` with [`entry`], [`tr`] and [`fill`]): the interface's keys live
//! in `crates/rpl-text/locales/en/interface.toml` and `zh/interface.toml`
//! (`"key" = "text"`, holes written `{name}`), beside the lessons' and the
//! errors' files. The build compiles them into one table sorted by key and
//! fails if a key is missing in either language or the holes differ; a native
//! test checks that every key the code and `index.html` use is in the table.
//!
//! * Static text in `index.html` carries `data-i18n="key"` (text),
//!   `data-i18n-aria-label="key"` or `data-i18n-title="key"` attributes
//!   ([`ATTRIBUTES`]); the HTML holds English only as a fallback, and the web
//!   crate fills it from the table. Text built by Rust asks [`t`] for the
//!   present language.
//! * Strings with `{name}` holes are filled with [`fill`].
//! * Numbers keep a real minus sign (U+2212) in both languages; Chinese
//!   sentences use full-width punctuation ("："，"（）"), and counts use the
//!   Chinese number words 万 and 亿 ([`count_words`]).
//!
//! The language is page state kept here (one page, one language), so that
//! drawing code can ask for it without threading it through every call.
//! Nothing here touches the browser: the table and its lookups are tested
//! natively.

use std::cell::Cell;

pub use rpl_text::{entry, fill, tr, Entry, Lang, MISSING, TABLE};

thread_local! {
    static LANG: Cell<Lang> = const { Cell::new(Lang::En) };
}

/// The page's present language.
pub fn lang() -> Lang {
    LANG.with(Cell::get)
}

/// Set the page's language (callers then re-render; see `rpl_web::view::i18n::apply`).
pub fn set_lang(lang: Lang) {
    LANG.with(|l| l.set(lang));
}

pub use rpl_text::Text;

/// `text` in the page's present language (what [`t!`](crate::t) gives).
pub fn now(text: Text) -> &'static str {
    text.get(lang())
}

/// The text for the key `$key` (a string literal) in the page's present
/// language: [`t`] with the key looked up when the code is compiled. A key
/// the table lacks does not compile, and the page keeps the row's number
/// alone (no copy of the key, no search at run time).
#[macro_export]
macro_rules! t {
    ($key:literal) => {
        $crate::i18n::now(const { $crate::i18n::Text::new($key) })
    };
}

/// [`tf`] with the key looked up when the code is compiled (see [`t!`](crate::t)).
#[macro_export]
macro_rules! tf {
    ($key:literal, $values:expr) => {
        $crate::i18n::fill($crate::t!($key), $values)
    };
}

/// The text for `key` in the page's present language.
pub fn t(key: &str) -> &'static str {
    tr(key, lang())
}

/// [`t`] then [`fill`].
pub fn tf(key: &str, values: &[(&str, &str)]) -> String {
    fill(t(key), values)
}

/// [`tf`] for a sentence about a count written `shown` (as the reader sees
/// it: "1", "950", "5.8 million"): the key's singular form `KEY.one` when
/// the count reads exactly one, else `KEY`. Chinese has no plural: its `.one`
/// forms are the same words as the others.
pub fn tf_count(key: &str, shown: &str, values: &[(&str, &str)]) -> String {
    let one = format!("{key}.one");
    let n = shown.trim().trim_start_matches(['\u{2212}', '-', '+']);
    if n == "1" && entry(&one).is_some() {
        tf(&one, values)
    } else {
        tf(key, values)
    }
}

/// The attributes `rpl_web::view::i18n::apply` fills, and what it fills from them.
pub const ATTRIBUTES: [(&str, Option<&str>); 4] = [
    ("data-i18n", None),
    ("data-i18n-aria-label", Some("aria-label")),
    ("data-i18n-title", Some("title")),
    ("data-i18n-content", Some("content")),
];

/// The language a page asks for: `?lang=zh` / `?lang=en` first, then the
/// first of the browser's languages that is Chinese or English, then English.
pub fn choose(query_lang: Option<&str>, browser: &[String]) -> Lang {
    query_lang
        .and_then(Lang::parse)
        .or_else(|| browser.iter().find_map(|l| Lang::parse(l)))
        .unwrap_or(Lang::En)
}

/// A count in Chinese number words: 950, 1.2万, 5800万, 3.1亿, 4.2万亿;
/// beyond 10¹⁵ in scientific form. `mantissa` formats the leading number.
pub fn count_words(a: f64, mantissa: impl Fn(f64) -> String) -> String {
    if a >= 1e12 {
        format!("{}万亿", mantissa(a / 1e12))
    } else if a >= 1e8 {
        format!("{}亿", mantissa(a / 1e8))
    } else if a >= 1e4 {
        format!("{}万", mantissa(a / 1e4))
    } else {
        mantissa(a.round())
    }
}

/// Every key used in `index.html`'s `data-i18n*` attributes.
pub fn html_keys(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (attr, _) in ATTRIBUTES {
        let needle = format!("{attr}=\"");
        let mut rest = html;
        while let Some(i) = rpl_model::strings::find(rest, &needle) {
            rest = rest.get(i + needle.len()..).unwrap_or("");
            if let Some(end) = rest.find('"') {
                out.push(rest.get(..end).unwrap_or("").to_string());
                rest = rest.get(end..).unwrap_or("");
            }
        }
    }
    out
}

/// The `lang=` value of a language in share links.
pub fn lang_key(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "zh",
        Lang::En => "en",
    }
}
