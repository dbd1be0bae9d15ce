//! The lessons panel: a selector of the nine guided lessons of
//! [`rpl_lessons`] (in the order of the course text), and the open lesson's
//! title, introduction, steps, things to notice and question.
//!
//! This module only shows things: the app ([`crate::app`]) loads the
//! lesson's scenario into its simulation and runs [`rpl_lessons::Question::check`]
//! when the reader presses Check. Every text comes from the lesson (in the
//! page's language, [`crate::view::i18n::lang`]) or from the i18n table, so
//! [`LessonPanel::render`] can be called again after a language switch.

use rpl_lessons::{Lang, Lesson, Prediction, QuestionKind, Verdict};
pub use rpl_ui::state::{speed_label, LessonError, LessonTexts};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{
    Document, Element, HtmlElement, HtmlInputElement, HtmlOptionElement, HtmlSelectElement,
};

use crate::platform::dom;
use crate::view::i18n::{self, tf};

/// The id of the lessons section; the panel is optional.
pub const SECTION_ID: &str = "lessons";
/// The value of the "no lesson" entry of the selector.
pub const NONE: &str = "";

/// Why a prediction could not be checked, in `lang`.
pub fn lesson_error_text(e: &LessonError, lang: Lang) -> String {
    match e {
        LessonError::Model(e) => i18n::model_error(e, lang),
        LessonError::NoChoice => i18n::tr("lessons.choose-first", lang).to_string(),
    }
}

/// The elements of the lessons panel.
pub struct LessonPanel {
    /// The lesson selector.
    pub select: HtmlSelectElement,
    notice: HtmlElement,
    body: HtmlElement,
    course: HtmlElement,
    title: HtmlElement,
    intro: HtmlElement,
    run: HtmlElement,
    steps: HtmlElement,
    notices: HtmlElement,
    question: HtmlElement,
    number_row: HtmlElement,
    /// The typed prediction.
    pub input: HtmlInputElement,
    unit: HtmlElement,
    choices: HtmlElement,
    /// The form whose submit (Check button or Enter) checks the prediction.
    pub form: HtmlElement,
    /// Start the lesson again.
    pub restart: HtmlElement,
    /// Run the lesson at its speed to its suggested length.
    pub run_button: HtmlElement,
    error: HtmlElement,
    verdict: HtmlElement,
}

impl LessonPanel {
    /// The panel inside `root`, or `None` when the page has no lessons section.
    pub fn find(root: &Element) -> Result<Option<LessonPanel>, JsValue> {
        if root.query_selector(&format!("#{SECTION_ID}"))?.is_none() {
            return Ok(None);
        }
        let b = dom::Build::finder();
        let panel = LessonPanel {
            select: b.find(root, "lesson-select"),
            notice: b.find(root, "lesson-notice"),
            body: b.find(root, "lesson-body"),
            course: b.find(root, "lesson-course"),
            title: b.find(root, "lesson-title"),
            intro: b.find(root, "lesson-intro"),
            run: b.find(root, "lesson-run"),
            steps: b.find(root, "lesson-steps"),
            notices: b.find(root, "lesson-notices"),
            question: b.find(root, "lesson-question"),
            number_row: b.find(root, "lesson-number"),
            input: b.find(root, "lesson-input"),
            unit: b.find(root, "lesson-unit"),
            choices: b.find(root, "lesson-choices"),
            form: b.find(root, "lesson-form"),
            restart: b.find(root, "lesson-restart"),
            run_button: b.find(root, "lesson-run-button"),
            error: b.find(root, "lesson-error"),
            verdict: b.find(root, "lesson-verdict"),
        };
        b.finish()?;
        Ok(Some(panel))
    }

    /// Fill the selector: "no lesson", then the nine lessons numbered in course order.
    pub fn fill_options(&self, selected: Option<&str>) -> Result<(), JsValue> {
        fill_lesson_options(&self.select, selected)
    }

    /// Show a message about the lessons (e.g. an unknown id in the URL), or hide it.
    pub fn show_notice(&self, message: Option<&str>) {
        dom::show_message(&self.notice, message);
    }

