//! Evaluate the validation cases of `tests/reference/ghk_nernst_cases.json`
//! (kinds `nernst`, `ghk`, `ghk_pump`) with the model.

use crate::args::CliError;
use rpl_model::electro::{ghk_voltage_mv, mullins_noda_mv, nernst_mv};
use rpl_model::{Ion, IonMap};
use serde_json::Value;
use std::fmt::Write;

/// One case's outcome.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// Case name.
    pub name: String,
    /// What the model gives, mV.
    pub got_mv: f64,
    /// The reference value, mV.
    pub expect_mv: f64,
    /// Tolerance, mV.
    pub tol_mv: f64,
}

impl Outcome {
    /// Within tolerance?
    pub fn passed(&self) -> bool {
        (self.got_mv - self.expect_mv).abs() <= self.tol_mv
    }
}

fn num(v: &Value, key: &str, case: &str) -> Result<f64, CliError> {
    v[key]
        .as_f64()
        .ok_or_else(|| CliError(format!("case {case}: field \"{key}\" must be a number")))
}

/// Inside concentrations, outside concentrations, permeabilities.
type CasePart = (IonMap<f64>, IonMap<f64>, IonMap<f64>);

fn ion_maps(case: &Value, name: &str) -> Result<CasePart, CliError> {
    let mut ci = IonMap::from_fn(|_| 1.0);
    let mut co = IonMap::from_fn(|_| 1.0);
    let mut p = IonMap::from_fn(|_| 0.0);
    let bad = |what: &str| CliError(format!("case {name}: bad \"{what}\""));
    for (ion, pair) in case["conc"].as_object().ok_or_else(|| bad("conc"))? {
        let ion = Ion::parse(ion).ok_or_else(|| bad(ion))?;
        *ci.get_mut(ion) = pair[0].as_f64().ok_or_else(|| bad("conc"))?;
        *co.get_mut(ion) = pair[1].as_f64().ok_or_else(|| bad("conc"))?;
    }
    for (ion, v) in case["perm"].as_object().ok_or_else(|| bad("perm"))? {
        let ion = Ion::parse(ion).ok_or_else(|| bad(ion))?;
        *p.get_mut(ion) = v.as_f64().ok_or_else(|| bad("perm"))?;
    }
    Ok((ci, co, p))
}

/// Evaluate one case.
pub fn evaluate(case: &Value) -> Result<Outcome, CliError> {
    let name = case["name"].as_str().unwrap_or("?").to_string();
    let t = num(case, "temp_c", &name)? + 273.15;
    let got = match case["kind"].as_str().unwrap_or("") {
        "nernst" => nernst_mv(
            num(case, "valence", &name)? as i32,
            num(case, "inside", &name)?,
            num(case, "outside", &name)?,
            t,
        ),
        "ghk" => {
            let (ci, co, p) = ion_maps(case, &name)?;
            ghk_voltage_mv(&p, &ci, &co, t)
                .ok_or_else(|| CliError(format!("case {name}: no permeant ion")))?
        }
        "ghk_pump" => {
            let (ci, co, p) = ion_maps(case, &name)?;
            let r = num(case, "pump_ratio", &name)?;
            mullins_noda_mv(r, p.k, p.na, (ci.k, co.k), (ci.na, co.na), t)
        }
        other => return Err(CliError(format!("case {name}: unknown kind \"{other}\""))),
    };
    Ok(Outcome {
        got_mv: got,
        expect_mv: num(case, "expect_mv", &name)?,
        tol_mv: num(case, "tol_mv", &name)?,
        name,
    })
}

/// Evaluate every case of a file; a table and the number that failed.
pub fn report(text: &str) -> Result<(String, usize), CliError> {
    let v: Value = serde_json::from_str(text)
        .map_err(|e| CliError(format!("malformed reference file: {e}")))?;
    let cases = v["cases"]
        .as_array()
        .ok_or_else(|| CliError("reference file has no \"cases\" list".into()))?;
    let mut out =
        String::from("case                            model (mV)  reference (mV)  tol     ok\n");
    let mut failed = 0;
    for case in cases {
        let o = evaluate(case)?;
        if !o.passed() {
            failed += 1;
        }
        let _ = writeln!(
            out,
            "{:<30} {:>11.4} {:>15.4}  {:<7} {}",
            o.name,
            o.got_mv,
            o.expect_mv,
            o.tol_mv,
            if o.passed() { "yes" } else { "NO" }
        );
    }
    Ok((out, failed))
}
