//! Native tests of the time axes, plot thinning and the run's history
//! (`rpl_ui::axis`, `rpl_ui::history`).

use rpl_model::{Command, Scenario, Seconds, Simulation};
use rpl_ui::axis::{linear_ticks, nice_ceil, padded_range, thin_for_plot, TimeAxis, TimeScale};
use rpl_ui::format::TimeUnit;
use rpl_ui::history::History;

#[test]
fn history_thins_but_keeps_the_first_and_newest_samples() {
    let mut sim = Simulation::new(Scenario::preset("neuron").unwrap()).unwrap();
    sim.apply(Command::SetOuabain(1.0)).unwrap();
    let mut history = History::default();
    history.push(sim.sample());
    let n = 3 * History::CAPACITY;
    for _ in 0..n {
        sim.advance(Seconds(2.0)).unwrap();
        history.push(sim.sample());
    }
    let s = history.samples();
    assert!(s.len() <= History::CAPACITY, "{} kept", s.len());
    assert!(s.len() >= History::CAPACITY / 2, "{} kept", s.len());
    assert_eq!(s.first().unwrap().t_s, 0.0);
    assert_eq!(s.last().unwrap().t_s, sim.time().0);
    assert!(s.windows(2).all(|w| w[0].t_s < w[1].t_s), "in time order");
    let last = s.last().unwrap();
    assert_eq!(last.c_in_mm, sim.readouts().c_in_mm);
    assert_eq!(last.e_mv, sim.readouts().e_mv);
    // A sample at the same time replaces the newest; an older one is ignored.
    let before = history.len();
    let mut again = *last;
    again.v_mv = 1.0;
    history.push(again);
    assert_eq!(history.len(), before);
    assert_eq!(history.last().unwrap().v_mv, 1.0);
    let mut old = again;
    old.t_s = 1.0;
    history.push(old);
    assert_eq!(history.last().unwrap().t_s, again.t_s);
}

#[test]
fn plotted_points_are_bounded_and_keep_both_ends() {
    let pts: Vec<(f64, f64)> = (0..10_000)
        .map(|i| (f64::from(i), (f64::from(i) * 0.37).sin()))
        .collect();
    let thin = thin_for_plot(&pts, 0.0, 9999.0, 300);
    assert!(thin.len() <= 2 * 300 + 4, "{} points", thin.len());
    assert_eq!(thin.first(), pts.first());
    assert_eq!(thin.last(), pts.last());
    let max = thin.iter().map(|p| p.1).fold(f64::MIN, f64::max);
    assert!(max > 0.999, "peaks kept: {max}");
}

#[test]
fn log_time_axis_reads_in_human_units() {
    let axis = TimeAxis::new(TimeScale::Log, 0.0, 2.0 * 3600.0, Some(0.016), 8);
    assert_eq!(axis.lo, -2.0, "a decade at or below the first step");
    assert!((axis.hi - 36_000f64.log10()).abs() < 1e-12, "up to 10 h");
    let labels: Vec<String> = axis.ticks.iter().map(|&x| axis.label(x)).collect();
    assert!(labels.contains(&"1 s".to_string()), "{labels:?}");
    assert!(labels.contains(&"1 h".to_string()), "{labels:?}");
    assert!(labels.len() <= 8, "{labels:?}");
    assert_eq!(axis.x(0.0), -2.0, "the first sample sits at the left end");
    let lin = TimeAxis::new(TimeScale::Linear, 0.0, 0.0123, None, 8);
    assert_eq!(lin.unit, TimeUnit::Ms);
    assert_eq!(lin.hi, 20.0);
}

#[test]
fn linear_ticks_are_round_and_free_of_float_noise() {
    let t = linear_ticks(0.0, 1.0, 5);
    let want = [0.0, 0.2, 0.4, 0.6, 0.8, 1.0];
    assert_eq!(t.len(), want.len(), "{t:?}");
    assert!(
        t.iter().zip(want).all(|(a, b)| (a - b).abs() < 1e-12),
        "{t:?}"
    );
    let t = linear_ticks(-0.3, 0.3, 6);
    assert!(t.contains(&0.0), "{t:?}");
    assert!(
        t.iter().all(|v| *v != 0.0 || v.is_sign_positive()),
        "no −0: {t:?}"
    );
    assert!(linear_ticks(1.0, 1.0, 5).is_empty());
    assert!(linear_ticks(f64::NAN, 1.0, 5).is_empty());
    assert_eq!(nice_ceil(3.0), 5.0);
    assert_eq!(nice_ceil(2e6), 2e6);
    let (lo, hi) = padded_range([-73.8, -60.0].into_iter(), 0.05, 5.0, (-100.0, 0.0));
    assert!(lo <= -73.8 && hi >= -60.0 && hi - lo >= 5.0, "{lo}..{hi}");
    assert_eq!(
        padded_range([f64::NAN].into_iter(), 0.05, 5.0, (-1.0, 1.0)),
        (-1.0, 1.0)
    );
}
