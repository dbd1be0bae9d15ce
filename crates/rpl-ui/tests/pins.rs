//! Native tests of pinned runs (`rpl_ui::pins` and their place in the
//! state): a pin keeps the run's trace, goes into the link and the CSV, is
//! replayed to the same numbers when the link opens, and a bad pin in a
//! link is named without losing the others.

use rpl_model::key::Key;
use rpl_model::{Command, Ion};
use rpl_ui::link;
use rpl_ui::pins::MAX_PINS;
use rpl_ui::state::{AppState, Msg, Source};

fn open(query: &str) -> AppState {
    AppState::open(link::open(query), &[])
}

fn run(s: &mut AppState, real_s: f64) {
    s.update(Msg::SetPlaying(true));
    for _ in 0..(real_s / 0.05) as usize {
        s.update(Msg::Frame { real_dt_s: 0.05 });
    }
    s.update(Msg::SetPlaying(false));
}

#[test]
fn a_pin_keeps_the_run_and_goes_into_the_link_and_the_csv() {
    let mut s = open("?preset=neuron&speed=600");
    s.update(Msg::Apply {
        cmd: Ok(Command::SetOuabain(1.0)),
        source: Source::Other,
    });
    run(&mut s, 2.0);
    let v_end = s.sim.voltage().0;
    s.update(Msg::Pin);
    assert_eq!(s.pins.len(), 1);
    let pin = &s.pins[0];
    assert!(pin.label.starts_with("neuron · "), "{}", pin.label);
    assert!(pin.label.contains("ouabain"), "{}", pin.label);
    let last = pin.samples.last().unwrap();
    assert_eq!(last.v_mv, v_end);
    assert!(pin.samples.len() > 10);

    // A second run beside it: the bath K⁺ raised, from the start.
    s.update(Msg::RestartRun);
    s.update(Msg::Apply {
        cmd: Ok(Command::Set(Key::Outside(Ion::K), 8.0)),
        source: Source::Other,
    });
    run(&mut s, 1.0);
    assert_eq!(s.pins.len(), 1, "a new run keeps the pin");

    let q = s.canonical_query().unwrap();
    assert!(q.contains("&pin="), "{q}");
    let csv = s.csv();
    assert!(csv.contains("# pinned run 1: ?preset=neuron"), "{csv}");

    // The link opens with the pin replayed to the same end, within the
    // integrator's tolerance.
    let again = open(&format!("?{q}"));
    assert!(again.notices.is_empty(), "{:?}", again.notices);
    assert_eq!(again.pins.len(), 1);
    assert_eq!(again.pins[0].query, s.pins[0].query);
    let v = again.pins[0].samples.last().unwrap().v_mv;
    assert!(
        (v - v_end).abs() < 1e-6 * v_end.abs().max(1.0),
        "{v} vs {v_end}"
    );
}

#[test]
fn at_most_three_pins_and_one_can_be_removed() {
    let mut s = open("?preset=neuron");
    for _ in 0..MAX_PINS {
        s.update(Msg::Pin);
    }
    assert_eq!(s.pins.len(), MAX_PINS);
    s.update(Msg::Pin);
    assert_eq!(s.pins.len(), MAX_PINS, "a fourth is refused");
    rpl_ui::i18n::set_lang(rpl_lessons::Lang::En);
    let said: Vec<String> = s.notices.iter().map(|n| n.text()).collect();
    assert!(said.iter().any(|t| t.contains("3")), "{said:?}");
    s.update(Msg::Unpin(1));
    assert_eq!(s.pins.len(), MAX_PINS - 1);
    assert_eq!(s.page.pins.len(), MAX_PINS - 1);
    s.update(Msg::Unpin(99));
    assert_eq!(s.pins.len(), MAX_PINS - 1);
}

#[test]
fn a_bad_pin_in_a_link_is_named_and_the_others_stay() {
    rpl_ui::i18n::set_lang(rpl_lessons::Lang::En);
    let s = open("?preset=neuron&pin=preset%3Dneuron%26K_o%3D-5&pin=preset%3Dastrocyte%26t%3D1");
    assert_eq!(s.pins.len(), 1);
    assert!(
        s.pins[0].label.starts_with("astrocyte"),
        "{}",
        s.pins[0].label
    );
    let said: Vec<String> = s.notices.iter().map(|n| n.text()).collect();
    let all = said.join("\n");
    assert!(all.contains("pinned run 1"), "{all}");
    assert!(all.contains("-5"), "{all}");
    let many =
        open("?pin=preset%3Dneuron&pin=preset%3Dneuron&pin=preset%3Dneuron&pin=preset%3Dneuron");
    assert_eq!(many.pins.len(), MAX_PINS);
    assert!(!many.notices.is_empty());
}
