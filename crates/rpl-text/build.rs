//! Compiles every string of the project, `locales/en/*.toml` and
//! `locales/zh/*.toml`, into one sorted table (`$OUT_DIR/locales.rs`,
//! included by `src/table.rs`).
//!
//! Each file holds `"key" = "text"` lines and TOML tables, flattened into
//! dotted keys (`[lesson.ouabain]` + `title = "…"` is `lesson.ouabain.title`).
//! The build fails, naming the key, when a key is in one language and not the
//! other, is in differently named files in the two languages, is defined twice
//! in one language, or its two texts do not have the same `{holes}`: a missing
//! translation can never reach a reader.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::{env, fs, path::Path};

// The hole reader the run-time `fill` uses (its `fill` is not needed here).
#[allow(dead_code)]
#[path = "src/template.rs"]
mod template;

/// A language's strings: key → (file name, text).
type Strings = BTreeMap<String, (String, String)>;

fn flatten(
    prefix: &str,
    table: toml::Table,
    file: &str,
    out: &mut Strings,
    problems: &mut Vec<String>,
) {
    for (k, v) in table {
        let key = if prefix.is_empty() {
            k
        } else {
            format!("{prefix}.{k}")
        };
        match v {
            toml::Value::String(s) => {
                if let Some((other, _)) = out.insert(key.clone(), (file.to_string(), s)) {
                    problems.push(format!("\"{key}\" is defined twice ({other} and {file})"));
                }
            }
            toml::Value::Table(t) => flatten(&key, t, file, out, problems),
            other => problems.push(format!(
                "{file}: \"{key}\" must be a string or a table, not {other:?}"
            )),
        }
    }
}

fn load(lang: &str, problems: &mut Vec<String>) -> Strings {
    let dir = format!("locales/{lang}");
    println!("cargo::rerun-if-changed={dir}");
    let mut files: Vec<_> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{dir}: {e}"))
        .map(|e| e.expect("a readable folder").path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    let mut out = Strings::new();
    for path in files {
        println!("cargo::rerun-if-changed={}", path.display());
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .expect("a UTF-8 file name")
            .to_string();
        let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{dir}/{name}: {e}"));
        let table: toml::Table = text.parse().unwrap_or_else(|e| panic!("{dir}/{name}: {e}"));
        flatten("", table, &format!("{lang}/{name}"), &mut out, problems);
    }
    out
}

fn hole_set(text: &str) -> BTreeSet<&str> {
    template::holes(text).into_iter().collect()
}

fn main() {
    let mut problems = Vec::new();
    let en = load("en", &mut problems);
    let zh = load("zh", &mut problems);
    for k in en.keys().filter(|k| !zh.contains_key(*k)) {
        problems.push(format!("\"{k}\" is in {} but not in zh", en[k].0));
    }
    for k in zh.keys().filter(|k| !en.contains_key(*k)) {
        problems.push(format!("\"{k}\" is in {} but not in en", zh[k].0));
    }
    for (k, (ef, e)) in &en {
        let Some((zf, z)) = zh.get(k) else { continue };
        if ef.strip_prefix("en/") != zf.strip_prefix("zh/") {
            problems.push(format!("\"{k}\" is in {ef} but in {zf}"));
        }
        if hole_set(e) != hole_set(z) {
            problems.push(format!(
                "\"{k}\": en has holes {:?}, zh has {:?}",
                hole_set(e),
                hole_set(z)
            ));
        }
    }
    assert!(problems.is_empty(), "locales:\n{}", problems.join("\n"));
    assert!(
        en.len() <= usize::from(u16::MAX),
        "a `Text` is a u16 row number"
    );
    let mut out = String::new();
    writeln!(
        out,
        "/// Every string of the project, in both languages, sorted by key."
    )
    .ok();
    writeln!(out, "pub static TABLE: [Entry; {}] = [", en.len()).ok();
    for (k, (_, e)) in &en {
        writeln!(
            out,
            "    Entry {{ key: {k:?}, en: {e:?}, zh: {:?} }},",
            zh[k].1
        )
        .ok();
    }
    writeln!(out, "];").ok();
    let dest = Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("locales.rs");
    fs::write(dest, out).expect("OUT_DIR is writable");
}
