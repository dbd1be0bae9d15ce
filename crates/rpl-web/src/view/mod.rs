//! The page drawn from the state: [`View::render`] reads an [`AppState`] and
//! writes the readouts, the controls, the notices, the lessons panel, the
//! charts and the membrane view. It never changes the state. Text is written
//! only when it differs from what is there, and the slower parts (the ion
//! table, the equations) at most every [`SLOW_READOUT_MS`] unless the
//! parameters changed, so a frame at rest costs little.

pub mod a11y;
pub mod chart_panels;
pub mod charts;
pub mod controls;
pub mod equations;
pub mod i18n;
pub mod layer;
pub mod lessons;
pub mod membrane;
pub mod picture;
pub mod pins;
pub mod readouts;
pub mod share;
pub mod stim;
pub mod sweep;
pub mod tabs;
pub mod timeline;
pub mod zoom;

use rpl_model::decimal::Plain;
use std::cell::{Cell, RefCell};

use rpl_lessons::{Hidden, KeyControl, Lang};
use rpl_model::scenario::Panels;
use rpl_model::{Readouts, VolumeMode, PRESET_NAMES};
use rpl_ui::format::{format_duration, format_mv, format_number_1};
use rpl_ui::link::{unknown_lesson_notice, Notice};
use rpl_ui::state::{speed_label, AppState, Source, LESSON_SPEED, SPEEDS};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{
    Element, HtmlButtonElement, HtmlCanvasElement, HtmlElement, HtmlOptionElement,
    HtmlSelectElement,
};

use self::a11y::Announcer;
use self::chart_panels::ChartPanels;
use self::controls::Control;
use self::equations::Equations;
use self::i18n::{t, tf};
use self::lessons::LessonPanel;
use self::membrane::MembranePanel;
use self::readouts::IonPanel;
use self::share::ShareUi;
use self::tabs::Tabs;
use crate::platform::dom;

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
    /// `<button>`: start the run again (same settings and speed).
    pub const RESTART: &str = "restart";
    /// `<button>`: undo the last Reset all.
    pub const UNDO_RESET: &str = "undo-reset";
    /// Optional `<button>`: jump to the steady state of the present parameters.
    pub const STEADY: &str = "steady";
    /// Optional container in which the parameter controls are built (see [`super::controls`]).
    pub const PARAMS: &str = super::controls::CONTAINER_ID;
    /// Optional container for the ion table and counters (see [`super::readouts`]).
    pub const ION_READOUTS: &str = super::readouts::CONTAINER_ID;
    /// Optional container for the equations (see [`super::equations`]).
    pub const EQUATIONS: &str = super::equations::CONTAINER_ID;
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
    /// The note on a rigid cell's run-down to its Donnan equilibrium.
    pub const DONNAN_NOTE: &str = "donnan-note";
    /// Its text.
    pub const DONNAN_TEXT: &str = "donnan-text";
    /// `<button>`: switch to the swelling cell.
    pub const TRY_SWELLING: &str = "try-swelling";
    /// Optional `<button>`: switch the page to Chinese.
    pub const LANG_ZH: &str = "lang-zh";
    /// Optional `<button>`: switch the page to English.
    pub const LANG_EN: &str = "lang-en";
    /// Optional section holding the membrane view (hidden by lessons that do not show it).
    pub const MEMBRANE_PANEL: &str = "membrane-panel";
}

/// Shortest real time between two rewrites of the ion table and equations, ms.
pub const SLOW_READOUT_MS: f64 = 250.0;

/// What the preset selector shows for a preset name, in the page's language
/// (`preset.NAME` of the i18n table; an unknown name is shown as it is).
pub fn preset_label(name: &str) -> &str {
    let key = format!("preset.{name}");
    match i18n::entry(&key) {
        Some(_) => t(&key),
        None => name,
    }
}

/// The element with `id` inside `root` if the page has it (an error only when
/// it exists but is of another type).
pub fn optional<T: JsCast>(root: &Element, id: &str) -> Result<Option<T>, JsValue> {
    if has(root, id)? {
        dom::find(root, id).map(Some)
    } else {
        Ok(None)
    }
}

/// Whether `root` holds an element with `id` ([`optional`]'s search, one
/// copy for every element type).
#[inline(never)]
fn has(root: &Element, id: &str) -> Result<bool, JsValue> {
    Ok(root.query_selector(&format!("#{id}"))?.is_some())
}

