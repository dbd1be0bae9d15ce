//! Bilingual text and number formatting. The two page languages ([`Lang`]),
//! fixed texts ([`Text`], a key of the one string table) and texts built at
//! run time ([`Message`]) come from `rpl-text`, whose locale files hold every
//! lesson text; this module formats the numbers put into them.
//!
//! Numbers are written the same way in both languages, with a real minus sign
//! (U+2212, "−73.8 mV") and a space before the unit. Chinese sentences use
//! full-width punctuation (，。：（）); the number and its unit stay in ASCII.

pub use rpl_text::{Lang, Message, Text};

/// The minus sign used in numbers (U+2212).
pub const MINUS: char = '\u{2212}';

/// A number with `decimals` places and a real minus sign, e.g. `−73.8`.
/// A value that rounds to zero is written without a sign; a non-finite value as `—`.
pub fn number(x: f64, decimals: usize) -> String {
    if !x.is_finite() {
        return "—".to_string();
    }
    let s = rpl_model::decimal::Fixed(x, decimals).to_string();
    match s.strip_prefix('-') {
        Some(rest) if rest.chars().any(|c| c.is_ascii_digit() && c != '0') => {
            format!("{MINUS}{rest}")
        }
        Some(rest) => rest.to_string(),
        None => s,
    }
}

/// A number with its unit, e.g. `−73.8 mV`.
pub fn quantity(x: f64, decimals: usize, unit: &str) -> String {
    if unit.is_empty() {
        number(x, decimals)
    } else if unit == "%" {
        format!("{}%", number(x, decimals))
    } else {
        format!("{} {unit}", number(x, decimals))
    }
}

/// A voltage with one decimal: `−73.8 mV`.
pub fn mv(x: f64) -> String {
    quantity(x, 1, "mV")
}

/// A voltage difference with an explicit sign: `+4.2 mV` or `−4.2 mV`.
pub fn mv_signed(x: f64) -> String {
    let body = mv(x);
    if body.starts_with(MINUS) || number(x, 1) == "0.0" {
        body
    } else {
        format!("+{body}")
    }
}

/// A large or small number in scientific form with two significant figures and
/// superscript exponent, e.g. `2.1 × 10⁷`; numbers from 0.01 to 10 000 are
/// written plainly.
pub fn scientific(x: f64) -> String {
    if !x.is_finite() {
        return "—".to_string();
    }
    if x == 0.0 {
        return "0".to_string();
    }
    let a = x.abs();
    if (0.01..10_000.0).contains(&a) {
        let decimals = if a >= 100.0 {
            0
        } else if a >= 1.0 {
            1
        } else {
            3
        };
        return number(x, decimals);
    }
    let mut exp = a.log10().floor() as i32;
    let mut mant = x / 10f64.powi(exp);
    if (mant.abs() * 10.0).round() >= 100.0 {
        exp += 1;
        mant /= 10.0;
    }
    format!("{} × 10{}", number(mant, 1), superscript(exp))
}

fn superscript(n: i32) -> String {
    const DIGITS: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];
    let mut out = String::new();
    if n < 0 {
        out.push('⁻');
    }
    for c in n.unsigned_abs().to_string().chars() {
        let d = c.to_digit(10).unwrap_or(0) as usize;
        out.push(DIGITS[d]);
    }
    out
}

/// Whether a string holds at least one CJK ideograph.
pub fn has_cjk(s: &str) -> bool {
    s.chars()
        .any(|c| matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_use_a_real_minus_sign() {
        assert_eq!(mv(-73.84), "−73.8 mV");
        assert_eq!(mv(12.0), "12.0 mV");
        assert_eq!(mv(-0.01), "0.0 mV");
        assert_eq!(mv_signed(4.2), "+4.2 mV");
        assert_eq!(mv_signed(-4.2), "−4.2 mV");
        assert_eq!(quantity(0.5, 2, "%"), "0.50%");
        assert_eq!(number(f64::NAN, 1), "—");
    }

    #[test]
    fn scientific_form() {
        assert_eq!(scientific(2.13e7), "2.1 × 10⁷");
        assert_eq!(scientific(9.96e7), "1.0 × 10⁸");
        assert_eq!(scientific(-3.0e-6), "−3.0 × 10⁻⁶");
        assert_eq!(scientific(148.2), "148");
        assert_eq!(scientific(0.0), "0");
    }

    #[test]
    fn language_tags() {
        assert_eq!(Lang::parse("zh-CN"), Some(Lang::Zh));
        assert_eq!(Lang::parse("ZH_hans"), Some(Lang::Zh));
        assert_eq!(Lang::parse("en-GB"), Some(Lang::En));
        assert_eq!(Lang::parse("fr"), None);
        assert_eq!(Lang::parse(""), None);
        assert!(has_cjk("静息膜电位") && !has_cjk("resting potential"));
    }
}
