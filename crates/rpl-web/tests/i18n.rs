//! Browser tests of the two languages and the lessons panel, on the real
//! `index.html` (its `<main>` is put into the test page):
//!
//! * the i18n table is complete: no empty text in either language, the same
//!   `{holes}` in both, and every key the page or the code asks for exists;
//! * model errors read in Chinese, with the field, value and range;
//! * `?lang=zh` gives a Chinese page and the 中文 / English buttons switch it
//!   live without touching the simulation;
//! * `?lesson=ID` opens a lesson (its scenario, speed and texts), a right and
//!   a wrong prediction get the model's verdict, a bad one an error at the
//!   field, and an unknown id a notice naming it.
#![cfg(target_arch = "wasm32")]

use rpl_lessons::text::has_cjk as has_cjk_text;
use rpl_lessons::{Answer, Lang};
use rpl_model::{ModelError, PRESET_NAMES};
use rpl_web::app::{App, SPEEDS};
use rpl_web::view::controls::{Group, SPECS};
use rpl_web::view::i18n::{self, TABLE};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, Event, HtmlElement, HtmlInputElement};

/// Runs of three or more Latin letters in `s` that are not unit symbols or
/// equation names (which Chinese text keeps): the English words left in it.
fn english_words(s: &str) -> Vec<String> {
    const KEPT: [&str; 3] = ["min", "GHK", "ATP"];
    s.split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| w.len() >= 3 && !KEPT.contains(w))
        .map(String::from)
        .collect()
}

mod common;
use common::*;

wasm_bindgen_test_configure!(run_in_browser);

/// A lesson text as the page shows it: its symbols' subscripts without the
/// underscore (`E_K` shows as E with a subscript K; its text is "EK").
fn shown(text: &str) -> String {
    rpl_ui::format::subscript_runs(text)
        .into_iter()
        .map(|(t, _)| t)
        .collect()
}

fn holes(s: &str) -> Vec<String> {
    let mut out: Vec<String> = s
        .split('{')
        .skip(1)
        .filter_map(|p| p.split_once('}').map(|(h, _)| h.to_string()))
        .collect();
    out.sort();
    out
}

