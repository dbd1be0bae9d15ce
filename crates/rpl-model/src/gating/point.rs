//! A point membrane with Hodgkin–Huxley type channels (the validation step
//! of the excitable cell; HH's squid kinetics or Traub & Miles's, see
//! [`super::HhKinetics`]): V, m, h, n as an [`OdeSystem<4>`], ohmic currents at fixed
//! reversal potentials, a current-density stimulus of pulses and trains, and
//! the readouts the reference cases check (rest, spikes with their peaks,
//! rheobase, firing rate).
//!
//! Units: V in mV, t in ms, conductances in S/cm², current densities in
//! µA/cm² (outward positive for the channels, inward positive for the
//! stimulus, as NEURON's IClamp), capacitance in µF/cm²:
//!
//! c_m dV/dt = i_stim − 1000 [ḡ_Na m³h (V − E_Na) + ḡ_K n⁴ (V − E_K) + g_L (V − E_L)],
//! dx/dt = q10 (α_x(V) (1 − x) − β_x(V) x) for x = m, h, n
//!
//! (1000 turns S/cm² · mV = mA/cm² into µA/cm²). The defaults are NEURON's
//! `hh` parameters ([`HhMembrane::NEURON_HH`]); [`HhMembrane::TRAUB_MILES_RS`]
//! is Pospischil et al.'s regular-spiking cortical neuron without its M
//! current. Concentrations are fixed in
//! this step: the currents move no ions.
//!
//! The stimulus is piecewise constant. [`run`] integrates each constant piece
//! on its own with [`Rosenbrock`] (RODAS, [`Method::Rodas4`]) and this
//! system's analytic Jacobian, so every edge of a pulse is the end of one
//! call and the start of the next: the integrator never takes a step across a
//! discontinuity ([`Stimulus::pieces`]).

use crate::integrator::{IntegrateError, Method, OdeSystem, Rosenbrock, Stats, Tolerances};

use super::HhKinetics;

/// Index of V (mV) in the state.
pub const IV: usize = 0;
/// Index of m.
pub const IM: usize = 1;
/// Index of h.
pub const IH: usize = 2;
/// Index of n.
pub const IN: usize = 3;

/// Why a run or a readout could not be computed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum HhError {
    /// The integrator stopped.
    #[error("integration failed: {0}")]
    Integrate(IntegrateError),
    /// A stimulus parameter was out of range.
    #[error("stimulus {field} = {value} is out of range ({allowed})")]
    Stimulus {
        /// Which parameter.
        field: &'static str,
        /// Its value.
        value: f64,
        /// What is allowed.
        allowed: &'static str,
    },
    /// No zero of the steady-state current between −150 and +100 mV.
    #[error("no resting potential: the steady-state current has no zero between -150 and 100 mV")]
    NoRest,
    /// No pulse up to this amplitude gave a spike.
    #[error("no spike for any pulse up to {0} uA/cm2")]
    NoSpike(f64),
}

impl From<IntegrateError> for HhError {
    fn from(e: IntegrateError) -> Self {
        HhError::Integrate(e)
    }
}

/// The membrane's parameters: channel densities, reversal potentials,
/// capacitance, temperature and kinetics.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HhMembrane {
    /// The rate functions.
    pub kinetics: HhKinetics,
    /// Peak Na⁺ conductance ḡ_Na, S/cm².
    pub gnabar: f64,
    /// Peak K⁺ conductance ḡ_K, S/cm².
    pub gkbar: f64,
    /// Leak conductance g_L, S/cm².
    pub gl: f64,
    /// Leak reversal E_L, mV.
    pub el: f64,
    /// Na⁺ reversal E_Na, mV.
    pub ena: f64,
    /// K⁺ reversal E_K, mV.
    pub ek: f64,
    /// Specific capacitance, µF/cm².
    pub cm: f64,
    /// Temperature, °C (scales the gates' rates by
    /// [`HhKinetics::temperature_factor`]).
    pub celsius: f64,
}

impl HhMembrane {
    /// NEURON's `hh` defaults (hh.mod's PARAMETER block: gnabar 0.12,
    /// gkbar 0.036, gl 0.0003 S/cm², el −54.3 mV; NEURON's default
    /// ena 50 mV and ek −77 mV; cm 1 µF/cm²) at 6.3 °C.
    pub const NEURON_HH: HhMembrane = HhMembrane {
        kinetics: HhKinetics::HH_1952,
        gnabar: 0.12,
        gkbar: 0.036,
        gl: 0.0003,
        el: -54.3,
        ena: 50.0,
        ek: -77.0,
        cm: 1.0,
        celsius: 6.3,
    };

