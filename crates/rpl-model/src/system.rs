//! The pump-leak system as ODEs.
//!
//! One well-mixed cell in a bath of fixed composition. State vector (units):
//!
//! | index | quantity | unit |
//! |---|---|---|
//! | 0 | V, membrane voltage | mV |
//! | 1–4 | amount of Na⁺, K⁺, Cl⁻, Ca²⁺ inside, as mM of the *starting* volume (n_s / W₀) | mM |
//! | 5 | w = W / W₀, relative volume | – |
//! | 6–9 | net amount of each ion that has left the cell | mM of W₀ |
//! | 10 | K⁺ brought in by the injected current | mM of W₀ |
//! | 11 | pump cycles | mM of W₀ |
//! | 12 | net charge carried out by the membrane currents (leaks + gated + synaptic + pump − injected; the electroneutral cotransporters carry none) | mM of W₀ |
//! | 13–15 | Hodgkin–Huxley gates m, h, n (constant 0 when the cell has no channels) | – |
//!
//! Equations (i in A/cm², outward positive; a = A/W₀ in cm²/L):
//!
//! * dn_s/dt = −a · i_s,total / (z_s F) with i_Na,total = i_Na + i_Na,gated +
//!   i_Na,syn + 3 I_p + J_NKCC1, i_K,total = i_K + i_K,gated + i_K,syn − 2 I_p
//!   + J_KCC2 + J_NKCC1, i_Cl,total = i_Cl + i_Cl,syn − J_KCC2 − 2 J_NKCC1;
//! * the cotransporters (when the scenario has
//!   [`Cotransporters`]) are electroneutral: their turnover J, as F × cycles
//!   per cm² and second in A/cm², outward positive, is each one's capacity
//!   times its thermodynamic force (Düsterwald et al. 2018, *eLife*
//!   7:e39575, for KCC2), J_KCC2 = g_KCC2 (RT/F) ln(K_i Cl_i / (K_o Cl_o))
//!   and J_NKCC1 = g_NKCC1 (RT/F) ln(Na_i K_i Cl_i² / (Na_o K_o Cl_o²)),
//!   from the live concentrations. Their shares of the ions' currents sum
//!   to zero, so they change the amounts but neither V's charge balance nor
//!   the net current;
//! * the synaptic currents (when the scenario has
//!   [`Synapses`], or a synaptic pulse is on) are GHK currents like the
//!   leaks', with the synapses' permeabilities ([`Synapses::perm`]: the
//!   excitatory one's for Na⁺ and K⁺ each, the inhibitory one's for Cl⁻);
//! * the gated currents (when the scenario has
//!   [`Channels`](crate::scenario::Channels)) are ohmic at the
//!   cell's own Nernst potentials from the live concentrations:
//!   i_Na,gated = ḡ_Na m³h (V − E_Na), i_K,gated = ḡ_K n⁴ (V − E_K), and each
//!   gate x follows dx/dt = q10 (α_x(V) (1 − x) − β_x(V) x) with the rates
//!   of the channels' kinetic set (HH's or Traub & Miles's, [`crate::gating`];
//!   1/ms, so × 1000 per second);
//! * the injected current is carried by K⁺ (as from a K⁺-based pipette):
//!   dn_K/dt gains a · I_inj / F. Charge then always sits on some ion, so a
//!   steady state with a held current exists: every amount constant and
//!   Σ i_s + I_p = I_inj (the K⁺ the electrode brings in leaves through the membrane);
//! * C dV/dt = −(Σ i_s + I_p − I_inj), so that V = κ (Σ z_s x_s + z_A x_A),
//!   κ = F / (c_m a) (mV per mM of uncompensated charge). V stays in the state
//!   (its error is controlled, its Jacobian row used), but after every accepted
//!   step it is set from the amounts inside ([`OdeSystem::project`]), so the
//!   charge balance holds exactly rather than as an integrated invariant;
//! * the moved-out counters are not integrated on their own: each step
//!   adds to a counter minus its ion's step inside (K⁺: plus the injected
//!   K⁺'s step) ([`OdeSystem::tied`]), so inside + moved out holds to the
//!   rounding of the exact sums. Component 12 is the check that can still
//!   fail: the net membrane current, as [`Currents::net`] gives it,
//!   integrated on its own (its Jacobian row is minus the charge row, so
//!   the integrator keeps it equal to the charge that left up to rounding;
//!   it has no absolute tolerance, so it does not steer the steps);
//! * dw/dt = k_w (Osm_in − Osm_out) when swelling, 0 when rigid; Osm_in = (Σ x_s + x_A) / w;
//!   the bath holds enough impermeant solute to make the starting cell isotonic.

use crate::constants::{F, WATER_MOLAR_VOLUME_CM3};
use crate::electro::{ghk_current_and_derivatives_with, ghk_currents, ghk_exp, thermal_voltage};
use crate::gating::Gated;
use crate::integrator::OdeSystem;
use crate::ion::{Ion, IonMap};
use crate::pump::{AtpFall, Pump, K_PER_CYCLE, NA_PER_CYCLE};
use crate::scenario::{Cotransporters, Scenario, Synapses, VolumeMode};

