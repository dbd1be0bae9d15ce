//! The running page: it owns the [`Simulation`], the run's [`History`] and the
//! page's controls, turns DOM events into model [`Command`]s, and draws
//! readouts and the chart from the model's state.
//!
//! Nothing here does science: every number shown comes from
//! [`Simulation::readouts`], and every change goes through
//! [`Simulation::apply`], which checks it and refuses a bad value with a
//! [`ModelError`] whose text is shown next to the control that sent it.
//!
//! Model time advances by (speed × real frame time) on each animation frame
//! (see [`crate::anim`]); the model's integrator chooses its own steps.

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use rpl_model::{Command, ModelError, Readouts, Scenario, Seconds, Simulation, PRESET_NAMES};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{
    Element, Event, HtmlButtonElement, HtmlCanvasElement, HtmlElement, HtmlInputElement,
    HtmlOptionElement, HtmlSelectElement, UrlSearchParams,
};

use crate::anim::AnimationLoop;
use crate::chart_panels::ChartPanels;
use crate::charts::{format_number, format_number_1, TimeUnit};
use crate::dom::{self, Listener};
use crate::history::History;

/// The ids of the elements the app uses, all looked up inside the app's root element.
pub mod ids {
    /// The root element (`<main>`) that holds everything else.
    pub const ROOT: &str = "rpl-app";
    /// `<select>`: the preset.
    pub const PRESET: &str = "preset";
    /// `<button>`: play / pause.
    pub const PLAY: &str = "play";
    /// `<button>`: start the scenario again.
    pub const RESET: &str = "reset";
    /// `<select>`: model time per real second.
    pub const SPEED: &str = "speed";
    /// `<input type=checkbox>`: ouabain blocks the pump.
    pub const OUABAIN: &str = "ouabain";
    /// `<input type=range>`: outside K⁺ (log scale).
    pub const KO_SLIDER: &str = "ko-slider";
    /// `<input type=text>`: outside K⁺, typed, mM.
    pub const KO_INPUT: &str = "ko-input";
    /// Message beside the K⁺ₒ control when a typed value is refused.
    pub const KO_ERROR: &str = "ko-error";
    /// Readout: membrane voltage.
    pub const V: &str = "v-readout";
    /// Readout: E_K.
    pub const E_K: &str = "ek-readout";
    /// Readout: E_Na.
    pub const E_NA: &str = "ena-readout";
    /// Readout: E_Cl.
    pub const E_CL: &str = "ecl-readout";
    /// Readout: model time.
    pub const TIME: &str = "t-readout";
    /// Messages about the page as a whole (e.g. an unknown preset in the URL).
    pub const NOTICE: &str = "notice";
    /// `<canvas>`: the voltage trace.
    pub const CHART: &str = "v-chart";
    /// Optional: a line saying whether the cell is rigid or can swell.
    pub const CELL_NOTE: &str = "cell-note";
}

/// One choice of how fast model time runs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Speed {
    /// What the selector shows.
    pub label: &'static str,
    /// Model seconds per real second.
    pub factor: f64,
}

/// The speeds on offer, slowest first.
pub const SPEEDS: [Speed; 6] = [
    Speed {
        label: "1 ms/s (slow motion)",
        factor: 1e-3,
    },
    Speed {
        label: "10 ms/s (slow motion)",
        factor: 1e-2,
    },
    Speed {
        label: "1× (real time)",
        factor: 1.0,
    },
    Speed {
        label: "100×",
        factor: 100.0,
    },
    Speed {
        label: "10 min/s",
        factor: 600.0,
    },
    Speed {
        label: "1 h/s",
        factor: 3600.0,
    },
];

const REAL_TIME: usize = 2;
const SLOW_MOTION: usize = 1;

/// The lowest outside K⁺ on the slider, mM.
pub const KO_SLIDER_MIN: f64 = 0.5;
/// The highest outside K⁺ on the slider, mM (typed values may go up to the model's limit).
pub const KO_SLIDER_MAX: f64 = 150.0;
/// Slider positions (the slider runs 0..=this, logarithmic in K⁺ₒ).
pub const KO_SLIDER_STEPS: f64 = 1000.0;

