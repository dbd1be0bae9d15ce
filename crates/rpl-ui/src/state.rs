//! The page's one state, and every input as a message.
//!
//! [`AppState`] owns everything the page shows: the simulation and what Reset
//! starts again from, the run's history and change log, the speed and whether
//! time runs, the language, the open lesson and its verdict, the panels shown,
//! the chart settings (log time, held voltage), the notices, and the membrane
//! view's animation. Every input — a control, a button, a key, an animation
//! frame, a language switch, a lesson, a link — is a [`Msg`], and only
//! [`AppState::update`] changes the state. What only a browser can do
//! (download a file, open a dialog, start or stop the animation loop) comes
//! back as an [`Effect`] for the web crate to perform. So the page's logic
//! is tested natively, and the web crate only reads inputs into messages and
//! draws from the state.
//!
//! Model time advances by (speed × real frame time) per frame; the model's
//! integrator chooses its own steps.

use crate::excite::ExciteView;
use rpl_lessons::{Lang, Lesson, Prediction, Verdict};
use rpl_model::export::{self, Change, Link};
use rpl_model::scenario::Panels;
use rpl_model::system::IV;
use rpl_model::{
    Command, Ion, Key, ModelError, Readouts, Scenario, Seconds, Simulation, Start, StimulusSpec,
    VolumeMode,
};

use crate::axis::TimeScale;
use crate::history::History;
use crate::i18n::{self, lang_key};
use crate::link::{self, Notice, Opened, PageKeys, REPLAY_SAMPLES};
use crate::membrane::MembraneView;
use crate::pins::{Pin, MAX_PINS};
use crate::sweep::{SweepChoice, SweepView};
use crate::tabs::{self, PanelTab};

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

const REAL_TIME: usize = 2;
const SLOW_MOTION: usize = 1;

/// Integration steps one frame may take (about 20 ms of work in wasm): when a
/// scenario needs more, model time runs slower than the speed chosen (the
/// frame keeps the time its steps reached) and a notice says so, instead of
/// the page freezing.
pub const FRAME_STEPS: usize = 10_000;

/// The simulation with the page's per-frame step budget.
/// Where Restart run starts a run again: the present settings at their
/// steady state, with one exception. A pump that was blocked by ouabain or
/// switched off during the run (the course's experiment) leaves no
/// pump–leak steady state to start from, only where the run-down ends; so
/// the run starts again from the cell its pump kept, as it first did, and
/// the same block is applied at 0 s (the returned commands), so that the
/// run-down plays again.
fn restart_point(base: &Scenario, present: &Scenario) -> (Scenario, Vec<Command>) {
    let pumping = |s: &Scenario| {
        Key::Pump.get(s) == Some(1.0) && Key::Ouabain.get(s).is_some_and(|b| b < 1.0)
    };
    let mut start = present.clone();
    let mut then = Vec::new();
    if present.start == Start::SteadyState && pumping(base) && !pumping(present) {
        for key in [Key::Pump, Key::Ouabain] {
            let (was, now) = (key.get(base), key.get(present));
            if let (Some(was), Some(now)) = (was, now) {
                if was != now && key.set(&mut start, was).is_ok() {
                    then.push(match key {
                        Key::Pump => Command::SetPump(now == 1.0),
                        _ => Command::SetOuabain(now),
                    });
                }
            }
        }
    }
    (start, then)
}

fn budgeted(mut sim: Simulation) -> Simulation {
    sim.set_step_budget(FRAME_STEPS);
    sim
}

/// The furthest model time "Go to steady state" runs the model to get there, s
/// (about 115 days: a rigid cell without its pump settles in hours to days).
pub const STEADY_MAX_S: f64 = 1e7;

/// The lowest held voltage of the clamp, mV.
pub const CLAMP_MIN_MV: f64 = -120.0;
/// The highest held voltage of the clamp, mV.
pub const CLAMP_MAX_MV: f64 = 60.0;
/// The held voltage when the page opens, mV.
pub const CLAMP_START_MV: f64 = -70.0;

/// Slow motion for scenarios that last under a second (e.g. the K⁺-only
/// membrane), real time otherwise.
pub fn suggested_speed(s: &Scenario) -> usize {
    if s.duration_s <= 1.0 {
        SLOW_MOTION
    } else {
        REAL_TIME
    }
}

/// A speed factor for a reader: `1/25×`, `1/2×`, `30×`.
pub fn speed_label(factor: f64) -> String {
    use crate::format::format_number;
    if factor > 0.0 && factor < 1.0 {
        format!("1/{}×", format_number((1.0 / factor).round()))
    } else {
        format!("{}×", format_number(factor))
    }
}

/// Parse a typed held voltage (mV; a true minus sign and a trailing "mV" are
/// accepted) and check its range; the error says what is allowed, in the
/// page's language.
pub fn parse_held_mv(text: &str) -> Result<f64, String> {
    use crate::format::format_number;
    let t = rpl_model::strings::replace(text.trim(), "\u{2212}", "-");
    let t = rpl_model::strings::trim_end(rpl_model::strings::trim_end(&t, "mV"), "mv").trim();
    let range = i18n::tf(
        "clamp.range",
        &[
            ("lo", &format_number(CLAMP_MIN_MV)),
            ("hi", &format_number(CLAMP_MAX_MV)),
        ],
    );
    match rpl_model::parse_f64(t) {
        Some(v) if v.is_finite() && (CLAMP_MIN_MV..=CLAMP_MAX_MV).contains(&v) => Ok(v),
        _ if t.is_empty() => Err(crate::tf!("clamp.refused-empty", &[("range", &range)])),
        _ => Err(i18n::tf(
            "clamp.refused",
            &[("range", &range), ("text", text.trim())],
        )),
    }
}

/// The message shown when a typed held voltage `text` is refused while the
/// held voltage stays at `held_mv`, in the page's language ("" when `text`
/// is fine).
pub fn held_refusal(text: &str, held_mv: f64) -> String {
    let message = match parse_held_mv(text) {
        Err(m) => m,
        Ok(_) => return String::new(),
    };
    let text = format!(
        "{message}{}",
        i18n::tf(
            "clamp.stays",
            &[("v", &crate::format::format_number_1(held_mv))]
        )
    );
    let mut c = text.chars();
    match c.next() {
        Some(f) => f.to_ascii_uppercase().to_string() + c.as_str(),
        None => String::new(),
    }
}

/// Where a clamp button puts the held voltage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClampTarget {
    /// The zero-current voltage.
    Rest,
    /// An ion's Nernst potential.
    E(Ion),
}

/// Why a prediction could not be checked.
#[derive(Debug, Clone, PartialEq)]
pub enum LessonError {
    /// The model refused the prediction (or could not run).
    Model(ModelError),
    /// A choice question with nothing chosen.
    NoChoice,
}

/// Where a refused value came from, so the page can show the refusal beside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// A slider of the parameter controls (their index in the page's table).
    Slider(usize),
    /// A typed field of the parameter controls.
    Typed(usize),
    /// A switch or a choice of the parameter controls (refusals go to the notice).
    Switch(usize),
    /// Anything else (a button, a test, a script).
    Other,
}

