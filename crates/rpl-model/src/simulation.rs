//! A running simulation: the state, the integrator, commands in, readouts out.
//!
//! [`Simulation::advance`] moves model time forward; the integrator chooses its
//! own steps, so how often the caller asks (a frame, a sample) never decides
//! accuracy. Commands change the parameters between calls. The steady-state
//! solver finds the pump-leak fixed point by Newton's method with the charge
//! balance as one of its equations; voltage clamp evaluates every current at a
//! held V with the present concentrations.

#![allow(clippy::needless_range_loop)] // small dense linear algebra reads best with indices

use crate::constants::{F, N_A};
use crate::electro::{nernst_mv, resting_potential};
use crate::error::{ModelError, Range, Solver};
use crate::integrator::{IntegrateError, Lu, Method, OdeSystem, Rosenbrock, Stats, Tolerances};
use crate::ion::{Ion, IonMap};
use crate::key::Key;
use crate::pump::{cycles_per_second, AtpFall, ATP_PER_CYCLE};
use crate::scenario::{Scenario, Start, VolumeMode};
use crate::system::{
    compensated_sum, Currents, Params, Passive, ICH, ICYC, IGATE, IMOVED, IQ, IV, IW, IX, N,
};
use crate::units::{Millivolts, Seconds};

mod cotransport;
mod excite;
mod gates;
mod synapse;
pub use cotransport::CotransportReadouts;
pub use excite::{
    CellSpike, Excitability, SpikeLog, StimulusSpec, Threshold, ThresholdSearch, PULSES_MAX,
    RECENT_SPIKES, STIM_AMPLITUDE_MAX, STIM_COUNT_MAX, STIM_DURATION_MAX_MS, STIM_RATE_MAX_HZ,
    THRESHOLD_REL_PRECISION, THRESHOLD_WAIT_MS, TRACE_AFTER_MS, TRACE_BEFORE_MS, TRACE_POINTS_MAX,
};
pub use gates::GatedReadouts;
pub use synapse::{SynapseKind, SynapseSpec, SynapticReadouts};

/// Relative tolerance of the integrator.
pub const RTOL: f64 = 1e-6;
/// Absolute tolerances: 1 nV for V, 1 pM for amounts, 1e-9 for relative
/// volume; none for the charge the currents carried ([`crate::system::ICH`]),
/// a check that must not steer the steps (an infinite tolerance leaves it out
/// of the error norm); 1e-9 for the gates (constant when the cell has no
/// channels, so then they do not steer the steps either).
#[rustfmt::skip]
pub const ATOL: [f64; N] = [
    1e-6, 1e-9, 1e-9, 1e-9, 1e-12, 1e-9, 1e-9, 1e-9, 1e-9, 1e-12, 1e-9, 1e-9, f64::INFINITY,
    1e-9, 1e-9, 1e-9,
];

/// A command from a control, the URL or the command line.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Set a scenario field by its [`Key`] (word keys take their codes, see
    /// [`Key::words`]); text is read at the edge with [`Key::parse_value`].
    Set(Key, f64),
    /// Set one concentration, mM.
    SetConcentration {
        /// Which ion.
        ion: Ion,
        /// Inside (true) or bath (false).
        inside: bool,
        /// New value, mM.
        mm: f64,
    },
    /// Turn the pump on or off.
    SetPump(bool),
    /// Ouabain: fraction of pumps blocked, 0–1.
    SetOuabain(f64),
    /// Rigid or swelling cell.
    SetVolumeMode(VolumeMode),
    /// Jump to the steady state of the present parameters.
    GoToSteadyState,
    /// Start again from the scenario.
    Reset,
    /// Give the cell current pulses, starting now
    /// ([`Simulation::stimulate`]).
    Stimulate(StimulusSpec),
    /// Open a synapse in pulses, starting now ([`Simulation::synapse`]).
    Synapse(SynapseSpec),
}

impl Command {
    /// The command that sets `key` to a value given as text (an edge: links,
    /// the command line); the text is read by [`Key::parse_value`].
    pub fn parse_set(key: &str, text: &str) -> Result<Command, ModelError> {
        let key = Key::parse_or_err(key)?;
        Ok(Command::Set(key, key.parse_value(text)?))
    }

    /// The key and value this command sets (`None` for steady state, reset
    /// and pulses).
    pub fn key_value(&self) -> Option<(Key, f64)> {
        Some(match *self {
            Command::Set(key, v) => (key, v),
            Command::SetConcentration { ion, inside, mm } => (
                if inside {
                    Key::Inside(ion)
                } else {
                    Key::Outside(ion)
                },
                mm,
            ),
            Command::SetPump(on) => (Key::Pump, if on { 1.0 } else { 0.0 }),
            Command::SetOuabain(b) => (Key::Ouabain, b),
            Command::SetVolumeMode(m) => (
                Key::Volume,
                match m {
                    VolumeMode::Rigid => 0.0,
                    VolumeMode::Swelling => 1.0,
                },
            ),
            Command::GoToSteadyState
            | Command::Reset
            | Command::Stimulate(_)
            | Command::Synapse(_) => return None,
        })
    }
}

