//! The lessons: their texts, scenarios and questions, and the physics each one teaches.

use rpl_lessons::text::has_cjk;
use rpl_lessons::{lesson, lessons, Answer, Lang, Prediction, QuestionKind, Tolerance, LESSON_IDS};
use rpl_model::{Millivolts, Readouts, Scenario, Seconds, Simulation};
use std::collections::HashSet;

fn get(id: &str) -> &'static rpl_lessons::Lesson {
    lesson(id).unwrap_or_else(|| panic!("lesson {id}"))
}

fn rest(s: Scenario) -> Readouts {
    Simulation::new(s).expect("starts").readouts()
}

#[test]
fn twelve_lessons_with_unique_ids_in_course_order() {
    let ids: Vec<&str> = lessons().iter().map(|l| l.id).collect();
    assert_eq!(ids, LESSON_IDS);
    assert_eq!(
        ids,
        [
            "battery",
            "k-only",
            "astrocyte",
            "ghk",
            "pump-leak",
            "ouabain",
            "steady-state",
            "reversal",
            "applications",
            "excitability",
            "synapse",
            "pump-train"
        ]
    );
    let unique: HashSet<&str> = ids.iter().copied().collect();
    assert_eq!(unique.len(), ids.len());
    for (i, l) in lessons().iter().enumerate() {
        assert_eq!(usize::from(l.section), i + 1, "{}", l.id);
        assert_eq!(l.question.lesson_id, l.id);
        assert!(std::ptr::eq(get(l.id), l));
    }
    assert!(lesson("no-such-lesson").is_none());
    let fields: HashSet<&str> = lessons().iter().map(|l| l.question.field).collect();
    assert_eq!(fields.len(), 12, "question fields are distinct");
}

fn check_zh_punctuation(what: &str, zh: &str) {
    for bad in [", ", "; ", "? ", "(", ")", "! "] {
        assert!(
            !zh.contains(bad),
            "{what}: Chinese text uses ASCII \"{bad}\": {zh}"
        );
    }
}

#[test]
fn every_text_is_in_both_languages() {
    for l in lessons() {
        let texts = l.texts();
        assert!(texts.len() >= 7, "{}", l.id);
        assert!(!l.steps.is_empty() && !l.notice.is_empty(), "{}", l.id);
        for t in texts {
            let (zh, en) = (t.get(Lang::Zh), t.get(Lang::En));
            assert!(
                !zh.trim().is_empty() && !en.trim().is_empty(),
                "{}: {t:?}",
                l.id
            );
            assert!(has_cjk(zh), "{}: no Chinese in {zh:?}", l.id);
            assert!(!has_cjk(en), "{}: Chinese in English {en:?}", l.id);
            assert!(t.key().starts_with("lesson.") || t.key().starts_with("course."));
            check_zh_punctuation(l.id, zh);
            assert!(
                !zh.contains('-') || !zh.contains("-5"),
                "{}: ASCII minus",
                l.id
            );
        }
    }
}

#[test]
fn every_scenario_validates_and_starts() {
    for l in lessons() {
        let s = l.scenario().expect("scenario");
        s.validate().expect("valid");
        assert_eq!(s.panels, l.panels, "{}", l.id);
        assert_eq!(s.duration_s, l.duration_s, "{}", l.id);
        assert!(l.speed > 0.0 && l.speed.is_finite(), "{}", l.id);
        assert!(l.duration_s > 0.0, "{}", l.id);
        let mut sim = l.start().expect("starts");
        assert_eq!(sim.scenario().panels, l.panels);
        sim.advance(Seconds(l.duration_s.min(1.0))).expect("runs");
        assert!(sim.voltage().0.is_finite(), "{}", l.id);
        // The scenario round-trips through the share-URL text.
        let q = rpl_model::export::to_query(&s, l.preset);
        let pairs: Vec<(String, String)> = q
            .split('&')
            .filter_map(|kv| kv.split_once('='))
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let (back, _, errors) = rpl_model::export::from_query(&pairs, &[]);
        assert!(errors.is_empty(), "{}: {errors:?}", l.id);
        assert_eq!(back.permeability_cm_s, s.permeability_cm_s, "{}", l.id);
    }
}

