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
//!
//! Language: the page starts in the language of `?lang=zh|en` or, without
//! it, the browser's ([`crate::i18n::choose`]); the 中文 / English buttons
//! switch it live without touching the simulation. Lessons: `?lesson=ID` or
//! the lessons panel ([`crate::lessons`]) loads a lesson's scenario, its
//! start commands (Reset repeats them), its speed and panels.
//! The app keeps a log of the changes applied since the start (with their
//! model times) so that Share can write the whole state into a link, and
//! opening a link replays it (see [`crate::share`]). Share re-derives the
//! present state from its own link, so the page that shares and the page that
//! opens the link show the same numbers to the last bit.

use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

use rpl_lessons::{Lang, Lesson, Verdict};
use rpl_model::export::{self, Change, Link};
use rpl_model::scenario::Panels;
use rpl_model::{Command, ModelError, Readouts, Scenario, Seconds, Simulation, PRESET_NAMES};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{
    Element, Event, HtmlButtonElement, HtmlCanvasElement, HtmlElement, HtmlOptionElement,
    HtmlSelectElement,
};

use crate::a11y::Announcer;
use crate::anim::AnimationLoop;
use crate::chart_panels::ChartPanels;
use crate::charts::{format_number, format_number_1, TimeUnit};
use crate::controls::{self, Control, Scale, SLIDER_STEPS};
use crate::dom::{self, Listener};
use crate::equations::{self, Equations};
use crate::history::History;
use crate::i18n::{self, t, tf};
use crate::lessons::{LessonError, LessonPanel};
use crate::membrane::MembranePanel;
use crate::readouts::IonPanel;
use crate::share::{self, HeightReporter, PageKeys, ShareUi};

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
    /// Optional `<button>`: switch the page to Chinese.
    pub const LANG_ZH: &str = "lang-zh";
    /// Optional `<button>`: switch the page to English.
    pub const LANG_EN: &str = "lang-en";
    /// Optional section holding the membrane view (hidden by lessons that do not show it).
    pub const MEMBRANE_PANEL: &str = "membrane-panel";
}

/// One choice of how fast model time runs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Speed {
    /// What the selector shows in English (the page shows `speed.N` of the i18n table).
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

/// The speed selector's value for a lesson's own speed (one past [`SPEEDS`]).
pub const LESSON_SPEED: usize = SPEEDS.len();

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

/// What the preset selector shows for a preset name, in the page's language
/// (`preset.NAME` of the i18n table; an unknown name is shown as it is).
pub fn preset_label(name: &str) -> &str {
    let key = format!("preset.{name}");
    match i18n::entry(&key) {
        Some(_) => t(&key),
        None => name,
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
    lang_zh: Option<HtmlButtonElement>,
    lang_en: Option<HtmlButtonElement>,
    membrane_panel: Option<HtmlElement>,
    root: Element,
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
            lang_zh: optional(root, ids::LANG_ZH)?,
            lang_en: optional(root, ids::LANG_EN)?,
            membrane_panel: root
                .query_selector(&format!(".{}", ids::MEMBRANE_PANEL))?
                .and_then(|e| e.dyn_into::<HtmlElement>().ok()),
            root: root.clone(),
        })
    }

    /// Fill the selectors from the model's preset list and [`SPEEDS`] (in the
    /// page's language), plus the lesson's own speed when it is not one of them.
    fn fill_options(&self, lesson_speed: Option<f64>) -> Result<(), JsValue> {
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
            let key = format!("speed.{i}");
            opt.set_text(if i18n::entry(&key).is_some() {
                t(&key)
            } else {
                s.label
            });
            self.speed.append_child(&opt)?;
        }
        if let Some(f) = lesson_speed {
            let opt: HtmlOptionElement = doc.create_element("option")?.dyn_into()?;
            opt.set_value(&LESSON_SPEED.to_string());
            opt.set_text(&tf(
                "speed.lesson",
                &[("speed", &crate::lessons::speed_label(f))],
            ));
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
    JsValue::from_str(&i18n::error_text(&e))
}

/// A notice that can be worded again in the page's present language (after a
/// language switch the notice on show is rewritten).
pub type Wording = Rc<dyn Fn() -> String>;

/// A notice built from a translation key with `{error}` filled by a model error.
fn error_notice(key: &'static str, e: ModelError) -> Wording {
    Rc::new(move || tf(key, &[("error", &i18n::error_text(&e))]))
}

