//! Chart axes: the time axis (linear or logarithmic, milliseconds to hours)
//! shared by the voltage and concentration charts, 1-2-5 tick steps, value
//! ranges padded to round numbers, and the thinning of a polyline to about two
//! points per pixel column so drawing cost stays bounded however long the run.

use crate::format::{format_number, short_duration, TimeUnit};

/// Whether the time axis is linear or logarithmic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TimeScale {
    /// Model time, linear, from the first sample.
    #[default]
    Linear,
    /// Time since the first sample, logarithmic: milliseconds and hours both read well.
    Log,
}

/// The smallest of 1, 2 or 5 × 10ⁿ that is at least `x` (for x > 0).
pub fn nice_ceil(x: f64) -> f64 {
    if !(x.is_finite() && x > 0.0) {
        return 1.0;
    }
    let decade = 10f64.powf(x.log10().floor());
    for m in [1.0, 2.0, 5.0] {
        // A little slack so that floating-point noise does not skip a step.
        if m * decade >= x * (1.0 - 1e-9) {
            return m * decade;
        }
    }
    10.0 * decade
}

/// The time axis for a trace: (start s, end s, unit). It starts at the first
/// sample and is 1, 2 or 5 × 10ⁿ of its unit long (at least 1 ms), at or above
/// the recorded span.
pub fn time_axis(trace: &[(f64, f64)]) -> (f64, f64, TimeUnit) {
    let t0 = trace.first().map_or(0.0, |p| p.0);
    let t1 = trace.last().map_or(t0, |p| p.0);
    linear_span(t0, t1)
}

fn linear_span(t0: f64, t1: f64) -> (f64, f64, TimeUnit) {
    let span = (t1 - t0).max(1e-3);
    let unit = TimeUnit::for_span(span);
    let nice = nice_ceil(span / unit.seconds()) * unit.seconds();
    (t0, t0 + nice, unit)
}

/// Tick values between `lo` and `hi` at a 1, 2 or 5 × 10ⁿ step, at most about `max_n` of them.
pub fn linear_ticks(lo: f64, hi: f64, max_n: usize) -> Vec<f64> {
    if !(lo.is_finite() && hi.is_finite() && hi > lo) {
        return vec![];
    }
    let step = nice_ceil((hi - lo) / max_n.max(1) as f64);
    let first = (lo / step - 1e-9).ceil();
    let last = (hi / step + 1e-9).floor();
    let n = rpl_model::units::clamp(last - first, 0.0, 1000.0) as usize;
    (0..=n)
        .map(|k| {
            let v = (first + k as f64) * step;
            // Snap away -0.0 and float noise such as 0.30000000000000004.
            if v.abs() < step * 1e-9 {
                0.0
            } else {
                v
            }
        })
        .collect()
}

/// Moments that read well on a logarithmic time axis, s: decades up to 10 s,
/// then a minute, ten minutes, an hour, ten hours, a hundred hours.
const LOG_TICKS_S: [f64; 14] = [
    1e-6,
    1e-5,
    1e-4,
    1e-3,
    1e-2,
    0.1,
    1.0,
    10.0,
    60.0,
    600.0,
    3600.0,
    36_000.0,
    360_000.0,
    3_600_000.0,
];

/// A time axis, shared by the voltage and concentration charts. Chart x
/// coordinates are model time in `unit` (linear) or log₁₀ of the seconds since
/// the first sample (log).
#[derive(Debug, Clone, PartialEq)]
pub struct TimeAxis {
    /// Linear or logarithmic.
    pub scale: TimeScale,
    /// Model time of the first sample, s.
    pub t0: f64,
    /// Left end, in chart coordinates.
    pub lo: f64,
    /// Right end, in chart coordinates.
    pub hi: f64,
    /// The unit of a linear axis (for a log axis, the unit of its longest span).
    pub unit: TimeUnit,
    /// Where the labelled ticks go, in chart coordinates.
    pub ticks: Vec<f64>,
}

impl TimeAxis {
    /// The axis for samples from `t_first` to `t_last` (model time, s).
    /// `first_step` is the time between the first two samples, if there are
    /// two: on a log axis the first sample is drawn at the left end, a decade
    /// at or below that step. `max_ticks` bounds the number of labels.
    pub fn new(
        scale: TimeScale,
        t_first: f64,
        t_last: f64,
        first_step: Option<f64>,
        max_ticks: usize,
    ) -> TimeAxis {
        let t0 = if t_first.is_finite() { t_first } else { 0.0 };
        let t1 = if t_last.is_finite() { t_last } else { t0 };
        let (_, end, unit) = linear_span(t0, t1);
        match scale {
            TimeScale::Linear => {
                let (lo, hi) = (t0 / unit.seconds(), end / unit.seconds());
                TimeAxis {
                    scale,
                    t0,
                    lo,
                    hi,
                    unit,
                    ticks: linear_ticks(lo, hi, max_ticks),
                }
            }
            TimeScale::Log => {
                let span = (t1 - t0).max(1e-3);
                let step = first_step
                    .filter(|s| s.is_finite() && *s > 0.0)
                    .unwrap_or(span / 1000.0);
                let lo_s = rpl_model::units::clamp(
                    10f64.powf(step.log10().floor()),
                    1e-6,
                    (span / 10.0).max(1e-6),
                );
                let lo_s = 10f64.powf(lo_s.log10().floor());
                let hi_s = LOG_TICKS_S
                    .iter()
                    .copied()
                    .find(|&t| t >= span * (1.0 - 1e-9) && t >= lo_s * 10.0)
                    .unwrap_or_else(|| 10f64.powf(span.log10().ceil()));
                let mut ticks: Vec<f64> = LOG_TICKS_S
                    .iter()
                    .copied()
                    .filter(|&t| t >= lo_s * (1.0 - 1e-9) && t <= hi_s * (1.0 + 1e-9))
                    .map(f64::log10)
                    .collect();
                // Too many labels for the width: keep every k-th, always the last.
                let max_ticks = max_ticks.max(2);
                if ticks.len() > max_ticks {
                    let k = ticks.len().div_ceil(max_ticks);
                    let last = ticks.len() - 1;
                    ticks = ticks
                        .into_iter()
                        .enumerate()
                        .filter(|(i, _)| (last - i).is_multiple_of(k))
                        .map(|(_, t)| t)
                        .collect();
                }
                TimeAxis {
                    scale,
                    t0,
                    lo: lo_s.log10(),
                    hi: hi_s.log10(),
                    unit: TimeUnit::for_span(span),
                    ticks,
                }
            }
        }
    }