/// Every input the page reacts to.
#[derive(Debug, Clone, PartialEq)]
pub enum Msg {
    /// An animation frame (or one frame's work asked for by a script) that
    /// lasted `real_dt_s` real seconds: advance by speed × that, move the
    /// membrane's dots on.
    Frame {
        /// Real seconds since the last frame.
        real_dt_s: f64,
    },
    /// Play (true) or pause.
    SetPlaying(bool),
    /// The Play/Pause button.
    TogglePlaying,
    /// Pause and advance by one frame's worth of model time ([`STEP_REAL_S`]).
    Step,
    /// Start the starting scenario again (with a lesson's start commands).
    Reset,
    /// Start the run again from t = 0 with the present settings and speed (the
    /// `R` key); in a lesson, as the lesson card's Restart.
    RestartRun,
    /// The lesson card's Run: play at the lesson's speed and stop at its
    /// suggested length (from the start again if that length has passed).
    RunLesson,
    /// The lesson card's Restart: the lesson's start again, paused, with no
    /// verdict on show.
    RestartLesson,
    /// Jump to the steady state of the present parameters.
    GoToSteadyState,
    /// Load a preset (closes any lesson).
    ChoosePreset(String),
    /// Choose a speed by its index (see [`SPEEDS`], [`LESSON_SPEED`]).
    ChooseSpeed(usize),
    /// A command from a control (or why the control's value could not be
    /// read as one: refused like a value the model refuses).
    Apply {
        /// The command.
        cmd: Result<Command, ModelError>,
        /// Which control sent it.
        source: Source,
    },
    /// Switch the page's language; the simulation is left as it is.
    SetLang(Lang),
    /// Open a lesson by id; "" closes it, an unknown id is named.
    OpenLesson(String),
    /// Check the reader's prediction (or why it could not be read).
    Check(Result<Prediction, LessonError>),
    /// A lesson is about to be wanted (the lesson selector got the focus):
    /// fetch the lessons' texts now if the page does not have them yet.
    WantLessonTexts,
    /// The lessons' texts' file as fetched (its text), or why it could not be.
    LessonTexts(Result<String, String>),
    /// A language's interface texts' file as fetched (its text), or why it
    /// could not be.
    Texts(Lang, Result<String, String>),
    /// Show these panels (and write them into share links).
    SetPanels(Panels),
    /// On a phone: show this tab's panel below the stage (`None`: fold them
    /// all). The clamp's tab opens the clamp.
    ChooseTab(Option<PanelTab>),
    /// Linear or logarithmic time on the time charts.
    SetTimeScale(TimeScale),
    /// The held voltage of the clamp from its slider, mV.
    SetHeldVoltage(f64),
    /// The held voltage of the clamp as typed (checked here; a refusal is
    /// shown beside the field and the held voltage stays).
    TypeHeldVoltage(String),
    /// A clamp button: hold at the rest or a Nernst potential.
    ClampTo(ClampTarget),
    /// Something the page could not do: shown in the notice.
    Failed(String),
    /// The window or a panel changed size or opened: nothing changes but the
    /// drawing.
    Resize,
    /// The Share button: pause and write the present state into a link.
    Share,
    /// The Embed button: as Share, for an `<iframe>`.
    Embed,
    /// The CSV button.
    DownloadCsv,
    /// A PNG button (the index of the chart's canvas in the page).
    DownloadPng(usize),
    /// The `?` key: list the page's keyboard shortcuts.
    ShowKeys,
    /// Undo the last Reset all: the run comes back as it was.
    UndoReset,
    /// The Embed dialog's choices changed.
    SetEmbed(EmbedChoice),
    /// The timeline: look at the run as it was at this model time, s (paused;
    /// the end of the run is kept, and is where the timeline's end goes back
    /// to). Playing, stepping or changing anything from there continues the
    /// run from that moment, and what came after it is dropped.
    Seek(f64),
    /// The timeline's slider: look at the run at this fraction of it (0 the
    /// start, 1 its end), as [`Msg::Seek`].
    SeekAlong(f64),
    /// Pin the run on show for comparison (see [`crate::pins`]).
    Pin,
    /// Remove the pinned run with this index.
    Unpin(usize),
    /// Open (true) or close the sweep panel.
    ShowSweep(bool),
    /// The reader opened (true) or closed the clamp panel.
    ShowClamp(bool),
    /// The sweep panel's parameter and ouabain time (written into links).
    SetSweep(SweepChoice),
    /// Along the sweep's axis (0 its left end, 1 its right): set the swept
    /// parameter of the live cell to the value there.
    SweepAlong(f64),
    /// A key on the sweep chart: move the swept parameter this many
    /// fiftieths of the axis (±1 for the arrow keys, ±5 for Page Up and Down,
    /// as a slider moves).
    SweepStep(i32),
    /// Go on with the sweep's run-downs and the background work
    /// ([`AppState::work`]; asked for by [`Effect::SweepWork`]).
    SweepWork,
    /// The sweep panel's CSV button.
    DownloadSweepCsv,
    /// The Stimulate button: give the cell this stimulus now (or why the
    /// stimulus's fields could not be read as one).
    Stimulate(Result<StimulusSpec, ModelError>),
    /// A synapse button: open that synapse for a moment now
    /// ([`rpl_lessons::catalogue::synapse_button`]).
    Synapse(rpl_model::SynapseKind),
}

impl Msg {
    /// Whether the page can handle this input while the reader looks back
    /// along the timeline and stay there (it changes nothing of the run);
    /// any other input first makes the moment looked at the run's end.
    fn keeps_looking_back(&self) -> bool {
        matches!(
            self,
            Msg::Seek(_)
                | Msg::SeekAlong(_)
                | Msg::Frame { .. }
                | Msg::SetPlaying(false)
                | Msg::ChooseSpeed(_)
                | Msg::SetLang(_)
                | Msg::Check(_)
                | Msg::WantLessonTexts
                | Msg::LessonTexts(_)
                | Msg::Texts(..)
                | Msg::SetPanels(_)
                | Msg::ChooseTab(_)
                | Msg::SetTimeScale(_)
                | Msg::SetHeldVoltage(_)
                | Msg::TypeHeldVoltage(_)
                | Msg::ClampTo(_)
                | Msg::Failed(_)
                | Msg::Resize
                | Msg::Share
                | Msg::Embed
                | Msg::DownloadCsv
                | Msg::DownloadPng(_)
                | Msg::ShowKeys
                | Msg::SetEmbed(_)
                | Msg::ShowSweep(_)
                | Msg::ShowClamp(_)
                | Msg::Pin
                | Msg::Unpin(_)
                | Msg::SetSweep(_)
                | Msg::SweepWork
                | Msg::DownloadSweepCsv
        )
    }
}

/// What the Embed dialog puts in its `<iframe>`: the panels, a lesson, the
/// language and compact mode (`embed=1`), over the present state.
#[derive(Debug, Clone, PartialEq)]
pub struct EmbedChoice {
    /// The panels the embedded page shows.
    pub panels: Panels,
    /// The lesson it opens (`None`: free mode).
    pub lesson: Option<String>,
    /// Its language (`None`: the reader's browser decides).
    pub lang: Option<Lang>,
    /// Compact chrome for a column of course notes.
    pub compact: bool,
}

/// What only a browser can do, asked for by [`AppState::update`].
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Start (true) or stop the animation loop.
    RunLoop(bool),
    /// Open the Share dialog with this link query (without `?`).
    ShowShare(String),
    /// Open the Embed dialog for this link query (without `?`), with the
    /// choices it starts from.
    ShowEmbed(String, EmbedChoice),
    /// The Embed dialog's link changed (its query, without `?`).
    EmbedLink(String),
    /// Offer a text file for download.
    Download {
        /// File name.
        name: &'static str,
        /// MIME type.
        mime: &'static str,
        /// Contents.
        text: String,
    },
    /// Offer the chart on the page's `index`-th canvas as a PNG.
    DownloadPng(usize),
    /// The language changed: rewrite every text.
    Relabel,
    /// Fetch the lessons' texts ([`rpl_text::lazy::FILE`]) and post what
    /// came back as [`Msg::LessonTexts`].
    LoadLessonTexts,
    /// Fetch a language's interface texts ([`rpl_text::lazy::file`]) and
    /// post what came back as [`Msg::Texts`].
    LoadTexts(Lang),
    /// Open the list of keyboard shortcuts.
    ShowKeys,
    /// The sweep has run-downs left, or background work is left
    /// ([`AppState::working`]), while the run is paused: post
    /// [`Msg::SweepWork`] for the next frame.
    SweepWork,
}

/// The name of the sweep's CSV file.
pub const SWEEP_CSV_FILE: &str = "resting-potential-lab-sweep.csv";

/// The name of the CSV file the page offers.
pub const CSV_FILE: &str = "resting-potential-lab.csv";

/// The reader's choices in the chart panels.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartSettings {
    /// Linear or logarithmic time.
    pub time_scale: TimeScale,
    /// The held voltage, mV.
    pub held_mv: f64,
    /// A typed held voltage that was refused (shown with the reason until
    /// the held voltage is set again).
    pub held_refused: Option<String>,
}

impl Default for ChartSettings {
    fn default() -> Self {
        ChartSettings {
            time_scale: TimeScale::Linear,
            held_mv: CLAMP_START_MV,
            held_refused: None,
        }
    }
}

