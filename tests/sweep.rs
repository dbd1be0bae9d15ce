//! Sweeps (`rpl_model::sweep`) against closed forms and against the model's
//! own single runs: the Nernst line's slope per decade, the GHK curve against
//! the GHK voltage equation written out here, the steady-state and ouabain
//! curves against `Simulation` runs of the same scenarios, the shape of the
//! classic V–[K⁺]ₒ figure, and bad specs refused with the field, the value
//! and what is allowed.

use rpl_model::electro::ghk_voltage_mv;
use rpl_model::sweep::{after_ouabain, sweep, Axis, Sweep, SweepSpec, RUNDOWN_RTOL, SWEEP_KEYS};
use rpl_model::system::IV;
use rpl_model::{Command, Ion, Key, ModelError, Scenario, Seconds, Simulation};

/// R and F (CODATA 2018, exact), typed here rather than taken from the crate.
const R: f64 = 8.314_462_618;
const F: f64 = 96_485.332_12;

fn neuron() -> Simulation {
    Simulation::new(Scenario::preset("neuron").expect("preset")).expect("starts")
}

fn k_o(from: f64, to: f64, points: usize, axis: Axis) -> SweepSpec {
    SweepSpec {
        key: Key::Outside(Ion::K),
        from,
        to,
        points,
        axis,
        ouabain_for_s: None,
        excite: false,
    }
}

fn steady(s: &Sweep) -> Vec<f64> {
    s.points
        .iter()
        .map(|p| p.v_steady_mv.clone().expect("a steady state"))
        .collect()
}

#[test]
fn the_nernst_line_rises_2_303_rt_over_f_per_decade() {
    let sim = neuron();
    let k_i = sim.readouts().c_in_mm.k;
    let s = sweep(&sim, &k_o(0.1, 100.0, 4, Axis::Log)).expect("valid");
    assert_eq!(s.ion, Some(Ion::K));
    let rt_f = 1e3 * R * 310.15 / F;
    let decade = rt_f * std::f64::consts::LN_10;
    assert!((decade - 61.54).abs() < 0.005, "{decade} mV per decade");
    let e: Vec<f64> = s.points.iter().map(|p| p.e_ion_mv.expect("E_K")).collect();
    for (p, e) in s.points.iter().zip(&e) {
        let want = rt_f * (p.value / k_i).ln();
        assert!(
            (e - want).abs() < 1e-9,
            "E_K at {} mM: {e} vs {want}",
            p.value
        );
    }
    for w in e.windows(2) {
        assert!(
            (w[1] - w[0] - decade).abs() < 1e-9,
            "{} mV per decade",
            w[1] - w[0]
        );
    }
    // Na⁺ at 6.3 °C (the squid axon): the same law with its own temperature.
    let squid = Simulation::new(Scenario::preset("squid-axon").expect("preset")).expect("starts");
    let spec = SweepSpec {
        key: Key::Outside(Ion::Na),
        from: 4.4,
        to: 440.0,
        points: 3,
        ..k_o(0.0, 0.0, 0, Axis::Log)
    };
    let s = sweep(&squid, &spec).expect("valid");
    assert_eq!(s.ion, Some(Ion::Na));
    let decade = 1e3 * R * (6.3 + 273.15) / F * std::f64::consts::LN_10;
    let e: Vec<f64> = s.points.iter().map(|p| p.e_ion_mv.expect("E_Na")).collect();
    for w in e.windows(2) {
        assert!((w[1] - w[0] - decade).abs() < 1e-9);
    }
}

/// V_GHK = (RT/F) ln((P_K K_o + P_Na Na_o + P_Cl Cl_i) / (P_K K_i + P_Na Na_i + P_Cl Cl_o)), mV.
fn ghk_closed_form(s: &Scenario, c_in: &rpl_model::IonMap<f64>, k_out: f64) -> f64 {
    let (p, o) = (s.permeability_cm_s, s.outside_mm);
    let num = p.k * k_out + p.na * o.na + p.cl * c_in.cl;
    let den = p.k * c_in.k + p.na * c_in.na + p.cl * o.cl;
    1e3 * R * s.temperature_k() / F * (num / den).ln()
}

