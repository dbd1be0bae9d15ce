//! The voltage chart: membrane voltage against model time, with the Nernst
//! potentials E_K, E_Na and E_Cl drawn as they change (flat at rest, drifting
//! during an ouabain run-down), so a reader sees V sitting between them,
//! closest to the ion with the largest permeability.
//!
//! Each line is named in a column right of the plot at its latest height,
//! with a sample of its dash and marker, so labels never hide the trace. The
//! time axis is linear (auto-ranging ms → h) or logarithmic, so the
//! millisecond charge of the membrane and an hours-long run-down both read
//! well.

use plotters::prelude::*;
use rpl_model::{Ion, Sample};
use wasm_bindgen::JsValue;
use web_sys::HtmlCanvasElement;

use super::{
    bits_key, draw_placed_label_sprites, ion_style, js_err, label_column_width, place_labels, rgb,
    thin_for_plot, LineLabel, SeriesStyle, Surface, TimeAxis, TimeScale, TOTAL_STYLE,
};
use rpl_ui::palette::{CURSOR_STYLE, THRESHOLD_STYLE};

/// The ions whose Nernst potentials the voltage chart shows.
pub const E_IONS: [Ion; 3] = [Ion::K, Ion::Na, Ion::Cl];

/// The pinned runs' styles: grey, told apart by their dashes (and numbers).
pub(crate) const PIN_STYLES: [SeriesStyle; 3] = [
    SeriesStyle {
        colour: rpl_ui::palette::FADED,
        dash: &[],
        marker: rpl_ui::palette::Marker::None,
        width: 2.0,
    },
    SeriesStyle {
        colour: rpl_ui::palette::FADED,
        dash: &[6.0, 3.0],
        marker: rpl_ui::palette::Marker::None,
        width: 2.0,
    },
    SeriesStyle {
        colour: rpl_ui::palette::FADED,
        dash: &[2.0, 2.0],
        marker: rpl_ui::palette::Marker::None,
        width: 2.0,
    },
];

/// What the voltage chart shows.
#[derive(Debug, Clone, Copy)]
pub struct VoltageView<'a> {
    /// The run's samples, oldest first.
    pub history: &'a [Sample],
    /// Linear or logarithmic time.
    pub time_scale: TimeScale,
    /// Leave V out (a lesson that asks for it hides it until the check);
    /// the Nernst potentials are drawn as ever.
    pub hide_v: bool,
    /// A reference voltage drawn across the chart (a firing threshold), mV.
    /// The axis then zooms to V, E_K, E_Cl and it, so a few millivolts
    /// show; E_Na, far outside, is left out.
    pub threshold_mv: Option<f64>,
    /// The moment looked back at on the timeline: its model time, s, and V
    /// then, mV (drawn as a line across the chart with V's dot on it).
    pub cursor: Option<(f64, f64)>,
    /// Pinned runs, drawn as grey ghost traces numbered from 1.
    pub pins: &'a [rpl_ui::pins::Pin],
    /// The spikes' peaks (model time s, mV), put into the V trace
    /// ([`rpl_ui::excite::with_spike_peaks`]) so a spike shows at any speed.
    pub spikes: &'a [(f64, f64)],
}

/// The voltage axis: every V and every E_K, E_Na, E_Cl of the history, with
/// some room, rounded out to 10 mV.
pub fn voltage_axis(view: &VoltageView) -> (f64, f64) {
    if let Some(th) = view.threshold_mv {
        // Zoomed to V and the threshold, in steps of 5 mV.
        // E_K and E_Cl stay in view (they move V here); E_Na, far above,
        // is left out.
        let (lo, hi) = view
            .history
            .iter()
            .flat_map(|s| {
                let v = if view.hide_v { th } else { s.v_mv };
                [v, s.e_mv.k, s.e_mv.cl]
            })
            .chain(view.spikes.iter().filter(|_| !view.hide_v).map(|p| p.1))
            .filter(|v| v.is_finite())
            .fold((th, th), |(lo, hi), v| (lo.min(v), hi.max(v)));
        return (
            ((lo - 4.0) / 5.0).floor() * 5.0,
            ((hi + 4.0) / 5.0).ceil() * 5.0,
        );
    }
    let values = view.history.iter().flat_map(|s| {
        [if view.hide_v { f64::NAN } else { s.v_mv }]
            .into_iter()
            .chain(E_IONS.iter().map(|&i| s.e_mv.get(i)))
    });
    let pinned = view
        .pins
        .iter()
        .flat_map(|p| p.samples.iter().map(|s| s.v_mv));
    let peaks = view.spikes.iter().filter(|_| !view.hide_v).map(|p| p.1);
    let values = values.chain(pinned).chain(peaks);
    let (lo, hi) = values
        .filter(|v| v.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(v), hi.max(v))
        });
    if !(lo.is_finite() && hi.is_finite()) {
        return (-100.0, 50.0);
    }
    let lo = ((lo - 5.0) / 10.0).floor() * 10.0;
    let hi = ((hi + 5.0) / 10.0).ceil() * 10.0;
    (lo, hi.max(lo + 10.0))
}