    /// Show `lesson` in the present language (or hide the lesson's part with `None`).
    /// `fresh`: a newly opened lesson (the choices and the typed text are cleared).
    /// Until the lessons' own texts are here (`texts`), the card shows the
    /// title and says they are loading (or why they could not be), without
    /// its question.
    pub fn render(
        &self,
        lesson: Option<&Lesson>,
        fresh: bool,
        texts: &LessonTexts,
    ) -> Result<(), JsValue> {
        let Some(l) = lesson else {
            dom::set_visible(&self.body, false);
            self.select.set_value(NONE);
            return Ok(());
        };
        let lang = i18n::lang();
        let doc = dom::document()?;
        self.select.set_value(l.id);
        dom::set_visible(&self.body, true);
        dom::set_text(
            &self.course,
            &rpl_ui::tf!("lessons.course", &[("heading", l.course_heading.get(lang))]),
        );
        dom::set_text(&self.title, l.title.get(lang));
        let ready = *texts == LessonTexts::Ready;
        self.body
            .set_attribute("aria-busy", if ready { "false" } else { "true" })?;
        dom::set_visible(&self.form, ready);
        match texts {
            LessonTexts::Ready => set_rich_text(&self.intro, l.intro.get(lang))?,
            LessonTexts::Failed(why) => set_rich_text(
                &self.intro,
                &rpl_ui::tf!("lessons.texts-failed", &[("error", why)]),
            )?,
            LessonTexts::Missing | LessonTexts::Loading => {
                set_rich_text(&self.intro, rpl_ui::t!("lessons.texts-loading"))?
            }
        }
        dom::set_text(
            &self.run,
            &tf(
                "lessons.run",
                &[
                    ("duration", &rpl_ui::format::format_duration(l.duration_s)),
                    ("speed", &speed_label(l.speed)),
                ],
            ),
        );
        fill_list(&doc, &self.steps, l.steps.iter().map(|s| s.get(lang)))?;
        fill_list(&doc, &self.notices, l.notice.iter().map(|s| s.get(lang)))?;
        set_rich_text(&self.question, l.question.prompt.get(lang))?;
        match l.question.kind {
            QuestionKind::Number { unit, .. } => {
                dom::set_visible(&self.number_row, true);
                dom::set_visible(&self.choices, false);
                dom::set_text(&self.unit, unit);
                if fresh {
                    self.input.set_value("");
                }
            }
            QuestionKind::Choice { options } => {
                dom::set_visible(&self.number_row, false);
                dom::set_visible(&self.choices, true);
                let chosen = if fresh { None } else { self.chosen() };
                self.choices.set_inner_html("");
                let legend = doc.create_element("legend")?;
                legend.set_text_content(Some(rpl_ui::t!("lessons.choices")));
                self.choices.append_child(&legend)?;
                for (i, opt) in options.iter().enumerate() {
                    let label = doc.create_element("label")?;
                    label.set_class_name("lesson-choice");
                    let input: HtmlInputElement = doc.create_element("input")?.dyn_into()?;
                    input.set_type("radio");
                    input.set_name("lesson-choice");
                    input.set_value(&i.to_string());
                    input.set_id(&format!("lesson-choice-{i}"));
                    input.set_checked(chosen == Some(i));
                    label.append_child(&input)?;
                    let span = doc.create_element("span")?;
                    let letter = (b'A' + (i.min(25) as u8)) as char;
                    set_rich_text(&span, &format!("{letter}. {}", opt.get(lang)))?;
                    label.append_child(&span)?;
                    self.choices.append_child(&label)?;
                }
            }
        }
        Ok(())
    }

    /// The index of the checked choice, if any.
    pub fn chosen(&self) -> Option<usize> {
        let list = self.choices.query_selector_all("input[type=radio]").ok()?;
        (0..list.length())
            .find(|&i| {
                list.item(i)
                    .and_then(|n| n.dyn_into::<HtmlInputElement>().ok())
                    .is_some_and(|r| r.checked())
            })
            .map(|i| i as usize)
    }

    /// Read the reader's prediction for `lesson`'s question.
    pub fn prediction(&self, lesson: &Lesson) -> Result<Prediction, LessonError> {
        match lesson.question.kind {
            QuestionKind::Number { .. } => lesson
                .question
                .parse(&self.input.value())
                .map_err(LessonError::Model),
            QuestionKind::Choice { .. } => {
                let i = self.chosen().ok_or(LessonError::NoChoice)?;
                lesson
                    .question
                    .validate(&Prediction::Choice(i))
                    .map_err(LessonError::Model)?;
                Ok(Prediction::Choice(i))
            }
        }
    }

    /// Show (or clear) the message about a refused prediction, at the field.
    pub fn show_error(&self, error: Option<&LessonError>) {
        let text = error.map(|e| lesson_error_text(e, i18n::lang()));
        dom::show_message(&self.error, text.as_deref());
        let invalid = if error.is_some() { "true" } else { "false" };
        if let Err(e) = self.input.set_attribute("aria-invalid", invalid) {
            web_sys::console::warn_1(&e);
        }
    }

    /// Show (or clear) the verdict of the last check, in the present language.
    pub fn show_verdict(&self, verdict: Option<&Verdict>) {
        let Some(v) = verdict else {
            dom::show_message(&self.verdict, None);
            self.verdict.set_class_name("lesson-verdict");
            return;
        };
        // The explanation opens with its own "right" / "not right" words; the
        // colour and the class say it too.
        let text = v.explanation.get(i18n::lang()).to_string();
        if let Err(e) = set_rich_text(&self.verdict, &text) {
            web_sys::console::warn_1(&e);
        }
        dom::set_visible(&self.verdict, true);
        self.verdict.set_class_name(if v.correct {
            "lesson-verdict correct"
        } else {
            "lesson-verdict wrong"
        });
    }
}

pub use crate::platform::dom::set_rich_text;

fn fill_list<'a>(
    doc: &Document,
    list: &HtmlElement,
    items: impl Iterator<Item = &'a str>,
) -> Result<(), JsValue> {
    list.set_inner_html("");
    for text in items {
        let li = doc.create_element("li")?;
        set_rich_text(&li, text)?;
        list.append_child(&li)?;
    }
    Ok(())
}

/// Fill a lesson selector: "no lesson" (value "") and the nine lessons,
/// numbered, in the page's language; select `selected`.
pub fn fill_lesson_options(
    select: &HtmlSelectElement,
    selected: Option<&str>,
) -> Result<(), JsValue> {
    let doc = dom::document()?;
    let lang = i18n::lang();
    select.set_inner_html("");
    let none: HtmlOptionElement = doc.create_element("option")?.dyn_into()?;
    none.set_value(NONE);
    none.set_text(rpl_ui::t!("lessons.none"));
    select.append_child(&none)?;
    for l in rpl_lessons::lessons() {
        let opt: HtmlOptionElement = doc.create_element("option")?.dyn_into()?;
        opt.set_value(l.id);
        let sep = if lang == Lang::Zh { "．" } else { ". " };
        opt.set_text(&format!("{}{sep}{}", l.section, l.title.get(lang)));
        select.append_child(&opt)?;
    }
    select.set_value(selected.unwrap_or(NONE));
    Ok(())
}
