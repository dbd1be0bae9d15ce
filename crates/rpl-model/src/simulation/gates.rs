//! The voltage-gated channels as readouts: each gate's value, the fraction
//! of each channel type open, and the current and the ions through them, at
//! the present state (the membrane view draws the channels opening from these).
//!
//! HH's form: the Na⁺ channel is open when its three activation gates (m)
//! are and its inactivation gate (h) is not shut, a fraction m³h; the
//! delayed-rectifier K⁺ channel when its four gates (n) are, n⁴. The
//! currents are ohmic, ḡ × open fraction × (V − E), as in
//! [`crate::system`].

use super::Simulation;
use crate::constants::{F, N_A};
use crate::system::{open_fractions, IH, IM, IN};

/// The voltage-gated channels now.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct GatedReadouts {
    /// Na⁺ activation, m.
    pub m: f64,
    /// Na⁺ availability (not inactivated), h.
    pub h: f64,
    /// K⁺ activation, n.
    pub n: f64,
    /// Fraction of the Na⁺ channels open, m³h.
    pub na_open: f64,
    /// Fraction of the K⁺ channels open, n⁴.
    pub k_open: f64,
    /// Na⁺ current through them, µA/cm² (outward positive).
    pub na_current_ua_cm2: f64,
    /// K⁺ current through them, µA/cm² (outward positive).
    pub k_current_ua_cm2: f64,
    /// Na⁺ leaving the cell through them, ions/s (negative: entering).
    pub na_efflux_ions_s: f64,
    /// K⁺ leaving the cell through them, ions/s (negative: entering).
    pub k_efflux_ions_s: f64,
}

impl Simulation {
    /// The voltage-gated channels at the present state, when the cell has them.
    pub fn gated_readouts(&self) -> Option<GatedReadouts> {
        let p = &self.params;
        p.gated.as_ref()?;
        let y = &self.y;
        let (m, h, n) = (y[IM], y[IH], y[IN]);
        let (na_open, k_open) = open_fractions(y);
        let cur = p.currents(y);
        let i_na = cur.gated.na * 1e6;
        let i_k = cur.gated.k * 1e6;
        let to_ions = |i_ua_cm2: f64| i_ua_cm2 * 1e-6 * p.area_cm2 / F * N_A;
        Some(GatedReadouts {
            m,
            h,
            n,
            na_open,
            k_open,
            na_current_ua_cm2: i_na,
            k_current_ua_cm2: i_k,
            na_efflux_ions_s: to_ions(i_na),
            k_efflux_ions_s: to_ions(i_k),
        })
    }
}
