//! A canvas's still layer kept between frames: what a view draws first and
//! what changes only now and then (a chart's grid, axes and labels; the
//! membrane's compartments, captions, bilayer and legend) is drawn once and
//! copied; while it has not changed, each frame puts the copy back and draws
//! only what moves over it. A phone's frame spent most of its time drawing
//! such text and lines again.

use std::cell::RefCell;

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

thread_local! {
    /// Each canvas's layer as last drawn: the canvas's id, what the layer
    /// was drawn for, and a copy of the canvas just after it (none in the
    /// frame it changed, see [`kept`]).
    static LAYERS: RefCell<Vec<Layer>> = const { RefCell::new(Vec::new()) };
}

struct Layer {
    id: String,
    key: String,
    copy: Option<HtmlCanvasElement>,
    /// A canvas element to keep the copy in, once there is one to keep.
    spare: Option<HtmlCanvasElement>,
}

/// A key of numbers: their bits, exact and without float formatting.
pub fn bits_key(values: &[f64]) -> String {
    let mut key = String::new();
    for v in values {
        key.push_str(&v.to_bits().to_string());
        key.push(',');
    }
    key
}

fn context(canvas: &HtmlCanvasElement) -> Result<CanvasRenderingContext2d, JsValue> {
    canvas
        .get_context("2d")?
        .ok_or_else(|| JsValue::from_str("a canvas has no 2D drawing context"))?
        .dyn_into()
        .map_err(JsValue::from)
}

/// Draw the still layer of `canvas` (through `ctx`, its context, which
/// draws at `scale` device pixels to a unit): put back the copy kept from
/// the last time when `key` — everything the layer depends on, its size
/// included — is the same, else run `draw` and keep a copy of the canvas
/// after it. A canvas without an id (a picture drawn for a file) is always
/// drawn whole.
///
/// A layer that has just changed is drawn without a copy, and copied only
/// if the next frame asks for it again: a layer that changes every frame
/// (the captions' numbers during a fast ouabain run) would never use its
/// copy, and making one costs a phone about as much as the drawing.
pub fn kept(
    canvas: &HtmlCanvasElement,
    ctx: &CanvasRenderingContext2d,
    scale: f64,
    key: String,
    draw: impl FnOnce() -> Result<(), JsValue>,
) -> Result<(), JsValue> {
    // One copy of the work below for every caller's `draw`.
    let mut draw = Some(draw);
    kept_with(canvas, ctx, scale, key, &mut || {
        draw.take().map_or(Ok(()), |d| d())
    })
}

fn kept_with(
    canvas: &HtmlCanvasElement,
    ctx: &CanvasRenderingContext2d,
    scale: f64,
    key: String,
    draw: &mut dyn FnMut() -> Result<(), JsValue>,
) -> Result<(), JsValue> {
    let id = canvas.id();
    if id.is_empty() {
        return draw();
    }
    // (same key, the copy if there is one, whether one was kept before).
    let found = LAYERS.with(|l| {
        l.borrow().iter().find(|l| l.id == id).map(|l| {
            (
                l.key == key,
                l.copy.clone(),
                l.copy.clone().or_else(|| l.spare.clone()),
            )
        })
    });
    if let Some((true, Some(copy), _)) = &found {
        // In device pixels, then back to the view's scale. (Not with
        // `save` and `restore`: a restored state makes the browser realize
        // its font again at the next text, which costs a phone's frame
        // about as much as all the text the layer saves.)
        ctx.set_transform(1.0, 0.0, 0.0, 1.0, 0.0, 0.0)?;
        ctx.draw_image_with_html_canvas_element(copy, 0.0, 0.0)?;
        return ctx.set_transform(scale, 0.0, 0.0, scale, 0.0, 0.0);
    }
    draw()?;
    // Changed since the last frame: no copy until it stays.
    let churning = matches!(&found, Some((false, _, _)));
    let spare = found.and_then(|f| f.2);
    let copy = if churning {
        None
    } else {
        let copy = match &spare {
            Some(c) => c.clone(),
            None => crate::platform::dom::document()?
                .create_element("canvas")?
                .dyn_into()?,
        };
        let cx = context(&copy)?;
        if copy.width() != canvas.width() || copy.height() != canvas.height() {
            copy.set_width(canvas.width());
            copy.set_height(canvas.height());
        } else {
            cx.clear_rect(0.0, 0.0, f64::from(copy.width()), f64::from(copy.height()));
        }
        cx.draw_image_with_html_canvas_element(canvas, 0.0, 0.0)?;
        Some(copy)
    };
    LAYERS.with(|l| {
        let mut l = l.borrow_mut();
        l.retain(|l| l.id != id);
        l.push(Layer {
            id,
            key,
            spare: copy.clone().or(spare),
            copy,
        });
    });
    Ok(())
}

