//! Voltage-gated channels: Hodgkin–Huxley kinetics.
//!
//! The squid giant axon's Na⁺ and K⁺ conductances of Hodgkin & Huxley (1952),
//! "A quantitative description of membrane current and its application to
//! conduction and excitation in nerve", *J Physiol* 117:500–544, in the form
//! NEURON's built-in `hh` mechanism states them (`src/nrnoc/hh.mod` of
//! neuronsimulator/nrn, unchanged since commit
//! 8202fe7e9db706d39780d0abb3531c929a325cb7 and identical at tag 9.0.2,
//! commit ba5783378c0aa1d9ac95b4454bea94b15c63f75d): absolute membrane
//! potential in mV, the sign of HH's V reversed and shifted so that the axon
//! rests near −65 mV; time in ms; rates in 1/ms. With v in mV:
//!
//! | gate | α (1/ms) | β (1/ms) |
//! |---|---|---|
//! | m (Na⁺ activation) | 0.1 · vtrap(−(v + 40), 10) | 4 · exp(−(v + 65)/18) |
//! | h (Na⁺ inactivation) | 0.07 · exp(−(v + 65)/20) | 1 / (exp(−(v + 35)/10) + 1) |
//! | n (K⁺ activation) | 0.01 · vtrap(−(v + 55), 10) | 0.125 · exp(−(v + 65)/80) |
//!
//! vtrap(x, y) = x / (exp(x/y) − 1), whose singularity at x = 0 is removable
//! (its limit is y); hh.mod uses y (1 − x/(2y)) when |x/y| < 1e-6 ([`vtrap`]).
//! Each gate x relaxes to x∞ = α/(α + β) with time constant
//! τ = 1/(q10 (α + β)), q10 = 3^((celsius − 6.3)/10) ([`q10_factor`]): HH's
//! rates are those at 6.3 °C, and temperature scales the time constants only.
//!
//! A second set, mammalian ([`HhKinetics::traub_miles`]): the Na⁺ and
//! delayed-rectifier K⁺ kinetics of Traub & Miles (1991), *Neuronal Networks
//! of the Hippocampus* (Cambridge), in the form Pospischil et al. (2008),
//! "Minimal Hodgkin–Huxley type models for different classes of cortical and
//! thalamic neurons", *Biol Cybern* 99:427–441, use for their cortical
//! neurons, as their published model code states them: `HH_traub.mod` of
//! ModelDB entry 123623 (GitHub ModelDBRepository/123623, commit
//! 8dfc13fb03c162f5ad1b5e13f94225c983391af7; the file last changed in
//! commit 6b195103e35344408ec883ca7c0b60513149bfe8). The same m³h and n⁴
//! structure; with v2 = v − V_T (V_T the threshold-setting shift, `vtraub`):
//!
//! | gate | α (1/ms) | β (1/ms) |
//! |---|---|---|
//! | m | 0.32 · vtrap(13 − v2, 4) | 0.28 · vtrap(v2 − 40, 5) |
//! | h | 0.128 · exp((17 − v2)/18) | 4 / (1 + exp((40 − v2)/5)) |
//! | n | 0.032 · vtrap(15 − v2, 5) | 0.5 · exp((10 − v2)/40) |
//!
//! β_m is the one rate of a form HH's set does not have (a linoid rising
//! with v, [`Rate::LinoidRising`]). The rates are those at 36 °C, with the
//! mod file's temperature factor tadj = 3^((celsius − 36)/10). (The mod file's
//! `Exp(x)` returns 0 for x < −100, which these rates reach only for v2 above
//! 540 mV; here exp is used throughout.)
//!
//! A kinetic set ([`HhKinetics`]) is six [`Rate`]s and the temperature of its
//! rates; its temperature factor is 3^((T − T_ref)/10)
//! ([`HhKinetics::temperature_factor`]).
//!
//! The point membrane with these channels, the stimulus and the readouts
//! (rest, spikes, rheobase, firing rate) are in [`point`].

pub mod point;

/// The temperature of HH's rate constants, °C.
pub const HH_CELSIUS: f64 = 6.3;