/// A prediction the model accepts, and one that is clearly wrong.
fn right_and_wrong(l: &rpl_lessons::Lesson, answer: Answer) -> (Prediction, Prediction) {
    match (l.question.kind, answer) {
        (
            QuestionKind::Number {
                min,
                max,
                tolerance,
                ..
            },
            Answer::Number(a),
        ) => {
            let w = tolerance.width(a);
            let wrong = if a + 5.0 * w <= max {
                a + 5.0 * w
            } else {
                a - 5.0 * w
            };
            assert!(wrong >= min && wrong <= max);
            (Prediction::Number(a + 0.5 * w), Prediction::Number(wrong))
        }
        (QuestionKind::Choice { options }, Answer::Choice(i)) => (
            Prediction::Choice(i),
            Prediction::Choice((i + 1) % options.len()),
        ),
        other => panic!("{}: mismatched answer {other:?}", l.id),
    }
}

#[test]
fn every_question_is_answered_by_the_model() {
    for l in lessons() {
        let q = &l.question;
        let m = q.model_answer().expect("model answer");
        match m.answer {
            Answer::Number(v) => assert!(v.is_finite(), "{}", l.id),
            Answer::Choice(i) => assert!(i < q.options().len(), "{}", l.id),
        }
        for lang in Lang::ALL {
            assert!(!m.explanation.get(lang).is_empty());
        }
        assert!(has_cjk(&m.explanation.zh));
        assert!(!has_cjk(&m.explanation.en));
        check_zh_punctuation(l.id, &m.explanation.zh);
        assert!(
            !m.explanation.en.contains('-'),
            "{}: ASCII minus in {}",
            l.id,
            m.explanation.en
        );
        let (right, wrong) = right_and_wrong(l, m.answer);
        let v = q.check(&right).expect("checks");
        assert!(v.correct, "{}: {}", l.id, v.explanation.en);
        assert_eq!(v.answer, m.answer);
        assert!(
            v.explanation.en.starts_with("Right"),
            "{}",
            v.explanation.en
        );
        assert!(
            v.explanation.zh.starts_with("回答正确"),
            "{}",
            v.explanation.zh
        );
        let v = q.check(&wrong).expect("checks");
        assert!(!v.correct, "{}: {:?} accepted", l.id, wrong);
        assert!(v.explanation.en.starts_with("Not this time"));
        assert!(v.explanation.zh.starts_with("与模型不符"));
        // The explanation quotes the model's value.
        if let (Answer::Number(a), QuestionKind::Number { decimals, unit, .. }) = (m.answer, q.kind)
        {
            if a.abs() < 1e5 {
                let shown = rpl_lessons::text::quantity(a, decimals, unit);
                assert!(
                    v.explanation.en.contains(&shown),
                    "{}: {shown} in {}",
                    l.id,
                    v.explanation.en
                );
                assert!(
                    v.explanation.zh.contains(&shown),
                    "{}: {shown} in {}",
                    l.id,
                    v.explanation.zh
                );
            }
        }
    }
}

#[test]
fn bad_predictions_give_errors_naming_the_field() {
    for l in lessons() {
        let q = &l.question;
        let field = Some(q.field);
        let n = q.options().len();
        let bad = match q.kind {
            QuestionKind::Number { max, .. } => vec![
                Prediction::Number(f64::NAN),
                Prediction::Number(f64::INFINITY),
                Prediction::Number(max * 10.0 + 1.0),
                Prediction::Choice(0),
            ],
            QuestionKind::Choice { .. } => vec![
                Prediction::Choice(n),
                Prediction::Choice(usize::MAX),
                Prediction::Number(1.0),
            ],
        };
        for p in bad {
            let e = q.check(&p).expect_err("rejected");
            assert_eq!(e.field(), field, "{}: {p:?} → {e}", l.id);
            assert!(e.to_string().contains(q.field), "{e}");
        }
        for text in ["", "   ", "\u{3000}", "abc", "NaN", "inf", "--5", "Z9"] {
            let e = q.parse(text).expect_err(text);
            assert_eq!(e.field(), field, "{}: {text:?} → {e}", l.id);
        }
    }
}

