//! Hodgkin–Huxley kinetics against closed forms (the rates, their removable
//! singularities, x∞, τ and the temperature factor), the point membrane's
//! analytic Jacobian against central differences, its resting state, and the
//! stimulus: pieces cut at every edge, no step across one, pulses and trains.

use proptest::prelude::*;
use rpl_model::gating::point::{
    run, HhError, HhMembrane, HhPoint, RunOptions, Stimulus, IH, IM, IN, IV,
};
use rpl_model::gating::{q10_factor, vtrap, vtrap_dx, HhKinetics};
use rpl_model::integrator::OdeSystem;

const K: HhKinetics = HhKinetics::HH_1952;

fn close(a: f64, b: f64, rel: f64) -> bool {
    (a - b).abs() <= rel * b.abs()
}

/// The six rates at −65 mV and 0 mV, each written out by hand from
/// hh.mod's formulas.
#[test]
fn rates_equal_their_closed_forms() {
    let e = std::f64::consts::E;
    let cases = [
        (
            -65.0,
            [
                2.5 / (2.5f64.exp() - 1.0), // α_m: 0.1 · 25/(e^2.5 − 1)
                4.0,                        // β_m
                0.07,                       // α_h
                1.0 / (3f64.exp() + 1.0),   // β_h
                0.1 / (e - 1.0),            // α_n: 0.01 · 10/(e − 1)
                0.125,                      // β_n
            ],
        ),
        (
            0.0,
            [
                4.0 / (1.0 - (-4f64).exp()), // α_m: 0.1 · (−40)/(e^−4 − 1)
                4.0 * (-65.0f64 / 18.0).exp(),
                0.07 * (-3.25f64).exp(),
                1.0 / ((-3.5f64).exp() + 1.0),
                0.55 / (1.0 - (-5.5f64).exp()), // α_n: 0.01 · (−55)/(e^−5.5 − 1)
                0.125 * (-65.0f64 / 80.0).exp(),
            ],
        ),
    ];
    for (v, want) in cases {
        let [m, h, n] = K.rates(v);
        let got = [m.alpha, m.beta, h.alpha, h.beta, n.alpha, n.beta];
        for (i, (g, w)) in got.iter().zip(want).enumerate() {
            assert!(close(*g, w, 1e-14), "rate {i} at {v} mV: {g} against {w}");
        }
    }
}

/// x/(e^(x/s) − 1) by its Taylor series s (1 − u/2 + u²/12 − u⁴/720), u = x/s.
fn linoid_series(x: f64, s: f64) -> f64 {
    let u = x / s;
    s * (1.0 - u / 2.0 + u * u / 12.0 - u.powi(4) / 720.0)
}

/// α_m at −40 mV and α_n at −55 mV are 0/0 in the formula: hh.mod's vtrap
/// gives the limits (1/ms and 0.1/ms), and near them both of its branches
/// agree with the series to 1e-9 (the formula's own cancellation error
/// just outside the 1e-6 switch is about 1e-10).
#[test]
fn removable_singularities_give_their_limits() {
    assert_eq!(K.alpha_m.at(-40.0), 1.0);
    assert_eq!(K.alpha_n.at(-55.0), 0.1);
    assert_eq!(vtrap(0.0, 10.0), 10.0);
    for d in [
        1e-12, 1e-9, 5e-6, 9.99e-6, 1.001e-5, 1e-4, 1e-3, 1e-2, 0.1, 0.5,
    ] {
        for sign in [-1.0, 1.0] {
            let dv = sign * d;
            let am = K.alpha_m.at(-40.0 + dv);
            let an = K.alpha_n.at(-55.0 + dv);
            // x = −(v − v_half) = −dv
            assert!(
                close(am, 0.1 * linoid_series(-dv, 10.0), 1e-9),
                "α_m at −40 + {dv}: {am}"
            );
            assert!(
                close(an, 0.01 * linoid_series(-dv, 10.0), 1e-9),
                "α_n at −55 + {dv}: {an}"
            );
        }
    }
    // vtrap's slope: −1/2 at the singularity, and the difference quotient elsewhere.
    assert_eq!(vtrap_dx(0.0, 10.0), -0.5);
    for x in [-30.0, -5.0, -0.3, 0.2, 1.0, 7.0, 40.0] {
        let h = 1e-5;
        let fd = (vtrap(x + h, 10.0) - vtrap(x - h, 10.0)) / (2.0 * h);
        assert!(close(vtrap_dx(x, 10.0), fd, 1e-8), "vtrap'({x})");
    }
}

