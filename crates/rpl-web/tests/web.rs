//! Browser tests of the web front end, run in headless Chromium:
//!
//! ```text
//! cargo test --target wasm32-unknown-unknown -p rpl-web --tests
//! ```
//!
//! They check what only a browser can show: a chart drawn from a real
//! simulation has the colours of its trace and reference lines; the app starts
//! on a page's controls, reads the URL, and a control's event reaches the model
//! (V changes, the drawing changes) or is refused with a message naming the
//! field. The science itself is tested natively in the model crate.
//!
//! Native builds skip this file (it needs a browser), so a native
//! `cargo test --workspace` stays harmless.
#![cfg(target_arch = "wasm32")]

use rpl_model::{Command, Scenario, Seconds, Simulation};
use rpl_web::app::{self, ids, App};
use rpl_web::history::History;
use rpl_web::view::charts::{self, TimeScale, TimeUnit, VoltageView};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{
    Element, Event, HtmlCanvasElement, HtmlElement, HtmlInputElement, HtmlSelectElement,
};

mod common;
use common::*;

wasm_bindgen_test_configure!(run_in_browser);

/// The neuron preset's resting potential, mV (from the model).
const NEURON_V_MV: f64 = -73.82;

#[wasm_bindgen_test]
fn voltage_chart_of_a_real_simulation_is_drawn() {
    let (_fixture, canvas) = canvas(640, 320);

    let mut sim = Simulation::new(Scenario::preset("neuron").unwrap()).unwrap();
    let mut history = History::default();
    for k in 0..200 {
        if k == 100 {
            sim.apply(Command::Set(
                rpl_model::Key::Outside(rpl_model::Ion::K),
                20.0,
            ))
            .unwrap();
        }
        sim.advance(Seconds(0.002)).unwrap();
        history.push(sim.sample());
    }
    let r = sim.readouts();
    assert!(
        r.v_mv > NEURON_V_MV + 5.0,
        "K_o = 20 depolarises: {}",
        r.v_mv
    );
    let view = VoltageView {
        history: history.samples(),
        time_scale: TimeScale::Linear,
        hide_v: false,
        threshold_mv: None,
        cursor: None,
        pins: &[],
        spikes: &[],
    };
    charts::draw_voltage(&canvas, &view, 1.0).unwrap();

    let px = pixels(&canvas);
    let n = px.len();
    let background = count_near(&px, charts::BACKGROUND, 0);
    assert!(background > n / 2, "mostly background: {background} of {n}");
    assert!(background < n, "something is drawn");
    let trace_px = count_near(&px, charts::V_COLOUR, 40);
    let ek = count_near(&px, charts::EK_COLOUR, 40);
    let ena = count_near(&px, charts::ENA_COLOUR, 40);
    let ecl = count_near(&px, charts::ECL_COLOUR, 40);
    assert!(trace_px > 300, "voltage trace drawn: {trace_px} px");
    assert!(ek > 100, "E_K line drawn: {ek} px");
    assert!(ena > 100, "E_Na line drawn: {ena} px");
    assert!(ecl > 100, "E_Cl line drawn: {ecl} px");
    assert!(distinct_colours(&px, 50) >= 5);
}

/// The controls the app needs, built by the test inside a fresh root.
fn minimal_page() -> (Fixture, Element) {
    let root = page_root(&[
        &APP_INPUTS,
        &APP_READOUTS,
        &[("p", ids::CELL_NOTE, None), ("div", "unrelated", None)],
    ]);
    let canvas: HtmlCanvasElement = by_id(&root, ids::CHART);
    canvas
        .set_attribute("style", "width: 400px; height: 200px")
        .unwrap();
    attach(root)
}

#[wasm_bindgen_test]
fn app_starts_on_a_minimal_page() {
    let (_fixture, root) = minimal_page();
    let app = mount_paused(&root, "");
    let v = app.readouts().v_mv;
    assert!((v - NEURON_V_MV).abs() < 0.05, "neuron at rest: {v}");
    let v_text = by_id::<HtmlElement>(&root, ids::V).text_content().unwrap();
    assert_eq!(v_text, "\u{2212}73.8 mV");
    let preset: HtmlSelectElement = by_id(&root, ids::PRESET);
    assert_eq!(preset.value(), "neuron");
    assert_eq!(preset.length() as usize, rpl_model::PRESET_NAMES.len());
    let ko: HtmlInputElement = by_id(&root, ids::KO_INPUT);
    assert_eq!(ko.value(), "5");
    let canvas: HtmlCanvasElement = by_id(&root, ids::CHART);
    assert!(
        distinct_colours(&pixels(&canvas), 20) >= 4,
        "chart drawn at start"
    );
    assert!(by_id::<HtmlElement>(&root, ids::NOTICE).hidden());
}

