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
        Some(b'-') => (true, text.get(1..)?),
        Some(b'+') => (false, text.get(1..)?),
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

    /// self = self / d, returning the remainder.
    fn div_small(&mut self, d: u32) -> u32 {
        let mut rem = 0u64;
        for limb in self.0.iter_mut().rev() {
            let v = (rem << 32) | u64::from(*limb);
            *limb = (v / u64::from(d)) as u32;
            rem = v % u64::from(d);
        }
        while self.0.len() > 1 && self.0.last() == Some(&0) {
            self.0.pop();
        }
        rem as u32
    }

    fn cmp(&self, other: &Big) -> Ordering {
        let len = |b: &Big| b.0.iter().rposition(|&l| l != 0).map_or(0, |i| i + 1);
        let (a, b) = (len(self), len(other));
        a.cmp(&b)
            .then_with(|| self.0[..a].iter().rev().cmp(other.0[..b].iter().rev()))
    }
}

// ---------------------------------------------------------------------------
// Writing: f64 to decimal text, as the standard library writes it.

/// The exact decimal value of a finite `x > 0`: digits (0–9, the first not
/// zero, no trailing zero) and `point`, with x = 0.d₁d₂… × 10^point. Every
/// double has a finite decimal expansion: m × 2^e is m × 5^(−e) × 10^e.
fn exact_digits(x: f64) -> (Vec<u8>, i32) {
    let (m, e) = split(x);
    let mut big = Big::from_u64(m);
    let mut fraction = 0;
    if e >= 0 {
        big.shl(e as u32);
    } else {
        big.mul_pow5((-e) as u32);
        fraction = -e as i32;
    }
    let mut chunks = Vec::new();
    while big.0.iter().any(|&l| l != 0) {
        chunks.push(big.div_small(1_000_000_000));
    }
    let mut digits = Vec::with_capacity(chunks.len() * 9);
    for (i, &c) in chunks.iter().rev().enumerate() {
        let width = if i == 0 { digit_count(c) } else { 9 };
        for k in (0..width).rev() {
            digits.push((c / 10u32.pow(k) % 10) as u8);
        }
    }
    let n = digits.len() as i32;
    while digits.last() == Some(&0) {
        digits.pop();
    }
    (digits, n - fraction)
}

fn digit_count(mut c: u32) -> u32 {
    let mut n = 1;
    while c >= 10 {
        c /= 10;
        n += 1;
    }
    n
}

/// Which way [`round_digits`] rounds.
#[derive(Clone, Copy)]
enum Rounding {
    /// To nearest, ties to even: `{:.N}` and `{:.Ne}`.
    Even,
    /// To nearest, ties up: the shortest digits' last one.
    HalfUp,
    Down,
    Up,
}

/// 0.d₁d₂… × 10^point rounded to its first `keep` digits (to the place
/// 10^(point − keep)); `keep` may be 0 or less. No trailing zero in the
/// result; no digits for 0.
fn round_digits(digits: &[u8], point: i32, keep: i32, rounding: Rounding) -> (Vec<u8>, i32) {
    if keep >= digits.len() as i32 {
        return (digits.to_vec(), point);
    }
    if keep < 0 {
        return (Vec::new(), 0);
    }
    let (kept, rest) = digits.split_at(keep as usize);
    let odd = kept.last().is_some_and(|d| d % 2 == 1);
    let up = match rounding {
        Rounding::Even => rest[0] > 5 || (rest[0] == 5 && (rest.len() > 1 || odd)),
        Rounding::HalfUp => rest[0] >= 5,
        Rounding::Down => false,
        Rounding::Up => true,
    };
    let mut out = kept.to_vec();
    let mut point = point;
    if up {
        loop {
            match out.last_mut() {
                Some(9) => {
                    out.pop();
                }
                Some(d) => {
                    *d += 1;
                    break;
                }
                None => {
                    out.push(1);
                    point += 1;
                    break;
                }
            }
        }
    }
    while out.last() == Some(&0) {
        out.pop();
    }
    if out.is_empty() {
        point = 0;
    }
    (out, point)
}

