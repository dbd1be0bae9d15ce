//! Sweeps: the membrane voltage against one parameter, the classic V–[K⁺]ₒ figure.
//!
//! A [`SweepSpec`] names a [`Key`] (K_o by default), a range and a number of
//! points on a linear or a logarithmic axis. For each value, [`sweep`] gives
//! three curves:
//!
//! * **E_ion**: the Nernst potential of the ion the key concerns (E_K for
//!   `K_o` or `K_i`, E_Na for `Na_o`, E_Na for `P_Na` or `P_Na_rel`: the
//!   limit V approaches as that permeability grows); `None` for a key without
//!   an ion (temperature, pump capacity, …);
//! * **V_GHK**: the GHK voltage of the leaks alone ([`ghk_voltage_mv`],
//!   monovalent ions) at the cell's *present* inside concentrations — as if
//!   the parameter changed a moment ago and the inside had not yet moved
//!   (for an inside-concentration key, the swept value is used for that ion);
//! * **V_steady**: the pump–leak steady state of the scenario with that value
//!   (the scenario started at its steady state, as [`Simulation::new`] does).
//!
//! A second mode ([`SweepSpec::ouabain_for_s`]) adds the voltage after a given
//! time of ouabain (every pump blocked), each point a full run-down from its
//! own steady state without ouabain ([`after_ouabain`]: the experiment starts
//! from the cell the pump keeps, even while the present cell has ouabain).
//! The steady curve keeps the present cell's block (with every pump blocked
//! or the pump off, [`Simulation::new`]'s steady state is where a run-down
//! ends, a rigid cell's Donnan equilibrium; the page's sweep panel draws no
//! steady curve then).
//!
//! A third ([`SweepSpec::excite`], for a cell with voltage-gated channels)
//! adds how excitable the cell is at each value ([`excite_at`]): from the
//! cell as it is, the parameter changed and V left [`SETTLE_S`] to settle
//! (the membrane's time scale; the pump-leak steady state takes hours and,
//! with channels, need not be unique), the threshold for a 1 ms pulse
//! ([`Simulation::excitability`]: the voltage threshold and the rheobase,
//! or depolarization block) and how many spikes a standard train gives
//! ([`SWEEP_TRAIN`]) — the threshold nearing rest and then vanishing as
//! K⁺ₒ rises, and the spike count rising and falling to zero with it, in
//! one figure.
//!
//! A point whose steady state or run-down fails carries the error
//! ([`PointResult`]); a bad spec (range, points, axis, key) is refused as a
//! whole with a [`ModelError`] naming the field, the value and what is allowed.

use crate::decimal::{Fixed, Plain};
use crate::electro::{ghk_voltage_mv, nernst_mv};
use crate::error::{ModelError, Range};
use crate::ion::{Ion, IonMap};
use crate::key::Key;
use crate::scenario::{Scenario, Start};
use crate::simulation::{Command, Excitability, Simulation, StimulusSpec, ThresholdSearch};
use crate::units::Seconds;

/// The most points one sweep may have.
pub const MAX_POINTS: usize = 10_000;
/// The longest ouabain time one sweep point may run, s (the key table's
/// longest run, `duration`).
pub const OUABAIN_MAX_S: f64 = 1e6;

/// The keys a sweep accepts: every number key that changes the cell's
/// physics (not the word keys `pump`, `volume`, `start`, nor `V0` or
/// `duration`, which set how a run starts and how long it is).
pub const SWEEP_KEYS: [&str; 24] = [
    "Na_i",
    "K_i",
    "Cl_i",
    "Ca_i",
    "Na_o",
    "K_o",
    "Cl_o",
    "Ca_o",
    "P_K",
    "P_Na",
    "P_Cl",
    "P_Ca",
    "P_Na_rel",
    "P_Cl_rel",
    "P_Ca_rel",
    "T",
    "z_A",
    "ouabain",
    "pump_max",
    "pump_K_Na",
    "pump_K_K",
    "diameter",
    "C_m",
    "I_inj",
];

/// How the points are spaced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Axis {
    /// Evenly spaced values.
    Linear,
    /// Evenly spaced logarithms (every point above zero).
    Log,
}