/// The notice for a bad part of the URL.
fn query_notice(e: ModelError) -> Wording {
    match e {
        ModelError::UnknownPreset { .. } => error_notice("notice.neuron", e),
        _ => error_notice("notice.link", e),
    }
}

/// The notice for an unknown lesson id.
fn unknown_lesson_notice(id: &str) -> Wording {
    let id = id.to_string();
    Rc::new(move || {
        tf(
            "lessons.unknown",
            &[("id", &id), ("known", &rpl_lessons::LESSON_IDS.join(", "))],
        )
    })
}

/// The value of `key` in a URL query string, if present.
pub fn query_value(search: &str, key: &str) -> Option<String> {
    share::query_pairs(search)
        .ok()?
        .into_iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v)
}

/// The `lang=` value of a language in share links.
fn lang_key(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "zh",
        Lang::En => "en",
    }
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
    let (scenario, notices) = scenario_and_notices(search)?;
    Ok((scenario, notices.iter().map(|w| w()).collect()))
}

fn scenario_and_notices(search: &str) -> Result<(Scenario, Vec<Wording>), JsValue> {
    let pairs = share::query_pairs(search)?;
    let (scenario, _preset, errors) = export::from_query(&pairs, &share::PAGE_KEYS);
    let notices = errors.into_iter().map(query_notice).collect();
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
    /// The preset `base` was built from (for share links).
    preset: String,
    /// Changes applied since the start, with their model times (for share links).
    log: Vec<Change>,
    /// The page's own link keys: lesson, language, embed mode.
    page: PageKeys,
    speed: usize,
    ui: Ui,
    /// The membrane view, when the page has its canvas.
    membrane: Option<MembranePanel>,
    controls: Vec<Control>,
    slow: SlowReadouts,
    charts: ChartPanels,
    /// The V_m live region and the chart's text alternative.
    announcer: Announcer,
    /// Commands applied after every (re)start of `base` (a lesson's start commands).
    base_commands: Vec<Command>,
    /// A lesson's own speed, when it is not one of [`SPEEDS`].
    lesson_speed: Option<f64>,
    /// The open lesson.
    lesson: Option<&'static Lesson>,
    /// The last check of the lesson's question.
    verdict: Option<Verdict>,
    /// Why the last prediction could not be checked.
    lesson_error: Option<LessonError>,
    /// An unknown lesson id asked for (shown until another lesson is chosen).
    unknown_lesson: Option<String>,
    /// The lessons panel, when the page has one.
    lessons: Option<LessonPanel>,
    /// The notices on show, worded again after a language switch.
    notices: Vec<Wording>,
}

impl State {
    /// Model seconds per real second at the chosen speed.
    fn factor(&self) -> f64 {
        match SPEEDS.get(self.speed) {
            Some(s) => s.factor,
            None => self.lesson_speed.unwrap_or(1.0),
        }
    }

    /// Choose a speed: one of [`SPEEDS`] when it matches `factor`, else a
    /// lesson speed of its own (`None`: back to the scenario's suggestion).
    fn set_speed(&mut self, factor: Option<f64>) -> Result<(), JsValue> {
        match factor {
            Some(f) => match SPEEDS.iter().position(|s| (s.factor - f).abs() <= 1e-9 * f) {
                Some(i) => {
                    self.lesson_speed = None;
                    self.speed = i;
                }
                None => {
                    self.lesson_speed = Some(f);
                    self.speed = LESSON_SPEED;
                }
            },
            None => {
                self.lesson_speed = None;
                self.speed = suggested_speed(&self.base);
            }
        }
        self.ui.fill_options(self.lesson_speed)?;
        self.sync_controls();
        Ok(())
    }

    /// Open `lesson`: its scenario, start commands, speed and panels.
    fn open_lesson(&mut self, lesson: &'static Lesson) -> Result<(), JsValue> {
        let scenario = lesson.scenario().map_err(model_err)?;
        let sim = lesson.start().map_err(model_err)?;
        self.sim = sim;
        self.base = scenario;
        self.base_commands = lesson.start_commands();
        self.history.clear();
        self.preset = lesson.preset.to_string();
        self.log = self
            .base_commands
            .iter()
            .filter_map(|c| Change::from_command(0.0, c))
            .collect();
        self.page.lesson = Some(lesson.id.to_string());
        self.record();
        self.slow.dirty.set(true);
        self.lesson = Some(lesson);
        self.verdict = None;
        self.lesson_error = None;
        self.unknown_lesson = None;
        self.set_speed(Some(lesson.speed))?;
        self.show_panels(Some(lesson.panels));
        self.charts.set_panels(Some(lesson.panels));
        self.render_lesson(true)
    }