#[test]
fn q10_factor_is_three_per_ten_degrees_from_6_3() {
    assert_eq!(q10_factor(6.3), 1.0);
    assert!(close(q10_factor(16.3), 3.0, 1e-15));
    assert!(close(q10_factor(26.3), 9.0, 1e-15));
    assert!(close(q10_factor(-3.7), 1.0 / 3.0, 1e-15));
    assert!(close(q10_factor(18.5), (1.22 * 3f64.ln()).exp(), 1e-15));
}

/// x∞ = α/(α + β) at every V, unchanged by temperature; τ = 1/(q10 (α + β));
/// m∞ and n∞ rise with V and h∞ falls; at −65 mV the values written out.
#[test]
fn steady_states_and_time_constants() {
    let mut v = -100.0;
    let mut last = K.steady(v);
    while v < 60.0 {
        let rates = K.rates(v);
        let inf = K.steady(v);
        for g in 0..3 {
            let r = rates[g];
            assert!(close(inf[g], r.alpha / (r.alpha + r.beta), 1e-15));
            assert!(inf[g] > 0.0 && inf[g] < 1.0);
            for celsius in [6.3, 18.5, 36.0] {
                let tau = K.taus(v, celsius)[g];
                let want = 1.0 / (q10_factor(celsius) * (r.alpha + r.beta));
                assert!(close(tau, want, 1e-15), "τ of gate {g} at {v} mV");
            }
            assert!(close(K.taus(v, 16.3)[g], K.taus(v, 6.3)[g] / 3.0, 1e-14));
        }
        if v > -100.0 {
            assert!(inf[0] > last[0], "m∞ rises at {v} mV");
            assert!(inf[1] < last[1], "h∞ falls at {v} mV");
            assert!(inf[2] > last[2], "n∞ rises at {v} mV");
        }
        last = inf;
        v += 0.25;
    }
    let am = 2.5 / (2.5f64.exp() - 1.0);
    let bh = 1.0 / (3f64.exp() + 1.0);
    let an = 0.1 / (std::f64::consts::E - 1.0);
    let [m, h, n] = K.steady(-65.0);
    assert!(close(m, am / (am + 4.0), 1e-14));
    assert!(close(h, 0.07 / (0.07 + bh), 1e-14));
    assert!(close(n, an / (an + 0.125), 1e-14));
    let [tm, th, tn] = K.taus(-65.0, 6.3);
    assert!(close(tm, 1.0 / (am + 4.0), 1e-14));
    assert!(close(th, 1.0 / (0.07 + bh), 1e-14));
    assert!(close(tn, 1.0 / (an + 0.125), 1e-14));
}

fn central_jacobian(sys: &HhPoint, y: &[f64; 4]) -> [[f64; 4]; 4] {
    let mut jac = [[0.0; 4]; 4];
    for j in 0..4 {
        // 1e-4 of the scale: near V = −40 and −55 mV the rates' formula
        // loses digits to cancellation (about 1e-16/|u| of α), which a
        // smaller step would magnify.
        // A gate's own column: 1e-4 of the gate itself. The currents are
        // cubic in m (and quartic in n), so a central difference is off by
        // about h²/(3m²) of the entry, which a step of 1e-5 makes 3e-5 at
        // m = 0.001; a step proportional to m keeps it near 3e-9.
        let h = if j == 0 {
            1e-4 * y[j].abs().max(sys.scale(j))
        } else {
            1e-4 * y[j].abs()
        };
        let (mut yp, mut ym) = (*y, *y);
        yp[j] += h;
        ym[j] -= h;
        let (mut fp, mut fm) = ([0.0; 4], [0.0; 4]);
        sys.rhs(&yp, &mut fp);
        sys.rhs(&ym, &mut fm);
        for i in 0..4 {
            jac[i][j] = (fp[i] - fm[i]) / (yp[j] - ym[j]);
        }
    }
    jac
}

