//! A stimulus on the cell with channels: pulses and trains, the spikes they
//! give (count, crossing, peak) and the threshold, against the point
//! membrane of `gating::point` with the same reversal potentials; ions and
//! charge conserved through a train; bad stimuli refused by name.

use rpl_model::gating::point::{self, HhMembrane, RheobaseOptions, RunOptions, Stimulus};
use rpl_model::scenario::{Channels, HhChannels};
use rpl_model::{Excitability, ModelError, Scenario, Seconds, Simulation, Start, StimulusSpec};

/// The squid axon with HH's channels and almost nothing else (as in
/// cell_channels.rs): no pump, a K⁺ leak 1e-9 of the preset's, a 2 mm
/// cylinder, so that its concentrations barely move; started at `v0`.
fn channels_only(v0: f64) -> Scenario {
    let mut s = Scenario::preset("squid-axon").expect("preset");
    s.channels = Some(Channels::Hh(HhChannels::SQUID));
    s.pump.enabled = false;
    s.permeability_cm_s.na = 0.0;
    s.permeability_cm_s.cl = 0.0;
    s.permeability_cm_s.k = 1e-15;
    s.cell.diameter_um = 2000.0;
    s.start = Start::AsGiven;
    s.initial_voltage_mv = Some(v0);
    s
}

/// The point membrane with the cell's E_Na and E_K, HH's ḡ and no leak.
fn point_membrane(sim: &Simulation) -> HhMembrane {
    let e = sim.readouts().e_mv;
    HhMembrane {
        gl: 0.0,
        ena: e.na,
        ek: e.k,
        celsius: sim.scenario().temperature_c,
        ..HhMembrane::NEURON_HH
    }
}

/// The cell at the point membrane's rest, and that membrane.
fn matched() -> (Simulation, HhMembrane) {
    let probe = Simulation::new(channels_only(-65.0)).expect("valid");
    let m = point_membrane(&probe);
    let rest = m.resting_potential().expect("rest");
    (Simulation::new(channels_only(rest)).expect("valid"), m)
}

/// The squid axon with HH's channels, leaks and pump, calibrated.
fn squid() -> Scenario {
    let mut s = Scenario::preset("squid-axon").expect("preset");
    s.channels = Some(Channels::Hh(HhChannels::SQUID));
    s.calibrated()
}

/// One pulse gives one spike, whose crossing of 0 mV and peak are the
/// point membrane's (each located on the cubic through a step's ends) to
/// 0.01 ms and 0.05 mV; a pulse well below threshold gives none.
#[test]
fn a_pulse_gives_the_point_membranes_spike() {
    let (mut sim, m) = matched();
    sim.set_rtol(1e-9);
    let t0 = sim.time().0;
    sim.stimulate(&StimulusSpec::pulse(20.0, 1.0))
        .expect("valid");
    assert!(sim.stimulus_pending());
    assert_eq!(sim.stimulus_at(t0 + 0.5e-3), 20.0);
    sim.advance(Seconds(0.03)).expect("runs");
    assert!(!sim.stimulus_pending());
    let log = sim.spikes();
    assert_eq!(log.count(), 1, "one spike");
    let cell = log.recent()[0];
    let rest = m.rest_state().expect("rest");
    let stim = Stimulus::pulse(20.0, 0.0, 1.0).expect("valid");
    let opts = RunOptions {
        tol: rpl_model::integrator::Tolerances {
            rtol: 1e-10,
            atol: [1e-8, 1e-10, 1e-10, 1e-10],
        },
        ..RunOptions::default()
    };
    let pt = point::run(&m, rest, 0.0, 30.0, &stim, &opts).expect("runs");
    assert_eq!(pt.spikes.len(), 1);
    let p = pt.spikes[0];
    let dt_cross = ((cell.t_s - t0) * 1e3 - p.time).abs();
    let dv_peak = (cell.peak_mv - p.peak).abs();
    println!(
        "cell: crossing {:.5} ms, peak {:.4} mV at {:.4} ms; point: {:.5} ms, {:.4} mV at {:.4} ms",
        (cell.t_s - t0) * 1e3,
        cell.peak_mv,
        (cell.peak_t_s - t0) * 1e3,
        p.time,
        p.peak,
        p.peak_time
    );
    assert!(dt_cross <= 0.01, "crossing {dt_cross} ms apart");
    assert!(dv_peak <= 0.05, "peaks {dv_peak} mV apart");

    let (mut weak, _) = matched();
    weak.stimulate(&StimulusSpec::pulse(1.0, 1.0))
        .expect("valid");
    weak.advance(Seconds(0.03)).expect("runs");
    assert_eq!(
        weak.spikes().count(),
        0,
        "1 µA/cm² for 1 ms is below threshold"
    );
}

