//! Small DOM helpers: finding elements with a clear error, showing and hiding
//! them, writing text only when it changes, event listeners that remove
//! themselves when dropped, and sizing a canvas for the screen's pixel ratio.
//!
//! Every web-sys call that can fail returns `Result<_, JsValue>`; nothing here
//! panics on what the page or the URL contains.

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Document, Element, HtmlCanvasElement, HtmlElement, Window};

/// The browser window, or an error when there is none (e.g. in a worker).
pub fn window() -> Result<Window, JsValue> {
    web_sys::window()
        .ok_or_else(|| JsValue::from_str("no window: the simulator must run in a page"))
}

/// The page's document.
pub fn document() -> Result<Document, JsValue> {
    window()?
        .document()
        .ok_or_else(|| JsValue::from_str("the window has no document"))
}

/// The element with `id` inside `root`, cast to `T`. The error names the id and
/// the expected element type, so a page that lacks a control says which one.
pub fn find<T: JsCast>(root: &Element, id: &str) -> Result<T, JsValue> {
    find_as(root, id, T::instanceof).map(JsCast::unchecked_into)
}

/// [`find`]'s body, the same for every element type (one copy: the type
/// comes in as its `instanceof` test).
#[inline(never)]
fn find_as(root: &Element, id: &str, is: fn(&JsValue) -> bool) -> Result<JsValue, JsValue> {
    let el = JsValue::from(find_element(root, id)?);
    if is(&el) {
        Ok(el)
    } else {
        Err(not_a(id))
    }
}

/// [`find`]'s part that is the same for every element type (one copy).
#[inline(never)]
fn find_element(root: &Element, id: &str) -> Result<Element, JsValue> {
    root.query_selector(&format!("#{id}"))?
        .ok_or_else(|| JsValue::from_str(&format!("the page has no element with id \"{id}\"")))
}

/// (Not naming the expected type: `type_name` would put the full path of
/// every web-sys type the page looks up into its wasm.)
#[inline(never)]
fn not_a(id: &str) -> JsValue {
    JsValue::from_str(&format!(
        "the element with id \"{id}\" is not the kind of element the page expects there"
    ))
}

/// Write `text` into `el` unless it already shows exactly that (avoids needless layout work).
pub fn set_text(el: &Element, text: &str) {
    if el.text_content().as_deref() != Some(text) {
        el.set_text_content(Some(text));
    }
}

/// Write `text` into `el` with real subscripts for the symbols the lesson
/// texts write with an underscore (`E_K` shows E with a subscript K; see
/// [`rpl_ui::format::subscript_runs`]); rewritten only when what it shows
/// changes. The text is escaped: the only markup is the `<sub>` added here
/// (one `innerHTML` write is far less code in the page than building nodes).
pub fn set_rich_text(el: &Element, text: &str) -> Result<(), JsValue> {
    let runs = rpl_ui::format::subscript_runs(text);
    let plain: String = runs.iter().map(|(t, _)| *t).collect();
    if el.text_content().as_deref() == Some(plain.as_str()) {
        return Ok(());
    }
    let mut html = String::with_capacity(text.len() + 16);
    for (run, sub) in runs {
        if sub {
            html.push_str("<sub>");
        }
        for c in run.chars() {
            match c {
                '&' => html.push_str("&amp;"),
                '<' => html.push_str("&lt;"),
                '>' => html.push_str("&gt;"),
                c => html.push(c),
            }
        }
        if sub {
            html.push_str("</sub>");
        }
    }
    el.set_inner_html(&html);
    Ok(())
}

/// Show or hide an element with the `hidden` attribute.
pub fn set_visible(el: &HtmlElement, visible: bool) {
    if el.hidden() == visible {
        el.set_hidden(!visible);
    }
}

/// Put `message` in `el` and show it, or hide `el` when `message` is `None`.
pub fn show_message(el: &HtmlElement, message: Option<&str>) {
    match message {
        Some(m) => {
            set_text(el, m);
            set_visible(el, true);
        }
        None => {
            set_text(el, "");
            set_visible(el, false);
        }
    }
}

/// An event listener that stays registered as long as this value lives and is
/// removed from its target when dropped (gloo's, which does exactly this).
/// Note that `Listener::new` registers a passive listener, which cannot
/// prevent the browser's default action; use `new_with_options` with
/// `EventListenerOptions::enable_prevent_default()` where that matters.
pub use gloo_events::EventListener as Listener;

