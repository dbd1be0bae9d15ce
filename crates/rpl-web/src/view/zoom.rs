//! The millisecond zoom of the latest spike, in the stimulus box: V against
//! time from [`ZOOM_MS`]'s start to its end around the spike's rise through
//! 0 mV, on fixed axes ([`ZOOM_MV`]) so one spike compares with the next,
//! with the threshold's voltage as the V chart draws it. The points are the
//! model's own steps through the spike ([`rpl_model::SpikeLog::trace`]), so
//! the spike has its shape at any speed of the run, while the V chart,
//! sampled once a frame, shows it only in slow motion. Drawn with the
//! canvas's own 2D calls (a line, a few ticks), and only when the spike or
//! the canvas's size changed.

use std::cell::RefCell;

use rpl_ui::excite::{SpikeZoom, ZOOM_MS, ZOOM_MV};
use rpl_ui::format::format_number;
use rpl_ui::palette::{self, FONT};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CanvasRenderingContext2d, Element, HtmlCanvasElement, HtmlElement};

use crate::platform::dom;
use crate::view::optional;

/// What was drawn: the spike, its points, the last point's time (bits),
/// the threshold (bits) and the canvas's size in device pixels.
type Drawn = (u64, usize, u64, Option<u64>, u32, u32);

/// The zoom's figure and canvas.
pub struct ZoomPanel {
    figure: HtmlElement,
    canvas: HtmlCanvasElement,
    /// What was drawn last.
    drawn: RefCell<Option<Drawn>>,
}

impl ZoomPanel {
    /// The panel inside `root`, if the page has it.
    pub fn find(root: &Element) -> Result<Option<ZoomPanel>, JsValue> {
        let (Some(figure), Some(canvas)) = (
            optional::<HtmlElement>(root, "spike-zoom-box")?,
            optional::<HtmlCanvasElement>(root, "spike-zoom")?,
        ) else {
            return Ok(None);
        };
        Ok(Some(ZoomPanel {
            figure,
            canvas,
            drawn: RefCell::new(None),
        }))
    }

    /// The canvas while it shows (its size is read with the other
    /// canvases' at the start of a frame, `dom::measure_canvases`: read
    /// after the frame's text, it made the browser lay the page out again,
    /// a fifth of a phone's frame during a train of spikes).
    pub fn shown_canvas(&self) -> Option<&HtmlCanvasElement> {
        (!self.figure.hidden()).then_some(&self.canvas)
    }

    /// Show the zoom when there is one, drawing it when it changed.
    pub fn render(&self, zoom: Option<SpikeZoom<'_>>) -> Result<(), JsValue> {
        let Some(z) = zoom else {
            if self.drawn.borrow().is_some() || !self.figure.hidden() {
                dom::set_visible(&self.figure, false);
                self.drawn.replace(None);
            }
            return Ok(());
        };
        dom::set_visible(&self.figure, true);
        let scale = dom::fit_canvas(&self.canvas);
        let key = (
            z.spike,
            z.trace.len(),
            z.trace.last().map_or(0, |p| p.0.to_bits()),
            z.threshold_mv.map(f64::to_bits),
            self.canvas.width(),
            self.canvas.height(),
        );
        if self.drawn.borrow().as_ref() == Some(&key) {
            return Ok(());
        }
        draw(&self.canvas, &z, scale)?;
        self.drawn.replace(Some(key));
        Ok(())
    }
}

