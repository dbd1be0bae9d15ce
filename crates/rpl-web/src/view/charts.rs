//! Charts: each is a pure function of (what to show, canvas, scale) that draws
//! a fresh plotters chart through plotters-canvas and keeps no state.
//!
//! * [`voltage`]: V against model time, with E_K, E_Na and E_Cl as they change.
//! * [`concentrations`]: inside Na⁺, K⁺ and Cl⁻ against the same time axis
//!   (plus relative volume when the cell can swell).
//! * [`currents`]: bars of each ion's leak current, the pump and the total.
//! * [`iv`]: the voltage-clamp I–V chart.
//!
//! This module holds what they share: the ion colours (Okabe–Ito, safe for
//! colour-blind readers) together with a dash pattern and a marker shape per
//! ion, so no line is told apart by colour alone; the time axis (linear or
//! logarithmic, ms → hours); number formatting; text measured through the
//! canvas itself; and the column of line labels right of a plot.

pub mod concentrations;
pub mod currents;
pub mod iv;
pub mod sweep;
pub mod voltage;

use rpl_model::decimal::Plain;
use std::fmt::Display;

use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters_canvas::CanvasBackend;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

pub use concentrations::{draw_concentrations, ConcentrationView};
pub use currents::{draw_currents, CurrentsView};
pub use iv::{draw_iv, IvView};
pub use voltage::{draw_voltage, voltage_axis, VoltageView};

pub use rpl_ui::axis::{
    linear_ticks, nice_ceil, padded_range, thin_for_plot, time_axis, TimeAxis, TimeScale,
};
pub use rpl_ui::format::{
    format_current, format_number, format_number_1, short_duration, TimeUnit,
};
use rpl_ui::palette::{self, Colour, FONT};
pub use rpl_ui::palette::{ion_style, Marker, SeriesStyle, PUMP_STYLE, TOTAL_STYLE, VOLUME_STYLE};

/// A palette colour as plotters wants it.
pub const fn rgb(c: Colour) -> RGBColor {
    RGBColor(c.r, c.g, c.b)
}

/// Chart background.
pub const BACKGROUND: RGBColor = rgb(palette::BACKGROUND);
/// The membrane voltage trace and the total current.
pub const V_COLOUR: RGBColor = rgb(palette::INK);
/// K⁺ and E_K.
pub const EK_COLOUR: RGBColor = rgb(palette::K);
/// Na⁺ and E_Na.
pub const ENA_COLOUR: RGBColor = rgb(palette::NA);
/// Cl⁻ and E_Cl.
pub const ECL_COLOUR: RGBColor = rgb(palette::CL);
/// The Na⁺/K⁺ pump.
pub const PUMP_COLOUR: RGBColor = rgb(palette::PUMP);
/// The held voltage in the clamp chart.
pub const HELD_COLOUR: RGBColor = rgb(palette::HELD);
const AXIS_TEXT: RGBColor = rgb(palette::AXIS_TEXT);
const GRID_BOLD: RGBColor = rgb(palette::GRID);
const ZERO_LINE: RGBColor = rgb(palette::ZERO_LINE);

/// The time axis's title, in the page's language.
pub fn time_axis_title(axis: &TimeAxis) -> String {
    match axis.scale {
        TimeScale::Linear => rpl_ui::tf!("chart.x", &[("unit", axis.unit.symbol())]),
        TimeScale::Log => rpl_ui::t!("chart.x-log").to_string(),
    }
}

fn js_err(e: impl Display) -> JsValue {
    JsValue::from_str(&format!("drawing the chart failed: {e}"))
}

fn px(scale: f64, v: f64) -> i32 {
    (v * scale).round() as i32
}

/// A chart drawn on the canvas. Its x ticks are drawn by `Surface::x_ticks`
/// (plotters draws none), so each chart chooses them: human times on a log
/// axis, names under bars.
/// A chart's plot: the drawing area inside its margins and label areas, with
/// its x and y ranges mapped onto its pixels as plotters' `ChartBuilder`
/// maps them (the last pixel row and column included, y upwards). Built by
/// `Surface::chart` rather than with `ChartBuilder`, whose general layout
/// (titles, label areas on four sides, overlapping areas, a sort) was the
/// largest piece of plotters in the page.
pub struct Chart {
    area: DrawingArea<CanvasBackend, Cartesian2d<RangedCoordf64, RangedCoordf64>>,
    x: std::ops::Range<f64>,
    y: std::ops::Range<f64>,
}