/// What to sweep.
#[derive(Debug, Clone, PartialEq)]
pub struct SweepSpec {
    /// The parameter.
    pub key: Key,
    /// First value (in the key's unit).
    pub from: f64,
    /// Last value, above `from`.
    pub to: f64,
    /// Number of points, at least 2.
    pub points: usize,
    /// Linear or logarithmic spacing.
    pub axis: Axis,
    /// When given, also the voltage after this many seconds of ouabain.
    pub ouabain_for_s: Option<f64>,
    /// Also how excitable the cell is at each value ([`excite_at`]).
    pub excite: bool,
}

impl Default for SweepSpec {
    /// The classic figure: K_o from 0.1 to 200 mM, 100 points on a log axis.
    fn default() -> Self {
        SweepSpec {
            key: Key::Outside(Ion::K),
            from: 0.1,
            to: 200.0,
            points: 100,
            axis: Axis::Log,
            ouabain_for_s: None,
            excite: false,
        }
    }
}

/// A point's voltage, or why there is none.
pub type PointResult = Result<f64, ModelError>;

/// One point of a sweep.
#[derive(Debug, Clone, PartialEq)]
pub struct SweepPoint {
    /// The parameter's value.
    pub value: f64,
    /// Nernst potential of the ion concerned, mV (`None` for a key without an ion).
    pub e_ion_mv: Option<f64>,
    /// GHK voltage of the leaks alone at the present inside concentrations, mV
    /// (`None` when no monovalent ion is permeant).
    pub v_ghk_mv: Option<f64>,
    /// The pump–leak steady state, mV.
    pub v_steady_mv: PointResult,
    /// The voltage after the spec's time of ouabain, mV (`None` when not asked).
    pub v_after_ouabain_mv: Option<PointResult>,
    /// How excitable the cell is at this value (`None` when not asked).
    pub excite: Option<ExcitePoint>,
}

/// The pulse length of a sweep's threshold, ms.
pub const SWEEP_PULSE_MS: f64 = 1.0;

/// The train whose spikes a sweep counts: ten 1 ms pulses of 20 µA/cm² at
/// 50 Hz (the page's Stimulate box's pulse, ten times).
pub const SWEEP_TRAIN: StimulusSpec = StimulusSpec {
    amplitude_ua_cm2: 20.0,
    duration_ms: 1.0,
    rate_hz: 50.0,
    count: 10,
};

/// How long after a train's last pulse its spikes are still counted, s.
pub const SWEEP_TRAIN_TAIL_S: f64 = 0.02;

/// How long the cell is left after the parameter changes before its
/// excitability is measured, s (as the page's threshold does).
pub const SETTLE_S: f64 = 0.2;

/// How excitable one point's steady state is.
#[derive(Debug, Clone, PartialEq)]
pub struct ExcitePoint {
    /// The threshold for a [`SWEEP_PULSE_MS`] pulse, or that the cell fires
    /// unprovoked, is blocked or has no channels.
    pub threshold: Result<Excitability, ModelError>,
    /// The spikes [`SWEEP_TRAIN`] gives.
    pub spikes: Result<u32, ModelError>,
}

impl ExcitePoint {
    /// The voltage threshold, mV, when there is one.
    pub fn v_threshold_mv(&self) -> Option<f64> {
        match &self.threshold {
            Ok(Excitability::Threshold(t)) => Some(t.v_threshold_mv),
            _ => None,
        }
    }

    /// The rheobase for the sweep's pulse, µA/cm², when there is one.
    pub fn rheobase_ua_cm2(&self) -> Option<f64> {
        match &self.threshold {
            Ok(Excitability::Threshold(t)) => Some(t.rheobase_ua_cm2),
            _ => None,
        }
    }

    /// Whether no pulse makes the cell fire (depolarization block).
    pub fn blocked(&self) -> bool {
        matches!(self.threshold, Ok(Excitability::NoSpike { .. }))
    }
}

/// How excitable the cell `sim` is with `key` set to `value`: a copy of it
/// (any stimulus dropped) with the key set, left alone for [`SETTLE_S`],
/// then its threshold for a [`SWEEP_PULSE_MS`] pulse and the spikes
/// [`SWEEP_TRAIN`] gives, counted until [`SWEEP_TRAIN_TAIL_S`] after the
/// last pulse.
pub fn excite_at(sim: &Simulation, key: Key, value: f64) -> ExcitePoint {
    let mut job = ExciteJob::new(sim, key, value);
    loop {
        if let Some(point) = job.step() {
            return point;
        }
    }
}

