//! What only a browser does for the page, with nothing of the page's look:
//! its address, fetching a text file (the lessons' texts), file downloads (`<a download>` with a `blob:` or `data:`
//! URL, which a strict Content-Security-Policy allows), embed mode's class on
//! `<html>`, and the height messages an embedded page posts to its parent.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{
    Blob, BlobPropertyBag, Document, HtmlAnchorElement, HtmlCanvasElement, ResizeObserver, Url,
};

use crate::platform::dom;

/// The class set on `<html>` in embed mode.
pub const EMBED_CLASS: &str = "embed";

/// The `type` of the message an embedded page posts to its parent.
pub const HEIGHT_MESSAGE: &str = "rpl-height";

/// The page's address without its query or fragment
/// (`https://example.org/notes/rpl/`).
pub fn page_address() -> Result<String, JsValue> {
    let loc = dom::window()?.location();
    Ok(format!("{}{}", loc.origin()?, loc.pathname()?))
}

/// Fetch the text file at `url` (relative to the page) and give `done` its
/// text, or why it could not be had ("HTTP 404 Not Found", the browser's
/// network error).
pub fn fetch_text(url: &str, done: impl FnOnce(Result<String, JsValue>) + 'static) {
    // Promise callbacks, not an async runtime: two `then`s are all this
    // needs, and the page is smaller without the runtime.
    let done: Done = Rc::new(RefCell::new(Some(Box::new(done))));
    let window = match dom::window() {
        Ok(w) => w,
        Err(e) => return finish(&done, Err(e)),
    };
    let d = done.clone();
    then(
        &window.fetch_with_str(url),
        Box::new(move |res: JsValue| {
            let res: web_sys::Response = res.unchecked_into();
            if !res.ok() {
                let why = format!("HTTP {} {}", res.status(), res.status_text());
                return finish(&d, Err(JsValue::from_str(why.trim_end())));
            }
            match res.text() {
                Ok(text) => {
                    let d2 = d.clone();
                    let got_text = move |t: JsValue| {
                        let got = t
                            .as_string()
                            .ok_or_else(|| JsValue::from_str("the file is not text"));
                        finish(&d2, got);
                    };
                    then(&text, Box::new(got_text), &d);
                }
                Err(e) => finish(&d, Err(e)),
            }
        }),
        &done,
    );
}

/// What a fetch calls when it ends (taken at the first call: once only).
type Done = Rc<RefCell<Option<Box<dyn FnOnce(Result<String, JsValue>)>>>>;

fn finish(done: &Done, got: Result<String, JsValue>) {
    let f = done.borrow_mut().take();
    if let Some(f) = f {
        f(got);
    }
}

/// `p.then(ok, failed)`, where a failure ends the fetch with its error. Each
/// callback runs at most once and is kept (forgotten) for the page's life:
/// a fetch or two a visit.
fn then(p: &js_sys::Promise, ok: Box<dyn FnMut(JsValue)>, done: &Done) {
    let d = done.clone();
    let ok = Closure::wrap(ok);
    let failed: Closure<dyn FnMut(JsValue)> =
        Closure::wrap(Box::new(move |e: JsValue| finish(&d, Err(e))));
    let _ = p.then2(&ok, &failed);
    ok.forget();
    failed.forget();
}

/// Offer `text` as a file download named `name`.
pub fn download_text(name: &str, mime: &str, text: &str) -> Result<(), JsValue> {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = BlobPropertyBag::new();
    options.set_type(mime);
    let blob = Blob::new_with_str_sequence_and_options(&parts, &options)?;
    let url = Url::create_object_url_with_blob(&blob)?;
    let clicked = click_download(&url, name);
    // The click starts the download at once; the URL can go after this task.
    let revoke = Closure::once_into_js(move || {
        let _ = Url::revoke_object_url(&url);
    });
    dom::window()?
        .set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 10_000)?;
    clicked
}

/// Offer a canvas as a PNG download named `name`.
pub fn download_png(canvas: &HtmlCanvasElement, name: &str) -> Result<(), JsValue> {
    let url = canvas.to_data_url_with_type("image/png")?;
    click_download(&url, name)
}

fn click_download(url: &str, name: &str) -> Result<(), JsValue> {
    let a: HtmlAnchorElement = dom::document()?.create_element("a")?.dyn_into()?;
    a.set_href(url);
    a.set_download(name);
    a.click();
    Ok(())
}

/// Turn on embed mode: the class [`EMBED_CLASS`] on `<html>` (compact chrome,
/// see the stylesheet).
pub fn set_embed_class(doc: &Document, on: bool) -> Result<(), JsValue> {
    if let Some(html) = doc.document_element() {
        if on {
            html.class_list().add_1(EMBED_CLASS)?;
        } else {
            html.class_list().remove_1(EMBED_CLASS)?;
        }
    }
    Ok(())
}

/// Tells the parent window the page's height whenever it changes, with
/// `{type: 'rpl-height', height}` (CSS pixels). Dropping it stops.
pub struct HeightReporter {
    observer: ResizeObserver,
    _callback: Closure<dyn FnMut()>,
}

impl HeightReporter {
    /// Watch `<body>` and post its height to `window.parent` (to the window
    /// itself when the page is not framed) now and after every change; to a
    /// parent only when its origin is `parent_origin` (`None`: any origin).
    pub fn start(parent_origin: Option<String>) -> Result<Option<HeightReporter>, JsValue> {
        let doc = dom::document()?;
        let Some(body) = doc.body() else {
            return Ok(None);
        };
        let last = Rc::new(Cell::new(-1.0_f64));
        let watched = body.clone();
        let callback = Closure::<dyn FnMut()>::new(move || {
            let h = watched.get_bounding_client_rect().height().ceil();
            if h != last.get() {
                last.set(h);
                if let Err(e) = post_height(h, parent_origin.as_deref()) {
                    web_sys::console::warn_1(&e);
                }
            }
        });
        let observer = ResizeObserver::new(callback.as_ref().unchecked_ref())?;
        observer.observe(&body);
        Ok(Some(HeightReporter {
            observer,
            _callback: callback,
        }))
    }
}

impl Drop for HeightReporter {
    fn drop(&mut self) {
        self.observer.disconnect();
    }
}

/// The target origin of the height message: the link's `parent_origin`, or
/// any origin (`"*"`).
pub fn height_target_origin(parent_origin: Option<&str>) -> &str {
    parent_origin.unwrap_or("*")
}

/// Post `{type: 'rpl-height', height}` to the parent window, which gets it
/// only when its origin is `parent_origin` (`None`: any origin). A page that
/// is not framed posts to itself (to any origin: it is the only recipient).
pub fn post_height(height: f64, parent_origin: Option<&str>) -> Result<(), JsValue> {
    let window = dom::window()?;
    let parent = window.parent()?.filter(|p| {
        let p: &JsValue = p.as_ref();
        p != AsRef::<JsValue>::as_ref(&window)
    });
    let (target, origin) = match parent {
        Some(p) => (p, height_target_origin(parent_origin)),
        None => (window, "*"),
    };
    let msg = js_sys::Object::new();
    js_sys::Reflect::set(&msg, &"type".into(), &HEIGHT_MESSAGE.into())?;
    js_sys::Reflect::set(&msg, &"height".into(), &height.into())?;
    target.post_message(&msg, origin)
}