/// Outside K⁺ (mM) for a slider position, rounded to a value that reads well.
pub fn ko_from_slider(pos: f64) -> f64 {
    let f = (pos / KO_SLIDER_STEPS).clamp(0.0, 1.0);
    let k = KO_SLIDER_MIN * (KO_SLIDER_MAX / KO_SLIDER_MIN).powf(f);
    let step = if k < 10.0 {
        0.1
    } else if k < 50.0 {
        0.5
    } else {
        1.0
    };
    ((k / step).round() * step).clamp(KO_SLIDER_MIN, KO_SLIDER_MAX)
}

/// The slider position for an outside K⁺ (mM), clamped to the slider's ends.
pub fn slider_from_ko(ko: f64) -> f64 {
    if !(ko.is_finite() && ko > 0.0) {
        return 0.0;
    }
    let f = (ko / KO_SLIDER_MIN).ln() / (KO_SLIDER_MAX / KO_SLIDER_MIN).ln();
    (f.clamp(0.0, 1.0) * KO_SLIDER_STEPS).round()
}

/// What the preset selector shows for a preset name.
pub fn preset_label(name: &str) -> &str {
    match name {
        "neuron" => "Neuron (mammalian)",
        "astrocyte" => "Astrocyte",
        "squid-axon" => "Squid giant axon",
        "skeletal-muscle" => "Skeletal muscle fibre",
        "cardiac-myocyte" => "Cardiac myocyte",
        "hyperkalaemia" => "Neuron, hyperkalaemia (K⁺ₒ 8 mM)",
        "hypokalaemia" => "Neuron, hypokalaemia (K⁺ₒ 2.5 mM)",
        "k-only" => "K⁺-only membrane, from 0 mV",
        other => other,
    }
}

/// A model time for a reader: "350 ms", "12.3 s", "4.5 min", "2.05 h".
pub fn format_duration(t_s: f64) -> String {
    let unit = TimeUnit::for_span(t_s.abs());
    format!("{} {}", format_number(t_s / unit.seconds()), unit.symbol())
}

/// The page's controls and readouts.
struct Ui {
    preset: HtmlSelectElement,
    play: HtmlButtonElement,
    reset: HtmlButtonElement,
    speed: HtmlSelectElement,
    ouabain: HtmlInputElement,
    ko_slider: HtmlInputElement,
    ko_input: HtmlInputElement,
    ko_error: HtmlElement,
    v: HtmlElement,
    e_k: HtmlElement,
    e_na: HtmlElement,
    e_cl: HtmlElement,
    time: HtmlElement,
    notice: HtmlElement,
    chart: HtmlCanvasElement,
    cell_note: Option<HtmlElement>,
}

impl Ui {
    fn find(root: &Element) -> Result<Ui, JsValue> {
        Ok(Ui {
            preset: dom::find(root, ids::PRESET)?,
            play: dom::find(root, ids::PLAY)?,
            reset: dom::find(root, ids::RESET)?,
            speed: dom::find(root, ids::SPEED)?,
            ouabain: dom::find(root, ids::OUABAIN)?,
            ko_slider: dom::find(root, ids::KO_SLIDER)?,
            ko_input: dom::find(root, ids::KO_INPUT)?,
            ko_error: dom::find(root, ids::KO_ERROR)?,
            v: dom::find(root, ids::V)?,
            e_k: dom::find(root, ids::E_K)?,
            e_na: dom::find(root, ids::E_NA)?,
            e_cl: dom::find(root, ids::E_CL)?,
            time: dom::find(root, ids::TIME)?,
            notice: dom::find(root, ids::NOTICE)?,
            chart: dom::find(root, ids::CHART)?,
            cell_note: dom::find(root, ids::CELL_NOTE).ok(),
        })
    }

