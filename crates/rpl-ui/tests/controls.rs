//! Native tests of the parameter controls' table (`rpl_ui::controls`): every
//! row sets a real key, its slider covers the scenario's value, positions and
//! values round-trip, and model errors read in both languages with the
//! controls' own labels.

use rpl_lessons::Lang;
use rpl_model::{ModelError, Scenario};
use rpl_ui::controls::{
    format_input, model_value, round_nice, slider_from_value, value_from_slider, Kind, Scale,
    SLIDER_STEPS, SPECS,
};
use rpl_ui::errors::model_error;

#[test]
fn every_control_sets_a_key_the_model_knows() {
    let s = Scenario::default();
    for spec in SPECS.iter() {
        assert_eq!(
            rpl_model::Key::parse(spec.key.name()),
            Some(spec.key),
            "{}: its name reads back as the key",
            spec.key
        );
        assert!(model_value(&s, spec.key).is_some(), "{}", spec.key);
        if let Kind::Range {
            min, max, factor, ..
        } = spec.kind
        {
            assert!(min < max && factor > 0.0, "{}", spec.key);
        }
    }
    let ids: std::collections::BTreeSet<_> = SPECS.iter().map(|s| s.id).collect();
    assert_eq!(ids.len(), SPECS.len(), "ids are unique");
}

#[test]
fn slider_positions_and_values_round_trip() {
    for (v, min, max, scale) in [
        (5.0, 0.5, 150.0, Scale::Log),
        (0.04, 1e-4, 10.0, Scale::LogOrZero),
        (37.0, 0.0, 45.0, Scale::Linear),
    ] {
        let pos = slider_from_value(v, min, max, scale);
        assert!((0.0..=SLIDER_STEPS).contains(&pos), "{pos}");
        let back = value_from_slider(pos, min, max, scale);
        assert!((back - v).abs() / v < 0.03, "{v} → {back}");
    }
    assert_eq!(value_from_slider(0.0, 1e-4, 10.0, Scale::LogOrZero), 0.0);
    assert_eq!(round_nice(0.30000001), 0.3);
    assert_eq!(format_input(5e-7), "5e-7");
    assert_eq!(format_input(2.13794), "2.138");
}

#[test]
fn model_errors_name_the_field_in_the_readers_words() {
    let mut s = Scenario::default();
    let e: ModelError = s.set("K_o", "-5").unwrap_err();
    let zh = model_error(&e, Lang::Zh);
    assert!(
        zh.starts_with("细胞外 K⁺ = \u{2212}5 不允许") && !zh.contains("K_o"),
        "{zh}"
    );
    let en = model_error(&e, Lang::En);
    assert_eq!(
        en,
        "K⁺ outside = -5 is not allowed: it must be a finite number at least 1e-6 and at most 1000 mM"
    );
    // The command line keeps the key's name.
    assert!(e.to_string().starts_with("K_o = -5"), "{e}");
}

#[test]
fn an_arrow_key_moves_a_slider_a_fiftieth_and_every_value_changes() {
    use rpl_ui::controls::{keyed_position, KEY_STEP, SLIDER_STEPS};
    assert_eq!(keyed_position(500.0, "ArrowRight"), Some(500.0 + KEY_STEP));
    assert_eq!(keyed_position(500.0, "ArrowDown"), Some(500.0 - KEY_STEP));
    assert_eq!(
        keyed_position(500.0, "PageUp"),
        Some(500.0 + 5.0 * KEY_STEP)
    );
    assert_eq!(
        keyed_position(990.0, "ArrowUp"),
        Some(SLIDER_STEPS),
        "stops at the end"
    );
    assert_eq!(keyed_position(5.0, "PageDown"), Some(0.0));
    assert_eq!(keyed_position(500.0, "Home"), None, "left to the browser");
    assert_eq!(keyed_position(500.0, "a"), None);
    // On every slider of the page, one press changes the value shown, and
    // fifty presses cross the whole slider.
    for spec in SPECS {
        let Kind::Range {
            min, max, scale, ..
        } = spec.kind
        else {
            continue;
        };
        let mut pos = 0.0;
        let mut presses = 0;
        while pos < SLIDER_STEPS {
            let next = keyed_position(pos, "ArrowRight").unwrap();
            assert_ne!(
                value_from_slider(next, min, max, scale),
                value_from_slider(pos, min, max, scale),
                "{}: a press at {pos} changes nothing",
                spec.id
            );
            pos = next;
            presses += 1;
        }
        assert_eq!(presses, 50, "{}", spec.id);
    }
}
