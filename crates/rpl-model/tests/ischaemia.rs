//! Ischaemia (the pump's capacity falling with time as ATP runs out) and
//! digoxin (part of the pumps blocked): the time-dependent pump against a
//! closed form, the integrator's non-autonomous form against a tight run,
//! conservation, the key's edges and the two presets' time courses.

use rpl_model::integrator::Method;
use rpl_model::pump::ISCHAEMIA_TAU_HEART_S;
use rpl_model::system::{ICYC, IMOVED, IX};
use rpl_model::{Command, Ion, Key, ModelError, Scenario, Seconds, Simulation, Start, VolumeMode};

/// A cell on which only the pump moves Na⁺ and K⁺ and whose pump runs at a
/// constant saturation: Na⁺ᵢ 1000 mM against a half-saturation of 0.01 mM
/// (a = 1 − 1e-5, moved by 3e-5 relative per mM), a 2 mm cell so that an
/// hour moves little of it; only Cl⁻ leaks, to carry the pump's current
/// back. Its pump cycles are then I_max·sat·∫a(t)dt, in closed form.
fn pump_only(tau_s: f64) -> Scenario {
    let mut s = Scenario::preset("neuron").expect("preset");
    s.name = "pump-only".into();
    s.inside_mm.na = 1000.0;
    s.inside_mm.cl = 10.0;
    s.permeability_cm_s.na = 0.0;
    s.permeability_cm_s.k = 0.0;
    s.permeability_cm_s.cl = 1e-7;
    s.pump.k_na_mm = 0.01;
    s.pump.max_current_ua_cm2 = 0.1;
    s.pump.ischaemia_tau_s = tau_s;
    s.cell.diameter_um = 2000.0;
    s.start = Start::AsGiven;
    s.initial_voltage_mv = Some(-60.0);
    s
}

/// Pump cycles (mM of the starting volume) from t0 to t1 in closed form for
/// a pump at constant saturation whose capacity falls as exp(−t/τ) from 0.
fn cycles_closed_form(sim: &Simulation, tau_s: f64, t0: f64, t1: f64) -> f64 {
    let p = sim.params();
    let sat = p.pump.saturation(p.c_in(sim.state()).na, p.c_out.k);
    let i_full = p.pump.max_current_ua_cm2 * 1e-6 * p.pump.active_fraction() * sat;
    let to_mm = p.a_w * 1e3 / rpl_model::constants::F;
    i_full * to_mm * tau_s * ((-t0 / tau_s).exp() - (-t1 / tau_s).exp())
}

#[test]
fn the_pump_cycles_are_the_integral_of_the_falling_capacity() {
    let tau = 600.0;
    for (method, rtol, tol) in [
        // Rodas5P's longer steps: 1.5e-6 of the last piece (7.8e-10 mM),
        // inside the counter's own tolerance (1e-9 + 1e-6 × 3.5e-3 mM).
        (Method::Rodas5P, None, 3e-6),
        (Method::Rodas5P, Some(1e-10), 1e-9),
        (Method::Rodas4, None, 1e-7),
        (Method::Rodas4, Some(1e-10), 1e-9),
        (Method::Rosenbrock23, None, 1e-4),
        (Method::Rosenbrock23, Some(1e-10), 5e-8),
    ] {
        let mut sim = Simulation::new(pump_only(tau)).expect("starts");
        sim.set_method(method);
        if let Some(r) = rtol {
            sim.set_rtol(r);
        }
        let mut t_prev = 0.0;
        let mut cyc_prev = 0.0;
        let mut worst = 0.0f64;
        for t in [60.0, 600.0, 1800.0, 3600.0] {
            // The closed form at this piece's saturation (which moves by
            // under 1e-10 over the hour: Na⁺ᵢ falls by 0.03 mM).
            let expected = cycles_closed_form(&sim, tau, t_prev, t);
            sim.advance(Seconds(t - t_prev)).expect("runs");
            let cyc = sim.state()[ICYC];
            let got = cyc - cyc_prev;
            let rel = (got - expected).abs() / expected;
            worst = worst.max(rel);
            assert!(
                rel < tol,
                "{method:?} rtol {rtol:?}: cycles {t_prev}–{t} s {got:e} against {expected:e} ({rel:e})"
            );
            // Na⁺ crosses only through the pump: 3 per cycle, to the rounding.
            let na_moved = sim.state()[IMOVED + Ion::Na.index()];
            assert!(
                (na_moved - 3.0 * cyc).abs() <= 1e-12 * na_moved.abs(),
                "{na_moved} vs 3 × {cyc}"
            );
            // The pump current now is the full one times exp(−t/τ).
            let r = sim.readouts();
            let p = sim.params();
            let full = p.pump.current(r.c_in_mm.na, p.c_out.k) * 1e6;
            let want = full * (-t / tau).exp();
            assert!(
                (r.pump_current_ua_cm2 - want).abs() <= 1e-14 * full,
                "{} vs {want}",
                r.pump_current_ua_cm2
            );
            let c = sim.conservation();
            assert!(c.ion_rel_error.iter().all(|(_, e)| e < 1e-10), "{c:?}");
            assert!(
                c.charge_rel_error < 1e-10 && c.current_rel_error < 1e-9,
                "{c:?}"
            );
            t_prev = t;
            cyc_prev = cyc;
        }
        assert!(sim.state()[IX + Ion::Na.index()] > 999.9);
        eprintln!("{method:?} rtol {rtol:?}: worst relative error of the cycles {worst:e}");
    }
}

