//! The running page: one [`AppState`] (in `rpl-ui`, tested natively), the
//! [`View`] that draws it, the listeners that turn the page's inputs into
//! messages ([`crate::events`]), and the one animation loop.
//!
//! Inputs are [posted](Inner::post) to a queue and a frame is requested. The
//! frame callback ([`Inner::frame`]) is the only place that changes the state
//! and draws: it drains the queue through the state's
//! [`update`](AppState::update), performs the effects each message asks for
//! (start or stop the loop, a dialog, a download, a new language), advances
//! the model by the frame's time when the loop runs ([`Msg::Frame`]), and
//! draws the page once from the state. A burst of slider events between two
//! frames is therefore one drawing, and an event raised while drawing (a focus
//! change) simply waits for the next frame.
//!
//! The query string is read once, at start-up ([`rpl_ui::link::open`]): the
//! scenario, the changes since its start and the model time are replayed, and
//! the page's keys (lesson, language, embed) are taken from it. The first
//! frame is drawn at once, so the page is never shown empty.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

use rpl_lessons::{Lang, Verdict};
use rpl_model::export::{self, Change};
use rpl_model::scenario::Panels;
use rpl_model::{ModelError, Readouts, Scenario};
use rpl_ui::link::{self, Notice};
use rpl_ui::state::{AppState, Effect, LessonError, Msg};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::Element;

use crate::events::{self, Page};
use crate::history::History;
use crate::platform::browser::{self, HeightReporter};
use crate::platform::dom::{self, Listener};
use crate::platform::frame_loop::AnimationLoop;
use crate::platform::perf;
use crate::view::i18n;
use crate::view::picture;
use crate::view::share;
use crate::view::View;

mod facade;

pub use crate::view::{ids, preset_label, SLOW_READOUT_MS};
pub use rpl_ui::format::format_duration;
pub use rpl_ui::state::{Speed, LESSON_SPEED, SPEEDS, STEP_REAL_S};

/// The time a frame gives the background work (the threshold as the cell's
/// parameters change, the sweep's excitability curve), ms: each piece takes
/// a millisecond or two, so a frame stays well inside its 16 ms.
pub const WORK_BUDGET_MS: f64 = 4.0;

/// The lowest outside K⁺ on the slider, mM (the `K_o` row of [`crate::view::controls::SPECS`]).
pub const KO_SLIDER_MIN: f64 = 0.5;
/// The highest outside K⁺ on the slider, mM (typed values may go up to the model's limit).
pub const KO_SLIDER_MAX: f64 = 150.0;
/// Slider positions (the slider runs 0..=this, logarithmic in K⁺ₒ).
pub const KO_SLIDER_STEPS: f64 = crate::view::controls::SLIDER_STEPS;

/// Outside K⁺ (mM) for a slider position, rounded to a value that reads well.
pub fn ko_from_slider(pos: f64) -> f64 {
    use crate::view::controls::{value_from_slider, Scale};
    value_from_slider(pos, KO_SLIDER_MIN, KO_SLIDER_MAX, Scale::Log)
}

/// The slider position for an outside K⁺ (mM), clamped to the slider's ends.
pub fn slider_from_ko(ko: f64) -> f64 {
    use crate::view::controls::{slider_from_value, Scale};
    slider_from_value(ko, KO_SLIDER_MIN, KO_SLIDER_MAX, Scale::Log)
}

/// The scenario a URL's query string asks for, and what to tell the reader
/// about parts of it that could not be used, in the page's language (see
/// [`rpl_ui::link::open`]).
pub fn scenario_from_query(search: &str) -> (Scenario, Vec<String>) {
    let pairs = link::query_pairs(search);
    let (scenario, _preset, errors) = export::from_query(&pairs, &link::PAGE_KEYS);
    let notices = errors
        .into_iter()
        .map(|e| Notice::Model(e).text())
        .collect();
    (scenario, notices)
}

/// Text of a JS error value for a reader: a string as it is, an `Error`'s
/// message, else the value as JSON (not `{:?}`, whose JavaScript glue is
/// about 1 KB of the page).
pub(crate) fn js_text(e: &JsValue) -> String {
    e.as_string()
        .or_else(|| {
            e.dyn_ref::<js_sys::Error>()
                .map(|err| String::from(err.message()))
        })
        .or_else(|| js_sys::JSON::stringify(e).ok().and_then(|j| j.as_string()))
        .unwrap_or_else(|| "undefined".to_string())
}

/// The app behind the listeners and the loop.
pub struct Inner {
    /// The page's one state.
    pub state: RefCell<AppState>,
    /// What the page shows of it.
    pub view: View,
    /// Inputs waiting for the next frame, oldest first.
    queue: RefCell<VecDeque<Msg>>,
    anim: AnimationLoop,
    /// Posts the page's height to the parent window in embed mode.
    height: RefCell<Option<HeightReporter>>,
    /// This, for the callbacks of what the page starts and hears back from
    /// later (a fetch).
    me: std::rc::Weak<Inner>,
}

