//! Benchmark: prints medians (and the spread) of
//! 1. one GHK resting potential (root of zero total current),
//! 2. finding the pump-leak steady state of the neuron preset,
//! 3. the 2-hour ouabain run-down of the neuron from steady state, with its step count.
//!
//! Run: `cargo bench -p rpl-model --bench model`. Figures, not pass/fail: the
//! machines are shared and noisy, so each figure is a median of many runs.

use rpl_model::electro::resting_potential;
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
    let mut steps = 0;
    let timing = median_of(51, 5, || {
        let mut sim = rest.clone();
        sim.apply(Command::SetOuabain(1.0)).expect("valid");
        sim.advance(Seconds(7200.0)).expect("runs");
        steps = sim.stats().accepted;
        black_box(sim.voltage());
    });
    show("2-hour ouabain run-down, neuron (native)", timing);
    let mut sim = rest.clone();
    sim.apply(Command::SetOuabain(1.0)).expect("valid");
    sim.advance(Seconds(7200.0)).expect("runs");
    let s = sim.stats();
    println!(
        "  run-down: {} steps accepted, {} rejected, {} evaluations of f; V {:.2} → {:.2} mV",
        steps,
        s.rejected,
        s.rhs_evals,
        r.v_mv,
        sim.voltage().0
    );
    println!(
        "  goal: run-down under 5 ms native; median is {:.2} ms ({:.0}% of the goal)",
        timing.1.as_secs_f64() * 1e3,
        timing.1.as_secs_f64() * 1e3 / 5.0 * 100.0
    );
}
