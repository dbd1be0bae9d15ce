//! Native tests of the sweep panel (`rpl_ui::sweep` and its place in the
//! state): its curves are the model's, the live cell is a point on them,
//! moving along the axis sets the parameter, the ouabain curve fills in over
//! a few frames, links carry the choice, and a lesson's hidden answer stays
//! hidden.

use rpl_model::key::Key;
use rpl_model::sweep::{self, SweepSpec};
use rpl_model::{Command, Ion, Simulation};
use rpl_ui::link;
use rpl_ui::state::{AppState, Effect, Msg, Source, SWEEP_CSV_FILE};
use rpl_ui::sweep::{SweepChoice, AXES, OUABAIN_POINTS, RUNDOWNS_PER_STEP, STEADY_POINTS};

fn open(query: &str) -> AppState {
    AppState::open(link::open(query), &[])
}

fn interpolate(xs: &[f64], ys: &[f64], x: f64, log: bool) -> f64 {
    let t = |v: f64| if log { v.ln() } else { v };
    let i = xs.windows(2).position(|w| w[0] <= x && x <= w[1]).unwrap();
    let f = (t(x) - t(xs[i])) / (t(xs[i + 1]) - t(xs[i]));
    ys[i] + f * (ys[i + 1] - ys[i])
}

#[test]
fn a_closed_panel_computes_nothing_and_an_open_one_the_models_curves() {
    let mut s = open("?preset=neuron");
    s.update(Msg::SetPlaying(false));
    assert!(s.sweep.values.is_empty());
    let mut p = s.panels;
    p.sweep = true;
    s.update(Msg::SetPanels(p));
    assert_eq!(s.sweep.values.len(), STEADY_POINTS);
    // The same numbers as the model's own sweep of the same cell.
    let spec = SweepSpec {
        points: STEADY_POINTS,
        ..SweepSpec::default()
    };
    let model = sweep::sweep(&s.sim, &spec).unwrap();
    for (i, p) in model.points.iter().enumerate() {
        assert_eq!(s.sweep.values[i], p.value);
        assert_eq!(s.sweep.e_ion[i], p.e_ion_mv);
        assert_eq!(s.sweep.ghk[i], p.v_ghk_mv);
        let (a, b) = (s.sweep.steady[i].as_ref(), p.v_steady_mv.as_ref());
        match (a, b) {
            (Ok(a), Ok(b)) => assert!((a - b).abs() < 1e-9, "{a} vs {b}"),
            (Err(_), Err(_)) => {}
            _ => panic!("point {i}: {a:?} vs {b:?}"),
        }
    }
}

#[test]
fn the_cell_at_rest_is_a_point_on_the_steady_curve() {
    let mut s = open("?preset=neuron&panels=voltage,sweep");
    s.update(Msg::SetPlaying(false));
    let (k_o, v) = s.page.sweep.present(&s.sim).unwrap();
    assert_eq!(k_o, 5.0);
    let steady: Vec<f64> = s
        .sweep
        .steady
        .iter()
        .map(|r| *r.as_ref().unwrap())
        .collect();
    let on_curve = interpolate(&s.sweep.values, &steady, k_o, true);
    // Interpolated between two of 200 log-spaced points: within 0.05 mV.
    assert!((on_curve - v).abs() < 0.05, "{on_curve} vs {v}");
}

#[test]
fn moving_along_the_axis_sets_the_parameter_and_keeps_the_steady_curve() {
    let mut s = open("?preset=neuron&panels=voltage,sweep");
    s.update(Msg::SetPlaying(false));
    let steady_before = s.sweep.steady.clone();
    // Halfway along 0.1–200 mM on a log axis: √20 = 4.47 mM, read as 4.5.
    s.update(Msg::SweepAlong(0.5));
    assert_eq!(s.sim.scenario().outside_mm.get(Ion::K), 4.5);
    assert_eq!(s.page.sweep.value_along(0.5), 4.5);
    assert!((s.page.sweep.along(4.5) - 0.5).abs() < 0.01);
    // The swept key is replaced by each point's value: nothing to recompute.
    assert_eq!(s.sweep.steady, steady_before);
    // The right end is the axis's end; past the ends is the end.
    s.update(Msg::SweepAlong(7.0));
    assert_eq!(s.sim.scenario().outside_mm.get(Ion::K), 200.0);
    s.update(Msg::SweepAlong(f64::NAN));
    assert_eq!(s.sim.scenario().outside_mm.get(Ion::K), 0.1);
    // Another parameter changes the steady curve.
    s.update(Msg::Apply {
        cmd: Ok(Command::Set(Key::PermRel(Ion::Na), 0.2)),
        source: Source::Other,
    });
    assert_ne!(s.sweep.steady, steady_before);
}

