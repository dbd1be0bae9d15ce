//! Exciting a cell with channels: a stimulus of current pulses on top of the
//! scenario's injected current, the spikes the cell fires, and its threshold.
//!
//! A pulse's current is carried into the cell by K⁺, as the held current is
//! ([`crate::system`]), so ions and charge stay conserved through a train.
//! Its edges cut the integration: each piece over which the current is
//! constant is one call of the integrator, which never steps across a jump,
//! and starts again with a short step after each edge.
//!
//! A spike is an upward crossing of 0 mV
//! ([`SPIKE_THRESHOLD_MV`](crate::gating::point::SPIKE_THRESHOLD_MV), as on
//! the point membrane) that the membrane's own currents drive (their sum
//! without the stimulus inward where the step that crossed ends: a pulse
//! that pushes a silent, depolarized membrane past 0 mV against its outward
//! currents does not count), located with its peak on the cubic through
//! each accepted step's two ends and their slopes; only a cell with
//! channels fires.
//!
//! Synaptic pulses ([`super::SynapseSpec`]) are scheduled with the same
//! pulses and cut the integration the same way.

use super::{integrate_cell, Simulation, SynapseKind, H0};
use crate::decimal::Plain;
use crate::error::{ModelError, Range, Solver};
use crate::gating::point::{hermite_crossing, hermite_max, SPIKE_THRESHOLD_MV};
use crate::integrator::{IntegrateError, OdeSystem};
use crate::scenario::Synapses;
use crate::system::{Params, IV, N};
use crate::units::Seconds;

/// Largest stimulus amplitude either way, µA/cm².
pub const STIM_AMPLITUDE_MAX: f64 = 1000.0;
/// Longest pulse, ms.
pub const STIM_DURATION_MAX_MS: f64 = 1000.0;
/// Fastest train, Hz.
pub const STIM_RATE_MAX_HZ: f64 = 1000.0;
/// Most pulses in one train.
pub const STIM_COUNT_MAX: f64 = 1000.0;
/// Most pulses waiting at once (trains asked for while others run add up).
pub const PULSES_MAX: usize = 10_000;
/// Spikes kept in [`SpikeLog::recent`] (the count goes on).
pub const RECENT_SPIKES: usize = 256;
/// The latest spike's trace ([`SpikeLog::trace`]) starts this long before
/// its crossing of 0 mV, ms.
pub const TRACE_BEFORE_MS: f64 = 2.0;
/// And ends this long after it, ms.
pub const TRACE_AFTER_MS: f64 = 8.0;
/// Most points kept in that trace (and in the buffer before a spike).
pub const TRACE_POINTS_MAX: usize = 2000;

/// How long after a pulse's end a spike still counts for the threshold, ms.
pub const THRESHOLD_WAIT_MS: f64 = 50.0;
/// The integrator's relative tolerance in each trial of the threshold
/// search: a trial only asks whether the cell fires, which a tenth of the
/// usual accuracy answers the same (the tests' rheobases agree to every
/// printed digit) in two thirds of the time.
pub const THRESHOLD_RTOL: f64 = 1e-5;
/// The threshold's amplitude is bisected to this fraction of itself.
pub const THRESHOLD_REL_PRECISION: f64 = 1e-4;

/// A stimulus: `count` rectangular pulses of `amplitude_ua_cm2` (into the
/// cell, positive depolarises) lasting `duration_ms`, `rate_hz` apart, the
/// first at once.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct StimulusSpec {
    /// Current density, µA/cm², positive into the cell.
    pub amplitude_ua_cm2: f64,
    /// Each pulse's length, ms.
    pub duration_ms: f64,
    /// Pulses per second (ignored for one pulse).
    pub rate_hz: f64,
    /// How many pulses.
    pub count: u32,
}

impl StimulusSpec {
    /// One pulse.
    pub fn pulse(amplitude_ua_cm2: f64, duration_ms: f64) -> Self {
        StimulusSpec {
            amplitude_ua_cm2,
            duration_ms,
            rate_hz: 1.0,
            count: 1,
        }
    }

    /// A train of `count` pulses at `rate_hz`.
    pub fn train(amplitude_ua_cm2: f64, duration_ms: f64, rate_hz: f64, count: u32) -> Self {
        StimulusSpec {
            amplitude_ua_cm2,
            duration_ms,
            rate_hz,
            count,
        }
    }