/// The page's buttons, selectors and fast readouts.
pub struct Ui {
    /// The preset selector.
    pub preset: HtmlSelectElement,
    /// Play / Pause.
    pub play: HtmlButtonElement,
    /// Start the scenario again.
    pub reset: HtmlButtonElement,
    /// The speed selector.
    pub speed: HtmlSelectElement,
    /// Step one frame.
    pub step: Option<HtmlButtonElement>,
    /// Start the run again with the same settings and speed.
    pub restart: Option<HtmlButtonElement>,
    /// Undo the last Reset all (shown only while there is one to undo).
    pub undo_reset: Option<HtmlButtonElement>,
    /// Go to the steady state.
    pub steady: Option<HtmlButtonElement>,
    v: HtmlElement,
    e_k: HtmlElement,
    e_na: HtmlElement,
    e_cl: HtmlElement,
    time: HtmlElement,
    notice: HtmlElement,
    /// The voltage chart.
    pub chart: HtmlCanvasElement,
    cell_note: Option<HtmlElement>,
    donnan: Option<(HtmlElement, HtmlElement)>,
    /// Switch to the swelling cell (in the Donnan note).
    pub try_swelling: Option<HtmlButtonElement>,
    /// Switch to Chinese.
    pub lang_zh: Option<HtmlButtonElement>,
    /// Switch to English.
    pub lang_en: Option<HtmlButtonElement>,
    membrane_panel: Option<HtmlElement>,
}

impl Ui {
    fn find(root: &Element) -> Result<Ui, JsValue> {
        let b = dom::Build::finder();
        let ui = Ui {
            preset: b.find(root, ids::PRESET),
            play: b.find(root, ids::PLAY),
            reset: b.find(root, ids::RESET),
            speed: b.find(root, ids::SPEED),
            step: b.optional(root, ids::STEP),
            restart: b.optional(root, ids::RESTART),
            undo_reset: b.optional(root, ids::UNDO_RESET),
            steady: b.optional(root, ids::STEADY),
            v: b.find(root, ids::V),
            e_k: b.find(root, ids::E_K),
            e_na: b.find(root, ids::E_NA),
            e_cl: b.find(root, ids::E_CL),
            time: b.find(root, ids::TIME),
            notice: b.find(root, ids::NOTICE),
            chart: b.find(root, ids::CHART),
            cell_note: if b.failed() {
                None
            } else {
                dom::find(root, ids::CELL_NOTE).ok()
            },
            donnan: if b.failed() {
                None
            } else {
                dom::find(root, ids::DONNAN_NOTE)
                    .ok()
                    .zip(dom::find(root, ids::DONNAN_TEXT).ok())
            },
            try_swelling: b.optional(root, ids::TRY_SWELLING),
            lang_zh: b.optional(root, ids::LANG_ZH),
            lang_en: b.optional(root, ids::LANG_EN),
            membrane_panel: if b.failed() {
                None
            } else {
                match root.query_selector(&format!(".{}", ids::MEMBRANE_PANEL)) {
                    Ok(el) => el.and_then(|e| e.dyn_into::<HtmlElement>().ok()),
                    Err(e) => {
                        b.keep_value(Err(e));
                        None
                    }
                }
            },
        };
        b.finish()?;
        Ok(ui)
    }

    /// Fill the selectors from the model's preset list and [`SPEEDS`] (in the
    /// page's language), plus the lesson's own speed when it is not one of them.
    fn fill_options(&self, lesson_speed: Option<f64>) -> Result<(), JsValue> {
        let doc = dom::document()?;
        let option = |value: &str, text: &str| -> Result<web_sys::Node, JsValue> {
            let opt: HtmlOptionElement = doc.create_element("option")?.dyn_into()?;
            opt.set_value(value);
            opt.set_text(text);
            Ok(opt.into())
        };
        self.preset.set_inner_html("");
        for name in PRESET_NAMES {
            self.preset
                .append_child(&option(name, preset_label(name))?)?;
        }
        self.speed.set_inner_html("");
        for (i, s) in SPEEDS.iter().enumerate() {
            let key = format!("speed.{i}");
            let text = if i18n::entry(&key).is_some() {
                t(&key)
            } else {
                s.label
            };
            self.speed.append_child(&option(&i.to_string(), text)?)?;
        }
        if let Some(f) = lesson_speed {
            let text = rpl_ui::tf!("speed.lesson", &[("speed", &speed_label(f))]);
            self.speed
                .append_child(&option(&LESSON_SPEED.to_string(), &text)?)?;
        }
        Ok(())
    }
}