#[test]
fn typed_predictions_are_read_generously() {
    let q = &get("ouabain").question;
    for (text, v) in [
        ("-35", -35.0),
        ("−35.5 mV", -35.5),
        ("－３５", -35.0),
        (" -35mv ", -35.0),
        ("+12", 12.0),
    ] {
        assert_eq!(q.parse(text).expect(text), Prediction::Number(v), "{text}");
    }
    assert!(q.parse("-300").is_err(), "out of range");
    let q = &get("pump-leak").question;
    for text in [
        "2.1e7",
        "2.1×10^7",
        "2.1 × 10⁷",
        "21,000,000",
        "2.1E7 ATP/s",
    ] {
        match q.parse(text).expect(text) {
            Prediction::Number(v) => assert!((v - 2.1e7).abs() < 1.0, "{text}: {v}"),
            other => panic!("{other:?}"),
        }
    }
    let q = &get("reversal").question;
    assert_eq!(q.parse("1").expect("1"), Prediction::Choice(0));
    assert_eq!(q.parse("c").expect("c"), Prediction::Choice(2));
    assert_eq!(q.parse("Ｂ").expect("B"), Prediction::Choice(1));
    assert!(q.parse("0").is_err() && q.parse("4").is_err() && q.parse("D").is_err());
}

#[test]
fn tolerances() {
    assert!(Tolerance::Absolute(5.0).accepts(-70.0, -66.0));
    assert!(!Tolerance::Absolute(5.0).accepts(-70.0, -64.0));
    assert!(Tolerance::Relative(0.15).accepts(2.0e7, 2.2e7));
    assert!(!Tolerance::Relative(0.15).accepts(2.0e7, 1.0e7));
    assert_eq!(Tolerance::Absolute(5.0).describe("mV", 0), "±5 mV");
    assert_eq!(Tolerance::Relative(0.15).describe("", 0), "±15%");
}

// ------------------------------------------------------------ the physics each lesson teaches

#[test]
fn battery_inside_is_neutral_and_the_pump_runs() {
    let sim = get("battery").start().expect("starts");
    let r = sim.readouts();
    let c = r.c_in_mm;
    // Neutral apart from the membrane charge (a few µM here).
    assert!((c.na + c.k + 2.0 * c.ca - c.cl - r.impermeant_mm).abs() < 1e-2);
    assert!(c.k > r.c_out_mm.k && c.na < r.c_out_mm.na && c.cl < r.c_out_mm.cl);
    assert!(r.membrane_charge_fraction_of_k < 1e-4);
    assert!(r.pump_cycles_s > 0.0 && r.atp_s > 0.0);
}

#[test]
fn k_only_falls_to_e_k_while_few_ions_cross() {
    let l = get("k-only");
    let mut sim = l.start().expect("starts");
    assert!(sim.voltage().0.abs() < 1e-9, "starts at 0 mV");
    sim.advance(Seconds(l.duration_s)).expect("runs");
    let r = sim.readouts();
    assert!(
        (r.v_mv - r.e_mv.k).abs() < 1.0,
        "V {} vs E_K {}",
        r.v_mv,
        r.e_mv.k
    );
    assert!(
        r.moved_fraction.k > 0.0 && r.moved_fraction.k < 1e-4,
        "{}",
        r.moved_fraction.k
    );
    // Milliseconds, not seconds: already most of the way after 20 ms.
    let mut early = l.start().expect("starts");
    early.advance(Seconds(0.02)).expect("runs");
    assert!(early.voltage().0 < 0.5 * r.e_mv.k, "{}", early.voltage().0);
}

