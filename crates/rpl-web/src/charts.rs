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
pub mod voltage;

use std::fmt::Display;

use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters_canvas::CanvasBackend;
use rpl_model::Ion;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

pub use concentrations::{draw_concentrations, ConcentrationView};
pub use currents::{draw_currents, CurrentsView};
pub use iv::{draw_iv, IvView};
pub use voltage::{draw_voltage, voltage_axis, VoltageView};

/// Chart background.
pub const BACKGROUND: RGBColor = RGBColor(255, 255, 255);
/// The membrane voltage trace and the total current.
pub const V_COLOUR: RGBColor = RGBColor(0x1b, 0x1f, 0x24);
/// K⁺ and E_K (Okabe–Ito blue).
pub const EK_COLOUR: RGBColor = RGBColor(0x00, 0x72, 0xb2);
/// Na⁺ and E_Na (Okabe–Ito vermillion).
pub const ENA_COLOUR: RGBColor = RGBColor(0xd5, 0x5e, 0x00);
/// Cl⁻ and E_Cl (Okabe–Ito bluish green).
pub const ECL_COLOUR: RGBColor = RGBColor(0x00, 0x9e, 0x73);
/// Ca²⁺ (Okabe–Ito reddish purple).
pub const CA_COLOUR: RGBColor = RGBColor(0xcc, 0x79, 0xa7);
/// The Na⁺/K⁺ pump (Okabe–Ito orange).
pub const PUMP_COLOUR: RGBColor = RGBColor(0xe6, 0x9f, 0x00);
/// Relative volume.
pub const VOLUME_COLOUR: RGBColor = RGBColor(0x56, 0x60, 0x6b);
/// The held voltage in the clamp chart (the page's accent colour).
pub const HELD_COLOUR: RGBColor = RGBColor(0x0b, 0x5c, 0xad);
const AXIS_TEXT: RGBColor = RGBColor(0x3e, 0x47, 0x51);
const GRID_BOLD: RGBColor = RGBColor(0xe3, 0xe7, 0xeb);
const ZERO_LINE: RGBColor = RGBColor(0x8a, 0x94, 0x9e);
/// The charts' font: the page's, then fonts with Chinese glyphs (WenQuanYi
/// Micro Hei is what the project's set-up installs on Linux; the others come
/// with macOS, Windows and most desktop Linux), so Chinese labels never fall
/// back to boxes.
const FONT: &str = "system-ui, -apple-system, \"Segoe UI\", Roboto, \"PingFang SC\", \"Microsoft YaHei\", \"Noto Sans CJK SC\", \"WenQuanYi Micro Hei\", sans-serif";

/// A marker shape drawn on a line and beside its label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Marker {
    /// No marker.
    None,
    /// A filled circle (K⁺).
    Circle,
    /// A filled triangle (Na⁺).
    Triangle,
    /// A filled square (Cl⁻).
    Square,
    /// A filled diamond (Ca²⁺).
    Diamond,
    /// A filled, point-down triangle (the pump).
    TriangleDown,
}

/// How one quantity is drawn wherever it appears: colour, dash pattern and marker.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SeriesStyle {
    /// Line and fill colour.
    pub colour: RGBColor,
    /// Dash pattern in CSS pixels (on, off, …); empty for a solid line.
    pub dash: &'static [f64],
    /// Marker shape.
    pub marker: Marker,
    /// Line width in CSS pixels.
    pub width: f64,
}

/// The style of each ion: K⁺ long dashes and circles, Na⁺ short dashes and
/// triangles, Cl⁻ dash-dot and squares, Ca²⁺ dots and diamonds.
pub fn ion_style(ion: Ion) -> SeriesStyle {
    match ion {
        Ion::K => SeriesStyle {
            colour: EK_COLOUR,
            dash: &[9.0, 4.0],
            marker: Marker::Circle,
            width: 2.0,
        },
        Ion::Na => SeriesStyle {
            colour: ENA_COLOUR,
            dash: &[4.0, 3.0],
            marker: Marker::Triangle,
            width: 2.0,
        },
        Ion::Cl => SeriesStyle {
            colour: ECL_COLOUR,
            dash: &[9.0, 3.0, 2.0, 3.0],
            marker: Marker::Square,
            width: 2.0,
        },
        Ion::Ca => SeriesStyle {
            colour: CA_COLOUR,
            dash: &[2.0, 3.0],
            marker: Marker::Diamond,
            width: 2.0,
        },
    }
}

