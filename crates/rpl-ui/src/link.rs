//! Reading a page link: the query string is parsed once, here, into the
//! model's [`Link`] (the scenario, the changes since the start, the model
//! time) and the page's own keys ([`PageKeys`]: lesson, language, embed mode),
//! with one [`Notice`] for each part that could not be used. Writing a link
//! back is [`Link::to_query`] plus [`page_query`].
//!
//! Queries are decoded with `form_urlencoded` (the `application/x-www-form-urlencoded`
//! rules browsers use: `+` is a space, `%xx` a byte, invalid UTF-8 replaced),
//! so the page reads a link exactly as `URLSearchParams` would, natively.

use rpl_lessons::{lesson, LESSON_IDS};
use rpl_model::export::{self, Link};
use rpl_model::ModelError;

/// The page's own link keys, left alone by the model's reader.
pub const PAGE_KEYS: [&str; 9] = [
    "lesson",
    "lang",
    "embed",
    "parent_origin",
    "speed",
    "time",
    "sweep",
    "sweep_ouabain",
    "pin",
];

/// The most runs pinned at once (see [`crate::pins`]).
pub const MAX_PINS: usize = 3;

/// The slowest and fastest model seconds per real second a link may ask for.
pub const SPEED_RANGE: (f64, f64) = (1e-3, 36_000.0);

/// The values `lang=` takes.
pub const LANGS: [&str; 2] = ["en", "zh"];

/// Samples of the trace while a link is replayed at start.
pub const REPLAY_SAMPLES: usize = 400;

/// The page's own keys of a link.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PageKeys {
    /// The lesson whose panel is open (a valid id of [`LESSON_IDS`]).
    pub lesson: Option<String>,
    /// The language (one of [`LANGS`]).
    pub lang: Option<String>,
    /// Compact chrome for an `<iframe>`.
    pub embed: bool,
    /// The only origin the embedded page posts its height to (see
    /// [`parse_origin`]); `None`: any origin (`"*"`).
    pub parent_origin: Option<String>,
    /// Model seconds per real second (`speed=3600`); `None`: the scenario's
    /// or the lesson's own speed.
    pub speed: Option<f64>,
    /// Logarithmic time on the time charts (`time=log`).
    pub log_time: bool,
    /// The sweep panel's parameter and ouabain time (`sweep=K_o`,
    /// `sweep_ouabain=7200`); the default choice when neither is given.
    pub sweep: crate::sweep::SweepChoice,
    /// The pinned runs' link queries (`pin=`, one per run, at most
    /// [`MAX_PINS`]), oldest first.
    pub pins: Vec<String>,
}