#[test]
fn the_ghk_curve_is_the_ghk_voltage_at_the_present_inside() {
    let sim = neuron();
    let c_in = sim.readouts().c_in_mm;
    let scenario = sim.scenario().clone();
    let s = sweep(&sim, &SweepSpec::default()).expect("valid");
    assert_eq!(s.points.len(), 100);
    for p in &s.points {
        let got = p.v_ghk_mv.expect("permeant ions");
        let want = ghk_closed_form(&scenario, &c_in, p.value);
        assert!((got - want).abs() < 1e-9, "{} mM: {got} vs {want}", p.value);
        let mut out = scenario.outside_mm;
        out.k = p.value;
        let lib = ghk_voltage_mv(&scenario.permeability_cm_s, &c_in, &out, 310.15)
            .expect("permeant ions");
        assert!((got - lib).abs() < 1e-12);
    }
}

#[test]
fn the_ghk_curve_bends_away_from_the_nernst_line_at_low_k_o() {
    // K⁺ and Na⁺ leaks alone (P_Cl = 0), the textbook form: V − E_K =
    // (RT/F) ln((1 + ρ Na_o/K_o) / (1 + ρ Na_i/K_i)), ρ = P_Na/P_K = 0.04.
    let mut scenario = Scenario::preset("neuron").expect("preset");
    scenario.set("P_Cl", "0").expect("valid");
    let sim = Simulation::new(scenario).expect("starts");
    let c_in = sim.readouts().c_in_mm;
    let s = sweep(&sim, &SweepSpec::default()).expect("valid");
    let rt_f = 1e3 * R * 310.15 / F;
    let (rho, na_o) = (0.04, 145.0);
    let dev: Vec<f64> = s
        .points
        .iter()
        .map(|p| {
            let d = p.v_ghk_mv.expect("V_GHK") - p.e_ion_mv.expect("E_K");
            let want = rt_f * ((1.0 + rho * na_o / p.value) / (1.0 + rho * c_in.na / c_in.k)).ln();
            assert!(
                (d - want).abs() < 1e-9,
                "{} mM: V − E_K = {d} vs {want}",
                p.value
            );
            d
        })
        .collect();
    // Depolarised from E_K everywhere (Na_o/K_o > Na_i/K_i over the whole
    // axis), by less and less as K_o rises.
    assert!(dev.iter().all(|&d| d > 0.0));
    assert!(dev.windows(2).all(|w| w[1] < w[0]));
    // Near the Nernst line at high K_o, far from it at low K_o.
    let (low, high) = (dev[0], dev[dev.len() - 1]);
    assert!(high < 1.0, "{high} mV from E_K at 200 mM");
    assert!(low > 100.0, "{low} mV from E_K at 0.1 mM");
}

#[test]
fn the_steady_curve_is_the_steady_state_of_each_scenario() {
    let sim = neuron();
    // 1, 5, 9 mM: the middle one is the preset's own K_o.
    let s = sweep(&sim, &k_o(1.0, 9.0, 3, Axis::Linear)).expect("valid");
    assert_eq!(s.points[1].value, 5.0);
    let own = sim.steady_state().expect("steady")[IV];
    let got = s.points[1].v_steady_mv.clone().expect("steady");
    assert!((got - own).abs() < 1e-12, "{got} vs {own}");
    assert!((got - sim.voltage().0).abs() < 1e-12);
    // The hypo- and hyperkalaemia presets are the neuron at 2.5 and 8 mM.
    let s = sweep(&sim, &k_o(2.5, 8.0, 2, Axis::Linear)).expect("valid");
    for (p, name) in s.points.iter().zip(["hypokalaemia", "hyperkalaemia"]) {
        let other = Simulation::new(Scenario::preset(name).expect("preset")).expect("starts");
        let got = p.v_steady_mv.clone().expect("steady");
        assert!((got - other.voltage().0).abs() < 1e-12, "{name}");
    }
}

#[test]
fn the_ouabain_curve_is_a_full_run_down_from_each_steady_state() {
    let sim = neuron();
    let spec = SweepSpec {
        ouabain_for_s: Some(7200.0),
        ..k_o(1.0, 9.0, 3, Axis::Linear)
    };
    let s = sweep(&sim, &spec).expect("valid");
    let mut run = sim.clone();
    run.set_rtol(RUNDOWN_RTOL);
    run.apply(Command::SetOuabain(1.0)).expect("valid");
    run.estimate_first_step();
    run.advance(Seconds(7200.0)).expect("runs");
    let got = s.points[1]
        .v_after_ouabain_mv
        .clone()
        .expect("asked")
        .expect("runs");
    assert!(
        (got - run.voltage().0).abs() < 1e-12,
        "{got} vs {}",
        run.voltage().0
    );
    // Without the pump the cell depolarises at every K_o.
    for p in &s.points {
        let after = p.v_after_ouabain_mv.clone().expect("asked").expect("runs");
        assert!(after > p.v_steady_mv.clone().expect("steady") + 5.0);
    }
    // Not asked: no column.
    let s = sweep(&sim, &k_o(1.0, 9.0, 3, Axis::Linear)).expect("valid");
    assert!(s.points.iter().all(|p| p.v_after_ouabain_mv.is_none()));
}

