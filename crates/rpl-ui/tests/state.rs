//! Native tests of the page's one state (`rpl_ui::state`): every input is a
//! message, and what the page shows follows from the state alone.

// A bad slice of text fails a test here; the page's own code takes slices
// with `get` (clippy::string_slice in Cargo.toml says why).
#![allow(clippy::string_slice)]

use rpl_lessons::{Lang, Prediction};
use rpl_model::scenario::Panels;
use rpl_model::{Command, Scenario};
use rpl_ui::link::{self, Notice};
use rpl_ui::state::{
    AppState, ClampTarget, Effect, LessonError, Msg, Source, LESSON_SPEED, SPEEDS,
};

fn open(query: &str) -> AppState {
    AppState::open(link::open(query), &[])
}

#[test]
fn a_link_is_read_once_into_the_state() {
    let s = open("?preset=astrocyte&K_o=8&lang=zh");
    assert_eq!(s.preset, "astrocyte");
    assert_eq!(s.sim.scenario().outside_mm.k, 8.0);
    assert_eq!(s.lang, Lang::Zh);
    assert!(s.notices.is_empty(), "{:?}", s.notices);
    assert!(s.playing, "a link without t plays");
    let paused = open("?preset=neuron&then=ouabain:1@0&t=60");
    assert!(
        !paused.playing,
        "a link that stops at a time opens paused there"
    );
    assert!((paused.sim.time().0 - 60.0).abs() < 1e-9);
    assert!(paused.history.len() > 100, "the replay is recorded");
    rpl_ui::i18n::set_lang(Lang::En);
}

#[test]
fn bad_link_parts_give_one_notice_each() {
    let s = open("?preset=frog&lang=fr&embed=2&K_o=-5");
    assert_eq!(
        s.preset, "neuron",
        "an unknown preset falls back to the neuron"
    );
    assert_eq!(s.notices.len(), 4, "{:?}", s.notices);
    assert!(matches!(s.notices[0], Notice::Model(_)));
    // An unknown lesson is reported once: by the lessons panel, not the notice.
    let s = open("?lesson=nosuch&lang=en");
    assert_eq!(s.unknown_lesson.as_deref(), Some("nosuch"));
    assert!(s.notices.is_empty(), "{:?}", s.notices);
    assert!(s.lesson.is_none());
}

#[test]
fn query_pairs_decode_as_a_browser_does() {
    assert_eq!(
        link::query_pairs("?a=1+2&b=%E4%B8%AD&c= x &d"),
        vec![
            ("a".to_string(), "1 2".to_string()),
            ("b".to_string(), "中".to_string()),
            ("c".to_string(), "x".to_string()),
            ("d".to_string(), String::new()),
        ]
    );
    assert_eq!(
        link::query_value("lang=zh&x=1", "lang").as_deref(),
        Some("zh")
    );
}

#[test]
fn frames_advance_by_the_speed_and_play_pause_is_state() {
    let mut s = open("?preset=neuron");
    s.update(Msg::ChooseSpeed(3));
    assert_eq!(s.factor(), SPEEDS[3].factor);
    s.update(Msg::Frame { real_dt_s: 0.5 });
    assert!((s.sim.time().0 - 50.0).abs() < 1e-9);
    let fx = s.update(Msg::TogglePlaying);
    assert_eq!(fx, vec![Effect::RunLoop(false)]);
    assert!(!s.playing);
    assert_eq!(
        s.readouts,
        s.sim.readouts(),
        "the readouts follow the model"
    );
    s.update(Msg::Step);
    assert!(
        (s.sim.time().0 - 50.0 - 100.0 / 60.0).abs() < 1e-9,
        "Step: one frame"
    );
    // A lesson speed can only be chosen while a lesson offers one.
    s.update(Msg::ChooseSpeed(LESSON_SPEED));
    assert_eq!(s.speed, 3);
    s.update(Msg::ChooseSpeed(99));
    assert_eq!(s.speed, 3);
}

#[test]
fn a_refused_value_is_named_beside_its_control_and_changes_nothing() {
    let mut s = open("?preset=neuron");
    let before = s.sim.scenario().clone();
    let bad = Command::parse_set("K_o", "-5");
    let fx = s.update(Msg::Apply {
        cmd: bad.clone(),
        source: Source::Typed(3),
    });
    assert!(fx.is_empty(), "{fx:?}");
    assert!(
        matches!(&s.refused, Some((Source::Typed(3), e)) if e.field() == Some("K_o")),
        "{:?}",
        s.refused
    );
    assert_eq!(s.sim.scenario(), &before);
    assert!(s.log.is_empty());
    // From a switch, the refusal goes to the notice.
    let fx = s.update(Msg::Apply {
        cmd: bad,
        source: Source::Switch(0),
    });
    assert!(fx.is_empty());
    assert_eq!(s.notices.len(), 1);
    let good = Command::parse_set("K_o", "8");
    let rev = s.revision;
    s.update(Msg::Apply {
        cmd: good,
        source: Source::Slider(3),
    });
    assert_eq!(s.sim.scenario().outside_mm.k, 8.0);
    assert_eq!(s.log.len(), 1);
    assert!(s.revision > rev);
    assert_eq!(s.last_source, Some(Source::Slider(3)));
    assert_eq!(s.refused, None, "a good value clears the refusal");
}

