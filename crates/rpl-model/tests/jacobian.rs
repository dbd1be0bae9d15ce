//! The analytic Jacobian of the pump-leak system against central differences:
//! every preset, rigid and swelling, with and without Ca²⁺ permeant, at rest
//! and through a day of ouabain; near 0 mV; with an injected current.

use rpl_model::integrator::OdeSystem;
use rpl_model::system::{IV, N};
use rpl_model::{Command, Scenario, Seconds, Simulation, VolumeMode, PRESET_NAMES};

/// Central differences with step 1e-5 × max(|y_j|, scale_j): truncation and
/// rounding both well below 1e-8 of each entry here.
fn central_jacobian<S: OdeSystem<N>>(sys: &S, y: &[f64; N]) -> [[f64; N]; N] {
    let mut jac = [[0.0; N]; N];
    for j in sys.active_columns() {
        let h = 1e-5 * y[j].abs().max(sys.scale(j));
        let (mut yp, mut ym) = (*y, *y);
        yp[j] += h;
        ym[j] -= h;
        let step = yp[j] - ym[j];
        let (mut fp, mut fm) = ([0.0; N], [0.0; N]);
        sys.rhs(&yp, &mut fp);
        sys.rhs(&ym, &mut fm);
        for i in 0..N {
            jac[i][j] = (fp[i] - fm[i]) / step;
        }
    }
    jac
}

/// Every entry of the analytic Jacobian within 1e-6 of its central
/// difference, relative to the entry; entries below 1e-9 of their row's
/// largest (each scaled by its column's magnitude) within 1e-9 of that.
fn check_jacobian(sim: &Simulation, what: &str) {
    let sys = sim.params();
    let y = sim.state();
    let mut ana = [[0.0; N]; N];
    assert!(
        sys.jacobian(y, &mut ana),
        "the system has an analytic Jacobian"
    );
    let num = central_jacobian(sys, y);
    let s: [f64; N] = std::array::from_fn(|j| y[j].abs().max(sys.scale(j)));
    for i in 0..N {
        let row = (0..N).map(|j| ana[i][j].abs() * s[j]).fold(0.0, f64::max);
        for j in 0..N {
            let (a, n) = (ana[i][j], num[i][j]);
            let diff = (a - n).abs();
            let ok = diff <= 1e-6 * a.abs() || diff * s[j] <= 1e-9 * row;
            assert!(ok, "{what}: J[{i}][{j}] analytic {a:e}, central {n:e}");
        }
    }
}

#[test]
fn analytic_jacobian_matches_central_differences_in_every_preset() {
    for name in PRESET_NAMES {
        for volume in [VolumeMode::Rigid, VolumeMode::Swelling] {
            for ca in [false, true] {
                let mut s = Scenario::preset(name).expect("preset");
                s.cell.volume = volume;
                if ca {
                    s.permeability_cm_s.ca = 1e-9;
                }
                let Ok(mut sim) = Simulation::new(s) else {
                    continue;
                };
                let what = format!("{name} {volume:?} Ca {ca}");
                check_jacobian(&sim, &format!("{what} at rest"));
                sim.apply(Command::SetOuabain(1.0)).expect("block");
                // The cortical neuron with channels, depolarized by
                // ouabain, fires by itself after about 55 minutes (200 s of
                // it take over 500 000 steps): 36 s here; its Jacobian
                // through spikes is checked below.
                let hours: &[f64] = if name == "neuron-rs" {
                    &[0.01]
                } else {
                    &[0.01, 1.0, 24.0]
                };
                for &hours in hours {
                    sim.advance(Seconds(hours * 3600.0 - sim.time().0))
                        .expect("runs");
                    check_jacobian(&sim, &format!("{what} after {hours} h of ouabain"));
                }
            }
        }
    }
}