/// The cell's threshold for a 1 ms pulse is the point membrane's rheobase
/// to 0.1 % (both bisected to 1e-4 of themselves or finer); the voltage
/// threshold lies between rest and 0 mV.
#[test]
fn the_threshold_is_the_point_membranes_rheobase() {
    let (sim, m) = matched();
    let Excitability::Threshold(th) = sim.excitability(1.0).expect("computed") else {
        panic!("a threshold");
    };
    let point = point::rheobase(&m, 1.0, &RheobaseOptions::default()).expect("rheobase");
    let rel = (th.rheobase_ua_cm2 - point).abs() / point;
    println!(
        "cell rheobase {} µA/cm², point {point}; V rest {} threshold {} (distance {}) mV",
        th.rheobase_ua_cm2, th.v_rest_mv, th.v_threshold_mv, th.distance_mv
    );
    assert!(
        rel <= 1e-3,
        "rheobase {} against {point}",
        th.rheobase_ua_cm2
    );
    assert!(th.v_rest_mv < th.v_threshold_mv && th.v_threshold_mv < 0.0);
    assert!((th.distance_mv - (th.v_threshold_mv - th.v_rest_mv)).abs() < 1e-12);
    // The cell asked is not changed.
    assert_eq!(sim.spikes().count(), 0);
    assert_eq!(sim.time().0, 0.0);
}

/// A cell without channels has no threshold.
#[test]
fn a_cell_without_channels_is_not_excitable() {
    let sim = Simulation::new(Scenario::preset("neuron").expect("preset")).expect("valid");
    assert_eq!(sim.excitability(1.0), Ok(Excitability::NoChannels));
}

/// Raising K⁺ₒ first brings the squid axon nearer threshold (less current,
/// a shorter distance), then silences it by Na⁺-channel inactivation.
#[test]
fn raising_k_o_brings_the_threshold_nearer_then_blocks() {
    let at = |k_o: f64| {
        let s = squid();
        let mut sim = Simulation::new(s).expect("valid");
        // The bath changed, the inside not yet: V settles in milliseconds.
        sim.apply(rpl_model::Command::SetConcentration {
            ion: rpl_model::Ion::K,
            inside: false,
            mm: k_o,
        })
        .expect("set");
        sim.advance(Seconds(1.0)).expect("runs");
        let e = sim.excitability(1.0).expect("computed");
        println!("K_o {k_o} mM: V {:.2} mV, {e:?}", sim.voltage().0);
        e
    };
    let th = |e: Excitability| match e {
        Excitability::Threshold(t) => t,
        other => panic!("a threshold, not {other:?}"),
    };
    let normal = th(at(10.0));
    let raised = th(at(20.0));
    assert!(raised.rheobase_ua_cm2 < normal.rheobase_ua_cm2);
    assert!(raised.distance_mv < normal.distance_mv);
    let lowered = th(at(3.0));
    assert!(lowered.rheobase_ua_cm2 > normal.rheobase_ua_cm2);
    match at(100.0) {
        Excitability::NoSpike { .. } => {}
        other => panic!("depolarization block at 100 mM, not {other:?}"),
    }
}