/// Every number the page and the command line show.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Readouts {
    /// Model time, s.
    pub t_s: f64,
    /// Membrane voltage, mV.
    pub v_mv: f64,
    /// Nernst potential of each ion, mV.
    pub e_mv: IonMap<f64>,
    /// Driving force V − E, mV.
    pub driving_force_mv: IonMap<f64>,
    /// Leak current of each ion, µA/cm² (outward positive).
    pub leak_current_ua_cm2: IonMap<f64>,
    /// Pump current, µA/cm² (net outward).
    pub pump_current_ua_cm2: f64,
    /// Injected current, µA/cm² (into the cell).
    pub injected_current_ua_cm2: f64,
    /// Net membrane current, µA/cm² (zero at steady state).
    pub net_current_ua_cm2: f64,
    /// Net efflux of each ion through leak, gated channels, synapses, pump
    /// and cotransporters together, ions/s (negative = influx).
    pub net_efflux_ions_s: IonMap<f64>,
    /// Leak efflux of each ion, ions/s.
    pub leak_efflux_ions_s: IonMap<f64>,
    /// Pump cycles per second (= ATP per second).
    pub pump_cycles_s: f64,
    /// ATP used per second.
    pub atp_s: f64,
    /// Inside concentrations, mM.
    pub c_in_mm: IonMap<f64>,
    /// Bath concentrations, mM.
    pub c_out_mm: IonMap<f64>,
    /// Impermeant anions inside, mM.
    pub impermeant_mm: f64,
    /// Volume relative to the start.
    pub volume_rel: f64,
    /// Inside and bath osmolarity, mM.
    pub osmolarity_mm: (f64, f64),
    /// Ions that have left the cell since the last start or change, as a count.
    pub moved_ions: IonMap<f64>,
    /// The same, as a fraction of the cell's content of that ion at that time.
    pub moved_fraction: IonMap<f64>,
    /// Charge on the membrane capacitor, C·V, in elementary charges.
    pub membrane_charge_e: f64,
    /// That charge as a fraction of the cell's K⁺ content.
    pub membrane_charge_fraction_of_k: f64,
    /// Pump cycles since the last start or change.
    pub pump_cycles_total: f64,
    /// The zero-current voltage for the present concentrations, mV (where V is heading).
    pub v_zero_current_mv: f64,
    /// The voltage-gated channels: gates, open fractions, currents and
    /// fluxes (`None` for a cell without them, and then not written).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gated: Option<GatedReadouts>,
}

/// The currents at one held voltage.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct ClampPoint {
    /// Held voltage, mV.
    pub v_mv: f64,
    /// Leak current of each ion, µA/cm².
    pub leak_ua_cm2: IonMap<f64>,
    /// Pump current, µA/cm².
    pub pump_ua_cm2: f64,
    /// Total membrane current (leaks + gated + pump − injected), µA/cm². The clamp amplifier supplies its negative.
    pub total_ua_cm2: f64,
}

/// How well the conserved quantities hold.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Conservation {
    /// |(inside + moved out) − at start| / at start, for each ion.
    pub ion_rel_error: IonMap<f64>,
    /// |C·V − charge inside as the currents left it| relative to the larger of
    /// C·V and 1 mV's worth of charge. V is set from the amounts inside after
    /// every step (C·V = F · net charge inside holds exactly); this compares it
    /// with the net charge inside at the last start or change less the net
    /// charge the moved-out counters (the integrated currents, leak, pump and
    /// injected) say crossed the membrane since. The counters take minus
    /// the amounts' steps ([`crate::integrator::OdeSystem::tied`]), so this
    /// and `ion_rel_error` hold to rounding by construction: they fire on a
    /// fault of the bookkeeping (an amount or V changed behind the counters'
    /// back), not on the integrator's.
    pub charge_rel_error: f64,
    /// The check that can still fail on the integration and on the currents'
    /// wiring: |C·V − the charge inside at the last start or change less the
    /// net charge the membrane currents (leaks + gated + pump − injected, as
    /// [`Currents::net`] gives them) carried out, integrated on their own|,
    /// relative to the larger of C·V and 1 mV's worth of charge.
    pub current_rel_error: f64,
}

/// One sample of a time course.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Sample {
    /// Time, s.
    pub t_s: f64,
    /// Voltage, mV.
    pub v_mv: f64,
    /// Inside concentrations, mM.
    pub c_in_mm: IonMap<f64>,
    /// Nernst potentials, mV.
    pub e_mv: IonMap<f64>,
    /// Relative volume.
    pub volume_rel: f64,
    /// Pump current, µA/cm².
    pub pump_ua_cm2: f64,
    /// Ions of each kind that have left the cell since the start (negative:
    /// entered), by every path; with the amount inside, the conservation check.
    pub moved_ions: IonMap<f64>,
    /// Pump cycles since the start.
    pub pump_cycles: f64,
}

/// A running simulation.
#[derive(Debug)]
pub struct Simulation {
    scenario: Scenario,
    params: Params,
    y: [f64; N],
    t: f64,
    ode: Rosenbrock<N>,
    /// Ion amounts + moved at the last rebase (for conservation).
    ledger: [f64; 4],
    /// Ion amounts at the last rebase (for "moved relative to content").
    content: [f64; 4],
    /// Stimulus pulses running or still to come.
    pulses: Vec<excite::ScheduledPulse>,
    /// Spikes so far.
    spikes: SpikeLog,
}

impl Clone for Simulation {
    /// A field by field copy, as `#[derive(Clone)]` writes it, but not
    /// inlined: a derived `clone` is `#[inline]`, so every crate that copies
    /// a simulation kept a copy of this code of its own (three in the page,
    /// 2 KB of its wasm).
    #[inline(never)]
    fn clone(&self) -> Self {
        Simulation {
            scenario: self.scenario.clone(),
            params: self.params.clone(),
            y: self.y,
            t: self.t,
            ode: self.ode,
            ledger: self.ledger,
            content: self.content,
            pulses: self.pulses.clone(),
            spikes: self.spikes.clone(),
        }
    }
}

fn tolerances() -> Tolerances<N> {
    Tolerances {
        rtol: RTOL,
        atol: ATOL,
    }
}

/// The integration method a simulation starts with: Rodas5P, in every build
/// (the page's carries it alone, [`crate::integrator::ROSENBROCK23_BUILT`]).
pub const METHOD: Method = Method::Rodas5P;

const H0: f64 = 1e-5;
const H_MAX: f64 = 3600.0;

impl Simulation {
    /// Start a simulation of a scenario (checked first).
    pub fn new(scenario: Scenario) -> Result<Simulation, ModelError> {
        Simulation::build(scenario, None)
    }

    /// [`Simulation::new`], with the steady state of a scenario that starts
    /// at it sought by Newton's method from `guess` (the state of a nearby
    /// cell's steady state, such as the previous point of a sweep) when the
    /// cell has no voltage-gated channels: the same steady state to Newton's
    /// tolerance, in fewer iterations. From the scenario's own start as
    /// `new` does when that fails, and always for a cell with channels
    /// (which can have more than one steady state).
    pub fn new_near(scenario: Scenario, guess: &[f64; N]) -> Result<Simulation, ModelError> {
        Simulation::build(scenario, Some(guess))
    }

