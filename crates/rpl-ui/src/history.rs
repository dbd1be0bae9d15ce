//! The run's history: one [`Sample`] per recorded moment (model time, V, the
//! Nernst potential and inside concentration of each ion, relative volume),
//! oldest first, for the time charts.
//!
//! Memory is bounded: when the history grows past [`History::CAPACITY`] every
//! other sample is dropped (the first and the newest are always kept), so it
//! always covers the whole run, at a resolution that coarsens as the run gets
//! longer — a millisecond charge and an hours-long run-down fit in the same
//! few hundred kilobytes.
//!
//! The peaks of the cell's spikes are kept beside the samples
//! ([`History::peaks`]), thinned the same way: a spike lasts a millisecond or
//! two, so the samples (one a frame) miss most of them, and the model keeps
//! only its latest [`rpl_model::simulation::RECENT_SPIKES`]. With the peaks
//! here a chart of a long train or of a cell that fires for hours shows its
//! spikes all along the run, not only the latest ones.
//!
//! [`History::revision`] counts changes, so a chart can tell cheaply whether it
//! has anything new to draw.

use rpl_model::{Sample, Simulation};

/// Samples of the run so far, oldest first, thinned to stay within [`History::CAPACITY`].
#[derive(Debug, Clone, Default)]
pub struct History {
    samples: Vec<Sample>,
    /// The spikes' peaks so far, (model time s, mV), oldest first.
    peaks: Vec<(f64, f64)>,
    revision: u64,
}

impl History {
    /// Samples kept at most.
    pub const CAPACITY: usize = 2400;

    /// Forget every sample and peak.
    pub fn clear(&mut self) {
        self.samples.clear();
        self.peaks.clear();
        self.revision += 1;
    }

    /// Record the cell `sim` as it is now: its sample ([`push`](Self::push))
    /// and the peaks of the spikes it has finished since the newest peak
    /// kept.
    pub fn record(&mut self, sim: &Simulation) {
        self.push(sim.sample());
        let after = self.peaks.last().map_or(f64::NEG_INFINITY, |p| p.0);
        let before = self.peaks.len();
        self.peaks.extend(
            sim.spikes()
                .recent()
                .iter()
                .map(|s| (s.peak_t_s, s.peak_mv))
                .filter(|p| p.0 > after && p.0.is_finite() && p.1.is_finite()),
        );
        if self.peaks.len() != before {
            self.revision += 1;
            if self.peaks.len() > Self::CAPACITY {
                thin(&mut self.peaks);
            }
        }
    }

    /// The peaks of the spikes recorded so far, (model time s, mV), oldest
    /// first; thinned as the samples are once there are more than
    /// [`CAPACITY`](Self::CAPACITY).
    pub fn peaks(&self) -> &[(f64, f64)] {
        &self.peaks
    }

    /// Add a sample. One at the same model time as the newest replaces it (a
    /// change applied between frames); one earlier than the newest (which the
    /// model never produces) is ignored, so the history stays in time order.
    pub fn push(&mut self, sample: Sample) {
        if !sample.t_s.is_finite() {
            return;
        }
        if let Some(last) = self.samples.last_mut() {
            if sample.t_s == last.t_s {
                *last = sample;
                self.revision += 1;
                return;
            }
            if sample.t_s < last.t_s {
                return;
            }
        }
        self.samples.push(sample);
        self.revision += 1;
        if self.samples.len() > Self::CAPACITY {
            self.thin();
        }
    }

    /// Drop every other sample, keeping the first and the newest.
    fn thin(&mut self) {
        thin(&mut self.samples);
    }

    /// Forget the samples after model time `t_s` (the run goes on from an
    /// earlier moment).
    pub fn truncate_after(&mut self, t_s: f64) {
        let keep = self.samples.partition_point(|s| s.t_s <= t_s);
        let peaks = self.peaks.partition_point(|p| p.0 <= t_s);
        if keep < self.samples.len() || peaks < self.peaks.len() {
            self.samples.truncate(keep);
            self.peaks.truncate(peaks);
            self.revision += 1;
        }
    }

    /// The samples, oldest first.
    pub fn samples(&self) -> &[Sample] {
        &self.samples
    }

    /// The newest sample, if any.
    pub fn last(&self) -> Option<&Sample> {
        self.samples.last()
    }

    /// How many samples are kept.
    pub fn len(&self) -> usize {
        self.samples.len()
    }

    /// Whether nothing has been recorded.
    pub fn is_empty(&self) -> bool {
        self.samples.is_empty()
    }

    /// A number that changes whenever the samples change.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// (model time s, V mV) of every sample, oldest first.
    pub fn voltage_points(&self) -> Vec<(f64, f64)> {
        self.samples.iter().map(|s| (s.t_s, s.v_mv)).collect()
    }
}

/// Drop every other item, keeping the first and the newest.
fn thin<T>(items: &mut Vec<T>) {
    let last = items.len().saturating_sub(1);
    let mut i = 0;
    items.retain(|_| {
        let keep = i % 2 == 0 || i == last;
        i += 1;
        keep
    });
}
