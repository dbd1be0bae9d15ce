//! Native tests of the errors and notices a reader sees: every error a field
//! can raise, for every key and in both languages, names the field in the
//! reader's words (never `K_o`, `V_rest` or any name with an underscore),
//! the value given (a number too large to hold is "too large", never `inf`;
//! nothing typed is "empty") and what is allowed. A link's notices name the
//! field the same way and then the parameter as the link writes it, which
//! is what the reader can find in the address.

use rpl_lessons::{lessons, Lang};
use rpl_model::error::{short_number, Range, Solver};
use rpl_model::{Key, ModelError, Scenario};
use rpl_ui::controls::{refusal, SPECS};
use rpl_ui::errors::{field_label, link_error, model_error};
use rpl_ui::i18n;
use rpl_ui::link;

const LANGS: [Lang; 2] = [Lang::En, Lang::Zh];

/// Every name a field error can carry: the scenario keys, the lessons'
/// prediction fields, the internal checks' own names, and the fields of a
/// scenario file that have no key (the channels' conductances).
fn fields() -> Vec<&'static str> {
    let mut out: Vec<&str> = Key::names().collect();
    out.extend(lessons().iter().map(|l| l.question.field));
    out.extend(["dt", "length", "panels", "g_Na", "g_K"]);
    out
}

/// A number as an error writes it in `lang`.
fn num(v: f64, lang: Lang) -> String {
    match lang {
        Lang::En => short_number(v),
        Lang::Zh => short_number(v).replace('-', "\u{2212}"),
    }
}

/// The words of `lang` that say a value is too large, too far below zero,
/// not a number, empty; and "number".
fn says(lang: Lang) -> [&'static str; 5] {
    match lang {
        Lang::En => ["too large", "below zero", "not a number", "empty", "number"],
        Lang::Zh => ["太大", "负得太多", "不是数字", "为空", "数"],
    }
}

fn assert_readers_words(text: &str, context: &str) {
    assert!(!text.contains('_'), "a key's name in {context}: {text}");
    assert!(
        !text.contains("inf") && !text.contains("NaN") && !text.contains("Infinity"),
        "inf or NaN in {context}: {text}"
    );
    assert!(
        !text.contains('{') && !text.contains('⁇'),
        "{context}: {text}"
    );
}

#[test]
fn every_field_has_a_label_in_both_languages() {
    for key in fields() {
        for lang in LANGS {
            let label = field_label(key, lang).unwrap_or_else(|| panic!("no label for {key}"));
            assert!(!label.is_empty() && !label.contains('_'), "{key}: {label}");
            if lang == Lang::Zh {
                assert!(rpl_lessons::text::has_cjk(label), "{key}: {label}");
            }
        }
    }
    assert_eq!(field_label("K_o", Lang::En), Some("K⁺ outside"));
    assert_eq!(field_label("V_rest", Lang::En), Some("Your prediction"));
    assert_eq!(field_label("nosuch", Lang::En), None);
}

#[test]
fn every_field_error_names_the_field_the_value_and_what_is_allowed() {
    let mut checked = 0;
    for key in fields() {
        let unit = Key::parse(key).map_or("mV", Key::unit);
        let range = Key::parse(key).map_or(Range::closed(-200.0, 200.0), Key::range);
        for lang in LANGS {
            let label = field_label(key, lang).expect("label");
            let [huge, below, nan, empty, number] = says(lang);
            let range_words = |text: &str| {
                let hi = range.hi.is_finite().then(|| num(range.hi, lang));
                text.contains(&num(range.lo, lang))
                    && hi.is_none_or(|h| text.contains(&h))
                    && text.contains(unit)
            };
            let mut check = |e: ModelError, value: &str, allowed: &dyn Fn(&str) -> bool| {
                let text = model_error(&e, lang);
                let context = format!("{e:?} in {lang:?}");
                assert_readers_words(&text, &context);
                assert!(text.contains(label), "no field name in {context}: {text}");
                assert!(
                    text.contains(value),
                    "no value ({value}) in {context}: {text}"
                );
                assert!(allowed(&text), "not what is allowed in {context}: {text}");
                checked += 1;
            };
            let out = |value: f64| ModelError::OutOfRange {
                key: key.into(),
                value,
                range,
                unit,
            };
            for v in [-5.0, 1e308, -1e308, 2000.5, 1e-320] {
                check(out(v), &num(v, lang), &range_words);
            }
            check(out(f64::INFINITY), huge, &range_words);
            check(out(f64::NEG_INFINITY), below, &range_words);
            check(out(f64::NAN), nan, &range_words);
            for text in ["", "  "] {
                let e = ModelError::NotANumber {
                    key: key.into(),
                    text: text.into(),
                };
                check(e, empty, &|t: &str| t.contains(number));
            }
            let e = ModelError::NotANumber {
                key: key.into(),
                text: "abc".into(),
            };
            check(e, "abc", &|t: &str| t.contains(number));
            let e = ModelError::BadChoice {
                key: key.into(),
                text: "squishy".into(),
                allowed: &["rigid", "swelling"],
            };
            check(e, "squishy", &|t: &str| {
                t.contains("rigid") && t.contains("swelling")
            });
            let e = ModelError::NotAChoice {
                key: key.into(),
                text: "Z9".into(),
                count: 3,
            };
            check(e, "Z9", &|t: &str| t.contains('3') && t.contains('C'));
            let e = ModelError::WantsNumber {
                key: key.into(),
                choice: 2,
                unit: "mV",
            };
            check(e, "2", &|t: &str| t.contains("mV"));
            let e = ModelError::RelativeToZero {
                key: key.into(),
                base: "P_K",
            };
            let base = field_label("P_K", lang).expect("P_K's label");
            check(e, "0", &|t: &str| t.contains(base));
        }
    }
    assert!(checked > 1000, "{checked}");
}