/// [`excite_at`] cut into pieces of work, so that a page can compute a few
/// a frame: the settling, each trial of the threshold search
/// ([`ThresholdSearch`]), and the train one period at a time. Each
/// [`step`](Self::step) does one piece; the answer is the same whatever
/// the frames.
#[derive(Debug, Clone)]
pub struct ExciteJob {
    stage: JobStage,
}

#[derive(Debug, Clone)]
enum JobStage {
    /// The cell, the key and its value, to be set and left to settle.
    Settle(Box<Simulation>, Key, f64),
    /// The settled cell (for the train), and its threshold being searched.
    Search(Box<Simulation>, Box<ThresholdSearch>),
    /// The cell in its train: the threshold found, the spikes before the
    /// train, and the pieces of the train still to run.
    Train {
        sim: Box<Simulation>,
        threshold: Result<Excitability, ModelError>,
        before: u64,
        left: u32,
    },
    Done(ExcitePoint),
}

/// The pieces [`SWEEP_TRAIN`] and its tail are run in.
fn train_pieces() -> (u32, f64) {
    let total = f64::from(SWEEP_TRAIN.count) / SWEEP_TRAIN.rate_hz + SWEEP_TRAIN_TAIL_S;
    let n = (total * SWEEP_TRAIN.rate_hz).ceil().max(1.0);
    (n as u32, total / n)
}

impl ExciteJob {
    /// The job of [`excite_at`]`(sim, key, value)`.
    pub fn new(sim: &Simulation, key: Key, value: f64) -> Self {
        ExciteJob {
            stage: JobStage::Settle(Box::new(sim.clone()), key, value),
        }
    }

    /// Do the next piece; the point once the job is over (and on every call after).
    pub fn step(&mut self) -> Option<ExcitePoint> {
        let stage = core::mem::replace(
            &mut self.stage,
            JobStage::Done(ExcitePoint {
                threshold: Ok(Excitability::NoChannels),
                spikes: Ok(0),
            }),
        );
        self.stage = match stage {
            JobStage::Done(point) => JobStage::Done(point),
            JobStage::Settle(mut c, key, value) => {
                c.stop_stimulus();
                c.set_step_budget(crate::integrator::MAX_STEPS);
                match c
                    .apply(Command::Set(key, value))
                    .and_then(|_| c.advance(Seconds(SETTLE_S)))
                {
                    Ok(_) => {
                        let search = ThresholdSearch::new(&c, SWEEP_PULSE_MS);
                        JobStage::Search(c, Box::new(search))
                    }
                    Err(e) => JobStage::Done(ExcitePoint {
                        threshold: Err(e.clone()),
                        spikes: Err(e),
                    }),
                }
            }
            JobStage::Search(mut c, mut search) => match search.step() {
                None => JobStage::Search(c, search),
                Some(threshold) if c.params().gated.is_none() => JobStage::Done(ExcitePoint {
                    threshold,
                    spikes: Ok(0),
                }),
                Some(threshold) => {
                    let before = c.spikes().count();
                    match c.stimulate(&SWEEP_TRAIN) {
                        Ok(()) => JobStage::Train {
                            sim: c,
                            threshold,
                            before,
                            left: train_pieces().0,
                        },
                        Err(e) => JobStage::Done(ExcitePoint {
                            threshold,
                            spikes: Err(e),
                        }),
                    }
                }
            },
            JobStage::Train {
                mut sim,
                threshold,
                before,
                left,
            } => match sim.advance(Seconds(train_pieces().1)) {
                Err(e) => JobStage::Done(ExcitePoint {
                    threshold,
                    spikes: Err(e),
                }),
                Ok(_) if left <= 1 => JobStage::Done(ExcitePoint {
                    threshold,
                    spikes: Ok((sim.spikes().count() - before) as u32),
                }),
                Ok(_) => JobStage::Train {
                    sim,
                    threshold,
                    before,
                    left: left - 1,
                },
            },
        };
        match &self.stage {
            JobStage::Done(point) => Some(point.clone()),
            _ => None,
        }
    }
}

/// A whole sweep.
#[derive(Debug, Clone, PartialEq)]
pub struct Sweep {
    /// What was swept.
    pub spec: SweepSpec,
    /// The ion whose Nernst potential is the first curve, if any.
    pub ion: Option<Ion>,
    /// The points, in increasing value.
    pub points: Vec<SweepPoint>,
}