/// The parts of the state the page's buttons, notices and lesson card show:
/// while it stays the same, an animation frame leaves them alone.
#[derive(Clone, PartialEq)]
struct ChromeKey {
    playing: bool,
    hidden: &'static [Hidden],
    speed: usize,
    revision: u64,
    lang: Lang,
    /// The refusal and the lesson's error, by their changes (comparing the
    /// errors themselves would bring their equality, 1.2 KB, into the page).
    errors: u64,
    panels: Panels,
    lesson: Option<&'static str>,
    verdict: Option<rpl_lessons::Verdict>,
    unknown_lesson: Option<String>,
    /// The notices as worded (comparing them as values would bring the
    /// model errors' equality into the page).
    notices: Vec<String>,
    undo: bool,
    tab: Option<rpl_ui::tabs::PanelTab>,
}

impl ChromeKey {
    fn of(s: &AppState) -> ChromeKey {
        ChromeKey {
            playing: s.playing,
            hidden: s.hidden(),
            speed: s.speed,
            revision: s.revision,
            lang: s.lang,
            errors: s.errors_revision,
            panels: s.panels,
            lesson: s.lesson.map(|l| l.id),
            verdict: s.verdict.clone(),
            unknown_lesson: s.unknown_lesson.clone(),
            notices: s.notices.iter().map(Notice::text).collect(),
            undo: s.undo.is_some(),
            tab: s.tab,
        }
    }
}

/// What the view last wrote, so it writes only what changed.
#[derive(Default)]
struct Written {
    /// The buttons, notices and lesson card as last written.
    chrome: Option<ChromeKey>,
    /// The state's revision the controls and slow readouts show.
    revision: Option<u64>,
    /// The language everything was last worded in.
    lang: Option<Lang>,
    /// The lesson speed the speed selector offers.
    lesson_speed: Option<Option<f64>>,
    /// The panels shown.
    panels: Option<Panels>,
    /// The lesson the panel shows (by id; `None` inside: none), in which
    /// language, and with its texts in which state.
    /// (`None` for the language after a relabel: worded again at the next render.)
    lesson: Option<(
        Option<&'static str>,
        Option<Lang>,
        rpl_ui::state::LessonTexts,
    )>,
    /// The page notice's text.
    notice: Option<String>,
    /// The commands the live region has been told of.
    commands: u64,
    /// When the slow readouts were last written (ms, `Date.now()`).
    slow_ms: f64,
}

/// Everything in the page that the app writes.
pub struct View {
    /// The buttons, selectors and fast readouts.
    pub ui: Ui,
    /// The parameter controls (built from [`controls::SPECS`]).
    pub controls: Vec<Control>,
    ions: Option<IonPanel>,
    equations: Option<Equations>,
    /// The chart panels.
    pub charts: ChartPanels,
    announcer: Announcer,
    membrane: Option<MembranePanel>,
    /// The lessons panel, when the page has one.
    pub lessons: Option<LessonPanel>,
    /// The timeline under the voltage chart, when the page has one.
    pub timeline: Option<timeline::Timeline>,
    /// The sweep panel, when the page has one.
    pub sweep: Option<sweep::SweepPanel>,
    /// The pinned runs under the V chart, when the page has them.
    pub pins: Option<pins::Pins>,
    /// The stimulus box under the V chart, when the page has it.
    pub stim: Option<stim::StimBox>,
    /// The millisecond zoom of the latest spike, in that box.
    pub zoom: Option<zoom::ZoomPanel>,
    /// The share, embed and export elements.
    pub share: ShareUi,
    /// The phone's tab bar below the stage, when the page has one.
    pub tabs: Option<Tabs>,
    root: Element,
    written: RefCell<Written>,
    /// The control row shown in the lesson card: its key, the row, and
    /// where it came from (parent and next sibling).
    #[allow(clippy::type_complexity)]
    key_control: RefCell<Option<(KeyControl, Element, web_sys::Node, Option<web_sys::Node>)>>,
    /// Whether the next render is an animation frame's.
    in_frame: Cell<bool>,
}

