//! Browser tests of sharing, embedding and export: a shared URL opens the same
//! state (V and concentrations equal to 1e-9), bad link parts are named one by
//! one, a lesson opens by name, embed mode posts its height, the CSV carries
//! the scenario, and the panels follow the link.

// A bad slice of text fails a test here; the page's own code takes slices
// with `get` (clippy::string_slice in Cargo.toml says why).
#![allow(clippy::string_slice)]
#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;
use std::rc::Rc;

use rpl_model::Ion;
use rpl_web::app::{ids, App};
use rpl_web::platform::browser;
use rpl_web::view::share;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement, HtmlSelectElement};

mod common;
use common::*;

wasm_bindgen_test_configure!(run_in_browser);

/// The controls the app needs, plus two panels and the share bar.
fn page() -> (Fixture, Element) {
    let root = page_root(&[
        &APP_INPUTS[..4],
        &[("button", ids::STEADY, None)],
        &APP_INPUTS[4..],
        &APP_READOUTS,
        &[
            ("p", ids::CELL_NOTE, None),
            ("button", share::ids::SHARE, None),
            ("button", share::ids::CSV, None),
            ("div", share::ids::PNG, None),
            ("section", "membrane-box", None),
        ],
    ]);
    by_id::<Element>(&root, "membrane-box")
        .set_attribute("data-panel", "membrane")
        .unwrap();
    by_id::<Element>(&root, ids::CHART)
        .set_attribute("data-png", "voltage")
        .unwrap();
    attach(root)
}

fn query_of(url: &str) -> String {
    let i = url.find('?').expect("a query");
    url[i..].to_string()
}

#[wasm_bindgen_test]
fn a_shared_url_opens_the_same_state() {
    let (_f1, root) = page();
    let app = mount_paused(&root, "?preset=neuron");
    let ko: HtmlInputElement = by_id(&root, ids::KO_INPUT);
    ko.set_value("10");
    fire(&ko, "change");
    app.flush();
    app.step(0.3).unwrap();
    let ouabain: HtmlInputElement = by_id(&root, ids::OUABAIN);
    ouabain.set_checked(true);
    fire(&ouabain, "change");
    app.flush();
    let speed: HtmlSelectElement = by_id(&root, ids::SPEED);
    speed.set_value("5"); // 1 h/s
    fire(&speed, "change");
    app.flush();
    for dt in [0.5, 0.25, 0.37, 0.61] {
        app.step(dt).unwrap();
    }
    let before = app.readouts();
    let url = app.share_url().unwrap();
    assert!(!app.is_playing(), "Share pauses");
    let q = query_of(&url);
    assert!(
        q.starts_with("?preset=neuron&then=K_o:10@0,ouabain:1@0.3&t="),
        "{q}"
    );
    assert!(q.contains("&t="), "{q}");
    let shared = app.readouts();
    assert!(
        (shared.v_mv - before.v_mv).abs() < 1e-3,
        "sharing moves V by no more than the integrator's tolerance: {} → {}",
        before.v_mv,
        shared.v_mv
    );

    let (_f2, root2) = page();
    let opened = App::mount(&root2, &q).unwrap();
    assert!(!opened.is_playing(), "a link with t opens paused");
    let r = opened.readouts();
    assert_eq!(r.t_s, shared.t_s);
    assert!(
        (r.v_mv - shared.v_mv).abs() <= 1e-9,
        "{} vs {}",
        r.v_mv,
        shared.v_mv
    );
    for ion in Ion::ALL {
        let (a, b) = (r.c_in_mm.get(ion), shared.c_in_mm.get(ion));
        assert!((a - b).abs() <= 1e-9, "{ion:?}: {a} vs {b}");
    }
    assert_eq!(opened.scenario(), app.scenario());
    assert_eq!(opened.changes(), app.changes());
    assert!(by_id::<HtmlElement>(&root2, ids::NOTICE).hidden());
    assert!(opened.trace().len() > 100, "the replay draws the trace");
    // Sharing the opened page gives the same link.
    assert_eq!(query_of(&opened.share_url().unwrap()), q);
}