#[wasm_bindgen_test]
fn typed_outside_k_reaches_the_model_and_the_drawing() {
    let (_fixture, root) = minimal_page();
    let app = mount_paused(&root, "?preset=neuron");
    app.step(0.05).unwrap();
    let v0 = app.readouts().v_mv;
    let canvas: HtmlCanvasElement = by_id(&root, ids::CHART);
    let before = pixels(&canvas);

    let ko: HtmlInputElement = by_id(&root, ids::KO_INPUT);
    ko.set_value("20");
    fire(&ko, "change");
    app.flush();
    app.step(0.1).unwrap(); // 1× speed: 0.1 s of model time, ten membrane time constants
    let r = app.readouts();
    assert_eq!(r.c_out_mm.k, 20.0);
    assert!(r.v_mv > v0 + 5.0, "K_o = 20 depolarises: {v0} → {}", r.v_mv);
    assert!(r.v_mv < r.e_mv.k + 1.0, "V stays below E_K = {}", r.e_mv.k);
    let after = pixels(&canvas);
    assert_ne!(before, after, "the chart is redrawn");
    let v_text = by_id::<HtmlElement>(&root, ids::V).text_content().unwrap();
    assert_ne!(v_text, "\u{2212}73.8 mV");
    let slider: HtmlInputElement = by_id(&root, ids::KO_SLIDER);
    assert_eq!(
        slider.value().parse::<f64>().unwrap(),
        app::slider_from_ko(20.0)
    );
}

#[wasm_bindgen_test]
fn slider_sets_outside_k() {
    let (_fixture, root) = minimal_page();
    let app = mount_paused(&root, "");
    let slider: HtmlInputElement = by_id(&root, ids::KO_SLIDER);
    slider.set_value(&app::slider_from_ko(10.0).to_string());
    slider
        .dispatch_event(&Event::new("input").unwrap())
        .unwrap();
    app.flush();
    app.step(0.1).unwrap();
    let r = app.readouts();
    assert!((r.c_out_mm.k - 10.0).abs() < 0.05, "K_o = {}", r.c_out_mm.k);
    assert!(r.v_mv > NEURON_V_MV + 3.0);
    let ko: HtmlInputElement = by_id(&root, ids::KO_INPUT);
    assert_eq!(ko.value(), "10");
    assert_eq!(
        slider.get_attribute("aria-valuetext").as_deref(),
        Some("10 mM")
    );
}

#[wasm_bindgen_test]
fn a_bad_typed_value_is_refused_with_a_message() {
    let (_fixture, root) = minimal_page();
    let app = mount_paused(&root, "");
    let v0 = app.readouts().v_mv;
    let ko: HtmlInputElement = by_id(&root, ids::KO_INPUT);
    ko.set_value("-5");
    fire(&ko, "change");
    app.flush();
    let err: HtmlElement = by_id(&root, ids::KO_ERROR);
    assert!(!err.hidden(), "the message is shown");
    let msg = err.text_content().unwrap();
    assert!(msg.contains("K⁺ outside") && !msg.contains("K_o"), "{msg}");
    assert!(msg.contains("-5"), "{msg}");
    assert!(msg.contains("1000 mM"), "{msg}");
    assert_eq!(ko.get_attribute("aria-invalid").as_deref(), Some("true"));
    let r = app.readouts();
    assert_eq!(r.c_out_mm.k, 5.0, "not applied");
    assert_eq!(r.v_mv, v0, "V unchanged");

    ko.set_value("seven");
    fire(&ko, "change");
    app.flush();
    let msg = err.text_content().unwrap();
    assert!(msg.contains("K⁺ outside") && msg.contains("seven"), "{msg}");

    for (typed, says) in [("", "is empty"), ("1e999", "too large")] {
        ko.set_value(typed);
        fire(&ko, "change");
        app.flush();
        let msg = err.text_content().unwrap();
        assert!(msg.contains(says) && !msg.contains("inf"), "{typed}: {msg}");
    }

    ko.set_value("7");
    fire(&ko, "change");
    app.flush();
    assert!(err.hidden(), "a good value clears the message");
    assert_eq!(app.readouts().c_out_mm.k, 7.0);
}

