//! Charts: each is a function of (what to show, canvas) that draws a fresh
//! plotters chart through plotters-canvas and keeps no state.
//!
//! [`draw_voltage`] draws the membrane voltage against model time, with the
//! Nernst potentials E_K, E_Na and E_Cl as dashed horizontal lines, so a reader
//! sees V sitting between them (closest to the ion with the largest
//! permeability). Each line is named in a column right of the plot, at its
//! height (V_m at the trace's latest value), so labels never hide the trace;
//! their values are in the page's readouts, in the same colours. The time axis starts at the first sample and spans the next
//! "nice" length (1, 2 or 5 × 10ⁿ of its unit) at or above the recorded span,
//! in the unit that suits it: ms, s, min or h.

use std::fmt::Display;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters_canvas::CanvasBackend;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

/// Chart background.
pub const BACKGROUND: RGBColor = RGBColor(255, 255, 255);
/// The membrane voltage trace.
pub const V_COLOUR: RGBColor = RGBColor(0x1b, 0x1f, 0x24);
/// E_K (Okabe–Ito blue).
pub const EK_COLOUR: RGBColor = RGBColor(0x00, 0x72, 0xb2);
/// E_Na (Okabe–Ito vermillion).
pub const ENA_COLOUR: RGBColor = RGBColor(0xd5, 0x5e, 0x00);
/// E_Cl (Okabe–Ito bluish green).
pub const ECL_COLOUR: RGBColor = RGBColor(0x00, 0x9e, 0x73);
const AXIS_TEXT: RGBColor = RGBColor(0x3e, 0x47, 0x51);
const GRID_BOLD: RGBColor = RGBColor(0xd9, 0xde, 0xe3);
const GRID_LIGHT: RGBColor = RGBColor(0xf0, 0xf2, 0xf4);
const FONT: &str = "system-ui, -apple-system, \"Segoe UI\", Roboto, sans-serif";

/// What the voltage chart shows.
#[derive(Debug, Clone, Copy)]
pub struct VoltageView<'a> {
    /// Samples of (model time in s, membrane voltage in mV), oldest first.
    pub trace: &'a [(f64, f64)],
    /// E_K, mV.
    pub e_k_mv: f64,
    /// E_Na, mV.
    pub e_na_mv: f64,
    /// E_Cl, mV.
    pub e_cl_mv: f64,
}

/// The unit of the time axis.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeUnit {
    /// Milliseconds.
    Ms,
    /// Seconds.
    S,
    /// Minutes.
    Min,
    /// Hours.
    H,
}

impl TimeUnit {
    /// The unit that reads best for a span of `span_s` seconds: ms up to 1 s,
    /// s up to 200 s, min up to 200 min, h beyond.
    pub fn for_span(span_s: f64) -> TimeUnit {
        if span_s <= 1.0 {
            TimeUnit::Ms
        } else if span_s <= 200.0 {
            TimeUnit::S
        } else if span_s <= 200.0 * 60.0 {
            TimeUnit::Min
        } else {
            TimeUnit::H
        }
    }

    /// Seconds in one unit.
    pub fn seconds(self) -> f64 {
        match self {
            TimeUnit::Ms => 1e-3,
            TimeUnit::S => 1.0,
            TimeUnit::Min => 60.0,
            TimeUnit::H => 3600.0,
        }
    }

    /// The unit's symbol.
    pub fn symbol(self) -> &'static str {
        match self {
            TimeUnit::Ms => "ms",
            TimeUnit::S => "s",
            TimeUnit::Min => "min",
            TimeUnit::H => "h",
        }
    }
}

/// The smallest of 1, 2 or 5 × 10ⁿ that is at least `x` (for x > 0).
pub fn nice_ceil(x: f64) -> f64 {
    if !(x.is_finite() && x > 0.0) {
        return 1.0;
    }
    let decade = 10f64.powf(x.log10().floor());
    for m in [1.0, 2.0, 5.0] {
        // A little slack so that floating-point noise does not skip a step.
        if m * decade >= x * (1.0 - 1e-9) {
            return m * decade;
        }
    }
    10.0 * decade
}

/// The time axis for a trace: (start s, end s, unit). It starts at the first
/// sample and is 1, 2 or 5 × 10ⁿ of its unit long (at least 1 ms), at or above
/// the recorded span.
pub fn time_axis(trace: &[(f64, f64)]) -> (f64, f64, TimeUnit) {
    let t0 = trace.first().map_or(0.0, |p| p.0);
    let t1 = trace.last().map_or(t0, |p| p.0);
    let span = (t1 - t0).max(1e-3);
    let unit = TimeUnit::for_span(span);
    let nice = nice_ceil(span / unit.seconds()) * unit.seconds();
    (t0, t0 + nice, unit)
}

