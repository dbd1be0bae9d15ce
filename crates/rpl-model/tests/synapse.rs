//! Synapses on the pump-leak cell: the excitatory (Na⁺ + K⁺) and inhibitory
//! (Cl⁻) permeabilities in GHK form, tonic and pulsed. Each test against a
//! closed form or an independent computation: where each synapse's current
//! reverses, the flip of a synaptic potential about it, shunting inhibition
//! (the response to a small current step against I/G, and the threshold of
//! a cell with channels), conservation through trains, and bad input named.

// A bad slice of text fails a test here; the page's own code takes slices
// with `get` (clippy::string_slice in Cargo.toml says why).
#![allow(clippy::string_slice)]

use rpl_model::constants::{F, R};
use rpl_model::electro::nernst_mv;
use rpl_model::scenario::{Channels, HhChannels, Synapses};
use rpl_model::{
    Command, Excitability, Key, ModelError, Scenario, Seconds, Simulation, SynapseKind,
    SynapseSpec, VolumeMode, PRESET_NAMES,
};

/// RT/F in mV at the scenario's temperature.
fn vt_mv(s: &Scenario) -> f64 {
    1e3 * R * s.temperature_k() / F
}

/// The GHK voltage of Na⁺ and K⁺ with equal permeabilities, mV: the
/// closed form (RT/F) ln((Na_o + K_o) / (Na_i + K_i)).
fn e_exc_closed_form(sim: &Simulation) -> f64 {
    let r = sim.readouts();
    let (ci, co) = (r.c_in_mm, r.c_out_mm);
    vt_mv(sim.scenario()) * ((co.na + co.k) / (ci.na + ci.k)).ln()
}

/// Each synapse's current is zero where the closed forms say it reverses:
/// the excitatory one at the GHK voltage of Na⁺ and K⁺ with equal
/// permeabilities (its Na⁺ and K⁺ currents, each ~10 µA/cm² there, cancel),
/// the inhibitory one at E_Cl; on either side of it, it has the sign of
/// V − E_rev. The model's readouts of E_rev are those closed forms.
#[test]
fn each_synapse_reverses_where_the_closed_form_says() {
    for name in ["neuron", "squid-axon", "skeletal-muscle", "astrocyte"] {
        // Put on the cell at rest, its concentrations the preset's.
        let mut sim = Simulation::new(Scenario::preset(name).expect("preset")).expect("valid");
        sim.apply(Command::Set(Key::SynExc, 1e-6)).expect("on");
        sim.apply(Command::Set(Key::SynInh, 1e-6)).expect("on");
        let r = sim.readouts();
        let t = sim.scenario().temperature_k();
        let e_exc = e_exc_closed_form(&sim);
        let e_cl = nernst_mv(-1, r.c_in_mm.cl, r.c_out_mm.cl, t);
        let syn = sim.synaptic_readouts();
        println!(
            "{name}: E_exc {e_exc:.4} mV (readout {:.4}), E_Cl {e_cl:.4} mV (readout {:.4}), V {:.4} mV",
            syn.e_exc_mv, syn.e_inh_mv, r.v_mv
        );
        assert!((syn.e_exc_mv - e_exc).abs() <= 1e-9, "{name}");
        assert!((syn.e_inh_mv - e_cl).abs() <= 1e-9, "{name}");
        // At E_exc the Na⁺ and K⁺ currents through the synapse cancel.
        let cur = sim.params().currents_at(sim.state(), e_exc);
        let (na, k) = (cur.synaptic.na, cur.synaptic.k);
        println!(
            "  at E_exc: i_Na {:.4} µA/cm², i_K {:.4} µA/cm², sum {:e}",
            na * 1e6,
            k * 1e6,
            (na + k) * 1e6
        );
        assert!(na < 0.0 && k > 0.0, "{name}: Na⁺ in, K⁺ out");
        assert!((na + k).abs() <= 1e-12 * na.abs(), "{name}: {na:e} + {k:e}");
        let (exc_at, _) = sim.synaptic_clamp(e_exc);
        assert!(exc_at.abs() <= 1e-12 * na.abs() * 1e6, "{name}: {exc_at:e}");
        let (_, inh_at) = sim.synaptic_clamp(e_cl);
        let (_, inh_above) = sim.synaptic_clamp(e_cl + 10.0);
        assert!(
            inh_at.abs() <= 1e-12 * inh_above.abs(),
            "{name}: {inh_at:e} at E_Cl"
        );
        for dv in [-30.0, -1.0, 1.0, 30.0] {
            let (exc, _) = sim.synaptic_clamp(e_exc + dv);
            let (_, inh) = sim.synaptic_clamp(e_cl + dv);
            assert!(exc * dv > 0.0 && inh * dv > 0.0, "{name}: {dv} mV");
        }
    }
}

