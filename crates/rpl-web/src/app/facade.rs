//! The app's façade for tests and scripts: each call posts its input and
//! runs the frame that handles it at once ([`App::handle`]), and the getters
//! read the one state. The page itself never calls these; its listeners post
//! their inputs and the animation frame handles them.

use super::*;

impl App {
    /// Handle the inputs waiting for the next frame now (their frame comes
    /// anyway; it then finds nothing to do) and finish the background work.
    /// For tests that fire DOM events and look at the result without
    /// waiting for the browser's next frames.
    pub fn flush(&self) {
        self.inner.run_frame(None, true);
    }

    /// Run the same work as one animation frame that lasted `real_dt_s` seconds
    /// (advance by speed × `real_dt_s`, update readouts, redraw), even while
    /// paused. For tests and scripted use; the animation loop calls the same code.
    pub fn step(&self, real_dt_s: f64) -> Result<(), JsValue> {
        self.inner.run_frame(Some(real_dt_s), true);
        Ok(())
    }

    /// Play or pause.
    pub fn set_playing(&self, playing: bool) -> Result<(), JsValue> {
        self.handle(Msg::SetPlaying(playing));
        Ok(())
    }

    /// Whether the simulation is playing.
    pub fn is_playing(&self) -> bool {
        self.inner.anim.is_running()
    }

    /// The model's present readouts.
    pub fn readouts(&self) -> Readouts {
        self.state().readouts.clone()
    }

    /// Press Step: pause and advance by one frame's worth of model time
    /// (speed × [`STEP_REAL_S`]).
    pub fn step_once(&self) -> Result<(), JsValue> {
        self.handle(Msg::Step);
        Ok(())
    }

    /// The scenario with the present parameters.
    pub fn scenario(&self) -> Scenario {
        self.state().sim.scenario().clone()
    }

    /// Switch the page's language, as the 中文 / English buttons do.
    pub fn set_language(&self, lang: Lang) -> Result<(), JsValue> {
        self.handle(Msg::SetLang(lang));
        Ok(())
    }

    /// Open the lesson `id` as the lesson selector does ("" closes it; an
    /// unknown id leaves no lesson open and is named in a notice).
    pub fn open_lesson(&self, id: &str) -> Result<(), JsValue> {
        self.handle(Msg::OpenLesson(id.to_string()));
        Ok(())
    }

    /// The open lesson's id.
    pub fn lesson_id(&self) -> Option<&'static str> {
        self.state().lesson.map(|l| l.id)
    }

    /// Check the prediction in the lessons panel, as its Check button does.
    pub fn check_prediction(&self) -> Result<(), JsValue> {
        if let Some(p) = self.inner.prediction() {
            self.handle(Msg::Check(p));
        }
        Ok(())
    }

    /// Whether the lessons' own texts are here (the page fetches them when a
    /// lesson first opens).
    pub fn lesson_texts(&self) -> rpl_ui::state::LessonTexts {
        self.state().lesson_texts.clone()
    }

    /// Hand the page the lessons' texts' file (or why it could not be had),
    /// as the fetch it started does when it ends.
    pub fn receive_lesson_texts(&self, got: Result<String, String>) {
        self.handle(Msg::LessonTexts(got));
    }

    /// Whether a language's interface texts are here (the page fetches
    /// them when it is first read in that language).
    pub fn texts(&self, lang: rpl_text::Lang) -> rpl_ui::state::LessonTexts {
        self.state().texts(lang).clone()
    }

    /// Hand the page a language's interface texts' file (or why it could
    /// not be had), as the fetch it started does when it ends.
    pub fn receive_texts(&self, lang: rpl_text::Lang, got: Result<String, String>) {
        self.handle(Msg::Texts(lang, got));
    }

    /// The last verdict on the lesson's question.
    pub fn verdict(&self) -> Option<Verdict> {
        self.state().verdict.clone()
    }

    /// Model seconds per real second at the chosen speed.
    pub fn speed_factor(&self) -> f64 {
        self.state().factor()
    }

    /// The recorded voltage trace, (model time s, V mV).
    pub fn trace(&self) -> Vec<(f64, f64)> {
        self.state().history.voltage_points()
    }

    /// The recorded history of the run (a copy), oldest first.
    pub fn history(&self) -> History {
        self.state().history.clone()
    }

    /// Press Share without the dialog: pause, and return the URL of the
    /// present state (the page's address, the link, then `lesson` and `lang`).
    /// The state is re-derived from the link, so opening the URL shows the
    /// same numbers.
    pub fn share_url(&self) -> Result<String, JsValue> {
        self.handle(Msg::SetPlaying(false));
        let query = self
            .inner
            .state
            .borrow_mut()
            .canonical_query()
            .map_err(|e: ModelError| JsValue::from_str(&i18n::error_text(&e)))?;
        self.inner.run_frame(None, true);
        Ok(format!("{}?{query}", browser::page_address()?))
    }

    /// The changes applied since the start, with their model times.
    pub fn changes(&self) -> Vec<Change> {
        self.state().log.clone()
    }

    /// The run as CSV, as the Download CSV button writes it.
    pub fn csv(&self) -> String {
        self.state().csv()
    }

    /// The lesson named by the link (`lesson=ID`) or open now.
    pub fn lesson(&self) -> Option<String> {
        self.state().page.lesson.clone()
    }

    /// Say which lesson share links carry as `lesson=ID` (`None`: none).
    pub fn set_lesson(&self, id: Option<&str>) {
        self.inner.state.borrow_mut().page.lesson = id.map(str::to_string);
    }

    /// The language named by the link (`lang=zh|en`) or chosen since.
    pub fn lang(&self) -> Option<String> {
        self.state().page.lang.clone()
    }

    /// Say which language share links carry as `lang=`.
    pub fn set_lang(&self, lang: Option<&str>) {
        self.inner.state.borrow_mut().page.lang = lang.map(str::to_string);
    }

    /// Whether the page is in embed mode (`embed=1`).
    pub fn embedded(&self) -> bool {
        self.state().page.embed
    }

    /// The panels shown (carried by share links).
    pub fn panels(&self) -> Panels {
        self.state().panels
    }

    /// Show these panels: elements with `data-panel="NAME"` follow them, and
    /// share links carry them as `panels=…`.
    pub fn set_panels(&self, panels: Panels) -> Result<(), JsValue> {
        self.handle(Msg::SetPanels(panels));
        Ok(())
    }
}
