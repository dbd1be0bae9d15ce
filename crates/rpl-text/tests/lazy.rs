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
    let cut = &BUNDLE[..half];
    let cut = &cut[..cut.rfind('\0').unwrap() + 1];
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
fn the_chinese_file_holds_every_rows_chinese_text_but_the_lessons_own() {
    let texts = parse_zh(ZH_BUNDLE).expect("build.rs writes a valid file");
    assert_eq!(texts.len(), TABLE.len());
    for (i, e) in TABLE.iter().enumerate() {
        let lazy = LAZY_ROWS.binary_search(&(i as u16)).is_ok();
        // Outside the page the table has them: the same ones.
        let want = if lazy { "" } else { e.zh };
        assert_eq!(texts[i], want, "{}", e.key);
        assert!(lazy || !texts[i].is_empty(), "{} is empty", e.key);
    }
    assert_eq!(ZH_FILE, format!("zh-{ZH_DIGEST}.txt"));
    assert_eq!(ZH_DIGEST.len(), 16);
    assert_ne!(ZH_DIGEST, LAZY_DIGEST);
}

#[test]
fn a_chinese_file_of_another_build_or_a_damaged_one_is_refused_by_name() {
    let other = ZH_BUNDLE.replacen(ZH_DIGEST, "0123456789abcdef", 1);
    let e = parse_zh(&other).unwrap_err();
    assert!(matches!(e, BundleError::ChineseHeader(_)));
    assert!(e.to_string().contains("0123456789abcdef"), "{e}");
    assert!(e.to_string().contains("Chinese"), "{e}");
    let half = ZH_BUNDLE.as_bytes()[..ZH_BUNDLE.len() / 2]
        .iter()
        .rposition(|&b| b == 0)
        .unwrap();
    let cut = &ZH_BUNDLE[..half + 1];
    assert!(matches!(
        parse_zh(cut),
        Err(BundleError::Count { found, .. }) if found < TABLE.len()
    ));
    // The lessons' file is not the Chinese file.
    assert!(matches!(
        parse_zh(BUNDLE),
        Err(BundleError::ChineseHeader(_))
    ));
    // Outside the page the table is complete: installing checks, keeps.
    assert!(zh_ready());
    assert_eq!(install_zh(ZH_BUNDLE.to_string()), Ok(()));
    assert!(install_zh(other).is_err());
    assert_eq!(zh_text(0), None);
}