/// V after `ms` of the synaptic pulse `spec` less V after the same time
/// without it, from the same cell: the synaptic potential, free of any slow
/// drift the cell has of its own.
fn synaptic_potential(sim: &Simulation, spec: &SynapseSpec, ms: f64) -> f64 {
    let mut with = sim.clone();
    let mut without = sim.clone();
    with.synapse(spec).expect("valid");
    with.advance(Seconds(ms * 1e-3)).expect("runs");
    without.advance(Seconds(ms * 1e-3)).expect("runs");
    with.voltage().0 - without.voltage().0
}

/// The neuron held at `v` mV by an injected current (the membrane's net
/// current there at the present concentrations), settled for 200 ms (20
/// membrane time constants).
fn held_at(v: f64) -> Simulation {
    let mut sim = Simulation::new(Scenario::preset("neuron").expect("preset")).expect("valid");
    let i = sim.clamp(rpl_model::Millivolts(v)).total_ua_cm2;
    sim.apply(Command::Set(Key::Injected, i)).expect("held");
    sim.advance(Seconds(0.2)).expect("runs");
    sim
}

/// The same excitatory pulse depolarizes a cell below its reversal
/// potential, hyperpolarizes one above it, and leaves one held at it where
/// it was; the inhibitory pulse likewise about E_Cl. In each case V moves
/// towards E_rev and not past it.
#[test]
fn a_synaptic_potential_flips_sign_at_the_reversal_potential() {
    let rest = Simulation::new(Scenario::preset("neuron").expect("preset")).expect("valid");
    let e_exc = e_exc_closed_form(&rest);
    let pulse = SynapseSpec::pulse(SynapseKind::Excitatory, 2e-7, 2.0);
    let mut seen = Vec::new();
    for (what, sim) in [
        ("at rest", rest.clone()),
        ("held at +30 mV", held_at(30.0)),
        ("held at E_exc", held_at(e_exc)),
    ] {
        let v0 = sim.voltage().0;
        let dv = synaptic_potential(&sim, &pulse, 2.0);
        println!("excitatory, {what}: V {v0:.4} mV, E_exc {e_exc:.4} mV, ΔV {dv:.6} mV");
        // Towards E_exc, not past it.
        assert!(
            dv * (e_exc - v0) > 0.0 && dv.abs() < (e_exc - v0).abs(),
            "{what}"
        );
        seen.push((v0 - e_exc, dv));
    }
    let (below, above, at) = (seen[0], seen[1], seen[2]);
    assert!(below.0 < 0.0 && below.1 > 1.0, "{below:?}");
    assert!(above.0 > 0.0 && above.1 < -1.0, "{above:?}");
    assert!(at.0.abs() < 0.01, "{at:?}");
    assert!(at.1.abs() <= 1e-4 * below.1.abs(), "{at:?}");

    // Cl⁻: at rest the neuron's Cl⁻ is at equilibrium (E_Cl = V); held
    // above, an inhibitory pulse pulls V down, held below, up.
    let e_cl = rest.readouts().e_mv.cl;
    let inh = SynapseSpec::pulse(SynapseKind::Inhibitory, 2e-7, 2.0);
    let dv_rest = synaptic_potential(&rest, &inh, 2.0);
    let dv_above = synaptic_potential(&held_at(e_cl + 20.0), &inh, 2.0);
    let dv_below = synaptic_potential(&held_at(e_cl - 20.0), &inh, 2.0);
    println!(
        "inhibitory: E_Cl {e_cl:.4} mV; ΔV at rest {dv_rest:e}, 20 mV above {dv_above:.6}, 20 mV below {dv_below:.6} mV"
    );
    assert!(dv_above < -0.2 && dv_below > 0.2);
    assert!(dv_above > -20.0 && dv_below < 20.0);
    assert!(dv_rest.abs() <= 1e-4 * dv_above.abs());
}