#[test]
fn analytic_jacobian_holds_near_zero_volts_and_with_injected_current() {
    for v in [-1e-3, 0.0, 1e-6, 0.02, 0.5, 40.0] {
        let mut s = Scenario::preset("neuron").expect("preset");
        s.permeability_cm_s.ca = 1e-9;
        s.cell.volume = VolumeMode::Swelling;
        s.start = rpl_model::Start::AsGiven;
        s.initial_voltage_mv = Some(v);
        let sim = Simulation::new(s).expect("valid");
        assert_eq!(sim.state()[IV], v);
        check_jacobian(&sim, &format!("V = {v} mV"));
    }
    let mut s = Scenario::preset("neuron").expect("preset");
    s.injected_current_ua_cm2 = 0.5;
    let sim = Simulation::new(s).expect("valid");
    check_jacobian(&sim, "injected current");
}

/// With Hodgkin–Huxley channels on the cell: at rest (rigid and swelling),
/// through a spike, and at and around the voltages where α_m (−40 mV) and
/// α_n (−55 mV) have their removable singularities, whose two branches the
/// central differences straddle.
#[test]
fn analytic_jacobian_holds_with_hh_channels() {
    use rpl_model::scenario::{Channels, HhChannels};
    let channels = |mut s: Scenario| {
        s.channels = Some(Channels::Hh(HhChannels::SQUID));
        s.calibrated()
    };
    for volume in [VolumeMode::Rigid, VolumeMode::Swelling] {
        let mut s = channels(Scenario::preset("squid-axon").expect("preset"));
        s.cell.volume = volume;
        s.cell.diameter_um = 20.0;
        let mut sim = Simulation::new(s).expect("valid");
        check_jacobian(&sim, &format!("{volume:?} at rest"));
        sim.apply(Command::Set(rpl_model::Key::Injected, 20.0))
            .expect("on");
        for k in 1..=30 {
            sim.advance(Seconds(1e-4)).expect("runs");
            if k == 10 {
                sim.apply(Command::Set(rpl_model::Key::Injected, 0.0))
                    .expect("off");
            }
            let what = format!(
                "{volume:?} {:.1} ms into a pulse, V = {} mV",
                k as f64 * 0.1,
                sim.state()[IV]
            );
            check_jacobian(&sim, &what);
        }
    }
    for v_sing in [-40.0, -55.0] {
        for dv in [0.0, 1e-9, -1e-7, 1e-5, -3e-4, 1e-2] {
            let mut s = channels(Scenario::preset("squid-axon").expect("preset"));
            s.start = rpl_model::Start::AsGiven;
            s.initial_voltage_mv = Some(v_sing + dv);
            let sim = Simulation::new(s).expect("valid");
            check_jacobian(&sim, &format!("V = {} mV", v_sing + dv));
        }
    }
    let mut s = channels(Scenario::preset("neuron").expect("preset"));
    s.permeability_cm_s.ca = 1e-9;
    let sim = Simulation::new(s).expect("valid");
    check_jacobian(&sim, "neuron at 37 °C with Ca²⁺ permeant");
}

/// With Traub & Miles's channels (the neuron-rs preset): at rest (rigid and
/// swelling), through a spike, and at and around the voltages where α_m,
/// β_m and α_n have their removable singularities (V_T + 13, V_T + 40 and
/// V_T + 15 mV).
#[test]
fn analytic_jacobian_holds_with_traub_miles_channels() {
    let v_t = -56.2;
    for volume in [VolumeMode::Rigid, VolumeMode::Swelling] {
        let mut s = Scenario::preset("neuron-rs").expect("preset");
        s.cell.volume = volume;
        let mut sim = Simulation::new(s).expect("valid");
        check_jacobian(&sim, &format!("{volume:?} at rest"));
        sim.apply(Command::Set(rpl_model::Key::Injected, 60.0))
            .expect("on");
        for k in 1..=30 {
            sim.advance(Seconds(1e-4)).expect("runs");
            if k == 10 {
                sim.apply(Command::Set(rpl_model::Key::Injected, 0.0))
                    .expect("off");
            }
            let what = format!(
                "{volume:?} {:.1} ms into a pulse, V = {} mV",
                k as f64 * 0.1,
                sim.state()[IV]
            );
            check_jacobian(&sim, &what);
        }
        assert!(sim.spikes().count() == 1, "the pulse gave a spike");
    }
    for v_sing in [v_t + 13.0, v_t + 40.0, v_t + 15.0] {
        for dv in [0.0, 1e-9, -1e-7, 1e-5, -3e-4, 1e-2] {
            let mut s = Scenario::preset("neuron-rs").expect("preset");
            s.start = rpl_model::Start::AsGiven;
            s.initial_voltage_mv = Some(v_sing + dv);
            let sim = Simulation::new(s).expect("valid");
            check_jacobian(&sim, &format!("V = {} mV", v_sing + dv));
        }
    }
}

