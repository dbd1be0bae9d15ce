//! Decimal text to `f64`, correctly rounded (nearest, ties to even), reading
//! exactly what `str::parse::<f64>` reads — but without its 10 KB table of
//! powers of five, which does not compress and was the largest single piece of
//! the page's wasm after the texts. Every number the page reads (links, typed
//! values, answers, sliders) comes through [`parse_f64`].
//!
//! The usual input (at most 15 significant digits and a power of ten within
//! ±22, e.g. `-73.8`, `1e-7`, `0.04`) is one exact division or multiplication
//! of two exact doubles, so one rounding: the correctly rounded result (the
//! classic fast path, as in the standard library). Anything else starts from
//! an estimate within a few units in the last place and moves to the
//! neighbouring double while the exact decimal value lies beyond the midpoint,
//! compared in big-integer arithmetic (the standard library's own slow path
//! takes the same care). Tests compare it with `str::parse` on many inputs,
//! halfway cases among them.

use std::cmp::Ordering;

/// Read a decimal number as `str::parse::<f64>` does: an optional sign, then
/// digits with an optional point and an optional exponent (`1`, `-0.5`, `.5`,
/// `2.`, `3e-7`, `1E+16`), or `inf`, `infinity`, `nan` in any case. No
/// spaces. `None` where `str::parse` gives an error.
pub fn parse_f64(text: &str) -> Option<f64> {
    let (negative, rest) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    let v = if rest.eq_ignore_ascii_case("inf") || rest.eq_ignore_ascii_case("infinity") {
        f64::INFINITY
    } else if rest.eq_ignore_ascii_case("nan") {
        f64::NAN
    } else {
        magnitude(rest.as_bytes())?
    };
    Some(if negative { -v } else { v })
}

/// The most significant digits kept: a midpoint between two doubles needs at
/// most 767, so the digits beyond only tell whether anything non-zero follows.
const MAX_DIGITS: usize = 800;

/// Exact powers of ten as doubles (10^22 is the largest).
const POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// An unsigned decimal number without sign or special words.
fn magnitude(b: &[u8]) -> Option<f64> {
    // value = digits × 10^exp, digits without leading zeros.
    let mut digits: Vec<u8> = Vec::new();
    let mut exp: i64 = 0;
    let mut any = false;
    let mut i = 0;
    while let Some(d) = b.get(i).filter(|c| c.is_ascii_digit()) {
        any = true;
        if !digits.is_empty() || *d != b'0' {
            digits.push(d - b'0');
        }
        i += 1;
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        while let Some(d) = b.get(i).filter(|c| c.is_ascii_digit()) {
            any = true;
            if !digits.is_empty() || *d != b'0' {
                digits.push(d - b'0');
            }
            exp -= 1;
            i += 1;
        }
    }
    if !any {
        return None;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        let negative = match b.get(i) {
            Some(b'-') => {
                i += 1;
                true
            }
            Some(b'+') => {
                i += 1;
                false
            }
            _ => false,
        };
        let start = i;
        let mut e: i64 = 0;
        while let Some(d) = b.get(i).filter(|c| c.is_ascii_digit()) {
            e = (e * 10 + i64::from(d - b'0')).min(1 << 40);
            i += 1;
        }
        if i == start {
            return None;
        }
        exp += if negative { -e } else { e };
    }
    if i != b.len() {
        return None;
    }
    while digits.last() == Some(&0) {
        digits.pop();
        exp += 1;
    }
    if digits.is_empty() {
        return Some(0.0);
    }
    if digits.len() > MAX_DIGITS {
        let sticky = digits[MAX_DIGITS..].iter().any(|&d| d != 0);
        exp += (digits.len() - MAX_DIGITS) as i64;
        digits.truncate(MAX_DIGITS);
        if sticky {
            digits.push(1);
            exp -= 1;
        }
    }
    let n = digits.len() as i64;
    // value < 10^(exp + n) and ≥ 10^(exp + n − 1).
    if exp + n > 310 {
        return Some(f64::INFINITY);
    }
    if exp + n < -330 {
        return Some(0.0);
    }
    let lead = &digits[..digits.len().min(19)];
    let m = lead.iter().fold(0u64, |a, &d| a * 10 + u64::from(d));
    if digits.len() <= 15 && exp.abs() <= 22 {
        // m < 10^15 < 2^53 and 10^|exp| are exact: one rounding.
        let p = POW10[exp.unsigned_abs() as usize];
        return Some(if exp < 0 { m as f64 / p } else { m as f64 * p });
    }
    let scale = (exp + n - lead.len() as i64) as i32;
    let estimate = m as f64 * 10f64.powi(scale / 2) * 10f64.powi(scale - scale / 2);
    Some(refine(estimate, &digits, exp))
}