/// The slope conductance of a GHK current at its own reversal potential,
/// S/cm², in closed form: P z² F²/(RT) · c_i c_o ln(c_o/c_i) / (c_o − c_i)
/// (concentrations in mol/cm³).
fn ghk_conductance_at_reversal(p_cm_s: f64, c_in_mm: f64, c_out_mm: f64, t_k: f64) -> f64 {
    let (ci, co) = (c_in_mm * 1e-6, c_out_mm * 1e-6);
    p_cm_s * F * F / (R * t_k) * ci * co * (co / ci).ln() / (co - ci)
}

/// V `ms` after a step of `i_ua_cm2` into the cell less V without it.
fn step_response(sim: &Simulation, i_ua_cm2: f64, ms: f64) -> f64 {
    let mut with = sim.clone();
    let mut without = sim.clone();
    let i0 = sim.scenario().injected_current_ua_cm2;
    with.apply(Command::Set(Key::Injected, i0 + i_ua_cm2))
        .expect("step");
    with.advance(Seconds(ms * 1e-3)).expect("runs");
    without.advance(Seconds(ms * 1e-3)).expect("runs");
    with.voltage().0 - without.voltage().0
}

/// Shunting inhibition. The neuron's Cl⁻ is at equilibrium at rest, so a
/// tonic inhibitory synapse there moves V by nothing, but it adds its
/// conductance: a small current step then moves V by I/(G_rest + G_inh)
/// (G_rest the membrane's slope conductance from the clamp's I–V, G_inh the
/// closed form at E_Cl) instead of I/G_rest, and an excitatory synaptic
/// potential shrinks.
#[test]
fn shunting_inhibition_leaves_v_and_shrinks_the_responses() {
    let rest = Simulation::new(Scenario::preset("neuron").expect("preset")).expect("valid");
    let v_rest = rest.voltage().0;
    let t = rest.scenario().temperature_k();
    let r = rest.readouts();
    let p_inh = 5e-7;
    let mut shunted = rest.clone();
    shunted.apply(Command::Set(Key::SynInh, p_inh)).expect("on");
    let mut still = shunted.clone();
    still.advance(Seconds(1.0)).expect("runs");
    let moved = still.voltage().0 - v_rest;
    println!(
        "V at rest {v_rest:.6} mV, E_Cl {:.6} mV; 1 s after P_inh = {p_inh} cm/s: moved {moved:e} mV",
        r.e_mv.cl
    );
    assert!(moved.abs() <= 1e-6, "{moved:e} mV");

    let h = 1e-3;
    let slope = |sim: &Simulation| {
        let v = sim.voltage().0;
        let up = sim.clamp(rpl_model::Millivolts(v + h)).total_ua_cm2;
        let down = sim.clamp(rpl_model::Millivolts(v - h)).total_ua_cm2;
        (up - down) / (2.0 * h) * 1e-3 // µA/cm² per mV → S/cm²
    };
    let g_rest = slope(&rest);
    let g_inh = ghk_conductance_at_reversal(p_inh, r.c_in_mm.cl, r.c_out_mm.cl, t);
    // The clamp's slope with the synapse on, against the sum.
    let g_both = slope(&shunted);
    println!(
        "G_rest {g_rest:e} S/cm², G_inh {g_inh:e} (closed form), with both {g_both:e} (clamp)"
    );
    assert!((g_both - (g_rest + g_inh)).abs() <= 1e-6 * g_both);

    let i = 0.01; // µA/cm²: a step small enough for the I–V to be straight
    let dv_rest = step_response(&rest, i, 200.0);
    let dv_shunted = step_response(&shunted, i, 100.0);
    // A/cm² over S/cm² is V: × 1e3 for mV.
    let expect_rest = i * 1e-6 / g_rest * 1e3;
    let expect_shunted = i * 1e-6 / (g_rest + g_inh) * 1e3;
    println!(
        "step of {i} µA/cm²: ΔV {dv_rest:.6} mV (I/G_rest {expect_rest:.6}), shunted {dv_shunted:.6} mV (I/(G_rest + G_inh) {expect_shunted:.6})"
    );
    assert!((dv_rest - expect_rest).abs() <= 0.01 * expect_rest);
    assert!((dv_shunted - expect_shunted).abs() <= 0.01 * expect_shunted);

    let epsp = SynapseSpec::pulse(SynapseKind::Excitatory, 2e-7, 2.0);
    let peak = |sim: &Simulation| synaptic_potential(sim, &epsp, 2.0);
    let (alone, with_inh) = (peak(&rest), peak(&shunted));
    println!("EPSP at the end of a 2 ms pulse: {alone:.4} mV, shunted {with_inh:.4} mV");
    assert!(with_inh < alone && with_inh > 0.0);
}