/// The temperature of Traub & Miles's rate constants in Pospischil et al.'s
/// `HH_traub.mod` (its `tadj = 3.0 ^ ((celsius-36)/ 10 )`), °C.
pub const TRAUB_MILES_CELSIUS: f64 = 36.0;

/// NEURON's `vtrap(x, y)` in hh.mod: x / (exp(x/y) − 1), and y (1 − x/(2y))
/// where |x/y| < 1e-6, so that the removable singularity at x = 0 (limit y)
/// is never divided out.
pub fn vtrap(x: f64, y: f64) -> f64 {
    if (x / y).abs() < 1e-6 {
        y * (1.0 - x / y / 2.0)
    } else {
        x / ((x / y).exp() - 1.0)
    }
}

/// d vtrap / dx, of the same two branches as [`vtrap`]:
/// ((e − 1) − (x/y) e) / (e − 1)² with e = exp(x/y), and −1/2 where
/// |x/y| < 1e-6. The numerator is formed as (E − u) − u E with E = e − 1
/// from `exp_m1` (u = x/y), so that it keeps its precision near the
/// singularity, where it is about −u²/2 (written as (e − 1) − u e it lost
/// up to 1e-5 of the derivative at |u| of a few 1e-6).
pub fn vtrap_dx(x: f64, y: f64) -> f64 {
    let u = x / y;
    if u.abs() < 1e-6 {
        -0.5
    } else {
        let em1 = u.exp_m1();
        ((em1 - u) - u * em1) / (em1 * em1)
    }
}

/// hh.mod's temperature factor 3^((celsius − 6.3)/10): the rates α and β at
/// `celsius` are q10 times those at 6.3 °C (so τ is divided by it and x∞ does
/// not change).
pub fn q10_factor(celsius: f64) -> f64 {
    3f64.powf((celsius - HH_CELSIUS) / 10.0)
}

/// A rate of one of the forms the kinetic sets use: α or β of one gate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Rate {
    /// k · vtrap(−(v − v_half), slope): rising at depolarised v (HH's α_m,
    /// α_n; Traub & Miles's α_m, α_n).
    Linoid(LinoidRate),
    /// k · vtrap(v − v_half, slope): rising at hyperpolarised v (Traub &
    /// Miles's β_m).
    LinoidRising(LinoidRate),
    /// k · exp(−(v − v_ref)/slope).
    Exp(ExpRate),
    /// k / (exp(−(v − v_half)/slope) + 1).
    Sigmoid(SigmoidRate),
}

impl Rate {
    /// The rate at `v` (mV), 1/ms.
    #[inline]
    pub fn at(&self, v: f64) -> f64 {
        match self {
            Rate::Linoid(r) => r.at(v),
            Rate::LinoidRising(r) => r.k * vtrap(v - r.v_half, r.slope),
            Rate::Exp(r) => r.at(v),
            Rate::Sigmoid(r) => r.at(v),
        }
    }

    /// Its derivative in v, 1/(ms·mV).
    #[inline]
    pub fn dv(&self, v: f64) -> f64 {
        match self {
            Rate::Linoid(r) => r.dv(v),
            Rate::LinoidRising(r) => r.k * vtrap_dx(v - r.v_half, r.slope),
            Rate::Exp(r) => r.dv(v),
            Rate::Sigmoid(r) => r.dv(v),
        }
    }

    /// Its constant k (1/ms, or 1/(ms·mV) for the linoids).
    pub fn k(&self) -> f64 {
        match self {
            Rate::Linoid(r) | Rate::LinoidRising(r) => r.k,
            Rate::Exp(r) => r.k,
            Rate::Sigmoid(r) => r.k,
        }
    }

    /// The same rate with its constant k replaced.
    pub fn with_k(self, k: f64) -> Rate {
        match self {
            Rate::Linoid(r) => Rate::Linoid(LinoidRate { k, ..r }),
            Rate::LinoidRising(r) => Rate::LinoidRising(LinoidRate { k, ..r }),
            Rate::Exp(r) => Rate::Exp(ExpRate { k, ..r }),
            Rate::Sigmoid(r) => Rate::Sigmoid(SigmoidRate { k, ..r }),
        }
    }
}

