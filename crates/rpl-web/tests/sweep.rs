//! Browser tests of the sweep panel on the real `index.html`: opening it
//! draws the curves, a pointer across the chart sets the live cell's
//! parameter, the selectors go into the link, the ouabain curve fills in
//! while paused, and a lesson's hidden answer stays hidden.
#![cfg(target_arch = "wasm32")]

use rpl_model::Ion;
use wasm_bindgen_test::*;
use web_sys::{HtmlCanvasElement, HtmlElement, HtmlSelectElement, MouseEvent, MouseEventInit};

mod common;
use common::*;

wasm_bindgen_test_configure!(run_in_browser);

fn open_panel(root: &web_sys::Element) {
    let details = by_id::<HtmlElement>(root, "sweep-panel");
    details.set_attribute("open", "").unwrap();
    fire(&details, "toggle");
}

fn pointer(canvas: &HtmlCanvasElement, kind: &str, x_frac: f64) {
    let rect = canvas.get_bounding_client_rect();
    let init = MouseEventInit::new();
    init.set_client_x((rect.left() + rect.width() * x_frac) as i32);
    init.set_client_y((rect.top() + rect.height() / 2.0) as i32);
    init.set_buttons(1);
    init.set_bubbles(true);
    let ev = MouseEvent::new_with_mouse_event_init_dict(kind, &init).unwrap();
    canvas.dispatch_event(&ev).unwrap();
}

#[wasm_bindgen_test]
fn opening_the_panel_draws_the_curves_and_a_drag_sets_k_o() {
    let (_page, root) = index_page();
    let app = mount_paused(&root, "?preset=neuron");
    let canvas = by_id::<HtmlCanvasElement>(&root, "sweep-chart");
    assert!(!app.panels().sweep);
    open_panel(&root);
    app.flush();
    assert!(app.panels().sweep, "opening the <details> opens the panel");
    let px = pixels(&canvas);
    // The steady curve (ink) and the K⁺ Nernst line (blue) are drawn.
    assert!(count_near(&px, "#1b1f24", 40) > 100);
    assert!(count_near(&px, "#0072b2", 40) > 50);
    assert!(by_id::<HtmlElement>(&root, "sweep-note")
        .text_content()
        .unwrap()
        .contains("K⁺ outside"));
    assert_eq!(
        canvas.get_attribute("data-axes").as_deref(),
        Some("K⁺ outside (mM) | V (mV)")
    );

    // Right of the middle of the plot: K_o above √(0.1·200) ≈ 4.5 mM.
    pointer(&canvas, "pointerdown", 0.7);
    app.flush();
    let k_o = app.scenario().outside_mm.get(Ion::K);
    assert!(k_o > 10.0 && k_o < 200.0, "{k_o}");
    // A move with no button held changes nothing; one with a button drags.
    pointer(&canvas, "pointermove", 0.2);
    app.flush();
    let dragged = app.scenario().outside_mm.get(Ion::K);
    assert!(dragged < 1.0, "{dragged}");
    assert!(app.share_url().unwrap().contains("panels="));
    assert!(app.share_url().unwrap().contains("sweep"));
}

#[wasm_bindgen_test]
fn the_selectors_choose_the_parameter_and_the_ouabain_curve() {
    let (_page, root) = index_page();
    let app = mount_paused(&root, "?preset=neuron&panels=membrane,voltage,sweep");
    app.flush();
    let key = by_id::<HtmlSelectElement>(&root, "sweep-key");
    let mode = by_id::<HtmlSelectElement>(&root, "sweep-mode");
    assert_eq!(key.length(), 5);
    assert_eq!(mode.length(), 5);
    key.set_value("1");
    fire(&key, "change");
    mode.set_value("600");
    fire(&mode, "change");
    app.flush();
    // Paused, the run-downs go on frame by frame until the curve is whole.
    let note = || {
        by_id::<HtmlElement>(&root, "sweep-note")
            .text_content()
            .unwrap()
    };
    assert!(note().contains("of 50"), "{}", note());
    for _ in 0..10 {
        app.flush();
    }
    assert!(!note().contains("of 50"), "{}", note());
    let url = app.share_url().unwrap();
    assert!(url.contains("sweep=Na_o&sweep_ouabain=600"), "{url}");
    let canvas = by_id::<HtmlCanvasElement>(&root, "sweep-chart");
    // The ouabain curve in the pump's orange.
    assert!(count_near(&pixels(&canvas), "#e69f00", 40) > 50);
    assert_eq!(
        canvas.get_attribute("data-axes").as_deref(),
        Some("Na⁺ outside (mM) | V (mV)")
    );
}

#[wasm_bindgen_test]
fn a_lesson_that_hides_v_shows_no_curves() {
    let (_page, root) = index_page();
    let app = mount_paused(&root, "?lesson=astrocyte");
    open_panel(&root);
    app.flush();
    let canvas = by_id::<HtmlCanvasElement>(&root, "sweep-chart");
    assert!(canvas.hidden());
    let note = by_id::<HtmlElement>(&root, "sweep-note")
        .text_content()
        .unwrap();
    assert!(note.contains("Check your prediction first"), "{note}");
}
