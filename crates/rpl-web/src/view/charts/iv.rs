//! The voltage-clamp I–V chart: with V held at each value from −120 to +60 mV
//! and the concentrations as they are now, each ion's leak current, the
//! pump's and the total, µA/cm² (outward positive).
//!
//! Each ion's curve crosses zero at its own reversal potential — its Nernst
//! potential, marked there with the ion's marker — while the total crosses
//! zero at the resting potential. The held voltage and V_rest are marked with
//! vertical lines, and each curve's value at the held voltage with its marker.

use plotters::style::text_anchor::{HPos, Pos, VPos};
use rpl_model::{ClampPoint, Ion, IonMap};
use wasm_bindgen::JsValue;
use web_sys::HtmlCanvasElement;

use super::{
    draw_label_column, ion_style, label_column_width, linear_ticks, padded_range, rgb, LineLabel,
    SeriesStyle, Surface, HELD_COLOUR, PUMP_STYLE, TOTAL_STYLE, ZERO_LINE,
};

/// What the I–V chart shows.
#[derive(Debug, Clone, Copy)]
pub struct IvView<'a> {
    /// The curve, ordered by voltage (from `Simulation::iv_curve`).
    pub curve: &'a [ClampPoint],
    /// The ions whose leak curves are drawn.
    pub ions: &'a [Ion],
    /// Each ion's Nernst (reversal) potential now, mV.
    pub e_mv: IonMap<f64>,
    /// The currents at the held voltage.
    pub held: ClampPoint,
    /// The resting (zero-current) voltage, mV.
    pub v_rest_mv: f64,
}

/// Split a polyline where it leaves `lo..=hi` in y, cutting each segment at
/// the edge, so a curve that runs off the plot stops at its border.
pub fn clip_y(points: &[(f64, f64)], lo: f64, hi: f64) -> Vec<Vec<(f64, f64)>> {
    let inside = |y: f64| y >= lo && y <= hi;
    let cut = |a: (f64, f64), b: (f64, f64), edge: f64| {
        let f = (edge - a.1) / (b.1 - a.1);
        (a.0 + f * (b.0 - a.0), edge)
    };
    let mut out: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut run: Vec<(f64, f64)> = Vec::new();
    for (i, &p) in points.iter().enumerate() {
        if !(p.0.is_finite() && p.1.is_finite()) {
            continue;
        }
        let prev = if i > 0 { Some(points[i - 1]) } else { None };
        if inside(p.1) {
            if run.is_empty() {
                if let Some(q) = prev.filter(|q| q.1.is_finite() && !inside(q.1)) {
                    run.push(cut(q, p, if q.1 > hi { hi } else { lo }));
                }
            }
            run.push(p);
        } else {
            if let Some(q) = prev.filter(|q| q.1.is_finite()) {
                if inside(q.1) {
                    run.push(cut(q, p, if p.1 > hi { hi } else { lo }));
                } else if (q.1 > hi && p.1 < lo) || (q.1 < lo && p.1 > hi) {
                    // Straight through the whole plot between two samples.
                    let (e1, e2) = if q.1 > hi { (hi, lo) } else { (lo, hi) };
                    out.push(vec![cut(q, p, e1), cut(q, p, e2)]);
                }
            }
            if !run.is_empty() {
                out.push(std::mem::take(&mut run));
            }
        }
    }
    if !run.is_empty() {
        out.push(run);
    }
    out
}

/// The current axis. GHK currents grow steeply at the ends of the voltage
/// range (K⁺ outward at +60 mV), which would flatten every zero crossing, so
/// each side reaches at most three times as far as the other (and the pump
/// current always fits); a curve beyond that runs off the plot.
pub fn current_axis(view: &IvView) -> (f64, f64) {
    let values: Vec<f64> = view
        .curve
        .iter()
        .flat_map(|p| {
            [p.total_ua_cm2, p.pump_ua_cm2]
                .into_iter()
                .chain(view.ions.iter().map(|&i| p.leak_ua_cm2.get(i)))
        })
        .filter(|v| v.is_finite())
        .collect();
    let lo = values.iter().copied().fold(0.0f64, f64::min);
    let hi = values.iter().copied().fold(0.0f64, f64::max);
    let pump = view
        .curve
        .iter()
        .map(|p| p.pump_ua_cm2.abs())
        .fold(0.0f64, f64::max);
    let floor = (2.0 * pump).max(1e-3);
    let lo = lo.max(-3.0 * hi.max(floor));
    let hi = hi.min(3.0 * (-lo).max(floor));
    padded_range([lo, hi].into_iter(), 0.04, 1e-3, (-1.0, 1.0))
}

/// One curve: its style, its subscript ("K", "pump"), its points (V mV, I µA/cm²).
type Curve = (SeriesStyle, String, Vec<(f64, f64)>);