    fn build(scenario: Scenario, guess: Option<&[f64; N]>) -> Result<Simulation, ModelError> {
        scenario.validate()?;
        let mut params = Params::from_scenario(&scenario);
        let c_in = scenario.inside_mm;
        let mut y = [0.0; N];
        for ion in Ion::ALL {
            y[IX + ion.index()] = c_in.get(ion);
        }
        y[IW] = 1.0;
        let v0 = match (scenario.start, scenario.initial_voltage_mv) {
            (Start::AsGiven, Some(v)) => v,
            _ => resting_potential(
                &params.membrane_perm(),
                &c_in,
                &params.c_out,
                params.pump_now().current(c_in.na, params.c_out.k) - params.i_inj,
                params.t_kelvin,
            )
            // Some ion is permeant (validated), so only the injected current
            // can leave the currents without a zero.
            .ok_or(if params.i_inj != 0.0 {
                ModelError::NoSteadyState {
                    injected_ua_cm2: scenario.injected_current_ua_cm2,
                }
            } else {
                ModelError::NoPermeantIon
            })?,
        };
        y[IV] = v0;
        params.set_gates_steady(&mut y);
        let permeant_charge: f64 = Ion::ALL
            .iter()
            .map(|&i| f64::from(i.valence()) * c_in.get(i))
            .sum();
        params.x_a = (v0 / params.kappa - permeant_charge) / params.z_a;
        if params.x_a <= 0.0 {
            return Err(ModelError::NoImpermeantAnions {
                permeant_charge_mm: permeant_charge,
            });
        }
        params.osm_out = params.osm_in(&y);
        let mut sim = Simulation {
            scenario,
            params,
            y,
            t: 0.0,
            ode: Rosenbrock::with_method(METHOD, tolerances(), H0, H_MAX),
            ledger: [0.0; 4],
            content: [0.0; 4],
            pulses: Vec::new(),
            spikes: SpikeLog::default(),
        };
        if sim.scenario.start == Start::SteadyState {
            let near = guess
                .filter(|_| sim.params.gated.is_none())
                .and_then(|g| sim.newton_from(g, &sim.y));
            sim.y = match near {
                Some(y) => y,
                None => sim.steady_state()?,
            };
            // The bath is isotonic to the cell as it starts.
            sim.params.osm_out = sim.params.osm_in(&sim.y);
        }
        sim.rebase();
        Ok(sim)
    }

    /// Size the next step after a command has moved the cell (a parameter,
    /// a drug, the steady state): Hairer, Nørsett & Wanner's estimate
    /// ([`Rosenbrock::estimate_first_step`], as scipy's `solve_ivp` starts
    /// every run), but not below the 10 µs a new cell starts with. The step
    /// starts at the size of the transient the command sets off instead of
    /// climbing to it from 10 µs, five times a step: a neuron's 2-hour
    /// ouabain run-down takes 35 tries instead of 41. (A new cell, at its
    /// steady state unless its scenario says otherwise, starts at 10 µs.)
    fn size_first_step(&mut self) {
        let h = self.estimate_first_step().0;
        self.ode.h = h.max(H0);
    }

    fn rebase(&mut self) {
        self.ode.reset_compensation();
        for i in 0..4 {
            self.y[IMOVED + i] = 0.0;
            self.ledger[i] = self.y[IX + i];
            self.content[i] = self.y[IX + i];
        }
        self.y[IQ] = 0.0;
        self.y[ICYC] = 0.0;
        self.y[ICH] = 0.0;
        // V as started, set or solved stays exact: from here on the
        // integrator sets it from the charge inside after every step.
        self.params.balance_charge(&self.y);
    }

    /// The scenario with the present parameters.
    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    /// The derived parameters.
    pub fn params(&self) -> &Params {
        &self.params
    }

    /// The raw state vector (see [`crate::system`]).
    pub fn state(&self) -> &[f64; N] {
        &self.y
    }

    /// Model time.
    pub fn time(&self) -> Seconds {
        Seconds(self.t)
    }

    /// Membrane voltage.
    pub fn voltage(&self) -> Millivolts {
        Millivolts(self.y[IV])
    }

    /// The most integration steps one call of [`advance`](Self::advance)
    /// may take before it refuses with [`ModelError::TooMuchWork`] (default
    /// [`crate::integrator::MAX_STEPS`]). The page sets a smaller budget for a
    /// frame; a high-accuracy reference run sets a larger one.
    pub fn set_step_budget(&mut self, steps: usize) {
        self.ode.max_steps = steps.max(1);
    }

    /// Start the next step with a computed first step
    /// ([`Rosenbrock::estimate_first_step`]) at the present tolerance, with
    /// no floor (a command sizes the step so too, but not below 10 µs; a
    /// new cell starts at 10 µs): for a run from a state just moved (a
    /// sweep's run-down after its ouabain, at the sweep's tolerance).
    /// Returns the step, s.
    pub fn estimate_first_step(&mut self) -> Seconds {
        self.params.t_s = self.t;
        Seconds(self.ode.estimate_first_step(&self.params, self.t, &self.y))
    }

    /// Change the integrator's relative tolerance (default [`RTOL`]); the
    /// absolute tolerances scale with it.
    pub fn set_rtol(&mut self, rtol: f64) {
        let k = rtol / RTOL;
        self.ode.tol = Tolerances {
            rtol,
            atol: ATOL.map(|a| a * k),
        };
    }

    /// Integrate with another method from here on (default [`METHOD`]). In
    /// the page's build, which carries Rodas5P alone, this keeps Rodas5P
    /// ([`crate::integrator::ROSENBROCK23_BUILT`]).
    pub fn set_method(&mut self, method: Method) {
        if crate::integrator::ROSENBROCK23_BUILT {
            self.ode.method = method;
        }
    }

    /// The integration method in use.
    pub fn method(&self) -> Method {
        self.ode.method
    }

    /// Integrator counters.
    pub fn stats(&self) -> Stats {
        self.ode.stats
    }