    /// Fill the selectors from the model's preset list and [`SPEEDS`].
    fn fill_options(&self) -> Result<(), JsValue> {
        let doc = dom::document()?;
        self.preset.set_inner_html("");
        for name in PRESET_NAMES {
            let opt: HtmlOptionElement = doc.create_element("option")?.dyn_into()?;
            opt.set_value(name);
            opt.set_text(preset_label(name));
            self.preset.append_child(&opt)?;
        }
        self.speed.set_inner_html("");
        for (i, s) in SPEEDS.iter().enumerate() {
            let opt: HtmlOptionElement = doc.create_element("option")?.dyn_into()?;
            opt.set_value(&i.to_string());
            opt.set_text(s.label);
            self.speed.append_child(&opt)?;
        }
        self.ko_slider.set_min("0");
        self.ko_slider.set_max(&KO_SLIDER_STEPS.to_string());
        self.ko_slider.set_step("1");
        Ok(())
    }
}

/// Turn a model error into a JS error value (for `?` at the boundary).
fn model_err(e: ModelError) -> JsValue {
    JsValue::from_str(&e.to_string())
}

/// Text of a JS error value for a reader.
fn js_text(e: &JsValue) -> String {
    e.as_string()
        .or_else(|| {
            e.dyn_ref::<js_sys::Error>()
                .map(|err| String::from(err.message()))
        })
        .unwrap_or_else(|| format!("{e:?}"))
}

/// The scenario a URL's query string asks for, and what to tell the reader
/// about parts of it that could not be used. `?preset=NAME` picks a preset
/// (unknown → the neuron, with a notice); any other `key=value` sets that
/// scenario field by its readable key (a bad one is reported and skipped).
pub fn scenario_from_query(search: &str) -> Result<(Scenario, Vec<String>), JsValue> {
    let params = UrlSearchParams::new_with_str(search)?;
    let mut notices = Vec::new();
    let mut scenario = match params.get("preset") {
        None => Scenario::preset("neuron").map_err(model_err)?,
        Some(name) => match Scenario::preset(name.trim()) {
            Ok(s) => s,
            Err(e) => {
                notices.push(format!("{e}. Showing the neuron instead."));
                Scenario::preset("neuron").map_err(model_err)?
            }
        },
    };
    let entries = js_sys::try_iter(&params)?
        .ok_or_else(|| JsValue::from_str("the URL's parameters cannot be read"))?;
    for entry in entries {
        let pair: js_sys::Array = entry?.dyn_into()?;
        let key = pair.get(0).as_string().unwrap_or_default();
        let value = pair.get(1).as_string().unwrap_or_default();
        if key == "preset" {
            continue;
        }
        if let Err(e) = scenario.set(&key, &value) {
            notices.push(format!("In the link: {e}. That setting was skipped."));
        }
    }
    Ok((scenario, notices))
}

struct State {
    sim: Simulation,
    /// What Reset starts again from.
    base: Scenario,
    history: History,
    speed: usize,
    ui: Ui,
    charts: ChartPanels,
}

impl State {
    /// Start `scenario` afresh: new simulation, empty trace, controls matching it.
    fn load(&mut self, scenario: Scenario) -> Result<(), ModelError> {
        let sim = Simulation::new(scenario.clone())?;
        self.sim = sim;
        self.base = scenario;
        self.history.clear();
        self.record();
        self.speed = suggested_speed(&self.base);
        self.sync_controls();
        Ok(())
    }

    fn record(&mut self) {
        self.history.push(self.sim.sample());
    }

    /// Put every control in line with the model's present scenario.
    fn sync_controls(&self) {
        let sc = self.sim.scenario();
        if PRESET_NAMES.contains(&sc.name.as_str()) {
            self.ui.preset.set_value(&sc.name);
        }
        self.ui.speed.set_value(&self.speed.to_string());
        self.ui.ouabain.set_checked(sc.pump.block > 0.0);
        let ko = sc.outside_mm.k;
        self.ui.ko_input.set_value(&format_number(ko));
        self.sync_ko_slider(ko);
        self.show_ko_error(None);
        if let Some(note) = &self.ui.cell_note {
            let text = match sc.cell.volume {
                rpl_model::VolumeMode::Rigid => {
                    "Rigid cell: its volume is held fixed, so water does not move."
                }
                rpl_model::VolumeMode::Swelling => {
                    "Swelling cell: water follows the osmotic difference."
                }
            };
            dom::set_text(note, text);
        }
    }

