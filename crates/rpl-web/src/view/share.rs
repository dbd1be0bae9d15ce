//! Share, embed and export as the reader sees them: the Share and Embed
//! dialogs, the embed snippet and resize script, the CSV and PNG buttons and
//! the panels a link shows. The downloads themselves and embed mode's height
//! messages are the browser's side ([`crate::platform::browser`]).
//!
//! The link format is the model's ([`rpl_model::export::Link`]):
//! `?preset=neuron&K_o=10&panels=membrane,voltage&then=ouabain:1@0,K_o:8@600&t=7200`,
//! to which the page adds its own keys ([`PAGE_KEYS`]): `lesson=ouabain` (the
//! lesson panel that is open), `lang=zh|en` (the language) and `embed=1`
//! (compact chrome for an `<iframe>`). `lesson` and `lang` are only carried
//! through: the lessons panel and the language switch read them with
//! [`crate::App::lesson`] / [`crate::App::lang`] and report changes with
//! [`crate::App::set_lesson`] / [`crate::App::set_lang`].
//!
//! Everything here works under a strict Content-Security-Policy: the dialogs
//! are plain `<dialog>` elements of the page, styled from the stylesheet (no
//! inline style), and downloads go through `<a download>` with a `blob:` or
//! `data:` URL.

use rpl_model::export;
pub use rpl_ui::link::{
    link_notice, open, page_query, parse_origin, query_pairs, query_value, Notice, Opened,
    PageKeys, LANGS, PAGE_KEYS, REPLAY_SAMPLES,
};
use rpl_ui::state::EmbedChoice;
pub use rpl_ui::state::CSV_FILE;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{
    Element, HtmlCanvasElement, HtmlDialogElement, HtmlElement, HtmlIFrameElement,
    HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement,
};

use crate::platform::browser::HEIGHT_MESSAGE;
use crate::platform::dom;
use crate::view::i18n::{self, t};

/// Height of the `<iframe>` in the embed snippet before the first height message, px.
pub const EMBED_HEIGHT_PX: u32 = 700;

/// The title the embed snippet gives its `<iframe>` (the resize script finds it by this).
pub const EMBED_TITLE: &str = "Resting Potential Lab";

/// The ids of the share, embed and export elements (all optional).
pub mod ids {
    /// `<button>`: open the share dialog.
    pub const SHARE: &str = "share-button";
    /// `<button>`: open the embed dialog.
    pub const EMBED: &str = "embed-button";
    /// `<button>`: download the traces as CSV.
    pub const CSV: &str = "csv-button";
    /// Container filled with one PNG button per canvas.
    pub const PNG: &str = "png-buttons";
    /// `<dialog>` with the share URL.
    pub const SHARE_DIALOG: &str = "share-dialog";
    /// `<textarea>`: the share URL.
    pub const SHARE_URL: &str = "share-url";
    /// `<button>`: copy the share URL.
    pub const SHARE_COPY: &str = "share-copy";
    /// Status line of the share dialog ("Copied").
    pub const SHARE_STATUS: &str = "share-status";
    /// `<dialog>` with the embed snippet.
    pub const EMBED_DIALOG: &str = "embed-dialog";
    /// `<textarea>`: the `<iframe>` snippet.
    pub const EMBED_CODE: &str = "embed-code";
    /// `<button>`: copy the `<iframe>` snippet.
    pub const EMBED_COPY: &str = "embed-copy";
    /// `<textarea>`: the parent page's resize script.
    pub const EMBED_SCRIPT: &str = "embed-script";
    /// `<button>`: copy the resize script.
    pub const EMBED_SCRIPT_COPY: &str = "embed-script-copy";
    /// Status line of the embed dialog.
    pub const EMBED_STATUS: &str = "embed-status";
    /// `<dialog>` listing the keyboard shortcuts.
    pub const KEYS_DIALOG: &str = "keys-dialog";
    /// `<select>`: the lesson the embedded page opens.
    pub const EMBED_LESSON: &str = "embed-lesson";
    /// `<select>`: the embedded page's language.
    pub const EMBED_LANG: &str = "embed-lang";
    /// Checkbox: compact mode.
    pub const EMBED_COMPACT: &str = "embed-compact";
    /// `<iframe>`: the live preview.
    pub const EMBED_PREVIEW: &str = "embed-preview";
}

