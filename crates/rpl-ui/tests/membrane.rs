//! Native tests of the membrane view's animation state (`rpl_ui::membrane`):
//! driven by readouts from a real simulation, crossing dots go the way the
//! model's fluxes go, the pump turns only while it runs, the scale factor
//! follows the speed, and the charge layer follows V; and the view's pure
//! helpers (scale factors, arrow sizes, dot counts).

use rpl_model::{Command, Ion, Readouts, Scenario, Seconds, Simulation};
use rpl_ui::axis::nice_ceil;
use rpl_ui::membrane::{
    arrow_length, charge_layer, choose_ions_per_dot, describe, dot_count, dots_per_second,
    format_open, mm_per_dot, Crossing, MembraneView, Route, XorShift, MAX_CHARGES, MAX_DOTS_S,
    MIN_MM_PER_DOT, TARGET_DOTS_S,
};

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

#[test]
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

#[test]
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

#[test]
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

#[test]
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

#[test]
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

#[test]
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
    let mut a = XorShift::new(7);
    let mut b = XorShift::new(7);
    let xs: Vec<f64> = (0..100).map(|_| a.next_f64()).collect();
    assert!(xs.iter().all(|x| (0.0..1.0).contains(x)));
    assert!(xs
        .iter()
        .zip((0..100).map(|_| b.next_f64()))
        .all(|(x, y)| *x == y));
}

/// A cell with channels: the text alternative says how many of each
/// channel type are open and how many Na⁺ channels are not inactivated,
/// and it changes through a spike; a cell without channels says nothing of
/// them.
#[test]
fn the_text_alternative_tells_the_gated_channels() {
    use rpl_model::StimulusSpec;
    assert!(!describe(&neuron().readouts()).contains("gated"));
    let mut sim = Simulation::new(Scenario::preset("neuron-rs").expect("preset")).expect("valid");
    let rest = describe(&sim.readouts());
    assert!(
        rest.contains("Voltage-gated channels: < 1 % of the Na⁺ channels open (100 % not inactivated), < 1 % of the K⁺ channels open."),
        "{rest}"
    );
    sim.stimulate(&StimulusSpec::pulse(40.0, 1.0))
        .expect("pulse");
    let mut widest = 0.0f64;
    let mut said = String::new();
    for _ in 0..60 {
        sim.advance(Seconds(5e-5)).expect("runs");
        let r = sim.readouts();
        let g = r.gated.expect("channels");
        if g.na_open > widest {
            widest = g.na_open;
            said = describe(&r);
        }
    }
    let percent = format_open(widest);
    assert!(widest > 0.3, "{widest}");
    assert!(
        said.contains(&format!("{percent} of the Na⁺ channels open")),
        "{said}"
    );
}

#[test]
fn open_fractions_are_whole_percents() {
    assert_eq!(format_open(0.0), "0 %");
    assert_eq!(format_open(1e-11), "< 1 %");
    assert_eq!(format_open(0.004_9), "< 1 %");
    assert_eq!(format_open(0.506), "51 %");
    assert_eq!(format_open(1.0), "100 %");
    assert_eq!(format_open(f64::NAN), "–");
}

/// While the cell plays, the captions' numbers and the charges are taken at
/// most every `CAPTIONS_EVERY_S` of real time (at a fast speed they change
/// every frame); anything but a playing frame shows the cell's own numbers
/// at once.
#[test]
fn the_captions_follow_the_cell_a_few_times_a_second_while_it_plays() {
    use rpl_ui::link;
    use rpl_ui::membrane::CAPTIONS_EVERY_S;
    use rpl_ui::state::{AppState, Msg};
    let mut s = AppState::open(
        link::open("?preset=neuron&then=ouabain:1@0&speed=3600"),
        &[],
    );
    s.update(Msg::SetPlaying(true));
    let na = |r: &Readouts| r.c_in_mm.na;
    let dt = 1.0 / 60.0;
    let (mut taken, mut frames) = (0, 0);
    let mut last = na(s.membrane.captions(&s.readouts));
    for _ in 0..120 {
        s.update(Msg::Frame { real_dt_s: dt });
        frames += 1;
        let shown = na(s.membrane.captions(&s.readouts));
        assert!(na(&s.readouts) != last, "the cell runs down every frame");
        if shown != last {
            // Taken now: the cell's own numbers.
            assert_eq!(shown, na(&s.readouts));
            taken += 1;
            last = shown;
        }
    }
    let most = (frames as f64 * dt / CAPTIONS_EVERY_S).ceil() as usize + 1;
    assert!(
        taken >= most - 2 && taken <= most,
        "{taken} of {frames} frames"
    );
    // Paused: the cell's own numbers.
    s.update(Msg::SetPlaying(false));
    assert_eq!(s.membrane.captions(&s.readouts), &s.readouts);
    // A step, too.
    s.update(Msg::Step);
    assert_eq!(s.membrane.captions(&s.readouts), &s.readouts);
}