/// A sweep's run-downs keep a looser tolerance than a run's
/// ([`RUNDOWN_RTOL`]): V after ouabain stays within 5e-4 mV of an rtol 1e-9
/// run of the same cell (itself about 1e-9 mV from an rtol 1e-11 one), on
/// every preset, along every axis of the page's sweep panel, after 10 min
/// and after 2 h.
#[test]
fn the_ouabain_curve_keeps_its_stated_error() {
    let axes = [
        (Key::Outside(Ion::K), [0.1, 3.0, 40.0, 200.0]),
        (Key::Outside(Ion::Na), [1.0, 30.0, 150.0, 600.0]),
        (Key::PermRel(Ion::Na), [1e-3, 0.05, 1.0, 10.0]),
        (Key::Temperature, [0.0, 20.0, 37.0, 50.0]),
        (Key::PumpMax, [0.01, 0.6, 5.0, 100.0]),
    ];
    let mut worst = (0.0_f64, String::new());
    let (mut runs, mut firing) = (0, 0);
    for name in rpl_model::PRESET_NAMES {
        let preset = Scenario::preset(name).expect("a preset");
        for (key, values) in axes {
            for v in values {
                let mut s = preset.clone();
                if key.set(&mut s, v).is_err() {
                    continue;
                }
                for dt in [600.0, 7200.0] {
                    let Ok(got) = after_ouabain(&s, dt) else {
                        continue;
                    };
                    let mut tight = s.clone();
                    Key::Ouabain.set(&mut tight, 0.0).expect("valid");
                    tight.start = rpl_model::Start::SteadyState;
                    let mut tight = Simulation::new(tight).expect("starts");
                    tight.set_rtol(1e-9);
                    tight.set_step_budget(200_000);
                    tight.apply(Command::SetOuabain(1.0)).expect("valid");
                    // A cell that fires as it runs down ends at a phase of
                    // its spikes, which no tolerance pins down: left out.
                    if tight.advance(Seconds(dt)).is_err() || tight.spikes().count() > 0 {
                        firing += 1;
                        continue;
                    }
                    let off = (got - tight.voltage().0).abs();
                    runs += 1;
                    if off > worst.0 {
                        worst = (off, format!("{name}, {key:?} = {v}, {dt} s"));
                    }
                }
            }
        }
    }
    assert!(
        runs > 300 && firing < 20,
        "{runs} run-downs, {firing} firing"
    );
    assert!(worst.0 < 5e-4, "{} mV off at {}", worst.0, worst.1);
    // The looser tolerance is in use: at a run's own (1e-6) none is this far.
    assert!(
        worst.0 > 1e-6,
        "{} mV: the looser tolerance is not in use",
        worst.0
    );
}

#[test]
fn the_classic_figure_is_monotonic_where_physics_says_so() {
    let sim = neuron();
    let s = sweep(&sim, &SweepSpec::default()).expect("valid");
    let e: Vec<f64> = s.points.iter().map(|p| p.e_ion_mv.expect("E_K")).collect();
    let ghk: Vec<f64> = s.points.iter().map(|p| p.v_ghk_mv.expect("GHK")).collect();
    let v = steady(&s);
    let values: Vec<f64> = s.points.iter().map(|p| p.value).collect();
    assert!(values.windows(2).all(|w| w[1] > w[0]));
    // E_K and V_GHK rise with K_o at every point (ln is increasing, and
    // K_o enters V_GHK's numerator only).
    assert!(e.windows(2).all(|w| w[1] > w[0]));
    assert!(ghk.windows(2).all(|w| w[1] > w[0]));
    // So does the steady state wherever the pump is near saturation in
    // K⁺ₒ. Below about 2 mM the pump, which needs outside K⁺ (half-saturation
    // 1.5 mM, squared), slows: Na⁺ accumulates inside, K⁺ is lost, and the
    // cell depolarises as K_o falls, the steady curve turning up towards the
    // left while E_K and V_GHK go on falling.
    let lowest = v
        .iter()
        .enumerate()
        .min_by(|a, b| a.1.total_cmp(b.1))
        .map(|(i, _)| i)
        .expect("points");
    assert!(
        (1.5..2.5).contains(&values[lowest]),
        "lowest V at {} mM",
        values[lowest]
    );
    assert!(v[..=lowest].windows(2).all(|w| w[1] < w[0]), "{v:?}");
    assert!(v[lowest..].windows(2).all(|w| w[1] > w[0]), "{v:?}");
}

