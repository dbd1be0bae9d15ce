//! The model against closed forms: GHK limits, reversal at the Nernst potential,
//! the integrator on problems with known solutions, membrane charging with the
//! time constant C/g, conservation of ions and charge, and the steady state.

use rpl_model::electro::{
    ghk_current, ghk_currents, ghk_slope_conductance, mullins_noda_mv, nernst_mv,
};
use rpl_model::integrator::{OdeSystem, Rosenbrock23, Tolerances};
use rpl_model::system::{IV, IX, N};
use rpl_model::{Command, Ion, Scenario, Seconds, Simulation, VolumeMode, PRESET_NAMES};

const T37: f64 = 310.15;

#[test]
fn ghk_current_at_zero_voltage_is_the_exact_limit() {
    for ion in Ion::ALL {
        let z = ion.valence();
        let (p, ci, co) = (1e-6, 12.5, 140.0);
        let limit = p * f64::from(z) * 96_485.332_12 * (ci - co) * 1e-6;
        let at0 = ghk_current(z, p, ci, co, 0.0, T37);
        assert!(
            ((at0 - limit) / limit).abs() < 1e-15,
            "{ion}: {at0} vs {limit}"
        );
        // Series: u/(1 − e^−u) (c_i − c_o e^−u) = (c_i − c_o) + u (c_i + c_o)/2 + O(u²)
        for v in [1e-9, -1e-9, 1e-6, -1e-6] {
            let u = f64::from(z) * v * 1e-3 * 96_485.332_12 / (8.314_462_618 * T37);
            let series = limit * (1.0 + u * (ci + co) / (2.0 * (ci - co)));
            let got = ghk_current(z, p, ci, co, v, T37);
            assert!(
                ((got - series) / series).abs() < 1e-12,
                "{ion} at {v} mV: {got} vs series {series}"
            );
        }
    }
}

#[test]
fn ghk_current_reverses_at_the_nernst_potential() {
    for ion in Ion::ALL {
        let z = ion.valence();
        let (ci, co) = if ion == Ion::Ca {
            (1e-4, 2.0)
        } else {
            (15.0, 145.0)
        };
        let e = nernst_mv(z, ci, co, T37);
        let at_e = ghk_current(z, 1e-6, ci, co, e, T37);
        let near = ghk_current(z, 1e-6, ci, co, e + 10.0, T37);
        assert!(at_e.abs() < 1e-10 * near.abs(), "{ion}: {at_e} at E");
        assert!(near > 0.0, "{ion}: current must be outward above E");
        assert!(ghk_current(z, 1e-6, ci, co, e - 10.0, T37) < 0.0);
    }
}

#[test]
fn ghk_current_never_overflows() {
    for v in [-1e4, -1000.0, 1000.0, 1e4] {
        for ion in Ion::ALL {
            let i = ghk_current(ion.valence(), 1e-6, 140.0, 5.0, v, T37);
            assert!(i.is_finite(), "{ion} at {v} mV");
        }
    }
}

/// Every ion's GHK current at once (`ghk_currents`, from one exponential)
/// is each ion's `ghk_current`, to the bit: at and near 0 mV, on both sides of the ±0.5 switch between
/// `expm1` and the exponential, at the resting and the extreme voltages,
/// with a permeability of 0, and at two temperatures.
#[test]
fn ghk_currents_of_all_ions_are_each_ions_current_to_the_bit() {
    use rpl_model::IonMap;
    let perm = IonMap::from_fn(|i| [5e-7, 2e-8, 0.0, 1e-9][i.index()]);
    let c_in = IonMap::from_fn(|i| [15.0, 140.0, 6.9, 1e-4][i.index()]);
    let c_out = IonMap::from_fn(|i| [145.0, 5.0, 110.0, 2.0][i.index()]);
    let mut vs = vec![
        0.0, -0.0, 1e-300, -1e-300, 1e-9, -1e-9, -73.8, 60.6, -1e4, 1e4,
    ];
    for k in -2000..=2000 {
        vs.push(f64::from(k) * 0.0625);
    }
    for t in [T37, 279.45] {
        for &v in &vs {
            let all = ghk_currents(&perm, &c_in, &c_out, v, t);
            for ion in Ion::ALL {
                let one = ghk_current(
                    ion.valence(),
                    perm.get(ion),
                    c_in.get(ion),
                    c_out.get(ion),
                    v,
                    t,
                );
                assert_eq!(
                    all.get(ion).to_bits(),
                    one.to_bits(),
                    "{ion} at {v} mV, {t} K"
                );
            }
        }
    }
    // Cl⁻ permeant too (its permeability was 0 above).
    let perm = IonMap::from_fn(|i| [5e-7, 2e-8, 2.25e-7, 0.0][i.index()]);
    for &v in &vs {
        let all = ghk_currents(&perm, &c_in, &c_out, v, T37);
        let one = ghk_current(
            -1,
            perm.get(Ion::Cl),
            c_in.get(Ion::Cl),
            c_out.get(Ion::Cl),
            v,
            T37,
        );
        assert_eq!(all.get(Ion::Cl).to_bits(), one.to_bits(), "Cl at {v} mV");
    }
}