/// The pump's style: orange, long-short dashes, a point-down triangle.
pub const PUMP_STYLE: SeriesStyle = SeriesStyle {
    colour: PUMP_COLOUR,
    dash: &[12.0, 3.0, 4.0, 3.0],
    marker: Marker::TriangleDown,
    width: 2.0,
};

/// The membrane voltage and the total current: solid, dark, thicker.
pub const TOTAL_STYLE: SeriesStyle = SeriesStyle {
    colour: V_COLOUR,
    dash: &[],
    marker: Marker::None,
    width: 2.5,
};

/// Relative volume: solid grey.
pub const VOLUME_STYLE: SeriesStyle = SeriesStyle {
    colour: VOLUME_COLOUR,
    dash: &[],
    marker: Marker::None,
    width: 2.0,
};

/// Whether the time axis is linear or logarithmic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TimeScale {
    /// Model time, linear, from the first sample.
    #[default]
    Linear,
    /// Time since the first sample, logarithmic: milliseconds and hours both read well.
    Log,
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
    linear_span(t0, t1)
}

fn linear_span(t0: f64, t1: f64) -> (f64, f64, TimeUnit) {
    let span = (t1 - t0).max(1e-3);
    let unit = TimeUnit::for_span(span);
    let nice = nice_ceil(span / unit.seconds()) * unit.seconds();
    (t0, t0 + nice, unit)
}

/// Tick values between `lo` and `hi` at a 1, 2 or 5 × 10ⁿ step, at most about `max_n` of them.
pub fn linear_ticks(lo: f64, hi: f64, max_n: usize) -> Vec<f64> {
    if !(lo.is_finite() && hi.is_finite() && hi > lo) {
        return vec![];
    }
    let step = nice_ceil((hi - lo) / max_n.max(1) as f64);
    let first = (lo / step - 1e-9).ceil();
    let last = (hi / step + 1e-9).floor();
    let n = (last - first).clamp(0.0, 1000.0) as usize;
    (0..=n)
        .map(|k| {
            let v = (first + k as f64) * step;
            // Snap away -0.0 and float noise such as 0.30000000000000004.
            if v.abs() < step * 1e-9 {
                0.0
            } else {
                v
            }
        })
        .collect()
}

/// Moments that read well on a logarithmic time axis, s: decades up to 10 s,
/// then a minute, ten minutes, an hour, ten hours, a hundred hours.
const LOG_TICKS_S: [f64; 14] = [
    1e-6,
    1e-5,
    1e-4,
    1e-3,
    1e-2,
    0.1,
    1.0,
    10.0,
    60.0,
    600.0,
    3600.0,
    36_000.0,
    360_000.0,
    3_600_000.0,
];

/// A time axis, shared by the voltage and concentration charts. Chart x
/// coordinates are model time in `unit` (linear) or log₁₀ of the seconds since
/// the first sample (log).
#[derive(Debug, Clone, PartialEq)]
pub struct TimeAxis {
    /// Linear or logarithmic.
    pub scale: TimeScale,
    /// Model time of the first sample, s.
    pub t0: f64,
    /// Left end, in chart coordinates.
    pub lo: f64,
    /// Right end, in chart coordinates.
    pub hi: f64,
    /// The unit of a linear axis (for a log axis, the unit of its longest span).
    pub unit: TimeUnit,
    /// Where the labelled ticks go, in chart coordinates.
    pub ticks: Vec<f64>,
}

