//! Browser tests of the stimulus box on the real `index.html`: hidden for a
//! cell without channels; on the excitable squid axon its button and its
//! fields give the cell the pulses (a spike counted in the box), Enter in a
//! field does the same, and a bad field is named beside them.
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
    let boxed = by_id::<HtmlElement>(&root, "stim-box");
    assert!(boxed.hidden(), "no channels, no box");
    drop(app);

    let (_page, root) = index_page();
    let app = mount_paused(&root, "?preset=squid-axon-hh");
    let boxed = by_id::<HtmlElement>(&root, "stim-box");
    assert!(!boxed.hidden());
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
