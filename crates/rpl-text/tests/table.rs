//! The one string table: sorted and complete in both languages, looked up at
//! run time and at compile time, and templates filled in one pass.

use rpl_text::{entry, fill, has_key, holes, tr, trf, Lang, Message, Text, MISSING, TABLE};
use std::collections::BTreeSet;

#[test]
fn the_table_is_sorted_and_complete() {
    assert!(TABLE.len() > 200, "{} keys", TABLE.len());
    assert!(
        TABLE
            .iter()
            .zip(TABLE.iter().skip(1))
            .all(|(a, b)| a.key < b.key),
        "sorted and unique, for binary search"
    );
    for e in TABLE.iter() {
        assert!(!e.en.trim().is_empty(), "{}: English is empty", e.key);
        assert!(!e.zh.trim().is_empty(), "{}: Chinese is empty", e.key);
        let (he, hz): (BTreeSet<_>, BTreeSet<_>) = (
            holes(e.en).into_iter().collect(),
            holes(e.zh).into_iter().collect(),
        );
        assert_eq!(he, hz, "{}: holes differ", e.key);
        assert_eq!(entry(e.key).map(|x| x.key), Some(e.key));
        assert!(has_key(e.key), "{}", e.key);
        assert_eq!(tr(e.key, Lang::En), e.en);
        assert_eq!(tr(e.key, Lang::Zh), e.zh);
    }
    for missing in ["", "no.such-key", "btn", "btn.reset.", "zzz"] {
        assert!(entry(missing).is_none() && !has_key(missing), "{missing}");
        assert_eq!(tr(missing, Lang::Zh), MISSING);
    }
}

#[test]
fn holes_are_names_in_braces() {
    assert_eq!(holes("{a} and {b-c} and {a}"), ["a", "b-c", "a"]);
    assert!(holes("no holes, {} {not a hole} { x} {").is_empty());
    assert_eq!(holes("{{v}}"), ["v"]);
}

#[test]
fn fill_puts_each_value_in_its_holes_once() {
    assert_eq!(fill("{a} and {a}", &[("a", "1")]), "1 and 1");
    assert_eq!(
        fill("{v} = {v0}", &[("v", "−70 mV"), ("v0", "−80 mV")]),
        "−70 mV = −80 mV"
    );
    // A value is not searched for holes: a reader's text is shown as typed.
    assert_eq!(
        fill("{key} = “{text}”", &[("key", "{text}"), ("text", "{key}")]),
        "{text} = “{key}”"
    );
    // A hole without a value, and braces that are not holes, stay.
    assert_eq!(fill("{a} {b} {} {", &[("a", "1")]), "1 {b} {} {");
    assert_eq!(fill("末尾：{x}。", &[("x", "数")]), "末尾：数。");
    assert_eq!(fill("", &[("x", "1")]), "");
}

#[test]
fn texts_are_keys_checked_when_compiled() {
    const RESET: Text = Text::new("btn.reset");
    assert_eq!(RESET.key(), "btn.reset");
    assert_eq!(RESET.get(Lang::En), tr("btn.reset", Lang::En));
    assert_eq!(RESET.get(Lang::Zh), tr("btn.reset", Lang::Zh));
    const FAILED: Text = Text::new("notice.failed");
    assert_eq!(
        FAILED.fill(Lang::En, &[("error", "x")]),
        "Something went wrong: x"
    );
    assert_eq!(
        trf("notice.failed", Lang::Zh, &[("error", "x")]),
        "出了点问题：x"
    );
    assert_eq!(format!("{RESET:?}"), "Text(\"btn.reset\")");
    let m = Message::fill(FAILED, &[("error", "x")]);
    assert_eq!(m.get(Lang::En), "Something went wrong: x");
    assert_eq!(m.get(Lang::Zh), "出了点问题：x");
}

#[test]
#[should_panic(expected = "not in the locale files")]
fn a_missing_key_is_refused() {
    // In a constant this is a compile error; at run time, a panic.
    let key = String::from("no.such-key").leak();
    let _ = Text::new(key);
}

#[test]
fn language_tags() {
    assert_eq!(Lang::parse("zh-CN"), Some(Lang::Zh));
    assert_eq!(Lang::parse("ZH_hans"), Some(Lang::Zh));
    assert_eq!(Lang::parse("en-GB"), Some(Lang::En));
    assert_eq!(Lang::parse("fr"), None);
    assert_eq!(Lang::parse(""), None);
    assert_eq!(Lang::Zh.code(), "zh-CN");
}