#[wasm_bindgen_test]
fn ouabain_runs_the_cell_down_exactly_as_the_model_does() {
    let (_fixture, root) = minimal_page();
    let app = mount_paused(&root, "");
    let ouabain: HtmlInputElement = by_id(&root, ids::OUABAIN);
    ouabain.set_checked(true);
    fire(&ouabain, "change");
    app.flush();
    let speed: HtmlSelectElement = by_id(&root, ids::SPEED);
    let one_hour = app::SPEEDS.iter().position(|s| s.factor == 3600.0).unwrap();
    speed.set_value(&one_hour.to_string());
    fire(&speed, "change");
    app.flush();
    let v0 = app.readouts().v_mv;
    app.step(0.5).unwrap();
    let v1 = app.readouts().v_mv;
    app.step(0.5).unwrap();
    let v2 = app.readouts().v_mv;
    assert!(v1 > v0 && v2 > v1 + 1.0, "runs down: {v0} → {v1} → {v2}");
    assert!((app.readouts().t_s - 3600.0).abs() < 1e-9);

    // The page adds nothing to the science: the same commands on the model give the same V.
    let mut sim = Simulation::new(Scenario::preset("neuron").unwrap()).unwrap();
    sim.apply(Command::SetOuabain(1.0)).unwrap();
    sim.advance(Seconds(1800.0)).unwrap();
    sim.advance(Seconds(1800.0)).unwrap();
    assert_eq!(sim.voltage().0, v2);

    // The trace covers the run.
    let trace = app.trace();
    assert_eq!(trace.first().map(|p| p.0), Some(0.0));
    assert_eq!(trace.last().map(|p| p.1), Some(v2));

    // Reset starts the preset again, controls included.
    by_id::<HtmlElement>(&root, ids::RESET).click();
    app.flush();
    let r = app.readouts();
    assert_eq!(r.t_s, 0.0);
    assert!((r.v_mv - NEURON_V_MV).abs() < 0.05);
    assert!(!ouabain.checked());
}

#[wasm_bindgen_test]
fn the_url_picks_the_preset_and_names_an_unknown_one() {
    let (_fixture, root) = minimal_page();
    let app = mount_paused(&root, "?preset=astrocyte");
    let preset: HtmlSelectElement = by_id(&root, ids::PRESET);
    assert_eq!(preset.value(), "astrocyte");
    drop(app);

    let (_fixture2, root2) = minimal_page();
    let app2 = mount_paused(&root2, "?preset=frog-heart");
    let notice: HtmlElement = by_id(&root2, ids::NOTICE);
    assert!(!notice.hidden());
    let text = notice.text_content().unwrap();
    assert!(text.contains("frog-heart"), "{text}");
    assert_eq!(
        by_id::<HtmlSelectElement>(&root2, ids::PRESET).value(),
        "neuron"
    );
    assert!((app2.readouts().v_mv - NEURON_V_MV).abs() < 0.05);
}

#[wasm_bindgen_test]
fn other_url_keys_set_fields_and_bad_ones_are_reported() {
    let (scenario, notices) = app::scenario_from_query("?preset=neuron&K_o=10&T=-400");
    assert_eq!(scenario.outside_mm.k, 10.0);
    assert_eq!(notices.len(), 1, "{notices:?}");
    assert!(
        notices[0].contains("Temperature (T) = -400"),
        "{}",
        notices[0]
    );
}

#[wasm_bindgen_test]
fn play_button_toggles() {
    let (_fixture, root) = minimal_page();
    let app = App::mount(&root, "").unwrap();
    assert!(app.is_playing());
    let play: HtmlElement = by_id(&root, ids::PLAY);
    play.click();
    app.flush();
    assert!(!app.is_playing());
    assert_eq!(play.text_content().as_deref(), Some("Play"));
    assert_eq!(play.get_attribute("aria-pressed"), None);
    play.click();
    app.flush();
    assert!(app.is_playing());
}

#[wasm_bindgen_test]
fn a_missing_control_is_named() {
    let (_fixture, root) = attach(page_root(&[]));
    let err = App::mount(&root, "").err().unwrap();
    let text = err.as_string().unwrap();
    assert!(text.contains("id \"preset\""), "{text}");
}

#[wasm_bindgen_test]
fn a_panic_is_shown_in_the_page() {
    let doc = document();
    let banner: HtmlElement = doc.create_element("div").unwrap().dyn_into().unwrap();
    banner.set_id(rpl_web::ERROR_BANNER_ID);
    banner.set_hidden(true);
    let _fixture = Fixture(banner.clone().into());
    doc.body().unwrap().append_child(&banner).unwrap();
    rpl_web::report_panic("panicked at app.rs:1:1: test message");
    assert!(!banner.hidden());
    let text = banner.text_content().unwrap();
    assert!(
        text.contains("test message") && text.contains("Reload"),
        "{text}"
    );
}