/// y' = A y with eigenvalues −1 and −1e6 (stiff), exact solution known.
struct Linear;
impl OdeSystem<2> for Linear {
    fn rhs(&self, y: &[f64; 2], dy: &mut [f64; 2]) {
        dy[0] = -y[0] + y[1];
        dy[1] = -1e6 * y[1];
    }
}

#[test]
fn integrator_matches_exact_solution_of_a_stiff_linear_system() {
    let tol = Tolerances {
        rtol: 1e-6,
        atol: [1e-10; 2],
    };
    let mut ode = Rosenbrock23::new(tol, 1e-8, 10.0);
    let (mut t, mut y) = (0.0, [1.0, 1.0]);
    // Second-order method: the global error is ~100 × the per-step tolerance here.
    ode.integrate(&Linear, &mut t, &mut y, 5.0)
        .expect("integrates");
    // Second-order method: global error ~100 × the per-step tolerance.
    // y1 = e^(−1e6 t); y0 = e^−t + (e^−t − e^(−1e6 t)) / (1e6 − 1)
    let exact0 = (-5.0f64).exp() * (1.0 + 1.0 / (1e6 - 1.0));
    assert!(
        ((y[0] - exact0) / exact0).abs() < 3e-4,
        "{} vs {exact0}",
        y[0]
    );
    assert!(y[1].abs() < 1e-10);
    // Stiffness must not force tiny steps once the fast mode has decayed.
    assert!(ode.stats.accepted < 2000, "{:?}", ode.stats);
}

struct Decay;
impl OdeSystem<1> for Decay {
    fn rhs(&self, y: &[f64; 1], dy: &mut [f64; 1]) {
        dy[0] = -y[0];
    }
}

#[test]
fn integrator_error_shrinks_with_tolerance_and_ignores_output_spacing() {
    let run = |rtol: f64, outputs: usize| {
        let mut ode = Rosenbrock23::new(
            Tolerances {
                rtol,
                atol: [1e-14],
            },
            1e-3,
            1.0,
        );
        let (mut t, mut y) = (0.0, [1.0]);
        for k in 1..=outputs {
            ode.integrate(&Decay, &mut t, &mut y, 3.0 * k as f64 / outputs as f64)
                .expect("integrates");
        }
        ((y[0] - (-3.0f64).exp()) / (-3.0f64).exp()).abs()
    };
    let coarse = run(1e-4, 1);
    let fine = run(1e-8, 1);
    // Global error of this second-order method: a few hundred times the per-step tolerance.
    assert!(coarse < 1e-2 && fine < 1e-5, "{coarse} {fine}");
    // Error falls about as rtol^(2/3): 10⁴ tighter tolerance, ≥ 300 × smaller error.
    assert!(fine < coarse / 300.0, "{coarse} {fine}");
    // Asking for output every 1 ms (like frames) must not change the accuracy class.
    let framed = run(1e-8, 3000);
    assert!(framed < 1e-5 && framed < 2.0 * fine, "{framed} vs {fine}");
}