#[test]
fn the_ghk_curve_follows_the_inside_as_ouabain_runs_it_down() {
    let mut s = open("?preset=neuron&panels=voltage,sweep");
    s.update(Msg::SetPlaying(false));
    let ghk_at_rest = s.sweep.ghk.clone();
    s.update(Msg::Apply {
        cmd: Ok(Command::SetOuabain(1.0)),
        source: Source::Other,
    });
    s.update(Msg::ChooseSpeed(rpl_ui::state::SPEEDS.len() - 1));
    s.update(Msg::SetPlaying(true));
    for _ in 0..20 {
        s.update(Msg::Frame { real_dt_s: 0.1 });
    }
    assert!(s.sim.time().0 > 60.0, "{}", s.sim.time().0);
    assert_ne!(s.sweep.ghk, ghk_at_rest);
    // At the present K_o, the GHK curve is the GHK voltage now; with every
    // pump blocked the cell sits on it (no pump current).
    let (k_o, v) = s.page.sweep.present(&s.sim).unwrap();
    let ghk: Vec<f64> = s.sweep.ghk.iter().map(|g| g.unwrap()).collect();
    let on_curve = interpolate(&s.sweep.values, &ghk, k_o, true);
    assert!((on_curve - v).abs() < 0.05, "{on_curve} vs {v}");
    // With every pump blocked there is no pump–leak steady state to draw.
    assert!(s.sweep.steady.iter().all(|r| r.is_err()));
}

#[test]
fn the_ouabain_curve_fills_in_over_frames_and_is_the_models() {
    let mut s = open("?preset=neuron&panels=voltage,sweep&sweep_ouabain=600");
    s.update(Msg::SetPlaying(false));
    assert_eq!(s.page.sweep.ouabain_s, Some(600.0));
    assert_eq!(s.sweep.after.len(), RUNDOWNS_PER_STEP);
    let mut rounds = 0;
    loop {
        let fx = s.update(Msg::SweepWork);
        rounds += 1;
        if !fx.contains(&Effect::SweepWork) {
            break;
        }
        assert!(rounds < 100);
    }
    assert_eq!(s.sweep.after.len(), OUABAIN_POINTS);
    assert!(!s.sweep.pending());
    let spec = SweepSpec {
        points: OUABAIN_POINTS,
        ouabain_for_s: Some(600.0),
        ..SweepSpec::default()
    };
    let model = sweep::sweep(&s.sim, &spec).unwrap();
    for (got, p) in s.sweep.after.iter().zip(&model.points) {
        let want = p.v_after_ouabain_mv.as_ref().unwrap();
        match (got, want) {
            (Ok(a), Ok(b)) => assert!((a - b).abs() < 1e-9, "{a} vs {b}"),
            (Err(_), Err(_)) => {}
            _ => panic!("{got:?} vs {want:?}"),
        }
    }
    // After 10 min of ouabain a neuron at 5 mM K_o has moved up from rest.
    let i = s
        .sweep
        .ouabain_values
        .iter()
        .position(|&v| v > 5.0)
        .unwrap();
    let after = *s.sweep.after[i].as_ref().unwrap();
    let rest = sweep::point(
        s.sim.scenario(),
        &s.sim.params().c_in(s.sim.state()),
        &spec,
        s.sweep.ouabain_values[i],
    )
    .v_steady_mv
    .unwrap();
    assert!(after > rest, "{after} vs {rest}");
}

#[test]
fn the_ouabain_curve_starts_from_the_pumps_steady_state_even_with_ouabain_on() {
    let mut s = open("?preset=neuron&panels=voltage,sweep&sweep_ouabain=600&then=0:ouabain=1");
    s.update(Msg::SetPlaying(false));
    while s.sweep.pending() {
        s.update(Msg::SweepWork);
    }
    let mut clean = open("?preset=neuron&panels=voltage,sweep&sweep_ouabain=600");
    clean.update(Msg::SetPlaying(false));
    while clean.sweep.pending() {
        clean.update(Msg::SweepWork);
    }
    assert_eq!(s.sweep.after, clean.sweep.after);
}