#[wasm_bindgen_test]
fn time_axis_and_numbers() {
    assert_eq!(charts::nice_ceil(0.37), 0.5);
    assert_eq!(charts::nice_ceil(1.2), 2.0);
    assert_eq!(charts::nice_ceil(183.0), 200.0);
    assert_eq!(charts::nice_ceil(1000.0), 1000.0);
    let (t0, t1, unit) = charts::time_axis(&[(0.0, -70.0), (0.0123, -70.0)]);
    assert_eq!((t0, unit), (0.0, TimeUnit::Ms));
    assert!((t1 - 0.02).abs() < 1e-12);
    let (_, t1, unit) = charts::time_axis(&[(0.0, -70.0), (3.05 * 3600.0, -30.0)]);
    assert_eq!(unit, TimeUnit::Min);
    assert!((t1 - 200.0 * 60.0).abs() < 1e-6);
    assert_eq!(
        charts::time_axis(&[(0.0, 0.0), (8.0 * 3600.0, 0.0)]).2,
        TimeUnit::H
    );
    assert_eq!(charts::format_number(-73.8245), "\u{2212}73.8");
    assert_eq!(charts::format_number(5.0), "5");
    assert_eq!(charts::format_number(0.0012), "0.0012");
    assert_eq!(charts::format_number(-0.0), "0");
    assert_eq!(charts::format_number_1(-0.01), "0.0");
    assert_eq!(app::format_duration(0.35), "350 ms");
    assert_eq!(app::format_duration(7200.0), "120 min");
}

#[wasm_bindgen_test]
fn slider_scale_and_trace_memory() {
    for ko in [0.5, 2.5, 5.0, 10.0, 20.0, 150.0] {
        let back = app::ko_from_slider(app::slider_from_ko(ko));
        assert!((back - ko).abs() / ko < 0.02, "{ko} → {back}");
    }
    assert_eq!(app::slider_from_ko(-5.0), 0.0);
    let mut history = History::default();
    let mut sim = Simulation::new(Scenario::preset("neuron").unwrap()).unwrap();
    for _ in 0..10_000 {
        sim.advance(Seconds(1.0)).unwrap();
        history.push(sim.sample());
    }
    let p = history.samples();
    assert!(p.len() <= History::CAPACITY);
    assert_eq!(p.first().map(|x| x.t_s), Some(1.0));
    assert_eq!(p.last().map(|x| x.t_s), Some(sim.time().0));
}

/// Resolve at the browser's next animation frame (after its callbacks ran).
async fn next_frame() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .request_animation_frame(&resolve)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
    // Callbacks of one frame run in the order they were asked for: wait one
    // more so the app's own callback has certainly run.
    sleep(0).await;
}

#[wasm_bindgen_test]
async fn an_input_changes_the_page_only_in_the_next_frame() {
    let (_fixture, root) = minimal_page();
    let app = mount_paused(&root, "?preset=neuron");
    let ko: HtmlInputElement = by_id(&root, ids::KO_INPUT);
    let v_text = text(&root, ids::V);
    ko.set_value("20");
    fire(&ko, "change");
    // The listener only posted a message: state and page are as they were.
    assert_eq!(app.scenario().outside_mm.k, 5.0);
    assert_eq!(text(&root, ids::V), v_text);
    next_frame().await;
    assert_eq!(app.scenario().outside_mm.k, 20.0, "the frame handled it");
    assert!(
        !app.is_playing(),
        "a frame for an input does not start the run"
    );
    // Several inputs before a frame: all handled, in order, in that one frame.
    ko.set_value("30");
    fire(&ko, "change");
    ko.set_value("8");
    fire(&ko, "change");
    next_frame().await;
    assert_eq!(app.scenario().outside_mm.k, 8.0, "the last one wins");
}

#[wasm_bindgen_test]
fn free_mode_explains_the_rigid_cells_run_down_and_offers_the_swelling_cell() {
    let (_page, root) = index_page();
    let app = mount_paused(&root, "?preset=neuron");
    let note: HtmlElement = by_id(&root, "donnan-note");
    assert!(note.hidden(), "the pump works: nothing to say");
    let ouabain: HtmlInputElement = by_id(&root, "ouabain");
    ouabain.set_checked(true);
    fire(&ouabain, "change");
    app.flush();
    assert!(!note.hidden(), "ouabain on a rigid cell: the note");
    let said = text(&root, "donnan-text");
    assert!(said.contains("0 mV") && said.contains("Donnan"), "{said}");
    by_id::<HtmlElement>(&root, "try-swelling").click();
    app.flush();
    assert_eq!(
        app.scenario().cell.volume,
        rpl_model::VolumeMode::Swelling,
        "the button makes the cell swell"
    );
    assert!(note.hidden());
}

