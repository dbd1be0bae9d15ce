//! The chart panels around the model: the voltage chart with its "log time"
//! option, the concentration chart, the current bars with their table, and
//! the voltage-clamp panel (held V control, a table of each ion's current
//! there, the I–V chart).
//!
//! The clamp is an evaluation at the present concentrations
//! ([`Simulation::clamp`], [`Simulation::iv_curve`]); it never changes the
//! running model. Every panel but the voltage chart is optional: a page
//! without its elements simply does not show it.
//!
//! Drawing cost: each chart is redrawn only when what it shows has changed by
//! about a pixel (a key of rounded values is compared with the last drawn
//! one), so at rest most frames draw nothing, and the I–V chart is recomputed
//! only when the concentrations, the parameters or the held voltage change.

use rpl_model::decimal::Plain;
use std::cell::{Cell, RefCell};

use rpl_model::scenario::Panels;
use rpl_model::{Ion, Millivolts, Readouts, Simulation};
pub use rpl_ui::state::{
    held_refusal, parse_held_mv, ClampTarget, CLAMP_MAX_MV, CLAMP_MIN_MV, CLAMP_START_MV,
};
use rpl_ui::state::{AppState, ChartSettings};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, HtmlButtonElement, HtmlCanvasElement, HtmlElement, HtmlInputElement};

use crate::history::History;
use crate::platform::dom;
use crate::view::charts::currents::current_bars;
use crate::view::charts::{
    self, format_current, format_number_1, ConcentrationView, CurrentsView, IvView, TimeAxis,
    TimeScale, VoltageView,
};
use crate::view::i18n::{t, tf};

/// The ids of the chart panels' elements (all optional but the voltage canvas,
/// which the app finds itself).
pub mod ids {
    /// `<input type=checkbox>`: logarithmic time on the voltage and concentration charts.
    pub const LOG_TIME: &str = "log-time";
    /// The concentration panel (hidden when the scenario leaves it out).
    pub const CONC_PANEL: &str = "conc-panel";
    /// `<canvas>`: inside concentrations against time.
    pub const CONC_CHART: &str = "conc-chart";
    /// The current-bars panel.
    pub const CURRENTS_PANEL: &str = "currents-panel";
    /// `<canvas>`: current bars.
    pub const CURRENTS_CHART: &str = "currents-chart";
    /// `<table>`: each current as a number (filled by the app).
    pub const CURRENTS_TABLE: &str = "currents-table";
    /// Text under the bars: steady state or not.
    pub const CURRENTS_CAPTION: &str = "currents-caption";
    /// `<details>`: the voltage-clamp panel (open when the scenario asks for it).
    pub const CLAMP_PANEL: &str = "clamp-panel";
    /// `<input type=range>`: held voltage, mV.
    pub const CLAMP_SLIDER: &str = "clamp-slider";
    /// `<input type=text>`: held voltage, typed, mV.
    pub const CLAMP_INPUT: &str = "clamp-input";
    /// Message beside the held-voltage control when a typed value is refused.
    pub const CLAMP_ERROR: &str = "clamp-error";
    /// Buttons that hold V at V_rest or at an ion's E (`data-to` = `rest`, `K`, `Na`, `Cl`).
    pub const CLAMP_TO: &str = "clamp-to";
    /// `<table>`: each current at the held voltage (filled by the app).
    pub const CLAMP_TABLE: &str = "clamp-table";
    /// The clamp's note shown instead of its currents while a lesson keeps its answer.
    pub const CLAMP_HIDDEN: &str = "clamp-hidden";
    /// `<canvas>`: the I–V chart.
    pub const IV_CHART: &str = "iv-chart";
}

/// Points on the I–V curve (2 mV apart).
pub const IV_POINTS: usize = 91;