    /// Put the slider at `ko` (mM) and tell assistive technology the value in mM,
    /// not the slider's position.
    fn sync_ko_slider(&self, ko: f64) {
        self.ui.ko_slider.set_value(&slider_from_ko(ko).to_string());
        let text = format!("{} mM", format_number(ko));
        if let Err(e) = self.ui.ko_slider.set_attribute("aria-valuetext", &text) {
            web_sys::console::warn_1(&e);
        }
    }

    fn show_ko_error(&self, message: Option<&str>) {
        dom::show_message(&self.ui.ko_error, message);
        let invalid = if message.is_some() { "true" } else { "false" };
        if let Err(e) = self.ui.ko_input.set_attribute("aria-invalid", invalid) {
            web_sys::console::warn_1(&e);
        }
    }

    /// Apply a command and record the moment; the model refuses bad values.
    fn apply(&mut self, cmd: Command) -> Result<(), ModelError> {
        self.sim.apply(cmd)?;
        self.record();
        Ok(())
    }

    /// Advance model time by the chosen speed × `real_dt_s`.
    fn advance(&mut self, real_dt_s: f64) -> Result<(), ModelError> {
        let dt = SPEEDS[self.speed].factor * real_dt_s;
        if dt > 0.0 {
            self.sim.advance(Seconds(dt))?;
            self.record();
        }
        Ok(())
    }

    /// Readouts and chart from the present state.
    fn render(&self) -> Result<(), JsValue> {
        let r: Readouts = self.sim.readouts();
        let ui = &self.ui;
        show_mv(&ui.v, r.v_mv)?;
        show_mv(&ui.e_k, r.e_mv.k)?;
        show_mv(&ui.e_na, r.e_mv.na)?;
        show_mv(&ui.e_cl, r.e_mv.cl)?;
        dom::set_text(&ui.time, &format_duration(r.t_s));
        ui.time.set_attribute("data-value", &r.t_s.to_string())?;
        self.charts.render(&ui.chart, &self.sim, &r, &self.history)
    }
}

fn show_mv(el: &HtmlElement, v: f64) -> Result<(), JsValue> {
    dom::set_text(el, &format!("{} mV", format_number_1(v)));
    el.set_attribute("data-value", &v.to_string())
}

/// Slow motion for scenarios that last under a second (e.g. the K⁺-only
/// membrane), real time otherwise.
fn suggested_speed(s: &Scenario) -> usize {
    if s.duration_s <= 1.0 {
        SLOW_MOTION
    } else {
        REAL_TIME
    }
}

struct Inner {
    state: RefCell<State>,
    anim: AnimationLoop,
}

impl Inner {
    /// Show a message about the page as a whole (or hide it with `None`).
    fn notice(&self, message: Option<&str>) {
        if let Ok(s) = self.state.try_borrow() {
            dom::show_message(&s.ui.notice, message);
        }
        if let Some(m) = message {
            web_sys::console::warn_1(&JsValue::from_str(m));
        }
    }

    fn report(&self, e: &JsValue) {
        web_sys::console::error_1(e);
        self.notice(Some(&format!("Something went wrong: {}", js_text(e))));
    }

    fn set_playing(&self, playing: bool) -> Result<(), JsValue> {
        self.anim.set_running(playing)?;
        let s = self.state.borrow();
        let (label, pressed) = if playing {
            ("Pause", "true")
        } else {
            ("Play", "false")
        };
        dom::set_text(&s.ui.play, label);
        s.ui.play.set_attribute("aria-pressed", pressed)
    }

    fn frame(&self, real_dt_s: f64) -> Result<(), JsValue> {
        let advanced = self.state.borrow_mut().advance(real_dt_s);
        if let Err(e) = advanced {
            self.set_playing(false)?;
            self.notice(Some(&format!("The simulation stopped: {e}.")));
        }
        let s = self.state.borrow();
        s.charts.next_render_is_frame();
        s.render()
    }