impl Chart {
    /// The backend pixel of a chart point.
    fn backend_coord(&self, p: &(f64, f64)) -> (i32, i32) {
        self.area.map_coordinate(p)
    }

    /// The plot's drawing area.
    fn plotting_area(
        &self,
    ) -> &DrawingArea<CanvasBackend, Cartesian2d<RangedCoordf64, RangedCoordf64>> {
        &self.area
    }

    /// The x range.
    fn x_range(&self) -> std::ops::Range<f64> {
        self.x.clone()
    }

    /// The y range.
    fn y_range(&self) -> std::ops::Range<f64> {
        self.y.clone()
    }
}

/// A canvas being drawn: its 2D context (for measuring text and dashing
/// lines), the plotters drawing area over all of it, and the scale (device
/// pixel ratio) that multiplies sizes given in CSS pixels.
struct Surface {
    canvas: HtmlCanvasElement,
    ctx: CanvasRenderingContext2d,
    root: DrawingArea<CanvasBackend, Shift>,
    scale: f64,
    /// The font last set on `ctx` by this surface: setting a font makes the
    /// browser parse a CSS font string, the largest cost of a chart's text
    /// when it is done for every label, so it is set only when it changes.
    font: std::cell::RefCell<String>,
}

/// How many measured widths [`Surface::measure`] keeps (the labels of every
/// chart in both languages fit; past it the list starts again).
const MEASURED_KEPT: usize = 128;