    /// The regular-spiking cortical neuron's Na⁺ and K⁺ channels of
    /// Pospischil et al. (2008) ([`HhKinetics::traub_miles`] with V_T
    /// −56.2 mV; ḡ_Na 0.056, ḡ_K 0.006 S/cm²) at 36 °C, with the passive
    /// membrane and reversal potentials of their published one-compartment
    /// cell (`sPY_template` of ModelDB 123623: g_pas 1e-4 S/cm², e_pas
    /// −70 mV, ena 50 mV, ek −100 mV, cm 1 µF/cm²). The M current of that
    /// cell is left out.
    pub const TRAUB_MILES_RS: HhMembrane = HhMembrane {
        kinetics: HhKinetics::traub_miles(-56.2),
        gnabar: 0.056,
        gkbar: 0.006,
        gl: 1e-4,
        el: -70.0,
        ena: 50.0,
        ek: -100.0,
        cm: 1.0,
        celsius: 36.0,
    };

    /// The same membrane at another temperature.
    pub fn at_celsius(mut self, celsius: f64) -> Self {
        self.celsius = celsius;
        self
    }

    /// The temperature factor of the gates' rates.
    pub fn q10(&self) -> f64 {
        self.kinetics.temperature_factor(self.celsius)
    }

    /// The channels' current density at state `y` (V, m, h, n), µA/cm²,
    /// outward positive: [Na⁺, K⁺, leak].
    pub fn currents(&self, y: &[f64; 4]) -> [f64; 3] {
        let [v, m, h, n] = *y;
        [
            1000.0 * self.gnabar * m * m * m * h * (v - self.ena),
            1000.0 * self.gkbar * n * n * n * n * (v - self.ek),
            1000.0 * self.gl * (v - self.el),
        ]
    }

    /// The total channel current (outward positive), µA/cm².
    pub fn ionic_current(&self, y: &[f64; 4]) -> f64 {
        let [ina, ik, il] = self.currents(y);
        ina + ik + il
    }

    /// The state at `v` with every gate at its steady state there.
    pub fn steady_state_at(&self, v: f64) -> [f64; 4] {
        let [m, h, n] = self.kinetics.steady(v);
        [v, m, h, n]
    }

    /// The channel current with the gates at their steady state at `v`.
    pub fn steady_current(&self, v: f64) -> f64 {
        self.ionic_current(&self.steady_state_at(v))
    }

    /// The resting potential, mV: the most negative zero of the
    /// steady-state current at which it rises with V (found on a 0.5 mV grid
    /// from −150 to +100 mV, then bisected to the last bit). With no stimulus
    /// the membrane started there stays there.
    pub fn resting_potential(&self) -> Result<f64, HhError> {
        let mut lo = -150.0;
        let mut f_lo = self.steady_current(lo);
        while lo < 100.0 {
            let hi = lo + 0.5;
            let f_hi = self.steady_current(hi);
            if f_lo < 0.0 && f_hi >= 0.0 {
                let (mut a, mut b) = (lo, hi);
                loop {
                    let mid = 0.5 * (a + b);
                    if mid <= a || mid >= b {
                        break;
                    }
                    if self.steady_current(mid) < 0.0 {
                        a = mid;
                    } else {
                        b = mid;
                    }
                }
                let (fa, fb) = (self.steady_current(a).abs(), self.steady_current(b).abs());
                return Ok(if fa <= fb { a } else { b });
            }
            lo = hi;
            f_lo = f_hi;
        }
        Err(HhError::NoRest)
    }

    /// The resting state (V, m∞, h∞, n∞ at [`resting_potential`](Self::resting_potential)).
    pub fn rest_state(&self) -> Result<[f64; 4], HhError> {
        Ok(self.steady_state_at(self.resting_potential()?))
    }
}

impl Default for HhMembrane {
    fn default() -> Self {
        Self::NEURON_HH
    }
}

/// The membrane with one constant stimulus current: the ODEs of one piece
/// of a run.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HhPoint {
    /// The membrane.
    pub membrane: HhMembrane,
    /// The stimulus current density, µA/cm², inward (depolarising) positive.
    pub i_stim: f64,
}