#[wasm_bindgen_test]
fn the_table_is_complete_in_both_languages() {
    let mut keys = std::collections::HashSet::new();
    // The lessons' own texts, as the page fetches them.
    install_lesson_texts();
    for e in TABLE {
        assert!(keys.insert(e.key), "key {} twice", e.key);
        let e = rpl_text::Entry {
            key: e.key,
            en: rpl_text::tr(e.key, Lang::En),
            zh: rpl_text::tr(e.key, Lang::Zh),
        };
        assert!(!e.en.trim().is_empty(), "{}: no English", e.key);
        assert!(!e.zh.trim().is_empty(), "{}: no Chinese", e.key);
        assert_eq!(holes(e.en), holes(e.zh), "{}: holes differ", e.key);
        // A Chinese text with words in it has Chinese words.
        let words =
            e.en.split_whitespace()
                .filter(|w| w.len() >= 3 && w.chars().all(|c| c.is_ascii_alphabetic()))
                .count();
        if words >= 2 {
            assert!(has_cjk_text(e.zh), "{}: not Chinese: {}", e.key, e.zh);
        }
        // Full-width punctuation in Chinese sentences (a ratio keeps " : ").
        assert!(
            !e.zh.replace(" : ", "").contains(": ") && !e.zh.contains("; "),
            "{}: {}",
            e.key,
            e.zh
        );
    }
    let html_keys = i18n::html_keys(INDEX_HTML);
    assert!(
        html_keys.len() > 20,
        "index.html has {} keys",
        html_keys.len()
    );
    for k in &html_keys {
        assert!(i18n::entry(k).is_some(), "index.html asks for {k}");
    }
    let mut needed: Vec<String> = Vec::new();
    needed.extend(SPECS.iter().map(|s| s.label_key()));
    needed.extend(Group::ALL.iter().map(|g| g.key().to_string()));
    needed.extend(PRESET_NAMES.iter().map(|p| format!("preset.{p}")));
    needed.extend((0..SPEEDS.len()).map(|i| format!("speed.{i}")));
    needed.extend(["control.volume.rigid", "control.volume.swelling"].map(String::from));
    // The chart panels, the charts' own words and the screen-reader texts.
    needed.extend(
        [
            "chart.x",
            "chart.x-log",
            "chart.y",
            "chart.current-y",
            "chart.outward",
            "chart.inward",
            "chart.pump",
            "chart.injected",
            "chart.total",
            "chart.total-sub",
            "chart.conc-y",
            "chart.volume-y",
            "chart.volume",
            "chart.iv-x",
            "chart.held",
            "chart.rest",
            "currents.not-steady",
            "currents.steady-pump",
            "currents.steady-blocked",
            "table.current",
            "table.drive",
            "table.e",
            "table.pump",
            "table.total",
            "clamp.range",
            "clamp.refused",
            "clamp.stays",
            "a11y.announce",
            "a11y.chart",
            "a11y.chart-span",
            "a11y.chart-range",
            "a11y.chart-e",
            "a11y.rt-f",
            "a11y.minus",
            "a11y.nernst-symbols",
            "a11y.nernst-numbers",
            "a11y.ghk-symbols",
            "a11y.times",
            "a11y.plus",
            "a11y.ghk-numbers",
            "a11y.ghk-result",
            "a11y.ghk-none",
        ]
        .map(String::from),
    );
    // Every chart panel's static text is keyed in index.html.
    for k in [
        "chart.log-time",
        "currents.heading",
        "currents.caption",
        "aria.currents-chart",
        "conc.heading",
        "aria.conc-chart",
        "clamp.summary",
        "clamp.note",
        "clamp.label",
        "clamp.slider",
        "clamp.to",
        "clamp.to.rest",
        "clamp.to.k",
        "clamp.to.na",
        "clamp.to.cl",
        "aria.iv-chart",
    ] {
        assert!(html_keys.iter().any(|h| h == k), "index.html lacks {k}");
    }
    // Share, embed and export: the texts share.rs builds.
    needed.extend(
        [
            "share.copied",
            "share.select",
            "png.button",
            "png.button.title",
            "png.name.membrane",
            "png.name.voltage",
            "share.notice.change",
            "share.notice.then",
            "share.notice.lesson",
            "share.notice.lang",
            "share.notice.embed",
            "share.notice.lesson-start",
        ]
        .map(String::from),
    );
    for k in [
        "page.description",
        "share.bar",
        "share.button",
        "share.button.title",
        "embed.button",
        "csv.button",
        "share.title",
        "share.hint",
        "share.copy",
        "share.close",
        "embed.title",
        "embed.code",
        "embed.script",
        "embed.script-copy",
    ] {
        assert!(html_keys.iter().any(|h| h == k), "index.html uses {k}");
    }
    for k in needed {
        assert!(i18n::entry(&k).is_some(), "the code asks for {k}");
    }
}

#[wasm_bindgen_test]
fn model_errors_read_in_chinese() {
    let e = rpl_model::error::Range::above(0.0, 1000.0)
        .check("K_o", -3.0, "mM")
        .unwrap_err();
    let zh = i18n::model_error(&e, Lang::Zh);
    assert!(zh.contains("细胞外 K⁺") && !zh.contains("K_o"), "{zh}");
    assert!(
        zh.contains("−3") && zh.contains("1000 mM") && zh.contains("不允许"),
        "{zh}"
    );
    assert!(!zh.contains("must"), "{zh}");
    assert_eq!(
        i18n::model_error(&e, Lang::En),
        e.to_string().replace("K_o", "K⁺ outside")
    );
    let nan = ModelError::NotANumber {
        key: "V_rest".into(),
        text: "abc".into(),
    };
    assert!(i18n::model_error(&nan, Lang::Zh).contains("不是数字"));
    for e in [
        ModelError::NoPermeantIon,
        ModelError::UnknownPreset {
            name: "x".into(),
            known: &PRESET_NAMES,
        },
        ModelError::NoImpermeantAnions {
            permeant_charge_mm: -2.0,
        },
    ] {
        assert!(has_cjk_text(&i18n::model_error(&e, Lang::Zh)), "{e}");
    }
}