#[wasm_bindgen_test]
fn a_lessons_key_control_sits_in_its_card_while_it_is_open() {
    let (_page, root) = index_page();
    let app = mount_paused(&root, "?lesson=ghk");
    let slot: HtmlElement = by_id(&root, "lesson-key");
    let in_card = |key: &str| {
        slot.query_selector(&format!("[data-key=\"{key}\"]"))
            .unwrap()
            .is_some()
    };
    assert!(!slot.hidden() && in_card("P_Na_rel"), "GHK: the P_Na ratio");
    // It is the same control: it still sets the model.
    let input: HtmlInputElement = by_id(&root, "pna-input");
    input.set_value("0.1");
    fire(&input, "change");
    app.flush();
    assert_eq!(
        app.scenario().permeability_cm_s.na / app.scenario().permeability_cm_s.k,
        0.1
    );
    app.open_lesson("applications").unwrap();
    assert!(in_card("K_o") && !in_card("P_Na_rel"), "K⁺ₒ for lesson 9");
    let params: Element = by_id(&root, "param-controls");
    assert!(
        params
            .query_selector("[data-key=\"P_Na_rel\"]")
            .unwrap()
            .is_some(),
        "the P_Na ratio went back"
    );
    app.open_lesson("").unwrap();
    assert!(slot.hidden() && !in_card("K_o"));
    assert!(params
        .query_selector("[data-key=\"K_o\"]")
        .unwrap()
        .is_some());
}

#[wasm_bindgen_test]
fn the_reversal_lesson_keeps_the_clamp_in_its_card() {
    let (_page, root) = index_page();
    let app = mount_paused(&root, "?lesson=reversal");
    let slot: HtmlElement = by_id(&root, "lesson-key");
    let slider: HtmlInputElement = by_id(&root, "clamp-slider");
    assert!(!slot.hidden(), "lesson 8 has a key control");
    assert!(
        slot.contains(Some(&slider)),
        "the held voltage sits in the card"
    );
    // The same control: its buttons still hold V at E_K.
    let to_ek: HtmlElement = root
        .query_selector("#lesson-key [data-to=\"K\"]")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    to_ek.click();
    app.flush();
    let input: HtmlInputElement = by_id(&root, "clamp-input");
    assert_eq!(input.value(), "−89.1", "held at E_K");
    app.open_lesson("").unwrap();
    let panel: Element = by_id(&root, "clamp-panel");
    assert!(
        slot.hidden() && panel.contains(Some(&slider)),
        "it went back"
    );
}

#[wasm_bindgen_test]
fn the_tab_bar_shows_one_panel_and_the_arrow_keys_move_it() {
    let (_page, root) = index_page();
    let app = mount_paused(&root, "?preset=neuron");
    let tab = |name: &str| by_id::<HtmlElement>(&root, &format!("tab-{name}"));
    let off = |id: &str| {
        by_id::<HtmlElement>(&root, id)
            .class_list()
            .contains("tab-off")
    };
    assert_eq!(
        tab("params").get_attribute("aria-selected").as_deref(),
        Some("true")
    );
    assert!(!off("param-controls") && off("currents-panel") && off("equations"));
    tab("currents").click();
    app.flush();
    assert!(off("param-controls") && !off("currents-panel"));
    assert_eq!(
        tab("currents").get_attribute("aria-selected").as_deref(),
        Some("true")
    );
    assert_eq!(tab("currents").tab_index(), 0);
    assert_eq!(tab("params").tab_index(), -1);
    // → from Currents: Concentrations.
    let init = web_sys::KeyboardEventInit::new();
    init.set_key("ArrowRight");
    init.set_bubbles(true);
    let ev = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    tab("currents").dispatch_event(&ev).unwrap();
    app.flush();
    assert!(!off("conc-panel") && off("currents-panel"));
    // The clamp's tab opens the clamp.
    tab("clamp").click();
    app.flush();
    assert!(by_id::<Element>(&root, "clamp-panel").has_attribute("open"));
    // A panel that is not shown has no tab.
    drop(app);
    let (_page2, root2) = index_page();
    let _app2 = mount_paused(&root2, "?preset=neuron&panels=membrane,voltage");
    assert!(by_id::<HtmlElement>(&root2, "tab-currents").hidden());
    assert!(!by_id::<HtmlElement>(&root2, "tab-params").hidden());
}