/// Length of the state vector.
pub const N: usize = 16;
/// Index of V.
pub const IV: usize = 0;
/// Index of the first ion amount (Na, then K, Cl, Ca).
pub const IX: usize = 1;
/// Index of the relative volume.
pub const IW: usize = 5;
/// Index of the first "moved out" counter.
pub const IMOVED: usize = 6;
/// Index of the counter of K⁺ brought in by the injected current.
pub const IQ: usize = 10;
/// Index of the pump-cycle counter.
pub const ICYC: usize = 11;
/// Index of the net charge the membrane currents carried out (integrated
/// from [`Currents::net`], independent of the amounts and their counters).
pub const ICH: usize = 12;
/// Index of the first Hodgkin–Huxley gate (m, then h, n).
pub const IGATE: usize = 13;
/// Index of m, the Na⁺ channels' activation.
pub const IM: usize = 13;
/// Index of h, the Na⁺ channels' inactivation.
pub const IH: usize = 14;
/// Index of n, the K⁺ channels' activation.
pub const IN: usize = 15;

/// The open fractions of the Na⁺ (m³h) and K⁺ (n⁴) channels at state y.
pub fn open_fractions(y: &[f64; N]) -> (f64, f64) {
    let (m, h, n) = (y[IM], y[IH], y[IN]);
    (m * m * m * h, n * n * n * n)
}

/// Parameters derived from a scenario, in the units the equations use.
#[derive(Debug, Clone, PartialEq)]
pub struct Params {
    /// Absolute temperature, K.
    pub t_kelvin: f64,
    /// Permeabilities, cm/s.
    pub perm: IonMap<f64>,
    /// Bath, mM.
    pub c_out: IonMap<f64>,
    /// Pump.
    pub pump: Pump,
    /// Specific capacitance, F/cm².
    pub c_m: f64,
    /// Membrane area, cm².
    pub area_cm2: f64,
    /// Starting volume, L.
    pub w0_l: f64,
    /// A / W₀, cm²/L.
    pub a_w: f64,
    /// mV per mM of uncompensated charge.
    pub kappa: f64,
    /// Impermeant anions, mM of W₀.
    pub x_a: f64,
    /// Their mean valence.
    pub z_a: f64,
    /// The impermeant charge below the rounding of z_A·x_A, mM of W₀ (about
    /// 1e-14 mM): set at each start so that the charge inside gives the
    /// starting V to the last bit ([`Params::balance_charge`]).
    pub charge_lo: f64,
    /// Bath osmolarity, mM.
    pub osm_out: f64,
    /// Water-flow coefficient, 1/(mM·s); 0 when rigid.
    pub k_w: f64,
    /// Injected current density, A/cm² (positive = into the cell).
    pub i_inj: f64,
    /// The stimulus's current density on top of it, A/cm² (positive = into
    /// the cell, carried by K⁺ as the injected current is): set by
    /// [`crate::Simulation`] for each piece of time over which the stimulus
    /// is constant, 0 when no pulse is on.
    pub i_stim: f64,
    /// Voltage-gated channels, when the scenario has them.
    pub gated: Option<Gated>,
    /// The scenario's tonic synaptic permeabilities (both 0 when it has none).
    pub syn: Synapses,
    /// The synaptic pulses' permeabilities on top of them: set by
    /// [`crate::Simulation`] for each piece of time over which they are
    /// constant, 0 when no pulse is on.
    pub syn_pulse: Synapses,
    /// The Cl⁻ cotransporters' capacities, S/cm² (both 0 when the scenario
    /// has none).
    pub cotransport: Cotransporters,
    /// Ischaemia: the pump's capacity falling with time (none when the
    /// scenario's `ischaemia_tau_s` is 0). Then f depends on t and the
    /// integrator is told so ([`OdeSystem::time_dependent`]).
    pub atp: Option<AtpFall>,
    /// The model time, s, of the state the time-free methods read
    /// ([`currents`](Params::currents), [`OdeSystem::rhs`], the Jacobian):
    /// kept by [`crate::Simulation`]; only the pump's capacity in ischaemia
    /// depends on it.
    pub t_s: f64,
}

/// Currents at one state, A/cm², outward positive.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Currents {
    /// Leak (GHK) current of each ion.
    pub leak: IonMap<f64>,
    /// Voltage-gated current of each ion (Na⁺ and K⁺; zero without channels).
    pub gated: IonMap<f64>,
    /// Synaptic (GHK) current of each ion: Na⁺ and K⁺ through the
    /// excitatory synapse, Cl⁻ through the inhibitory one (zero without synapses).
    pub synaptic: IonMap<f64>,
    /// Pump current (net outward, one charge per cycle).
    pub pump: f64,
    /// KCC2's turnover, F × cycles per cm² and second, A/cm²: positive when
    /// it moves K⁺ and Cl⁻ out (one each per cycle). Electroneutral: not a
    /// membrane current, not in [`net`](Currents::net).
    pub kcc2: f64,
    /// NKCC1's turnover, likewise: positive when it moves one Na⁺, one K⁺
    /// and two Cl⁻ out per cycle (so negative when it brings them in).
    pub nkcc1: f64,
    /// Injected current (into the cell).
    pub injected: f64,
}

