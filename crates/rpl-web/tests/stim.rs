//! Browser tests of the stimulus box on the real `index.html`: its current
//! pulses are hidden for a cell without channels; on the excitable squid
//! axon its button and its fields give the cell the pulses (a spike counted
//! in the box), Enter in a field does the same, and a bad field is named
//! beside them. The synapse buttons, on every cell, open their synapse and
//! move V toward its reversal potential.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::*;
use web_sys::{HtmlElement, HtmlInputElement};

mod common;
use common::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn the_box_stimulates_and_counts_the_spikes() {
    let (_page, root) = index_page();
    let app = mount_paused(&root, "?preset=neuron");
    let current = by_id::<HtmlElement>(&root, "stim-current");
    assert!(current.hidden(), "no channels, no current pulses");
    assert!(by_id::<HtmlElement>(&root, "stim-spikes").hidden());
    assert!(!by_id::<HtmlElement>(&root, "stim-box").hidden());
    drop(app);

    let (_page, root) = index_page();
    let app = mount_paused(&root, "?preset=squid-axon-hh");
    let current = by_id::<HtmlElement>(&root, "stim-current");
    assert!(!current.hidden());
    let spikes = by_id::<HtmlElement>(&root, "stim-spikes");
    assert!(spikes.text_content().unwrap().starts_with("Spikes: 0"));
    let threshold = by_id::<HtmlElement>(&root, "stim-threshold");
    assert!(threshold
        .text_content()
        .unwrap()
        .starts_with("Threshold for a 1 ms pulse: 9.2 µA/cm²"));
    // Two pulses 20 ms apart, from the fields.
    let count = by_id::<HtmlInputElement>(&root, "stim-count");
    count.set_value("2");
    by_id::<HtmlElement>(&root, "stim-button").click();
    app.flush();
    // 50 ms of model time (10 ms a real second).
    app.step(5.0).unwrap();
    app.flush();
    assert!(
        spikes
            .text_content()
            .unwrap()
            .starts_with("Spikes: 2 · last peak "),
        "{:?}",
        spikes.text_content()
    );
    // Enter in a field stimulates too.
    let amplitude = by_id::<HtmlInputElement>(&root, "stim-amplitude");
    count.set_value("1");
    let init = web_sys::KeyboardEventInit::new();
    init.set_key("Enter");
    init.set_bubbles(true);
    let enter =
        web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    amplitude.dispatch_event(&enter).unwrap();
    app.flush();
    app.step(3.0).unwrap();
    app.flush();
    assert!(spikes.text_content().unwrap().starts_with("Spikes: 3"));
    // A bad field is named, beside the box.
    let error = by_id::<HtmlElement>(&root, "stim-error");
    assert!(error.hidden());
    amplitude.set_value("-");
    by_id::<HtmlElement>(&root, "stim-button").click();
    app.flush();
    assert!(!error.hidden());
    let text = error.text_content().unwrap();
    assert!(text.contains("Stimulus current"), "{text}");
}

#[wasm_bindgen_test]
fn the_synapse_buttons_pull_v_toward_their_reversal_potentials() {
    // KCC2 keeps Cl⁻ inside low: E_Cl sits below V.
    let (_page, root) = index_page();
    let app = mount_paused(&root, "?preset=neuron&g_KCC2=2e-5");
    let line = by_id::<HtmlElement>(&root, "syn-readout");
    let text = line.text_content().unwrap();
    assert!(
        text.starts_with("Reversal potentials: excitatory ")
            && text.contains("inhibitory (ECl) −83.3 mV"),
        "{text}"
    );
    let rest = app.readouts().v_mv;
    by_id::<HtmlElement>(&root, "syn-inh").click();
    app.flush();
    app.step(0.01).unwrap();
    app.flush();
    let text = line.text_content().unwrap();
    assert!(
        text.contains("inhibitory current") && text.ends_with("outward"),
        "{text}"
    );
    let down = app.readouts().v_mv;
    assert!(down < rest - 1.0, "{rest} → {down}");
    // Held below E_Cl by a current, the same synapse depolarizes.
    drop(app);
    let (_page, root) = index_page();
    let app = mount_paused(&root, "?preset=neuron&g_KCC2=2e-5&I_inj=-1");
    let held = app.readouts().v_mv;
    by_id::<HtmlElement>(&root, "syn-inh").click();
    app.flush();
    app.step(0.01).unwrap();
    app.flush();
    let up = app.readouts().v_mv;
    assert!(up > held + 1.0, "{held} → {up}");
    // The excitatory one depolarizes from rest.
    drop(app);
    let (_page, root) = index_page();
    let app = mount_paused(&root, "?preset=neuron");
    let rest = app.readouts().v_mv;
    by_id::<HtmlElement>(&root, "syn-exc").click();
    app.flush();
    app.step(0.01).unwrap();
    app.flush();
    assert!(app.readouts().v_mv > rest + 3.0);
}

