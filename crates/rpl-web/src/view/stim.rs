//! The stimulus box under the V chart: for a cell with channels the
//! Stimulate button and its fields, the spike count, the Na⁺ channels'
//! availability and the threshold; for every cell the synapse buttons and
//! the synapses' reversal potentials. Only shows: the texts come from
//! [`rpl_ui::state::AppState::excite_texts`] and
//! [`rpl_ui::state::AppState::synapse_text`], the buttons post
//! [`rpl_ui::state::Msg::Stimulate`] and [`rpl_ui::state::Msg::Synapse`]
//! (crate::events).

use std::cell::RefCell;

use rpl_ui::state::AppState;
use wasm_bindgen::JsValue;
use web_sys::{Element, HtmlElement, HtmlInputElement};

use crate::platform::dom;
use crate::view::optional;

/// The stimulus box's elements.
pub struct StimBox {
    /// The current pulses' row (hidden for a cell without channels).
    pub current: HtmlElement,
    /// The Stimulate button.
    pub button: HtmlElement,
    /// The excitatory and the inhibitory synapse's buttons.
    pub synapses: [HtmlElement; 2],
    /// Amplitude (µA/cm²), pulse length (ms), pulse count and rate (Hz).
    pub fields: [HtmlInputElement; 4],
    error: HtmlElement,
    spikes: HtmlElement,
    threshold: HtmlElement,
    synapse: HtmlElement,
    /// What was last written.
    written: RefCell<Option<Written>>,
}

/// What the box shows: whether the current pulses' row is shown, the error,
/// the spikes line, the threshold line and the synapse line.
type Written = (bool, String, String, String, String);

impl StimBox {
    /// The box inside `root`, if the page has it.
    pub fn find(root: &Element) -> Result<Option<StimBox>, JsValue> {
        let get = |id| optional::<HtmlElement>(root, id);
        let input = |id| optional::<HtmlInputElement>(root, id);
        let (Some(current), Some(button), Some(error), Some(spikes), Some(threshold)) = (
            get("stim-current")?,
            get("stim-button")?,
            get("stim-error")?,
            get("stim-spikes")?,
            get("stim-threshold")?,
        ) else {
            return Ok(None);
        };
        let (Some(exc), Some(inh), Some(synapse)) =
            (get("syn-exc")?, get("syn-inh")?, get("syn-readout")?)
        else {
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
            current,
            button,
            synapses: [exc, inh],
            fields: [a, d, n, r],
            error,
            spikes,
            threshold,
            synapse,
            written: RefCell::new(None),
        }))
    }

    /// Show or hide the current pulses' row and write the lines, when they
    /// changed.
    pub fn render(&self, s: &AppState) -> Result<(), JsValue> {
        let texts = s.excite_texts();
        let error = s
            .stim_error
            .as_ref()
            .map(rpl_ui::errors::error_text)
            .unwrap_or_default();
        let synapse = s.synapse_text().unwrap_or_default();
        let key = match &texts {
            Some(t) => (
                true,
                error,
                format!("{} · {}", t.spikes, t.available),
                t.threshold.clone().unwrap_or_default(),
                synapse,
            ),
            None => (false, error, String::new(), String::new(), synapse),
        };
        if self.written.borrow().as_ref() == Some(&key) {
            return Ok(());
        }
        dom::set_visible(&self.current, key.0);
        dom::set_visible(&self.spikes, key.0);
        dom::set_visible(&self.error, !key.1.is_empty());
        dom::set_text(&self.error, &key.1);
        dom::set_text(&self.spikes, &key.2);
        dom::set_text(&self.threshold, &key.3);
        dom::set_visible(&self.threshold, !key.3.is_empty());
        dom::set_rich_text(&self.synapse, &key.4)?;
        dom::set_visible(&self.synapse, !key.4.is_empty());
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
