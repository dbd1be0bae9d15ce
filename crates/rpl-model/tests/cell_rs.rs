//! The neuron with a mammalian channel set (preset `neuron-rs`): Traub &
//! Miles's Na⁺ and K⁺ channels of Pospischil et al.'s (2008)
//! regular-spiking cortical neuron on the pump-leak neuron at 37 °C. Its
//! calibration is a steady state, a pulse gives a spike, ions and charge are
//! conserved through a train, the threshold moves with K⁺ₒ; the channels are
//! read from and written to scenario files, checked by name, and the g_Na
//! and g_K keys change this set's conductances.

use rpl_model::gating::HhKinetics;
use rpl_model::scenario::{Channels, HhChannels, TraubMilesChannels};
use rpl_model::system::{IGATE, IQ, IV};
use rpl_model::{Command, Excitability, Ion, Key, Scenario, Seconds, Simulation, StimulusSpec};

fn preset() -> Scenario {
    Scenario::preset("neuron-rs").expect("preset")
}

/// The preset is the neuron with the RS channels, calibrated, a run of a
/// second; the textbook concentrations are its steady state (the solver's
/// is within 1e-6 of them), the gates start at x∞(V), and V does not move
/// in an hour.
#[test]
fn the_preset_is_the_neuron_with_rs_channels_at_its_steady_state() {
    let s = preset();
    let mut expected = Scenario::preset("neuron").expect("preset");
    expected.name = "neuron-rs".into();
    expected.duration_s = 1.0;
    expected.channels = Some(Channels::TraubMiles(TraubMilesChannels::CORTICAL_RS));
    assert_eq!(s, expected.calibrated());
    assert_eq!(
        s.channels,
        Some(Channels::TraubMiles(TraubMilesChannels {
            g_na_s_cm2: 0.056,
            g_k_s_cm2: 0.006,
            v_t_mv: -56.2,
        }))
    );
    let sim = Simulation::new(s.clone()).expect("valid");
    let c = sim.params().c_in(sim.state());
    for ion in [Ion::Na, Ion::K, Ion::Cl] {
        let rel = (c.get(ion) - s.inside_mm.get(ion)).abs() / s.inside_mm.get(ion);
        assert!(
            rel <= 1e-6,
            "{ion:?}: {} against {}",
            c.get(ion),
            s.inside_mm.get(ion)
        );
    }
    let g = sim.params().gated.expect("channels");
    assert_eq!(g.kinetics, HhKinetics::traub_miles(-56.2));
    // 3^((37 − 36)/10): the rates of HH_traub.mod at 36 °C, one degree on.
    assert!((g.q10 - 3f64.powf(0.1)).abs() < 1e-15);
    let v = sim.state()[IV];
    assert_eq!(sim.state()[IGATE..IGATE + 3], g.kinetics.steady(v));
    let neuron = Scenario::preset("neuron").expect("preset");
    println!(
        "V {v} mV; I_max {} µA/cm² ({} without channels); gates {:?}",
        s.pump.max_current_ua_cm2,
        neuron.pump.max_current_ua_cm2,
        &sim.state()[IGATE..IGATE + 3]
    );
    let mut later = sim.clone();
    later.advance(Seconds(3600.0)).expect("runs");
    let dv = (later.state()[IV] - v).abs();
    println!("after 1 h V moved {dv:e} mV");
    assert!(dv <= 1e-6, "V moved {dv} mV in 1 h");
    assert_eq!(later.spikes().count(), 0);
}