impl SweepSpec {
    /// A key a sweep accepts, by name; anything else (a word key, a name
    /// that is no key) is [`ModelError::BadChoice`] listing [`SWEEP_KEYS`].
    pub fn parse_key(name: &str) -> Result<Key, ModelError> {
        if crate::strings::is_one_of(name, &SWEEP_KEYS) {
            Key::parse_or_err(name)
        } else {
            Err(ModelError::BadChoice {
                key: "key".into(),
                text: name.to_string(),
                allowed: &SWEEP_KEYS,
            })
        }
    }

    /// The values of the axis: `from`, …, `to` (both exactly), evenly spaced
    /// on the axis. Assumes a checked spec.
    pub fn values(&self) -> Vec<f64> {
        let n = self.points;
        let last = (n - 1) as f64;
        (0..n)
            .map(|k| {
                if k == 0 {
                    self.from
                } else if k == n - 1 {
                    self.to
                } else {
                    let f = k as f64 / last;
                    match self.axis {
                        Axis::Linear => self.from + (self.to - self.from) * f,
                        Axis::Log => {
                            let (a, b) = (self.from.ln(), self.to.ln());
                            (a + (b - a) * f).exp()
                        }
                    }
                }
            })
            .collect()
    }

    /// Check the spec against a scenario: the key is sweepable, `points` is
    /// 2 to [`MAX_POINTS`], `from` and `to` are values the key accepts in this
    /// scenario (each set on it and the scenario checked), `to` is above
    /// `from`, a log axis starts above zero, and the ouabain time is in
    /// (0, [`OUABAIN_MAX_S`]] s. Errors name the field (`key`, `from`, `to`,
    /// `points`, `ouabain_for`), the value and what is allowed.
    pub fn check(&self, scenario: &Scenario) -> Result<(), ModelError> {
        Self::parse_key(self.key.name())?;
        let unit = self.key.unit();
        if self.points < 2 || self.points > MAX_POINTS {
            return Err(ModelError::OutOfRange {
                key: "points".into(),
                value: self.points as f64,
                range: Range::closed(2.0, MAX_POINTS as f64),
                unit: "",
            });
        }
        for (field, v) in [("from", self.from), ("to", self.to)] {
            let mut s = scenario.clone();
            self.key.set(&mut s, v).map_err(|e| e.with_key(field))?;
        }
        if self.axis == Axis::Log && self.from <= 0.0 {
            return Err(ModelError::OutOfRange {
                key: "from".into(),
                value: self.from,
                range: Range::above(0.0, self.key.range().hi),
                unit,
            });
        }
        if self.to <= self.from {
            return Err(ModelError::OutOfRange {
                key: "to".into(),
                value: self.to,
                range: Range::above(self.from, self.key.range().hi),
                unit,
            });
        }
        if let Some(t) = self.ouabain_for_s {
            Range::above(0.0, OUABAIN_MAX_S).check("ouabain_for", t, "s")?;
        }
        Ok(())
    }
}

/// The ion whose Nernst potential goes with a key: the ion of a
/// concentration or permeability key, none for the others.
pub fn ion_of(key: Key) -> Option<Ion> {
    match key {
        Key::Inside(ion) | Key::Outside(ion) | Key::Perm(ion) | Key::PermRel(ion) => Some(ion),
        _ => None,
    }
}

/// The ion whose Nernst potential bounds the GHK curve at the axis's other
/// end: K⁺ for a permeability relative to K⁺'s (`P_X_rel`), where the ratio
/// going to 0 leaves K⁺ (with the other ions' leaks) to set V, as the ratio
/// growing leaves X's; none for the other keys, whose own ion is the one
/// line ([`ion_of`]).
pub fn bound_ion(key: Key) -> Option<Ion> {
    match key {
        Key::PermRel(ion) if ion != Ion::K => Some(Ion::K),
        _ => None,
    }
}

/// The curves of one point that need no run: the Nernst potential of the
/// key's ion and the GHK voltage of the leaks, with `key` set to `value` on
/// `base` and the inside concentrations `c_now` (the swept value for an
/// inside-concentration key). `(None, None)` for a value the key refuses.
pub fn instant(
    base: &Scenario,
    c_now: &IonMap<f64>,
    key: Key,
    value: f64,
) -> (Option<f64>, Option<f64>) {
    let mut s = base.clone();
    if key.set(&mut s, value).is_err() {
        return (None, None);
    }
    instant_on(&s, c_now, key, value)
}

