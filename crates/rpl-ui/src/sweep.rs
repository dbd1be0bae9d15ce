//! The sweep panel: the membrane voltage against one parameter, with the
//! cell as it is now as a point on the curves — the classic V–[K⁺]ₒ figure.
//!
//! The curves come from [`rpl_model::sweep`], point by point:
//!
//! * the Nernst potential of the parameter's ion and the GHK voltage of the
//!   leaks at the cell's *present* inside concentrations ([`sweep::instant`]):
//!   cheap, and redrawn whenever the inside concentrations move (during an
//!   ouabain run-down the GHK curve rises with them);
//! * the pump–leak steady state of each value ([`STEADY_POINTS`] points),
//!   recomputed only when a parameter other than the swept one changes (the
//!   swept one is replaced by each point's value, so dragging along the axis
//!   leaves these curves as they are); none while the pump is off or every
//!   pump is blocked, when no pump–leak steady state exists;
//! * in the ouabain mode, V after a chosen time of ouabain
//!   ([`OUABAIN_TIMES_S`]), each of [`OUABAIN_POINTS`] points a full run-down
//!   from its own steady state ([`sweep::after_ouabain`]); at most
//!   [`RUNDOWNS_PER_STEP`] of them are run per frame, so the page keeps
//!   drawing while the curve fills in.
//!
//! * for a cell with voltage-gated channels, how excitable it is at each of
//!   [`EXCITE_POINTS`] values ([`sweep::excite_at`], as `rpl sweep --excite`
//!   computes it: from the cell as it is, the parameter changed and V left
//!   to settle, its threshold for a 1 ms pulse and the spikes of a standard
//!   train). A point takes tens of milliseconds (a threshold search and a
//!   train of spikes), so it is computed in pieces of about a millisecond
//!   ([`sweep::ExciteJob`]: the settling, each trial of the search, each
//!   period of the train), as many a frame as the page's time allows
//!   ([`SweepView::work`]); recomputed when the curves' basis changes.
//!
//! Moving along the axis ([`SweepChoice::value_along`]) sets the parameter of
//! the live cell to a value that reads well, as the parameter's own slider
//! does.

use rpl_model::error::Solver;
use rpl_model::ion::IonMap;
use rpl_model::key::Key;
use rpl_model::scenario::{Scenario, Start};
use rpl_model::simulation::Simulation;
use rpl_model::sweep::{self, Axis, PointResult, SweepPoint, SweepSpec};
use rpl_model::{Ion, ModelError};

use crate::controls::{value_from_slider, Scale, SLIDER_STEPS};

/// One parameter the panel offers, with its axis.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SweepAxis {
    /// The parameter.
    pub key: Key,
    /// The axis's left end, in the key's unit.
    pub from: f64,
    /// The axis's right end.
    pub to: f64,
    /// Linear or logarithmic.
    pub axis: Axis,
}

/// The parameters on offer, in menu order: K⁺ outside first (0.1 to 200 mM
/// on a log axis, the classic figure), then Na⁺ outside, P_Na/P_K,
/// temperature and the pump's capacity.
pub const AXES: [SweepAxis; 5] = [
    SweepAxis {
        key: Key::Outside(Ion::K),
        from: 0.1,
        to: 200.0,
        axis: Axis::Log,
    },
    SweepAxis {
        key: Key::Outside(Ion::Na),
        from: 1.0,
        to: 600.0,
        axis: Axis::Log,
    },
    SweepAxis {
        key: Key::PermRel(Ion::Na),
        from: 1e-3,
        to: 10.0,
        axis: Axis::Log,
    },
    SweepAxis {
        key: Key::Temperature,
        from: 0.0,
        to: 50.0,
        axis: Axis::Linear,
    },
    SweepAxis {
        key: Key::PumpMax,
        from: 0.01,
        to: 100.0,
        axis: Axis::Log,
    },
];

/// Points of the instant and steady curves.
pub const STEADY_POINTS: usize = 200;
/// Points of the ouabain curve (each a full run-down).
pub const OUABAIN_POINTS: usize = 50;
/// The ouabain times on offer, s: 10 min, 30 min, 1 h, 2 h.
pub const OUABAIN_TIMES_S: [f64; 4] = [600.0, 1800.0, 3600.0, 7200.0];
/// The ouabain times a link may give (`sweep_ouabain=`), as a notice lists them.
pub fn ouabain_times_text() -> String {
    let times: Vec<String> = OUABAIN_TIMES_S
        .iter()
        .map(|t| rpl_model::export::format_time(*t))
        .collect();
    rpl_model::strings::join(&times, ", ")
}

