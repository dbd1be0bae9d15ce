//! The steady state with a held injected current. The injected current is
//! carried by K⁺ (see `rpl_model::system`), so a true steady state exists when
//! the leaks and the pump can carry it: V and every amount inside constant.
//! When they cannot, the solver says so with a typed error.

use rpl_model::integrator::OdeSystem;
use rpl_model::system::{IV, IW, IX, N};
use rpl_model::{Ion, ModelError, Scenario, Seconds, Simulation};

/// |dV/dt| at a steady state, mV/s (the integrator's own noise is ~1e-12).
const DV_TOL: f64 = 1e-9;
/// |d(amount)/dt| at a steady state, mM/s (amounts are ~1–1000 mM).
const DX_TOL: f64 = 1e-12;

fn with_current(preset: &str, i_inj: f64) -> Scenario {
    let mut s = Scenario::preset(preset).expect("preset");
    s.set("I_inj", &i_inj.to_string()).expect("in range");
    s
}

fn assert_steady(sim: &Simulation, what: &str) {
    let y = sim.state();
    let mut dy = [0.0; N];
    sim.params().rhs(y, &mut dy);
    assert!(dy[IV].abs() < DV_TOL, "{what}: dV/dt = {:e} mV/s", dy[IV]);
    for ion in Ion::ALL {
        let d = dy[IX + ion.index()];
        assert!(d.abs() < DX_TOL, "{what}: d{ion}/dt = {d:e} mM/s");
    }
    assert!(dy[IW].abs() < DX_TOL, "{what}: dw/dt = {:e}", dy[IW]);
    let r = sim.readouts();
    assert!(
        r.net_current_ua_cm2.abs() < 1e-9,
        "{what}: net {} µA/cm²",
        r.net_current_ua_cm2
    );
    // The membrane (leaks + pump) carries exactly the injected current.
    let membrane: f64 =
        r.leak_current_ua_cm2.iter().map(|(_, i)| i).sum::<f64>() + r.pump_current_ua_cm2;
    assert!(
        (membrane - r.injected_current_ua_cm2).abs() < 1e-9,
        "{what}: membrane {membrane} vs injected {}",
        r.injected_current_ua_cm2
    );
}

#[test]
fn the_steady_state_holds_with_an_injected_current() {
    for (preset, i_inj) in [
        ("neuron", 0.2),
        ("neuron", 5.0),
        ("neuron", -1.0),
        ("squid-axon", -10.0),
        ("squid-axon", 0.2),
        ("squid-axon", 5.0),
        ("cardiac-myocyte", 0.2),
    ] {
        let what = format!("{preset}, I_inj = {i_inj}");
        let mut sim = Simulation::new(with_current(preset, i_inj)).expect(&what);
        assert_steady(&sim, &what);
        // And it stays there.
        let v0 = sim.voltage().0;
        let k0 = sim.readouts().c_in_mm.k;
        sim.advance(Seconds(3600.0)).expect("runs");
        assert!((sim.voltage().0 - v0).abs() < 1e-6, "{what}: V drifts");
        assert!(
            ((sim.readouts().c_in_mm.k - k0) / k0).abs() < 1e-9,
            "{what}: K_i drifts"
        );
        // Asking again from there finds the same state.
        sim.apply(rpl_model::Command::GoToSteadyState)
            .expect("steady");
        assert_steady(&sim, &what);
    }
}

#[test]
fn a_current_the_cell_cannot_carry_is_refused_with_a_typed_error() {
    // −10 µA/cm² out of a neuron: the K⁺ leak would have to bring in 10 µA/cm²,
    // which needs V near −1 V, where the Na⁺ leak outruns the pump.
    for (preset, i_inj) in [
        ("neuron", -10.0),
        ("hypokalaemia", -10.0),
        ("neuron", -100.0),
    ] {
        let err = Simulation::new(with_current(preset, i_inj)).expect_err(preset);
        assert_eq!(
            err,
            ModelError::NoSteadyState {
                injected_ua_cm2: i_inj
            },
            "{preset}"
        );
        assert!(err.to_string().contains("no steady state"), "{err}");
    }
    // From a running cell, the jump is refused and the cell left as it was.
    let mut s = with_current("neuron", -10.0);
    s.start = rpl_model::Start::AsGiven;
    let mut sim = Simulation::new(s).expect("starts as given");
    let before = sim.readouts();
    assert!(matches!(
        sim.apply(rpl_model::Command::GoToSteadyState),
        Err(ModelError::NoSteadyState { .. })
    ));
    assert_eq!(sim.readouts(), before);
}

#[test]
fn injected_k_is_counted_in_the_conservation_check() {
    let mut s = with_current("neuron", 2.0);
    s.start = rpl_model::Start::AsGiven;
    let mut sim = Simulation::new(s).expect("starts");
    let k0 = sim.readouts().c_in_mm.k;
    sim.advance(Seconds(3600.0)).expect("runs");
    assert!(sim.readouts().c_in_mm.k > k0, "the electrode brings K⁺ in");
    let c = sim.conservation();
    for (ion, e) in c.ion_rel_error.iter() {
        assert!(e <= 1e-10, "{ion}: {e:e}");
    }
    assert!(c.charge_rel_error <= 1e-10, "{:e}", c.charge_rel_error);
}