/// Draw the voltage chart into `canvas`, replacing what was there. `scale`
/// multiplies font sizes and line widths (the device pixel ratio; see
/// [`crate::platform::dom::fit_canvas`]).
pub fn draw_voltage(
    canvas: &HtmlCanvasElement,
    view: &VoltageView,
    scale: f64,
) -> Result<(), JsValue> {
    let s = Surface::new(canvas, scale)?;
    let (w, _) = s.root.dim_in_pixel();
    let narrow = f64::from(w) < 480.0 * s.scale;
    // The time axis reaches the end of the longest run, live or pinned.
    let times: Vec<f64> = view
        .history
        .iter()
        .chain(view.pins.iter().flat_map(|p| p.samples.last()))
        .map(|p| p.t_s)
        .collect();
    let axis = TimeAxis::for_times(view.time_scale, &times, if narrow { 4 } else { 8 });
    let (v_lo, v_hi) = voltage_axis(view);

    let last = view.history.last();
    let mut labels = Vec::with_capacity(4);
    if let Some(p) = last.filter(|p| p.v_mv.is_finite() && !view.hide_v) {
        labels.push(LineLabel::new("V", "m", TOTAL_STYLE, p.v_mv));
    }
    for ion in E_IONS {
        // With a threshold E_Na is left out (see below), its label too.
        if view.threshold_mv.is_some() && ion == Ion::Na {
            continue;
        }
        if let Some(e) = last
            .map(|p| p.e_mv.get(ion))
            .filter(|e| e.is_finite() && (v_lo..=v_hi).contains(e))
        {
            labels.push(LineLabel::new("E", ion.name(), ion_style(ion), e));
        }
    }
    if let Some(th) = view.threshold_mv {
        let word = rpl_ui::t!("chart.threshold");
        labels.push(LineLabel::new(word, "", THRESHOLD_STYLE, th));
    }
    let column_w = label_column_width(&s, &labels)?;

    let mut chart = s.chart(
        &s.root,
        [s.px(12.0), column_w.max(s.px(12.0)), s.px(4.0), s.px(4.0)],
        (s.px(40.0), s.px(52.0)),
        axis.coord(),
        v_lo..v_hi,
    );

    let x_title = crate::view::charts::time_axis_title(&axis);
    let y_title = rpl_ui::t!("chart.y");
    let (cw, ch) = s.root.dim_in_pixel();
    let mut key = bits_key(&[s.scale, axis.lo, axis.hi, v_lo, v_hi]);
    key.push_str(&bits_key(&axis.ticks));
    key.push_str(&format!("{cw}x{ch} {column_w} {x_title} {y_title}"));
    s.frame(key, || {
        s.axes(&chart, (8, 52.0), Some(&x_title), y_title)?;
        s.x_ticks(&chart, &axis.ticks, &|x| axis.label(x), true)?;
        Ok(())
    })?;
    // The line labels, right of the plot, each from a copy of itself: they
    // move whenever a line's latest height moves by a pixel (E_K and E_Na
    // every frame of a fast run-down), and the frame stays as it is.
    let placed = place_labels(&s, &chart, &labels)?;
    draw_placed_label_sprites(&s, &chart, &labels, &placed)?;

    let plot_w = chart.plotting_area().dim_in_pixel().0 as usize;
    let series = |f: &dyn Fn(&Sample) -> f64| -> Vec<(f64, f64)> {
        let pts: Vec<(f64, f64)> = view
            .history
            .iter()
            .map(|p| (axis.x(p.t_s), f(p)))
            .filter(|p| p.1.is_finite())
            .collect();
        thin_for_plot(&pts, axis.lo, axis.hi, plot_w)
    };
    // Pinned runs first, under the live one: grey, each its own dash, its
    // number at its end.
    for (i, pin) in view.pins.iter().enumerate() {
        let style = PIN_STYLES[i % PIN_STYLES.len()];
        let pts: Vec<(f64, f64)> = pin
            .samples
            .iter()
            .map(|p| (axis.x(p.t_s), p.v_mv))
            .filter(|p| p.1.is_finite() && p.0 >= axis.lo && p.0 <= axis.hi)
            .collect();
        let pts = thin_for_plot(&pts, axis.lo, axis.hi, plot_w);
        if let Some(&end) = pts.last() {
            s.line(&mut chart, pts.iter().copied(), &style)?;
            let at = chart.backend_coord(&end);
            s.text(
                &(i + 1).to_string(),
                (at.0 - s.px(3.0), at.1 - s.px(3.0)),
                12.0,
                &rgb(style.colour),
                plotters::style::text_anchor::Pos::new(
                    plotters::style::text_anchor::HPos::Right,
                    plotters::style::text_anchor::VPos::Bottom,
                ),
            )?;
        }
    }
    let v = if view.hide_v {
        Vec::new()
    } else {
        // The frames' samples with the spikes' peaks put in (the axis
        // reaches them; `min` only guards against a peak it does not).
        let raw: Vec<(f64, f64)> = view.history.iter().map(|p| (p.t_s, p.v_mv)).collect();
        let pts: Vec<(f64, f64)> = rpl_ui::excite::with_spike_peaks(&raw, view.spikes)
            .into_iter()
            .map(|(t, v)| (axis.x(t), v.min(v_hi)))
            .filter(|p| p.1.is_finite())
            .collect();
        thin_for_plot(&pts, axis.lo, axis.hi, plot_w)
    };
    if !v.is_empty() {
        s.line(&mut chart, v.iter().copied(), &TOTAL_STYLE)?;
    }
    // The dashed E lines go over V: where V sits on one (Cl⁻ at equilibrium,
    // K⁺ in a K⁺-only membrane) both stay visible, V through the dashes' gaps.
    for ion in E_IONS {
        if view.threshold_mv.is_some() && ion == Ion::Na {
            continue;
        }
        let pts = series(&|p| p.e_mv.get(ion));
        // A single sample still gets a line across the plot.
        let pts = if pts.len() == 1 {
            vec![(axis.lo, pts[0].1), (axis.hi, pts[0].1)]
        } else {
            pts
        };
        s.line(&mut chart, pts, &ion_style(ion))?;
    }
    if let Some(th) = view.threshold_mv {
        let across = [(axis.lo, th), (axis.hi, th)];
        s.line(&mut chart, across.iter().copied(), &THRESHOLD_STYLE)?;
    }
    if let Some((t, v_at)) = view.cursor {
        let x = axis.x(t);
        let across = [(x, v_lo), (x, v_hi)];
        s.line(&mut chart, across.iter().copied(), &CURSOR_STYLE)?;
        if !view.hide_v && v_at.is_finite() {
            let at = chart.backend_coord(&(x, v_at));
            s.root
                .draw(&Circle::new(
                    at,
                    s.px(4.0).max(2),
                    rgb(TOTAL_STYLE.colour).filled(),
                ))
                .map_err(js_err)?;
        }
    } else if !v.is_empty() {
        if let Some(&end) = v.last() {
            let at = chart.backend_coord(&end);
            s.root
                .draw(&Circle::new(
                    at,
                    s.px(3.5).max(2),
                    rgb(TOTAL_STYLE.colour).filled(),
                ))
                .map_err(js_err)?;
        }
    }
    drop(chart);
    s.finish()
}
