//! The membrane view's animation state and its pure arithmetic: how many
//! dots a concentration gets, how many ions one crossing dot stands for, the
//! charge layer for a voltage, the crossing dots in flight and the pump's
//! phase. The web crate draws a [`MembraneView`] on a canvas; nothing here
//! draws or touches the browser, so all of it is tested natively.
//!
//! * **Compartments.** Dot density is proportional to concentration: one dot
//!   stands for [`mm_per_dot`] mM (5 mM unless a concentration is too high for
//!   the space).
//! * **Crossing dots.** Ions cross at the model's rates times the chosen speed
//!   (model seconds per real second), divided by one visual scale factor,
//!   [`MembraneView::ions_per_dot`], that the legend states. The factor is a
//!   1-2-5 number picked so the busiest path carries about [`TARGET_DOTS_S`]
//!   dots per real second; it is kept while the speed stays the same (so a flux
//!   that dies away is seen to slow down), and picked again when the speed
//!   changes, the run starts again, or a path gets busier than [`MAX_DOTS_S`].
//!   The pump turns one visual cycle per that many pump cycles, sending 3 Na⁺
//!   dots out and 2 K⁺ dots in each time; blocked, it stands still.
//! * **Charge layer.** `+` signs on one face and `−` signs on the other, one
//!   pair per [`MV_PER_CHARGE`] mV of |V|, `+` outside while V < 0.
//!
//! Randomness comes from a small seeded xorshift, so the animation is the same
//! on every run.

use rpl_model::decimal::Fixed;
use rpl_model::{Ion, Readouts};

use crate::axis::nice_ceil;
use crate::format::{format_count, format_number, format_percent};
use crate::i18n::{tf, tf_count};

/// The legend's scale of the crossing dots: "moving dot ≈ 20 ions", "moving
/// dot ≈ 1 ion" (Chinese has one form).
pub fn moving_dot_text(ions_per_dot: f64) -> String {
    let n = format_count(ions_per_dot);
    tf_count("mem.moving-dot", &n, &[("n", &n)])
}

/// The pump's rate beside it: "1.2 billion cycles/s", "1 cycle/s".
pub fn cycles_text(cycles_s: f64) -> String {
    let n = format_count(cycles_s);
    tf_count("mem.cycles", &n, &[("n", &n)])
}

/// The fewest mM one dot stands for.
pub const MIN_MM_PER_DOT: f64 = 5.0;
/// Crossing dots per real second on the busiest path when the scale factor is picked.
pub const TARGET_DOTS_S: f64 = 5.0;
/// Above this many dots per real second on a path the scale factor is picked again.
pub const MAX_DOTS_S: f64 = 10.0;
/// Real seconds a dot takes to cross.
pub const TRAVEL_S: f64 = 1.2;
/// Millivolts of |V| per pair of charge signs.
pub const MV_PER_CHARGE: f64 = 10.0;
/// The most charge-sign pairs drawn.
pub const MAX_CHARGES: usize = 16;
/// Crossing dots kept at most (a guard; the scale factor keeps far fewer in flight).
pub const MAX_CROSSINGS: usize = 240;
/// Na⁺ leaves at these fractions of a visual pump cycle, K⁺ enters at those.
pub const PUMP_NA_AT: [f64; 3] = [0.0, 0.12, 0.24];
/// K⁺ enters at these fractions of a visual pump cycle.
pub const PUMP_K_AT: [f64; 2] = [0.5, 0.62];

/// Ions per crossing dot: the 1-2-5 number that makes the busiest path
/// (`busiest_ions_s` ions per model second, at `speed` model seconds per real
/// second) carry at most [`TARGET_DOTS_S`] dots per real second. At least 1.
pub fn choose_ions_per_dot(busiest_ions_s: f64, speed: f64) -> f64 {
    nice_ceil(busiest_ions_s.abs() * speed.abs() / TARGET_DOTS_S).max(1.0)
}

/// Crossing dots per real second for a flux of `ions_s` ions per model second.
pub fn dots_per_second(ions_s: f64, speed: f64, ions_per_dot: f64) -> f64 {
    let r = ions_s.abs() * speed.abs() / ions_per_dot;
    if r.is_finite() {
        r
    } else {
        0.0
    }
}

/// Length of a flux arrow, in the same units as `max_len`: proportional to the
/// path's dots per second, reaching `max_len` at [`MAX_DOTS_S`] (beyond which
/// the scale factor is picked again).
pub fn arrow_length(dots_s: f64, max_len: f64) -> f64 {
    if !dots_s.is_finite() {
        return 0.0;
    }
    max_len * rpl_model::units::clamp(dots_s.abs() / MAX_DOTS_S, 0.0, 1.0)
}