/// The millisecond zoom: hidden before the first spike and for a cell
/// without channels; after a pulse it shows the spike, drawn in the V
/// chart's dark ink on its canvas.
#[wasm_bindgen_test]
fn the_zoom_shows_the_latest_spike() {
    let (_page, root) = index_page();
    let app = mount_paused(&root, "?preset=neuron");
    assert!(by_id::<HtmlElement>(&root, "spike-zoom-box").hidden());
    drop(app);

    let (_page, root) = index_page();
    let app = mount_paused(&root, "?preset=neuron-rs");
    let figure = by_id::<HtmlElement>(&root, "spike-zoom-box");
    assert!(figure.hidden(), "no spike yet");
    by_id::<HtmlElement>(&root, "stim-button").click();
    app.flush();
    app.step(3.0).unwrap();
    app.flush();
    assert!(!figure.hidden(), "a spike: the zoom shows");
    let canvas = by_id::<web_sys::HtmlCanvasElement>(&root, "spike-zoom");
    assert!(canvas.width() > 100 && canvas.height() > 50);
    let ink = count_near(&pixels(&canvas), rpl_ui::palette::INK.css, 40);
    assert!(ink > 100, "the trace is drawn: {ink} dark pixels");
    // Not a picture to download: the V chart's is.
    assert!(root
        .query_selector("#png-buttons button[data-canvas=\"spike-zoom\"]")
        .unwrap()
        .is_none());
}

/// The zoom keeps its frame (grid, ticks, labels, threshold) between frames
/// on its own canvas and draws only the trace over it: frame after frame as
/// a spike's trace grows, the picture is, pixel for pixel, the one a canvas
/// without a kept frame gets drawn whole — and so with a new threshold.
#[wasm_bindgen_test]
fn the_zoom_keeps_its_frame_and_draws_the_same_picture() {
    use rpl_ui::excite::SpikeZoom;
    let (_a, kept) = canvas(300, 120);
    kept.set_id("kept-zoom-test");
    let (_b, whole) = canvas(300, 120);
    // A spike's shape: rest, a rise through 0 mV, the fall and the undershoot.
    let trace: Vec<(f64, f64)> = (0..80)
        .map(|k| {
            let ms = -2.0 + 0.1 * f64::from(k);
            let mv = -65.0 + 105.0 * (-(ms - 0.5) * (ms - 0.5) / 0.3).exp()
                - 8.0 * (ms > 1.5) as u8 as f64;
            (ms, mv)
        })
        .collect();
    for (n, threshold) in [
        (10, Some(-55.0)),
        (30, Some(-55.0)),
        (50, Some(-55.0)),
        (70, Some(-55.0)),
        (80, Some(-50.0)),
        (80, None),
    ] {
        let z = SpikeZoom {
            trace: &trace[..n],
            spike: 1,
            threshold_mv: threshold,
        };
        rpl_web::view::zoom::draw(&kept, &z, 1.0).unwrap();
        rpl_web::view::zoom::draw(&whole, &z, 1.0).unwrap();
        assert_eq!(
            pixels(&kept),
            pixels(&whole),
            "{n} points, threshold {threshold:?}"
        );
    }
    let ink = count_near(&pixels(&kept), rpl_ui::palette::INK.css, 40);
    assert!(ink > 100, "the trace is drawn: {ink} dark pixels");
}