    /// Advance model time by `dt`.
    pub fn advance(&mut self, dt: Seconds) -> Result<(), ModelError> {
        Range::closed(0.0, f64::INFINITY).check("dt", dt.0, "s")?;
        let t_end = self.t + dt.0;
        let mut y = self.y;
        let mut t = self.t;
        let comp = *self.ode.compensation();
        let (pulses, spikes) = (self.pulses.clone(), self.spikes.clone());
        let res = self.integrate_span(&mut t, &mut y, t_end);
        if res.is_err() {
            // The cell stays as it was, with the rounding its amounts carried.
            self.ode.set_compensation(comp);
            self.restore_stimulus(pulses, spikes);
        }
        match res {
            Ok(()) => {
                self.y = y;
                self.t = t;
                self.params.t_s = t;
                Ok(())
            }
            Err(e) => Err(refusal(e, self.t, dt.0)),
        }
    }

    /// The voltage after `dt` more seconds, and the integrator's counters
    /// then: [`advance`](Self::advance) and [`voltage`](Self::voltage), for a
    /// caller that reads nothing else (a sweep's run-down). Natively a cell
    /// without channels or pulses is integrated without its counters, and a
    /// rigid cell without its volume too ([`Passive`] with
    /// [`N_LEAN`](crate::system::N_LEAN) or
    /// [`N_LEAN_RIGID`](crate::system::N_LEAN_RIGID) components), which
    /// nothing it keeps reads: the same steps to the same V whenever no
    /// counter steers the step size (the counters left are the pump's cycles,
    /// the carried charge and the injected K⁺), in about 0.65 of the time.
    /// The page's build integrates the whole cell. The cell is consumed, so
    /// that no state with stale counters is left.
    pub fn voltage_after(mut self, dt: Seconds) -> Result<(Millivolts, Stats), ModelError> {
        use crate::system::{N_LEAN, N_LEAN_RIGID};
        // The page's build keeps one copy of the integrator: a lean copy
        // there cost 3.1 KB (gzip) of the first load for 12 % off the
        // sweep's run-downs.
        if cfg!(target_arch = "wasm32") || self.params.gated.is_some() || !self.pulses.is_empty() {
            self.advance(dt)?;
            return Ok((self.voltage(), self.ode.stats));
        }
        Range::closed(0.0, f64::INFINITY).check("dt", dt.0, "s")?;
        let res = if self.params.k_w == 0.0 {
            self.integrate_lean::<N_LEAN_RIGID>(dt.0)
        } else {
            self.integrate_lean::<N_LEAN>(dt.0)
        };
        match res {
            Ok(v) => Ok((Millivolts(v), self.ode.stats)),
            Err(e) => Err(refusal(e, self.t, dt.0)),
        }
    }

    /// Integrate the first M components `dt` s on (a cell without channels
    /// or pulses, [`voltage_after`](Self::voltage_after)) and return V; the
    /// integrator's counters follow, the state does not.
    fn integrate_lean<const M: usize>(&mut self, dt: f64) -> Result<f64, IntegrateError> {
        let (mut t, t_end) = (self.t, self.t + dt);
        let mut part = self.ode.leading::<M>();
        let mut y: [f64; M] = std::array::from_fn(|i| self.y[i]);
        let sys = Passive::<M>::new(&self.params, &self.y);
        let res = part.integrate(&sys, &mut t, &mut y, t_end);
        self.ode.stats = part.stats;
        res.map(|()| y[IV])
    }

    /// Advance model time by up to `dt` within the step budget
    /// ([`set_step_budget`](Self::set_step_budget)) and return how far it got.
    /// As [`advance`](Self::advance), except that when the budget runs out
    /// the cell keeps the time it reached (every accepted step is as accurate
    /// as any other) instead of refusing: a page that cannot keep up with the
    /// speed asked for slows model time rather than stopping.
    pub fn advance_within(&mut self, dt: Seconds) -> Result<Seconds, ModelError> {
        Range::closed(0.0, f64::INFINITY).check("dt", dt.0, "s")?;
        let (t0, t_end) = (self.t, self.t + dt.0);
        let mut y = self.y;
        let mut t = self.t;
        let comp = *self.ode.compensation();
        let (pulses, spikes) = (self.pulses.clone(), self.spikes.clone());
        match self.integrate_span(&mut t, &mut y, t_end) {
            Ok(()) | Err(IntegrateError::WorkLimit { .. }) => {
                self.y = y;
                self.t = t;
                self.params.t_s = t;
                Ok(Seconds(t - t0))
            }
            Err(e) => {
                self.ode.set_compensation(comp);
                self.restore_stimulus(pulses, spikes);
                Err(ModelError::NoConvergence {
                    what: Solver::Integrator,
                    detail: e.to_string(),
                })
            }
        }
    }

    /// Advance and record `samples + 1` evenly spaced samples over `duration` (the first at the present time).
    pub fn run(&mut self, duration: Seconds, samples: usize) -> Result<Vec<Sample>, ModelError> {
        let n = samples.max(1);
        let mut out = Vec::with_capacity(n + 1);
        out.push(self.sample());
        let t0 = self.t;
        for k in 1..=n {
            let target = t0 + duration.0 * k as f64 / n as f64;
            self.advance(Seconds(target - self.t))?;
            out.push(self.sample());
        }
        Ok(out)
    }

    /// The present values for a time course.
    pub fn sample(&self) -> Sample {
        let c_in = self.params.c_in(&self.y);
        Sample {
            t_s: self.t,
            v_mv: self.y[IV],
            c_in_mm: c_in,
            e_mv: self.nernst(&c_in),
            volume_rel: self.y[IW],
            pump_ua_cm2: self.params.pump_now().current(c_in.na, self.params.c_out.k) * 1e6,
            moved_ions: IonMap::from_fn(|i| self.y[IMOVED + i.index()] * self.mm_to_ions()),
            pump_cycles: self.y[ICYC] * self.mm_to_ions(),
        }
    }

    /// Ions per mM of the starting volume.
    fn mm_to_ions(&self) -> f64 {
        self.params.w0_l * 1e-3 * N_A
    }

    fn nernst(&self, c_in: &IonMap<f64>) -> IonMap<f64> {
        IonMap::from_fn(|i| {
            nernst_mv(
                i.valence(),
                c_in.get(i),
                self.params.c_out.get(i),
                self.params.t_kelvin,
            )
        })
    }