/// mM per dot: [`MIN_MM_PER_DOT`], or the next larger 1-2-5 step, so that the
/// most concentrated species (`max_mm`) needs no more than `capacity` dots.
pub fn mm_per_dot(max_mm: f64, capacity: usize) -> f64 {
    let mut s = MIN_MM_PER_DOT;
    let cap = capacity.max(1) as f64;
    for _ in 0..12 {
        if !max_mm.is_finite() || (max_mm / s).round() <= cap {
            break;
        }
        s = nice_ceil(s * 1.5);
    }
    s
}

/// Dots for a concentration: `c_mm / mm_per_dot`, rounded, and at least one
/// for any ion that is present at all.
pub fn dot_count(c_mm: f64, mm_per_dot: f64) -> usize {
    if !(c_mm.is_finite() && c_mm > 0.0 && mm_per_dot > 0.0) {
        return 0;
    }
    ((c_mm / mm_per_dot).round() as usize).max(1)
}

/// The charge layer for a membrane voltage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChargeLayer {
    /// Pairs of signs (one `+` on one face, one `−` on the other).
    pub pairs: usize,
    /// Whether the `+` signs are on the outer face (V < 0, the usual case).
    pub plus_outside: bool,
}

/// The charge layer for `v_mv`: one pair per [`MV_PER_CHARGE`] mV of |V|
/// (rounded, at most [`MAX_CHARGES`]), `+` outside when V < 0.
pub fn charge_layer(v_mv: f64) -> ChargeLayer {
    if !v_mv.is_finite() {
        return ChargeLayer {
            pairs: 0,
            plus_outside: true,
        };
    }
    ChargeLayer {
        pairs: ((v_mv.abs() / MV_PER_CHARGE).round() as usize).min(MAX_CHARGES),
        plus_outside: v_mv <= 0.0,
    }
}

/// A small deterministic random number generator (xorshift32).
#[derive(Debug, Clone)]
pub struct XorShift(u32);

impl XorShift {
    /// A generator from a seed (0 is replaced by a fixed non-zero seed).
    pub fn new(seed: u32) -> XorShift {
        XorShift(if seed == 0 { 0x9e37_79b9 } else { seed })
    }

    /// The next 32 random bits.
    pub fn next_u32(&mut self) -> u32 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        self.0 = x;
        x
    }

    /// A number in [0, 1).
    pub fn next_f64(&mut self) -> f64 {
        f64::from(self.next_u32()) / 4_294_967_296.0
    }
}

// ---------------------------------------------------------------- animation state

/// Which way across the membrane a dot goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    /// Through the ion's leak channel.
    Leak,
    /// Through the Na⁺/K⁺ pump.
    Pump,
}

/// One dot on its way across the membrane.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Crossing {
    /// Which ion it is.
    pub ion: Ion,
    /// Channel or pump.
    pub route: Route,
    /// Out of the cell (true) or into it.
    pub outward: bool,
    /// Real seconds since it set off (it arrives after [`TRAVEL_S`]).
    pub age_s: f64,
    /// Sideways offset away from the pore, −1..1.
    pub drift: f64,
}

/// While the cell plays, the captions' numbers and the charge layer are
/// taken at most this often, in real seconds ([`MembraneView::captions`]).
pub const CAPTIONS_EVERY_S: f64 = 0.2;

/// The leak channels, left to right.
pub const LEAKS: [Ion; 3] = [Ion::K, Ion::Na, Ion::Cl];

/// Animation state of the membrane view: crossing dots, the pump's phase and
/// the visual scale factor. See the module docs for what is drawn.
#[derive(Debug, Clone)]
pub struct MembraneView {
    /// What the captions' numbers and the charge layer show (see
    /// [`captions`](Self::captions)), and how long ago they were taken.
    captions: Option<(Readouts, f64)>,
    ions_per_dot: Option<f64>,
    speed: f64,
    last_t_s: f64,
    clock_s: f64,
    pump_phase: f64,
    leak_acc: [f64; 3],
    crossings: Vec<Crossing>,
    rng: XorShift,
}

impl Default for MembraneView {
    fn default() -> Self {
        Self::new()
    }
}

impl MembraneView {
    /// A view with nothing in flight and no scale factor yet (it is picked on
    /// the first [`advance`](Self::advance)).
    pub fn new() -> MembraneView {
        MembraneView {
            captions: None,
            ions_per_dot: None,
            speed: 0.0,
            last_t_s: f64::NEG_INFINITY,
            clock_s: 0.0,
            pump_phase: 0.0,
            leak_acc: [0.0; 3],
            crossings: Vec::new(),
            rng: XorShift::new(0x5eed_1e55),
        }
    }