/// The heart's time course at default tolerances against one at rtol 1e-11,
/// in one call and in frame-sized calls.
#[test]
fn the_ischaemic_run_down_is_accurate() {
    let hour = 3600.0;
    let mut tight = Simulation::new(Scenario::preset("ischaemia").unwrap()).unwrap();
    tight.set_rtol(1e-11);
    tight.set_step_budget(5_000_000);
    tight.advance(Seconds(hour)).unwrap();
    let one = {
        let mut sim = Simulation::new(Scenario::preset("ischaemia").unwrap()).unwrap();
        sim.advance(Seconds(hour)).unwrap();
        assert!(sim.stats().accepted < 200, "{:?}", sim.stats());
        sim
    };
    let frames = {
        let mut sim = Simulation::new(Scenario::preset("ischaemia").unwrap()).unwrap();
        for _ in 0..3600 {
            sim.advance(Seconds(1.0)).unwrap();
        }
        sim
    };
    let t = tight.readouts();
    for sim in [&one, &frames] {
        let r = sim.readouts();
        assert!((r.v_mv - t.v_mv).abs() < 1e-4, "{} vs {}", r.v_mv, t.v_mv);
        for ion in [Ion::Na, Ion::K, Ion::Cl] {
            let (a, b) = (r.c_in_mm.get(ion), t.c_in_mm.get(ion));
            assert!((a - b).abs() < 1e-6 * b, "{ion:?}: {a} vs {b}");
        }
        assert!((r.pump_current_ua_cm2 - t.pump_current_ua_cm2).abs() < 1e-6 * 0.04);
    }
}

#[test]
fn ions_and_charge_hold_through_ischaemia_rigid_and_swelling() {
    for volume in [VolumeMode::Rigid, VolumeMode::Swelling] {
        for method in [Method::Rodas5P, Method::Rodas4, Method::Rosenbrock23] {
            let mut s = Scenario::preset("ischaemia").unwrap();
            s.cell.volume = volume;
            let mut sim = Simulation::new(s).unwrap();
            sim.set_method(method);
            let mut worst = (0.0f64, 0.0f64, 0.0f64);
            // 4 h in 10-minute frames, ouabain on at 2 h on top of it.
            for k in 0..24 {
                if k == 12 {
                    sim.apply(Command::Set(Key::Ouabain, 1.0)).unwrap();
                }
                sim.advance(Seconds(600.0)).unwrap();
                let c = sim.conservation();
                let ion = c.ion_rel_error.iter().map(|(_, e)| e).fold(0.0, f64::max);
                worst = (
                    worst.0.max(ion),
                    worst.1.max(c.charge_rel_error),
                    worst.2.max(c.current_rel_error),
                );
            }
            assert!(
                worst.0 < 1e-10 && worst.1 < 1e-10 && worst.2 < 1e-9,
                "{volume:?} {method:?}: {worst:?}"
            );
            eprintln!(
                "{volume:?} {method:?}: ions {:e}, charge {:e}, current {:e}",
                worst.0, worst.1, worst.2
            );
        }
    }
}