impl OdeSystem<4> for HhPoint {
    fn rhs(&self, y: &[f64; 4], dy: &mut [f64; 4]) {
        let p = &self.membrane;
        let q = p.q10();
        let rates = p.kinetics.rates(y[IV]);
        dy[IV] = (self.i_stim - p.ionic_current(y)) / p.cm;
        for (g, r) in rates.iter().enumerate() {
            let x = y[IM + g];
            dy[IM + g] = q * (r.alpha - (r.alpha + r.beta) * x);
        }
    }

    const ANALYTIC_JACOBIAN: bool = true;

    fn jacobian(&self, y: &[f64; 4], jac: &mut [[f64; 4]; 4]) -> bool {
        let p = &self.membrane;
        let q = p.q10();
        let [v, m, h, n] = *y;
        let gna = 1000.0 * p.gnabar;
        let gk = 1000.0 * p.gkbar;
        let gl = 1000.0 * p.gl;
        jac[IV] = [
            -(gna * m * m * m * h + gk * n * n * n * n + gl) / p.cm,
            -3.0 * gna * m * m * h * (v - p.ena) / p.cm,
            -gna * m * m * m * (v - p.ena) / p.cm,
            -4.0 * gk * n * n * n * (v - p.ek) / p.cm,
        ];
        let rates = p.kinetics.rates(v);
        let slopes = p.kinetics.rates_dv(v);
        for g in 0..3 {
            let x = y[IM + g];
            let (r, d) = (rates[g], slopes[g]);
            let row = &mut jac[IM + g];
            *row = [0.0; 4];
            row[IV] = q * (d.alpha - (d.alpha + d.beta) * x);
            row[IM + g] = -q * (r.alpha + r.beta);
        }
        true
    }

    fn scale(&self, i: usize) -> f64 {
        if i == IV {
            10.0
        } else {
            0.1
        }
    }
}

/// One rectangular current pulse.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pulse {
    /// Amplitude, µA/cm² (positive depolarises).
    pub amplitude: f64,
    /// Start, ms.
    pub start: f64,
    /// Duration, ms.
    pub duration: f64,
}

impl Pulse {
    /// When it ends, ms.
    pub fn end(&self) -> f64 {
        self.start + self.duration
    }
}

/// A current-density stimulus: a sum of rectangular pulses, each on over
/// [start, start + duration). Pulses that overlap add.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Stimulus {
    pulses: Vec<Pulse>,
}

fn check(field: &'static str, value: f64, ok: bool, allowed: &'static str) -> Result<(), HhError> {
    if ok && value.is_finite() {
        Ok(())
    } else {
        Err(HhError::Stimulus {
            field,
            value,
            allowed,
        })
    }
}

impl Stimulus {
    /// No stimulus.
    pub fn none() -> Self {
        Stimulus::default()
    }

    /// One pulse: `amplitude` µA/cm² from `start` ms for `duration` ms.
    pub fn pulse(amplitude: f64, start: f64, duration: f64) -> Result<Self, HhError> {
        Stimulus::train(amplitude, start, duration, 1.0, 1)
    }

    /// `count` pulses of `amplitude` µA/cm² and `duration` ms at `rate_hz`
    /// per second, the first at `start` ms (pulse k starts at
    /// start + k · 1000/rate_hz).
    pub fn train(
        amplitude: f64,
        start: f64,
        duration: f64,
        rate_hz: f64,
        count: usize,
    ) -> Result<Self, HhError> {
        check("amplitude", amplitude, true, "a finite number, uA/cm2")?;
        check("start", start, start >= 0.0, "at least 0 ms")?;
        check("duration", duration, duration > 0.0, "more than 0 ms")?;
        check("rate", rate_hz, rate_hz > 0.0, "more than 0 Hz")?;
        check("count", count as f64, count >= 1, "at least 1")?;
        let period = 1000.0 / rate_hz;
        let pulses = (0..count)
            .map(|k| Pulse {
                amplitude,
                start: start + k as f64 * period,
                duration,
            })
            .collect();
        Ok(Stimulus { pulses })
    }

    /// A steady current of `amplitude` µA/cm² from `start` ms on.
    pub fn steady(amplitude: f64, start: f64) -> Result<Self, HhError> {
        check("amplitude", amplitude, true, "a finite number, uA/cm2")?;
        check("start", start, start >= 0.0, "at least 0 ms")?;
        Ok(Stimulus {
            pulses: vec![Pulse {
                amplitude,
                start,
                duration: f64::INFINITY,
            }],
        })
    }