#[test]
fn links_carry_the_sweep_and_bad_values_are_named() {
    let mut s = open("?preset=neuron&panels=voltage,sweep&sweep=Na_o&sweep_ouabain=3600");
    assert!(s.panels.sweep);
    assert_eq!(s.page.sweep.axis().key, Key::Outside(Ion::Na));
    let q = s.canonical_query().unwrap();
    assert!(q.contains("sweep=Na_o&sweep_ouabain=3600"), "{q}");
    assert!(q.contains("panels=voltage,sweep"), "{q}");
    // The default choice writes nothing.
    let mut d = open("?preset=neuron");
    assert!(!d.canonical_query().unwrap().contains("sweep"));

    rpl_ui::i18n::set_lang(rpl_lessons::Lang::En);
    let bad = open("?sweep=K_x&sweep_ouabain=5");
    assert_eq!(bad.page.sweep, SweepChoice::default());
    let texts: Vec<String> = bad.notices.iter().map(|n| n.text()).collect();
    let all = texts.join("\n");
    assert!(all.contains("sweep = \"K_x\""), "{all}");
    assert!(all.contains("K_o, Na_o, P_Na_rel, T, pump_max"), "{all}");
    assert!(all.contains("sweep_ouabain = \"5\""), "{all}");
    assert!(all.contains("600, 1800, 3600, 7200"), "{all}");
}

#[test]
fn a_lesson_that_hides_v_hides_the_sweep_until_the_check() {
    let mut s = open("?lesson=astrocyte");
    assert!(s.hides(rpl_lessons::Hidden::Voltage));
    let mut p = s.panels;
    p.sweep = true;
    s.update(Msg::SetPanels(p));
    assert!(!s.sweep_shown());
    assert!(s.sweep.values.is_empty());
    assert!(s.update(Msg::DownloadSweepCsv).is_empty());
}

#[test]
fn the_csv_has_the_scenario_and_one_row_per_point() {
    let mut s = open("?preset=neuron&panels=voltage,sweep&sweep=T");
    s.update(Msg::SetPlaying(false));
    let fx = s.update(Msg::DownloadSweepCsv);
    let Some(Effect::Download { name, text, .. }) = fx.first() else {
        panic!("{fx:?}")
    };
    assert_eq!(*name, SWEEP_CSV_FILE);
    assert!(text.starts_with("# link: ?preset=neuron"), "{text}");
    let rows: Vec<&str> = text.lines().filter(|l| !l.starts_with('#')).collect();
    assert_eq!(rows[0], "T_C,V_ghk_mV,V_steady_mV");
    assert_eq!(rows.len(), 1 + STEADY_POINTS);
    assert!(rows[1].starts_with("0,"), "{}", rows[1]);
    assert!(rows[STEADY_POINTS].starts_with("50,"));
}

#[test]
fn every_axis_gives_curves_for_the_neuron() {
    for (i, a) in AXES.iter().enumerate() {
        let mut s = open(&format!(
            "?preset=neuron&panels=voltage,sweep&sweep={}",
            a.key.name()
        ));
        s.update(Msg::SetPlaying(false));
        assert_eq!(s.page.sweep.axis, i);
        let ok = s.sweep.steady.iter().filter(|r| r.is_ok()).count();
        assert!(ok > STEADY_POINTS / 2, "{}: {ok}", a.key.name());
        assert!(s.sweep.ghk.iter().all(|g| g.is_some()));
        assert_eq!(s.sweep.e_ion.iter().all(|e| e.is_some()), i < 3);
        let (v, _) = s.page.sweep.present(&s.sim).unwrap();
        let sim = Simulation::new(s.sim.scenario().clone()).unwrap();
        assert_eq!(Some(v), a.key.get(sim.scenario()));
    }
}