/// k · vtrap(−(v − v_half), slope): HH's α_m and α_n, rising linearly at
/// depolarised v and with a removable singularity at v = v_half.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LinoidRate {
    /// 1/(ms·mV).
    pub k: f64,
    /// mV.
    pub v_half: f64,
    /// mV.
    pub slope: f64,
}

impl LinoidRate {
    /// The rate at `v` (mV), 1/ms.
    pub fn at(&self, v: f64) -> f64 {
        self.k * vtrap(-(v - self.v_half), self.slope)
    }

    /// Its derivative in v, 1/(ms·mV).
    pub fn dv(&self, v: f64) -> f64 {
        -self.k * vtrap_dx(-(v - self.v_half), self.slope)
    }
}

/// k · exp(−(v − v_ref)/slope): HH's β_m, α_h and β_n.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ExpRate {
    /// 1/ms.
    pub k: f64,
    /// mV.
    pub v_ref: f64,
    /// mV.
    pub slope: f64,
}

impl ExpRate {
    /// The rate at `v` (mV), 1/ms.
    pub fn at(&self, v: f64) -> f64 {
        self.k * (-(v - self.v_ref) / self.slope).exp()
    }

    /// Its derivative in v, 1/(ms·mV).
    pub fn dv(&self, v: f64) -> f64 {
        -self.at(v) / self.slope
    }
}

/// k / (exp(−(v − v_half)/slope) + 1): HH's β_h.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SigmoidRate {
    /// 1/ms.
    pub k: f64,
    /// mV.
    pub v_half: f64,
    /// mV.
    pub slope: f64,
}

impl SigmoidRate {
    /// The rate at `v` (mV), 1/ms.
    pub fn at(&self, v: f64) -> f64 {
        self.k / ((-(v - self.v_half) / self.slope).exp() + 1.0)
    }

    /// Its derivative in v, 1/(ms·mV).
    pub fn dv(&self, v: f64) -> f64 {
        let e = (-(v - self.v_half) / self.slope).exp();
        self.k * e / (self.slope * (e + 1.0) * (e + 1.0))
    }
}

/// One gate's opening and closing rates at a voltage, 1/ms at the kinetic
/// set's temperature.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GateRates {
    /// Opening rate α.
    pub alpha: f64,
    /// Closing rate β.
    pub beta: f64,
}

impl GateRates {
    /// The steady state x∞ = α/(α + β).
    pub fn inf(&self) -> f64 {
        self.alpha / (self.alpha + self.beta)
    }

    /// The time constant τ = 1/(q10 (α + β)), ms, at temperature factor `q10`.
    pub fn tau(&self, q10: f64) -> f64 {
        1.0 / (q10 * (self.alpha + self.beta))
    }
}

/// A kinetic set of Hodgkin–Huxley type (Na⁺ m³h, K⁺ n⁴): the six rate
/// functions, named as they appear in hh.mod, and the temperature at which
/// they hold. [`HhKinetics::HH_1952`] holds hh.mod's values,
/// [`HhKinetics::traub_miles`] those of Pospischil et al.'s `HH_traub.mod`.
/// A copy with one constant changed is a different model (the tests plant
/// one).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HhKinetics {
    /// α_m (HH: 0.1 · vtrap(−(v + 40), 10)).
    pub alpha_m: Rate,
    /// β_m (HH: 4 · exp(−(v + 65)/18)).
    pub beta_m: Rate,
    /// α_h (HH: 0.07 · exp(−(v + 65)/20)).
    pub alpha_h: Rate,
    /// β_h (HH: 1 / (exp(−(v + 35)/10) + 1)).
    pub beta_h: Rate,
    /// α_n (HH: 0.01 · vtrap(−(v + 55), 10)).
    pub alpha_n: Rate,
    /// β_n (HH: 0.125 · exp(−(v + 65)/80)).
    pub beta_n: Rate,
    /// The temperature of these rates, °C: at T they are multiplied by
    /// 3^((T − celsius_ref)/10) ([`HhKinetics::temperature_factor`]).
    pub celsius_ref: f64,
}