    /// Apply a command. A bad value is reported and changes nothing.
    pub fn apply(&mut self, cmd: Command) -> Result<(), ModelError> {
        match &cmd {
            Command::Reset => {
                *self = Simulation::new(self.scenario.clone())?;
                return Ok(());
            }
            Command::GoToSteadyState => {
                self.stop_stimulus();
                self.y = self.steady_state()?;
                self.rebase();
                self.size_first_step();
                return Ok(());
            }
            Command::Stimulate(spec) => return self.stimulate(spec),
            Command::Synapse(spec) => return self.synapse(spec),
            _ => {}
        }
        let Some((key, value)) = cmd.key_value() else {
            return Ok(());
        };
        let mut scenario = self.scenario.clone();
        scenario.set_key(key, value)?;
        let old = self.scenario.clone();
        let mut params = Params::from_scenario(&scenario);
        // Keep what belongs to the cell's history.
        params.x_a = self.params.x_a;
        params.charge_lo = self.params.charge_lo;
        params.osm_out = self.params.osm_out;
        params.w0_l = self.params.w0_l;
        params.a_w = self.params.a_w;
        params.area_cm2 = self.params.area_cm2;
        params.kappa = F / (params.c_m * params.a_w);
        // The stimulus and synaptic pulses on now stay on.
        params.i_stim = self.params.i_stim;
        params.syn_pulse = self.params.syn_pulse;
        // Ischaemia begins now, goes on, takes a new time constant from
        // where its fall has reached, or ends (the capacity restored).
        params.t_s = self.t;
        params.atp = self.atp_after(scenario.pump.ischaemia_tau_s);
        let mut y = self.y;
        let geometry_changed = old.cell.diameter_um != scenario.cell.diameter_um
            || old.cell.length_um != scenario.cell.length_um
            || old.cell.shape != scenario.cell.shape;
        if geometry_changed {
            // A different cell: start it from the present concentrations and voltage.
            let mut s = scenario.clone();
            s.inside_mm = self.params.c_in(&self.y);
            s.start = Start::AsGiven;
            s.initial_voltage_mv = Some(self.y[IV]);
            let t = self.t;
            let mut fresh = Simulation::new(s)?;
            fresh.scenario = scenario;
            fresh.t = t;
            fresh.params.t_s = t;
            fresh.params.atp = params.atp;
            // The gates are where they were, and the pulses still to come
            // and the spikes so far stay with the cell.
            fresh.y[IGATE..IGATE + 3].copy_from_slice(&self.y[IGATE..IGATE + 3]);
            fresh.pulses = std::mem::take(&mut self.pulses);
            fresh.spikes = std::mem::take(&mut self.spikes);
            fresh.params.i_stim = self.params.i_stim;
            fresh.params.syn_pulse = self.params.syn_pulse;
            *self = fresh;
            return Ok(());
        }
        // Bath osmolarity follows added or removed bath salt.
        for ion in Ion::ALL {
            params.osm_out += scenario.outside_mm.get(ion) - old.outside_mm.get(ion);
        }
        let inside_changed = Ion::ALL
            .iter()
            .any(|&i| scenario.inside_mm.get(i) != old.inside_mm.get(i))
            || scenario.impermeant_valence != old.impermeant_valence
            || scenario.cell.capacitance_uf_cm2 != old.cell.capacitance_uf_cm2;
        if inside_changed {
            // Replace the inside solution, keeping V: the impermeant anions balance the charge.
            for ion in Ion::ALL {
                if scenario.inside_mm.get(ion) != old.inside_mm.get(ion) {
                    y[IX + ion.index()] = scenario.inside_mm.get(ion) * y[IW];
                }
            }
            let permeant: f64 = Ion::ALL
                .iter()
                .map(|&i| f64::from(i.valence()) * y[IX + i.index()])
                .sum();
            let x_a = (y[IV] / params.kappa - permeant) / params.z_a;
            if x_a <= 0.0 {
                return Err(ModelError::NoImpermeantAnions {
                    permeant_charge_mm: permeant / y[IW],
                });
            }
            params.x_a = x_a;
        }
        if scenario.channels.map(|c| c.kinetics()) != old.channels.map(|c| c.kinetics()) {
            // Channels put on (or taken off) the cell, or their kinetics
            // changed: their gates start at their steady state at the
            // present V (or at 0, unused).
            params.set_gates_steady(&mut y);
        }
        self.scenario = scenario;
        self.params = params;
        self.y = y;
        if inside_changed {
            self.rebase();
        }
        // Parameters changed: the integrator sizes its next step afresh.
        self.size_first_step();
        Ok(())
    }

    /// The pump's fall in capacity after its time constant is set to
    /// `tau_s` now: none at 0; unchanged when τ is; otherwise a fall with
    /// the new τ from the fraction reached now (1 when ischaemia begins).
    fn atp_after(&self, tau_s: f64) -> Option<AtpFall> {
        if tau_s <= 0.0 {
            return None;
        }
        match self.params.atp {
            Some(a) if a.tau_s == tau_s => Some(a),
            old => Some(AtpFall {
                tau_s,
                t_on_s: self.t,
                a_on: old.map_or(1.0, |a| a.fraction(self.t)),
            }),
        }
    }

    /// Which equations of the steady state are "this amount stays put" because nothing moves the ion.
    fn ion_is_frozen(&self, ion: Ion) -> bool {
        let pumped = matches!(ion, Ion::Na | Ion::K) && self.params.pump.active_fraction() > 0.0;
        let injected = ion == Ion::K && self.params.i_inj != 0.0;
        let ct = &self.params.cotransport;
        let cotransported = match ion {
            Ion::Na => ct.g_nkcc1_s_cm2 > 0.0,
            Ion::K | Ion::Cl => !ct.is_none(),
            Ion::Ca => false,
        };
        self.params.membrane_perm().get(ion) == 0.0 && !pumped && !injected && !cotransported
    }

    /// The steady state's equations in V, the amounts and the volume, with
    /// the gates (when the cell has channels) at their steady state at V.
    fn steady_residual(&self, u: &[f64; 6], y_ref: &[f64; N]) -> [f64; 6] {
        let mut y = *y_ref;
        y[..6].copy_from_slice(u);
        self.params.set_gates_steady(&mut y);
        let mut dy = [0.0; N];
        self.params.rhs(&y, &mut dy);
        let mut r = [0.0; 6];
        r[0] = self.params.charge_residual(&y);
        for ion in Ion::ALL {
            let k = IX + ion.index();
            r[k] = if self.ion_is_frozen(ion) {
                y[k] - y_ref[k]
            } else {
                dy[k]
            };
        }
        r[IW] = if self.params.k_w > 0.0 {
            dy[IW]
        } else {
            y[IW] - y_ref[IW]
        };
        r
    }

