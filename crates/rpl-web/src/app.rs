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
//!
//! The parameter controls come from one table ([`crate::controls::SPECS`]);
//! each sends a [`Command::Set`] with its scenario key. The ion table
//! ([`crate::readouts`]) and the equations ([`crate::equations`]) are
//! rewritten a few times per second at most, and at once after a command.

use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

use rpl_model::{
    export, Command, ModelError, Readouts, Scenario, Seconds, Simulation, PRESET_NAMES,
};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{
    Element, Event, HtmlButtonElement, HtmlCanvasElement, HtmlElement, HtmlOptionElement,
    HtmlSelectElement, UrlSearchParams,
};

use crate::a11y::Announcer;
use crate::anim::AnimationLoop;
use crate::chart_panels::ChartPanels;
use crate::charts::{format_number, format_number_1, TimeUnit};
use crate::controls::{self, Control, Scale, SLIDER_STEPS};
use crate::dom::{self, Listener};
use crate::equations::{self, Equations};
use crate::history::History;
use crate::membrane::MembranePanel;
use crate::readouts::IonPanel;

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
    /// Optional `<button>`: pause and advance one frame's worth of model time.
    pub const STEP: &str = "step";
    /// Optional `<button>`: jump to the steady state of the present parameters.
    pub const STEADY: &str = "steady";
    /// Optional container in which the parameter controls are built (see [`crate::controls`]).
    pub const PARAMS: &str = crate::controls::CONTAINER_ID;
    /// Optional container for the ion table and counters (see [`crate::readouts`]).
    pub const ION_READOUTS: &str = crate::readouts::CONTAINER_ID;
    /// Optional container for the equations (see [`crate::equations`]).
    pub const EQUATIONS: &str = crate::equations::CONTAINER_ID;
    /// `<input type=checkbox>`: ouabain blocks the pump (built from the controls table).
    pub const OUABAIN: &str = "ouabain";
    /// `<input type=range>`: outside K⁺ (log scale; built from the controls table).
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
pub const SPEEDS: [Speed; 7] = [
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
    Speed {
        label: "10 h/s",
        factor: 36000.0,
    },
];

/// Real time one press of Step stands for, s (one frame at 60 frames/s).
pub const STEP_REAL_S: f64 = 1.0 / 60.0;

/// Shortest real time between two rewrites of the ion table and equations, ms.
pub const SLOW_READOUT_MS: f64 = 250.0;

const REAL_TIME: usize = 2;
const SLOW_MOTION: usize = 1;

/// The lowest outside K⁺ on the slider, mM (the `K_o` row of [`controls::SPECS`]).
pub const KO_SLIDER_MIN: f64 = 0.5;
/// The highest outside K⁺ on the slider, mM (typed values may go up to the model's limit).
pub const KO_SLIDER_MAX: f64 = 150.0;
/// Slider positions (the slider runs 0..=this, logarithmic in K⁺ₒ).
pub const KO_SLIDER_STEPS: f64 = SLIDER_STEPS;

/// Outside K⁺ (mM) for a slider position, rounded to a value that reads well.
pub fn ko_from_slider(pos: f64) -> f64 {
    controls::value_from_slider(pos, KO_SLIDER_MIN, KO_SLIDER_MAX, Scale::Log)
}

/// The slider position for an outside K⁺ (mM), clamped to the slider's ends.
pub fn slider_from_ko(ko: f64) -> f64 {
    controls::slider_from_value(ko, KO_SLIDER_MIN, KO_SLIDER_MAX, Scale::Log)
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
    step: Option<HtmlButtonElement>,
    steady: Option<HtmlButtonElement>,
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
            step: optional(root, ids::STEP)?,
            steady: optional(root, ids::STEADY)?,
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
        Ok(())
    }
}

