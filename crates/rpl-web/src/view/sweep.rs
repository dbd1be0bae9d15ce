//! The sweep panel (`<details id="sweep-panel">`): the parameter and mode
//! selectors, the chart ([`crate::view::charts::sweep`]), a note, and the
//! CSV button. Only shows: the curves live in [`rpl_ui::sweep::SweepView`]
//! inside the state, which computes them; opening the panel, choosing, and a
//! pointer along the chart post messages (crate::events).

use rpl_model::decimal::Plain;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

use rpl_ui::state::AppState;
use rpl_ui::sweep::{SweepChoice, AXES, OUABAIN_POINTS, OUABAIN_TIMES_S};
use wasm_bindgen::JsValue;
use web_sys::{Element, HtmlCanvasElement, HtmlElement, HtmlSelectElement};

use crate::platform::dom;
use crate::view::charts::sweep::{draw_sweep, x_title, SweepChartView};
use crate::view::i18n::{t, tf, Lang};
use crate::view::optional;

/// The sweep panel's elements.
pub struct SweepPanel {
    /// The `<details>`.
    pub details: HtmlElement,
    /// The parameter's selector (values: indices into [`AXES`]).
    pub key: HtmlSelectElement,
    /// The mode's selector ("" or an ouabain time in s).
    pub mode: HtmlSelectElement,
    /// The chart.
    pub canvas: HtmlCanvasElement,
    note: HtmlElement,
    /// The CSV button.
    pub csv: Option<HtmlElement>,
    /// What was last drawn: the curves' version, the choice, the cell's
    /// point, the canvas size, the language, whether shown.
    drawn: RefCell<Option<Drawn>>,
    /// The plot's left and right edges as drawn, CSS pixels from the
    /// canvas's left edge (shared with the pointer's listeners).
    pub plot: Rc<Cell<(f64, f64)>>,
}

/// What a drawing was of: the curves' version, the choice, the cell's
/// point, the canvas size, the language, whether the curves are shown.
type Drawn = (u64, SweepChoice, Option<(f64, f64)>, (u32, u32), Lang, bool);

/// The choice the selectors show.
pub fn choice_of(key: &HtmlSelectElement, mode: &HtmlSelectElement) -> SweepChoice {
    SweepChoice {
        axis: key.value().parse().unwrap_or(0),
        ouabain_s: rpl_model::parse_f64(&mode.value()),
    }
}

impl SweepPanel {
    /// The panel inside `root`, if the page has one.
    pub fn find(root: &Element) -> Result<Option<SweepPanel>, JsValue> {
        let Some(details) = optional::<HtmlElement>(root, "sweep-panel")? else {
            return Ok(None);
        };
        Ok(Some(SweepPanel {
            details,
            key: dom::find(root, "sweep-key")?,
            mode: dom::find(root, "sweep-mode")?,
            canvas: dom::find(root, "sweep-chart")?,
            note: dom::find(root, "sweep-note")?,
            csv: optional(root, "sweep-csv")?,
            drawn: RefCell::new(None),
            plot: Rc::new(Cell::new((0.0, 1.0))),
        }))
    }

    /// Fill the selectors in the page's language.
    pub fn relabel(&self, s: &AppState) -> Result<(), JsValue> {
        let doc = dom::document()?;
        let fill = |select: &HtmlSelectElement, items: Vec<(String, String)>| {
            select.set_inner_html("");
            for (value, text) in items {
                let o = doc.create_element("option")?;
                o.set_attribute("value", &value)?;
                o.set_text_content(Some(&text));
                select.append_child(&o)?;
            }
            Ok::<(), JsValue>(())
        };
        fill(
            &self.key,
            AXES.iter()
                .enumerate()
                .map(|(i, a)| {
                    let name = rpl_ui::errors::field_label(a.key.name(), s.lang);
                    (i.to_string(), name.unwrap_or(a.key.name()).to_string())
                })
                .collect(),
        )?;
        let mut modes = vec![(String::new(), t("sweep.mode.steady").to_string())];
        for t_s in OUABAIN_TIMES_S {
            let d = rpl_ui::format::short_duration(t_s);
            modes.push((
                Plain(t_s).to_string(),
                tf("sweep.mode.ouabain", &[("t", &d)]),
            ));
        }
        fill(&self.mode, modes)?;
        self.drawn.replace(None);
        Ok(())
    }

