//! Benchmark: prints medians (and the spread) of
//! 1. one GHK resting potential (root of zero total current),
//! 2. finding the pump-leak steady state of the neuron preset,
//! 3. the 2-hour ouabain run-down of the neuron from steady state with each
//!    integration method (ode23s, RODAS, Rodas5P), with its steps,
//!    evaluations and end-point error, and of its voltage alone (the sweep's
//!    run-down, without the counters).
//!
//! Run: `cargo bench -p rpl-model --bench model`. Figures, not pass/fail: the
//! machines are shared and noisy, so each figure is a median of many runs.
//!
//! `cargo bench -p rpl-model --bench model -- --v-alone` times the voltage
//! alone's run-down only (one line, as above): `scripts/bench-scipy.sh` calls
//! it between its scipy timings, so that each ratio it reports pairs two
//! timings taken in the same few seconds of a shared machine.

use rpl_model::electro::resting_potential;
use rpl_model::integrator::Method;
use rpl_model::{Command, Scenario, Seconds, Simulation};
use std::hint::black_box;
use std::time::{Duration, Instant};

fn median_of(runs: usize, inner: usize, mut f: impl FnMut()) -> (Duration, Duration, Duration) {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            for _ in 0..inner {
                f();
            }
            t.elapsed() / inner as u32
        })
        .collect();
    times.sort();
    (times[0], times[runs / 2], times[runs * 9 / 10])
}

fn show(name: &str, (min, med, p90): (Duration, Duration, Duration)) {
    println!(
        "{name:<44} median {:>12?}   min {:>12?}   p90 {:>12?}",
        med, min, p90
    );
}

fn main() {
    let neuron = Scenario::preset("neuron").expect("preset");
    let rest = Simulation::new(neuron.clone()).expect("valid");
    if std::env::args().any(|a| a == "--v-alone") {
        v_alone(&rest);
        return;
    }
    let r = rest.readouts();
    let (p, ci, co, t) = (
        neuron.permeability_cm_s,
        r.c_in_mm,
        r.c_out_mm,
        neuron.temperature_k(),
    );

    show(
        "GHK resting potential (root, 4 ions)",
        median_of(101, 2000, || {
            black_box(resting_potential(black_box(&p), &ci, &co, 0.0, t));
        }),
    );
    let hyper = Scenario::preset("hyperkalaemia").expect("preset");
    show(
        "steady state, neuron moved to K_o = 8 mM",
        median_of(51, 20, || {
            black_box(Simulation::new(black_box(hyper.clone())).expect("valid"));
        }),
    );
    // The tight reference the end points are measured against.
    let mut reference = rest.clone();
    reference.set_method(Method::Rodas4);
    reference.set_rtol(1e-11);
    reference.apply(Command::SetOuabain(1.0)).expect("valid");
    reference.advance(Seconds(7200.0)).expect("runs");
    let mut medians = Vec::new();
    for (method, name) in [
        (Method::Rosenbrock23, "ode23s"),
        (Method::Rodas4, "Rodas4"),
        (Method::Rodas5P, "Rodas5P"),
    ] {
        let run = || {
            let mut sim = rest.clone();
            sim.set_method(method);
            sim.apply(Command::SetOuabain(1.0)).expect("valid");
            sim.advance(Seconds(7200.0)).expect("runs");
            sim
        };
        let timing = median_of(101, 5, || {
            black_box(run().voltage());
        });
        show(
            &format!("2-hour ouabain run-down, neuron, {name} (native)"),
            timing,
        );
        let sim = run();
        let s = sim.stats();
        println!(
            "  {name}: {} steps accepted, {} rejected, {} evaluations of f; V {:.2} → {:.2} mV, \
             {:.1e} mV from the rtol 1e-11 run",
            s.accepted,
            s.rejected,
            s.rhs_evals,
            r.v_mv,
            sim.voltage().0,
            (sim.voltage().0 - reference.voltage().0).abs()
        );
        medians.push(timing.1.as_secs_f64() * 1e3);
    }
    println!(
        "  the default ({:?}) is the one the page uses; median ratios to ode23s: Rodas4 {:.3}, Rodas5P {:.3}; goal 0.1 ms",
        rpl_model::simulation::METHOD,
        medians[1] / medians[0],
        medians[2] / medians[0]
    );
    // The voltage alone (the sweep's run-down): V and the four amounts, the
    // counters and the rigid cell's volume left out; the same steps to the
    // same V as the whole cell's.
    let timing = v_alone(&rest);
    let mut blocked = rest.clone();
    blocked.apply(Command::SetOuabain(1.0)).expect("valid");
    let (v, s) = blocked
        .clone()
        .voltage_after(Seconds(7200.0))
        .expect("runs");
    let mut whole = blocked.clone();
    whole.advance(Seconds(7200.0)).expect("runs");
    println!(
        "  V alone: {} steps accepted, {} rejected, {} evaluations of f; V {:.2} mV, {} the whole cell's; \
         median ratio to the whole cell {:.3}",
        s.accepted,
        s.rejected,
        s.rhs_evals,
        v.0,
        if (v, s) == (whole.voltage(), whole.stats()) {
            "the same steps to the same bits as"
        } else {
            "NOT the same as"
        },
        timing.1.as_secs_f64() * 1e3 / medians[2]
    );
    spike_train();
    excite_pieces();
}