#[test]
fn membrane_charges_with_time_constant_c_over_g() {
    // K⁺-only membrane, pump off, started 1 mV above E_K: V − E_K decays as e^(−t/τ), τ = C/g_K.
    let mut s = Scenario::preset("k-only").expect("preset");
    let t_k = s.temperature_k();
    let (ki, ko, pk) = (s.inside_mm.k, s.outside_mm.k, s.permeability_cm_s.k);
    let e_k = nernst_mv(1, ki, ko, t_k);
    s.initial_voltage_mv = Some(e_k + 1.0);
    let mut sim = Simulation::new(s.clone()).expect("valid");
    let c_m = s.cell.capacitance_uf_cm2 * 1e-6;
    let tau = c_m / ghk_slope_conductance(1, pk, ki, ko, e_k, t_k);
    assert!(
        tau > 1e-3 && tau < 0.1,
        "τ = {tau} s should be milliseconds"
    );
    sim.advance(Seconds(tau)).expect("runs");
    let dev = sim.voltage().0 - e_k;
    // Small-signal theory: e^−1, to within the GHK curvature over 1 mV (~2 %).
    assert!((dev - (-1.0f64).exp()).abs() < 0.02, "{dev}");
    // Independent reference: classical RK4 with 10⁵ fixed steps on C dV/dt = −i_K(V)
    // (concentrations held; they change by ~1e-8 relative over this run).
    let f = |v: f64| -ghk_current(1, pk, ki, ko, v, t_k) / c_m * 1e3;
    let n = 100_000;
    let h = tau / n as f64;
    let mut v = e_k + 1.0;
    for _ in 0..n {
        let k1 = f(v);
        let k2 = f(v + 0.5 * h * k1);
        let k3 = f(v + 0.5 * h * k2);
        let k4 = f(v + h * k3);
        v += h / 6.0 * (k1 + 2.0 * k2 + 2.0 * k3 + k4);
    }
    assert!(
        (sim.voltage().0 - v).abs() < 1e-3,
        "model {} vs RK4 {v}",
        sim.voltage().0
    );
}

#[test]
fn k_only_membrane_reaches_e_k_moving_a_tiny_fraction_of_k() {
    let s = Scenario::preset("k-only").expect("preset");
    let mut sim = Simulation::new(s).expect("valid");
    assert_eq!(sim.voltage().0, 0.0);
    sim.advance(Seconds(0.5)).expect("runs");
    let r = sim.readouts();
    assert!(
        (r.v_mv - r.e_mv.k).abs() < 0.01,
        "V {} vs E_K {}",
        r.v_mv,
        r.e_mv.k
    );
    // About C·E_K / e ions: a few million, ~1e-5 of the cell's K⁺.
    assert!(
        r.moved_fraction.k > 1e-6 && r.moved_fraction.k < 1e-4,
        "{}",
        r.moved_fraction.k
    );
    let q_ions = r.membrane_charge_e.abs();
    assert!(
        ((r.moved_ions.k - q_ions) / q_ions).abs() < 1e-6,
        "ions moved = charge on the membrane"
    );
}

/// Ouabain for 100 hours, with Ca²⁺ permeant too: every ion (inside plus
/// moved out) and the charge (C·V against the charge the moved-out counters
/// left inside) hold to 1e-10 relative at 1, 24 and 100 hours, and C·V
/// against the net membrane current integrated on its own to 2e-8 (the
/// default method's rounding; crates/rpl-model/tests/rodas4.rs gives each
/// method's worst hour). A swelling cell ends near 0 mV, where the charge is
/// measured against 1 mV's worth.
fn check_conservation(volume: VolumeMode) {
    let mut s = Scenario::preset("neuron").expect("preset");
    s.cell.volume = volume;
    s.permeability_cm_s.ca = 1e-9; // let Ca²⁺ move too
    let mut sim = Simulation::new(s).expect("valid");
    sim.apply(Command::SetOuabain(1.0)).expect("block");
    for hours in [1.0, 24.0, 100.0] {
        sim.advance(Seconds(hours * 3600.0 - sim.time().0))
            .expect("runs");
        let c = sim.conservation();
        for (ion, err) in c.ion_rel_error.iter() {
            assert!(err <= 1e-10, "{hours} h, {ion}: {err:e}");
        }
        assert!(
            c.charge_rel_error <= 1e-10,
            "{hours} h: charge {:e} at V = {}",
            c.charge_rel_error,
            sim.voltage().0
        );
        assert!(
            c.current_rel_error <= 2e-8,
            "{hours} h: charge against the currents {:e} at V = {}",
            c.current_rel_error,
            sim.voltage().0
        );
    }
    let r = sim.readouts();
    assert!(r.v_mv.is_finite() && r.c_in_mm.na > 100.0, "{r:?}");
    if volume == VolumeMode::Swelling {
        assert!(r.volume_rel > 2.0, "the cell swells: {}", r.volume_rel);
    }
}

#[test]
fn ions_and_charge_conserved_over_100_hours_rigid() {
    check_conservation(VolumeMode::Rigid);
}

#[test]
fn ions_and_charge_conserved_over_100_hours_swelling() {
    check_conservation(VolumeMode::Swelling);
}

