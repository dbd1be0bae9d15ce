//! The cell's excitability as the page shows it: the threshold of the cell
//! as its parameters stand (sought by the model once per change, a piece at
//! a time in the page's background work), the spikes so far and how many
//! Na⁺ channels are available; and the synapse buttons' pulses and the synapses' reversal potentials.

use crate::history::History;
use rpl_model::simulation::ThresholdSearch;
use rpl_model::system::IH;
use rpl_model::{Excitability, ModelError, Seconds, Simulation};

/// The pulse length the page's threshold is for, ms.
pub const THRESHOLD_PULSE_MS: f64 = 1.0;

/// How long a copy of the cell is left alone before its threshold is
/// sought, s: a change of the parameters (a new K⁺ₒ) moves V over
/// milliseconds, and the threshold is the settled cell's.
pub const SETTLE_S: f64 = 0.2;

/// The threshold on show and the change it was computed for.
///
/// The threshold is sought a piece at a time ([`ExciteView::work`]: the
/// settling, then each trial of the model's [`ThresholdSearch`]), so that a
/// change costs the page no long frame; the one on show stays until the new
/// one is found.
#[derive(Debug, Clone, Default)]
pub struct ExciteView {
    /// The settled cell's excitability (`None`: no channels, or not yet).
    pub threshold: Option<Result<Excitability, ModelError>>,
    computed_for: Option<u64>,
    job: Option<Job>,
}

/// The search under way.
#[derive(Debug, Clone)]
enum Job {
    /// A copy of the cell still to settle.
    Settle(Box<Simulation>),
    /// The settled copy's threshold being sought.
    Search(Box<ThresholdSearch>),
}

impl ExciteView {
    /// Seek the threshold again when the parameters changed (`revision`
    /// moved) and the cell has channels; forget it when it has none.
    /// Returns whether what is on show changed.
    pub fn refresh(&mut self, sim: &Simulation, revision: u64) -> bool {
        if sim.params().gated.is_none() {
            let had = self.threshold.is_some();
            self.threshold = None;
            self.computed_for = None;
            self.job = None;
            return had;
        }
        if self.computed_for == Some(revision) {
            return false;
        }
        self.computed_for = Some(revision);
        self.job = Some(Job::Settle(Box::new(sim.clone())));
        false
    }

    /// Whether the threshold is still being sought.
    pub fn working(&self) -> bool {
        self.job.is_some()
    }

    /// One piece of the search (the settling, or one trial); returns
    /// whether the threshold on show changed.
    pub fn work(&mut self) -> bool {
        let Some(job) = self.job.take() else {
            return false;
        };
        let found = match job {
            Job::Settle(mut copy) => {
                copy.stop_stimulus();
                copy.set_step_budget(rpl_model::integrator::MAX_STEPS);
                match copy.advance(Seconds(SETTLE_S)) {
                    Ok(_) => {
                        let search = ThresholdSearch::new(&copy, THRESHOLD_PULSE_MS);
                        self.job = Some(Job::Search(Box::new(search)));
                        return false;
                    }
                    Err(e) => Err(e),
                }
            }
            Job::Search(mut search) => match search.step() {
                Some(found) => found,
                None => {
                    self.job = Some(Job::Search(search));
                    return false;
                }
            },
        };
        self.threshold = Some(found);
        true
    }
}

/// The excitability of a copy of the cell left alone for [`SETTLE_S`] (any
/// stimulus dropped), for a pulse of [`THRESHOLD_PULSE_MS`]: what
/// [`ExciteView`] finds, at once.
pub fn settled_excitability(sim: &Simulation) -> Result<Excitability, ModelError> {
    let mut copy = sim.clone();
    copy.stop_stimulus();
    copy.set_step_budget(rpl_model::integrator::MAX_STEPS);
    copy.advance(Seconds(SETTLE_S))?;
    copy.excitability(THRESHOLD_PULSE_MS)
}

/// The fraction of Na⁺ channels not inactivated, h, when the cell has channels.
pub fn na_available(sim: &Simulation) -> Option<f64> {
    sim.params().gated.as_ref().map(|_| sim.state()[IH])
}

/// What the stimulus box says, in the page's language.
#[derive(Debug, Clone, PartialEq)]
pub struct ExciteText {
    /// The spike count and the last peak.
    pub spikes: String,
    /// The Na⁺ channels' availability, h.
    pub available: String,
    /// The threshold, or that there is none (`None` while a lesson hides V).
    pub threshold: Option<String>,
}

/// The stimulus box's lines for the cell `sim` with its threshold in
/// `excite`, when it has channels; `hide_v` (a lesson hides V) leaves out
/// the peak and the threshold, `hide_threshold` (a lesson asks about it)
/// the threshold.
pub fn texts(
    sim: &Simulation,
    excite: &ExciteView,
    hide_v: bool,
    hide_threshold: bool,
) -> Option<ExciteText> {
    use crate::format::{format_mv, format_number_1, format_percent};
    use crate::i18n::tf;
    let h = na_available(sim)?;
    let log = sim.spikes();
    let mut spikes = tf("stim.spikes", &[("n", &log.count().to_string())]);
    if let (Some(last), false) = (log.last(), hide_v) {
        spikes.push_str(" · ");
        spikes.push_str(&tf("stim.peak", &[("v", &format_mv(last.peak_mv))]));
    }
    let available = tf("stim.available", &[("p", &format_percent(h))]);
    let threshold = if hide_v || hide_threshold {
        None
    } else {
        excite.threshold.as_ref().map(|t| match t {
            Ok(Excitability::Threshold(th)) => tf(
                "stim.threshold",
                &[
                    ("ms", &crate::format::format_number(th.duration_ms)),
                    ("i", &format_number_1(th.rheobase_ua_cm2)),
                    ("v", &format_mv(th.v_threshold_mv)),
                    ("d", &format_mv(th.distance_mv)),
                ],
            ),
            Ok(Excitability::FiresUnprovoked) => tf("stim.unprovoked", &[]),
            Ok(Excitability::NoSpike { up_to_ua_cm2 }) => {
                tf("stim.blocked", &[("i", &format_number_1(*up_to_ua_cm2))])
            }
            Ok(Excitability::NoChannels) => String::new(),
            Err(e) => tf("stim.failed", &[("error", &crate::errors::error_text(e))]),
        })
    };
    Some(ExciteText {
        spikes,
        available,
        threshold,
    })
}