/// The voltage axis: every sample and every reference line, with some room,
/// rounded out to 10 mV.
pub fn voltage_axis(view: &VoltageView) -> (f64, f64) {
    let values = view
        .trace
        .iter()
        .map(|p| p.1)
        .chain([view.e_k_mv, view.e_na_mv, view.e_cl_mv])
        .filter(|v| v.is_finite());
    let (lo, hi) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
        (lo.min(v), hi.max(v))
    });
    if !(lo.is_finite() && hi.is_finite()) {
        return (-100.0, 50.0);
    }
    let lo = ((lo - 5.0) / 10.0).floor() * 10.0;
    let hi = ((hi + 5.0) / 10.0).ceil() * 10.0;
    (lo, hi.max(lo + 10.0))
}

/// A number for an axis or a label: at most three significant digits, no
/// trailing zeros, and a true minus sign.
pub fn format_number(v: f64) -> String {
    if !v.is_finite() {
        return "–".into();
    }
    let a = v.abs();
    let decimals = if a == 0.0 || a >= 100.0 {
        0
    } else if a >= 10.0 {
        1
    } else if a >= 1.0 {
        2
    } else {
        // Enough decimals for three significant digits below 1.
        (2 - a.log10().floor() as i32).clamp(0, 9) as usize
    };
    let mut s = format!("{a:.decimals$}");
    if s.contains('.') {
        s = s.trim_end_matches('0').trim_end_matches('.').to_string();
    }
    if v < 0.0 && s.chars().any(|c| c != '0' && c != '.') {
        format!("\u{2212}{s}")
    } else {
        s
    }
}

fn js_err(e: impl Display) -> JsValue {
    JsValue::from_str(&format!("drawing the chart failed: {e}"))
}

/// Draw the voltage chart into `canvas`, replacing what was there. `scale`
/// multiplies font sizes and line widths (the device pixel ratio; see
/// [`crate::dom::fit_canvas`]).
pub fn draw_voltage(
    canvas: &HtmlCanvasElement,
    view: &VoltageView,
    scale: f64,
) -> Result<(), JsValue> {
    let no_context = || JsValue::from_str("the chart canvas has no 2D drawing context");
    let ctx: CanvasRenderingContext2d = canvas
        .get_context("2d")?
        .ok_or_else(no_context)?
        .dyn_into()?;
    let backend = CanvasBackend::with_canvas_object(canvas.clone()).ok_or_else(no_context)?;
    let root = backend.into_drawing_area();
    root.fill(&BACKGROUND).map_err(js_err)?;
    draw_voltage_on(&root, &Measure(ctx), view, scale)?;
    root.present().map_err(js_err)
}

/// Text measurement through the canvas itself. (Plotters' own measurement on
/// wasm32 adds a styled `<span>` to the page for every call, which a strict
/// Content-Security-Policy refuses and which costs a layout each time.)
struct Measure(CanvasRenderingContext2d);

impl Measure {
    /// Width and line height in pixels of `text` in the chart font at `size_px`.
    fn text(&self, text: &str, size_px: f64) -> Result<(i32, i32), JsValue> {
        // The same font string plotters-canvas sets when it draws.
        self.0.set_font(&format!("normal {size_px}px {FONT}"));
        let width = self.0.measure_text(text)?.width();
        Ok((width.ceil() as i32, (size_px * 1.2).ceil() as i32))
    }
}

fn px(scale: f64, v: f64) -> i32 {
    (v * scale).round() as i32
}