    /// Close the lesson (the simulation goes on as it is).
    fn close_lesson(&mut self) -> Result<(), JsValue> {
        self.page.lesson = None;
        if self.lesson.take().is_some() {
            self.base_commands.clear();
            self.verdict = None;
            self.lesson_error = None;
            self.set_speed(None)?;
            self.show_panels(None);
            self.charts.set_panels(Some(Panels::default()));
        }
        self.render_lesson(true)
    }

    /// Show the panels a lesson asks for (`None`: every panel). The root gets
    /// `data-panels` naming them, for panels built elsewhere.
    fn show_panels(&self, panels: Option<Panels>) {
        let p = panels.unwrap_or_default();
        if let Some(m) = &self.ui.membrane_panel {
            dom::set_visible(m, p.membrane || panels.is_none());
        }
        let names: Vec<&str> = [
            (p.membrane, "membrane"),
            (p.voltage, "voltage"),
            (p.concentrations, "concentrations"),
            (p.currents, "currents"),
            (p.clamp, "clamp"),
        ]
        .into_iter()
        .filter(|(on, _)| *on)
        .map(|(_, n)| n)
        .collect();
        let result = match panels {
            Some(_) => self.ui.root.set_attribute("data-panels", &names.join(" ")),
            None => self.ui.root.remove_attribute("data-panels"),
        };
        if let Err(e) = result {
            web_sys::console::warn_1(&e);
        }
    }

    /// Write the lessons panel in the present language.
    fn render_lesson(&self, fresh: bool) -> Result<(), JsValue> {
        let Some(panel) = &self.lessons else {
            return Ok(());
        };
        panel.render(self.lesson, fresh)?;
        let notice = self.unknown_lesson.as_ref().map(|id| {
            tf(
                "lessons.unknown",
                &[("id", id), ("known", &rpl_lessons::LESSON_IDS.join(", "))],
            )
        });
        panel.show_notice(notice.as_deref());
        panel.show_error(self.lesson_error.as_ref());
        panel.show_verdict(self.verdict.as_ref());
        Ok(())
    }

    /// Check the reader's prediction against the model.
    fn check_lesson(&mut self) -> Result<(), JsValue> {
        let (Some(lesson), Some(panel)) = (self.lesson, &self.lessons) else {
            return Ok(());
        };
        let checked = panel
            .prediction(lesson)
            .and_then(|p| lesson.question.check(&p).map_err(LessonError::Model));
        match checked {
            Ok(v) => {
                self.verdict = Some(v);
                self.lesson_error = None;
            }
            Err(e) => {
                self.verdict = None;
                self.lesson_error = Some(e);
            }
        }
        self.render_lesson(false)
    }

    /// Show these notices (none: hide the notice).
    fn show_notices(&mut self, notices: Vec<Wording>) {
        self.notices = notices;
        let text: Vec<String> = self.notices.iter().map(|w| w()).collect();
        let text = text.join("\n");
        dom::show_message(&self.ui.notice, (!text.is_empty()).then_some(text.as_str()));
        if !text.is_empty() {
            web_sys::console::warn_1(&JsValue::from_str(&text));
        }
    }

    /// Rewrite every text in `lang` without touching the simulation.
    fn relabel(&self, lang: Lang) -> Result<(), JsValue> {
        let doc = dom::document()?;
        if let Some(html) = doc.document_element() {
            html.set_attribute("lang", lang.code())?;
            i18n::apply(&html, lang)?;
        } else {
            i18n::apply(&self.ui.root, lang)?;
        }
        for (b, l) in [(&self.ui.lang_zh, Lang::Zh), (&self.ui.lang_en, Lang::En)] {
            if let Some(b) = b {
                b.set_attribute("aria-pressed", if l == lang { "true" } else { "false" })?;
            }
        }
        self.ui.fill_options(self.lesson_speed)?;
        for c in &self.controls {
            c.relabel()?;
        }
        if let Some(panel) = &self.lessons {
            panel.fill_options(self.lesson.map(|l| l.id))?;
        }
        self.render_lesson(false)?;
        self.sync_controls();
        self.slow.dirty.set(true);
        // The charts draw their words: redraw them all, tables relabelled.
        self.charts.relabel();
        self.announcer.relabel();
        let text: Vec<String> = self.notices.iter().map(|w| w()).collect();
        if !text.is_empty() {
            dom::show_message(&self.ui.notice, Some(&text.join("\n")));
        }
        Ok(())
    }

