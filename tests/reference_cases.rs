//! Every validation case in `tests/reference/ghk_nernst_cases.json` reproduces
//! its published or independently computed value within its stated tolerance.

use rpl_model::electro::{
    ghk_current, ghk_voltage_mv, mullins_noda_mv, nernst_mv, resting_potential,
};
use rpl_model::{Ion, IonMap};
use serde_json::Value;

fn cases() -> Vec<Value> {
    let text = include_str!("reference/ghk_nernst_cases.json");
    let v: Value = serde_json::from_str(text).expect("reference file parses");
    v["cases"].as_array().expect("cases").clone()
}

fn conc(case: &Value) -> (IonMap<f64>, IonMap<f64>) {
    let mut ci = IonMap::from_fn(|_| 1.0);
    let mut co = IonMap::from_fn(|_| 1.0);
    for (name, pair) in case["conc"].as_object().expect("conc") {
        let ion = Ion::parse(name).expect("ion name");
        *ci.get_mut(ion) = pair[0].as_f64().expect("inside");
        *co.get_mut(ion) = pair[1].as_f64().expect("outside");
    }
    (ci, co)
}

fn perm(case: &Value) -> IonMap<f64> {
    let mut p = IonMap::from_fn(|_| 0.0);
    for (name, v) in case["perm"].as_object().expect("perm") {
        *p.get_mut(Ion::parse(name).expect("ion")) = v.as_f64().expect("number");
    }
    p
}

fn t_k(case: &Value) -> f64 {
    case["temp_c"].as_f64().expect("temp") + 273.15
}

#[test]
fn every_reference_case_within_tolerance() {
    let cases = cases();
    assert!(cases.len() >= 12, "expected the full reference set");
    for case in &cases {
        let name = case["name"].as_str().expect("name");
        let expect = case["expect_mv"].as_f64().expect("expect");
        let tol = case["tol_mv"].as_f64().expect("tol");
        let got = match case["kind"].as_str().expect("kind") {
            "nernst" => nernst_mv(
                case["valence"].as_i64().expect("z") as i32,
                case["inside"].as_f64().expect("in"),
                case["outside"].as_f64().expect("out"),
                t_k(case),
            ),
            "ghk" => {
                let (ci, co) = conc(case);
                let p = perm(case);
                let closed = ghk_voltage_mv(&p, &ci, &co, t_k(case)).expect("permeant");
                // The root of zero total GHK current must agree with the closed form.
                let root = resting_potential(&p, &ci, &co, 0.0, t_k(case)).expect("root");
                assert!(
                    (closed - root).abs() < 1e-9,
                    "{name}: closed form {closed} vs root {root}"
                );
                closed
            }
            "ghk_pump" => {
                let (ci, co) = conc(case);
                let p = perm(case);
                let r = case["pump_ratio"].as_f64().expect("r");
                let t = t_k(case);
                let mn = mullins_noda_mv(r, p.k, p.na, (ci.k, co.k), (ci.na, co.na), t);
                // The same V as the root of zero total current with a pump that
                // moves r Na⁺ out per K⁺ in and balances the Na⁺ leak there.
                let i_pump_na = -ghk_current(1, p.na, ci.na, co.na, mn, t); // 3 I_p for r = 3/2
                let i_pump = i_pump_na / 3.0;
                let p_no_cl = IonMap {
                    cl: 0.0,
                    ca: 0.0,
                    ..p
                };
                let root = resting_potential(&p_no_cl, &ci, &co, i_pump, t).expect("root");
                assert!((root - mn).abs() < 1e-9, "{name}: MN {mn} vs root {root}");
                let i_k = ghk_current(1, p.k, ci.k, co.k, mn, t);
                assert!(
                    (i_k - 2.0 * i_pump).abs() < 1e-12 * i_k.abs(),
                    "{name}: K⁺ leak must equal the pump's 2 K⁺ in"
                );
                mn
            }
            other => panic!("unknown case kind {other}"),
        };
        assert!(
            (got - expect).abs() <= tol,
            "{name}: got {got:.6} mV, expected {expect} ± {tol}"
        );
    }
}
