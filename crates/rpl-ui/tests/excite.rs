//! Native tests of the stimulus on the page's state (`rpl_ui::excite`, the
//! Stimulate message): the excitable squid axon shows the model's threshold,
//! a pulse gives a spike the texts count, K⁺ₒ moves the threshold and blocks
//! the cell, a bad stimulus is named, and a lesson that hides V hides it all.

use rpl_model::{Command, Excitability, Ion, Seconds, StimulusSpec};
use rpl_ui::excite::{self, ExciteView};
use rpl_ui::i18n::{set_lang, Lang};
use rpl_ui::link;
use rpl_ui::state::{AppState, Msg, Source};

/// The page for `query`, its background work (the threshold) done.
fn open(query: &str) -> AppState {
    let mut s = AppState::open(link::open(query), &[]);
    s.work(|| true);
    s
}

/// Apply `cmd` as a control does, and let the threshold be sought.
fn apply(s: &mut AppState, cmd: Command) {
    s.update(Msg::Apply {
        cmd: Ok(cmd),
        source: Source::Other,
    });
    s.work(|| true);
}

fn frames(s: &mut AppState, n: usize) {
    for _ in 0..n {
        s.update(Msg::Frame { real_dt_s: 0.05 });
    }
}

fn threshold(s: &AppState) -> rpl_model::Threshold {
    match s
        .excite
        .threshold
        .as_ref()
        .expect("computed")
        .as_ref()
        .expect("found")
    {
        Excitability::Threshold(t) => *t,
        other => panic!("a threshold, not {other:?}"),
    }
}

#[test]
fn the_page_shows_the_models_threshold_and_counts_the_spikes() {
    set_lang(Lang::En);
    let mut s = open("?preset=squid-axon-hh");
    // The settled copy's threshold, as the model gives it.
    let mut copy = s.sim.clone();
    copy.advance(Seconds(excite::SETTLE_S)).expect("runs");
    assert_eq!(
        s.excite.threshold,
        Some(copy.excitability(excite::THRESHOLD_PULSE_MS))
    );
    let th = threshold(&s);
    assert_eq!(s.threshold_mv(), Some(th.v_threshold_mv));
    let texts = s.excite_texts().expect("a cell with channels");
    assert_eq!(texts.spikes, "Spikes: 0");
    assert!(texts.available.starts_with("Na⁺ channels available (h): "));
    let line = texts.threshold.expect("shown");
    assert!(
        line.starts_with("Threshold for a 1 ms pulse: 9.2 µA/cm²"),
        "{line}"
    );

    // Stimulate: the page plays (in slow motion) and the spike is counted.
    s.update(Msg::Stimulate(Ok(StimulusSpec::pulse(20.0, 1.0))));
    assert!(s.playing);
    assert_eq!(s.stim_error, None);
    frames(&mut s, 60); // 3 s of real time at 10 ms/s: 30 ms of model time
    assert_eq!(s.sim.spikes().count(), 1);
    let texts = s.excite_texts().expect("shown");
    assert!(
        texts.spikes.starts_with("Spikes: 1 · last peak "),
        "{}",
        texts.spikes
    );
    // The history holds the spike (V above 0 mV in a frame's sample).
    assert!(s.history.samples().iter().any(|p| p.v_mv > 0.0));
    // Stimulating does not change the parameters, so the threshold stays.
    assert_eq!(threshold(&s), th);

    set_lang(Lang::Zh);
    let zh = s.excite_texts().expect("shown");
    assert!(zh.spikes.starts_with("动作电位：1 个"), "{}", zh.spikes);
    set_lang(Lang::En);
}

#[test]
fn k_o_moves_the_threshold_and_blocks_the_cell() {
    set_lang(Lang::En);
    let mut s = open("?preset=squid-axon-hh");
    let at_20 = threshold(&s);
    apply(
        &mut s,
        Command::SetConcentration {
            ion: Ion::K,
            inside: false,
            mm: 10.0,
        },
    );
    let at_10 = threshold(&s);
    assert!(at_10.rheobase_ua_cm2 > at_20.rheobase_ua_cm2);
    assert!(at_10.distance_mv > at_20.distance_mv);
    apply(
        &mut s,
        Command::SetConcentration {
            ion: Ion::K,
            inside: false,
            mm: 100.0,
        },
    );
    assert!(matches!(
        s.excite.threshold,
        Some(Ok(Excitability::NoSpike { .. }))
    ));
    assert_eq!(s.threshold_mv(), None);
    let line = s.excite_texts().expect("shown").threshold.expect("shown");
    assert!(line.contains("depolarization block"), "{line}");
}