#[test]
fn each_change_of_the_refusal_or_the_lesson_error_is_counted() {
    let mut s = open("?preset=neuron");
    let start = s.errors_revision;
    let bad = Command::parse_set("K_o", "-5");
    s.update(Msg::Apply {
        cmd: bad,
        source: Source::Typed(3),
    });
    let refused = s.errors_revision;
    assert!(refused > start, "a refusal counts");
    // Nothing refused and nothing to clear: the count stays.
    s.update(Msg::Frame { real_dt_s: 0.016 });
    s.update(Msg::Apply {
        cmd: Command::parse_set("K_o", "8"),
        source: Source::Slider(3),
    });
    let cleared = s.errors_revision;
    assert!(cleared > refused, "clearing it counts");
    s.update(Msg::Apply {
        cmd: Command::parse_set("K_o", "9"),
        source: Source::Slider(3),
    });
    assert_eq!(s.errors_revision, cleared, "no refusal before or after");
    s.set_lesson_error(Some(LessonError::NoChoice));
    assert!(s.errors_revision > cleared);
}

#[test]
fn closing_a_lesson_brings_back_the_default_panels_in_page_and_link() {
    let mut s = open("?preset=neuron");
    s.update(Msg::OpenLesson("reversal".into()));
    let lesson = s.lesson.expect("the lesson opens");
    assert_eq!(s.panels, lesson.panels);
    assert_eq!(s.link().scenario.panels, lesson.panels);
    s.update(Msg::OpenLesson(String::new()));
    assert!(s.lesson.is_none());
    assert_eq!(s.panels, Panels::default());
    assert_eq!(
        s.link().scenario.panels,
        Panels::default(),
        "Share writes the panels shown"
    );
    let q = s.canonical_query().unwrap();
    assert!(!q.contains("panels="), "{q}");
}

#[test]
fn lessons_open_close_and_check() {
    let mut s = open("?preset=neuron");
    s.update(Msg::OpenLesson("ouabain".into()));
    assert_eq!(s.page.lesson.as_deref(), Some("ouabain"));
    assert!(
        !s.base_commands.is_empty(),
        "ouabain is applied after the start"
    );
    // Reset starts the lesson again, with its start commands.
    s.update(Msg::Frame { real_dt_s: 1.0 });
    s.update(Msg::Reset);
    assert_eq!(s.sim.time().0, 0.0);
    assert_eq!(s.log.len(), s.base_commands.len());
    s.update(Msg::Check(Err(LessonError::NoChoice)));
    assert_eq!(s.lesson_error, Some(LessonError::NoChoice));
    s.update(Msg::Check(Ok(Prediction::Number(-10.0))));
    assert!(s.verdict.is_some() || s.lesson_error.is_some());
    s.update(Msg::OpenLesson("nosuch".into()));
    assert!(s.lesson.is_none());
    assert_eq!(s.unknown_lesson.as_deref(), Some("nosuch"));
    s.update(Msg::OpenLesson("k-only".into()));
    assert!(s.unknown_lesson.is_none());
    assert!(s.factor() < 1.0, "the K⁺-only lesson runs in slow motion");
}

#[test]
fn share_pauses_and_the_link_opens_the_same_state_to_the_last_bit() {
    let mut s = open("?preset=neuron");
    s.update(Msg::ChooseSpeed(5));
    s.update(Msg::Apply {
        cmd: Ok(Command::SetOuabain(1.0)),
        source: Source::Other,
    });
    for _ in 0..30 {
        s.update(Msg::Frame {
            real_dt_s: 1.0 / 60.0,
        });
    }
    let fx = s.update(Msg::Share);
    let Some(Effect::ShowShare(q)) = fx.last() else {
        panic!("{fx:?}");
    };
    assert!(!s.playing);
    let reopened = open(&format!("?{q}"));
    assert_eq!(reopened.sim.state(), s.sim.state());
    assert_eq!(reopened.sim.time(), s.sim.time());
}

#[test]
fn presets_speed_clamp_and_csv() {
    let mut s = open("");
    s.update(Msg::ChoosePreset("k-only".into()));
    assert_eq!(s.preset, "k-only");
    assert!(
        s.factor() < 1.0,
        "a scenario under a second runs in slow motion"
    );
    s.update(Msg::ChoosePreset("frog-heart".into()));
    assert_eq!(s.preset, "k-only", "an unknown preset keeps the run");
    assert_eq!(s.notices.len(), 1);
    s.update(Msg::ClampTo(ClampTarget::E(rpl_model::Ion::K)));
    let ek = s.sim.readouts().e_mv.k;
    assert!(
        (s.chart.held_mv - ek).abs() <= 0.05,
        "{} vs {ek}",
        s.chart.held_mv
    );
    s.update(Msg::SetHeldVoltage(500.0));
    assert_eq!(s.chart.held_mv, 60.0);
    s.update(Msg::TypeHeldVoltage("\u{2212}65.5 mV".into()));
    assert_eq!(s.chart.held_mv, -65.5);
    s.update(Msg::TypeHeldVoltage("-500".into()));
    assert_eq!(s.chart.held_mv, -65.5, "a refused value leaves it");
    assert_eq!(s.chart.held_refused.as_deref(), Some("-500"));
    let said = rpl_ui::state::held_refusal("-500", -65.5);
    assert!(
        said.contains("-500") && said.contains("\u{2212}65.5"),
        "{said}"
    );
    assert_eq!(
        rpl_ui::state::held_refusal(" ", -65.5),
        "The held voltage must be a number from \u{2212}120 to +60 mV; nothing was typed. Not applied. The held voltage stays at \u{2212}65.5 mV."
    );
    let fx = s.update(Msg::DownloadCsv);
    let Some(Effect::Download { text, .. }) = fx.first() else {
        panic!("{fx:?}");
    };
    assert!(text.contains("link: ?preset=k-only"), "{}", &text[..200]);
    assert_eq!(Scenario::preset("k-only").unwrap().name, "k-only");
}

