//! Every model error reads in both languages, each made from the error's fields.

use rpl_lessons::errors::words;
use rpl_lessons::text::has_cjk;
use rpl_lessons::{lesson, Lang};
use rpl_model::error::{Range, Solver};
use rpl_model::ModelError;

/// One error of every variant. The match below fails to compile when a variant
/// is added, so this list cannot fall behind.
fn one_of_each() -> Vec<ModelError> {
    let all = vec![
        ModelError::OutOfRange {
            key: "K_o".into(),
            value: -3.0,
            range: Range::above(0.0, 1000.0),
            unit: "mM",
        },
        ModelError::NotANumber {
            key: "K_o".into(),
            text: "abc".into(),
        },
        ModelError::BadChoice {
            key: "volume".into(),
            text: "squishy".into(),
            allowed: &["rigid", "swelling"],
        },
        ModelError::NotAChoice {
            key: "V_after".into(),
            text: "Z9".into(),
            count: 3,
        },
        ModelError::WantsNumber {
            key: "V_rest".into(),
            choice: 2,
            unit: "mV",
        },
        ModelError::UnknownKey {
            key: "K_out".into(),
            known: vec!["K_o".into(), "K_i".into()],
        },
        ModelError::UnknownPreset {
            name: "frog".into(),
            known: &rpl_model::PRESET_NAMES,
        },
        ModelError::RelativeToZero {
            key: "P_Na_rel".into(),
            base: "P_K",
        },
        ModelError::ChangeWithoutTime {
            item: "K_o:10".into(),
        },
        ModelError::ChangeWithoutValue {
            item: "K_o@600".into(),
            key: "K_o".into(),
        },
        ModelError::TooManyChanges { max: 1000 },
        ModelError::ChangeAfterEnd {
            key: "P_K".into(),
            t_s: 40.0,
            end_s: 35.0,
        },
        ModelError::Malformed {
            message: "EOF while parsing".into(),
        },
        ModelError::NoImpermeantAnions {
            permeant_charge_mm: -2.0,
        },
        ModelError::NoPermeantIon,
        ModelError::NoSteadyState {
            injected_ua_cm2: -10.0,
        },
        ModelError::NoConvergence {
            what: Solver::SteadyState,
            detail: "x".into(),
        },
        ModelError::TooMuchWork {
            t_s: 0.0,
            span_s: 0.016,
            steps: 50_000,
        },
        ModelError::NotWhole {
            key: "stim_count".into(),
            value: 2.5,
            lo: 1.0,
            hi: 1000.0,
        },
    ];
    let mut seen = [false; 19];
    for e in &all {
        let i = match e {
            ModelError::OutOfRange { .. } => 0,
            ModelError::NotANumber { .. } => 1,
            ModelError::BadChoice { .. } => 2,
            ModelError::NotAChoice { .. } => 3,
            ModelError::WantsNumber { .. } => 4,
            ModelError::UnknownKey { .. } => 5,
            ModelError::UnknownPreset { .. } => 6,
            ModelError::RelativeToZero { .. } => 7,
            ModelError::ChangeWithoutTime { .. } => 8,
            ModelError::ChangeWithoutValue { .. } => 9,
            ModelError::TooManyChanges { .. } => 10,
            ModelError::ChangeAfterEnd { .. } => 11,
            ModelError::Malformed { .. } => 12,
            ModelError::NoImpermeantAnions { .. } => 13,
            ModelError::NoPermeantIon => 14,
            ModelError::NoConvergence { .. } => 15,
            ModelError::NoSteadyState { .. } => 16,
            ModelError::TooMuchWork { .. } => 17,
            ModelError::NotWhole { .. } => 18,
        };
        seen[i] = true;
    }
    assert!(seen.iter().all(|s| *s), "one example of every variant");
    all
}

fn no_label(_: &str) -> Option<String> {
    None
}

#[test]
fn every_variant_has_chinese_wording() {
    for e in one_of_each() {
        let en = words(&e, Lang::En, &no_label);
        let zh = words(&e, Lang::Zh, &no_label);
        assert_eq!(en, e.to_string());
        assert!(!has_cjk(&en), "{en}");
        assert!(has_cjk(&zh), "no Chinese for {e:?}: {zh}");
        for english in ["allowed", "must", "is not", "unknown", "needs"] {
            assert!(!zh.contains(english), "English left in {zh}");
        }
        // Every number and word of the error's fields is in both.
        if let ModelError::OutOfRange { .. } = e {
            assert!(en.contains("-3") && en.contains("1000 mM"), "{en}");
            assert!(zh.contains("\u{2212}3") && zh.contains("1000 mM"), "{zh}");
        }
    }
}

