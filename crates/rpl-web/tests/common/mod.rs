//! Helpers shared by the browser tests: building a test page, mounting the
//! app on it, reading elements and readouts, firing events, and counting the
//! colours of a canvas. Each test file includes it with `mod common;`.
//!
//! Not every file uses every helper, hence the `dead_code` allowance.

// A bad slice of text fails a test here; the page's own code takes slices
// with `get` (clippy::string_slice in Cargo.toml says why).
#![allow(clippy::string_slice)]
#![allow(dead_code)]

use rpl_lessons::Lang;
use rpl_web::app::{ids, App};
use rpl_web::view::i18n;
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, Document, Element, Event, HtmlCanvasElement, HtmlElement};

/// The real `index.html`, whose `<main>` [`index_page`] puts into the test page.
pub const INDEX_HTML: &str = include_str!("../../../../index.html");

/// An element (tag, id, `type` attribute) of a page built by [`page_root`].
pub type Part<'a> = (&'a str, &'a str, Option<&'a str>);

/// The app's own controls (before the readouts on the test pages).
pub const APP_INPUTS: [Part<'static>; 8] = [
    ("select", ids::PRESET, None),
    ("button", ids::PLAY, None),
    ("button", ids::RESET, None),
    ("select", ids::SPEED, None),
    ("input", ids::OUABAIN, Some("checkbox")),
    ("input", ids::KO_SLIDER, Some("range")),
    ("input", ids::KO_INPUT, Some("text")),
    ("p", ids::KO_ERROR, None),
];

/// The app's readouts, notice and voltage chart.
pub const APP_READOUTS: [Part<'static>; 7] = [
    ("output", ids::V, None),
    ("output", ids::E_K, None),
    ("output", ids::E_NA, None),
    ("output", ids::E_CL, None),
    ("output", ids::TIME, None),
    ("p", ids::NOTICE, None),
    ("canvas", ids::CHART, None),
];

pub fn document() -> Document {
    web_sys::window().unwrap().document().unwrap()
}

/// An element added to the page for one test and removed afterwards.
pub struct Fixture(pub Element);

impl Drop for Fixture {
    fn drop(&mut self) {
        self.0.remove();
    }
}

/// A fresh `<main>` (not yet in the page) holding one element per part, in order.
pub fn page_root(groups: &[&[Part]]) -> Element {
    let doc = document();
    let root = doc.create_element("main").unwrap();
    for (tag, id, kind) in groups.iter().flat_map(|g| g.iter()) {
        let el = doc.create_element(tag).unwrap();
        el.set_id(id);
        if let Some(kind) = kind {
            el.set_attribute("type", kind).unwrap();
        }
        root.append_child(&el).unwrap();
    }
    root
}

/// Put `root` into the page until the returned fixture is dropped.
pub fn attach(root: Element) -> (Fixture, Element) {
    install_interface_texts();
    document().body().unwrap().append_child(&root).unwrap();
    (Fixture(root.clone()), root)
}

/// A canvas of the given size in the page, removed with the fixture.
pub fn canvas(width: u32, height: u32) -> (Fixture, HtmlCanvasElement) {
    let doc = document();
    let c: HtmlCanvasElement = doc.create_element("canvas").unwrap().dyn_into().unwrap();
    c.set_width(width);
    c.set_height(height);
    doc.body().unwrap().append_child(&c).unwrap();
    (Fixture(c.clone().into()), c)
}

/// The page's `<main>` for one test, removed afterwards (back to English).
pub struct IndexPage(Element);

impl Drop for IndexPage {
    fn drop(&mut self) {
        self.0.remove();
        i18n::set_lang(Lang::En);
    }
}

/// The lessons' own texts, which the page fetches when a lesson first opens
/// (`rpl_text::lazy`), installed as that fetch would (once per test page).
pub fn install_lesson_texts() {
    rpl_text::lazy::install(rpl_text::lazy::BUNDLE.to_string()).unwrap();
    install_interface_texts();
}