    /// The steady state of the present parameters, as a state vector: every
    /// amount constant, V consistent with the charge inside, water in balance
    /// when the cell can swell. With an injected current (carried by K⁺, see
    /// [`crate::system`]) the membrane then carries exactly that current, so V
    /// is constant too. Newton's method with backtracking, restarted from a
    /// long integration when it cannot make progress (at most 6 × 100 Newton
    /// iterations; with voltage-gated channels, started from the steady
    /// state without them, then from the present state, and no longer). [`ModelError::NoSteadyState`] when an injected current
    /// leaves none.
    pub fn steady_state(&self) -> Result<[f64; N], ModelError> {
        let mut start = self.y;
        let gated = self.params.gated.is_some();
        if gated {
            // With channels a cell can have more than one steady state (a
            // depolarized one with its Na⁺ channels inactivated beside the
            // resting one): Newton starts from the steady state of the same
            // cell without them, where at rest they are nearly all shut.
            let mut passive = self.clone();
            passive.params.gated = None;
            if let Some(y) = passive.newton(&start) {
                start[..6].copy_from_slice(&y[..6]);
            }
        }
        for attempt in 0..6 {
            if let Some(y) = self.newton(&start) {
                return Ok(y);
            }
            // Let the dynamics bring the state closer, then try again: for
            // 100 s, then ten times longer each time. Not with channels: a
            // cell that fires on its own has no steady state, and hours of
            // its spikes would take minutes to run; Newton from the present
            // state is tried instead.
            if gated {
                if attempt == 0 && start[..6] != self.y[..6] {
                    start = self.y;
                    continue;
                }
                break;
            }
            let dt = 10f64.powi(attempt + 2);
            let mut probe = self.clone();
            probe.stop_stimulus();
            probe.y = start;
            if probe.advance(Seconds(dt)).is_err() {
                break;
            }
            start = probe.y;
        }
        if self.params.i_inj != 0.0 {
            return Err(ModelError::NoSteadyState {
                injected_ua_cm2: self.scenario.injected_current_ua_cm2,
            });
        }
        Err(ModelError::NoConvergence {
            what: Solver::SteadyState,
            detail: "no pump-leak steady state was found for these parameters".into(),
        })
    }

    fn newton(&self, y_ref: &[f64; N]) -> Option<[f64; N]> {
        self.newton_from(y_ref, y_ref)
    }

    /// The Jacobian of [`steady_residual`](Self::steady_residual) at `u`
    /// (whose residual is `r`). For a cell without channels, in closed form
    /// from the system's own Jacobian ([`OdeSystem::jacobian`]): the charge
    /// row is 1 for V and −κ z for each amount, an ion's row is its amount's
    /// row of the system's Jacobian (1 on the diagonal for an ion that
    /// nothing moves), the volume's row the volume's (1 on the diagonal in a
    /// rigid cell). With channels the gates follow V at their steady state,
    /// which that Jacobian does not hold: forward differences then, six more
    /// residuals.
    fn steady_jacobian(&self, u: &[f64; 6], r: &[f64; 6], y_ref: &[f64; N]) -> [[f64; 6]; 6] {
        let mut jac = [[0.0; 6]; 6];
        if self.params.gated.is_none() {
            let mut y = *y_ref;
            y[..6].copy_from_slice(u);
            self.params.set_gates_steady(&mut y);
            let mut full = [[0.0; N]; N];
            self.params.jacobian(&y, &mut full);
            jac[IV][IV] = 1.0;
            for ion in Ion::ALL {
                let k = IX + ion.index();
                jac[IV][k] = -self.params.kappa * f64::from(ion.valence());
                if self.ion_is_frozen(ion) {
                    jac[k][k] = 1.0;
                } else {
                    jac[k].copy_from_slice(&full[k][..6]);
                }
            }
            if self.params.k_w > 0.0 {
                jac[IW].copy_from_slice(&full[IW][..6]);
            } else {
                jac[IW][IW] = 1.0;
            }
            return jac;
        }
        for j in 0..6 {
            let mut up = *u;
            let h = f64::EPSILON.sqrt() * u[j].abs().max(1e-3);
            up[j] += h;
            let rp = self.steady_residual(&up, y_ref);
            for i in 0..6 {
                jac[i][j] = (rp[i] - r[i]) / (up[j] - u[j]);
            }
        }
        jac
    }

    /// [`newton`](Self::newton) started from V, the amounts and the volume
    /// of `start` instead of `y_ref`'s.
    fn newton_from(&self, start: &[f64; N], y_ref: &[f64; N]) -> Option<[f64; N]> {
        let mut u = [0.0; 6];
        u.copy_from_slice(&start[..6]);
        let scale = |r: &[f64; 6], row: &[f64; 6]| -> f64 {
            r.iter()
                .zip(row)
                .map(|(a, b)| (a / b).abs())
                .fold(0.0, f64::max)
        };
        let mut row_scale = [1.0; 6];
        let mut r = self.steady_residual(&u, y_ref);
        for iter in 0..100 {
            let jac = self.steady_jacobian(&u, &r, y_ref);
            if iter == 0 {
                for i in 0..6 {
                    row_scale[i] = jac[i]
                        .iter()
                        .fold(0.0f64, |m, v| m.max(v.abs()))
                        .max(1e-300);
                }
            }
            // Factored as the leading block of an N × N identity: the
            // integrator's LU, not a second copy of it for 6 × 6.
            let mut w = [[0.0; N]; N];
            for i in 0..N {
                if i < 6 {
                    w[i][..6].copy_from_slice(&jac[i]);
                } else {
                    w[i][i] = 1.0;
                }
            }
            let lu = Lu::factor_leading(w, 6)?;
            let mut b = [0.0; N];
            for i in 0..6 {
                b[i] = -r[i];
            }
            lu.solve(&mut b);
            let mut du = [0.0; 6];
            du.copy_from_slice(&b[..6]);
            let r_norm = scale(&r, &row_scale);
            let mut lambda = 1.0;
            let mut accepted = false;
            for _ in 0..40 {
                let mut un = u;
                for i in 0..6 {
                    un[i] += lambda * du[i];
                }
                let positive = un[IX..IW].iter().all(|&x| x > 0.0) && un[IW] > 0.0;
                if positive {
                    let rn = self.steady_residual(&un, y_ref);
                    let rn_norm = scale(&rn, &row_scale);
                    if rn_norm.is_finite() && (rn_norm < r_norm || rn_norm < 1e-15) {
                        u = un;
                        r = rn;
                        accepted = true;
                        break;
                    }
                }
                lambda *= 0.5;
            }
            let step_small = (0..6).all(|i| (lambda * du[i]).abs() <= 1e-12 * u[i].abs().max(1e-6));
            if scale(&r, &row_scale) < 1e-14 || (accepted && step_small) {
                let mut y = *y_ref;
                y[..6].copy_from_slice(&u);
                self.params.set_gates_steady(&mut y);
                return Some(y);
            }
            if !accepted {
                return None;
            }
        }
        None
    }

