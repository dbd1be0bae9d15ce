//! The lessons' own texts, loaded when a lesson is first opened.
//!
//! The lessons' introductions, steps, questions, options and explanations
//! (every key of a `[lesson.<id>]` table in `lessons.toml` but its title) are
//! about a third of all the project's text. The page (a build for wasm32)
//! leaves them out of [`TABLE`](crate::TABLE) and fetches them as one file,
//! [`FILE`], the first time a lesson opens; the page's first download is that
//! much smaller, and a reader who never opens a lesson never downloads them.
//! Every other build (the command line, the native tests) has them in the
//! table as well, so there [`ready`] is always true.
//!
//! The file is made by build.rs (both languages, in table order) and written
//! next to the built page by the `rpl-lesson-texts` program (a Trunk hook).
//! Its name carries a digest of its contents, so a page can only ever load
//! the texts it was built with: a cached file of another build has another
//! name, and [`install`] checks the digest again.

use std::sync::OnceLock;

use crate::lang::Lang;

// Written by build.rs: `LAZY_ROWS`, `LAZY_LEFT_OUT`, `LAZY_DIGEST` and
// `FILE`, the bundle's file name next to the page (`lessons-<digest>.txt`).
include!(concat!(env!("OUT_DIR"), "/lazy.rs"));

/// The bundle itself, as build.rs wrote it (for the `rpl-lesson-texts`
/// program and the browser tests; the page fetches [`FILE`] instead, so this
/// constant is not in its code).
pub const BUNDLE: &str = include_str!(concat!(env!("OUT_DIR"), "/lessons.txt"));

/// The texts once installed: the English ones, then the Chinese ones, in the
/// order of [`LAZY_ROWS`].
static LOADED: OnceLock<Vec<&'static str>> = OnceLock::new();

/// Whether every text is at hand: always outside the page; in the page once
/// [`install`] has taken the bundle.
pub fn ready() -> bool {
    !LAZY_LEFT_OUT || LOADED.get().is_some()
}

/// Why a bundle was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BundleError {
    /// The first line is not `rpl-lesson-texts <digest> <count>` with this
    /// build's digest and count (a file of another build).
    Header(String),
    /// The Chinese texts' first line is not `rpl-texts-zh <digest> <count>`
    /// with this build's digest and count (a file of another build).
    ChineseHeader(String),
    /// The file holds a different number of texts than its header says.
    Count {
        /// Texts expected (both languages).
        expected: usize,
        /// Texts found.
        found: usize,
    },
}

impl core::fmt::Display for BundleError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            BundleError::Header(h) => write!(
                f,
                "the lesson texts' file is of another version (its first line: \"{h}\"; \
                 this page needs \"rpl-lesson-texts {LAZY_DIGEST} {}\")",
                LAZY_ROWS.len()
            ),
            BundleError::ChineseHeader(h) => write!(
                f,
                "the Chinese texts' file is of another version (its first line: \"{h}\"; \
                 this page needs \"rpl-texts-zh {ZH_DIGEST} {}\")",
                crate::TABLE.len()
            ),
            BundleError::Count { expected, found } => write!(
                f,
                "the file holds {found} texts instead of {expected}: it is damaged"
            ),
        }
    }
}

/// Check a bundle and split it into its texts (English, then Chinese).
pub fn parse(body: &str) -> Result<Vec<&str>, BundleError> {
    let (header, rest) = body.split_once('\n').unwrap_or((body, ""));
    let want = format!("rpl-lesson-texts {LAZY_DIGEST} {}", LAZY_ROWS.len());
    if header != want {
        let shown: String = header.chars().take(60).collect();
        return Err(BundleError::Header(shown));
    }
    let texts: Vec<&str> = rest.split_terminator('\0').collect();
    let expected = 2 * LAZY_ROWS.len();
    if texts.len() != expected || !rest.ends_with('\0') && !rest.is_empty() {
        return Err(BundleError::Count {
            expected,
            found: texts.len(),
        });
    }
    Ok(texts)
}

/// Take the bundle's texts, once: a second call, or a call outside the page,
/// checks the bundle and keeps what is there.
pub fn install(body: String) -> Result<(), BundleError> {
    parse(&body)?;
    if !LAZY_LEFT_OUT || LOADED.get().is_some() {
        return Ok(());
    }
    // Kept for the page's lifetime: the texts are `&'static str` like the
    // rest of the table.
    let body: &'static str = Box::leak(body.into_boxed_str());
    let texts = parse(body)?;
    // A single-threaded page: nobody else can have set it meanwhile.
    let _ = LOADED.set(texts);
    Ok(())
}

/// The text of table row `row` in `lang` when it is one of the lessons' own
/// texts that the table leaves out: `Some("")` until they are installed,
/// `None` for every other row.
pub fn text(row: usize, lang: Lang) -> Option<&'static str> {
    if !LAZY_LEFT_OUT {
        return None;
    }
    let slot = LAZY_ROWS.binary_search(&(row as u16)).ok()?;
    let Some(texts) = LOADED.get() else {
        return Some("");
    };
    let i = match lang {
        Lang::En => slot,
        Lang::Zh => LAZY_ROWS.len() + slot,
    };
    Some(texts.get(i).copied().unwrap_or(""))
}

/// The Chinese texts' file itself, as build.rs wrote it (for the
/// `rpl-lesson-texts` program and the browser tests; the page fetches
/// [`ZH_FILE`] instead).
pub const ZH_BUNDLE: &str = include_str!(concat!(env!("OUT_DIR"), "/zh.txt"));

/// The Chinese texts once installed, one a table row.
static ZH_LOADED: OnceLock<Vec<&'static str>> = OnceLock::new();

/// Whether the Chinese texts are at hand: always outside the page; in the
/// page once [`install_zh`] has taken their file. Until then the page shows
/// the English texts in their place ([`zh_text`]).
pub fn zh_ready() -> bool {
    !ZH_LEFT_OUT || ZH_LOADED.get().is_some()
}

/// Check the Chinese texts' file and split it into its texts, one a row.
pub fn parse_zh(body: &str) -> Result<Vec<&str>, BundleError> {
    let (header, rest) = body.split_once('\n').unwrap_or((body, ""));
    let want = format!("rpl-texts-zh {ZH_DIGEST} {}", crate::TABLE.len());
    if header != want {
        let shown: String = header.chars().take(60).collect();
        return Err(BundleError::ChineseHeader(shown));
    }
    let texts: Vec<&str> = rest.split_terminator('\0').collect();
    if texts.len() != crate::TABLE.len() || !rest.ends_with('\0') {
        return Err(BundleError::Count {
            expected: crate::TABLE.len(),
            found: texts.len(),
        });
    }
    Ok(texts)
}

/// Take the Chinese texts' file, once (a second call, or a call outside the
/// page, checks it and keeps what is there).
pub fn install_zh(body: String) -> Result<(), BundleError> {
    parse_zh(&body)?;
    if zh_ready() {
        return Ok(());
    }
    let body: &'static str = Box::leak(body.into_boxed_str());
    let texts = parse_zh(body)?;
    let _ = ZH_LOADED.set(texts);
    Ok(())
}

/// Row `row`'s Chinese text when the table leaves it out: `Some(text)` once
/// installed, `Some("")` before, `None` where the table has it.
pub fn zh_text(row: usize) -> Option<&'static str> {
    if !ZH_LEFT_OUT {
        return None;
    }
    Some(
        ZH_LOADED
            .get()
            .and_then(|t| t.get(row).copied())
            .unwrap_or(""),
    )
}