/// Everything the page shows; see the module docs.
#[derive(Debug, Clone)]
pub struct AppState {
    /// The running simulation.
    pub sim: Simulation,
    /// Its readouts, computed once after each change (every view reads these).
    pub readouts: Readouts,
    /// What Reset starts again from.
    pub base: Scenario,
    /// Commands applied after every (re)start of `base` (a lesson's start commands).
    pub base_commands: Vec<Command>,
    /// The preset `base` was built from (for share links).
    pub preset: String,
    /// Changes applied since the start, with their model times (for share links).
    pub log: Vec<Change>,
    /// The run's samples for the time charts.
    pub history: History,
    /// Index into [`SPEEDS`], or [`LESSON_SPEED`].
    pub speed: usize,
    /// A lesson's own speed, when it is not one of [`SPEEDS`].
    pub lesson_speed: Option<f64>,
    /// Whether model time runs.
    pub playing: bool,
    /// The page's language.
    pub lang: Lang,
    /// The page's own link keys: lesson, language, embed mode.
    pub page: PageKeys,
    /// The open lesson.
    pub lesson: Option<&'static Lesson>,
    /// The last check of the lesson's question.
    pub verdict: Option<Verdict>,
    /// Why the last prediction could not be checked.
    pub lesson_error: Option<LessonError>,
    /// An unknown lesson id asked for (shown until another lesson is chosen).
    pub unknown_lesson: Option<String>,
    /// The panels shown, and written into share links. The one place they live.
    pub panels: Panels,
    /// On a phone, the tab whose panel is shown below the stage (see
    /// [`crate::tabs`]; not written into links): the parameters at first, none
    /// in a compact embed.
    pub tab: Option<PanelTab>,
    /// How many times the reader has chosen a tab. On a wider screen, where
    /// every panel shows and the tab bar is a row of links to them, each
    /// choice brings its panel into sight (the view scrolls to it once).
    pub tab_choices: u64,
    /// Log time and the held voltage.
    pub chart: ChartSettings,
    /// The notices on show.
    pub notices: Vec<Notice>,
    /// The membrane view's animation.
    pub membrane: MembraneView,
    /// Model time at which a lesson's Run stops (its suggested length).
    pub stop_at: Option<f64>,
    /// Whether the lessons' own texts are at hand (see [`LessonTexts`]).
    pub lesson_texts: LessonTexts,
    /// Whether the English interface texts are at hand: the page has the
    /// texts of the language it is read in from its start, and fetches the
    /// other's the first time the reader switches to it
    /// ([`rpl_text::lazy::texts_ready`]), showing the texts it has until
    /// they come.
    pub english_texts: LessonTexts,
    /// Whether the Chinese interface texts are at hand (as
    /// [`english_texts`](Self::english_texts)).
    pub chinese_texts: LessonTexts,
    /// While the reader looks back along the timeline ([`Msg::Seek`]): the
    /// run as it was at its end. `sim` is then the run at the moment looked
    /// at; `history` and `log` still hold the whole run.
    pub looking_back: Option<Box<Simulation>>,
    /// Counts changes of the parameters (a command, a load): the controls
    /// and slow readouts are rewritten when it moves.
    pub revision: u64,
    /// Counts the commands applied (the live region may speak after one
    /// without V moving).
    pub commands: u64,
    /// The control the last applied change came from: a slider stays where
    /// the reader put it when the controls are rewritten.
    pub last_source: Option<Source>,
    /// The last value a control sent that the model refused, shown beside
    /// that control until the next change.
    pub refused: Option<(Source, ModelError)>,
    /// Counts the changes of [`AppState::refused`] and
    /// [`AppState::lesson_error`] (set through [`AppState::set_refused`] and
    /// [`AppState::set_lesson_error`]), so that a view can tell whether they
    /// changed without comparing the errors.
    pub errors_revision: u64,
    /// The run as it was before the last Reset all, until the next change:
    /// what Undo brings back.
    pub undo: Option<Box<Undo>>,
    /// The pinned runs, oldest first (their queries are also in
    /// [`PageKeys::pins`], for links).
    pub pins: Vec<Pin>,
    /// The sweep panel's curves (its choice is [`PageKeys::sweep`]), kept up
    /// to date while the panel is open and no lesson hides V.
    pub sweep: SweepView,
    /// Where a rigid cell without a working pump runs down to (its Donnan
    /// equilibrium, mV), shown in free mode beside the course text's "to
    /// 0 mV" with the offer of a swelling cell; `None` otherwise.
    pub rundown_end_mv: Option<f64>,
    /// The threshold of a cell with channels, as its parameters stand.
    pub excite: ExciteView,
    /// Why the last stimulus asked for was refused, shown beside the
    /// stimulus's fields until the next one.
    pub stim_error: Option<ModelError>,
}

/// The lessons' own texts (introductions, steps, questions, explanations):
/// the page fetches them the first time a lesson opens ([`rpl_text::lazy`]);
/// elsewhere they are always [`Ready`](LessonTexts::Ready).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LessonTexts {
    /// At hand.
    Ready,
    /// Not asked for yet.
    Missing,
    /// Asked for; not come yet.
    Loading,
    /// Could not be had (why); asked for again when a lesson is next opened.
    Failed(String),
}

/// Whether a language's interface texts are at hand as the page opens.
fn texts_state(lang: Lang) -> LessonTexts {
    if rpl_text::lazy::texts_ready(lang) {
        LessonTexts::Ready
    } else {
        LessonTexts::Missing
    }
}

/// A run as Reset all found it: its simulation (parameters, state and
/// clock), what it started from, its history, change log and speed.
#[derive(Debug, Clone)]
pub struct Undo {
    sim: Simulation,
    base: Scenario,
    preset: String,
    log: Vec<Change>,
    history: History,
    speed: usize,
    panels: Panels,
}

impl AppState {
    /// Set [`AppState::refused`], counting a change in
    /// [`AppState::errors_revision`].
    pub fn set_refused(&mut self, refused: Option<(Source, ModelError)>) {
        if self.refused.is_some() || refused.is_some() {
            self.errors_revision += 1;
        }
        self.refused = refused;
    }

    /// Set [`AppState::lesson_error`], counting a change in
    /// [`AppState::errors_revision`].
    pub fn set_lesson_error(&mut self, error: Option<LessonError>) {
        if self.lesson_error.is_some() || error.is_some() {
            self.errors_revision += 1;
        }
        self.lesson_error = error;
    }

