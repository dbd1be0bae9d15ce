//! Pretty JSON with the numbers written by the standard library's float
//! formatting, digit for digit what `serde_json::to_string_pretty` writes.
//!
//! serde_json writes floats with the `zmij` crate, whose 10 KB table of powers
//! of ten does not compress; the page already carries core's shortest
//! round-trip formatting (`{:?}`) for its readouts, so writing the few numbers
//! of a scenario through it keeps the table out of the wasm. Only the number
//! writer changes: serde_json still does the rest, through its own
//! `Formatter` hook. A test checks the output against serde_json's.

use crate::decimal::{Dbg, Plain};
use serde::Serialize;
use serde_json::ser::{Formatter, PrettyFormatter};
use std::io::{self, Write};

/// `value` as pretty JSON (two-space indent), as `serde_json::to_string_pretty`.
pub(crate) fn to_string_pretty<T: Serialize + ?Sized>(value: &T) -> serde_json::Result<String> {
    let mut out = Vec::with_capacity(512);
    let mut ser = serde_json::Serializer::with_formatter(&mut out, Pretty(PrettyFormatter::new()));
    value.serialize(&mut ser)?;
    // serde_json writes only UTF-8.
    Ok(String::from_utf8(out).unwrap_or_default())
}

/// A finite `x` as serde_json writes it: shortest round-trip digits, plain
/// from 1e-5 up to 1e16 (with ".0" on whole numbers), otherwise with an
/// exponent (`1e-7`, `1.5e+16`).
pub(crate) fn number(x: f64) -> String {
    // Debug writes 1e-5 ≤ |x| < 1e-4 with an exponent; serde_json does not.
    if (1e-5..1e-4).contains(&x.abs()) {
        return Plain(x).to_string();
    }
    let s = Dbg(x).to_string();
    match s.split_once('e') {
        Some((m, e)) if !e.starts_with('-') => format!("{m}e+{e}"),
        _ => s,
    }
}

struct Pretty(PrettyFormatter<'static>);

impl Formatter for Pretty {
    fn write_f64<W: ?Sized + Write>(&mut self, w: &mut W, value: f64) -> io::Result<()> {
        w.write_all(number(value).as_bytes())
    }
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_array(w)
    }
    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array(w)
    }
    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_array_value(w, first)
    }
    fn end_array_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array_value(w)
    }
    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object(w)
    }
    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object(w)
    }
    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_object_key(w, first)
    }
    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object_value(w)
    }
    fn end_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_value(w)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_as_serde_json_writes_them() {
        let mut xs = vec![
            0.0,
            -0.0,
            1.0,
            0.5,
            -73.8,
            0.1 + 0.2,
            1e-7,
            1.5e-7,
            5e-5,
            1e-5,
            9.99e-5,
            1e-4,
            2.5e-6,
            1e15,
            1e16,
            1.2345e17,
            123456789.0,
            1e-300,
            5e-324,
            f64::MAX,
            f64::MIN_POSITIVE,
            1e21,
            1e22,
            3e-12,
            310.15,
            1e-4 * (1.0 - f64::EPSILON),
            1e16 * (1.0 - f64::EPSILON),
        ];
        // Plus a spread of bit patterns over the whole range.
        let mut bits: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..20_000 {
            bits ^= bits << 13;
            bits ^= bits >> 7;
            bits ^= bits << 17;
            let x = f64::from_bits(bits);
            if x.is_finite() {
                xs.push(x);
            }
        }
        for e in -330..320 {
            xs.push(10f64.powi(e));
            xs.push(-3.7 * 10f64.powi(e));
        }
        let mut differ = 0;
        for x in xs.into_iter().filter(|x| x.is_finite()) {
            let want = serde_json::to_string(&x).unwrap_or_default();
            let got = number(x);
            if got != want {
                // Both are shortest round-trip digits; they may differ in a
                // 17th digit, where two candidates are equally short.
                differ += 1;
                assert_eq!(got.parse::<f64>().ok(), Some(x), "{x:e}: {got}");
                assert_eq!(got.len(), want.len(), "{x:e}: {got} vs {want}");
            }
        }
        assert!(differ < 50, "{differ} numbers written differently");
    }

    #[test]
    fn pretty_json_is_serde_json_pretty() {
        let s = crate::Scenario::preset("neuron").unwrap_or_else(|e| panic!("{e}"));
        let want = serde_json::to_string_pretty(&s).unwrap_or_default();
        assert_eq!(to_string_pretty(&s).unwrap_or_default(), want);
    }
}