impl Currents {
    /// Total current of each ion: leak, gated, synaptic, the pump's share
    /// (Na +3 I_p, K −2 I_p), and, with cotransporters, theirs (each ion's
    /// charge times the ions of it each moves out per cycle: Na +J_NKCC1,
    /// K +J_KCC2 + J_NKCC1, Cl −J_KCC2 − 2 J_NKCC1; zero in sum).
    pub fn ion_total(&self, ion: Ion) -> f64 {
        let total = self.leak.get(ion)
            + self.gated.get(ion)
            + self.synaptic.get(ion)
            + match ion {
                Ion::Na => NA_PER_CYCLE * self.pump,
                Ion::K => -K_PER_CYCLE * self.pump,
                _ => 0.0,
            };
        if self.kcc2 == 0.0 && self.nkcc1 == 0.0 {
            return total;
        }
        total + self.cotransport_share(ion)
    }

    /// The cotransporters' share of an ion's current, A/cm²: its valence
    /// times the ions of it both move out (Na⁺: J_NKCC1; K⁺: J_KCC2 +
    /// J_NKCC1; Cl⁻: −(J_KCC2 + 2 J_NKCC1); Ca²⁺: none).
    pub fn cotransport_share(&self, ion: Ion) -> f64 {
        match ion {
            Ion::Na => self.nkcc1,
            Ion::K => self.kcc2 + self.nkcc1,
            Ion::Cl => -(self.kcc2 + 2.0 * self.nkcc1),
            Ion::Ca => 0.0,
        }
    }

    /// Net membrane current: leaks + gated + synaptic + pump − injected (the
    /// electroneutral cotransporters carry none).
    pub fn net(&self) -> f64 {
        self.leak.iter().map(|(_, i)| i).sum::<f64>()
            + self.gated.iter().map(|(_, i)| i).sum::<f64>()
            + self.synaptic.iter().map(|(_, i)| i).sum::<f64>()
            + self.pump
            - self.injected
    }

    /// The excitatory synapse's current (its Na⁺ and K⁺ together), A/cm².
    pub fn synaptic_exc(&self) -> f64 {
        self.synaptic.na + self.synaptic.k
    }

    /// The inhibitory synapse's current (its Cl⁻), A/cm².
    pub fn synaptic_inh(&self) -> f64 {
        self.synaptic.cl
    }
}

impl Params {
    /// Derive from a (validated) scenario. `x_a` is set later from the initial state.
    pub fn from_scenario(s: &Scenario) -> Params {
        let area = s.cell.area_cm2();
        let w0 = s.cell.volume_l();
        let a_w = area / w0;
        let c_m = s.cell.capacitance_uf_cm2 * 1e-6;
        let k_w = match s.cell.volume {
            VolumeMode::Rigid => 0.0,
            // P_f [cm/s] · A/W₀ [cm²/cm³] · v_w [cm³/mol] · 1e-6 [mol/cm³ per mM]
            VolumeMode::Swelling => {
                s.cell.water_permeability_cm_s * (a_w / 1000.0) * WATER_MOLAR_VOLUME_CM3 * 1e-6
            }
        };
        Params {
            t_kelvin: s.temperature_k(),
            perm: s.permeability_cm_s,
            c_out: s.outside_mm,
            pump: s.pump,
            c_m,
            area_cm2: area,
            w0_l: w0,
            a_w,
            kappa: F / (c_m * a_w),
            x_a: 0.0,
            z_a: s.impermeant_valence,
            charge_lo: 0.0,
            osm_out: 0.0,
            k_w,
            i_inj: s.injected_current_ua_cm2 * 1e-6,
            i_stim: 0.0,
            gated: s.channels.map(|c| c.gated(s.temperature_c)),
            syn: s.synapses.unwrap_or(Synapses::NONE),
            syn_pulse: Synapses::NONE,
            cotransport: s.cotransporters.unwrap_or(Cotransporters::NONE),
            atp: (s.pump.ischaemia_tau_s > 0.0).then_some(AtpFall {
                tau_s: s.pump.ischaemia_tau_s,
                t_on_s: 0.0,
                a_on: 1.0,
            }),
            t_s: 0.0,
        }
    }

    /// The pump at model time `t_s`: the scenario's, its capacity scaled by
    /// the fraction ATP has left in ischaemia (the scenario's to the bit
    /// without).
    pub fn pump_at(&self, t_s: f64) -> Pump {
        match &self.atp {
            Some(a) => Pump {
                max_current_ua_cm2: self.pump.max_current_ua_cm2 * a.fraction(t_s),
                ..self.pump
            },
            None => self.pump,
        }
    }

    /// The pump now ([`t_s`](Params::t_s)).
    pub fn pump_now(&self) -> Pump {
        self.pump_at(self.t_s)
    }