impl TimeAxis {
    /// The axis for samples from `t_first` to `t_last` (model time, s).
    /// `first_step` is the time between the first two samples, if there are
    /// two: on a log axis the first sample is drawn at the left end, a decade
    /// at or below that step. `max_ticks` bounds the number of labels.
    pub fn new(
        scale: TimeScale,
        t_first: f64,
        t_last: f64,
        first_step: Option<f64>,
        max_ticks: usize,
    ) -> TimeAxis {
        let t0 = if t_first.is_finite() { t_first } else { 0.0 };
        let t1 = if t_last.is_finite() { t_last } else { t0 };
        let (_, end, unit) = linear_span(t0, t1);
        match scale {
            TimeScale::Linear => {
                let (lo, hi) = (t0 / unit.seconds(), end / unit.seconds());
                TimeAxis {
                    scale,
                    t0,
                    lo,
                    hi,
                    unit,
                    ticks: linear_ticks(lo, hi, max_ticks),
                }
            }
            TimeScale::Log => {
                let span = (t1 - t0).max(1e-3);
                let step = first_step
                    .filter(|s| s.is_finite() && *s > 0.0)
                    .unwrap_or(span / 1000.0);
                let lo_s = 10f64
                    .powf(step.log10().floor())
                    .clamp(1e-6, (span / 10.0).max(1e-6));
                let lo_s = 10f64.powf(lo_s.log10().floor());
                let hi_s = LOG_TICKS_S
                    .iter()
                    .copied()
                    .find(|&t| t >= span * (1.0 - 1e-9) && t >= lo_s * 10.0)
                    .unwrap_or_else(|| 10f64.powf(span.log10().ceil()));
                let mut ticks: Vec<f64> = LOG_TICKS_S
                    .iter()
                    .copied()
                    .filter(|&t| t >= lo_s * (1.0 - 1e-9) && t <= hi_s * (1.0 + 1e-9))
                    .map(f64::log10)
                    .collect();
                // Too many labels for the width: keep every k-th, always the last.
                let max_ticks = max_ticks.max(2);
                if ticks.len() > max_ticks {
                    let k = ticks.len().div_ceil(max_ticks);
                    let last = ticks.len() - 1;
                    ticks = ticks
                        .into_iter()
                        .enumerate()
                        .filter(|(i, _)| (last - i).is_multiple_of(k))
                        .map(|(_, t)| t)
                        .collect();
                }
                TimeAxis {
                    scale,
                    t0,
                    lo: lo_s.log10(),
                    hi: hi_s.log10(),
                    unit: TimeUnit::for_span(span),
                    ticks,
                }
            }
        }
    }

    /// The axis for a run's samples of model time.
    pub fn for_times(scale: TimeScale, times: &[f64], max_ticks: usize) -> TimeAxis {
        let first = times.first().copied().unwrap_or(0.0);
        let last = times.last().copied().unwrap_or(first);
        let step = times.get(1).map(|t| t - first);
        TimeAxis::new(scale, first, last, step, max_ticks)
    }

    /// The chart x coordinate of model time `t_s`.
    pub fn x(&self, t_s: f64) -> f64 {
        match self.scale {
            TimeScale::Linear => t_s / self.unit.seconds(),
            TimeScale::Log => (t_s - self.t0).max(10f64.powf(self.lo)).log10(),
        }
    }

    /// The label of a tick at chart coordinate `x`.
    pub fn label(&self, x: f64) -> String {
        match self.scale {
            TimeScale::Linear => format_number(x),
            TimeScale::Log => short_duration(10f64.powf(x)),
        }
    }

    /// The axis title, in the page's language.
    pub fn title(&self) -> String {
        match self.scale {
            TimeScale::Linear => crate::i18n::tf("chart.x", &[("unit", self.unit.symbol())]),
            TimeScale::Log => crate::i18n::t("chart.x-log").to_string(),
        }
    }

    /// The x coordinate range for a plotters chart.
    fn coord(&self) -> std::ops::Range<f64> {
        self.lo..self.hi
    }
}