/// Something to tell the reader. It holds data, not text: it is worded when
/// shown, so a language switch words it again.
#[derive(Debug, Clone, PartialEq)]
pub enum Notice {
    /// A bad scenario part of a link: an unknown preset falls back to the
    /// neuron (`notice.neuron`), anything else is skipped (`notice.link`).
    Model(ModelError),
    /// The i18n table's `key` with its `{holes}` filled from `values`, and
    /// `{error}` (if any) from `error` in the reader's language.
    Key {
        /// The i18n table's key.
        key: &'static str,
        /// Values of the holes (quoted as written).
        values: Vec<(&'static str, String)>,
        /// Fills the `{error}` hole.
        error: Option<ModelError>,
    },
}

impl Notice {
    /// A notice from the i18n table's `key` and hole values.
    pub fn key(key: &'static str, values: &[(&'static str, &str)]) -> Notice {
        Notice::Key {
            key,
            values: values.iter().map(|(h, v)| (*h, v.to_string())).collect(),
            error: None,
        }
    }

    /// Whether this is the i18n table's `key`.
    pub fn is_key(&self, key: &str) -> bool {
        matches!(self, Notice::Key { key: k, .. } if *k == key)
    }

    /// A notice from the i18n table's `key`, its `{error}` filled by `error`.
    pub fn error(key: &'static str, error: ModelError) -> Notice {
        Notice::Key {
            key,
            values: Vec::new(),
            error: Some(error),
        }
    }

    /// Whether this notice is about a link (its model error then names a
    /// key as the link writes it too: [`crate::errors::link_error`]).
    pub fn about_link(&self) -> bool {
        match self {
            Notice::Model(_) => true,
            Notice::Key { key, .. } => key.starts_with("share.notice.") || *key == "notice.neuron",
        }
    }

    /// The notice in the page's present language, its model error worded
    /// for a reader ([`crate::errors`]).
    pub fn text(&self) -> String {
        let error_text = if self.about_link() {
            crate::errors::link_error_text
        } else {
            crate::errors::error_text
        };
        match self {
            Notice::Model(e @ ModelError::UnknownPreset { .. }) => {
                crate::tf!("notice.neuron", &[("error", &error_text(e))])
            }
            Notice::Model(e) => crate::tf!("notice.link", &[("error", &error_text(e))]),
            Notice::Key { key, values, error } => {
                let error = error.as_ref().map(error_text);
                // The reader's own text is quoted at most QUOTE_MAX characters long.
                let values: Vec<(&str, String)> = values
                    .iter()
                    .map(|(h, v)| (*h, rpl_model::error::clip(v)))
                    .collect();
                let mut holes: Vec<(&str, &str)> =
                    values.iter().map(|(h, v)| (*h, v.as_str())).collect();
                if let Some(e) = &error {
                    holes.push(("error", e));
                }
                crate::i18n::tf(key, &holes)
            }
        }
    }
}

/// What a URL's query asks for.
#[derive(Debug, Clone)]
pub struct Opened {
    /// The model's part of the link.
    pub link: Link,
    /// The page's part.
    pub page: PageKeys,
    /// A `lesson=` that names no lesson (reported once, by the lessons panel
    /// or, on a page without one, by a notice).
    pub unknown_lesson: Option<String>,
    /// What to tell the reader about the other parts that could not be used.
    pub notices: Vec<Notice>,
}

/// The `(key, value)` pairs of a query string (`?a=1&b=2`, the `?` optional),
/// decoded as a browser's `URLSearchParams` decodes them, keys and values trimmed.
pub fn query_pairs(search: &str) -> Vec<(String, String)> {
    let q = search.strip_prefix('?').unwrap_or(search);
    form_urlencoded::parse(q.as_bytes())
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect()
}

/// The value of `key` in a query string, if present.
pub fn query_value(search: &str, key: &str) -> Option<String> {
    query_pairs(search)
        .into_iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v)
}

/// A model error from a link as a notice: a bad change (`then`) is skipped,
/// a bad setting falls back.
pub fn link_notice(e: ModelError) -> Notice {
    let is_change = e.field().is_some_and(|f| f.starts_with("then"));
    if matches!(e, ModelError::TooManyChanges { .. }) {
        // Its words already say what was skipped.
        Notice::error("share.notice.changes-cut", e)
    } else if is_change {
        Notice::error("share.notice.change", e)
    } else {
        Notice::Model(e)
    }
}