    /// Every field in its range, and a train's pulses no longer than the
    /// interval between them; the error names the field (`stim_amplitude`,
    /// `stim_duration`, `stim_rate`, `stim_count`), the value and what is allowed.
    pub fn validate(&self) -> Result<(), ModelError> {
        Range::closed(-STIM_AMPLITUDE_MAX, STIM_AMPLITUDE_MAX).check(
            "stim_amplitude",
            self.amplitude_ua_cm2,
            "µA/cm²",
        )?;
        validate_timing("stim", self.duration_ms, self.rate_hz, self.count)
    }

    /// Read `AMPLITUDE[,DURATION_MS[,RATE_HZ,COUNT]]` (`20` is one 1 ms
    /// pulse of 20 µA/cm²; `20,1,100,10` ten of them at 100 Hz), checked.
    pub fn parse(text: &str) -> Result<StimulusSpec, ModelError> {
        let (amplitude, duration, train) = parse_train(text, "stim", "amplitude")?;
        let spec = match train {
            Some((rate, count)) => StimulusSpec::train(amplitude, duration, rate, count),
            None => StimulusSpec::pulse(amplitude, duration),
        };
        spec.validate()?;
        Ok(spec)
    }

    /// The text [`parse`](Self::parse) reads back to this stimulus.
    pub fn to_text(&self) -> String {
        if self.count > 1 {
            format!(
                "{},{},{},{}",
                Plain(self.amplitude_ua_cm2),
                Plain(self.duration_ms),
                Plain(self.rate_hz),
                self.count
            )
        } else {
            format!(
                "{},{}",
                Plain(self.amplitude_ua_cm2),
                Plain(self.duration_ms)
            )
        }
    }
}

/// The duration, count and rate of a train of pulses (a stimulus's or a
/// synapse's) in their ranges, and its pulses no longer than the interval
/// between them; the error names the field `{prefix}_duration`,
/// `{prefix}_count` or `{prefix}_rate`.
pub(super) fn validate_timing(
    prefix: &str,
    duration_ms: f64,
    rate_hz: f64,
    count: u32,
) -> Result<(), ModelError> {
    let name = |field: &str| format!("{prefix}_{field}");
    Range::above(0.0, STIM_DURATION_MAX_MS).check(&name("duration"), duration_ms, "ms")?;
    Range::closed(1.0, STIM_COUNT_MAX).check(&name("count"), f64::from(count), "")?;
    if count > 1 {
        Range::above(0.0, STIM_RATE_MAX_HZ).check(&name("rate"), rate_hz, "Hz")?;
        let period = 1000.0 / rate_hz;
        Range::above(0.0, period).check(&name("duration"), duration_ms, "ms")?;
    }
    Ok(())
}

/// A train as its text gives it: amplitude, duration (ms), and for more
/// than one pulse the rate (Hz) and count.
pub(super) type TrainText = (f64, f64, Option<(f64, u32)>);

/// Read the text form of a train, `AMPLITUDE[,DURATION_MS[,RATE_HZ,COUNT]]`,
/// as (amplitude, duration (1 ms when not given), and for a train its rate
/// and count). Each number that does not read is named as
/// `{prefix}_{amplitude}`, `{prefix}_duration`, `{prefix}_rate` or
/// `{prefix}_count`; a count that is not a whole number
/// ([`ModelError::NotWhole`]) or not from 1 to [`STIM_COUNT_MAX`] is
/// refused here, the other ranges are the caller's.
pub(super) fn parse_train(
    text: &str,
    prefix: &str,
    amplitude: &str,
) -> Result<TrainText, ModelError> {
    let parts: Vec<&str> = text.split(',').map(str::trim).collect();
    let name = |field: &str| format!("{prefix}_{field}");
    let number = |key: String, t: &str| -> Result<f64, ModelError> {
        // The crate's own reader, as every number read at an edge: the
        // standard one carries large tables into the page.
        crate::decimal::parse_f64(t).ok_or_else(|| ModelError::NotANumber {
            key,
            text: t.to_string(),
        })
    };
    if parts.len() > 4 || parts.len() == 3 {
        let word = amplitude.to_ascii_uppercase();
        return Err(ModelError::NotANumber {
            key: prefix.into(),
            text: format!("{text} (write {word}, {word},DURATION or {word},DURATION,RATE,COUNT)"),
        });
    }
    let amp = number(name(amplitude), parts[0])?;
    let duration = match parts.get(1) {
        Some(t) => number(name("duration"), t)?,
        None => 1.0,
    };
    if parts.len() < 4 {
        return Ok((amp, duration, None));
    }
    let rate = number(name("rate"), parts[2])?;
    let count = number(name("count"), parts[3])?;
    if count.fract() != 0.0 && count.is_finite() {
        return Err(ModelError::NotWhole {
            key: name("count"),
            value: count,
            lo: 1.0,
            hi: STIM_COUNT_MAX,
        });
    }
    Range::closed(1.0, STIM_COUNT_MAX).check(&name("count"), count, "")?;
    Ok((amp, duration, Some((rate, count as u32))))
}