/// The 2-hour run-down of the voltage alone from `rest`, timed and shown.
fn v_alone(rest: &Simulation) -> (Duration, Duration, Duration) {
    let mut blocked = rest.clone();
    blocked.apply(Command::SetOuabain(1.0)).expect("valid");
    let timing = median_of(101, 5, || {
        black_box(
            blocked
                .clone()
                .voltage_after(Seconds(7200.0))
                .expect("runs"),
        );
    });
    show("2-hour ouabain run-down, neuron, V alone (native)", timing);
    timing
}

/// The sweep panel's excitability curve on `neuron-rs` across K⁺ₒ (16
/// points, as the page computes it): each point whole, and the pieces
/// ([`rpl_model::sweep::ExciteJob::step`]) the page runs a few of a frame.
fn excite_pieces() {
    use rpl_model::sweep::{ExciteJob, SweepSpec};
    let sim = Simulation::new(Scenario::preset("neuron-rs").expect("preset")).expect("valid");
    let spec = SweepSpec {
        key: rpl_model::Key::Outside(rpl_model::Ion::K),
        from: 0.1,
        to: 200.0,
        points: 16,
        axis: rpl_model::sweep::Axis::Log,
        ouabain_for_s: None,
        excite: true,
    };
    let mut points = Vec::new();
    let mut pieces = Vec::new();
    for v in spec.values() {
        let mut job = ExciteJob::new(&sim, spec.key, v);
        let whole = Instant::now();
        loop {
            let t = Instant::now();
            let done = job.step().is_some();
            pieces.push(t.elapsed());
            if done {
                break;
            }
        }
        points.push(whole.elapsed());
    }
    points.sort();
    pieces.sort();
    let q = |v: &[Duration], f: f64| v[((v.len() - 1) as f64 * f) as usize];
    println!(
        "excitability sweep, neuron-rs, K_o 0.1..200 mM, 16 points (native): a point median {:?} (max {:?}); \
         {} pieces, median {:?}, p95 {:?}, max {:?}",
        q(&points, 0.5),
        q(&points, 1.0),
        pieces.len(),
        q(&pieces, 0.5),
        q(&pieces, 0.95),
        q(&pieces, 1.0)
    );
}

/// One second of the excitable squid axon under a 100 Hz train of 1 ms,
/// 20 µA/cm² pulses: in one call, and in frames of 16 ms of model time as
/// the page would ask at real time (each frame's steps printed, for the
/// page's per-frame budget).
fn spike_train() {
    let hh = Simulation::new(Scenario::preset("squid-axon-hh").expect("preset")).expect("valid");
    let train = rpl_model::StimulusSpec::train(20.0, 1.0, 100.0, 100);
    let run = || {
        let mut sim = hh.clone();
        sim.stimulate(&train).expect("valid");
        sim.advance(Seconds(1.0)).expect("runs");
        sim
    };
    show(
        "1 s, 100 Hz train, squid-axon-hh (native)",
        median_of(21, 3, || {
            black_box(run().voltage());
        }),
    );
    let sim = run();
    let s = sim.stats();
    println!(
        "  {} spikes for 100 pulses; {} steps accepted, {} rejected, {} evaluations of f",
        sim.spikes().count(),
        s.accepted,
        s.rejected,
        s.rhs_evals
    );
    show(
        "threshold of squid-axon-hh, 1 ms pulse (native)",
        median_of(21, 1, || {
            black_box(hh.excitability(1.0).expect("found"));
        }),
    );
    let mut framed = hh.clone();
    framed.stimulate(&train).expect("valid");
    let mut worst = (0u64, Duration::ZERO);
    for _ in 0..63 {
        let before = framed.stats();
        let t = Instant::now();
        framed.advance(Seconds(0.016)).expect("runs");
        let took = t.elapsed();
        let steps =
            framed.stats().accepted + framed.stats().rejected - before.accepted - before.rejected;
        worst = (worst.0.max(steps), worst.1.max(took));
    }
    println!(
        "  in 16 ms frames (real time): at most {} steps and {:?} in one frame (the page allows {} steps a frame)",
        worst.0, worst.1, 10_000
    );
}
