//! Browser tests of the membrane view (`rpl_web::membrane`), run in headless Chromium:
//!
//! ```text
//! cargo test --target wasm32-unknown-unknown -p rpl-web --test membrane
//! ```
//!
//! They drive a [`MembraneView`] with readouts from a real simulation and
//! check that it draws, that crossing dots go the way the model's fluxes go,
//! that the pump turns only while it runs, and that the charge layer follows V;
//! and they test the view's pure helpers (scale factors, arrow sizes, counts).
#![cfg(target_arch = "wasm32")]

use rpl_model::{Command, Ion, Readouts, Scenario, Seconds, Simulation};
use rpl_web::membrane::{
    arrow_length, charge_layer, choose_ions_per_dot, dot_count, dots_per_second, format_count,
    mm_per_dot, nice_ceil, Crossing, MembraneView, Route, XorShift, MAX_CHARGES, MAX_DOTS_S,
    MIN_MM_PER_DOT, TARGET_DOTS_S,
};
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

fn count(view: &MembraneView, f: impl Fn(&Crossing) -> bool) -> usize {
    view.crossings().iter().filter(|c| f(c)).count()
}

#[wasm_bindgen_test]
fn the_view_of_a_neuron_is_drawn_with_every_ion() {
    let (_fixture, c) = canvas(800, 320);
    let mut sim = neuron();
    let mut view = MembraneView::new();
    run(&mut view, &mut sim, 1.0, 90);
    view.draw(&c, &sim.readouts(), false).unwrap();
    let px = pixels(&c);
    assert!(distinct_colours(&px, 40) >= 8, "several colours");
    let k = count_near(&px, rpl_web::membrane::K_COLOUR, 12);
    let na = count_near(&px, rpl_web::membrane::NA_COLOUR, 12);
    let cl = count_near(&px, rpl_web::membrane::CL_COLOUR, 12);
    let a = count_near(&px, rpl_web::membrane::A_COLOUR, 12);
    assert!(
        k > 300 && na > 300 && cl > 200 && a > 300,
        "K {k}, Na {na}, Cl {cl}, A {a}"
    );
    // Phone width too, and reduced motion.
    let (_f2, small) = canvas(348, 380);
    view.draw(&small, &sim.readouts(), true).unwrap();
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
    view.draw(&c, &r, false).unwrap();
    let first = pixels(&c);
    view.draw(&c, &r, false).unwrap();
    assert_eq!(first, pixels(&c), "same state, same picture");
    assert_eq!(view.pump_phase(), before.pump_phase());
    assert_eq!(view.crossings(), before.crossings());
    assert_eq!(sim.readouts(), r, "drawing never touches the model");
}

#[wasm_bindgen_test]
fn crossings_follow_the_model_fluxes_at_rest() {
    let mut sim = neuron();
    let r = sim.readouts();
    // At rest K⁺ leaks out and Na⁺ leaks in, and the pump balances both.
    assert!(r.leak_efflux_ions_s.k > 0.0 && r.leak_efflux_ions_s.na < 0.0);
    assert!(r.net_efflux_ions_s.k.abs() < 1e-3 * r.leak_efflux_ions_s.k);
    let mut view = MembraneView::new();
    run(&mut view, &mut sim, 1.0, 120);
    let leak = |ion| move |c: &Crossing| c.ion == ion && c.route == Route::Leak;
    let pump = |ion| move |c: &Crossing| c.ion == ion && c.route == Route::Pump;
    assert!(count(&view, leak(Ion::K)) > 0, "K⁺ crosses by its leak");
    assert_eq!(count(&view, |c| leak(Ion::K)(c) && !c.outward), 0);
    assert!(count(&view, leak(Ion::Na)) > 0, "Na⁺ crosses by its leak");
    assert_eq!(count(&view, |c| leak(Ion::Na)(c) && c.outward), 0);
    assert!(count(&view, |c| pump(Ion::Na)(c) && c.outward) > 0);
    assert!(count(&view, |c| pump(Ion::K)(c) && !c.outward) > 0);
    assert_eq!(count(&view, |c| pump(Ion::Na)(c) && !c.outward), 0);
    assert_eq!(count(&view, |c| pump(Ion::K)(c) && c.outward), 0);
    // Cl⁻ is at equilibrium in this neuron: it does not cross.
    assert_eq!(count(&view, leak(Ion::Cl)), 0);
    // More Na⁺ leaks in than K⁺ leaks out (their fluxes are 3 : 2).
    let mut sum = [0usize; 2];
    for _ in 0..10 {
        run(&mut view, &mut sim, 1.0, 30);
        sum[0] += count(&view, leak(Ion::K));
        sum[1] += count(&view, leak(Ion::Na));
    }
    assert!(sum[1] > sum[0], "Na⁺ {} vs K⁺ {}", sum[1], sum[0]);
}