#[test]
fn the_axes_have_ticks_at_decades_or_round_steps() {
    let k = SweepChoice::default();
    let ticks: Vec<f64> = k.ticks().iter().map(|t| t.1).collect();
    assert_eq!(ticks, vec![0.1, 1.0, 10.0, 100.0]);
    assert_eq!(k.ticks()[0].0, 0.0);
    let t = SweepChoice {
        axis: 3,
        ouabain_s: None,
    };
    let ticks: Vec<f64> = t.ticks().iter().map(|t| t.1).collect();
    assert_eq!(ticks, vec![0.0, 10.0, 20.0, 30.0, 40.0, 50.0]);
    assert_eq!(t.ticks()[5].0, 1.0);
}

#[test]
fn the_ghk_and_applications_lessons_open_their_sweep_after_the_check() {
    for (id, key) in [
        ("ghk", Key::PermRel(Ion::Na)),
        ("applications", Key::Outside(Ion::K)),
    ] {
        let mut s = open(&format!("?lesson={id}"));
        assert!(s.panels.sweep, "{id}");
        assert_eq!(s.page.sweep.axis().key, key, "{id}");
        assert!(!s.sweep_shown(), "{id}: the curves wait for the check");
        assert!(s.sweep.values.is_empty());
        s.update(Msg::Check(Ok(rpl_lessons::Prediction::Number(-60.0))));
        assert!(s.verdict.is_some(), "{id}");
        assert!(s.sweep_shown(), "{id}");
        assert_eq!(s.sweep.values.len(), STEADY_POINTS);
        assert!(s.sweep.ghk.iter().all(|g| g.is_some()), "{id}");
    }
    // The GHK lesson's pump is off: no pump–leak steady state to draw, and
    // the cell sits on the GHK curve, which runs from near E_K to near E_Na.
    let mut s = open("?lesson=ghk");
    s.update(Msg::Check(Ok(rpl_lessons::Prediction::Number(-60.0))));
    assert!(s.sweep.steady.iter().all(|r| r.is_err()));
    let ghk: Vec<f64> = s.sweep.ghk.iter().map(|g| g.unwrap()).collect();
    let r = &s.readouts;
    // (Not quite E_K at the left end: the Cl⁻ leak still counts.)
    assert!(ghk[0] < r.e_mv.k + 10.0, "{} vs E_K {}", ghk[0], r.e_mv.k);
    assert!(ghk.windows(2).all(|w| w[1] > w[0]), "rises with P_Na");
    let (x, v) = s.page.sweep.present(&s.sim).unwrap();
    assert!((interpolate(&s.sweep.values, &ghk, x, true) - v).abs() < 0.5);
}

#[test]
fn the_arrow_keys_move_along_the_axis_a_fiftieth_at_a_time() {
    let mut s = open("?preset=neuron&panels=voltage,sweep");
    s.update(Msg::SetPlaying(false));
    let at = |s: &AppState| s.page.sweep.along(s.sim.scenario().outside_mm.get(Ion::K));
    let start = at(&s);
    s.update(Msg::SweepStep(1));
    assert!((at(&s) - start - 0.02).abs() < 0.01, "{start} → {}", at(&s));
    s.update(Msg::SweepStep(-5));
    assert!((at(&s) - start + 0.08).abs() < 0.01, "{start} → {}", at(&s));
    s.update(Msg::SweepStep(50));
    assert_eq!(s.sim.scenario().outside_mm.get(Ion::K), 200.0);
}