    /// Start `scenario` (built from `preset`) afresh: new simulation, its
    /// start commands (a lesson's), empty history and change log, controls
    /// matching it.
    fn load(&mut self, scenario: Scenario, preset: &str) -> Result<(), ModelError> {
        let mut sim = Simulation::new(scenario.clone())?;
        for cmd in &self.base_commands {
            sim.apply(cmd.clone())?;
        }
        self.sim = sim;
        self.base = scenario;
        self.preset = preset.to_string();
        self.log = self
            .base_commands
            .iter()
            .filter_map(|c| Change::from_command(0.0, c))
            .collect();
        self.history.clear();
        self.record();
        self.slow.dirty.set(true);
        self.announcer.command();
        if self.lesson.is_none() {
            self.charts.set_panels(None);
        }
        if self.lesson_speed.is_some() {
            self.speed = LESSON_SPEED;
        } else if self.lesson.is_none() {
            self.speed = suggested_speed(&self.base);
        }
        self.sync_controls();
        Ok(())
    }

    fn record(&mut self) {
        self.history.push(self.sim.sample());
    }

    /// The link to the present state: the starting scenario, the changes
    /// since, the model time now.
    fn link(&self) -> Link {
        Link {
            scenario: self.base.clone(),
            preset: self.preset.clone(),
            changes: self.log.clone(),
            t_s: self.sim.time().0,
        }
    }

    /// Replace the simulation with the replay of its own link (read back from
    /// the link's text, as a page opening it would) and return that text. The
    /// state moves by no more than the integrator's tolerance, and afterwards
    /// equals what the link opens, to the last bit.
    fn canonical_query(&mut self) -> Result<String, JsValue> {
        let text = self.link().to_query();
        let opened = share::open(&format!("?{text}"))?;
        let replayed = opened
            .link
            .replay(share::REPLAY_SAMPLES, |_| {})
            .map_err(model_err)?;
        self.sim = replayed.sim;
        self.log = replayed.applied;
        self.record();
        self.slow.dirty.set(true);
        let canonical = opened.link.to_query();
        Ok(format!("{canonical}{}", share::page_query(&self.page)))
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
                rpl_model::VolumeMode::Rigid => t("cell.rigid"),
                rpl_model::VolumeMode::Swelling => t("cell.swelling"),
            };
            dom::set_text(note, text);
        }
    }

    /// Apply a command, log it and record the moment; the model refuses bad values.
    fn apply(&mut self, cmd: Command) -> Result<(), ModelError> {
        let t = self.sim.time().0;
        self.sim.apply(cmd.clone())?;
        log_change(&mut self.log, t, &cmd);
        self.record();
        self.slow.dirty.set(true);
        self.announcer.command();
        Ok(())
    }

    /// Advance model time by the chosen speed × `real_dt_s`.
    fn advance(&mut self, real_dt_s: f64) -> Result<(), ModelError> {
        let dt = self.factor() * real_dt_s;
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
        // The charts name their axis titles in `data-axes` (see chart_panels).
        self.slow.render(&self.sim, &r);
        self.charts
            .render(&ui.chart, &self.sim, &r, &self.history)?;
        self.announcer
            .update(|| self.history.voltage_points(), &r)?;
        self.membrane.as_ref().map_or(Ok(()), |m| m.draw(&r))
    }
}

/// Add a change to the log. A change of the same key at the same model time
/// as the last one replaces it (e.g. a slider dragged while paused).
fn log_change(log: &mut Vec<Change>, t_s: f64, cmd: &Command) {
    let Some(change) = Change::from_command(t_s, cmd) else {
        return;
    };
    if let Some(last) = log.last_mut() {
        if last.key == change.key && last.t_s == change.t_s && change.key != export::STEADY_KEY {
            *last = change;
            return;
        }
    }
    log.push(change);
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
    share: ShareUi,
    root: Element,
    /// Posts the page's height to the parent window in embed mode.
    height: RefCell<Option<HeightReporter>>,
}

