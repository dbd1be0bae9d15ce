//! A cell without channels is integrated without its (constant) gates,
//! natively ([`rpl_model::system::Passive`]), so that the linear algebra
//! unrolls: the same equations, so the same numbers, to the last bit.

use rpl_model::integrator::{Method, OdeSystem, Rosenbrock, Tolerances};
use rpl_model::system::{Passive, N, N_PASSIVE};
use rpl_model::{Command, Scenario, Seconds, Simulation, VolumeMode, PRESET_NAMES};

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

#[test]
fn the_passive_cells_rhs_and_jacobian_are_the_full_systems_leading_block() {
    for (what, sim) in cells() {
        let full = sim.params();
        let y = sim.state();
        let y13: [f64; N_PASSIVE] = std::array::from_fn(|i| y[i]);
        let (mut f16, mut f13) = ([0.0; N], [0.0; N_PASSIVE]);
        full.rhs(y, &mut f16);
        Passive(full).rhs(&y13, &mut f13);
        assert_eq!(f13[..], f16[..N_PASSIVE], "{what}: f");
        assert!(
            f16[N_PASSIVE..].iter().all(|&v| v == 0.0),
            "{what}: gates move"
        );
        let (mut j16, mut j13) = ([[0.0; N]; N], [[0.0; N_PASSIVE]; N_PASSIVE]);
        assert!(full.jacobian(y, &mut j16));
        assert!(Passive(full).jacobian(&y13, &mut j13));
        for i in 0..N {
            for j in 0..N {
                if i < N_PASSIVE && j < N_PASSIVE {
                    assert_eq!(j13[i][j], j16[i][j], "{what}: J[{i}][{j}]");
                } else {
                    assert_eq!(j16[i][j], 0.0, "{what}: J[{i}][{j}] off the block");
                }
            }
        }
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
                .integrate(&Passive(full), &mut t13, &mut y13, t_end)
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