#[test]
fn language_switch_is_state_and_asks_for_a_relabel() {
    let mut s = open("");
    let fx = s.update(Msg::SetLang(Lang::Zh));
    assert_eq!(fx, vec![Effect::Relabel]);
    assert_eq!(s.page.lang.as_deref(), Some("zh"));
    assert_eq!(rpl_ui::i18n::lang(), Lang::Zh);
    s.update(Msg::SetLang(Lang::En));
}

#[test]
fn a_link_cannot_freeze_the_page() {
    // A half-saturation far below any physiological one is refused by name…
    let s = open("?pump_K_Na=1e-14");
    assert_eq!(s.notices.len(), 1, "{:?}", s.notices);
    let text = s.notices[0].text();
    assert!(
        text.contains("pump_K_Na") && text.contains("0.01"),
        "{text}"
    );
    // …and whatever is asked of it, one frame of the page's model work is bounded.
    let mut s = open("?preset=neuron");
    s.sim.set_step_budget(5);
    s.update(Msg::ChooseSpeed(6));
    let fx = s.update(Msg::Frame { real_dt_s: 0.1 });
    assert!(!fx.contains(&Effect::RunLoop(false)), "{fx:?}");
    assert!(s.playing, "model time slows down; the page goes on");
    let t = s.sim.time().0;
    assert!(t > 0.0 && t < s.factor() * 0.1, "{t}");
    assert!(s.notices.iter().any(|n| n.is_key("notice.slowed")));
}

#[test]
fn the_frame_budget_leaves_room_for_every_lesson_and_a_long_jump() {
    for id in rpl_lessons::LESSON_IDS {
        let mut s = open(&format!("?lesson={id}"));
        for _ in 0..20 {
            s.update(Msg::Frame { real_dt_s: 0.1 });
        }
        assert!(s.notices.is_empty(), "{id}: {:?}", s.notices);
    }
    let mut s = open("?preset=neuron&pump=0");
    s.update(Msg::GoToSteadyState);
    assert!(s.notices.is_empty(), "{:?}", s.notices);
    s.update(Msg::ChooseSpeed(6));
    for _ in 0..50 {
        s.update(Msg::Frame { real_dt_s: 0.1 });
    }
    assert!(s.notices.is_empty(), "{:?}", s.notices);
}

#[test]
fn a_lesson_opens_paused_runs_to_its_length_and_restarts_clean() {
    let s = open("?lesson=k-only");
    assert!(!s.playing, "a lesson from a link opens paused");
    let mut s = open("?preset=neuron");
    assert!(s.playing);
    let fx = s.update(Msg::OpenLesson("ouabain".into()));
    assert!(fx.contains(&Effect::RunLoop(false)), "{fx:?}");
    assert!(!s.playing, "opening a lesson pauses");
    let lesson = s.lesson.unwrap();
    let fx = s.update(Msg::RunLesson);
    assert!(fx.contains(&Effect::RunLoop(true)));
    assert_eq!(s.factor(), lesson.speed);
    // The loop's first frame after a start lasts 0 s: that does not end the run.
    s.update(Msg::Frame { real_dt_s: 0.0 });
    assert!(s.playing);
    let mut frames = 0;
    while s.playing && frames < 10_000 {
        s.update(Msg::Frame { real_dt_s: 0.1 });
        frames += 1;
    }
    assert!(!s.playing, "stops by itself");
    assert_eq!(
        s.sim.time().0,
        lesson.duration_s,
        "exactly at the suggested length"
    );
    // A verdict, then Run again: from the start, and Restart clears the verdict.
    s.update(Msg::Check(Ok(Prediction::Number(-35.0))));
    assert!(s.verdict.is_some());
    s.update(Msg::RunLesson);
    assert!(s.sim.time().0 < 1.0, "a finished run starts again");
    s.update(Msg::Frame { real_dt_s: 0.1 });
    let fx = s.update(Msg::RestartLesson);
    assert!(fx.contains(&Effect::RunLoop(false)));
    assert_eq!(s.sim.time().0, 0.0);
    assert!(s.verdict.is_none() && s.lesson_error.is_none());
    assert!(!s.playing);
    // Pausing by hand ends the lesson's run: Play then goes on freely.
    s.update(Msg::RunLesson);
    s.update(Msg::TogglePlaying);
    assert!(s.stop_at.is_none());
}

#[test]
fn a_lesson_hides_the_readouts_that_give_its_answer_away_until_the_check() {
    use rpl_lessons::Hidden;
    let mut s = open("?lesson=astrocyte");
    assert!(s.hides(Hidden::Voltage), "the astrocyte's V is the answer");
    s.update(Msg::Check(Ok(Prediction::Number(-80.0))));
    assert!(s.verdict.is_some());
    assert!(
        !s.hides(Hidden::Voltage),
        "shown once the reader has checked"
    );
    s.update(Msg::RestartLesson);
    assert!(s.hides(Hidden::Voltage), "hidden again after Restart");
    for (id, what) in [
        ("battery", Hidden::Impermeant),
        ("k-only", Hidden::MovedIons),
        ("pump-leak", Hidden::PumpRate),
        ("steady-state", Hidden::CurrentsCaption),
    ] {
        assert!(open(&format!("?lesson={id}")).hides(what), "{id}");
    }
    assert!(
        open("?preset=neuron").hidden().is_empty(),
        "free mode hides nothing"
    );
}