    /// The cotransporters' turnovers (KCC2, NKCC1), A/cm² as F × cycles per
    /// cm² and second, outward positive, at the inside concentrations `c_in`
    /// (mM): each capacity times (RT/F) times the log of its ions' products
    /// inside over outside, KCC2's ln(K_i Cl_i / (K_o Cl_o)), NKCC1's
    /// ln(Na_i K_i Cl_i² / (Na_o K_o Cl_o²)), each product formed before the
    /// one logarithm (so a flux is 0 to the bit where they are equal). Zero
    /// for a transporter the cell does not have.
    pub fn cotransport_fluxes(&self, c_in: &IonMap<f64>) -> (f64, f64) {
        let ct = &self.cotransport;
        let (ci, co) = (c_in, &self.c_out);
        let vt = thermal_voltage(self.t_kelvin);
        let kcc2 = if ct.g_kcc2_s_cm2 > 0.0 {
            ct.g_kcc2_s_cm2 * vt * (ci.k * ci.cl / (co.k * co.cl)).ln()
        } else {
            0.0
        };
        let nkcc1 = if ct.g_nkcc1_s_cm2 > 0.0 {
            let inside = ci.na * ci.k * ci.cl * ci.cl;
            let outside = co.na * co.k * co.cl * co.cl;
            ct.g_nkcc1_s_cm2 * vt * (inside / outside).ln()
        } else {
            0.0
        };
        (kcc2, nkcc1)
    }

    /// The synaptic permeabilities now: tonic plus any pulse on.
    pub fn synapses_now(&self) -> Synapses {
        self.syn.plus(&self.syn_pulse)
    }

    /// Every ion's permeability through the leaks and the synapses now,
    /// cm/s (the leaks' alone, to the bit, without synapses).
    pub fn membrane_perm(&self) -> IonMap<f64> {
        let syn = self.synapses_now().perm();
        IonMap::from_fn(|i| self.perm.get(i) + syn.get(i))
    }

    /// The reversal potentials of the two synapses at state y, mV: the V
    /// at which each one's own current is zero. The excitatory synapse
    /// passes Na⁺ and K⁺ with equal permeabilities, so its GHK current is
    /// zero at (RT/F) ln((Na_o + K_o) / (Na_i + K_i)); the inhibitory one
    /// passes Cl⁻ alone, so at E_Cl. Both from the live concentrations,
    /// whether or not the synapses are on.
    pub fn synaptic_reversals(&self, y: &[f64; N]) -> (f64, f64) {
        let (ci, co) = (self.c_in(y), &self.c_out);
        let vt = 1e3 * thermal_voltage(self.t_kelvin);
        let e_exc = vt * ((co.na + co.k) / (ci.na + ci.k)).ln();
        let e_inh = -vt * (co.cl / ci.cl).ln();
        (e_exc, e_inh)
    }

    /// Set the gates of y to their steady state at its V (to 0 when the
    /// cell has no channels).
    pub fn set_gates_steady(&self, y: &mut [f64; N]) {
        let x = match &self.gated {
            Some(g) => g.kinetics.steady(y[IV]),
            None => [0.0; 3],
        };
        y[IGATE..IGATE + 3].copy_from_slice(&x);
    }

    /// Inside concentrations, mM, at state y.
    pub fn c_in(&self, y: &[f64; N]) -> IonMap<f64> {
        let w = y[IW];
        IonMap::from_fn(|i| y[IX + i.index()] / w)
    }

    /// Currents at state y.
    pub fn currents(&self, y: &[f64; N]) -> Currents {
        self.currents_at(y, y[IV])
    }

    /// Currents with the concentrations of y but the voltage `v_mv` (voltage clamp).
    pub fn currents_at(&self, y: &[f64; N], v_mv: f64) -> Currents {
        self.currents_at_time(self.t_s, y, v_mv)
    }

    /// Currents at model time `t_s` (which sets the pump's capacity in
    /// ischaemia), the concentrations of y and the voltage `v_mv`.
    pub fn currents_at_time(&self, t_s: f64, y: &[f64; N], v_mv: f64) -> Currents {
        let c_in = self.c_in(y);
        let mut gated = IonMap::default();
        if let Some(g) = &self.gated {
            let (na, k) = open_fractions(y);
            let vt = 1e3 * thermal_voltage(self.t_kelvin);
            // S/cm² · mV · 1e-3 = A/cm²; E from the live concentrations.
            let e = |ion: Ion| vt * (self.c_out.get(ion) / c_in.get(ion)).ln();
            gated.na = 1e-3 * g.g_na * na * (v_mv - e(Ion::Na));
            gated.k = 1e-3 * g.g_k * k * (v_mv - e(Ion::K));
        }
        let syn = self.synapses_now();
        let synaptic = if syn.is_none() {
            IonMap::default()
        } else {
            ghk_currents(&syn.perm(), &c_in, &self.c_out, v_mv, self.t_kelvin)
        };
        let (kcc2, nkcc1) = if self.cotransport.is_none() {
            (0.0, 0.0)
        } else {
            self.cotransport_fluxes(&c_in)
        };
        Currents {
            leak: ghk_currents(&self.perm, &c_in, &self.c_out, v_mv, self.t_kelvin),
            gated,
            synaptic,
            pump: self.pump_at(t_s).current(c_in.na, self.c_out.k),
            kcc2,
            nkcc1,
            injected: self.i_inj + self.i_stim,
        }
    }

    /// Osmolarity inside, mM.
    pub fn osm_in(&self, y: &[f64; N]) -> f64 {
        (y[IX..IX + 4].iter().sum::<f64>() + self.x_a) / y[IW]
    }

    /// Charge balance: V − κ (Σ z x + z_A x_A + q), mV. Zero for a consistent state.
    pub fn charge_residual(&self, y: &[f64; N]) -> f64 {
        y[IV] - self.kappa * self.net_charge_mm(y)
    }