/// The interface texts in both languages, which the page fetches as it
/// loads (the reader's language) and when the reader switches
/// (`rpl_text::lazy::EN_FILE`, `ZH_FILE`), installed as those fetches would.
pub fn install_interface_texts() {
    for lang in Lang::ALL {
        rpl_text::lazy::install_texts(lang, rpl_text::lazy::bundle(lang).to_string()).unwrap();
    }
}

/// The `<main>` of the real `index.html`, put into the test page, with the
/// lessons' texts at hand (see [`install_lesson_texts`]).
pub fn index_page() -> (IndexPage, Element) {
    install_lesson_texts();
    let doc = document();
    let start = INDEX_HTML.find("<main").unwrap();
    let end = INDEX_HTML.find("</main>").unwrap() + "</main>".len();
    let holder = doc.create_element("div").unwrap();
    holder.set_inner_html(&INDEX_HTML[start..end]);
    let root = holder.first_element_child().unwrap();
    doc.body().unwrap().append_child(&root).unwrap();
    (IndexPage(root.clone()), root)
}

/// The app on `root`, started from the query `search` and paused.
/// The interface texts are installed first ([`install_interface_texts`]).
pub fn mount_paused(root: &Element, search: &str) -> App {
    install_interface_texts();
    let app = App::mount(root, search).unwrap();
    app.set_playing(false).unwrap();
    app
}

pub fn by_id<T: JsCast>(root: &Element, id: &str) -> T {
    root.query_selector(&format!("#{id}"))
        .unwrap()
        .unwrap_or_else(|| panic!("no #{id}"))
        .dyn_into::<T>()
        .unwrap()
}

/// The text of the element with this id (untrimmed).
pub fn text(root: &Element, id: &str) -> String {
    by_id::<HtmlElement>(root, id)
        .text_content()
        .unwrap_or_default()
}

/// Dispatch a plain event of this kind (`"change"`, `"input"`…) at `el`.
pub fn fire(el: &Element, kind: &str) {
    el.dispatch_event(&Event::new(kind).unwrap()).unwrap();
}

/// Resolve after `ms` milliseconds.
pub async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

/// Pixels of a canvas as (r, g, b) triples.
pub fn pixels(canvas: &HtmlCanvasElement) -> Vec<[u8; 3]> {
    let ctx: CanvasRenderingContext2d = canvas
        .get_context("2d")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    let data = ctx
        .get_image_data(0.0, 0.0, canvas.width().into(), canvas.height().into())
        .unwrap()
        .data();
    data.chunks_exact(4).map(|p| [p[0], p[1], p[2]]).collect()
}

/// A colour given as a plotters colour or as `"#rrggbb"`.
pub trait Colour {
    fn rgb(&self) -> [u8; 3];
}

impl Colour for plotters::style::RGBColor {
    fn rgb(&self) -> [u8; 3] {
        [self.0, self.1, self.2]
    }
}

impl Colour for &str {
    fn rgb(&self) -> [u8; 3] {
        let v = u32::from_str_radix(self.trim_start_matches('#'), 16).unwrap();
        [(v >> 16) as u8, (v >> 8) as u8, v as u8]
    }
}

/// How many pixels are within `tol` (per channel) of `colour`.
pub fn count_near(px: &[[u8; 3]], colour: impl Colour, tol: i32) -> usize {
    let c = colour.rgb();
    px.iter()
        .filter(|p| (0..3).all(|i| (i32::from(p[i]) - i32::from(c[i])).abs() <= tol))
        .count()
}

/// Distinct colours (5 bits per channel) that cover at least `min` pixels.
pub fn distinct_colours(px: &[[u8; 3]], min: usize) -> usize {
    let mut counts = std::collections::HashMap::new();
    for p in px {
        *counts
            .entry((p[0] >> 3, p[1] >> 3, p[2] >> 3))
            .or_insert(0usize) += 1;
    }
    counts.values().filter(|&&n| n >= min).count()
}
