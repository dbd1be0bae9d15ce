//! Browser tests of the chart panels, run in headless Chromium:
//!
//! ```text
//! cargo test --target wasm32-unknown-unknown -p rpl-web --test charts
//! ```
//!
//! Each new canvas (concentrations, current bars, I–V) is drawn from a real
//! simulation; the history thins but keeps its first and newest samples; the
//! "log time" option changes the drawing; the clamp control changes the
//! currents shown; and the I–V total crosses zero at the model's V.
#![cfg(target_arch = "wasm32")]

use rpl_model::{Ion, Millivolts, Scenario, Seconds, Simulation};
use rpl_web::app::ids;
use rpl_web::history::History;
use rpl_web::view::chart_panels::{self, ids as cids};
use rpl_web::view::charts::{self, ConcentrationView, TimeScale, VoltageView};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlCanvasElement, HtmlElement, HtmlInputElement};

mod common;
use common::*;

wasm_bindgen_test_configure!(run_in_browser);

/// A page with the app's controls and every chart panel, canvases laid out at a fixed size.
fn full_page() -> (Fixture, Element) {
    let doc = document();
    let root = page_root(&[
        &APP_INPUTS,
        &APP_READOUTS,
        &[
            ("input", cids::LOG_TIME, Some("checkbox")),
            ("section", cids::CONC_PANEL, None),
            ("canvas", cids::CONC_CHART, None),
            ("canvas", cids::CURRENTS_CHART, None),
            ("table", cids::CURRENTS_TABLE, None),
            ("p", cids::CURRENTS_CAPTION, None),
            ("input", cids::CLAMP_SLIDER, Some("range")),
            ("input", cids::CLAMP_INPUT, Some("text")),
            ("p", cids::CLAMP_ERROR, None),
            ("table", cids::CLAMP_TABLE, None),
            ("canvas", cids::IV_CHART, None),
        ],
    ]);
    let group = doc.create_element("div").unwrap();
    group.set_id(cids::CLAMP_TO);
    for to in ["rest", "K", "Na", "Cl"] {
        let b = doc.create_element("button").unwrap();
        b.set_attribute("data-to", to).unwrap();
        b.set_text_content(Some(to));
        group.append_child(&b).unwrap();
    }
    root.append_child(&group).unwrap();
    for (id, h) in [
        (ids::CHART, 260),
        (cids::CONC_CHART, 220),
        (cids::CURRENTS_CHART, 220),
        (cids::IV_CHART, 300),
    ] {
        let c: HtmlCanvasElement = by_id(&root, id);
        c.set_attribute(
            "style",
            &format!("display:block; width: 560px; height: {h}px"),
        )
        .unwrap();
    }
    attach(root)
}

/// The exact value in a table cell (`data-value`), by row and column key.
fn cell(root: &Element, table: &str, row: &str, col: &str) -> f64 {
    let el = root
        .query_selector(&format!(
            "#{table} tr[data-row=\"{row}\"] td[data-col=\"{col}\"]"
        ))
        .unwrap()
        .unwrap_or_else(|| panic!("no cell {row}/{col} in #{table}"));
    el.get_attribute("data-value")
        .unwrap_or_else(|| panic!("cell {row}/{col} has no value"))
        .parse()
        .unwrap()
}

fn cell_text(root: &Element, table: &str, row: &str, col: &str) -> String {
    root.query_selector(&format!(
        "#{table} tr[data-row=\"{row}\"] td[data-col=\"{col}\"]"
    ))
    .unwrap()
    .unwrap()
    .text_content()
    .unwrap_or_default()
}

#[wasm_bindgen_test]
fn every_chart_canvas_is_drawn_with_its_colours() {
    let (_fixture, root) = full_page();
    let _app = mount_paused(&root, "?preset=neuron");
    let conc = pixels(&by_id(&root, cids::CONC_CHART));
    assert!(distinct_colours(&conc, 30) >= 5, "concentrations drawn");
    for (colour, name) in [
        (charts::EK_COLOUR, "K"),
        (charts::ENA_COLOUR, "Na"),
        (charts::ECL_COLOUR, "Cl"),
    ] {
        let n = count_near(&conc, colour, 40);
        assert!(n > 60, "{name} line on the concentration chart: {n} px");
    }
    let bars = pixels(&by_id(&root, cids::CURRENTS_CHART));
    assert!(distinct_colours(&bars, 30) >= 5, "current bars drawn");
    for colour in [
        charts::EK_COLOUR,
        charts::ENA_COLOUR,
        charts::ECL_COLOUR,
        charts::PUMP_COLOUR,
    ] {
        assert!(count_near(&bars, colour, 30) > 100, "a bar of {colour:?}");
    }
    let iv = pixels(&by_id(&root, cids::IV_CHART));
    assert!(distinct_colours(&iv, 30) >= 6, "I–V chart drawn");
    assert!(count_near(&iv, charts::PUMP_COLOUR, 40) > 60, "pump curve");
    assert!(count_near(&iv, charts::HELD_COLOUR, 40) > 60, "held-V line");
}