/// What a scheduled pulse turns on.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum PulseKind {
    /// A current into the cell, A/cm².
    Current,
    /// A synapse's permeability, cm/s.
    Synapse(super::SynapseKind),
}

/// A pulse waiting or running, in model time.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct ScheduledPulse {
    pub start_s: f64,
    pub end_s: f64,
    /// A/cm² into the cell, or cm/s of a synapse's permeability.
    pub amplitude: f64,
    /// What the pulse turns on.
    pub kind: PulseKind,
}

/// A spike of the cell.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct CellSpike {
    /// When V crossed 0 mV upward, s.
    pub t_s: f64,
    /// The largest V before it fell below 0 mV again, mV.
    pub peak_mv: f64,
    /// When it peaked, s.
    pub peak_t_s: f64,
}

/// The spikes since the cell started (or last started again).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SpikeLog {
    count: u64,
    recent: Vec<CellSpike>,
    open: Option<CellSpike>,
    /// The accepted steps' ends of the last [`TRACE_BEFORE_MS`] (t s, V mV),
    /// while no trace is being recorded.
    before: Vec<(f64, f64)>,
    /// The latest spike's trace: ms from its crossing, mV.
    trace: Vec<(f64, f64)>,
    /// The crossing of the spike being recorded, s, until the trace is complete.
    recording: Option<f64>,
}

impl SpikeLog {
    /// How many spikes have begun (the one in progress included).
    pub fn count(&self) -> u64 {
        self.count
    }

    /// The last [`RECENT_SPIKES`] spikes that have ended, oldest first.
    pub fn recent(&self) -> &[CellSpike] {
        &self.recent
    }

    /// The spike in progress (V still above 0 mV), with its peak so far.
    pub fn in_progress(&self) -> Option<&CellSpike> {
        self.open.as_ref()
    }

    /// The latest spike, ended or in progress.
    pub fn last(&self) -> Option<&CellSpike> {
        self.open.as_ref().or(self.recent.last())
    }

    /// The latest spike's voltage trace, however fast the run: V (mV) at the
    /// end of every step the integrator took from [`TRACE_BEFORE_MS`] before
    /// its upward crossing of 0 mV to [`TRACE_AFTER_MS`] after it (or up to
    /// now), as (ms from the crossing, mV). The steps are short through a
    /// spike (a few µs to tens of µs), so the points draw its shape; empty
    /// before the first spike.
    pub fn trace(&self) -> &[(f64, f64)] {
        &self.trace
    }

    /// Keep the end (t_b, v_b) of an accepted step: in the buffer before a
    /// spike, or in the trace being recorded.
    fn record(&mut self, t_b: f64, v_b: f64) {
        match self.recording {
            Some(cross) => {
                let ms = (t_b - cross) * 1e3;
                if self.trace.len() < TRACE_POINTS_MAX {
                    self.trace.push((ms, v_b));
                }
                if ms >= TRACE_AFTER_MS {
                    self.recording = None;
                }
            }
            None => {
                self.before.push((t_b, v_b));
                // Keep one point at or before the window's start, and at
                // most TRACE_POINTS_MAX.
                let from = t_b - TRACE_BEFORE_MS * 1e-3;
                let old = self.before.partition_point(|&(t, _)| t <= from);
                let drop = old
                    .saturating_sub(1)
                    .max(self.before.len().saturating_sub(TRACE_POINTS_MAX));
                if drop > 0 {
                    self.before.drain(..drop);
                }
            }
        }
    }