/// The shortest digits that read back as `x` (finite, > 0), the nearest to
/// x among them: what `{}`, `{:?}` and `{:e}` write.
fn shortest_digits(x: f64) -> (Vec<u8>, i32) {
    if let Some(fast) = shortest_fast(x) {
        return fast;
    }
    let (digits, point) = exact_digits(x);
    let reads_back = |d: &[u8], p: i32| parse_f64(&scientific(d, p)) == Some(x);
    for keep in 1..17 {
        if keep >= digits.len() as i32 {
            break;
        }
        let near = round_digits(&digits, point, keep, Rounding::HalfUp);
        if reads_back(&near.0, near.1) {
            return near;
        }
        // Next to a power of two the interval that reads back is not
        // symmetric: the other neighbour may read back where the nearer does not.
        let down = round_digits(&digits, point, keep, Rounding::Down);
        let other = if near == down {
            round_digits(&digits, point, keep, Rounding::Up)
        } else {
            down
        };
        if reads_back(&other.0, other.1) {
            return other;
        }
    }
    round_digits(&digits, point, 17, Rounding::HalfUp)
}

/// `x` (finite, > 0) times 10^n exactly, where that fits in 128 bits:
/// `x = m · 2^e` with `m` below 2^53 and `e ≤ 0` (a normal double below
/// 2^53), `n` ≤ 22, so `m · 10^n` is below 2^127. Gives ⌊x · 10^n⌋, the
/// remainder `r` (the fraction is r / 2^s) and `s = −e`. This is the fast
/// way for the numbers the page writes; the others take the big-number
/// expansion ([`exact_digits`]).
fn scaled(x: f64, n: usize) -> Option<(u128, u128, u32)> {
    let (m, e) = split(x);
    if !(-127..=0).contains(&e) || n >= POW10.len() || x < f64::MIN_POSITIVE {
        return None;
    }
    let num = u128::from(m) * 10u128.pow(n as u32);
    let s = (-e) as u32;
    let floor = num >> s;
    Some((floor, num - (floor << s), s))
}

/// Whether a fraction `r / 2^s` over an integer part `floor` rounds up:
/// to nearest, ties up (`ties_up`) or to even.
fn rounds_up(floor: u128, r: u128, s: u32, ties_up: bool) -> bool {
    if s == 0 {
        return false;
    }
    let half = 1u128 << (s - 1);
    r > half || r == half && (ties_up || floor % 2 == 1)
}

/// `k · 10^(−n)` as digits and point (as [`exact_digits`] gives them).
fn scaled_digits(k: u128, n: i32) -> (Vec<u8>, i32) {
    if k == 0 {
        return (Vec::new(), 0);
    }
    let mut digits = Vec::with_capacity(24);
    let mut rest = k;
    while rest > 0 {
        digits.push((rest % 10) as u8);
        rest /= 10;
    }
    digits.reverse();
    let point = digits.len() as i32 - n;
    while digits.last() == Some(&0) {
        digits.pop();
    }
    (digits, point)
}

/// [`round_digits`] of `x`'s exact digits to `n` decimals, ties to even
/// (`{:.N}`), without the big numbers where [`scaled`] applies.
fn fixed_digits(x: f64, n: usize) -> (Vec<u8>, i32) {
    if let Some((floor, r, s)) = scaled(x, n) {
        return scaled_digits(floor + u128::from(rounds_up(floor, r, s, false)), n as i32);
    }
    let (digits, point) = exact_digits(x);
    round_digits(
        &digits,
        point,
        point.saturating_add(n as i32),
        Rounding::Even,
    )
}