#[test]
fn presets_start_at_a_true_steady_state() {
    for name in PRESET_NAMES {
        let s = Scenario::preset(name).expect("preset");
        let mut sim = Simulation::new(s.clone()).expect("valid");
        let r0 = sim.readouts();
        if name == "k-only" || name == "digoxin" {
            // k-only starts at 0 mV on purpose; digoxin at the myocyte's
            // steady state with 30 % of its pumps just blocked, to run down.
            continue;
        }
        // Zero total current, every ion's own current non-zero (steady state, not equilibrium).
        assert!(
            r0.net_current_ua_cm2.abs() < 1e-9,
            "{name}: {}",
            r0.net_current_ua_cm2
        );
        assert!(
            r0.leak_current_ua_cm2.k > 0.0 && r0.leak_current_ua_cm2.na < 0.0,
            "{name}"
        );
        assert!(
            (r0.net_efflux_ions_s.na / r0.leak_efflux_ions_s.na).abs() < 1e-6,
            "{name}: pump balances Na⁺"
        );
        if name == "ischaemia" {
            continue; // at rest at its start, then its pumps fail
        }
        let x0 = *sim.state();
        sim.advance(Seconds(3600.0)).expect("runs");
        let x1 = sim.state();
        for i in 0..5 {
            let rel = (x1[IX + i.min(3)] - x0[IX + i.min(3)]).abs() / x0[IX + i.min(3)];
            assert!(rel < 1e-6, "{name}: amount {i} drifted by {rel}");
        }
        assert!((x1[IV] - x0[IV]).abs() < 1e-6, "{name}: V drifted");
    }
}

#[test]
fn steady_state_without_chloride_is_the_mullins_noda_potential() {
    // Change the bath away from the preset, then solve: V must be MN of the new steady concentrations.
    let mut s = Scenario::preset("neuron").expect("preset");
    s.permeability_cm_s.cl = 0.0;
    s.outside_mm.k = 9.0;
    let sim = Simulation::new(s.clone()).expect("valid");
    let r = sim.readouts();
    let p = s.permeability_cm_s;
    let mn = mullins_noda_mv(
        1.5,
        p.k,
        p.na,
        (r.c_in_mm.k, r.c_out_mm.k),
        (r.c_in_mm.na, r.c_out_mm.na),
        s.temperature_k(),
    );
    assert!(
        (r.v_mv - mn).abs() < 1e-6,
        "steady {} vs Mullins–Noda {mn}",
        r.v_mv
    );
    assert!(r.net_current_ua_cm2.abs() < 1e-9);
}

#[test]
fn ouabain_runs_the_gradients_down_over_hours() {
    let mut sim = Simulation::new(Scenario::preset("neuron").expect("preset")).expect("valid");
    let v0 = sim.voltage().0;
    sim.apply(Command::SetOuabain(1.0)).expect("block");
    sim.advance(Seconds(1.0)).expect("runs");
    let v_1s = sim.voltage().0;
    // The pump's own current vanishes at once: a small quick depolarisation, not a collapse.
    assert!(v_1s > v0 && v_1s - v0 < 5.0, "{v0} → {v_1s}");
    let samples = sim.run(Seconds(7200.0), 24).expect("runs");
    for w in samples.windows(2) {
        assert!(w[1].v_mv > w[0].v_mv, "V rises monotonically");
        assert!(w[1].c_in_mm.na > w[0].c_in_mm.na && w[1].c_in_mm.k < w[0].c_in_mm.k);
    }
    let end = samples.last().expect("samples");
    assert!(
        end.v_mv > -45.0 && end.v_mv < -25.0,
        "after 2 h: {}",
        end.v_mv
    );
}

#[test]
fn swelling_cell_takes_up_water_when_the_pump_stops() {
    let mut s = Scenario::preset("neuron").expect("preset");
    s.cell.volume = VolumeMode::Swelling;
    let mut sim = Simulation::new(s).expect("valid");
    assert!((sim.readouts().volume_rel - 1.0).abs() < 1e-9);
    sim.apply(Command::SetOuabain(1.0)).expect("block");
    sim.advance(Seconds(4.0 * 3600.0)).expect("runs");
    let r = sim.readouts();
    assert!(r.volume_rel > 1.2, "volume {}", r.volume_rel);
    let (osm_in, osm_out) = r.osmolarity_mm;
    assert!(
        (osm_in - osm_out).abs() < 1.0,
        "water keeps up: {osm_in} vs {osm_out}"
    );
}

