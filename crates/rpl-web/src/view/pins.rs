//! The pinned runs under the V chart: the Pin button and one line per
//! pinned run (its number, its label, a button that removes it). Only shows:
//! the runs live in [`rpl_ui::state::AppState::pins`]; the buttons post
//! [`rpl_ui::state::Msg::Pin`] and [`rpl_ui::state::Msg::Unpin`] (crate::events).

use std::cell::RefCell;

use rpl_ui::pins::MAX_PINS;
use rpl_ui::state::AppState;
use wasm_bindgen::JsValue;
use web_sys::{Element, HtmlElement};

use crate::platform::dom;
use crate::view::i18n::{tf, Lang};
use crate::view::optional;

/// The pins' elements.
pub struct Pins {
    /// The Pin button.
    pub button: HtmlElement,
    /// The list of pinned runs (its remove buttons carry `data-unpin`).
    pub list: HtmlElement,
    /// What was last written: the labels and the language.
    written: RefCell<Option<(Vec<String>, Lang)>>,
}

impl Pins {
    /// The pins inside `root`, if the page has them.
    pub fn find(root: &Element) -> Result<Option<Pins>, JsValue> {
        let (Some(button), Some(list)) = (
            optional::<HtmlElement>(root, "pin-button")?,
            optional::<HtmlElement>(root, "pin-list")?,
        ) else {
            return Ok(None);
        };
        Ok(Some(Pins {
            button,
            list,
            written: RefCell::new(None),
        }))
    }

    /// List the pinned runs, when they or the language changed.
    pub fn render(&self, s: &AppState) -> Result<(), JsValue> {
        let labels: Vec<String> = s.pins.iter().map(|p| p.label.clone()).collect();
        let key = (labels, s.lang);
        if self.written.borrow().as_ref() == Some(&key) {
            return Ok(());
        }
        let doc = dom::document()?;
        self.list.set_inner_html("");
        for (i, label) in key.0.iter().enumerate() {
            let li = doc.create_element("li")?;
            let text = doc.create_element("span")?;
            // The cell's name in the reader's language; the rest is the link's.
            let (cell, rest) = rpl_model::strings::split_once(label, " · ").unwrap_or((label, ""));
            let cell = crate::view::preset_label(cell);
            let shown = if rest.is_empty() {
                format!("{} {cell}", i + 1)
            } else {
                format!("{} {cell} · {rest}", i + 1)
            };
            text.set_text_content(Some(&shown));
            li.append_child(&text)?;
            let remove = doc.create_element("button")?;
            remove.set_attribute("type", "button")?;
            remove.set_attribute("data-unpin", &i.to_string())?;
            let name = tf("pin.remove", &[("n", &(i + 1).to_string())]);
            remove.set_attribute("aria-label", &name)?;
            remove.set_attribute("title", &name)?;
            remove.set_text_content(Some("×"));
            li.append_child(&remove)?;
            self.list.append_child(&li)?;
        }
        self.button
            .toggle_attribute_with_force("aria-disabled", key.0.len() >= MAX_PINS)?;
        self.written.replace(Some(key));
        Ok(())
    }
}