fn check_jacobian(sys: &HhPoint, y: &[f64; 4]) {
    let mut ana = [[0.0; 4]; 4];
    assert!(sys.jacobian(y, &mut ana));
    let num = central_jacobian(sys, y);
    for i in 0..4 {
        let row = (0..4)
            .map(|j| ana[i][j].abs() * y[j].abs().max(sys.scale(j)))
            .fold(0.0, f64::max);
        for j in 0..4 {
            let (a, n) = (ana[i][j], num[i][j]);
            let scaled = (a - n).abs() * y[j].abs().max(sys.scale(j));
            assert!(
                (a - n).abs() <= 1e-6 * a.abs() || scaled <= 1e-8 * row,
                "J[{i}][{j}] at {y:?}: analytic {a:e}, central {n:e}"
            );
        }
    }
}

#[test]
fn jacobian_matches_central_differences_at_the_singularities() {
    for celsius in [6.3, 18.5] {
        let membrane = HhMembrane::NEURON_HH.at_celsius(celsius);
        for v in [-40.0, -55.0, -65.0, -35.0, 0.0, 50.0, -77.0] {
            let sys = HhPoint {
                membrane,
                i_stim: 10.0,
            };
            check_jacobian(&sys, &[v, 0.3, 0.6, 0.4]);
            check_jacobian(&sys, &membrane.steady_state_at(v));
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]
    #[test]
    fn jacobian_matches_central_differences(
        v in -110.0..70.0f64,
        m in 0.001..0.999f64,
        h in 0.001..0.999f64,
        n in 0.001..0.999f64,
        celsius in -5.0..40.0f64,
        i_stim in -50.0..50.0f64,
    ) {
        let sys = HhPoint { membrane: HhMembrane::NEURON_HH.at_celsius(celsius), i_stim };
        check_jacobian(&sys, &[v, m, h, n]);
    }

    /// Every edge inside the run is the end of one piece and the start of
    /// the next, and the current is constant over each piece.
    #[test]
    fn pieces_are_cut_at_every_edge(
        amp in -20.0..20.0f64,
        start in 0.0..5.0f64,
        dur in 0.01..3.0f64,
        rate in 50.0..500.0f64,
        count in 1usize..6,
        amp2 in -5.0..5.0f64,
        start2 in 0.0..20.0f64,
        t1 in 0.5..30.0f64,
    ) {
        let stim = Stimulus::train(amp, start, dur, rate, count).expect("valid")
            .and(Stimulus::pulse(amp2, start2, 1.0).expect("valid"));
        let pieces = stim.pieces(0.0, t1);
        prop_assert_eq!(pieces[0].0, 0.0);
        prop_assert_eq!(pieces[pieces.len() - 1].1, t1);
        for w in pieces.windows(2) {
            prop_assert_eq!(w[0].1, w[1].0);
        }
        for e in stim.edges() {
            if e > 0.0 && e < t1 {
                prop_assert!(pieces.iter().any(|p| p.1 == e), "edge {} not a boundary", e);
            }
        }
        for &(a, b, i) in &pieces {
            for s in [0.0, 0.25, 0.5, 0.75, 0.999_999] {
                prop_assert_eq!(stim.current_at(a + s * (b - a)), i);
            }
        }
    }
}

/// The run stops at every edge, and the current over each step is the
/// stimulus's over that whole step.
#[test]
fn no_step_crosses_a_stimulus_edge() {
    let membrane = HhMembrane::NEURON_HH;
    let rest = membrane.rest_state().expect("rest");
    let stim = Stimulus::train(15.0, 2.0, 0.7, 40.0, 4)
        .expect("valid")
        .and(Stimulus::pulse(-3.0, 30.0, 45.5).expect("valid"));
    let opts = RunOptions {
        keep_trace: true,
        ..RunOptions::default()
    };
    let r = run(&membrane, rest, 0.0, 120.0, &stim, &opts).expect("runs");
    let times: Vec<f64> = r.trace.iter().map(|p| p.t).collect();
    for e in stim.edges() {
        assert!(times.contains(&e), "the run did not stop at {e} ms");
    }
    for w in r.trace.windows(2) {
        let (a, b) = (w[0].t, w[1].t);
        assert!(b > a);
        for s in [1e-9, 0.5, 1.0 - 1e-9] {
            assert_eq!(
                stim.current_at(a + s * (b - a)),
                w[1].i_stim,
                "step {a}..{b} ms"
            );
        }
    }
    assert!(r.trace.len() > 200);
}

/// With no channels the membrane is a capacitor: V rises by the charge the
/// pulses deliver, Σ amplitude · duration / c_m, to rounding, however long
/// the integrator's steps. A step across an edge would integrate the wrong
/// current over part of it.
#[test]
fn a_bare_capacitor_takes_exactly_the_charge_of_the_pulses() {
    let mut membrane = HhMembrane::NEURON_HH;
    membrane.gnabar = 0.0;
    membrane.gkbar = 0.0;
    membrane.gl = 0.0;
    membrane.cm = 2.0;
    let stim = Stimulus::train(3.0, 0.37, 0.913, 170.0, 5)
        .expect("valid")
        .and(Stimulus::pulse(-1.25, 4.1, 7.3).expect("valid"));
    let y0 = [-65.0, 0.05, 0.6, 0.3];
    let want = -65.0 + (5.0 * 3.0 * 0.913 - 1.25 * 7.3) / 2.0;
    let opts = RunOptions {
        h_max: 1e6,
        ..RunOptions::default()
    };
    let r = run(&membrane, y0, 0.0, 40.0, &stim, &opts).expect("runs");
    assert!(
        (r.end[IV] - want).abs() < 1e-11,
        "V = {} against {want}",
        r.end[IV]
    );
}

#[test]
fn the_resting_state_is_a_steady_state() {
    for celsius in [6.3, 18.5] {
        let membrane = HhMembrane::NEURON_HH.at_celsius(celsius);
        let rest = membrane.rest_state().expect("rest");
        assert!((rest[IV] + 64.974).abs() < 1e-3, "rest {} mV", rest[IV]);
        assert!(membrane.steady_current(rest[IV]).abs() < 1e-12);
        let mut dy = [0.0; 4];
        HhPoint {
            membrane,
            i_stim: 0.0,
        }
        .rhs(&rest, &mut dy);
        assert!(dy.iter().all(|d| d.abs() < 1e-12), "{dy:?}");
        let r = run(
            &membrane,
            rest,
            0.0,
            500.0,
            &Stimulus::none(),
            &RunOptions::default(),
        )
        .expect("runs");
        assert!((r.end[IV] - rest[IV]).abs() < 1e-9);
        assert!(r.spikes.is_empty());
        for i in [IM, IH, IN] {
            assert!((r.end[i] - rest[i]).abs() < 1e-12);
        }
    }
}

/// A 20 Hz train of five 1 ms, 20 µA/cm² pulses at 6.3 °C: one spike per
/// pulse, each within 2 ms of its pulse's start.
#[test]
fn a_train_gives_one_spike_per_pulse() {
    let membrane = HhMembrane::NEURON_HH;
    let rest = membrane.rest_state().expect("rest");
    let stim = Stimulus::train(20.0, 5.0, 1.0, 20.0, 5).expect("valid");
    let r = run(&membrane, rest, 0.0, 260.0, &stim, &RunOptions::default()).expect("runs");
    assert_eq!(r.spikes.len(), 5, "{:?}", r.spikes);
    for (k, s) in r.spikes.iter().enumerate() {
        let start = 5.0 + 50.0 * k as f64;
        assert!(
            s.time > start && s.time < start + 2.0,
            "spike {k} at {} ms",
            s.time
        );
        assert!(s.peak > 30.0 && s.peak_time > s.time);
    }
}

#[test]
fn bad_stimuli_are_refused_with_their_field() {
    let field = |r: Result<Stimulus, HhError>| match r {
        Err(HhError::Stimulus { field, .. }) => field,
        other => panic!("{other:?}"),
    };
    assert_eq!(field(Stimulus::pulse(f64::NAN, 0.0, 1.0)), "amplitude");
    assert_eq!(field(Stimulus::pulse(1.0, -1.0, 1.0)), "start");
    assert_eq!(field(Stimulus::pulse(1.0, 0.0, 0.0)), "duration");
    assert_eq!(field(Stimulus::train(1.0, 0.0, 1.0, 0.0, 3)), "rate");
    assert_eq!(field(Stimulus::train(1.0, 0.0, 1.0, 10.0, 0)), "count");
    assert_eq!(field(Stimulus::steady(f64::INFINITY, 0.0)), "amplitude");
}