/// Draw `z` on `canvas`, whose CSS pixels are `scale` device pixels.
pub fn draw(canvas: &HtmlCanvasElement, z: &SpikeZoom<'_>, scale: f64) -> Result<(), JsValue> {
    let ctx: CanvasRenderingContext2d = canvas
        .get_context("2d")?
        .ok_or_else(|| JsValue::from_str("the spike zoom's canvas has no 2D drawing context"))?
        .dyn_into()?;
    let w = f64::from(canvas.width()) / scale;
    let h = f64::from(canvas.height()) / scale;
    ctx.set_transform(scale, 0.0, 0.0, scale, 0.0, 0.0)?;
    ctx.clear_rect(0.0, 0.0, w, h);
    let (left, right, top, bottom) = (40.0, w - 24.0, 6.0, h - 18.0);
    if right <= left || bottom <= top {
        return Ok(());
    }
    let x_of = |ms: f64| left + (ms - ZOOM_MS.0) / (ZOOM_MS.1 - ZOOM_MS.0) * (right - left);
    let y_of = |mv: f64| {
        let f = (mv - ZOOM_MV.0) / (ZOOM_MV.1 - ZOOM_MV.0);
        bottom - rpl_model::units::clamp(f, -0.02, 1.02) * (bottom - top)
    };
    // The frame (grid, ticks, labels, threshold) is the same from spike to
    // spike: kept between frames (`layer::kept`), and only the trace drawn
    // over it while a spike grows (its text cost a phone's frame the
    // canvas's font each time).
    let key = crate::view::layer::bits_key(&[w, h, scale, z.threshold_mv.unwrap_or(f64::NAN)]);
    crate::view::layer::kept(canvas, &ctx, scale, key, || {
        ctx.set_font(&format!("11px {FONT}"));
        ctx.set_line_width(1.0);
        // Grid and ticks: every 40 mV, every 2 ms.
        ctx.set_text_baseline("middle");
        ctx.set_text_align("right");
        let mut mv = -80.0;
        while mv <= ZOOM_MV.1 {
            let y = y_of(mv).round() + 0.5;
            ctx.set_stroke_style_str(palette::GRID.css);
            ctx.begin_path();
            ctx.move_to(left, y);
            ctx.line_to(right, y);
            ctx.stroke();
            ctx.set_fill_style_str(palette::MUTED.css);
            ctx.fill_text(&format_number(mv), left - 4.0, y)?;
            mv += 40.0;
        }
        ctx.set_text_baseline("top");
        ctx.set_text_align("center");
        let mut ms = ZOOM_MS.0;
        while ms <= ZOOM_MS.1 + 1e-9 {
            let x = x_of(ms).round() + 0.5;
            ctx.set_stroke_style_str(palette::GRID.css);
            ctx.begin_path();
            ctx.move_to(x, top);
            ctx.line_to(x, bottom);
            ctx.stroke();
            ctx.set_fill_style_str(palette::MUTED.css);
            let label = if ms + 2.0 > ZOOM_MS.1 {
                format!("{} ms", format_number(ms))
            } else {
                format_number(ms)
            };
            ctx.fill_text(&label, x, bottom + 3.0)?;
            ms += 2.0;
        }
        ctx.set_text_align("left");
        ctx.set_text_baseline("top");
        ctx.fill_text("mV", 2.0, top - 4.0)?;
        // The threshold, dash-dot as on the V chart.
        if let Some(th) = z.threshold_mv {
            let st = palette::THRESHOLD_STYLE;
            let dash = js_sys::Array::new();
            for d in st.dash {
                dash.push(&JsValue::from_f64(*d));
            }
            ctx.set_line_dash(&dash)?;
            ctx.set_stroke_style_str(st.colour.css);
            ctx.set_line_width(st.width);
            ctx.begin_path();
            ctx.move_to(left, y_of(th));
            ctx.line_to(right, y_of(th));
            ctx.stroke();
            ctx.set_line_dash(&js_sys::Array::new())?;
        }
        Ok(())
    })?;
    // The trace, clipped to the plot.
    ctx.save();
    ctx.begin_path();
    ctx.rect(left, top - 2.0, right - left, bottom - top + 4.0);
    ctx.clip();
    ctx.begin_path();
    let mut first = true;
    for &(ms, mv) in z.trace {
        let (x, y) = (x_of(ms), y_of(mv));
        if first {
            ctx.move_to(x, y);
            first = false;
        } else {
            ctx.line_to(x, y);
        }
    }
    let st = palette::TOTAL_STYLE;
    ctx.set_stroke_style_str(st.colour.css);
    ctx.set_line_width(st.width);
    ctx.set_line_join("round");
    ctx.stroke();
    ctx.restore();
    ctx.set_transform(1.0, 0.0, 0.0, 1.0, 0.0, 0.0)?;
    Ok(())
}