#[test]
fn a_share_link_keeps_the_speed_and_the_time_axis() {
    let mut s = open("?preset=neuron");
    let q = s.canonical_query().unwrap();
    assert!(
        !q.contains("speed=") && !q.contains("time="),
        "defaults stay out: {q}"
    );
    s.update(Msg::ChooseSpeed(5));
    s.update(Msg::SetTimeScale(rpl_ui::axis::TimeScale::Log));
    let q = s.canonical_query().unwrap();
    assert!(q.contains("&speed=3600") && q.contains("&time=log"), "{q}");
    let back = open(&format!("?{q}"));
    assert_eq!(back.factor(), 3600.0);
    assert_eq!(back.chart.time_scale, rpl_ui::axis::TimeScale::Log);
    // A lesson's own speed is its default; another speed is carried.
    let mut l = open("?lesson=ouabain");
    assert!(!l.canonical_query().unwrap().contains("speed="));
    l.update(Msg::ChooseSpeed(2));
    let q = l.canonical_query().unwrap();
    assert!(q.contains("&speed=1&lesson=ouabain"), "{q}");
    assert_eq!(open(&format!("?{q}")).factor(), 1.0);
    // Bad values are named and skipped.
    let bad = open("?speed=1e9&time=sideways");
    assert_eq!(bad.notices.len(), 2, "{:?}", bad.notices);
}

#[test]
fn go_to_steady_state_takes_the_model_time_it_takes() {
    // The pump switched off: the gradients run down over hours, never in a second.
    let mut s = open("?preset=neuron");
    s.update(Msg::Apply {
        cmd: Command::parse_set("pump", "0"),
        source: Source::Other,
    });
    let n0 = s.history.len();
    s.update(Msg::GoToSteadyState);
    let t = s.sim.time().0;
    assert!(t > 3600.0, "the clock moved by hours, not 1 s: {t} s");
    assert_eq!(s.notices.len(), 1, "and a notice says how long");
    let said = s.notices[0].text();
    assert!(said.contains(" h") || said.contains("min"), "{said}");
    assert!(s.history.len() > n0 + 10, "the way there is recorded");
    let r = &s.readouts;
    assert!(
        (r.v_mv - r.v_zero_current_mv).abs() < 1e-6,
        "at the steady state"
    );
    assert!(r.net_current_ua_cm2.abs() < 1e-9);
    // Already at rest: a short way, no notice.
    let mut rest = open("?preset=neuron");
    rest.update(Msg::GoToSteadyState);
    assert!(rest.notices.is_empty(), "{:?}", rest.notices);
    assert!(rest.sim.time().0 < 60.0);
}

#[test]
fn restart_run_keeps_the_settings_and_the_speed() {
    let mut s = open("?preset=neuron");
    s.update(Msg::ChooseSpeed(5));
    s.update(Msg::Apply {
        cmd: Command::parse_set("K_o", "8"),
        source: Source::Other,
    });
    s.update(Msg::Frame { real_dt_s: 0.5 });
    assert!(s.sim.time().0 > 0.0);
    s.update(Msg::RestartRun);
    assert_eq!(s.sim.time().0, 0.0);
    assert_eq!(s.sim.scenario().outside_mm.k, 8.0, "the settings stay");
    assert_eq!(s.speed, 5, "and the speed");
    assert!(s.playing);
    // In a lesson, R is the lesson's Restart: paused, no verdict.
    let mut l = open("?lesson=ouabain");
    l.update(Msg::RunLesson);
    l.update(Msg::Frame { real_dt_s: 0.5 });
    l.update(Msg::RestartRun);
    assert_eq!(l.sim.time().0, 0.0);
    assert!(!l.playing);
}

#[test]
fn restart_run_after_ouabain_plays_the_run_down_again() {
    let mut s = open("?preset=neuron");
    let rest = s.readouts.v_mv;
    s.update(Msg::ChooseSpeed(5));
    s.update(Msg::Frame { real_dt_s: 0.5 });
    s.update(Msg::Apply {
        cmd: Ok(Command::SetOuabain(1.0)),
        source: Source::Other,
    });
    for _ in 0..30 {
        s.update(Msg::Frame { real_dt_s: 0.5 });
    }
    let ran = s.sim.time().0;
    let v_ran = s.readouts.v_mv;
    assert!(v_ran > rest + 1.0, "the cell ran down: {rest} -> {v_ran}");
    s.update(Msg::RestartRun);
    // From the cell the pump kept, not from where the run-down ends
    // (about -10.5 mV for this neuron), with ouabain on from 0 s.
    assert_eq!(s.sim.time().0, 0.0);
    assert!(
        (s.readouts.v_mv - rest).abs() < 1e-6,
        "{} vs {rest}",
        s.readouts.v_mv
    );
    assert_eq!(rpl_model::Key::Ouabain.get(s.sim.scenario()), Some(1.0));
    assert_eq!(s.speed, 5, "the speed stays");
    // It runs down again, the same way.
    while s.sim.time().0 < ran {
        s.update(Msg::Frame { real_dt_s: 0.5 });
    }
    assert!(s.readouts.v_mv > rest + 1.0, "{}", s.readouts.v_mv);
    // A link keeps it so: the block is a change at 0 s.
    let fx = s.update(Msg::Share);
    let Some(Effect::ShowShare(q)) = fx.last() else {
        panic!("{fx:?}");
    };
    assert!(q.contains("ouabain:1@0"), "{q}");
    let reopened = open(&format!("?{q}"));
    assert_eq!(reopened.sim.state(), s.sim.state());
    // A run that started with the pump already blocked starts again as it
    // started.
    let mut b = open("?preset=neuron&ouabain=1");
    let start = b.readouts.v_mv;
    b.update(Msg::Frame { real_dt_s: 0.5 });
    b.update(Msg::RestartRun);
    assert_eq!(b.readouts.v_mv, start);
}

