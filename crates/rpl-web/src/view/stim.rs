//! The stimulus box under the V chart, for a cell with channels: the
//! Stimulate button and its fields, the spike count, the Na⁺ channels'
//! availability and the threshold. Only shows: the texts come from
//! [`rpl_ui::state::AppState::excite_texts`], the button posts
//! [`rpl_ui::state::Msg::Stimulate`] (crate::events).

use std::cell::RefCell;

use rpl_ui::state::AppState;
use wasm_bindgen::JsValue;
use web_sys::{Element, HtmlElement, HtmlInputElement};

use crate::platform::dom;
use crate::view::optional;

/// The stimulus box's elements.
pub struct StimBox {
    /// The box (hidden for a cell without channels).
    pub root: HtmlElement,
    /// The Stimulate button.
    pub button: HtmlElement,
    /// Amplitude (µA/cm²), pulse length (ms), pulse count and rate (Hz).
    pub fields: [HtmlInputElement; 4],
    error: HtmlElement,
    spikes: HtmlElement,
    threshold: HtmlElement,
    /// What was last written: shown, error, spikes line, threshold line.
    written: RefCell<Option<(bool, String, String, String)>>,
}

impl StimBox {
    /// The box inside `root`, if the page has it.
    pub fn find(root: &Element) -> Result<Option<StimBox>, JsValue> {
        let get = |id| optional::<HtmlElement>(root, id);
        let input = |id| optional::<HtmlInputElement>(root, id);
        let (Some(boxed), Some(button), Some(error), Some(spikes), Some(threshold)) = (
            get("stim-box")?,
            get("stim-button")?,
            get("stim-error")?,
            get("stim-spikes")?,
            get("stim-threshold")?,
        ) else {
            return Ok(None);
        };
        let (Some(a), Some(d), Some(n), Some(r)) = (
            input("stim-amplitude")?,
            input("stim-duration")?,
            input("stim-count")?,
            input("stim-rate")?,
        ) else {
            return Ok(None);
        };
        Ok(Some(StimBox {
            root: boxed,
            button,
            fields: [a, d, n, r],
            error,
            spikes,
            threshold,
            written: RefCell::new(None),
        }))
    }

    /// Show or hide the box and write its lines, when they changed.
    pub fn render(&self, s: &AppState) -> Result<(), JsValue> {
        let texts = s.excite_texts();
        let error = s
            .stim_error
            .as_ref()
            .map(rpl_ui::errors::error_text)
            .unwrap_or_default();
        let key = match &texts {
            Some(t) => (
                true,
                error,
                format!("{} · {}", t.spikes, t.available),
                t.threshold.clone().unwrap_or_default(),
            ),
            None => (false, error, String::new(), String::new()),
        };
        if self.written.borrow().as_ref() == Some(&key) {
            return Ok(());
        }
        dom::set_visible(&self.root, key.0);
        dom::set_visible(&self.error, !key.1.is_empty());
        dom::set_text(&self.error, &key.1);
        dom::set_text(&self.spikes, &key.2);
        dom::set_text(&self.threshold, &key.3);
        dom::set_visible(&self.threshold, !key.3.is_empty());
        self.written.replace(Some(key));
        Ok(())
    }
}

/// The fields' text (amplitude, length, count, rate) as the stimulus's text
/// form, `AMP,MS,HZ,N` ([`rpl_model::StimulusSpec::parse`]).
pub fn text_of(fields: &[HtmlInputElement; 4]) -> String {
    let [a, d, n, r] = fields;
    format!("{},{},{},{}", a.value(), d.value(), r.value(), n.value())
}
