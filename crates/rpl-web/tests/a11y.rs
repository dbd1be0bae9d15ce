//! Browser tests of the accessibility layer: the V_m live region's throttle
//! (a pure function, then the region itself), that every input, select and
//! button the app creates has a programmatic label, that the fast readouts
//! are not live regions, and that the chart and the equations carry text
//! alternatives with the present numbers.
//!
//! ```text
//! cargo test --target wasm32-unknown-unknown -p rpl-web --test a11y
//! ```
#![cfg(target_arch = "wasm32")]

use rpl_web::app::{ids, App};
use rpl_web::view::a11y::{Announcer, ANNOUNCE_INTERVAL_MS, LIVE_ID};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

mod common;
use common::*;

wasm_bindgen_test_configure!(run_in_browser);

/// The page's fixed elements (labelled as index.html labels them) plus the
/// containers the controls, ion table and equations are built in.
fn full_page() -> (Fixture, Element) {
    let doc = document();
    let root = doc.create_element("main").unwrap();
    root.set_inner_html(&format!(
        r#"<label for="{preset}">Cell</label><select id="{preset}"></select>
        <button id="{play}" type="button">Pause</button>
        <button id="{step}" type="button">Step</button>
        <button id="{steady}" type="button">Go to steady state</button>
        <button id="{reset}" type="button">Reset</button>
        <label for="{speed}">Model time per real second</label><select id="{speed}"></select>
        <output id="{v}"></output><output id="{ek}"></output><output id="{ena}"></output>
        <output id="{ecl}"></output><output id="{t}"></output>
        <p id="{notice}" hidden></p>
        <canvas id="{chart}" role="img" aria-label="chart"></canvas>
        <div id="{params}"></div><section id="{ions}"></section><section id="{eqs}"></section>"#,
        preset = ids::PRESET,
        play = ids::PLAY,
        step = ids::STEP,
        steady = ids::STEADY,
        reset = ids::RESET,
        speed = ids::SPEED,
        v = ids::V,
        ek = ids::E_K,
        ena = ids::E_NA,
        ecl = ids::E_CL,
        t = ids::TIME,
        notice = ids::NOTICE,
        chart = ids::CHART,
        params = ids::PARAMS,
        ions = ids::ION_READOUTS,
        eqs = ids::EQUATIONS,
    ));
    attach(root)
}

/// Every element under `root` (in document order) that matches `selector`.
fn all(root: &Element, selector: &str) -> Vec<Element> {
    fn walk(el: &Element, selector: &str, out: &mut Vec<Element>) {
        let mut child = el.first_element_child();
        while let Some(c) = child {
            if c.matches(selector).unwrap() {
                out.push(c.clone());
            }
            walk(&c, selector, out);
            child = c.next_element_sibling();
        }
    }
    let mut out = Vec::new();
    walk(root, selector, &mut out);
    out
}

fn text_of(root: &Element, id: &str) -> String {
    root.query_selector(&format!("#{id}"))
        .unwrap()
        .and_then(|e| e.text_content())
        .unwrap_or_default()
        .trim()
        .to_string()
}

/// The element's accessible name from aria-label, aria-labelledby, a
/// `label[for]` or a wrapping `<label>` (the sources the page uses).
fn label_of(root: &Element, el: &Element) -> String {
    if let Some(l) = el.get_attribute("aria-label") {
        return l.trim().to_string();
    }
    if let Some(ids) = el.get_attribute("aria-labelledby") {
        return ids
            .split_whitespace()
            .map(|id| text_of(root, id))
            .collect::<Vec<_>>()
            .join(" ");
    }
    if !el.id().is_empty() {
        if let Some(l) = root
            .query_selector(&format!("label[for=\"{}\"]", el.id()))
            .unwrap()
        {
            return l.text_content().unwrap_or_default().trim().to_string();
        }
    }
    if let Ok(Some(l)) = el.closest("label") {
        return l.text_content().unwrap_or_default().trim().to_string();
    }
    if el.tag_name() == "BUTTON" || el.tag_name() == "SUMMARY" {
        return el.text_content().unwrap_or_default().trim().to_string();
    }
    String::new()
}

