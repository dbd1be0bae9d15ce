//! Share links: the query text round-trips, opening a link replays the run to
//! the same state (V and concentrations equal to 1e-9), and each bad part of a
//! link is reported on its own while the rest applies.

use rpl_model::export::{
    format_time, panels_text, parse_panels, Change, Link, CHANGES_MAX, STEADY_KEY,
};
use rpl_model::{Command, ModelError, Scenario, Seconds, Simulation};

fn pairs(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter_map(|kv| kv.split_once('='))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn set(key: &str, value: &str) -> Command {
    Command::parse_set(key, value).expect("a known key and a readable value")
}

/// A run made the way the page makes it: uneven frames, changes between them.
fn live_run() -> (Link, Simulation) {
    let mut start = Scenario::preset("neuron").expect("preset");
    start.set("K_o", "10").expect("valid");
    start.panels.clamp = true;
    let mut sim = Simulation::new(start.clone()).expect("runs");
    let mut link = Link::new(start, "neuron");
    let plan: [(f64, Command); 4] = [
        (0.0, set("ouabain", "1")),
        (600.0, set("K_o", "8")),
        (1800.0, Command::GoToSteadyState),
        (1800.0, set("volume", "swelling")),
    ];
    let mut frame: f64 = 0.37;
    for (t, cmd) in plan {
        while sim.time().0 < t {
            let dt = frame.min(t - sim.time().0);
            sim.advance(Seconds(dt)).expect("advances");
            frame = frame * 1.7 % 97.0 + 0.1;
        }
        let change = Change::from_command(sim.time().0, &cmd).expect("a change");
        sim.apply(cmd).expect("applies");
        link.changes.push(change);
    }
    while sim.time().0 < 7200.0 {
        let dt = frame.min(7200.0 - sim.time().0);
        sim.advance(Seconds(dt)).expect("advances");
        frame = frame * 1.3 % 120.0 + 0.2;
    }
    link.t_s = sim.time().0;
    (link, sim)
}

#[test]
fn the_link_text_is_readable_and_round_trips() {
    let (link, _) = live_run();
    let q = link.to_query();
    assert!(
        q.starts_with("preset=neuron&K_o=10&panels=membrane,voltage,concentrations,currents,clamp&then=ouabain:1@0,K_o:8@"),
        "{q}"
    );
    assert!(
        q.contains(",steady@") && q.contains(",volume:swelling@"),
        "{q}"
    );
    assert!(q.ends_with("&t=7200"), "{q}");
    let (back, errors) = Link::from_query(&pairs(&q), &[]);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(back.to_query(), q);
    assert_eq!(back.scenario, link.scenario);
    assert_eq!(back.preset, "neuron");
    assert_eq!(back.changes.len(), 4);
    assert_eq!(back.changes[2].key(), None, "{STEADY_KEY}");
}

#[test]
fn opening_a_link_restores_the_state() {
    let (link, live) = live_run();
    let q = link.to_query();
    let (opened, errors) = Link::from_query(&pairs(&q), &[]);
    assert!(errors.is_empty(), "{errors:?}");
    let mut samples = 0;
    let replayed = opened.replay(400, |_| samples += 1).expect("replays");
    assert!(replayed.errors.is_empty(), "{:?}", replayed.errors);
    assert_eq!(replayed.applied, opened.changes);
    let a = replayed.sim;
    assert!(samples >= 400, "{samples} samples");
    // The live run (uneven frames) and the replay agree to the integrator's tolerance…
    let (ra, rl) = (a.readouts(), live.readouts());
    assert!(
        (ra.v_mv - rl.v_mv).abs() < 1e-3,
        "{} vs {}",
        ra.v_mv,
        rl.v_mv
    );
    assert_eq!(a.scenario(), live.scenario());
    // …and two replays of the same link agree to the last bit, so a page that
    // shares (and re-derives its state from the link) and the page that opens
    // the link show the same numbers.
    let (again, _) = Link::from_query(&pairs(&opened.to_query()), &[]);
    let b = again.replay(400, |_| {}).expect("replays").sim;
    let (ra, rb) = (a.readouts(), b.readouts());
    assert!((ra.v_mv - rb.v_mv).abs() <= 1e-9);
    assert_eq!(ra.t_s, rb.t_s);
    for ion in rpl_model::Ion::ALL {
        assert!((ra.c_in_mm.get(ion) - rb.c_in_mm.get(ion)).abs() <= 1e-9);
    }
    assert_eq!(a.state(), b.state());
}

#[test]
fn a_link_without_t_stops_at_its_last_change() {
    let (link, errors) = Link::from_query(&pairs("preset=squid-axon&then=K_o:20@0.5"), &[]);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(link.t_s, 0.5);
    let r = link.replay(10, |_| {}).expect("replays");
    assert!(r.errors.is_empty());
    let sim = r.sim;
    assert_eq!(sim.scenario().outside_mm.k, 20.0);
    let (plain, errors) = Link::from_query(&pairs("preset=squid-axon"), &[]);
    assert!(errors.is_empty());
    assert_eq!(plain.t_s, 0.0);
    assert_eq!(plain.to_query(), "preset=squid-axon");
}

#[test]
fn bad_parts_of_a_link_are_reported_one_by_one() {
    let q = "preset=frog&K_o=-5&T=20&panels=membrane,sideways&then=K_o:8@10,bogus:1@20,K_o@30,P_K:-1@40,ouabain:1@x&t=35&lang=zh&colour=red";
    let (link, errors) = Link::from_query(&pairs(q), &["lang", "lesson", "embed"]);
    let msgs: Vec<String> = errors.iter().map(ToString::to_string).collect();
    let has = |needle: &str| msgs.iter().any(|m| m.contains(needle));
    assert!(has("frog"), "{msgs:?}");
    assert!(has("K_o = -5"), "{msgs:?}");
    assert!(
        has("sideways") && has("clamp"),
        "panels lists what is allowed: {msgs:?}"
    );
    assert!(has("bogus") && has(STEADY_KEY), "{msgs:?}");
    assert!(has("needs a value"), "{msgs:?}");
    assert!(has("\"x\" is not a number"), "{msgs:?}");
    assert!(has("P_K") && has("no later than t = 35 s"), "{msgs:?}");
    assert!(
        has("colour") && has("then") && has("lesson"),
        "an unknown key names what is allowed: {msgs:?}"
    );
    assert_eq!(link.preset, "neuron");
    assert_eq!(link.scenario.temperature_c, 20.0, "T still applies");
    assert_eq!(link.scenario.outside_mm.k, 5.0, "K_o falls back");
    assert!(link.scenario.panels.membrane, "bad panels fall back");
    assert_eq!(link.changes.len(), 1);
    assert_eq!(link.t_s, 35.0);

    // A value the model refuses is reported at replay; the other changes apply.
    let (link, errors) = Link::from_query(&pairs("then=K_o:-3@1,T:30@2&t=3"), &[]);
    assert!(errors.is_empty());
    let r = link.replay(5, |_| {}).expect("replays");
    assert!(matches!(&r.errors[..], [ModelError::OutOfRange { key, .. }] if key == "K_o"));
    assert_eq!(r.applied.len(), 1);
    let sim = r.sim;
    assert_eq!(sim.scenario().temperature_c, 30.0);
    assert_eq!(sim.time().0, 3.0);

    let (_, errors) = Link::from_query(&pairs("t=-1"), &[]);
    assert!(errors[0].to_string().starts_with("t = -1"), "{errors:?}");
    let many = vec!["K_o:6@1"; CHANGES_MAX + 1].join(",");
    let (link, errors) = Link::from_query(&pairs(&format!("then={many}")), &[]);
    assert_eq!(link.changes.len(), CHANGES_MAX);
    assert_eq!(errors.len(), 1);
}

#[test]
fn panels_and_times_have_one_spelling() {
    let p = parse_panels("voltage,clamp").expect("valid");
    assert_eq!(panels_text(&p), "voltage,clamp");
    assert_eq!(panels_text(&parse_panels("none").expect("valid")), "none");
    assert_eq!(format_time(600.0), "600");
    assert_eq!(format_time(0.25), "0.25");
    assert_eq!(format_time(7_203.416_666_666_7), "7203.416667");
    assert_eq!(format_time(1e-9), "0");
    let c = Change::parse(" steady@12.5 ").expect("valid");
    assert_eq!(c.command(), Command::GoToSteadyState);
    assert_eq!(c.text(), "steady@12.5");
    assert_eq!(Change::from_command(1.0, &Command::Reset), None);
    assert_eq!(
        Change::from_command(2.0, &Command::SetOuabain(1.0)).map(|c| c.text()),
        Some("ouabain:1@2".into())
    );
}

#[test]
fn csv_times_carry_no_float_noise() {
    assert_eq!(rpl_model::export::csv_time(0.016600000000000024), "0.0166");
    assert_eq!(rpl_model::export::csv_time(7200.0), "7200");
    assert_eq!(rpl_model::export::csv_time(1.5e-5), "0.000015");
    assert_eq!(rpl_model::export::csv_time(0.0), "0");
}

/// Current and synaptic pulses are changes like any other: written in a
/// link's `then` with `/` for their commas, read back to the same pulses,
/// replayed at their times (the spikes and the synapse's pull on V are
/// those of the run that made the link), and a bad one is named by its
/// field.
#[test]
fn pulses_ride_in_links() {
    use rpl_model::export::ChangeKind;
    use rpl_model::{StimulusSpec, SynapseKind, SynapseSpec};
    let train = StimulusSpec::train(20.0, 1.0, 50.0, 3);
    let inh = SynapseSpec::pulse(SynapseKind::Inhibitory, 5e-6, 100.0);
    for (cmd, text) in [
        (Command::Stimulate(train), "stim:20/1/50/3@0.01"),
        (Command::Synapse(inh), "syn_inh:0.000005/100@0.01"),
    ] {
        let c = Change::from_command(0.01, &cmd).expect("a change");
        assert_eq!(c.text(), text);
        assert_eq!(Change::parse(text).expect("reads"), c);
        assert_eq!(c.command(), cmd);
        assert_eq!(c.key(), None);
    }
    // A run of the excitable axon, stimulated at 10 ms, and its link.
    let mut live = Simulation::new(Scenario::preset("squid-axon-hh").unwrap()).unwrap();
    let mut link = Link::new(live.scenario().clone(), "squid-axon-hh");
    live.advance(Seconds(0.01)).unwrap();
    let cmd = Command::Stimulate(train);
    link.changes
        .push(Change::from_command(live.time().0, &cmd).unwrap());
    live.apply(cmd).unwrap();
    live.advance(Seconds(0.08)).unwrap();
    link.t_s = live.time().0;
    assert_eq!(live.spikes().count(), 3);
    let q = link.to_query();
    assert!(q.contains("then=stim:20/1/50/3@0.01&t=0.09"), "{q}");
    let (read, errors) = Link::from_query(&pairs(&q), &[]);
    assert!(errors.is_empty(), "{errors:?}");
    assert!(matches!(read.changes[0].what, ChangeKind::Stimulus(s) if s == train));
    let r = read.replay(10, |_| {}).expect("replays");
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    assert_eq!(r.sim.spikes().count(), 3);
    let (a, b) = (live.spikes().recent(), r.sim.spikes().recent());
    for (x, y) in a.iter().zip(b) {
        assert!((x.t_s - y.t_s).abs() < 1e-6, "{x:?} {y:?}");
        assert!((x.peak_mv - y.peak_mv).abs() < 0.05, "{x:?} {y:?}");
    }
    // A synapse in a link pulls V as it did live.
    let q = "preset=neuron&g_KCC2=0.00002&then=syn_inh:5e-6/100@0.5&t=0.55";
    let (read, errors) = Link::from_query(&pairs(q), &[]);
    assert!(errors.is_empty(), "{errors:?}");
    let r = read.replay(10, |_| {}).expect("replays");
    assert!(r.sim.voltage().0 < -81.0, "{}", r.sim.voltage().0);
    // A bad pulse is named by its field, and the other changes apply.
    let (read, errors) =
        Link::from_query(&pairs("then=stim:5000/1@1,syn_exc:1e-6/x@2,K_o:8@3"), &[]);
    let msgs: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert!(
        msgs[0].contains("stim_amplitude") && msgs[0].contains("5000"),
        "{msgs:?}"
    );
    assert!(
        msgs[1].contains("syn_exc") && msgs[1].contains("x"),
        "{msgs:?}"
    );
    assert_eq!(read.changes.len(), 1);
}

/// The disease presets and the ischaemia key travel in links: a link that
/// starts the fall at 600 s and changes its time constant at 1800 s replays
/// to the run made frame by frame, and each preset opens as itself.
#[test]
fn ischaemia_and_digoxin_travel_in_links() {
    for preset in ["digoxin", "ischaemia"] {
        let (link, errors) = Link::from_query(&pairs(&format!("preset={preset}&t=600")), &[]);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(link.scenario, Scenario::preset(preset).unwrap());
        assert_eq!(link.to_query(), format!("preset={preset}&t=600"));
    }
    let start = Scenario::preset("cardiac-myocyte").unwrap();
    let mut sim = Simulation::new(start.clone()).unwrap();
    let mut link = Link::new(start, "cardiac-myocyte");
    let mut frame: f64 = 0.37;
    for (t, cmd) in [
        (600.0, set("ischaemia", "720")),
        (1800.0, set("ischaemia", "1440")),
    ] {
        while sim.time().0 < t {
            let dt = frame.min(t - sim.time().0);
            sim.advance(Seconds(dt)).unwrap();
            frame = frame * 1.7 % 97.0 + 0.1;
        }
        link.changes
            .push(Change::from_command(sim.time().0, &cmd).unwrap());
        sim.apply(cmd).unwrap();
    }
    sim.advance(Seconds(3600.0 - sim.time().0)).unwrap();
    link.t_s = 3600.0;
    let q = link.to_query();
    assert_eq!(
        q,
        "preset=cardiac-myocyte&then=ischaemia:720@600,ischaemia:1440@1800&t=3600"
    );
    let (opened, errors) = Link::from_query(&pairs(&q), &[]);
    assert!(errors.is_empty(), "{errors:?}");
    let replayed = opened.replay(100, |_| {}).unwrap();
    assert!(replayed.errors.is_empty(), "{:?}", replayed.errors);
    let (a, b) = (replayed.sim.readouts(), sim.readouts());
    assert!((a.v_mv - b.v_mv).abs() < 1e-4, "{} vs {}", a.v_mv, b.v_mv);
    assert!((a.c_in_mm.na - b.c_in_mm.na).abs() < 1e-5 * b.c_in_mm.na);
    assert!((a.pump_current_ua_cm2 - b.pump_current_ua_cm2).abs() < 1e-6 * 0.04);
    assert_eq!(replayed.sim.params().atp, sim.params().atp);
    // A bad time constant is named with what is allowed.
    let (_, errors) = Link::from_query(&pairs("preset=neuron&ischaemia=-5"), &[]);
    assert!(
        errors.iter().any(|e| e.to_string().contains("ischaemia")),
        "{errors:?}"
    );
}
