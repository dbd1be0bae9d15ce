//! A steady state sought from a nearby one (`Simulation::new_near`, as the
//! sweep panel seeks each point from the one before along its axis) is the
//! steady state `Simulation::new` finds from the scenario's own start: for
//! every preset without channels, rigid and swelling, along K⁺ₒ, Na⁺ₒ and
//! the pump's capacity, V within 1e-9 mV and every amount within 1e-9 of
//! itself, in fewer evaluations. A guess that leads nowhere falls back to
//! the usual start, and a cell with channels ignores the guess.

use rpl_model::key::Key;
use rpl_model::system::{IV, IX, N};
use rpl_model::{Ion, Scenario, Simulation, Start, VolumeMode, PRESET_NAMES};

fn at(base: &Scenario, key: Key, v: f64) -> Scenario {
    let mut s = base.clone();
    s.start = Start::SteadyState;
    key.set(&mut s, v).expect("in range");
    s
}

fn same(a: &Simulation, b: &Simulation, what: &str) {
    let (ya, yb) = (a.state(), b.state());
    assert!(
        (ya[IV] - yb[IV]).abs() <= 1e-9,
        "{what}: V {} vs {}",
        ya[IV],
        yb[IV]
    );
    for i in IX..IX + 4 {
        let scale = ya[i].abs().max(1e-12);
        assert!(
            (ya[i] - yb[i]).abs() <= 1e-9 * scale,
            "{what}: y[{i}] {} vs {}",
            ya[i],
            yb[i]
        );
    }
}

#[test]
fn a_steady_state_sought_from_a_nearby_one_is_the_same() {
    let axes = [
        (
            Key::Outside(Ion::K),
            [0.5, 1.0, 2.0, 3.5, 5.0, 8.0, 15.0, 30.0, 60.0, 120.0],
        ),
        (
            Key::Outside(Ion::Na),
            [
                20.0, 40.0, 60.0, 80.0, 100.0, 120.0, 140.0, 160.0, 180.0, 200.0,
            ],
        ),
        // The pump's capacity, as factors of the preset's own.
        (
            Key::PumpMax,
            [0.3, 0.5, 0.7, 0.9, 1.0, 1.2, 1.5, 2.0, 2.5, 3.0],
        ),
    ];
    let mut checked = 0;
    for name in PRESET_NAMES {
        for volume in [VolumeMode::Rigid, VolumeMode::Swelling] {
            let mut base = Scenario::preset(name).expect("preset");
            if base.channels.is_some() {
                continue;
            }
            base.cell.volume = volume;
            for (key, values) in &axes {
                let mut near: Option<[f64; N]> = None;
                let scale = match key {
                    Key::PumpMax => key.get(&base).expect("a pump"),
                    _ => 1.0,
                };
                for &v in values {
                    let v = v * scale;
                    let s = at(&base, *key, v);
                    let cold = Simulation::new(s.clone());
                    let warm = match &near {
                        Some(g) => Simulation::new_near(s, g),
                        None => Simulation::new(s),
                    };
                    match (cold, warm) {
                        (Ok(c), Ok(w)) => {
                            same(&c, &w, &format!("{name} {volume:?} {} = {v}", key.name()));
                            near = Some(*w.state());
                            checked += 1;
                        }
                        (Err(_), Err(_)) => {}
                        (c, w) => panic!(
                            "{name} {} = {v}: {:?} vs {:?}",
                            key.name(),
                            c.err(),
                            w.err()
                        ),
                    }
                }
            }
        }
    }
    assert!(checked > 200, "{checked} points");
}

#[test]
fn a_guess_that_leads_nowhere_falls_back_and_channels_ignore_it() {
    let s = at(
        &Scenario::preset("neuron").expect("preset"),
        Key::Outside(Ion::K),
        8.0,
    );
    let cold = Simulation::new(s.clone()).expect("valid");
    for bad in [[f64::NAN; N], [0.0; N], [-1.0; N]] {
        let warm = Simulation::new_near(s.clone(), &bad).expect("falls back");
        assert_eq!(warm.state(), cold.state());
    }
    let hh = at(
        &Scenario::preset("squid-axon-hh").expect("preset"),
        Key::Outside(Ion::K),
        12.0,
    );
    let cold = Simulation::new(hh.clone()).expect("valid");
    let guess = *Simulation::new(at(
        &Scenario::preset("squid-axon-hh").expect("preset"),
        Key::Outside(Ion::K),
        10.0,
    ))
    .expect("valid")
    .state();
    let warm = Simulation::new_near(hh, &guess).expect("valid");
    assert_eq!(
        warm.state(),
        cold.state(),
        "a cell with channels starts as new does"
    );
}