/// Escape text for an HTML attribute value in double quotes.
pub fn html_attr(text: &str) -> String {
    let mut out = text.to_string();
    for (from, to) in [
        ("&", "&amp;"),
        ("\"", "&quot;"),
        ("<", "&lt;"),
        (">", "&gt;"),
    ] {
        out = rpl_model::strings::replace(&out, from, to);
    }
    out
}

/// The `<iframe>` snippet that embeds `url` (a share URL) in compact mode.
pub fn embed_snippet(url: &str) -> String {
    let sep = if url.contains('?') { '&' } else { '?' };
    iframe_snippet(&format!("{url}{sep}embed=1"))
}

/// The lines of JavaScript a parent page adds to fit the `<iframe>` to the
/// simulator's height; only messages from `origin` (the simulator's) are used.
pub fn embed_script(origin: &str) -> String {
    format!(
        r#"<script>
  // Resting Potential Lab: fit the iframe to the simulator's height.
  window.addEventListener('message', function (event) {{
    if (event.origin !== '{origin}') return;
    var data = event.data;
    if (!data || data.type !== '{HEIGHT_MESSAGE}' || typeof data.height !== 'number') return;
    document.querySelectorAll('iframe[title="{EMBED_TITLE}"]').forEach(function (frame) {{
      if (frame.contentWindow === event.source) frame.style.height = Math.ceil(data.height) + 'px';
    }});
  }});
</script>"#
    )
}

/// The canvases that get a PNG button: every `<canvas>` inside `root` with an
/// id and no `data-no-png` (the spike zoom: its picture is the V chart's,
/// and it is often hidden), and the name of its file (`data-png` if set,
/// else the id).
pub fn png_canvases(root: &Element) -> Result<Vec<(HtmlCanvasElement, String)>, JsValue> {
    let list = root.query_selector_all("canvas[id]:not([data-no-png])")?;
    let mut out = Vec::new();
    for i in 0..list.length() {
        if let Some(c) = list
            .item(i)
            .and_then(|n| n.dyn_into::<HtmlCanvasElement>().ok())
        {
            let name = c.get_attribute("data-png").unwrap_or_else(|| c.id());
            out.push((c, name));
        }
    }
    Ok(out)
}

/// Put `text` on the clipboard when the browser allows it; otherwise (or if it
/// refuses) select it in `field` and ask the reader to copy it. `status`
/// says which happened.
pub fn copy(text: &str, field: &HtmlTextAreaElement, status: &HtmlElement) -> Result<(), JsValue> {
    field.focus()?;
    field.select();
    let selected = status.clone();
    let fallback = move || show_status(&selected, Some("share.select"));
    let nav = dom::window()?.navigator();
    let clipboard = js_sys::Reflect::get(&nav, &JsValue::from_str("clipboard"))?;
    if clipboard.is_undefined() || clipboard.is_null() {
        fallback();
        return Ok(());
    }
    let promise = nav.clipboard().write_text(text);
    let done = status.clone();
    let ok = Closure::once(move |_: JsValue| {
        show_status(&done, Some("share.copied"));
    });
    let failed = Closure::once(move |_: JsValue| fallback());
    let _ = promise.then2(&ok, &failed);
    ok.forget();
    failed.forget();
    Ok(())
}

/// Show the i18n table's `key` in a dialog's status line (none: hide it). The
/// line keeps the key in `data-i18n`, so a language switch words it again.
pub fn show_status(status: &HtmlElement, key: Option<&str>) {
    match key {
        Some(k) => {
            let _ = status.set_attribute("data-i18n", k);
            dom::show_message(status, Some(t(k)));
        }
        None => {
            let _ = status.remove_attribute("data-i18n");
            dom::show_message(status, None);
        }
    }
}

/// Show a dialog as a modal (or, where `<dialog>` is missing, as an open element).
pub fn show_dialog(dialog: &HtmlDialogElement) -> Result<(), JsValue> {
    if dialog.open() {
        return Ok(());
    }
    if dialog.show_modal().is_err() {
        dialog.set_open(true);
    }
    Ok(())
}