impl Inner {
    /// Show a message about the page as a whole (or hide it with `None`).
    fn notice(&self, message: Option<Wording>) {
        if let Ok(mut s) = self.state.try_borrow_mut() {
            s.show_notices(message.into_iter().collect());
        } else if let Some(m) = message {
            web_sys::console::warn_1(&JsValue::from_str(&m()));
        }
    }

    fn report(&self, e: &JsValue) {
        web_sys::console::error_1(e);
        let text = js_text(e);
        self.notice(Some(Rc::new(move || {
            tf("notice.failed", &[("error", &text)])
        })));
    }

    fn set_playing(&self, playing: bool) -> Result<(), JsValue> {
        self.anim.set_running(playing)?;
        let s = self.state.borrow();
        dom::set_text(
            &s.ui.play,
            if playing {
                t("btn.pause")
            } else {
                t("btn.play")
            },
        );
        s.ui.play.remove_attribute("aria-pressed")
    }

    fn frame(&self, real_dt_s: f64) -> Result<(), JsValue> {
        let advanced = self.state.borrow_mut().advance(real_dt_s);
        if let Err(e) = advanced {
            self.set_playing(false)?;
            self.notice(Some(error_notice("notice.stopped", e)));
        }
        let s = self.state.borrow();
        s.charts.next_render_is_frame();
        s.render()
    }

    fn on_preset(&self) -> Result<(), JsValue> {
        let name = self.state.borrow().ui.preset.value();
        let scenario = Scenario::preset(&name).map_err(model_err)?;
        self.state.borrow_mut().close_lesson()?;
        self.load(scenario, &name)
    }

    /// Switch the page's language; the simulation is left as it is.
    fn on_lang(&self, lang: Lang) -> Result<(), JsValue> {
        i18n::set_lang(lang);
        self.state.borrow_mut().page.lang = Some(lang_key(lang).to_string());
        let s = self.state.borrow();
        s.relabel(lang)?;
        self.share.relabel();
        dom::set_text(
            &s.ui.play,
            if self.anim.is_running() {
                t("btn.pause")
            } else {
                t("btn.play")
            },
        );
        s.render()
    }

    /// Open the lesson chosen in the selector (or close it: "no lesson").
    fn on_lesson_select(&self) -> Result<(), JsValue> {
        let id = {
            let s = self.state.borrow();
            match &s.lessons {
                Some(p) => p.select.value(),
                None => return Ok(()),
            }
        };
        self.open_lesson(&id)
    }

    /// Open the lesson `id` ("" closes the lesson; an unknown id is named in a notice).
    fn open_lesson(&self, id: &str) -> Result<(), JsValue> {
        let opened = {
            let mut s = self.state.borrow_mut();
            if id.is_empty() {
                s.unknown_lesson = None;
                s.close_lesson()
            } else {
                match rpl_lessons::lesson(id) {
                    Some(l) => s.open_lesson(l),
                    None => {
                        s.unknown_lesson = Some(id.to_string());
                        let has_panel = s.lessons.is_some();
                        s.close_lesson()?;
                        if !has_panel {
                            s.show_notices(vec![unknown_lesson_notice(id)]);
                        }
                        Ok(())
                    }
                }
            }
        };
        if let Err(e) = opened {
            let text = js_text(&e);
            self.notice(Some(Rc::new(move || {
                tf("lessons.failed", &[("error", &text)])
            })));
        }
        self.state.borrow().render()
    }

    fn on_check(&self) -> Result<(), JsValue> {
        self.state.borrow_mut().check_lesson()
    }

    fn load(&self, scenario: Scenario, preset: &str) -> Result<(), JsValue> {
        let loaded = self.state.borrow_mut().load(scenario, preset);
        match loaded {
            Ok(()) => self.notice(None),
            Err(e) => self.notice(Some(error_notice("notice.kept", e))),
        }
        self.state.borrow().render()
    }

    fn on_reset(&self) -> Result<(), JsValue> {
        let (base, preset) = {
            let s = self.state.borrow();
            (s.base.clone(), s.preset.clone())
        };
        self.load(base, &preset)
    }

    /// Pause and write the present state into a share URL (see
    /// [`State::canonical_query`]).
    fn share_url(&self) -> Result<String, JsValue> {
        self.set_playing(false)?;
        let query = self.state.borrow_mut().canonical_query()?;
        self.state.borrow().render()?;
        Ok(format!("{}?{query}", share::page_address()?))
    }