/// Draw the I–V chart into `canvas`, replacing what was there.
pub fn draw_iv(canvas: &HtmlCanvasElement, view: &IvView, scale: f64) -> Result<(), JsValue> {
    let s = Surface::new(canvas, scale)?;
    let (w, _) = s.root.dim_in_pixel();
    let narrow = f64::from(w) < 480.0 * s.scale;
    let (v_lo, v_hi) = match (view.curve.first(), view.curve.last()) {
        (Some(a), Some(b)) if b.v_mv > a.v_mv => (a.v_mv, b.v_mv),
        _ => (-120.0, 60.0),
    };
    let (i_lo, i_hi) = current_axis(view);

    let mut curves: Vec<Curve> = view
        .ions
        .iter()
        .map(|&ion| {
            let pts = view
                .curve
                .iter()
                .map(|p| (p.v_mv, p.leak_ua_cm2.get(ion)))
                .collect();
            (ion_style(ion), ion.name().to_string(), pts)
        })
        .collect();
    curves.push((
        PUMP_STYLE,
        rpl_ui::t!("chart.pump").into(),
        view.curve.iter().map(|p| (p.v_mv, p.pump_ua_cm2)).collect(),
    ));
    curves.push((
        TOTAL_STYLE,
        rpl_ui::t!("chart.total-sub").into(),
        view.curve
            .iter()
            .map(|p| (p.v_mv, p.total_ua_cm2))
            .collect(),
    ));
    let labels: Vec<LineLabel> = curves
        .iter()
        .filter_map(|(style, sub, pts)| {
            let end = pts.last()?;
            Some(LineLabel::new("I", sub, *style, end.1))
        })
        .collect();
    let column_w = label_column_width(&s, &labels)?.max(s.px(12.0));

    let step = if narrow { 40.0 } else { 20.0 };
    let ticks: Vec<f64> = linear_ticks(v_lo, v_hi, ((v_hi - v_lo) / step) as usize);
    let mut chart = s.chart(
        &s.root,
        [s.px(22.0), column_w, s.px(4.0), s.px(4.0)],
        (s.px(40.0), s.px(58.0)),
        v_lo..v_hi,
        i_lo..i_hi,
    );
    s.axes(
        &chart,
        (6, 58.0),
        Some(rpl_ui::t!("chart.iv-x")),
        rpl_ui::t!("chart.current-y"),
    )?;
    s.x_ticks(&chart, &ticks, &super::format_number, true)?;

    let zero_a = chart.backend_coord(&(v_lo, 0.0));
    let zero_b = chart.backend_coord(&(v_hi, 0.0));
    s.rule(zero_a, zero_b, &ZERO_LINE, 1.5, &[])?;

    // V_rest (dashed) and the held voltage (solid), labelled above the plot.
    let top = |v: f64| chart.backend_coord(&(v, i_hi));
    let bottom = |v: f64| chart.backend_coord(&(v, i_lo));
    let in_range = |v: f64| v.is_finite() && v >= v_lo && v <= v_hi;
    let held_v = view.held.v_mv;
    let rest_left = view.v_rest_mv < held_v;
    if in_range(view.v_rest_mv) {
        let (a, b) = (top(view.v_rest_mv), bottom(view.v_rest_mv));
        s.rule(a, b, &rgb(TOTAL_STYLE.colour), 1.0, &[3.0, 3.0])?;
        let dx = if rest_left { -s.px(3.0) } else { s.px(3.0) };
        s.sub_text(
            ("V", rpl_ui::t!("chart.rest")),
            (a.0 + dx, a.1 - s.px(2.0)),
            &rgb(TOTAL_STYLE.colour),
            rest_left,
        )?;
    }
    if in_range(held_v) {
        let (a, b) = (top(held_v), bottom(held_v));
        s.rule(a, b, &HELD_COLOUR, 2.0, &[])?;
        let anchor = if rest_left { HPos::Left } else { HPos::Right };
        let dx = if rest_left { s.px(3.0) } else { -s.px(3.0) };
        s.text(
            rpl_ui::t!("chart.held"),
            (a.0 + dx, a.1 - s.px(3.0)),
            12.0,
            &HELD_COLOUR,
            Pos::new(anchor, VPos::Bottom),
        )?;
    }

    // The total first, so a dashed ion curve that coincides with it (a
    // K⁺-only membrane) still shows on top.
    for (style, _, pts) in curves.iter().rev() {
        for run in clip_y(pts, i_lo, i_hi) {
            s.line(&mut chart, run, style)?;
        }
    }

    // Each ion's reversal potential on the zero line, and every curve's value at the held V.
    let inside_y = |y: f64| y.is_finite() && y >= i_lo && y <= i_hi;
    for &ion in view.ions {
        let e = view.e_mv.get(ion);
        if in_range(e) {
            s.marker(chart.backend_coord(&(e, 0.0)), 4.5, &ion_style(ion))?;
        }
        let i = view.held.leak_ua_cm2.get(ion);
        if in_range(held_v) && inside_y(i) {
            s.marker(chart.backend_coord(&(held_v, i)), 3.5, &ion_style(ion))?;
        }
    }
    if in_range(held_v) {
        for (v, style) in [
            (view.held.pump_ua_cm2, PUMP_STYLE),
            (
                view.held.total_ua_cm2,
                SeriesStyle {
                    marker: super::Marker::Circle,
                    ..TOTAL_STYLE
                },
            ),
        ] {
            if inside_y(v) {
                s.marker(chart.backend_coord(&(held_v, v)), 3.5, &style)?;
            }
        }
    }
    if in_range(view.v_rest_mv) {
        let style = SeriesStyle {
            marker: super::Marker::Circle,
            ..TOTAL_STYLE
        };
        s.marker(chart.backend_coord(&(view.v_rest_mv, 0.0)), 4.5, &style)?;
    }
    draw_label_column(&s, &chart, &labels)?;
    drop(chart);
    s.finish()
}
