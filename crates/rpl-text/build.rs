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

/// FNV-1a, 64 bits: a digest of the lessons' texts for the bundle's file name.
struct Fnv(u64);

impl Fnv {
    fn new() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

/// The rows the page's table keeps in both languages (see `main`).
const KEPT: [&str; 5] = [
    "notice.chinese",
    "notice.english",
    "notice.no-start",
    "notice.panic",
    "notice.texts",
];

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
    // The lessons' own texts (everything of `[lesson.<id>]` in lessons.toml
    // but the title) are the "lazy" rows: in a build for the page
    // (wasm32) the table leaves them out and the page fetches them, as one
    // file, when a lesson is first opened (`src/lazy.rs`). Every other build
    // (the command line, native tests) has them in the table as well.
    let lazy_key = |k: &str, file: &str| {
        file == "en/lessons.toml" && k.starts_with("lesson.") && !k.ends_with(".title")
    };
    let left_out = env::var("CARGO_CFG_TARGET_ARCH").is_ok_and(|a| a == "wasm32");
    let lazy: Vec<&String> = en
        .iter()
        .filter(|(k, (f, _))| lazy_key(k, f))
        .map(|(k, _)| k)
        .collect();
    // The bundle: a header line, then the lazy texts in table order, English
    // then Chinese, each ended by a NUL (no text holds one).
    let mut digest = Fnv::new();
    for k in &lazy {
        for text in [&en[*k].1, &zh[*k].1] {
            assert!(!text.contains('\0'), "\"{k}\" holds a NUL character");
            digest.write(k.as_bytes());
            digest.write(&[0]);
            digest.write(text.as_bytes());
            digest.write(&[0]);
        }
    }
    let digest = format!("{:016x}", digest.0);
    let mut bundle = format!("rpl-lesson-texts {digest} {}\n", lazy.len());
    for lang in [&en, &zh] {
        for k in &lazy {
            bundle.push_str(&lang[*k].1);
            bundle.push('\0');
        }
    }

    // The interface in each language: every row's text in table order (the
    // lessons' own texts, which are in the lessons' bundle, as empty
    // strings), each ended by a NUL, under a header with the language and
    // its own digest. In a build for the page the table holds neither
    // language's texts: the page fetches the file of the language it is
    // read in (`src/lazy.rs`).
    let interface = |lang: &str, strings: &Strings| {
        let mut digest = Fnv::new();
        let mut body = String::new();
        for (k, (f, _)) in &en {
            let text = if lazy_key(k, f) {
                ""
            } else {
                strings[k].1.as_str()
            };
            assert!(!text.contains('\0'), "\"{k}\" holds a NUL character");
            digest.write(k.as_bytes());
            digest.write(&[0]);
            digest.write(text.as_bytes());
            digest.write(&[0]);
            body.push_str(text);
            body.push('\0');
        }
        let digest = format!("{:016x}", digest.0);
        let bundle = format!("rpl-texts-{lang} {digest} {}\n{body}", en.len());
        (digest, bundle)
    };
    let (en_digest, en_bundle) = interface("en", &en);
    let (zh_digest, zh_bundle) = interface("zh", &zh);
    // The few rows the page needs before either file is at hand, or when
    // neither can be had: the notices that say so, and the banners of a
    // failed start and of an internal error. The page's table keeps them in
    // both languages.
    let kept: Vec<(usize, &String)> = en
        .keys()
        .enumerate()
        .filter(|(_, k)| KEPT.contains(&k.as_str()))
        .collect();
    for k in KEPT {
        assert!(
            en.contains_key(k),
            "build.rs keeps \"{k}\", which no locale file has"
        );
    }

