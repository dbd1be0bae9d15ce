//! The page's two languages, in the browser: the table, the present language
//! and the lookups live in [`rpl_ui::i18n`] (re-exported here); this module
//! fills `index.html`'s `data-i18n*` attributes ([`apply`]), reads the
//! browser's languages.
//!
//! Model errors are worded by [`rpl_ui::errors`] (re-exported here).

pub use rpl_ui::errors::{error_text, model_error};
pub use rpl_ui::i18n::*;
use wasm_bindgen::JsValue;
use web_sys::Element;

/// Fill every element under `root` that carries one of [`ATTRIBUTES`] with
/// its text in `lang`.
pub fn apply(root: &Element, lang: Lang) -> Result<(), JsValue> {
    for (attr, target) in ATTRIBUTES {
        let list = root.query_selector_all(&format!("[{attr}]"))?;
        for i in 0..list.length() {
            let Some(el) = list
                .item(i)
                .and_then(|n| wasm_bindgen::JsCast::dyn_into::<Element>(n).ok())
            else {
                continue;
            };
            let Some(key) = el.get_attribute(attr) else {
                continue;
            };
            let text = tr(&key, lang);
            match target {
                // Texts get real subscripts (`P_Na` shows P with a subscript Na).
                None => crate::platform::dom::set_rich_text(&el, text)?,
                Some(a) => el.set_attribute(a, text)?,
            }
        }
    }
    Ok(())
}

/// The browser's preferred languages (`navigator.languages`), best first.
pub fn browser_languages() -> Vec<String> {
    let Some(w) = web_sys::window() else {
        return Vec::new();
    };
    let nav = w.navigator();
    let mut out: Vec<String> = nav
        .languages()
        .iter()
        .filter_map(|v| v.as_string())
        .collect();
    if out.is_empty() {
        out.extend(nav.language());
    }
    out
}
