//! Compiles the interface strings in `locales/en.toml` and `locales/zh.toml`
//! into one sorted table (`$OUT_DIR/locales.rs`, included by `src/i18n.rs`).
//!
//! The build fails, naming the key, when a key is in one language and not the
//! other, or when the two texts of a key do not have the same `{holes}`: a
//! missing translation can never reach a reader.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::{env, fs, path::Path};

fn load(lang: &str) -> BTreeMap<String, String> {
    let path = format!("locales/{lang}.toml");
    println!("cargo::rerun-if-changed={path}");
    let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let table: toml::Table = text.parse().unwrap_or_else(|e| panic!("{path}: {e}"));
    table
        .into_iter()
        .map(|(k, v)| match v {
            toml::Value::String(s) => (k, s),
            other => panic!("{path}: \"{k}\" must be a string, not {other:?}"),
        })
        .collect()
}

/// The `{name}` holes of a text.
fn holes(text: &str) -> BTreeSet<&str> {
    let mut out = BTreeSet::new();
    let mut rest = text;
    while let Some(i) = rest.find('{') {
        rest = &rest[i + 1..];
        match rest.find('}') {
            Some(j) => {
                out.insert(&rest[..j]);
                rest = &rest[j + 1..];
            }
            None => break,
        }
    }
    out
}

fn main() {
    let en = load("en");
    let zh = load("zh");
    let mut problems = Vec::new();
    for k in en.keys().filter(|k| !zh.contains_key(*k)) {
        problems.push(format!("\"{k}\" is in en.toml but not in zh.toml"));
    }
    for k in zh.keys().filter(|k| !en.contains_key(*k)) {
        problems.push(format!("\"{k}\" is in zh.toml but not in en.toml"));
    }
    for (k, e) in &en {
        if let Some(z) = zh.get(k) {
            if holes(e) != holes(z) {
                problems.push(format!(
                    "\"{k}\": en has holes {:?}, zh has {:?}",
                    holes(e),
                    holes(z)
                ));
            }
        }
    }
    assert!(problems.is_empty(), "locales:\n{}", problems.join("\n"));
    let mut out = String::new();
    writeln!(
        out,
        "/// Every interface string, in both languages, sorted by key."
    )
    .ok();
    writeln!(out, "pub static TABLE: [Entry; {}] = [", en.len()).ok();
    for (k, e) in &en {
        writeln!(
            out,
            "    Entry {{ key: {k:?}, en: {e:?}, zh: {:?} }},",
            zh[k]
        )
        .ok();
    }
    writeln!(out, "];").ok();
    let dest = Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("locales.rs");
    fs::write(dest, out).expect("OUT_DIR is writable");
}
