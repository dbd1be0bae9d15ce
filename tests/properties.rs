//! Properties over randomly drawn parameters.

use proptest::prelude::*;
use rpl_model::electro::{nernst_mv, resting_potential};
use rpl_model::{Command, Ion, IonMap, Scenario, Seconds, Simulation};

fn conc() -> impl Strategy<Value = f64> {
    // 0.01 to 500 mM, log-uniform.
    (-2.0f64..2.7).prop_map(|e| 10f64.powf(e))
}

fn perm() -> impl Strategy<Value = f64> {
    prop_oneof![Just(0.0), (-9.0f64..-4.0).prop_map(|e| 10f64.powf(e))]
}

fn maps() -> impl Strategy<Value = (IonMap<f64>, IonMap<f64>, IonMap<f64>, f64)> {
    (
        [conc(), conc(), conc(), conc()],
        [conc(), conc(), conc(), conc()],
        [perm(), perm(), perm(), perm()],
        0.0f64..45.0,
    )
        .prop_map(|(ci, co, p, t)| {
            let m = |a: [f64; 4]| IonMap {
                na: a[0],
                k: a[1],
                cl: a[2],
                ca: a[3],
            };
            (m(ci), m(co), m(p), t + 273.15)
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn rest_lies_between_the_permeant_ions_equilibrium_potentials((ci, co, p, t) in maps()) {
        let permeant: Vec<Ion> = Ion::ALL.into_iter().filter(|&i| p.get(i) > 0.0).collect();
        prop_assume!(!permeant.is_empty());
        let v = resting_potential(&p, &ci, &co, 0.0, t).expect("root");
        let es: Vec<f64> = permeant.iter().map(|&i| nernst_mv(i.valence(), ci.get(i), co.get(i), t)).collect();
        let lo = es.iter().cloned().fold(f64::INFINITY, f64::min);
        let hi = es.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
        prop_assert!(v >= lo - 1e-9 && v <= hi + 1e-9, "V {} outside [{}, {}]", v, lo, hi);
    }

    #[test]
    fn one_permeant_ion_gives_its_nernst_potential((ci, co, _p, t) in maps(), which in 0usize..4, pv in -9.0f64..-4.0) {
        let ion = Ion::ALL[which];
        let p = IonMap::from_fn(|i| if i == ion { 10f64.powf(pv) } else { 0.0 });
        let v = resting_potential(&p, &ci, &co, 0.0, t).expect("root");
        let e = nernst_mv(ion.valence(), ci.get(ion), co.get(ion), t);
        prop_assert!((v - e).abs() < 1e-9, "{}: V {} vs E {}", ion, v, e);
    }

    #[test]
    fn equal_concentrations_give_zero((ci, _co, p, t) in maps()) {
        prop_assume!(Ion::ALL.iter().any(|&i| p.get(i) > 0.0));
        let v = resting_potential(&p, &ci, &ci, 0.0, t).expect("root");
        prop_assert!(v.abs() < 1e-9, "{}", v);
    }

    #[test]
    fn scaling_every_permeability_leaves_rest_unchanged((ci, co, p, t) in maps(), k in -3.0f64..3.0) {
        prop_assume!(Ion::ALL.iter().any(|&i| p.get(i) > 0.0));
        let scaled = p.map(|_, x| x * 10f64.powf(k));
        let a = resting_potential(&p, &ci, &co, 0.0, t).expect("root");
        let b = resting_potential(&scaled, &ci, &co, 0.0, t).expect("root");
        prop_assert!((a - b).abs() < 1e-9, "{} vs {}", a, b);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// The pump-leak steady state of a perturbed neuron: zero total current,
    /// constant amounts, and every readout finite.
    #[test]
    fn steady_state_has_zero_current_and_constant_amounts(
        k_o in 1.0f64..40.0,
        na_rel in 0.001f64..0.3,
        cl_rel in 0.0f64..3.0,
        pump_scale in 0.3f64..3.0,
        swelling in any::<bool>(),
    ) {
        let mut s = Scenario::preset("neuron").expect("preset");
        s.set("K_o", &k_o.to_string()).expect("valid");
        s.set("P_Na_rel", &na_rel.to_string()).expect("valid");
        s.set("P_Cl_rel", &cl_rel.to_string()).expect("valid");
        s.set("pump_max", &(s.pump.max_current_ua_cm2 * pump_scale).to_string()).expect("valid");
        s.set("volume", if swelling { "swelling" } else { "rigid" }).expect("valid");
        let mut sim = Simulation::new(s).expect("steady state exists");
        let r = sim.readouts();
        prop_assert!(r.net_current_ua_cm2.abs() < 1e-9 * r.pump_current_ua_cm2.abs().max(1e-3), "{}", r.net_current_ua_cm2);
        let c0 = r.c_in_mm;
        sim.advance(Seconds(600.0)).expect("runs");
        let c1 = sim.readouts().c_in_mm;
        for ion in Ion::ALL {
            prop_assert!(((c1.get(ion) - c0.get(ion)) / c0.get(ion)).abs() < 1e-6, "{} drifted", ion);
        }
        sim.apply(Command::SetOuabain(1.0)).expect("valid");
        sim.advance(Seconds(3600.0)).expect("runs");
        let json = serde_json::to_string(&sim.readouts()).expect("serialises");
        prop_assert!(!json.contains("null"), "a non-finite readout: {}", json);
    }
}