/// Points of the excitability curve (each a threshold search and a train).
pub const EXCITE_POINTS: usize = 16;

/// The most run-downs one step of work ([`SweepView::refresh`]) runs.
pub const RUNDOWNS_PER_STEP: usize = 10;

/// What the panel shows: which parameter, and whether the ouabain curve.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct SweepChoice {
    /// Index into [`AXES`].
    pub axis: usize,
    /// The ouabain time, s (one of [`OUABAIN_TIMES_S`]); `None`: no ouabain curve.
    pub ouabain_s: Option<f64>,
}

impl SweepChoice {
    /// The axis chosen.
    pub fn axis(&self) -> SweepAxis {
        AXES[self.axis.min(AXES.len() - 1)]
    }

    /// The index in [`AXES`] of a key's name (`K_o`, `P_Na_rel`, …).
    pub fn axis_of(name: &str) -> Option<usize> {
        AXES.iter().position(|a| a.key.name() == name)
    }

    /// The key names on offer, in menu order.
    pub fn names() -> Vec<&'static str> {
        AXES.iter().map(|a| a.key.name()).collect()
    }

    /// The value of the swept parameter a fraction `f` (0 to 1) along the
    /// axis, rounded to a value that reads well (two to three significant
    /// digits on a log axis, a hundredth of the axis on a linear one).
    pub fn value_along(&self, f: f64) -> f64 {
        let a = self.axis();
        let scale = match a.axis {
            Axis::Linear => Scale::Linear,
            Axis::Log => Scale::Log,
        };
        let f = if f.is_finite() {
            rpl_model::units::clamp(f, 0.0, 1.0)
        } else {
            0.0
        };
        value_from_slider(f * SLIDER_STEPS, a.from, a.to, scale)
    }

    /// Where `value` lies along the axis, 0 to 1 (clamped to the axis).
    pub fn along(&self, value: f64) -> f64 {
        let a = self.axis();
        let f = match a.axis {
            Axis::Linear => (value - a.from) / (a.to - a.from),
            Axis::Log if value > 0.0 => (value / a.from).ln() / (a.to / a.from).ln(),
            Axis::Log => 0.0,
        };
        if f.is_finite() {
            rpl_model::units::clamp(f, 0.0, 1.0)
        } else {
            0.0
        }
    }

    /// The axis's ticks as (fraction along, value): every power of ten on a
    /// log axis, round steps on a linear one.
    pub fn ticks(&self) -> Vec<(f64, f64)> {
        let a = self.axis();
        let values = match a.axis {
            Axis::Linear => crate::axis::linear_ticks(a.from, a.to, 5),
            Axis::Log => {
                let (lo, hi) = (a.from.log10().ceil() as i32, a.to.log10().floor() as i32);
                (lo..=hi).map(|e| 10f64.powi(e)).collect()
            }
        };
        values.into_iter().map(|v| (self.along(v), v)).collect()
    }

    /// The cell as it is now: the swept parameter's value and V, mV.
    pub fn present(&self, sim: &Simulation) -> Option<(f64, f64)> {
        let v = self.axis().key.get(sim.scenario())?;
        Some((v, sim.voltage().0))
    }
}

/// The panel's curves, kept up to date with the cell by [`SweepView::refresh`].
#[derive(Debug, Clone, Default)]
pub struct SweepView {
    /// What is shown.
    pub choice: SweepChoice,
    /// The values of the instant and steady curves.
    pub values: Vec<f64>,
    /// The Nernst potential of the parameter's ion at each value, mV.
    pub e_ion: Vec<Option<f64>>,
    /// The GHK voltage of the leaks at each value, mV.
    pub ghk: Vec<Option<f64>>,
    /// The Nernst potential that bounds the GHK curve at the axis's other
    /// end ([`sweep::bound_ion`]: E_K along a permeability relative to
    /// K⁺'s), mV, at the present inside concentrations: the same at every
    /// value, since the parameter moves neither concentration.
    pub e_bound: Option<(Ion, f64)>,
    /// The steady state at each value.
    pub steady: Vec<PointResult>,
    /// The values of the ouabain curve.
    pub ouabain_values: Vec<f64>,
    /// V after the ouabain time at each value, as far as computed.
    pub after: Vec<PointResult>,
    /// The values of the excitability curve (none for a cell without channels).
    pub excite_values: Vec<f64>,
    /// How excitable the cell is at each, as far as computed.
    pub excite: Vec<sweep::ExcitePoint>,
    /// The next point's computation, under way.
    excite_job: Option<sweep::ExciteJob>,
    /// Counts the changes of the curves (a view redraws when it moves).
    pub version: u64,
    /// The scenario the steady and ouabain curves are for (the swept key at
    /// the axis's start), and the choice.
    basis: Option<(Scenario, SweepChoice)>,
    /// The inside concentrations the instant curves are for.
    c_for: Option<(IonMap<f64>, Scenario)>,
}