#[test]
fn a_point_that_fails_carries_its_reason() {
    let sim = neuron();
    let spec = SweepSpec {
        key: Key::Injected,
        from: -100.0,
        to: 100.0,
        points: 5,
        axis: Axis::Linear,
        ouabain_for_s: Some(60.0),
        excite: false,
    };
    let s = sweep(&sim, &spec).expect("valid");
    assert_eq!(s.ion, None);
    assert!(s.points.iter().all(|p| p.e_ion_mv.is_none()));
    let failed: Vec<&ModelError> = s
        .points
        .iter()
        .filter_map(|p| p.v_steady_mv.as_ref().err())
        .collect();
    assert!(!failed.is_empty(), "±100 µA/cm² has no steady state");
    assert!(failed
        .iter()
        .all(|e| matches!(e, ModelError::NoSteadyState { .. })));
    let middle = &s.points[2];
    assert_eq!(middle.value, 0.0);
    assert!(middle.v_steady_mv.is_ok());
    for p in &s.points {
        // A run-down from no steady state fails with the same reason.
        if let Err(e) = &p.v_steady_mv {
            assert_eq!(p.v_after_ouabain_mv.clone().expect("asked"), Err(e.clone()));
        }
    }
}

#[test]
fn every_sweep_key_gives_a_curve() {
    let sim = neuron();
    let scenario = sim.scenario().clone();
    for name in SWEEP_KEYS {
        let key = SweepSpec::parse_key(name).expect("a sweep key");
        let now = key.get(&scenario).expect("a value");
        let (from, to) = if now > 0.0 {
            (now * 0.9, now * 1.1)
        } else if now < 0.0 {
            (now * 1.1, now * 0.9)
        } else {
            (0.0, 1e-3 * key.range().hi.min(100.0))
        };
        let spec = SweepSpec {
            key,
            from,
            to,
            points: 3,
            axis: Axis::Linear,
            ouabain_for_s: None,
            excite: false,
        };
        let s = sweep(&sim, &spec).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(s.points.len(), 3);
        for p in &s.points {
            assert!(p.v_ghk_mv.is_some_and(f64::is_finite), "{name}");
            let v = p
                .v_steady_mv
                .clone()
                .unwrap_or_else(|e| panic!("{name}: {e}"));
            assert!(v.is_finite(), "{name}");
        }
    }
}

/// The error of a spec on the neuron, as (field, value, message).
fn refused(spec: &SweepSpec) -> (String, String) {
    let e = sweep(&neuron(), spec).expect_err("refused");
    (e.field().unwrap_or("").to_string(), e.to_string())
}

#[test]
fn bad_specs_are_refused_with_the_field_the_value_and_what_is_allowed() {
    let base = SweepSpec::default();
    let cases: [(SweepSpec, &str, &str); 7] = [
        (
            SweepSpec {
                from: 10.0,
                to: 10.0,
                ..base.clone()
            },
            "to",
            "to = 10 is not allowed: it must be a finite number greater than 10 and at most 1000 mM",
        ),
        (
            SweepSpec {
                points: 1,
                ..base.clone()
            },
            "points",
            "points = 1 is not allowed: it must be a finite number at least 2 and at most 10000",
        ),
        (
            SweepSpec {
                key: Key::PermRel(Ion::Na),
                from: 0.0,
                to: 1.0,
                ..base.clone()
            },
            "from",
            "from = 0 is not allowed: it must be a finite number greater than 0",
        ),
        (
            SweepSpec {
                to: 2000.0,
                ..base.clone()
            },
            "to",
            "to = 2000 is not allowed: it must be a finite number at least 1e-6 and at most 1000 mM",
        ),
        (
            SweepSpec {
                from: -1.0,
                axis: Axis::Linear,
                ..base.clone()
            },
            "from",
            "from = -1 is not allowed: it must be a finite number at least 1e-6 and at most 1000 mM",
        ),
        (
            SweepSpec {
                key: Key::Temperature,
                from: 20.0,
                to: 60.0,
                ..base.clone()
            },
            "to",
            "to = 60 is not allowed: it must be a finite number at least 0 and at most 50 °C",
        ),
        (
            SweepSpec {
                ouabain_for_s: Some(0.0),
                ..base.clone()
            },
            "ouabain_for",
            "ouabain_for = 0 is not allowed: it must be a finite number greater than 0 and at most 1000000 s",
        ),
    ];
    for (spec, field, message) in cases {
        let (f, m) = refused(&spec);
        assert_eq!((f.as_str(), m.as_str()), (field, message), "{spec:?}");
    }
    // A relative permeability is also bounded by P_K: ρ · 5e-7 cm/s ≤ 1e-3 cm/s.
    let (f, m) = refused(&SweepSpec {
        key: Key::PermRel(Ion::Na),
        from: 1.0,
        to: 5000.0,
        axis: Axis::Linear,
        ..base.clone()
    });
    assert_eq!(f, "to");
    assert!(m.starts_with("to = 5000 is not allowed"), "{m}");
    assert!(m.contains("at most 2000"), "{m}");
    // Keys: a name that is no key, and a word key, list the sweepable keys.
    for name in ["K_out", "volume", "duration"] {
        let e = SweepSpec::parse_key(name).expect_err("not a sweep key");
        assert_eq!(e.field(), Some("key"));
        let m = e.to_string();
        assert!(
            m.starts_with(&format!(
                "key = \"{name}\" is not allowed: it must be Na_i, K_i"
            )),
            "{m}"
        );
        assert!(m.contains("P_Na_rel") && m.ends_with("C_m or I_inj"), "{m}");
    }
    // NaN and infinities are worded, not written.
    let (f, m) = refused(&SweepSpec {
        from: f64::NAN,
        ..base
    });
    assert_eq!(f, "from");
    assert!(
        m.starts_with("from: the value given is not a number"),
        "{m}"
    );
}