thread_local! {
    /// Widths measured: (text, font size's bits, width in pixels).
    static MEASURED: std::cell::RefCell<Vec<(String, u64, i32)>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

pub(crate) use crate::view::layer::bits_key;

impl Surface {
    /// Clear `canvas` and wrap it for drawing.
    fn new(canvas: &HtmlCanvasElement, scale: f64) -> Result<Surface, JsValue> {
        let no_context = || JsValue::from_str("the chart canvas has no 2D drawing context");
        let ctx: CanvasRenderingContext2d = canvas
            .get_context("2d")?
            .ok_or_else(no_context)?
            .dyn_into()?;
        let backend = CanvasBackend::with_canvas_object(canvas.clone()).ok_or_else(no_context)?;
        let root = backend.into_drawing_area();
        root.fill(&BACKGROUND).map_err(js_err)?;
        let scale = if scale.is_finite() && scale > 0.0 {
            scale
        } else {
            1.0
        };
        Ok(Surface {
            canvas: canvas.clone(),
            ctx,
            root,
            scale,
            font: std::cell::RefCell::new(String::new()),
        })
    }

    /// Draw the chart's frame — its background, grid, axes, ticks and
    /// titles, whatever `draw` draws first — or put back the copy of it kept
    /// from the last time when `key` (everything the frame depends on) is
    /// the same ([`crate::view::layer::kept`]).
    fn frame(
        &self,
        key: String,
        draw: impl FnOnce() -> Result<(), JsValue>,
    ) -> Result<(), JsValue> {
        // plotters draws in device pixels: no transform.
        crate::view::layer::kept(&self.canvas, &self.ctx, 1.0, key, draw)
    }

    fn finish(self) -> Result<(), JsValue> {
        self.set_dash(&[]);
        self.root.present().map_err(js_err)
    }

    fn px(&self, v: f64) -> i32 {
        px(self.scale, v)
    }

    /// Set the chart font at `size_px` on the context, unless it is set.
    fn use_font(&self, size_px: f64) {
        // The same font string plotters-canvas would set.
        let font = format!("normal {}px {FONT}", Plain(size_px));
        let mut last = self.font.borrow_mut();
        if *last != font {
            self.ctx.set_font(&font);
            *last = font;
        }
    }

    /// Width and line height in pixels of `text` in the chart font at `size_px`.
    /// (Plotters' own measurement on wasm32 adds a styled `<span>` to the page
    /// for every call, which a strict Content-Security-Policy refuses and which
    /// costs a layout each time; the canvas measures without either.)
    ///
    /// Widths are remembered by text and size: the same few labels are
    /// measured at every redraw, and setting the context's font (a CSS font
    /// string the browser parses) and measuring cost a twelfth of a phone's
    /// frame.
    fn measure(&self, text: &str, size_px: f64) -> Result<(i32, i32), JsValue> {
        let height = (size_px * 1.2).ceil() as i32;
        let key = size_px.to_bits();
        let known = MEASURED.with(|m| {
            m.borrow()
                .iter()
                .find(|(t, k, _)| *k == key && t == text)
                .map(|&(_, _, w)| w)
        });
        if let Some(width) = known {
            return Ok((width, height));
        }
        self.use_font(size_px);
        let width = self.ctx.measure_text(text)?.width().ceil() as i32;
        MEASURED.with(|m| {
            let mut m = m.borrow_mut();
            if m.len() >= MEASURED_KEPT {
                m.clear();
            }
            m.push((text.to_string(), key, width));
        });
        Ok((width, height))
    }

    /// Dash the lines drawn next (plotters-canvas keeps the context's dash
    /// setting); an empty pattern draws solid lines.
    fn set_dash(&self, pattern: &[f64]) {
        let arr = js_sys::Array::new();
        for v in pattern {
            arr.push(&JsValue::from_f64(v * self.scale));
        }
        // Only fails for non-finite numbers, which the patterns here never are.
        if self.ctx.set_line_dash(&arr).is_err() {
            self.ctx.set_line_dash(&js_sys::Array::new()).ok();
        }
    }

    /// Draw `text` at backend pixel `at` in `colour`, anchored by `pos`.
    fn text(
        &self,
        text: &str,
        at: (i32, i32),
        size: f64,
        colour: &RGBColor,
        pos: Pos,
    ) -> Result<(), JsValue> {
        self.text_turned(text, at, size, colour, pos, false)
    }

    /// [`text`](Self::text), read upwards when `up` (turned a quarter turn
    /// counter-clockwise about `at`), drawn on the context directly, as
    /// plotters-canvas draws text, but with the font set only when it
    /// changes ([`use_font`](Self::use_font)).
    fn text_turned(
        &self,
        text: &str,
        at: (i32, i32),
        size: f64,
        colour: &RGBColor,
        pos: Pos,
        up: bool,
    ) -> Result<(), JsValue> {
        let ctx = &self.ctx;
        let (mut x, mut y) = (f64::from(at.0), f64::from(at.1));
        if up {
            ctx.save();
            ctx.translate(x, y)?;
            ctx.rotate(1.5 * std::f64::consts::PI)?;
            (x, y) = (0.0, 0.0);
        }
        ctx.set_text_baseline(match pos.v_pos {
            VPos::Top => "top",
            VPos::Center => "middle",
            VPos::Bottom => "bottom",
        });
        ctx.set_text_align(match pos.h_pos {
            HPos::Left => "start",
            HPos::Right => "end",
            HPos::Center => "center",
        });
        let RGBColor(r, g, b) = *colour;
        ctx.set_fill_style_str(&format!("rgb({r},{g},{b})"));
        self.use_font(size * self.scale);
        let drawn = ctx.fill_text(text, x, y);
        if up {
            ctx.restore();
        }
        drawn
    }

    /// A polyline in `style` (dashed as the style says) through chart points.
    fn line(
        &self,
        chart: &mut Chart,
        points: impl IntoIterator<Item = (f64, f64)>,
        style: &SeriesStyle,
    ) -> Result<(), JsValue> {
        self.set_dash(style.dash);
        let width = self.px(style.width).max(1) as u32;
        let drawn = chart
            .area
            .draw(&PathElement::new(
                points.into_iter().collect::<Vec<_>>(),
                rgb(style.colour).stroke_width(width),
            ))
            .map_err(js_err);
        self.set_dash(&[]);
        drawn
    }

    /// A marker of `style` centred on backend pixel `at`, `r` CSS pixels in radius.
    fn marker(&self, at: (i32, i32), r: f64, style: &SeriesStyle) -> Result<(), JsValue> {
        let r = self.px(r).max(2);
        let fill = rgb(style.colour).filled();
        let edge = BACKGROUND.stroke_width(self.px(1.0).max(1) as u32);
        let e = EmptyElement::at(at);
        let drawn = match style.marker {
            Marker::None => Ok(()),
            Marker::Circle => self
                .root
                .draw(&(e + Circle::new((0, 0), r, fill)))
                .and_then(|_| {
                    self.root
                        .draw(&(EmptyElement::at(at) + Circle::new((0, 0), r, edge)))
                }),
            Marker::Square => {
                let s = (f64::from(r) * 0.85).round() as i32;
                self.root
                    .draw(&(e + Rectangle::new([(-s, -s), (s, s)], fill)))
            }
            Marker::Triangle | Marker::TriangleDown | Marker::Diamond => {
                let r = f64::from(r) * 1.15;
                let pts: Vec<(i32, i32)> = match style.marker {
                    Marker::Triangle => vec![(0.0, -r), (0.87 * r, 0.5 * r), (-0.87 * r, 0.5 * r)],
                    Marker::TriangleDown => {
                        vec![(0.0, r), (0.87 * r, -0.5 * r), (-0.87 * r, -0.5 * r)]
                    }
                    _ => vec![(0.0, -r), (r, 0.0), (0.0, r), (-r, 0.0)],
                }
                .into_iter()
                .map(|(x, y)| (x.round() as i32, y.round() as i32))
                .collect();
                self.root.draw(&(e + Polygon::new(pts, fill)))
            }
        };
        drawn.map_err(js_err)
    }

    /// A label with a subscript ("V" + "rest") whose bottom is at `y`, starting
    /// at `x` (or ending there when `right_aligned`).
    fn sub_text(
        &self,
        (base, sub): (&str, &str),
        (x, y): (i32, i32),
        colour: &RGBColor,
        right_aligned: bool,
    ) -> Result<(), JsValue> {
        let (bw, _) = self.measure(base, 12.0 * self.scale)?;
        let (sw, _) = self.measure(sub, 10.0 * self.scale)?;
        let x0 = if right_aligned { x - bw - sw } else { x };
        let pos = Pos::new(HPos::Left, VPos::Bottom);
        let drop = self.px(3.0);
        self.text(base, (x0, y - drop), 12.0, colour, pos)?;
        self.text(sub, (x0 + bw, y), 10.0, colour, pos)
    }

    /// Vertical grid lines (when `grid`), tick marks and labels at chart x
    /// values `ticks`, under `chart`'s plot.
    fn x_ticks(
        &self,
        chart: &Chart,
        ticks: &[f64],
        label: &dyn Fn(f64) -> String,
        grid: bool,
    ) -> Result<(), JsValue> {
        let (xr, yr) = (chart.x_range(), chart.y_range());
        for &x in ticks {
            if !(x >= xr.start - 1e-9 * (xr.end - xr.start)
                && x <= xr.end + 1e-9 * (xr.end - xr.start))
            {
                continue;
            }
            let top = chart.backend_coord(&(x, yr.end));
            let bottom = chart.backend_coord(&(x, yr.start));
            if grid {
                self.rule(top, bottom, &GRID_BOLD, 1.0, &[])?;
            }
            self.rule(
                bottom,
                (bottom.0, bottom.1 + self.px(5.0)),
                &AXIS_TEXT,
                1.0,
                &[],
            )?;
            self.text(
                &label(x),
                (bottom.0, bottom.1 + self.px(7.0)),
                13.0,
                &AXIS_TEXT,
                Pos::new(HPos::Center, VPos::Top),
            )?;
        }
        Ok(())
    }

    /// The chart on `on` with `margin` (top, right, bottom, left), the x
    /// labels' area under the plot and the y labels' area left of it
    /// (`areas`, pixels), over the ranges `x` and `y`.
    fn chart(
        &self,
        on: &DrawingArea<CanvasBackend, Shift>,
        [top, right, bottom, left]: [i32; 4],
        (x_area, y_area): (i32, i32),
        x: std::ops::Range<f64>,
        y: std::ops::Range<f64>,
    ) -> Chart {
        let inner = on.margin(top, bottom, left, right);
        let (w, h) = inner.dim_in_pixel();
        let (w, h) = (w as i32, h as i32);
        let plot = inner.shrink(
            (y_area.min(w), 0),
            ((w - y_area).max(0), (h - x_area).max(0)),
        );
        let (mut px, mut py) = plot.get_pixel_range();
        px.end -= 1;
        py.end -= 1;
        let spec = Cartesian2d::<RangedCoordf64, RangedCoordf64>::new(
            x.clone(),
            y.clone(),
            (px, py.end..py.start),
        );
        Chart {
            area: plot.apply_coord_spec(spec),
            x,
            y,
        }
    }

    /// The frame of `chart`'s plot, drawn here rather than with plotters'
    /// mesh (which sets the font again for every label, and whose generic
    /// code is a few kilobytes of the page for each kind of chart): the
    /// horizontal grid lines, tick marks and labels at about `y_n` nice
    /// values of the y range, the left and bottom axis lines, and the axis
    /// titles (`x_title` under the plot, when given; `y_title` turned up the
    /// left side, at the left edge of the `y_area` CSS pixels the chart
    /// keeps for the y labels).
    fn axes(
        &self,
        chart: &Chart,
        (y_n, y_area): (usize, f64),
        x_title: Option<&str>,
        y_title: &str,
    ) -> Result<(), JsValue> {
        let (xs, ys) = chart.plotting_area().get_pixel_range();
        let (left, right, top, bottom) = (xs.start, xs.end - 1, ys.start, ys.end - 1);
        let yr = chart.y_range();
        // The finest 1, 2 or 5 × 10ⁿ step with at most `y_n` steps in the
        // range, as plotters' key points chose.
        for y in rpl_ui::axis::linear_ticks(yr.start, yr.end, y_n + 1) {
            let (_, py) = chart.backend_coord(&(chart.x_range().start, y));
            self.rule((left, py), (right, py), &GRID_BOLD, 1.0, &[])?;
            self.rule((left - self.px(5.0), py), (left, py), &AXIS_TEXT, 1.0, &[])?;
            self.text(
                &format_number(y),
                (left - self.px(7.0), py),
                13.0,
                &AXIS_TEXT,
                Pos::new(HPos::Right, VPos::Center),
            )?;
        }
        self.rule((left, top), (left, bottom), &AXIS_TEXT, 1.0, &[])?;
        self.rule((left, bottom), (right, bottom), &AXIS_TEXT, 1.0, &[])?;
        if let Some(title) = x_title {
            self.text(
                title,
                ((left + right) / 2, bottom + self.px(38.0)),
                13.0,
                &AXIS_TEXT,
                Pos::new(HPos::Center, VPos::Bottom),
            )?;
        }
        self.text_turned(
            y_title,
            (left - self.px(y_area - 2.0), (top + bottom) / 2),
            13.0,
            &AXIS_TEXT,
            Pos::new(HPos::Center, VPos::Top),
            true,
        )
    }

    /// A thin straight line between backend pixels, solid or dashed.
    fn rule(
        &self,
        from: (i32, i32),
        to: (i32, i32),
        colour: &RGBColor,
        width: f64,
        dash: &[f64],
    ) -> Result<(), JsValue> {
        self.set_dash(dash);
        let drawn = self
            .root
            .draw(&PathElement::new(
                vec![from, to],
                colour.stroke_width(self.px(width).max(1) as u32),
            ))
            .map_err(js_err);
        self.set_dash(&[]);
        drawn
    }
}

/// A line label: a base, a subscript, and the line's style (drawn as a short
/// sample of the line, with its marker, before the text).
#[derive(Debug, Clone)]
struct LineLabel {
    base: String,
    sub: String,
    style: SeriesStyle,
    /// Where the label wants to sit (the line's height there), chart y.
    at: f64,
}

const LABEL_MAIN: f64 = 14.0;
const LABEL_SUB: f64 = 11.0;
const LABEL_DROP: f64 = 3.0;
const SWATCH: f64 = 20.0;

impl LineLabel {
    fn new(base: &str, sub: &str, style: SeriesStyle, at: f64) -> LineLabel {
        LineLabel {
            base: base.to_string(),
            sub: sub.to_string(),
            style,
            at,
        }
    }

    fn pieces(&self) -> [(&str, f64, f64); 2] {
        [
            (self.base.as_str(), LABEL_MAIN, 0.0),
            (self.sub.as_str(), LABEL_SUB, LABEL_DROP),
        ]
    }

    /// Width and height in pixels, swatch included.
    fn size(&self, s: &Surface) -> Result<(i32, i32), JsValue> {
        let mut w = s.px(SWATCH + 4.0);
        let mut h = 0;
        for (text, size, drop) in self.pieces() {
            let (tw, th) = s.measure(text, size * s.scale)?;
            w += tw;
            // The base sits `drop` above the bottom; the subscript reaches it.
            h = h.max(th + s.px(LABEL_DROP) - s.px(drop));
        }
        Ok((w, h))
    }

    /// Draw with the left edge at `x` and the bottom at `bottom`.
    fn draw(&self, s: &Surface, (x, bottom): (i32, i32), h: i32) -> Result<(), JsValue> {
        let mid = bottom - h / 2;
        let sw = s.px(SWATCH);
        s.rule(
            (x, mid),
            (x + sw, mid),
            &rgb(self.style.colour),
            self.style.width,
            self.style.dash,
        )?;
        s.marker((x + sw / 2, mid), 3.5, &self.style)?;
        let mut cx = x + s.px(SWATCH + 4.0);
        let baseline = bottom - s.px(LABEL_DROP);
        for (text, size, drop) in self.pieces() {
            if text.is_empty() {
                continue;
            }
            let pos = Pos::new(HPos::Left, VPos::Bottom);
            s.text(
                text,
                (cx, baseline + s.px(drop)),
                size,
                &rgb(self.style.colour),
                pos,
            )?;
            cx += s.measure(text, size * s.scale)?.0;
        }
        Ok(())
    }
}

/// The width in pixels of a label column for `labels` (0 when there are none).
fn label_column_width(s: &Surface, labels: &[LineLabel]) -> Result<i32, JsValue> {
    let mut w = 0;
    for l in labels {
        w = w.max(l.size(s)?.0);
    }
    Ok(if w > 0 { w + 2 * s.px(6.0) } else { 0 })
}

/// Draw `labels` in a column right of `chart`'s plot, each centred on its
/// line's height, then moved apart so none overlaps another or leaves the plot
/// by more than half a label ([`place_labels`]).
fn draw_label_column(s: &Surface, chart: &Chart, labels: &[LineLabel]) -> Result<(), JsValue> {
    let placed = place_labels(s, chart, labels)?;
    draw_placed_labels(s, chart, labels, &placed)
}

/// Draw `labels` where [`place_labels`] put them.
fn draw_placed_labels(
    s: &Surface,
    chart: &Chart,
    labels: &[LineLabel],
    placed: &[(usize, i32, i32)],
) -> Result<(), JsValue> {
    let (x_range, y_range) = (chart.x_range(), chart.y_range());
    let plot_right = chart.backend_coord(&(x_range.end, y_range.start)).0;
    for &(i, bottom, h) in placed {
        labels[i].draw(s, (plot_right + s.px(6.0), bottom), h)?;
    }
    Ok(())
}

thread_local! {
    /// Line labels drawn once each, by what they look like: a label's text
    /// drawn on the chart's canvas every frame costs a phone the canvas's
    /// font every frame, while a copy of a small canvas costs next to nothing.
    static LABEL_SPRITES: std::cell::RefCell<Vec<(String, HtmlCanvasElement)>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

/// Draw `labels` where [`place_labels`] put them, each from a small canvas
/// it was drawn on once ([`LABEL_SPRITES`]): for a chart whose lines move
/// every frame (E_K and E_Na during a fast run-down), so that its frame
/// need not be drawn again whenever a label moves by a pixel.
fn draw_placed_label_sprites(
    s: &Surface,
    chart: &Chart,
    labels: &[LineLabel],
    placed: &[(usize, i32, i32)],
) -> Result<(), JsValue> {
    let (x_range, y_range) = (chart.x_range(), chart.y_range());
    let plot_right = chart.backend_coord(&(x_range.end, y_range.start)).0;
    let pad = s.px(4.0);
    for &(i, bottom, h) in placed {
        let l = &labels[i];
        let w = l.size(s)?.0;
        // Everything the label's look depends on.
        let style = &l.style;
        let mut key = format!(
            "{}|{}|{}|{}|{}|{w}x{h}|",
            l.base,
            l.sub,
            style.colour.css,
            style.marker as u8,
            bits_key(&[style.width, s.scale]),
        );
        key.push_str(&bits_key(style.dash));
        let found = LABEL_SPRITES.with(|c| {
            c.borrow()
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, c)| c.clone())
        });
        let sprite = match found {
            Some(c) => c,
            None => {
                let c: HtmlCanvasElement = crate::platform::dom::document()?
                    .create_element("canvas")?
                    .dyn_into()?;
                c.set_width((w + 2 * pad).max(1) as u32);
                c.set_height((h + 2 * pad).max(1) as u32);
                let sprite = Surface::new(&c, s.scale)?;
                sprite
                    .ctx
                    .clear_rect(0.0, 0.0, f64::from(c.width()), f64::from(c.height()));
                l.draw(&sprite, (pad, pad + h), h)?;
                sprite.finish()?;
                LABEL_SPRITES.with(|cache| {
                    let mut cache = cache.borrow_mut();
                    if cache.len() >= 64 {
                        cache.clear();
                    }
                    cache.push((key, c.clone()));
                });
                c
            }
        };
        s.ctx.draw_image_with_html_canvas_element(
            &sprite,
            f64::from(plot_right + s.px(6.0) - pad),
            f64::from(bottom - h - pad),
        )?;
    }
    Ok(())
}

