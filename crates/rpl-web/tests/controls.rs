//! Browser tests of the parameter controls, the ion table and the equations:
//! every control built from the table sends its command and the model
//! changes; a refused typed value leaves the model as it was and says why
//! beside the control; the equations show the model's numbers; Step advances
//! model time while paused.
//!
//! ```text
//! cargo test --target wasm32-unknown-unknown -p rpl-web --test controls
//! ```
#![cfg(target_arch = "wasm32")]

use rpl_model::{Scenario, Simulation, VolumeMode};
use rpl_web::app::{ids, SPEEDS, STEP_REAL_S};
use rpl_web::view::charts::format_number;
use rpl_web::view::controls::{self, Kind, Scale, SPECS};
use rpl_web::view::{equations, readouts};
use rpl_web::App;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement, HtmlSelectElement};

mod common;
use common::*;

wasm_bindgen_test_configure!(run_in_browser);

/// The page's fixed elements plus the containers the controls, ion table and
/// equations are built in.
fn full_page() -> (Fixture, Element) {
    attach(page_root(&[
        &[
            ("select", ids::PRESET, None),
            ("button", ids::PLAY, None),
            ("button", ids::STEP, None),
            ("button", ids::STEADY, None),
            ("button", ids::RESET, None),
            ("select", ids::SPEED, None),
        ],
        &APP_READOUTS,
        &[
            ("div", ids::PARAMS, None),
            ("section", ids::ION_READOUTS, None),
            ("section", ids::EQUATIONS, None),
        ],
    ]))
}

fn type_value(app: &App, root: &Element, id: &str, text: &str) {
    let input: HtmlInputElement = by_id(root, &format!("{id}-input"));
    input.set_value(text);
    fire(&input, "change");
    app.flush();
}

/// A valid value for each range control, different from the neuron's, in the displayed unit.
fn new_value(key: &str) -> f64 {
    match key {
        "Na_o" => 120.0,
        "K_o" => 10.0,
        "Cl_o" => 100.0,
        "Ca_o" => 1.5,
        "Na_i" => 20.0,
        "K_i" => 130.0,
        "Cl_i" => 12.0,
        "Ca_i" => 2e-4,
        "P_K" => 1e-6,
        "P_Na_rel" => 0.1,
        "P_Cl_rel" => 0.2,
        "P_Ca_rel" => 0.01,
        "ouabain" => 50.0,
        "pump_max" => 1.5,
        "T" => 25.0,
        "I_inj" => 2.0,
        "P_exc" => 1e-8,
        "P_inh" => 1e-7,
        "g_KCC2" => 2e-5,
        "g_NKCC1" => 2e-5,
        "ischaemia" => 600.0,
        other => panic!("no test value for {other}"),
    }
}

#[wasm_bindgen_test]
fn every_control_is_built_and_reaches_the_model() {
    let (_f, root) = full_page();
    let app = mount_paused(&root, "");
    for g in controls::Group::ALL {
        let details: HtmlElement = by_id(&root, g.id());
        assert_eq!(details.tag_name(), "DETAILS");
    }
    for spec in SPECS.iter() {
        let before = app.scenario();
        match spec.kind {
            Kind::Range { factor, .. } => {
                let v = new_value(spec.key.name());
                type_value(&app, &root, spec.id, &v.to_string());
                let err: HtmlElement = by_id(&root, &format!("{}-error", spec.id));
                assert!(err.hidden(), "{}: {:?}", spec.key, err.text_content());
                let got = controls::model_value(&app.scenario(), spec.key).unwrap();
                assert!(
                    (got * factor - v).abs() <= 1e-9 * v.abs(),
                    "{}: set {v}, model has {got}",
                    spec.key
                );
            }
            Kind::Toggle { .. } => {
                let input: HtmlInputElement = by_id(&root, spec.id);
                let was = controls::model_value(&before, spec.key).unwrap();
                input.set_checked(was == 0.0);
                fire(&input, "change");
                app.flush();
                let now = controls::model_value(&app.scenario(), spec.key).unwrap();
                assert_eq!(now > 0.0, was == 0.0, "{} toggled", spec.key);
            }
            Kind::Choice(_) => {
                let select: HtmlSelectElement = by_id(&root, spec.id);
                select.set_value("swelling");
                fire(&select, "change");
                app.flush();
                assert_eq!(app.scenario().cell.volume, VolumeMode::Swelling);
            }
        }
        assert_ne!(app.scenario(), before, "{} changed the scenario", spec.key);
    }
}

