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
//! The point membrane with these channels, the stimulus and the readouts
//! (rest, spikes, rheobase, firing rate) are in [`point`].

pub mod point;

/// The temperature of HH's rate constants, °C.
pub const HH_CELSIUS: f64 = 6.3;

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
/// |x/y| < 1e-6.
pub fn vtrap_dx(x: f64, y: f64) -> f64 {
    let u = x / y;
    if u.abs() < 1e-6 {
        -0.5
    } else {
        let e = u.exp();
        let em1 = e - 1.0;
        (em1 - u * e) / (em1 * em1)
    }
}

/// hh.mod's temperature factor 3^((celsius − 6.3)/10): the rates α and β at
/// `celsius` are q10 times those at 6.3 °C (so τ is divided by it and x∞ does
/// not change).
pub fn q10_factor(celsius: f64) -> f64 {
    3f64.powf((celsius - HH_CELSIUS) / 10.0)
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

/// One gate's opening and closing rates at a voltage, 1/ms at 6.3 °C.
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

/// The constants of the six HH rate functions, named as they appear in
/// hh.mod; [`HhKinetics::HH_1952`] holds hh.mod's values. A copy with one
/// constant changed is a different model (the tests plant one).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HhKinetics {
    /// α_m = 0.1 · vtrap(−(v + 40), 10).
    pub alpha_m: LinoidRate,
    /// β_m = 4 · exp(−(v + 65)/18).
    pub beta_m: ExpRate,
    /// α_h = 0.07 · exp(−(v + 65)/20).
    pub alpha_h: ExpRate,
    /// β_h = 1 / (exp(−(v + 35)/10) + 1).
    pub beta_h: SigmoidRate,
    /// α_n = 0.01 · vtrap(−(v + 55), 10).
    pub alpha_n: LinoidRate,
    /// β_n = 0.125 · exp(−(v + 65)/80).
    pub beta_n: ExpRate,
}

impl HhKinetics {
    /// Hodgkin & Huxley (1952) as NEURON's hh.mod states them.
    pub const HH_1952: HhKinetics = HhKinetics {
        alpha_m: LinoidRate {
            k: 0.1,
            v_half: -40.0,
            slope: 10.0,
        },
        beta_m: ExpRate {
            k: 4.0,
            v_ref: -65.0,
            slope: 18.0,
        },
        alpha_h: ExpRate {
            k: 0.07,
            v_ref: -65.0,
            slope: 20.0,
        },
        beta_h: SigmoidRate {
            k: 1.0,
            v_half: -35.0,
            slope: 10.0,
        },
        alpha_n: LinoidRate {
            k: 0.01,
            v_half: -55.0,
            slope: 10.0,
        },
        beta_n: ExpRate {
            k: 0.125,
            v_ref: -65.0,
            slope: 80.0,
        },
    };

    /// Na⁺ activation m: rates at `v` (mV), 6.3 °C.
    pub fn m(&self, v: f64) -> GateRates {
        GateRates {
            alpha: self.alpha_m.at(v),
            beta: self.beta_m.at(v),
        }
    }

    /// Na⁺ inactivation h: rates at `v` (mV), 6.3 °C.
    pub fn h(&self, v: f64) -> GateRates {
        GateRates {
            alpha: self.alpha_h.at(v),
            beta: self.beta_h.at(v),
        }
    }

    /// K⁺ activation n: rates at `v` (mV), 6.3 °C.
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
        let q = q10_factor(celsius);
        self.rates(v).map(|r| r.tau(q))
    }
}

/// Hodgkin–Huxley channels on the pump-leak cell ([`crate::system`]), in the
/// units its equations use: the rate functions, the peak conductances and
/// the temperature factor.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Gated {
    /// The gates' rate functions (1/ms at 6.3 °C, V in mV).
    pub kinetics: HhKinetics,
    /// Peak Na⁺ conductance, S/cm².
    pub g_na: f64,
    /// Peak K⁺ conductance, S/cm².
    pub g_k: f64,
    /// Temperature factor of the rates, 3^((T − 6.3 °C)/10).
    pub q10: f64,
}

impl Gated {
    /// HH's (1952) kinetics with peak conductances `g_na` and `g_k`
    /// (S/cm²) at `celsius`.
    pub fn hh(g_na: f64, g_k: f64, celsius: f64) -> Gated {
        Gated {
            kinetics: HhKinetics::HH_1952,
            g_na,
            g_k,
            q10: q10_factor(celsius),
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