fn instant_on(
    s: &Scenario,
    c_now: &IonMap<f64>,
    key: Key,
    value: f64,
) -> (Option<f64>, Option<f64>) {
    let t = s.temperature_k();
    let mut c_in = *c_now;
    if let Key::Inside(i) = key {
        *c_in.get_mut(i) = value;
    }
    let e_ion_mv = ion_of(key).map(|i| nernst_mv(i.valence(), c_in.get(i), s.outside_mm.get(i), t));
    let v_ghk_mv = ghk_voltage_mv(&s.permeability_cm_s, &c_in, &s.outside_mm, t);
    (e_ion_mv, v_ghk_mv)
}

/// The integrator's relative tolerance for a sweep's run-downs
/// ([`after_ouabain`]), looser than a run's ([`crate::simulation::RTOL`],
/// 1e-6): a figure of V against a parameter resolves tenths of a millivolt,
/// and this takes about half the steps. Measured over every preset, the five
/// axes of the page's sweep panel and 10 min and 2 h of ouabain (1 500
/// run-downs, 12 values an axis), V ends at most 1.2e-4 mV from an rtol
/// 1e-11 run (1.4e-6 mV at 1e-6), with 22.6 steps a run-down on average
/// against 48.0; `tests/sweep.rs` holds 498 more (4 values an axis) within
/// 5e-4 mV (the worst 2.0e-4 mV). A cell that fires while it runs down ends
/// at a phase of its spikes, which no tolerance pins down.
///
/// Each run-down starts with a computed first step
/// ([`Simulation::estimate_first_step`]) rather than the fixed 10 µs: over
/// the same presets, axes and times (1 470 run-downs, those that fire left
/// out) that takes 14.2 tries (steps and rejections) a run-down against
/// 17.3, and ends at most 1.93e-4 mV from the rtol 1e-11 run against
/// 1.99e-4 mV.
pub const RUNDOWN_RTOL: f64 = 1e-4;

/// The voltage after `dt` s of ouabain (every pump blocked) from the steady
/// state of the scenario `s` without ouabain: the course's experiment, which
/// starts from the cell the pump keeps. Integrated at [`RUNDOWN_RTOL`],
/// without the counters ([`Simulation::voltage_after`]).
pub fn after_ouabain(s: &Scenario, dt: f64) -> PointResult {
    let mut s = s.clone();
    s.start = Start::SteadyState;
    Key::Ouabain.set(&mut s, 0.0)?;
    let mut run = Simulation::new(s)?;
    run.set_rtol(RUNDOWN_RTOL);
    run.apply(Command::SetOuabain(1.0))?;
    run.estimate_first_step();
    Ok(run.voltage_after(Seconds(dt))?.0 .0)
}

/// One point of a sweep over `base` (the scenario with its present
/// parameters) with the present inside concentrations `c_now`: every curve
/// at `value` (see the module docs). Assumes a checked spec; a value the key
/// refuses gives its error as the point's result.
pub fn point(base: &Scenario, c_now: &IonMap<f64>, spec: &SweepSpec, value: f64) -> SweepPoint {
    let mut s = base.clone();
    if let Err(e) = spec.key.set(&mut s, value) {
        return SweepPoint {
            value,
            e_ion_mv: None,
            v_ghk_mv: None,
            v_steady_mv: Err(e.clone()),
            v_after_ouabain_mv: spec.ouabain_for_s.map(|_| Err(e)),
            excite: None,
        };
    }
    let (e_ion_mv, v_ghk_mv) = instant_on(&s, c_now, spec.key, value);
    let v_after_ouabain_mv = spec.ouabain_for_s.map(|dt| after_ouabain(&s, dt));
    s.start = Start::SteadyState;
    let v_steady_mv = Simulation::new(s).map(|r| r.voltage().0);
    SweepPoint {
        value,
        e_ion_mv,
        v_ghk_mv,
        v_steady_mv,
        v_after_ouabain_mv,
        excite: None,
    }
}

/// Sweep `spec` over the cell `sim`: its scenario (with its present
/// parameters) for the steady states and run-downs, its present inside
/// concentrations for the GHK curve. The spec is checked first
/// ([`SweepSpec::check`]); after that every point gives a result, failures
/// included, and nothing panics.
pub fn sweep(sim: &Simulation, spec: &SweepSpec) -> Result<Sweep, ModelError> {
    let base = sim.scenario();
    spec.check(base)?;
    let c_now = sim.params().c_in(sim.state());
    let points = spec
        .values()
        .into_iter()
        .map(|value| {
            let mut p = point(base, &c_now, spec, value);
            if spec.excite {
                p.excite = Some(excite_at(sim, spec.key, value));
            }
            p
        })
        .collect();
    Ok(Sweep {
        spec: spec.clone(),
        ion: ion_of(spec.key),
        points,
    })
}