#[test]
fn astrocyte_rests_near_e_k() {
    let r = get("astrocyte").start().expect("starts").readouts();
    assert!(
        (r.v_mv - r.e_mv.k).abs() < 5.0,
        "V {} vs E_K {}",
        r.v_mv,
        r.e_mv.k
    );
}

#[test]
fn ghk_ratios_of_50_to_100_give_about_minus_70() {
    // The lesson shows the GHK voltage equation itself: the leaks alone, pump off.
    for ratio in ["0.02", "0.01"] {
        let mut s = get("ghk").scenario().expect("scenario");
        s.set("P_Na_rel", ratio).expect("set");
        let r = rest(s);
        assert!(
            r.v_mv > -85.0 && r.v_mv < -65.0,
            "P_Na_rel {ratio}: {}",
            r.v_mv
        );
        assert!(
            r.v_mv - r.e_mv.k < r.e_mv.na - r.v_mv,
            "closer to E_K than E_Na"
        );
    }
    // The lesson's own starting point is the 50 : 1 cell.
    let l = get("ghk");
    let s = l.scenario().expect("scenario");
    assert!((s.permeability_cm_s.na / s.permeability_cm_s.k - 0.02).abs() < 1e-12);
    // Tug-of-war: raising P_Na pulls V towards E_Na, lowering it pulls V back towards E_K.
    let mut sim = l.start().expect("starts");
    let v0 = sim.voltage().0;
    for cmd in l.question.model_commands() {
        sim.apply(cmd).expect("applies");
    }
    sim.advance(Seconds(1.0)).expect("runs");
    assert!(sim.voltage().0 > v0 + 5.0);
    let mut sim = l.start().expect("starts");
    sim.apply(rpl_model::Command::Set(
        rpl_model::Key::PermRel(rpl_model::Ion::Na),
        0.005,
    ))
    .expect("applies");
    sim.advance(Seconds(1.0)).expect("runs");
    assert!(sim.voltage().0 < v0 - 1.0);
}

#[test]
fn pump_balances_the_leaks() {
    let r = get("pump-leak").start().expect("starts").readouts();
    let (na_in, k_out) = (-r.leak_efflux_ions_s.na, r.leak_efflux_ions_s.k);
    assert!(na_in > 0.0 && k_out > 0.0);
    assert!((3.0 * r.pump_cycles_s - na_in).abs() < 1e-6 * na_in);
    assert!((2.0 * r.pump_cycles_s - k_out).abs() < 1e-6 * k_out);
    assert!((r.atp_s - r.pump_cycles_s).abs() < 1e-9 * r.atp_s);
    assert!(r.net_efflux_ions_s.na.abs() < 1e-6 * na_in);
    assert!(r.net_efflux_ions_s.k.abs() < 1e-6 * k_out);
}

#[test]
fn ouabain_runs_down_slowly_and_only_the_swelling_cell_grows() {
    let l = get("ouabain");
    let mut sim = l.start().expect("starts");
    let v0 = sim.voltage().0;
    sim.advance(Seconds(1.0)).expect("runs");
    assert!(sim.voltage().0 - v0 < 5.0, "no collapse in a second");
    let samples = sim.run(Seconds(7200.0), 12).expect("runs");
    for w in samples.windows(2) {
        assert!(w[1].v_mv > w[0].v_mv, "V rises");
    }
    let end = samples.last().expect("samples");
    assert!(
        end.v_mv > v0 + 20.0 && end.v_mv < 0.0,
        "{v0} → {}",
        end.v_mv
    );
    assert!(
        (end.volume_rel - 1.0).abs() < 1e-12,
        "rigid: {}",
        end.volume_rel
    );

    let mut s = l.scenario().expect("scenario");
    s.set("volume", "swelling").expect("set");
    let mut sim = Simulation::new(s).expect("starts");
    for cmd in l.start_commands() {
        sim.apply(cmd).expect("applies");
    }
    sim.advance(Seconds(7200.0)).expect("runs");
    assert!(
        sim.readouts().volume_rel > 1.05,
        "swelling: {}",
        sim.readouts().volume_rel
    );
}