#[wasm_bindgen_test]
fn the_live_region_is_polite_and_throttled() {
    install_interface_texts();
    let doc = document();
    let root = doc.create_element("div").unwrap();
    let out: HtmlElement = doc.create_element("output").unwrap().dyn_into().unwrap();
    root.append_child(&out).unwrap();
    doc.body().unwrap().append_child(&root).unwrap();
    let _f = Fixture(root.clone());

    let a = Announcer::mount(&root, None, &[&out], -73.8).unwrap();
    let live = root
        .query_selector(&format!("#{LIVE_ID}"))
        .unwrap()
        .unwrap();
    assert_eq!(live.get_attribute("aria-live").as_deref(), Some("polite"));
    assert_eq!(live.get_attribute("role").as_deref(), Some("status"));
    assert_eq!(live.get_attribute("aria-atomic").as_deref(), Some("true"));
    assert_eq!(out.get_attribute("aria-live").as_deref(), Some("off"));
    assert_eq!(a.text(), "", "nothing is said at start");

    let t0 = js_sys::Date::now();
    // Sixty frames a second for ten seconds while V runs from −74 to −54 mV.
    let mut said = Vec::new();
    for frame in 0..600 {
        let t = t0 + 1.0 + f64::from(frame) * 1000.0 / 60.0;
        let v = -74.0 + f64::from(frame) / 30.0;
        if a.announce_at(t, v) {
            said.push((t, v, a.text()));
        }
    }
    assert!(
        (3..=4).contains(&said.len()),
        "{} announcements: {said:?}",
        said.len()
    );
    for w in said.windows(2) {
        assert!(w[1].0 - w[0].0 >= ANNOUNCE_INTERVAL_MS, "{said:?}");
    }
    assert!(
        said[0].2.starts_with("Membrane voltage \u{2212}"),
        "{said:?}"
    );

    // V nearly steady: nothing more, until a command is applied.
    let (t1, v1, _) = said[said.len() - 1];
    let v = v1 + 0.1;
    assert!(!a.announce_at(t1 + 2.0 * ANNOUNCE_INTERVAL_MS, v));
    a.command();
    assert!(a.announce_at(t1 + 2.0 * ANNOUNCE_INTERVAL_MS + 1.0, v));
}

#[wasm_bindgen_test]
fn a_command_makes_the_next_due_moment_speak() {
    install_interface_texts();
    let doc = document();
    let root = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&root).unwrap();
    let _f = Fixture(root.clone());
    let a = Announcer::mount(&root, None, &[], -73.8).unwrap();
    let t0 = js_sys::Date::now();
    assert!(!a.announce_at(t0 + ANNOUNCE_INTERVAL_MS + 10.0, -73.8));
    a.command();
    assert!(
        !a.announce_at(t0 + 100.0, -73.8),
        "too soon after the start"
    );
    assert!(a.announce_at(t0 + ANNOUNCE_INTERVAL_MS + 20.0, -73.8));
    assert_eq!(a.text(), "Membrane voltage \u{2212}73.8 mV");
    // The command was used up: steady V stays quiet.
    assert!(!a.announce_at(t0 + 3.0 * ANNOUNCE_INTERVAL_MS, -73.8));
}