#[test]
fn a_key_is_written_with_the_label_it_is_given() {
    let e = Range::above(0.0, 1000.0)
        .check("K_o", -3.0, "mM")
        .expect_err("out");
    let label = |k: &str| (k == "K_o").then(|| "细胞外 K⁺".to_string());
    let zh = words(&e, Lang::Zh, &label);
    assert_eq!(
        zh,
        "细胞外 K⁺ = −3 不允许：必须是大于 0 且不超过 1000 mM 的有限数"
    );
    let e = ModelError::BadChoice {
        key: "volume".into(),
        text: "squishy".into(),
        allowed: &["rigid", "swelling"],
    };
    assert_eq!(
        words(&e, Lang::Zh, &no_label),
        "volume = “squishy” 不允许：必须是 rigid 或 swelling"
    );
}

#[test]
fn a_bad_answer_keeps_the_advice_outside_the_quoted_text() {
    let choice = lesson("k-only").expect("lesson").question;
    let e = choice.parse("Z9").expect_err("not a choice");
    let en = e.to_string();
    assert!(
        en.contains("= \"Z9\" is not one of the choices: choose 1 to"),
        "{en}"
    );
    assert!(matches!(e, ModelError::NotAChoice { .. }));
    for blank in ["", " "] {
        let e = choice.parse(blank).expect_err("blank");
        assert!(
            matches!(e, ModelError::NotAChoice { count: 3, .. }),
            "{e:?}"
        );
    }
    let zh = words(&e, Lang::Zh, &no_label);
    assert!(zh.contains("“Z9” 不是可选的答案"), "{zh}");

    let number = lesson("astrocyte").expect("lesson").question;
    let e = number
        .validate(&rpl_lessons::Prediction::Choice(1))
        .expect_err("wants a number");
    assert!(
        matches!(e, ModelError::WantsNumber { choice: 2, .. }),
        "{e:?}"
    );
    assert!(
        e.to_string()
            .ends_with("this question wants a number in mV"),
        "{e}"
    );
    let e = number.parse("warm").expect_err("not a number");
    assert_eq!(
        e.to_string(),
        format!("{} = \"warm\" is not a number", number.field)
    );
}

#[test]
fn english_from_the_locale_files_is_the_errors_own_wording() {
    let mut all = one_of_each();
    for (range, unit) in [
        (Range::closed(-5.5, 50.0), ""),
        (Range::above(0.0, f64::INFINITY), "s"),
        (Range::closed(1.0, f64::INFINITY), ""),
    ] {
        all.push(range.check("T", -1e9, unit).expect_err("out of range"));
    }
    for allowed in [&[][..], &["a"][..], &["a", "b", "c"][..]] {
        all.push(ModelError::BadChoice {
            key: "v".into(),
            text: "q".into(),
            allowed,
        });
    }
    for what in [
        Solver::Integrator,
        Solver::SteadyState,
        Solver::LessonQuestion,
    ] {
        all.push(ModelError::NoConvergence {
            what,
            detail: "d".into(),
        });
    }
    all.push(ModelError::UnknownKey {
        key: "x".repeat(300),
        known: vec![],
    });
    for e in all {
        // Long keys and texts are shortened for a reader (`clipped`).
        assert_eq!(words(&e, Lang::En, &no_label), e.clipped().to_string());
        let zh = words(&e, Lang::Zh, &no_label);
        assert!(has_cjk(&zh) && !zh.contains('{'), "{zh}");
    }
}

#[test]
fn a_readers_text_is_quoted_as_typed() {
    let e = ModelError::NotANumber {
        key: "K_o".into(),
        text: "{key} {text}".into(),
    };
    assert_eq!(
        words(&e, Lang::En, &no_label),
        "K_o = \"{key} {text}\" is not a number"
    );
    assert_eq!(
        words(&e, Lang::Zh, &no_label),
        "K_o = “{key} {text}” 不是数字"
    );
}

/// A voltage-gated channel's conductance out of range, from a scenario
/// file: the field, the value and what is allowed, with its unit, in both
/// languages (the page names the field by its label, `field.g_Na`).
#[test]
fn a_channel_conductance_out_of_range_reads_in_both_languages() {
    use rpl_model::scenario::{Channels, HhChannels};
    let mut s = rpl_model::Scenario::preset("squid-axon").expect("preset");
    s.channels = Some(Channels::Hh(HhChannels {
        g_na_s_cm2: -0.1,
        g_k_s_cm2: 0.036,
    }));
    let e = s.validate().expect_err("out of range");
    let en = words(&e, Lang::En, &|_| None);
    assert_eq!(en, e.to_string());
    assert_eq!(
        en,
        "g_Na = -0.1 is not allowed: it must be a finite number at least 0 and at most 1 S/cm²"
    );
    let zh = words(&e, Lang::Zh, &|_| None);
    assert!(has_cjk(&zh), "{zh}");
    assert!(
        zh.contains("g_Na") && zh.contains("\u{2212}0.1") && zh.contains("S/cm²"),
        "{zh}"
    );
}
