//! A cell without channels is integrated without its (constant) gates,
//! natively ([`rpl_model::system::Passive`]), so that the linear algebra
//! unrolls: the same equations, so the same numbers, to the last bit. The
//! voltage after a run-down ([`Simulation::voltage_after`]) leaves out the
//! counters too, and a rigid cell's volume: the same bits again.

use rpl_model::integrator::{Method, OdeSystem, Rosenbrock, Tolerances};
use rpl_model::system::{Params, Passive, N, N_LEAN, N_LEAN_RIGID, N_PASSIVE};
use rpl_model::{Command, ModelError, Scenario, Seconds, Simulation, VolumeMode, PRESET_NAMES};

fn cells() -> Vec<(String, Simulation)> {
    let mut out = Vec::new();
    for name in PRESET_NAMES {
        for volume in [VolumeMode::Rigid, VolumeMode::Swelling] {
            let mut s = Scenario::preset(name).expect("preset");
            if s.channels.is_some() {
                continue; // a cell with channels is never integrated without them
            }
            s.cell.volume = volume;
            let mut sim = Simulation::new(s).expect("valid");
            out.push((format!("{name} {volume:?} at rest"), sim.clone()));
            sim.apply(Command::SetOuabain(1.0)).expect("block");
            sim.advance(Seconds(1800.0)).expect("runs");
            out.push((format!("{name} {volume:?} after 30 min of ouabain"), sim));
        }
    }
    out
}

/// The first M components' f and Jacobian of the form that keeps M, against
/// the full system's: the same bits, and nothing past M in the full one's
/// active block (the form leaves out only what the others do not read).
fn check_leading<const M: usize>(what: &str, full: &Params, y: &[f64; N]) {
    let ym: [f64; M] = std::array::from_fn(|i| y[i]);
    let part = Passive::<M>::new(full, y);
    let (mut f16, mut fm) = ([0.0; N], [0.0; M]);
    full.rhs(y, &mut f16);
    part.rhs(&ym, &mut fm);
    assert_eq!(fm[..], f16[..M], "{what}, {M} components: f");
    assert!(
        f16[N_PASSIVE..].iter().all(|&v| v == 0.0),
        "{what}: gates move"
    );
    let (mut j16, mut jm) = ([[0.0; N]; N], [[0.0; M]; M]);
    assert!(full.jacobian(y, &mut j16));
    assert!(part.jacobian(&ym, &mut jm));
    for i in 0..M {
        for j in 0..M {
            assert_eq!(jm[i][j], j16[i][j], "{what}, {M}: J[{i}][{j}]");
        }
    }
    // What the form leaves out is either read by nothing it keeps (the
    // counters, the gates) or still (a rigid cell's volume: f and its
    // row 0).
    for j in M..N {
        let unread = (0..M).all(|i| j16[i][j] == 0.0);
        let still = f16[j] == 0.0 && j16[j].iter().all(|&x| x == 0.0);
        assert!(unread || still, "{what}, {M}: component {j} left out");
    }
}

#[test]
fn the_passive_cells_rhs_and_jacobian_are_the_full_systems_leading_block() {
    for (what, sim) in cells() {
        let (full, y) = (sim.params(), sim.state());
        check_leading::<N_PASSIVE>(&what, full, y);
        check_leading::<N_LEAN>(&what, full, y);
        if full.k_w == 0.0 {
            check_leading::<N_LEAN_RIGID>(&what, full, y);
        }
    }
}

/// The voltage after a run-down, from the lean forms, against the whole
/// cell's: the same bits and the same steps, for every preset without
/// channels (rigid and swelling, at rest and halfway down), at the page's
/// tolerance and at the sweep's.
#[test]
fn the_voltage_after_a_run_down_is_the_whole_cells_to_the_bit() {
    for (what, sim) in cells() {
        for rtol in [1e-6, 1e-4] {
            let mut whole = sim.clone();
            whole.set_rtol(rtol);
            whole.apply(Command::SetOuabain(1.0)).expect("block");
            let lean = whole.clone();
            whole.advance(Seconds(7200.0)).expect("whole");
            let (v, stats) = lean.voltage_after(Seconds(7200.0)).expect("lean");
            assert_eq!(v, whole.voltage(), "{what}, rtol {rtol}: V");
            assert_eq!(stats, whole.stats(), "{what}, rtol {rtol}: steps");
        }
    }
}

/// A cell with channels, or with a pulse to come, runs whole; a bad span is
/// refused by name.
#[test]
fn the_voltage_after_falls_back_to_the_whole_cell_and_checks_its_span() {
    let mut sim = Simulation::new(Scenario::preset("neuron-rs").expect("preset")).expect("valid");
    assert!(sim.params().gated.is_some());
    let lean = sim.clone();
    sim.advance(Seconds(0.05)).expect("runs");
    let (v, stats) = lean.voltage_after(Seconds(0.05)).expect("runs");
    assert_eq!((v, stats), (sim.voltage(), sim.stats()));
    let neuron = Simulation::new(Scenario::preset("neuron").expect("preset")).expect("valid");
    match neuron.voltage_after(Seconds(-5.0)) {
        Err(ModelError::OutOfRange { key, value, .. }) => {
            assert_eq!((key.as_str(), value), ("dt", -5.0))
        }
        other => panic!("expected dt refused, got {other:?}"),
    }
}

#[test]
fn integrating_without_the_gates_gives_the_same_bits() {
    let tol = Tolerances {
        rtol: 1e-6,
        atol: [1e-9; N],
    };
    for ((what, sim), method) in cells()
        .into_iter()
        .flat_map(|c| [(c.clone(), Method::Rodas5P), (c, Method::Rodas4)])
    {
        let what = format!("{what}, {method:?}");
        let full = sim.params();
        let mut ode16 = Rosenbrock::with_method(method, tol, 1e-5, 3600.0);
        let mut ode13 = ode16.leading::<N_PASSIVE>();
        let (mut y16, mut t16) = (*sim.state(), 0.0);
        let mut y13: [f64; N_PASSIVE] = std::array::from_fn(|i| y16[i]);
        let mut t13 = 0.0;
        // In pieces, as the page's frames go, and then one long call.
        for t_end in [0.016, 1.0, 60.0, 7200.0] {
            ode16
                .integrate(full, &mut t16, &mut y16, t_end)
                .expect("full");
            ode13
                .integrate(&Passive::new(full, sim.state()), &mut t13, &mut y13, t_end)
                .expect("passive");
            assert_eq!(t13, t16, "{what}: t");
            assert_eq!(y13[..], y16[..N_PASSIVE], "{what}: state at {t_end} s");
            assert_eq!(ode13.stats, ode16.stats, "{what}: steps and evaluations");
            assert_eq!(ode13.compensation()[..], ode16.compensation()[..N_PASSIVE]);
        }
        // Lent out and taken back, the full integrator carries on from there.
        let mut back = Rosenbrock::with_method(method, tol, 1.0, 3600.0);
        back.take_leading(&ode13);
        assert_eq!(back.h, ode16.h);
        assert_eq!(back.stats, ode16.stats);
        assert_eq!(back.compensation(), ode16.compensation());
    }
}