    /// Move the animation on by one frame: `real_dt_s` real seconds in which the
    /// model advanced by `model_dt_s`. Reads the readouts, never the model.
    pub fn advance(&mut self, r: &Readouts, real_dt_s: f64, model_dt_s: f64) {
        if !(real_dt_s.is_finite() && real_dt_s > 0.0 && model_dt_s.is_finite()) {
            return;
        }
        let speed = model_dt_s.max(0.0) / real_dt_s;
        match &mut self.captions {
            Some((_, age)) if *age + real_dt_s < CAPTIONS_EVERY_S && r.t_s >= self.last_t_s => {
                *age += real_dt_s;
            }
            _ => self.show_now(r),
        }
        if r.t_s < self.last_t_s {
            // The run started again: nothing is in flight, pick the factor afresh.
            self.crossings.clear();
            self.ions_per_dot = None;
            self.leak_acc = [0.0; 3];
        }
        self.last_t_s = r.t_s;
        let busiest = busiest_flux(r);
        let repick = match self.ions_per_dot {
            None => true,
            Some(n) => {
                (speed - self.speed).abs() > 1e-9 * speed.max(self.speed)
                    || dots_per_second(busiest, speed, n) > MAX_DOTS_S
            }
        };
        if repick && busiest * speed > 0.0 {
            self.ions_per_dot = Some(choose_ions_per_dot(busiest, speed));
        }
        self.speed = speed;
        self.clock_s += real_dt_s;

        for c in &mut self.crossings {
            c.age_s += real_dt_s;
        }
        self.crossings.retain(|c| c.age_s < TRAVEL_S);

        let Some(n) = self.ions_per_dot else {
            return;
        };
        for (k, ion) in LEAKS.into_iter().enumerate() {
            let flux = finite(r.leak_efflux_ions_s.get(ion));
            let rate = dots_per_second(flux, speed, n);
            self.leak_acc[k] += rate * real_dt_s;
            // More than a few per frame means the factor is about to be picked again.
            self.leak_acc[k] = self.leak_acc[k].min(8.0);
            while self.leak_acc[k] >= 1.0 {
                self.leak_acc[k] -= 1.0;
                let age = if rate > 0.0 {
                    self.leak_acc[k] / rate
                } else {
                    0.0
                };
                self.launch(ion, Route::Leak, flux > 0.0, age);
            }
        }

        let cycles_rate = dots_per_second(finite(r.pump_cycles_s).max(0.0), speed, n);
        let before = self.pump_phase;
        let after = before + (cycles_rate * real_dt_s).min(4.0);
        if after > before {
            let first = before.floor() as i64;
            let last = after.floor() as i64;
            for cycle in first..=last {
                let base = cycle as f64;
                let events = PUMP_NA_AT
                    .iter()
                    .map(|&f| (Ion::Na, true, f))
                    .chain(PUMP_K_AT.iter().map(|&f| (Ion::K, false, f)));
                for (ion, outward, f) in events {
                    let at = base + f;
                    if at > before && at <= after {
                        let age = (after - at) / cycles_rate;
                        self.launch(ion, Route::Pump, outward, age);
                    }
                }
            }
            self.pump_phase = after;
        }
    }

    /// The readouts the captions' numbers (the concentrations on each side)
    /// and the charge layer show: while the cell plays, taken at most every
    /// [`CAPTIONS_EVERY_S`] of real time, so that at a fast speed, when they
    /// change every frame, the still picture behind the moving dots is not
    /// drawn again every frame (a phone spends most of such a frame on the
    /// captions' text) and the numbers stay readable; `r` itself before the
    /// first frame. [`show_now`](Self::show_now) takes them at once.
    pub fn captions<'a>(&'a self, r: &'a Readouts) -> &'a Readouts {
        self.captions.as_ref().map_or(r, |(c, _)| c)
    }

    /// Show `r` in the captions now (any change but a playing frame: a
    /// paused, stepped or changed cell shows its own numbers).
    pub fn show_now(&mut self, r: &Readouts) {
        match &mut self.captions {
            Some((c, age)) => {
                c.clone_from(r);
                *age = 0.0;
            }
            None => self.captions = Some((r.clone(), 0.0)),
        }
    }

    fn launch(&mut self, ion: Ion, route: Route, outward: bool, age_s: f64) {
        if self.crossings.len() >= MAX_CROSSINGS || age_s >= TRAVEL_S {
            return;
        }
        let drift = 2.0 * self.rng.next_f64() - 1.0;
        self.crossings.push(Crossing {
            ion,
            route,
            outward,
            age_s: age_s.max(0.0),
            drift,
        });
    }

