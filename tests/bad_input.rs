//! Bad input gives a typed error that names the field, the value and the
//! allowed range; never a panic, never a NaN, and nothing else changes.

use rpl_model::{Command, ModelError, Scenario, Simulation, PRESET_NAMES};

fn neuron() -> Scenario {
    Scenario::preset("neuron").expect("preset")
}

#[test]
fn bad_concentrations_name_the_field_value_and_range() {
    for key in ["Na_i", "K_i", "Cl_i", "Ca_i", "Na_o", "K_o", "Cl_o", "Ca_o"] {
        for bad in ["0", "-5", "NaN", "inf", "-inf", "1e9"] {
            let mut s = neuron();
            let before = s.clone();
            let err = s.set(key, bad).expect_err("must be refused");
            let msg = err.to_string();
            assert_eq!(err.field(), Some(key), "{msg}");
            assert!(msg.contains(key), "{msg}");
            assert!(
                msg.contains("mM") || msg.contains("finite"),
                "{key}={bad}: {msg}"
            );
            assert_eq!(s, before, "a refused value changes nothing");
        }
    }
    let err = neuron().set("K_o", "abc").expect_err("not a number");
    assert!(matches!(err, ModelError::NotANumber { .. }));
    assert!(err.to_string().contains("K_o") && err.to_string().contains("abc"));
}

#[test]
fn bad_permeabilities_temperatures_and_pump_settings() {
    let cases = [
        ("P_Na", "-1e-8", "cm/s"),
        ("P_K", "1", "cm/s"),
        ("P_Cl_rel", "-0.5", "P_Cl_rel"),
        ("T", "-300", "°C"),
        ("T", "1000", "°C"),
        ("ouabain", "1.5", "ouabain"),
        ("pump_max", "-1", "µA/cm²"),
        ("diameter", "0", "µm"),
        ("C_m", "0", "µF/cm²"),
        ("z_A", "1", "z_A"),
        ("V0", "500", "mV"),
        ("duration", "-1", "s"),
    ];
    for (key, bad, word) in cases {
        let err = neuron().set(key, bad).expect_err(key);
        let msg = err.to_string();
        assert!(
            msg.contains(key) && msg.contains(word),
            "{key}={bad}: {msg}"
        );
        assert!(
            msg.contains(bad.trim_start_matches('+'))
                || msg.contains(
                    &bad.parse::<f64>()
                        .map(|v| v.to_string())
                        .unwrap_or_default()
                ),
            "{msg}"
        );
    }
    for (key, bad) in [("volume", "squishy"), ("start", "later"), ("pump", "maybe")] {
        let msg = neuron().set(key, bad).expect_err(key).to_string();
        assert!(msg.contains(key) && msg.contains(bad), "{msg}");
    }
}

#[test]
fn unknown_keys_and_presets_list_what_exists() {
    let msg = neuron().set("K_out", "5").expect_err("unknown").to_string();
    assert!(msg.contains("K_out") && msg.contains("K_o"), "{msg}");
    let msg = Scenario::preset("frog").expect_err("unknown").to_string();
    assert!(
        msg.contains("frog") && PRESET_NAMES.iter().all(|p| msg.contains(p)),
        "{msg}"
    );
    for key in rpl_model::Key::names() {
        // Every documented key is accepted with a sensible value.
        let value = match key {
            "volume" => "swelling",
            "start" => "given",
            "pump" => "1",
            "z_A" => "-1",
            "ouabain" => "0.5",
            "V0" => "-60",
            "I_inj" => "0.1",
            "P_Na_rel" | "P_Cl_rel" | "P_Ca_rel" => "0.01",
            "P_K" | "P_Na" | "P_Cl" | "P_Ca" | "P_exc" | "P_inh" => "1e-7",
            "Ca_i" => "0.0002",
            "C_m" => "2",
            "g_Na" | "g_K" => "0.1",
            "g_KCC2" | "g_NKCC1" => "2e-5",
            _ => "20",
        };
        neuron()
            .set(key, value)
            .unwrap_or_else(|e| panic!("{key}={value}: {e}"));
    }
}

