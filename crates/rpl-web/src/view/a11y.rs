//! Accessibility in the page: the visually hidden polite live region that
//! speaks V_m now and then, and the voltage chart's text alternative, kept up
//! to date. What is said, and when, is decided by the pure functions of
//! [`rpl_ui::a11y`] (re-exported here).
//!
//! Nothing here changes the model or what is drawn.

use std::cell::Cell;

use rpl_model::Readouts;
pub use rpl_ui::a11y::*;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, HtmlCanvasElement, HtmlElement};

use crate::platform::dom;

/// The id of the live region that speaks V_m.
pub const LIVE_ID: &str = "v-live";
/// The class that hides an element from sight but not from screen readers (see style.css).
pub const VISUALLY_HIDDEN: &str = "visually-hidden";

/// Set `name` on `el` unless it already has exactly that value.
pub fn set_attr(el: &Element, name: &str, value: &str) -> Result<(), JsValue> {
    if el.get_attribute(name).as_deref() != Some(value) {
        el.set_attribute(name, value)?;
    }
    Ok(())
}

/// The live region and the chart's text alternative, kept up to date from the app's render.
pub struct Announcer {
    live: HtmlElement,
    chart: Option<HtmlCanvasElement>,
    last: Cell<Option<Announced>>,
    commanded: Cell<bool>,
    chart_at_ms: Cell<f64>,
}

impl Announcer {
    /// Find `#v-live` inside `root` (or create it there), take the fast
    /// readouts `quiet` out of live-region duty, and start counting from
    /// `v_mv` now (nothing is said at start: the page is read as it is).
    pub fn mount(
        root: &Element,
        chart: Option<HtmlCanvasElement>,
        quiet: &[&HtmlElement],
        v_mv: f64,
    ) -> Result<Announcer, JsValue> {
        let live: HtmlElement = match root.query_selector(&format!("#{LIVE_ID}"))? {
            Some(el) => el
                .dyn_into()
                .map_err(|_| JsValue::from_str("#v-live is not an HTML element"))?,
            None => {
                let el: HtmlElement = dom::document()?.create_element("p")?.dyn_into()?;
                el.set_id(LIVE_ID);
                el.set_class_name(VISUALLY_HIDDEN);
                root.append_child(&el)?;
                el
            }
        };
        set_attr(&live, "role", "status")?;
        set_attr(&live, "aria-live", "polite")?;
        set_attr(&live, "aria-atomic", "true")?;
        for el in quiet {
            set_attr(el, "aria-live", "off")?;
        }
        Ok(Announcer {
            live,
            chart,
            last: Cell::new(Some(Announced {
                at_ms: js_sys::Date::now(),
                v_mv,
            })),
            commanded: Cell::new(false),
            chart_at_ms: Cell::new(f64::NEG_INFINITY),
        })
    }

    /// The page's language changed: rewrite the chart's text alternative at the
    /// next update (the live region speaks the new language next time it speaks).
    pub fn relabel(&self) {
        self.chart_at_ms.set(f64::NEG_INFINITY);
    }

    /// A command was applied: the next announcement may come without V moving.
    pub fn command(&self) {
        self.commanded.set(true);
        self.chart_at_ms.set(f64::NEG_INFINITY);
    }

    /// Speak V if it is due and refresh the chart's text alternative if that is due.
    /// `trace` gives the (t, V) points and is only called when the chart's
    /// label is due (at most once a second), so the frame does not pay for it.
    pub fn update<T: FnOnce() -> Vec<(f64, f64)>>(
        &self,
        trace: T,
        r: &Readouts,
    ) -> Result<(), JsValue> {
        let now = js_sys::Date::now();
        self.announce_at(now, r.v_mv);
        if let Some(chart) = &self.chart {
            if now - self.chart_at_ms.get() >= CHART_LABEL_INTERVAL_MS {
                self.chart_at_ms.set(now);
                let e = [r.e_mv.k, r.e_mv.na, r.e_mv.cl];
                set_attr(chart, "aria-label", &voltage_chart_label(&trace(), e))?;
            }
        }
        Ok(())
    }

    /// Speak `v_mv` if [`announce_due`] at `now_ms`; returns whether it spoke.
    pub fn announce_at(&self, now_ms: f64, v_mv: f64) -> bool {
        if !announce_due(self.last.get(), now_ms, v_mv, self.commanded.get()) {
            return false;
        }
        self.last.set(Some(Announced {
            at_ms: now_ms,
            v_mv,
        }));
        self.commanded.set(false);
        dom::set_text(&self.live, &announcement(v_mv));
        true
    }

    /// What the live region says now.
    pub fn text(&self) -> String {
        self.live.text_content().unwrap_or_default()
    }
}