    fn on_preset(&self) -> Result<(), JsValue> {
        let name = self.state.borrow().ui.preset.value();
        let scenario = Scenario::preset(&name).map_err(model_err)?;
        self.load(scenario)
    }

    fn load(&self, scenario: Scenario) -> Result<(), JsValue> {
        let loaded = self.state.borrow_mut().load(scenario);
        match loaded {
            Ok(()) => self.notice(None),
            Err(e) => self.notice(Some(&format!("{e}. The previous run is kept."))),
        }
        self.state.borrow().render()
    }

    fn on_reset(&self) -> Result<(), JsValue> {
        let base = self.state.borrow().base.clone();
        self.load(base)
    }

    fn on_speed(&self) -> Result<(), JsValue> {
        let mut s = self.state.borrow_mut();
        if let Some(i) =
            s.ui.speed
                .value()
                .parse::<usize>()
                .ok()
                .filter(|&i| i < SPEEDS.len())
        {
            s.speed = i;
        } else {
            let i = s.speed;
            s.ui.speed.set_value(&i.to_string());
        }
        Ok(())
    }

    fn on_ouabain(&self) -> Result<(), JsValue> {
        let mut s = self.state.borrow_mut();
        let checked = s.ui.ouabain.checked();
        let result = s.apply(Command::SetOuabain(if checked { 1.0 } else { 0.0 }));
        if let Err(e) = result {
            s.ui.ouabain.set_checked(!checked);
            drop(s);
            self.notice(Some(&e.to_string()));
            return Ok(());
        }
        s.render()
    }

    fn on_ko_slider(&self) -> Result<(), JsValue> {
        let mut s = self.state.borrow_mut();
        let pos: f64 = s.ui.ko_slider.value().parse().unwrap_or(0.0);
        let text = format_number(ko_from_slider(pos));
        let result = s.apply(Command::Set {
            key: "K_o".into(),
            value: text.clone(),
        });
        match result {
            Ok(()) => {
                s.ui.ko_input.set_value(&text);
                let ko = s.sim.scenario().outside_mm.k;
                s.sync_ko_slider(ko);
                s.show_ko_error(None);
            }
            Err(e) => s.show_ko_error(Some(&e.to_string())),
        }
        s.render()
    }

    fn on_ko_input(&self) -> Result<(), JsValue> {
        let mut s = self.state.borrow_mut();
        let text = s.ui.ko_input.value();
        let before = s.sim.scenario().outside_mm.k;
        let result = s.apply(Command::Set {
            key: "K_o".into(),
            value: text.trim().to_string(),
        });
        match result {
            Ok(()) => {
                let ko = s.sim.scenario().outside_mm.k;
                s.sync_ko_slider(ko);
                s.show_ko_error(None);
            }
            Err(e) => {
                let message = format!(
                    "{e}. Not applied: K⁺ₒ stays at {} mM.",
                    format_number(before)
                );
                s.show_ko_error(Some(&message));
            }
        }
        s.render()
    }
}

/// A mounted app. Dropping it removes its event listeners and stops its animation loop.
pub struct App {
    inner: Rc<Inner>,
    _listeners: Vec<Listener>,
}