#[test]
fn the_question_mark_key_asks_for_the_list_of_keys_and_changes_nothing_else() {
    let mut s = open("");
    let before = (s.sim.time().0, s.playing, s.revision);
    assert_eq!(s.update(Msg::ShowKeys), vec![Effect::ShowKeys]);
    assert_eq!((s.sim.time().0, s.playing, s.revision), before);
}

#[test]
fn reset_all_can_be_undone_until_the_next_change() {
    let mut s = open("?preset=neuron");
    s.update(Msg::ChooseSpeed(6));
    s.update(Msg::Apply {
        cmd: Command::parse_set("K_o", "12"),
        source: Source::Other,
    });
    s.update(Msg::Frame { real_dt_s: 0.5 });
    let (t, v, log_len, samples) = (
        s.sim.time().0,
        s.readouts.v_mv,
        s.log.len(),
        s.history.voltage_points().len(),
    );
    assert!(t > 0.0 && s.undo.is_none());
    s.update(Msg::Reset);
    assert_eq!(s.sim.time().0, 0.0, "Reset all starts the cell again");
    assert_eq!(s.sim.scenario().outside_mm.k, 5.0, "from its own settings");
    assert!(s.undo.is_some(), "and can be undone");
    s.update(Msg::UndoReset);
    assert_eq!(s.sim.time().0, t, "the clock comes back");
    assert_eq!(s.readouts.v_mv, v);
    assert_eq!(s.sim.scenario().outside_mm.k, 12.0);
    assert_eq!(
        (s.log.len(), s.history.voltage_points().len()),
        (log_len, samples)
    );
    assert_eq!(s.speed, 6, "and the speed");
    assert!(s.undo.is_none(), "once");
    // A change after Reset all ends the chance to undo it.
    s.update(Msg::Reset);
    s.update(Msg::Apply {
        cmd: Command::parse_set("K_o", "7"),
        source: Source::Other,
    });
    assert!(s.undo.is_none());
    let t0 = s.sim.time().0;
    s.update(Msg::UndoReset);
    assert_eq!(s.sim.time().0, t0, "nothing to undo: nothing happens");
    assert_eq!(s.sim.scenario().outside_mm.k, 7.0);
}

#[test]
fn a_model_that_cannot_keep_up_slows_model_time_instead_of_stopping() {
    let mut s = open("?preset=neuron");
    s.update(Msg::ChooseSpeed(SPEEDS.len() - 1)); // the fastest speed
    s.update(Msg::Apply {
        cmd: Ok(Command::SetOuabain(1.0)),
        source: Source::Other,
    });
    // A budget far too small for a frame's model time at this speed.
    s.sim.set_step_budget(3);
    let t0 = s.sim.time().0;
    let asked = s.factor() * 0.1;
    s.update(Msg::Frame { real_dt_s: 0.1 });
    let got = s.sim.time().0 - t0;
    assert!(got > 0.0 && got < asked, "slower: {got} s of {asked} s");
    assert!(s.playing, "it goes on playing");
    assert!(
        s.notices.iter().any(|n| n.is_key("notice.slowed")),
        "and says so"
    );
    // Said once, not once a frame.
    s.update(Msg::Frame { real_dt_s: 0.1 });
    let said = s
        .notices
        .iter()
        .filter(|n| n.is_key("notice.slowed"))
        .count();
    assert_eq!(said, 1);
    assert!(s.readouts.v_mv.is_finite());
}

#[test]
fn free_mode_says_where_a_rigid_cell_without_its_pump_runs_down_to() {
    // A link that blocks the pump from the start says it at once.
    assert!(open("?preset=neuron&ouabain=1").rundown_end_mv.is_some());
    let mut s = open("?preset=neuron");
    assert_eq!(s.rundown_end_mv, None, "the pump works");
    s.update(Msg::Apply {
        cmd: Ok(Command::SetOuabain(1.0)),
        source: Source::Other,
    });
    let v = s.rundown_end_mv.expect("ouabain: a rigid cell runs down");
    // A Donnan equilibrium, not the course text's 0 mV: the model's own
    // steady state, where every ion sits at its equilibrium potential.
    assert!(v < -1.0 && v > -40.0, "{v}");
    let mut end = s.sim.clone();
    let y = end.steady_state().unwrap();
    assert_eq!(y[rpl_model::system::IV], v);
    end.advance(rpl_model::Seconds(400.0 * 3600.0)).unwrap();
    assert!(
        (end.readouts().v_mv - v).abs() < 0.5,
        "the run really ends there"
    );
    // The swelling cell has no such end (it swells): the note goes.
    s.update(Msg::Apply {
        cmd: Command::parse_set("volume", "swelling"),
        source: Source::Other,
    });
    assert_eq!(s.rundown_end_mv, None);
    // A lesson tells in its own time: no note while one is open.
    let mut l = open("?lesson=ouabain");
    l.update(Msg::Apply {
        cmd: Ok(Command::SetOuabain(1.0)),
        source: Source::Other,
    });
    assert_eq!(l.rundown_end_mv, None);
}

