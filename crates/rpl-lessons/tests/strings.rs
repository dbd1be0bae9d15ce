//! The lessons' and the errors' strings in `rpl-text`'s one table: every key
//! the code of this crate names is in the table (in both languages, with the
//! same holes: the build checks that pair), every key of the namespaces this
//! crate owns is used, and every text built from a template has all its holes
//! filled.

use rpl_lessons::{lessons, Answer, Lang, Prediction, QuestionKind};
use rpl_text::{entry, holes, TABLE};
use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

/// The key namespaces whose strings this crate writes.
const NAMESPACES: [&str; 4] = ["course", "error", "lesson", "verdict"];

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

/// Every string literal of the crate's code that names a key in one of
/// [`NAMESPACES`], with the file it is in.
fn keys_in_code() -> Vec<(String, String)> {
    let mut files = Vec::new();
    rust_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut files,
    );
    assert!(files.len() >= 5, "{files:?}");
    let mut out = Vec::new();
    for f in files {
        let text = fs::read_to_string(&f).expect("readable");
        for (i, part) in text.split('"').enumerate() {
            let Some((ns, _)) = part.split_once('.') else {
                continue;
            };
            let is_key = part.split('.').all(|w| {
                !w.is_empty()
                    && w.chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            });
            if i % 2 == 1 && is_key && NAMESPACES.contains(&ns) {
                out.push((f.display().to_string(), part.to_string()));
            }
        }
    }
    out
}

#[test]
fn every_key_the_lessons_and_errors_name_exists_and_every_one_is_used() {
    let used = keys_in_code();
    assert!(used.len() > 90, "{} keys found in the code", used.len());
    let missing: Vec<String> = used
        .iter()
        .filter(|(_, k)| entry(k).is_none())
        .map(|(f, k)| format!("{f}: \"{k}\""))
        .collect();
    assert!(
        missing.is_empty(),
        "keys not in the locales:\n{}",
        missing.join("\n")
    );
    let used: BTreeSet<&str> = used.iter().map(|(_, k)| k.as_str()).collect();
    let unused: Vec<&str> = TABLE
        .iter()
        .map(|e| e.key)
        .filter(|k| NAMESPACES.iter().any(|ns| k.starts_with(&format!("{ns}."))))
        .filter(|k| !used.contains(k))
        .collect();
    assert!(unused.is_empty(), "keys no code uses: {unused:?}");
}

#[test]
fn every_lesson_text_is_a_key_in_both_languages() {
    for l in lessons() {
        for t in l.texts() {
            let e = entry(t.key()).unwrap_or_else(|| panic!("{}: {}", l.id, t.key()));
            assert_eq!(t.get(Lang::En), e.en);
            assert_eq!(t.get(Lang::Zh), e.zh);
            assert!(holes(e.en).is_empty(), "{}: a fixed text with holes", e.key);
        }
    }
}

#[test]
fn explanations_and_verdicts_fill_every_hole() {
    for l in lessons() {
        let q = &l.question;
        let m = q.model_answer().expect("answer");
        let predictions: Vec<Prediction> = match (q.kind, m.answer) {
            (QuestionKind::Number { .. }, Answer::Number(a)) => {
                vec![Prediction::Number(a), Prediction::Number(a * 3.0 + 100.0)]
            }
            (QuestionKind::Choice { options }, Answer::Choice(_)) => {
                (0..options.len()).map(Prediction::Choice).collect()
            }
            _ => panic!("{}: answer of the wrong kind", l.id),
        };
        for p in predictions {
            let v = q.check(&p).expect("verdict");
            for lang in Lang::ALL {
                for text in [m.explanation.get(lang), v.explanation.get(lang)] {
                    assert!(
                        holes(text).is_empty() && !text.contains('⁇'),
                        "{}: {text}",
                        l.id
                    );
                }
            }
        }
    }
}