#[wasm_bindgen_test]
fn log_time_option_changes_the_drawing() {
    // The chart functions alone: the same history, linear and log.
    let doc = document();
    let canvas: HtmlCanvasElement = doc.create_element("canvas").unwrap().dyn_into().unwrap();
    canvas.set_width(640);
    canvas.set_height(300);
    let mut sim = Simulation::new(Scenario::preset("k-only").unwrap()).unwrap();
    let mut history = History::default();
    history.push(sim.sample());
    for _ in 0..300 {
        sim.advance(Seconds(1e-4)).unwrap();
        history.push(sim.sample());
    }
    let draw = |time_scale| {
        let view = VoltageView {
            history: history.samples(),
            time_scale,
            hide_v: false,
            threshold_mv: None,
            cursor: None,
            pins: &[],
            spikes: &[],
        };
        charts::draw_voltage(&canvas, &view, 1.0).unwrap();
        pixels(&canvas)
    };
    let (linear, log) = (draw(TimeScale::Linear), draw(TimeScale::Log));
    assert_ne!(linear, log);
    // A lesson that hides V draws the chart without it.
    let hidden = VoltageView {
        history: history.samples(),
        time_scale: TimeScale::Linear,
        hide_v: true,
        threshold_mv: None,
        cursor: None,
        pins: &[],
        spikes: &[],
    };
    charts::draw_voltage(&canvas, &hidden, 1.0).unwrap();
    assert_ne!(pixels(&canvas), linear, "the V trace is left out");
    let conc = |time_scale| {
        let view = ConcentrationView {
            history: history.samples(),
            time_scale,
            show_volume: true,
            pins: &[],
        };
        charts::draw_concentrations(&canvas, &view, 1.0).unwrap();
        pixels(&canvas)
    };
    assert_ne!(conc(TimeScale::Linear), conc(TimeScale::Log));

    // Through the page: the checkbox redraws both time charts, even while paused.
    let (_fixture, root) = full_page();
    let app = mount_paused(&root, "?preset=k-only");
    app.step(0.05).unwrap();
    let v_chart: HtmlCanvasElement = by_id(&root, ids::CHART);
    let c_chart: HtmlCanvasElement = by_id(&root, cids::CONC_CHART);
    let (v0, c0) = (pixels(&v_chart), pixels(&c_chart));
    let cb: HtmlInputElement = by_id(&root, cids::LOG_TIME);
    cb.set_checked(true);
    fire(&cb, "change");
    app.flush();
    assert_ne!(pixels(&v_chart), v0, "voltage chart redrawn on a log axis");
    assert_ne!(
        pixels(&c_chart),
        c0,
        "concentration chart redrawn on a log axis"
    );
    cb.set_checked(false);
    fire(&cb, "change");
    app.flush();
    assert_eq!(pixels(&v_chart), v0, "back to linear");
}

