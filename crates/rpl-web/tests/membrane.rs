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

/// A cell with channels draws its voltage-gated channels: with every
/// channel open the picture has more of the ion's colour (the wider, tinted
/// pore and the deeper fill) than with every channel shut, the fluxes left
/// the same; and the Na⁺ channel's inactivation ball moves as h falls. A
/// cell without channels draws neither, at the same width.
#[wasm_bindgen_test]
fn gated_channels_open_and_inactivate_on_the_canvas() {
    use rpl_model::GatedReadouts;
    let sim = Simulation::new(Scenario::preset("neuron-rs").unwrap()).unwrap();
    let rest = sim.readouts();
    let g = rest.gated.expect("channels");
    let view = MembraneView::new();
    let draw_with = |gates: GatedReadouts| {
        let (_fixture, c) = canvas(800, 320);
        let r = rpl_model::Readouts {
            gated: Some(gates),
            ..rest.clone()
        };
        draw(&view, &c, &r, true).unwrap();
        pixels(&c)
    };
    let shut = draw_with(GatedReadouts {
        na_open: 0.0,
        k_open: 0.0,
        h: 1.0,
        ..g
    });
    let open = draw_with(GatedReadouts {
        na_open: 1.0,
        k_open: 1.0,
        h: 1.0,
        ..g
    });
    let inactivated = draw_with(GatedReadouts {
        na_open: 0.0,
        k_open: 0.0,
        h: 0.0,
        ..g
    });
    for (colour, name) in [
        (rpl_ui::palette::NA.css, "Na"),
        (rpl_ui::palette::K.css, "K"),
    ] {
        let (a, b) = (count_near(&shut, colour, 30), count_near(&open, colour, 30));
        assert!(
            b > a + 60,
            "{name}: {a} pixels of its colour shut, {b} open"
        );
    }
    let moved = shut
        .iter()
        .zip(&inactivated)
        .filter(|(a, b)| a != b)
        .count();
    assert!(moved > 20, "the ball moved: {moved} pixels differ");
    // Without channels: the same picture as before this test's cell, so no
    // gated channel and no legend entry for one.
    let (_fixture, c) = canvas(800, 320);
    let r = rpl_model::Readouts {
        gated: None,
        ..rest.clone()
    };
    draw(&view, &c, &r, true).unwrap();
    assert_ne!(pixels(&c), shut);
}

/// The membrane keeps its still layer (compartments, captions, bilayer,
/// charges, labels, leak channels, legend) for a canvas with an id and draws
/// what moves over it: the picture is, pixel for pixel, the one a canvas
/// without a kept layer gets drawn whole — frame after frame as the dots
/// wobble, through an ouabain run-down (the captions' numbers and the
/// charges change), on a cell with channels through a spike (the gated
/// channels open), and with reduced motion.
#[wasm_bindgen_test]
fn the_kept_layer_draws_the_same_picture_as_a_whole_drawing() {
    let (_a, kept) = canvas(800, 320);
    kept.set_id("kept-membrane-test");
    let (_b, whole) = canvas(800, 320);
    let check = |view: &MembraneView, sim: &Simulation, reduced: bool| {
        let r = sim.readouts();
        draw(view, &kept, &r, reduced).unwrap();
        draw(view, &whole, &r, reduced).unwrap();
        assert_eq!(pixels(&kept), pixels(&whole));
    };
    let mut sim = neuron();
    let mut view = MembraneView::new();
    for reduced in [false, true] {
        for _ in 0..3 {
            run(&mut view, &mut sim, 1.0, 2);
            check(&view, &sim, reduced);
        }
    }
    sim.apply(rpl_model::Command::SetOuabain(1.0)).unwrap();
    for _ in 0..4 {
        run(&mut view, &mut sim, 1800.0, 1);
        check(&view, &sim, false);
    }
    let mut hh = Simulation::new(Scenario::preset("squid-axon-hh").unwrap()).unwrap();
    let mut view = MembraneView::new();
    hh.stimulate(&rpl_model::StimulusSpec::pulse(40.0, 1.0))
        .unwrap();
    for _ in 0..6 {
        run(&mut view, &mut hh, 0.001, 1);
        check(&view, &hh, false);
    }
}