/// The synapse row's line: where each synapse's current reverses, and
/// while one is open, its current (`None` while a lesson hides V).
pub fn synapse_text(sim: &Simulation, hide_v: bool) -> Option<String> {
    use crate::format::{format_mv, format_number_1};
    use crate::i18n::tf;
    if hide_v {
        return None;
    }
    let r = sim.synaptic_readouts();
    let mut line = tf(
        "syn.reversal",
        &[
            ("e_exc", &format_mv(r.e_exc_mv)),
            ("e_inh", &format_mv(r.e_inh_mv)),
        ],
    );
    let open = [
        (r.p_exc_cm_s, r.exc_current_ua_cm2, "syn.current.exc"),
        (r.p_inh_cm_s, r.inh_current_ua_cm2, "syn.current.inh"),
    ];
    for (p, i, key) in open {
        if p > 0.0 {
            let way = if i >= 0.0 {
                "syn.outward"
            } else {
                "syn.inward"
            };
            line.push_str(" · ");
            line.push_str(&tf(
                key,
                &[("i", &format_number_1(i.abs())), ("way", &tf(way, &[]))],
            ));
        }
    }
    Some(line)
}

/// The millisecond zoom under the V chart: the latest spike's trace (ms
/// from its crossing of 0 mV, mV) and the threshold's voltage beside it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SpikeZoom<'a> {
    /// The trace ([`rpl_model::SpikeLog::trace`]).
    pub trace: &'a [(f64, f64)],
    /// Which spike it is (the count when it began), so a view redraws
    /// when a new one comes.
    pub spike: u64,
    /// The voltage at threshold for a 1 ms pulse, when it is shown.
    pub threshold_mv: Option<f64>,
}

/// The zoom's x axis, ms from the crossing.
pub const ZOOM_MS: (f64, f64) = (
    -rpl_model::simulation::TRACE_BEFORE_MS,
    rpl_model::simulation::TRACE_AFTER_MS,
);
/// Its y axis, mV: from below any E_K of the presets to above their peaks.
pub const ZOOM_MV: (f64, f64) = (-100.0, 60.0);

/// The zoom for the cell `sim` with its threshold in `excite`: `None`
/// without a spike yet, or while a lesson hides V (`hide_v`); the
/// threshold left out while a lesson asks about it (`hide_threshold`).
pub fn spike_zoom<'a>(
    sim: &'a Simulation,
    excite: &ExciteView,
    hide_v: bool,
    hide_threshold: bool,
) -> Option<SpikeZoom<'a>> {
    let trace = sim.spikes().trace();
    if hide_v || trace.is_empty() || sim.params().gated.is_none() {
        return None;
    }
    let threshold_mv = match (&excite.threshold, hide_threshold) {
        (Some(Ok(Excitability::Threshold(th))), false) => Some(th.v_threshold_mv),
        _ => None,
    };
    Some(SpikeZoom {
        trace,
        spike: sim.spikes().count(),
        threshold_mv,
    })
}

/// The peaks of the cell's spikes so far, as (model time s, mV), oldest
/// first: those the run's history kept ([`History::peaks`]: every spike of
/// the run, thinned as its samples are on a long run), then any the model
/// has finished since (its last [`rpl_model::simulation::RECENT_SPIKES`])
/// and the one in progress.
pub fn spike_peaks(history: &History, sim: &Simulation) -> Vec<(f64, f64)> {
    let kept = history.peaks();
    let after = kept.last().map_or(f64::NEG_INFINITY, |p| p.0);
    let log = sim.spikes();
    kept.iter()
        .copied()
        .chain(
            log.recent()
                .iter()
                .chain(log.in_progress())
                .map(|s| (s.peak_t_s, s.peak_mv))
                .filter(|p| p.0 > after && p.1.is_finite()),
        )
        .collect()
}

/// The V trace `points` (model time s, mV; one a frame, oldest first) with
/// the spikes' peaks put in at their times: a spike lasts a millisecond or
/// two, so at speeds where a frame spans more, the frames' samples miss it,
/// and with its peak in the trace rises to it and comes back. Peaks outside
/// the trace's time span, or at a sample's own time, are left out.
pub fn with_spike_peaks(points: &[(f64, f64)], peaks: &[(f64, f64)]) -> Vec<(f64, f64)> {
    let (Some(first), Some(last)) = (points.first(), points.last()) else {
        return points.to_vec();
    };
    let mut peaks = peaks
        .iter()
        .filter(|p| p.0 > first.0 && p.0 < last.0)
        .peekable();
    let mut out = Vec::with_capacity(points.len() + 8);
    for &p in points {
        while let Some(&&q) = peaks.peek() {
            if q.0 >= p.0 {
                break;
            }
            out.push(q);
            peaks.next();
        }
        out.push(p);
    }
    out
}