/// The threshold is sought in pieces: a change starts the search, the one
/// on show stays until the new one is found, each piece is the settling or
/// one trial, and the answer is the model's own, found at once.
#[test]
fn the_threshold_is_sought_in_pieces_and_is_the_models() {
    set_lang(Lang::En);
    let mut s = open("?preset=squid-axon-hh");
    let before = threshold(&s);
    assert!(!s.working());
    s.update(Msg::Apply {
        cmd: Ok(Command::SetConcentration {
            ion: Ion::K,
            inside: false,
            mm: 10.0,
        }),
        source: Source::Other,
    });
    assert!(s.working());
    let mut pieces = 0;
    while s.work(|| false) {
        pieces += 1;
        assert_eq!(threshold(&s), before, "the old one stays until the new one");
        assert!(pieces < 100);
    }
    // The settling, the trial without a pulse, the doubling to a spike and
    // the bisection to 1e-4: well over ten pieces, none of them the whole.
    assert!(pieces > 10, "{pieces} pieces");
    assert_eq!(
        s.excite.threshold,
        Some(excite::settled_excitability(&s.sim))
    );
    assert_ne!(threshold(&s), before);
}

#[test]
fn a_bad_stimulus_is_named_and_changes_nothing() {
    set_lang(Lang::En);
    let mut s = open("?preset=squid-axon-hh");
    let before = s.sim.time();
    s.update(Msg::Stimulate(StimulusSpec::parse("5000,1,50,1")));
    let e = s.stim_error.clone().expect("refused");
    let text = rpl_ui::errors::error_text(&e);
    assert!(
        text.contains("Stimulus current") && text.contains("5000"),
        "{text}"
    );
    assert!(!s.sim.stimulus_pending());
    assert_eq!(s.sim.time(), before);
    // The next good one clears it.
    s.update(Msg::Stimulate(Ok(StimulusSpec::pulse(20.0, 1.0))));
    assert_eq!(s.stim_error, None);
}

#[test]
fn no_channels_no_box() {
    set_lang(Lang::En);
    let s = open("?preset=neuron");
    assert!(s.excite_texts().is_none());
    assert!(s.excite.threshold.is_none());
    assert_eq!(s.threshold_mv(), None);
    let mut view = ExciteView::default();
    assert!(!view.refresh(&s.sim, 1));
    // Channels taken off by key: the box and the threshold go.
    let mut s = open("?preset=squid-axon-hh");
    for key in [rpl_model::Key::Gbar(Ion::Na), rpl_model::Key::Gbar(Ion::K)] {
        apply(&mut s, Command::Set(key, 0.0));
    }
    assert!(s.excite_texts().is_none());
    assert!(s.excite.threshold.is_none());
}

/// A press of Stimulate or of a synapse button is a change of the run: the
/// share link carries it at its time, and opening that link replays it (the
/// same spike, the same pull of V); Restart run drops it.
#[test]
fn pulses_go_into_the_share_link() {
    set_lang(Lang::En);
    let mut s = open("?preset=squid-axon-hh");
    frames(&mut s, 10); // 5 ms of model time
    s.update(Msg::Stimulate(Ok(StimulusSpec::pulse(20.0, 1.0))));
    frames(&mut s, 40);
    assert_eq!(s.sim.spikes().count(), 1);
    let q = s.link().to_query();
    assert!(q.contains("then=stim:20/1@0.005"), "{q}");
    let mut again = open(&format!("?{q}"));
    assert_eq!(again.sim.spikes().count(), 1, "replayed to the link's time");
    let (a, b) = (s.sim.spikes().recent()[0], again.sim.spikes().recent()[0]);
    assert!((a.t_s - b.t_s).abs() < 1e-6 && (a.peak_mv - b.peak_mv).abs() < 0.05);
    again.update(Msg::RestartRun);
    assert_eq!(again.sim.spikes().count(), 0);
    assert!(!again.link().to_query().contains("stim"));

    let mut s = open("?preset=neuron&g_KCC2=2e-5");
    s.update(Msg::Synapse(rpl_model::SynapseKind::Inhibitory));
    let q = s.link().to_query();
    assert!(q.contains("then=syn_inh:0.000005/100@0"), "{q}");
    // The press changes no parameter: the threshold and controls stay.
    assert_eq!(s.stim_error, None);
}