/// A kept layer is copied once it stays the same for a frame: a layer that
/// has just changed is drawn without a copy (one that changes every frame
/// would never use it), drawn again and copied if the next frame asks for
/// it again, and put back from the copy after that. Each frame's picture
/// is the layer asked for.
#[wasm_bindgen_test]
fn a_layer_is_copied_once_it_stays_the_same() {
    use std::cell::Cell;
    use wasm_bindgen::JsCast;
    let (_a, c) = canvas(40, 20);
    c.set_id("layer-copy-test");
    let ctx: web_sys::CanvasRenderingContext2d =
        c.get_context("2d").unwrap().unwrap().dyn_into().unwrap();
    let draws = Cell::new(0);
    let colour = |key: &str| match key {
        "a" => [200, 0, 0],
        "b" => [0, 200, 0],
        _ => [0, 0, 200],
    };
    // (key, draws so far after it)
    for (key, want) in [
        ("a", 1),
        ("b", 2),
        ("b", 3),
        ("b", 3),
        ("b", 3),
        ("c", 4),
        ("a", 5),
        ("a", 6),
        ("a", 6),
    ] {
        // Whatever moved over the layer in the frame before.
        ctx.set_fill_style_str("rgb(9,9,9)");
        ctx.fill_rect(0.0, 0.0, 40.0, 20.0);
        rpl_web::view::layer::kept(&c, &ctx, 1.0, key.to_string(), || {
            draws.set(draws.get() + 1);
            let [r, g, b] = colour(key);
            ctx.set_fill_style_str(&format!("rgb({r},{g},{b})"));
            ctx.fill_rect(0.0, 0.0, 40.0, 20.0);
            Ok(())
        })
        .unwrap();
        assert_eq!(draws.get(), want, "after {key}");
        assert!(pixels(&c).iter().all(|p| *p == colour(key)), "{key}");
    }
}

/// A small picture drawn once and copied (`layer::sprite`, the membrane's
/// notes): drawn the first time its key is asked for and copied after
/// that, at the same place to the device pixel as the same drawing made
/// straight on the canvas — a note's white backing and text over a
/// coloured ground, at a fraction of a pixel and at two scales, within the
/// rounding of the copy's blending (2 of 255 a channel).
#[wasm_bindgen_test]
fn a_sprite_is_drawn_once_and_copied_where_the_drawing_would_be() {
    use std::cell::Cell;
    use wasm_bindgen::JsCast;
    let context = |c: &web_sys::HtmlCanvasElement| -> web_sys::CanvasRenderingContext2d {
        c.get_context("2d").unwrap().unwrap().dyn_into().unwrap()
    };
    let note = |ctx: &web_sys::CanvasRenderingContext2d, text: &str| {
        ctx.set_font("600 11px sans-serif");
        ctx.set_fill_style_str("rgba(255,255,255,0.9)");
        ctx.fill_rect(10.3, 6.6, 44.0, 16.0);
        ctx.set_fill_style_str("#1f2937");
        ctx.set_text_align("center");
        ctx.set_text_baseline("middle");
        ctx.fill_text(text, 32.3, 15.1)
    };
    let draws = Cell::new(0);
    for scale in [1.0, 2.0] {
        for (text, want) in [("37 %", 1), ("37 %", 1), ("38 %", 2), ("37 %", 2)] {
            let size = (80.0 * scale) as u32;
            let (_a, copied) = canvas(size, (30.0 * scale) as u32);
            let (_b, drawn) = canvas(size, (30.0 * scale) as u32);
            for c in [&copied, &drawn] {
                let ctx = context(c);
                ctx.set_fill_style_str("rgb(230,120,40)");
                ctx.fill_rect(0.0, 0.0, f64::from(size), 30.0 * scale);
                ctx.set_transform(scale, 0.0, 0.0, scale, 0.0, 0.0).unwrap();
            }
            let key = format!("sprite test {text}");
            rpl_web::view::layer::sprite(
                &context(&copied),
                scale,
                (10.3, 6.6, 44.0, 16.0),
                &key,
                |ctx| {
                    draws.set(draws.get() + 1);
                    note(ctx, text)
                },
            )
            .unwrap();
            note(&context(&drawn), text).unwrap();
            let first = if scale == 1.0 { 0 } else { 2 };
            assert_eq!(draws.get(), want + first, "{text} at {scale}: drawn once");
            let (a, b) = (pixels(&copied), pixels(&drawn));
            let worst = a
                .iter()
                .zip(&b)
                .flat_map(|(p, q)| (0..3).map(move |k| p[k].abs_diff(q[k])))
                .max()
                .unwrap();
            assert!(worst <= 2, "{text} at {scale}: pixels {worst} apart");
            // The text is there: dark pixels on the white backing.
            let dark = a.iter().filter(|p| p.iter().all(|&v| v < 100)).count();
            assert!(dark > 10, "{text} at {scale}: {dark} dark pixels");
        }
    }
}