fn draw_voltage_on<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    measure: &Measure,
    view: &VoltageView,
    scale: f64,
) -> Result<(), JsValue>
where
    DB::ErrorType: 'static,
{
    let (t0, t1, unit) = time_axis(view.trace);
    let (v_lo, v_hi) = voltage_axis(view);
    let u = unit.seconds();
    let (x0, x1) = (t0 / u, t1 / u);
    let axis_font = (FONT, 13.0 * scale).into_font().color(&AXIS_TEXT);
    let narrow = f64::from(root.dim_in_pixel().0) < 480.0 * scale;

    // Line labels go in a column right of the plot, so they never hide the trace.
    let fonts = LabelFonts::new(scale);
    let last_v = view.trace.last().map(|p| p.1);
    let labels: Vec<(RichLabel, f64, RGBColor)> = [
        ("V", "m", last_v.unwrap_or(f64::NAN), V_COLOUR),
        ("E", "K", view.e_k_mv, EK_COLOUR),
        ("E", "Na", view.e_na_mv, ENA_COLOUR),
        ("E", "Cl", view.e_cl_mv, ECL_COLOUR),
    ]
    .into_iter()
    .filter(|l| l.2.is_finite())
    .map(|(base, sub, v, colour)| (RichLabel { base, sub }, v, colour))
    .collect();
    let mut column_w = 0;
    let mut sizes = Vec::with_capacity(labels.len());
    for (label, _, _) in &labels {
        let size = label.size(measure, &fonts)?;
        column_w = column_w.max(size.0);
        sizes.push(size);
    }
    let gap = px(scale, 6.0);

    let mut chart = ChartBuilder::on(root)
        .margin_top(px(scale, 12.0))
        .margin_right(column_w + 2 * gap)
        .margin_bottom(px(scale, 4.0))
        .margin_left(px(scale, 4.0))
        .x_label_area_size(px(scale, 40.0))
        .y_label_area_size(px(scale, 52.0))
        .build_cartesian_2d(x0..x1, v_lo..v_hi)
        .map_err(js_err)?;

    chart
        .configure_mesh()
        .x_labels(if narrow { 4 } else { 8 })
        .y_labels(8)
        .x_desc(crate::i18n::tf("chart.x", &[("unit", unit.symbol())]))
        .y_desc(crate::i18n::t("chart.y"))
        .label_style(axis_font.clone())
        .axis_desc_style(axis_font)
        .max_light_lines(4)
        .bold_line_style(GRID_BOLD.stroke_width(1))
        .light_line_style(GRID_LIGHT.stroke_width(1))
        .axis_style(AXIS_TEXT.stroke_width(1))
        .x_label_formatter(&|x| format_number(*x))
        .y_label_formatter(&|y| format_number(*y))
        .draw()
        .map_err(js_err)?;

    let dash = px(scale, 7.0);
    let space = px(scale, 5.0);
    for (_, e, colour) in labels.iter().filter(|l| l.0.base == "E") {
        chart
            .draw_series(DashedLineSeries::new(
                [(x0, *e), (x1, *e)],
                dash,
                space,
                colour.stroke_width(px(scale, 2.0).max(1) as u32),
            ))
            .map_err(js_err)?;
    }
    if !view.trace.is_empty() {
        chart
            .draw_series(LineSeries::new(
                view.trace.iter().map(|&(t, v)| (t / u, v)),
                V_COLOUR.stroke_width(px(scale, 2.5).max(1) as u32),
            ))
            .map_err(js_err)?;
    }

    // Each label centred on its line's height, then moved apart so none overlaps another.
    let (plot_right, plot_bottom) = chart.backend_coord(&(x1, v_lo));
    let mut placed: Vec<(usize, i32)> = labels
        .iter()
        .enumerate()
        .map(|(i, (_, v, _))| {
            let y = chart.backend_coord(&(x1, v.clamp(v_lo, v_hi))).1;
            (i, y + sizes[i].1 / 2)
        })
        .collect();
    placed.sort_by_key(|p| p.1);
    // Downwards: each label below the one above it (and inside the canvas).
    let mut prev: Option<i32> = None;
    for p in &mut placed {
        let h = sizes[p.0].1;
        p.1 = p.1.max(prev.map_or(h, |b| b + h));
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
    for (i, bottom) in placed {
        let (label, _, colour) = &labels[i];
        label.draw(root, measure, &fonts, (plot_right + gap, bottom), colour)?;
    }
    Ok(())
}

/// Fonts for line labels: the main letter and a smaller subscript.
struct LabelFonts {
    main: f64,
    sub: f64,
    drop: i32,
}

impl LabelFonts {
    fn new(scale: f64) -> LabelFonts {
        LabelFonts {
            main: 14.0 * scale,
            sub: 11.0 * scale,
            drop: px(scale, 3.0),
        }
    }

    fn style(&self, size: f64) -> TextStyle<'static> {
        (FONT, size).into_font().color(&V_COLOUR)
    }
}

/// A label like "E" with subscript "K", drawn in two pieces because a canvas
/// has no subscripts.
struct RichLabel {
    base: &'static str,
    sub: &'static str,
}

impl RichLabel {
    fn pieces(&self, fonts: &LabelFonts) -> [(&'static str, f64, i32); 2] {
        [
            (self.base, fonts.main, 0),
            (self.sub, fonts.sub, fonts.drop),
        ]
    }

    /// Width and height in pixels.
    fn size(&self, measure: &Measure, fonts: &LabelFonts) -> Result<(i32, i32), JsValue> {
        let mut w = 0;
        let mut h = 0;
        for (text, size, drop) in self.pieces(fonts) {
            let (tw, th) = measure.text(text, size)?;
            w += tw;
            // The base sits `drop` above the bottom; the subscript reaches it.
            h = h.max(th + fonts.drop - drop);
        }
        Ok((w, h))
    }

    /// Draw with the left edge at `x` and the bottom at `bottom`.
    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        measure: &Measure,
        fonts: &LabelFonts,
        (x, bottom): (i32, i32),
        colour: &RGBColor,
    ) -> Result<(), JsValue> {
        let mut cx = x;
        let baseline = bottom - fonts.drop;
        for (text, size, drop) in self.pieces(fonts) {
            let style = fonts
                .style(size)
                .color(colour)
                .pos(Pos::new(HPos::Left, VPos::Bottom));
            let (tw, _) = measure.text(text, size)?;
            root.draw(&Text::new(text, (cx, baseline + drop), style))
                .map_err(js_err)?;
            cx += tw;
        }
        Ok(())
    }
}

/// A voltage with one decimal and a true minus sign.
pub fn format_number_1(v: f64) -> String {
    if !v.is_finite() {
        return "–".into();
    }
    let s = format!("{:.1}", v.abs());
    if v < 0.0 && s != "0.0" {
        format!("\u{2212}{s}")
    } else {
        s
    }
}