    /// The page opened on a link's query: its scenario replayed to its time
    /// (the history records the replay), its page keys, and a notice for each
    /// bad part. `browser_langs` are the browser's languages, best first.
    pub fn open(opened: Opened, browser_langs: &[String]) -> AppState {
        let Opened {
            link,
            page,
            unknown_lesson,
            mut notices,
        } = opened;
        let lang = i18n::choose(page.lang.as_deref(), browser_langs);
        i18n::set_lang(lang);
        let mut history = History::default();
        let (sim, base, preset, log) = match Simulation::new(link.scenario.clone()) {
            Ok(first) => {
                history.record(&first);
                match link.replay(REPLAY_SAMPLES, |sim| history.record(sim)) {
                    Ok(replayed) => {
                        notices.extend(
                            replayed
                                .errors
                                .into_iter()
                                .map(|e| Notice::error("share.notice.then", e)),
                        );
                        (
                            replayed.sim,
                            link.scenario.clone(),
                            link.preset.clone(),
                            replayed.applied,
                        )
                    }
                    Err(e) => {
                        notices.push(Notice::error("share.notice.then", e));
                        (
                            first,
                            link.scenario.clone(),
                            link.preset.clone(),
                            Vec::new(),
                        )
                    }
                }
            }
            Err(e) => {
                notices.push(Notice::error("notice.neuron", e));
                history = History::default();
                let neuron = Scenario::default();
                // The neuron is the model's tested reference: it always starts.
                // (Not `expect`, whose message would bring the error's Debug
                // formatting into the page for a case that cannot happen.)
                let Ok(sim) = Simulation::new(neuron.clone()) else {
                    panic!("the neuron preset starts")
                };
                history.record(&sim);
                (sim, neuron, "neuron".to_string(), Vec::new())
            }
        };
        // A link that stops at a model time opens paused there, and so does a
        // lesson (it asks before it tells).
        let playing = link.t_s <= 0.0 && page.lesson.is_none();
        let sim = budgeted(sim);
        let mut state = AppState {
            readouts: sim.readouts(),
            speed: suggested_speed(&base),
            panels: base.panels,
            tab: tabs::first(&base.panels, page.embed),
            tab_choices: 0,
            sim,
            base,
            base_commands: Vec::new(),
            preset,
            log,
            history,
            lesson_speed: None,
            playing,
            lang,
            page,
            lesson: None,
            verdict: None,
            lesson_error: None,
            unknown_lesson: None,
            chart: ChartSettings::default(),
            notices: Vec::new(),
            membrane: MembraneView::new(),
            revision: 0,
            commands: 0,
            last_source: None,
            refused: None,
            errors_revision: 0,
            undo: None,
            rundown_end_mv: None,
            sweep: SweepView::default(),
            excite: ExciteView::default(),
            stim_error: None,
            pins: Vec::new(),
            stop_at: None,
            looking_back: None,
            lesson_texts: if rpl_text::lazy::ready() {
                LessonTexts::Ready
            } else {
                LessonTexts::Missing
            },
            english_texts: texts_state(Lang::En),
            chinese_texts: texts_state(Lang::Zh),
        };
        state.record();
        if let Some(id) = state.page.lesson.clone() {
            if let Some(l) = rpl_lessons::lesson(&id) {
                // The lesson's texts, speed and panels; the state stays the link's replay.
                state.show_lesson(l);
                // Reset starts the link's scenario with the lesson's start commands.
                state.base_commands = l.start_commands();
            }
        }
        if let Some(f) = state.page.speed {
            state.set_speed(Some(f));
        }
        if state.page.log_time {
            state.chart.time_scale = TimeScale::Log;
        }
        // The link's pinned runs, replayed as the link was.
        let queries = std::mem::take(&mut state.page.pins);
        for (i, q) in queries.iter().enumerate() {
            match Pin::replay(q) {
                Ok(pin) => state.pins.push(pin),
                Err(e) => notices.push(Notice::Key {
                    key: "share.notice.pin",
                    values: vec![("n", (i + 1).to_string())],
                    error: Some(e),
                }),
            }
        }
        state.page.pins = state.pins.iter().map(|p| p.query.clone()).collect();
        state.unknown_lesson = unknown_lesson;
        state.notices = notices;
        state.find_rundown_end();
        state.excite.refresh(&state.sim, state.revision);
        state
    }

