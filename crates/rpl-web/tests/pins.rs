//! Browser tests of pinned runs on the real `index.html`: Pin keeps the run
//! as a grey trace on the V chart with a line in the list, its remove button
//! takes it away, and the share link carries it.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::HtmlElement;

mod common;
use common::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn pin_draws_a_ghost_trace_lists_it_and_removes_it() {
    let (_page, root) = index_page();
    let app = mount_paused(&root, "?preset=neuron&K_o=20");
    let k_o = by_id::<web_sys::HtmlInputElement>(&root, "ko-input");
    app.step(0.5).unwrap();
    by_id::<HtmlElement>(&root, "pin-button").click();
    app.flush();
    let list = by_id::<HtmlElement>(&root, "pin-list");
    assert_eq!(list.child_element_count(), 1);
    assert!(list
        .text_content()
        .unwrap()
        .starts_with("1 Neuron (mammalian) · K_o=20"));
    // A different run beside it: the pinned one shows in grey.
    k_o.set_value("5");
    fire(&k_o, "change");
    app.flush();
    app.step(0.5).unwrap();
    assert!(app
        .share_url()
        .unwrap()
        .contains("&pin=preset%3Dneuron%26K_o%3D20"));
    let remove = root
        .query_selector("#pin-list [data-unpin]")
        .unwrap()
        .unwrap()
        .dyn_into::<HtmlElement>()
        .unwrap();
    assert_eq!(
        remove.get_attribute("aria-label").as_deref(),
        Some("Remove pinned run 1")
    );
    remove.click();
    app.flush();
    assert_eq!(list.child_element_count(), 0);
    assert!(!app.share_url().unwrap().contains("pin="));
}

#[wasm_bindgen_test]
fn a_pinned_run_is_a_grey_trace_on_the_v_and_concentration_charts() {
    use rpl_model::{Scenario, Seconds, Simulation};
    use rpl_web::view::charts::{self, TimeScale, VoltageView};
    let (_fixture, canvas) = canvas(640, 320);
    let run = |k_o: f64| {
        let mut s = Scenario::preset("neuron").unwrap();
        s.outside_mm.k = k_o;
        let mut sim = Simulation::new(s).unwrap();
        let mut samples = vec![sim.sample()];
        for _ in 0..50 {
            sim.advance(Seconds(0.01)).unwrap();
            samples.push(sim.sample());
        }
        samples
    };
    let live = run(5.0);
    let pinned = rpl_ui::pins::Pin {
        query: "preset=neuron&K_o=20&t=0.5".into(),
        scenario: Scenario::preset("neuron").unwrap(),
        label: "neuron · K_o=20 · 0.5 s".into(),
        samples: run(20.0),
    };
    let draw = |pins: &[rpl_ui::pins::Pin]| {
        let view = VoltageView {
            history: &live,
            time_scale: TimeScale::Linear,
            hide_v: false,
            threshold_mv: None,
            cursor: None,
            pins,
            spikes: &[],
        };
        charts::draw_voltage(&canvas, &view, 1.0).unwrap();
        count_near(&pixels(&canvas), "#999999", 16)
    };
    let (without, with) = (draw(&[]), draw(std::slice::from_ref(&pinned)));
    assert!(with > without + 200, "grey pixels {without} → {with}");
    // And on the concentration chart, with the same time axis.
    let conc = |pins: &[rpl_ui::pins::Pin]| {
        let view = charts::ConcentrationView {
            history: &live,
            time_scale: TimeScale::Linear,
            show_volume: false,
            pins,
        };
        charts::draw_concentrations(&canvas, &view, 1.0).unwrap();
        count_near(&pixels(&canvas), "#999999", 16)
    };
    let (without, with) = (conc(&[]), conc(std::slice::from_ref(&pinned)));
    assert!(
        with > without + 200,
        "grey pixels on the concentrations {without} → {with}"
    );
}
