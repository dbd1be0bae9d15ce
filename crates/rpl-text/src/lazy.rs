//! The texts the page fetches instead of carrying them in its wasm.
//!
//! * The lessons' own texts: their introductions, steps, questions, options
//!   and explanations (every key of a `[lesson.<id>]` table in
//!   `lessons.toml` but its title), about a third of all the project's
//!   text. The page (a build for wasm32) leaves them out of
//!   [`TABLE`](crate::TABLE) and fetches them, both languages in one file,
//!   [`FILE`], the first time a lesson opens: a reader who never opens a
//!   lesson never downloads them.
//! * The interface texts, one file a language ([`EN_FILE`], [`ZH_FILE`]):
//!   the page's loader (www/boot.js) fetches the one of the language the
//!   page will be read in beside the wasm, and the page's start installs it
//!   ([`install_texts`]) before the first frame; the other is fetched when
//!   the reader first switches to it. A reader downloads one language, not
//!   both. Until a language's file is at hand its rows show the other
//!   language's texts, and a few rows ([`KEPT_ROWS`]: the notices of a page
//!   that cannot have its texts) stay in the page's table in both languages.
//!
//! Every other build (the command line, the native tests) has everything in
//! the table, so there [`ready`] and [`texts_ready`] are always true.
//!
//! The files are made by build.rs (in table order) and written next to the
//! built page by the `rpl-lesson-texts` program (a Trunk hook). Their names
//! carry a digest of their contents, so a page can only ever load the texts
//! it was built with: a cached file of another build has another name, and
//! [`install`] and [`install_texts`] check the digest again.

use std::sync::OnceLock;

use crate::lang::Lang;

// Written by build.rs: `LAZY_ROWS`, `LAZY_LEFT_OUT`, `LAZY_DIGEST` and
// `FILE`, the bundle's file name next to the page (`lessons-<digest>.txt`);
// `TEXTS_LEFT_OUT`, `EN_DIGEST`, `EN_FILE`, `ZH_DIGEST`, `ZH_FILE` for the
// interface texts' two files, and `KEPT_ROWS`, `KEPT_EN`, `KEPT_ZH`.
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
    /// An interface texts' file's first line is not `rpl-texts-<lang>
    /// <digest> <count>` with this build's language, digest and count (a
    /// file of another build, or of the other language).
    TextsHeader(Lang, String),
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
            BundleError::TextsHeader(lang, h) => write!(
                f,
                "the {} texts' file is of another version (its first line: \"{h}\"; \
                 this page needs \"{}\")",
                match lang {
                    Lang::En => "English",
                    Lang::Zh => "Chinese",
                },
                texts_header(*lang)
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

/// The English texts' file itself, as build.rs wrote it (for the
/// `rpl-lesson-texts` program and the browser tests; the page fetches
/// [`EN_FILE`] instead).
pub const EN_BUNDLE: &str = include_str!(concat!(env!("OUT_DIR"), "/en.txt"));

/// The Chinese texts' file itself, as build.rs wrote it (as [`EN_BUNDLE`];
/// the page fetches [`ZH_FILE`]).
pub const ZH_BUNDLE: &str = include_str!(concat!(env!("OUT_DIR"), "/zh.txt"));

/// The interface texts once installed, one a table row: English, Chinese.
static EN_LOADED: OnceLock<Vec<&'static str>> = OnceLock::new();
static ZH_LOADED: OnceLock<Vec<&'static str>> = OnceLock::new();

fn loaded(lang: Lang) -> &'static OnceLock<Vec<&'static str>> {
    match lang {
        Lang::En => &EN_LOADED,
        Lang::Zh => &ZH_LOADED,
    }
}

/// The other language.
fn other(lang: Lang) -> Lang {
    match lang {
        Lang::En => Lang::Zh,
        Lang::Zh => Lang::En,
    }
}

/// The file of one language's interface texts next to the page
/// ([`EN_FILE`] or [`ZH_FILE`]).
pub fn file(lang: Lang) -> &'static str {
    match lang {
        Lang::En => EN_FILE,
        Lang::Zh => ZH_FILE,
    }
}

/// That file's contents as built ([`EN_BUNDLE`] or [`ZH_BUNDLE`]).
pub fn bundle(lang: Lang) -> &'static str {
    match lang {
        Lang::En => EN_BUNDLE,
        Lang::Zh => ZH_BUNDLE,
    }
}

/// The first line a language's file must have in this build.
fn texts_header(lang: Lang) -> String {
    let (code, digest) = match lang {
        Lang::En => ("en", EN_DIGEST),
        Lang::Zh => ("zh", ZH_DIGEST),
    };
    format!("rpl-texts-{code} {digest} {}", crate::TABLE.len())
}

/// Whether a language's interface texts are at hand: always outside the
/// page; in the page once [`install_texts`] has taken their file. Until
/// then the page shows the other language's texts in their place, if it has
/// them ([`text_of_row`]).
pub fn texts_ready(lang: Lang) -> bool {
    !TEXTS_LEFT_OUT || loaded(lang).get().is_some()
}

/// Which language's interface texts a file holds, by its first line (of
/// any build): how the page's start knows what the loader fetched.
pub fn texts_lang(body: &str) -> Option<Lang> {
    if body.starts_with("rpl-texts-en ") {
        Some(Lang::En)
    } else if body.starts_with("rpl-texts-zh ") {
        Some(Lang::Zh)
    } else {
        None
    }
}

/// Check a language's interface texts' file and split it into its texts,
/// one a row.
pub fn parse_texts(lang: Lang, body: &str) -> Result<Vec<&str>, BundleError> {
    let (header, rest) = body.split_once('\n').unwrap_or((body, ""));
    if header != texts_header(lang) {
        let shown: String = header.chars().take(60).collect();
        return Err(BundleError::TextsHeader(lang, shown));
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

/// Take a language's interface texts' file, once (a second call, or a call
/// outside the page, checks it and keeps what is there).
pub fn install_texts(lang: Lang, body: String) -> Result<(), BundleError> {
    parse_texts(lang, &body)?;
    if texts_ready(lang) {
        return Ok(());
    }
    let body: &'static str = Box::leak(body.into_boxed_str());
    let texts = parse_texts(lang, body)?;
    let _ = loaded(lang).set(texts);
    Ok(())
}

/// Row `row`'s interface text in `lang` when the table leaves it out
/// (`None` where the table has it: outside the page). In the page: the
/// installed text; before it is installed, the row's text if the table
/// keeps it ([`KEPT_ROWS`]), else the other language's installed text (a
/// label is never empty while a language is at hand), else `""`.
pub fn text_of_row(row: usize, lang: Lang) -> Option<&'static str> {
    if !TEXTS_LEFT_OUT {
        return None;
    }
    let installed = |lang: Lang| loaded(lang).get().and_then(|t| t.get(row).copied());
    if let Some(text) = installed(lang) {
        return Some(text);
    }
    if let Ok(i) = KEPT_ROWS.binary_search(&(row as u16)) {
        return Some(match lang {
            Lang::En => KEPT_EN[i],
            Lang::Zh => KEPT_ZH[i],
        });
    }
    Some(installed(other(lang)).unwrap_or(""))
}