    /// The axis for a run's samples of model time.
    pub fn for_times(scale: TimeScale, times: &[f64], max_ticks: usize) -> TimeAxis {
        let first = times.first().copied().unwrap_or(0.0);
        let last = times.last().copied().unwrap_or(first);
        let step = times.get(1).map(|t| t - first);
        TimeAxis::new(scale, first, last, step, max_ticks)
    }

    /// The chart x coordinate of model time `t_s`.
    pub fn x(&self, t_s: f64) -> f64 {
        match self.scale {
            TimeScale::Linear => t_s / self.unit.seconds(),
            TimeScale::Log => (t_s - self.t0).max(10f64.powf(self.lo)).log10(),
        }
    }

    /// The label of a tick at chart coordinate `x`.
    pub fn label(&self, x: f64) -> String {
        match self.scale {
            TimeScale::Linear => format_number(x),
            TimeScale::Log => short_duration(10f64.powf(x)),
        }
    }

    /// The x coordinate range for a plotters chart.
    pub fn coord(&self) -> std::ops::Range<f64> {
        self.lo..self.hi
    }
}

/// Reduce a polyline to at most about two points per pixel column of `width`
/// columns over `x_lo..x_hi` (the lowest and highest of each column, in their
/// order), so drawing cost stays bounded however many samples there are, and
/// no spike is lost. The first and last points are always kept.
pub fn thin_for_plot(points: &[(f64, f64)], x_lo: f64, x_hi: f64, width: usize) -> Vec<(f64, f64)> {
    let width = width.max(1);
    if points.len() <= 2 * width + 2 || x_hi.partial_cmp(&x_lo) != Some(std::cmp::Ordering::Greater)
    {
        return points.to_vec();
    }
    /// One pixel column: its index, and the (sample index, point) of its lowest and highest.
    struct Column {
        col: f64,
        lo: (usize, (f64, f64)),
        hi: (usize, (f64, f64)),
    }
    fn flush(out: &mut Vec<(f64, f64)>, c: &Column) {
        match c.lo.0.cmp(&c.hi.0) {
            std::cmp::Ordering::Equal => out.push(c.lo.1),
            std::cmp::Ordering::Less => out.extend([c.lo.1, c.hi.1]),
            std::cmp::Ordering::Greater => out.extend([c.hi.1, c.lo.1]),
        }
    }
    let cols = width as f64;
    let mut out = Vec::with_capacity(2 * width + 2);
    let mut current: Option<Column> = None;
    for (i, &p) in points.iter().enumerate() {
        let col = (((p.0 - x_lo) / (x_hi - x_lo)) * cols).floor();
        match &mut current {
            Some(c) if c.col == col => {
                if p.1 < c.lo.1 .1 {
                    c.lo = (i, p);
                }
                if p.1 > c.hi.1 .1 {
                    c.hi = (i, p);
                }
            }
            _ => {
                if let Some(c) = current.take() {
                    flush(&mut out, &c);
                }
                current = Some(Column {
                    col,
                    lo: (i, p),
                    hi: (i, p),
                });
            }
        }
    }
    if let Some(c) = current {
        flush(&mut out, &c);
    }
    if let (Some(&first), Some(&p0)) = (out.first(), points.first()) {
        if first != p0 {
            out.insert(0, p0);
        }
    }
    if let (Some(&last), Some(&pn)) = (out.last(), points.last()) {
        if last != pn {
            out.push(pn);
        }
    }
    out
}

/// Nice limits around values: (lo, hi) rounded out to `step`, with `pad` of room,
/// at least `min_span` apart.
pub fn padded_range(
    values: impl Iterator<Item = f64>,
    pad: f64,
    min_span: f64,
    fallback: (f64, f64),
) -> (f64, f64) {
    let (lo, hi) = values
        .filter(|v| v.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(v), hi.max(v))
        });
    padded(lo, hi, pad, min_span, fallback)
}

/// [`padded_range`] once the values' extremes are known (one copy of this
/// for all its callers' iterators).
fn padded(lo: f64, hi: f64, pad: f64, min_span: f64, fallback: (f64, f64)) -> (f64, f64) {
    if !(lo.is_finite() && hi.is_finite()) {
        return fallback;
    }
    let span = (hi - lo).max(min_span);
    let step = nice_ceil(span / 5.0);
    let lo = ((lo - pad * span) / step).floor() * step;
    let hi = ((hi + pad * span) / step).ceil() * step;
    (lo, hi.max(lo + min_span))
}