#[test]
fn the_embed_dialog_chooses_panels_lesson_language_and_compact_mode() {
    use rpl_ui::state::EmbedChoice;
    let mut s = open("?preset=neuron&K_o=8");
    let fx = s.update(Msg::Embed);
    let Some(Effect::ShowEmbed(q, choice)) = fx
        .iter()
        .find(|e| matches!(e, Effect::ShowEmbed(..)))
        .cloned()
    else {
        panic!("{fx:?}");
    };
    assert!(q.contains("K_o=8") && q.ends_with("&embed=1"), "{q}");
    assert!(choice.compact && choice.lesson.is_none());
    assert!(
        choice.panels.membrane
            && choice.panels.voltage
            && !choice.panels.currents
            && !choice.panels.concentrations,
        "free mode starts from the stage alone: {:?}",
        choice.panels
    );
    assert!(q.contains("panels=membrane,voltage"), "{q}");
    let panels_before = s.panels;
    let chosen = EmbedChoice {
        panels: Panels {
            membrane: true,
            voltage: true,
            concentrations: false,
            currents: false,
            clamp: false,
            sweep: false,
        },
        lesson: Some("ouabain".into()),
        lang: Some(Lang::Zh),
        compact: false,
    };
    let fx = s.update(Msg::SetEmbed(chosen));
    let Some(Effect::EmbedLink(q)) = fx.first().cloned() else {
        panic!("{fx:?}");
    };
    assert!(q.contains("panels=membrane,voltage"), "{q}");
    assert!(q.contains("lesson=ouabain") && q.contains("lang=zh"), "{q}");
    assert!(!q.contains("embed=1"), "not compact: {q}");
    // The link opens what it says.
    let opened = open(&format!("?{q}"));
    assert_eq!(opened.lesson.map(|l| l.id), Some("ouabain"));
    assert_eq!(opened.lang, Lang::Zh);
    // The page itself keeps its own panels, lesson and language.
    assert_eq!(s.panels, panels_before);
    assert!(s.lesson.is_none() && s.page.lesson.is_none() && s.page.lang.is_none());
    // An unknown lesson is left out rather than written into the link.
    let fx = s.update(Msg::SetEmbed(EmbedChoice {
        panels: s.panels,
        lesson: Some("nosuch".into()),
        lang: None,
        compact: true,
    }));
    let Some(Effect::EmbedLink(q)) = fx.first().cloned() else {
        panic!("{fx:?}");
    };
    assert!(!q.contains("lesson="), "{q}");
    rpl_ui::i18n::set_lang(Lang::En);
}

/// The applications lesson's neuron has channels: its threshold is the
/// model's, hidden until the reader checks, then drawn.
#[test]
fn the_applications_lesson_draws_its_threshold_after_the_check() {
    let mut s = open("?lesson=applications");
    assert_eq!(s.threshold_mv(), None, "hidden before the check");
    assert!(s.excite_texts().expect("channels").threshold.is_none());
    s.update(Msg::Check(Ok(rpl_lessons::Prediction::Number(6.0))));
    assert!(s.verdict.is_some());
    s.work(|| true);
    let th = s.threshold_mv().expect("drawn after the check");
    assert!((-50.0..-45.0).contains(&th), "{th}");
    assert_eq!(open("?lesson=ouabain").threshold_mv(), None);
    assert_eq!(open("").threshold_mv(), None);
}

/// The page (wasm32) fetches the lessons' own texts when a lesson first
/// opens; natively they are compiled in, so the state starts `Ready`. Here
/// the state is put back to `Missing` to walk through the page's case.
#[test]
fn the_lessons_texts_are_fetched_once_when_a_lesson_opens_and_retried_after_a_failure() {
    use rpl_ui::state::LessonTexts;
    let s = open("?preset=neuron");
    assert_eq!(s.lesson_texts, LessonTexts::Ready, "natively compiled in");
    let mut s = open("?preset=neuron");
    s.lesson_texts = LessonTexts::Missing;
    let fetches = |fx: &[Effect]| {
        fx.iter()
            .filter(|e| matches!(e, Effect::LoadLessonTexts))
            .count()
    };
    // Free mode needs none of them.
    assert_eq!(fetches(&s.start()), 0);
    assert_eq!(fetches(&s.update(Msg::SetPlaying(true))), 0);
    // The first lesson asks for them; a second one while they come does not.
    assert_eq!(fetches(&s.update(Msg::OpenLesson("ghk".into()))), 1);
    assert_eq!(s.lesson_texts, LessonTexts::Loading);
    assert_eq!(fetches(&s.update(Msg::OpenLesson("ouabain".into()))), 0);
    assert_eq!(fetches(&s.update(Msg::WantLessonTexts)), 0);
    // A check waits for the question's own texts.
    let before = s.verdict.clone();
    s.update(Msg::Check(Ok(Prediction::Number(-80.0))));
    assert_eq!(s.verdict, before, "no verdict before the texts are here");
    assert_eq!(s.lesson_error, None);
    // A failed fetch is said, and tried again with the next lesson.
    s.update(Msg::LessonTexts(Err("HTTP 404 Not Found".into())));
    assert_eq!(
        s.lesson_texts,
        LessonTexts::Failed("HTTP 404 Not Found".into())
    );
    assert_eq!(fetches(&s.update(Msg::OpenLesson("ghk".into()))), 1);
    // A file of another build is refused, with the reason.
    s.update(Msg::LessonTexts(Ok("rpl-lesson-texts 0000 1\nx\0".into())));
    let LessonTexts::Failed(why) = &s.lesson_texts else {
        panic!("refused: {:?}", s.lesson_texts)
    };
    assert!(why.contains("another version"), "{why}");
    // The right file makes them ready; the check then gives its verdict.
    assert_eq!(fetches(&s.update(Msg::WantLessonTexts)), 1);
    s.update(Msg::LessonTexts(Ok(rpl_text::lazy::BUNDLE.to_string())));
    assert_eq!(s.lesson_texts, LessonTexts::Ready);
    assert_eq!(fetches(&s.update(Msg::OpenLesson("battery".into()))), 0);
    s.update(Msg::Check(Ok(Prediction::Number(150.0))));
    assert!(s.verdict.is_some());
    // A link that opens a lesson asks for them at start.
    let mut s = open("?lesson=ouabain");
    s.lesson_texts = LessonTexts::Missing;
    assert_eq!(fetches(&s.start()), 1);
}

