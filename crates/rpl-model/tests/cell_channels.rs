//! Hodgkin–Huxley channels on the pump-leak cell: the cell's spike against
//! the point membrane of `gating::point` with the same reversal potentials,
//! the Na⁺ load of a spike against C·ΔV/F scaled by area over volume and the
//! measured overlap factor, and conservation through trains of spikes.

use rpl_model::gating::point::{HhMembrane, HhPoint};
use rpl_model::integrator::{Method, OdeSystem, Rosenbrock, Tolerances};
use rpl_model::scenario::{Channels, HhChannels};
use rpl_model::system::{IMOVED, IV};
use rpl_model::{Command, Ion, Key, Scenario, Seconds, Simulation, Start};

/// The squid axon with HH's channels, its pump calibrated so that the
/// textbook concentrations are a steady state with them.
fn squid_with_channels() -> Scenario {
    let mut s = Scenario::preset("squid-axon").expect("preset");
    s.channels = Some(Channels::Hh(HhChannels::SQUID));
    s.calibrated()
}

/// The squid axon with HH's channels and almost nothing else: the pump off,
/// only a K⁺ leak 1e-9 of the preset's, and the widest cylinder allowed
/// (2 mm), so that a spike changes the concentrations by a few 1e-5 of
/// themselves. Started at `v0` with the gates at steady state there.
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

/// The point membrane with the cell's E_Na and E_K, HH's ḡ and no leak, at
/// the cell's temperature.
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

/// A 1 ms pulse of this amplitude (µA/cm²) from 1 ms.
const PULSE_UA_CM2: f64 = 20.0;

/// Run the cell through the pulse (the injected current switched on at
/// 1 ms and off at 2 ms, each edge the end of one call) and sample V every
/// `dt_ms` up to `t_end_ms`.
fn cell_trace(sim: &mut Simulation, amp: f64, dt_ms: f64, t_end_ms: f64) -> Vec<f64> {
    let t0 = sim.time().0;
    let mut out = vec![sim.state()[IV]];
    let n = (t_end_ms / dt_ms).round() as usize;
    for k in 1..=n {
        let t = k as f64 * dt_ms;
        let from = t - dt_ms;
        if (from - 1.0).abs() < 1e-9 {
            sim.apply(Command::Set(Key::Injected, amp)).expect("on");
        }
        if (from - 2.0).abs() < 1e-9 {
            sim.apply(Command::Set(Key::Injected, 0.0)).expect("off");
        }
        let target = t0 + t * 1e-3;
        sim.advance(Seconds(target - sim.time().0)).expect("runs");
        out.push(sim.state()[IV]);
    }
    out
}

/// The point membrane with the Na⁺ charge that entered as a fifth
/// component (∫ i_Na dt, µA/cm²·ms = nC/cm², outward positive).
struct Counting(HhPoint);

impl OdeSystem<5> for Counting {
    fn rhs(&self, y: &[f64; 5], dy: &mut [f64; 5]) {
        let y4 = [y[0], y[1], y[2], y[3]];
        let mut d4 = [0.0; 4];
        self.0.rhs(&y4, &mut d4);
        dy[..4].copy_from_slice(&d4);
        dy[4] = self.0.membrane.currents(&y4)[0];
    }

    fn scale(&self, i: usize) -> f64 {
        if i == 0 {
            10.0
        } else {
            0.1
        }
    }
}

/// The point membrane through the same pulse, integrated tightly on the
/// same grid (the pulse's edges are grid points); V at each point and the
/// Na⁺ charge (nC/cm², outward positive) at the end.
fn point_trace(m: &HhMembrane, amp: f64, dt_ms: f64, t_end_ms: f64) -> (Vec<f64>, f64) {
    let rest = m.rest_state().expect("rest");
    let tol = Tolerances {
        rtol: 1e-11,
        atol: [1e-11; 5],
    };
    let mut ode = Rosenbrock::with_method(Method::Rodas4, tol, 1e-4, 0.1);
    let mut y = [rest[0], rest[1], rest[2], rest[3], 0.0];
    let mut out = vec![y[0]];
    let n = (t_end_ms / dt_ms).round() as usize;
    for k in 1..=n {
        let from = (k - 1) as f64 * dt_ms;
        let i_stim = if (1.0 - 1e-9..2.0 - 1e-9).contains(&from) {
            amp
        } else {
            0.0
        };
        let sys = Counting(HhPoint {
            membrane: *m,
            i_stim,
        });
        let mut t = from;
        ode.integrate(&sys, &mut t, &mut y, k as f64 * dt_ms)
            .expect("runs");
        out.push(y[0]);
    }
    (out, y[4])
}