/// The millisecond zoom: nothing before the first spike; after a pulse the
/// latest spike's trace with the threshold's voltage beside it; nothing for
/// a cell without channels; and a lesson that hides V (the pump after a
/// spike train) hides the zoom too.
#[test]
fn the_spike_zoom_follows_the_latest_spike() {
    set_lang(Lang::En);
    let mut s = open("?preset=neuron-rs");
    frames(&mut s, 4);
    assert!(s.spike_zoom().is_none(), "no spike yet");
    s.update(Msg::Stimulate(Ok(StimulusSpec::pulse(40.0, 1.0))));
    frames(&mut s, 40);
    let z = s.spike_zoom().expect("a spike");
    assert_eq!(z.spike, 1);
    let th = threshold(&s).v_threshold_mv;
    assert_eq!(z.threshold_mv, Some(th));
    let top = z.trace.iter().map(|p| p.1).fold(f64::MIN, f64::max);
    assert!(top > 40.0 && top < excite::ZOOM_MV.1, "{top}");
    assert!(z.trace[0].0 <= excite::ZOOM_MS.0);
    assert!(open("?preset=neuron").spike_zoom().is_none());
    let mut hidden = open("?lesson=pump-train");
    hidden.update(Msg::Stimulate(Ok(StimulusSpec::pulse(40.0, 1.0))));
    frames(&mut hidden, 40);
    assert!(hidden.sim.spikes().count() >= 1);
    assert!(hidden.spike_zoom().is_none(), "V is hidden");
}

/// At a speed where a frame spans many milliseconds, the frames' samples
/// miss a spike; the V trace with the peaks put in rises to each one, at its
/// time, and stays in time order; a peak at a sample's own time or beyond
/// the trace is left out.
#[test]
fn the_v_trace_shows_spikes_at_any_speed() {
    set_lang(Lang::En);
    let mut s = open("?preset=neuron-rs&speed=1");
    frames(&mut s, 2);
    s.update(Msg::Stimulate(Ok(StimulusSpec::train(40.0, 1.0, 20.0, 3))));
    frames(&mut s, 6); // 0.3 s: three spikes, 50 ms frames
    assert_eq!(s.sim.spikes().count(), 3);
    let points = s.history.voltage_points();
    let sampled_top = points.iter().map(|p| p.1).fold(f64::MIN, f64::max);
    assert!(
        sampled_top < 0.0,
        "the frames missed the spikes: {sampled_top}"
    );
    let peaks = excite::spike_peaks(&s.history, &s.sim);
    assert_eq!(peaks.len(), 3);
    let merged = excite::with_spike_peaks(&points, &peaks);
    assert_eq!(merged.len(), points.len() + 3);
    assert!(merged.windows(2).all(|w| w[0].0 < w[1].0), "in time order");
    for p in &peaks {
        assert!(merged.contains(p) && p.1 > 40.0, "{p:?}");
    }
    let edge = [
        (points[0].0, 50.0),
        (points[points.len() - 1].0 + 1.0, 50.0),
    ];
    assert_eq!(excite::with_spike_peaks(&points, &edge), points);
    assert!(excite::with_spike_peaks(&[], &peaks).is_empty());
}

/// A long train: the chart keeps every spike's peak, not only the model's
/// latest 256 (the early part of the trace kept its spikes).
#[test]
fn the_v_trace_keeps_the_spikes_of_a_long_train() {
    set_lang(Lang::En);
    let mut s = open("?preset=neuron-rs&speed=10");
    frames(&mut s, 1);
    let t0 = s.sim.time().0;
    s.update(Msg::Stimulate(Ok(StimulusSpec::train(
        40.0, 1.0, 50.0, 400,
    ))));
    frames(&mut s, 20);
    let count = s.sim.spikes().count() as usize;
    assert!(count > rpl_model::simulation::RECENT_SPIKES + 50, "{count}");
    let peaks = excite::spike_peaks(&s.history, &s.sim);
    assert_eq!(peaks.len(), count);
    assert!(peaks.windows(2).all(|w| w[0].0 < w[1].0), "in time order");
    assert!(
        peaks[0].0 < t0 + 0.05,
        "the first spike's peak: {:?}",
        peaks[0]
    );
    assert!(peaks.iter().all(|p| p.1 > 0.0), "peaks, not troughs");
    assert_eq!(s.history.peaks().len(), count);
}
