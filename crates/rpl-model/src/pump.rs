//! The Na⁺/K⁺-ATPase.
//!
//! Per cycle: 3 Na⁺ out, 2 K⁺ in, one ATP hydrolysed, one net positive charge
//! out. Its current density (outward positive) saturates in inside Na⁺ and
//! outside K⁺:
//!
//! I_p = I_max · (1 − block) · (Na_i / (Na_i + K_Na))³ · (K_o / (K_o + K_K))²
//!
//! The cube and square are the usual independent-binding form for three Na⁺
//! and two K⁺ sites. The pump current is taken as independent of voltage (a
//! simplification: the real pump slows somewhat at very negative V). Ouabain
//! is a block fraction between 0 (no drug) and 1 (fully blocked).
//!
//! Ischaemia ([`Pump::ischaemia_tau_s`], key `ischaemia`): with the blood
//! supply cut, ATP runs out and the pump's capacity with it. The capacity
//! left is taken proportional to the ATP left, falling exponentially with
//! time constant τ from the moment ischaemia begins ([`AtpFall`]):
//! I_max(t) = I_max · a(t), a(t) = exp(−(t − t_on)/τ). τ = 720 s fits the
//! ATP of the totally ischaemic rat heart, down 38 % after 5 min and 56 %
//! after 10 min (Taegtmeyer, Roberts & Raine 1985, *J Am Coll Cardiol*,
//! doi:10.1016/S0735-1097(85)80496-4): exp(−5/12) = 0.66 and exp(−10/12) =
//! 0.43 against 0.62 and 0.44. Proportionality is a simplification: the
//! pump's own affinity for ATP is high, so a real pump keeps more of its
//! rate until ATP is low, and the falling free energy of ATP hydrolysis
//! also slows it.

use crate::constants::{F, N_A};
use serde::{Deserialize, Serialize};

/// Na⁺ ions moved out per cycle.
pub const NA_PER_CYCLE: f64 = 3.0;
/// K⁺ ions moved in per cycle.
pub const K_PER_CYCLE: f64 = 2.0;
/// ATP used per cycle.
pub const ATP_PER_CYCLE: f64 = 1.0;

/// The pump's parameters.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pump {
    /// Whether the pump runs at all (off = the same as fully blocked).
    #[serde(default = "yes")]
    pub enabled: bool,
    /// Maximal pump current density at saturating Na⁺ᵢ and K⁺ₒ, µA/cm².
    pub max_current_ua_cm2: f64,
    /// Half-saturation constant for inside Na⁺, mM.
    pub k_na_mm: f64,
    /// Half-saturation constant for outside K⁺, mM.
    pub k_k_mm: f64,
    /// Fraction of pumps blocked by ouabain, 0–1.
    #[serde(default)]
    pub block: f64,
    /// Ischaemia: the time constant, s, with which the pump's capacity falls
    /// as ATP runs out from the moment it is set (0: none, and then not
    /// written, so a scenario without it reads and writes as before).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub ischaemia_tau_s: f64,
}

fn yes() -> bool {
    true
}

fn is_zero(x: &f64) -> bool {
    *x == 0.0
}

/// The time constant of the fall of ATP in totally ischaemic heart muscle,
/// s, fitted to Taegtmeyer, Roberts & Raine (1985): ATP −38 % at 5 min and
/// −56 % at 10 min of total ischaemia (isolated working rat heart), 12 min.
pub const ISCHAEMIA_TAU_HEART_S: f64 = 720.0;

/// The fraction of the pump's capacity left during ischaemia,
/// a(t) = a_on · exp(−(t − t_on)/τ) for t ≥ t_on (a_on before).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AtpFall {
    /// Time constant, s (> 0).
    pub tau_s: f64,
    /// Model time at which this fall began, s.
    pub t_on_s: f64,
    /// The fraction left at t_on (1 when ischaemia begins; less when τ was
    /// changed during a fall, which goes on from where it was).
    pub a_on: f64,
}

impl AtpFall {
    /// The fraction of capacity left at model time `t_s`.
    pub fn fraction(&self, t_s: f64) -> f64 {
        self.a_on * (-(t_s - self.t_on_s).max(0.0) / self.tau_s).exp()
    }

    /// Its rate of change at `t_s`, 1/s (the rate just after t_on at t_on).
    pub fn rate(&self, t_s: f64) -> f64 {
        -self.fraction(t_s) / self.tau_s
    }
}

impl Pump {
    /// Fraction of the maximal rate given the site occupancies (0–1, no block).
    pub fn saturation(&self, na_in_mm: f64, k_out_mm: f64) -> f64 {
        let a = na_in_mm.max(0.0) / (na_in_mm.max(0.0) + self.k_na_mm);
        let b = k_out_mm.max(0.0) / (k_out_mm.max(0.0) + self.k_k_mm);
        a * a * a * b * b
    }

    /// The fraction of pumps working: 0 when off, 1 − block otherwise.
    pub fn active_fraction(&self) -> f64 {
        if self.enabled {
            crate::units::clamp(1.0 - self.block, 0.0, 1.0)
        } else {
            0.0
        }
    }

    /// Net outward pump current density, A/cm².
    pub fn current(&self, na_in_mm: f64, k_out_mm: f64) -> f64 {
        self.max_current_ua_cm2
            * 1e-6
            * self.active_fraction()
            * self.saturation(na_in_mm, k_out_mm)
    }
}

impl Pump {
    /// [`current`](Pump::current) and its derivative with respect to inside
    /// Na⁺ (A/cm² per mM): with a = Na_i / (Na_i + K_Na),
    /// dI_p/dNa_i = I_max (1 − block) 3 a² K_Na / (Na_i + K_Na)² · (K_o / (K_o + K_K))².
    pub fn current_and_derivative(&self, na_in_mm: f64, k_out_mm: f64) -> (f64, f64) {
        let scale = self.max_current_ua_cm2 * 1e-6 * self.active_fraction();
        let na = na_in_mm.max(0.0);
        let k = k_out_mm.max(0.0);
        let a = na / (na + self.k_na_mm);
        let b = k / (k + self.k_k_mm);
        let da = if na_in_mm > 0.0 {
            self.k_na_mm / ((na + self.k_na_mm) * (na + self.k_na_mm))
        } else {
            0.0
        };
        (scale * a * a * a * b * b, scale * 3.0 * a * a * da * b * b)
    }
}

/// Pump cycles per second for a membrane of `area_cm2` carrying pump current
/// density `i_pump` (A/cm²): one elementary charge per cycle.
pub fn cycles_per_second(i_pump: f64, area_cm2: f64) -> f64 {
    i_pump * area_cm2 / F * N_A
}