    /// The pump's phase in visual cycles since the view was made (each visual
    /// cycle stands for [`ions_per_dot`](Self::ions_per_dot) pump cycles).
    pub fn pump_phase(&self) -> f64 {
        self.pump_phase
    }

    /// Ions each crossing dot stands for, once picked.
    pub fn ions_per_dot(&self) -> Option<f64> {
        self.ions_per_dot
    }

    /// The dots now crossing the membrane.
    pub fn crossings(&self) -> &[Crossing] {
        &self.crossings
    }

    /// The scale factor to draw with: the one picked, or (before the first
    /// frame) the one that would be picked at real time.
    pub fn draw_ions_per_dot(&self, r: &Readouts) -> f64 {
        self.ions_per_dot.unwrap_or_else(|| {
            let speed = if self.speed > 0.0 { self.speed } else { 1.0 };
            choose_ions_per_dot(busiest_flux(r), speed)
        })
    }

    /// The speed to draw with: the last one seen, or real time before the first frame.
    pub fn draw_speed(&self) -> f64 {
        if self.speed > 0.0 {
            self.speed
        } else {
            1.0
        }
    }

    /// Real seconds the animation has run (for the still dots' wobble).
    pub fn clock_s(&self) -> f64 {
        self.clock_s
    }
}

/// `x`, or 0 when it is not finite.
pub fn finite(x: f64) -> f64 {
    if x.is_finite() {
        x
    } else {
        0.0
    }
}

/// A flux for a reader, with its direction: "↑ 4.3×10⁷/s" (out), "↓ …" (in), "0".
pub fn format_flux(efflux_ions_s: f64) -> String {
    if efflux_ions_s.abs() < 0.5 {
        "0".into()
    } else {
        let arrow = if efflux_ions_s > 0.0 { '↑' } else { '↓' };
        format!(
            "{arrow} {}{}",
            format_count(efflux_ions_s.abs()),
            crate::t!("mem.per-s")
        )
    }
}

/// The largest flux on any path (the three leaks and the pump's Na⁺), ions/s.
pub fn busiest_flux(r: &Readouts) -> f64 {
    LEAKS
        .iter()
        .map(|&i| finite(r.leak_efflux_ions_s.get(i)).abs())
        .chain([3.0 * finite(r.pump_cycles_s).abs()])
        .fold(0.0, f64::max)
}

/// Which leak channel (0, 1, 2 left to right) carries `ion`.
pub fn leak_index(ion: Ion) -> usize {
    LEAKS.iter().position(|&i| i == ion).unwrap_or(0)
}

/// A text alternative for the picture: what it shows, in words and numbers.
pub fn describe(r: &Readouts) -> String {
    let layer = charge_layer(r.v_mv);
    let faces = if layer.plus_outside {
        crate::t!("mem.faces-plus-out")
    } else {
        crate::t!("mem.faces-plus-in")
    };
    let pump = if r.pump_cycles_s > 0.0 {
        crate::t!("mem.pump-running")
    } else {
        crate::t!("mem.pump-stopped")
    };
    let mut text = tf(
        "mem.describe",
        &[
            ("ko", &format_number(r.c_out_mm.k)),
            ("nao", &format_number(r.c_out_mm.na)),
            ("clo", &format_number(r.c_out_mm.cl)),
            ("ki", &format_number(r.c_in_mm.k)),
            ("nai", &format_number(r.c_in_mm.na)),
            ("cli", &format_number(r.c_in_mm.cl)),
            ("a", &format_number(r.impermeant_mm)),
            ("kdir", direction(r.leak_efflux_ions_s.k)),
            ("nadir", direction(r.leak_efflux_ions_s.na)),
            ("pump", pump),
            ("faces", faces),
        ],
    );
    if let Some(g) = &r.gated {
        text.push_str(&tf(
            "mem.describe-gated",
            &[
                ("na", &format_open(g.na_open)),
                ("h", &format_percent(g.h)),
                ("k", &format_open(g.k_open)),
            ],
        ));
    }
    text
}

/// The fraction of a channel type open, as the view writes it: a whole
/// percent ("51 %"), "< 1 %" when some but fewer than 0.5 % are open.
pub fn format_open(fraction: f64) -> String {
    if !fraction.is_finite() {
        "–".into()
    } else if fraction <= 0.0 {
        "0 %".into()
    } else if fraction < 0.005 {
        "< 1 %".into()
    } else {
        format!("{} %", Fixed(fraction * 100.0, 0))
    }
}

fn direction(efflux: f64) -> &'static str {
    if efflux > 0.0 {
        crate::t!("mem.dir-out")
    } else if efflux < 0.0 {
        crate::t!("mem.dir-in")
    } else {
        crate::t!("mem.dir-none")
    }
}