/// Where the column right of `chart`'s plot puts each of `labels`: (its
/// index, its bottom pixel, its height), each centred on its line's height,
/// then moved apart so none overlaps another or leaves the plot by more
/// than half a label.
fn place_labels(
    s: &Surface,
    chart: &Chart,
    labels: &[LineLabel],
) -> Result<Vec<(usize, i32, i32)>, JsValue> {
    let (x_range, y_range) = (chart.x_range(), chart.y_range());
    let plot_bottom = chart.backend_coord(&(x_range.end, y_range.start)).1;
    let plot_top = chart.backend_coord(&(x_range.end, y_range.end)).1;
    let mut sizes = Vec::with_capacity(labels.len());
    for l in labels {
        sizes.push(l.size(s)?);
    }
    let mut placed: Vec<(usize, i32)> = labels
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let y = chart
                .backend_coord(&(
                    x_range.end,
                    rpl_model::units::clamp(l.at, y_range.start, y_range.end),
                ))
                .1;
            (i, y + sizes[i].1 / 2)
        })
        .collect();
    rpl_model::order::insertion_sort_by(&mut placed, |a, b| a.1.cmp(&b.1));
    // Downwards: each label below the one above it (and not far above the plot).
    let mut prev: Option<i32> = None;
    for p in &mut placed {
        let h = sizes[p.0].1;
        p.1 = p.1.max(prev.map_or(plot_top.min(h) + h / 2, |b| b + h));
        prev = Some(p.1);
    }
    // Upwards: none below the axis line by more than half a label; those above make room.
    let mut next: Option<(i32, i32)> = None;
    for p in placed.iter_mut().rev() {
        let h = sizes[p.0].1;
        let limit = next.map_or(plot_bottom + h / 2, |(b, nh)| b - nh);
        p.1 = p.1.min(limit);
        next = Some((p.1, h));
    }
    Ok(placed
        .into_iter()
        .map(|(i, bottom)| (i, bottom, sizes[i].1))
        .collect())
}