    /// Start the trace of a spike crossing 0 mV at `cross` s: the buffered
    /// points from [`TRACE_BEFORE_MS`] before it on, then every step.
    fn start_trace(&mut self, cross: f64, t_a: f64, v_a: f64) {
        self.trace.clear();
        let from = cross - TRACE_BEFORE_MS * 1e-3;
        let mut points = std::mem::take(&mut self.before);
        if points.last().is_none_or(|&(t, _)| t < t_a) {
            points.push((t_a, v_a));
        }
        // One point at or before the start, so the line begins at the edge.
        let first = points.iter().rposition(|&(t, _)| t <= from).unwrap_or(0);
        self.trace
            .extend(points[first..].iter().map(|&(t, v)| ((t - cross) * 1e3, v)));
        self.recording = Some(cross);
    }

    fn close(&mut self, spike: CellSpike) {
        if self.recent.len() == RECENT_SPIKES {
            self.recent.remove(0);
        }
        self.recent.push(spike);
    }

    /// One accepted step from (t_a, y_a) to (t_b, y_b) of a cell with
    /// channels: a crossing of 0 mV upward opens a spike, its peak is
    /// followed, a crossing downward closes it.
    fn observe(&mut self, params: &Params, t_a: f64, y_a: &[f64; N], t_b: f64, y_b: &[f64; N]) {
        let (va, vb) = (y_a[IV], y_b[IV]);
        // The membrane's own currents (all but the stimulus) must carry V
        // up through 0 mV: a strong pulse that pushes a silent membrane
        // there against its outward currents is not a spike.
        let up = va < SPIKE_THRESHOLD_MV
            && vb >= SPIKE_THRESHOLD_MV
            && params.currents(y_b).net() + params.i_stim < 0.0;
        if self.open.is_none() && !up {
            self.record(t_b, vb);
            return;
        }
        let (mut fa, mut fb) = ([0.0; N], [0.0; N]);
        params.rhs(y_a, &mut fa);
        params.rhs(y_b, &mut fb);
        let dt = t_b - t_a;
        let (d0, d1) = (fa[IV] * dt, fb[IV] * dt);
        if up {
            if let Some(sp) = self.open.take() {
                self.close(sp);
            }
            let t = t_a + hermite_crossing(va, vb, d0, d1, SPIKE_THRESHOLD_MV) * dt;
            self.start_trace(t, t_a, va);
            self.count += 1;
            self.open = Some(CellSpike {
                t_s: t,
                peak_mv: f64::NEG_INFINITY,
                peak_t_s: t,
            });
        }
        if let Some(sp) = self.open.as_mut() {
            let (vmax, s) = hermite_max(va, vb, d0, d1);
            if vmax > sp.peak_mv {
                sp.peak_mv = vmax;
                sp.peak_t_s = t_a + s * dt;
            }
            if vb < SPIKE_THRESHOLD_MV {
                let sp = *sp;
                self.open = None;
                self.close(sp);
            }
        }
        self.record(t_b, vb);
    }
}

/// How excitable the cell is, from where it stands.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub enum Excitability {
    /// The cell has no voltage-gated channels.
    NoChannels,
    /// It fires with no stimulus (within [`THRESHOLD_WAIT_MS`] from now).
    FiresUnprovoked,
    /// No pulse up to this amplitude (µA/cm²) gives a spike: depolarization
    /// block when it sits depolarized with its Na⁺ channels inactivated.
    NoSpike {
        /// The largest amplitude tried, µA/cm².
        up_to_ua_cm2: f64,
    },
    /// The smallest pulse that gives a spike.
    Threshold(Threshold),
}

/// The threshold of a cell for a pulse of one duration.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Threshold {
    /// The pulse's length, ms.
    pub duration_ms: f64,
    /// The smallest amplitude that gives a spike (rheobase for that
    /// duration), µA/cm²: the middle of a bracket
    /// [`THRESHOLD_REL_PRECISION`] of itself wide.
    pub rheobase_ua_cm2: f64,
    /// V where the pulse started, mV.
    pub v_rest_mv: f64,
    /// V at the end of the smallest pulse found to give a spike: the
    /// voltage threshold, mV.
    pub v_threshold_mv: f64,
    /// How far V must be moved to reach it, v_threshold − v_rest, mV.
    pub distance_mv: f64,
}