#[wasm_bindgen_test]
fn currents_at_rest_are_nonzero_and_sum_to_zero() {
    let (_fixture, root) = full_page();
    let app = mount_paused(&root, "?preset=neuron");
    let t = cids::CURRENTS_TABLE;
    let (na, k, cl) = (
        cell(&root, t, "Na", "current"),
        cell(&root, t, "K", "current"),
        cell(&root, t, "Cl", "current"),
    );
    let pump = cell(&root, t, "pump", "current");
    let total = cell(&root, t, "total", "current");
    assert!(na < 0.0, "Na⁺ leaks in: {na}");
    assert!(k > 0.0, "K⁺ leaks out: {k}");
    assert!(pump > 0.0, "the pump is outward: {pump}");
    let scale = na.abs().max(k.abs());
    assert!(
        (na + k + cl + pump).abs() < 1e-6 * scale,
        "sum {}",
        na + k + cl + pump
    );
    assert!(total.abs() < 1e-6 * scale);
    assert_eq!(cell_text(&root, t, "total", "current"), "0");
    let caption: HtmlElement = by_id(&root, cids::CURRENTS_CAPTION);
    let text = caption.text_content().unwrap();
    assert!(text.contains("Steady state, not equilibrium"), "{text}");
    // Ca²⁺ is impermeant in the neuron: its row is hidden.
    let ca_row: HtmlElement = root
        .query_selector(&format!("#{t} tr[data-row=\"Ca\"]"))
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    assert!(ca_row.hidden());
    // A K_o step: not steady for a moment, and the caption says so.
    let ko: HtmlInputElement = by_id(&root, ids::KO_INPUT);
    ko.set_value("20");
    fire(&ko, "change");
    app.flush();
    let text = caption.text_content().unwrap();
    assert!(text.starts_with("Not yet steady"), "{text}");
    drop(app);
}

#[wasm_bindgen_test]
fn the_clamp_control_changes_the_currents_shown() {
    let (_fixture, root) = full_page();
    let app = mount_paused(&root, "?preset=neuron");
    let t = cids::CLAMP_TABLE;
    let iv: HtmlCanvasElement = by_id(&root, cids::IV_CHART);
    let k0 = cell(&root, t, "K", "current");
    let iv0 = pixels(&iv);

    let input: HtmlInputElement = by_id(&root, cids::CLAMP_INPUT);
    input.set_value("\u{2212}100");
    fire(&input, "change");
    app.flush();
    let k1 = cell(&root, t, "K", "current");
    assert!(k1 < 0.0 && k1 < k0, "K⁺ flows in below E_K: {k0} → {k1}");
    assert_ne!(pixels(&iv), iv0, "the held-V line moved");
    let slider: HtmlInputElement = by_id(&root, cids::CLAMP_SLIDER);
    assert_eq!(slider.value(), "-100");

    slider.set_value("40");
    fire(&slider, "input");
    app.flush();
    let na = cell(&root, t, "Na", "current");
    let k2 = cell(&root, t, "K", "current");
    assert!(k2 > k0, "more K⁺ out at +40 mV: {k2}");
    assert!(na < 0.0, "Na⁺ still in below E_Na: {na}");
    assert_eq!(input.value(), "40.0");

    // A bad value is refused with a message and changes nothing.
    input.set_value("200");
    fire(&input, "change");
    app.flush();
    let err: HtmlElement = by_id(&root, cids::CLAMP_ERROR);
    assert!(!err.hidden());
    let msg = err.text_content().unwrap();
    assert!(msg.contains("200") && msg.contains("60 mV"), "{msg}");
    assert_eq!(cell(&root, t, "K", "current"), k2);

    // Held at E_K the K⁺ current vanishes; at V_rest the total does.
    let button = |to: &str| -> HtmlElement {
        root.query_selector(&format!("#{} button[data-to=\"{to}\"]", cids::CLAMP_TO))
            .unwrap()
            .unwrap()
            .dyn_into()
            .unwrap()
    };
    button("K").click();
    app.flush();
    assert!(err.hidden(), "a button clears the message");
    let k_at_ek = cell(&root, t, "K", "current");
    assert!(k_at_ek.abs() < 0.01 * k2.abs(), "I_K at E_K: {k_at_ek}");
    button("rest").click();
    app.flush();
    let total = cell(&root, t, "total", "current");
    let na = cell(&root, t, "Na", "current");
    assert!(total.abs() < 0.01 * na.abs(), "total at V_rest: {total}");
}