#[test]
fn malformed_scenario_files() {
    let good = neuron().to_json();
    assert_eq!(Scenario::from_json(&good).expect("round trip"), neuron());
    let cases = [
        ("{", "EOF"),
        ("[]", "Scenario"),
        (
            &good.replace("\"temperature_c\"", "\"temp\"") as &str,
            "temp",
        ),
        (&good.replacen("\"K\": 140.0", "\"K\": -140.0", 1), "K_i"),
        (&good.replacen("37.0", "\"warm\"", 1), "warm"),
    ];
    for (text, word) in cases {
        let err = Scenario::from_json(text).expect_err("malformed");
        let msg = err.to_string();
        assert!(msg.contains(word), "expected {word:?} in: {msg}");
    }
}

#[test]
fn impossible_cells_are_refused_not_simulated() {
    let mut s = neuron();
    s.inside_mm.cl = 300.0; // more anions than cations: no room for impermeant anions
    assert!(matches!(
        Simulation::new(s),
        Err(ModelError::NoImpermeantAnions { .. })
    ));
    let mut s = neuron();
    s.permeability_cm_s = rpl_model::IonMap::from_fn(|_| 0.0);
    assert_eq!(
        Simulation::new(s).expect_err("no ion"),
        ModelError::NoPermeantIon
    );
}

#[test]
fn a_refused_command_leaves_the_running_simulation_alone() {
    let mut sim = Simulation::new(neuron()).expect("valid");
    let before = sim.readouts();
    for (key, value) in [("K_o", "-5"), ("T", "NaN"), ("Na_i", "0"), ("Cl_i", "900")] {
        let err = Command::parse_set(key, value)
            .and_then(|cmd| sim.apply(cmd))
            .expect_err("refused");
        assert!(
            err.to_string().contains(key) || matches!(err, ModelError::NoImpermeantAnions { .. })
        );
        assert_eq!(sim.readouts(), before);
    }
    assert!(sim.advance(rpl_model::Seconds(f64::NAN)).is_err());
    assert!(sim.advance(rpl_model::Seconds(-1.0)).is_err());
    assert_eq!(sim.readouts(), before);
}