thread_local! {
    /// Small pictures drawn once and copied each frame ([`sprite`]): what
    /// they were drawn for, and the canvas holding each.
    static SPRITES: RefCell<Vec<(String, HtmlCanvasElement)>> = const { RefCell::new(Vec::new()) };
}

/// How many small pictures [`sprite`] keeps (the membrane's notes: the
/// gated channels' open fractions, 0 to 100 %, for two channels; past it
/// the list starts again).
const SPRITES_KEPT: usize = 256;

/// Draw a small picture that moves with the frame but is seldom new (a
/// note whose text changes now and then) at `x, y` (its box `w` by `h`, in
/// the units of `ctx`, which draws at `scale` device pixels to a unit):
/// copied from a canvas of its own where `draw` drew it the first time it
/// was asked for with this `key` (everything it shows: its text, font and
/// colours). Text drawn on a canvas costs the browser the canvas's font
/// again in every frame (about 1.8 ms of a phone's 4×-slowed frame); a
/// copy costs a fraction of that. The picture keeps its place to the
/// device pixel: `draw` draws at the same fraction of a pixel as it would
/// straight onto `ctx`.
pub fn sprite(
    ctx: &CanvasRenderingContext2d,
    scale: f64,
    (x, y, w, h): (f64, f64, f64, f64),
    key: &str,
    draw: impl FnOnce(&CanvasRenderingContext2d) -> Result<(), JsValue>,
) -> Result<(), JsValue> {
    let (x0, y0) = ((x * scale).floor() - 1.0, (y * scale).floor() - 1.0);
    let (x1, y1) = (
        ((x + w) * scale).ceil() + 1.0,
        ((y + h) * scale).ceil() + 1.0,
    );
    let mut full = String::from(key);
    full.push('|');
    full.push_str(&bits_key(&[
        scale,
        x * scale - x0,
        y * scale - y0,
        x1 - x0,
        y1 - y0,
    ]));
    let found = SPRITES.with(|s| {
        s.borrow()
            .iter()
            .find(|(k, _)| *k == full)
            .map(|(_, c)| c.clone())
    });
    let picture = match found {
        Some(c) => c,
        None => {
            let c: HtmlCanvasElement = crate::platform::dom::document()?
                .create_element("canvas")?
                .dyn_into()?;
            c.set_width((x1 - x0) as u32);
            c.set_height((y1 - y0) as u32);
            let cx = context(&c)?;
            cx.set_transform(scale, 0.0, 0.0, scale, -x0, -y0)?;
            draw(&cx)?;
            SPRITES.with(|s| {
                let mut s = s.borrow_mut();
                if s.len() >= SPRITES_KEPT {
                    s.clear();
                }
                s.push((full, c.clone()));
            });
            c
        }
    };
    ctx.set_transform(1.0, 0.0, 0.0, 1.0, 0.0, 0.0)?;
    ctx.draw_image_with_html_canvas_element(&picture, x0, y0)?;
    ctx.set_transform(scale, 0.0, 0.0, scale, 0.0, 0.0)
}
