//! The Cl⁻ cotransporters KCC2 and NKCC1 on the pump-leak cell, each driven
//! by its thermodynamic force. Each test against a closed form or an
//! independent computation: where each flux vanishes, the steady Cl⁻ᵢ as the
//! balance of the Cl⁻ leak and the transporter, the sign of a GABA_A-like
//! synaptic potential in an "immature" and a "mature" neuron, conservation
//! over hours, the moved-out counters, no change without them, and bad input
//! named.

use rpl_model::constants::{F, N_A, R};
use rpl_model::scenario::{Cotransporters, COTRANSPORT_MAX_S_CM2};
use rpl_model::{
    Command, Key, ModelError, Scenario, Seconds, Simulation, Start, SynapseKind, SynapseSpec,
    VolumeMode, PRESET_NAMES,
};

/// KCC2's capacity in Düsterwald et al.'s (2018) published model code, S/cm².
const G_KCC2: f64 = Cotransporters::KCC2_DUSTERWALD_2018_S_CM2;
/// An illustrative NKCC1 capacity (no published value in this form), S/cm².
const G_NKCC1: f64 = 2e-5;

/// RT/F in volts at the scenario's temperature.
fn vt(s: &Scenario) -> f64 {
    R * s.temperature_k() / F
}

/// KCC2's turnover in closed form, A/cm² outward: g (RT/F) ln(K_i Cl_i / (K_o Cl_o)).
fn kcc2_closed_form(s: &Scenario, g: f64, k_i: f64, cl_i: f64) -> f64 {
    let o = s.outside_mm;
    g * vt(s) * (k_i * cl_i / (o.k * o.cl)).ln()
}

/// NKCC1's turnover in closed form, A/cm² outward:
/// g (RT/F) ln(Na_i K_i Cl_i² / (Na_o K_o Cl_o²)).
fn nkcc1_closed_form(s: &Scenario, g: f64, na_i: f64, k_i: f64, cl_i: f64) -> f64 {
    let o = s.outside_mm;
    g * vt(s) * (na_i * k_i * cl_i * cl_i / (o.na * o.k * o.cl * o.cl)).ln()
}

/// The GHK current of Cl⁻ (A/cm², outward positive) written out here, apart
/// from the model's: P z² F² V/(RT) (c_i − c_o e^(−u)) / (1 − e^(−u)), u = zFV/RT.
fn ghk_cl(s: &Scenario, p_cm_s: f64, cl_i: f64, cl_o: f64, v_mv: f64) -> f64 {
    let z = -1.0;
    let u = z * v_mv * 1e-3 / vt(s);
    let (ci, co) = (cl_i * 1e-6, cl_o * 1e-6); // mol/cm³
    p_cm_s * z * F * u * (ci - co * (-u).exp()) / (1.0 - (-u).exp())
}

/// The neuron with the given capacities, as given (not at a steady state).
fn neuron_as_given(g_kcc2: f64, g_nkcc1: f64) -> Scenario {
    let mut s = Scenario::preset("neuron").expect("preset");
    s.set_key(Key::Kcc2, g_kcc2).expect("valid");
    s.set_key(Key::Nkcc1, g_nkcc1).expect("valid");
    s.start = Start::AsGiven;
    s
}

