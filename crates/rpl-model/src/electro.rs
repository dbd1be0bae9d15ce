//! Electrodiffusion: Nernst, the Goldman–Hodgkin–Katz current and voltage
//! equations, the Mullins–Noda pump-weighted form, and the resting potential as
//! the root of zero total current.
//!
//! Conventions: V is inside minus outside; current is outward positive (a
//! positive ion leaving, or a negative ion entering, is positive current).
//! Concentrations in mM, permeabilities in cm/s, current density in A/cm².

use crate::constants::{F, R};
use crate::ion::{Ion, IonMap};

/// RT/F in volts at absolute temperature `t_kelvin`.
pub fn thermal_voltage(t_kelvin: f64) -> f64 {
    R * t_kelvin / F
}

/// Nernst potential E = (RT / zF) ln(c_out / c_in), in mV.
pub fn nernst_mv(z: i32, c_in_mm: f64, c_out_mm: f64, t_kelvin: f64) -> f64 {
    1e3 * thermal_voltage(t_kelvin) / f64::from(z) * (c_out_mm / c_in_mm).ln()
}

/// GHK current density (A/cm², outward positive) of an ion of valence `z` with
/// permeability `p_cm_s` at membrane voltage `v_mv`:
///
/// i = P z² (F² V / RT) (c_i − c_o e^(−u)) / (1 − e^(−u)),  u = zFV/RT.
///
/// Written as P z F (c_i − c_o e^(−u)) · u / (1 − e^(−u)) with `expm1`, so the
/// V → 0 limit P z F (c_i − c_o) comes out with full precision and large |u|
/// never overflows.
pub fn ghk_current(
    z: i32,
    p_cm_s: f64,
    c_in_mm: f64,
    c_out_mm: f64,
    v_mv: f64,
    t_kelvin: f64,
) -> f64 {
    ghk_current_with(
        z,
        p_cm_s,
        c_in_mm,
        c_out_mm,
        v_mv,
        t_kelvin,
        ghk_exp(v_mv, t_kelvin),
    )
}

/// e^(−|FV/RT|), the exponential the GHK current of every ion at `v_mv`
/// is formed from ([`ghk_current_with`]): e^(−|u|) is this for a
/// monovalent ion (the same |u| to the bit) and its square for a divalent
/// one, so the currents of all four ions take one exponential.
pub fn ghk_exp(v_mv: f64, t_kelvin: f64) -> f64 {
    (-(v_mv * 1e-3 / thermal_voltage(t_kelvin)).abs()).exp()
}

/// e^(−|u|) at valence z from e1 = [`ghk_exp`].
fn exp_at(z: i32, u: f64, e1: f64) -> f64 {
    match z.abs() {
        1 => e1,
        2 => e1 * e1,
        _ => (-u.abs()).exp(),
    }
}

/// [`ghk_current`] with e1 = [`ghk_exp`]`(v_mv, t_kelvin)` already formed.
pub fn ghk_current_with(
    z: i32,
    p_cm_s: f64,
    c_in_mm: f64,
    c_out_mm: f64,
    v_mv: f64,
    t_kelvin: f64,
    e1: f64,
) -> f64 {
    if p_cm_s == 0.0 {
        return 0.0;
    }
    let zf = f64::from(z);
    let u = zf * v_mv * 1e-3 / thermal_voltage(t_kelvin);
    let e = exp_at(z, u, e1);
    // mM = 1e-6 mol/cm³
    let ci = c_in_mm * 1e-6;
    let co = c_out_mm * 1e-6;
    // 1 − e^(−|u|) from the exponential already formed when |u| > 0.5 (it
    // is then at least 0.39, so the subtraction loses under 2 bits), from
    // expm1 nearer 0.
    let core = if u == 0.0 {
        ci - co
    } else if u > 0.0 {
        // u / (1 - e^-u) = u / -expm1(-u); e^-u <= 1, no overflow.
        let m = if u > 0.5 { 1.0 - e } else { -(-u).exp_m1() };
        (ci - co * e) * (u / m)
    } else {
        // Multiply through by e^u: u (c_i e^u - c_o) / (e^u - 1); e^u <= 1.
        let q = if u < -0.5 { e - 1.0 } else { u.exp_m1() };
        (ci * e - co) * (u / q)
    };
    p_cm_s * zf * F * core
}