/// The squid axon with HH's channels, leaks and pump, calibrated.
fn squid() -> Scenario {
    let mut s = Scenario::preset("squid-axon").expect("preset");
    s.channels = Some(Channels::Hh(HhChannels::SQUID));
    s.calibrated()
}

/// With HH's channels, a tonic inhibitory synapse at E_Cl (= V at rest)
/// raises the threshold for a 1 ms pulse: more current is needed, while
/// V at rest stays where it was.
#[test]
fn shunting_inhibition_raises_the_threshold() {
    let sim = Simulation::new(squid()).expect("valid");
    let mut shunted = sim.clone();
    shunted.apply(Command::Set(Key::SynInh, 2e-6)).expect("on");
    let th = |e: Excitability| match e {
        Excitability::Threshold(t) => t,
        other => panic!("a threshold, not {other:?}"),
    };
    let a = th(sim.excitability(1.0).expect("computed"));
    let b = th(shunted.excitability(1.0).expect("computed"));
    println!(
        "rheobase {:.4} → {:.4} µA/cm² with P_inh 2e-6 cm/s; V at rest {:.4} → {:.4} mV, threshold V {:.3} → {:.3} mV",
        a.rheobase_ua_cm2, b.rheobase_ua_cm2, a.v_rest_mv, b.v_rest_mv, a.v_threshold_mv, b.v_threshold_mv
    );
    assert!(b.rheobase_ua_cm2 > 1.1 * a.rheobase_ua_cm2);
    assert!((b.v_rest_mv - a.v_rest_mv).abs() <= 1e-6);
}

/// Ions and charge held to 1e-9 (as the other conservation checks).
fn assert_conserved(sim: &Simulation, what: &str) -> f64 {
    let c = sim.conservation();
    let worst = c
        .ion_rel_error
        .iter()
        .map(|(_, e)| e)
        .fold(c.charge_rel_error.max(c.current_rel_error), f64::max);
    for (ion, e) in c.ion_rel_error.iter() {
        assert!(e <= 1e-9, "{what}: {ion:?} {e:e}");
    }
    assert!(c.charge_rel_error <= 1e-9, "{what}: {c:?}");
    assert!(c.current_rel_error <= 1e-9, "{what}: {c:?}");
    worst
}