/// A duration for a tick label: "10 µs", "1 ms", "10 s", "1 min", "10 h".
pub fn short_duration(t_s: f64) -> String {
    let (v, unit) = if t_s < 1e-3 * (1.0 - 1e-9) {
        (t_s * 1e6, "µs")
    } else if t_s < 1.0 * (1.0 - 1e-9) {
        (t_s * 1e3, "ms")
    } else if t_s < 60.0 * (1.0 - 1e-9) {
        (t_s, "s")
    } else if t_s < 3600.0 * (1.0 - 1e-9) {
        (t_s / 60.0, "min")
    } else {
        (t_s / 3600.0, "h")
    };
    format!("{} {unit}", format_number(v))
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

/// A current for a reader, µA/cm²: three significant digits, but anything
/// below a millionth of `full_scale` reads as 0 (rounding noise of a sum that
/// is zero) and anything below a thousandth as "≈0" (a sum that is all but zero).
pub fn format_current(v: f64, full_scale: f64) -> String {
    let full = full_scale.abs();
    if v.abs() <= full * 1e-6 {
        "0".into()
    } else if v.abs() < full * 1e-3 {
        "\u{2248}0".into()
    } else {
        format_number(v)
    }
}

fn js_err(e: impl Display) -> JsValue {
    JsValue::from_str(&format!("drawing the chart failed: {e}"))
}

fn px(scale: f64, v: f64) -> i32 {
    (v * scale).round() as i32
}

/// A chart drawn on the canvas. Its x ticks are drawn by [`Surface::x_ticks`]
/// (plotters draws none), so each chart chooses them: human times on a log
/// axis, names under bars.
type Chart<'a> = ChartContext<'a, CanvasBackend, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// A canvas being drawn: its 2D context (for measuring text and dashing
/// lines), the plotters drawing area over all of it, and the scale (device
/// pixel ratio) that multiplies sizes given in CSS pixels.
struct Surface {
    ctx: CanvasRenderingContext2d,
    root: DrawingArea<CanvasBackend, Shift>,
    scale: f64,
}

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
        Ok(Surface { ctx, root, scale })
    }

    fn finish(self) -> Result<(), JsValue> {
        self.set_dash(&[]);
        self.root.present().map_err(js_err)
    }

    fn px(&self, v: f64) -> i32 {
        px(self.scale, v)
    }

    /// Width and line height in pixels of `text` in the chart font at `size_px`.
    /// (Plotters' own measurement on wasm32 adds a styled `<span>` to the page
    /// for every call, which a strict Content-Security-Policy refuses and which
    /// costs a layout each time; the canvas measures without either.)
    fn measure(&self, text: &str, size_px: f64) -> Result<(i32, i32), JsValue> {
        // The same font string plotters-canvas sets when it draws.
        self.ctx.set_font(&format!("normal {size_px}px {FONT}"));
        let width = self.ctx.measure_text(text)?.width();
        Ok((width.ceil() as i32, (size_px * 1.2).ceil() as i32))
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

    fn axis_font(&self) -> TextStyle<'static> {
        (FONT, 13.0 * self.scale).into_font().color(&AXIS_TEXT)
    }

    fn text_style(&self, size: f64, colour: &RGBColor, pos: Pos) -> TextStyle<'static> {
        (FONT, size * self.scale).into_font().color(colour).pos(pos)
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
        let style = self.text_style(size, colour, pos);
        self.root
            .draw(&Text::new(text.to_string(), at, style))
            .map_err(js_err)
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
            .draw_series(LineSeries::new(points, style.colour.stroke_width(width)))
            .map(|_| ())
            .map_err(js_err);
        self.set_dash(&[]);
        drawn
    }

    /// A marker of `style` centred on backend pixel `at`, `r` CSS pixels in radius.
    fn marker(&self, at: (i32, i32), r: f64, style: &SeriesStyle) -> Result<(), JsValue> {
        let r = self.px(r).max(2);
        let fill = style.colour.filled();
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
            &self.style.colour,
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
                &self.style.colour,
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
/// by more than half a label.
fn draw_label_column(s: &Surface, chart: &Chart, labels: &[LineLabel]) -> Result<(), JsValue> {
    let (x_range, y_range) = (chart.x_range(), chart.y_range());
    let (plot_right, plot_bottom) = chart.backend_coord(&(x_range.end, y_range.start));
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
                .backend_coord(&(x_range.end, l.at.clamp(y_range.start, y_range.end)))
                .1;
            (i, y + sizes[i].1 / 2)
        })
        .collect();
    placed.sort_by_key(|p| p.1);
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
    for (i, bottom) in placed {
        labels[i].draw(s, (plot_right + s.px(6.0), bottom), sizes[i].1)?;
    }
    Ok(())
}

