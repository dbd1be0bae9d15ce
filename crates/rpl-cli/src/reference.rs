//! `rpl reference FILE`: evaluate the validation cases of a reference file
//! (`tests/reference/ghk_nernst_cases.json`) with the model. The file format
//! and the computation are [`rpl_model::reference`], the same the tests use.

use crate::args::CliError;
use rpl_model::reference::{self, Case};
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

/// Evaluate one case.
pub fn evaluate(case: &Case) -> Result<Outcome, CliError> {
    let got_mv = case
        .model_mv()
        .map_err(|e| CliError(format!("case {}: {e}", case.name)))?;
    Ok(Outcome {
        name: case.name.clone(),
        got_mv,
        expect_mv: case.expect_mv,
        tol_mv: case.tol_mv,
    })
}

/// Evaluate every case of a file; a table and the number that failed.
pub fn report(text: &str) -> Result<(String, usize), CliError> {
    let file = reference::read(text)?;
    let mut out =
        String::from("case                            model (mV)  reference (mV)  tol     ok\n");
    let mut failed = 0;
    for case in &file.cases {
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