/// Trains of excitatory and inhibitory pulses, alone and overlapping, on
/// tonic synapses, rigid and swelling, and on the squid axon with channels
/// (each EPSP a spike): ions and charge are conserved after every pulse;
/// the Na⁺ that entered is what the synaptic Na⁺ current, integrated on its
/// own (the counters less the same run without pulses), says within the
/// pump's share; the permeability follows the schedule.
#[test]
fn trains_of_synaptic_pulses_keep_ions_and_charge() {
    let mut worst = 0.0f64;
    for volume in [VolumeMode::Rigid, VolumeMode::Swelling] {
        let mut s = Scenario::preset("neuron").expect("preset");
        s.cell.volume = volume;
        s.synapses = Some(Synapses {
            p_exc_cm_s: 2e-8,
            p_inh_cm_s: 1e-7,
        });
        let mut sim = Simulation::new(s).expect("valid");
        let t0 = sim.time().0;
        sim.synapse(&SynapseSpec::train(
            SynapseKind::Excitatory,
            1e-7,
            2.0,
            50.0,
            20,
        ))
        .expect("valid");
        sim.synapse(&SynapseSpec::train(
            SynapseKind::Inhibitory,
            2e-7,
            5.0,
            20.0,
            8,
        ))
        .expect("valid");
        assert_eq!(sim.synapses_at(t0 + 1e-3), (2e-8 + 1e-7, 1e-7 + 2e-7));
        assert_eq!(sim.synapses_at(t0 + 3e-3), (2e-8, 1e-7 + 2e-7));
        assert_eq!(sim.synapses_at(t0 + 6e-3), (2e-8, 1e-7));
        // In frame-sized pieces, as the page asks.
        let mut peak = f64::NEG_INFINITY;
        for k in 0..25 {
            sim.advance(Seconds(0.016)).expect("runs");
            peak = peak.max(sim.voltage().0);
            if k == 3 {
                let r = sim.synaptic_readouts();
                assert!(r.p_exc_cm_s >= 2e-8 && r.exc_current_ua_cm2 < 0.0, "{r:?}");
            }
            worst = worst.max(assert_conserved(&sim, &format!("{volume:?} frame {k}")));
        }
        assert!(!sim.stimulus_pending());
        assert_eq!(sim.synapses_at(sim.time().0), (2e-8, 1e-7));
        println!(
            "{volume:?}: V {:.3} mV, Na_i {:.6} mM after 0.4 s",
            sim.voltage().0,
            sim.readouts().c_in_mm.na
        );
    }
    // With channels each EPSP fires a spike.
    let mut sim = Simulation::new(squid()).expect("valid");
    sim.synapse(&SynapseSpec::train(
        SynapseKind::Excitatory,
        2e-6,
        1.0,
        50.0,
        10,
    ))
    .expect("valid");
    for k in 0..16 {
        sim.advance(Seconds(0.016)).expect("runs");
        worst = worst.max(assert_conserved(&sim, &format!("squid frame {k}")));
    }
    println!("squid axon with channels: {} spikes", sim.spikes().count());
    assert_eq!(sim.spikes().count(), 10);
    println!("worst relative error of ions and charge: {worst:e}");
}

/// The Na⁺ a synaptic pulse brings in is the integral of the synapse's Na⁺
/// current: the model's Na⁺ counter (the run with the pulse less the same
/// run without it) against the current integrated independently, by the
/// trapezoidal rule on 2000 readouts over the pulse, less the leak's and
/// the pump's share (likewise with less without).
#[test]
fn the_na_a_pulse_brings_in_is_its_currents_integral() {
    use rpl_model::system::IMOVED;
    let s = Scenario::preset("neuron").expect("preset");
    let rest = Simulation::new(s).expect("valid");
    let (mut with, mut without) = (rest.clone(), rest.clone());
    with.synapse(&SynapseSpec::pulse(SynapseKind::Excitatory, 2e-7, 2.0))
        .expect("valid");
    let n = 2000;
    let dt = 2e-3 / n as f64;
    // ∫ (i_Na,total with − i_Na,total without) dt, A·s/cm².
    let na_total = |sim: &Simulation| {
        let c = sim.params().currents(sim.state());
        c.ion_total(rpl_model::Ion::Na)
    };
    let mut integral = 0.0;
    let mut syn_only = 0.0;
    let (mut prev, mut prev_syn) = (na_total(&with) - na_total(&without), 0.0);
    for _ in 0..n {
        with.advance(Seconds(dt)).expect("runs");
        without.advance(Seconds(dt)).expect("runs");
        // Just before the pulse's end the synapse is still on.
        let cur = na_total(&with) - na_total(&without);
        let syn = with.params().currents(with.state()).synaptic.na;
        integral += 0.5 * (prev + cur) * dt;
        syn_only += 0.5 * (prev_syn + syn) * dt;
        prev = cur;
        prev_syn = syn;
    }
    let p = with.params();
    let to_mm = p.a_w * 1e3 / F;
    let counted = with.state()[IMOVED] - without.state()[IMOVED];
    println!(
        "Na⁺ moved out: counters {counted:e} mM, integrated currents {:e} mM (the synapse alone {:e})",
        integral * to_mm,
        syn_only * to_mm
    );
    assert!(counted < 0.0);
    assert!((counted - integral * to_mm).abs() <= 1e-3 * counted.abs());
}