/// A 1 ms pulse well above threshold gives one spike; one well below gives
/// none.
#[test]
fn a_pulse_gives_a_spike() {
    let sim = Simulation::new(preset()).expect("valid");
    let mut fired = sim.clone();
    fired
        .stimulate(&StimulusSpec::pulse(40.0, 1.0))
        .expect("valid");
    fired.advance(Seconds(0.03)).expect("runs");
    assert_eq!(fired.spikes().count(), 1);
    let s = fired.spikes().recent()[0];
    println!(
        "spike: crossing {:.4} ms, peak {:.3} mV at {:.4} ms",
        s.t_s * 1e3,
        s.peak_mv,
        s.peak_t_s * 1e3
    );
    assert!(s.peak_mv > 20.0 && s.peak_t_s > s.t_s, "{s:?}");
    let mut weak = sim.clone();
    weak.stimulate(&StimulusSpec::pulse(10.0, 1.0))
        .expect("valid");
    weak.advance(Seconds(0.03)).expect("runs");
    assert_eq!(weak.spikes().count(), 0);
}

/// A train of twenty 1 ms pulses of 40 µA/cm² at 20 Hz gives twenty spikes;
/// ions and charge are conserved through it to 1e-9 and the K⁺ the pulses
/// carried in is what the stimulus current says.
#[test]
fn a_train_conserves_ions_and_charge() {
    let mut sim = Simulation::new(preset()).expect("valid");
    let na0 = sim.params().c_in(sim.state()).na;
    sim.stimulate(&StimulusSpec::train(40.0, 1.0, 20.0, 20))
        .expect("valid");
    let mut worst = (0.0f64, 0.0f64, 0.0f64);
    for _ in 0..(1.0f64 / 0.016).ceil() as usize {
        sim.advance(Seconds(0.016)).expect("runs");
        let c = sim.conservation();
        let ion = c.ion_rel_error.iter().map(|(_, e)| e).fold(0.0, f64::max);
        worst = (
            worst.0.max(ion),
            worst.1.max(c.charge_rel_error),
            worst.2.max(c.current_rel_error),
        );
    }
    let na1 = sim.params().c_in(sim.state()).na;
    println!(
        "{} spikes; Na_i {na0} -> {na1} mM; worst ion {:e}, charge {:e}, current {:e}",
        sim.spikes().count(),
        worst.0,
        worst.1,
        worst.2
    );
    assert_eq!(sim.spikes().count(), 20);
    assert!(
        worst.0 <= 1e-9 && worst.1 <= 1e-9 && worst.2 <= 1e-9,
        "{worst:?}"
    );
    assert!(na1 > na0, "Na⁺ gathers inside");
    let p = sim.params();
    let expected = 20.0 * 40e-6 * 1e-3 / rpl_model::constants::F * p.a_w * 1e3;
    let brought = sim.state()[IQ];
    assert!(
        (brought - expected).abs() <= 1e-9 * expected,
        "{brought} against {expected}"
    );
}