    /// This stimulus and `other` together.
    pub fn and(mut self, other: Stimulus) -> Self {
        self.pulses.extend(other.pulses);
        self
    }

    /// The pulses.
    pub fn pulses(&self) -> &[Pulse] {
        &self.pulses
    }

    /// The current at time `t` (ms), µA/cm²: the sum of the pulses on at t.
    pub fn current_at(&self, t: f64) -> f64 {
        self.pulses
            .iter()
            .filter(|p| p.start <= t && t < p.end())
            .map(|p| p.amplitude)
            .sum()
    }

    /// Every time at which the current may jump (each pulse's start and
    /// end), sorted, without repeats.
    pub fn edges(&self) -> Vec<f64> {
        let mut e: Vec<f64> = self
            .pulses
            .iter()
            .flat_map(|p| [p.start, p.end()])
            .filter(|t| t.is_finite())
            .collect();
        e.sort_by(f64::total_cmp);
        e.dedup();
        e
    }

    /// [t0, t1] cut at every edge inside it into pieces (from, to, current),
    /// the current constant over each: what [`run`] integrates one call at a time.
    pub fn pieces(&self, t0: f64, t1: f64) -> Vec<(f64, f64, f64)> {
        let mut cuts = vec![t0];
        cuts.extend(self.edges().into_iter().filter(|&e| e > t0 && e < t1));
        cuts.push(t1);
        cuts.windows(2)
            .filter(|w| w[1] > w[0])
            .map(|w| (w[0], w[1], self.current_at(w[0])))
            .collect()
    }
}

/// A spike: an upward crossing of 0 mV.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Spike {
    /// When V crossed 0 mV upward, ms.
    pub time: f64,
    /// The largest V before it fell below 0 mV again, mV.
    pub peak: f64,
    /// When it peaked, ms.
    pub peak_time: f64,
}

/// The threshold that defines a spike, mV.
pub const SPIKE_THRESHOLD_MV: f64 = 0.0;

/// Integration settings of a run.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RunOptions {
    /// Tolerances per step (V in mV, gates dimensionless).
    pub tol: Tolerances<4>,
    /// Largest step, ms.
    pub h_max: f64,
    /// Keep every accepted point in [`Run::trace`].
    pub keep_trace: bool,
}

impl Default for RunOptions {
    /// rtol 1e-7; atol 1e-5 mV for V and 1e-8 for the gates; steps up to 10 ms.
    fn default() -> Self {
        RunOptions {
            tol: Tolerances {
                rtol: 1e-7,
                atol: [1e-5, 1e-8, 1e-8, 1e-8],
            },
            h_max: 10.0,
            keep_trace: false,
        }
    }
}

/// One point of a run's trace.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TracePoint {
    /// Time, ms.
    pub t: f64,
    /// V, m, h, n.
    pub y: [f64; 4],
    /// The stimulus current over the step that ended here, µA/cm².
    pub i_stim: f64,
}

/// What a run gives.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    /// The state at the end.
    pub end: [f64; 4],
    /// Spikes, in order.
    pub spikes: Vec<Spike>,
    /// The pieces integrated one call each: (from, to, current).
    pub pieces: Vec<(f64, f64, f64)>,
    /// Every point the run stopped at (the start included), when asked for.
    pub trace: Vec<TracePoint>,
    /// The integrator's counters.
    pub stats: Stats,
}

/// The cubic through (0, p0) and (1, p1) with slopes d0, d1 (already scaled
/// by the interval), at s in [0, 1].
fn hermite(p0: f64, p1: f64, d0: f64, d1: f64, s: f64) -> f64 {
    let s2 = s * s;
    let s3 = s2 * s;
    (2.0 * s3 - 3.0 * s2 + 1.0) * p0
        + (s3 - 2.0 * s2 + s) * d0
        + (-2.0 * s3 + 3.0 * s2) * p1
        + (s3 - s2) * d1
}

/// Where the cubic crosses `level` upward in [0, 1] (p0 < level ≤ p1): bisection.
pub(crate) fn hermite_crossing(p0: f64, p1: f64, d0: f64, d1: f64, level: f64) -> f64 {
    let (mut a, mut b) = (0.0, 1.0);
    for _ in 0..60 {
        let mid = 0.5 * (a + b);
        if hermite(p0, p1, d0, d1, mid) < level {
            a = mid;
        } else {
            b = mid;
        }
    }
    0.5 * (a + b)
}