/// No synapses: no preset has any or writes any, each key reads 0, and a
/// key set back to 0 takes them off (none written). Put on, they travel in
/// share links and scenario files.
#[test]
fn presets_have_no_synapses_and_keys_put_them_on_and_off() {
    for name in PRESET_NAMES {
        let s = Scenario::preset(name).expect("preset");
        assert_eq!(s.synapses, None, "{name}");
        assert!(!s.to_json().contains("synapses"), "{name}");
        assert_eq!(Key::SynExc.get(&s), Some(0.0));
        assert_eq!(Key::SynInh.get(&s), Some(0.0));
        let sim = Simulation::new(s).expect("valid");
        let r = sim.synaptic_readouts();
        assert_eq!((r.exc_current_ua_cm2, r.inh_current_ua_cm2), (0.0, 0.0));
        assert_eq!(
            sim.params().currents(sim.state()).synaptic,
            Default::default()
        );
    }
    let mut s = Scenario::preset("neuron").expect("preset");
    s.set("P_exc", "1e-7").expect("valid");
    s.set("P_inh", "3e-7").expect("valid");
    let link = rpl_model::export::to_query(&s, "neuron");
    assert!(link.contains("P_exc=") && link.contains("P_inh="), "{link}");
    let pairs: Vec<(String, String)> = link
        .split('&')
        .filter_map(|kv| kv.split_once('='))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let (back, _, errors) = rpl_model::export::from_query(&pairs, &[]);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(back.synapses, s.synapses);
    assert_eq!(Scenario::from_json(&s.to_json()), Ok(s.clone()));
    s.set("P_exc", "0").expect("valid");
    s.set("P_inh", "0").expect("valid");
    assert_eq!(s.synapses, None);
    assert_eq!(s, Scenario::preset("neuron").expect("preset"));
}