#[wasm_bindgen_test]
fn the_page_speaks_chinese_and_switches_live() {
    let (_page, root) = index_page();
    let app = mount_paused(&root, "?lang=zh");
    let doc = web_sys::window().unwrap().document().unwrap();
    let html = doc.document_element().unwrap();
    assert_eq!(html.get_attribute("lang").as_deref(), Some("zh-CN"));
    for id in ["reset", "steady", "play", "step"] {
        assert!(has_cjk_text(&text(&root, id)), "#{id}: {}", text(&root, id));
    }
    let params = text(&root, "param-controls");
    assert!(
        params.contains("细胞外") && params.contains("通透性"),
        "{params}"
    );
    assert!(!params.contains("Outside the cell"), "{params}");
    let axes = by_id::<Element>(&root, "v-chart")
        .get_attribute("data-axes")
        .unwrap();
    assert!(axes.contains("模型时间"), "{axes}");
    assert!(has_cjk_text(&text(&root, "ion-readouts")));
    assert!(has_cjk_text(&text(&root, "equations")));

    app.step(0.5).unwrap();
    let t_before = app.readouts().t_s;
    let v_before = app.readouts().v_mv;
    by_id::<HtmlElement>(&root, "lang-en").click();
    app.flush();
    assert_eq!(html.get_attribute("lang").as_deref(), Some("en"));
    assert_eq!(text(&root, "reset"), "Reset all");
    assert!(text(&root, "param-controls").contains("Outside the cell (bath)"));
    assert!(!has_cjk_text(&text(&root, "ion-readouts")));
    assert_eq!(app.readouts().t_s, t_before, "switching kept the run");
    assert_eq!(app.readouts().v_mv, v_before);
    by_id::<HtmlElement>(&root, "lang-zh").click();
    app.flush();
    assert_eq!(text(&root, "reset"), "全部重置");
    assert_eq!(
        by_id::<Element>(&root, "lang-zh")
            .get_attribute("aria-pressed")
            .as_deref(),
        Some("true")
    );
}

#[wasm_bindgen_test]
fn a_lesson_opens_from_the_url_and_checks_predictions() {
    let (_page, root) = index_page();
    let app = mount_paused(&root, "?lesson=k-only&lang=zh");
    let lesson = rpl_lessons::lesson("k-only").unwrap();
    assert_eq!(app.lesson_id(), Some("k-only"));
    assert!(app.readouts().v_mv.abs() < 1.0, "starts near 0 mV");
    assert!((app.speed_factor() - lesson.speed).abs() < 1e-12);
    assert_eq!(text(&root, "lesson-title"), lesson.title.get(Lang::Zh));
    assert!(!by_id::<HtmlElement>(&root, "lesson-body").hidden());
    // V falls toward E_K.
    app.step(2.0).unwrap();
    let r = app.readouts();
    assert!(r.v_mv < -20.0 && r.v_mv > r.e_mv.k - 1.0, "V = {}", r.v_mv);

    let Answer::Choice(right) = lesson.question.model_answer().unwrap().answer else {
        panic!("a choice question");
    };
    let wrong = (right + 1) % lesson.question.options().len();
    // Nothing chosen: an error at the field.
    app.check_prediction().unwrap();
    assert!(!by_id::<HtmlElement>(&root, "lesson-error").hidden());
    // The right answer, by the form's submit.
    by_id::<HtmlInputElement>(&root, &format!("lesson-choice-{right}")).set_checked(true);
    let init = web_sys::EventInit::new();
    init.set_cancelable(true);
    let submit = Event::new_with_event_init_dict("submit", &init).unwrap();
    by_id::<Element>(&root, "lesson-form")
        .dispatch_event(&submit)
        .unwrap();
    app.flush();
    assert!(
        submit.default_prevented(),
        "the form is not sent: the page stays"
    );
    assert!(app.verdict().unwrap().correct);
    assert!(by_id::<HtmlElement>(&root, "lesson-error").hidden());
    let verdict = text(&root, "lesson-verdict");
    assert_eq!(verdict, shown(&app.verdict().unwrap().explanation.zh));
    // The symbols are real subscripts: E_K shows E with a subscript K.
    let subs = by_id::<Element>(&root, "lesson-verdict")
        .query_selector_all("sub")
        .unwrap();
    assert!(subs.length() >= 1 && !verdict.contains('_'), "{verdict}");
    assert!(by_id::<Element>(&root, "lesson-verdict")
        .class_name()
        .contains("correct"));
    // The wrong one.
    by_id::<HtmlInputElement>(&root, &format!("lesson-choice-{wrong}")).set_checked(true);
    app.check_prediction().unwrap();
    assert!(!app.verdict().unwrap().correct);
    assert!(by_id::<Element>(&root, "lesson-verdict")
        .class_name()
        .contains("wrong"));
    assert!(has_cjk_text(&text(&root, "lesson-verdict")));
    // Live switch: the lesson's texts and the verdict in English, the choice kept.
    app.set_language(Lang::En).unwrap();
    assert_eq!(text(&root, "lesson-title"), lesson.title.get(Lang::En));
    assert_eq!(
        text(&root, "lesson-verdict"),
        shown(&app.verdict().unwrap().explanation.en)
    );
    assert!(by_id::<HtmlInputElement>(&root, &format!("lesson-choice-{wrong}")).checked());
    assert_eq!(app.lesson_id(), Some("k-only"));
}