/// (a) With the concentrations effectively fixed, the cell's spike is the
/// point membrane's with the same E_Na and E_K: every 0.05 ms for 30 ms
/// through a 1 ms pulse of 20 µA/cm² from rest, within 1e-3 mV.
#[test]
fn the_cells_spike_is_the_point_membranes_with_the_same_reversal_potentials() {
    let probe = Simulation::new(channels_only(-65.0)).expect("valid");
    let m = point_membrane(&probe);
    let rest = m.resting_potential().expect("rest");
    let mut sim = Simulation::new(channels_only(rest)).expect("valid");
    sim.set_rtol(1e-10);
    let (dt, t_end) = (0.05, 30.0);
    let cell = cell_trace(&mut sim, PULSE_UA_CM2, dt, t_end);
    let (pt, _) = point_trace(&m, PULSE_UA_CM2, dt, t_end);
    let peak = cell.iter().copied().fold(f64::MIN, f64::max);
    assert!(peak > 30.0, "a spike: peak {peak} mV");
    let worst = cell
        .iter()
        .zip(&pt)
        .map(|(a, b)| (a - b).abs())
        .fold(0.0, f64::max);
    println!(
        "rest {rest} mV, E_Na {} E_K {} mV, peak {peak} mV, worst |V_cell - V_point| {worst:e} mV",
        m.ena, m.ek
    );
    assert!(worst <= 1e-3, "worst difference {worst} mV");
}

/// Na⁺ that entered the cell, mM of W₀, since its last start.
fn na_in(sim: &Simulation) -> f64 {
    -sim.state()[IMOVED + Ion::Na.index()]
}

/// The Na⁺ load of one spike in mM of W₀, and the closed form
/// f · C·ΔV/F · A/W₀ for it: ΔV the cell's spike height (peak − rest, both
/// on the 0.05 ms grid), f the overlap factor, the Na⁺ charge of a spike over
/// C·ΔV, measured on the point membrane `m` (the least Na⁺ a spike can take
/// is C·ΔV/F; f says how much more the overlap of the Na⁺ and K⁺ currents
/// costs). Each charge and load is the pulsed run's less the quiet run's
/// over the same 30 ms (the resting Na⁺ current's share). Returns the load,
/// the estimate and f.
fn load_and_estimate(base: Scenario, rtol: f64, m: &HhMembrane) -> (f64, f64, f64) {
    let (dt, t_end) = (0.05, 30.0);
    let mut quiet = Simulation::new(base).expect("valid");
    quiet.set_rtol(rtol);
    let mut sim = quiet.clone();
    let rest = quiet.state()[IV];
    cell_trace(&mut quiet, 0.0, dt, t_end);
    let trace = cell_trace(&mut sim, PULSE_UA_CM2, dt, t_end);
    let load = na_in(&sim) - na_in(&quiet);
    let dv_cell = trace.iter().copied().fold(f64::MIN, f64::max) - rest;
    // The point membrane: its Na⁺ charge with and without the pulse.
    let (_, q_quiet) = point_trace(m, 0.0, dt, t_end);
    let (v, q_spike) = point_trace(m, PULSE_UA_CM2, dt, t_end);
    let q_na = -(q_spike - q_quiet); // nC/cm², inward
    let dv_point = v.iter().copied().fold(f64::MIN, f64::max) - v[0];
    let overlap = q_na / (m.cm * dv_point); // µF/cm² · mV = nC/cm²
    let p = sim.params();
    // C·ΔV in nC/cm² → mol/cm² (× 1e-9 / F) → mM of W₀ (× A/W₀ in cm²/L × 1e3).
    let c_dv = p.c_m * 1e6 * dv_cell;
    let estimate = overlap * c_dv * 1e-9 / rpl_model::constants::F * p.a_w * 1e3;
    (load, estimate, overlap)
}