/// With synapses on the cell (their GHK currents added to the leaks'):
/// tonic, and during a pulse on top of them (the permeability the
/// integrator sees for that piece), rigid and swelling, in every preset;
/// near 0 mV, where the GHK derivatives switch to their series; and with
/// HH's channels through a synaptically driven spike.
#[test]
fn analytic_jacobian_holds_with_synapses() {
    use rpl_model::scenario::{Channels, HhChannels, Synapses};
    use rpl_model::{SynapseKind, SynapseSpec};
    let tonic = Some(Synapses {
        p_exc_cm_s: 3e-8,
        p_inh_cm_s: 2e-7,
    });
    for name in PRESET_NAMES {
        for volume in [VolumeMode::Rigid, VolumeMode::Swelling] {
            let mut s = Scenario::preset(name).expect("preset");
            s.cell.volume = volume;
            s.synapses = tonic;
            let Ok(mut sim) = Simulation::new(s) else {
                continue;
            };
            let what = format!("{name} {volume:?} with synapses");
            check_jacobian(&sim, &format!("{what} at rest"));
            sim.synapse(&SynapseSpec::pulse(SynapseKind::Excitatory, 1e-6, 2.0))
                .expect("valid");
            sim.synapse(&SynapseSpec::pulse(SynapseKind::Inhibitory, 5e-7, 1.0))
                .expect("valid");
            for k in 1..=4 {
                sim.advance(Seconds(0.4e-3)).expect("runs");
                assert!(sim.params().syn_pulse.p_exc_cm_s > 0.0);
                check_jacobian(&sim, &format!("{what}, {} ms into a pulse", 0.4 * k as f64));
            }
        }
    }
    for v in [-1e-3, 0.0, 1e-6, 0.5] {
        let mut s = Scenario::preset("neuron").expect("preset");
        s.cell.volume = VolumeMode::Swelling;
        s.synapses = tonic;
        s.start = rpl_model::Start::AsGiven;
        s.initial_voltage_mv = Some(v);
        let sim = Simulation::new(s).expect("valid");
        check_jacobian(&sim, &format!("with synapses at V = {v} mV"));
    }
    for volume in [VolumeMode::Rigid, VolumeMode::Swelling] {
        let mut s = Scenario::preset("squid-axon").expect("preset");
        s.channels = Some(Channels::Hh(HhChannels::SQUID));
        let mut s = s.calibrated();
        s.cell.volume = volume;
        s.cell.diameter_um = 20.0;
        let mut sim = Simulation::new(s).expect("valid");
        // Tonic synapses put on the cell at rest, then a pulse.
        sim.apply(Command::Set(rpl_model::Key::SynExc, 3e-8))
            .expect("on");
        sim.apply(Command::Set(rpl_model::Key::SynInh, 2e-7))
            .expect("on");
        sim.synapse(&SynapseSpec::pulse(SynapseKind::Excitatory, 2e-6, 1.0))
            .expect("valid");
        for k in 1..=30 {
            sim.advance(Seconds(1e-4)).expect("runs");
            check_jacobian(
                &sim,
                &format!(
                    "{volume:?} HH with synapses, {:.1} ms, V = {} mV",
                    k as f64 * 0.1,
                    sim.state()[IV]
                ),
            );
        }
        assert_eq!(sim.spikes().count(), 1, "{volume:?}: the EPSP fires");
    }
}