    fn on_share(&self) -> Result<(), JsValue> {
        let url = self.share_url()?;
        if let Some((dialog, field, _, status)) = &self.share.share_dialog {
            field.set_value(&url);
            share::show_status(status, None);
            share::show_dialog(dialog)?;
            field.focus()?;
            field.select();
        }
        Ok(())
    }

    fn on_embed(&self) -> Result<(), JsValue> {
        let url = self.share_url()?;
        if let Some(d) = &self.share.embed_dialog {
            d.code.set_value(&share::embed_snippet(&url));
            let origin = dom::window()?.location().origin()?;
            d.script.set_value(&share::embed_script(&origin));
            share::show_status(&d.status, None);
            share::show_dialog(&d.dialog)?;
            d.code.focus()?;
            d.code.select();
        }
        Ok(())
    }

    fn on_copy_share(&self) -> Result<(), JsValue> {
        if let Some((_, field, _, status)) = &self.share.share_dialog {
            share::copy(&field.value(), field, status)?;
        }
        Ok(())
    }

    fn on_copy_embed(&self, script: bool) -> Result<(), JsValue> {
        if let Some(d) = &self.share.embed_dialog {
            let field = if script { &d.script } else { &d.code };
            share::copy(&field.value(), field, &d.status)?;
        }
        Ok(())
    }

    /// The run as CSV: the starting scenario and the changes in the header,
    /// then one row per recorded sample.
    fn csv(&self) -> String {
        let s = self.state.borrow();
        let mut notes = vec![format!("link: ?{}", s.link().to_query())];
        notes.extend(s.log.iter().map(|c| {
            if c.key == export::STEADY_KEY {
                format!("then steady state at t = {} s", export::format_time(c.t_s))
            } else {
                format!(
                    "then {}={} at t = {} s",
                    c.key,
                    c.value,
                    export::format_time(c.t_s)
                )
            }
        }));
        export::csv(&s.base, &notes, s.history.samples())
    }

    fn on_csv(&self) -> Result<(), JsValue> {
        share::download_text(share::CSV_FILE, "text/csv", &self.csv())
    }

    fn on_png(&self, i: usize) -> Result<(), JsValue> {
        if let Some((_, canvas, name)) = self.share.png.get(i) {
            self.state.borrow().render()?;
            share::download_png(canvas, name)?;
        }
        Ok(())
    }