/// The threshold for a 1 ms pulse exists and moves with K⁺ₒ: the bath's K⁺
/// changed, V settled for 1 s, raising K⁺ₒ from 5 to 10 mM depolarizes the
/// cell and brings it nearer threshold (less current, a shorter distance);
/// lowering it to 3 mM does the opposite; at 20 mM it no longer rests.
#[test]
fn the_threshold_moves_with_k_o() {
    let at = |k_o: f64| {
        let mut sim = Simulation::new(preset()).expect("valid");
        sim.apply(Command::SetConcentration {
            ion: Ion::K,
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
    let low = th(at(3.0));
    let normal = th(at(5.0));
    let raised = th(at(10.0));
    assert!(low.rheobase_ua_cm2 > normal.rheobase_ua_cm2);
    assert!(raised.rheobase_ua_cm2 < normal.rheobase_ua_cm2);
    assert!(low.distance_mv > normal.distance_mv);
    assert!(raised.distance_mv < normal.distance_mv);
    assert!(raised.v_rest_mv > normal.v_rest_mv && normal.v_rest_mv > low.v_rest_mv);
    // At 20 mM the cell leaves rest altogether: it sits depolarized, far
    // from the −73.8 mV it had.
    let mut sim = Simulation::new(preset()).expect("valid");
    sim.apply(Command::SetConcentration {
        ion: Ion::K,
        inside: false,
        mm: 20.0,
    })
    .expect("set");
    sim.advance(Seconds(1.0)).expect("runs");
    let v = sim.voltage().0;
    let h = sim.state()[IGATE + 1];
    println!(
        "K_o 20 mM: V {v:.2} mV, h {h:.4}, {} spikes on the way",
        sim.spikes().count()
    );
    assert!(v > -30.0, "V {v} mV");
}

/// In a scenario file the set is `"traub_miles"` with its two conductances
/// and V_T; it is written and read back the same, and a bad field is
/// refused with its name, its value and what is allowed.
#[test]
fn the_set_in_a_scenario_file_is_read_and_checked() {
    let s = preset();
    let text = s.to_json();
    assert!(
        text.contains(
            "\"channels\": {\n    \"traub_miles\": {\n      \"g_na_s_cm2\": 0.056,\n      \"g_k_s_cm2\": 0.006,\n      \"v_t_mv\": -56.2\n    }\n  }"
        ),
        "{text}"
    );
    assert_eq!(Scenario::from_json(&text).expect("reads"), s);
    for (field, from, to, message) in [
        (
            "g_Na",
            "\"g_na_s_cm2\": 0.056",
            "\"g_na_s_cm2\": -0.1",
            "g_Na = -0.1 is not allowed: it must be a finite number at least 0 and at most 1 S/cm²",
        ),
        (
            "g_K",
            "\"g_k_s_cm2\": 0.006",
            "\"g_k_s_cm2\": 2",
            "g_K = 2 is not allowed: it must be a finite number at least 0 and at most 1 S/cm²",
        ),
        (
            "v_T",
            "\"v_t_mv\": -56.2",
            "\"v_t_mv\": 20",
            "v_T = 20 is not allowed: it must be a finite number at least -100 and at most 0 mV",
        ),
    ] {
        let bad = text.replace(from, to);
        let e = Scenario::from_json(&bad).expect_err(field);
        assert_eq!(e.to_string().replace('\u{2212}', "-"), message);
    }
    let missing = text.replace(",\n      \"v_t_mv\": -56.2", "");
    let e = Scenario::from_json(&missing).expect_err("missing field");
    assert!(e.to_string().contains("missing field `v_t_mv`"), "{e}");
    let unknown = text.replace("\"v_t_mv\"", "\"v_half_mv\"");
    let e = Scenario::from_json(&unknown).expect_err("unknown field");
    assert!(e.to_string().contains("unknown field `v_half_mv`"), "{e}");
}

/// The g_Na and g_K keys change the conductances of the set the cell has
/// (its kinetics and V_T stay); taken to 0 the set stays, at zero
/// conductance, and back up it is the same set. On a cell without channels
/// the keys put HH's on, as before. The keys travel in share links.
#[test]
fn the_keys_change_this_sets_conductances() {
    let mut sim = Simulation::new(preset()).expect("valid");
    assert_eq!(Key::Gbar(Ion::Na).get(sim.scenario()), Some(0.056));
    assert_eq!(Key::Gbar(Ion::K).get(sim.scenario()), Some(0.006));
    sim.apply(Command::Set(Key::Gbar(Ion::Na), 0.1))
        .expect("set");
    let set = Channels::TraubMiles(TraubMilesChannels {
        g_na_s_cm2: 0.1,
        ..TraubMilesChannels::CORTICAL_RS
    });
    assert_eq!(sim.scenario().channels, Some(set));
    assert_eq!(sim.params().gated.expect("gated").g_na, 0.1);
    let link = rpl_model::export::to_query(sim.scenario(), "neuron-rs");
    assert!(
        link.contains("g_Na=0.1") && !link.contains("g_K="),
        "{link}"
    );
    let pairs: Vec<(String, String)> = link
        .split('&')
        .filter_map(|kv| kv.split_once('='))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let (back, _, errors) = rpl_model::export::from_query(&pairs, &[]);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(back.channels, Some(set));

    sim.apply(Command::Set(Key::Gbar(Ion::Na), 0.0))
        .expect("off");
    sim.apply(Command::Set(Key::Gbar(Ion::K), 0.0))
        .expect("off");
    let zero = Channels::TraubMiles(TraubMilesChannels {
        g_na_s_cm2: 0.0,
        g_k_s_cm2: 0.0,
        v_t_mv: -56.2,
    });
    assert_eq!(sim.scenario().channels, Some(zero));
    sim.apply(Command::Set(Key::Gbar(Ion::Na), 0.056))
        .expect("on");
    sim.apply(Command::Set(Key::Gbar(Ion::K), 0.006))
        .expect("on");
    assert_eq!(
        sim.scenario().channels,
        Some(Channels::TraubMiles(TraubMilesChannels::CORTICAL_RS))
    );

    let mut plain = Scenario::preset("neuron").expect("preset");
    plain.set("g_Na", "0.12").expect("set");
    assert_eq!(
        plain.channels,
        Some(Channels::Hh(HhChannels {
            g_na_s_cm2: 0.12,
            g_k_s_cm2: 0.0
        }))
    );
}

/// The channels as the membrane view reads them: at rest nearly every Na⁺
/// channel is shut (m³h below 1e-3) and available (h above 0.5); on the
/// way up a spike more than a tenth are open and carry Na⁺ in; after it the
/// K⁺ channels are open wider than at rest and carry K⁺ out. The readouts
/// are ḡ × open fraction × (V − E) from the state and the Nernst potentials,
/// and with the leaks and the pump they make up each ion's net efflux.
#[test]
fn gated_readouts_show_the_channels_opening_through_a_spike() {
    let assert_consistent = |sim: &Simulation| {
        let g = sim.gated_readouts().expect("channels");
        let y = sim.state();
        let (m, h, n) = (y[IGATE], y[IGATE + 1], y[IGATE + 2]);
        assert_eq!((g.m, g.h, g.n), (m, h, n));
        assert!((g.na_open - m.powi(3) * h).abs() <= 1e-15);
        assert!((g.k_open - n.powi(4)).abs() <= 1e-15);
        let r = sim.readouts();
        let i_na = 0.056e3 * g.na_open * (r.v_mv - r.e_mv.na);
        let i_k = 0.006e3 * g.k_open * (r.v_mv - r.e_mv.k);
        assert!((g.na_current_ua_cm2 - i_na).abs() <= 1e-9 * i_na.abs().max(1e-6));
        assert!((g.k_current_ua_cm2 - i_k).abs() <= 1e-9 * i_k.abs().max(1e-6));
        let na = r.leak_efflux_ions_s.na + g.na_efflux_ions_s + 3.0 * r.pump_cycles_s;
        let k = r.leak_efflux_ions_s.k + g.k_efflux_ions_s - 2.0 * r.pump_cycles_s;
        // Relative to the largest term (at rest the net is nearly zero).
        let scale_na = r.leak_efflux_ions_s.na.abs() + g.na_efflux_ions_s.abs();
        let scale_k = r.leak_efflux_ions_s.k.abs() + g.k_efflux_ions_s.abs();
        assert!((na - r.net_efflux_ions_s.na).abs() <= 1e-12 * scale_na);
        // K⁺ would also carry an injected current: none while these are read.
        assert!((k - r.net_efflux_ions_s.k).abs() <= 1e-12 * scale_k);
        g
    };
    let mut sim = Simulation::new(preset()).expect("valid");
    let rest = assert_consistent(&sim);
    assert!(rest.na_open < 1e-3 && rest.h > 0.5, "{rest:?}");
    sim.stimulate(&StimulusSpec::pulse(40.0, 1.0))
        .expect("pulse");
    let (mut widest_na, mut widest_k) = (rest, rest);
    for _ in 0..100 {
        sim.advance(Seconds(5e-5)).expect("runs");
        let g = assert_consistent(&sim);
        if g.na_open > widest_na.na_open {
            widest_na = g;
        }
        if g.k_open > widest_k.k_open {
            widest_k = g;
        }
    }
    assert_eq!(sim.spikes().count(), 1);
    println!("rest {rest:?}\nwidest Na {widest_na:?}\nwidest K {widest_k:?}");
    assert!(widest_na.na_open > 0.1, "{widest_na:?}");
    assert!(widest_na.na_efflux_ions_s < 0.0, "Na⁺ enters");
    assert!(widest_k.k_open > 10.0 * rest.k_open, "{widest_k:?}");
    assert!(widest_k.k_efflux_ions_s > 0.0, "K⁺ leaves");
}

/// The latest spike's trace, for the page's millisecond zoom: whether the
/// run goes in 50 µs pieces or in one call of a second (a page at its
/// fastest speed), it runs from 2 ms before the crossing of 0 mV (V near
/// rest there) to 8 ms after, in order, with points a few µs to tens of µs
/// apart through the upstroke, and its highest point is the spike's peak to
/// 1 mV. A train keeps only its last spike's trace. (Each cell rests 10 ms
/// first: a trace has no points from before the run.)
#[test]
fn the_latest_spikes_trace_is_kept_at_any_speed() {
    use rpl_model::simulation::{TRACE_AFTER_MS, TRACE_BEFORE_MS};
    let check = |sim: &Simulation, what: &str| {
        let tr = sim.spikes().trace();
        let peak = sim.spikes().last().expect("a spike").peak_mv;
        assert!(tr.len() > 20, "{what}: {} points", tr.len());
        let (t0, v0) = tr[0];
        let (t1, _) = tr[tr.len() - 1];
        assert!(
            t0 <= -TRACE_BEFORE_MS && t0 > -TRACE_BEFORE_MS - 5.0,
            "{what}: starts {t0}"
        );
        assert!(v0 < -40.0, "{what}: {v0} mV at the start");
        assert!(t1 >= TRACE_AFTER_MS, "{what}: ends {t1}");
        assert!(tr.windows(2).all(|w| w[1].0 > w[0].0), "{what}: in order");
        let top = tr.iter().map(|p| p.1).fold(f64::MIN, f64::max);
        assert!((top - peak).abs() < 1.0, "{what}: top {top}, peak {peak}");
        let rising: Vec<f64> = tr
            .windows(2)
            .filter(|w| w[0].0 >= -0.5 && w[1].0 <= 0.5)
            .map(|w| w[1].0 - w[0].0)
            .collect();
        assert!(rising.len() >= 5, "{what}: {rising:?}");
        assert!(rising.iter().all(|&d| d < 0.2), "{what}: {rising:?}");
        println!("{what}: {} points, top {top} mV, peak {peak} mV", tr.len());
        top
    };
    let mut fine = Simulation::new(preset()).expect("valid");
    fine.advance(Seconds(0.01)).expect("rests");
    assert!(fine.spikes().trace().is_empty());
    fine.stimulate(&StimulusSpec::pulse(40.0, 1.0))
        .expect("pulse");
    for _ in 0..400 {
        fine.advance(Seconds(5e-5)).expect("runs");
    }
    let a = check(&fine, "50 µs pieces");
    let mut fast = Simulation::new(preset()).expect("valid");
    fast.advance(Seconds(0.01)).expect("rests");
    fast.stimulate(&StimulusSpec::pulse(40.0, 1.0))
        .expect("pulse");
    fast.advance(Seconds(1.0)).expect("runs");
    let b = check(&fast, "one second in one call");
    assert!((a - b).abs() < 1.0, "{a} against {b}");
    let mut train = Simulation::new(preset()).expect("valid");
    train.advance(Seconds(0.01)).expect("rests");
    train
        .stimulate(&StimulusSpec::train(40.0, 1.0, 50.0, 3))
        .expect("train");
    train.advance(Seconds(1.0)).expect("runs");
    assert_eq!(train.spikes().count(), 3);
    check(&train, "the last of a train");
    let last = train.spikes().last().expect("spike");
    // Its crossing is the third pulse's, 40 ms after the first's.
    assert!(last.t_s > 0.049, "{last:?}");
}
