//! The sweep chart: V against one parameter (K⁺ outside on a log axis by
//! default), with the Nernst potential of the parameter's ion (and E_K too
//! along a permeability relative to K⁺'s, the curve's other bound), the GHK
//! voltage of the leaks at the present inside concentrations, the pump–leak
//! steady state and, in the ouabain mode, V after that time of ouabain (a
//! marker per run-down); the cell as it is now is a point on them. For a
//! cell with channels, one figure of its excitability besides: V at
//! threshold for a 1 ms pulse at each of its points (dash-dot, as the V
//! chart's threshold), and along the top the spikes a standard train of ten
//! pulses gives there.
//!
//! The x axis is drawn in fractions along the axis ([`SweepChoice::along`]),
//! so a log axis needs no log coordinates; the ticks carry the values.

use rpl_model::sweep::PointResult;
use rpl_model::Excitability;
use rpl_ui::palette::{AFTER_OUABAIN_STYLE, GHK_STYLE, PRESENT_STYLE, THRESHOLD_STYLE};
use rpl_ui::sweep::{SweepChoice, SweepView};
use wasm_bindgen::JsValue;
use web_sys::HtmlCanvasElement;

use super::iv::clip_y;
use super::{
    draw_label_column, format_number, ion_style, label_column_width, padded_range, rgb, HPos,
    LineLabel, Pos, SeriesStyle, Surface, VPos, TOTAL_STYLE,
};
use crate::view::i18n::{t, tf, Lang};

/// The x axis's title: the parameter's name and unit, in the page's language.
pub fn x_title(choice: SweepChoice, lang: Lang) -> String {
    let key = choice.axis().key;
    let name = rpl_ui::errors::field_label(key.name(), lang).unwrap_or(key.name());
    match key.unit() {
        "" => name.to_string(),
        unit => format!("{name} ({unit})"),
    }
}

/// What the sweep chart shows.
pub struct SweepChartView<'a> {
    /// The parameter and mode.
    pub choice: SweepChoice,
    /// The curves.
    pub curves: &'a SweepView,
    /// The cell now: the parameter's value and V, mV.
    pub present: Option<(f64, f64)>,
    /// The x axis's title (the parameter's name and unit).
    pub x_title: &'a str,
}

/// The lowest and highest V the chart shows, mV: the curves' own range within
/// these bounds (a Nernst line at 0.1 mM K⁺ goes far below them).
const V_BOUNDS: (f64, f64) = (-150.0, 80.0);

/// One curve: its style, its label (base, subscript), its points (along, V mV).
type Curve = (SeriesStyle, String, String, Vec<(f64, f64)>);

fn ok(r: &PointResult) -> Option<f64> {
    r.as_ref().ok().copied()
}

