//! The key table is the one codec for scenario keys: every key reads back what
//! was set, states its range, and refuses bad values with an error naming it.

use rpl_model::export::{from_query, to_query};
use rpl_model::{Command, Key, ModelError, Scenario, Simulation};

fn neuron() -> Scenario {
    let mut s = Scenario::preset("neuron").expect("preset");
    // V0 is unset in the preset; give it a value so it reads back.
    Key::V0.set(&mut s, -60.0).expect("V0");
    s
}

/// Another allowed value for `key`, different from `v`.
fn other(key: Key, v: f64) -> f64 {
    let r = key.range();
    if key.words().is_some() {
        1.0 - v
    } else if v != 0.0 {
        v * 1.1
    } else if r.hi.is_finite() {
        r.lo + (r.hi - r.lo) * 0.01
    } else {
        r.lo + 1.0
    }
}

#[test]
fn every_key_reads_back_what_was_set() {
    assert_eq!(Key::ALL.len(), 36);
    for key in Key::ALL {
        assert_eq!(Key::parse(key.name()), Some(key), "{key}");
        assert!(!key.description().is_empty(), "{key}");
        let mut s = neuron();
        let v = key.get(&s).unwrap_or_else(|| panic!("{key} has a value"));
        key.set(&mut s, v)
            .unwrap_or_else(|e| panic!("{key} = {v}: {e}"));
        assert_eq!(key.get(&s), Some(v), "{key}: get → set → get");
        let w = other(key, v);
        key.set(&mut s, w)
            .unwrap_or_else(|e| panic!("{key} = {w}: {e}"));
        let back = key.get(&s).expect("still set");
        assert!(
            (back - w).abs() <= 1e-12 * w.abs(),
            "{key}: set {w}, got {back}"
        );
        // The text form reads back the same value.
        let text = key.format_value(back);
        assert_eq!(key.parse_value(&text), Ok(back), "{key}: {text}");
        // And so does the command.
        let mut sim = Simulation::new({
            let mut s = neuron();
            s.start = rpl_model::Start::AsGiven;
            s
        })
        .expect("starts");
        sim.apply(Command::Set(key, w))
            .unwrap_or_else(|e| panic!("{key}: {e}"));
        let got = key.get(sim.scenario()).expect("set");
        assert!((got - w).abs() <= 1e-12 * w.abs(), "{key}: {got} vs {w}");
    }
}

#[test]
fn every_key_states_its_range_and_refuses_what_is_outside() {
    for key in Key::ALL {
        let r = key.range();
        assert!(r.lo.is_finite() && r.lo <= r.hi, "{key}: {r:?}");
        assert!(!key.allowed_text().is_empty(), "{key}");
        let named =
            |e: &ModelError| e.field() == Some(key.name()) && e.to_string().contains(key.name());
        let mut s = neuron();
        let before = s.clone();

        let e = key.set(&mut s, f64::NAN).expect_err("NaN");
        assert!(
            matches!(e, ModelError::OutOfRange { .. }) && named(&e),
            "{key}: {e:?}"
        );
        let above = if r.hi.is_finite() {
            r.hi * 2.0 + 1.0
        } else {
            f64::INFINITY
        };
        let e = key.set(&mut s, above).expect_err("above");
        assert!(
            matches!(e, ModelError::OutOfRange { .. }) && named(&e),
            "{key}: {e:?}"
        );
        let below = if r.lo_open { r.lo } else { r.lo - 1.0 };
        let e = key.set(&mut s, below).expect_err("below");
        assert!(
            matches!(e, ModelError::OutOfRange { .. }) && named(&e),
            "{key}: {e:?}"
        );
        assert_eq!(s, before, "{key}: a refused value changes nothing");

        let e = key.parse_value("abc").expect_err("text");
        if key.words().is_some() {
            assert!(
                matches!(e, ModelError::BadChoice { .. }) && named(&e),
                "{key}: {e:?}"
            );
            let e = key.set(&mut s, 0.5).expect_err("half a choice");
            assert!(
                matches!(e, ModelError::BadChoice { .. }) && named(&e),
                "{key}: {e:?}"
            );
        } else {
            assert!(
                matches!(e, ModelError::NotANumber { .. }) && named(&e),
                "{key}: {e:?}"
            );
        }
    }
}

#[test]
fn share_links_and_command_lines_use_the_key_names() {
    for key in Key::ALL {
        if let Key::PermRel(_) = key {
            continue; // accepted on input, written as the absolute permeability
        }
        let mut s = Scenario::preset("neuron").expect("preset");
        let v = key.get(&s).unwrap_or(-60.0); // V0 is unset in the preset
        key.set(&mut s, other(key, v)).expect("valid");
        let q = to_query(&s, "neuron");
        assert!(q.contains(&format!("&{}=", key.name())), "{key}: {q}");
        let pairs: Vec<(String, String)> = q
            .split('&')
            .filter_map(|kv| kv.split_once('='))
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let (back, _, errors) = from_query(&pairs, &[]);
        assert!(errors.is_empty(), "{key}: {errors:?}");
        assert_eq!(back, s, "{key}: {q}");
        // The text edge of Scenario::set and of commands is the same codec.
        let text = key.format_value(key.get(&s).expect("set"));
        let mut t = neuron();
        t.set(key.name(), &text).expect("text");
        assert_eq!(key.get(&t), key.get(&s), "{key}");
        assert_eq!(
            Command::parse_set(key.name(), &text),
            Ok(Command::Set(key, key.get(&s).expect("set")))
        );
    }
    // V0 with start=steady (V0 kept for a later start as given) survives a link.
    let mut s = Scenario::preset("neuron").expect("preset");
    Key::V0.set(&mut s, -60.0).expect("V0");
    Key::Start.set(&mut s, 0.0).expect("steady");
    let q = to_query(&s, "neuron");
    assert_eq!(q, "preset=neuron&V0=-60&start=steady");
    let pairs: Vec<(String, String)> = q
        .split('&')
        .filter_map(|kv| kv.split_once('='))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    assert_eq!(from_query(&pairs, &[]).0, s);
    assert!(matches!(
        Command::parse_set("K_out", "5"),
        Err(ModelError::UnknownKey { .. })
    ));
}