/// The element with `id` inside `root` if the page has it (an error only when
/// it exists but is of another type).
fn optional<T: JsCast>(root: &Element, id: &str) -> Result<Option<T>, JsValue> {
    if root.query_selector(&format!("#{id}"))?.is_some() {
        dom::find(root, id).map(Some)
    } else {
        Ok(None)
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
/// The work is done by the model's [`export::from_query`]; this reads the
/// pairs and words the notices.
pub fn scenario_from_query(search: &str) -> Result<(Scenario, Vec<String>), JsValue> {
    let params = UrlSearchParams::new_with_str(search)?;
    let entries = js_sys::try_iter(&params)?
        .ok_or_else(|| JsValue::from_str("the URL's parameters cannot be read"))?;
    let mut pairs = Vec::new();
    for entry in entries {
        let pair: js_sys::Array = entry?.dyn_into()?;
        let key = pair.get(0).as_string().unwrap_or_default();
        let value = pair.get(1).as_string().unwrap_or_default();
        pairs.push((key.trim().to_string(), value.trim().to_string()));
    }
    let (scenario, _preset, errors) = export::from_query(&pairs, &[]);
    let notices = errors
        .iter()
        .map(|e| match e {
            ModelError::UnknownPreset { .. } => format!("{e}. Showing the neuron instead."),
            _ => format!("In the link: {e}. That setting was skipped."),
        })
        .collect();
    Ok((scenario, notices))
}

/// The slower readouts: the ion table and the equations, if the page has them.
struct SlowReadouts {
    ions: Option<IonPanel>,
    equations: Option<Equations>,
    /// When they were last written (ms, `Date.now()`).
    last_ms: Cell<f64>,
    /// Write them at the next render regardless of the time (after a command).
    dirty: Cell<bool>,
}

impl SlowReadouts {
    fn build(root: &Element) -> Result<SlowReadouts, JsValue> {
        let ions = match optional::<Element>(root, ids::ION_READOUTS)? {
            Some(c) => Some(IonPanel::build(&c)?),
            None => None,
        };
        let equations = match optional::<Element>(root, ids::EQUATIONS)? {
            Some(c) => Some(Equations::build(&c)?),
            None => None,
        };
        Ok(SlowReadouts {
            ions,
            equations,
            last_ms: Cell::new(f64::NEG_INFINITY),
            dirty: Cell::new(true),
        })
    }

    /// Rewrite them if they are due (at most every [`SLOW_READOUT_MS`], or at once when dirty).
    fn render(&self, sim: &Simulation, r: &Readouts) {
        let now = js_sys::Date::now();
        if !self.dirty.get() && now - self.last_ms.get() < SLOW_READOUT_MS {
            return;
        }
        self.dirty.set(false);
        self.last_ms.set(now);
        if let Some(ions) = &self.ions {
            ions.update(r, sim.scenario().cell.volume);
        }
        if let Some(eq) = &self.equations {
            eq.update(&equations::numbers(sim, r));
        }
    }
}

struct State {
    sim: Simulation,
    /// What Reset starts again from.
    base: Scenario,
    history: History,
    speed: usize,
    ui: Ui,
    /// The membrane view, when the page has its canvas.
    membrane: Option<MembranePanel>,
    controls: Vec<Control>,
    slow: SlowReadouts,
    charts: ChartPanels,
    /// The V_m live region and the chart's text alternative.
    announcer: Announcer,
}

impl State {
    /// Start `scenario` afresh: new simulation, empty trace, controls matching it.
    fn load(&mut self, scenario: Scenario) -> Result<(), ModelError> {
        let sim = Simulation::new(scenario.clone())?;
        self.sim = sim;
        self.base = scenario;
        self.history.clear();
        self.record();
        self.slow.dirty.set(true);
        self.announcer.command();
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
        for c in &self.controls {
            c.sync(sc, false);
            if let Control::Range(r) = c {
                r.show_error(None);
            }
        }
        self.sync_cell_note();
    }

    /// Say whether the cell is rigid or can swell.
    fn sync_cell_note(&self) {
        let sc = self.sim.scenario();
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

    /// Apply a command and record the moment; the model refuses bad values.
    fn apply(&mut self, cmd: Command) -> Result<(), ModelError> {
        self.sim.apply(cmd)?;
        self.record();
        self.slow.dirty.set(true);
        self.announcer.command();
        Ok(())
    }

    /// Advance model time by the chosen speed × `real_dt_s`.
    fn advance(&mut self, real_dt_s: f64) -> Result<(), ModelError> {
        let dt = SPEEDS[self.speed].factor * real_dt_s;
        if dt > 0.0 {
            self.sim.advance(Seconds(dt))?;
            self.record();
            if let Some(m) = &mut self.membrane {
                m.advance(&self.sim.readouts(), real_dt_s, dt);
            }
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
        self.slow.render(&self.sim, &r);
        self.charts
            .render(&ui.chart, &self.sim, &r, &self.history)?;
        self.announcer
            .update(|| self.history.voltage_points(), &r)?;
        self.membrane.as_ref().map_or(Ok(()), |m| m.draw(&r))
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
        // The label says what a press does; no `aria-pressed` beside a
        // changing label ("Pause, pressed" would read as paused).
        dom::set_text(&s.ui.play, if playing { "Pause" } else { "Play" });
        s.ui.play.remove_attribute("aria-pressed")
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

    /// After a change from control `i`: every control in line with the
    /// model (a new P_K changes the ratios shown), the typed field of `i`
    /// rewritten unless `keep_text`.
    fn after_change(s: &State, i: usize, keep_text: bool) {
        let sc = s.sim.scenario();
        for (k, c) in s.controls.iter().enumerate() {
            c.sync(sc, keep_text && k == i);
        }
        if let Some(Control::Range(r)) = s.controls.get(i) {
            r.show_error(None);
        }
        s.sync_cell_note();
    }

    fn on_slider(&self, i: usize) -> Result<(), JsValue> {
        let mut s = self.state.borrow_mut();
        let Some(Control::Range(r)) = s.controls.get(i) else {
            return Ok(());
        };
        let (cmd, _) = r.command_from_slider();
        let pos = r.slider.value();
        match s.apply(cmd) {
            Ok(()) => {
                Self::after_change(&s, i, false);
                // Leave the slider where the reader put it. The value is rounded
                // (e.g. 5.05 → 5 mM); moving the slider back to the rounded value
                // would undo each arrow-key press and pin it there.
                if let Some(Control::Range(r)) = s.controls.get(i) {
                    r.slider.set_value(&pos);
                }
            }
            Err(e) => {
                if let Some(Control::Range(r)) = s.controls.get(i) {
                    r.show_error(Some(&e.to_string()));
                }
            }
        }
        s.render()
    }

    fn on_typed(&self, i: usize) -> Result<(), JsValue> {
        let mut s = self.state.borrow_mut();
        let Some(Control::Range(r)) = s.controls.get(i) else {
            return Ok(());
        };
        let cmd = r.command_from_text(&r.input.value());
        match s.apply(cmd) {
            Ok(()) => Self::after_change(&s, i, false),
            Err(e) => {
                if let Some(Control::Range(r)) = s.controls.get(i) {
                    r.show_error(Some(&r.refusal(&e, s.sim.scenario())));
                }
            }
        }
        s.render()
    }

    fn on_toggle(&self, i: usize) -> Result<(), JsValue> {
        let mut s = self.state.borrow_mut();
        let Some(Control::Toggle(spec, input)) = s.controls.get(i) else {
            return Ok(());
        };
        let controls::Kind::Toggle { on, off } = spec.kind else {
            return Ok(());
        };
        let cmd = Command::Set {
            key: spec.key.into(),
            value: if input.checked() { on } else { off }.into(),
        };
        match s.apply(cmd) {
            Ok(()) => Self::after_change(&s, i, false),
            Err(e) => {
                let sc = s.sim.scenario().clone();
                if let Some(c) = s.controls.get(i) {
                    c.sync(&sc, false);
                }
                drop(s);
                self.notice(Some(&e.to_string()));
                return Ok(());
            }
        }
        s.render()
    }

    fn on_choice(&self, i: usize) -> Result<(), JsValue> {
        let mut s = self.state.borrow_mut();
        let Some(Control::Choice(spec, select)) = s.controls.get(i) else {
            return Ok(());
        };
        let cmd = Command::Set {
            key: spec.key.into(),
            value: select.value(),
        };
        match s.apply(cmd) {
            Ok(()) => Self::after_change(&s, i, false),
            Err(e) => {
                let sc = s.sim.scenario().clone();
                if let Some(c) = s.controls.get(i) {
                    c.sync(&sc, false);
                }
                drop(s);
                self.notice(Some(&e.to_string()));
                return Ok(());
            }
        }
        s.render()
    }

    /// Pause, then advance by one frame's worth of model time.
    fn on_step(&self) -> Result<(), JsValue> {
        self.set_playing(false)?;
        self.state.borrow().slow.dirty.set(true);
        self.frame(STEP_REAL_S)
    }

    fn on_steady(&self) -> Result<(), JsValue> {
        let result = self.state.borrow_mut().apply(Command::GoToSteadyState);
        match result {
            Ok(()) => self.notice(None),
            Err(e) => self.notice(Some(&format!("{e}. The cell is left as it was."))),
        }
        self.state.borrow().render()
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
        let controls = controls::build(root)?;
        let slow = SlowReadouts::build(root)?;
        let (scenario, mut notices) = scenario_from_query(search)?;
        let (sim, scenario) = match Simulation::new(scenario.clone()) {
            Ok(sim) => (sim, scenario),
            Err(e) => {
                notices.push(format!("{e}. Showing the neuron instead."));
                let neuron = Scenario::preset("neuron").map_err(model_err)?;
                (Simulation::new(neuron.clone()).map_err(model_err)?, neuron)
            }
        };
        let announcer = Announcer::mount(
            root,
            Some(ui.chart.clone()),
            &[&ui.v, &ui.e_k, &ui.e_na, &ui.e_cl, &ui.time],
            sim.voltage().0,
        )?;
        let mut state = State {
            announcer,
            speed: suggested_speed(&scenario),
            sim,
            base: scenario,
            history: History::default(),
            charts: ChartPanels::find(root)?,
            ui,
            membrane: MembranePanel::find(root),
            controls,
            slow,
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
                on(&inner, &window, "resize", |i: &Inner| {
                    i.state.borrow().render()
                })?,
            ]
        });
        {
            let s = inner.state.borrow();
            if let Some(b) = &s.ui.step {
                listeners.push(on(&inner, b, "click", Inner::on_step)?);
            }
            if let Some(b) = &s.ui.steady {
                listeners.push(on(&inner, b, "click", Inner::on_steady)?);
            }
            for (i, c) in s.controls.iter().enumerate() {
                match c {
                    Control::Range(r) => {
                        listeners.push(on(&inner, &r.slider, "input", move |x: &Inner| {
                            x.on_slider(i)
                        })?);
                        listeners.push(on(&inner, &r.input, "change", move |x: &Inner| {
                            x.on_typed(i)
                        })?);
                    }
                    Control::Toggle(_, input) => {
                        listeners.push(on(&inner, input, "change", move |x: &Inner| {
                            x.on_toggle(i)
                        })?);
                    }
                    Control::Choice(_, select) => {
                        listeners.push(on(&inner, select, "change", move |x: &Inner| {
                            x.on_choice(i)
                        })?);
                    }
                }
            }
        }
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

    /// Press Step: pause and advance by one frame's worth of model time
    /// (speed × [`STEP_REAL_S`]).
    pub fn step_once(&self) -> Result<(), JsValue> {
        self.inner.on_step()
    }

    /// The scenario with the present parameters.
    pub fn scenario(&self) -> Scenario {
        self.inner.state.borrow().sim.scenario().clone()
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