impl HhKinetics {
    /// Hodgkin & Huxley (1952) as NEURON's hh.mod states them, at 6.3 °C.
    pub const HH_1952: HhKinetics = HhKinetics {
        alpha_m: Rate::Linoid(LinoidRate {
            k: 0.1,
            v_half: -40.0,
            slope: 10.0,
        }),
        beta_m: Rate::Exp(ExpRate {
            k: 4.0,
            v_ref: -65.0,
            slope: 18.0,
        }),
        alpha_h: Rate::Exp(ExpRate {
            k: 0.07,
            v_ref: -65.0,
            slope: 20.0,
        }),
        beta_h: Rate::Sigmoid(SigmoidRate {
            k: 1.0,
            v_half: -35.0,
            slope: 10.0,
        }),
        alpha_n: Rate::Linoid(LinoidRate {
            k: 0.01,
            v_half: -55.0,
            slope: 10.0,
        }),
        beta_n: Rate::Exp(ExpRate {
            k: 0.125,
            v_ref: -65.0,
            slope: 80.0,
        }),
        celsius_ref: HH_CELSIUS,
    };

    /// Traub & Miles's (1991) Na⁺ and delayed-rectifier K⁺ kinetics as
    /// Pospischil et al. (2008) use them, in `HH_traub.mod` of ModelDB
    /// 123623 (ModelDBRepository/123623, commit
    /// 8dfc13fb03c162f5ad1b5e13f94225c983391af7), with threshold shift
    /// `v_t` (mV; the file's `vtraub`, −56.2 mV for the regular-spiking
    /// neuron), at 36 °C. With v2 = v − v_t:
    /// α_m = 0.32 · vtrap(13 − v2, 4), β_m = 0.28 · vtrap(v2 − 40, 5),
    /// α_h = 0.128 · exp((17 − v2)/18), β_h = 4 / (1 + exp((40 − v2)/5)),
    /// α_n = 0.032 · vtrap(15 − v2, 5), β_n = 0.5 · exp((10 − v2)/40).
    pub const fn traub_miles(v_t: f64) -> HhKinetics {
        HhKinetics {
            alpha_m: Rate::Linoid(LinoidRate {
                k: 0.32,
                v_half: v_t + 13.0,
                slope: 4.0,
            }),
            beta_m: Rate::LinoidRising(LinoidRate {
                k: 0.28,
                v_half: v_t + 40.0,
                slope: 5.0,
            }),
            alpha_h: Rate::Exp(ExpRate {
                k: 0.128,
                v_ref: v_t + 17.0,
                slope: 18.0,
            }),
            beta_h: Rate::Sigmoid(SigmoidRate {
                k: 4.0,
                v_half: v_t + 40.0,
                slope: 5.0,
            }),
            alpha_n: Rate::Linoid(LinoidRate {
                k: 0.032,
                v_half: v_t + 15.0,
                slope: 5.0,
            }),
            beta_n: Rate::Exp(ExpRate {
                k: 0.5,
                v_ref: v_t + 10.0,
                slope: 40.0,
            }),
            celsius_ref: TRAUB_MILES_CELSIUS,
        }
    }

    /// The factor 3^((celsius − celsius_ref)/10) by which the rates at
    /// `celsius` exceed those of the set (τ is divided by it; x∞ does not
    /// change). For HH's set, [`q10_factor`].
    #[inline]
    pub fn temperature_factor(&self, celsius: f64) -> f64 {
        3f64.powf((celsius - self.celsius_ref) / 10.0)
    }

    /// Na⁺ activation m: rates at `v` (mV), at the set's temperature.
    pub fn m(&self, v: f64) -> GateRates {
        GateRates {
            alpha: self.alpha_m.at(v),
            beta: self.beta_m.at(v),
        }
    }