/// A cell with channels: the excitability curve fills in a point per step
/// of work, and its points are `rpl sweep --excite`'s for the same cell and
/// values (the model's own sweep, to the bit): from K⁺ₒ 0.1 mM up, the
/// threshold nears rest and the train's spikes rise, until at high K⁺ₒ
/// the cell no longer answers the train. A cell without channels has no
/// such curve.
#[test]
fn the_excitability_curve_fills_in_and_is_the_models() {
    use rpl_ui::sweep::EXCITE_POINTS;
    let mut s = open("?preset=neuron&panels=voltage,sweep");
    s.update(Msg::SetPlaying(false));
    assert!(s.sweep.excite_values.is_empty());
    assert!(!s.sweep.excite_pending());

    let mut s = open("?preset=neuron-rs&panels=voltage,sweep");
    s.update(Msg::SetPlaying(false));
    assert_eq!(s.sweep.excite_values.len(), EXCITE_POINTS);
    assert!(s.sweep.excite.is_empty(), "computed in the background work");
    assert!(s.update(Msg::SweepWork).contains(&Effect::SweepWork));
    // In pieces: the threshold's first, then each point's settling, trials
    // and train's periods.
    let mut pieces = 0;
    while s.work(|| false) {
        pieces += 1;
        assert!(s.sweep.excite.len() < EXCITE_POINTS);
        assert!(pieces < 2000);
    }
    assert!(pieces > 20 * EXCITE_POINTS, "{pieces} pieces");
    assert!(!s.update(Msg::SweepWork).contains(&Effect::SweepWork));
    assert_eq!(s.sweep.excite.len(), EXCITE_POINTS);
    let spec = s.sweep.excite_spec();
    assert_eq!(spec.points, EXCITE_POINTS);
    let model = sweep::sweep(&s.sim, &spec).unwrap();
    for (got, p) in s.sweep.excite.iter().zip(&model.points) {
        assert_eq!(Some(got), p.excite.as_ref(), "at {}", p.value);
    }
    let spikes: Vec<u32> = s
        .sweep
        .excite
        .iter()
        .map(|e| *e.spikes.as_ref().unwrap())
        .collect();
    println!("values {:?}\nspikes {spikes:?}", s.sweep.excite_values);
    assert_eq!(spikes[0], 0, "at 0.1 mM the train fires nothing");
    assert!(spikes.contains(&10), "{spikes:?}");
    assert_eq!(*spikes.last().unwrap(), 0, "at 200 mM: blocked");

    // The CSV: the steady grid's rows and, in their places, the
    // excitability's, which are `rpl sweep --excite --points 16`'s rows.
    let fx = s.update(Msg::DownloadSweepCsv);
    let Some(Effect::Download { text, .. }) = fx.first() else {
        panic!("{fx:?}")
    };
    let rows: Vec<&str> = text.lines().filter(|l| !l.starts_with('#')).collect();
    let model_csv = model.csv();
    let model_rows: Vec<&str> = model_csv.lines().collect();
    assert_eq!(rows[0], model_rows[0]);
    assert!(
        rows[0].ends_with(",V_threshold_mV,rheobase_1ms_uA_cm2,spikes_of_10"),
        "{}",
        rows[0]
    );
    assert_eq!(rows.len(), 1 + STEADY_POINTS + EXCITE_POINTS);
    let excite_rows: Vec<&str> = rows[1..]
        .iter()
        .copied()
        .filter(|r| !r.ends_with(",,,"))
        .collect();
    assert_eq!(excite_rows, model_rows[1..].to_vec());
    let values: Vec<f64> = rows[1..]
        .iter()
        .map(|r| r.split(',').next().unwrap().parse().unwrap())
        .collect();
    assert!(
        values.windows(2).all(|w| w[0] <= w[1]),
        "in order along the axis"
    );
}

#[test]
fn along_a_permeability_ratio_e_k_bounds_the_ghk_curve() {
    let mut seen = false;
    for a in AXES {
        let mut s = open(&format!(
            "?preset=neuron&panels=voltage,sweep&sweep={}",
            a.key.name()
        ));
        s.update(Msg::SetPlaying(false));
        match a.key {
            Key::PermRel(Ion::Na) => {
                seen = true;
                let (ion, e) = s.sweep.e_bound.expect("E_K along P_Na / P_K");
                assert_eq!(ion, Ion::K);
                // E_K of the cell now, the same at every value.
                assert!((e - s.readouts.e_mv.k).abs() < 1e-9, "{e}");
                // The curve runs between E_K and E_Na: from near E_K at the
                // lowest ratio to near E_Na at the highest.
                let ghk: Vec<f64> = s.sweep.ghk.iter().map(|g| g.unwrap()).collect();
                let e_na = s.sweep.e_ion[0].unwrap();
                assert!(ghk.iter().all(|&v| v > e && v < e_na), "{ghk:?}");
                assert!(
                    ghk[0] - e < 10.0 && e_na - ghk[ghk.len() - 1] < 30.0,
                    "{ghk:?}"
                );
            }
            _ => assert_eq!(s.sweep.e_bound, None, "{}", a.key.name()),
        }
    }
    assert!(seen, "the panel has a P_Na / P_K axis");
}