/// The largest value of the cubic on [0, 1] and where: the ends and the
/// zeros of its derivative inside.
pub(crate) fn hermite_max(p0: f64, p1: f64, d0: f64, d1: f64) -> (f64, f64) {
    // d/ds = 3a s² + 2b s + c with the cubic's coefficients a, b, c.
    let a = 2.0 * p0 + d0 - 2.0 * p1 + d1;
    let b = -3.0 * p0 - 2.0 * d0 + 3.0 * p1 - d1;
    let c = d0;
    let mut best = if p0 >= p1 { (p0, 0.0) } else { (p1, 1.0) };
    let mut consider = |s: f64| {
        if s > 0.0 && s < 1.0 {
            let v = hermite(p0, p1, d0, d1, s);
            if v > best.0 {
                best = (v, s);
            }
        }
    };
    let (qa, qb, qc) = (3.0 * a, 2.0 * b, c);
    if qa.abs() < 1e-300 {
        if qb != 0.0 {
            consider(-qc / qb);
        }
    } else {
        let disc = qb * qb - 4.0 * qa * qc;
        if disc >= 0.0 {
            let r = disc.sqrt();
            consider((-qb + r) / (2.0 * qa));
            consider((-qb - r) / (2.0 * qa));
        }
    }
    best
}

/// Integrate the membrane from `y0` at `t0` to `t1` (ms) under `stimulus`,
/// one call of the integrator per constant piece, and find the spikes.
/// Within a piece the run stops after every accepted step of the integrator
/// (each call asks for one step of the size accuracy chose; a call that had
/// to shorten it, and so took several, is taken back and asked again for
/// about the first alone) and locates crossings of 0 mV and peaks on the
/// cubic through the step's two ends and their slopes.
pub fn run(
    membrane: &HhMembrane,
    y0: [f64; 4],
    t0: f64,
    t1: f64,
    stimulus: &Stimulus,
    opts: &RunOptions,
) -> Result<Run, HhError> {
    let mut integ = Rosenbrock::with_method(Method::Rodas4, opts.tol, 1e-3, opts.h_max);
    let pieces = stimulus.pieces(t0, t1);
    let mut y = y0;
    let mut t = t0;
    let mut spikes = Vec::new();
    let mut trace = Vec::new();
    let mut open: Option<Spike> = None;
    if opts.keep_trace {
        trace.push(TracePoint {
            t,
            y,
            i_stim: stimulus.current_at(t0),
        });
    }
    let mut f = [0.0; 4];
    for &(from, to, i_stim) in &pieces {
        let sys = HhPoint {
            membrane: *membrane,
            i_stim,
        };
        t = from;
        sys.rhs(&y, &mut f);
        let mut dv0 = f[IV];
        while t < to {
            let y_at_ta = y;
            let (ta, va) = (t, y[IV]);
            let mut target = (t + integ.h.min(opts.h_max)).min(to);
            loop {
                let saved = integ;
                integ.integrate(&sys, &mut t, &mut y, target)?;
                let steps = integ.stats.accepted - saved.stats.accepted;
                if steps <= 1 {
                    break;
                }
                // A step was rejected and the call went on in shorter ones:
                // take it back and ask for about the first of them alone, so
                // that every accepted step is one interval of the search.
                let stats = integ.stats;
                integ = saved;
                integ.stats = stats;
                t = ta;
                y = y_at_ta;
                target = ta + (target - ta) / steps as f64;
                integ.h = target - ta;
            }
            sys.rhs(&y, &mut f);
            let dv1 = f[IV];
            let (tb, vb) = (t, y[IV]);
            let dt = tb - ta;
            let (d0, d1) = (dv0 * dt, dv1 * dt);
            if va < SPIKE_THRESHOLD_MV && vb >= SPIKE_THRESHOLD_MV {
                let s = hermite_crossing(va, vb, d0, d1, SPIKE_THRESHOLD_MV);
                if let Some(sp) = open.take() {
                    spikes.push(sp);
                }
                open = Some(Spike {
                    time: ta + s * dt,
                    peak: f64::NEG_INFINITY,
                    peak_time: ta + s * dt,
                });
            }
            if let Some(sp) = open.as_mut() {
                let (vmax, s) = hermite_max(va, vb, d0, d1);
                if vmax > sp.peak {
                    sp.peak = vmax;
                    sp.peak_time = ta + s * dt;
                }
                if vb < SPIKE_THRESHOLD_MV {
                    spikes.push(*sp);
                    open = None;
                }
            }
            if opts.keep_trace {
                trace.push(TracePoint { t, y, i_stim });
            }
            dv0 = dv1;
        }
    }
    if let Some(sp) = open {
        spikes.push(sp);
    }
    Ok(Run {
        end: y,
        spikes,
        pieces,
        trace,
        stats: integ.stats,
    })
}