    /// Rate of change of the net charge inside (mM/s) from the amounts' rates in `dy`.
    fn charge_rate(&self, dy: &[f64]) -> f64 {
        Ion::ALL
            .iter()
            .map(|&i| f64::from(i.valence()) * dy[IX + i.index()])
            .sum::<f64>()
    }

    /// Net charge inside, mM of W₀ (elementary charges).
    /// Summed with Neumaier compensation: the terms are ~100 mM and their sum ~1e-3 mM.
    pub fn net_charge_mm(&self, y: &[f64; N]) -> f64 {
        self.net_charge_compensated_mm(y, &[0.0; N])
    }

    /// Net charge inside, mM of W₀, of the amounts `y[k] - comp[k]` (each
    /// amount with the rounding its compensated sum has set aside, so that the
    /// ~1e-14 mM rounding of a ~100 mM amount, κ × that ≈ 5e-10 mV in a
    /// 20 µm cell, does not enter the charge). The ions' products are exact
    /// (valences ±1, ±2) and the ten terms are summed with Neumaier compensation.
    pub fn net_charge_compensated_mm(&self, y: &[f64; N], comp: &[f64; N]) -> f64 {
        let terms = Ion::ALL
            .iter()
            .flat_map(|&i| {
                let z = f64::from(i.valence());
                [z * y[IX + i.index()], -z * comp[IX + i.index()]]
            })
            .chain([self.z_a * self.x_a, self.charge_lo]);
        compensated_sum(terms)
    }

    /// Set [`charge_lo`](Params::charge_lo) so that κ × the net charge of the
    /// amounts in `y` gives `y[IV]` to its last bit: x_a alone balances V
    /// only to its own rounding, κ × 1e-14 mM ≈ 5e-10 mV in a 20 µm cell and
    /// 7e-8 mV in the squid axon.
    pub fn balance_charge(&mut self, y: &[f64; N]) {
        self.charge_lo = 0.0;
        let q = self.net_charge_mm(y);
        self.charge_lo = compensated_sum([y[IV] / self.kappa, -q]);
    }
}

/// Sum with Neumaier compensation: exact to about one rounding of the result
/// when the terms cancel (charges of ~100 mM summing to ~1e-3 mM).
pub fn compensated_sum(terms: impl IntoIterator<Item = f64>) -> f64 {
    let (mut sum, mut c) = (0.0f64, 0.0f64);
    for t in terms {
        let s = sum + t;
        c += if sum.abs() >= t.abs() {
            (sum - s) + t
        } else {
            (t - s) + sum
        };
        sum = s;
    }
    sum + c
}