/// Bad values are refused naming the field, the value and what is allowed.
#[test]
fn bad_synapses_name_the_field() {
    let mut s = Scenario::preset("neuron").expect("preset");
    for (key, value) in [("P_exc", "-1e-7"), ("P_inh", "0.01"), ("P_exc", "abc")] {
        let e = s.set(key, value).expect_err("refused");
        let m = e.to_string();
        assert_eq!(e.field(), Some(key));
        assert!(m.contains(value), "{m}");
    }
    let m = s.set("P_inh", "0.01").expect_err("refused").to_string();
    assert!(m.contains("at most 0.001 cm/s"), "{m}");
    assert_eq!(s, Scenario::preset("neuron").expect("preset"));
    let bad = format!(
        "{{{}}}",
        &s.to_json().trim()[1..s.to_json().trim().len() - 1].to_string()
    )
    .replace(
        "\"duration_s\"",
        "\"synapses\": {\"p_exc_cm_s\": -1}, \"duration_s\"",
    );
    let e = Scenario::from_json(&bad).expect_err("refused");
    assert_eq!(e.field(), Some("P_exc"), "{e}");

    let exc = SynapseKind::Excitatory;
    let inh = SynapseKind::Inhibitory;
    let msg = |r: Result<SynapseSpec, ModelError>| r.expect_err("refused").to_string();
    for (kind, text, field, value) in [
        (exc, "0", "syn_exc_permeability", "0"),
        (exc, "2e-3", "syn_exc_permeability", "0.002"),
        (inh, "-1e-7,2", "syn_inh_permeability", "-1e-7"),
        (exc, "much", "syn_exc_permeability", "much"),
        (exc, "1e-7,-1", "syn_exc_duration", "-1"),
        (inh, "1e-7,30,100,5", "syn_inh_duration", "30"),
        (exc, "1e-7,1,0,5", "syn_exc_rate", "0"),
        // A count that is not whole says so, with the value, as for a stimulus.
        (
            inh,
            "1e-7,1,100,2.5",
            "syn_inh_count = 2.5",
            "a whole number from 1 to 1000",
        ),
        (exc, "1e-7,1,100", "syn_exc", "1e-7,1,100"),
    ] {
        let m = msg(SynapseSpec::parse(kind, text));
        assert!(m.contains(field) && m.contains(value), "{text}: {m}");
    }
    let m = msg(SynapseSpec::parse(exc, "0"));
    assert!(m.contains("greater than 0") && m.contains("cm/s"), "{m}");
    let mut sim = Simulation::new(Scenario::preset("neuron").expect("preset")).expect("valid");
    let e = sim
        .synapse(&SynapseSpec::train(inh, 1e-7, 0.5, 1000.0, 1000))
        .and_then(|_| sim.synapse(&SynapseSpec::train(inh, 1e-7, 0.5, 1000.0, 1000)))
        .and_then(|_| {
            (0..9).try_for_each(|_| sim.synapse(&SynapseSpec::train(exc, 1e-7, 0.5, 1000.0, 1000)))
        })
        .expect_err("too many pulses waiting");
    assert_eq!(e.field(), Some("syn_exc_count"), "{e}");
}

/// The text form reads back to the same pulses; one number is one 1 ms pulse.
#[test]
fn the_text_form_round_trips() {
    for spec in [
        SynapseSpec::pulse(SynapseKind::Excitatory, 1e-7, 2.0),
        SynapseSpec::pulse(SynapseKind::Inhibitory, 3.5e-6, 0.25),
        SynapseSpec::train(SynapseKind::Inhibitory, 1e-6, 5.0, 20.0, 40),
    ] {
        assert_eq!(SynapseSpec::parse(spec.kind, &spec.to_text()), Ok(spec));
    }
    assert_eq!(
        SynapseSpec::parse(SynapseKind::Excitatory, "1e-7"),
        Ok(SynapseSpec::pulse(SynapseKind::Excitatory, 1e-7, 1.0))
    );
    assert_eq!(SynapseKind::parse("syn_inh"), Some(SynapseKind::Inhibitory));
    assert_eq!(SynapseKind::parse("stim"), None);
}

/// A cell started at its steady state with tonic synapses starts at the
/// steady state of the leaks and the synapses together: every amount still
/// after an hour, and V the zero of the total current.
#[test]
fn tonic_synapses_have_their_steady_state() {
    let mut s = Scenario::preset("neuron").expect("preset");
    s.synapses = Some(Synapses {
        p_exc_cm_s: 2e-8,
        p_inh_cm_s: 2e-7,
    });
    let mut sim = Simulation::new(s).expect("valid");
    let before = sim.readouts();
    sim.advance(Seconds(3600.0)).expect("runs");
    let after = sim.readouts();
    println!(
        "V {:.4} → {:.4} mV, Na_i {:.5} → {:.5} mM, net current {:e} µA/cm²",
        before.v_mv, after.v_mv, before.c_in_mm.na, after.c_in_mm.na, after.net_current_ua_cm2
    );
    assert!((after.v_mv - before.v_mv).abs() <= 1e-6);
    assert!((after.c_in_mm.na - before.c_in_mm.na).abs() <= 1e-6 * before.c_in_mm.na);
    assert!((before.v_zero_current_mv - before.v_mv).abs() <= 1e-6);
    // Na⁺ loaded by the synapse: the steady state sits above the neuron's.
    assert!(before.v_mv > -73.8 && before.c_in_mm.na > 15.0);
}