#[wasm_bindgen_test]
fn bad_link_parts_are_named_and_only_they_fall_back() {
    let (_f, root) = page();
    let app = mount_paused(
        &root,
        "?preset=frog&K_o=-5&T=20&lang=fr&lesson=nope&embed=2&then=bogus:1@5&colour=red",
    );
    let notice = by_id::<HtmlElement>(&root, ids::NOTICE);
    assert!(!notice.hidden());
    let text = notice.text_content().unwrap_or_default();
    for needle in [
        "frog", "neuron", "K_o", "-5", "fr", "en, zh", "nope", "ouabain", "embed", "bogus",
        "steady", "colour", "lesson",
    ] {
        assert!(text.contains(needle), "notice names {needle}: {text}");
    }
    let s = app.scenario();
    assert_eq!(s.temperature_c, 20.0, "T applies");
    assert_eq!(s.outside_mm.k, 5.0, "K_o falls back");
    assert_eq!(app.lang(), None);
    assert!(!app.embedded());
}

#[wasm_bindgen_test]
fn lessons_open_by_name_and_lesson_and_lang_are_carried() {
    let (_f, root) = page();
    let app = mount_paused(&root, "?lesson=ouabain&lang=zh");
    assert_eq!(app.lesson().as_deref(), Some("ouabain"));
    assert_eq!(app.lang().as_deref(), Some("zh"));
    assert_eq!(
        app.scenario().pump.block,
        1.0,
        "the lesson's after-start command ran"
    );
    app.set_lang(Some("en"));
    let q = query_of(&app.share_url().unwrap());
    assert!(q.contains("then=ouabain:1@0"), "{q}");
    assert!(q.ends_with("&lesson=ouabain&lang=en"), "{q}");
    app.set_lesson(None);
    assert!(!app.share_url().unwrap().contains("lesson="));
}

#[wasm_bindgen_test]
fn panels_follow_the_link() {
    let (_f, root) = page();
    let app = mount_paused(&root, "?preset=astrocyte&panels=voltage,clamp");
    let membrane = by_id::<HtmlElement>(&root, "membrane-box");
    assert!(membrane.hidden());
    assert!(!app.panels().membrane && app.panels().clamp);
    let q = query_of(&app.share_url().unwrap());
    assert_eq!(q, "?preset=astrocyte&panels=voltage,clamp");
    let mut p = app.panels();
    p.membrane = true;
    app.set_panels(p).unwrap();
    assert!(!membrane.hidden());
}

#[wasm_bindgen_test]
fn csv_has_the_scenario_header_and_rows_and_png_buttons_exist() {
    let (_f, root) = page();
    let app = mount_paused(&root, "?preset=neuron&K_o=8");
    let ouabain: HtmlInputElement = by_id(&root, ids::OUABAIN);
    ouabain.set_checked(true);
    fire(&ouabain, "change");
    app.flush();
    for _ in 0..20 {
        app.step(0.05).unwrap();
    }
    let csv = app.csv();
    assert!(csv.starts_with("# {"), "{}", &csv[..40]);
    assert!(csv.contains("\"outside_mm\""));
    assert!(
        csv.contains("# link: ?preset=neuron&K_o=8&then=ouabain:1@0"),
        "{csv}"
    );
    assert!(csv.contains("# then ouabain=1 at t = 0 s"));
    let scenario = rpl_model::export::scenario_from_csv(&csv).unwrap();
    assert_eq!(scenario.outside_mm.k, 8.0);
    let rows: Vec<&str> = csv
        .lines()
        .skip_while(|l| !l.starts_with("t_s,"))
        .skip(1)
        .collect();
    assert!(rows.len() >= 20, "{} rows", rows.len());
    assert_eq!(
        rows[0].split(',').count(),
        17,
        "with the ions moved and the pump cycles"
    );
    let png = by_id::<Element>(&root, share::ids::PNG);
    assert_eq!(
        png.text_content().as_deref(),
        Some("PNG: voltage"),
        "one PNG button per canvas"
    );
}

#[wasm_bindgen_test]
fn snippets_for_embedding() {
    let code = share::embed_snippet("https://example.org/rpl/?preset=neuron&t=60");
    assert_eq!(
        code,
        "<iframe src=\"https://example.org/rpl/?preset=neuron&amp;t=60&amp;embed=1\" width=\"100%\" \
         height=\"700\" style=\"border:0\" title=\"Resting Potential Lab\"></iframe>"
    );
    let js = share::embed_script("https://example.org");
    assert!(js.contains("event.origin !== 'https://example.org'"));
    assert!(js.contains("'rpl-height'") && js.contains("iframe[title=\"Resting Potential Lab\"]"));
}