/// The GHK current of every ion at `v_mv` (A/cm², outward positive), each
/// as [`ghk_current`] gives it, from one exponential ([`ghk_exp`]).
pub fn ghk_currents(
    perm: &IonMap<f64>,
    c_in: &IonMap<f64>,
    c_out: &IonMap<f64>,
    v_mv: f64,
    t_kelvin: f64,
) -> IonMap<f64> {
    let e1 = ghk_exp(v_mv, t_kelvin);
    IonMap::from_fn(|i| {
        let (p, ci, co) = (perm.get(i), c_in.get(i), c_out.get(i));
        ghk_current_with(i.valence(), p, ci, co, v_mv, t_kelvin, e1)
    })
}

/// [`ghk_current`] with its derivatives, for an analytic Jacobian:
/// (i in A/cm², ∂i/∂c_in in A/cm² per mM, ∂i/∂V in A/cm² per mV).
///
/// With B(u) = u / (1 − e^(−u)), i = P z F (c_i − c_o e^(−u)) B(u), so
/// ∂i/∂c_i = P z F B(u) and ∂i/∂u = P z F (c_o e^(−u) B(u) + (c_i − c_o e^(−u)) B′(u)),
/// B′(u) = (1 − e^(−u) − u e^(−u)) / (1 − e^(−u))². Each sign of u is written,
/// as in [`ghk_current`], with the exponential that cannot overflow; near
/// u = 0 (|u| < 1e-3) B and B′ come from their Taylor series, which are exact
/// there to rounding where the closed forms would cancel.
pub fn ghk_current_and_derivatives(
    z: i32,
    p_cm_s: f64,
    c_in_mm: f64,
    c_out_mm: f64,
    v_mv: f64,
    t_kelvin: f64,
) -> (f64, f64, f64) {
    let e1 = ghk_exp(v_mv, t_kelvin);
    ghk_current_and_derivatives_with(z, p_cm_s, c_in_mm, c_out_mm, v_mv, t_kelvin, e1)
}

/// [`ghk_current_and_derivatives`] with e1 = [`ghk_exp`]`(v_mv, t_kelvin)`
/// already formed.
pub fn ghk_current_and_derivatives_with(
    z: i32,
    p_cm_s: f64,
    c_in_mm: f64,
    c_out_mm: f64,
    v_mv: f64,
    t_kelvin: f64,
    e1: f64,
) -> (f64, f64, f64) {
    if p_cm_s == 0.0 {
        return (0.0, 0.0, 0.0);
    }
    let zf = f64::from(z);
    let du_dv = zf * 1e-3 / thermal_voltage(t_kelvin);
    let u = zf * v_mv * 1e-3 / thermal_voltage(t_kelvin);
    let e = exp_at(z, u, e1);
    let ci = c_in_mm * 1e-6;
    let co = c_out_mm * 1e-6;
    let scale = p_cm_s * zf * F;
    // core = (ci g − co h) r: for u ≥ 0, g = 1, h = e^(−u), r = B(u);
    // for u < 0, g = e^u, h = 1, r = u / (e^u − 1) = e^u B(u).
    let (core, dcore_dci, dcore_du) = if u.abs() < 1e-3 {
        let b = 1.0 + u * (0.5 + u * (1.0 / 12.0 - u * u / 720.0));
        let db = 0.5 + u * (1.0 / 6.0 - u * u / 180.0);
        let e = (-u).exp();
        let core = (ci - co * e) * b;
        (core, b, co * e * b + (ci - co * e) * db)
    } else if u > 0.0 {
        let m = if u > 0.5 { 1.0 - e } else { -(-u).exp_m1() }; // 1 − e^(−u)
        let b = u / m;
        let db = (m - u * e) / (m * m);
        ((ci - co * e) * b, b, co * e * b + (ci - co * e) * db)
    } else {
        // D(u) = u / (e^u − 1) = e^u B(u); core = (ci e^u − co) D.
        let q = if u < -0.5 { e - 1.0 } else { u.exp_m1() };
        let d = u / q;
        let dd = (q - u * e) / (q * q);
        ((ci * e - co) * d, e * d, ci * e * d + (ci * e - co) * dd)
    };
    (
        scale * core,
        scale * dcore_dci * 1e-6,
        scale * dcore_du * du_dv,
    )
}

/// Derivative of [`ghk_current`] with respect to V (S/cm), by a central difference
/// scaled to V; used for conductance readouts.
pub fn ghk_slope_conductance(z: i32, p: f64, ci: f64, co: f64, v_mv: f64, t: f64) -> f64 {
    let h = 1e-4; // mV
    (ghk_current(z, p, ci, co, v_mv + h, t) - ghk_current(z, p, ci, co, v_mv - h, t))
        / (2.0 * h * 1e-3)
}