    /// The currents with the present concentrations and V held at `v`.
    pub fn clamp(&self, v: Millivolts) -> ClampPoint {
        clamp_point(&self.params.currents_at(&self.y, v.0), v.0)
    }

    /// An I–V curve at the present concentrations: `n` points from `from` to `to`.
    pub fn iv_curve(&self, from: Millivolts, to: Millivolts, n: usize) -> Vec<ClampPoint> {
        let n = n.max(2);
        (0..n)
            .map(|k| {
                let v = from.0 + (to.0 - from.0) * k as f64 / (n - 1) as f64;
                self.clamp(Millivolts(v))
            })
            .collect()
    }

    /// How well ion amounts and charge are conserved since the last start or
    /// change. Uses the state as the integrator carries it: each component plus
    /// the rounding its compensated sum has set aside.
    pub fn conservation(&self) -> Conservation {
        let comp = self.ode.compensation();
        let y: [f64; N] = std::array::from_fn(|i| self.y[i] - comp[i]);
        let ion_rel_error = IonMap::from_fn(|i| {
            let k = i.index();
            // K⁺ also comes in from the electrode.
            let injected = if i == Ion::K { y[IQ] } else { 0.0 };
            let now = y[IX + k] + y[IMOVED + k] - injected;
            ((now - self.ledger[k]) / self.ledger[k]).abs()
        });
        // The charge inside as the currents left it: at the start (the ledger)
        // less what the moved-out counters say crossed, each with its compensation.
        let p = &self.params;
        let crossed = compensated_sum(
            Ion::ALL
                .iter()
                .flat_map(|&i| {
                    let (z, k) = (f64::from(i.valence()), i.index());
                    [
                        z * self.ledger[k],
                        -z * self.y[IMOVED + k],
                        z * comp[IMOVED + k],
                    ]
                })
                .chain([p.z_a * p.x_a, p.charge_lo, self.y[IQ], -comp[IQ]]),
        );
        let charge = p.kappa * crossed;
        let charge_rel_error = (y[IV] - charge).abs() / y[IV].abs().max(1.0);
        // The same from the currents' own integral, not from the counters.
        let carried = compensated_sum(
            Ion::ALL
                .iter()
                .map(|&i| f64::from(i.valence()) * self.ledger[i.index()])
                .chain([p.z_a * p.x_a, p.charge_lo, -self.y[ICH], comp[ICH]]),
        );
        let current_rel_error = (y[IV] - p.kappa * carried).abs() / y[IV].abs().max(1.0);
        Conservation {
            ion_rel_error,
            charge_rel_error,
            current_rel_error,
        }
    }

    /// All readouts at the present state.
    pub fn readouts(&self) -> Readouts {
        let p = &self.params;
        let y = &self.y;
        let c_in = p.c_in(y);
        let v = y[IV];
        let e = self.nernst(&c_in);
        let cur: Currents = p.currents(y);
        let area = p.area_cm2;
        let to_ions = |i_a_cm2: f64, z: i32| i_a_cm2 * area / (f64::from(z) * F) * N_A;
        let mm_to_ions = p.w0_l * 1e-3 * N_A;
        let cycles_s = cycles_per_second(cur.pump, area);
        let q_e = p.c_m * area * v * 1e-3 / (F / N_A);
        let v_zero = resting_potential(
            &p.membrane_perm(),
            &c_in,
            &p.c_out,
            cur.pump - cur.injected,
            p.t_kelvin,
        )
        .unwrap_or(v);
        Readouts {
            t_s: self.t,
            v_mv: v,
            e_mv: e,
            driving_force_mv: e.map(|_, e| v - e),
            leak_current_ua_cm2: cur.leak.map(|_, i| i * 1e6),
            pump_current_ua_cm2: cur.pump * 1e6,
            injected_current_ua_cm2: self.scenario.injected_current_ua_cm2,
            net_current_ua_cm2: cur.net() * 1e6,
            net_efflux_ions_s: IonMap::from_fn(|i| to_ions(cur.ion_total(i), i.valence())),
            leak_efflux_ions_s: IonMap::from_fn(|i| to_ions(cur.leak.get(i), i.valence())),
            pump_cycles_s: cycles_s,
            atp_s: cycles_s * ATP_PER_CYCLE,
            c_in_mm: c_in,
            c_out_mm: p.c_out,
            impermeant_mm: p.x_a / y[IW],
            volume_rel: y[IW],
            osmolarity_mm: (p.osm_in(y), p.osm_out),
            moved_ions: IonMap::from_fn(|i| y[IMOVED + i.index()] * mm_to_ions),
            moved_fraction: IonMap::from_fn(|i| y[IMOVED + i.index()] / self.content[i.index()]),
            membrane_charge_e: q_e,
            membrane_charge_fraction_of_k: q_e.abs() / (y[IX + Ion::K.index()] * mm_to_ions),
            pump_cycles_total: y[ICYC] * mm_to_ions,
            v_zero_current_mv: v_zero,
            gated: self.gated_readouts(),
        }
    }
}

/// What a failed integration from `t_s` over `span_s` tells the caller.
fn refusal(e: IntegrateError, t_s: f64, span_s: f64) -> ModelError {
    match e {
        IntegrateError::WorkLimit { steps, .. } => ModelError::TooMuchWork { t_s, span_s, steps },
        e => ModelError::NoConvergence {
            what: Solver::Integrator,
            detail: e.to_string(),
        },
    }
}