#[test]
fn steady_state_each_flux_nonzero_total_zero() {
    let r = get("steady-state").start().expect("starts").readouts();
    let scale = r.leak_current_ua_cm2.na.abs();
    assert!(scale > 0.1);
    assert!(r.leak_current_ua_cm2.k.abs() > 0.1 * scale);
    assert!(r.leak_efflux_ions_s.na.abs() > 1e6 && r.leak_efflux_ions_s.k.abs() > 1e6);
    assert!(r.driving_force_mv.k.abs() > 5.0 && r.driving_force_mv.na.abs() > 100.0);
    assert!(
        r.net_current_ua_cm2.abs() < 1e-9 * scale.max(1.0),
        "{}",
        r.net_current_ua_cm2
    );
    // Cl⁻ has no transporter in the model, so it alone is at equilibrium.
    assert!(r.driving_force_mv.cl.abs() < 1e-6);
}

#[test]
fn reversal_each_channel_at_its_e_total_at_rest() {
    let sim = get("reversal").start().expect("starts");
    let r = sim.readouts();
    for ion in [rpl_model::Ion::Na, rpl_model::Ion::K, rpl_model::Ion::Cl] {
        let e = r.e_mv.get(ion);
        let at_e = sim.clamp(Millivolts(e)).leak_ua_cm2.get(ion);
        let near = sim.clamp(Millivolts(e + 10.0)).leak_ua_cm2.get(ion);
        assert!(
            near.abs() > 0.0 && at_e.abs() < 1e-9 * near.abs(),
            "{ion}: {at_e}"
        );
    }
    let at_rest = sim.clamp(Millivolts(r.v_mv)).total_ua_cm2;
    assert!(at_rest.abs() < 1e-9, "{at_rest}");
    let iv = sim.iv_curve(Millivolts(-120.0), Millivolts(40.0), 161);
    let crossing = iv
        .windows(2)
        .find(|w| w[0].total_ua_cm2 < 0.0 && w[1].total_ua_cm2 >= 0.0)
        .expect("the total crosses zero");
    assert!((crossing[0].v_mv - r.v_mv).abs() <= 1.0);
    assert!(
        sim.clamp(Millivolts(r.e_mv.k)).total_ua_cm2 < 0.0,
        "inward at E_K"
    );
}

#[test]
fn applications_potassium_and_temperature() {
    let normal = rest(Scenario::preset("neuron").expect("preset"));
    let hyper = rest(Scenario::preset("hyperkalaemia").expect("preset"));
    let hypo = rest(Scenario::preset("hypokalaemia").expect("preset"));
    assert!(hyper.v_mv > normal.v_mv + 3.0, "hyperkalaemia depolarises");
    assert!(hypo.v_mv < normal.v_mv - 3.0, "hypokalaemia hyperpolarises");
    // The lesson's neuron has channels; the question raises K⁺ₒ to 8 mM for
    // 10 minutes and asks how much nearer the threshold V then sits.
    let l = get("applications");
    assert_eq!(l.preset, "neuron-rs");
    let threshold = |sim: &rpl_model::Simulation| {
        let mut c = sim.clone();
        c.advance(Seconds(0.2)).expect("settles");
        match c.excitability(1.0).expect("found") {
            rpl_model::Excitability::Threshold(t) => t,
            other => panic!("{other:?}"),
        }
    };
    let start = l.start().expect("starts");
    let before = threshold(&start);
    let mut sim = start.clone();
    sim.apply(rpl_model::Command::Set(
        rpl_model::Key::Outside(rpl_model::Ion::K),
        8.0,
    ))
    .expect("K_o");
    sim.advance(Seconds(600.0)).expect("runs");
    let after = threshold(&sim);
    let v = sim.voltage().0;
    assert!(
        (v - hyper.v_mv).abs() < 2.0,
        "near the hyperkalaemic rest: {v} vs {}",
        hyper.v_mv
    );
    assert!(after.distance_mv < before.distance_mv - 3.0);
    assert!(after.rheobase_ua_cm2 < before.rheobase_ua_cm2);
    let out = l.question.model_answer().expect("answered");
    let Answer::Number(nearer) = out.answer else {
        panic!("{:?}", out.answer)
    };
    assert!(
        (nearer - (before.distance_mv - after.distance_mv)).abs() < 1e-9,
        "{nearer}"
    );
    let text = out.explanation.get(Lang::En).to_string();
    assert!(
        text.contains(&format!("{:.1} µA/cm²", before.rheobase_ua_cm2)),
        "{text}"
    );
    let mut cold = Scenario::preset("neuron").expect("preset");
    cold.set("T", "27").expect("set");
    let cold = rest(cold);
    assert!(
        cold.e_mv.k > normal.e_mv.k,
        "a colder cell has a smaller E_K"
    );
}