#[wasm_bindgen_test]
fn raising_p_na_depolarises_toward_e_na() {
    let (_f, root) = full_page();
    let app = mount_paused(&root, "");
    let r0 = app.readouts();
    type_value(&app, &root, "pna", "0.4");
    app.step(0.1).unwrap();
    let r1 = app.readouts();
    assert!(r1.v_mv > r0.v_mv + 30.0, "{} → {}", r0.v_mv, r1.v_mv);
    assert!((r1.v_mv - r1.e_mv.na).abs() < (r0.v_mv - r0.e_mv.na).abs());
    // The slider follows the typed ratio, on its log scale.
    let slider: HtmlInputElement = by_id(&root, "pna-slider");
    let pos: f64 = slider.value().parse().unwrap();
    assert_eq!(
        pos,
        controls::slider_from_value(0.4, 1e-4, 10.0, Scale::LogOrZero)
    );
    // Raising P_K keeps P_Na in cm/s, so the ratio shown falls.
    type_value(&app, &root, "pk", "1e-6");
    let pna: HtmlInputElement = by_id(&root, "pna-input");
    assert_eq!(pna.value(), "0.2");
}

#[wasm_bindgen_test]
fn slider_sends_its_value() {
    let (_f, root) = full_page();
    let app = mount_paused(&root, "");
    let slider: HtmlInputElement = by_id(&root, "pcl-slider");
    slider.set_value("0");
    fire(&slider, "input");
    app.flush();
    assert_eq!(app.scenario().permeability_cm_s.cl, 0.0, "leftmost is zero");
    assert_eq!(by_id::<HtmlInputElement>(&root, "pcl-input").value(), "0");
    let temp: HtmlInputElement = by_id(&root, "temp-slider");
    temp.set_value("500");
    fire(&temp, "input");
    app.flush();
    assert_eq!(app.scenario().temperature_c, 25.0);
}

#[wasm_bindgen_test]
fn inside_na_change_shows_in_the_readouts() {
    let (_f, root) = full_page();
    let app = mount_paused(&root, "");
    assert_eq!(text(&root, "cin-na"), "15");
    type_value(&app, &root, "nai", "30");
    let r = app.readouts();
    assert!((r.c_in_mm.na - 30.0).abs() < 1e-9);
    assert_eq!(text(&root, "cin-na"), "30");
    assert_eq!(
        text(&root, "e-na"),
        rpl_web::view::charts::format_number_1(r.e_mv.na)
    );
    let nernst = text(&root, "nernst-na");
    assert!(nernst.contains("30"), "{nernst}");
}

#[wasm_bindgen_test]
fn a_typed_negative_concentration_is_refused_at_its_control() {
    let (_f, root) = full_page();
    let app = mount_paused(&root, "");
    let before = app.scenario();
    let v0 = app.readouts().v_mv;
    type_value(&app, &root, "nai", "-5");
    let err: HtmlElement = by_id(&root, "nai-error");
    assert!(!err.hidden());
    let msg = err.text_content().unwrap();
    assert!(msg.contains("Na⁺ inside") && !msg.contains("Na_i"), "{msg}");
    assert!(msg.contains("-5"), "{msg}");
    assert!(msg.contains("1000 mM"), "{msg}");
    assert_eq!(
        by_id::<HtmlInputElement>(&root, "nai-input")
            .get_attribute("aria-invalid")
            .as_deref(),
        Some("true")
    );
    assert_eq!(app.scenario(), before, "scenario unchanged");
    assert_eq!(app.readouts().v_mv, v0, "V unchanged");
    assert!(
        by_id::<HtmlElement>(&root, "ko-error").hidden(),
        "other controls unaffected"
    );
    // Not a number, and a percentage beyond 100.
    type_value(&app, &root, "nai", "lots");
    assert!(err.text_content().unwrap().contains("lots"));
    type_value(&app, &root, "block", "150");
    let msg = text(&root, "block-error");
    assert!(msg.contains("ouabain") && msg.contains("1.5"), "{msg}");
    assert_eq!(app.scenario().pump.block, 0.0);
}