#[wasm_bindgen_test]
fn a_numeric_question_and_a_bad_prediction() {
    let (_page, root) = index_page();
    let app = mount_paused(&root, "?lang=en");
    app.open_lesson("astrocyte").unwrap();
    let lesson = rpl_lessons::lesson("astrocyte").unwrap();
    assert_eq!(text(&root, "lesson-unit"), "mV");
    let input: HtmlInputElement = by_id(&root, "lesson-input");
    input.set_value("abc");
    app.check_prediction().unwrap();
    let err = text(&root, "lesson-error");
    assert!(
        err.contains("Your prediction") && !err.contains(lesson.question.field),
        "{err}"
    );
    input.set_value("");
    app.check_prediction().unwrap();
    let err = text(&root, "lesson-error");
    assert_eq!(err, "Your prediction is empty: it must be a number");
    assert!(app.verdict().is_none());
    let Answer::Number(v) = lesson.question.model_answer().unwrap().answer else {
        panic!("a numeric question");
    };
    input.set_value(&format!("{}", v).replace('-', "\u{2212}"));
    app.check_prediction().unwrap();
    assert!(app.verdict().unwrap().correct);
    input.set_value("+50 mV");
    app.check_prediction().unwrap();
    assert!(!app.verdict().unwrap().correct);
    app.set_language(Lang::Zh).unwrap();
    assert!(has_cjk_text(&text(&root, "lesson-verdict")));
}

#[wasm_bindgen_test]
fn an_unknown_lesson_is_named_and_none_opens() {
    let (_page, root) = index_page();
    let app = mount_paused(&root, "?lesson=nosuch&lang=en");
    assert_eq!(app.lesson_id(), None);
    let notice = text(&root, "lesson-notice");
    assert!(
        notice.contains("nosuch") && notice.contains("k-only"),
        "{notice}"
    );
    assert!(by_id::<HtmlElement>(&root, "lesson-body").hidden());
    app.set_language(Lang::Zh).unwrap();
    assert!(text(&root, "lesson-notice").contains("没有名为“nosuch”的课程"));
    // Choosing a lesson in the selector clears the notice.
    app.open_lesson("ouabain").unwrap();
    assert_eq!(app.lesson_id(), Some("ouabain"));
    assert!(by_id::<HtmlElement>(&root, "lesson-notice").hidden());
}

#[wasm_bindgen_test]
fn notices_are_worded_again_after_a_switch() {
    let (_page, root) = index_page();
    let app = mount_paused(&root, "?preset=frog-heart&T=-400&lang=zh");
    let zh = text(&root, "notice");
    assert!(zh.contains("frog-heart") && zh.contains("未知预设"), "{zh}");
    assert!(zh.contains("温度（T）") && zh.contains("−400"), "{zh}");
    app.set_language(Lang::En).unwrap();
    let en = text(&root, "notice");
    assert!(en.contains("unknown preset \"frog-heart\""), "{en}");
    assert!(!has_cjk_text(&en), "{en}");
}