/// Each flux is zero where its ions' products inside and outside are equal:
/// KCC2 at Cl_i* = K_o Cl_o / K_i, NKCC1 at Cl_i* = Cl_o √(Na_o K_o / (Na_i K_i)).
/// On either side it has the sign of Cl_i − Cl_i* (out above, in below), and
/// everywhere it is the closed form; the readouts' forces are E_Cl − E_K and
/// 2 E_Cl − E_Na − E_K.
#[test]
fn each_flux_vanishes_at_its_equilibrium_and_has_the_sign_of_its_force() {
    let base = neuron_as_given(G_KCC2, G_NKCC1);
    let (ci, co) = (base.inside_mm, base.outside_mm);
    let kcc2_eq = co.k * co.cl / ci.k;
    let nkcc1_eq = co.cl * (co.na * co.k / (ci.na * ci.k)).sqrt();
    println!("Cl_i* for KCC2 {kcc2_eq:.6} mM, for NKCC1 {nkcc1_eq:.6} mM");
    for (name, g, cl_eq) in [("KCC2", G_KCC2, kcc2_eq), ("NKCC1", G_NKCC1, nkcc1_eq)] {
        for rel in [-0.3, -1e-3, -1e-9, 0.0, 1e-9, 1e-3, 0.3] {
            let mut s = base.clone();
            s.set_key(Key::Kcc2, if name == "KCC2" { g } else { 0.0 })
                .expect("valid");
            s.set_key(Key::Nkcc1, if name == "NKCC1" { g } else { 0.0 })
                .expect("valid");
            s.set_key(Key::Inside(rpl_model::Ion::Cl), cl_eq * (1.0 + rel))
                .expect("valid");
            let sim = Simulation::new(s.clone()).expect("valid");
            let c = sim.readouts().c_in_mm;
            let cur = sim.params().currents(sim.state());
            let (flux, closed) = if name == "KCC2" {
                assert_eq!(cur.nkcc1, 0.0);
                (cur.kcc2, kcc2_closed_form(&s, g, c.k, c.cl))
            } else {
                assert_eq!(cur.kcc2, 0.0);
                (cur.nkcc1, nkcc1_closed_form(&s, g, c.na, c.k, c.cl))
            };
            // The scale of the flux: capacity × RT/F, A/cm² per unit of the log.
            let scale = g * vt(&s);
            println!(
                "{name}: Cl_i = Cl_i*·(1 {rel:+e}): flux {:+.6e} µA/cm², closed form {:+.6e}",
                flux * 1e6,
                closed * 1e6
            );
            assert!((flux - closed).abs() <= 1e-12 * scale, "{name} {rel}");
            if rel == 0.0 {
                assert!(flux.abs() <= 1e-15 * scale, "{name}: {flux:e} at Cl_i*");
            } else {
                assert!(flux * rel > 0.0, "{name} {rel}: {flux:e}");
            }
            // The readouts' forces are the Nernst potentials' combinations,
            // and the flux is the capacity times the force.
            let r = sim.readouts();
            let ct = sim.cotransport_readouts();
            let e = r.e_mv;
            assert!((ct.kcc2_force_mv - (e.cl - e.k)).abs() <= 1e-12);
            assert!((ct.nkcc1_force_mv - (2.0 * e.cl - e.na - e.k)).abs() <= 1e-12);
            let force = if name == "KCC2" {
                ct.kcc2_force_mv
            } else {
                ct.nkcc1_force_mv
            };
            assert!(
                (flux - g * force * 1e-3).abs() <= 1e-9 * scale,
                "{name} {rel}"
            );
        }
    }
}