/// (c) The Na⁺ load of a spike on the cell whose concentrations barely
/// move, with only the channels: the closed form to 1e-5 relative.
#[test]
fn a_spikes_na_load_is_c_dv_over_f_times_the_overlap() {
    let probe = Simulation::new(channels_only(-65.0)).expect("valid");
    let m = point_membrane(&probe);
    let rest = m.resting_potential().expect("rest");
    let (load, estimate, overlap) = load_and_estimate(channels_only(rest), 1e-10, &m);
    let rel = (load - estimate).abs() / estimate;
    println!(
        "load {load:e} mM, estimate {estimate:e} mM, overlap factor {overlap}, relative difference {rel:e}"
    );
    assert!(rel <= 1e-5, "load {load} against {estimate} mM ({rel:e})");
}

/// (c) The same on a 20 µm squid-axon cell with its leaks and pump, the
/// overlap factor still from the point membrane without a leak (the
/// leaks' own Na⁺ and the shape they give the spike are what the
/// estimate leaves out): within 10 %.
#[test]
fn a_spikes_na_load_on_the_pump_leak_cell_is_near_the_closed_form() {
    let mut s = squid_with_channels();
    s.cell.diameter_um = 20.0;
    let probe = Simulation::new(s.clone()).expect("valid");
    let m = point_membrane(&probe);
    let (load, estimate, overlap) = load_and_estimate(s, 1e-8, &m);
    let rel = (load - estimate).abs() / estimate;
    println!(
        "load {load:e} mM, estimate {estimate:e} mM, overlap factor {overlap}, relative difference {rel:e}"
    );
    assert!(rel <= 0.1, "load {load} against {estimate} mM ({rel:e})");
}

/// Conservation after every spike of trains of spikes over hours: ions and
/// the counters' charge to 1e-10, the charge against the currents' own
/// integral to 1e-9.
fn assert_conserved(sim: &Simulation, when: &str) -> (f64, f64, f64) {
    let c = sim.conservation();
    let ion = c.ion_rel_error.iter().map(|(_, e)| e).fold(0.0, f64::max);
    assert!(ion <= 1e-10, "{when}: {c:?}");
    assert!(c.charge_rel_error <= 1e-10, "{when}: {c:?}");
    assert!(c.current_rel_error <= 1e-9, "{when}: {c:?}");
    (ion, c.charge_rel_error, c.current_rel_error)
}

/// (b) A 20 µm squid-axon cell with HH's channels and its pump: a train of
/// 20 spikes at 10 Hz (1 ms pulses of 20 µA/cm²) every 10 minutes for two
/// hours. Every pulse gives one spike, Na⁺ gathers inside during each train
/// and the pump takes it out between them, and every conservation check
/// holds after every spike.
#[test]
fn trains_of_spikes_over_hours_keep_ions_and_charge() {
    let mut s = squid_with_channels();
    s.cell.diameter_um = 20.0;
    let mut sim = Simulation::new(s).expect("valid");
    let rest = sim.state()[IV];
    let na0 = sim.params().c_in(sim.state()).na;
    let mut worst = (0.0f64, 0.0f64, 0.0f64);
    let mut spikes = 0;
    let mut na_after_train = Vec::new();
    let mut v_after_train = Vec::new();
    for train in 0..12 {
        for _ in 0..20 {
            // 1 ms on, then 99 ms off; V sampled every 0.1 ms for 5 ms.
            sim.apply(Command::Set(Key::Injected, PULSE_UA_CM2))
                .expect("on");
            let mut peak = f64::MIN;
            for k in 1..=50 {
                if k == 11 {
                    sim.apply(Command::Set(Key::Injected, 0.0)).expect("off");
                }
                sim.advance(Seconds(1e-4)).expect("runs");
                peak = peak.max(sim.state()[IV]);
            }
            sim.advance(Seconds(0.095)).expect("runs");
            if peak > 0.0 {
                spikes += 1;
            }
            let (a, b, c) = assert_conserved(&sim, &format!("train {train}"));
            worst = (worst.0.max(a), worst.1.max(b), worst.2.max(c));
        }
        na_after_train.push(sim.params().c_in(sim.state()).na);
        v_after_train.push(sim.state()[IV]);
        sim.advance(Seconds(598.0)).expect("runs");
        let (a, b, c) = assert_conserved(&sim, &format!("after train {train}"));
        worst = (worst.0.max(a), worst.1.max(b), worst.2.max(c));
    }
    println!(
        "rest {rest} mV, Na_i {na0} mM; after each train Na_i {na_after_train:?} mM, V {v_after_train:?} mV; \
         after 2 h V {} mV Na_i {} mM; spikes {spikes}; worst ion {:e}, charge {:e}, current {:e}; {:?}",
        sim.state()[IV],
        sim.params().c_in(sim.state()).na,
        worst.0,
        worst.1,
        worst.2,
        sim.stats()
    );
    assert_eq!(spikes, 240, "every pulse gives a spike");
    let rise = na_after_train[0] - na0;
    assert!(rise > 0.0, "Na⁺ gathers inside during a train");
}

