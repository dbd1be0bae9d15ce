//! Random parameter sets through the whole model, as a benchmark-style script
//! (figures, not a pass/fail test; BENCHMARKS.md quotes them):
//!
//! ```text
//! cargo run --release -p rpl-model --example fuzz_params -- 100000
//! ```
//!
//! Each set draws every number key of the key table inside its allowed range
//! (log-uniform where the range spans decades), then starts the cell at its
//! steady state, applies ouabain to a random fraction of the pumps and runs
//! 24 h of model time. It counts what the model refused (with a typed
//! error), what it could not follow (a typed work-limit error), and every
//! panic, non-finite readout or non-positive concentration — the last three
//! must be zero. Seeded (xorshift), so a run is repeatable.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::{Duration, Instant};

use rpl_model::{Command, Ion, Key, ModelError, Scenario, Seconds, Simulation};

struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> f64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        (x >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// A value inside `key`'s range: log-uniform over a range of decades above 0,
/// uniform otherwise.
fn draw(rng: &mut XorShift, key: Key) -> f64 {
    let r = key.range();
    let hi = if r.hi.is_finite() { r.hi } else { 50.0 };
    let lo = if r.lo_open {
        r.lo + 1e-9 * (hi - r.lo).abs()
    } else {
        r.lo
    };
    let u = rng.next();
    if lo > 0.0 && hi / lo > 100.0 {
        (lo.ln() + u * (hi.ln() - lo.ln())).exp()
    } else {
        lo + u * (hi - lo)
    }
}

#[derive(Default)]
struct Tally {
    tried: usize,
    refused: usize,
    too_much_work: usize,
    ran: usize,
    panics: usize,
    non_finite: usize,
    non_positive: usize,
    slowest: Duration,
    kinds: std::collections::BTreeMap<String, usize>,
}

fn readouts_ok(sim: &Simulation, t: &mut Tally) {
    let r = sim.readouts();
    let finite = r.v_mv.is_finite()
        && Ion::ALL
            .iter()
            .all(|&i| r.e_mv.get(i).is_finite() && r.c_in_mm.get(i).is_finite());
    if !finite {
        t.non_finite += 1;
    }
    if Ion::ALL.iter().any(|&i| r.c_in_mm.get(i) <= 0.0) || r.volume_rel <= 0.0 {
        t.non_positive += 1;
    }
}

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(100_000);
    let mut rng = XorShift(0x5eed_0000_0000_0001);
    let mut t = Tally::default();
    let started = Instant::now();
    // Keys drawn: every number key but the run length and the start mode.
    let keys: Vec<Key> = Key::ALL
        .into_iter()
        .filter(|k| !matches!(k, Key::Duration | Key::Start | Key::V0))
        .collect();
    for _ in 0..n {
        t.tried += 1;
        let mut s = Scenario::default();
        let mut refused = false;
        for &key in &keys {
            let v = if key.words().is_some() {
                (rng.next() * 2.0).floor()
            } else {
                draw(&mut rng, key)
            };
            if s.set_key(key, v).is_err() {
                refused = true;
            }
        }
        let block = rng.next();
        let one = Instant::now();
        let outcome = catch_unwind(AssertUnwindSafe(|| -> Result<Simulation, ModelError> {
            let mut sim = Simulation::new(s.clone())?;
            sim.apply(Command::SetOuabain(block))?;
            sim.advance(Seconds(86_400.0))?;
            Ok(sim)
        }));
        t.slowest = t.slowest.max(one.elapsed());
        match outcome {
            Err(_) => t.panics += 1,
            Ok(Err(ModelError::TooMuchWork { .. })) => t.too_much_work += 1,
            Ok(Err(e)) => {
                t.refused += 1;
                let kind = format!("{e:?}");
                let kind = kind.split([' ', '{', '(']).next().unwrap_or("").to_string();
                *t.kinds.entry(kind).or_default() += 1;
            }
            Ok(Ok(sim)) => {
                t.ran += 1;
                readouts_ok(&sim, &mut t);
            }
        }
        let _ = refused;
    }
    let secs = started.elapsed().as_secs_f64();
    println!("random parameter sets through steady state + ouabain + a 24 h run (seeded)");
    println!("  tried                 {}", t.tried);
    println!("  ran 24 h              {}", t.ran);
    println!("  refused (typed error) {}", t.refused);
    for (kind, n) in &t.kinds {
        println!("    {kind:<20} {n}");
    }
    println!("  work limit (typed)    {}", t.too_much_work);
    println!("  panics                {}", t.panics);
    println!("  non-finite readouts   {}", t.non_finite);
    println!("  non-positive amounts  {}", t.non_positive);
    println!(
        "  time                  {:.1} s in all, {:.2} ms a set on average, slowest {:.0} ms",
        secs,
        1e3 * secs / t.tried.max(1) as f64,
        t.slowest.as_secs_f64() * 1e3
    );
    if t.panics + t.non_finite + t.non_positive > 0 {
        std::process::exit(1);
    }
}