#[wasm_bindgen_test]
fn the_pump_turns_when_on_and_stands_still_when_blocked() {
    let mut sim = neuron();
    let mut view = MembraneView::new();
    run(&mut view, &mut sim, 1.0, 60);
    let p0 = view.pump_phase();
    run(&mut view, &mut sim, 1.0, 60);
    let p1 = view.pump_phase();
    // One real second: between TARGET/3 / 2.5 and TARGET/3 visual cycles.
    assert!(
        p1 - p0 > 0.5 && p1 - p0 < TARGET_DOTS_S / 3.0 + 1e-9,
        "{p0} → {p1}"
    );

    sim.apply(Command::SetOuabain(1.0)).unwrap();
    run(&mut view, &mut sim, 1.0, 5);
    let p2 = view.pump_phase();
    run(&mut view, &mut sim, 1.0, 120);
    assert_eq!(view.pump_phase(), p2, "a blocked pump stands still");
    assert_eq!(count(&view, |c| c.route == Route::Pump), 0);
}

#[wasm_bindgen_test]
fn with_ouabain_the_run_down_shows_k_out_and_na_in() {
    let mut sim = neuron();
    sim.apply(Command::SetOuabain(1.0)).unwrap();
    let mut view = MembraneView::new();
    // An hour of model time per real second, for two real seconds.
    run(&mut view, &mut sim, 3600.0, 120);
    let r = sim.readouts();
    assert!(r.net_efflux_ions_s.k > 0.0 && r.net_efflux_ions_s.na < 0.0);
    assert!(r.pump_cycles_s == 0.0);
    assert!(view.crossings().iter().all(|c| c.route == Route::Leak));
    assert!(view
        .crossings()
        .iter()
        .filter(|c| c.ion == Ion::K)
        .all(|c| c.outward));
    assert!(view
        .crossings()
        .iter()
        .filter(|c| c.ion == Ion::Na)
        .all(|c| !c.outward));
    assert!(view.crossings().iter().any(|c| c.ion == Ion::Na));
    // The factor was picked for this speed: ~1e10–1e11 ions per dot.
    let n = view.ions_per_dot().unwrap();
    assert!((1e9..1e12).contains(&n), "{n}");
}

#[wasm_bindgen_test]
fn the_scale_factor_follows_the_speed_and_a_restart() {
    let mut sim = neuron();
    let mut view = MembraneView::new();
    run(&mut view, &mut sim, 1.0, 10);
    let real_time = view.ions_per_dot().unwrap();
    run(&mut view, &mut sim, 100.0, 10);
    let fast = view.ions_per_dot().unwrap();
    assert!(
        (fast / real_time - 100.0).abs() < 1e-6,
        "{real_time} → {fast}"
    );
    // A fresh start (model time goes back) clears what was in flight.
    let mut fresh = neuron();
    let r = fresh.readouts();
    view.advance(&r, 1.0 / 60.0, 0.0);
    assert!(view.crossings().is_empty());
    run(&mut view, &mut fresh, 1.0, 10);
    assert_eq!(view.ions_per_dot(), Some(real_time));
}

