//! The timeline under the voltage chart: a slider along the recorded run
//! (its left end the start, its right end the run's end), the moment looked
//! at and, while the reader looks back, what Play or a change will do.
//!
//! Only shows: the slider's `input` posts [`rpl_ui::state::Msg::SeekAlong`]
//! (crate::events), and the state replays the run to that moment.

use std::cell::RefCell;

use rpl_ui::format::format_duration;
use rpl_ui::state::AppState;
use wasm_bindgen::JsValue;
use web_sys::{Element, HtmlElement, HtmlInputElement};

use crate::platform::dom;
use crate::view::i18n::Lang;
use crate::view::optional;

/// The slider's positions from the start to the end of the run.
pub const STEPS: f64 = 1000.0;

/// The slider's position, the moment and the end as shown, whether the
/// reader looks back, and the language.
type Shown = (f64, String, String, bool, Lang);

/// The timeline's elements (all optional: a page without them has no timeline).
pub struct Timeline {
    row: HtmlElement,
    /// The slider.
    pub input: HtmlInputElement,
    at: HtmlElement,
    hint: HtmlElement,
    /// What was last written: the slider's position, the moment and the
    /// end as shown, looking back, the language.
    written: RefCell<Option<Shown>>,
}

impl Timeline {
    /// The timeline inside `root`, if the page has one.
    pub fn find(root: &Element) -> Result<Option<Timeline>, JsValue> {
        let Some(input) = optional::<HtmlInputElement>(root, "timeline")? else {
            return Ok(None);
        };
        let (Some(at), Some(hint)) = (
            optional::<HtmlElement>(root, "timeline-at")?,
            optional::<HtmlElement>(root, "timeline-hint")?,
        ) else {
            return Ok(None);
        };
        let Some(row) = input
            .parent_element()
            .and_then(|p| wasm_bindgen::JsCast::dyn_into::<HtmlElement>(p).ok())
        else {
            return Ok(None);
        };
        Ok(Some(Timeline {
            row,
            input,
            at,
            hint,
            written: RefCell::new(None),
        }))
    }

    /// Put the slider at the moment looked at and say where that is.
    pub fn render(&self, s: &AppState) -> Result<(), JsValue> {
        let (now, end) = s.timeline();
        let back = s.looking_back.is_some();
        let pos = if end > 0.0 {
            rpl_model::units::clamp((now / end * STEPS).round(), 0.0, STEPS)
        } else {
            STEPS
        };
        // Called every frame: only what the reader sees decides a rewrite.
        let (t, e) = (format_duration(now), format_duration(end));
        let key = (pos, t.clone(), e.clone(), back, s.lang);
        if self.written.borrow().as_ref() == Some(&key) {
            return Ok(());
        }
        if self.input.value_as_number() != pos {
            self.input.set_value_as_number(pos);
        }
        self.input.set_disabled(end <= 0.0);
        let at = if back {
            rpl_ui::tf!("timeline.at", &[("t", &t), ("end", &e)])
        } else {
            rpl_ui::tf!("timeline.now", &[("end", &e)])
        };
        dom::set_text(&self.at, &at);
        self.input.set_attribute("aria-valuetext", &at)?;
        let hint = back.then(|| rpl_ui::tf!("timeline.hint", &[("t", &t), ("end", &e)]));
        dom::show_message(&self.hint, hint.as_deref());
        self.row
            .class_list()
            .toggle_with_force("looking-back", back)?;
        *self.written.borrow_mut() = Some(key);
        Ok(())
    }
}
