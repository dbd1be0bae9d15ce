//! Traub & Miles's kinetics ([`HhKinetics::traub_miles`]) against the
//! formulas of `HH_traub.mod` (ModelDB 123623) written out here as the file
//! writes them (v2 = v − vtraub), at every 0.25 mV from −100 to +60 mV and
//! at and around the removable singularities; their slopes against
//! difference quotients and vtrap's slope against its series near the
//! singularity; the temperature factor.

use rpl_model::gating::{vtrap, vtrap_dx, HhKinetics, Rate, TRAUB_MILES_CELSIUS};

const V_T: f64 = -56.2;

fn close(a: f64, b: f64, rel: f64) -> bool {
    (a - b).abs() <= rel * a.abs().max(b.abs())
}

/// `evaluate_fct` of HH_traub.mod: (α, β) of m, h, n at v, 1/ms at 36 °C.
fn mod_file(v: f64) -> [(f64, f64); 3] {
    let v2 = v - V_T;
    [
        (0.32 * vtrap(13.0 - v2, 4.0), 0.28 * vtrap(v2 - 40.0, 5.0)),
        (
            0.128 * ((17.0 - v2) / 18.0).exp(),
            4.0 / (1.0 + ((40.0 - v2) / 5.0).exp()),
        ),
        (
            0.032 * vtrap(15.0 - v2, 5.0),
            0.5 * ((10.0 - v2) / 40.0).exp(),
        ),
    ]
}

#[test]
fn the_rates_are_the_mod_files() {
    let k = HhKinetics::traub_miles(V_T);
    assert_eq!(k.celsius_ref, 36.0);
    assert_eq!(TRAUB_MILES_CELSIUS, 36.0);
    for i in 0..=640 {
        let v = -100.0 + 0.25 * f64::from(i);
        let rates = k.rates(v);
        for (g, (a, b)) in mod_file(v).into_iter().enumerate() {
            // v − (V_T + c) against c − (v − V_T): a few ulps apart.
            assert!(close(rates[g].alpha, a, 1e-12), "gate {g} α at {v}");
            assert!(close(rates[g].beta, b, 1e-12), "gate {g} β at {v}");
        }
    }
    // At the singular voltages (V_T + 13 for α_m, V_T + 40 for β_m, V_T + 15
    // for α_n) the limits: 0.32 · 4, 0.28 · 5 and 0.032 · 5 per ms.
    for (v, rate, limit) in [
        (V_T + 13.0, k.alpha_m, 1.28),
        (V_T + 40.0, k.beta_m, 1.4),
        (V_T + 15.0, k.alpha_n, 0.16),
    ] {
        assert!(close(rate.at(v), limit, 1e-12), "{rate:?} at {v}");
        for d in [1e-9, 3e-6, 1e-4, 0.01] {
            for s in [-1.0, 1.0] {
                let x = v + s * d;
                let fd = (rate.at(x + 1e-4) - rate.at(x - 1e-4)) / 2e-4;
                assert!(close(rate.dv(x), fd, 1e-6), "{rate:?}' at {x}");
            }
        }
    }
    assert!(matches!(k.beta_m, Rate::LinoidRising(_)));
}

/// Away from the singularities, every rate's slope is its difference
/// quotient; near x = 0, vtrap's slope is its series −1/2 + u/6 − u³/180.
#[test]
fn the_slopes_are_the_rates_derivatives() {
    let k = HhKinetics::traub_miles(V_T);
    let all = [
        k.alpha_m, k.beta_m, k.alpha_h, k.beta_h, k.alpha_n, k.beta_n,
    ];
    for i in 0..=160 {
        let v = -100.0 + f64::from(i) + 0.37;
        for r in all {
            let fd = (r.at(v + 1e-5) - r.at(v - 1e-5)) / 2e-5;
            assert!(
                (r.dv(v) - fd).abs() <= 1e-7 * r.dv(v).abs().max(1e-3),
                "{r:?}' at {v}: {} against {fd}",
                r.dv(v)
            );
        }
    }
    for u in [1.1e-6, -3e-6, 1e-5, -1e-4, 1e-3] {
        let series = -0.5 + u / 6.0 - u * u * u / 180.0;
        assert!(close(vtrap_dx(4.0 * u, 4.0), series, 1e-9), "u = {u}");
    }
}

/// tadj = 3^((celsius − 36)/10): 1 at 36 °C, 1/3 at 26 °C, 3^0.1 at 37 °C;
/// τ is divided by it, x∞ unchanged.
#[test]
fn the_temperature_factor_is_the_mod_files_tadj() {
    let k = HhKinetics::traub_miles(V_T);
    assert_eq!(k.temperature_factor(36.0), 1.0);
    assert!(close(k.temperature_factor(26.0), 1.0 / 3.0, 1e-15));
    assert!(close(k.temperature_factor(37.0), 3f64.powf(0.1), 1e-15));
    let v = -60.0;
    let (t36, t26) = (k.taus(v, 36.0), k.taus(v, 26.0));
    for g in 0..3 {
        assert!(close(t26[g], 3.0 * t36[g], 1e-14));
    }
    // HH's set keeps its own reference temperature.
    assert_eq!(HhKinetics::HH_1952.temperature_factor(6.3), 1.0);
}