impl Inner {
    /// Whether a step of the sweep's work waits in the queue (by its kind:
    /// comparing whole messages would bring every message's equality, model
    /// errors' included, into the page).
    fn sweep_work_queued(&self) -> bool {
        self.queue
            .borrow()
            .iter()
            .any(|m| matches!(m, Msg::SweepWork))
    }

    /// Queue one input for the next frame (and ask for that frame).
    pub fn post(&self, msg: Msg) {
        self.queue.borrow_mut().push_back(msg);
        self.anim.request();
    }

    /// One frame: handle the queued inputs, advance the model by `real_dt_s`
    /// real seconds when the loop runs (`None`: a frame only for inputs), go
    /// on with the background work for up to [`WORK_BUDGET_MS`], and draw
    /// the page once.
    pub fn frame(&self, real_dt_s: Option<f64>) {
        self.run_frame(real_dt_s, false);
    }

    /// [`frame`](Self::frame); a `scripted` frame ([`App::step`], the
    /// façade's calls) passes `real_dt_s` even if the run is paused and
    /// finishes the background work, so its caller sees the result at once.
    fn run_frame(&self, real_dt_s: Option<f64>, scripted: bool) {
        let msgs: Vec<Msg> = self.queue.borrow_mut().drain(..).collect();
        let inputs = !msgs.is_empty();
        let mut done = Ok(());
        for msg in msgs {
            let effects = self.state.borrow_mut().update(msg);
            done = done.and(self.perform(effects));
        }
        // Time passes only if the run still plays after the inputs: a pause
        // (or Share, or a restart) stops the model where the reader saw it.
        if let Some(real_dt_s) = real_dt_s.filter(|_| scripted || self.state.borrow().playing) {
            let effects = self.state.borrow_mut().update(Msg::Frame { real_dt_s });
            done = done.and(self.perform(effects));
        }
        self.work(scripted);
        if !inputs {
            // Nothing but time passed: the page's chrome is as it was.
            self.view.next_render_is_frame();
        }
        if let Err(e) = done.and_then(|()| self.render()) {
            self.report(&e);
        }
    }

    /// Pieces of the background work ([`AppState::work`]: the threshold,
    /// the sweep's excitability) for up to [`WORK_BUDGET_MS`] (all of it
    /// when `finish`); while some is left and the run is paused, another
    /// frame is asked for.
    fn work(&self, finish: bool) {
        let mut s = self.state.borrow_mut();
        if !s.working() {
            return;
        }
        let start = perf::now_ms();
        let busy = s.work(|| {
            finish
                || matches!((start, perf::now_ms()), (Some(a), Some(b)) if b - a < WORK_BUDGET_MS)
        });
        let paused = !s.playing;
        drop(s);
        if busy && paused && !self.sweep_work_queued() {
            self.post(Msg::SweepWork);
        }
    }

    fn render(&self) -> Result<(), JsValue> {
        let state = self.state.borrow();
        self.view.render(&state)
    }

    /// Show what went wrong in the notice (and the console), pausing nothing.
    /// Inside a frame the notice is drawn at once; otherwise in the next frame.
    pub fn report(&self, e: &JsValue) {
        web_sys::console::error_1(e);
        let Ok(mut s) = self.state.try_borrow_mut() else {
            self.post(Msg::Failed(js_text(e)));
            return;
        };
        s.update(Msg::Failed(js_text(e)));
        drop(s);
        if let Err(e2) = self.render() {
            web_sys::console::error_1(&e2);
        }
    }