#[wasm_bindgen_test]
fn equations_show_the_model_numbers() {
    let (_f, root) = full_page();
    let app = mount_paused(&root, "");
    let r = app.readouts();
    // MathML, in its namespace.
    let math = root.query_selector("#nernst-k math").unwrap().unwrap();
    assert_eq!(math.namespace_uri().as_deref(), Some(equations::MATHML_NS));
    let ek = text(&root, "nernst-k");
    assert!(ek.contains("26.7"), "RT/F at 37 °C: {ek}");
    assert!(ek.contains('5') && ek.contains("140"), "{ek}");
    assert!(ek.contains(&readouts::format_mv(r.e_mv.k)), "{ek}");
    let ghk = text(&root, "ghk-numbers");
    assert!(ghk.contains("0.04") && ghk.contains("0.45"), "{ghk}");
    let sim = Simulation::new(Scenario::preset("neuron").unwrap()).unwrap();
    let want = equations::ghk_mv(&sim, &sim.readouts()).unwrap();
    assert_eq!(text(&root, "ghk-v"), readouts::format_mv(want));
    assert!(
        want > r.v_mv + 2.0,
        "the pump makes V more negative than GHK"
    );
    assert!(text(&root, "ghk-why").contains("pump"));
    // V_m in the sentence has its subscript, as in the rest of the page.
    let why = by_id::<web_sys::Element>(&root, "ghk-why");
    let sub = why.query_selector("sub").unwrap().map(|s| s.text_content());
    assert_eq!(sub, Some(Some("m".to_string())), "{:?}", why.inner_html());
    assert!(!text(&root, "ghk-why").contains("V_m"));

    // After a change the numbers follow at once.
    type_value(&app, &root, "ko", "10");
    let ek = text(&root, "nernst-k");
    assert!(ek.contains("10"), "{ek}");
    assert!(
        ek.contains(&readouts::format_mv(app.readouts().e_mv.k)),
        "{ek}"
    );
}

#[wasm_bindgen_test]
fn step_advances_model_time_while_paused() {
    let (_f, root) = full_page();
    let app = mount_paused(&root, "");
    let t0 = app.readouts().t_s;
    let step: HtmlElement = by_id(&root, ids::STEP);
    step.click();
    app.flush();
    step.click();
    app.flush();
    assert!(!app.is_playing());
    let speed = SPEEDS[2].factor; // real time, the neuron's default
    let t1 = app.readouts().t_s;
    assert!(
        (t1 - t0 - 2.0 * speed * STEP_REAL_S).abs() < 1e-12,
        "{t0} → {t1}"
    );
    // While playing, Step pauses first.
    app.set_playing(true).unwrap();
    step.click();
    app.flush();
    assert!(!app.is_playing());
}

#[wasm_bindgen_test]
fn go_to_steady_state_after_a_change() {
    let (_f, root) = full_page();
    let app = mount_paused(&root, "");
    type_value(&app, &root, "ko", "20");
    by_id::<HtmlElement>(&root, ids::STEADY).click();
    app.flush();
    let r = app.readouts();
    assert!(
        r.net_current_ua_cm2.abs() < 1e-9,
        "{}",
        r.net_current_ua_cm2
    );
    assert!((r.v_mv - r.v_zero_current_mv).abs() < 1e-6);
    // Getting there takes the cell tens of minutes of model time, and the page says so.
    assert!(
        r.t_s > 600.0,
        "the clock moved by the time it took: {} s",
        r.t_s
    );
    let notice = by_id::<HtmlElement>(&root, ids::NOTICE);
    assert!(!notice.hidden());
    assert!(notice
        .text_content()
        .unwrap_or_default()
        .contains("model time"));
}

#[wasm_bindgen_test]
fn readout_text() {
    assert_eq!(readouts::format_count(5.8e6), "5.8 million");
    assert_eq!(readouts::format_count(950.0), "950");
    assert_eq!(readouts::format_count(2.1e15), "2.1 × 10¹⁵");
    assert_eq!(readouts::format_percent(1.7e-5), "0.0017 %");
    assert_eq!(readouts::format_percent(0.8), "80 %");
    assert_eq!(
        readouts::moved_text(rpl_model::Ion::K, 5.8e6, 1.7e-5),
        "K⁺ moved: 5.8 million ions out = 0.0017 % of the cell's K⁺"
    );
    assert_eq!(readouts::format_signed_mv(15.24), "+15.2 mV");
    assert_eq!(controls::round_nice(0.30000001), 0.3);
    assert_eq!(controls::format_input(5e-7), "5e-7");
    assert_eq!(controls::format_input(2.13794), "2.138");
    for (v, min, max) in [(0.04, 1e-4, 10.0), (5e-7, 1e-8, 1e-5)] {
        let scale = if v < 1e-6 {
            Scale::Log
        } else {
            Scale::LogOrZero
        };
        let back = controls::value_from_slider(
            controls::slider_from_value(v, min, max, scale),
            min,
            max,
            scale,
        );
        assert!((back - v).abs() / v < 0.03, "{v} → {back}");
    }
    assert_eq!(format_number(26.73), "26.7");
}