#[wasm_bindgen_test]
fn every_input_the_app_creates_has_a_label() {
    let (_f, root) = full_page();
    let _app = mount_paused(&root, "");
    let controls = all(&root, "input, select, textarea, button, summary");
    assert!(controls.len() > 40, "{} controls", controls.len());
    let mut ids = std::collections::HashSet::new();
    for el in &controls {
        let label = label_of(&root, el);
        let what = format!("<{} id={:?}>", el.tag_name(), el.id());
        assert!(!label.is_empty(), "{what} has no label");
        if !el.id().is_empty() {
            assert!(ids.insert(el.id()), "{what}: id used twice");
        }
        // A typed field is described by its unit and its error message.
        if el.get_attribute("type").as_deref() == Some("text") {
            let described = el.get_attribute("aria-describedby").unwrap_or_default();
            assert!(described.contains("-error"), "{what}: {described}");
            for id in described.split_whitespace() {
                assert!(
                    root.query_selector(&format!("#{id}")).unwrap().is_some(),
                    "{what}: describedby #{id} is missing"
                );
            }
            let unit = described
                .split_whitespace()
                .find(|id| id.ends_with("-unit"))
                .map(|id| text_of(&root, id))
                .unwrap_or_default();
            assert!(!unit.is_empty(), "{what}: no unit in {described}");
        }
    }
    // Sliders say their range and, once set, their value with its unit.
    for slider in all(&root, "input[type=range]") {
        let label = slider.get_attribute("aria-label").unwrap_or_default();
        assert!(label.contains("slider from"), "{label}");
        assert!(slider.get_attribute("aria-valuetext").is_some(), "{label}");
    }
    let ko = root.query_selector("#ko-slider").unwrap().unwrap();
    assert_eq!(ko.get_attribute("aria-valuetext").as_deref(), Some("5 mM"));
}

#[wasm_bindgen_test]
fn readouts_are_quiet_and_the_live_region_exists() {
    let (_f, root) = full_page();
    let _app = mount_paused(&root, "");
    for id in [ids::V, ids::E_K, ids::E_NA, ids::E_CL, ids::TIME] {
        let el = root.query_selector(&format!("#{id}")).unwrap().unwrap();
        assert_eq!(
            el.get_attribute("aria-live").as_deref(),
            Some("off"),
            "{id}"
        );
    }
    let live = root
        .query_selector(&format!("#{LIVE_ID}"))
        .unwrap()
        .unwrap();
    assert_eq!(live.get_attribute("aria-live").as_deref(), Some("polite"));
    assert_eq!(live.class_name(), "visually-hidden");
    let play = root.query_selector("#play").unwrap().unwrap();
    assert_eq!(play.get_attribute("aria-pressed"), None);
    assert_eq!(play.text_content().as_deref(), Some("Play"));
}

#[wasm_bindgen_test]
fn chart_and_equations_have_text_alternatives_with_numbers() {
    let (_f, root) = full_page();
    let app = App::mount(&root, "?preset=neuron").unwrap();
    app.set_playing(false).unwrap();
    app.step(0.1).unwrap();
    let chart = root.query_selector("#v-chart").unwrap().unwrap();
    let label = chart.get_attribute("aria-label").unwrap_or_default();
    assert!(
        label.starts_with("Chart of the membrane voltage") && label.contains("now \u{2212}73.8 mV"),
        "{label}"
    );
    assert!(
        label.contains("E K \u{2212}") && label.contains("E Na ") && label.contains("E Cl "),
        "{label}"
    );

    let maths = all(&root, "math");
    assert!(maths.len() >= 10, "{} math elements", maths.len());
    for m in &maths {
        let l = m.get_attribute("aria-label").unwrap_or_default();
        assert!(l.len() > 10, "a <math> without a text alternative: {l:?}");
    }
    let r = app.readouts();
    let k = root
        .query_selector("#nernst-k math:nth-child(2)")
        .unwrap()
        .unwrap()
        .get_attribute("aria-label")
        .unwrap_or_default();
    let e_k = rpl_web::view::readouts::format_mv(r.e_mv.k);
    assert!(
        k.starts_with("E K equals") && k.ends_with(&format!("which is {e_k}")),
        "{k}"
    );
    let ghk = root
        .query_selector("#ghk-numbers math")
        .unwrap()
        .unwrap()
        .get_attribute("aria-label")
        .unwrap_or_default();
    assert!(ghk.contains("natural log of (1 times 5 plus"), "{ghk}");
}