impl Simulation {
    /// Schedule a stimulus starting now (on top of any still to come; at
    /// most [`PULSES_MAX`] pulses wait at once).
    pub fn stimulate(&mut self, spec: &StimulusSpec) -> Result<(), ModelError> {
        spec.validate()?;
        self.schedule(
            "stim_count",
            PulseKind::Current,
            spec.amplitude_ua_cm2 * 1e-6,
            spec.duration_ms,
            spec.rate_hz,
            spec.count,
        )
    }

    /// Schedule `count` pulses of `amplitude` lasting `duration_ms`,
    /// `rate_hz` apart, from now (on top of any still to come; at most
    /// [`PULSES_MAX`] wait at once, the excess named `count_field`).
    pub(super) fn schedule(
        &mut self,
        count_field: &str,
        kind: PulseKind,
        amplitude: f64,
        duration_ms: f64,
        rate_hz: f64,
        count: u32,
    ) -> Result<(), ModelError> {
        self.pulses.retain(|p| p.end_s > self.t);
        let n = count as usize;
        if self.pulses.len() + n > PULSES_MAX {
            // n lies above this range, so the check returns its error.
            Range::closed(1.0, (PULSES_MAX - self.pulses.len()) as f64).check(
                count_field,
                n as f64,
                "",
            )?;
        }
        let period = 1.0 / rate_hz;
        for k in 0..n {
            let start_s = self.t + k as f64 * period;
            self.pulses.push(ScheduledPulse {
                start_s,
                end_s: start_s + duration_ms * 1e-3,
                amplitude,
                kind,
            });
        }
        Ok(())
    }

    /// Drop every pulse still to come or running (current and synaptic).
    pub fn stop_stimulus(&mut self) {
        self.pulses.clear();
        self.params.i_stim = 0.0;
        self.params.syn_pulse = Synapses::NONE;
    }

    /// The stimulus current at model time `t_s`, µA/cm² (into the cell).
    pub fn stimulus_at(&self, t_s: f64) -> f64 {
        1e6 * self.stim_current(t_s)
    }

    /// Whether a pulse (of current or of a synapse) is running or still to come.
    pub fn stimulus_pending(&self) -> bool {
        self.pulses.iter().any(|p| p.end_s > self.t)
    }

    /// The spikes so far.
    pub fn spikes(&self) -> &SpikeLog {
        &self.spikes
    }

    /// Put back the stimulus and spikes saved before a call that failed.
    pub(super) fn restore_stimulus(&mut self, pulses: Vec<ScheduledPulse>, spikes: SpikeLog) {
        self.pulses = pulses;
        self.spikes = spikes;
        self.params.i_stim = self.stim_current(self.t);
        self.params.syn_pulse = self.syn_pulse_at(self.t);
    }

    /// The amplitudes of the pulses of `kind` on at t, over [start, end), summed.
    fn pulses_at(&self, t: f64, kind: PulseKind) -> f64 {
        self.pulses
            .iter()
            .filter(|p| p.kind == kind && p.start_s <= t && t < p.end_s)
            .map(|p| p.amplitude)
            .sum()
    }

    /// A/cm² at t: the current pulses on.
    fn stim_current(&self, t: f64) -> f64 {
        self.pulses_at(t, PulseKind::Current)
    }

    /// The synaptic pulses' permeabilities on at t, cm/s.
    pub(super) fn syn_pulse_at(&self, t: f64) -> Synapses {
        Synapses {
            p_exc_cm_s: self.pulses_at(t, PulseKind::Synapse(SynapseKind::Excitatory)),
            p_inh_cm_s: self.pulses_at(t, PulseKind::Synapse(SynapseKind::Inhibitory)),
        }
    }