/// A finite `x ≥ 0` as `m × 2^e`.
fn split(x: f64) -> (u64, i64) {
    let bits = x.to_bits();
    let biased = (bits >> 52) as i64;
    let frac = bits & ((1 << 52) - 1);
    if biased == 0 {
        (frac, -1074)
    } else {
        (frac | (1 << 52), biased - 1075)
    }
}

/// The decimal `digits × 10^exp` against the midpoint between `x` (finite,
/// ≥ 0) and the next double up.
fn against_midpoint_up(digits: &[u8], exp: i64, x: f64) -> Ordering {
    let (m, e) = split(x);
    // midpoint = (2m + 1) × 2^(e − 1)
    let mut left = Big::from_digits(digits);
    let mut right = Big::from_u64(2 * m + 1);
    if exp >= 0 {
        left.mul_pow5(exp as u32);
    } else {
        right.mul_pow5((-exp) as u32);
    }
    let p2 = exp - (e - 1);
    if p2 >= 0 {
        left.shl(p2 as u32);
    } else {
        right.shl((-p2) as u32);
    }
    left.cmp(&right)
}

/// The double nearest to `digits × 10^exp`, from an estimate a few units in
/// the last place away.
fn refine(estimate: f64, digits: &[u8], exp: i64) -> f64 {
    let mut x = if estimate.is_finite() {
        estimate
    } else {
        f64::MAX
    };
    let odd = |x: f64| x.to_bits() & 1 == 1;
    loop {
        let up = against_midpoint_up(digits, exp, x);
        if up == Ordering::Greater || (up == Ordering::Equal && odd(x)) {
            x = f64::from_bits(x.to_bits() + 1);
            if x.is_infinite() {
                return x;
            }
            continue;
        }
        if x > 0.0 {
            let below = f64::from_bits(x.to_bits() - 1);
            let down = against_midpoint_up(digits, exp, below);
            if down == Ordering::Less || (down == Ordering::Equal && odd(x)) {
                x = below;
                continue;
            }
        }
        return x;
    }
}

/// An unsigned big integer, 32-bit limbs, least significant first.
struct Big(Vec<u32>);

impl Big {
    fn from_u64(v: u64) -> Big {
        Big(vec![v as u32, (v >> 32) as u32])
    }

    fn from_digits(digits: &[u8]) -> Big {
        let mut b = Big(vec![0]);
        for chunk in digits.chunks(9) {
            let v = chunk.iter().fold(0u32, |a, &d| a * 10 + u32::from(d));
            b.mul_add(10u32.pow(chunk.len() as u32), v);
        }
        b
    }

    /// self = self × f + add.
    fn mul_add(&mut self, f: u32, add: u32) {
        let mut carry = u64::from(add);
        for limb in &mut self.0 {
            let v = u64::from(*limb) * u64::from(f) + carry;
            *limb = v as u32;
            carry = v >> 32;
        }
        if carry > 0 {
            self.0.push(carry as u32);
        }
    }

    fn mul_pow5(&mut self, mut n: u32) {
        while n > 0 {
            let k = n.min(13); // 5^13 < 2^32
            self.mul_add(5u32.pow(k), 0);
            n -= k;
        }
    }

    fn shl(&mut self, bits: u32) {
        let (words, bits) = ((bits / 32) as usize, bits % 32);
        if bits > 0 {
            let mut carry = 0u32;
            for limb in &mut self.0 {
                let v = (*limb << bits) | carry;
                carry = *limb >> (32 - bits);
                *limb = v;
            }
            if carry > 0 {
                self.0.push(carry);
            }
        }
        self.0.splice(0..0, std::iter::repeat_n(0, words));
    }

