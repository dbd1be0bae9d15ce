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
//! [`History::revision`] counts changes, so a chart can tell cheaply whether it
//! has anything new to draw.

use rpl_model::Sample;

/// Samples of the run so far, oldest first, thinned to stay within [`History::CAPACITY`].
#[derive(Debug, Clone, Default)]
pub struct History {
    samples: Vec<Sample>,
    revision: u64,
}

impl History {
    /// Samples kept at most.
    pub const CAPACITY: usize = 2400;

    /// Forget every sample.
    pub fn clear(&mut self) {
        self.samples.clear();
        self.revision += 1;
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
        let last = self.samples.len() - 1;
        let mut i = 0;
        self.samples.retain(|_| {
            let keep = i % 2 == 0 || i == last;
            i += 1;
            keep
        });
    }

    /// Forget the samples after model time `t_s` (the run goes on from an
    /// earlier moment).
    pub fn truncate_after(&mut self, t_s: f64) {
        let keep = self.samples.partition_point(|s| s.t_s <= t_s);
        if keep < self.samples.len() {
            self.samples.truncate(keep);
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