/// The interface texts, one file a language in the page: asked for when
/// the reader chooses a language whose texts are missing (once, and again
/// after a failure), refused with the reason when of another build, and
/// every text rewritten when they come. (Natively they are compiled in, so
/// the state is set by hand here.)
#[test]
fn a_languages_texts_are_asked_for_once_and_a_failure_is_said() {
    use rpl_ui::state::LessonTexts;
    let loads = |fx: &[Effect], lang: Lang| {
        fx.iter()
            .filter(|e| matches!(e, Effect::LoadTexts(l) if *l == lang))
            .count()
    };
    let mut s = open("?lang=en");
    assert_eq!(
        *s.texts(Lang::En),
        LessonTexts::Ready,
        "natively compiled in"
    );
    assert_eq!(*s.texts(Lang::Zh), LessonTexts::Ready);
    assert!(s.start().is_empty());
    for (lang, back, key) in [
        (Lang::Zh, Lang::En, "notice.chinese"),
        (Lang::En, Lang::Zh, "notice.english"),
    ] {
        s.update(Msg::SetLang(back));
        match lang {
            Lang::En => s.english_texts = LessonTexts::Missing,
            Lang::Zh => s.chinese_texts = LessonTexts::Missing,
        }
        assert_eq!(loads(&s.update(Msg::SetLang(lang)), lang), 1);
        assert_eq!(*s.texts(lang), LessonTexts::Loading);
        // On their way: not asked for again.
        s.update(Msg::SetLang(back));
        assert_eq!(loads(&s.update(Msg::SetLang(lang)), lang), 0);
        // A failed fetch is said (the other language is at hand).
        s.notices.clear();
        let fx = s.update(Msg::Texts(lang, Err("HTTP 404 Not Found".into())));
        assert_eq!(loads(&fx, back), 0);
        assert_eq!(
            *s.texts(lang),
            LessonTexts::Failed("HTTP 404 Not Found".into())
        );
        assert!(
            matches!(&s.notices[..], [Notice::Key { key: k, values, .. }]
                if *k == key && values[0].1 == "HTTP 404 Not Found"),
            "{:?}",
            s.notices
        );
        // Asked for again when the language is chosen again.
        assert_eq!(loads(&s.update(Msg::SetLang(lang)), lang), 1);
        // A file of another build, or of the other language, is refused.
        let other = format!(
            "rpl-texts-{} 0000 1\nx\0",
            if lang == Lang::En { "en" } else { "zh" }
        );
        s.update(Msg::Texts(lang, Ok(other)));
        let LessonTexts::Failed(why) = s.texts(lang) else {
            panic!("refused: {:?}", s.texts(lang))
        };
        assert!(why.contains("another version"), "{why}");
        s.update(Msg::Texts(
            lang,
            Ok(rpl_text::lazy::bundle(back).to_string()),
        ));
        assert!(matches!(s.texts(lang), LessonTexts::Failed(_)));
        // The right file: ready, every text rewritten.
        let fx = s.update(Msg::Texts(
            lang,
            Ok(rpl_text::lazy::bundle(lang).to_string()),
        ));
        assert_eq!(*s.texts(lang), LessonTexts::Ready);
        assert!(fx.iter().any(|e| matches!(e, Effect::Relabel)));
        assert_eq!(loads(&s.update(Msg::SetLang(lang)), lang), 0);
    }
}