#[test]
fn share_query_round_trips_and_bad_pairs_fall_back_one_by_one() {
    use rpl_model::export::{from_query, to_query};
    let mut s = neuron();
    s.set("K_o", "10").expect("valid");
    s.set("ouabain", "1").expect("valid");
    s.set("volume", "swelling").expect("valid");
    let q = to_query(&s, "neuron");
    assert_eq!(q, "preset=neuron&K_o=10&ouabain=1&volume=swelling");
    let pairs: Vec<(String, String)> = q
        .split('&')
        .filter_map(|kv| kv.split_once('='))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let (back, preset, errors) = from_query(&pairs, &[]);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!((back, preset.as_str()), (s, "neuron"));

    let bad: Vec<(String, String)> = [
        ("preset", "frog"),
        ("K_o", "-5"),
        ("T", "20"),
        ("bogus", "1"),
        ("lang", "zh"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    let (s, preset, errors) = from_query(&bad, &["lang"]);
    assert_eq!(preset, "neuron");
    assert_eq!(s.outside_mm.k, 5.0, "only K_o falls back");
    assert_eq!(s.temperature_c, 20.0, "the good pair still applies");
    let msgs: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
    assert_eq!(msgs.len(), 3, "{msgs:?}");
    assert!(msgs[0].contains("frog") && msgs[1].contains("K_o") && msgs[2].contains("bogus"));
}

#[test]
fn csv_header_carries_the_scenario() {
    let mut sim = Simulation::new(neuron()).expect("valid");
    let samples = sim.run(rpl_model::Seconds(1.0), 4).expect("runs");
    let text = rpl_model::export::csv(sim.scenario(), &["then nothing".into()], &samples);
    assert_eq!(
        rpl_model::export::scenario_from_csv(&text).expect("header"),
        neuron()
    );
    assert_eq!(text.lines().filter(|l| !l.starts_with('#')).count(), 6);
}

#[test]
fn a_bad_word_is_a_bad_choice_with_the_allowed_words_apart() {
    for (key, bad, allowed) in [
        ("volume", "squishy", &["rigid", "swelling"][..]),
        ("start", "later", &["steady", "given"][..]),
        ("pump", "maybe", &rpl_model::key::BOOL_WORDS[..]),
    ] {
        let err = neuron().set(key, bad).expect_err(key);
        match &err {
            ModelError::BadChoice {
                key: k,
                text,
                allowed: a,
            } => {
                assert_eq!((k.as_str(), text.as_str(), *a), (key, bad, allowed));
            }
            other => panic!("{key}={bad}: {other:?}"),
        }
        let msg = err.to_string();
        assert!(
            msg.starts_with(&format!("{key} = \"{bad}\" is not allowed: it must be ")),
            "{msg}"
        );
        assert_eq!(msg.matches('"').count(), 2, "{msg}");
    }
}

#[test]
fn the_integrator_has_a_work_budget_and_says_when_it_is_spent() {
    use rpl_model::{Command, Scenario, Seconds, Simulation};
    let mut sim = Simulation::new(Scenario::preset("neuron").unwrap()).unwrap();
    sim.apply(Command::SetOuabain(1.0)).unwrap();
    sim.set_step_budget(10);
    let before = sim.state().to_owned();
    let e = sim.advance(Seconds(7200.0)).unwrap_err();
    assert!(
        matches!(e, rpl_model::ModelError::TooMuchWork { steps: 10, .. }),
        "{e:?}"
    );
    assert_eq!(sim.state(), &before[..], "left as it was");
    // With the default budget the same run-down goes through.
    sim.set_step_budget(rpl_model::integrator::MAX_STEPS);
    sim.advance(Seconds(7200.0)).unwrap();
}

#[test]
fn half_saturations_and_concentrations_have_physical_floors() {
    use rpl_model::Scenario;
    let mut s = Scenario::default();
    for (key, bad) in [
        ("pump_K_Na", "1e-14"),
        ("pump_K_K", "0.001"),
        ("K_o", "1e-300"),
    ] {
        let e = s.set(key, bad).unwrap_err();
        assert_eq!(e.field(), Some(key), "{e}");
    }
    s.set("pump_K_Na", "0.01").unwrap();
    s.set("Ca_i", "1e-6").unwrap();
}

#[test]
fn amounts_stay_positive_and_readouts_finite_at_the_edges_of_the_ranges() {
    use rpl_model::{Command, Ion, Scenario, Seconds, Simulation};
    // A bath nearly free of K⁺, a leaky cell that can swell, no pump, ten days.
    let mut s = Scenario::default();
    for (k, v) in [
        ("K_o", "1e-6"),
        ("P_K", "1e-4"),
        ("volume", "swelling"),
        ("pump", "0"),
    ] {
        s.set(k, v).unwrap();
    }
    let mut sim = Simulation::new(s).unwrap();
    sim.apply(Command::SetOuabain(1.0)).unwrap();
    for _ in 0..10 {
        match sim.advance(Seconds(86_400.0)) {
            Ok(()) => {}
            // Bounded and typed, never a wrong number.
            Err(e) => panic!("{e}"),
        }
        let r = sim.readouts();
        for ion in Ion::ALL {
            assert!(r.c_in_mm.get(ion) > 0.0, "{ion:?}: {}", r.c_in_mm.get(ion));
            assert!(r.e_mv.get(ion).is_finite(), "{ion:?}");
        }
        assert!(r.v_mv.is_finite() && r.volume_rel > 0.0);
    }
}