/// A train of ten pulses at 50 Hz gives ten spikes on the squid axon with
/// leaks and pump; ions and charge are conserved through it to 1e-9, and
/// the K⁺ the pulses carried in is what the stimulus current says.
#[test]
fn a_train_gives_a_spike_a_pulse_and_conserves_ions_and_charge() {
    let mut sim = Simulation::new(squid()).expect("valid");
    sim.stimulate(&StimulusSpec::train(20.0, 1.0, 50.0, 10))
        .expect("valid");
    // In frame-sized pieces, as the page asks.
    for _ in 0..(0.25f64 / 0.016).ceil() as usize {
        sim.advance(Seconds(0.016)).expect("runs");
    }
    assert_eq!(sim.spikes().count(), 10);
    assert_eq!(sim.spikes().recent().len(), 10);
    for s in sim.spikes().recent() {
        assert!(s.peak_mv > 20.0 && s.peak_t_s > s.t_s, "{s:?}");
    }
    let c = sim.conservation();
    for (ion, e) in c.ion_rel_error.iter() {
        assert!(e <= 1e-9, "{ion:?}: {e:e}");
    }
    assert!(c.charge_rel_error <= 1e-9, "{:e}", c.charge_rel_error);
    assert!(c.current_rel_error <= 1e-9, "{:e}", c.current_rel_error);
    // 10 pulses × 20 µA/cm² × 1 ms of K⁺ in, mM of W₀.
    let p = sim.params();
    let expected = 10.0 * 20e-6 * 1e-3 / rpl_model::constants::F * p.a_w * 1e3;
    let brought = sim.state()[rpl_model::system::IQ];
    assert!(
        (brought - expected).abs() <= 1e-9 * expected,
        "{brought} against {expected}"
    );
}

/// A new diameter in the middle of a train makes a new cell from the present
/// one: the pulses still to come stay scheduled and the spikes so far stay
/// counted, so the train goes on to its tenth spike.
#[test]
fn a_new_diameter_keeps_the_train_going() {
    let mut sim = Simulation::new(squid()).expect("valid");
    sim.stimulate(&StimulusSpec::train(20.0, 1.0, 50.0, 10))
        .expect("valid");
    sim.advance(Seconds(0.09)).expect("runs");
    let before = sim.spikes().count();
    assert!((4..=5).contains(&before), "{before} spikes after 90 ms");
    assert!(sim.stimulus_pending());
    let diameter = rpl_model::Key::Diameter;
    let d = diameter.get(sim.scenario()).expect("a diameter");
    sim.apply(rpl_model::Command::Set(diameter, 2.0 * d))
        .expect("valid");
    assert!(
        sim.stimulus_pending(),
        "the rest of the train is still to come"
    );
    assert_eq!(sim.spikes().count(), before);
    sim.advance(Seconds(0.16)).expect("runs");
    assert_eq!(sim.spikes().count(), 10);
}

/// A stimulus is refused with the field, the value and what is allowed.
#[test]
fn bad_stimuli_name_the_field() {
    let msg = |r: Result<StimulusSpec, ModelError>| r.expect_err("refused").to_string();
    let m = msg(StimulusSpec::parse("5000"));
    assert!(m.contains("stim_amplitude") && m.contains("5000"), "{m}");
    let m = msg(StimulusSpec::parse("20,-1"));
    assert!(m.contains("stim_duration") && m.contains("-1"), "{m}");
    let m = msg(StimulusSpec::parse("20,1,0,5"));
    assert!(m.contains("stim_rate"), "{m}");
    let m = msg(StimulusSpec::parse("20,1,100,2.5"));
    assert_eq!(
        m,
        "stim_count = 2.5 is not allowed: it must be a whole number from 1 to 1000"
    );
    let m = msg(StimulusSpec::parse("20,1,100,0"));
    assert!(
        m.contains("stim_count = 0") && m.contains("at least 1"),
        "{m}"
    );
    let m = msg(StimulusSpec::parse("20,30,100,5"));
    assert!(m.contains("stim_duration") && m.contains("10"), "{m}");
    let m = msg(StimulusSpec::parse("twenty"));
    assert!(m.contains("stim_amplitude") && m.contains("twenty"), "{m}");
    let m = msg(StimulusSpec::parse("20,1,100"));
    assert!(m.contains("stim"), "{m}");
    let mut sim = Simulation::new(squid()).expect("valid");
    let before = sim.clone();
    assert!(sim
        .stimulate(&StimulusSpec::train(20.0, 1.0, 1000.0, 2000))
        .is_err());
    assert!(!sim.stimulus_pending());
    assert_eq!(sim.spikes(), before.spikes());
    assert!(sim.excitability(-1.0).is_err());
}