    /// Integrate from `t` to `t_end`, cut at every pulse edge inside, each
    /// piece at its own stimulus current and synaptic permeabilities, within
    /// the step budget for the whole span; spikes of a cell with channels
    /// are logged.
    pub(super) fn integrate_span(
        &mut self,
        t: &mut f64,
        y: &mut [f64; N],
        t_end: f64,
    ) -> Result<(), IntegrateError> {
        let mut cuts: Vec<f64> = self
            .pulses
            .iter()
            .flat_map(|p| [p.start_s, p.end_s])
            .filter(|&e| e > *t && e < t_end)
            .collect();
        // The crate's insertion sort (the edges come nearly in order), not
        // the standard stable sort, which carries 3 KB into the page.
        crate::order::insertion_sort_by(&mut cuts, |a, b| a.total_cmp(b));
        cuts.dedup();
        cuts.push(t_end);
        let budget = self.ode.max_steps;
        let used = |s: crate::integrator::Stats| s.accepted + s.rejected;
        let first = used(self.ode.stats);
        let mut res = Ok(());
        for (k, &to) in cuts.iter().enumerate() {
            let i_stim = self.stim_current(*t);
            let syn = self.syn_pulse_at(*t);
            if k > 0 && (i_stim != self.params.i_stim || syn != self.params.syn_pulse) {
                // An edge: f jumped, so start again with a short step.
                self.ode.h = self.ode.h.min(H0);
            }
            self.params.i_stim = i_stim;
            self.params.syn_pulse = syn;
            let spent = (used(self.ode.stats) - first) as usize;
            self.ode.max_steps = budget.saturating_sub(spent).max(1);
            let Simulation {
                ode,
                params,
                spikes,
                ..
            } = self;
            let excitable = params.gated.is_some();
            res = integrate_cell(ode, params, t, y, to, |ta, ya, tb, yb| {
                if excitable {
                    spikes.observe(params, ta, ya, tb, yb);
                }
            });
            if let Err(IntegrateError::WorkLimit { t, .. }) = res {
                res = Err(IntegrateError::WorkLimit {
                    t,
                    steps: (used(self.ode.stats) - first) as usize,
                });
            }
            if res.is_err() {
                break;
            }
        }
        self.ode.max_steps = budget;
        self.params.i_stim = self.stim_current(*t);
        self.params.syn_pulse = self.syn_pulse_at(*t);
        self.pulses.retain(|p| p.end_s > *t);
        res
    }

    /// How excitable the cell is from its present state: the smallest pulse
    /// of `duration_ms` from now that makes it fire within
    /// [`THRESHOLD_WAIT_MS`] of the pulse's end (amplitudes double from
    /// 1 µA/cm² to [`STIM_AMPLITUDE_MAX`], then bisection), with V at the
    /// pulse's end. Each trial runs a copy of the cell; this one is not
    /// changed. Pulses already scheduled are left out of the trials. The
    /// same search, one trial at a time, is [`ThresholdSearch`].
    pub fn excitability(&self, duration_ms: f64) -> Result<Excitability, ModelError> {
        let mut search = ThresholdSearch::new(self, duration_ms);
        loop {
            if let Some(found) = search.step() {
                return found;
            }
        }
    }
}

/// [`Simulation::excitability`] cut into trials, so that a page can run it a
/// few trials a frame: each [`step`](Self::step) runs one trial (at most
/// [`THRESHOLD_WAIT_MS`] and the pulse of a copy of the cell), and the
/// answer is the same whatever the frames.
#[derive(Debug, Clone)]
pub struct ThresholdSearch {
    base: Simulation,
    duration_ms: f64,
    v_rest: f64,
    stage: SearchStage,
}

#[derive(Debug, Clone)]
enum SearchStage {
    /// Does the cell fire without a pulse?
    Unprovoked,
    /// No spike at `lo`; try `hi`, doubling.
    Doubling {
        lo: f64,
        hi: f64,
    },
    /// No spike at `lo`, a spike at `hi` with V `v_hi` at the pulse's end.
    Bisect {
        lo: f64,
        hi: f64,
        v_hi: f64,
    },
    Done(Result<Excitability, ModelError>),
}