/// Read a URL's query: the model's link (see [`Link::from_query`]) and the
/// page's keys. A link with only `lesson=ID` (no scenario key, no `then`, no
/// `t`) opens that lesson's starting scenario with its after-start commands.
/// Each bad part gives one notice naming it and what is allowed; only that
/// part falls back.
pub fn open(search: &str) -> Opened {
    let pairs = query_pairs(search);
    let (mut link, errors) = Link::from_query(&pairs, &PAGE_KEYS);
    let mut notices: Vec<Notice> = errors.into_iter().map(link_notice).collect();
    let mut page = PageKeys::default();
    let mut unknown_lesson = None;
    for (k, v) in &pairs {
        match k.as_str() {
            "lesson" => {
                if rpl_model::strings::is_one_of(v, &LESSON_IDS) {
                    page.lesson = Some(v.clone());
                    unknown_lesson = None;
                } else if !v.is_empty() {
                    unknown_lesson = Some(v.clone());
                }
            }
            "lang" => {
                // zh-CN, zh-Hans, en-GB … are the two languages too; the last `lang` wins.
                if let Some(lang) = rpl_lessons::Lang::parse(v) {
                    page.lang = Some(crate::i18n::lang_key(lang).to_string());
                } else {
                    notices.push(Notice::key(
                        "share.notice.lang",
                        &[
                            ("value", v),
                            ("known", &rpl_model::strings::join(&LANGS, ", ")),
                        ],
                    ));
                }
            }
            "embed" => match v.as_str() {
                "1" | "" => page.embed = true,
                "0" => page.embed = false,
                _ => notices.push(Notice::key("share.notice.embed", &[("value", v)])),
            },
            "speed" => match rpl_model::parse_f64(v) {
                Some(f) if (SPEED_RANGE.0..=SPEED_RANGE.1).contains(&f) => page.speed = Some(f),
                _ => notices.push(Notice::key(
                    "share.notice.speed",
                    &[
                        ("value", v),
                        ("lo", &crate::format::format_number(SPEED_RANGE.0)),
                        ("hi", &crate::format::format_number(SPEED_RANGE.1)),
                    ],
                )),
            },
            "time" => match v.as_str() {
                "log" => page.log_time = true,
                "linear" => page.log_time = false,
                _ => notices.push(Notice::key("share.notice.time", &[("value", v)])),
            },
            "sweep" => match crate::sweep::SweepChoice::axis_of(v) {
                Some(i) => page.sweep.axis = i,
                None => notices.push(Notice::key(
                    "share.notice.sweep",
                    &[
                        ("value", v),
                        (
                            "known",
                            &rpl_model::strings::join(&crate::sweep::SweepChoice::names(), ", "),
                        ),
                    ],
                )),
            },
            "sweep_ouabain" => match rpl_model::parse_f64(v) {
                Some(t) if crate::sweep::OUABAIN_TIMES_S.contains(&t) => {
                    page.sweep.ouabain_s = Some(t)
                }
                _ => notices.push(Notice::key(
                    "share.notice.sweep-ouabain",
                    &[("value", v), ("known", &crate::sweep::ouabain_times_text())],
                )),
            },
            "pin" if page.pins.len() < MAX_PINS => page.pins.push(v.clone()),
            "pin" => notices.push(Notice::key(
                "share.notice.pins",
                &[("max", &MAX_PINS.to_string())],
            )),
            "parent_origin" => match parse_origin(v) {
                Some(origin) => page.parent_origin = Some(origin),
                None => {
                    page.parent_origin = None;
                    notices.push(Notice::key("share.notice.parent-origin", &[("value", v)]));
                }
            },
            _ => {}
        }
    }
    let only_page_keys = pairs
        .iter()
        .all(|(k, _)| rpl_model::strings::is_one_of(k, &PAGE_KEYS));
    if let (true, Some(id)) = (only_page_keys, &page.lesson) {
        if let Some(l) = lesson(id) {
            match l.scenario() {
                Ok(scenario) => {
                    let mut from_lesson = Link::new(scenario, l.preset);
                    from_lesson.changes = l
                        .start_commands()
                        .iter()
                        .filter_map(|c| export::Change::from_command(0.0, c))
                        .collect();
                    link = from_lesson;
                }
                Err(e) => notices.push(Notice::Key {
                    key: "share.notice.lesson-start",
                    values: vec![("id", id.clone())],
                    error: Some(e),
                }),
            }
        }
    }
    Opened {
        link,
        page,
        unknown_lesson,
        notices,
    }
}