/// Draw the chart into `canvas`; returns the plot's left and right edges in
/// canvas pixels (where the axis's ends are, for a pointer along it).
pub fn draw_sweep(
    canvas: &HtmlCanvasElement,
    view: &SweepChartView,
    scale: f64,
) -> Result<(f64, f64), JsValue> {
    let s = Surface::new(canvas, scale)?;
    let c = view.curves;
    let along = |v: f64| view.choice.along(v);
    let mut curves: Vec<Curve> = Vec::new();
    // Along a permeability relative to K⁺'s, E_K bounds the GHK curve where
    // the ratio goes to 0, as the ion's own E where it grows.
    if let Some((bound, e)) = c.e_bound {
        let pts = vec![(0.0, e), (1.0, e)];
        curves.push((ion_style(bound), "E".into(), bound.name().into(), pts));
    }
    let ion = rpl_model::sweep::ion_of(view.choice.axis().key);
    if let Some(ion) = ion {
        let pts = c
            .values
            .iter()
            .zip(&c.e_ion)
            .filter_map(|(&x, e)| Some((along(x), (*e)?)))
            .collect();
        curves.push((ion_style(ion), "E".into(), ion.name().into(), pts));
    }
    let ghk = c
        .values
        .iter()
        .zip(&c.ghk)
        .filter_map(|(&x, g)| Some((along(x), (*g)?)))
        .collect();
    curves.push((GHK_STYLE, "V".into(), "GHK".into(), ghk));
    let steady = c
        .values
        .iter()
        .zip(&c.steady)
        .filter_map(|(&x, v)| Some((along(x), ok(v)?)))
        .collect();
    curves.push((
        TOTAL_STYLE,
        "V".into(),
        t("sweep.steady-sub").into(),
        steady,
    ));
    // V at threshold, where the cell has one (none: blocked, or it fires
    // on its own).
    let threshold: Vec<(f64, f64)> = c
        .excite_values
        .iter()
        .zip(&c.excite)
        .filter_map(|(&x, e)| match e.threshold {
            Ok(Excitability::Threshold(th)) => Some((along(x), th.v_threshold_mv)),
            _ => None,
        })
        .collect();
    let has_threshold = !threshold.is_empty();
    if has_threshold {
        curves.push((
            THRESHOLD_STYLE,
            "V".into(),
            t("sweep.threshold-sub").into(),
            threshold,
        ));
    }
    if let Some(t_s) = view.choice.ouabain_s {
        let pts = c
            .ouabain_values
            .iter()
            .zip(&c.after)
            .filter_map(|(&x, v)| Some((along(x), ok(v)?)))
            .collect();
        let sub = tf(
            "sweep.after-sub",
            &[("t", &rpl_ui::format::short_duration(t_s))],
        );
        curves.push((AFTER_OUABAIN_STYLE, "V".into(), sub, pts));
    }
    let present = view.present.map(|(x, v)| (along(x), v));
    // A Nernst line beyond V_BOUNDS runs off the plot.
    let (v_lo, v_hi) = padded_range(
        curves
            .iter()
            .flat_map(|(.., pts)| pts.iter().map(|p| p.1))
            .chain(present.map(|p| p.1))
            .map(|v| rpl_model::units::clamp(v, V_BOUNDS.0, V_BOUNDS.1)),
        0.06,
        10.0,
        (-100.0, 0.0),
    );
    let labels: Vec<LineLabel> = curves
        .iter()
        .filter_map(|(style, base, sub, pts)| {
            let end = pts.last()?;
            Some(LineLabel::new(base, sub, *style, end.1))
        })
        .collect();
    let column_w = label_column_width(&s, &labels)?.max(s.px(12.0));
    let mut chart = s.chart(
        &s.root,
        [s.px(14.0), column_w, s.px(4.0), s.px(4.0)],
        (s.px(40.0), s.px(52.0)),
        0.0..1.0,
        v_lo..v_hi,
    );
    s.axes(&chart, (6, 52.0), Some(view.x_title), t("chart.y"))?;
    let ticks = view.choice.ticks();
    let fracs: Vec<f64> = ticks.iter().map(|t| t.0).collect();
    let label = |f: f64| {
        ticks
            .iter()
            .find(|t| (t.0 - f).abs() < 1e-12)
            .map_or_else(String::new, |t| format_number(t.1))
    };
    s.x_ticks(&chart, &fracs, &label, true)?;
    // The steady state last but one, the ouabain curve last: on top.
    for (style, _, _, pts) in &curves {
        for run in clip_y(pts, v_lo, v_hi) {
            s.line(&mut chart, run, style)?;
        }
    }
    if view.choice.ouabain_s.is_some() {
        for (x, v) in curves.last().map(|c| c.3.as_slice()).unwrap_or_default() {
            if (v_lo..=v_hi).contains(v) {
                s.marker(chart.backend_coord(&(*x, *v)), 3.0, &AFTER_OUABAIN_STYLE)?;
            }
        }
    }
    if has_threshold {
        let pts = &curves[curves.len() - 1 - usize::from(view.choice.ouabain_s.is_some())].3;
        for (x, v) in pts {
            if (v_lo..=v_hi).contains(v) {
                s.marker(chart.backend_coord(&(*x, *v)), 2.5, &THRESHOLD_STYLE)?;
            }
        }
    }
    // The train's spikes at each point, along the top of the plot.
    let colour = rgb(THRESHOLD_STYLE.colour);
    for (&x, e) in c.excite_values.iter().zip(&c.excite) {
        if let Ok(n) = e.spikes {
            let at = chart.backend_coord(&(along(x), v_hi));
            s.text(
                &n.to_string(),
                (at.0, at.1 + s.px(2.0)),
                10.0,
                &colour,
                Pos::new(HPos::Center, VPos::Top),
            )?;
        }
    }
    if let Some((x, v)) = present {
        let v = rpl_model::units::clamp(v, v_lo, v_hi);
        let at = chart.backend_coord(&(x, v));
        s.marker(at, 7.0, &PRESENT_STYLE)?;
    }
    draw_label_column(&s, &chart, &labels)?;
    let left = chart.backend_coord(&(0.0, v_lo)).0;
    let right = chart.backend_coord(&(1.0, v_lo)).0;
    drop(chart);
    s.finish()?;
    Ok((f64::from(left), f64::from(right)))
}