#[test]
fn the_ghk_lesson_checks_the_course_texts_round_numbers_against_the_model() {
    use rpl_lessons::catalogue::{ghk_leak_v, ghk_ratio_for, COURSE_REST_MV};
    let (v50, v100) = (
        ghk_leak_v(1.0 / 50.0).unwrap(),
        ghk_leak_v(1.0 / 100.0).unwrap(),
    );
    // More K⁺ weight, closer to E_K; both more negative than the text's −70 mV.
    assert!(v100 < v50 && v50 < COURSE_REST_MV, "{v50} {v100}");
    let n = ghk_ratio_for(COURSE_REST_MV).unwrap();
    assert!(n > 1.0 && n < 50.0, "{n}");
    let back = ghk_leak_v(1.0 / n).unwrap();
    assert!((back - COURSE_REST_MV).abs() < 1e-6, "{back}");
    // The explanation carries the three numbers, in both languages.
    let lesson = rpl_lessons::lesson("ghk").unwrap();
    let answer = lesson.question.model_answer().unwrap();
    for lang in Lang::ALL {
        let text = answer.explanation.get(lang);
        let n_text = format!("{n:.0} : 1");
        assert!(text.contains(&n_text), "{lang:?}: {text}");
        assert!(text.contains("50–100 : 1"), "{lang:?}: {text}");
    }
}

#[test]
fn excitability_k_o_brings_the_threshold_nearer_then_blocks() {
    let l = get("excitability");
    let out = l.question.model_answer().expect("answered");
    assert_eq!(
        out.answer,
        Answer::Choice(2),
        "depolarization block at 100 mM"
    );
    let text = out.explanation.get(Lang::En).to_string();
    println!("{text}");
    assert!(text.contains("depolarization block"), "{text}");
    // The numbers in it are the model's: the settled axon at 20 mM.
    let mut sim = l.start().expect("starts");
    sim.advance(Seconds(0.2)).expect("runs");
    let rpl_model::Excitability::Threshold(th) = sim.excitability(1.0).expect("found") else {
        panic!("a threshold at 20 mM");
    };
    assert!(
        text.contains(&format!("{:.1} µA/cm²", th.rheobase_ua_cm2)),
        "{text}"
    );
    // A modest rise first brings it nearer: a smaller pulse fires.
    let mut nearer = l.start().expect("starts");
    nearer
        .apply(rpl_model::Command::SetConcentration {
            ion: rpl_model::Ion::K,
            inside: false,
            mm: 25.0,
        })
        .expect("set");
    nearer.advance(Seconds(0.2)).expect("runs");
    let rpl_model::Excitability::Threshold(t25) = nearer.excitability(1.0).expect("found") else {
        panic!("a threshold at 25 mM");
    };
    assert!(t25.rheobase_ua_cm2 < th.rheobase_ua_cm2 && t25.distance_mv < th.distance_mv);
    // The lesson hides the threshold until the reader checks.
    assert!(l.hides.contains(&rpl_lessons::Hidden::Threshold));
}