/// Cl⁻ᵢ at which the Cl⁻ leak (P_Cl, GHK, at `v_mv`) and a transporter
/// flux balance, found by bisection: `cl_per_cycle` × the transporter's
/// turnover `turnover(cl_i)` (A/cm², outward) equals the leak's current.
fn balancing_cl(s: &Scenario, v_mv: f64, cl_per_cycle: f64, turnover: impl Fn(f64) -> f64) -> f64 {
    let p_cl = s.permeability_cm_s.cl;
    let co = s.outside_mm.cl;
    // Cl⁻ efflux of the leak is −i_Cl/F, the transporter's ν J/F: their sum.
    let f = |cl: f64| -ghk_cl(s, p_cl, cl, co, v_mv) + cl_per_cycle * turnover(cl);
    let (mut lo, mut hi) = (1e-3, 500.0);
    assert!(f(lo) < 0.0 && f(hi) > 0.0, "a root between");
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if f(mid) < 0.0 {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    0.5 * (lo + hi)
}

/// With KCC2 alone (besides the leaks and the pump) the neuron's steady
/// state has Cl⁻ extruded, E_Cl below V; with NKCC1 alone Cl⁻ accumulated,
/// E_Cl above V. In each, the steady Cl⁻ᵢ is the one at which the Cl⁻ leak
/// and the transporter's Cl⁻ flux are equal and opposite at the steady V and
/// the other ions' concentrations (found here by bisection on the closed
/// forms), and every amount stays put for an hour.
#[test]
fn kcc2_alone_extrudes_cl_and_nkcc1_alone_accumulates_it() {
    for volume in [VolumeMode::Rigid, VolumeMode::Swelling] {
        for (name, g_kcc2, g_nkcc1) in [("KCC2", G_KCC2, 0.0), ("NKCC1", 0.0, G_NKCC1)] {
            let mut s = Scenario::preset("neuron").expect("preset");
            s.cell.volume = volume;
            s.set_key(Key::Kcc2, g_kcc2).expect("valid");
            s.set_key(Key::Nkcc1, g_nkcc1).expect("valid");
            let mut sim = Simulation::new(s.clone()).expect("a steady state");
            let r = sim.readouts();
            let (v, c) = (r.v_mv, r.c_in_mm);
            let gap = r.e_mv.cl - v;
            let cl = if name == "KCC2" {
                balancing_cl(&s, v, 1.0, |cl| kcc2_closed_form(&s, g_kcc2, c.k, cl))
            } else {
                balancing_cl(&s, v, 2.0, |cl| {
                    nkcc1_closed_form(&s, g_nkcc1, c.na, c.k, cl)
                })
            };
            let ct = sim.cotransport_readouts();
            let leak_cl = r.leak_current_ua_cm2.cl;
            println!(
                "{volume:?}, {name} alone: V {v:.4} mV, Cl_i {:.6} mM (balance of the closed forms: {cl:.6}), \
                 E_Cl {:.4} mV, E_Cl − V {gap:+.4} mV; Na_i {:.4}, K_i {:.4} mM; \
                 Cl⁻ leak {leak_cl:+.6} µA/cm², KCC2 {:+.6}, NKCC1 {:+.6} µA/cm²",
                c.cl, r.e_mv.cl, c.na, c.k, ct.kcc2_ua_cm2, ct.nkcc1_ua_cm2
            );
            assert!((c.cl - cl).abs() <= 1e-8 * cl, "{name}: {} vs {cl}", c.cl);
            // The leak's Cl⁻ current is the transporter's Cl⁻ turnover.
            let cl_turnover = ct.kcc2_ua_cm2 + 2.0 * ct.nkcc1_ua_cm2;
            assert!((leak_cl - cl_turnover).abs() <= 1e-8 * leak_cl.abs());
            assert!(ct.cl_efflux_ions_s.abs() > 0.0);
            if name == "KCC2" {
                assert!(gap < -5.0 && ct.kcc2_ua_cm2 > 0.0, "Cl⁻ extruded");
                // And Cl⁻ᵢ sits between the leak's equilibrium and KCC2's.
                assert!(r.e_mv.cl > r.e_mv.k, "E_K < E_Cl < V");
            } else {
                assert!(gap > 20.0 && ct.nkcc1_ua_cm2 < 0.0, "Cl⁻ accumulated");
                assert!(ct.nkcc1_force_mv < 0.0, "NKCC1 still brings Cl⁻ in");
            }
            // A steady state: nothing moves in an hour.
            sim.advance(Seconds(3600.0)).expect("runs");
            let after = sim.readouts();
            assert!((after.v_mv - v).abs() <= 1e-6, "{name}: V moved");
            assert!(
                (after.c_in_mm.cl - c.cl).abs() <= 1e-8 * c.cl,
                "{name}: Cl⁻ moved"
            );
        }
    }
}

/// V `ms` after a GABA_A-like (Cl⁻) synaptic pulse of `p` cm/s less V
/// after the same time without it, from the same cell.
fn ipsp(sim: &Simulation, p: f64, ms: f64) -> f64 {
    let (mut with, mut without) = (sim.clone(), sim.clone());
    with.synapse(&SynapseSpec::pulse(SynapseKind::Inhibitory, p, ms))
        .expect("valid");
    with.advance(Seconds(ms * 1e-3)).expect("runs");
    without.advance(Seconds(ms * 1e-3)).expect("runs");
    with.voltage().0 - without.voltage().0
}

/// An "immature" neuron (NKCC1 high, KCC2 low) at its steady state holds
/// Cl⁻ above equilibrium, so a Cl⁻ synaptic pulse depolarizes it; a
/// "mature" one (KCC2 high, NKCC1 low) holds Cl⁻ below, and the same pulse
/// hyperpolarizes it. V moves towards E_Cl and not past it, and at the
/// pulse's start at the rate −I_syn(V₀)/C_m of the synapse's GHK current
/// alone (the rest of the membrane carries no net current at rest).
#[test]
fn gaba_depolarizes_the_immature_neuron_and_hyperpolarizes_the_mature_one() {
    let p_inh = 2e-7;
    for (name, g_kcc2, g_nkcc1, depolarizes) in [
        ("immature", 2e-6, G_NKCC1, true),
        ("mature", G_KCC2, 2e-7, false),
    ] {
        let mut s = Scenario::preset("neuron").expect("preset");
        s.set_key(Key::Kcc2, g_kcc2).expect("valid");
        s.set_key(Key::Nkcc1, g_nkcc1).expect("valid");
        let sim = Simulation::new(s.clone()).expect("a steady state");
        let r = sim.readouts();
        let (v0, e_cl) = (r.v_mv, r.e_mv.cl);
        let dv = ipsp(&sim, p_inh, 5.0);
        // The first 20 µs: the synapse's current alone charges the membrane.
        let t_ms = 0.02;
        let dv_short = ipsp(&sim, p_inh, t_ms);
        let i_syn = ghk_cl(&s, p_inh, r.c_in_mm.cl, r.c_out_mm.cl, v0);
        let c_m = s.cell.capacitance_uf_cm2 * 1e-6;
        let predicted = -i_syn / c_m * t_ms * 1e-3 * 1e3; // mV
        println!(
            "{name} (g_KCC2 {g_kcc2:e}, g_NKCC1 {g_nkcc1:e} S/cm²): V {v0:.4} mV, Cl_i {:.4} mM, \
             E_Cl {e_cl:.4} mV (E_Cl − V {:+.4}); 5 ms Cl⁻ pulse of {p_inh} cm/s: ΔV {dv:+.4} mV; \
             first {t_ms} ms: {dv_short:+.6e} mV against −I/C·t = {predicted:+.6e} mV",
            r.c_in_mm.cl,
            e_cl - v0
        );
        assert_eq!(dv > 0.0, depolarizes, "{name}");
        assert!(dv.abs() > 0.2, "{name}: a synaptic potential");
        assert!(dv.abs() < (e_cl - v0).abs(), "{name}: not past E_Cl");
        assert!(dv * (e_cl - v0) > 0.0, "{name}: towards E_Cl");
        assert!(
            (dv_short - predicted).abs() <= 1e-2 * predicted.abs(),
            "{name}"
        );
        // The synapse's own reversal readout is E_Cl.
        assert!((sim.synaptic_readouts().e_inh_mv - e_cl).abs() <= 1e-9);
    }
}

/// The permeability and length of one press of the page's inhibitory
/// synapse button on the neuron: 10 × its P_K (5e-7 cm/s) for 100 ms
/// (`rpl_lessons::catalogue::SYNAPSE_REL` and `SYNAPSE_PULSE_MS`).
const PRESS_P_CM_S: f64 = 5e-6;
const PRESS_MS: f64 = 100.0;

/// The `neuron-immature` preset: KCC2 off, NKCC1 on with the capacity that
/// holds the measured Cl⁻ᵢ (24.7 mM, Lombardi et al. 2018), the neuron's
/// Na⁺ᵢ and K⁺ᵢ, and the pump's I_max solved with it. Its steady state is
/// those concentrations (to 1e-9 relative) and stays so for an hour; E_Cl
/// lies above V, so a press of the inhibitory synapse depolarizes it, toward
/// E_Cl and not past it; the same press on the mature neuron (the synapse
/// lesson's: the `neuron` preset with KCC2 at Düsterwald et al.'s 2e-5
/// S/cm²) hyperpolarizes it.
#[test]
fn the_immature_neuron_preset_holds_its_measured_cl_and_gaba_depolarizes_it() {
    let s = Scenario::preset("neuron-immature").expect("preset");
    assert_eq!(s.inside_mm.cl, rpl_model::scenario::IMMATURE_CL_I_MM);
    assert_eq!(s.inside_mm.cl, 24.7);
    let ct = s.cotransporters.expect("cotransporters");
    assert_eq!(ct.g_kcc2_s_cm2, 0.0, "no KCC2");
    assert!(ct.g_nkcc1_s_cm2 > 0.0 && ct.g_nkcc1_s_cm2 <= COTRANSPORT_MAX_S_CM2);
    let mut sim = Simulation::new(s.clone()).expect("a steady state");
    let r = sim.readouts();
    let neuron = Scenario::preset("neuron").expect("preset");
    for ion in [rpl_model::Ion::Na, rpl_model::Ion::K, rpl_model::Ion::Cl] {
        let want = s.inside_mm.get(ion);
        let rel = (r.c_in_mm.get(ion) - want).abs() / want;
        assert!(
            rel <= 1e-9,
            "{ion:?}: {} against {want}",
            r.c_in_mm.get(ion)
        );
    }
    assert_eq!(s.inside_mm.na, neuron.inside_mm.na);
    assert_eq!(s.inside_mm.k, neuron.inside_mm.k);
    let (v0, e_cl) = (r.v_mv, r.e_mv.cl);
    let cot = sim.cotransport_readouts();
    assert!(cot.nkcc1_ua_cm2 < 0.0, "NKCC1 brings Cl⁻ in");
    assert!(e_cl - v0 > 15.0, "E_Cl {e_cl} mV well above V {v0} mV");
    // The press, from rest.
    let dv = ipsp(&sim, PRESS_P_CM_S, PRESS_MS);
    // The mature neuron, the same press.
    let mut mature = Scenario::preset("neuron").expect("preset");
    mature.set_key(Key::Kcc2, G_KCC2).expect("valid");
    let m = Simulation::new(mature).expect("a steady state");
    let rm = m.readouts();
    let dv_mature = ipsp(&m, PRESS_P_CM_S, PRESS_MS);
    println!(
        "neuron-immature: g_NKCC1 {:e} S/cm², I_max {} µA/cm²; V {v0:.4} mV, Na_i {:.6}, K_i {:.6}, \
         Cl_i {:.6} mM, E_Cl {e_cl:.4} mV (E_Cl − V {:+.4}), E_K {:.4} mV; NKCC1 {:+.4} µA/cm², pump {:.4} µA/cm²; \
         press ({PRESS_P_CM_S} cm/s, {PRESS_MS} ms): ΔV {dv:+.4} mV. Mature (g_KCC2 {G_KCC2:e}): V {:.4} mV, \
         Cl_i {:.4} mM, E_Cl {:.4} mV; press ΔV {dv_mature:+.4} mV",
        ct.g_nkcc1_s_cm2,
        s.pump.max_current_ua_cm2,
        r.c_in_mm.na,
        r.c_in_mm.k,
        r.c_in_mm.cl,
        e_cl - v0,
        r.e_mv.k,
        cot.nkcc1_ua_cm2,
        r.pump_current_ua_cm2,
        rm.v_mv,
        rm.c_in_mm.cl,
        rm.e_mv.cl,
    );
    assert!(dv > 5.0, "depolarizes: {dv} mV");
    assert!(dv < e_cl - v0, "not past E_Cl");
    assert!(rm.e_mv.cl < rm.v_mv);
    assert!(
        dv_mature < -2.0,
        "the mature neuron hyperpolarizes: {dv_mature} mV"
    );
    assert!(dv_mature > rm.e_mv.cl - rm.v_mv, "not past E_Cl");
    // A steady state: nothing moves in an hour.
    sim.advance(Seconds(3600.0)).expect("runs");
    let after = sim.readouts();
    assert!((after.v_mv - v0).abs() <= 1e-6, "V moved");
    assert!((after.c_in_mm.cl - 24.7).abs() <= 1e-8 * 24.7, "Cl⁻ moved");
}

/// Ions and charge are kept to 1e-9 over hours with both transporters on
/// (put on a neuron at rest, which then moves to a new steady state; after
/// 2 h ouabain blocks the pump), rigid and swelling, checked every 10 min.
#[test]
fn ions_and_charge_are_conserved_over_hours() {
    for volume in [VolumeMode::Rigid, VolumeMode::Swelling] {
        let mut s = Scenario::preset("neuron").expect("preset");
        s.cell.volume = volume;
        let mut sim = Simulation::new(s).expect("valid");
        sim.apply(Command::Set(Key::Kcc2, G_KCC2)).expect("on");
        sim.apply(Command::Set(Key::Nkcc1, 2e-6)).expect("on");
        let (mut ions, mut charge, mut current) = (0.0f64, 0.0f64, 0.0f64);
        let start = sim.readouts();
        for k in 1..=24 {
            if k == 13 {
                sim.apply(Command::SetOuabain(1.0)).expect("block");
            }
            sim.advance(Seconds(600.0)).expect("runs");
            let c = sim.conservation();
            for (_, e) in c.ion_rel_error.iter() {
                ions = ions.max(e);
            }
            charge = charge.max(c.charge_rel_error);
            current = current.max(c.current_rel_error);
            assert!(
                ions <= 1e-9 && charge <= 1e-9 && current <= 1e-9,
                "{volume:?} after {k}0 min: {c:?}"
            );
        }
        let end = sim.readouts();
        println!(
            "{volume:?}, 4 h: Cl_i {:.4} → {:.4} mM, V {:.3} → {:.3} mV, volume {:.4}; worst ion {ions:e}, \
             charge {charge:e}, integrated current {current:e}; {:?}",
            start.c_in_mm.cl,
            end.c_in_mm.cl,
            start.v_mv,
            end.v_mv,
            end.volume_rel,
            sim.stats()
        );
        assert!(end.c_in_mm.cl > 2.0 * start.c_in_mm.cl, "Cl⁻ moved");
    }
}

/// The moved-out counters count what the cotransporters move. With no Cl⁻
/// leak (P_Cl = 0), Cl⁻ crosses only through them: the counter's Cl⁻ is
/// their Cl⁻ efflux (J_KCC2 + 2 J_NKCC1)/F · A integrated independently
/// (trapezoids on 600 readouts, one a second), and the amount inside falls
/// by as much.
#[test]
fn the_moved_out_counters_count_what_the_cotransporters_move() {
    let mut s = neuron_as_given(G_KCC2, 2e-7);
    s.set_key(Key::Perm(rpl_model::Ion::Cl), 0.0)
        .expect("valid");
    let mut sim = Simulation::new(s).expect("valid");
    let cl0 = sim.readouts().c_in_mm.cl;
    let mut integral = 0.0;
    let mut last = sim.cotransport_readouts().cl_efflux_ions_s;
    for _ in 0..600 {
        sim.advance(Seconds(1.0)).expect("runs");
        let now = sim.cotransport_readouts().cl_efflux_ions_s;
        integral += 0.5 * (last + now);
        last = now;
    }
    let r = sim.readouts();
    let counted = r.moved_ions.cl;
    let p = sim.params();
    let per_mm = p.w0_l * 1e-3 * N_A;
    let fell = (cl0 - r.c_in_mm.cl) * per_mm;
    println!(
        "Cl⁻ {cl0:.4} → {:.4} mM in 600 s; moved out: counter {counted:e} ions, integrated flux \
         {integral:e} ions, fall inside {fell:e} ions",
        r.c_in_mm.cl
    );
    assert!(counted > 0.0);
    assert!((counted - integral).abs() <= 1e-5 * counted);
    assert!((counted - fell).abs() <= 1e-9 * counted);
    let c = sim.conservation();
    assert!(c.ion_rel_error.cl <= 1e-12, "{c:?}");
}

/// Without cotransporters nothing changes: no preset but the immature
/// neuron has any or writes any, each key reads 0, a key set back to 0 takes them off, and a
/// scenario file's explicit zero capacities give the same run, to the last
/// bit, as none. Put on, they travel in share links and scenario files.
#[test]
fn presets_have_no_cotransporters_and_zero_capacities_change_no_bit() {
    for name in PRESET_NAMES {
        if name == "neuron-immature" {
            // Its NKCC1: the_immature_neuron_preset_holds_its_measured_cl_and_gaba_depolarizes_it.
            continue;
        }
        let s = Scenario::preset(name).expect("preset");
        assert_eq!(s.cotransporters, None, "{name}");
        assert!(!s.to_json().contains("cotransporters"), "{name}");
        assert_eq!(Key::Kcc2.get(&s), Some(0.0));
        assert_eq!(Key::Nkcc1.get(&s), Some(0.0));
        let mut zeros = s.clone();
        zeros.cotransporters = Some(Cotransporters::NONE);
        let mut a = Simulation::new(s).expect("valid");
        let mut b = Simulation::new(zeros).expect("valid");
        let cur = a.params().currents(a.state());
        assert_eq!((cur.kcc2, cur.nkcc1), (0.0, 0.0));
        for sim in [&mut a, &mut b] {
            sim.apply(Command::SetOuabain(1.0)).expect("block");
            sim.advance(Seconds(1800.0)).expect("runs");
        }
        let bits = |sim: &Simulation| sim.state().map(f64::to_bits);
        assert_eq!(bits(&a), bits(&b), "{name}");
        assert_eq!(a.stats(), b.stats(), "{name}");
    }
    let mut s = Scenario::preset("neuron").expect("preset");
    s.set("g_KCC2", "2e-5").expect("valid");
    s.set("g_NKCC1", "3e-6").expect("valid");
    let link = rpl_model::export::to_query(&s, "neuron");
    assert!(
        link.contains("g_KCC2=0.00002") && link.contains("g_NKCC1=0.000003"),
        "{link}"
    );
    let pairs: Vec<(String, String)> = link
        .split('&')
        .filter_map(|kv| kv.split_once('='))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let (back, _, errors) = rpl_model::export::from_query(&pairs, &[]);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(back.cotransporters, s.cotransporters);
    let json = s.to_json();
    assert!(json.contains("\"g_kcc2_s_cm2\": 0.00002"), "{json}");
    assert_eq!(Scenario::from_json(&json), Ok(s.clone()));
    s.set("g_KCC2", "0").expect("valid");
    s.set("g_NKCC1", "0").expect("valid");
    assert_eq!(s.cotransporters, None);
    assert_eq!(s, Scenario::preset("neuron").expect("preset"));
}

/// Bad capacities are refused naming the key, the value and what is
/// allowed, from a key, a command and a scenario file; the scenario is left
/// as it was.
#[test]
fn bad_capacities_name_the_field() {
    let mut s = Scenario::preset("neuron").expect("preset");
    for (key, value) in [
        ("g_KCC2", "-1e-6"),
        ("g_NKCC1", "0.002"),
        ("g_KCC2", "abc"),
        ("g_NKCC1", "NaN"),
    ] {
        let e = s.set(key, value).expect_err("refused");
        let m = e.to_string();
        println!("{key}={value}: {m}");
        assert_eq!(e.field(), Some(key));
        let says = if value == "NaN" {
            "not a number"
        } else {
            value
        };
        assert!(m.contains(says), "{m}");
    }
    let m = s.set("g_NKCC1", "0.002").expect_err("refused").to_string();
    assert!(
        m.contains("at most 0.001 S/cm²") && COTRANSPORT_MAX_S_CM2 == 1e-3,
        "{m}"
    );
    assert_eq!(s, Scenario::preset("neuron").expect("preset"));
    let mut sim = Simulation::new(s.clone()).expect("valid");
    let e = sim
        .apply(Command::Set(Key::Kcc2, 5.0))
        .expect_err("refused");
    assert_eq!(e.field(), Some("g_KCC2"), "{e}");
    assert!(matches!(
        Command::parse_set("g_NKCC1", "lots"),
        Err(ModelError::NotANumber { .. })
    ));
    let json = s.to_json();
    let with = |part: &str| json.replacen("\"duration_s\"", &format!("{part}, \"duration_s\""), 1);
    let e = Scenario::from_json(&with("\"cotransporters\": {\"g_nkcc1_s_cm2\": -2e-5}"))
        .expect_err("refused");
    assert_eq!(e.field(), Some("g_NKCC1"), "{e}");
    let e = Scenario::from_json(&with("\"cotransporters\": {\"g_kcc3_s_cm2\": 1e-5}"))
        .expect_err("refused");
    assert!(e.to_string().contains("g_kcc3_s_cm2"), "{e}");
    let ok =
        Scenario::from_json(&with("\"cotransporters\": {\"g_kcc2_s_cm2\": 1e-5}")).expect("valid");
    assert_eq!(Key::Kcc2.get(&ok), Some(1e-5));
    assert_eq!(Key::Nkcc1.get(&ok), Some(0.0));
}