/// No channels unless asked for: every preset but the two excitable ones
/// (the squid axon here, the cortical neuron in cell_rs.rs) has none and writes no `channels` field, so its scenario file and its
/// results are as before; that one is the squid axon with HH's channels,
/// calibrated, resting at the calibrated V with its gates at steady state.
#[test]
fn presets_have_no_channels_and_write_none() {
    let hh = Scenario::preset("squid-axon-hh").expect("preset");
    assert_eq!(
        hh,
        squid_with_channels().with_name_and_duration("squid-axon-hh", 1.0)
    );
    let sim = Simulation::new(hh).expect("valid");
    let v = sim.voltage().0;
    assert!((v + 65.50).abs() < 0.01, "rests at {v} mV");
    let gates = sim
        .params()
        .gated
        .as_ref()
        .expect("gated")
        .kinetics
        .steady(v);
    assert_eq!(sim.state()[rpl_model::system::IGATE..], gates[..]);
    for name in rpl_model::PRESET_NAMES {
        if name == "squid-axon-hh" || name == "neuron-rs" {
            // neuron-rs: tests/cell_rs.rs.
            continue;
        }
        let s = Scenario::preset(name).expect("preset");
        assert_eq!(s.channels, None, "{name}");
        assert!(!s.to_json().contains("channels"), "{name}");
        let sim = Simulation::new(s).expect("valid");
        assert!(sim.params().gated.is_none());
        assert_eq!(sim.state()[rpl_model::system::IGATE..], [0.0; 3], "{name}");
    }
}

/// A scenario file's channels are read, written back the same and checked:
/// a bad conductance names the field, the value and what is allowed.
#[test]
fn channels_in_a_scenario_file_are_read_and_checked() {
    let s = squid_with_channels();
    let text = s.to_json();
    assert!(
        text.contains("\"channels\": {\n    \"hh\": {\n      \"g_na_s_cm2\": 0.12,\n      \"g_k_s_cm2\": 0.036\n    }\n  }"),
        "{text}"
    );
    assert_eq!(Scenario::from_json(&text).expect("reads"), s);
    for (field, from, to, message) in [
        (
            "g_Na",
            "\"g_na_s_cm2\": 0.12",
            "\"g_na_s_cm2\": -0.1",
            "g_Na = -0.1 is not allowed: it must be a finite number at least 0 and at most 1 S/cm²",
        ),
        (
            "g_K",
            "\"g_k_s_cm2\": 0.036",
            "\"g_k_s_cm2\": 2",
            "g_K = 2 is not allowed: it must be a finite number at least 0 and at most 1 S/cm²",
        ),
    ] {
        let bad = text.replace(from, to);
        let e = Scenario::from_json(&bad).expect_err(field);
        assert_eq!(e.to_string(), message);
    }
    let unknown = text.replace("\"g_k_s_cm2\"", "\"g_ca_s_cm2\"");
    let e = Scenario::from_json(&unknown).expect_err("unknown field");
    assert!(e.to_string().contains("unknown field `g_ca_s_cm2`"), "{e}");
    let kind = text.replace("\"hh\"", "\"markov\"");
    let e = Scenario::from_json(&kind).expect_err("unknown kind");
    assert!(e.to_string().contains("unknown variant `markov`"), "{e}");
}