impl Params {
    /// The Jacobian at y into an M × M matrix: M = [`N`], or [`N_PASSIVE`]
    /// for a cell without channels (the gates' rows and columns left out),
    /// or [`N_LEAN`] (the counters' too).
    #[inline]
    fn jacobian_into<const M: usize>(&self, t_s: f64, y: &[f64; N], jac: &mut [[f64; M]; M]) {
        for row in jac.iter_mut() {
            *row = [0.0; M];
        }
        let w = y[IW];
        let v = y[IV];
        let to_mm = self.a_w * 1e3 / F;
        let na_in = y[IX + Ion::Na.index()] / w;
        let (_, dpump) = self
            .pump_at(t_s)
            .current_and_derivative(na_in, self.c_out.k);
        let e1 = ghk_exp(v, self.t_kelvin);
        // The leaks' and the synapses' GHK currents are linear in the
        // permeability: their derivatives are those of one current with
        // the two permeabilities summed (the leak's alone without synapses).
        let perm = self.membrane_perm();
        // The cotransporters' turnovers depend on the concentrations alone,
        // g (RT/F) Σ ν_s ln(n_s / (w c_o,s)) with ν_s ions of s per cycle:
        // ∂J/∂n_s = g (RT/F) ν_s / n_s and ∂J/∂w = −g (RT/F) Σ ν_s / w. Per
        // transporter, the derivatives in Na, K, Cl, Ca and then w.
        let cotransport = (!self.cotransport.is_none()).then(|| {
            let vt = thermal_voltage(self.t_kelvin);
            let gk = self.cotransport.g_kcc2_s_cm2 * vt;
            let gn = self.cotransport.g_nkcc1_s_cm2 * vt;
            let n = |i: Ion| y[IX + i.index()];
            let kcc2 = [0.0, gk / n(Ion::K), gk / n(Ion::Cl), 0.0, -2.0 * gk / w];
            let nkcc1 = [
                gn / n(Ion::Na),
                gn / n(Ion::K),
                2.0 * gn / n(Ion::Cl),
                0.0,
                -4.0 * gn / w,
            ];
            (kcc2, nkcc1)
        });
        for ion in Ion::ALL {
            let s = ion.index();
            let c = y[IX + s] / w;
            let (_, di_dc, di_dv) = ghk_current_and_derivatives_with(
                ion.valence(),
                perm.get(ion),
                c,
                self.c_out.get(ion),
                v,
                self.t_kelvin,
                e1,
            );
            // out_s = i_s,total / z_s · to_mm; dn_s/dt = −out_s.
            let k = -to_mm / f64::from(ion.valence());
            let row = &mut jac[IX + s];
            row[IV] = k * di_dv;
            row[IX + s] = k * di_dc / w;
            // (A rigid cell's lean form leaves the volume's column out.)
            if M > IW {
                row[IW] = -k * di_dc * c / w;
            }
            let share = match ion {
                Ion::Na => NA_PER_CYCLE,
                Ion::K => -K_PER_CYCLE,
                _ => 0.0,
            };
            if share != 0.0 {
                row[IX + Ion::Na.index()] += k * share * dpump / w;
                if M > IW {
                    row[IW] -= k * share * dpump * na_in / w;
                }
            }
            if let Some(g) = self.gated.as_ref().filter(|_| M == N) {
                // i = 1e-3 ḡ o (V − E), E = vt ln(c_o w / n): ∂E/∂n = −vt/n, ∂E/∂w = vt/w.
                let (gbar, open, d_open) = match ion {
                    Ion::Na => {
                        let (m, h) = (y[IM], y[IH]);
                        (g.g_na, m * m * m * h, [3.0 * m * m * h, m * m * m, 0.0])
                    }
                    Ion::K => {
                        let n = y[IN];
                        (g.g_k, n * n * n * n, [0.0, 0.0, 4.0 * n * n * n])
                    }
                    _ => (0.0, 0.0, [0.0; 3]),
                };
                if gbar != 0.0 {
                    let vt = 1e3 * thermal_voltage(self.t_kelvin);
                    let drive = v - vt * (self.c_out.get(ion) / c).ln();
                    let gk = k * 1e-3 * gbar;
                    row[IV] += gk * open;
                    row[IX + s] += gk * open * vt / y[IX + s];
                    row[IW] -= gk * open * vt / w;
                    for (j, d) in d_open.iter().enumerate() {
                        row[IGATE + j] += gk * d * drive;
                    }
                }
            }
            if let Some((kcc2, nkcc1)) = &cotransport {
                // dn_s/dt = −to_mm (ν_KCC2,s J_KCC2 + ν_NKCC1,s J_NKCC1).
                let (nu_k, nu_n) = match ion {
                    Ion::Na => (0.0, 1.0),
                    Ion::K => (1.0, 1.0),
                    Ion::Cl => (1.0, 2.0),
                    Ion::Ca => (0.0, 0.0),
                };
                if nu_k != 0.0 || nu_n != 0.0 {
                    let row = &mut jac[IX + s];
                    for j in 0..4 {
                        row[IX + j] -= to_mm * (nu_k * kcc2[j] + nu_n * nkcc1[j]);
                    }
                    if M > IW {
                        row[IW] -= to_mm * (nu_k * kcc2[4] + nu_n * nkcc1[4]);
                    }
                }
            }
            if M > ICH {
                jac[IMOVED + s] = jac[IX + s].map(|x| -x);
            }
        }
        if let Some(g) = self.gated.as_ref().filter(|_| M == N) {
            let q = 1e3 * g.q10;
            let rates = g.kinetics.rates(v);
            let slopes = g.kinetics.rates_dv(v);
            for k in 0..3 {
                let x = y[IGATE + k];
                let (r, d) = (rates[k], slopes[k]);
                jac[IGATE + k][IV] = q * (d.alpha - (d.alpha + d.beta) * x);
                jac[IGATE + k][IGATE + k] = -q * (r.alpha + r.beta);
            }
        }
        if M > ICH {
            jac[ICYC][IX + Ion::Na.index()] = to_mm * dpump / w;
            jac[ICYC][IW] = -to_mm * dpump * na_in / w;
        }
        if self.k_w > 0.0 && M > IW {
            let inside = y[IX..IX + 4].iter().sum::<f64>() + self.x_a;
            for s in 0..4 {
                jac[IW][IX + s] = self.k_w / w;
            }
            jac[IW][IW] = -self.k_w * inside / (w * w);
        }
        self.refine_into(jac);
    }

    #[inline]
    fn refine_into<const M: usize>(&self, jac: &mut [[f64; M]; M]) {
        // ∂(Σ z_s dn_s/dt)/∂y_j, the amounts' rows summed as
        // [`charge_rate`](Self::charge_rate) sums (from −0.0, in the ions'
        // order): the same bits, without a column gathered for each j (in
        // the page's wasm, where nothing small is inlined, that was a tenth
        // of a run-down).
        let mut row = [-0.0f64; M];
        for ion in Ion::ALL {
            let z = f64::from(ion.valence());
            let amounts = &jac[IX + ion.index()];
            for (r, x) in row.iter_mut().zip(amounts) {
                *r += z * x;
            }
        }
        jac[IV] = row.map(|x| self.kappa * x);
        if M > ICH {
            jac[ICH] = row.map(|x| -x);
        }
    }
}