#[test]
fn the_key_starts_changes_and_ends_the_fall() {
    let mut s = Scenario::preset("cardiac-myocyte").unwrap();
    let mut sim = Simulation::new(s.clone()).unwrap();
    let pump = |sim: &Simulation| sim.readouts().pump_current_ua_cm2;
    sim.advance(Seconds(600.0)).unwrap();
    let before = pump(&sim);
    // Set at 600 s: the fall begins then, not at 0.
    sim.apply(Command::Set(Key::Ischaemia, 720.0)).unwrap();
    assert_eq!(pump(&sim), before);
    assert_eq!(sim.params().atp.unwrap().t_on_s, 600.0);
    // The same τ again changes nothing.
    let atp = sim.params().atp;
    sim.advance(Seconds(720.0)).unwrap();
    sim.apply(Command::Set(Key::Ischaemia, 720.0)).unwrap();
    assert_eq!(sim.params().atp, atp);
    let a = sim.params().atp.unwrap().fraction(sim.time().0);
    assert!((a - (-1.0f64).exp()).abs() < 1e-15, "{a}");
    // A new τ goes on from where the fall has reached.
    let at = pump(&sim);
    sim.apply(Command::Set(Key::Ischaemia, 1440.0)).unwrap();
    assert!(
        (pump(&sim) - at).abs() <= 1e-15 * at,
        "{} vs {at}",
        pump(&sim)
    );
    sim.advance(Seconds(1440.0)).unwrap();
    let a = sim.params().atp.unwrap().fraction(sim.time().0);
    assert!((a - (-2.0f64).exp()).abs() < 1e-15, "{a}");
    // 0: the capacity is whole again.
    sim.apply(Command::Set(Key::Ischaemia, 0.0)).unwrap();
    assert!(sim.params().atp.is_none());
    let r = sim.readouts();
    let p = sim.params();
    assert_eq!(
        r.pump_current_ua_cm2,
        p.pump.current(r.c_in_mm.na, p.c_out.k) * 1e6
    );

    // Text edges: the key reads back, and bad values name it with its range.
    s.set("ischaemia", "720").unwrap();
    assert_eq!(Key::Ischaemia.get(&s), Some(720.0));
    assert!(
        s.to_json().contains("\"ischaemia_tau_s\": 720.0"),
        "{}",
        s.to_json()
    );
    assert_eq!(Scenario::from_json(&s.to_json()).unwrap(), s);
    for bad in ["-1", "2e6", "NaN", "inf"] {
        let e = s.set("ischaemia", bad).expect_err(bad);
        assert!(matches!(e, ModelError::OutOfRange { .. }), "{bad}: {e:?}");
        let text = e.to_string();
        assert!(
            text.contains("ischaemia") && text.contains("1000000"),
            "{bad}: {text}"
        );
    }
    let e = s.set("ischaemia", "soon").expect_err("text");
    assert!(matches!(e, ModelError::NotANumber { .. }) && e.to_string().contains("ischaemia"));
    // Without it nothing is written: the preset's file is as before.
    let plain = Scenario::preset("cardiac-myocyte").unwrap().to_json();
    assert!(!plain.contains("ischaemia"), "{plain}");
}

/// The figures docs/model.md quotes.
#[test]
fn the_disease_presets_run_as_documented() {
    let at = |name: &str, times: &[f64]| -> Vec<(f64, f64, f64)> {
        let mut sim = Simulation::new(Scenario::preset(name).unwrap()).unwrap();
        let mut out = vec![];
        let r = sim.readouts();
        out.push((r.v_mv, r.c_in_mm.na, r.pump_current_ua_cm2));
        for &t in times {
            sim.advance(Seconds(t - sim.time().0)).unwrap();
            let r = sim.readouts();
            out.push((r.v_mv, r.c_in_mm.na, r.pump_current_ua_cm2));
        }
        out
    };
    let times = [600.0, 3600.0, 7200.0, 86400.0];
    let isch = at("ischaemia", &times);
    let dig = at("digoxin", &times);
    for (name, rows) in [("ischaemia", &isch), ("digoxin", &dig)] {
        for (k, (v, na, ip)) in rows.iter().enumerate() {
            eprintln!("{name} row {k}: V {v:.3} mV, Na_i {na:.3} mM, I_p {ip:.5} µA/cm²");
        }
    }
    let close = |a: f64, b: f64, tol: f64| (a - b).abs() <= tol;
    // Ischaemia: from the myocyte's rest, Na⁺ᵢ climbs and V creeps up.
    assert!(close(isch[0].0, -84.409, 1e-3) && close(isch[0].1, 11.6, 1e-9));
    assert!(close(isch[1].0, -83.810, 1e-3) && close(isch[1].1, 12.025, 1e-3));
    assert!(close(isch[2].0, -82.266, 1e-3) && close(isch[2].1, 17.980, 1e-3));
    assert!(isch[3].0 > isch[2].0 && isch[3].1 > isch[2].1);
    assert!((isch[2].2 / isch[0].2 - (-5.0f64).exp() * sat_ratio(&isch, 2)).abs() < 1e-2);
    // Digoxin: V moves at once by the lost pump current, then slowly.
    assert!(close(dig[0].0, -84.121, 1e-3) && close(dig[0].1, 11.6, 1e-9));
    assert!(close(dig[2].0, -83.936, 1e-3) && close(dig[2].1, 13.370, 1e-3));
    assert!(close(dig[4].0, -83.731, 1e-3) && close(dig[4].1, 15.201, 1e-3));
    // Its end is the steady state of the blocked cell.
    let steady = Simulation::new({
        let mut s = Scenario::preset("digoxin").unwrap();
        s.start = Start::SteadyState;
        s
    })
    .unwrap()
    .readouts();
    assert!(close(dig[4].0, steady.v_mv, 1e-5) && close(dig[4].1, steady.c_in_mm.na, 1e-4));
    assert_eq!(ISCHAEMIA_TAU_HEART_S, 720.0);
}

/// The pump's saturation at row k over that at the start (Na⁺ᵢ has risen).
fn sat_ratio(rows: &[(f64, f64, f64)], k: usize) -> f64 {
    let a = |na: f64| (na / (na + 10.0)).powi(3);
    a(rows[k].1) / a(rows[0].1)
}