impl View {
    /// Find (and build, for the controls and tables) the page's elements
    /// inside `root`; `v_mv` is the voltage the live region starts from.
    pub fn build(root: &Element, v_mv: f64) -> Result<View, JsValue> {
        let ui = Ui::find(root)?;
        let controls = controls::build(root)?;
        let ions = match optional::<Element>(root, ids::ION_READOUTS)? {
            Some(c) => Some(IonPanel::build(&c)?),
            None => None,
        };
        let equations = match optional::<Element>(root, ids::EQUATIONS)? {
            Some(c) => Some(Equations::build(&c)?),
            None => None,
        };
        // The keys of crate::events, announced where screen readers look for them.
        ui.play.set_attribute("aria-keyshortcuts", "Space")?;
        if let Some(step) = &ui.step {
            step.set_attribute("aria-keyshortcuts", "ArrowRight")?;
        }
        if let Some(restart) = &ui.restart {
            restart.set_attribute("aria-keyshortcuts", "R")?;
        }
        let announcer = Announcer::mount(
            root,
            Some(ui.chart.clone()),
            &[&ui.v, &ui.e_k, &ui.e_na, &ui.e_cl, &ui.time],
            v_mv,
        )?;
        Ok(View {
            controls,
            ions,
            equations,
            charts: ChartPanels::find(root)?,
            announcer,
            membrane: MembranePanel::find(root),
            lessons: LessonPanel::find(root)?,
            timeline: timeline::Timeline::find(root)?,
            sweep: sweep::SweepPanel::find(root)?,
            pins: pins::Pins::find(root)?,
            stim: stim::StimBox::find(root)?,
            zoom: zoom::ZoomPanel::find(root)?,
            share: ShareUi::build(root)?,
            tabs: Tabs::find(root)?,
            root: root.clone(),
            ui,
            written: RefCell::new(Written::default()),
            key_control: RefCell::new(None),
            in_frame: Cell::new(false),
        })
    }