/// With the Cl⁻ cotransporters KCC2 and NKCC1 on the cell (their turnovers
/// depend on the amounts and the volume, not on V): put on at rest, so far
/// from their own steady state, and through the hours they take to reach
/// it, in every preset, rigid and swelling; near their equilibria, where
/// the logarithms cross zero; with synapses; and with HH's channels
/// through a spike.
#[test]
fn analytic_jacobian_holds_with_cotransporters() {
    use rpl_model::scenario::{Channels, HhChannels, Synapses};
    use rpl_model::Key;
    for name in PRESET_NAMES {
        for volume in [VolumeMode::Rigid, VolumeMode::Swelling] {
            for (g_kcc2, g_nkcc1) in [(2e-5, 0.0), (0.0, 2e-5), (2e-5, 2e-6)] {
                let mut s = Scenario::preset(name).expect("preset");
                s.cell.volume = volume;
                let Ok(mut sim) = Simulation::new(s) else {
                    continue;
                };
                sim.apply(Command::Set(Key::Kcc2, g_kcc2)).expect("on");
                sim.apply(Command::Set(Key::Nkcc1, g_nkcc1)).expect("on");
                let what = format!("{name} {volume:?} g_KCC2 {g_kcc2:e} g_NKCC1 {g_nkcc1:e}");
                check_jacobian(&sim, &format!("{what} at rest"));
                for hours in [0.01, 1.0, 6.0] {
                    sim.advance(Seconds(hours * 3600.0 - sim.time().0))
                        .expect("runs");
                    check_jacobian(&sim, &format!("{what} after {hours} h"));
                }
            }
        }
    }
    // At and next to each transporter's equilibrium (Cl⁻ᵢ where its
    // log term is zero), with a Cl⁻ synapse on, at and near 0 mV.
    let s = Scenario::preset("neuron").expect("preset");
    let (ci, co) = (s.inside_mm, s.outside_mm);
    let kcc2_eq = co.k * co.cl / ci.k;
    let nkcc1_eq = co.cl * (co.na * co.k / (ci.na * ci.k)).sqrt();
    for cl in [kcc2_eq, kcc2_eq * (1.0 + 1e-7), nkcc1_eq, nkcc1_eq * 0.999] {
        for v in [-70.0, 0.0, 1e-6] {
            let mut s = s.clone();
            s.cell.volume = VolumeMode::Swelling;
            s.inside_mm.cl = cl;
            s.synapses = Some(Synapses {
                p_exc_cm_s: 0.0,
                p_inh_cm_s: 2e-7,
            });
            s.set_key(Key::Kcc2, 2e-5).expect("valid");
            s.set_key(Key::Nkcc1, 2e-5).expect("valid");
            s.start = rpl_model::Start::AsGiven;
            s.initial_voltage_mv = Some(v);
            let sim = Simulation::new(s).expect("valid");
            check_jacobian(&sim, &format!("Cl_i {cl} mM, V = {v} mV"));
        }
    }
    for volume in [VolumeMode::Rigid, VolumeMode::Swelling] {
        let mut s = Scenario::preset("squid-axon").expect("preset");
        s.channels = Some(Channels::Hh(HhChannels::SQUID));
        let mut s = s.calibrated();
        s.cell.volume = volume;
        s.cell.diameter_um = 20.0;
        s.set_key(Key::Kcc2, 2e-5).expect("valid");
        s.set_key(Key::Nkcc1, 1e-5).expect("valid");
        let mut sim = Simulation::new(s).expect("valid");
        check_jacobian(&sim, &format!("{volume:?} HH with cotransporters at rest"));
        sim.apply(Command::Set(Key::Injected, 20.0)).expect("on");
        for k in 1..=30 {
            sim.advance(Seconds(1e-4)).expect("runs");
            if k == 10 {
                sim.apply(Command::Set(Key::Injected, 0.0)).expect("off");
            }
            check_jacobian(
                &sim,
                &format!(
                    "{volume:?} HH with cotransporters, {:.1} ms, V = {} mV",
                    k as f64 * 0.1,
                    sim.state()[IV]
                ),
            );
        }
        assert_eq!(sim.spikes().count(), 1, "{volume:?}: the pulse fires");
    }
}