#[wasm_bindgen_test]
fn the_iv_total_crosses_zero_at_the_model_v() {
    for preset in ["neuron", "astrocyte", "squid-axon"] {
        let sim = Simulation::new(Scenario::preset(preset).unwrap()).unwrap();
        let v = sim.voltage().0;
        let curve = sim.iv_curve(
            Millivolts(chart_panels::CLAMP_MIN_MV),
            Millivolts(chart_panels::CLAMP_MAX_MV),
            chart_panels::IV_POINTS,
        );
        let crossings: Vec<f64> = curve
            .windows(2)
            .filter(|w| w[0].total_ua_cm2 <= 0.0 && w[1].total_ua_cm2 > 0.0)
            .map(|w| {
                let (a, b) = (w[0], w[1]);
                a.v_mv
                    + (b.v_mv - a.v_mv) * (0.0 - a.total_ua_cm2) / (b.total_ua_cm2 - a.total_ua_cm2)
            })
            .collect();
        assert_eq!(crossings.len(), 1, "{preset}: one crossing {crossings:?}");
        assert!(
            (crossings[0] - v).abs() < 0.2,
            "{preset}: total crosses at {} mV, V = {v} mV",
            crossings[0]
        );
        // Each ion's leak curve crosses zero at its E.
        let e = sim.readouts().e_mv;
        for ion in [Ion::K, Ion::Na, Ion::Cl] {
            let at_e = sim.clamp(Millivolts(e.get(ion))).leak_ua_cm2.get(ion);
            let off = sim
                .clamp(Millivolts(e.get(ion) + 10.0))
                .leak_ua_cm2
                .get(ion);
            assert!(at_e.abs() < 1e-6 * off.abs().max(1e-12), "{preset} {ion}");
        }
    }
}

#[wasm_bindgen_test]
fn typed_held_voltages_are_checked() {
    install_interface_texts();
    assert_eq!(chart_panels::parse_held_mv("-80"), Ok(-80.0));
    assert_eq!(chart_panels::parse_held_mv(" \u{2212}80 mV "), Ok(-80.0));
    assert_eq!(chart_panels::parse_held_mv("60"), Ok(60.0));
    for bad in ["-121", "61", "abc", "", "NaN", "inf"] {
        let e = chart_panels::parse_held_mv(bad).unwrap_err();
        assert!(e.contains("−120") && e.contains("+60 mV"), "{bad}: {e}");
    }
}

#[wasm_bindgen_test]
fn the_e_cl_line_stays_visible_where_v_lies_on_it() {
    // The neuron at rest: Cl⁻ is at equilibrium, so E_Cl and V are one line.
    let doc = document();
    let canvas: HtmlCanvasElement = doc.create_element("canvas").unwrap().dyn_into().unwrap();
    canvas.set_width(640);
    canvas.set_height(300);
    let mut sim = Simulation::new(Scenario::preset("neuron").unwrap()).unwrap();
    let r = sim.readouts();
    assert!((r.v_mv - r.e_mv.cl).abs() < 0.01, "V on E_Cl");
    let mut history = History::default();
    history.push(sim.sample());
    for _ in 0..100 {
        sim.advance(Seconds(0.01)).unwrap();
        history.push(sim.sample());
    }
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
    // The dashes across the plot, not only the label's marker.
    let cl = count_near(&px, charts::ECL_COLOUR, 40);
    assert!(cl > 300, "E_Cl dashes over V: {cl} px");
    assert!(count_near(&px, "#1b1f24", 40) > 300, "and V itself (ink)");
}

#[wasm_bindgen_test]
fn a_threshold_is_drawn_and_the_axis_zooms_to_it() {
    // Ten minutes after K⁺ₒ goes from 5 to 8 mM: V rises by a few mV.
    let doc = document();
    let canvas: HtmlCanvasElement = doc.create_element("canvas").unwrap().dyn_into().unwrap();
    canvas.set_width(640);
    canvas.set_height(300);
    let mut sim = Simulation::new(Scenario::preset("neuron").unwrap()).unwrap();
    let mut history = History::default();
    history.push(sim.sample());
    sim.apply(rpl_model::Command::parse_set("K_o", "8").unwrap())
        .unwrap();
    for _ in 0..60 {
        sim.advance(Seconds(10.0)).unwrap();
        history.push(sim.sample());
    }
    let plain = VoltageView {
        history: history.samples(),
        time_scale: TimeScale::Linear,
        hide_v: false,
        threshold_mv: None,
        cursor: None,
        pins: &[],
        spikes: &[],
    };
    let with = VoltageView {
        threshold_mv: Some(-55.0),
        cursor: None,
        pins: &[],
        ..plain
    };
    let (lo, hi) = charts::voltage::voltage_axis(&plain);
    let (zlo, zhi) = charts::voltage::voltage_axis(&with);
    assert!(
        hi - lo >= 150.0,
        "E_Na and E_K on the plain axis: {lo}..{hi}"
    );
    assert!(
        zhi - zlo <= 50.0,
        "zoomed to V, E_K and the threshold: {zlo}..{zhi}"
    );
    let e_k0 = history.samples()[0].e_mv.k;
    assert!(
        zlo < e_k0 && zhi > -55.0,
        "E_K {e_k0} in view: {zlo}..{zhi}"
    );
    charts::draw_voltage(&canvas, &plain, 1.0).unwrap();
    let threshold = "#a3122f";
    assert!(count_near(&pixels(&canvas), threshold, 30) < 20);
    charts::draw_voltage(&canvas, &with, 1.0).unwrap();
    let n = count_near(&pixels(&canvas), threshold, 30);
    assert!(n > 200, "the threshold line across the chart: {n} px");
}