/// How rheobase is searched for.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RheobaseOptions {
    /// When the pulse starts (the membrane at rest before), ms.
    pub start: f64,
    /// How long after the pulse's end a spike still counts, ms.
    pub after: f64,
    /// Bisection stops when the bracket is this fraction of its upper end.
    pub rel_precision: f64,
    /// Integration settings.
    pub run: RunOptions,
}

impl Default for RheobaseOptions {
    /// Pulse at 1 ms, spikes counted until 50 ms after its end, bracket 1e-6.
    fn default() -> Self {
        RheobaseOptions {
            start: 1.0,
            after: 50.0,
            rel_precision: 1e-6,
            run: RunOptions::default(),
        }
    }
}

/// The largest amplitude [`rheobase`] tries, µA/cm².
pub const RHEOBASE_MAX_UA_CM2: f64 = 1e5;

/// Rheobase for a pulse of `duration` ms: the smallest amplitude (µA/cm²)
/// of a pulse from rest that gives at least one spike (an upward crossing of
/// 0 mV) before `opts.after` ms past its end. Amplitudes double from
/// 1 µA/cm² until one gives a spike, then bisection until the bracket is
/// `opts.rel_precision` of its upper end; the midpoint is returned.
pub fn rheobase(
    membrane: &HhMembrane,
    duration: f64,
    opts: &RheobaseOptions,
) -> Result<f64, HhError> {
    let rest = membrane.rest_state()?;
    let t1 = opts.start + duration + opts.after;
    let spikes = |amp: f64| -> Result<bool, HhError> {
        let stim = Stimulus::pulse(amp, opts.start, duration)?;
        Ok(!run(membrane, rest, 0.0, t1, &stim, &opts.run)?
            .spikes
            .is_empty())
    };
    let (mut lo, mut hi) = (0.0, 1.0);
    while !spikes(hi)? {
        if hi >= RHEOBASE_MAX_UA_CM2 {
            return Err(HhError::NoSpike(hi));
        }
        lo = hi;
        hi *= 2.0;
    }
    while hi - lo > opts.rel_precision * hi {
        let mid = 0.5 * (lo + hi);
        if spikes(mid)? {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    Ok(0.5 * (lo + hi))
}

/// A firing rate and what it was computed from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FiringRate {
    /// Spikes per second: (k − 1)/(t_k − t_1) over the k spikes in the
    /// window; 0 with fewer than two.
    pub rate_hz: f64,
    /// k, the spikes whose crossing times fall in the window.
    pub count: usize,
}

/// The firing rate at a steady current of `amplitude` µA/cm², on from
/// t = 0 with the membrane at rest before: the spikes whose upward crossings
/// of 0 mV fall in [transient, transient + window) ms, as
/// (k − 1)/(t_k − t_1) in spikes per second (the mean interval's inverse,
/// which does not jump by one spike's worth as the count does).
pub fn firing_rate(
    membrane: &HhMembrane,
    amplitude: f64,
    transient: f64,
    window: f64,
    opts: &RunOptions,
) -> Result<FiringRate, HhError> {
    let rest = membrane.rest_state()?;
    let t1 = transient + window;
    let stim = Stimulus::steady(amplitude, 0.0)?;
    let r = run(membrane, rest, 0.0, t1, &stim, opts)?;
    let times: Vec<f64> = r
        .spikes
        .iter()
        .map(|s| s.time)
        .filter(|&t| t >= transient && t < t1)
        .collect();
    let count = times.len();
    let rate_hz = if count >= 2 {
        1000.0 * (count - 1) as f64 / (times[count - 1] - times[0])
    } else {
        0.0
    };
    Ok(FiringRate { rate_hz, count })
}