/// One error of every variant that is not about a field.
fn the_others() -> Vec<ModelError> {
    vec![
        ModelError::UnknownPreset {
            name: "frog".into(),
            known: &rpl_model::PRESET_NAMES,
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
            detail: "no pump-leak steady state was found for these parameters".into(),
        },
        ModelError::TooMuchWork {
            t_s: 0.0,
            span_s: 0.016,
            steps: 50_000,
        },
        ModelError::TooManyChanges { max: 1000 },
    ]
}

#[test]
fn the_other_errors_are_in_the_readers_words_too() {
    for e in the_others() {
        for lang in LANGS {
            let text = model_error(&e, lang);
            assert_readers_words(&text, &format!("{e:?} in {lang:?}"));
        }
    }
    let e = ModelError::NoSteadyState {
        injected_ua_cm2: -10.0,
    };
    assert!(model_error(&e, Lang::En).contains("Injected current = -10 µA/cm²"));
}

/// The notices a link with `query` gives, in `lang`.
fn link_notices(query: &str, lang: Lang) -> Vec<String> {
    i18n::set_lang(lang);
    let texts = link::open(query).notices.iter().map(|n| n.text()).collect();
    i18n::set_lang(Lang::En);
    texts
}

#[test]
fn a_links_notice_names_the_field_and_the_parameter_it_found() {
    for key in Key::names() {
        for (value, says_en) in [
            ("-5", "-5"),
            ("1e999", "too large"),
            ("", "empty"),
            ("abc", "abc"),
        ] {
            for lang in LANGS {
                let notices = link_notices(&format!("?{key}={value}"), lang);
                // Some keys take -5 (V0, I_inj) or read "" as a word key's error.
                let Some(text) = notices.first() else {
                    continue;
                };
                let label = field_label(key, lang).expect("label");
                assert!(
                    text.contains(label) && text.contains(key),
                    "{key}={value}: {text}"
                );
                assert!(
                    !text.contains("inf") && !text.contains("NaN"),
                    "{key}={value}: {text}"
                );
                if lang == Lang::En && Key::parse(key).and_then(Key::words).is_none() {
                    assert!(text.contains(says_en), "{key}={value}: {text}");
                }
            }
        }
    }
    assert_eq!(
        link_notices("?K_o=1e999", Lang::En),
        vec!["In the link: K⁺ outside (K_o): the number given is too large: it must be a finite number at least 1e-6 and at most 1000 mM. That setting was skipped."]
    );
    // A change in `then` is quoted as written, with the field in words.
    let opened = rpl_ui::state::AppState::open(link::open("?then=K_o:1e999@5"), &[]);
    let then: Vec<String> = opened.notices.iter().map(|n| n.text()).collect();
    assert!(
        then[0].contains("K⁺ outside (K_o)") && then[0].contains("too large"),
        "{then:?}"
    );
    let e = ModelError::ChangeAfterEnd {
        key: "P_K".into(),
        t_s: 40.0,
        end_s: 35.0,
    };
    assert!(link_error(&e, Lang::Zh).contains("K⁺ 通透性（P_K）"));
}

#[test]
fn a_refused_control_value_is_named_in_the_readers_words() {
    let s = Scenario::default();
    for spec in &SPECS {
        let key = spec.key.name();
        let errors = [
            ModelError::OutOfRange {
                key: key.into(),
                value: f64::INFINITY,
                range: spec.key.range(),
                unit: spec.key.unit(),
            },
            ModelError::OutOfRange {
                key: key.into(),
                value: -5.0,
                range: spec.key.range(),
                unit: spec.key.unit(),
            },
            ModelError::NotANumber {
                key: key.into(),
                text: String::new(),
            },
        ];
        for lang in LANGS {
            i18n::set_lang(lang);
            for e in &errors {
                let text = refusal(spec, e, &s);
                assert_readers_words(&text, &format!("{} in {lang:?}", spec.id));
                let label = field_label(key, lang).expect("label");
                assert!(text.matches(label).count() >= 2, "{}: {text}", spec.id);
            }
        }
        i18n::set_lang(Lang::En);
    }
    i18n::set_lang(Lang::En);
    let e = ModelError::NotANumber {
        key: "K_o".into(),
        text: String::new(),
    };
    let ko = SPECS.iter().find(|s| s.id == "ko").expect("ko");
    assert_eq!(
        refusal(ko, &e, &s),
        "K⁺ outside is empty: it must be a number. Not applied: K⁺ outside stays at 5 mM."
    );
}