/// The timeline: looking back replays the run to the moment asked for,
/// keeps the end to go back to, and continuing from there drops the rest.
#[test]
fn the_timeline_looks_back_exactly_and_continues_from_the_moment_looked_at() {
    use rpl_model::{Seconds, Simulation};
    let mut s = open("?preset=neuron&then=ouabain:1@600&t=1200");
    let end_v = s.sim.readouts().v_mv;
    let samples = s.history.len();
    assert_eq!(s.timeline(), (1200.0, 1200.0));
    let fx = s.update(Msg::Seek(300.0));
    assert!(fx.contains(&Effect::RunLoop(false)), "looking back pauses");
    assert_eq!(s.timeline(), (300.0, 1200.0));
    assert_eq!(
        s.sim.scenario().pump.block,
        0.0,
        "before the ouabain at 600 s"
    );
    // The moment looked at is the run at 300 s: an independent run of the
    // neuron to 300 s gives the same V to the integrator's tolerance.
    let mut alone = Simulation::new(Scenario::default()).unwrap();
    alone.advance(Seconds(300.0)).unwrap();
    let (v, want) = (s.readouts.v_mv, alone.readouts().v_mv);
    assert!((v - want).abs() < 1e-6 * want.abs(), "{v} vs {want}");
    // The charts still show the whole run.
    assert_eq!(s.history.len(), samples);
    assert_eq!(s.history.last().unwrap().t_s, 1200.0);
    // Share writes the moment looked at, without the later ouabain.
    let q = s.canonical_query().unwrap();
    assert!(q.contains("t=300") && !q.contains("ouabain"), "{q}");
    // Odd positions: clamped, or ignored.
    s.update(Msg::Seek(-5.0));
    assert_eq!(s.timeline(), (0.0, 1200.0));
    s.update(Msg::Seek(f64::NAN));
    assert_eq!(s.timeline(), (0.0, 1200.0));
    // Back to the end: the run's own end, to the last bit.
    s.update(Msg::Seek(1e9));
    assert_eq!(s.timeline(), (1200.0, 1200.0));
    assert_eq!(s.sim.readouts().v_mv.to_bits(), end_v.to_bits());
    assert!(s.looking_back.is_none());
    // Looking at 900 s (after the ouabain), then playing: the run goes on
    // from 900 s; the samples after it are gone, the ouabain change stays.
    s.update(Msg::Seek(900.0));
    assert_eq!(s.sim.scenario().pump.block, 1.0);
    s.update(Msg::SetPlaying(true));
    assert!(s.looking_back.is_none() && s.playing);
    assert_eq!(s.timeline(), (900.0, 900.0));
    assert_eq!(s.history.last().unwrap().t_s, 900.0);
    assert_eq!(s.log.len(), 1, "the ouabain at 600 s stays");
    s.update(Msg::Frame { real_dt_s: 0.1 });
    assert!(s.sim.time().0 > 900.0);
    // Looking back before a change, then changing something: the later
    // change is dropped and the new one is logged at the moment looked at.
    s.update(Msg::Seek(100.0));
    assert_eq!(s.sim.scenario().pump.block, 0.0);
    s.update(Msg::Apply {
        cmd: Ok(Command::SetOuabain(0.5)),
        source: Source::Switch(0),
    });
    assert_eq!(s.log.len(), 1);
    assert_eq!(s.log[0].t_s, 100.0);
    assert_eq!(s.timeline(), (100.0, 100.0));
    // Only what keeps the run as it is keeps the reader looking back.
    s.update(Msg::Frame { real_dt_s: 0.0 });
    s.update(Msg::Seek(50.0));
    s.update(Msg::SetLang(Lang::Zh));
    s.update(Msg::SetTimeScale(rpl_ui::axis::TimeScale::Log));
    s.update(Msg::ChooseTab(None));
    assert_eq!(s.timeline(), (50.0, 100.0));
    s.update(Msg::Step);
    assert!(s.looking_back.is_none());
    assert!(s.timeline().0 > 50.0 && s.timeline().0 < 51.0);
    rpl_ui::i18n::set_lang(Lang::En);
}

/// The "Inside the cell" controls show the present concentrations, not the
/// ones the run started from.
#[test]
fn the_inside_controls_follow_the_run() {
    use rpl_model::{Ion, Key};
    let s = open("?preset=neuron&then=ouabain:1@0&t=7200");
    let present = s.present_scenario();
    let started = s.sim.scenario();
    for ion in [Ion::Na, Ion::K, Ion::Cl] {
        let shown = Key::Inside(ion).get(&present).unwrap();
        assert_eq!(shown, s.readouts.c_in_mm.get(ion), "{ion:?}");
    }
    // After 2 h of ouabain Na⁺ᵢ is near 145 mM, not the 15 mM it started at.
    assert!(started.inside_mm.na < 20.0 && present.inside_mm.na > 100.0);
    // Everything else is the scenario's own.
    let mut back = present.clone();
    back.inside_mm = started.inside_mm;
    assert_eq!(&back, started);
}

/// The equations panel's numbers and the clamp never give a lesson's answer
/// away before the reader checks: in the GHK lesson the GHK voltage after
/// P_Na is raised is its answer (the sweep is hidden there for the same
/// reason), and in the astrocyte's lesson, which hides V, the GHK voltage is
/// within a few mV of it; the clamp's total current reverses at the resting
/// potential. The equations' inputs stay, so the reader can still work the
/// answer out.
#[test]
fn the_equations_and_the_clamp_keep_a_lessons_answer_until_the_reader_checks() {
    let mut s = open("?lesson=ghk");
    s.update(Msg::Apply {
        cmd: Ok(Command::Set(
            rpl_model::Key::parse("P_Na_rel").unwrap(),
            0.1,
        )),
        source: Source::Other,
    });
    let answer = rpl_ui::equations::numbers(&s.sim, &s.readouts);
    assert_eq!(answer.ghk, "−57.0 mV", "the GHK voltage at P_Na/P_K = 0.1");
    let n = s.equation_numbers();
    assert_eq!((n.ghk.as_str(), n.v_zero.as_str()), ("?", "?"));
    assert!(!n.why.contains("57"), "{}", n.why);
    // The clamp's total current reverses there too: its numbers wait as well.
    assert!(!s.clamp_shown() && !s.sweep_shown());
    assert_eq!(n.ratios, answer.ratios, "the inputs stay");
    assert_eq!(n.v, answer.v, "V itself is not hidden in this lesson");
    s.update(Msg::Check(Ok(Prediction::Number(-57.0))));
    assert_eq!(s.equation_numbers(), answer, "all of it once checked");
    assert!(s.clamp_shown());

    let s = open("?lesson=astrocyte");
    let n = s.equation_numbers();
    assert_eq!(
        (n.ghk.as_str(), n.v_zero.as_str(), n.v.as_str()),
        ("?", "?", "?")
    );
    assert!(!s.clamp_shown());
    // A lesson about the clamp keeps it, and no lesson hides nothing.
    assert!(open("?lesson=reversal").clamp_shown());
    let s = open("?preset=astrocyte");
    assert_eq!(
        s.equation_numbers(),
        rpl_ui::equations::numbers(&s.sim, &s.readouts)
    );
    assert!(s.clamp_shown());
}