impl Params {
    /// ∂f/∂t at (t, y): f depends on t only through the pump's capacity in
    /// ischaemia, so this is f's pump terms (each amount's 3 : 2 share, V's
    /// and the carried charge's one charge per cycle, the cycle counter) at
    /// the rate dI_p/dt = I_p(t) · ȧ/a = −I_p(t)/τ; zero without ischaemia.
    fn pump_time_derivative<const M: usize>(&self, t_s: f64, y: &[f64; N], out: &mut [f64; M]) {
        *out = [0.0; M];
        let Some(atp) = &self.atp else {
            return;
        };
        let na_in = y[IX + Ion::Na.index()] / y[IW];
        let rate = if atp.fraction(t_s) > 0.0 {
            atp.rate(t_s) / atp.fraction(t_s)
        } else {
            0.0
        };
        let ip_dot = self.pump_at(t_s).current(na_in, self.c_out.k) * rate;
        let to_mm = self.a_w * 1e3 / F;
        let na = NA_PER_CYCLE * ip_dot * to_mm;
        let k = K_PER_CYCLE * ip_dot * to_mm;
        out[IX + Ion::Na.index()] = -na;
        out[IX + Ion::K.index()] = k;
        out[IV] = self.kappa * (k - na);
        if M > ICH {
            out[IMOVED + Ion::Na.index()] = na;
            out[IMOVED + Ion::K.index()] = -k;
            out[ICYC] = ip_dot * to_mm;
            out[ICH] = ip_dot * to_mm;
        }
    }
}

impl OdeSystem<N> for Params {
    fn rhs(&self, y: &[f64; N], dy: &mut [f64; N]) {
        self.rhs_at(self.t_s, y, dy)
    }

    /// In ischaemia ([`Params::atp`]) the pump's capacity falls with time.
    fn time_dependent(&self) -> bool {
        self.atp.is_some()
    }

    fn jacobian_at(&self, t: f64, y: &[f64; N], jac: &mut [[f64; N]; N]) -> bool {
        self.jacobian_into(t, y, jac);
        true
    }

    fn dfdt(&self, t: f64, y: &[f64; N], out: &mut [f64; N]) {
        self.pump_time_derivative(t, y, out);
    }

    fn rhs_at(&self, t: f64, y: &[f64; N], dy: &mut [f64; N]) {
        let cur = self.currents_at_time(t, y, y[IV]);
        // mol/(cm²·s) → mM/s of W₀: × a_w [cm²/L] × 1e3 [mM/M]
        let to_mm = self.a_w * 1e3 / F;
        for ion in Ion::ALL {
            let out = cur.ion_total(ion) / f64::from(ion.valence()) * to_mm;
            dy[IX + ion.index()] = -out;
            dy[IMOVED + ion.index()] = out;
        }
        // The injected current brings K⁺ in (positive = into the cell).
        dy[IQ] = cur.injected * to_mm;
        dy[IX + Ion::K.index()] += dy[IQ];
        // C dV/dt = −(Σ i + I_p − I_inj), written as κ d(net charge)/dt: the same
        // number, formed so that V = κ · net charge holds to rounding error.
        dy[IV] = self.kappa * self.charge_rate(dy);
        dy[IW] = if self.k_w > 0.0 {
            self.k_w * (self.osm_in(y) - self.osm_out)
        } else {
            0.0
        };
        dy[ICYC] = cur.pump * to_mm;
        dy[ICH] = cur.net() * to_mm;
        match &self.gated {
            Some(g) => {
                // HH's rates are per ms; the cell's time is in s.
                let q = 1e3 * g.q10;
                for (k, r) in g.kinetics.rates(y[IV]).iter().enumerate() {
                    let x = y[IGATE + k];
                    dy[IGATE + k] = q * (r.alpha - (r.alpha + r.beta) * x);
                }
            }
            None => dy[IGATE..IGATE + 3].fill(0.0),
        }
    }

    /// The Jacobian in closed form: the GHK currents' (leaks' and
    /// synapses') derivatives with respect to V and to the concentrations n_s / w (so to the amounts and,
    /// through 1/w, to the volume), the pump's with respect to Na⁺ᵢ, the
    /// cotransporters' with respect to the amounts and the volume, and the
    /// osmotic term's. The moved-out rows are minus the amounts' rows, the
    /// injected-K⁺ row is zero and the V row is κ × the charge row
    /// ([`refine_jacobian`](OdeSystem::refine_jacobian)), so every linear
    /// invariant holds with w·J = 0 exactly, as with finite differences.
    const ANALYTIC_JACOBIAN: bool = true;

    fn jacobian(&self, y: &[f64; N], jac: &mut [[f64; N]; N]) -> bool {
        self.jacobian_into(self.t_s, y, jac);
        true
    }

    /// The V row is κ × the charge row and the carried-charge row minus the
    /// charge row, so that both invariants hold with w·J = 0 exactly.
    fn refine_jacobian(&self, jac: &mut [[f64; N]; N]) {
        self.refine_into(jac);
    }

    /// V from the charge inside: C·V = F·(Σ z n + z_A n_A) exactly.
    fn project(&self, y: &mut [f64; N], comp: &mut [f64; N]) {
        y[IV] = self.kappa * self.net_charge_compensated_mm(y, comp);
        comp[IV] = 0.0;
    }

