//! The concentration chart: inside Na⁺, K⁺ and Cl⁻ (mM) against the same time
//! axis as the voltage chart. At rest the lines are flat — the pump holds the
//! gradients against the leaks; with the pump blocked Na⁺ᵢ climbs and K⁺ᵢ falls
//! over hours, which is what runs V down.
//!
//! When the cell can swell, a strip below shows its volume relative to the
//! start, on the same time axis.

use rpl_model::{Ion, Sample};
use wasm_bindgen::JsValue;
use web_sys::HtmlCanvasElement;

use super::{
    draw_label_column, ion_style, label_column_width, nice_ceil, padded_range, thin_for_plot,
    LineLabel, Surface, TimeAxis, TimeScale, VOLUME_STYLE,
};

/// The ions whose inside concentrations the chart shows, largest first.
pub const CONC_IONS: [Ion; 3] = [Ion::K, Ion::Na, Ion::Cl];

/// What the concentration chart shows.
#[derive(Debug, Clone, Copy)]
pub struct ConcentrationView<'a> {
    /// The run's samples, oldest first.
    pub history: &'a [Sample],
    /// Linear or logarithmic time (as on the voltage chart).
    pub time_scale: TimeScale,
    /// Whether to add the relative-volume strip.
    pub show_volume: bool,
    /// Pinned runs, drawn as grey ghost traces (as on the voltage chart).
    pub pins: &'a [rpl_ui::pins::Pin],
}

/// The concentration axis: 0 up to a round number above every sample.
pub fn concentration_axis(view: &ConcentrationView) -> (f64, f64) {
    let hi = view
        .history
        .iter()
        .chain(view.pins.iter().flat_map(|p| p.samples.iter()))
        .flat_map(|s| CONC_IONS.iter().map(|&i| s.c_in_mm.get(i)))
        .filter(|c| c.is_finite())
        .fold(0.0f64, f64::max);
    let step = nice_ceil((hi * 1.08).max(1.0) / 5.0);
    (0.0, ((hi * 1.08) / step).ceil().max(1.0) * step)
}

/// Draw the concentration chart into `canvas`, replacing what was there.
pub fn draw_concentrations(
    canvas: &HtmlCanvasElement,
    view: &ConcentrationView,
    scale: f64,
) -> Result<(), JsValue> {
    let s = Surface::new(canvas, scale)?;
    let (w, h) = s.root.dim_in_pixel();
    let narrow = f64::from(w) < 480.0 * s.scale;
    // The same time axis as the voltage chart's: to the longest run's end.
    let times: Vec<f64> = view
        .history
        .iter()
        .chain(view.pins.iter().flat_map(|p| p.samples.last()))
        .map(|p| p.t_s)
        .collect();
    let axis = TimeAxis::for_times(view.time_scale, &times, if narrow { 4 } else { 8 });
    let (c_lo, c_hi) = concentration_axis(view);
    let last = view.history.last();

    let mut labels: Vec<LineLabel> = CONC_IONS
        .iter()
        .filter_map(|&ion| {
            let c = last?.c_in_mm.get(ion);
            c.is_finite()
                .then(|| LineLabel::new(ion.symbol(), "i", ion_style(ion), c))
        })
        .collect();
    let vol_labels: Vec<LineLabel> = last
        .filter(|_| view.show_volume)
        .map(|p| {
            vec![LineLabel::new(
                rpl_ui::t!("chart.volume"),
                "",
                VOLUME_STYLE,
                p.volume_rel,
            )]
        })
        .unwrap_or_default();
    let column_w = label_column_width(&s, &labels)?
        .max(label_column_width(&s, &vol_labels)?)
        .max(s.px(12.0));

    let (top, bottom) = if view.show_volume {
        let split = (f64::from(h) * 0.64).round() as i32;
        let (a, b) = s.root.split_vertically(split);
        (a, Some(b))
    } else {
        (s.root.clone(), None)
    };
    let x_area = s.px(40.0);
    let mut chart = s.chart(
        &top,
        [s.px(12.0), column_w, s.px(4.0), s.px(4.0)],
        (if bottom.is_some() { 0 } else { x_area }, s.px(52.0)),
        axis.coord(),
        c_lo..c_hi,
    );
    let time_title = crate::view::charts::time_axis_title(&axis);
    s.axes(
        &chart,
        (6, 52.0),
        bottom.is_none().then_some(time_title.as_str()),
        rpl_ui::t!("chart.conc-y"),
    )?;
    let no_label = |_: f64| String::new();
    if bottom.is_some() {
        s.x_ticks(&chart, &axis.ticks, &no_label, true)?;
    } else {
        s.x_ticks(&chart, &axis.ticks, &|x| axis.label(x), true)?;
    }

    let plot_w = chart.plotting_area().dim_in_pixel().0 as usize;
    let series = |f: &dyn Fn(&Sample) -> f64| -> Vec<(f64, f64)> {
        let pts: Vec<(f64, f64)> = view
            .history
            .iter()
            .map(|p| (axis.x(p.t_s), f(p)))
            .filter(|p| p.1.is_finite())
            .collect();
        let pts = thin_for_plot(&pts, axis.lo, axis.hi, plot_w);
        if pts.len() == 1 {
            vec![(axis.lo, pts[0].1), (axis.hi, pts[0].1)]
        } else {
            pts
        }
    };
    // Pinned runs first, under the live one, each ion in the pin's grey dash.
    for (i, pin) in view.pins.iter().enumerate() {
        let style = super::voltage::PIN_STYLES[i % super::voltage::PIN_STYLES.len()];
        for &ion in &CONC_IONS {
            let pts: Vec<(f64, f64)> = pin
                .samples
                .iter()
                .map(|p| (axis.x(p.t_s), p.c_in_mm.get(ion)))
                .filter(|p| p.1.is_finite() && p.0 >= axis.lo && p.0 <= axis.hi)
                .collect();
            let pts = thin_for_plot(&pts, axis.lo, axis.hi, plot_w);
            s.line(&mut chart, pts.iter().copied(), &style)?;
        }
    }
    for &ion in &CONC_IONS {
        let style = ion_style(ion);
        let pts = series(&|p| p.c_in_mm.get(ion));
        s.line(&mut chart, pts.iter().copied(), &style)?;
        if let Some(&end) = pts.last() {
            s.marker(chart.backend_coord(&end), 3.5, &style)?;
        }
    }
    // Labels of close lines (Na⁺ and Cl⁻ near the bottom) are pushed apart.
    rpl_model::order::insertion_sort_by(&mut labels, |a, b| a.at.total_cmp(&b.at));
    draw_label_column(&s, &chart, &labels)?;
    drop(chart);

    if let Some(area) = bottom {
        let (v_lo, v_hi) = padded_range(
            view.history
                .iter()
                .map(|p| p.volume_rel)
                .chain(std::iter::once(1.0)),
            0.1,
            0.1,
            (0.9, 1.1),
        );
        let mut vchart = s.chart(
            &area,
            [s.px(6.0), column_w, s.px(4.0), s.px(4.0)],
            (x_area, s.px(52.0)),
            axis.coord(),
            v_lo..v_hi,
        );
        s.axes(
            &vchart,
            (3, 52.0),
            Some(&time_title),
            rpl_ui::t!("chart.volume-y"),
        )?;
        s.x_ticks(&vchart, &axis.ticks, &|x| axis.label(x), true)?;
        let pts = series(&|p| p.volume_rel);
        s.line(&mut vchart, pts, &VOLUME_STYLE)?;
        draw_label_column(&s, &vchart, &vol_labels)?;
    }
    s.finish()
}