    fn cmp(&self, other: &Big) -> Ordering {
        let len = |b: &Big| b.0.iter().rposition(|&l| l != 0).map_or(0, |i| i + 1);
        let (a, b) = (len(self), len(other));
        a.cmp(&b)
            .then_with(|| self.0[..a].iter().rev().cmp(other.0[..b].iter().rev()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same(text: &str) {
        let want = text.parse::<f64>().ok();
        let got = parse_f64(text);
        match (got, want) {
            (Some(g), Some(w)) if g.is_nan() && w.is_nan() => {}
            (Some(g), Some(w)) => assert_eq!(g.to_bits(), w.to_bits(), "{text:?}: {g:e} vs {w:e}"),
            (g, w) => assert_eq!(g.is_some(), w.is_some(), "{text:?}: {g:?} vs {w:?}"),
        }
    }

    /// A small deterministic generator (xorshift).
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
        fn below(&mut self, n: u64) -> u64 {
            self.next() % n
        }
    }

    #[test]
    fn grammar_is_that_of_str_parse() {
        for t in [
            "",
            "-",
            "+",
            ".",
            "-.",
            "e5",
            ".e5",
            "1e",
            "1e+",
            "1e-",
            "1.",
            ".5",
            "-.5",
            "+.5",
            "1.5e3",
            "1.5E-3",
            "1e+3",
            "00012",
            "0.000",
            "-0",
            "+0",
            "0e999999999999999999",
            "1e999999999999999999999",
            "1e-99999999999999999999",
            "inf",
            "-inf",
            "Infinity",
            "INF",
            "nan",
            "NaN",
            "-nan",
            "infin",
            "1 ",
            " 1",
            "1_0",
            "1..2",
            "1.2.3",
            "0x10",
            "1e5.5",
            "--1",
            "+-1",
            "1f",
            "١",
            "−1",
            "12a",
            "a12",
        ] {
            same(t);
        }
    }

    #[test]
    fn ordinary_numbers_and_extremes() {
        for t in [
            "-73.8",
            "0.04",
            "1e-7",
            "310.15",
            "0.1",
            "0.2",
            "0.3",
            "0.30000000000000004",
            "1.7976931348623157e308",
            "1.7976931348623158e308",
            "1.7976931348623159e308",
            "2.2250738585072014e-308",
            "2.2250738585072011e-308",
            "4.9406564584124654e-324",
            "2.4703282292062327e-324",
            "2.4703282292062328e-324",
            "5e-324",
            "1e-400",
            "1e400",
            "9007199254740993",
            "9007199254740992.5",
            "9007199254740993.0000000000000000001",
            "123456789012345678901234567890",
            "1e23",
            "8.98846567431158e307",
            "1e22",
            "1e-22",
        ] {
            same(t);
        }
    }

    #[test]
    fn every_way_the_standard_library_writes_a_double() {
        let mut r = Rng(0x2545_F491_4F6C_DD1D);
        for _ in 0..20_000 {
            let x = f64::from_bits(r.next());
            if !x.is_finite() {
                continue;
            }
            same(&format!("{x:?}"));
            same(&format!("{x:e}"));
            let p = r.below(25) as usize;
            same(&format!("{x:.p$e}"));
            if x.abs() < 1e30 && x.abs() > 1e-30 {
                same(&format!("{x}"));
                same(&format!("{x:.p$}"));
            }
        }
    }

    #[test]
    fn random_digit_strings() {
        let mut r = Rng(0x9E37_79B9_7F4A_7C15);
        for _ in 0..20_000 {
            let n = 1 + r.below(40) as usize;
            let mut s: String = (0..n)
                .map(|_| char::from(b'0' + r.below(10) as u8))
                .collect();
            if r.below(2) == 0 {
                let at = r.below(n as u64 + 1) as usize;
                s.insert(at, '.');
            }
            let e = r.below(700) as i64 - 350;
            same(&format!("{s}e{e}"));
            same(&s);
        }
    }

    #[test]
    fn exact_halfway_cases_round_to_even() {
        // Midpoints (2m + 1) × 2^(e − 1) written out exactly in decimal, and
        // just above and below them.
        let mut r = Rng(0xD1B5_4A32_D192_ED03);
        for _ in 0..5_000 {
            let m = (1u128 << 52) | u128::from(r.next() & ((1 << 52) - 1));
            let mid = 2 * m + 1;
            // Positive powers: an integer.
            let shift = r.below(20) as u32;
            let int = mid << shift;
            same(&format!("{int}"));
            same(&format!("{int}.000000000000000000000001"));
            same(&format!("{}.999999999999999999999999", int - 1));
            // Negative powers: mid / 2^k = mid × 5^k / 10^k.
            let k = 1 + r.below(18) as u32;
            let scaled = mid * 5u128.pow(k);
            let digits = scaled.to_string();
            same(&format!("{digits}e-{k}"));
            same(&format!("{digits}000000000000000000001e-{}", k + 21));
            same(&format!("{}999999999999999999999e-{}", scaled - 1, k + 21));
        }
        // Subnormal midpoints: (2m + 1) × 2^-1075, from a long exact expansion.
        for m in [0u64, 1, 2, 3, 1 << 20, (1 << 52) - 1] {
            let lo = f64::from_bits(m);
            let hi = f64::from_bits(m + 1);
            let exact = |x: f64| format!("{x:.1100e}");
            same(&exact(lo));
            same(&exact(hi));
            let long = format!("{}1", exact(hi).split('e').next().unwrap_or("0"));
            same(&format!("{long}e-324"));
        }
    }

    #[test]
    fn very_long_inputs() {
        let ones = "1".repeat(2000);
        same(&ones);
        same(&format!("0.{ones}"));
        same(&format!("{ones}e-1990"));
        let half = format!("9007199254740993{}", "0".repeat(1500));
        same(&format!("{half}e-1500"));
        same(&format!("{half}1e-1501"));
    }
}