/// One table of currents: a row per quantity, cells found by `data-col`.
struct Table {
    /// Column headings with their i18n keys.
    heads: Vec<(Element, &'static str)>,
    rows: Vec<(Row, HtmlElement, Vec<HtmlElement>)>,
    /// Row headings (their text depends on the language).
    row_heads: Vec<(Row, Element)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Row {
    Ion(Ion),
    Pump,
    Total,
}

impl Row {
    const ALL: [Row; 6] = [
        Row::Ion(Ion::Na),
        Row::Ion(Ion::K),
        Row::Ion(Ion::Cl),
        Row::Ion(Ion::Ca),
        Row::Pump,
        Row::Total,
    ];

    fn key(self) -> &'static str {
        match self {
            Row::Ion(i) => i.name(),
            Row::Pump => "pump",
            Row::Total => "total",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Row::Ion(i) => i.symbol(),
            Row::Pump => rpl_ui::t!("table.pump"),
            Row::Total => rpl_ui::t!("table.total"),
        }
    }
}

impl Table {
    /// Fill `table` with a header of `columns` (column key, i18n key of its
    /// heading) and a row per quantity.
    fn build(table: &Element, columns: &[(&str, &'static str)]) -> Result<Table, JsValue> {
        let b = dom::Build::new(dom::document()?);
        table.set_inner_html("");
        let head = b.html("thead", "", "");
        let tr = b.html("tr", "", "");
        let th = b.html("th", "", "");
        b.attr(&th, "scope", "col");
        b.append(&tr, &[&th]);
        let mut heads = Vec::new();
        for (_, heading) in columns {
            let th = b.html("th", "", "");
            b.attr(&th, "scope", "col");
            if !b.failed() {
                th.set_text_content(Some(t(heading)));
            }
            b.append(&tr, &[&th]);
            heads.push((th, *heading));
        }
        b.append(&head, &[&tr]);
        b.append(table, &[&head]);
        let body = b.html("tbody", "", "");
        let mut rows = Vec::new();
        let mut row_heads = Vec::new();
        for row in Row::ALL {
            let tr: HtmlElement = b.cast(b.html("tr", "", ""));
            b.attr(&tr, "data-row", row.key());
            let th = b.html("th", "", "");
            b.attr(&th, "scope", "row");
            if !b.failed() {
                th.set_text_content(Some(row.label()));
            }
            b.append(&tr, &[&th]);
            row_heads.push((row, th));
            let mut cells = Vec::new();
            for (key, _) in columns {
                let td: HtmlElement = b.cast(b.html("td", "", ""));
                b.attr(&td, "data-col", key);
                b.append(&tr, &[&td]);
                cells.push(td);
            }
            b.append(&body, &[&tr]);
            rows.push((row, tr, cells));
        }
        b.append(table, &[&body]);
        b.finish()?;
        Ok(Table {
            heads,
            rows,
            row_heads,
        })
    }

    /// Rewrite the headings in the page's present language.
    fn relabel(&self) {
        for (th, key) in &self.heads {
            dom::set_text(th, t(key));
        }
        for (row, th) in &self.row_heads {
            dom::set_text(th, row.label());
        }
    }

    /// Show row `row` (or hide it) and put `values` (text, exact value) in its cells.
    fn set(
        &self,
        row: Row,
        visible: bool,
        values: &[Option<(String, f64)>],
    ) -> Result<(), JsValue> {
        let Some((_, tr, cells)) = self.rows.iter().find(|r| r.0 == row) else {
            return Ok(());
        };
        dom::set_visible(tr, visible);
        for (cell, value) in cells.iter().zip(values) {
            match value {
                Some((text, v)) => {
                    if cell.text_content().as_deref() != Some(text.as_str()) {
                        cell.set_text_content(Some(text));
                        let value = if v.is_finite() {
                            Plain(*v).to_string()
                        } else {
                            String::new()
                        };
                        cell.set_attribute("data-value", &value)?;
                    }
                }
                None => dom::set_text(cell, ""),
            }
        }
        Ok(())
    }
}

/// The panels' elements, each optional.
struct Elements {
    log_time: Option<HtmlInputElement>,
    conc_panel: Option<HtmlElement>,
    conc: Option<HtmlCanvasElement>,
    currents_panel: Option<HtmlElement>,
    currents: Option<HtmlCanvasElement>,
    currents_table: Option<Table>,
    caption: Option<HtmlElement>,
    clamp_panel: Option<HtmlElement>,
    clamp_slider: Option<HtmlInputElement>,
    clamp_input: Option<HtmlInputElement>,
    clamp_error: Option<HtmlElement>,
    clamp_buttons: Vec<HtmlButtonElement>,
    clamp_table: Option<Table>,
    iv: Option<HtmlCanvasElement>,
    /// The clamp's controls and its table and chart, hidden (with the note
    /// below shown instead) while a lesson keeps its answer.
    clamp_parts: Vec<HtmlElement>,
    clamp_hidden: Option<HtmlElement>,
}

/// What a chart last drew: a key of its layout and the reader's settings
/// (a change there redraws at once) and a key of its data, rounded to about a
/// pixel (a change there redraws in the chart's turn while the model runs).
#[derive(Default)]
struct Keys {
    layout: Vec<f64>,
    data: Vec<f64>,
}

/// Whether a chart with new `layout` and `data` keys should be drawn now.
/// In animation frames (`busy`) the three secondary charts take turns (one
/// per frame, `slot` of 3), so no frame draws them all.
fn due(keys: &Keys, layout: &[f64], data: &[f64], busy: bool, frame: u64, slot: u64) -> bool {
    keys.layout != layout || (keys.data != data && (!busy || frame % 3 == slot))
}

/// Keys of what each chart last drew.
#[derive(Default)]
struct Drawn {
    voltage: Vec<f64>,
    conc: Keys,
    currents: Keys,
    iv: Keys,
    panels: Option<rpl_model::scenario::Panels>,
    /// The held voltage the clamp's controls show, and the refusal shown
    /// beside them (`None`: not yet written).
    held: Option<(f64, Option<String>)>,
    /// Animation frames rendered so far.
    frame: u64,
    /// Whether this render is an animation frame's (then the secondary charts
    /// take turns); a render after an event draws everything that changed.
    busy: bool,
}

/// The chart panels of a page.
pub struct ChartPanels {
    els: Elements,
    drawn: RefCell<Drawn>,
    in_frame: Cell<bool>,
}

/// The panels' own controls, for the event listeners (each optional).
pub struct PanelControls {
    /// The "log time" checkbox.
    pub log_time: Option<HtmlInputElement>,
    /// The held-voltage slider.
    pub clamp_slider: Option<HtmlInputElement>,
    /// The typed held voltage.
    pub clamp_input: Option<HtmlInputElement>,
    /// The "hold at E_K / rest …" buttons and where each puts the held voltage.
    pub clamp_buttons: Vec<(HtmlButtonElement, ClampTarget)>,
    /// The clamp's `<details>` (opening it draws what was skipped while closed).
    pub clamp_panel: Option<HtmlElement>,
}

/// `x` rounded to about `digits` significant digits (for keys).
fn round_sig(x: f64, digits: i32) -> f64 {
    if !x.is_finite() || x == 0.0 {
        return if x.is_finite() { 0.0 } else { f64::MAX };
    }
    let p = 10f64.powi(digits - 1 - x.abs().log10().floor() as i32);
    (x * p).round() / p
}

fn find_opt<T: JsCast>(root: &Element, id: &str) -> Option<T> {
    dom::find::<T>(root, id).ok()
}

/// Canvas size in pixels and the scale, or `None` when it is not laid out (hidden).
pub fn fit(canvas: &HtmlCanvasElement) -> Option<f64> {
    let (w, h) = dom::css_size(canvas);
    if w == 0 || h == 0 {
        return None;
    }
    Some(dom::fit_canvas(canvas))
}

fn ion_shown(sim: &Simulation, ion: Ion) -> bool {
    ion != Ion::Ca || sim.params().perm.ca > 0.0
}

impl ChartPanels {
    /// The panels' canvases (concentrations, currents, I–V), for
    /// [`dom::measure_canvases`].
    pub fn canvases(&self) -> impl Iterator<Item = &HtmlCanvasElement> {
        [&self.els.conc, &self.els.currents, &self.els.iv]
            .into_iter()
            .flatten()
    }

    /// Find the panels' elements inside `root` and build their tables.
    pub fn find(root: &Element) -> Result<ChartPanels, JsValue> {
        let currents_table = match find_opt::<Element>(root, ids::CURRENTS_TABLE) {
            Some(t) => Some(Table::build(
                &t,
                &[("current", "table.current"), ("drive", "table.drive")],
            )?),
            None => None,
        };
        let clamp_table = match find_opt::<Element>(root, ids::CLAMP_TABLE) {
            Some(t) => Some(Table::build(
                &t,
                &[
                    ("e", "table.e"),
                    ("drive", "table.drive"),
                    ("current", "table.current"),
                ],
            )?),
            None => None,
        };
        let mut clamp_buttons = Vec::new();
        if let Some(group) = find_opt::<Element>(root, ids::CLAMP_TO) {
            // The group's own children (no NodeList needed).
            let mut child = group.first_element_child();
            while let Some(el) = child {
                child = el.next_element_sibling();
                if let Ok(b) = el.dyn_into::<HtmlButtonElement>() {
                    clamp_buttons.push(b);
                }
            }
        }
        let els = Elements {
            log_time: find_opt(root, ids::LOG_TIME),
            conc_panel: find_opt(root, ids::CONC_PANEL),
            conc: find_opt(root, ids::CONC_CHART),
            currents_panel: find_opt(root, ids::CURRENTS_PANEL),
            currents: find_opt(root, ids::CURRENTS_CHART),
            currents_table,
            caption: find_opt(root, ids::CURRENTS_CAPTION),
            clamp_panel: find_opt(root, ids::CLAMP_PANEL),
            clamp_slider: find_opt(root, ids::CLAMP_SLIDER),
            clamp_input: find_opt(root, ids::CLAMP_INPUT),
            clamp_error: find_opt(root, ids::CLAMP_ERROR),
            clamp_buttons,
            clamp_table,
            iv: find_opt(root, ids::IV_CHART),
            clamp_parts: [".clamp-control", ".clamp-body"]
                .into_iter()
                .filter_map(|sel| {
                    root.query_selector(&format!("#{} {sel}", ids::CLAMP_PANEL))
                        .ok()
                        .flatten()
                        .and_then(|e| e.dyn_into::<HtmlElement>().ok())
                })
                .collect(),
            clamp_hidden: find_opt(root, ids::CLAMP_HIDDEN),
        };
        if let Some(s) = &els.clamp_slider {
            s.set_min(&Plain(CLAMP_MIN_MV).to_string());
            s.set_max(&Plain(CLAMP_MAX_MV).to_string());
            s.set_step("0.5");
        }
        let panels = ChartPanels {
            els,
            drawn: RefCell::new(Drawn::default()),
            in_frame: Cell::new(false),
        };
        if let Some(cb) = &panels.els.log_time {
            cb.set_checked(false);
        }
        sync_held(&panels.els, CLAMP_START_MV);
        Ok(panels)
    }

    /// Say that the next render is an animation frame's: charts whose data
    /// changed may then wait a frame or two for their turn (the voltage chart
    /// never waits). Renders after events always draw at once.
    pub fn next_render_is_frame(&self) {
        self.in_frame.set(true);
    }

    /// Forget what was drawn, so the next render redraws everything (after a
    /// new scenario is loaded or a language switch). The panels shown stay as
    /// they are.
    pub fn invalidate(&self) {
        let mut d = self.drawn.borrow_mut();
        let panels = d.panels;
        *d = Drawn::default();
        d.panels = panels;
    }

    /// The panels' controls, for [`crate::events`].
    pub fn controls(&self) -> PanelControls {
        let clamp_buttons = self
            .els
            .clamp_buttons
            .iter()
            .filter_map(|b| {
                let target = match b.get_attribute("data-to").as_deref() {
                    Some("rest") => ClampTarget::Rest,
                    Some(name) => ClampTarget::E(Ion::parse(name)?),
                    None => return None,
                };
                Some((b.clone(), target))
            })
            .collect();
        PanelControls {
            log_time: self.els.log_time.clone(),
            clamp_slider: self.els.clamp_slider.clone(),
            clamp_input: self.els.clamp_input.clone(),
            clamp_buttons,
            clamp_panel: self.els.clamp_panel.clone(),
        }
    }

    /// Rewrite the panels' own texts in the page's present language (the
    /// headings of the tables, a refusal shown beside the held voltage) and
    /// redraw every chart at the next render. Static texts are filled by
    /// [`crate::view::i18n::apply`].
    pub fn relabel(&self) {
        for table in [&self.els.currents_table, &self.els.clamp_table]
            .into_iter()
            .flatten()
        {
            table.relabel();
        }
        self.invalidate();
    }

    /// Draw whatever has changed since the last render: the voltage chart on
    /// `voltage_canvas`, then the optional panels. `r` is `sim`'s readouts.
    pub fn render(&self, voltage_canvas: &HtmlCanvasElement, s: &AppState) -> Result<(), JsValue> {
        self.show_panels(s.panels);
        {
            let mut d = self.drawn.borrow_mut();
            d.busy = self.in_frame.replace(false);
            if d.busy {
                d.frame += 1;
            }
        }
        if let Some(cb) = &self.els.log_time {
            let log = s.chart.time_scale == TimeScale::Log;
            if cb.checked() != log {
                cb.set_checked(log);
            }
        }
        let (sim, r) = (&s.sim, &s.readouts);
        let hide_v = s.hides(rpl_lessons::Hidden::Voltage);
        let threshold = s.threshold_mv();
        let cursor = s.looking_back.is_some().then(|| (sim.time().0, r.v_mv));
        self.render_time_charts(
            voltage_canvas,
            sim,
            &s.history,
            s.chart.time_scale,
            (hide_v, threshold, cursor),
            &s.pins,
        )?;
        self.render_currents(
            sim,
            r,
            s.hides(rpl_lessons::Hidden::CurrentsCaption),
            hide_v,
        )?;
        self.sync_held(&s.chart);
        self.render_clamp(sim, r, s.chart.held_mv, s.clamp_shown())?;
        Ok(())
    }

    /// Show the panels chosen (the clamp opens or closes when they change).
    fn show_panels(&self, panels: Panels) {
        let mut drawn = self.drawn.borrow_mut();
        if drawn.panels == Some(panels) {
            return;
        }
        let first = drawn.panels.is_none();
        drawn.panels = Some(panels);
        if let Some(p) = &self.els.conc_panel {
            dom::set_visible(p, panels.concentrations);
        }
        if let Some(p) = &self.els.currents_panel {
            dom::set_visible(p, panels.currents);
        }
        if let Some(p) = &self.els.clamp_panel {
            if panels.clamp {
                p.set_attribute("open", "").ok();
            } else if !first {
                p.remove_attribute("open").ok();
            }
        }
    }

    /// Put the held-voltage controls at the state's held voltage and show a
    /// refused typed value beside them, when either changed.
    fn sync_held(&self, chart: &ChartSettings) {
        let want = (chart.held_mv, chart.held_refused.clone());
        if self.drawn.borrow().held.as_ref() == Some(&want) {
            return;
        }
        let refused = chart.held_refused.as_deref();
        if refused.is_none() {
            sync_held(&self.els, chart.held_mv);
        }
        if let Some(e) = &self.els.clamp_error {
            let text = refused.map(|t| held_refusal(t, chart.held_mv));
            dom::show_message(e, text.as_deref().filter(|t| !t.is_empty()));
        }
        if let Some(i) = &self.els.clamp_input {
            let invalid = if refused.is_some() { "true" } else { "false" };
            i.set_attribute("aria-invalid", invalid).ok();
        }
        self.drawn.borrow_mut().held = Some(want);
    }

    fn render_time_charts(
        &self,
        voltage_canvas: &HtmlCanvasElement,
        sim: &Simulation,
        history: &History,
        scale: TimeScale,
        (hide_v, threshold_mv, cursor): (bool, Option<f64>, Option<(f64, f64)>),
        pins: &[rpl_ui::pins::Pin],
    ) -> Result<(), JsValue> {
        let samples = history.samples();
        let spikes = rpl_ui::excite::spike_peaks(history, sim);
        let times: Vec<f64> = samples.iter().map(|s| s.t_s).collect();
        // Where the newest sample sits along the axis, in steps of 2 CSS pixels.
        let progress = |canvas: &HtmlCanvasElement, dpr: f64| {
            let axis = TimeAxis::for_times(scale, &times, 8);
            let x = times.last().map_or(axis.lo, |&t| axis.x(t));
            let frac = (x - axis.lo) / (axis.hi - axis.lo).max(1e-12);
            let css_w = f64::from(canvas.width()) / dpr;
            vec![
                axis.lo,
                axis.hi,
                axis.ticks.len() as f64,
                (frac * css_w / 2.0).floor(),
            ]
        };
        let base = |canvas: &HtmlCanvasElement, dpr: f64| {
            vec![
                f64::from(canvas.width()),
                f64::from(canvas.height()),
                dpr,
                f64::from(u8::from(scale == TimeScale::Log)),
                samples.len().min(2) as f64,
                times.first().copied().unwrap_or(0.0),
            ]
        };
        let last = history.last();
        let time_title =
            crate::view::charts::time_axis_title(&TimeAxis::for_times(scale, &times, 8));
        set_axes(voltage_canvas, &[&time_title, rpl_ui::t!("chart.y")])?;
        if let Some(dpr) = fit(voltage_canvas) {
            let mut key = base(voltage_canvas, dpr);
            key.push(f64::from(u8::from(hide_v)));
            key.push(threshold_mv.unwrap_or(f64::NAN));
            // The pinned runs, by their ends.
            key.extend(
                pins.iter()
                    .flat_map(|p| p.samples.last())
                    .map(|p| p.t_s + p.v_mv),
            );
            if let Some((t, v)) = cursor {
                key.extend([t, v]);
            }
            key.extend(progress(voltage_canvas, dpr));
            if let Some(p) = last {
                key.push((p.v_mv * 10.0).round());
                key.extend(
                    charts::voltage::E_IONS
                        .iter()
                        .map(|&i| (p.e_mv.get(i) * 10.0).round()),
                );
            }
            key.push(spikes.len() as f64);
            key.push(spikes.last().map_or(0.0, |p| p.0 + p.1));
            if self.drawn.borrow().voltage != key {
                let view = VoltageView {
                    history: samples,
                    time_scale: scale,
                    hide_v,
                    threshold_mv,
                    cursor,
                    pins,
                    spikes: &spikes,
                };
                charts::draw_voltage(voltage_canvas, &view, dpr)?;
                self.drawn.borrow_mut().voltage = key;
            }
        } else if dom::css_size(voltage_canvas).0 == 0 {
            // Not laid out (e.g. a detached page in a test): draw at its own size.
            let view = VoltageView {
                history: samples,
                time_scale: scale,
                hide_v,
                threshold_mv,
                cursor,
                pins,
                spikes: &spikes,
            };
            charts::draw_voltage(voltage_canvas, &view, 1.0)?;
        }
        let Some(canvas) = &self.els.conc else {
            return Ok(());
        };
        let show_volume = sim.scenario().cell.volume == rpl_model::VolumeMode::Swelling
            || samples.iter().any(|s| (s.volume_rel - 1.0).abs() > 5e-3);
        let mut titles = vec![time_title.as_str(), rpl_ui::t!("chart.conc-y")];
        if show_volume {
            titles.push(rpl_ui::t!("chart.volume-y"));
        }
        set_axes(canvas, &titles)?;
        let Some(dpr) = fit(canvas) else {
            return Ok(());
        };
        let mut layout = base(canvas, dpr);
        layout.push(f64::from(u8::from(show_volume)));
        let mut key = progress(canvas, dpr);
        key.extend(
            pins.iter()
                .flat_map(|p| p.samples.last())
                .map(|p| p.t_s + p.v_mv),
        );
        if let Some(p) = last {
            key.extend(
                charts::concentrations::CONC_IONS
                    .iter()
                    .map(|&i| round_sig(p.c_in_mm.get(i), 3)),
            );
            key.push(round_sig(p.volume_rel, 3));
        }
        let draw = {
            let d = self.drawn.borrow();
            due(&d.conc, &layout, &key, d.busy, d.frame, 0)
        };
        if draw {
            let view = ConcentrationView {
                history: samples,
                time_scale: scale,
                show_volume,
                pins,
            };
            charts::draw_concentrations(canvas, &view, dpr)?;
            self.drawn.borrow_mut().conc = Keys { layout, data: key };
        }
        Ok(())
    }

    /// The current bars, their table and caption (`hide_caption`: the open
    /// lesson asks what the caption would say).
    fn render_currents(
        &self,
        sim: &Simulation,
        r: &Readouts,
        hide_caption: bool,
        hide_v: bool,
    ) -> Result<(), JsValue> {
        let ions: Vec<Ion> = [Ion::Na, Ion::K, Ion::Cl, Ion::Ca]
            .into_iter()
            .filter(|&i| ion_shown(sim, i))
            .collect();
        let bars = current_bars(
            &ions,
            &r.leak_current_ua_cm2,
            r.pump_current_ua_cm2,
            r.injected_current_ua_cm2,
            r.net_current_ua_cm2,
        );
        let view = CurrentsView { bars: &bars };
        let full = view.full_scale();
        if let Some(c) = &self.els.currents {
            set_axes(c, &[rpl_ui::t!("chart.current-y")])?;
        }
        let canvas = self.els.currents.as_ref().and_then(|c| Some((c, fit(c)?)));
        let mut layout = canvas.map_or(vec![], |(c, dpr)| {
            vec![f64::from(c.width()), f64::from(c.height()), dpr]
        });
        // Showing or hiding the caption or V (a lesson's check) rewrites them at once.
        layout.push(f64::from(u8::from(hide_caption)));
        layout.push(f64::from(u8::from(hide_v)));
        let key: Vec<f64> = bars
            .iter()
            .map(|b| {
                if b.value_ua_cm2.abs() <= full * 1e-6 {
                    0.0
                } else {
                    round_sig(b.value_ua_cm2, 3)
                }
            })
            .collect();
        let draw = {
            let d = self.drawn.borrow();
            due(&d.currents, &layout, &key, d.busy, d.frame, 1)
        };
        if !draw {
            return Ok(());
        }
        if let Some(table) = &self.els.currents_table {
            for row in Row::ALL {
                let (visible, current, drive) = match row {
                    Row::Ion(i) => (
                        ions.contains(&i),
                        r.leak_current_ua_cm2.get(i),
                        Some(r.driving_force_mv.get(i)),
                    ),
                    Row::Pump => (true, r.pump_current_ua_cm2, None),
                    Row::Total => (true, r.net_current_ua_cm2, None),
                };
                table.set(
                    row,
                    visible,
                    &[
                        Some((format_current(current, full), current)),
                        // V − E gives V away where a lesson hides it.
                        drive.map(|d| {
                            if hide_v {
                                ("?".to_string(), f64::NAN)
                            } else {
                                (format_number_1(d), d)
                            }
                        }),
                    ],
                )?;
            }
        }
        let steady = r.net_current_ua_cm2.abs() <= 1e-3 * full.max(1e-12);
        if let Some(caption) = &self.els.caption {
            let text = if hide_caption {
                rpl_ui::t!("lessons.hidden").to_string()
            } else if !steady {
                tf(
                    "currents.not-steady",
                    &[("current", &format_current(r.net_current_ua_cm2, full))],
                )
            } else if r.pump_current_ua_cm2 > 0.0 {
                rpl_ui::t!("currents.steady-pump").to_string()
            } else {
                rpl_ui::t!("currents.steady-blocked").to_string()
            };
            dom::set_text(caption, &text);
            caption.set_attribute("data-steady", if steady { "true" } else { "false" })?;
        }
        if let Some((canvas, dpr)) = canvas {
            charts::draw_currents(canvas, &view, dpr)?;
        }
        self.drawn.borrow_mut().currents = Keys { layout, data: key };
        Ok(())
    }

    fn render_clamp(
        &self,
        sim: &Simulation,
        r: &Readouts,
        held_mv: f64,
        shown: bool,
    ) -> Result<(), JsValue> {
        let open = self
            .els
            .clamp_panel
            .as_ref()
            .is_none_or(|p| p.has_attribute("open"));
        if !open {
            return Ok(());
        }
        for part in &self.els.clamp_parts {
            dom::set_visible(part, shown);
        }
        if let Some(note) = &self.els.clamp_hidden {
            dom::set_visible(note, !shown);
        }
        if !shown {
            // What the canvas holds stays what its keys say: drawn again
            // only when they change.
            return Ok(());
        }
        let held_mv = if held_mv.is_finite() {
            held_mv
        } else {
            CLAMP_START_MV
        };
        let held = sim.clamp(Millivolts(held_mv));
        let ions: Vec<Ion> = [Ion::Na, Ion::K, Ion::Cl, Ion::Ca]
            .into_iter()
            .filter(|&i| ion_shown(sim, i))
            .collect();
        if let Some(c) = &self.els.iv {
            set_axes(
                c,
                &[rpl_ui::t!("chart.iv-x"), rpl_ui::t!("chart.current-y")],
            )?;
        }
        let canvas = self.els.iv.as_ref().and_then(|c| Some((c, fit(c)?)));
        let layout = canvas.map_or(vec![held_mv], |(c, dpr)| {
            vec![f64::from(c.width()), f64::from(c.height()), dpr, held_mv]
        });
        let p = sim.params();
        let mut key = vec![
            p.t_kelvin,
            round_sig(p.pump.active_fraction(), 4),
            round_sig(r.v_zero_current_mv, 4),
        ];
        for ion in Ion::ALL {
            key.push(round_sig(r.c_in_mm.get(ion), 4));
            key.push(round_sig(p.c_out.get(ion), 4));
            key.push(p.perm.get(ion));
        }
        let draw = {
            let d = self.drawn.borrow();
            due(&d.iv, &layout, &key, d.busy, d.frame, 2)
        };
        if !draw {
            return Ok(());
        }
        if let Some(table) = &self.els.clamp_table {
            let full = ions
                .iter()
                .map(|&i| held.leak_ua_cm2.get(i).abs())
                .fold(held.pump_ua_cm2.abs(), f64::max);
            for row in Row::ALL {
                let values = match row {
                    Row::Ion(i) => {
                        let e = r.e_mv.get(i);
                        let c = held.leak_ua_cm2.get(i);
                        [
                            Some((format_number_1(e), e)),
                            Some((format_number_1(held_mv - e), held_mv - e)),
                            Some((format_current(c, full), c)),
                        ]
                    }
                    Row::Pump => [
                        None,
                        None,
                        Some((format_current(held.pump_ua_cm2, full), held.pump_ua_cm2)),
                    ],
                    Row::Total => [
                        Some((format_number_1(r.v_zero_current_mv), r.v_zero_current_mv)),
                        Some((
                            format_number_1(held_mv - r.v_zero_current_mv),
                            held_mv - r.v_zero_current_mv,
                        )),
                        Some((format_current(held.total_ua_cm2, full), held.total_ua_cm2)),
                    ],
                };
                let visible = match row {
                    Row::Ion(i) => ions.contains(&i),
                    _ => true,
                };
                table.set(row, visible, &values)?;
            }
        }
        if let Some((canvas, dpr)) = canvas {
            let curve = sim.iv_curve(
                Millivolts(CLAMP_MIN_MV),
                Millivolts(CLAMP_MAX_MV),
                IV_POINTS,
            );
            let view = IvView {
                curve: &curve,
                ions: &ions,
                e_mv: r.e_mv,
                held,
                v_rest_mv: r.v_zero_current_mv,
            };
            charts::draw_iv(canvas, &view, dpr)?;
        }
        self.drawn.borrow_mut().iv = Keys { layout, data: key };
        Ok(())
    }
}

/// Name a chart's axis titles in its `data-axes` attribute ("x | y"), for
/// tests and tools: the canvas itself holds no text.
fn set_axes(canvas: &HtmlCanvasElement, titles: &[&str]) -> Result<(), JsValue> {
    crate::view::a11y::set_attr(
        canvas,
        "data-axes",
        &rpl_model::strings::join(titles, " | "),
    )
}

/// Put the held-voltage controls at `v` mV.
fn sync_held(els: &Elements, v: f64) {
    if let Some(s) = &els.clamp_slider {
        s.set_value(&Plain(v).to_string());
        s.set_attribute("aria-valuetext", &format!("{} mV", format_number_1(v)))
            .ok();
    }
    if let Some(i) = &els.clamp_input {
        i.set_value(&format_number_1(v));
        i.set_attribute("aria-invalid", "false").ok();
    }
}

/// Draw the chart whose canvas has the id `id` (the voltage chart's is
/// [`crate::view::ids::CHART`]) for the state `s` into `canvas`, whatever
/// its size, at `scale` (sizes given in CSS pixels are multiplied by it):
/// the drawing the page does, from the state alone, so a chart whose panel
/// is closed or hidden can still be drawn (for a picture file). `false` for
/// an id that is not one of the charts.
pub fn draw_chart(
    id: &str,
    canvas: &HtmlCanvasElement,
    s: &AppState,
    scale: f64,
) -> Result<bool, JsValue> {
    let (sim, r) = (&s.sim, &s.readouts);
    let samples = s.history.samples();
    let time_scale = s.chart.time_scale;
    let ions: Vec<Ion> = [Ion::Na, Ion::K, Ion::Cl, Ion::Ca]
        .into_iter()
        .filter(|&i| ion_shown(sim, i))
        .collect();
    match id {
        crate::view::ids::CHART => {
            let view = VoltageView {
                history: samples,
                time_scale,
                hide_v: s.hides(rpl_lessons::Hidden::Voltage),
                threshold_mv: s.threshold_mv(),
                cursor: None,
                pins: &s.pins,
                spikes: &rpl_ui::excite::spike_peaks(&s.history, sim),
            };
            charts::draw_voltage(canvas, &view, scale)?;
        }
        ids::CONC_CHART => {
            let show_volume = sim.scenario().cell.volume == rpl_model::VolumeMode::Swelling
                || samples.iter().any(|p| (p.volume_rel - 1.0).abs() > 5e-3);
            let view = ConcentrationView {
                history: samples,
                time_scale,
                show_volume,
                pins: &s.pins,
            };
            charts::draw_concentrations(canvas, &view, scale)?;
        }
        ids::CURRENTS_CHART => {
            let bars = current_bars(
                &ions,
                &r.leak_current_ua_cm2,
                r.pump_current_ua_cm2,
                r.injected_current_ua_cm2,
                r.net_current_ua_cm2,
            );
            charts::draw_currents(canvas, &CurrentsView { bars: &bars }, scale)?;
        }
        ids::IV_CHART if s.clamp_shown() => {
            let held_mv = if s.chart.held_mv.is_finite() {
                s.chart.held_mv
            } else {
                CLAMP_START_MV
            };
            let curve = sim.iv_curve(
                Millivolts(CLAMP_MIN_MV),
                Millivolts(CLAMP_MAX_MV),
                IV_POINTS,
            );
            let view = IvView {
                curve: &curve,
                ions: &ions,
                e_mv: r.e_mv,
                held: sim.clamp(Millivolts(held_mv)),
                v_rest_mv: r.v_zero_current_mv,
            };
            charts::draw_iv(canvas, &view, scale)?;
        }
        "sweep-chart"
            if !s.hides(rpl_lessons::Hidden::Voltage) && !s.hides(rpl_lessons::Hidden::Sweep) =>
        {
            // The panel's own curves, or (closed) the same curves computed now.
            let mut fresh = rpl_ui::sweep::SweepView::default();
            let curves = if s.sweep_shown() {
                &s.sweep
            } else {
                while fresh.refresh(sim, s.page.sweep) {}
                &fresh
            };
            let title = charts::sweep::x_title(s.page.sweep, s.lang);
            let view = charts::sweep::SweepChartView {
                choice: s.page.sweep,
                curves,
                present: s.page.sweep.present(sim),
                x_title: &title,
            };
            charts::sweep::draw_sweep(canvas, &view, scale)?;
        }
        _ => return Ok(false),
    }
    Ok(true)
}