#[wasm_bindgen_test]
fn the_chart_panels_speak_chinese_and_switch_back() {
    let (_page, root) = index_page();
    let app = mount_paused(&root, "?lang=zh");
    by_id::<Element>(&root, "clamp-panel")
        .set_attribute("open", "")
        .unwrap();
    app.step(0.2).unwrap();
    let zh_text = |id: &str| {
        let s = text(&root, id);
        assert!(has_cjk_text(&s), "#{id} not Chinese: {s}");
        assert!(english_words(&s).is_empty(), "#{id} has English: {s}");
        s
    };
    assert_eq!(zh_text("currents-title"), "当前电流");
    assert_eq!(zh_text("conc-title"), "细胞内浓度");
    let caption = zh_text("currents-caption");
    assert!(caption.contains("稳态"), "{caption}");
    let panel = by_id::<Element>(&root, "clamp-panel");
    let summary = panel.query_selector("summary").unwrap().unwrap();
    let summary = summary.text_content().unwrap_or_default();
    assert!(summary.contains("电压钳"), "{summary}");
    let label = panel
        .query_selector("label[for=clamp-input]")
        .unwrap()
        .unwrap()
        .text_content()
        .unwrap_or_default();
    assert_eq!(label, "钳制电压");
    let note = panel
        .query_selector("p.chart-caption")
        .unwrap()
        .unwrap()
        .text_content()
        .unwrap_or_default();
    assert!(
        has_cjk_text(&note) && english_words(&note).is_empty(),
        "{note}"
    );
    for id in ["currents-table", "clamp-table"] {
        let heads = by_id::<Element>(&root, id)
            .query_selector_all("th")
            .unwrap();
        let mut all = String::new();
        for i in 0..heads.length() {
            all.push_str(&heads.item(i).unwrap().text_content().unwrap_or_default());
            all.push(' ');
        }
        assert!(
            all.contains("电流") && all.contains("钠钾泵"),
            "{id}: {all}"
        );
        assert!(english_words(&all).is_empty(), "{id}: {all}");
    }
    for id in ["v-chart", "conc-chart", "currents-chart", "iv-chart"] {
        let el = by_id::<Element>(&root, id);
        let axes = el.get_attribute("data-axes").unwrap_or_default();
        assert!(has_cjk_text(&axes), "#{id} axes: {axes}");
        assert!(english_words(&axes).is_empty(), "#{id} axes: {axes}");
        let aria = el.get_attribute("aria-label").unwrap_or_default();
        assert!(has_cjk_text(&aria), "#{id} aria-label: {aria}");
    }
    // A refused held voltage is explained in Chinese.
    let input: HtmlInputElement = by_id(&root, "clamp-input");
    input.set_value("500");
    input
        .dispatch_event(&Event::new("change").unwrap())
        .unwrap();
    app.flush();
    let error = zh_text("clamp-error");
    assert!(
        error.contains("钳制电压") && error.contains("“500”"),
        "{error}"
    );
    // The screen-reader texts.
    assert!(rpl_web::view::a11y::announcement(-70.0).starts_with("膜电位"));
    let label = rpl_web::view::a11y::voltage_chart_label(
        &[(0.0, -70.0), (1.0, -71.0)],
        [-90.0, 60.0, -70.0],
    );
    assert!(
        has_cjk_text(&label) && english_words(&label).is_empty(),
        "{label}"
    );
    let eq = by_id::<Element>(&root, "equations")
        .query_selector("math[aria-label]")
        .unwrap()
        .unwrap()
        .get_attribute("aria-label")
        .unwrap_or_default();
    assert!(has_cjk_text(&eq), "{eq}");

    // Back to English: the same places read English again.
    app.set_language(Lang::En).unwrap();
    assert_eq!(text(&root, "currents-title"), "Currents now");
    assert_eq!(text(&root, "conc-title"), "Inside concentrations");
    assert!(!has_cjk_text(&text(&root, "currents-caption")));
    assert!(!has_cjk_text(&text(&root, "clamp-error")));
    assert!(text(&root, "clamp-error").contains("held voltage"));
    assert!(!has_cjk_text(&text(&root, "clamp-table")));
    for id in ["v-chart", "conc-chart", "currents-chart", "iv-chart"] {
        let axes = by_id::<Element>(&root, id)
            .get_attribute("data-axes")
            .unwrap_or_default();
        assert!(
            !axes.is_empty() && !has_cjk_text(&axes),
            "#{id} axes: {axes}"
        );
    }
    assert!(by_id::<Element>(&root, "v-chart")
        .get_attribute("data-axes")
        .unwrap_or_default()
        .contains("model time"));
}