#[wasm_bindgen_test]
fn the_ouabain_box_is_ticked_only_when_every_pump_is_blocked() {
    let (_f, root) = full_page();
    let app = mount_paused(&root, "");
    let ouabain: HtmlInputElement = by_id(&root, "ouabain");
    assert!(!ouabain.checked() && !ouabain.indeterminate());
    type_value(&app, &root, "block", "50");
    assert!(
        !ouabain.checked(),
        "half the pumps blocked is not 'every pump'"
    );
    assert!(ouabain.indeterminate(), "it shows as mixed");
    type_value(&app, &root, "block", "100");
    assert!(ouabain.checked() && !ouabain.indeterminate());
}

/// Press `key` with the keyboard event starting at `target`.
/// Returns whether the page prevented the key's default action.
fn press(app: &App, target: &Element, key: &str) -> bool {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key(key);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let ev = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    target.dispatch_event(&ev).unwrap();
    app.flush();
    ev.default_prevented()
}

#[wasm_bindgen_test]
fn keys_play_step_and_restart_but_not_while_typing() {
    let (_f, root) = full_page();
    let app = mount_paused(&root, "");
    let body: Element = document().body().unwrap().into();
    assert!(
        press(&app, &body, " "),
        "Space does not also scroll the page"
    );
    assert!(app.is_playing(), "Space plays");
    press(&app, &body, " ");
    assert!(!app.is_playing(), "and pauses");
    press(&app, &body, "ArrowRight");
    let t = app.readouts().t_s;
    assert!(t > 0.0, "→ steps");
    press(&app, &body, "r");
    assert_eq!(app.readouts().t_s, 0.0, "R starts the run again");
    let input: Element = by_id(&root, "ko-input");
    press(&app, &input, " ");
    assert!(
        !app.is_playing(),
        "a space typed into a field is the field's"
    );
    let play: HtmlElement = by_id(&root, ids::PLAY);
    assert_eq!(
        play.get_attribute("aria-keyshortcuts").as_deref(),
        Some("Space")
    );
}

#[wasm_bindgen_test]
fn the_question_mark_lists_the_keys() {
    let (_page, root) = index_page();
    let app = mount_paused(&root, "");
    let body: Element = document().body().unwrap().into();
    let keys: web_sys::HtmlDialogElement = by_id(&root, "keys-dialog");
    assert!(!keys.open());
    assert!(press(&app, &body, "?"));
    assert!(keys.open(), "? lists the keys");
    let listed = keys.text_content().unwrap_or_default();
    for k in ["Space", "→", "R", "?"] {
        assert!(listed.contains(k), "{k} is in the list: {listed}");
    }
    assert!(!app.is_playing(), "and changes nothing else");
    keys.close();
}

#[wasm_bindgen_test]
fn an_arrow_key_on_a_slider_moves_it_a_fiftieth() {
    let (_f, root) = full_page();
    let app = mount_paused(&root, "");
    let slider: HtmlInputElement = by_id(&root, "ko-slider");
    let pos0: f64 = slider.value().parse().unwrap();
    let ko0 = app.scenario().outside_mm.k;
    assert!(
        press(&app, &slider, "ArrowRight"),
        "the browser's thousandth step is not taken"
    );
    let pos1: f64 = slider.value().parse().unwrap();
    let ko1 = app.scenario().outside_mm.k;
    assert!(ko1 > ko0, "K_o rises: {ko0} → {ko1}");
    assert!(
        (pos1 - pos0 - controls::KEY_STEP).abs() <= 2.0,
        "about a fiftieth of the slider: {pos0} → {pos1}"
    );
    assert_eq!(
        by_id::<HtmlInputElement>(&root, "ko-input").value(),
        controls::format_input(ko1),
        "the field follows"
    );
    press(&app, &slider, "PageDown");
    assert!(
        app.scenario().outside_mm.k < ko0,
        "Page Down goes five steps back"
    );
}