/// The text form reads back to the same stimulus.
#[test]
fn the_text_form_round_trips() {
    for spec in [
        StimulusSpec::pulse(20.0, 1.0),
        StimulusSpec::pulse(-3.5, 0.25),
        StimulusSpec::train(12.5, 0.5, 100.0, 40),
    ] {
        assert_eq!(StimulusSpec::parse(&spec.to_text()), Ok(spec));
    }
    assert_eq!(
        StimulusSpec::parse("20"),
        Ok(StimulusSpec::pulse(20.0, 1.0))
    );
}

/// A frame's step budget counts the steps of every piece; a pulse cut short
/// by the budget goes on from where the cell got to.
#[test]
fn the_step_budget_covers_every_piece() {
    let mut sim = Simulation::new(squid()).expect("valid");
    let mut free = sim.clone();
    sim.set_step_budget(5);
    sim.stimulate(&StimulusSpec::train(20.0, 1.0, 50.0, 3))
        .expect("valid");
    free.stimulate(&StimulusSpec::train(20.0, 1.0, 50.0, 3))
        .expect("valid");
    let before = sim.stats();
    let got = sim.advance_within(Seconds(0.06)).expect("runs");
    let used = sim.stats().accepted + sim.stats().rejected - before.accepted - before.rejected;
    assert!(used <= 5, "{used} steps");
    assert!(got.0 < 0.06);
    // Going on, it reaches the same spikes as the cell that was not held back.
    sim.set_step_budget(rpl_model::integrator::MAX_STEPS);
    sim.advance(Seconds(0.06 - got.0)).expect("runs");
    free.advance(Seconds(0.06)).expect("runs");
    assert_eq!(sim.spikes().count(), free.spikes().count());
    assert_eq!(sim.spikes().count(), 3);
}

/// `g_Na` and `g_K` put channels on a running cell (gates at their steady
/// state at its V) and take them off (both at 0: none, and none written);
/// they travel in share links.
#[test]
fn channels_go_on_and_off_by_key_and_travel_in_links() {
    use rpl_model::{Command, Ion, Key};
    let mut sim = Simulation::new(Scenario::preset("squid-axon").expect("preset")).expect("valid");
    assert_eq!(Key::Gbar(Ion::Na).get(sim.scenario()), Some(0.0));
    sim.apply(Command::Set(Key::Gbar(Ion::Na), 0.12))
        .expect("on");
    sim.apply(Command::Set(Key::Gbar(Ion::K), 0.036))
        .expect("on");
    assert_eq!(
        sim.scenario().channels,
        Some(Channels::Hh(HhChannels::SQUID))
    );
    let y = *sim.state();
    let gates = sim
        .params()
        .gated
        .as_ref()
        .expect("gated")
        .kinetics
        .steady(y[0]);
    assert_eq!(y[13..16], gates[..], "gates at steady state");
    let link = rpl_model::export::to_query(sim.scenario(), "squid-axon");
    assert!(
        link.contains("g_Na=0.12") && link.contains("g_K=0.036"),
        "{link}"
    );
    let pairs: Vec<(String, String)> = link
        .split('&')
        .filter_map(|kv| kv.split_once('='))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let (back, _, errors) = rpl_model::export::from_query(&pairs, &[]);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(back.channels, sim.scenario().channels);
    sim.advance(Seconds(0.01)).expect("runs");
    sim.stimulate(&StimulusSpec::pulse(30.0, 1.0))
        .expect("valid");
    sim.advance(Seconds(0.02)).expect("runs");
    assert_eq!(sim.spikes().count(), 1);
    sim.apply(Command::Set(Key::Gbar(Ion::Na), 0.0))
        .expect("off");
    sim.apply(Command::Set(Key::Gbar(Ion::K), 0.0))
        .expect("off");
    assert_eq!(sim.scenario().channels, None);
    assert!(sim.state()[13..16].iter().all(|&g| g == 0.0));
    assert!(!sim.scenario().to_json().contains("channels"));
    assert_eq!(sim.excitability(1.0), Ok(Excitability::NoChannels));
    let err = sim
        .apply(Command::Set(Key::Gbar(Ion::Na), 2.0))
        .expect_err("refused")
        .to_string();
    assert!(err.contains("g_Na") && err.contains('2'), "{err}");
}