    /// Each moved-out counter takes minus its ion's step inside (K⁺ plus
    /// the injected K⁺'s step), so inside + moved out (− injected) holds to
    /// the rounding of the exact sums, whatever the stages' rounding.
    fn tied(&self) -> &'static [(usize, &'static [(usize, f64)])] {
        &[
            (IMOVED, &[(IX, -1.0)]),
            (IMOVED + 1, &[(IX + 1, -1.0), (IQ, 1.0)]),
            (IMOVED + 2, &[(IX + 2, -1.0)]),
            (IMOVED + 3, &[(IX + 3, -1.0)]),
        ]
    }

    /// V, the amounts and the volume; with channels, the gates too (and
    /// the counters between them, whose columns are zero).
    fn active_columns(&self) -> std::ops::Range<usize> {
        if self.gated.is_some() {
            0..N
        } else {
            0..IMOVED
        }
    }

    fn scale(&self, i: usize) -> f64 {
        match i {
            IV => 1.0,
            IW => 1e-3,
            IM | IH | IN => 0.1,
            _ => 1e-3,
        }
    }

    /// Every amount inside and the volume stay above zero (an amount the
    /// model moves can approach zero, never cross it).
    fn admissible(&self, y: &[f64; N]) -> bool {
        y[IX..=IW].iter().all(|&v| v > 0.0)
    }
}

/// Length of the state of a cell without channels: the gates, constant 0,
/// left out.
pub const N_PASSIVE: usize = IGATE;

/// Length of the state of a cell without channels whose counters are left
/// out too: V, the amounts and the volume (the voltage after a run-down,
/// where nothing reads the counters).
pub const N_LEAN: usize = IMOVED;

/// Length of the state of a rigid cell without channels whose counters are
/// left out: V and the amounts (the volume, whose rate is 0, kept aside).
pub const N_LEAN_RIGID: usize = IW;

/// The cell without channels, as the integrator sees it: its first `M`
/// components, the rest kept as they are ([`N_PASSIVE`]: the gates,
/// constant 0; [`N_LEAN`]: the counters too, which nothing else reads;
/// [`N_LEAN_RIGID`]: the volume too, constant in a rigid cell), with the
/// active block a constant (V, the amounts and the volume, 0..6). Natively
/// the factorisation and the solves are inlined where they are called, so
/// the loops then unroll over six columns and thirteen (or six, or five)
/// rows, as they did before the cell had channels. Every form takes the
/// same steps to the same V while no counter steers the step size. Only for
/// a [`Params`] whose `gated` is `None` (and `k_w` 0 for [`N_LEAN_RIGID`]).
#[derive(Debug, Clone, Copy)]
pub struct Passive<'a, const M: usize = N_PASSIVE> {
    params: &'a Params,
    /// The state's components past M, as they stay.
    rest: [f64; N],
}

impl<'a, const M: usize> Passive<'a, M> {
    /// The cell `params` whose components past M stay as they are in `y`.
    pub fn new(params: &'a Params, y: &[f64; N]) -> Self {
        assert!(
            M >= N_LEAN_RIGID && (M > IW || params.k_w == 0.0),
            "Passive: {M} components"
        );
        Passive { params, rest: *y }
    }

    /// y with the components past M appended.
    #[inline]
    fn padded(&self, y: &[f64; M]) -> [f64; N] {
        std::array::from_fn(|i| if i < M { y[i] } else { self.rest[i] })
    }
}

impl<const M: usize> OdeSystem<M> for Passive<'_, M> {
    #[inline]
    fn rhs(&self, y: &[f64; M], dy: &mut [f64; M]) {
        let mut d = [0.0; N];
        self.params.rhs(&self.padded(y), &mut d);
        dy.copy_from_slice(&d[..M]);
    }
    #[inline]
    fn time_dependent(&self) -> bool {
        self.params.time_dependent()
    }
    #[inline]
    fn rhs_at(&self, t: f64, y: &[f64; M], dy: &mut [f64; M]) {
        let mut d = [0.0; N];
        self.params.rhs_at(t, &self.padded(y), &mut d);
        dy.copy_from_slice(&d[..M]);
    }
    #[inline]
    fn dfdt(&self, t: f64, y: &[f64; M], out: &mut [f64; M]) {
        self.params.pump_time_derivative(t, &self.padded(y), out);
    }
    const ANALYTIC_JACOBIAN: bool = true;
    #[inline]
    fn jacobian(&self, y: &[f64; M], jac: &mut [[f64; M]; M]) -> bool {
        self.params
            .jacobian_into(self.params.t_s, &self.padded(y), jac);
        true
    }
    #[inline]
    fn jacobian_at(&self, t: f64, y: &[f64; M], jac: &mut [[f64; M]; M]) -> bool {
        self.params.jacobian_into(t, &self.padded(y), jac);
        true
    }
    #[inline]
    fn refine_jacobian(&self, jac: &mut [[f64; M]; M]) {
        self.params.refine_into(jac)
    }
    #[inline]
    fn project(&self, y: &mut [f64; M], comp: &mut [f64; M]) {
        let (mut y16, mut c16) = (self.padded(y), self.padded(comp));
        self.params.project(&mut y16, &mut c16);
        y[IV] = y16[IV];
        comp[IV] = c16[IV];
    }
    #[inline]
    fn tied(&self) -> &'static [(usize, &'static [(usize, f64)])] {
        if M > ICH {
            self.params.tied()
        } else {
            &[]
        }
    }
    #[inline]
    fn active_columns(&self) -> std::ops::Range<usize> {
        0..M.min(IMOVED)
    }
    #[inline]
    fn scale(&self, i: usize) -> f64 {
        self.params.scale(i)
    }
    #[inline]
    fn admissible(&self, y: &[f64; M]) -> bool {
        y[IX..M.min(IW + 1)].iter().all(|&v| v > 0.0) && (M > IW || self.rest[IW] > 0.0)
    }
}
