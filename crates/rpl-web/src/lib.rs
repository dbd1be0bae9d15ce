//! # rpl-web — the browser front end of Resting Potential Lab
//!
//! A thin layer over [`rpl_model`]: controls in the page become model
//! commands, and the model's readouts become text and a plotters chart on a
//! canvas. No science lives here.
//!
//! * [`app`]: the app — the queue of inputs and the one frame that handles
//!   them and draws; the `App` façade for tests and scripts.
//! * [`events`]: DOM listeners → messages; the only code that reads inputs.
//! * [`view`]: draws the page from the state and never changes it — the
//!   controls, readouts, charts, membrane, equations, lessons panel, share
//!   dialogs, live region and the interface's wording.
//! * [`platform`]: the browser underneath — element lookup and listeners, the
//!   animation-frame loop, downloads, the page's address, embed mode's height
//!   messages, frame timings.
//!
//! [`start`] runs when the module loads. It installs the panic hook first (a
//! panic is shown in the page's `#error-banner` as well as the console, and
//! the app stops reacting), then mounts the app on `#rpl-app` if the page
//! has one; without it (e.g. inside `wasm-bindgen-test`) it does nothing.

pub mod app;
pub mod events;
pub mod platform;
pub mod view;

use std::cell::RefCell;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Once;

use wasm_bindgen::prelude::*;

/// The page's allocator: Talc (a well-kept crate) in place of the standard
/// library's dlmalloc, which is smaller in the wasm and faster (see
/// BENCHMARKS.md for what it saves).
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static TALC: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

pub use app::App;
pub use rpl_ui::history;

/// The id of the element that shows a panic to the reader.
pub const ERROR_BANNER_ID: &str = "error-banner";

static PANICKED: AtomicBool = AtomicBool::new(false);
static HOOK: Once = Once::new();

thread_local! {
    /// The app mounted by [`start`], kept alive for the page's lifetime.
    static PAGE_APP: RefCell<Option<App>> = const { RefCell::new(None) };
}

/// Whether a panic has happened. After one, the app's state may be half
/// updated, so event handlers and the animation loop do nothing.
pub fn panicked() -> bool {
    PANICKED.load(Ordering::Relaxed)
}

/// Install the panic hook (once): log to the console with a stack trace, then
/// show the message in the page and stop the app.
pub fn install_panic_hook() {
    HOOK.call_once(|| {
        std::panic::set_hook(Box::new(|info| {
            PANICKED.store(true, Ordering::Relaxed);
            console_error_panic_hook::hook(info);
            report_panic(&info.to_string());
        }));
    });
}

/// Show a panic's `message` in the page's error banner (if the page has one).
pub fn report_panic(message: &str) {
    show_banner(&view::i18n::tf("notice.panic", &[("error", message)]));
}

fn show_banner(text: &str) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(banner) = doc
        .get_element_by_id(ERROR_BANNER_ID)
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    else {
        return;
    };
    platform::dom::show_message(&banner, Some(text));
}

/// Entry point, run by the generated JavaScript when the module loads.
#[wasm_bindgen(start)]
pub fn start() -> Result<(), JsValue> {
    install_panic_hook();
    let window = platform::dom::window()?;
    let Some(doc) = window.document() else {
        return Ok(());
    };
    let Some(root) = doc.get_element_by_id(app::ids::ROOT) else {
        return Ok(());
    };
    // The interface texts of the language the page will be read in, which
    // the loader (www/boot.js) fetched beside the wasm: installed before the
    // page is built, so its first frame is in that language. A file it
    // could not have, or of another build, is left to the page, which
    // fetches it itself and says why if that fails.
    let key = JsValue::from_str("rplTexts");
    if let Some(text) = js_sys::Reflect::get(&window, &key)
        .ok()
        .and_then(|v| v.as_string())
    {
        if let Some(lang) = rpl_text::lazy::texts_lang(&text) {
            let _ = rpl_text::lazy::install_texts(lang, text);
        }
        let _ = js_sys::Reflect::delete_property(&window, &key);
    }
    let mounted = window
        .location()
        .search()
        .and_then(|search| App::mount(&root, &search));
    match mounted {
        Ok(app) => {
            PAGE_APP.with(|slot| *slot.borrow_mut() = Some(app));
            Ok(())
        }
        Err(e) => {
            let detail = app::js_text(&e);
            show_banner(&view::i18n::tf("notice.no-start", &[("error", &detail)]));
            Err(e)
        }
    }
}
