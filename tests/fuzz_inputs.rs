//! Seeded property tests of every reader of a reader's input other than links
//! (those are in `crates/rpl-ui/tests/links.rs`): the key table (10 000 cases)
//! and the scenario file reader (10 000 cases). Nothing panics; a value is
//! either taken and reads back, or refused with an error naming its key; a
//! scenario file is either a valid scenario or refused with a reason.

use proptest::prelude::*;
use proptest::test_runner::RngSeed;
use rpl_model::{Key, ModelError, Scenario};

fn key() -> impl Strategy<Value = Key> {
    prop::sample::select(Key::ALL.to_vec())
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<f64>().prop_map(|v| v.to_string()),
        (-1e4f64..1e4).prop_map(|v| format!("{v}")),
        (-300i32..300).prop_map(|e| format!("1e{e}")),
        Just("rigid".to_string()),
        Just("swelling".to_string()),
        Just("on".to_string()),
        Just("NaN".to_string()),
        Just("-inf".to_string()),
        "[0-9eE.+-]{0,12}",
        "\\PC{0,20}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 10_000,
        rng_seed: RngSeed::Fixed(0x5eed_0003),
        ..ProptestConfig::default()
    })]

    #[test]
    fn the_key_table_takes_a_value_or_names_the_key(k in key(), t in text()) {
        let mut s = Scenario::default();
        let before = s.clone();
        match s.set(k.name(), &t) {
            Ok(()) => {
                let v = k.get(&s);
                prop_assert!(v.is_none_or(f64::is_finite), "{k} = {t}: {v:?}");
                prop_assert!(s.validate().is_ok(), "{k} = {t} left an invalid scenario");
            }
            Err(e) => {
                prop_assert_eq!(&s, &before, "a refused value changes nothing");
                let named = e.field().is_some_and(|f| f.contains(k.name()) || f.starts_with("P_"))
                    || matches!(e, ModelError::NoImpermeantAnions { .. } | ModelError::NoPermeantIon);
                prop_assert!(named, "{k} = {t}: {e}");
                prop_assert!(e.clipped().to_string().chars().count() < 400);
            }
        }
    }

    #[test]
    fn a_scenario_file_is_valid_or_refused_with_a_reason(edit in (0usize..2000, "\\PC{0,8}"), junk in "\\PC{0,64}") {
        // A real scenario file with a few characters replaced, and plain junk.
        let mut json = Scenario::default().to_json();
        let at = edit.0 % json.len().max(1);
        if json.is_char_boundary(at) {
            json.insert_str(at, &edit.1);
        }
        for text in [json.as_str(), junk.as_str()] {
            match Scenario::from_json(text) {
                Ok(s) => prop_assert!(s.validate().is_ok()),
                Err(e) => prop_assert!(!e.to_string().is_empty()),
            }
        }
    }
}