/// Show or hide the page's panels: each element with `data-panel="NAME"`
/// (a name of [`export::PANEL_NAMES`]) follows that panel's switch.
pub fn apply_panels(root: &Element, panels: &rpl_model::scenario::Panels) -> Result<(), JsValue> {
    for (name, on) in export::PANEL_NAMES.iter().zip(panel_flags(panels)) {
        let list = root.query_selector_all(&format!("[data-panel=\"{name}\"]"))?;
        for i in 0..list.length() {
            if let Some(el) = list.item(i).and_then(|n| n.dyn_into::<HtmlElement>().ok()) {
                el.set_hidden(!on);
            }
        }
    }
    Ok(())
}

/// The share, embed and export elements the page has (each optional).
pub struct ShareUi {
    /// Share button.
    pub share: Option<HtmlElement>,
    /// Embed button.
    pub embed: Option<HtmlElement>,
    /// CSV button.
    pub csv: Option<HtmlElement>,
    /// The share dialog, its URL field, copy button and status line.
    pub share_dialog: Option<(
        HtmlDialogElement,
        HtmlTextAreaElement,
        HtmlElement,
        HtmlElement,
    )>,
    /// The embed dialog, its snippet field, copy button, script field, script copy button and status line.
    pub embed_dialog: Option<EmbedDialog>,
    /// One PNG button per canvas, with the canvas and the file name.
    pub png: Vec<(HtmlElement, HtmlCanvasElement, String)>,
    /// The list of keyboard shortcuts (the `?` key).
    pub keys_dialog: Option<HtmlDialogElement>,
}

/// The parts of the embed dialog.
pub struct EmbedDialog {
    /// The `<dialog>`.
    pub dialog: HtmlDialogElement,
    /// The `<iframe>` snippet.
    pub code: HtmlTextAreaElement,
    /// Copies the snippet.
    pub copy: HtmlElement,
    /// The resize script.
    pub script: HtmlTextAreaElement,
    /// Copies the script.
    pub script_copy: HtmlElement,
    /// Status line.
    pub status: HtmlElement,
    /// What the frame shows (when the page has these choices).
    pub options: Option<EmbedOptions>,
}

/// The Embed dialog's choices and its live preview.
pub struct EmbedOptions {
    /// One checkbox per panel, with the panel's name (of [`export::PANEL_NAMES`]).
    pub panels: Vec<(HtmlInputElement, &'static str)>,
    /// The lesson the frame opens ("" for none).
    pub lesson: HtmlSelectElement,
    /// The frame's language ("" for the reader's browser).
    pub lang: HtmlSelectElement,
    /// Compact mode.
    pub compact: HtmlInputElement,
    /// The preview `<iframe>`.
    pub preview: HtmlIFrameElement,
}

impl EmbedOptions {
    fn find(root: &Element) -> Option<EmbedOptions> {
        let panels = export::PANEL_NAMES
            .iter()
            .map(|name| opt(root, &format!("embed-panel-{name}")).map(|el| (el, *name)))
            .collect::<Option<Vec<_>>>()?;
        Some(EmbedOptions {
            panels,
            lesson: opt(root, ids::EMBED_LESSON)?,
            lang: opt(root, ids::EMBED_LANG)?,
            compact: opt(root, ids::EMBED_COMPACT)?,
            preview: opt(root, ids::EMBED_PREVIEW)?,
        })
    }