#[wasm_bindgen_test]
fn a_lessons_panels_drive_the_chart_panels() {
    let (_page, root) = index_page();
    let app = mount_paused(&root, "?lang=en");
    let hidden = |id: &str| {
        root.query_selector(&format!("#{id}, .{id}"))
            .unwrap()
            .unwrap_or_else(|| panic!("no #{id}"))
            .dyn_into::<HtmlElement>()
            .unwrap()
            .hidden()
    };
    let clamp_open = || by_id::<Element>(&root, "clamp-panel").has_attribute("open");
    assert!(!clamp_open(), "the clamp starts closed");
    assert!(!hidden("conc-panel") && !hidden("currents-panel"));

    app.open_lesson("reversal").unwrap();
    assert!(clamp_open(), "reversal opens the voltage clamp");
    assert!(hidden("membrane-panel"), "reversal hides the membrane");
    assert!(hidden("conc-panel"), "reversal has no concentration chart");
    assert!(!hidden("currents-panel"));
    assert!(by_id::<Element>(&root, "iv-chart").has_attribute("data-axes"));
    let rows = by_id::<Element>(&root, "clamp-table")
        .query_selector("td[data-col=current][data-value]")
        .unwrap();
    assert!(rows.is_some(), "the clamp table is filled");

    app.open_lesson("ouabain").unwrap();
    assert!(
        !hidden("conc-panel"),
        "ouabain shows the concentration chart"
    );
    assert!(
        hidden("currents-panel"),
        "ouabain leaves out the current bars"
    );
    assert!(!hidden("membrane-panel"));
    assert!(!clamp_open(), "ouabain closes the voltage clamp");
    assert_eq!(
        root.get_attribute("data-panels").as_deref(),
        Some("membrane voltage concentrations")
    );

    // Closing the lesson shows every panel again.
    app.open_lesson("").unwrap();
    assert!(!hidden("conc-panel") && !hidden("currents-panel") && !hidden("membrane-panel"));
    assert_eq!(root.get_attribute("data-panels"), None);
}

#[wasm_bindgen_test]
fn a_lesson_opens_paused_and_its_run_button_stops_at_its_length() {
    let (_page, root) = index_page();
    let app = App::mount(&root, "?lesson=ouabain&lang=en").unwrap();
    assert!(
        !app.is_playing(),
        "a lesson asks before it tells: it opens paused"
    );
    assert_eq!(text(&root, "play"), "Play");
    let lesson = rpl_lessons::lesson("ouabain").unwrap();
    by_id::<HtmlElement>(&root, "lesson-run-button").click();
    app.flush();
    assert!(app.is_playing());
    for _ in 0..2000 {
        if !app.is_playing() {
            break;
        }
        app.step(0.1).unwrap();
    }
    assert!(!app.is_playing(), "the run stops by itself");
    assert_eq!(app.readouts().t_s, lesson.duration_s);
    assert_eq!(text(&root, "play"), "Play");
    // A verdict, then Restart: back to the start, paused, no verdict on show.
    by_id::<HtmlInputElement>(&root, "lesson-input").set_value("-35");
    app.check_prediction().unwrap();
    assert!(!by_id::<HtmlElement>(&root, "lesson-verdict").hidden());
    by_id::<HtmlElement>(&root, "lesson-restart").click();
    app.flush();
    assert_eq!(app.readouts().t_s, 0.0);
    assert!(!app.is_playing());
    assert!(by_id::<HtmlElement>(&root, "lesson-verdict").hidden());
}

#[wasm_bindgen_test]
fn a_lesson_hides_its_answer_until_the_reader_checks() {
    let (_page, root) = index_page();
    let app = mount_paused(&root, "?lesson=astrocyte&lang=en");
    let v = text(&root, "v-readout");
    assert_eq!(v.trim(), "? mV", "the astrocyte's V is its answer");
    assert_eq!(
        text(&root, "ecl-readout").trim(),
        "? mV",
        "E_Cl would give V away"
    );
    by_id::<HtmlInputElement>(&root, "lesson-input").set_value("-80");
    app.check_prediction().unwrap();
    assert!(app.verdict().is_some());
    let v = text(&root, "v-readout");
    assert!(
        v.contains("−") && v.contains("mV") && !v.contains('?'),
        "{v}"
    );
    // The pump-leak lesson hides the pump's rate, the steady-state lesson the caption.
    app.open_lesson("pump-leak").unwrap();
    assert!(text(&root, "ion-readouts").contains("hidden until you check"));
    app.open_lesson("steady-state").unwrap();
    assert_eq!(
        text(&root, "currents-caption").trim(),
        "hidden until you check your prediction"
    );
    app.open_lesson("").unwrap();
    assert!(!text(&root, "ion-readouts").contains("hidden"));
}