    /// What the open lesson hides until the reader checks a prediction
    /// (nothing once a verdict is on show, or without a lesson).
    pub fn hidden(&self) -> &'static [rpl_lessons::Hidden] {
        match (self.lesson, &self.verdict) {
            (Some(l), None) => l.hides,
            _ => &[],
        }
    }

    /// The numbers the equations panel shows (see [`crate::equations`]),
    /// with what the open lesson asks for left out until the reader checks.
    /// A lesson that hides V hides every voltage the equations compute from
    /// it; one that hides the sweep's curves, where its answer can be read
    /// off before the run (the GHK lesson's V after P_Na is raised), hides the
    /// GHK voltage and the zero-current voltage, which are that answer too.
    /// The equations' inputs stay: working the answer out from them is the
    /// point.
    pub fn equation_numbers(&self) -> crate::equations::EquationNumbers {
        use rpl_lessons::Hidden;
        let mut n = crate::equations::numbers(&self.sim, &self.readouts);
        let hide_v = self.hides(Hidden::Voltage);
        if hide_v || self.hides(Hidden::Sweep) {
            n.ghk = "?".into();
            n.v_zero = "?".into();
            n.why = crate::t!("lessons.hidden").into();
        }
        if hide_v {
            n.v = "?".into();
        }
        n
    }

    /// The reference voltage the V chart draws and zooms to, mV: for a cell
    /// with channels, the voltage threshold the model found for it
    /// ([`crate::excite`]) while no lesson hides V or it; `None` elsewhere.
    pub fn threshold_mv(&self) -> Option<f64> {
        if self.hides(rpl_lessons::Hidden::Voltage) || self.hides(rpl_lessons::Hidden::Threshold) {
            return None;
        }
        match &self.excite.threshold {
            Some(Ok(rpl_model::Excitability::Threshold(t))) => Some(t.v_threshold_mv),
            _ => None,
        }
    }

    /// The stimulus box's lines, when the cell has channels (see
    /// [`crate::excite::texts`]).
    pub fn excite_texts(&self) -> Option<crate::excite::ExciteText> {
        crate::excite::texts(
            &self.sim,
            &self.excite,
            self.hides(rpl_lessons::Hidden::Voltage),
            self.hides(rpl_lessons::Hidden::Threshold),
        )
    }

    /// The millisecond zoom of the latest spike (see [`crate::excite::spike_zoom`]).
    pub fn spike_zoom(&self) -> Option<crate::excite::SpikeZoom<'_>> {
        crate::excite::spike_zoom(
            &self.sim,
            &self.excite,
            self.hides(rpl_lessons::Hidden::Voltage),
            self.hides(rpl_lessons::Hidden::Threshold),
        )
    }

    /// The synapse row's line: the synapses' reversal potentials and the
    /// currents of those open (see [`crate::excite::synapse_text`]).
    pub fn synapse_text(&self) -> Option<String> {
        crate::excite::synapse_text(&self.sim, self.hides(rpl_lessons::Hidden::Voltage))
    }

    /// The tabs a phone offers below the stage (see [`tabs::offered`]).
    pub fn tabs(&self) -> Vec<PanelTab> {
        tabs::offered(&self.panels, self.page.embed)
    }

    /// The charts that go first among the panels beside the stage, as the
    /// page's `data-lead` names them: the clamp and the sweep when the open
    /// lesson shows them, or, with no lesson, when the link did (`""`,
    /// `"clamp"`, `"sweep"` or `"clamp sweep"`). A choice of the link's or
    /// the lesson's, not of the reader's opening or folding a panel (which
    /// leaves it where it is, under the reader's pointer).
    pub fn leading(&self) -> &'static str {
        let p = self.lesson.map_or(self.base.panels, |l| l.panels);
        match (p.clamp, p.sweep) {
            (false, false) => "",
            (true, false) => "clamp",
            (false, true) => "sweep",
            (true, true) => "clamp sweep",
        }
    }

    /// The tab whose panel a phone shows below the stage (none: all folded).
    pub fn shown_tab(&self) -> Option<PanelTab> {
        tabs::shown(self.tab, &self.tabs())
    }

    /// Whether the open lesson hides `what` now.
    pub fn hides(&self, what: rpl_lessons::Hidden) -> bool {
        self.hidden().contains(&what)
    }

    /// Model seconds per real second at the chosen speed.
    pub fn factor(&self) -> f64 {
        match SPEEDS.get(self.speed) {
            Some(s) => s.factor,
            None => self.lesson_speed.unwrap_or(1.0),
        }
    }

    /// The link to the present state: the starting scenario with the panels
    /// shown, the changes since, the model time now.
    pub fn link(&self) -> Link {
        let mut scenario = self.base.clone();
        scenario.panels = self.panels;
        let t_s = self.sim.time().0;
        Link {
            scenario,
            preset: self.preset.clone(),
            // Looking back, the changes after the moment looked at are not
            // part of it.
            changes: self.log.iter().filter(|c| c.t_s <= t_s).cloned().collect(),
            t_s,
        }
    }

    /// The parameters as the controls show them: the scenario, with the
    /// inside concentrations at their present values (the run changes them;
    /// setting one replaces that ion's content at the present moment), so the
    /// "Inside the cell" fields follow the run instead of keeping the values
    /// the run started from.
    pub fn present_scenario(&self) -> Scenario {
        let mut sc = self.sim.scenario().clone();
        sc.inside_mm = self.readouts.c_in_mm;
        sc
    }

    /// The timeline: the model time looked at and the run's end, s (the same
    /// unless the reader looks back).
    pub fn timeline(&self) -> (f64, f64) {
        let now = self.sim.time().0;
        (
            now,
            self.looking_back.as_ref().map_or(now, |end| end.time().0),
        )
    }

    /// [`Msg::Seek`]: the run at model time `t` (clamped to the run), by
    /// replaying its start and changes to `t` exactly as a share link is
    /// replayed; at the run's end, the run's own end state again.
    fn seek(&mut self, t: f64, fx: &mut Vec<Effect>) {
        if !t.is_finite() {
            return;
        }
        self.stop_at = None;
        self.set_playing(false, fx);
        let (_, end) = self.timeline();
        let t = rpl_model::units::clamp(t, 0.0, end);
        if t >= end {
            if let Some(end) = self.looking_back.take() {
                self.sim = *end;
            }
        } else {
            let mut link = self.link();
            link.t_s = t;
            link.changes.retain(|c| c.t_s <= t);
            match link.replay(1, |_| {}) {
                Ok(replayed) => {
                    if self.looking_back.is_none() {
                        self.looking_back = Some(Box::new(self.sim.clone()));
                    }
                    self.sim = budgeted(replayed.sim);
                }
                Err(e) => {
                    self.notices = vec![Notice::error("notice.failed", e)];
                    return;
                }
            }
        }
        self.readouts = self.sim.readouts();
        self.find_rundown_end();
        // The controls show the parameters of the moment looked at.
        self.revision += 1;
    }

    /// Make the moment looked at the run's end: what came after it (its
    /// history and changes) is dropped, and the run goes on from there.
    fn continue_from_here(&mut self) {
        if self.looking_back.take().is_some() {
            let t = self.sim.time().0;
            self.log.retain(|c| c.t_s <= t);
            self.history.truncate_after(t);
            self.history.record(&self.sim);
            self.revision += 1;
        }
    }

    /// Handle one input; returns what only the browser can do.
    pub fn update(&mut self, msg: Msg) -> Vec<Effect> {
        let frame = matches!(msg, Msg::Frame { .. });
        let fx = self.update_inner(msg);
        // Only a playing frame leaves the membrane's captions behind the
        // cell ([`MembraneView::captions`]).
        if !(frame && self.playing) {
            self.membrane.show_now(&self.readouts);
        }
        fx
    }

    fn update_inner(&mut self, msg: Msg) -> Vec<Effect> {
        let mut fx = Vec::new();
        if !msg.keeps_looking_back() {
            self.continue_from_here();
        }
        match msg {
            Msg::Seek(t) => self.seek(t, &mut fx),
            Msg::SeekAlong(f) => {
                let (_, end) = self.timeline();
                self.seek(rpl_model::units::clamp(f, 0.0, 1.0) * end, &mut fx);
            }
            Msg::Frame { real_dt_s } => self.advance(real_dt_s, &mut fx),
            Msg::SetPlaying(on) => {
                self.stop_at = None;
                self.set_playing(on, &mut fx);
            }
            Msg::TogglePlaying => {
                self.stop_at = None;
                self.set_playing(!self.playing, &mut fx);
            }
            Msg::RunLesson => {
                let Some(lesson) = self.lesson else {
                    return fx;
                };
                if self.sim.time().0 >= lesson.duration_s * (1.0 - 1e-9) {
                    self.restart_lesson();
                }
                self.set_speed(Some(lesson.speed));
                self.stop_at = Some(lesson.duration_s);
                self.set_playing(true, &mut fx);
            }
            Msg::RestartLesson => {
                self.restart_lesson();
                self.set_playing(false, &mut fx);
            }
            Msg::RestartRun if self.lesson.is_some() => {
                self.restart_lesson();
                self.set_playing(false, &mut fx);
            }
            Msg::RestartRun => {
                let (speed, lesson_speed) = (self.speed, self.lesson_speed);
                let (scenario, then) = restart_point(&self.base, self.sim.scenario());
                let preset = self.preset.clone();
                self.load(scenario, &preset);
                for cmd in then {
                    // Values the cell had a moment ago: the model takes them.
                    let _ = self.apply(cmd);
                }
                (self.speed, self.lesson_speed) = (speed, lesson_speed);
            }
            Msg::Step => {
                self.stop_at = None;
                self.set_playing(false, &mut fx);
                self.revision += 1;
                self.advance(STEP_REAL_S, &mut fx);
            }
            Msg::Reset => {
                let before = Undo {
                    sim: self.sim.clone(),
                    base: self.base.clone(),
                    preset: self.preset.clone(),
                    log: self.log.clone(),
                    history: self.history.clone(),
                    speed: self.speed,
                    panels: self.panels,
                };
                let (base, preset) = (self.base.clone(), self.preset.clone());
                self.load(base, &preset);
                self.undo = Some(Box::new(before));
            }
            Msg::UndoReset => {
                if let Some(u) = self.undo.take() {
                    self.sim = u.sim;
                    self.base = u.base;
                    self.preset = u.preset;
                    self.log = u.log;
                    self.history = u.history;
                    self.speed = u.speed;
                    self.panels = u.panels;
                    self.readouts = self.sim.readouts();
                    self.find_rundown_end();
                    self.notices.clear();
                    self.set_refused(None);
                    self.last_source = None;
                    self.revision += 1;
                    self.commands += 1;
                }
            }
            Msg::GoToSteadyState => self.go_to_steady_state(),
            Msg::ChoosePreset(name) => match Scenario::preset(&name) {
                Ok(scenario) => {
                    self.close_lesson();
                    self.load(scenario, &name);
                }
                Err(e) => self.notices = vec![Notice::error("notice.kept", e)],
            },
            Msg::ChooseSpeed(i) => {
                if i < SPEEDS.len() || (i == LESSON_SPEED && self.lesson_speed.is_some()) {
                    self.speed = i;
                }
            }
            Msg::Apply { cmd, source } => match cmd.and_then(|cmd| self.apply(cmd)) {
                Ok(()) => self.last_source = Some(source),
                Err(error) => match source {
                    Source::Slider(_) | Source::Typed(_) => {
                        self.set_refused(Some((source, error)));
                    }
                    Source::Switch(_) | Source::Other => {
                        // The control goes back to the model's value.
                        self.revision += 1;
                        self.notices = vec![Notice::Key {
                            key: "notice.refused",
                            values: Vec::new(),
                            error: Some(error),
                        }];
                    }
                },
            },
            Msg::SetLang(lang) => {
                i18n::set_lang(lang);
                self.lang = lang;
                self.page.lang = Some(lang_key(lang).to_string());
                self.want_texts(&mut fx);
                fx.push(Effect::Relabel);
            }
            Msg::OpenLesson(id) => {
                self.open_lesson(&id);
                // A lesson asks before it tells: it opens paused.
                if self.lesson.is_some() {
                    self.want_lesson_texts(&mut fx);
                    self.stop_at = None;
                    self.set_playing(false, &mut fx);
                }
            }
            Msg::WantLessonTexts => self.want_lesson_texts(&mut fx),
            Msg::LessonTexts(got) => {
                self.lesson_texts = match got
                    .and_then(|body| rpl_text::lazy::install(body).map_err(|e| e.to_string()))
                {
                    Ok(()) => LessonTexts::Ready,
                    Err(e) => LessonTexts::Failed(e),
                };
            }
            Msg::Texts(lang, got) => self.receive_texts(lang, got, &mut fx),
            Msg::Check(prediction) => {
                let Some(lesson) = self.lesson else {
                    return fx;
                };
                // The question and its explanation are among the texts.
                if self.lesson_texts != LessonTexts::Ready {
                    return fx;
                }
                match prediction.and_then(|p| lesson.question.check(&p).map_err(LessonError::Model))
                {
                    Ok(v) => {
                        self.verdict = Some(v);
                        self.set_lesson_error(None);
                    }
                    Err(e) => {
                        self.verdict = None;
                        self.set_lesson_error(Some(e));
                    }
                }
            }
            Msg::SetPanels(p) => self.panels = p,
            Msg::ChooseTab(tab) => {
                if tab == Some(PanelTab::Clamp) {
                    self.panels.clamp = true;
                }
                if tab == Some(PanelTab::Sweep) {
                    self.panels.sweep = true;
                }
                self.tab = tab;
                if tab.is_some() {
                    self.tab_choices += 1;
                }
            }
            Msg::SetTimeScale(s) => self.chart.time_scale = s,
            Msg::SetHeldVoltage(v) => {
                if v.is_finite() {
                    self.chart.held_mv = rpl_model::units::clamp(v, CLAMP_MIN_MV, CLAMP_MAX_MV);
                }
                self.chart.held_refused = None;
            }
            Msg::TypeHeldVoltage(text) => match parse_held_mv(&text) {
                Ok(v) => {
                    self.chart.held_mv = v;
                    self.chart.held_refused = None;
                }
                Err(_) => self.chart.held_refused = Some(text),
            },
            Msg::ClampTo(target) => {
                let r = &self.readouts;
                let v = match target {
                    ClampTarget::Rest => r.v_zero_current_mv,
                    ClampTarget::E(ion) => r.e_mv.get(ion),
                };
                if v.is_finite() {
                    self.chart.held_mv = rpl_model::units::clamp(
                        (v * 10.0).round() / 10.0,
                        CLAMP_MIN_MV,
                        CLAMP_MAX_MV,
                    );
                    self.chart.held_refused = None;
                }
            }
            Msg::Failed(text) => {
                self.notices = vec![Notice::key("notice.failed", &[("error", &text)])];
            }
            Msg::Share => {
                self.set_playing(false, &mut fx);
                match self.canonical_query() {
                    Ok(q) => fx.push(Effect::ShowShare(q)),
                    Err(e) => self.notices = vec![Notice::error("notice.failed", e)],
                }
            }
            Msg::Embed => {
                self.set_playing(false, &mut fx);
                // Free mode starts from the stage alone (a compact frame for a
                // column of notes); a lesson from the panels it shows.
                let stage = Panels {
                    membrane: true,
                    voltage: true,
                    concentrations: false,
                    currents: false,
                    clamp: false,
                    sweep: false,
                };
                let choice = EmbedChoice {
                    panels: if self.lesson.is_some() {
                        self.panels
                    } else {
                        stage
                    },
                    lesson: self.lesson.map(|l| l.id.to_string()),
                    lang: self.page.lang.as_deref().and_then(Lang::parse),
                    compact: true,
                };
                match self.embed_query(&choice) {
                    Ok(q) => fx.push(Effect::ShowEmbed(q, choice)),
                    Err(e) => self.notices = vec![Notice::error("notice.failed", e)],
                }
            }
            Msg::SetEmbed(choice) => match self.embed_query(&choice) {
                Ok(q) => fx.push(Effect::EmbedLink(q)),
                Err(e) => self.notices = vec![Notice::error("notice.failed", e)],
            },
            Msg::ShowKeys => fx.push(Effect::ShowKeys),
            Msg::DownloadCsv => fx.push(Effect::Download {
                name: CSV_FILE,
                mime: "text/csv",
                text: self.csv(),
            }),
            Msg::DownloadPng(i) => fx.push(Effect::DownloadPng(i)),
            Msg::Resize => {}
            Msg::Pin if self.pins.len() >= MAX_PINS => {
                self.notices = vec![Notice::key("pin.full", &[("max", &MAX_PINS.to_string())])];
            }
            Msg::Pin => {
                // The run as the reader sees it (looking back: up to that moment).
                let link = self.link();
                let t = link.t_s;
                let samples: Vec<_> = self
                    .history
                    .samples()
                    .iter()
                    .filter(|s| s.t_s <= t)
                    .cloned()
                    .collect();
                self.pins.push(Pin::of(&link, &samples));
                self.page.pins = self.pins.iter().map(|p| p.query.clone()).collect();
            }
            Msg::Unpin(i) => {
                if i < self.pins.len() {
                    self.pins.remove(i);
                }
                self.page.pins = self.pins.iter().map(|p| p.query.clone()).collect();
            }
            Msg::ShowSweep(on) => self.panels.sweep = on,
            Msg::ShowClamp(on) => self.panels.clamp = on,
            Msg::SetSweep(choice) => self.page.sweep = choice,
            Msg::SweepAlong(f) => {
                let key = self.page.sweep.axis().key;
                let value = self.page.sweep.value_along(f);
                if key.get(self.sim.scenario()) != Some(value) {
                    return self.update(Msg::Apply {
                        cmd: Ok(Command::Set(key, value)),
                        source: Source::Other,
                    });
                }
            }
            Msg::SweepStep(d) => {
                let now = self.page.sweep.present(&self.sim).map_or(0.0, |(v, _)| v);
                let f = self.page.sweep.along(now) + f64::from(d) / 50.0;
                return self.update(Msg::SweepAlong(f));
            }
            Msg::SweepWork => {}
            Msg::Stimulate(spec) => match spec {
                Ok(spec) => self.pulse(Command::Stimulate(spec), &mut fx),
                Err(e) => self.stim_error = Some(e),
            },
            Msg::Synapse(kind) => {
                let spec = rpl_lessons::catalogue::synapse_button(&self.sim, kind);
                self.pulse(Command::Synapse(spec), &mut fx);
            }
            Msg::DownloadSweepCsv => {
                if self.sweep_shown() {
                    fx.push(Effect::Download {
                        name: SWEEP_CSV_FILE,
                        mime: "text/csv",
                        text: self.sweep_csv(),
                    });
                }
            }
        }
        let sweeping = self.sweep_shown() && self.sweep.refresh(&self.sim, self.page.sweep);
        self.excite.refresh(&self.sim, self.revision);
        if (sweeping || self.working()) && !self.playing {
            fx.push(Effect::SweepWork);
        }
        fx
    }

    /// Whether background work is left: the threshold of the cell as it
    /// stands ([`ExciteView::work`]), or points of the sweep panel's
    /// excitability curve ([`crate::sweep::SweepView::work`]).
    pub fn working(&self) -> bool {
        self.excite.working() || (self.sweep_shown() && self.sweep.excite_pending())
    }

    /// Do pieces of the background work, each about a millisecond or two of
    /// the model's (the threshold first, as it is on show), the first at
    /// once and each next one while `more()` says there is time; returns
    /// whether work is left. The page calls it once a frame with its time
    /// budget; `work(|| true)` finishes it.
    pub fn work(&mut self, mut more: impl FnMut() -> bool) -> bool {
        loop {
            if self.excite.working() {
                self.excite.work();
            } else if self.sweep_shown() && self.sweep.excite_pending() {
                self.sweep.work(&self.sim);
            } else {
                return false;
            }
            if !more() {
                return self.working();
            }
        }
    }

    /// Whether the sweep panel shows its curves: it is open, and no lesson
    /// hides V or the sweep (the curves would give the answer away).
    pub fn sweep_shown(&self) -> bool {
        self.panels.sweep
            && !self.hides(rpl_lessons::Hidden::Voltage)
            && !self.hides(rpl_lessons::Hidden::Sweep)
    }

    /// Whether the clamp panel shows its currents, its table and its I–V
    /// curves: no lesson hides V or the sweep. The total current reverses at
    /// the resting potential, which the table writes and the curves cross
    /// zero at, and holding V at rest writes it in the held-voltage field:
    /// the answer of such a lesson.
    pub fn clamp_shown(&self) -> bool {
        !self.hides(rpl_lessons::Hidden::Voltage) && !self.hides(rpl_lessons::Hidden::Sweep)
    }

    /// The sweep's CSV: the link to the cell it was computed for (in a
    /// comment line, as the run's CSV has it), then the columns `rpl sweep`
    /// writes.
    pub fn sweep_csv(&self) -> String {
        let sweep = self.sweep.as_sweep(&self.sim);
        format!("# link: ?{}\n{}", self.link().to_query(), sweep.csv())
    }

    fn set_playing(&mut self, on: bool, fx: &mut Vec<Effect>) {
        self.playing = on;
        fx.push(Effect::RunLoop(on));
    }

    /// Advance model time by the chosen speed × `real_dt_s`; a failure of the
    /// model pauses and says why.
    fn advance(&mut self, real_dt_s: f64, fx: &mut Vec<Effect>) {
        let mut dt = self.factor() * real_dt_s;
        if let Some(end) = self.stop_at {
            let left = end - self.sim.time().0;
            if left <= 0.0 {
                // The lesson's run is already at its length.
                self.stop_at = None;
                self.set_playing(false, fx);
                return;
            }
            dt = dt.min(left);
        }
        if !(dt > 0.0 && dt.is_finite()) {
            return;
        }
        match self.sim.advance_within(Seconds(dt)) {
            Ok(Seconds(done)) => {
                if done < dt * (1.0 - 1e-9)
                    && !self.notices.iter().any(|n| n.is_key("notice.slowed"))
                {
                    // The frame's step budget ran out: model time slows
                    // down rather than the page freezing or stopping.
                    self.notices.push(Notice::key("notice.slowed", &[]));
                }
                let dt = done;
                self.record();
                self.membrane.advance(&self.readouts, real_dt_s, dt);
                if let Some(end) = self.stop_at {
                    if self.sim.time().0 >= end * (1.0 - 1e-12) {
                        // The lesson's run is over: stop where it says.
                        self.stop_at = None;
                        self.set_playing(false, fx);
                    }
                }
            }
            Err(e) => {
                self.set_playing(false, fx);
                self.notices = vec![Notice::error("notice.stopped", e)];
            }
        }
    }

    /// Record the present moment: the readouts and a sample of the history.
    fn record(&mut self) {
        self.readouts = self.sim.readouts();
        self.history.record(&self.sim);
    }

    /// Apply a command, log it and record the moment; the model refuses bad values.
    pub fn apply(&mut self, cmd: Command) -> Result<(), ModelError> {
        let t = self.sim.time().0;
        self.sim.apply(cmd.clone())?;
        self.undo = None;
        log_change(&mut self.log, t, &cmd);
        self.record();
        self.find_rundown_end();
        self.revision += 1;
        self.commands += 1;
        self.last_source = None;
        self.set_refused(None);
        Ok(())
    }

    /// Give the cell pulses now (a stimulus's or a synapse's), and play.
    /// They are logged as a change, so that Share, pins and the CSV header
    /// keep them, but they change no parameter: the threshold, the sweep
    /// and the controls stay as they are. A refusal is kept for the
    /// stimulus box.
    fn pulse(&mut self, cmd: Command, fx: &mut Vec<Effect>) {
        let t = self.sim.time().0;
        match self.sim.apply(cmd.clone()) {
            Ok(()) => {
                log_change(&mut self.log, t, &cmd);
                self.undo = None;
                self.stim_error = None;
                if !self.playing {
                    self.stop_at = None;
                    self.set_playing(true, fx);
                }
            }
            Err(e) => self.stim_error = Some(e),
        }
    }

    /// Start `scenario` (built from `preset`) afresh: new simulation, its
    /// start commands (a lesson's), empty history and change log. A scenario
    /// the model refuses leaves everything as it was, with a notice.
    pub fn load(&mut self, scenario: Scenario, preset: &str) {
        self.undo = None;
        let started = Simulation::new(scenario.clone()).and_then(|mut sim| {
            for cmd in &self.base_commands {
                sim.apply(cmd.clone())?;
            }
            Ok(sim)
        });
        let sim = match started {
            Ok(sim) => budgeted(sim),
            Err(e) => {
                self.notices = vec![Notice::error("notice.kept", e)];
                return;
            }
        };
        self.notices.clear();
        self.sim = sim;
        if self.lesson.is_none() {
            self.panels = scenario.panels;
        }
        self.base = scenario;
        self.preset = preset.to_string();
        self.log = self
            .base_commands
            .iter()
            .filter_map(|c| Change::from_command(0.0, c))
            .collect();
        self.history.clear();
        self.record();
        self.find_rundown_end();
        self.revision += 1;
        self.commands += 1;
        self.last_source = None;
        self.set_refused(None);
        if self.lesson_speed.is_some() {
            self.speed = LESSON_SPEED;
        } else if self.lesson.is_none() {
            self.speed = suggested_speed(&self.base);
        }
    }

    /// [`rundown_end_mv`](Self::rundown_end_mv) for the present parameters:
    /// in free mode, a rigid cell whose pump moves nothing runs down to its
    /// steady state, a Donnan equilibrium (found by the steady-state solver).
    fn find_rundown_end(&mut self) {
        let rigid = self.sim.scenario().cell.volume == VolumeMode::Rigid;
        let pump_off = self.readouts.pump_cycles_s == 0.0;
        self.rundown_end_mv = if self.lesson.is_none() && rigid && pump_off {
            self.sim.steady_state().ok().map(|y| y[IV])
        } else {
            None
        };
    }

    /// Go to the steady state of the present parameters honestly: the model
    /// runs there at its own pace (the history records the way, the clock
    /// moves by the time it takes), and the last hair's breadth is closed by
    /// the steady-state solver. When that time is long (the pump off, ouabain:
    /// hours), a notice says how long. A steady state the solver cannot find,
    /// or one further away than [`STEADY_MAX_S`], leaves the cell as it was.
    fn go_to_steady_state(&mut self) {
        let target = match self.sim.steady_state() {
            Ok(y) => y,
            Err(e) => {
                self.notices = vec![Notice::error("notice.steady", e)];
                return;
            }
        };
        let start = self.sim.clone();
        let history = self.history.clone();
        let t0 = self.sim.time().0;
        let near = |y: &[f64; rpl_model::system::N]| {
            (y[0] - target[0]).abs() <= 0.05
                && (1..rpl_model::system::IW + 1)
                    .all(|i| (y[i] - target[i]).abs() <= 1e-3 * target[i].abs().max(1e-9))
        };
        let mut dt = 0.01;
        let mut failed = None;
        while !near(self.sim.state()) {
            if self.sim.time().0 - t0 > STEADY_MAX_S {
                failed = Some(ModelError::NoSteadyState {
                    injected_ua_cm2: self.sim.scenario().injected_current_ua_cm2,
                });
                break;
            }
            if let Err(e) = self.sim.advance(Seconds(dt)) {
                failed = Some(e);
                break;
            }
            self.history.record(&self.sim);
            // Chunks a quarter longer each time: the clock overshoots the
            // moment the cell got there by at most a quarter.
            dt *= 1.25;
        }
        if let Some(e) = failed {
            self.sim = start;
            self.history = history;
            self.notices = vec![Notice::error("notice.steady", e)];
            return;
        }
        let took = self.sim.time().0 - t0;
        // What was in flight on the membrane belongs to the time skipped over.
        self.membrane = MembraneView::new();
        match self.apply(Command::GoToSteadyState) {
            Ok(()) if took > 60.0 => {
                self.notices = vec![Notice::key(
                    "notice.steady-took",
                    &[("time", &crate::format::format_duration(took))],
                )];
            }
            Ok(()) => self.notices.clear(),
            Err(e) => {
                self.sim = start;
                self.history = history;
                self.record();
                self.notices = vec![Notice::error("notice.steady", e)];
            }
        }
    }

    /// Ask for the lessons' texts unless they are here or on their way (a
    /// failed fetch is tried again).
    fn want_lesson_texts(&mut self, fx: &mut Vec<Effect>) {
        if matches!(
            self.lesson_texts,
            LessonTexts::Missing | LessonTexts::Failed(_)
        ) {
            self.lesson_texts = LessonTexts::Loading;
            fx.push(Effect::LoadLessonTexts);
        }
    }

    /// Whether a language's interface texts are at hand, asked for, or not.
    pub fn texts(&self, lang: Lang) -> &LessonTexts {
        match lang {
            Lang::En => &self.english_texts,
            Lang::Zh => &self.chinese_texts,
        }
    }

    fn texts_mut(&mut self, lang: Lang) -> &mut LessonTexts {
        match lang {
            Lang::En => &mut self.english_texts,
            Lang::Zh => &mut self.chinese_texts,
        }
    }

    /// Ask for the texts of the language the page is read in, unless they
    /// are here or on their way (a failed fetch is tried again when the
    /// reader next chooses that language).
    fn want_texts(&mut self, fx: &mut Vec<Effect>) {
        self.ask_texts(self.lang, fx);
    }

    fn ask_texts(&mut self, lang: Lang, fx: &mut Vec<Effect>) {
        let texts = self.texts_mut(lang);
        if matches!(texts, LessonTexts::Missing | LessonTexts::Failed(_)) {
            *texts = LessonTexts::Loading;
            fx.push(Effect::LoadTexts(lang));
        }
    }

    /// A language's texts' file came (installed, every text rewritten) or
    /// could not be had: a notice says why, and when the page has no texts
    /// at all it asks for the other language's to show in their place; when
    /// neither can be had, the notice says so (its texts are in the page's
    /// table in both languages, `rpl_text::lazy::KEPT_ROWS`).
    fn receive_texts(&mut self, lang: Lang, got: Result<String, String>, fx: &mut Vec<Effect>) {
        let error = match got
            .and_then(|body| rpl_text::lazy::install_texts(lang, body).map_err(|e| e.to_string()))
        {
            Ok(()) => {
                *self.texts_mut(lang) = LessonTexts::Ready;
                // A verdict shown is worded in both languages when checked:
                // checked again, so that this language's words are its own,
                // not the ones that stood in for them.
                if let (Some(lesson), Some(v)) = (self.lesson, &self.verdict) {
                    if let Ok(v) = lesson.question.check(&v.prediction) {
                        self.verdict = Some(v);
                    }
                }
                fx.push(Effect::Relabel);
                return;
            }
            Err(e) => e,
        };
        *self.texts_mut(lang) = LessonTexts::Failed(error.clone());
        let other = match lang {
            Lang::En => Lang::Zh,
            Lang::Zh => Lang::En,
        };
        let key = match lang {
            Lang::En => "notice.english",
            Lang::Zh => "notice.chinese",
        };
        if rpl_text::lazy::texts_ready(other) {
            self.notices.push(Notice::key(key, &[("error", &error)]));
            return;
        }
        match self.texts(other) {
            LessonTexts::Failed(_) => {
                // Neither language: one notice, in place of the first's.
                self.notices.retain(|n| {
                    !matches!(n, Notice::Key { key, .. }
                        if *key == "notice.english" || *key == "notice.chinese")
                });
                self.notices
                    .push(Notice::key("notice.texts", &[("error", &error)]));
            }
            _ => {
                self.ask_texts(other, fx);
                self.notices.push(Notice::key(key, &[("error", &error)]));
            }
        }
    }

    /// What the page must do once it has opened: fetch the texts of the
    /// language it is read in when the loader could not hand them over, and
    /// the lessons' texts when a link opened a lesson.
    pub fn start(&mut self) -> Vec<Effect> {
        let mut fx = Vec::new();
        self.want_texts(&mut fx);
        if self.lesson.is_some() {
            self.want_lesson_texts(&mut fx);
        }
        fx
    }

    /// Start the open lesson's scenario again with its start commands; the
    /// verdict and any refused prediction are cleared.
    fn restart_lesson(&mut self) {
        let (base, preset) = (self.base.clone(), self.preset.clone());
        self.load(base, &preset);
        self.verdict = None;
        self.set_lesson_error(None);
        self.stop_at = None;
    }

    /// Choose a speed: one of [`SPEEDS`] when it matches `factor`, else a
    /// lesson speed of its own (`None`: back to the scenario's suggestion).
    fn set_speed(&mut self, factor: Option<f64>) {
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
    }

    /// Show `lesson`'s texts, speed and panels (the simulation is left alone).
    fn show_lesson(&mut self, lesson: &'static Lesson) {
        self.page.lesson = Some(lesson.id.to_string());
        self.lesson = Some(lesson);
        self.verdict = None;
        self.set_lesson_error(None);
        self.unknown_lesson = None;
        self.set_speed(Some(lesson.speed));
        self.panels = lesson.panels;
        if let Some(axis) = lesson
            .sweep
            .and_then(|k| crate::sweep::AXES.iter().position(|a| a.key == k))
        {
            self.page.sweep = SweepChoice {
                axis,
                ouabain_s: None,
            };
        }
        self.revision += 1;
    }

    /// Open the lesson `id` ("" closes the lesson; an unknown id is named).
    pub fn open_lesson(&mut self, id: &str) {
        if id.is_empty() {
            self.unknown_lesson = None;
            self.close_lesson();
            return;
        }
        let Some(lesson) = rpl_lessons::lesson(id) else {
            self.close_lesson();
            self.unknown_lesson = Some(id.to_string());
            return;
        };
        let started = lesson
            .scenario()
            .and_then(|scenario| Ok((scenario, lesson.start()?)));
        match started {
            Ok((scenario, sim)) => {
                self.sim = budgeted(sim);
                self.base = scenario;
                self.base_commands = lesson.start_commands();
                self.history.clear();
                self.preset = lesson.preset.to_string();
                self.log = self
                    .base_commands
                    .iter()
                    .filter_map(|c| Change::from_command(0.0, c))
                    .collect();
                self.record();
                self.commands += 1;
                self.last_source = None;
                self.show_lesson(lesson);
            }
            Err(e) => {
                self.notices = vec![Notice::Key {
                    key: "lessons.failed",
                    values: Vec::new(),
                    error: Some(e),
                }];
            }
        }
    }

    /// Close the lesson (the simulation goes on as it is); the default
    /// panels come back, in the page and in share links.
    pub fn close_lesson(&mut self) {
        self.page.lesson = None;
        if self.lesson.take().is_some() {
            self.base_commands.clear();
            self.verdict = None;
            self.set_lesson_error(None);
            self.set_speed(None);
            self.panels = Panels::default();
            self.revision += 1;
        }
    }

    /// Replace the simulation with the replay of its own link (read back from
    /// the link's text, as a page opening it would) and return that text with
    /// the page's keys. The state moves by no more than the integrator's
    /// tolerance, and afterwards equals what the link opens, to the last bit.
    pub fn canonical_query(&mut self) -> Result<String, ModelError> {
        let text = self.link().to_query();
        let opened = link::open(&text);
        let replayed = opened.link.replay(REPLAY_SAMPLES, |_| {})?;
        // The page goes on from exactly what the link gives; a moment looked
        // back at is already that replay, and the run's end stays kept.
        if self.looking_back.is_none() {
            self.sim = budgeted(replayed.sim);
            self.log = replayed.applied;
            self.record();
            self.revision += 1;
        }
        let canonical = opened.link.to_query();
        // The speed and the time axis go into the link when they are the reader's own choice.
        let own_speed = match self.lesson {
            Some(l) => l.speed,
            None => SPEEDS[suggested_speed(&self.base)].factor,
        };
        let factor = self.factor();
        self.page.speed = ((factor - own_speed).abs() > 1e-9 * own_speed).then_some(factor);
        self.page.log_time = self.chart.time_scale == TimeScale::Log;
        Ok(format!("{canonical}{}", link::page_query(&self.page)))
    }

    /// The link the Embed dialog gives for `choice`: the present state (as
    /// [`canonical_query`](Self::canonical_query)) with the chosen panels,
    /// lesson and language, and `embed=1` when compact. The page itself keeps
    /// its own panels, lesson and language.
    pub fn embed_query(&mut self, choice: &EmbedChoice) -> Result<String, ModelError> {
        let (panels, page) = (self.panels, self.page.clone());
        self.panels = choice.panels;
        self.page.lesson = choice
            .lesson
            .clone()
            .filter(|id| rpl_lessons::lesson(id).is_some());
        self.page.lang = choice.lang.map(|l| lang_key(l).to_string());
        let query = self.canonical_query();
        self.panels = panels;
        self.page = page;
        let mut query = query?;
        if choice.compact {
            query.push_str("&embed=1");
        }
        Ok(query)
    }

    /// The run as CSV: the starting scenario and the changes in the header,
    /// then one row per recorded sample.
    pub fn csv(&self) -> String {
        let link = self.link();
        let mut notes = vec![format!("link: ?{}", link.to_query())];
        notes.extend(self.log.iter().map(|c| format!("then {}", c.note())));
        let mut out = export::csv(&link.scenario, &notes, self.history.samples());
        // Each pinned run after the run, as its own table.
        for (i, p) in self.pins.iter().enumerate() {
            let note = format!("pinned run {}: ?{}", i + 1, p.query);
            out.push('\n');
            out.push_str(&export::csv(&p.scenario, &[note], &p.samples));
        }
        out
    }
}

/// Add a change to the log. A change of the same key at the same model time
/// as the last one replaces it (e.g. a slider dragged while paused).
fn log_change(log: &mut Vec<Change>, t_s: f64, cmd: &Command) {
    let Some(change) = Change::from_command(t_s, cmd) else {
        return;
    };
    if let Some(last) = log.last_mut() {
        if change.key().is_some() && last.key() == change.key() && last.t_s == change.t_s {
            *last = change;
            return;
        }
    }
    log.push(change);
}