    fn on_speed(&self) -> Result<(), JsValue> {
        let mut s = self.state.borrow_mut();
        let lesson_speed = s.lesson_speed.is_some();
        if let Some(i) =
            s.ui.speed
                .value()
                .parse::<usize>()
                .ok()
                .filter(|&i| i < SPEEDS.len() || (i == LESSON_SPEED && lesson_speed))
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
                    r.show_error(Some(&i18n::error_text(&e)));
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
                self.notice(Some(Rc::new(move || i18n::error_text(&e))));
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
                self.notice(Some(Rc::new(move || i18n::error_text(&e))));
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
            Err(e) => self.notice(Some(error_notice("notice.steady", e))),
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
        let lang = i18n::choose(
            query_value(search, "lang").as_deref(),
            &i18n::browser_languages(),
        );
        i18n::set_lang(lang);
        let ui = Ui::find(root)?;
        ui.fill_options(None)?;
        let controls = controls::build(root)?;
        let slow = SlowReadouts::build(root)?;
        let share_ui = ShareUi::build(root)?;
        let share::Opened {
            link,
            page,
            notices: link_notices,
        } = share::open(search)?;
        let mut notices: Vec<Wording> = link_notices
            .into_iter()
            .map(|n| match n {
                share::Notice::Model(e) => query_notice(e),
                n => Rc::new(move || n.text()),
            })
            .collect();
        // Replay the link: start, each change at its time, stop at t.
        let mut history = History::default();
        let mut on_sample = |sim: &Simulation| {
            history.push(sim.sample());
        };
        let (sim, scenario, preset, log) = match Simulation::new(link.scenario.clone()) {
            Ok(first) => {
                on_sample(&first);
                let replayed = link
                    .replay(share::REPLAY_SAMPLES, on_sample)
                    .map_err(model_err)?;
                notices.extend(
                    replayed
                        .errors
                        .iter()
                        .map(|e| error_notice("share.notice.then", e.clone())),
                );
                (
                    replayed.sim,
                    link.scenario.clone(),
                    link.preset.clone(),
                    replayed.applied,
                )
            }
            Err(e) => {
                notices.push(error_notice("notice.neuron", e));
                let neuron = Scenario::preset("neuron").map_err(model_err)?;
                let sim = Simulation::new(neuron.clone()).map_err(model_err)?;
                (sim, neuron, "neuron".to_string(), Vec::new())
            }
        };
        let announcer = Announcer::mount(
            root,
            Some(ui.chart.clone()),
            &[&ui.v, &ui.e_k, &ui.e_na, &ui.e_cl, &ui.time],
            sim.voltage().0,
        )?;
        // A link that stops at a model time opens paused there.
        let paused = link.t_s > 0.0;
        share::apply_panels(root, &scenario.panels)?;
        let embed = page.embed;
        let parent_origin = page.parent_origin.clone();
        let mut state = State {
            announcer,
            speed: suggested_speed(&scenario),
            sim,
            base: scenario,
            history,
            charts: ChartPanels::find(root)?,
            preset,
            log,
            page,
            ui,
            membrane: MembranePanel::find(root),
            controls,
            slow,
            base_commands: Vec::new(),
            lesson_speed: None,
            lesson: None,
            verdict: None,
            lesson_error: None,
            unknown_lesson: None,
            lessons: LessonPanel::find(root)?,
            notices: Vec::new(),
        };
        state.record();
        state.relabel(lang)?;
        if let Some(id) = query_value(search, "lesson").filter(|id| !id.is_empty()) {
            match rpl_lessons::lesson(&id) {
                Some(l) => {
                    // The lesson's texts, speed and panels; the state stays the link's replay.
                    let replay = (
                        state.sim.clone(),
                        state.base.clone(),
                        state.preset.clone(),
                        state.log.clone(),
                        state.history.clone(),
                    );
                    let opened = state.open_lesson(l);
                    (
                        state.sim,
                        state.base,
                        state.preset,
                        state.log,
                        state.history,
                    ) = replay;
                    if let Err(e) = opened {
                        let text = js_text(&e);
                        notices.push(Rc::new(move || tf("lessons.failed", &[("error", &text)])));
                    }
                }
                None => {
                    state.unknown_lesson = Some(id.clone());
                    if state.lessons.is_none() {
                        notices.push(unknown_lesson_notice(&id));
                    }
                    state.render_lesson(true)?;
                }
            }
        }
        state.sync_controls();
        state.show_notices(notices);
        state.render()?;

        let window = dom::window()?;
        let inner = Rc::new(Inner {
            state: RefCell::new(state),
            anim: AnimationLoop::new(&window)?,
            share: share_ui,
            root: root.clone(),
            height: RefCell::new(None),
        });
        if embed {
            share::set_embed_class(&dom::document()?, true)?;
            *inner.height.borrow_mut() = HeightReporter::start(parent_origin)?;
        }
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
            if let Some(b) = &s.ui.lang_zh {
                listeners.push(on(&inner, b, "click", |i: &Inner| i.on_lang(Lang::Zh))?);
            }
            if let Some(b) = &s.ui.lang_en {
                listeners.push(on(&inner, b, "click", |i: &Inner| i.on_lang(Lang::En))?);
            }
            if let Some(p) = &s.lessons {
                listeners.push(on(&inner, &p.select, "change", Inner::on_lesson_select)?);
                listeners.push(on(&inner, &p.restart, "click", Inner::on_reset)?);
                let weak = Rc::downgrade(&inner);
                listeners.push(Listener::new(&p.form, "submit", move |ev: Event| {
                    ev.prevent_default();
                    if crate::panicked() {
                        return;
                    }
                    if let Some(inner) = weak.upgrade() {
                        if let Err(e) = inner.on_check() {
                            inner.report(&e);
                        }
                    }
                })?);
            }
            let sh = &inner.share;
            if let Some(b) = &sh.share {
                listeners.push(on(&inner, b, "click", Inner::on_share)?);
            }
            if let Some(b) = &sh.embed {
                listeners.push(on(&inner, b, "click", Inner::on_embed)?);
            }
            if let Some(b) = &sh.csv {
                listeners.push(on(&inner, b, "click", Inner::on_csv)?);
            }
            if let Some((_, _, b, _)) = &sh.share_dialog {
                listeners.push(on(&inner, b, "click", Inner::on_copy_share)?);
            }
            if let Some(d) = &sh.embed_dialog {
                listeners.push(on(&inner, &d.copy, "click", |x: &Inner| {
                    x.on_copy_embed(false)
                })?);
                listeners.push(on(&inner, &d.script_copy, "click", |x: &Inner| {
                    x.on_copy_embed(true)
                })?);
            }
            for (i, (b, _, _)) in sh.png.iter().enumerate() {
                listeners.push(on(&inner, b, "click", move |x: &Inner| x.on_png(i))?);
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
        inner.set_playing(!paused)?;
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

    /// Switch the page's language, as the 中文 / English buttons do.
    pub fn set_language(&self, lang: Lang) -> Result<(), JsValue> {
        self.inner.on_lang(lang)
    }

    /// Open the lesson `id` as the lesson selector does ("" closes it; an
    /// unknown id leaves no lesson open and is named in a notice).
    pub fn open_lesson(&self, id: &str) -> Result<(), JsValue> {
        self.inner.open_lesson(id)
    }

    /// The open lesson's id.
    pub fn lesson_id(&self) -> Option<&'static str> {
        self.inner.state.borrow().lesson.map(|l| l.id)
    }

    /// Check the prediction in the lessons panel, as its Check button does.
    pub fn check_prediction(&self) -> Result<(), JsValue> {
        self.inner.on_check()
    }

    /// The last verdict on the lesson's question.
    pub fn verdict(&self) -> Option<Verdict> {
        self.inner.state.borrow().verdict.clone()
    }

    /// Model seconds per real second at the chosen speed.
    pub fn speed_factor(&self) -> f64 {
        self.inner.state.borrow().factor()
    }

    /// The recorded voltage trace, (model time s, V mV).
    pub fn trace(&self) -> Vec<(f64, f64)> {
        self.inner.state.borrow().history.voltage_points()
    }

    /// The recorded history of the run (a copy), oldest first.
    pub fn history(&self) -> History {
        self.inner.state.borrow().history.clone()
    }

    /// Press Share without the dialog: pause, and return the URL of the
    /// present state (the page's address, the link, then `lesson` and `lang`).
    /// The state is re-derived from the link, so opening the URL shows the
    /// same numbers.
    pub fn share_url(&self) -> Result<String, JsValue> {
        self.inner.share_url()
    }

    /// The changes applied since the start, with their model times.
    pub fn changes(&self) -> Vec<Change> {
        self.inner.state.borrow().log.clone()
    }

    /// The run as CSV, as the Download CSV button writes it.
    pub fn csv(&self) -> String {
        self.inner.csv()
    }

    /// Hook for the lessons panel: the lesson named by the link (`lesson=ID`),
    /// or the one last set with [`App::set_lesson`]. When the link holds
    /// nothing but the lesson (and `lang`/`embed`), the app has already
    /// started the lesson's scenario and after-start commands; the panel only
    /// has to show the lesson.
    pub fn lesson(&self) -> Option<String> {
        self.inner.state.borrow().page.lesson.clone()
    }

    /// Hook for the lessons panel: say which lesson is open (`None`: none), so
    /// share links carry it as `lesson=ID`.
    pub fn set_lesson(&self, id: Option<&str>) {
        self.inner.state.borrow_mut().page.lesson = id.map(str::to_string);
    }

    /// Hook for the language switch: the language named by the link (`lang=zh|en`).
    pub fn lang(&self) -> Option<String> {
        self.inner.state.borrow().page.lang.clone()
    }

    /// Hook for the language switch: the language in use, carried by share links.
    pub fn set_lang(&self, lang: Option<&str>) {
        self.inner.state.borrow_mut().page.lang = lang.map(str::to_string);
    }

    /// Whether the page is in embed mode (`embed=1`).
    pub fn embedded(&self) -> bool {
        self.inner.state.borrow().page.embed
    }

    /// The panels shown (part of the starting scenario, carried by share links).
    pub fn panels(&self) -> Panels {
        self.inner.state.borrow().base.panels
    }

    /// Show these panels: elements with `data-panel="NAME"` follow them, and
    /// share links carry them as `panels=…`.
    pub fn set_panels(&self, panels: Panels) -> Result<(), JsValue> {
        self.inner.state.borrow_mut().base.panels = panels;
        share::apply_panels(&self.inner.root, &panels)?;
        self.inner.state.borrow().render()
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