/// A unit as it goes into a CSV column name, in ASCII (`µA/cm²` → `uA_cm2`).
pub fn column_unit(unit: &str) -> String {
    let mut text = unit.to_string();
    for (from, to) in [("µ", "u"), ("²", "2"), ("°C", "C"), ("/", "_")] {
        text = crate::strings::replace(&text, from, to);
    }
    text
}

impl Sweep {
    /// The column names of the sweep's CSV, in order: the key with its unit,
    /// `E_<ion>_mV` (for a key with an ion), `V_ghk_mV`, `V_steady_mV` and
    /// `V_after_ouabain_mV` (in the ouabain mode), and `V_threshold_mV`,
    /// `rheobase_1ms_uA_cm2` and `spikes_of_10` (with [`SweepSpec::excite`]).
    pub fn columns(&self) -> Vec<String> {
        let key = self.spec.key;
        let unit = column_unit(key.unit());
        let mut cols = vec![if unit.is_empty() {
            key.name().to_string()
        } else {
            format!("{}_{unit}", key.name())
        }];
        if let Some(ion) = self.ion {
            cols.push(format!("E_{}_mV", ion.name()));
        }
        cols.push("V_ghk_mV".into());
        cols.push("V_steady_mV".into());
        if self.spec.ouabain_for_s.is_some() {
            cols.push("V_after_ouabain_mV".into());
        }
        if self.spec.excite {
            cols.push("V_threshold_mV".into());
            cols.push("rheobase_1ms_uA_cm2".into());
            cols.push("spikes_of_10".into());
        }
        cols
    }

    /// One point's cells, in the order of [`Sweep::columns`] (`None`: no value).
    pub fn cells(&self, p: &SweepPoint) -> Vec<Option<f64>> {
        let mut row = vec![Some(p.value)];
        if self.ion.is_some() {
            row.push(p.e_ion_mv);
        }
        row.push(p.v_ghk_mv);
        row.push(p.v_steady_mv.as_ref().ok().copied());
        if self.spec.ouabain_for_s.is_some() {
            let after = p.v_after_ouabain_mv.as_ref();
            row.push(after.and_then(|v| v.as_ref().ok().copied()));
        }
        if self.spec.excite {
            let e = p.excite.as_ref();
            row.push(e.and_then(ExcitePoint::v_threshold_mv));
            row.push(e.and_then(ExcitePoint::rheobase_ua_cm2));
            row.push(e.and_then(|e| e.spikes.as_ref().ok().map(|&n| f64::from(n))));
        }
        row
    }

    /// The header line and one line per point: the value and the spike
    /// count as written, the voltages and currents to 1e-6, an empty cell
    /// where a point has no value.
    pub fn csv(&self) -> String {
        let columns = self.columns();
        let mut out = crate::strings::join(&columns, ",");
        out.push('\n');
        for p in &self.points {
            let row: Vec<String> = self
                .cells(p)
                .iter()
                .zip(&columns)
                .enumerate()
                .map(|(i, (c, name))| match c {
                    None => String::new(),
                    Some(v) if i == 0 || name.starts_with("spikes") => Plain(*v).to_string(),
                    Some(v) => Fixed(*v, 6).to_string(),
                })
                .collect();
            out.push_str(&crate::strings::join(&row, ","));
            out.push('\n');
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sweep_keys_are_keys() {
        for name in SWEEP_KEYS {
            assert!(Key::parse(name).is_some(), "{name}");
        }
    }

    #[test]
    fn axes_end_exactly_where_asked_and_space_evenly() {
        let spec = SweepSpec {
            from: 0.1,
            to: 100.0,
            points: 4,
            ..SweepSpec::default()
        };
        let v = spec.values();
        assert_eq!(v[0], 0.1);
        assert_eq!(v[3], 100.0);
        for (got, want) in v.iter().zip([0.1, 1.0, 10.0, 100.0]) {
            assert!((got / want - 1.0).abs() < 1e-14, "{got} vs {want}");
        }
        let lin = SweepSpec {
            from: 1.0,
            to: 9.0,
            points: 3,
            axis: Axis::Linear,
            ..SweepSpec::default()
        };
        assert_eq!(lin.values(), vec![1.0, 5.0, 9.0]);
    }
}
