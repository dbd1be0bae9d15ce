//! Every validation case in `tests/reference/ghk_nernst_cases.json` reproduces
//! its published or independently computed value within its stated tolerance.

use rpl_model::electro::{ghk_current, resting_potential};
use rpl_model::reference::{self, Case, CaseKind};
use rpl_model::IonMap;

fn cases() -> Vec<Case> {
    let text = include_str!("reference/ghk_nernst_cases.json");
    reference::read(text).expect("reference file parses").cases
}

#[test]
fn every_reference_case_within_tolerance() {
    let cases = cases();
    assert!(cases.len() >= 12, "expected the full reference set");
    for case in &cases {
        let name = &case.name;
        let (expect, tol) = (case.expect_mv, case.tol_mv);
        let got = case.model_mv().expect("the model evaluates every case");
        let t = case.temperature_k();
        match &case.kind {
            CaseKind::Nernst { .. } => {}
            CaseKind::Ghk { .. } => {
                let (ci, co, p) = case.solutions().expect("a GHK case");
                // The root of zero total GHK current must agree with the closed form.
                let root = resting_potential(&p, &ci, &co, 0.0, t).expect("root");
                assert!(
                    (got - root).abs() < 1e-9,
                    "{name}: closed form {got} vs root {root}"
                );
            }
            CaseKind::GhkPump { pump_ratio, .. } => {
                let (ci, co, p) = case.solutions().expect("a pump case");
                assert_eq!(*pump_ratio, 1.5, "{name}: the Na⁺/K⁺ pump's 3 : 2");
                let mn = got;
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
            }
        }
        assert!(
            case.accepts(got),
            "{name}: got {got:.6} mV, expected {expect} ± {tol}"
        );
    }
}

#[test]
fn a_malformed_case_is_refused_with_its_reason() {
    let bad_kind = r#"{"about": "", "cases": [{"name": "a", "kind": "frog", "temp_c": 37,
        "expect_mv": 0, "tol_mv": 1}]}"#;
    let e = reference::read(bad_kind).unwrap_err().to_string();
    assert!(e.contains("frog"), "{e}");
    let missing = r#"{"about": "", "cases": [{"name": "a", "kind": "nernst", "temp_c": 37,
        "expect_mv": 0, "tol_mv": 1, "inside": 1, "outside": 2}]}"#;
    let e = reference::read(missing).unwrap_err().to_string();
    assert!(e.contains("valence"), "{e}");
}
