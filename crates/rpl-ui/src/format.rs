//! The one way the page writes each kind of number: plain numbers (three
//! significant digits, a true minus sign), voltages, currents, durations,
//! percentages and counts of ions. Every view, the screen-reader texts, the
//! chart axes and the membrane legend use these, so a number reads the same
//! wherever it appears.
//!
//! Counts are words ("5.8 million", in Chinese "580万"), never "5.8×10⁶",
//! except beyond 10¹⁵ where words run out.

use crate::i18n::{self, Lang};
use rpl_model::decimal::Fixed;
use rpl_model::Ion;

/// A model time for a reader: "350 ms", "12.3 s", "4.5 min", "123 min", "4.5 h"
/// (the unit of [`TimeUnit::for_span`]).
pub fn format_duration(t_s: f64) -> String {
    let unit = TimeUnit::for_span(t_s.abs());
    format!("{} {}", format_number(t_s / unit.seconds()), unit.symbol())
}

/// The unit of the time axis.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeUnit {
    /// Milliseconds.
    Ms,
    /// Seconds.
    S,
    /// Minutes.
    Min,
    /// Hours.
    H,
}

impl TimeUnit {
    /// The unit that reads best for a span of `span_s` seconds: ms up to 1 s,
    /// s up to 200 s, min up to 200 min, h beyond.
    pub fn for_span(span_s: f64) -> TimeUnit {
        if span_s <= 1.0 {
            TimeUnit::Ms
        } else if span_s <= 200.0 {
            TimeUnit::S
        } else if span_s <= 200.0 * 60.0 {
            TimeUnit::Min
        } else {
            TimeUnit::H
        }
    }

    /// Seconds in one unit.
    pub fn seconds(self) -> f64 {
        match self {
            TimeUnit::Ms => 1e-3,
            TimeUnit::S => 1.0,
            TimeUnit::Min => 60.0,
            TimeUnit::H => 3600.0,
        }
    }

    /// The unit's symbol.
    pub fn symbol(self) -> &'static str {
        match self {
            TimeUnit::Ms => "ms",
            TimeUnit::S => "s",
            TimeUnit::Min => "min",
            TimeUnit::H => "h",
        }
    }
}

/// A number for an axis or a label: at most three significant digits, no
/// trailing zeros, and a true minus sign.
pub fn format_number(v: f64) -> String {
    if !v.is_finite() {
        return "–".into();
    }
    let a = v.abs();
    let decimals = if a == 0.0 || a >= 100.0 {
        0
    } else if a >= 10.0 {
        1
    } else if a >= 1.0 {
        2
    } else {
        // Enough decimals for three significant digits below 1.
        (2 - a.log10().floor() as i32).clamp(0, 9) as usize
    };
    let mut s = Fixed(a, decimals).to_string();
    if s.contains('.') {
        s = rpl_model::strings::trim_fraction_zeros(&s).to_string();
    }
    if v < 0.0 && s.chars().any(|c| c != '0' && c != '.') {
        format!("\u{2212}{s}")
    } else {
        s
    }
}

/// A voltage with one decimal and a true minus sign.
pub fn format_number_1(v: f64) -> String {
    if !v.is_finite() {
        return "–".into();
    }
    let s = Fixed(v.abs(), 1).to_string();
    if v < 0.0 && s != "0.0" {
        format!("\u{2212}{s}")
    } else {
        s
    }
}

/// A current for a reader, µA/cm²: three significant digits, but anything
/// below a millionth of `full_scale` reads as 0 (rounding noise of a sum that
/// is zero) and anything below a thousandth as "≈0" (a sum that is all but zero).
pub fn format_current(v: f64, full_scale: f64) -> String {
    let full = full_scale.abs();
    if v.abs() <= full * 1e-6 {
        "0".into()
    } else if v.abs() < full * 1e-3 {
        "\u{2248}0".into()
    } else {
        format_number(v)
    }
}

/// A duration for a tick label: "10 µs", "1 ms", "10 s", "1 min", "10 h".
pub fn short_duration(t_s: f64) -> String {
    let (v, unit) = if t_s < 1e-3 * (1.0 - 1e-9) {
        (t_s * 1e6, "µs")
    } else if t_s < 1.0 * (1.0 - 1e-9) {
        (t_s * 1e3, "ms")
    } else if t_s < 60.0 * (1.0 - 1e-9) {
        (t_s, "s")
    } else if t_s < 3600.0 * (1.0 - 1e-9) {
        (t_s / 60.0, "min")
    } else {
        (t_s / 3600.0, "h")
    };
    format!("{} {unit}", format_number(v))
}

/// A count for a reader: "950", "12 thousand", "5.8 million", "3.1 billion",
/// "4.2 trillion", or "1.2 × 10¹⁵" beyond that. Two to three significant digits.
/// In Chinese the words are 万 and 亿: "1.2万", "5.8亿" (see [`i18n::count_words`]).
pub fn format_count(n: f64) -> String {
    if !n.is_finite() {
        return "–".into();
    }
    let a = n.abs();
    let sign = if n < 0.0 && a >= 0.5 { "\u{2212}" } else { "" };
    if i18n::lang() == Lang::Zh && a < 1e15 {
        return format!("{sign}{}", i18n::count_words(a, format_number));
    }
    let words = [
        (1e12, "trillion"),
        (1e9, "billion"),
        (1e6, "million"),
        (1e3, "thousand"),
    ];
    if a >= 1e15 {
        let exp = a.log10().floor();
        let mant = a / 10f64.powf(exp);
        return format!(
            "{sign}{} × 10{}",
            format_number(mant),
            superscript(exp as i32)
        );
    }
    for (scale, word) in words {
        if a >= scale {
            let word = i18n::t(&format!("count.{word}"));
            return format!("{sign}{} {word}", format_number(a / scale));
        }
    }
    format!("{sign}{}", format_number(a.round()))
}