#[wasm_bindgen_test]
fn parent_origin_is_an_origin_or_nothing() {
    for (given, origin) in [
        ("https://example.org", "https://example.org"),
        ("https://example.org/", "https://example.org"),
        ("HTTPS://Example.ORG", "https://example.org"),
        ("http://localhost:8000", "http://localhost:8000"),
        ("https://example.org:443", "https://example.org"),
        ("http://127.0.0.1:5173", "http://127.0.0.1:5173"),
        ("http://[::1]:8080", "http://[::1]:8080"),
    ] {
        assert_eq!(
            share::parse_origin(given).as_deref(),
            Some(origin),
            "{given}"
        );
    }
    for bad in [
        "",
        "*",
        "null",
        "example.org",
        "//example.org",
        "ftp://example.org",
        "javascript:alert(1)",
        "https://",
        "https://example.org/notes",
        "https://example.org//",
        "https://example.org?x=1",
        "https://example.org#top",
        "https://user@example.org",
        "https://exa mple.org",
        "https://example.org:99999",
        "https:example.org",
        "https://example.org\\@evil.test",
    ] {
        assert_eq!(share::parse_origin(bad), None, "{bad:?} is not an origin");
    }
    assert_eq!(browser::height_target_origin(None), "*");
    assert_eq!(
        browser::height_target_origin(Some("https://example.org")),
        "https://example.org"
    );
}

#[wasm_bindgen_test]
fn parent_origin_is_carried_and_a_bad_one_is_named() {
    let (_f, root) = page();
    let app = mount_paused(
        &root,
        "?preset=neuron&embed=1&parent_origin=https%3A%2F%2Fcourse.example.org%2F",
    );
    assert!(by_id::<HtmlElement>(&root, ids::NOTICE).hidden());
    let q = query_of(&app.share_url().unwrap());
    assert!(
        q.ends_with("&parent_origin=https://course.example.org"),
        "{q}"
    );
    let opened = share::open(&q);
    assert_eq!(
        opened.page.parent_origin.as_deref(),
        Some("https://course.example.org")
    );
    assert!(opened.notices.is_empty());
    let snippet = share::embed_snippet(&app.share_url().unwrap());
    assert!(
        snippet.contains("parent_origin=https://course.example.org&amp;embed=1"),
        "{snippet}"
    );
    drop(app);
    document()
        .document_element()
        .unwrap()
        .class_list()
        .remove_1(browser::EMBED_CLASS)
        .unwrap();

    let (_f2, root) = page();
    let app = mount_paused(&root, "?preset=neuron&parent_origin=https://evil.test/x");
    let notice = by_id::<HtmlElement>(&root, ids::NOTICE);
    assert!(!notice.hidden());
    let text = notice.text_content().unwrap_or_default();
    for needle in [
        "parent_origin",
        "https://evil.test/x",
        "https://example.org",
        "any origin",
    ] {
        assert!(text.contains(needle), "notice names {needle}: {text}");
    }
    assert!(!query_of(&app.share_url().unwrap()).contains("parent_origin"));
}

#[wasm_bindgen_test]
async fn embed_mode_posts_its_height() {
    let seen: Rc<RefCell<Vec<f64>>> = Rc::default();
    let got = seen.clone();
    let listener =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
            let data = e.data();
            let kind = js_sys::Reflect::get(&data, &"type".into())
                .ok()
                .and_then(|v| v.as_string());
            if kind.as_deref() == Some(browser::HEIGHT_MESSAGE) {
                if let Some(h) = js_sys::Reflect::get(&data, &"height".into())
                    .ok()
                    .and_then(|v| v.as_f64())
                {
                    got.borrow_mut().push(h);
                }
            }
        });
    let window = web_sys::window().unwrap();
    window
        .add_event_listener_with_callback("message", listener.as_ref().unchecked_ref())
        .unwrap();
    let (_f, root) = page();
    let app = mount_paused(&root, "?preset=neuron&embed=1");
    assert!(app.embedded());
    let html = document().document_element().unwrap();
    assert!(html.class_list().contains(browser::EMBED_CLASS));
    sleep(300).await;
    let first = seen.borrow().last().copied();
    assert!(
        first.is_some_and(|h| h > 0.0),
        "a height message: {:?}",
        seen.borrow()
    );
    // Grow the page: a new height is posted.
    let filler: HtmlElement = document()
        .create_element("div")
        .unwrap()
        .dyn_into()
        .unwrap();
    filler.set_attribute("class", "filler").unwrap();
    filler.set_inner_html("<p>a</p><p>b</p><p>c</p><p>d</p>");
    root.append_child(&filler).unwrap();
    sleep(300).await;
    let last = seen.borrow().last().copied();
    assert!(last > first, "{first:?} → {last:?}");
    drop(app);
    html.class_list().remove_1(browser::EMBED_CLASS).unwrap();
    window
        .remove_event_listener_with_callback("message", listener.as_ref().unchecked_ref())
        .unwrap();
}