/// The calibration with channels: the textbook concentrations are a steady
/// state of the cell with its channels (the solver, started there, stays
/// to 1e-6 relative), V is where the pump's 3 : 2 balances the leaks' and
/// the channels' Na⁺ and K⁺, and the gates are at their steady state.
#[test]
fn the_calibration_with_channels_is_a_steady_state() {
    let s = squid_with_channels();
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
    let gates = sim
        .params()
        .gated
        .expect("channels")
        .kinetics
        .steady(sim.state()[IV]);
    assert_eq!(sim.state()[rpl_model::system::IGATE..], gates);
    let mut later = sim.clone();
    later.advance(Seconds(3600.0)).expect("runs");
    let dv = (later.state()[IV] - sim.state()[IV]).abs();
    println!("V {} mV; after 1 h it moved {dv:e} mV", sim.state()[IV]);
    assert!(dv <= 1e-6, "V moved {dv} mV in 1 h");
}

trait Named {
    fn with_name_and_duration(self, name: &str, duration_s: f64) -> Self;
}

impl Named for Scenario {
    fn with_name_and_duration(mut self, name: &str, duration_s: f64) -> Self {
        self.name = name.into();
        self.duration_s = duration_s;
        self
    }
}

/// Pulses in each train of the day-long run below.
const DAY_TRAIN_PULSES: u32 = 3;

/// (b) A day with a train every minute: the same cell, its pulses
/// scheduled by the model (`Command::Stimulate`: a train of
/// `DAY_TRAIN_PULSES` 1 ms pulses of 20 µA/cm² at 10 Hz at the start of
/// each minute), for 24 hours of model time (1440 trains). Every pulse
/// gives one spike, and ions, the counters' charge and the charge against
/// the currents' integral stay within 1e-9 relative after every train and
/// at the end.
#[test]
fn a_train_every_minute_for_a_day_keeps_ions_and_charge() {
    let started = std::time::Instant::now();
    let mut s = squid_with_channels();
    s.cell.diameter_um = 20.0;
    let mut sim = Simulation::new(s).expect("valid");
    let (rest, na0) = (sim.state()[IV], sim.params().c_in(sim.state()).na);
    let check = |sim: &Simulation, when: &str| {
        let c = sim.conservation();
        let ion = c.ion_rel_error.iter().map(|(_, e)| e).fold(0.0, f64::max);
        assert!(ion <= 1e-9, "{when}: {c:?}");
        assert!(c.charge_rel_error <= 1e-9, "{when}: {c:?}");
        assert!(c.current_rel_error <= 1e-9, "{when}: {c:?}");
        (ion, c.charge_rel_error, c.current_rel_error)
    };
    let mut worst = (0.0f64, 0.0f64, 0.0f64);
    let mut na_max = na0;
    let train = rpl_model::StimulusSpec::train(PULSE_UA_CM2, 1.0, 10.0, DAY_TRAIN_PULSES);
    let minutes = 24 * 60;
    for minute in 0..minutes {
        let before = sim.spikes().count();
        sim.apply(Command::Stimulate(train)).expect("valid");
        // The train's last pulse starts at 0.2 s; its spike is over by 0.3 s.
        sim.advance(Seconds(0.3)).expect("runs");
        assert!(!sim.stimulus_pending());
        assert_eq!(
            sim.spikes().count() - before,
            u64::from(DAY_TRAIN_PULSES),
            "minute {minute}: every pulse gives one spike"
        );
        na_max = na_max.max(sim.params().c_in(sim.state()).na);
        let (a, b, c) = check(&sim, &format!("after train {minute}"));
        worst = (worst.0.max(a), worst.1.max(b), worst.2.max(c));
        sim.advance(Seconds(59.7)).expect("runs");
    }
    let (a, b, c) = check(&sim, "after 24 h");
    worst = (worst.0.max(a), worst.1.max(b), worst.2.max(c));
    println!(
        "rest {rest} mV, Na_i {na0} mM; after 24 h ({} s) V {} mV, Na_i {} mM (highest after a train {na_max} mM); \
         spikes {}; worst ion {:e}, charge {:e}, current {:e}; {:?}; {:.1} s",
        sim.time().0,
        sim.state()[IV],
        sim.params().c_in(sim.state()).na,
        sim.spikes().count(),
        worst.0,
        worst.1,
        worst.2,
        sim.stats(),
        started.elapsed().as_secs_f64()
    );
    assert_eq!(
        sim.spikes().count(),
        u64::from(DAY_TRAIN_PULSES) * minutes,
        "every pulse gives one spike"
    );
}