#[wasm_bindgen_test]
fn the_charge_layer_grows_with_v_and_flips_sign() {
    let rest = charge_layer(-73.8);
    assert_eq!(rest.pairs, 7);
    assert!(rest.plus_outside);
    assert_eq!(charge_layer(0.0).pairs, 0);
    assert_eq!(charge_layer(-30.0).pairs, 3);
    let positive = charge_layer(40.0);
    assert_eq!(positive.pairs, 4);
    assert!(!positive.plus_outside);
    assert_eq!(charge_layer(-1000.0).pairs, MAX_CHARGES);
    assert_eq!(charge_layer(f64::NAN).pairs, 0);
    let mut last = 0;
    for v in 0..120 {
        let n = charge_layer(-f64::from(v)).pairs;
        assert!(n >= last);
        last = n;
    }
    // The K⁺-only membrane: V falls from 0 toward E_K and the layer builds up.
    let mut sim = Simulation::new(Scenario::preset("k-only").unwrap()).unwrap();
    let v0 = sim.readouts().v_mv;
    sim.advance(Seconds(0.05)).unwrap();
    let r: Readouts = sim.readouts();
    assert!(charge_layer(r.v_mv).pairs > charge_layer(v0).pairs);
}

#[wasm_bindgen_test]
fn a_bigger_charge_layer_draws_more_signs() {
    let sim = neuron();
    let view = MembraneView::new();
    let signs = |v: f64| {
        let (_f, c) = canvas(600, 320);
        let mut r = sim.readouts();
        r.v_mv = v;
        view.draw(&c, &r, true).unwrap();
        count_near(&pixels(&c), "#a3261b", 10)
    };
    // At 0 mV only the legend's sign is drawn; subtract it.
    let legend = signs(0.0);
    let (small, big) = (signs(-20.0) - legend, signs(-80.0) - legend);
    // 2 pairs against 8 pairs.
    assert!(small > 0 && big > 3 * small, "{small} vs {big}");
}

#[wasm_bindgen_test]
fn pure_helpers() {
    assert_eq!(nice_ceil(1.0), 1.0);
    assert_eq!(nice_ceil(1.2), 2.0);
    assert_eq!(nice_ceil(3.0), 5.0);
    assert_eq!(nice_ceil(7.0), 10.0);
    assert_eq!(nice_ceil(2e6), 2e6);
    assert!((nice_ceil(1.6e7) - 2e7).abs() < 1.0);
    assert_eq!(nice_ceil(0.0), 1.0);
    assert_eq!(nice_ceil(f64::NAN), 1.0);
    // The busiest path gets between TARGET/2.5 and TARGET dots per second.
    for flux in [3.0e3, 6.4e7, 1.0e9, 4.2e11] {
        for speed in [1e-3, 1.0, 3600.0] {
            let n = choose_ions_per_dot(flux, speed);
            let rate = dots_per_second(flux, speed, n);
            if n > 1.0 {
                assert!(
                    rate <= TARGET_DOTS_S * (1.0 + 1e-9) && rate > TARGET_DOTS_S / 2.5,
                    "{flux} {speed}: {rate}"
                );
            }
        }
    }
    assert_eq!(choose_ions_per_dot(0.0, 1.0), 1.0);
    assert_eq!(arrow_length(0.0, 80.0), 0.0);
    assert_eq!(arrow_length(MAX_DOTS_S, 80.0), 80.0);
    assert_eq!(arrow_length(10.0 * MAX_DOTS_S, 80.0), 80.0);
    assert!((arrow_length(MAX_DOTS_S / 4.0, 80.0) - 20.0).abs() < 1e-9);
    assert_eq!(arrow_length(-MAX_DOTS_S / 2.0, 80.0), 40.0);
    assert_eq!(arrow_length(f64::NAN, 80.0), 0.0);
    assert_eq!(mm_per_dot(148.0, 40), MIN_MM_PER_DOT);
    assert_eq!(mm_per_dot(1000.0, 40), 50.0);
    assert_eq!(dot_count(140.0, 5.0), 28);
    assert_eq!(
        dot_count(2.0, 5.0),
        1,
        "a present ion gets at least one dot"
    );
    assert_eq!(dot_count(0.0, 5.0), 0);
    assert_eq!(format_count(2e7), "2×10⁷");
    assert_eq!(format_count(6.43e7), "6.4×10⁷");
    assert_eq!(format_count(9.99e7), "1×10⁸");
    assert_eq!(format_count(500.0), "500");
    let mut a = XorShift::new(7);
    let mut b = XorShift::new(7);
    let xs: Vec<f64> = (0..100).map(|_| a.next_f64()).collect();
    assert!(xs.iter().all(|x| (0.0..1.0).contains(x)));
    assert!(xs
        .iter()
        .zip((0..100).map(|_| b.next_f64()))
        .all(|(x, y)| *x == y));
}
