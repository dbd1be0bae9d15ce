//! Accessibility: what a screen reader hears beyond the page's own labels.
//!
//! * **V_m, spoken now and then.** The readouts change every frame, so they
//!   are taken out of the accessibility tree's live regions (an `<output>`
//!   is a polite live region by default, and would be read out sixty times a
//!   second). Instead one visually hidden polite live region (`#v-live`)
//!   says "Membrane voltage −73.8 mV" (or 膜电位 −73.8 mV) at most every
//!   [`ANNOUNCE_INTERVAL_MS`], and only when V moved by at least
//!   [`ANNOUNCE_MIN_CHANGE_MV`] since it last spoke or a command was applied
//!   in between ([`announce_due`], a pure function).
//! * **The voltage chart's text alternative** (its `aria-label`, the canvas
//!   being `role="img"`) says what the chart shows with the present numbers:
//!   time span, V now, its range and the three Nernst potentials. It is
//!   rewritten at most every [`CHART_LABEL_INTERVAL_MS`].
//! * **The equations' text alternatives**: each MathML `<math>` element gets
//!   an `aria-label` that reads the equation in words with the numbers put in
//!   ([`nernst_numbers_label`], [`ghk_numbers_label`], …).
//!
//! Nothing here changes the model or what is drawn.
//! The live region's timing ([`announce_due`]) and every text alternative are
//! pure functions of the numbers, tested natively; the web crate writes them
//! into the page.

use crate::equations::EquationNumbers;
use crate::format::{format_duration, format_mv};
use crate::i18n::tf;
use rpl_model::Ion;

/// Shortest real time between two announcements, ms.
pub const ANNOUNCE_INTERVAL_MS: f64 = 3000.0;
/// Smallest change of V_m worth announcing without a command, mV.
pub const ANNOUNCE_MIN_CHANGE_MV: f64 = 0.5;
/// Shortest real time between two rewrites of the chart's text alternative, ms.
pub const CHART_LABEL_INTERVAL_MS: f64 = 1000.0;

/// What the live region said last, and when.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Announced {
    /// Real time of the announcement, ms (any monotonic-ish clock, e.g. `Date.now()`).
    pub at_ms: f64,
    /// The voltage announced, mV.
    pub v_mv: f64,
}

/// Whether to announce `v_mv` at real time `now_ms`, given the last
/// announcement and whether a command was applied since then.
///
/// Never more often than every [`ANNOUNCE_INTERVAL_MS`]; after that, only
/// when V moved by at least [`ANNOUNCE_MIN_CHANGE_MV`] or a command was
/// applied. A clock that went backwards counts as time passed. Nothing is
/// announced for a voltage that is not a finite number.
pub fn announce_due(last: Option<Announced>, now_ms: f64, v_mv: f64, commanded: bool) -> bool {
    if !v_mv.is_finite() {
        return false;
    }
    let Some(last) = last else {
        return true;
    };
    let elapsed = now_ms - last.at_ms;
    let waited = !(0.0..ANNOUNCE_INTERVAL_MS).contains(&elapsed);
    waited && (commanded || (v_mv - last.v_mv).abs() >= ANNOUNCE_MIN_CHANGE_MV)
}

/// What the live region says, in the page's language: "Membrane voltage
/// −73.8 mV" (膜电位 −73.8 mV).
pub fn announcement(v_mv: f64) -> String {
    crate::tf!("a11y.announce", &[("v", &format_mv(v_mv))])
}

/// The voltage chart's text alternative for a trace of (model time s, V mV)
/// and the Nernst potentials E_K, E_Na, E_Cl (mV), in the page's language.
pub fn voltage_chart_label(trace: &[(f64, f64)], e_mv: [f64; 3]) -> String {
    let mut s = String::from(crate::t!("a11y.chart"));
    if let (Some(first), Some(last)) = (trace.first(), trace.last()) {
        let (lo, hi) = trace
            .iter()
            .map(|p| p.1)
            .filter(|v| v.is_finite())
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
                (lo.min(v), hi.max(v))
            });
        s.push_str(&tf(
            "a11y.chart-span",
            &[
                ("span", &format_duration(last.0 - first.0)),
                ("v", &format_mv(last.1)),
            ],
        ));
        if lo.is_finite() && hi - lo >= 0.05 {
            s.push_str(&tf(
                "a11y.chart-range",
                &[("lo", &format_mv(lo)), ("hi", &format_mv(hi))],
            ));
        }
    }
    s.push_str(&tf(
        "a11y.chart-e",
        &[
            ("k", &format_mv(e_mv[0])),
            ("na", &format_mv(e_mv[1])),
            ("cl", &format_mv(e_mv[2])),
        ],
    ));
    s
}

/// How `R T / F` is computed, in words, with the temperature put in.
pub fn rt_f_label(n: &EquationNumbers) -> String {
    crate::tf!("a11y.rt-f", &[("t", &n.t_k), ("v", &n.rt_f_mv)])
}

/// The Nernst equation of `ion` in symbols, in words.
pub fn nernst_symbols_label(ion: Ion) -> String {
    let z = match ion.valence() {
        1 => String::new(),
        -1 => crate::t!("a11y.minus").to_string(),
        v => format!("{v} "),
    };
    tf(
        "a11y.nernst-symbols",
        &[("ion", ion.name()), ("z", &z), ("sym", ion.symbol())],
    )
}

/// The Nernst equation of `ion` with its numbers (`row`: RT/zF in mV, the
/// outside and inside concentrations in mM, and E with its unit).
pub fn nernst_numbers_label(ion: Ion, row: &[String; 4]) -> String {
    tf(
        "a11y.nernst-numbers",
        &[
            ("ion", ion.name()),
            ("rtf", &row[0]),
            ("out", &row[1]),
            ("in", &row[2]),
            ("e", &row[3]),
        ],
    )
}

/// The GHK voltage equation in symbols, in words.
pub fn ghk_symbols_label() -> &'static str {
    crate::t!("a11y.ghk-symbols")
}

/// The GHK voltage equation with its numbers, and its result.
pub fn ghk_numbers_label(n: &EquationNumbers) -> String {
    let side = |conc: &[String]| {
        let terms: Vec<String> = n
            .ratios
            .iter()
            .zip(conc)
            .map(|(p, c)| crate::tf!("a11y.times", &[("p", p), ("c", c)]))
            .collect();
        rpl_model::strings::join(&terms, crate::t!("a11y.plus"))
    };
    tf(
        "a11y.ghk-numbers",
        &[
            ("rtf", &n.rt_f_mv),
            ("num", &side(&n.ghk_conc[..3])),
            ("den", &side(&n.ghk_conc[3..])),
            ("result", &ghk_result_label(n)),
        ],
    )
}

/// The GHK result alone: "V GHK equals −70.2 mV".
pub fn ghk_result_label(n: &EquationNumbers) -> String {
    if rpl_model::strings::find(&n.ghk, "mV").is_some() {
        crate::tf!("a11y.ghk-result", &[("v", &n.ghk)])
    } else {
        crate::t!("a11y.ghk-none").to_string()
    }
}