/// The points of `a` and `b`, each in increasing value, in one list in
/// increasing value (`a`'s first at equal values).
fn merged(a: Vec<SweepPoint>, b: impl Iterator<Item = SweepPoint>) -> Vec<SweepPoint> {
    let mut out = Vec::new();
    let mut b = b.peekable();
    for p in a {
        while let Some(q) = b.next_if(|q| q.value < p.value) {
            out.push(q);
        }
        out.push(p);
    }
    out.extend(b);
    out
}

/// The scenario of `sim` with the swept key at a fixed value and the fields
/// that do not change a steady state or run-down made alike: two cells with
/// the same basis have the same steady and ouabain curves.
fn basis_of(sim: &Simulation, axis: &SweepAxis) -> Scenario {
    let mut s = sim.scenario().clone();
    let _ = axis.key.set(&mut s, axis.from);
    s.start = Start::SteadyState;
    s.name.clear();
    s.duration_s = 1.0;
    s.panels = Default::default();
    s
}

impl SweepView {
    /// The spec of the instant and steady curves.
    pub fn spec(&self) -> SweepSpec {
        let a = self.choice.axis();
        SweepSpec {
            key: a.key,
            from: a.from,
            to: a.to,
            points: STEADY_POINTS,
            axis: a.axis,
            ouabain_for_s: None,
            excite: false,
        }
    }

    /// The spec of the ouabain curve, when it is shown.
    pub fn ouabain_spec(&self) -> Option<SweepSpec> {
        let t = self.choice.ouabain_s?;
        Some(SweepSpec {
            points: OUABAIN_POINTS,
            ouabain_for_s: Some(t),
            ..self.spec()
        })
    }

    /// Whether run-downs of the ouabain curve are still to come.
    pub fn pending(&self) -> bool {
        self.choice.ouabain_s.is_some() && self.after.len() < self.ouabain_values.len()
    }

    /// Whether points of the excitability curve are still to come.
    pub fn excite_pending(&self) -> bool {
        self.excite.len() < self.excite_values.len()
    }

    /// The spec of the excitability curve, for a cell with channels.
    pub fn excite_spec(&self) -> SweepSpec {
        SweepSpec {
            points: EXCITE_POINTS,
            excite: true,
            ..self.spec()
        }
    }

    /// Bring the curves up to date with the cell `sim`: the instant curves
    /// when its inside concentrations or parameters moved, the steady curve
    /// when a parameter other than the swept one changed, and up to
    /// [`RUNDOWNS_PER_STEP`] more run-downs of the ouabain curve (the
    /// excitability curve's points come from [`work`](Self::work)). Returns
    /// whether work remains for later steps.
    pub fn refresh(&mut self, sim: &Simulation, choice: SweepChoice) -> bool {
        self.choice = choice;
        let a = self.choice.axis();
        let spec = self.spec();
        let basis = basis_of(sim, &a);
        let stale = self
            .basis
            .as_ref()
            .is_none_or(|(b, c)| *b != basis || *c != self.choice);
        if stale {
            self.values = spec.values();
            // Without a working pump there is no pump–leak steady state.
            let pumping = Key::Pump.get(&basis) == Some(1.0)
                && Key::Ouabain.get(&basis).is_some_and(|b| b < 1.0);
            // Each steady state sought from the one before along the axis
            // (`Simulation::new_near`): the same points to Newton's
            // tolerance, in about half the time.
            let mut near: Option<[f64; rpl_model::system::N]> = None;
            self.steady = self
                .values
                .iter()
                .map(|&v| {
                    if !pumping {
                        return Err(ModelError::NoConvergence {
                            what: Solver::SteadyState,
                            detail: String::new(),
                        });
                    }
                    let mut s = basis.clone();
                    a.key.set(&mut s, v)?;
                    let cell = match &near {
                        Some(g) => Simulation::new_near(s, g),
                        None => Simulation::new(s),
                    }?;
                    near = Some(*cell.state());
                    Ok(cell.voltage().0)
                })
                .collect();
            self.ouabain_values = self.ouabain_spec().map(|s| s.values()).unwrap_or_default();
            self.after.clear();
            self.excite_values = if sim.params().gated.is_some() {
                self.excite_spec().values()
            } else {
                Vec::new()
            };
            self.excite.clear();
            self.excite_job = None;
            self.basis = Some((basis.clone(), self.choice));
            self.c_for = None;
            self.version += 1;
        }
        let c_now = sim.params().c_in(sim.state());
        let scenario = sim.scenario();
        let moved = self
            .c_for
            .as_ref()
            .is_none_or(|(c, s)| *c != c_now || s != scenario);
        if moved {
            (self.e_ion, self.ghk) = self
                .values
                .iter()
                .map(|&v| sweep::instant(scenario, &c_now, a.key, v))
                .unzip();
            self.e_bound = sweep::bound_ion(a.key).map(|i| {
                let e = rpl_model::electro::nernst_mv(
                    i.valence(),
                    c_now.get(i),
                    scenario.outside_mm.get(i),
                    scenario.temperature_k(),
                );
                (i, e)
            });
            self.c_for = Some((c_now, scenario.clone()));
            self.version += 1;
        }
        if let Some(t) = self.choice.ouabain_s {
            let next = self.after.len();
            for &v in self
                .ouabain_values
                .iter()
                .skip(next)
                .take(RUNDOWNS_PER_STEP)
            {
                let mut s = basis.clone();
                let r = a
                    .key
                    .set(&mut s, v)
                    .and_then(|()| sweep::after_ouabain(&s, t));
                self.after.push(r);
                self.version += 1;
            }
        }
        self.pending() || self.excite_pending()
    }