/// The excitable axon's threshold and spike count against K⁺ₒ, one figure:
/// as K⁺ₒ rises the threshold comes nearer rest (a smaller pulse fires, so
/// the standard train of 20 µA/cm² pulses that fails at 3 mM fires ten
/// times at 10 and 20 mM), and at 100 mM no pulse fires (depolarization
/// block). Each point is the model's own threshold for the cell with that
/// K⁺ₒ, settled as the page's threshold is.
#[test]
fn threshold_and_spike_count_against_k_o() {
    use rpl_model::sweep::{excite_at, SweepSpec, SETTLE_S, SWEEP_PULSE_MS};
    use rpl_model::{Excitability, Ion, Key, Seconds, Simulation};
    let sim = Simulation::new(Scenario::preset("squid-axon-hh").unwrap()).unwrap();
    let k_o = Key::Outside(Ion::K);
    let at = |v: f64| excite_at(&sim, k_o, v);
    let (p3, p10, p20, p100) = (at(3.0), at(10.0), at(20.0), at(100.0));
    let r = |p: &rpl_model::sweep::ExcitePoint| p.rheobase_ua_cm2().expect("a threshold");
    println!(
        "rheobase {:.2} {:.2} {:.2}; V_th {:.2} {:.2} {:.2}; spikes {:?} {:?} {:?} {:?}",
        r(&p3),
        r(&p10),
        r(&p20),
        p3.v_threshold_mv().unwrap(),
        p10.v_threshold_mv().unwrap(),
        p20.v_threshold_mv().unwrap(),
        p3.spikes,
        p10.spikes,
        p20.spikes,
        p100.spikes
    );
    assert!(r(&p3) > 20.0 && r(&p3) > r(&p10) && r(&p10) > r(&p20));
    assert_eq!(p3.spikes, Ok(0), "20 µA/cm² is below the threshold at 3 mM");
    assert_eq!(p10.spikes, Ok(10));
    assert_eq!(p20.spikes, Ok(10));
    assert!(p100.blocked(), "{:?}", p100.threshold);
    assert_eq!(p100.spikes, Ok(0));
    // Each point is the page's threshold of the cell with that K⁺ₒ.
    let mut c = sim.clone();
    c.apply(rpl_model::Command::Set(k_o, 10.0)).unwrap();
    c.advance(Seconds(SETTLE_S)).unwrap();
    assert_eq!(p10.threshold, c.excitability(SWEEP_PULSE_MS));
    assert!(matches!(p10.threshold, Ok(Excitability::Threshold(_))));
    // The sweep writes the figure's columns.
    let spec = SweepSpec {
        from: 3.0,
        to: 100.0,
        points: 3,
        excite: true,
        ..SweepSpec::default()
    };
    let sw = rpl_model::sweep::sweep(&sim, &spec).unwrap();
    let csv = sw.csv();
    let header = csv.lines().next().unwrap();
    assert!(
        header.ends_with("V_threshold_mV,rheobase_1ms_uA_cm2,spikes_of_10"),
        "{header}"
    );
    let last = csv.lines().nth(3).unwrap();
    assert!(last.starts_with("100,") && last.ends_with(",,,0"), "{last}");
}