    let mut out = String::new();
    writeln!(
        out,
        "// Every string of the project, in both languages, sorted by key."
    )
    .ok();
    if left_out {
        writeln!(
            out,
            "// The texts are left out here: the page fetches them (see `crate::lazy`)."
        )
        .ok();
    }
    // The table as three strings (the keys, the English texts, the Chinese
    // texts), each the rows' texts one after the other, and where each row's
    // text ends in it: far smaller in the page than a row of three `&str`
    // (a pointer and a length each) per key.
    let (mut keys, mut en_texts, mut zh_texts) = (String::new(), String::new(), String::new());
    let (mut key_ends, mut en_ends, mut zh_ends) = (Vec::new(), Vec::new(), Vec::new());
    let mut lazy_rows = Vec::new();
    for (row, (k, (f, e))) in en.iter().enumerate() {
        let (e, z) = if lazy_key(k, f) {
            lazy_rows.push(row);
            if left_out {
                ("", "")
            } else {
                (e.as_str(), zh[k].1.as_str())
            }
        } else if left_out {
            // The page's table keeps no interface text: they are the two
            // files (`en_bundle`, `zh_bundle`), one fetched with the page.
            ("", "")
        } else {
            (e.as_str(), zh[k].1.as_str())
        };
        for (all, ends, text) in [
            (&mut keys, &mut key_ends, k.as_str()),
            (&mut en_texts, &mut en_ends, e),
            (&mut zh_texts, &mut zh_ends, z),
        ] {
            all.push_str(text);
            ends.push(u16::try_from(all.len()).expect(
                "the keys and each language's texts fit in 64 KiB (the table's offsets are u16)",
            ));
        }
    }
    writeln!(out, "const ROWS: usize = {};", en.len()).ok();
    for (name, all, ends) in [
        ("KEYS", &keys, &key_ends),
        ("EN", &en_texts, &en_ends),
        ("ZH", &zh_texts, &zh_ends),
    ] {
        writeln!(out, "static {name}: &str = {all:?};").ok();
        writeln!(out, "static {name}_ENDS: [u16; ROWS] = {ends:?};").ok();
    }
    let dir = env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    fs::write(Path::new(&dir).join("locales.rs"), out).expect("OUT_DIR is writable");

    let mut lazy_out = String::new();
    for line in [
        "/// The table's rows of the lessons' own texts, in order.".to_string(),
        format!(
            "pub static LAZY_ROWS: [u16; {}] = {lazy_rows:?};",
            lazy_rows.len()
        ),
        "/// Whether the table leaves the lessons' own texts out (a build for the page).".into(),
        format!("pub const LAZY_LEFT_OUT: bool = {left_out};"),
        "/// A digest of the lessons' own texts (FNV-1a, 64 bits), in the file's name.".into(),
        format!("pub const LAZY_DIGEST: &str = {digest:?};"),
        "/// The lessons' texts' file next to the page (its name carries their digest).".into(),
        format!("pub const FILE: &str = \"lessons-{digest}.txt\";"),
        "/// Whether the table leaves the interface texts out (a build for the page).".into(),
        format!("pub const TEXTS_LEFT_OUT: bool = {left_out};"),
        "/// A digest of the English texts (FNV-1a, 64 bits), in their file's name.".into(),
        format!("pub const EN_DIGEST: &str = {en_digest:?};"),
        "/// The English texts' file next to the page (its name carries their digest).".into(),
        format!("pub const EN_FILE: &str = \"en-{en_digest}.txt\";"),
        "/// A digest of the Chinese texts (FNV-1a, 64 bits), in their file's name.".into(),
        format!("pub const ZH_DIGEST: &str = {zh_digest:?};"),
        "/// The Chinese texts' file next to the page (its name carries their digest).".into(),
        format!("pub const ZH_FILE: &str = \"zh-{zh_digest}.txt\";"),
        "/// The rows the page's table keeps in both languages (notices of a page".into(),
        "/// without its texts), in order, and their English and Chinese texts.".into(),
        format!(
            "pub static KEPT_ROWS: [u16; {}] = {:?};",
            kept.len(),
            kept.iter().map(|(row, _)| *row).collect::<Vec<_>>()
        ),
        format!(
            "static KEPT_EN: [&str; {}] = {:?};",
            kept.len(),
            kept.iter().map(|(_, k)| &en[*k].1).collect::<Vec<_>>()
        ),
        format!(
            "static KEPT_ZH: [&str; {}] = {:?};",
            kept.len(),
            kept.iter().map(|(_, k)| &zh[*k].1).collect::<Vec<_>>()
        ),
    ] {
        writeln!(lazy_out, "{line}").ok();
    }
    fs::write(Path::new(&dir).join("lazy.rs"), lazy_out).expect("OUT_DIR is writable");
    fs::write(Path::new(&dir).join("lessons.txt"), bundle).expect("OUT_DIR is writable");
    fs::write(Path::new(&dir).join("en.txt"), en_bundle).expect("OUT_DIR is writable");
    fs::write(Path::new(&dir).join("zh.txt"), zh_bundle).expect("OUT_DIR is writable");
}