    /// One piece of the next point of the excitability curve
    /// ([`sweep::ExciteJob`], on the cell `sim` as it is when the point
    /// starts); returns whether a point was added.
    pub fn work(&mut self, sim: &Simulation) -> bool {
        let Some(&v) = self.excite_values.get(self.excite.len()) else {
            return false;
        };
        let key = self.choice.axis().key;
        let job = self
            .excite_job
            .get_or_insert_with(|| sweep::ExciteJob::new(sim, key, v));
        let Some(point) = job.step() else {
            return false;
        };
        self.excite.push(point);
        self.excite_job = None;
        self.version += 1;
        true
    }

    /// The curves as a model sweep: the steady grid's points, or the ouabain
    /// grid's (with the steady and instant curves computed at its values)
    /// when the ouabain curve is shown and complete; and, once the
    /// excitability curve is complete, its points among them in their
    /// places along the axis (the other curves computed at their values, the
    /// ouabain curve left empty). What the panel's CSV holds: each grid's
    /// rows are what `rpl sweep` prints for the same scenario and grid
    /// (`--excite --points 16` for the excitability's).
    pub fn as_sweep(&self, sim: &Simulation) -> sweep::Sweep {
        let a = self.choice.axis();
        let points = match self.ouabain_spec() {
            Some(_) if !self.pending() => {
                let c_now = sim.params().c_in(sim.state());
                self.ouabain_values
                    .iter()
                    .zip(&self.after)
                    .map(|(&v, after)| {
                        let mut p = sweep::point(sim.scenario(), &c_now, &self.spec(), v);
                        p.v_after_ouabain_mv = Some(after.clone());
                        p
                    })
                    .collect()
            }
            _ => (0..self.values.len())
                .map(|i| SweepPoint {
                    value: self.values[i],
                    e_ion_mv: self.e_ion.get(i).copied().flatten(),
                    v_ghk_mv: self.ghk.get(i).copied().flatten(),
                    v_steady_mv: self.steady[i].clone(),
                    v_after_ouabain_mv: None,
                    excite: None,
                })
                .collect(),
        };
        let mut spec = match self.ouabain_spec() {
            Some(s) if !self.pending() => s,
            _ => self.spec(),
        };
        let points = if self.excite.is_empty() || self.excite_pending() {
            points
        } else {
            // The excitability curve's points, with the other curves at
            // their values, in their places along the axis.
            spec.excite = true;
            let c_now = sim.params().c_in(sim.state());
            let excite = self.excite_values.iter().zip(&self.excite).map(|(&v, e)| {
                let mut p = sweep::point(sim.scenario(), &c_now, &self.spec(), v);
                p.excite = Some(e.clone());
                p
            });
            merged(points, excite)
        };
        sweep::Sweep {
            spec,
            ion: sweep::ion_of(a.key),
            points,
        }
    }
}