/// The membrane's net current at `v` with the cell's concentrations and
/// the gates at their steady state there, A/cm².
fn steady_current(sim: &Simulation, v: f64) -> f64 {
    let p = sim.params();
    let mut z = *sim.state();
    let g = p.gated.as_ref().expect("gated");
    z[13..16].copy_from_slice(&g.kinetics.steady(v));
    p.currents_at(&z, v).net()
}

/// Post-tetanic hyperpolarization, on the neuron preset thinned to 5 µm
/// with HH's channels (squid kinetics at 37 °C, a stand-in until a
/// mammalian set is on the cell): 500 spikes raise Na⁺ᵢ by several mM, the
/// pump speeds up and, once the spikes are over, the cell sits
/// hyperpolarized by what linear response says: −I(V₀)/G, the net steady
/// current at the old V with the new concentrations over the steady-state
/// slope conductance, to 10 %. The pump's share, −ΔI_p/G, is larger than
/// that (the concentrations' own effect on the E's depolarizes). It fades
/// as the pump clears the Na⁺; with the pump blocked by ouabain before the
/// train, the cell ends depolarized instead.
#[test]
fn a_train_leaves_the_pump_hyperpolarizing_the_cell() {
    let small = || {
        let mut s = Scenario::preset("neuron").expect("preset");
        s.cell.diameter_um = 5.0;
        s.channels = Some(Channels::Hh(HhChannels::SQUID));
        s.calibrated()
    };
    let run = |ouabain: bool| {
        let mut sim = Simulation::new(small()).expect("valid");
        if ouabain {
            sim.apply(rpl_model::Command::SetOuabain(1.0))
                .expect("block");
            sim.advance(Seconds(0.05)).expect("runs");
        }
        let (v0, na0) = (sim.voltage().0, sim.readouts().c_in_mm.na);
        sim.stimulate(&StimulusSpec::train(200.0, 1.0, 50.0, 500))
            .expect("valid");
        sim.advance(Seconds(10.0)).expect("train");
        let spikes = sim.spikes().count();
        sim.advance(Seconds(0.5)).expect("after");
        (sim, v0, na0, spikes)
    };
    let (mut sim, v0, na0, spikes) = run(false);
    assert_eq!(spikes, 500, "one spike a pulse");
    let r = sim.readouts();
    let dv = r.v_mv - v0;
    let d_na = r.c_in_mm.na - na0;
    let g = (steady_current(&sim, r.v_mv + 0.01) - steady_current(&sim, r.v_mv - 0.01)) / 0.02;
    let estimate = -steady_current(&sim, v0) / g;
    let p = sim.params();
    let dip = p.pump.current(r.c_in_mm.na, p.c_out.k) - p.pump.current(na0, p.c_out.k);
    let pump_share = -dip / g;
    println!(
        "Na_i +{d_na:.4} mM after {spikes} spikes; V {v0:.3} → {:.3} mV (ΔV {dv:.3}); −I(V0)/G {estimate:.3} mV, the pump's share −ΔI_p/G {pump_share:.3} mV",
        r.v_mv
    );
    assert!(d_na > 1.0 && dv < -0.3, "hyperpolarized: ΔV {dv} mV");
    assert!(
        (dv - estimate).abs() <= 0.1 * estimate.abs(),
        "ΔV {dv} against {estimate} mV"
    );
    assert!(pump_share < dv, "the pump's share {pump_share} mV");
    // It fades as the pump clears the Na⁺.
    sim.advance(Seconds(300.0)).expect("runs");
    let later = sim.voltage().0 - v0;
    println!("300 s later: ΔV {later:.3} mV");
    assert!(later.abs() < 0.5 * dv.abs(), "faded: {later} mV");
    // Ouabain first: no hyperpolarization after the train.
    let (blocked, v0b, _, spikes_b) = run(true);
    let dvb = blocked.voltage().0 - v0b;
    println!("with ouabain: {spikes_b} spikes, ΔV {dvb:.3} mV");
    assert!(
        dvb > 0.0,
        "not hyperpolarized with the pump blocked: {dvb} mV"
    );
}
