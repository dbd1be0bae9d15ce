//! The lessons' texts' file (`rpl_text::lazy`): what build.rs writes is what
//! the table holds, in the order the page reads it, and a file of another
//! build or a damaged one is refused with its reason.

use rpl_text::lazy::*;
use rpl_text::{Lang, TABLE};

#[test]
fn the_bundle_holds_every_lazy_text_in_table_order() {
    let texts = parse(BUNDLE).expect("build.rs writes a valid bundle");
    assert_eq!(texts.len(), 2 * LAZY_ROWS.len());
    assert!(
        LAZY_ROWS.len() > 50,
        "the lessons' texts are lazy: {}",
        LAZY_ROWS.len()
    );
    for (slot, &row) in LAZY_ROWS.iter().enumerate() {
        let e = TABLE.row(usize::from(row));
        assert!(
            e.key.starts_with("lesson.") && !e.key.ends_with(".title"),
            "{}",
            e.key
        );
        // Outside the page the table has the texts too: the same ones.
        assert_eq!(texts[slot], e.en, "{}", e.key);
        assert_eq!(texts[LAZY_ROWS.len() + slot], e.zh, "{}", e.key);
    }
    // Titles stay in the page (the lesson selector shows them).
    assert!(TABLE
        .iter()
        .enumerate()
        .filter(|(_, e)| e.key.ends_with(".title") || !e.key.starts_with("lesson."))
        .all(|(i, _)| LAZY_ROWS.binary_search(&(i as u16)).is_err()));
}

#[test]
fn the_file_name_carries_the_digest() {
    assert_eq!(FILE, format!("lessons-{LAZY_DIGEST}.txt"));
    assert_eq!(LAZY_DIGEST.len(), 16);
}

#[test]
fn a_bundle_of_another_build_or_a_damaged_one_is_refused_by_name() {
    let other = BUNDLE.replacen(LAZY_DIGEST, "0123456789abcdef", 1);
    let e = parse(&other).unwrap_err();
    assert!(matches!(e, BundleError::Header(_)));
    assert!(e.to_string().contains("0123456789abcdef"), "{e}");
    // Half the bundle, cut at a character's start (not inside one).
    let half = (0..=BUNDLE.len() / 2)
        .rev()
        .find(|&i| BUNDLE.is_char_boundary(i))
        .unwrap_or(0);
    let cut = BUNDLE.get(..half).expect("a character's start");
    let cut = cut
        .get(..cut.rfind('\0').unwrap() + 1)
        .expect("after a NUL");
    let e = parse(cut).unwrap_err();
    assert!(
        matches!(e, BundleError::Count { found, .. } if found < 2 * LAZY_ROWS.len()),
        "{e}"
    );
    assert!(e.to_string().contains("damaged"));
    assert!(matches!(parse(""), Err(BundleError::Header(_))));
    // Outside the page the table is complete: installing checks, keeps.
    assert!(ready());
    assert_eq!(install(BUNDLE.to_string()), Ok(()));
    assert!(install(other).is_err());
    assert_eq!(text(usize::from(LAZY_ROWS[0]), Lang::En), None);
}

#[test]
fn each_languages_file_holds_every_rows_text_but_the_lessons_own() {
    for lang in Lang::ALL {
        let texts = parse_texts(lang, bundle(lang)).expect("build.rs writes a valid file");
        assert_eq!(texts.len(), TABLE.len());
        for (i, e) in TABLE.iter().enumerate() {
            let lazy = LAZY_ROWS.binary_search(&(i as u16)).is_ok();
            // Outside the page the table has them: the same ones.
            let text = match lang {
                Lang::En => e.en,
                Lang::Zh => e.zh,
            };
            let want = if lazy { "" } else { text };
            assert_eq!(texts[i], want, "{}", e.key);
            assert!(lazy || !texts[i].is_empty(), "{} is empty", e.key);
        }
        assert_eq!(texts_lang(bundle(lang)), Some(lang));
    }
    assert_eq!(EN_FILE, format!("en-{EN_DIGEST}.txt"));
    assert_eq!(ZH_FILE, format!("zh-{ZH_DIGEST}.txt"));
    assert_eq!(file(Lang::En), EN_FILE);
    assert_eq!(file(Lang::Zh), ZH_FILE);
    for digest in [EN_DIGEST, ZH_DIGEST] {
        assert_eq!(digest.len(), 16);
        assert_ne!(digest, LAZY_DIGEST);
    }
    assert_ne!(EN_DIGEST, ZH_DIGEST);
    assert_eq!(texts_lang(BUNDLE), None);
}

#[test]
fn the_rows_kept_in_the_page_are_the_notices_of_a_page_without_its_texts() {
    let keys: Vec<&str> = KEPT_ROWS
        .iter()
        .map(|&row| TABLE.row(usize::from(row)).key)
        .collect();
    assert_eq!(
        keys,
        [
            "notice.chinese",
            "notice.english",
            "notice.no-start",
            "notice.panic",
            "notice.texts"
        ]
    );
}

#[test]
fn a_texts_file_of_another_build_or_language_or_a_damaged_one_is_refused_by_name() {
    for (lang, name) in [(Lang::En, "English"), (Lang::Zh, "Chinese")] {
        let built = bundle(lang);
        let digest = match lang {
            Lang::En => EN_DIGEST,
            Lang::Zh => ZH_DIGEST,
        };
        let other = built.replacen(digest, "0123456789abcdef", 1);
        let e = parse_texts(lang, &other).unwrap_err();
        assert_eq!(
            e,
            BundleError::TextsHeader(lang, other.lines().next().unwrap().into())
        );
        assert!(e.to_string().contains("0123456789abcdef"), "{e}");
        assert!(e.to_string().contains(name), "{e}");
        let half = built.as_bytes()[..built.len() / 2]
            .iter()
            .rposition(|&b| b == 0)
            .unwrap();
        let cut = built.get(..half + 1).expect("after a NUL");
        assert!(matches!(
            parse_texts(lang, cut),
            Err(BundleError::Count { found, .. }) if found < TABLE.len()
        ));
        // The lessons' file, or the other language's, is not this file.
        assert!(matches!(
            parse_texts(lang, BUNDLE),
            Err(BundleError::TextsHeader(..))
        ));
        let wrong = match lang {
            Lang::En => ZH_BUNDLE,
            Lang::Zh => EN_BUNDLE,
        };
        assert!(matches!(
            parse_texts(lang, wrong),
            Err(BundleError::TextsHeader(..))
        ));
        // Outside the page the table is complete: installing checks, keeps.
        assert!(texts_ready(lang));
        assert_eq!(install_texts(lang, built.to_string()), Ok(()));
        assert!(install_texts(lang, other).is_err());
        assert_eq!(text_of_row(0, lang), None);
    }
}
