//! Current bars: each ion's leak current, the pump current and their total at
//! one moment (or at one held voltage), µA/cm², outward positive.
//!
//! At rest the bars are each nonzero — Na⁺ leaks in, K⁺ leaks out, the pump
//! pushes one net charge out per cycle — but the total bar is zero: a steady
//! state, not an equilibrium.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use rpl_model::{Ion, IonMap};
use wasm_bindgen::JsValue;
use web_sys::HtmlCanvasElement;

use super::{
    format_current, ion_style, js_err, nice_ceil, rgb, SeriesStyle, Surface, AXIS_TEXT, PUMP_STYLE,
    TOTAL_STYLE, ZERO_LINE,
};

/// One bar.
#[derive(Debug, Clone, PartialEq)]
pub struct CurrentBar {
    /// Its name under the axis ("Na⁺", "pump", "total").
    pub label: String,
    /// Current, µA/cm², outward positive.
    pub value_ua_cm2: f64,
    /// Colour (and marker) of the quantity.
    pub style: SeriesStyle,
}

/// The bars for a set of currents: each ion in `ions`, the pump, an injected
/// current if there is one (drawn as the current it adds, i.e. negated, since
/// injection is inward), and the total.
pub fn current_bars(
    ions: &[Ion],
    leak_ua_cm2: &IonMap<f64>,
    pump_ua_cm2: f64,
    injected_ua_cm2: f64,
    total_ua_cm2: f64,
) -> Vec<CurrentBar> {
    let mut bars: Vec<CurrentBar> = ions
        .iter()
        .map(|&ion| CurrentBar {
            label: ion.symbol().to_string(),
            value_ua_cm2: leak_ua_cm2.get(ion),
            style: ion_style(ion),
        })
        .collect();
    bars.push(CurrentBar {
        label: rpl_ui::t!("chart.pump").into(),
        value_ua_cm2: pump_ua_cm2,
        style: PUMP_STYLE,
    });
    if injected_ua_cm2 != 0.0 {
        bars.push(CurrentBar {
            label: rpl_ui::t!("chart.injected").into(),
            value_ua_cm2: -injected_ua_cm2,
            style: SeriesStyle {
                colour: rpl_ui::palette::FADED,
                ..TOTAL_STYLE
            },
        });
    }
    bars.push(CurrentBar {
        label: rpl_ui::t!("chart.total").into(),
        value_ua_cm2: total_ua_cm2,
        style: TOTAL_STYLE,
    });
    bars
}

/// What the current-bar chart shows.
#[derive(Debug, Clone, Copy)]
pub struct CurrentsView<'a> {
    /// The bars, left to right.
    pub bars: &'a [CurrentBar],
}

impl CurrentsView<'_> {
    /// The largest |current|, µA/cm² (what "zero" is judged against).
    pub fn full_scale(&self) -> f64 {
        self.bars
            .iter()
            .map(|b| b.value_ua_cm2.abs())
            .filter(|v| v.is_finite())
            .fold(0.0, f64::max)
    }
}

/// Draw the current bars into `canvas`, replacing what was there.
pub fn draw_currents(
    canvas: &HtmlCanvasElement,
    view: &CurrentsView,
    scale: f64,
) -> Result<(), JsValue> {
    let s = Surface::new(canvas, scale)?;
    let n = view.bars.len();
    let full = view.full_scale();
    let (lo, hi) = {
        let lo = view
            .bars
            .iter()
            .map(|b| b.value_ua_cm2)
            .filter(|v| v.is_finite())
            .fold(0.0f64, f64::min);
        let hi = view
            .bars
            .iter()
            .map(|b| b.value_ua_cm2)
            .filter(|v| v.is_finite())
            .fold(0.0f64, f64::max);
        let span = (hi - lo).max(full).max(1e-6);
        let step = nice_ceil(span / 4.0);
        // Room for the value written beyond each bar's end.
        let room = 0.22 * span;
        (
            ((lo - room) / step).floor() * step,
            ((hi + room) / step).ceil() * step,
        )
    };
    let ticks: Vec<f64> = (0..n).map(|i| i as f64).collect();
    let labels: Vec<String> = view.bars.iter().map(|b| b.label.clone()).collect();

    let chart = s.chart(
        &s.root,
        [s.px(10.0), s.px(10.0), s.px(4.0), s.px(4.0)],
        (s.px(28.0), s.px(58.0)),
        -0.6..n as f64 - 0.4,
        lo..hi,
    );
    s.axes(&chart, (5, 58.0), None, rpl_ui::t!("chart.current-y"))?;
    let name = |x: f64| {
        let i = x.round();
        if i >= 0.0 && (i as usize) < labels.len() {
            labels[i as usize].clone()
        } else {
            String::new()
        }
    };
    s.x_ticks(&chart, &ticks, &name, false)?;

    // The zero line: outward above, inward below.
    let (x_lo, x_hi) = (-0.6, n as f64 - 0.4);
    let z0 = chart.backend_coord(&(x_lo, 0.0));
    let z1 = chart.backend_coord(&(x_hi, 0.0));
    s.rule(z0, z1, &ZERO_LINE, 1.5, &[])?;
    let muted = AXIS_TEXT;
    let top_left = chart.backend_coord(&(x_lo, hi));
    let bottom_left = chart.backend_coord(&(x_lo, lo));
    s.text(
        rpl_ui::t!("chart.outward"),
        (top_left.0 + s.px(4.0), top_left.1 + s.px(2.0)),
        11.0,
        &muted,
        Pos::new(HPos::Left, VPos::Top),
    )?;
    s.text(
        rpl_ui::t!("chart.inward"),
        (bottom_left.0 + s.px(4.0), bottom_left.1 - s.px(2.0)),
        11.0,
        &muted,
        Pos::new(HPos::Left, VPos::Bottom),
    )?;

    for (i, bar) in view.bars.iter().enumerate() {
        let v = bar.value_ua_cm2;
        if !v.is_finite() {
            continue;
        }
        let x = i as f64;
        let half = 0.32;
        let a = chart.backend_coord(&(x - half, 0.0));
        let b = chart.backend_coord(&(x + half, v));
        if (b.1 - a.1).abs() >= 2 {
            chart
                .plotting_area()
                .draw(&Rectangle::new(
                    [(x - half, 0.0), (x + half, v)],
                    rgb(bar.style.colour).filled(),
                ))
                .map_err(js_err)?;
        } else {
            // Too small to see as a bar: a thick tick on the zero line.
            s.rule((a.0, a.1), (b.0, a.1), &rgb(bar.style.colour), 3.0, &[])?;
        }
        let text = format_current(v, full);
        let end = chart.backend_coord(&(x, v));
        let (y, vpos) = if v >= 0.0 {
            (end.1.min(a.1 - s.px(3.0)) - s.px(3.0), VPos::Bottom)
        } else {
            (end.1 + s.px(4.0), VPos::Top)
        };
        s.text(
            &text,
            (end.0, y),
            12.0,
            &V_TEXT,
            Pos::new(HPos::Center, vpos),
        )?;
    }
    drop(chart);
    s.finish()
}

const V_TEXT: RGBColor = rgb(TOTAL_STYLE.colour);
