//! Timings for the page benchmark (`scripts/bench.sh`): the cost of each
//! animation frame (model advance plus all drawing), a `rpl-first-frame`
//! performance mark when the first frame has been drawn, and the 2-hour
//! ouabain run-down timed inside wasm. Exposed to the page's JavaScript as
//! `rplFrameTimes` and `rplBenchRundown` (see `www/boot.js`, which puts them
//! on `window.rplPerf`). Recording a frame costs one array write.

use std::cell::RefCell;

use wasm_bindgen::prelude::*;

/// How many recent frame times are kept.
pub const FRAMES_KEPT: usize = 2048;

thread_local! {
    static FRAMES: RefCell<Vec<f64>> = const { RefCell::new(Vec::new()) };
    static FIRST_MARKED: RefCell<bool> = const { RefCell::new(false) };
}

/// The page's clock, ms (`None` without a window).
pub fn now_ms() -> Option<f64> {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
}

/// Run `f` as one frame and record how long it took.
pub fn timed_frame(f: impl FnOnce()) {
    let t0 = now_ms();
    f();
    if let (Some(t0), Some(t1)) = (t0, now_ms()) {
        FRAMES.with(|v| {
            let mut v = v.borrow_mut();
            if v.len() >= FRAMES_KEPT {
                v.remove(0);
            }
            v.push(t1 - t0);
        });
    }
    let first = FIRST_MARKED.with(|m| !m.replace(true));
    if first {
        if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
            // Only a benchmark aid: a failure to mark is not worth reporting.
            let _ = p.mark("rpl-first-frame");
        }
    }
}

/// The recorded frame times in ms, oldest first; `clear` empties the record.
#[wasm_bindgen(js_name = rplFrameTimes)]
pub fn frame_times(clear: bool) -> Vec<f64> {
    FRAMES.with(|v| {
        if clear {
            std::mem::take(&mut *v.borrow_mut())
        } else {
            v.borrow().clone()
        }
    })
}

/// How many run-downs one timing covers (the browser's clock is coarse, ~0.1 ms).
pub const RUNDOWNS_PER_TIMING: u32 = 10;

/// Time the neuron's 2-hour ouabain run-down from steady state: `runs` timings,
/// each the mean over [`RUNDOWNS_PER_TIMING`] run-downs, in ms. The same work as
/// the native benchmark's run-down figure. Only in the benchmark's build
/// (the `bench` feature: `scripts/bench.sh`); the page a reader loads has no
/// use for it.
#[cfg(feature = "bench")]
#[wasm_bindgen(js_name = rplBenchRundown)]
pub fn bench_rundown(runs: u32) -> Result<Vec<f64>, JsValue> {
    use rpl_model::{Command, Scenario, Seconds, Simulation};
    let err = |e: rpl_model::ModelError| {
        JsValue::from_str(&rpl_ui::errors::model_error(&e, rpl_ui::i18n::Lang::En))
    };
    let rest = Simulation::new(Scenario::preset("neuron").map_err(err)?).map_err(err)?;
    let mut out = Vec::with_capacity(runs as usize);
    for _ in 0..runs.clamp(1, 1000) {
        let t0 = now_ms().ok_or_else(|| JsValue::from_str("no performance clock"))?;
        for _ in 0..RUNDOWNS_PER_TIMING {
            let mut sim = rest.clone();
            sim.apply(Command::SetOuabain(1.0)).map_err(err)?;
            sim.advance(Seconds(7200.0)).map_err(err)?;
        }
        let t1 = now_ms().ok_or_else(|| JsValue::from_str("no performance clock"))?;
        out.push((t1 - t0) / f64::from(RUNDOWNS_PER_TIMING));
    }
    Ok(out)
}

/// Time one second of the excitable squid axon under a 100 Hz train of 1 ms,
/// 20 µA/cm² pulses, `runs` times, in ms: the native benchmark's spike-train
/// figure, in wasm. Only in the benchmark's build, as [`bench_rundown`].
#[cfg(feature = "bench")]
#[wasm_bindgen(js_name = rplBenchTrain)]
pub fn bench_train(runs: u32) -> Result<Vec<f64>, JsValue> {
    use rpl_model::{Scenario, Seconds, Simulation, StimulusSpec};
    let err = |e: rpl_model::ModelError| {
        JsValue::from_str(&rpl_ui::errors::model_error(&e, rpl_ui::i18n::Lang::En))
    };
    let rest = Simulation::new(Scenario::preset("squid-axon-hh").map_err(err)?).map_err(err)?;
    let train = StimulusSpec::train(20.0, 1.0, 100.0, 100);
    let clock = || now_ms().ok_or_else(|| JsValue::from_str("no performance clock"));
    let mut out = Vec::with_capacity(runs as usize);
    for _ in 0..runs.clamp(1, 100) {
        let mut sim = rest.clone();
        sim.set_step_budget(rpl_model::integrator::MAX_STEPS);
        let t0 = clock()?;
        sim.stimulate(&train).map_err(err)?;
        sim.advance(Seconds(1.0)).map_err(err)?;
        out.push(clock()? - t0);
    }
    Ok(out)
}

/// Time the sweep panel's work in wasm, `runs` times each: the curves of a
/// fresh panel for the neuron (200 steady states and the instant curves),
/// then a whole ouabain curve (the same and 50 two-hour run-downs, each from
/// its own steady state), then the 50 run-downs alone
/// ([`rpl_model::sweep::after_ouabain`] at the ouabain curve's values).
/// Returns `[steady ms…, ouabain ms…, run-downs ms…]`, `runs` of each. Only
/// in the benchmark's build, as [`bench_rundown`].
#[cfg(feature = "bench")]
#[wasm_bindgen(js_name = rplBenchSweep)]
pub fn bench_sweep(runs: u32) -> Result<Vec<f64>, JsValue> {
    use rpl_model::{Scenario, Simulation};
    use rpl_ui::sweep::{SweepChoice, SweepView};
    let err = |e: rpl_model::ModelError| {
        JsValue::from_str(&rpl_ui::errors::model_error(&e, rpl_ui::i18n::Lang::En))
    };
    let sim = Simulation::new(Scenario::preset("neuron").map_err(err)?).map_err(err)?;
    let clock = || now_ms().ok_or_else(|| JsValue::from_str("no performance clock"));
    let runs = runs.clamp(1, 100) as usize;
    let mut out = Vec::with_capacity(2 * runs);
    for ouabain_s in [None, Some(7200.0)] {
        let choice = SweepChoice { axis: 0, ouabain_s };
        for _ in 0..runs {
            let mut view = SweepView::default();
            let t0 = clock()?;
            while view.refresh(&sim, choice) {}
            out.push(clock()? - t0);
        }
    }
    let choice = SweepChoice {
        axis: 0,
        ouabain_s: Some(7200.0),
    };
    let mut view = SweepView::default();
    view.refresh(&sim, choice);
    let spec = view.ouabain_spec().ok_or("no ouabain curve")?;
    for _ in 0..runs {
        let t0 = clock()?;
        for v in spec.values() {
            let mut s = sim.scenario().clone();
            spec.key.set(&mut s, v).map_err(err)?;
            rpl_model::sweep::after_ouabain(&s, 7200.0).map_err(err)?;
        }
        out.push(clock()? - t0);
    }
    Ok(out)
}