impl App {
    /// Start the app on the controls inside `root` (see [`ids`]), with the
    /// scenario that `search` (a URL query string such as `?preset=astrocyte`)
    /// asks for. The simulation starts playing.
    pub fn mount(root: &Element, search: &str) -> Result<App, JsValue> {
        let ui = Ui::find(root)?;
        ui.fill_options()?;
        let (scenario, mut notices) = scenario_from_query(search)?;
        let (sim, scenario) = match Simulation::new(scenario.clone()) {
            Ok(sim) => (sim, scenario),
            Err(e) => {
                notices.push(format!("{e}. Showing the neuron instead."));
                let neuron = Scenario::preset("neuron").map_err(model_err)?;
                (Simulation::new(neuron.clone()).map_err(model_err)?, neuron)
            }
        };
        let mut state = State {
            speed: suggested_speed(&scenario),
            sim,
            base: scenario,
            history: History::default(),
            charts: ChartPanels::find(root)?,
            ui,
        };
        state.record();
        state.sync_controls();
        let message = notices.join("\n");
        dom::show_message(
            &state.ui.notice,
            (!message.is_empty()).then_some(message.as_str()),
        );
        state.render()?;

        let window = dom::window()?;
        let inner = Rc::new(Inner {
            state: RefCell::new(state),
            anim: AnimationLoop::new(&window)?,
        });
        let weak = Rc::downgrade(&inner);
        inner.anim.set_on_frame(move |dt| {
            if let Some(inner) = weak.upgrade() {
                if crate::panicked() {
                    if let Err(e) = inner.anim.set_running(false) {
                        web_sys::console::error_1(&e);
                    }
                    return;
                }
                if let Err(e) = inner.frame(dt) {
                    if let Err(e2) = inner.set_playing(false) {
                        web_sys::console::error_1(&e2);
                    }
                    inner.report(&e);
                }
            }
        });

        let redraw_weak = Rc::downgrade(&inner);
        let redraw: Rc<dyn Fn()> = Rc::new(move || {
            if let Some(inner) = redraw_weak.upgrade() {
                let rendered = inner.state.try_borrow().map(|s| s.render());
                if let Ok(Err(e)) = rendered {
                    inner.report(&e);
                }
            }
        });
        let mut listeners = inner.state.borrow().charts.listen(redraw)?;
        listeners.extend({
            let s = inner.state.borrow();
            let ui = &s.ui;
            vec![
                on(&inner, &ui.preset, "change", Inner::on_preset)?,
                on(&inner, &ui.play, "click", |i: &Inner| {
                    let playing = i.anim.is_running();
                    i.set_playing(!playing)
                })?,
                on(&inner, &ui.reset, "click", Inner::on_reset)?,
                on(&inner, &ui.speed, "change", Inner::on_speed)?,
                on(&inner, &ui.ouabain, "change", Inner::on_ouabain)?,
                on(&inner, &ui.ko_slider, "input", Inner::on_ko_slider)?,
                on(&inner, &ui.ko_input, "change", Inner::on_ko_input)?,
                on(&inner, &window, "resize", |i: &Inner| {
                    i.state.borrow().render()
                })?,
            ]
        });
        inner.set_playing(true)?;
        Ok(App {
            inner,
            _listeners: listeners,
        })
    }

    /// Run the same work as one animation frame that lasted `real_dt_s` seconds
    /// (advance by speed × `real_dt_s`, update readouts, redraw). For tests and
    /// scripted use; the animation loop calls the same code.
    pub fn step(&self, real_dt_s: f64) -> Result<(), JsValue> {
        self.inner.frame(real_dt_s)
    }

    /// Play or pause.
    pub fn set_playing(&self, playing: bool) -> Result<(), JsValue> {
        self.inner.set_playing(playing)
    }

    /// Whether the simulation is playing.
    pub fn is_playing(&self) -> bool {
        self.inner.anim.is_running()
    }

    /// The model's present readouts.
    pub fn readouts(&self) -> Readouts {
        self.inner.state.borrow().sim.readouts()
    }

    /// The recorded voltage trace, (model time s, V mV).
    pub fn trace(&self) -> Vec<(f64, f64)> {
        self.inner.state.borrow().history.voltage_points()
    }

    /// The recorded history of the run (a copy), oldest first.
    pub fn history(&self) -> History {
        self.inner.state.borrow().history.clone()
    }
}

/// Register `handler` for `kind` events on `target`. The handler reaches the
/// app through a weak reference, does nothing after a panic, and any error it
/// returns is shown in the page's notice.
fn on(
    inner: &Rc<Inner>,
    target: &web_sys::EventTarget,
    kind: &'static str,
    handler: impl Fn(&Inner) -> Result<(), JsValue> + 'static,
) -> Result<Listener, JsValue> {
    let weak: Weak<Inner> = Rc::downgrade(inner);
    Listener::new(target, kind, move |_: Event| {
        if crate::panicked() {
            return;
        }
        if let Some(inner) = weak.upgrade() {
            if let Err(e) = handler(&inner) {
                inner.report(&e);
            }
        }
    })
}