/// [`round_digits`] of `x`'s exact digits to `keep` significant digits, ties
/// to even (`{:.Ne}`, keep = N + 1), without the big numbers where
/// [`scaled`] applies: the decimals are `keep − point`, with `point` (10^(point − 1)
/// ≤ x < 10^point) estimated from the binary exponent and corrected.
fn significant_digits(x: f64, keep: usize) -> (Vec<u8>, i32) {
    let (_, e) = split(x);
    let mut point = ((e + 52) as f64 * std::f64::consts::LOG10_2).floor() as i32 + 1;
    if keep <= 30 {
        for _ in 0..3 {
            let Ok(n) = usize::try_from(keep as i32 - point) else {
                break;
            };
            let Some((floor, r, s)) = scaled(x, n) else {
                break;
            };
            if floor < 10u128.pow(keep as u32 - 1) {
                point -= 1;
            } else if floor >= 10u128.pow(keep as u32) {
                point += 1;
            } else {
                let up = rounds_up(floor, r, s, false);
                return scaled_digits(floor + u128::from(up), n as i32);
            }
        }
    }
    let (digits, point) = exact_digits(x);
    round_digits(&digits, point, keep as i32, Rounding::Even)
}

/// [`shortest_digits`] without the big numbers where [`scaled`] applies: the
/// fewest decimals whose nearest value (ties up), or else its other
/// neighbour, reads back as `x`, that is, lies within half a unit in the
/// last place of `x` (a quarter below a power of two), its ends included
/// when `x`'s significand is even (reading rounds ties to even).
fn shortest_fast(x: f64) -> Option<(Vec<u8>, i32)> {
    let (m, _) = split(x);
    for n in 0..POW10.len() {
        let (floor, r, s) = scaled(x, n)?;
        let num = (floor << s) + r;
        let width = 10u128.pow(n as u32);
        let reads_back = |k: u128| {
            let Some(ks) = k.checked_mul(1u128 << s) else {
                return false;
            };
            let (gap, below) = if ks >= num {
                (ks - num, false)
            } else {
                (num - ks, true)
            };
            // Twice the gap against the unit (10^n in these terms), or four
            // times below a power of two, where the interval is half as wide.
            let times = if below && m == 1 << 52 { 4 } else { 2 };
            match gap.checked_mul(times) {
                Some(g) => g < width || g == width && m % 2 == 0,
                None => false,
            }
        };
        let near = floor + u128::from(rounds_up(floor, r, s, true));
        let other = if near == floor { floor + 1 } else { floor };
        for k in [near, other] {
            if reads_back(k) {
                return Some(scaled_digits(k, n as i32));
            }
        }
    }
    None
}

/// `0.d₁d₂… × 10^point` as `d₁.d₂…e(point − 1)`, for reading back.
fn scientific(digits: &[u8], point: i32) -> String {
    let mut s = String::with_capacity(digits.len() + 8);
    for (i, d) in digits.iter().enumerate() {
        if i == 1 {
            s.push('.');
        }
        s.push(char::from(b'0' + d));
    }
    if digits.is_empty() {
        s.push('0');
    }
    s.push('e');
    push_int(&mut s, i64::from(point) - 1);
    s
}

fn push_int(s: &mut String, v: i64) {
    if v < 0 {
        s.push('-');
    }
    let mut buf = [0u8; 20];
    let mut n = v.unsigned_abs();
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    s.extend(buf[i..].iter().map(|&b| char::from(b)));
}

/// Decimal notation with at least `min_fraction` digits after the point (and
/// no point if none).
fn push_plain(s: &mut String, digits: &[u8], point: i32, min_fraction: usize) {
    let digit = |i: i32| {
        if i >= 0 && (i as usize) < digits.len() {
            char::from(b'0' + digits[i as usize])
        } else {
            '0'
        }
    };
    if point <= 0 {
        s.push('0');
    } else {
        s.extend((0..point).map(digit));
    }
    let fraction = (digits.len() as i32 - point).max(0) as usize;
    let shown = fraction.max(min_fraction);
    if shown > 0 {
        s.push('.');
        s.extend((point..point + shown as i32).map(digit));
    }
}

