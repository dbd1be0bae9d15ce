//! Native tests of what a screen reader hears (`rpl_ui::a11y`): when the live
//! region may speak, and the text alternatives with their numbers.

use rpl_model::Ion;
use rpl_ui::a11y::{
    announce_due, announcement, nernst_numbers_label, voltage_chart_label, Announced,
    ANNOUNCE_INTERVAL_MS, ANNOUNCE_MIN_CHANGE_MV,
};

#[test]
fn nothing_said_before_the_first_interval_even_after_a_command() {
    let last = Some(Announced {
        at_ms: 1000.0,
        v_mv: -73.8,
    });
    assert!(!announce_due(
        last,
        1000.0 + ANNOUNCE_INTERVAL_MS - 1.0,
        -50.0,
        true
    ));
    assert!(!announce_due(last, 1500.0, -73.8, true));
}

#[test]
fn after_the_interval_only_a_change_or_a_command_is_said() {
    let last = Some(Announced {
        at_ms: 0.0,
        v_mv: -73.8,
    });
    let later = ANNOUNCE_INTERVAL_MS;
    // V moved by less than the threshold and no command: stay quiet.
    assert!(!announce_due(
        last,
        later + 10_000.0,
        -73.8 + 0.9 * ANNOUNCE_MIN_CHANGE_MV,
        false
    ));
    // Moved enough (either way).
    assert!(announce_due(
        last,
        later,
        -73.8 + ANNOUNCE_MIN_CHANGE_MV,
        false
    ));
    assert!(announce_due(last, later, -80.0, false));
    // A command, even with V unchanged.
    assert!(announce_due(last, later, -73.8, true));
}

#[test]
fn first_announcement_clock_going_back_and_bad_numbers() {
    assert!(announce_due(None, 0.0, -70.0, false));
    let last = Some(Announced {
        at_ms: 10_000.0,
        v_mv: -70.0,
    });
    assert!(announce_due(last, 5_000.0, -60.0, false), "clock set back");
    assert!(!announce_due(last, 20_000.0, f64::NAN, true));
    assert!(!announce_due(None, 0.0, f64::INFINITY, true));
}

#[test]
fn announcement_text() {
    assert_eq!(announcement(-73.82), "Membrane voltage \u{2212}73.8 mV");
    assert_eq!(announcement(12.0), "Membrane voltage 12.0 mV");
}

#[test]
fn chart_label_from_a_trace() {
    let trace = [(0.0, -60.0), (1.0, -70.0), (2.5, -73.82)];
    let l = voltage_chart_label(&trace, [-89.1, 61.2, -71.0]);
    assert_eq!(
        l,
        "Chart of the membrane voltage against model time over 2.5 s: now \u{2212}73.8 mV, \
         between \u{2212}73.8 mV and \u{2212}60.0 mV in that time. Dashed reference lines: \
         E K \u{2212}89.1 mV, E Na 61.2 mV, E Cl \u{2212}71.0 mV."
    );
    let flat = voltage_chart_label(&[(0.0, -70.0)], [-89.1, 61.2, -71.0]);
    assert!(!flat.contains("between"), "{flat}");
    let row = [
        "26.7".to_string(),
        "5".to_string(),
        "140".to_string(),
        "\u{2212}89.1 mV".to_string(),
    ];
    assert_eq!(
        nernst_numbers_label(Ion::K, &row),
        "E K equals 26.7 millivolts times the natural log of 5 over 140 millimolar, which is \
         \u{2212}89.1 mV"
    );
}