#[test]
fn voltage_clamp_reverses_each_channel_at_its_e_and_total_at_rest() {
    let sim = Simulation::new(Scenario::preset("neuron").expect("preset")).expect("valid");
    let r = sim.readouts();
    for ion in [Ion::Na, Ion::K, Ion::Cl] {
        let at_e = sim.clamp(rpl_model::Millivolts(r.e_mv.get(ion)));
        let scale = sim
            .clamp(rpl_model::Millivolts(r.e_mv.get(ion) + 10.0))
            .leak_ua_cm2
            .get(ion);
        assert!(
            at_e.leak_ua_cm2.get(ion).abs() < 1e-9 * scale.abs(),
            "{ion}"
        );
    }
    let at_rest = sim.clamp(sim.voltage());
    assert!(at_rest.total_ua_cm2.abs() < 1e-9);
    let iv = sim.iv_curve(
        rpl_model::Millivolts(-120.0),
        rpl_model::Millivolts(60.0),
        181,
    );
    let crossings = iv
        .windows(2)
        .filter(|w| w[0].total_ua_cm2 < 0.0 && w[1].total_ua_cm2 >= 0.0)
        .count();
    assert_eq!(crossings, 1, "the total current crosses zero once");
    let _ = N;
}

#[test]
fn voltage_rate_is_minus_total_current_over_capacitance() {
    use rpl_model::system::Params;
    let sim = Simulation::new(Scenario::preset("k-only").expect("preset")).expect("valid");
    let p: &Params = sim.params();
    let y = sim.state();
    let mut dy = [0.0; N];
    p.rhs(y, &mut dy);
    let expect = -p.currents(y).net() / p.c_m * 1e3;
    assert!(
        ((dy[IV] - expect) / expect).abs() < 1e-9,
        "{} vs {expect}",
        dy[IV]
    );
}

#[test]
fn run_down_is_accurate_and_independent_of_the_frame_step() {
    let start = Simulation::new(Scenario::preset("neuron").expect("preset")).expect("valid");
    let run = |rtol: f64, frames: usize| {
        let mut sim = start.clone();
        sim.set_rtol(rtol);
        sim.apply(Command::SetOuabain(1.0)).expect("valid");
        for _ in 0..frames {
            sim.advance(Seconds(7200.0 / frames as f64)).expect("runs");
        }
        sim.readouts()
    };
    let reference = run(1e-11, 1);
    for (rtol, frames) in [
        (rpl_model::simulation::RTOL, 1),
        (rpl_model::simulation::RTOL, 7200 * 4),
    ] {
        let r = run(rtol, frames);
        assert!(
            (r.v_mv - reference.v_mv).abs() < 1e-3,
            "{frames} frames: V {} vs {}",
            r.v_mv,
            reference.v_mv
        );
        for ion in [Ion::Na, Ion::K, Ion::Cl] {
            let rel = (r.c_in_mm.get(ion) / reference.c_in_mm.get(ion) - 1.0).abs();
            assert!(rel < 1e-4, "{ion}: {rel}");
        }
    }
}

#[test]
fn advance_within_a_budget_keeps_the_time_reached_and_conserves() {
    let mut sim = Simulation::new(Scenario::preset("neuron").unwrap()).unwrap();
    sim.apply(rpl_model::Command::SetOuabain(1.0)).unwrap();
    let mut whole = sim.clone();
    sim.set_step_budget(3);
    let got = sim.advance_within(Seconds(7200.0)).unwrap().0;
    assert!(got > 0.0 && got < 7200.0, "{got}");
    assert_eq!(sim.time().0, got);
    let c = sim.conservation();
    assert!(c.charge_rel_error < 1e-10, "{c:?}");
    // The same steps as an unbudgeted run to the same time, to its tolerance.
    whole.advance(Seconds(got)).unwrap();
    let (a, b) = (sim.readouts().v_mv, whole.readouts().v_mv);
    assert!((a - b).abs() < 1e-3, "{a} vs {b}");
    // Refusing is still what `advance` does.
    let mut strict = Simulation::new(Scenario::preset("neuron").unwrap()).unwrap();
    strict.apply(rpl_model::Command::SetOuabain(1.0)).unwrap();
    strict.set_step_budget(3);
    assert!(strict.advance(Seconds(7200.0)).is_err());
    assert_eq!(strict.time().0, 0.0);
}