/// Match the canvas's drawing buffer to its size on screen times the device
/// pixel ratio, so lines and text are sharp on high-density screens. Returns the
/// scale to apply to font sizes and line widths (1 when the canvas is not laid
/// out, e.g. detached in a test: then its `width`/`height` attributes are kept).
pub fn fit_canvas(canvas: &HtmlCanvasElement) -> f64 {
    let (css_w, css_h) = css_size(canvas);
    let (css_w, css_h) = (f64::from(css_w), f64::from(css_h));
    if css_w < 1.0 || css_h < 1.0 {
        return 1.0;
    }
    let dpr = web_sys::window()
        .map(|w| w.device_pixel_ratio())
        .filter(|r| r.is_finite() && *r > 0.0)
        .unwrap_or(1.0)
        .min(3.0);
    // Saturating float-to-int casts: sizes are small and positive here.
    let w = (css_w * dpr).round() as u32;
    let h = (css_h * dpr).round() as u32;
    if canvas.width() != w {
        canvas.set_width(w);
    }
    if canvas.height() != h {
        canvas.set_height(h);
    }
    dpr
}

thread_local! {
    /// Canvas sizes read by [`measure_canvases`], until [`forget_sizes`].
    static SIZES: std::cell::RefCell<Vec<(HtmlCanvasElement, i32, i32)>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

/// Read the CSS size of each canvas now and let [`css_size`] answer from
/// these until [`forget_sizes`]. Called at the start of a frame in which
/// only time passed, before anything on the page is written: the layout is
/// then still the one the browser made for the last frame, so reading it
/// costs nothing, where a read after the frame's first write (a readout's
/// text) makes the browser lay the whole page out again at once (on a phone
/// at 4× CPU, a sixth of the frame).
pub fn measure_canvases(canvases: &[&HtmlCanvasElement]) {
    SIZES.with(|s| {
        let mut s = s.borrow_mut();
        s.clear();
        s.extend(
            canvases
                .iter()
                .map(|c| ((*c).clone(), c.client_width(), c.client_height())),
        );
    });
}

/// Forget the sizes [`measure_canvases`] read: [`css_size`] reads again.
pub fn forget_sizes() {
    SIZES.with(|s| s.borrow_mut().clear());
}

/// A canvas's CSS width and height in pixels (0 when not laid out): as
/// [`measure_canvases`] read them this frame, else read now.
pub fn css_size(canvas: &HtmlCanvasElement) -> (i32, i32) {
    SIZES
        .with(|s| {
            s.borrow()
                .iter()
                .find(|(c, _, _)| c == canvas)
                .map(|&(_, w, h)| (w, h))
        })
        .unwrap_or_else(|| (canvas.client_width(), canvas.client_height()))
}

/// Builds elements step by step. Every step returns its element directly
/// instead of a `Result`: the first DOM error is kept, every later step then
/// does nothing (its element is a placeholder that no call reaches), and
/// [`Build::finish`] returns that error. So the same DOM calls happen, in the
/// same order, as with an early return at each step, for far less code in the
/// page than a `Result` per element (each `?` is a branch, and a cleanup of
/// every element built so far).
pub struct Build {
    /// Where new elements are made (none in a builder that only finds).
    doc: Option<Document>,
    failed: std::cell::Cell<bool>,
    error: std::cell::Cell<Option<JsValue>>,
}

impl Build {
    /// A builder for `doc`.
    pub fn new(doc: Document) -> Build {
        Build {
            doc: Some(doc),
            failed: std::cell::Cell::new(false),
            error: std::cell::Cell::new(None),
        }
    }

    /// A builder that only finds elements ([`Build::find`], [`Build::optional`]).
    pub fn finder() -> Build {
        Build {
            doc: None,
            failed: std::cell::Cell::new(false),
            error: std::cell::Cell::new(None),
        }
    }

    /// Whether a step has failed (every later step does nothing).
    pub fn failed(&self) -> bool {
        self.failed.get()
    }

    /// Keep `r`'s error if it is the first one; its value otherwise (a
    /// placeholder after an error).
    pub fn keep(&self, r: Result<Element, JsValue>) -> Element {
        self.keep_value(r.map(JsValue::from)).unchecked_into()
    }

    /// [`Build::keep`] for any value.
    #[inline(never)]
    pub fn keep_value(&self, r: Result<JsValue, JsValue>) -> JsValue {
        r.unwrap_or_else(|e| {
            if !self.failed.replace(true) {
                self.error.set(Some(e));
            }
            JsValue::NULL
        })
    }

    /// `el` as a `T`; if it is not one, `el` itself is the kept error (as
    /// `dyn_into()?` would return it).
    pub fn cast<T: JsCast>(&self, el: Element) -> T {
        self.checked(el, T::instanceof).unchecked_into()
    }

    /// [`Build::cast`]'s part that is the same for every type.
    #[inline(never)]
    fn checked(&self, el: Element, is: fn(&JsValue) -> bool) -> JsValue {
        if self.failed() {
            return JsValue::NULL;
        }
        let el = JsValue::from(el);
        let r = if is(&el) { Ok(el) } else { Err(el) };
        self.keep_value(r)
    }

    /// The element with `id` inside `root`, as [`find`] finds it (its error
    /// kept).
    pub fn find<T: JsCast>(&self, root: &Element, id: &str) -> T {
        self.found(root, id, T::instanceof).unchecked_into()
    }

    /// [`Build::find`]'s part that is the same for every element type.
    #[inline(never)]
    fn found(&self, root: &Element, id: &str, is: fn(&JsValue) -> bool) -> JsValue {
        if self.failed() {
            return JsValue::NULL;
        }
        self.keep_value(find_as(root, id, is))
    }

    /// The element with `id` inside `root` if the page has it (an error,
    /// kept, only when it exists but is of another type).
    pub fn optional<T: JsCast>(&self, root: &Element, id: &str) -> Option<T> {
        self.maybe(root, id, T::instanceof)
            .map(JsCast::unchecked_into)
    }

    /// [`Build::optional`]'s part that is the same for every element type.
    #[inline(never)]
    fn maybe(&self, root: &Element, id: &str, is: fn(&JsValue) -> bool) -> Option<JsValue> {
        if self.failed() {
            return None;
        }
        match root.query_selector(&format!("#{id}")) {
            Ok(Some(_)) => Some(self.found(root, id, is)).filter(|_| !self.failed()),
            Ok(None) => None,
            Err(e) => {
                self.keep_value(Err(e));
                None
            }
        }
    }

    /// The first error, if a step failed.
    pub fn finish(self) -> Result<(), JsValue> {
        match self.error.take() {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    /// A new element (in namespace `ns`, or HTML) with `class` and `text`
    /// (either may be empty).
    #[inline(never)]
    pub fn element(&self, ns: Option<&str>, tag: &str, class: &str, text: &str) -> Element {
        if self.failed() {
            return JsValue::NULL.unchecked_into();
        }
        let made = match (&self.doc, ns) {
            (Some(doc), Some(_)) => doc.create_element_ns(ns, tag),
            (Some(doc), None) => doc.create_element(tag),
            (None, _) => Err(JsValue::from_str("a finder makes no elements")),
        };
        let r = made.inspect(|e| {
            if !class.is_empty() {
                e.set_class_name(class);
            }
            if !text.is_empty() {
                e.set_text_content(Some(text));
            }
        });
        self.keep(r)
    }

    /// A new HTML element with `class` and `text` (either may be empty).
    pub fn html(&self, tag: &str, class: &str, text: &str) -> Element {
        self.element(None, tag, class, text)
    }

    /// Append `children` to `parent`, in order.
    #[inline(never)]
    pub fn append(&self, parent: &Element, children: &[&Element]) {
        for c in children {
            if self.failed() {
                return;
            }
            self.keep_value(parent.append_child(c).map(JsValue::from));
        }
    }

    /// Set an attribute of `el`.
    #[inline(never)]
    pub fn attr(&self, el: &Element, name: &str, value: &str) {
        if !self.failed() {
            self.keep_value(el.set_attribute(name, value).map(|()| JsValue::NULL));
        }
    }

    /// An HTML element showing `text`, marked for the page's relabelling
    /// with its text's `key` (`data-i18n`), appended to `parent`.
    #[inline(never)]
    pub fn keyed(&self, parent: &Element, tag: &str, class: &str, key: &str, text: &str) {
        let el = self.html(tag, class, text);
        self.attr(&el, "data-i18n", key);
        self.append(parent, &[&el]);
    }

    /// An HTML element with `class` and `id`, appended to `parent`.
    #[inline(never)]
    pub fn with_id(&self, parent: &Element, tag: &str, class: &str, id: &str) -> Element {
        let el = self.html(tag, class, "");
        self.attr(&el, "id", id);
        self.append(parent, &[&el]);
        el
    }
}