impl ThresholdSearch {
    /// The search for the cell `sim` as it is now and a pulse of `duration_ms`.
    pub fn new(sim: &Simulation, duration_ms: f64) -> Self {
        let mut base = sim.clone();
        let checked =
            Range::above(0.0, STIM_DURATION_MAX_MS).check("stim_duration", duration_ms, "ms");
        let stage = match checked {
            Err(e) => SearchStage::Done(Err(e)),
            Ok(_) if sim.params.gated.is_none() => SearchStage::Done(Ok(Excitability::NoChannels)),
            Ok(_) => SearchStage::Unprovoked,
        };
        if matches!(stage, SearchStage::Unprovoked) {
            base.stop_stimulus();
            base.spikes = SpikeLog::default();
            base.ode.max_steps = crate::integrator::MAX_STEPS;
        }
        let v_rest = base.y[IV];
        ThresholdSearch {
            base,
            duration_ms,
            v_rest,
            stage,
        }
    }

    /// Run the next trial; the answer once the search is over (and on every
    /// call after).
    pub fn step(&mut self) -> Option<Result<Excitability, ModelError>> {
        let next = match self.stage {
            SearchStage::Done(ref found) => return Some(found.clone()),
            SearchStage::Unprovoked => match self.trial(0.0) {
                Err(e) => SearchStage::Done(Err(e)),
                Ok((true, _)) => SearchStage::Done(Ok(Excitability::FiresUnprovoked)),
                Ok(_) => SearchStage::Doubling { lo: 0.0, hi: 1.0 },
            },
            SearchStage::Doubling { lo, hi } => match self.trial(hi) {
                Err(e) => SearchStage::Done(Err(e)),
                Ok((true, v_hi)) => self.narrowed(lo, hi, v_hi),
                Ok(_) if hi >= STIM_AMPLITUDE_MAX => {
                    SearchStage::Done(Ok(Excitability::NoSpike { up_to_ua_cm2: hi }))
                }
                Ok(_) => SearchStage::Doubling {
                    lo: hi,
                    hi: (2.0 * hi).min(STIM_AMPLITUDE_MAX),
                },
            },
            SearchStage::Bisect { lo, hi, v_hi } => {
                let mid = 0.5 * (lo + hi);
                match self.trial(mid) {
                    Err(e) => SearchStage::Done(Err(e)),
                    Ok((true, v)) => self.narrowed(lo, mid, v),
                    Ok(_) => self.narrowed(mid, hi, v_hi),
                }
            }
        };
        self.stage = next;
        match &self.stage {
            SearchStage::Done(found) => Some(found.clone()),
            _ => None,
        }
    }

    /// The bisection between `lo` and `hi`, or its answer once it is narrow enough.
    fn narrowed(&self, lo: f64, hi: f64, v_hi: f64) -> SearchStage {
        if hi - lo > THRESHOLD_REL_PRECISION * hi {
            return SearchStage::Bisect { lo, hi, v_hi };
        }
        if !v_hi.is_finite() {
            return SearchStage::Done(Err(ModelError::NoConvergence {
                what: Solver::Integrator,
                detail: "the threshold search left V not finite".into(),
            }));
        }
        SearchStage::Done(Ok(Excitability::Threshold(Threshold {
            duration_ms: self.duration_ms,
            rheobase_ua_cm2: 0.5 * (lo + hi),
            v_rest_mv: self.v_rest,
            v_threshold_mv: v_hi,
            distance_mv: v_hi - self.v_rest,
        })))
    }

    /// One trial: whether a pulse of `amp` µA/cm² makes a copy of the cell
    /// fire, and V at the pulse's end.
    fn trial(&self, amp: f64) -> Result<(bool, f64), ModelError> {
        let mut sim = self.base.clone();
        sim.set_rtol(THRESHOLD_RTOL);
        if amp > 0.0 {
            sim.stimulate(&StimulusSpec::pulse(amp, self.duration_ms))?;
        }
        sim.advance(Seconds(self.duration_ms * 1e-3))?;
        let v_end = sim.y[IV];
        // A spike settles the trial: stop at the first (in pieces of
        // 1 ms, so a spike's recovery is not integrated for nothing).
        let wait = THRESHOLD_WAIT_MS * 1e-3;
        let mut waited = 0.0;
        while sim.spikes.count() == 0 && waited < wait {
            let piece = (wait - waited).min(1e-3);
            sim.advance(Seconds(piece))?;
            waited += piece;
        }
        Ok((sim.spikes.count() > 0, v_end))
    }
}
