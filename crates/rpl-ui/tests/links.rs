//! Links as a hostile page or a careless teacher would write them: the link
//! reader never panics, quotes the reader's text at most 80 characters long,
//! and the page opened from any link is in a valid state. Seeded, so a run
//! is repeatable: 10 000 generated links through the reader, 200 through the
//! whole page state.

// A bad slice of text fails a test here; the page's own code takes slices
// with `get` (clippy::string_slice in Cargo.toml says why).
#![allow(clippy::string_slice)]

use proptest::prelude::*;
use proptest::test_runner::RngSeed;
use rpl_ui::link::{self, Notice};
use rpl_ui::state::{AppState, Msg};

const KEYS: [&str; 16] = [
    "preset",
    "K_o",
    "Na_i",
    "T",
    "ouabain",
    "volume",
    "pump",
    "P_Na_rel",
    "then",
    "t",
    "lang",
    "lesson",
    "embed",
    "panels",
    "pump_K_Na",
    "I_inj",
];

fn words(n: &Notice) -> String {
    n.text()
}

/// Text for a link value: numbers of every size, words, markup, long junk.
fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<f64>().prop_map(|v| v.to_string()),
        (-400.0f64..400.0).prop_map(|v| format!("{v}")),
        Just("neuron".to_string()),
        Just("zh-CN".to_string()),
        Just("<script>alert(1)</script>".to_string()),
        Just("ouabain:1@600,K_o:8@0".to_string()),
        "[a-zA-Z0-9:@,._%+-]{0,40}",
        "\\PC{0,12}",
        (1usize..3000).prop_map(|n| "x".repeat(n)),
    ]
}

fn query() -> impl Strategy<Value = String> {
    prop::collection::vec((prop::sample::select(KEYS.to_vec()), value()), 0..6).prop_map(|pairs| {
        let mut q = String::from("?");
        for (k, v) in pairs {
            q.push_str(k);
            q.push('=');
            q.extend(form_urlencoded::byte_serialize(v.as_bytes()));
            q.push('&');
        }
        q
    })
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 10_000,
        rng_seed: RngSeed::Fixed(0x5eed_0001),
        ..ProptestConfig::default()
    })]

    #[test]
    fn the_link_reader_never_panics_and_quotes_little(q in query()) {
        let opened = link::open(&q);
        for n in &opened.notices {
            let text = words(n);
            prop_assert!(text.chars().count() < 700, "{} chars: {}", text.len(), &text[..200.min(text.len())]);
        }
        prop_assert!(opened.link.t_s.is_finite() && opened.link.t_s >= 0.0);
    }

    #[test]
    fn raw_query_text_never_panics(q in "\\PC{0,200}") {
        let _ = link::open(&q);
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 200,
        rng_seed: RngSeed::Fixed(0x5eed_0002),
        ..ProptestConfig::default()
    })]

    #[test]
    fn the_page_opened_from_any_link_is_valid(q in query()) {
        // Replays longer than a day are the slow part; keep each case short.
        let q = q.replace("t=", "tt=");
        let mut s = AppState::open(link::open(&q), &[]);
        s.update(Msg::Frame { real_dt_s: 0.1 });
        let r = &s.readouts;
        prop_assert!(r.v_mv.is_finite() || !s.notices.is_empty());
        for ion in rpl_model::Ion::ALL {
            prop_assert!(r.c_in_mm.get(ion) > 0.0, "{ion:?}");
        }
        for n in &s.notices {
            prop_assert!(words(n).chars().count() < 700);
        }
    }
}

#[test]
fn language_tags_and_repeated_keys() {
    let o = link::open("?lang=zh-CN");
    assert_eq!(o.page.lang.as_deref(), Some("zh"));
    assert!(o.notices.is_empty());
    let o = link::open("?lang=zh&lang=en-GB");
    assert_eq!(o.page.lang.as_deref(), Some("en"), "the last wins");
    let o = link::open("?lang=fr");
    assert_eq!(o.notices.len(), 1);
    let long = format!("?lesson={}", "y".repeat(100_000));
    let s = AppState::open(link::open(&long), &[]);
    let shown = link::unknown_lesson_notice(s.unknown_lesson.as_deref().unwrap());
    assert!(words(&shown).chars().count() < 300);
    let huge = format!("?K_o={}", "9".repeat(100_000));
    let o = link::open(&huge);
    let text = words(&o.notices[0]);
    assert!(text.chars().count() < 300, "{}", text.len());
}

#[test]
fn parent_origin_is_an_origin_or_refused_by_name() {
    for (given, want) in [
        ("https://example.org", Some("https://example.org")),
        ("https://Example.ORG/", Some("https://example.org")),
        ("http://localhost:8000", Some("http://localhost:8000")),
        ("https://example.org:443", Some("https://example.org")),
        ("http://127.0.0.1:80/", Some("http://127.0.0.1")),
        ("http://[::1]:8080", Some("http://[::1]:8080")),
        ("https://example.org/notes", None),
        ("https://user@example.org", None),
        ("ftp://example.org", None),
        ("https://", None),
        ("https://exa mple.org", None),
        ("https://example.org:99999", None),
        ("javascript:alert(1)", None),
    ] {
        assert_eq!(link::parse_origin(given).as_deref(), want, "{given}");
    }
    let o = link::open("?embed=1&parent_origin=https%3A%2F%2Fexample.org");
    assert_eq!(o.page.parent_origin.as_deref(), Some("https://example.org"));
    assert!(link::page_query(&o.page).contains("&parent_origin=https://example.org"));
    let o = link::open("?parent_origin=nope");
    assert!(o.page.parent_origin.is_none());
    assert!(words(&o.notices[0]).contains("parent_origin"));
}

#[test]
fn too_many_changes_is_said_once() {
    let many: Vec<String> = (0..1005).map(|i| format!("K_o:5@{i}")).collect();
    let o = link::open(&format!("?then={}", many.join(",")));
    assert_eq!(o.notices.len(), 1);
    let said = o.notices[0].text();
    assert!(said.contains("the rest were skipped"), "{said}");
    assert!(!said.contains("That change was skipped"), "{said}");
}