    /// Show `choice` in the controls.
    pub fn show(&self, choice: &EmbedChoice) -> Result<(), JsValue> {
        let on = panel_flags(&choice.panels);
        for ((input, _), on) in self.panels.iter().zip(on) {
            input.set_checked(on);
        }
        crate::view::lessons::fill_lesson_options(&self.lesson, choice.lesson.as_deref())?;
        self.lang
            .set_value(choice.lang.map(rpl_ui::i18n::lang_key).unwrap_or(""));
        self.compact.set_checked(choice.compact);
        Ok(())
    }
}

/// A panel set as flags in the order of [`export::PANEL_NAMES`].
pub fn panel_flags(p: &rpl_model::scenario::Panels) -> [bool; 6] {
    [
        p.membrane,
        p.voltage,
        p.concentrations,
        p.currents,
        p.clamp,
        p.sweep,
    ]
}

/// The `<iframe>` for `url` exactly as given (see [`embed_snippet`]).
pub fn iframe_snippet(url: &str) -> String {
    format!(
        "<iframe src=\"{}\" width=\"100%\" height=\"{EMBED_HEIGHT_PX}\" style=\"border:0\" title=\"{EMBED_TITLE}\"></iframe>",
        html_attr(url)
    )
}

fn opt<T: JsCast>(root: &Element, id: &str) -> Option<T> {
    opt_as(root, id, T::instanceof).map(JsCast::unchecked_into)
}

/// [`opt`]'s body, the same for every element type.
#[inline(never)]
fn opt_as(root: &Element, id: &str, is: fn(&JsValue) -> bool) -> Option<JsValue> {
    root.query_selector(&format!("#{id}"))
        .ok()
        .flatten()
        .map(JsValue::from)
        .filter(is)
}

impl ShareUi {
    /// Find the elements inside `root`, and build one PNG button per canvas
    /// in the [`ids::PNG`] container (if the page has it).
    pub fn build(root: &Element) -> Result<ShareUi, JsValue> {
        let share_dialog = match (
            opt(root, ids::SHARE_DIALOG),
            opt(root, ids::SHARE_URL),
            opt(root, ids::SHARE_COPY),
            opt(root, ids::SHARE_STATUS),
        ) {
            (Some(d), Some(u), Some(c), Some(s)) => Some((d, u, c, s)),
            _ => None,
        };
        let embed_dialog = match (
            opt(root, ids::EMBED_DIALOG),
            opt(root, ids::EMBED_CODE),
            opt(root, ids::EMBED_COPY),
            opt(root, ids::EMBED_SCRIPT),
            opt(root, ids::EMBED_SCRIPT_COPY),
            opt(root, ids::EMBED_STATUS),
        ) {
            (
                Some(dialog),
                Some(code),
                Some(copy),
                Some(script),
                Some(script_copy),
                Some(status),
            ) => Some(EmbedDialog {
                dialog,
                code,
                copy,
                script,
                script_copy,
                status,
                options: EmbedOptions::find(root),
            }),
            _ => None,
        };
        let mut png = Vec::new();
        if let Some(container) = opt::<Element>(root, ids::PNG) {
            container.set_inner_html("");
            let bld = dom::Build::new(dom::document()?);
            for (canvas, name) in png_canvases(root)? {
                let b: HtmlElement = bld.cast(bld.html("button", "", ""));
                bld.attr(&b, "type", "button");
                bld.attr(&b, "data-canvas", &canvas.id());
                bld.attr(&b, PNG_NAME, &name);
                if !bld.failed() {
                    label_png_button(&b, &name);
                }
                bld.append(&container, &[&b]);
                if bld.failed() {
                    break;
                }
                png.push((b, canvas, format!("resting-potential-lab-{name}.png")));
            }
            bld.finish()?;
        }
        Ok(ShareUi {
            share: opt(root, ids::SHARE),
            embed: opt(root, ids::EMBED),
            csv: opt(root, ids::CSV),
            share_dialog,
            embed_dialog,
            png,
            keys_dialog: opt(root, ids::KEYS_DIALOG),
        })
    }

    /// Word the built text (the PNG buttons) again in the page's present
    /// language; the rest follows the page's `data-i18n` attributes.
    pub fn relabel(&self) {
        for (b, _, _) in &self.png {
            if let Some(name) = b.get_attribute(PNG_NAME) {
                label_png_button(b, &name);
            }
        }
        if let Some(o) = self.embed_dialog.as_ref().and_then(|d| d.options.as_ref()) {
            let chosen = o.lesson.value();
            let chosen = (!chosen.is_empty()).then_some(chosen.as_str());
            if let Err(e) = crate::view::lessons::fill_lesson_options(&o.lesson, chosen) {
                web_sys::console::warn_1(&e);
            }
        }
    }
}

/// The attribute of a PNG button that holds its canvas's name.
const PNG_NAME: &str = "data-png-name";

/// A canvas's name for a reader: its `png.name.NAME` text if the table has
/// one, else the name itself.
fn png_name(name: &str) -> String {
    let key = format!("png.name.{name}");
    match i18n::entry(&key) {
        Some(_) => t(&key).to_string(),
        None => name.to_string(),
    }
}

fn label_png_button(b: &HtmlElement, name: &str) {
    let shown = png_name(name);
    b.set_title(&rpl_ui::tf!("png.button.title", &[("name", &shown)]));
    dom::set_text(b, &rpl_ui::tf!("png.button", &[("name", &shown)]));
}