fn clamp_point(cur: &Currents, v: f64) -> ClampPoint {
    ClampPoint {
        v_mv: v,
        leak_ua_cm2: cur.leak.map(|_, i| i * 1e6),
        pump_ua_cm2: cur.pump * 1e6,
        total_ua_cm2: cur.net() * 1e6,
    }
}

/// Integrate the cell from `t` to `t_end`, calling `observe` after every
/// accepted step of a cell with channels. Natively a cell without channels
/// is integrated as [`Passive`](crate::system::Passive): without the gates,
/// and with a constant active block, so that the linear algebra unrolls (the
/// 2-hour run-down takes 60 % longer with all 16 components and the block
/// chosen at each step). The page's build keeps one copy of the integrator.
fn integrate_cell(
    ode: &mut Rosenbrock<N>,
    params: &Params,
    t: &mut f64,
    y: &mut [f64; N],
    t_end: f64,
    observe: impl FnMut(f64, &[f64; N], f64, &[f64; N]),
) -> Result<(), IntegrateError> {
    use crate::system::N_PASSIVE;
    if cfg!(target_arch = "wasm32") || params.gated.is_some() {
        return ode.integrate_observed(params, t, y, t_end, observe);
    }
    let mut part = ode.leading::<N_PASSIVE>();
    let mut y13: [f64; N_PASSIVE] = std::array::from_fn(|i| y[i]);
    let res = part.integrate(&Passive::new(params, y), t, &mut y13, t_end);
    ode.take_leading(&part);
    y[..N_PASSIVE].copy_from_slice(&y13);
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The neuron after 1 h of ouabain, every check quiet.
    fn running() -> Simulation {
        let mut sim = Simulation::new(Scenario::preset("neuron").expect("preset")).expect("valid");
        sim.apply(Command::SetOuabain(1.0)).expect("block");
        sim.advance(Seconds(3600.0)).expect("runs");
        let c = sim.conservation();
        assert!(c.ion_rel_error.iter().all(|(_, e)| e <= 1e-10), "{c:?}");
        assert!(
            c.charge_rel_error <= 1e-10 && c.current_rel_error <= 1e-9,
            "{c:?}"
        );
        sim
    }

    /// A planted fault in the bookkeeping: Na⁺ added inside with no counter
    /// told. The ion check fires at once, the charge checks once V follows
    /// the amounts (the next step).
    #[test]
    fn an_amount_changed_behind_the_counters_back_fires_the_checks() {
        let mut sim = running();
        sim.y[IX] += 1e-8;
        assert!(sim.conservation().ion_rel_error.na > 1e-10);
        sim.advance(Seconds(1.0)).expect("runs");
        let c = sim.conservation();
        assert!(c.ion_rel_error.na > 1e-10, "{c:?}");
        assert!(c.charge_rel_error > 1e-10, "{c:?}");
        assert!(c.current_rel_error > 1e-9, "{c:?}");
    }

    /// A planted fault the counters cannot see: Na⁺ moved in with its
    /// counter kept in step, but by no current. Ions and the counters'
    /// charge still balance; the charge against the currents' own integral
    /// fires: the check the tied counters leave able to fail.
    #[test]
    fn charge_moved_by_no_current_fires_the_current_check() {
        let mut sim = running();
        sim.y[IX] += 1e-10;
        sim.y[IMOVED] -= 1e-10;
        sim.advance(Seconds(1.0)).expect("runs");
        let c = sim.conservation();
        assert!(c.ion_rel_error.iter().all(|(_, e)| e <= 1e-10), "{c:?}");
        assert!(c.charge_rel_error <= 1e-10, "{c:?}");
        assert!(c.current_rel_error > 1e-9, "{c:?}");
    }

    /// The steady state's Jacobian in closed form (a cell without
    /// channels) against central differences of its residual, at a state
    /// off the steady one (every amount and the volume 3 % off, V 2 mV
    /// off): every preset without channels, rigid and swelling, with the
    /// pump working and blocked (ions frozen or not), to 1e-6 of each row's
    /// largest entry.
    #[test]
    fn the_steady_jacobian_in_closed_form_matches_differences() {
        let mut cells = 0;
        for name in crate::scenario::PRESET_NAMES {
            let base = Scenario::preset(name).expect("preset");
            if base.channels.is_some() {
                continue;
            }
            for swelling in [false, true] {
                for ouabain in [0.0, 1.0] {
                    let mut s = base.clone();
                    s.cell.volume = if swelling {
                        VolumeMode::Swelling
                    } else {
                        VolumeMode::Rigid
                    };
                    let Ok(mut sim) = Simulation::new(s) else {
                        continue;
                    };
                    sim.apply(Command::SetOuabain(ouabain)).expect("valid");
                    let y_ref = sim.y;
                    let mut u = [0.0; 6];
                    u.copy_from_slice(&y_ref[..6]);
                    u[IV] += 2.0;
                    for x in &mut u[IX..=IW] {
                        *x *= 1.03;
                    }
                    assert!(sim.params.gated.is_none());
                    let r = sim.steady_residual(&u, &y_ref);
                    let jac = sim.steady_jacobian(&u, &r, &y_ref);
                    for j in 0..6 {
                        let h = 1e-6 * u[j].abs().max(1e-3);
                        let (mut up, mut dn) = (u, u);
                        up[j] += h;
                        dn[j] -= h;
                        let (rp, rn) = (
                            sim.steady_residual(&up, &y_ref),
                            sim.steady_residual(&dn, &y_ref),
                        );
                        for i in 0..6 {
                            let fd = (rp[i] - rn[i]) / (up[j] - dn[j]);
                            let big = jac[i].iter().fold(0.0f64, |m, v| m.max(v.abs()));
                            assert!(
                                (jac[i][j] - fd).abs() <= 1e-6 * big.max(1e-300),
                                "{name} swelling {swelling} ouabain {ouabain}: \
                                 J[{i}][{j}] {} against {fd}",
                                jac[i][j]
                            );
                        }
                    }
                    cells += 1;
                }
            }
        }
        assert!(cells >= 20, "{cells} cells");
    }
}
