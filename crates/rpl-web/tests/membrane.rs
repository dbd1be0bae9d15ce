//! Browser tests of the membrane view (`rpl_web::view::membrane`), run in headless Chromium:
//!
//! ```text
//! cargo test --target wasm32-unknown-unknown -p rpl-web --test membrane
//! ```
//!
//! They draw a [`MembraneView`] with readouts from a real simulation and check
//! the pixels: every ion's colour, drawing changing nothing, more charge signs
//! for a larger V. The animation state itself (crossings, pump phase, scale
//! factor, charge layer) is tested natively in `crates/rpl-ui/tests/membrane.rs`.
#![cfg(target_arch = "wasm32")]

use rpl_model::{Scenario, Seconds, Simulation};
use rpl_web::view::membrane::{draw, MembraneView};
use wasm_bindgen_test::*;

mod common;
use common::*;

wasm_bindgen_test_configure!(run_in_browser);

fn neuron() -> Simulation {
    Simulation::new(Scenario::preset("neuron").unwrap()).unwrap()
}

/// Run the view for `frames` frames of 1/60 s at `speed` model s per real s,
/// advancing the simulation alongside.
fn run(view: &mut MembraneView, sim: &mut Simulation, speed: f64, frames: usize) {
    let real = 1.0 / 60.0;
    for _ in 0..frames {
        let model = speed * real;
        sim.advance(Seconds(model)).unwrap();
        view.advance(&sim.readouts(), real, model);
    }
}

#[wasm_bindgen_test]
fn the_view_of_a_neuron_is_drawn_with_every_ion() {
    let (_fixture, c) = canvas(800, 320);
    let mut sim = neuron();
    let mut view = MembraneView::new();
    run(&mut view, &mut sim, 1.0, 90);
    draw(&view, &c, &sim.readouts(), false).unwrap();
    let px = pixels(&c);
    assert!(distinct_colours(&px, 40) >= 8, "several colours");
    let k = count_near(&px, rpl_ui::palette::K.css, 12);
    let na = count_near(&px, rpl_ui::palette::NA.css, 12);
    let cl = count_near(&px, rpl_ui::palette::CL.css, 12);
    let a = count_near(&px, rpl_ui::palette::IMPERMEANT.css, 12);
    assert!(
        k > 300 && na > 300 && cl > 200 && a > 300,
        "K {k}, Na {na}, Cl {cl}, A {a}"
    );
    // The pump in the palette's orange, as in the charts.
    let pump = count_near(&px, rpl_ui::palette::PUMP_FILL.css, 6);
    assert!(
        pump > 100,
        "pump body drawn in the palette's colour: {pump}"
    );
    // Phone width too, and reduced motion.
    let (_f2, small) = canvas(348, 380);
    draw(&view, &small, &sim.readouts(), true).unwrap();
    assert!(distinct_colours(&pixels(&small), 40) >= 8);
}

#[wasm_bindgen_test]
fn drawing_does_not_change_the_view() {
    let (_fixture, c) = canvas(600, 320);
    let mut sim = neuron();
    let mut view = MembraneView::new();
    run(&mut view, &mut sim, 1.0, 30);
    let before = view.clone();
    let r = sim.readouts();
    draw(&view, &c, &r, false).unwrap();
    let first = pixels(&c);
    draw(&view, &c, &r, false).unwrap();
    assert_eq!(first, pixels(&c), "same state, same picture");
    assert_eq!(view.pump_phase(), before.pump_phase());
    assert_eq!(view.crossings(), before.crossings());
    assert_eq!(sim.readouts(), r, "drawing never touches the model");
}

#[wasm_bindgen_test]
fn a_bigger_charge_layer_draws_more_signs() {
    let sim = neuron();
    let view = MembraneView::new();
    let signs = |v: f64| {
        let (_f, c) = canvas(600, 320);
        let mut r = sim.readouts();
        r.v_mv = v;
        draw(&view, &c, &r, true).unwrap();
        count_near(&pixels(&c), rpl_ui::palette::CHARGE_PLUS.css, 10)
    };
    // At 0 mV only the legend's sign is drawn; subtract it.
    let legend = signs(0.0);
    let (small, big) = (signs(-20.0) - legend, signs(-80.0) - legend);
    // 2 pairs against 8 pairs.
    assert!(small > 0 && big > 3 * small, "{small} vs {big}");
}
