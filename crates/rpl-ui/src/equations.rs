//! The numbers the Nernst and GHK equations show, as text, and the sentence
//! that says why the GHK voltage and V_m differ. Computed from the model
//! alone, so they are checked natively; the web crate typesets them in MathML.

use rpl_model::decimal::Fixed;
use rpl_model::electro::{ghk_voltage_mv, thermal_voltage};
use rpl_model::{Ion, Readouts, Simulation};

use crate::format::{format_mv, format_number};
use crate::i18n::tf;

/// Every number the equations show, as text. Computed from the model alone, so
/// it can be checked without a page.
#[derive(Debug, Clone, PartialEq)]
pub struct EquationNumbers {
    /// Temperature, K.
    pub t_k: String,
    /// RT/F, mV.
    pub rt_f_mv: String,
    /// Per ion (in [`Ion::ALL`] order): RT/(zF) in mV, outside and inside concentration, E.
    pub nernst: [[String; 4]; 4],
    /// Permeability ratios to P_K of K, Na, Cl.
    pub ratios: [String; 3],
    /// K_o, Na_o, Cl_i (numerator) and K_i, Na_i, Cl_o (denominator), mM.
    pub ghk_conc: [String; 6],
    /// The GHK voltage, or "–" when no monovalent ion is permeant.
    pub ghk: String,
    /// V_m now.
    pub v: String,
    /// Zero-current voltage with the pump included.
    pub v_zero: String,
    /// Why GHK and V_m differ (one or two sentences).
    pub why: String,
}

/// The GHK voltage for the present concentrations, mV (None when undefined).
pub fn ghk_mv(sim: &Simulation, r: &Readouts) -> Option<f64> {
    let p = sim.params();
    ghk_voltage_mv(&p.perm, &r.c_in_mm, &r.c_out_mm, p.t_kelvin)
}

fn ratio_text(p: f64, p_k: f64) -> String {
    if p_k > 0.0 {
        format_number(p / p_k)
    } else {
        "–".into()
    }
}

/// Why the GHK value and V_m differ, in plain words.
pub fn explanation(ghk: Option<f64>, r: &Readouts, p_ca: f64) -> String {
    let Some(ghk) = ghk else {
        return crate::t!("eq.why.none").into();
    };
    let pump = r.pump_current_ua_cm2;
    let gap = r.v_zero_current_mv - ghk;
    let mut s = if pump.abs() < 1e-4 && r.injected_current_ua_cm2 == 0.0 {
        crate::t!("eq.why.no-pump").to_string()
    } else {
        tf(
            "eq.why.pump",
            &[
                ("gap", &format_number(gap.abs())),
                (
                    "side",
                    if gap < 0.0 {
                        crate::t!("eq.why.more-negative")
                    } else {
                        crate::t!("eq.why.less-negative")
                    },
                ),
                ("pump", &format_number(pump)),
            ],
        )
    };
    if (r.v_mv - r.v_zero_current_mv).abs() > 0.5 {
        s.push_str(crate::t!("eq.why.on-its-way"));
    }
    if p_ca > 0.0 {
        s.push_str(crate::t!("eq.why.ca"));
    }
    s
}

/// The numbers the equations show for the present state.
pub fn numbers(sim: &Simulation, r: &Readouts) -> EquationNumbers {
    let p = sim.params();
    let rt_f = thermal_voltage(p.t_kelvin) * 1e3;
    let nernst = Ion::ALL.map(|ion| {
        [
            format_number(rt_f / f64::from(ion.valence())),
            format_number(r.c_out_mm.get(ion)),
            format_number(r.c_in_mm.get(ion)),
            format_mv(r.e_mv.get(ion)),
        ]
    });
    let ghk = ghk_mv(sim, r);
    EquationNumbers {
        t_k: Fixed(p.t_kelvin, 2).to_string(),
        rt_f_mv: format_number(rt_f),
        nernst,
        ratios: [
            ratio_text(p.perm.k, p.perm.k),
            ratio_text(p.perm.na, p.perm.k),
            ratio_text(p.perm.cl, p.perm.k),
        ],
        ghk_conc: [
            format_number(r.c_out_mm.k),
            format_number(r.c_out_mm.na),
            format_number(r.c_in_mm.cl),
            format_number(r.c_in_mm.k),
            format_number(r.c_in_mm.na),
            format_number(r.c_out_mm.cl),
        ],
        ghk: ghk.map_or_else(|| "–".into(), format_mv),
        v: format_mv(r.v_mv),
        v_zero: format_mv(r.v_zero_current_mv),
        why: explanation(ghk, r, p.perm.ca),
    }
}