/// The notice for a `lesson=` that names no lesson.
pub fn unknown_lesson_notice(id: &str) -> Notice {
    Notice::key(
        "share.notice.lesson",
        &[
            ("id", id),
            ("known", &rpl_model::strings::join(&LESSON_IDS, ", ")),
        ],
    )
}

/// The page's keys as query text (`&speed=600&time=log&lesson=ouabain&lang=zh`),
/// without `embed`.
pub fn page_query(page: &PageKeys) -> String {
    let mut q = String::new();
    if let Some(f) = page.speed {
        q.push_str("&speed=");
        q.push_str(&rpl_model::export::format_time(f));
    }
    if page.log_time {
        q.push_str("&time=log");
    }
    if page.sweep != crate::sweep::SweepChoice::default() {
        q.push_str("&sweep=");
        q.push_str(page.sweep.axis().key.name());
        if let Some(t) = page.sweep.ouabain_s {
            q.push_str("&sweep_ouabain=");
            q.push_str(&rpl_model::export::format_time(t));
        }
    }
    for p in &page.pins {
        q.push_str("&pin=");
        q.push_str(&encode(p));
    }
    if let Some(l) = &page.lesson {
        q.push_str("&lesson=");
        q.push_str(&encode(l));
    }
    if let Some(l) = &page.lang {
        q.push_str("&lang=");
        q.push_str(&encode(l));
    }
    if let Some(o) = &page.parent_origin {
        q.push_str("&parent_origin=");
        q.push_str(&encode(o));
    }
    q
}

/// The origin `value` names, written as a browser serialises it
/// (`https://example.org`, `http://localhost:8000`: scheme and host in lower
/// case, a default port left out), when `value` is an origin: `http://` or
/// `https://`, a host name (letters, digits, `-` and `.`) or an IPv4 or
/// bracketed IPv6 address, an optional port, at most a trailing `/`, and
/// nothing else (no user, path, query or fragment).
pub fn parse_origin(value: &str) -> Option<String> {
    let lower = value.trim().to_ascii_lowercase();
    let (scheme, rest) = if let Some(r) = lower.strip_prefix("https://") {
        ("https", r)
    } else {
        ("http", lower.strip_prefix("http://")?)
    };
    let host_port = rest.strip_suffix('/').unwrap_or(rest);
    let (host, port) = if host_port.starts_with('[') {
        let close = host_port.find(']')?;
        let addr = host_port.get(1..close)?;
        let v6 = |c: char| c.is_ascii_hexdigit() || c == ':' || c == '.';
        if addr.is_empty() || !addr.chars().all(v6) {
            return None;
        }
        let after = host_port.get(close + 1..)?;
        let port = if after.is_empty() {
            None
        } else {
            Some(after.strip_prefix(':')?)
        };
        (host_port.get(..=close)?, port)
    } else {
        match host_port.split_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (host_port, None),
        }
    };
    let host_ok = host.starts_with('[')
        || (!host.is_empty()
            && host.len() <= 253
            && host.split('.').all(|label| {
                !label.is_empty()
                    && !label.starts_with('-')
                    && !label.ends_with('-')
                    && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            }));
    if !host_ok {
        return None;
    }
    let port = match port {
        None => None,
        Some(p) => {
            if p.is_empty() || p.len() > 5 || !p.chars().all(|c| c.is_ascii_digit()) {
                return None;
            }
            let n: u32 = p.bytes().fold(0, |n, b| n * 10 + u32::from(b - b'0'));
            if n > 65_535 {
                return None;
            }
            let default = if scheme == "https" { 443 } else { 80 };
            (n != default).then_some(n)
        }
    };
    Some(match port {
        Some(p) => format!("{scheme}://{host}:{p}"),
        None => format!("{scheme}://{host}"),
    })
}

/// Percent-encode what a query value must not hold as is (the link's own
/// values are letters, digits and `-._:,@/`, which stay readable).
fn encode(text: &str) -> String {
    let mut out = String::new();
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~:,@/".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