    /// Open or close the panel as the state says, and draw it when open.
    pub fn render(&self, s: &AppState) -> Result<(), JsValue> {
        let open = self.details.has_attribute("open");
        if open != s.panels.sweep {
            if s.panels.sweep {
                self.details.set_attribute("open", "")?;
            } else {
                self.details.remove_attribute("open")?;
            }
        }
        let choice = s.page.sweep;
        let (axis, mode) = (
            choice.axis.to_string(),
            choice
                .ouabain_s
                .map(|t| Plain(t).to_string())
                .unwrap_or_default(),
        );
        if self.key.value() != axis {
            self.key.set_value(&axis);
        }
        if self.mode.value() != mode {
            self.mode.set_value(&mode);
        }
        if !s.panels.sweep {
            return Ok(());
        }
        let shown = s.sweep_shown();
        let present = if shown { choice.present(&s.sim) } else { None };
        dom::set_visible(&self.canvas, shown);
        if let Some(b) = &self.csv {
            dom::set_visible(b, shown);
        }
        let dpr = if shown {
            crate::view::chart_panels::fit(&self.canvas).unwrap_or(0.0)
        } else {
            1.0
        };
        let size = (self.canvas.width(), self.canvas.height());
        let key = (s.sweep.version, choice, present, size, s.lang, shown);
        if self.drawn.borrow().as_ref() == Some(&key) {
            return Ok(());
        }
        let note = if !shown {
            t("sweep.hidden").to_string()
        } else if s.sweep.pending() {
            tf(
                "sweep.pending",
                &[
                    ("done", &s.sweep.after.len().to_string()),
                    ("n", &OUABAIN_POINTS.to_string()),
                ],
            )
        } else if s.sweep.excite_pending() {
            tf(
                "sweep.excite-pending",
                &[
                    ("done", &s.sweep.excite.len().to_string()),
                    ("n", &s.sweep.excite_values.len().to_string()),
                ],
            )
        } else {
            let name =
                rpl_ui::errors::field_label(choice.axis().key.name(), s.lang).unwrap_or_default();
            let mut text = tf("sweep.caption", &[("param", name)]);
            if s.sweep.steady.iter().all(Result::is_err) {
                text.push(' ');
                text.push_str(t("sweep.no-steady"));
            }
            if !s.sweep.excite.is_empty() {
                text.push(' ');
                text.push_str(t("sweep.excite-caption"));
            }
            text
        };
        dom::set_rich_text(&self.note, &note)?;
        crate::view::a11y::set_attr(
            &self.canvas,
            "data-axes",
            &format!("{} | {}", x_title(choice, s.lang), t("chart.y")),
        )?;
        if shown && dpr > 0.0 {
            let title = x_title(choice, s.lang);
            let view = SweepChartView {
                choice,
                curves: &s.sweep,
                present,
                x_title: &title,
            };
            let (l, r) = draw_sweep(&self.canvas, &view, dpr)?;
            self.plot.set((l / dpr, r / dpr));
        }
        self.drawn.replace(Some(key));
        Ok(())
    }
}

/// Where a pointer at `x` CSS pixels from the canvas's left edge is along
/// the axis of a plot drawn between `plot` (0 its left end, 1 its right end;
/// beyond, clamped).
pub fn along(plot: (f64, f64), x: f64) -> f64 {
    let (l, r) = plot;
    if r > l {
        rpl_model::units::clamp((x - l) / (r - l), 0.0, 1.0)
    } else {
        0.0
    }
}