/// Reduce a polyline to at most about two points per pixel column of `width`
/// columns over `x_lo..x_hi` (the lowest and highest of each column, in their
/// order), so drawing cost stays bounded however many samples there are, and
/// no spike is lost. The first and last points are always kept.
pub fn thin_for_plot(points: &[(f64, f64)], x_lo: f64, x_hi: f64, width: usize) -> Vec<(f64, f64)> {
    let width = width.max(1);
    if points.len() <= 2 * width + 2 || x_hi.partial_cmp(&x_lo) != Some(std::cmp::Ordering::Greater)
    {
        return points.to_vec();
    }
    /// One pixel column: its index, and the (sample index, point) of its lowest and highest.
    struct Column {
        col: f64,
        lo: (usize, (f64, f64)),
        hi: (usize, (f64, f64)),
    }
    fn flush(out: &mut Vec<(f64, f64)>, c: &Column) {
        match c.lo.0.cmp(&c.hi.0) {
            std::cmp::Ordering::Equal => out.push(c.lo.1),
            std::cmp::Ordering::Less => out.extend([c.lo.1, c.hi.1]),
            std::cmp::Ordering::Greater => out.extend([c.hi.1, c.lo.1]),
        }
    }
    let cols = width as f64;
    let mut out = Vec::with_capacity(2 * width + 2);
    let mut current: Option<Column> = None;
    for (i, &p) in points.iter().enumerate() {
        let col = (((p.0 - x_lo) / (x_hi - x_lo)) * cols).floor();
        match &mut current {
            Some(c) if c.col == col => {
                if p.1 < c.lo.1 .1 {
                    c.lo = (i, p);
                }
                if p.1 > c.hi.1 .1 {
                    c.hi = (i, p);
                }
            }
            _ => {
                if let Some(c) = current.take() {
                    flush(&mut out, &c);
                }
                current = Some(Column {
                    col,
                    lo: (i, p),
                    hi: (i, p),
                });
            }
        }
    }
    if let Some(c) = current {
        flush(&mut out, &c);
    }
    if let (Some(&first), Some(&p0)) = (out.first(), points.first()) {
        if first != p0 {
            out.insert(0, p0);
        }
    }
    if let (Some(&last), Some(&pn)) = (out.last(), points.last()) {
        if last != pn {
            out.push(pn);
        }
    }
    out
}

/// Nice limits around values: (lo, hi) rounded out to `step`, with `pad` of room,
/// at least `min_span` apart.
fn padded_range(
    values: impl Iterator<Item = f64>,
    pad: f64,
    min_span: f64,
    fallback: (f64, f64),
) -> (f64, f64) {
    let (lo, hi) = values
        .filter(|v| v.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(v), hi.max(v))
        });
    if !(lo.is_finite() && hi.is_finite()) {
        return fallback;
    }
    let span = (hi - lo).max(min_span);
    let step = nice_ceil(span / 5.0);
    let lo = ((lo - pad * span) / step).floor() * step;
    let hi = ((hi + pad * span) / step).ceil() * step;
    (lo, hi.max(lo + min_span))
}