/// `d₁.d₂…e±n`, with at least `min_fraction` digits after the point.
fn push_exponential(s: &mut String, digits: &[u8], point: i32, min_fraction: usize) {
    let digit = |i: usize| char::from(b'0' + digits.get(i).copied().unwrap_or(0));
    s.push(digit(0));
    let shown = digits.len().saturating_sub(1).max(min_fraction);
    if shown > 0 {
        s.push('.');
        s.extend((1..=shown).map(digit));
    }
    s.push('e');
    push_int(
        s,
        if digits.is_empty() {
            0
        } else {
            i64::from(point) - 1
        },
    );
}

/// How a number is written; each as the standard library's format of the same name.
#[derive(Clone, Copy)]
enum Style {
    /// `{}`
    Display,
    /// `{:.N}`
    Fixed(usize),
    /// `{:?}`
    Debug,
    /// `{:e}`, `{:.Ne}`
    Exp(Option<usize>),
}

fn write(x: f64, style: Style) -> String {
    let mut s = String::new();
    if x.is_nan() {
        s.push_str("NaN");
        return s;
    }
    if x.is_sign_negative() {
        s.push('-');
    }
    let a = x.abs();
    if a.is_infinite() {
        s.push_str("inf");
        return s;
    }
    let shortest = || {
        if a == 0.0 {
            (Vec::new(), 0)
        } else {
            shortest_digits(a)
        }
    };
    match style {
        Style::Display => {
            let (d, p) = shortest();
            push_plain(&mut s, &d, p, 0);
        }
        Style::Fixed(n) => {
            let (d, p) = if a == 0.0 {
                (Vec::new(), 0)
            } else {
                fixed_digits(a, n)
            };
            push_plain(&mut s, &d, p, n);
        }
        Style::Debug => {
            let (d, p) = shortest();
            if a == 0.0 || (1e-4..1e16).contains(&a) {
                push_plain(&mut s, &d, p, 1);
            } else {
                push_exponential(&mut s, &d, p, 0);
            }
        }
        Style::Exp(None) => {
            let (d, p) = shortest();
            push_exponential(&mut s, &d, p, 0);
        }
        Style::Exp(Some(n)) => {
            let (d, p) = if a == 0.0 {
                (Vec::new(), 0)
            } else {
                significant_digits(a, n + 1)
            };
            push_exponential(&mut s, &d, p, n);
        }
    }
    s
}

/// `x` as `{}` writes it (the shortest digits that read back, no exponent),
/// written here rather than by core's float formatting, which the page does
/// not carry (about 20 KB of its wasm; BENCHMARKS.md, "Size").
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Plain(pub f64);

/// `x` as `{:.N}` writes it: N digits after the point, the exact value
/// rounded, ties to even.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Fixed(pub f64, pub usize);

/// `x` as `{:?}` writes it (`1.0`, `0.1`, `1e-5`, `1e16`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Dbg(pub f64);

/// `x` as `{:e}` (`None`) or `{:.Ne}` (`Some(N)`) writes it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Exp(pub f64, pub Option<usize>);