/// The GHK voltage equation for monovalent ions (closed form), in mV:
///
/// V = (RT/F) ln((P_K K_o + P_Na Na_o + P_Cl Cl_i) / (P_K K_i + P_Na Na_i + P_Cl Cl_o)).
///
/// Calcium is ignored here (use [`resting_potential`] for divalent ions).
/// Returns `None` when no monovalent ion is permeant.
pub fn ghk_voltage_mv(
    perm: &IonMap<f64>,
    c_in: &IonMap<f64>,
    c_out: &IonMap<f64>,
    t_kelvin: f64,
) -> Option<f64> {
    let num = perm.k * c_out.k + perm.na * c_out.na + perm.cl * c_in.cl;
    let den = perm.k * c_in.k + perm.na * c_in.na + perm.cl * c_out.cl;
    if num > 0.0 && den > 0.0 {
        Some(1e3 * thermal_voltage(t_kelvin) * (num / den).ln())
    } else {
        None
    }
}

/// Mullins & Noda (1963): the steady-state potential of a membrane with K⁺ and
/// Na⁺ leaks and an electrogenic pump of coupling ratio r (Na⁺ out : K⁺ in):
///
/// V = (RT/F) ln((r P_K K_o + P_Na Na_o) / (r P_K K_i + P_Na Na_i)).
pub fn mullins_noda_mv(
    r: f64,
    p_k: f64,
    p_na: f64,
    k: (f64, f64),
    na: (f64, f64),
    t_kelvin: f64,
) -> f64 {
    let (k_i, k_o) = k;
    let (na_i, na_o) = na;
    1e3 * thermal_voltage(t_kelvin)
        * ((r * p_k * k_o + p_na * na_o) / (r * p_k * k_i + p_na * na_i)).ln()
}

/// Sum of GHK currents of every ion at `v_mv` (A/cm², outward positive).
pub fn total_ghk_current(
    perm: &IonMap<f64>,
    c_in: &IonMap<f64>,
    c_out: &IonMap<f64>,
    v_mv: f64,
    t_kelvin: f64,
) -> f64 {
    let i = ghk_currents(perm, c_in, c_out, v_mv, t_kelvin);
    i.na + i.k + i.cl + i.ca
}

/// The resting potential: the V (mV) at which the total membrane current is zero,
///
/// Σ_s i_s(V) + i_extra = 0,
///
/// where `i_extra` (A/cm², outward positive) holds the pump current and minus any
/// injected current. Each GHK current rises monotonically with V and `i_extra` does
/// not depend on V, so the root is unique; it is bracketed and then found by a
/// safeguarded secant (Illinois) iteration to 1e-12 mV.
///
/// Returns `None` when no ion is permeant or when no V in ±1000 mV balances the
/// currents (an injected current larger than the membrane can carry).
pub fn resting_potential(
    perm: &IonMap<f64>,
    c_in: &IonMap<f64>,
    c_out: &IonMap<f64>,
    i_extra: f64,
    t_kelvin: f64,
) -> Option<f64> {
    if Ion::ALL.iter().all(|&i| perm.get(i) <= 0.0) {
        return None;
    }
    let f = |v: f64| total_ghk_current(perm, c_in, c_out, v, t_kelvin) + i_extra;
    // Bracket, starting from the monovalent GHK value when there is one.
    let guess = ghk_voltage_mv(perm, c_in, c_out, t_kelvin).unwrap_or(0.0);
    let (mut a, mut b) = (guess - 1.0, guess + 1.0);
    let (mut fa, mut fb) = (f(a), f(b));
    let mut width = 2.0;
    while fa * fb > 0.0 {
        width *= 2.0;
        if width > 2000.0 {
            return None;
        }
        if fa > 0.0 {
            a -= width;
            fa = f(a);
        } else {
            b += width;
            fb = f(b);
        }
    }
    if fa == 0.0 {
        return Some(a);
    }
    if fb == 0.0 {
        return Some(b);
    }
    // Illinois method: superlinear and always bracketed.
    let mut side = 0i32;
    for _ in 0..200 {
        let c = (a * fb - b * fa) / (fb - fa);
        let fc = f(c);
        if fc == 0.0 || (b - a).abs() < 1e-12 {
            return Some(c);
        }
        if fc * fb > 0.0 {
            b = c;
            fb = fc;
            if side == -1 {
                fa /= 2.0;
            }
            side = -1;
        } else {
            a = c;
            fa = fc;
            if side == 1 {
                fb /= 2.0;
            }
            side = 1;
        }
        if (b - a).abs() < 1e-12 {
            return Some(0.5 * (a + b));
        }
    }
    Some(0.5 * (a + b))
}
