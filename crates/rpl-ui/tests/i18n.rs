//! Native tests of the one string system (`rpl_ui::i18n`): every key is in
//! both languages with the same holes, and every key the code or the page
//! asks for exists — so a mistyped key fails here, not as "⁇" on a page.

// A bad slice of text fails a test here; the page's own code takes slices
// with `get` (clippy::string_slice in Cargo.toml says why).
#![allow(clippy::string_slice)]

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use rpl_ui::i18n::{self, Lang, TABLE};

fn holes(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = text;
    while let Some(i) = rest.find('{') {
        rest = &rest[i + 1..];
        let Some(j) = rest.find('}') else { break };
        out.insert(rest[..j].to_string());
        rest = &rest[j + 1..];
    }
    out
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Every string literal of `text` that looks like a table key: lowercase
/// words joined by dots, whose first word is one of `namespaces`.
fn key_literals(text: &str, namespaces: &BTreeSet<&str>) -> Vec<String> {
    let mut out = Vec::new();
    for (i, part) in text.split('"').enumerate() {
        if i % 2 == 0 || !part.contains('.') {
            continue;
        }
        let words: Vec<&str> = part.split('.').collect();
        let is_key = words.iter().all(|w| {
            !w.is_empty()
                && w.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        });
        if is_key && namespaces.contains(words[0]) {
            out.push(part.to_string());
        }
    }
    out
}

#[test]
fn every_key_is_in_both_languages_with_the_same_holes() {
    assert!(TABLE.len() > 200, "{} keys", TABLE.len());
    for e in TABLE.iter() {
        assert!(!e.en.trim().is_empty(), "{}: English is empty", e.key);
        assert!(!e.zh.trim().is_empty(), "{}: Chinese is empty", e.key);
        assert_eq!(holes(e.en), holes(e.zh), "{}: holes differ", e.key);
    }
    assert!(
        TABLE
            .iter()
            .zip(TABLE.iter().skip(1))
            .all(|(a, b)| a.key < b.key),
        "sorted and unique, for binary search"
    );
    for e in TABLE.iter() {
        assert_eq!(i18n::entry(e.key).map(|x| x.key), Some(e.key));
    }
    assert!(i18n::entry("no.such-key").is_none());
    assert_eq!(i18n::tr("no.such-key", Lang::En), i18n::MISSING);
}

#[test]
fn every_key_the_code_and_the_page_use_exists() {
    let namespaces: BTreeSet<&str> = TABLE
        .iter()
        .filter_map(|e| e.key.split('.').next())
        .collect();
    let root = workspace();
    let mut files = Vec::new();
    for src in ["crates/rpl-ui/src", "crates/rpl-web/src"] {
        rust_files(&root.join(src), &mut files);
    }
    assert!(files.len() > 20, "{files:?}");
    let mut missing = Vec::new();
    let mut used = 0;
    for f in &files {
        let text = fs::read_to_string(f).unwrap();
        for key in key_literals(&text, &namespaces) {
            used += 1;
            if i18n::entry(&key).is_none() {
                missing.push(format!("{}: \"{key}\"", f.display()));
            }
        }
    }
    assert!(used > 100, "{used} keys found in the code");
    let html = fs::read_to_string(root.join("index.html")).unwrap();
    for key in i18n::html_keys(&html) {
        if i18n::entry(&key).is_none() {
            missing.push(format!("index.html: \"{key}\""));
        }
    }
    // Keys the code builds from names.
    for name in rpl_model::PRESET_NAMES {
        let key = format!("preset.{name}");
        if i18n::entry(&key).is_none() {
            missing.push(key);
        }
    }
    for i in 0..rpl_ui::state::SPEEDS.len() {
        let key = format!("speed.{i}");
        if i18n::entry(&key).is_none() {
            missing.push(key);
        }
    }
    for word in ["thousand", "million", "billion", "trillion"] {
        let key = format!("count.{word}");
        if i18n::entry(&key).is_none() {
            missing.push(key);
        }
    }
    assert!(
        missing.is_empty(),
        "keys missing from the locales:\n{}",
        missing.join("\n")
    );
}

/// `text` with its entities read and its runs of white space made one space
/// (what the reader sees of an HTML text or attribute).
fn as_shown(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    words
        .join(" ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// The value of `name="…"` in a tag's text (`name` after white space).
fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let needle = format!("{name}=\"");
    tag.match_indices(&needle)
        .find(|(i, _)| tag[..*i].ends_with(char::is_whitespace))
        .and_then(|(i, _)| {
            let value = &tag[i + needle.len()..];
            value.find('"').map(|end| &value[..end])
        })
}

/// The English `index.html` holds before the page words it (what a reader
/// sees while the wasm loads, and without it) is the table's English: each
/// element marked `data-i18n` that holds only text, and each attribute a
/// `data-i18n-*` names. A stale copy there would show an old text first.
#[test]
fn the_english_index_html_holds_is_the_tables() {
    let html = fs::read_to_string(workspace().join("index.html")).unwrap();
    let mut checked = 0;
    let mut stale = Vec::new();
    let mut rest = html.as_str();
    while let Some(open) = rest.find('<') {
        rest = &rest[open + 1..];
        let Some(close) = rest.find('>') else { break };
        let (tag, after) = (&rest[..close], &rest[close + 1..]);
        rest = after;
        for (attr, target) in i18n::ATTRIBUTES {
            let Some(key) = attribute(tag, attr) else {
                continue;
            };
            let held = match target {
                // The element's whole text, when it holds nothing else.
                None => after
                    .find('<')
                    .filter(|&i| after[i..].starts_with("</"))
                    .map(|i| &after[..i]),
                Some(a) => Some(attribute(tag, a).unwrap_or_else(|| panic!("{key}: no {a}"))),
            };
            let Some(held) = held else { continue };
            checked += 1;
            let english = i18n::entry(key).map(|e| e.en).unwrap_or(i18n::MISSING);
            if as_shown(held) != english {
                stale.push(format!(
                    "{key}: index.html {:?}, table {english:?}",
                    as_shown(held)
                ));
            }
        }
    }
    assert!(checked > 100, "{checked} texts checked");
    assert!(stale.is_empty(), "{}", stale.join("\n"));
}

#[test]
fn lookups_fill_holes_and_follow_the_language() {
    i18n::set_lang(Lang::Zh);
    let zh = i18n::tf("notice.failed", &[("error", "x")]);
    i18n::set_lang(Lang::En);
    let en = i18n::tf("notice.failed", &[("error", "x")]);
    assert_eq!(en, "Something went wrong: x");
    assert_eq!(zh, "出了点问题：x");
    assert_eq!(i18n::fill("{a} and {a}", &[("a", "1")]), "1 and 1");
    assert_eq!(i18n::choose(Some("zh"), &[]), Lang::Zh);
    assert_eq!(i18n::choose(None, &["fr".into(), "zh-CN".into()]), Lang::Zh);
    assert_eq!(i18n::choose(None, &[]), Lang::En);
}
