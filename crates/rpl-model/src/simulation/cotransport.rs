//! The Cl⁻ cotransporters as readouts: each one's capacity, its turnover and
//! the thermodynamic force that drives it, at the present state.
//!
//! Both are electroneutral ([`crate::scenario::Cotransporters`]): KCC2 moves
//! one K⁺ and one Cl⁻ together, NKCC1 one Na⁺, one K⁺ and two Cl⁻, so they
//! change the amounts inside without a membrane current. Their turnover is
//! a capacity times the force, J = g · Δμ/F, as in Düsterwald et al. (2018,
//! *eLife* 7:e39575) for KCC2 (J_KCC2 = g_KCC2 (E_K − E_Cl) for the influx
//! there; outward positive here).

use super::Simulation;
use crate::constants::{F, N_A};

/// The cotransporters now.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct CotransportReadouts {
    /// KCC2's capacity, S/cm².
    pub g_kcc2_s_cm2: f64,
    /// NKCC1's capacity, S/cm².
    pub g_nkcc1_s_cm2: f64,
    /// KCC2's force, E_Cl − E_K, mV: it moves K⁺ and Cl⁻ out while positive.
    pub kcc2_force_mv: f64,
    /// NKCC1's force, 2 E_Cl − E_Na − E_K, mV: it moves Na⁺, K⁺ and 2 Cl⁻
    /// out while positive, in while negative.
    pub nkcc1_force_mv: f64,
    /// KCC2's turnover, F × cycles per cm² and second, µA/cm² (outward
    /// positive): its capacity times its force.
    pub kcc2_ua_cm2: f64,
    /// NKCC1's turnover, likewise.
    pub nkcc1_ua_cm2: f64,
    /// Cl⁻ leaving the cell through both, ions/s (negative: entering).
    pub cl_efflux_ions_s: f64,
}

impl Simulation {
    /// The cotransporters at the present state (the forces whether or not
    /// the cell has them).
    pub fn cotransport_readouts(&self) -> CotransportReadouts {
        let p = &self.params;
        let cur = p.currents(&self.y);
        let e = self.nernst(&p.c_in(&self.y));
        let cl_out = cur.kcc2 + 2.0 * cur.nkcc1;
        CotransportReadouts {
            g_kcc2_s_cm2: p.cotransport.g_kcc2_s_cm2,
            g_nkcc1_s_cm2: p.cotransport.g_nkcc1_s_cm2,
            kcc2_force_mv: e.cl - e.k,
            nkcc1_force_mv: 2.0 * e.cl - e.na - e.k,
            kcc2_ua_cm2: cur.kcc2 * 1e6,
            nkcc1_ua_cm2: cur.nkcc1 * 1e6,
            cl_efflux_ions_s: cl_out * p.area_cm2 / F * N_A,
        }
    }
}