/// V before and after one press of the page's synapse button on a copy of
/// `sim`, mV.
fn press(sim: &rpl_model::Simulation, kind: rpl_model::SynapseKind) -> (f64, f64) {
    let mut copy = sim.clone();
    let v = copy.voltage().0;
    let spec = rpl_lessons::catalogue::synapse_button(&copy, kind);
    copy.synapse(&spec).expect("opens");
    copy.advance(Seconds(spec.duration_ms * 1e-3))
        .expect("runs");
    (v, copy.voltage().0)
}

#[test]
fn synapse_flips_around_its_reversal_potential() {
    use rpl_model::{Key, SynapseKind};
    let l = get("synapse");
    let out = l.question.model_answer().expect("answered");
    assert_eq!(out.answer, Answer::Choice(1), "below E_Cl it depolarizes");
    let text = out.explanation.get(Lang::En).to_string();
    println!("{text}");
    let sim = l.start().expect("starts");
    let e_cl = sim.synaptic_readouts().e_inh_mv;
    // At rest, above E_Cl: the inhibitory press lowers V, toward E_Cl and
    // not past it; the excitatory one raises it by several mV.
    let (v0, v1) = press(&sim, SynapseKind::Inhibitory);
    assert!(
        v0 > e_cl + 5.0 && v1 < v0 - 1.0 && v1 > e_cl,
        "{v0} → {v1}, E_Cl {e_cl}"
    );
    assert!(
        text.contains(&format!("{:.1} mV", v1 - v0).replace('-', "−")),
        "{text}"
    );
    let (e0, e1) = press(&sim, SynapseKind::Excitatory);
    assert!(e1 > e0 + 3.0 && e1 < 0.0, "{e0} → {e1}");
    // Held near E_Cl the press barely moves V (shunting), but it shrinks an
    // excitatory press made during it.
    let mut held = l.start().expect("starts");
    let g = {
        // The current that holds V at E_Cl: bisect I_inj.
        let (mut lo, mut hi) = (-1.0, 0.0);
        for _ in 0..40 {
            let mid = 0.5 * (lo + hi);
            let mut s = l.start().expect("starts");
            s.apply(rpl_model::Command::Set(Key::Injected, mid))
                .expect("set");
            s.advance(Seconds(0.2)).expect("runs");
            if s.voltage().0 > s.synaptic_readouts().e_inh_mv {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        0.5 * (lo + hi)
    };
    held.apply(rpl_model::Command::Set(Key::Injected, g))
        .expect("set");
    held.advance(Seconds(0.2)).expect("runs");
    let (s0, s1) = press(&held, SynapseKind::Inhibitory);
    assert!((s1 - s0).abs() < 0.2, "shunting: {s0} → {s1}");
    let (x0, x1) = press(&held, SynapseKind::Excitatory);
    let mut both = held.clone();
    both.synapse(&rpl_lessons::catalogue::synapse_button(
        &both,
        SynapseKind::Inhibitory,
    ))
    .expect("opens");
    let (y0, y1) = press(&both, SynapseKind::Excitatory);
    println!(
        "held at {s0:.2} mV (E_Cl {:.2}): inhibitory press {:+.3} mV; excitatory press {:+.2} mV alone, {:+.2} mV with the inhibitory synapse open",
        held.synaptic_readouts().e_inh_mv,
        s1 - s0,
        x1 - x0,
        y1 - y0
    );
    assert!(
        y1 - y0 < 0.4 * (x1 - x0),
        "the inhibitory conductance shunts the excitatory press: {} against {}",
        y1 - y0,
        x1 - x0
    );
}

/// After a train of 250 spikes the thin neuron's pump, fed the Na⁺ the
/// spikes let in, hyperpolarizes it; the effect fades as the pump clears
/// the Na⁺, and with ouabain the same train leaves the cell depolarized.
#[test]
fn pump_train_hyperpolarizes_and_ouabain_reverses_it() {
    use rpl_lessons::catalogue::{after_pump_train, PUMP_TRAIN};
    let l = get("pump-train");
    let out = l.question.model_answer().expect("answered");
    assert_eq!(out.answer, Answer::Choice(0), "hyperpolarized");
    let start = l.start().expect("starts");
    let r0 = start.readouts();
    let (r1, spikes) = after_pump_train(&start).expect("runs");
    assert_eq!(
        spikes,
        u64::from(PUMP_TRAIN.count),
        "a spike for every pulse"
    );
    let dv = r1.v_mv - r0.v_mv;
    println!(
        "V {:.3} → {:.3} mV ({dv:+.3}); Na_i {:.2} → {:.2} mM; pump {:.4} → {:.4} µA/cm²",
        r0.v_mv,
        r1.v_mv,
        r0.c_in_mm.na,
        r1.c_in_mm.na,
        r0.pump_current_ua_cm2,
        r1.pump_current_ua_cm2
    );
    assert!(dv < -0.5, "{dv}");
    assert!(r1.c_in_mm.na > r0.c_in_mm.na + 3.0);
    assert!(r1.pump_current_ua_cm2 > 1.2 * r0.pump_current_ua_cm2);
    let text = out.explanation.get(Lang::En).to_string();
    assert!(text.contains(&format!("{spikes} spikes")), "{text}");
    // It fades as the pump clears the Na⁺.
    let mut later = start.clone();
    later.stimulate(&PUMP_TRAIN).expect("train");
    later.advance(Seconds(5.0 + 300.0)).expect("runs");
    let faded = later.voltage().0 - r0.v_mv;
    assert!(faded < 0.0 && faded > 0.5 * dv, "{faded} vs {dv}");
    // With ouabain given first (and V left to settle), the same train leaves
    // the cell above where it was.
    let mut blocked = start.clone();
    blocked
        .apply(rpl_model::Command::Set(rpl_model::Key::Ouabain, 1.0))
        .expect("ouabain");
    blocked.advance(Seconds(1.0)).expect("settles");
    let b0 = blocked.voltage().0;
    let (b1, _) = after_pump_train(&blocked).expect("runs");
    // The blocked cell also drifts up on its own: compare with the same
    // time without the train.
    let mut drift = blocked.clone();
    drift.advance(Seconds(5.5)).expect("runs");
    println!(
        "ouabain: {b0:.3} → {:.3} mV with the train, {:.3} without",
        b1.v_mv,
        drift.voltage().0
    );
    assert!(
        b1.v_mv > drift.voltage().0,
        "{} vs {}",
        b1.v_mv,
        drift.voltage().0
    );
}

/// The page's inhibitory synapse button on the `neuron-immature` preset
/// (NKCC1, no KCC2, Cl⁻ᵢ 24.7 mM): from rest the press depolarizes it,
/// toward E_Cl and not past it, where on the synapse lesson's mature neuron
/// (KCC2) it hyperpolarizes; the button is the model test's press (10 × P_K
/// for 100 ms, crates/rpl-model/tests/cotransport.rs).
#[test]
fn the_inhibitory_button_depolarizes_the_immature_neuron() {
    use rpl_model::{Scenario, Simulation, SynapseKind};
    let sim = Simulation::new(Scenario::preset("neuron-immature").expect("preset")).expect("valid");
    let spec = rpl_lessons::catalogue::synapse_button(&sim, SynapseKind::Inhibitory);
    assert_eq!((spec.permeability_cm_s, spec.duration_ms), (5e-6, 100.0));
    let e_cl = sim.synaptic_readouts().e_inh_mv;
    let (v0, v1) = press(&sim, SynapseKind::Inhibitory);
    let mature = get("synapse").start().expect("starts");
    let (m0, m1) = press(&mature, SynapseKind::Inhibitory);
    println!(
        "immature: {v0:.2} → {v1:.2} mV (E_Cl {e_cl:.2}); mature: {m0:.2} → {m1:.2} mV (E_Cl {:.2})",
        mature.synaptic_readouts().e_inh_mv
    );
    assert!(
        e_cl > v0 + 15.0 && v1 > v0 + 5.0 && v1 < e_cl,
        "{v0} → {v1}, E_Cl {e_cl}"
    );
    assert!(m1 < m0 - 2.0, "{m0} → {m1}");
}