macro_rules! display_as {
    ($t:ty, $style:expr) => {
        impl std::fmt::Display for $t {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                #[allow(clippy::redundant_closure_call)]
                f.pad(&write(self.0, ($style)(self)))
            }
        }
    };
}
display_as!(Plain, |_: &Plain| Style::Display);
display_as!(Fixed, |s: &Fixed| Style::Fixed(s.1));
display_as!(Dbg, |_: &Dbg| Style::Debug);
display_as!(Exp, |s: &Exp| Style::Exp(s.1));

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

    /// The writers against the standard library's formatting, on every
    /// kind of double: random bits, the readouts' range, integers, powers of
    /// two and ten, halfway cases of `{:.N}`, subnormals and the extremes.
    #[test]
    fn writes_as_the_standard_library_does() {
        let check = |x: f64, p: usize| {
            assert_eq!(Plain(x).to_string(), format!("{x}"), "{{}} of {x:e}");
            assert_eq!(Dbg(x).to_string(), format!("{x:?}"), "{{:?}} of {x:e}");
            assert_eq!(
                Exp(x, None).to_string(),
                format!("{x:e}"),
                "{{:e}} of {x:?}"
            );
            assert_eq!(
                Fixed(x, p).to_string(),
                format!("{x:.p$}"),
                "{{:.{p}}} of {x:?}"
            );
            assert_eq!(
                Exp(x, Some(p)).to_string(),
                format!("{x:.p$e}"),
                "{{:.{p}e}} of {x:?}"
            );
        };
        let mut r = Rng(0x9E37_79B9_7F4A_7C15);
        for _ in 0..20_000 {
            let x = f64::from_bits(r.next());
            check(x, r.below(20) as usize);
            // the page's range: readouts, concentrations, currents
            let y = (r.next() as f64 / u64::MAX as f64 - 0.5) * 10f64.powi(r.below(16) as i32 - 8);
            check(y, r.below(6) as usize);
            // few digits, so that {:.N} meets exact halves
            let z = (r.below(20_000) as f64 - 10_000.0)
                / [2.0, 4.0, 8.0, 16.0, 1024.0][r.below(5) as usize];
            check(z, r.below(5) as usize);
        }
        let special = [
            0.0,
            -0.0,
            1.0,
            -1.0,
            0.1,
            0.5,
            1.5,
            2.5,
            0.125,
            0.375,
            9.5,
            99.5,
            0.05,
            0.25,
            1e-4,
            9.999e-5,
            1e16,
            9.999_999_999_999_998e15,
            1e15,
            1e21,
            1e22,
            1e23,
            123_456_789.0,
            f64::MAX,
            f64::MIN_POSITIVE,
            5e-324,
            2.225_073_858_507_201e-308,
            f64::EPSILON,
            0.3,
            0.1 + 0.2,
            1.0 / 3.0,
            -73.8,
            61.5,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
        ];
        for &x in &special {
            for p in 0..20 {
                check(x, p);
            }
        }
        for k in -1074i64..1024 {
            let bits = if k >= -1022 {
                ((k + 1023) as u64) << 52
            } else {
                1 << (k + 1074)
            };
            for b in [bits - 1, bits, bits + 1] {
                check(f64::from_bits(b), 3);
            }
        }
        for k in -300..300 {
            check(format!("1e{k}").parse().unwrap(), 2);
        }
        // Where the writers take their fast way (normal numbers below 2^53,
        // up to 22 decimals): every magnitude there, short decimals, values
        // next to a half at the precision written, and the edges 2^52, 2^53.
        for _ in 0..20_000 {
            let x =
                (r.next() >> 11) as f64 / (1u64 << 53) as f64 * 10f64.powi(r.below(24) as i32 - 7);
            check(x, r.below(25) as usize);
            let short = r.below(100_000) as f64 / 10f64.powi(r.below(12) as i32);
            check(short, r.below(8) as usize);
            let n = r.below(8) as i32;
            let half = (r.below(1_000_000) as f64 + 0.5) / 10f64.powi(n);
            for x in [
                half,
                f64::from_bits(half.to_bits() + 1),
                f64::from_bits(half.to_bits() - 1),
            ] {
                check(x, n as usize);
            }
        }
        for b in [52, 53] {
            let x = (1u64 << b) as f64;
            for x in [
                x,
                f64::from_bits(x.to_bits() - 1),
                f64::from_bits(x.to_bits() + 1),
            ] {
                for p in 0..24 {
                    check(x, p);
                }
            }
        }
        // width and alignment pass through, as for any text
        assert_eq!(format!("{:>8}", Fixed(-1.25, 1)), format!("{:>8.1}", -1.25));
    }
}