/// Digits as Unicode superscripts, e.g. 15 → "¹⁵", −3 → "⁻³".
pub fn superscript(n: i32) -> String {
    const DIGITS: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];
    let mut s = String::new();
    if n < 0 {
        s.push('⁻');
    }
    for c in n.unsigned_abs().to_string().chars() {
        let d = c.to_digit(10).unwrap_or(0) as usize;
        s.push(DIGITS[d]);
    }
    s
}

/// A fraction as a percentage with two significant digits: 1.7e-5 → "0.0017 %".
pub fn format_percent(fraction: f64) -> String {
    if !fraction.is_finite() {
        return "–".into();
    }
    let p = fraction.abs() * 100.0;
    if p == 0.0 {
        return "0 %".into();
    }
    if p < 1e-6 {
        let exp = p.log10().floor();
        return format!(
            "{} × 10{} %",
            format_number(p / 10f64.powf(exp)),
            superscript(exp as i32)
        );
    }
    let decimals = (1 - p.log10().floor() as i32).clamp(0, 9) as usize;
    let s = Fixed(p, decimals).to_string();
    let s = if s.contains('.') {
        rpl_model::strings::trim_fraction_zeros(&s).to_string()
    } else {
        s
    };
    format!("{s} %")
}

/// A voltage, one decimal, true minus sign: "−73.8 mV".
pub fn format_mv(v: f64) -> String {
    format!("{} mV", format_number_1(v))
}

/// A voltage difference with its sign always shown: "+15.2 mV", "−3.0 mV".
pub fn format_signed_mv(v: f64) -> String {
    let s = format_number_1(v);
    if s.starts_with('\u{2212}') || s == "0.0" {
        format!("{s} mV")
    } else {
        format!("+{s} mV")
    }
}

/// "K⁺ moved: 5.8 million ions out = 0.0017 % of the cell's K⁺".
/// `moved` counts ions that left the cell (negative: entered).
pub fn moved_text(ion: Ion, moved: f64, fraction: f64) -> String {
    let dir = if moved.abs() < 0.5 {
        ""
    } else if moved > 0.0 {
        crate::t!("ions.out")
    } else {
        crate::t!("ions.in")
    };
    let sym = ion.symbol();
    // Below one ion the fraction is rounding noise of the integrator.
    let fraction = if moved.abs() < 0.5 { 0.0 } else { fraction };
    let n = format_count(moved.abs());
    crate::i18n::tf_count(
        "ions.moved",
        &n,
        &[
            ("ion", sym),
            ("n", &n),
            ("dir", dir),
            ("pct", &format_percent(fraction)),
        ],
    )
}

/// "Pump: 1.2 billion cycles/s, using 1.2 billion ATP/s".
pub fn pump_text(cycles_s: f64, atp_s: f64) -> String {
    let cycles = format_count(cycles_s);
    crate::i18n::tf_count(
        "ions.pump",
        &cycles,
        &[("cycles", &cycles), ("atp", &format_count(atp_s))],
    )
}

/// "Charge on the membrane: 4.4 million e, inside negative = 0.00012 % of the cell's K⁺".
pub fn charge_text(charge_e: f64, fraction_of_k: f64) -> String {
    let side = if charge_e < -0.5 {
        crate::t!("ions.inside-negative")
    } else if charge_e > 0.5 {
        crate::t!("ions.inside-positive")
    } else {
        ""
    };
    crate::i18n::tf(
        "ions.charge",
        &[
            ("n", &format_count(charge_e.abs())),
            ("side", side),
            ("pct", &format_percent(fraction_of_k)),
        ],
    )
}

/// A text's runs for display with real subscripts: the lesson texts write a
/// symbol's subscript after an underscore (`E_K`, `P_Na`, `V_m`), and the page
/// shows `E` then a subscript `K`. Each run is (text, is a subscript). An
/// underscore counts only between a one-letter symbol that starts a word
/// (after anything but an ASCII letter or digit: a space, a sign, a Chinese
/// character) and the letters or digits after it; any other underscore stays
/// as it is. Every slice below is taken with `get`, which cannot panic, so
/// the page carries no code for a panic's message about a bad one.
pub fn subscript_runs(text: &str) -> Vec<(&str, bool)> {
    let mut runs = Vec::new();
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let symbol = bytes[i] == b'_'
            && i >= 1
            && bytes[i - 1].is_ascii_alphabetic()
            && (i == 1 || !bytes[i - 2].is_ascii_alphanumeric())
            && bytes.get(i + 1).is_some_and(u8::is_ascii_alphanumeric);
        if symbol {
            let end = bytes[i + 1..]
                .iter()
                .position(|b| !b.is_ascii_alphanumeric())
                .map_or(text.len(), |n| i + 1 + n);
            if start < i {
                runs.push((text.get(start..i).unwrap_or(""), false));
            }
            runs.push((text.get(i + 1..end).unwrap_or(""), true));
            start = end;
            i = end;
        } else {
            i += 1;
        }
    }
    if start < text.len() {
        runs.push((text.get(start..).unwrap_or(""), false));
    }
    runs
}