    /// Na⁺ inactivation h: rates at `v` (mV), at the set's temperature.
    pub fn h(&self, v: f64) -> GateRates {
        GateRates {
            alpha: self.alpha_h.at(v),
            beta: self.beta_h.at(v),
        }
    }

    /// K⁺ activation n: rates at `v` (mV), at the set's temperature.
    pub fn n(&self, v: f64) -> GateRates {
        GateRates {
            alpha: self.alpha_n.at(v),
            beta: self.beta_n.at(v),
        }
    }

    /// The three gates' rates at `v`, in the order m, h, n.
    pub fn rates(&self, v: f64) -> [GateRates; 3] {
        [self.m(v), self.h(v), self.n(v)]
    }

    /// d(α, β)/dv of the three gates at `v`, in the order m, h, n.
    pub fn rates_dv(&self, v: f64) -> [GateRates; 3] {
        [
            GateRates {
                alpha: self.alpha_m.dv(v),
                beta: self.beta_m.dv(v),
            },
            GateRates {
                alpha: self.alpha_h.dv(v),
                beta: self.beta_h.dv(v),
            },
            GateRates {
                alpha: self.alpha_n.dv(v),
                beta: self.beta_n.dv(v),
            },
        ]
    }

    /// m∞, h∞, n∞ at `v` (independent of temperature).
    pub fn steady(&self, v: f64) -> [f64; 3] {
        self.rates(v).map(|r| r.inf())
    }

    /// τ_m, τ_h, τ_n at `v`, ms, at `celsius`.
    pub fn taus(&self, v: f64, celsius: f64) -> [f64; 3] {
        let q = self.temperature_factor(celsius);
        self.rates(v).map(|r| r.tau(q))
    }
}

/// Voltage-gated channels of Hodgkin–Huxley type on the pump-leak cell
/// ([`crate::system`]), in the units its equations use: the rate functions,
/// the peak conductances and the temperature factor.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Gated {
    /// The gates' rate functions (1/ms at the set's temperature, V in mV).
    pub kinetics: HhKinetics,
    /// Peak Na⁺ conductance, S/cm².
    pub g_na: f64,
    /// Peak K⁺ conductance, S/cm².
    pub g_k: f64,
    /// Temperature factor of the rates, 3^((T − T_ref)/10) (T_ref 6.3 °C
    /// for HH's set).
    pub q10: f64,
}

impl Gated {
    /// HH's (1952) kinetics with peak conductances `g_na` and `g_k`
    /// (S/cm²) at `celsius`.
    pub fn hh(g_na: f64, g_k: f64, celsius: f64) -> Gated {
        Gated::new(HhKinetics::HH_1952, g_na, g_k, celsius)
    }

    /// Traub & Miles's kinetics ([`HhKinetics::traub_miles`]) with
    /// threshold shift `v_t` (mV) and peak conductances `g_na` and `g_k`
    /// (S/cm²) at `celsius`.
    pub fn traub_miles(g_na: f64, g_k: f64, v_t: f64, celsius: f64) -> Gated {
        Gated::new(HhKinetics::traub_miles(v_t), g_na, g_k, celsius)
    }

    /// `kinetics` with peak conductances `g_na` and `g_k` (S/cm²) at
    /// `celsius`.
    pub fn new(kinetics: HhKinetics, g_na: f64, g_k: f64, celsius: f64) -> Gated {
        Gated {
            kinetics,
            g_na,
            g_k,
            q10: kinetics.temperature_factor(celsius),
        }
    }

    /// The Na⁺ and K⁺ currents, A/cm² (outward positive), with every gate at
    /// its steady state at `v_mv` and reversal potentials `e_na`, `e_k` (mV).
    pub fn steady_currents(&self, v_mv: f64, e_na: f64, e_k: f64) -> (f64, f64) {
        let [m, h, n] = self.kinetics.steady(v_mv);
        (
            1e-3 * self.g_na * m * m * m * h * (v_mv - e_na),
            1e-3 * self.g_k * n * n * n * n * (v_mv - e_k),
        )
    }
}

impl Default for HhKinetics {
    fn default() -> Self {
        Self::HH_1952
    }
}