    fn perform(&self, effects: Vec<Effect>) -> Result<(), JsValue> {
        for effect in effects {
            match effect {
                Effect::RunLoop(on) => self.anim.set_running(on),
                Effect::ShowShare(query) => {
                    let url = format!("{}?{query}", browser::page_address()?);
                    if let Some((dialog, field, _, status)) = &self.view.share.share_dialog {
                        field.set_value(&url);
                        share::show_status(status, None);
                        share::show_dialog(dialog)?;
                        field.focus()?;
                        field.select();
                    }
                }
                Effect::ShowEmbed(query, choice) => {
                    let url = format!("{}?{query}", browser::page_address()?);
                    if let Some(d) = &self.view.share.embed_dialog {
                        d.code.set_value(&share::iframe_snippet(&url));
                        if let Some(o) = &d.options {
                            o.show(&choice)?;
                            o.preview.set_src(&url);
                        }
                        let origin = dom::window()?.location().origin()?;
                        d.script.set_value(&share::embed_script(&origin));
                        share::show_status(&d.status, None);
                        share::show_dialog(&d.dialog)?;
                        d.code.focus()?;
                        d.code.select();
                    }
                }
                Effect::EmbedLink(query) => {
                    let url = format!("{}?{query}", browser::page_address()?);
                    if let Some(d) = &self.view.share.embed_dialog {
                        d.code.set_value(&share::iframe_snippet(&url));
                        share::show_status(&d.status, None);
                        if let Some(o) = &d.options {
                            o.preview.set_src(&url);
                        }
                    }
                }
                Effect::Download { name, mime, text } => browser::download_text(name, mime, &text)?,
                Effect::LoadLessonTexts => {
                    let me = self.me.clone();
                    browser::fetch_text(rpl_text::lazy::FILE, move |got| {
                        if let Some(inner) = me.upgrade() {
                            inner.post(Msg::LessonTexts(got.map_err(|e| js_text(&e))));
                        }
                    });
                }
                Effect::LoadTexts(lang) => {
                    let me = self.me.clone();
                    browser::fetch_text(rpl_text::lazy::file(lang), move |got| {
                        if let Some(inner) = me.upgrade() {
                            inner.post(Msg::Texts(lang, got.map_err(|e| js_text(&e))));
                        }
                    });
                }
                Effect::DownloadPng(i) => {
                    if let Some((_, canvas, file)) = self.view.share.png.get(i) {
                        // A chart is drawn afresh for the file, with its
                        // title and the scenario, panel open or not; any
                        // other canvas is saved as the page shows it.
                        let name = canvas
                            .get_attribute("data-png")
                            .unwrap_or_else(|| canvas.id());
                        let picture = picture::compose(&canvas.id(), &name, &self.state.borrow())?;
                        match picture {
                            Some(p) => browser::download_png(&p, file)?,
                            None => {
                                self.render()?;
                                browser::download_png(canvas, file)?;
                            }
                        }
                    }
                }
                Effect::Relabel => self.view.relabel(&self.state.borrow())?,
                Effect::ShowKeys => {
                    if let Some(d) = &self.view.share.keys_dialog {
                        share::show_dialog(d)?;
                    }
                }
                // The next frame goes on with the sweep's run-downs (once).
                Effect::SweepWork => {
                    if !self.sweep_work_queued() {
                        self.post(Msg::SweepWork);
                    }
                }
            }
        }
        Ok(())
    }

    /// The reader's prediction in the lessons panel, if a lesson is open.
    pub fn prediction(&self) -> Option<Result<rpl_lessons::Prediction, LessonError>> {
        let lesson = self.state.borrow().lesson?;
        let panel = self.view.lessons.as_ref()?;
        Some(panel.prediction(lesson))
    }
}

impl Page for Inner {
    fn view(&self) -> &View {
        &self.view
    }
    fn post(&self, msg: Msg) {
        Inner::post(self, msg);
    }
    fn report(&self, e: &JsValue) {
        self.post(Msg::Failed(js_text(e)));
    }
    fn prediction(&self) -> Option<Result<rpl_lessons::Prediction, LessonError>> {
        Inner::prediction(self)
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
    /// asks for. The simulation starts playing unless the link stops at a time.
    pub fn mount(root: &Element, search: &str) -> Result<App, JsValue> {
        let state = AppState::open(link::open(search), &i18n::browser_languages());
        let view = View::build(root, state.readouts.v_mv)?;
        let embed = state.page.embed;
        let playing = state.playing;
        let window = dom::window()?;
        let anim = AnimationLoop::new(&window)?;
        let inner = Rc::new_cyclic(|me| Inner {
            state: RefCell::new(state),
            view,
            queue: RefCell::new(VecDeque::new()),
            anim,
            height: RefCell::new(None),
            me: me.clone(),
        });
        if embed {
            browser::set_embed_class(&dom::document()?, true)?;
            inner.view.fold_for_embed()?;
            let parent_origin = inner.state.borrow().page.parent_origin.clone();
            *inner.height.borrow_mut() = HeightReporter::start(parent_origin)?;
        }
        let weak = Rc::downgrade(&inner);
        inner.anim.set_on_frame(move |dt| {
            let Some(inner) = weak.upgrade() else {
                return;
            };
            if crate::panicked() {
                inner.anim.set_running(false);
                return;
            }
            inner.frame(dt);
        });
        let listeners = events::listen(&inner, &window);
        inner.anim.set_running(playing);
        // The first frame at once: the page is never shown empty.
        inner.render()?;
        // A link that opens a lesson fetches its texts now.
        let start = inner.state.borrow_mut().start();
        inner.perform(start)?;
        // The threshold (a cell with channels) is sought over the next frames.
        if inner.state.borrow().working() {
            inner.post(Msg::SweepWork);
        }
        Ok(App {
            inner,
            _listeners: listeners,
        })
    }

    /// Post `msg` and run the frame that handles it now, as the next
    /// animation frame would: the façade's callers (tests, scripts) see its
    /// result at once.
    fn handle(&self, msg: Msg) {
        self.inner.post(msg);
        self.inner.run_frame(None, true);
    }

    fn state(&self) -> std::cell::Ref<'_, AppState> {
        self.inner.state.borrow()
    }
}