/// A spike between two frames' samples: without its peak the trace stays
/// flat at rest; with it the trace rises to the peak at its time (the
/// axis, with E_Na on it, reaches above it either way).
#[wasm_bindgen_test]
fn a_spike_between_frames_is_drawn_to_its_peak() {
    let doc = document();
    let canvas: HtmlCanvasElement = doc.create_element("canvas").unwrap().dyn_into().unwrap();
    canvas.set_width(640);
    canvas.set_height(300);
    let mut sim = Simulation::new(Scenario::preset("neuron").unwrap()).unwrap();
    let mut history = History::default();
    for _ in 0..20 {
        history.push(sim.sample());
        sim.advance(Seconds(0.05)).unwrap();
    }
    let plain = VoltageView {
        history: history.samples(),
        time_scale: TimeScale::Linear,
        hide_v: false,
        threshold_mv: None,
        cursor: None,
        pins: &[],
        spikes: &[],
    };
    let peak = [(0.4125, 55.0)];
    let with = VoltageView {
        spikes: &peak,
        ..plain
    };
    assert!(charts::voltage::voltage_axis(&with).1 >= 55.0);
    // Dark pixels in the chart's top third: the spike's line.
    let top_ink = |view: &VoltageView| {
        charts::draw_voltage(&canvas, view, 1.0).unwrap();
        let px = pixels(&canvas);
        px[..px.len() / 3]
            .iter()
            .filter(|p| p.iter().all(|&c| c < 80))
            .count()
    };
    let (a, b) = (top_ink(&plain), top_ink(&with));
    assert!(
        b > a + 30,
        "{a} dark pixels up top without the peak, {b} with"
    );
}

/// The voltage chart keeps a copy of its frame (grid, axes, ticks, titles
/// and line labels) for a canvas with an id, and draws its lines over that
/// copy while nothing the frame shows has changed: the picture is the one a
/// canvas without a kept frame gets, drawn whole, pixel for pixel — after a
/// run has gone on (new lines over the same frame) and after the axis has
/// moved (a new frame).
#[wasm_bindgen_test]
fn the_kept_frame_draws_the_same_picture_as_a_whole_drawing() {
    let (_a, kept) = canvas(640, 300);
    kept.set_id("kept-frame-test");
    let (_b, whole) = canvas(640, 300);
    let mut sim = Simulation::new(Scenario::preset("neuron").unwrap()).unwrap();
    let mut history = History::default();
    history.push(sim.sample());
    let check = |history: &History| {
        let view = VoltageView {
            history: history.samples(),
            time_scale: TimeScale::Linear,
            hide_v: false,
            threshold_mv: None,
            cursor: None,
            pins: &[],
            spikes: &[],
        };
        charts::draw_voltage(&kept, &view, 1.0).unwrap();
        charts::draw_voltage(&whole, &view, 1.0).unwrap();
        assert_eq!(pixels(&kept), pixels(&whole));
        // Again: now surely from the kept frame.
        charts::draw_voltage(&kept, &view, 1.0).unwrap();
        assert_eq!(pixels(&kept), pixels(&whole));
    };
    for _ in 0..5 {
        sim.advance(Seconds(1e-3)).unwrap();
        history.push(sim.sample());
        check(&history);
    }
    // Ouabain: V and the E lines move, and the axis and labels with them.
    sim.apply(rpl_model::Command::SetOuabain(1.0)).unwrap();
    for _ in 0..5 {
        sim.advance(Seconds(600.0)).unwrap();
        history.push(sim.sample());
        check(&history);
    }
}