    /// Compact chrome for an `<iframe>` in course notes: the parameter
    /// groups start folded (a reader opens the one they need).
    pub fn fold_for_embed(&self) -> Result<(), JsValue> {
        let groups = self.root.query_selector_all("details.param-group")?;
        for i in 0..groups.length() {
            if let Some(el) = groups.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
                el.remove_attribute("open")?;
            }
        }
        Ok(())
    }

    /// Say that the next render is an animation frame's (the secondary charts
    /// may then take turns).
    pub fn next_render_is_frame(&self) {
        self.in_frame.set(true);
        self.charts.next_render_is_frame();
    }

    /// Word everything again in the state's language: the page's static
    /// texts, the selectors, the controls' labels, the tables, the charts.
    pub fn relabel(&self, s: &AppState) -> Result<(), JsValue> {
        let lang = s.lang;
        let doc = dom::document()?;
        if let Some(html) = doc.document_element() {
            html.set_attribute("lang", lang.code())?;
            i18n::apply(&html, lang)?;
        } else {
            i18n::apply(&self.root, lang)?;
        }
        for (b, l) in [(&self.ui.lang_zh, Lang::Zh), (&self.ui.lang_en, Lang::En)] {
            if let Some(b) = b {
                b.set_attribute("aria-pressed", if l == lang { "true" } else { "false" })?;
            }
        }
        self.ui.fill_options(s.lesson_speed)?;
        for c in &self.controls {
            c.relabel()?;
        }
        if let Some(panel) = &self.lessons {
            panel.fill_options(s.lesson.map(|l| l.id))?;
        }
        self.share.relabel();
        self.charts.relabel();
        if let Some(p) = &self.sweep {
            p.relabel(s)?;
        }
        self.announcer.relabel();
        let mut w = self.written.borrow_mut();
        *w = Written {
            lang: Some(lang),
            lesson_speed: Some(s.lesson_speed),
            commands: w.commands,
            // The lesson card is worded again too (the reader's choice
            // kept): a relabel can also mean a language's texts came.
            lesson: w.lesson.take().map(|(id, _, texts)| (id, None, texts)),
            ..Written::default()
        };
        Ok(())
    }

    /// Write the page from `s`.
    pub fn render(&self, s: &AppState) -> Result<(), JsValue> {
        if self.written.borrow().lang != Some(s.lang) {
            self.relabel(s)?;
        }
        let in_frame = self.in_frame.replace(false);
        let r = &s.readouts;
        // A frame in which only time passed: the canvases' sizes are read
        // now, before the readouts are written (see `dom::measure_canvases`).
        if in_frame {
            let mut canvases = vec![&self.ui.chart];
            canvases.extend(self.charts.canvases());
            canvases.extend(self.sweep.as_ref().map(|p| &p.canvas));
            canvases.extend(self.membrane.as_ref().map(|m| &m.canvas));
            canvases.extend(self.zoom.as_ref().and_then(|z| z.shown_canvas()));
            dom::measure_canvases(&canvases);
        }
        let drawn = self.render_frame(s, r, in_frame);
        dom::forget_sizes();
        drawn
    }

    /// [`render`](Self::render) past the language and the sizes.
    fn render_frame(&self, s: &AppState, r: &Readouts, in_frame: bool) -> Result<(), JsValue> {
        let ui = &self.ui;
        if s.hides(Hidden::Voltage) {
            // Hidden until the reader checks: no number in the text or the data.
            dom::set_text(&ui.v, "? mV");
            ui.v.set_attribute("data-value", "")?;
        } else {
            show_mv(&ui.v, r.v_mv)?;
        }
        show_mv(&ui.e_k, r.e_mv.k)?;
        show_mv(&ui.e_na, r.e_mv.na)?;
        if s.hides(Hidden::Voltage) {
            // Chloride sits at equilibrium with V in this model: E_Cl would give V away.
            dom::set_text(&ui.e_cl, "? mV");
        } else {
            show_mv(&ui.e_cl, r.e_mv.cl)?;
        }
        dom::set_text(&ui.time, &format_duration(r.t_s));
        ui.time
            .set_attribute("data-value", &Plain(r.t_s).to_string())?;
        let chrome = ChromeKey::of(s);
        if in_frame && self.written.borrow().chrome.as_ref() == Some(&chrome) {
            // A frame at rest: only the readouts, the slow readouts, the charts,
            // the live region and the membrane can have changed.
            self.render_slow(s, r, false);
            return self.render_moving(s, r);
        }
        dom::set_text(
            &ui.play,
            if s.playing {
                rpl_ui::t!("btn.pause")
            } else {
                rpl_ui::t!("btn.play")
            },
        );
        ui.play.remove_attribute("aria-pressed")?;
        if let Some(b) = &ui.undo_reset {
            dom::set_visible(b, s.undo.is_some());
        }

        let changed = self.written.borrow().revision != Some(s.revision);
        if self.written.borrow().lesson_speed != Some(s.lesson_speed) {
            self.ui.fill_options(s.lesson_speed)?;
            self.written.borrow_mut().lesson_speed = Some(s.lesson_speed);
        }
        let speed = s.speed.to_string();
        if ui.speed.value() != speed {
            ui.speed.set_value(&speed);
        }
        if changed {
            self.sync_controls(s);
        }
        self.show_refusal(s);
        self.show_panels(s)?;
        if let Some(tabs) = &self.tabs {
            tabs.render(s)?;
        }
        self.render_lesson(s)?;
        if let Some(tl) = &self.timeline {
            tl.render(s)?;
        }
        if let Some(p) = &self.pins {
            p.render(s)?;
        }
        self.show_notices(s);
        self.render_slow(s, r, changed || !in_frame);
        self.written.borrow_mut().revision = Some(s.revision);
        self.written.borrow_mut().chrome = Some(chrome);
        self.render_moving(s, r)
    }

    /// What moves while the model runs: the charts, the live region and the
    /// chart's text alternative, the membrane view.
    fn render_moving(&self, s: &AppState, r: &Readouts) -> Result<(), JsValue> {
        if let Some(b) = &self.stim {
            b.render(s)?;
        }
        if let Some(z) = &self.zoom {
            z.render(s.spike_zoom())?;
        }
        // The timeline's "now" moves with the run.
        if let Some(tl) = &self.timeline {
            tl.render(s)?;
        }
        self.charts.render(&self.ui.chart, s)?;
        if let Some(p) = &self.sweep {
            p.render(s)?;
        }
        let commands = s.commands;
        if self.written.borrow().commands != commands {
            self.written.borrow_mut().commands = commands;
            self.announcer.command();
        }
        if !s.hides(Hidden::Voltage) {
            self.announcer.update(|| s.history.voltage_points(), r)?;
        }
        self.membrane.as_ref().map_or(Ok(()), |m| {
            m.draw(&s.membrane, r, s.hides(Hidden::Impermeant))
        })
    }

    /// Put every control in line with the model's scenario; a slider the
    /// reader just moved stays where it was put (its value was rounded).
    fn sync_controls(&self, s: &AppState) {
        let present = s.present_scenario();
        let sc = &present;
        if rpl_model::strings::is_one_of(&sc.name, &PRESET_NAMES) {
            self.ui.preset.set_value(&sc.name);
        }
        for (i, c) in self.controls.iter().enumerate() {
            match (c, s.last_source) {
                (Control::Range(r), Some(Source::Slider(k))) if k == i => {
                    let pos = r.slider.value();
                    c.sync(sc, false);
                    r.slider.set_value(&pos);
                }
                _ => c.sync(sc, false),
            }
        }
        if let Some(note) = &self.ui.cell_note {
            let text = match sc.cell.volume {
                VolumeMode::Rigid => rpl_ui::t!("cell.rigid"),
                VolumeMode::Swelling => rpl_ui::t!("cell.swelling"),
            };
            dom::set_text(note, text);
        }
        if let Some((note, text)) = &self.ui.donnan {
            match s.rundown_end_mv {
                Some(v) => {
                    dom::set_text(text, &rpl_ui::tf!("cell.donnan", &[("v", &format_mv(v))]));
                    dom::set_visible(note, true);
                }
                None => dom::set_visible(note, false),
            }
        }
    }

    /// Show the refusal of the last refused value beside its control (and no
    /// other), in the present language.
    fn show_refusal(&self, s: &AppState) {
        for (i, c) in self.controls.iter().enumerate() {
            let Control::Range(r) = c else {
                continue;
            };
            let text = match &s.refused {
                Some((Source::Slider(k), e)) if *k == i => Some(i18n::error_text(e)),
                Some((Source::Typed(k), e)) if *k == i => Some(r.refusal(e, s.sim.scenario())),
                _ => None,
            };
            r.show_error(text.as_deref());
        }
    }

    /// Show the panels chosen: elements with `data-panel="NAME"`, the
    /// membrane section and (while a lesson is open) the root's `data-panels`.
    fn show_panels(&self, s: &AppState) -> Result<(), JsValue> {
        let key = (s.panels, s.lesson.is_some());
        let lead = s.leading();
        if self.written.borrow().panels == Some(key.0)
            && self.root.has_attribute("data-panels") == key.1
            && self.root.get_attribute("data-lead").unwrap_or_default() == lead
        {
            return Ok(());
        }
        // The clamp and the sweep a link or a lesson shows come first
        // beside the stage.
        if lead.is_empty() {
            self.root.remove_attribute("data-lead")?;
        } else {
            self.root.set_attribute("data-lead", lead)?;
        }
        let p = s.panels;
        share::apply_panels(&self.root, &p)?;
        if let Some(m) = &self.ui.membrane_panel {
            dom::set_visible(m, p.membrane);
        }
        // A stage with neither the membrane nor the voltage chart holds the
        // readouts alone: the style sheet then puts the charts shown (the
        // sweep, the clamp) under them, on the first screen.
        if p.membrane || p.voltage {
            self.root.remove_attribute("data-stage")?;
        } else {
            self.root.set_attribute("data-stage", "bare")?;
        }
        if s.lesson.is_some() {
            let names: Vec<&str> = rpl_model::export::PANEL_NAMES
                .iter()
                .zip([
                    p.membrane,
                    p.voltage,
                    p.concentrations,
                    p.currents,
                    p.clamp,
                    p.sweep,
                ])
                .filter(|(_, on)| *on)
                .map(|(n, _)| *n)
                .collect();
            self.root
                .set_attribute("data-panels", &rpl_model::strings::join(&names, " "))?;
        } else {
            self.root.remove_attribute("data-panels")?;
        }
        self.written.borrow_mut().panels = Some(p);
        Ok(())
    }

    /// The lessons panel: the open lesson (its fields cleared when it is
    /// newly opened), an unknown id, a refused prediction, the verdict.
    /// Put the control of `key` (its row in the parameter controls, with its
    /// listeners, or the clamp's held voltage and buttons) into the lesson
    /// card's slot, and the one there before back where it came from. The
    /// model and the state do not change: the same control only sits where
    /// the lesson's reader looks.
    fn place_key_control(&self, key: Option<KeyControl>) -> Result<(), JsValue> {
        let Some(slot) = optional::<HtmlElement>(&self.root, "lesson-key")? else {
            return Ok(());
        };
        let mut moved = self.key_control.borrow_mut();
        if moved.as_ref().map(|m| m.0) == key {
            return Ok(());
        }
        if let Some((_, row, parent, next)) = moved.take() {
            parent.insert_before(&row, next.as_ref())?;
        }
        dom::set_visible(&slot, false);
        let Some(key) = key else {
            return Ok(());
        };
        let selector = match key {
            KeyControl::Param(k) => format!(".control.param[data-key=\"{}\"]", k.name()),
            KeyControl::Clamp => "#clamp-panel .clamp-control".to_string(),
        };
        let row = self.root.query_selector(&selector)?;
        if let (Some(row), Some(parent)) = (row.clone(), row.and_then(|r| r.parent_node())) {
            let next = row.next_sibling();
            slot.append_child(&row)?;
            dom::set_visible(&slot, true);
            *moved = Some((key, row, parent, next));
        }
        Ok(())
    }

    fn render_lesson(&self, s: &AppState) -> Result<(), JsValue> {
        let Some(panel) = &self.lessons else {
            return Ok(());
        };
        let id = s.lesson.map(|l| l.id);
        let shown = self.written.borrow().lesson.clone();
        match shown {
            // The same lesson: worded again after a language switch or when
            // its texts arrive, the reader's choice kept.
            Some((was, lang, texts)) if was == id => {
                if lang != Some(s.lang) || texts != s.lesson_texts {
                    panel.render(s.lesson, false, &s.lesson_texts)?;
                }
            }
            // A newly opened lesson: its fields start empty.
            _ => panel.render(s.lesson, true, &s.lesson_texts)?,
        }
        self.written.borrow_mut().lesson = Some((id, Some(s.lang), s.lesson_texts.clone()));
        self.place_key_control(s.lesson.and_then(|l| l.key_control))?;
        let notice = s.unknown_lesson.as_ref().map(|id| {
            tf(
                "lessons.unknown",
                &[
                    ("id", &rpl_model::error::clip(id)),
                    (
                        "known",
                        &rpl_model::strings::join(&rpl_lessons::LESSON_IDS, ", "),
                    ),
                ],
            )
        });
        panel.show_notice(notice.as_deref());
        panel.show_error(s.lesson_error.as_ref());
        panel.show_verdict(s.verdict.as_ref());
        Ok(())
    }

    /// The page notice: the state's notices in the present language (and an
    /// unknown lesson when the page has no lessons panel to name it).
    fn show_notices(&self, s: &AppState) {
        let mut notices: Vec<&Notice> = s.notices.iter().collect();
        let unknown = s.unknown_lesson.as_deref().map(unknown_lesson_notice);
        if self.lessons.is_none() {
            notices.extend(unknown.as_ref());
        }
        let lines: Vec<_> = notices.iter().map(|n| n.text()).collect();
        let text = rpl_model::strings::join(&lines, "\n");
        if self.written.borrow().notice.as_deref() == Some(text.as_str()) {
            return;
        }
        dom::show_message(&self.ui.notice, (!text.is_empty()).then_some(text.as_str()));
        if !text.is_empty() {
            web_sys::console::warn_1(&JsValue::from_str(&text));
        }
        self.written.borrow_mut().notice = Some(text);
    }

    /// The ion table and the equations: at once after a change, otherwise at
    /// most every [`SLOW_READOUT_MS`].
    fn render_slow(&self, s: &AppState, r: &Readouts, now: bool) {
        let t_ms = js_sys::Date::now();
        if !now && t_ms - self.written.borrow().slow_ms < SLOW_READOUT_MS {
            return;
        }
        self.written.borrow_mut().slow_ms = t_ms;
        // The "Inside the cell" fields follow the run (not the one the
        // reader is typing in or dragging).
        let present = s.present_scenario();
        let focused = dom::document().ok().and_then(|d| d.active_element());
        for c in &self.controls {
            if c.follows_run() && !focused.as_ref().is_some_and(|f| c.holds(f)) {
                c.sync(&present, false);
            }
        }
        if let Some(ions) = &self.ions {
            ions.update(r, s.sim.scenario().cell.volume, s.hidden());
        }
        if let Some(eq) = &self.equations {
            eq.update(&s.equation_numbers());
        }
    }
}

fn show_mv(el: &HtmlElement, v: f64) -> Result<(), JsValue> {
    dom::set_text(el, &format!("{} mV", format_number_1(v)));
    el.set_attribute("data-value", &Plain(v).to_string())
}
