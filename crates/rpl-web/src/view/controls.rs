//! The parameter controls, built from one table ([`SPECS`]).
//!
//! Each row names a readable scenario key (see [`rpl_model::Key`]), a label,
//! a unit and how its slider maps to values. Every control sends exactly one
//! [`Command::Set`] with that key; the model checks the value and refuses a bad
//! one with a message naming the field, the value and the allowed range, which
//! is shown beside the control (and the model stays as it was).
//!
//! Sliders are logarithmic for concentrations, permeabilities and the pump's
//! capacity (so 1 and 100 mM are equally easy to reach) and linear for the
//! temperature and the blocked fraction. A typed value may go beyond the
//! slider's ends, up to the model's own limits.
//!
//! The page may hold some controls already (e.g. `#ko-slider`); those are
//! used as they are. The rest are created inside the page's
//! `#param-controls` element, one collapsible `<details>` group per
//! [`Group`], so a phone shows only the groups the reader opens.

use rpl_model::{export, parse_f64, Command, ModelError, Scenario};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{
    Document, Element, HtmlElement, HtmlInputElement, HtmlOptionElement, HtmlSelectElement,
};

use crate::platform::dom;
use crate::view::i18n;
pub use rpl_ui::controls::*;

/// The id of the element inside which missing controls are created.
pub const CONTAINER_ID: &str = "param-controls";

/// The elements of one range control.
#[derive(Clone)]
pub struct RangeControl {
    /// The row of the table it comes from.
    pub spec: &'static Spec,
    /// The slider.
    pub slider: HtmlInputElement,
    /// The typed value.
    pub input: HtmlInputElement,
    /// The message shown when a typed value is refused.
    pub error: HtmlElement,
}

/// One control on the page.
pub enum Control {
    /// Slider + typed value.
    Range(RangeControl),
    /// Checkbox.
    Toggle(&'static Spec, HtmlInputElement),
    /// Select.
    Choice(&'static Spec, HtmlSelectElement),
}

impl Control {
    /// The row of the table.
    pub fn spec(&self) -> &'static Spec {
        match self {
            Control::Range(r) => r.spec,
            Control::Toggle(s, _) | Control::Choice(s, _) => s,
        }
    }
}

fn create<T: JsCast>(doc: &Document, tag: &str) -> Result<T, JsValue> {
    doc.create_element(tag)?
        .dyn_into::<T>()
        .map_err(|_| JsValue::from_str(&format!("<{tag}> has an unexpected type")))
}

fn el(doc: &Document, tag: &str, class: &str, text: &str) -> Result<HtmlElement, JsValue> {
    let e: HtmlElement = create(doc, tag)?;
    if !class.is_empty() {
        e.set_class_name(class);
    }
    if !text.is_empty() {
        e.set_text_content(Some(text));
    }
    Ok(e)
}

/// Find the page's controls and create the missing ones inside
/// `#param-controls` (when the page has it). A control that is neither on
/// the page nor creatable is simply absent.
pub fn build(root: &Element) -> Result<Vec<Control>, JsValue> {
    let doc = dom::document()?;
    let container: Option<Element> = root.query_selector(&format!("#{CONTAINER_ID}"))?;
    let mut groups: Vec<(Group, Element)> = Vec::new();
    let mut out = Vec::new();
    for spec in SPECS.iter() {
        let present_id = match spec.kind {
            Kind::Range { .. } => format!("{}-input", spec.id),
            _ => spec.id.to_string(),
        };
        if root.query_selector(&format!("#{present_id}"))?.is_none() {
            let Some(container) = &container else {
                continue;
            };
            let body = match groups.iter().find(|(g, _)| *g == spec.group) {
                Some((_, body)) => body.clone(),
                None => {
                    let body = group_element(&doc, container, spec.group)?;
                    groups.push((spec.group, body.clone()));
                    body
                }
            };
            let row = control_element(&doc, spec)?;
            body.append_child(&row)?;
        }
        out.push(bind(root, spec)?);
    }
    Ok(out)
}

fn group_element(doc: &Document, container: &Element, group: Group) -> Result<Element, JsValue> {
    let details: HtmlElement = create(doc, "details")?;
    details.set_id(group.id());
    details.set_class_name("param-group");
    if group.open() {
        details.set_attribute("open", "")?;
    }
    let summary = el(doc, "summary", "", group.title())?;
    summary.set_attribute("data-i18n", group.key())?;
    details.append_child(&summary)?;
    if !group.hint().is_empty() {
        let hint = el(doc, "p", "group-hint", group.hint())?;
        hint.set_attribute("data-i18n", &format!("{}.hint", group.key()))?;
        details.append_child(&hint)?;
    }
    container.append_child(&details)?;
    Ok(details.into())
}

fn control_element(doc: &Document, spec: &Spec) -> Result<HtmlElement, JsValue> {
    let row = el(doc, "div", "control param", "")?;
    row.set_attribute("data-key", spec.key.name())?;
    match spec.kind {
        Kind::Range { .. } => {
            let input_id = format!("{}-input", spec.id);
            let label = el(doc, "label", "", spec.text())?;
            label.set_attribute("for", &input_id)?;
            label.set_attribute("data-i18n", &spec.label_key())?;
            row.append_child(&label)?;
            let line = el(doc, "div", "range-row", "")?;
            let slider: HtmlInputElement = create(doc, "input")?;
            slider.set_type("range");
            slider.set_id(&format!("{}-slider", spec.id));
            slider.set_attribute("aria-label", &spec.slider_label())?;
            line.append_child(&slider)?;
            let num = el(doc, "span", "number-unit", "")?;
            let input: HtmlInputElement = create(doc, "input")?;
            input.set_type("text");
            input.set_id(&input_id);
            input.set_attribute("inputmode", "decimal")?;
            input.set_attribute("autocomplete", "off")?;
            input.set_attribute("spellcheck", "false")?;
            input.set_attribute("size", "6")?;
            // Screen readers read the unit (and a refusal) after the label.
            let described = if spec.unit.is_empty() {
                format!("{}-error", spec.id)
            } else {
                format!("{0}-unit {0}-error", spec.id)
            };
            input.set_attribute("aria-describedby", &described)?;
            num.append_child(&input)?;
            if !spec.unit.is_empty() {
                let unit = el(doc, "span", "unit", "")?;
                // "× P_K" with a real subscript.
                dom::set_rich_text(&unit, spec.unit)?;
                unit.set_id(&format!("{}-unit", spec.id));
                num.append_child(&unit)?;
            }
            line.append_child(&num)?;
            row.append_child(&line)?;
            let error = el(doc, "p", "field-error", "")?;
            error.set_id(&format!("{}-error", spec.id));
            error.set_attribute("role", "alert")?;
            error.set_hidden(true);
            row.append_child(&error)?;
        }
        Kind::Toggle { .. } => {
            let label = el(doc, "label", "check", "")?;
            label.set_attribute("for", spec.id)?;
            let input: HtmlInputElement = create(doc, "input")?;
            input.set_type("checkbox");
            input.set_id(spec.id);
            label.append_child(&input)?;
            let text = el(doc, "span", "", spec.text())?;
            text.set_attribute("data-i18n", &spec.label_key())?;
            label.append_child(&text)?;
            row.append_child(&label)?;
        }
        Kind::Choice(options) => {
            let label = el(doc, "label", "", spec.text())?;
            label.set_attribute("for", spec.id)?;
            label.set_attribute("data-i18n", &spec.label_key())?;
            row.append_child(&label)?;
            let select: HtmlSelectElement = create(doc, "select")?;
            select.set_id(spec.id);
            for (value, _) in options {
                let opt: HtmlOptionElement = create(doc, "option")?;
                opt.set_value(value);
                let key = format!("{}.{value}", spec.label_key());
                opt.set_text(i18n::t(&key));
                opt.set_attribute("data-i18n", &key)?;
                select.append_child(&opt)?;
            }
            row.append_child(&select)?;
        }
    }
    Ok(row)
}

fn bind(root: &Element, spec: &'static Spec) -> Result<Control, JsValue> {
    Ok(match spec.kind {
        Kind::Range { .. } => {
            let slider: HtmlInputElement = dom::find(root, &format!("{}-slider", spec.id))?;
            slider.set_min("0");
            slider.set_max(&SLIDER_STEPS.to_string());
            slider.set_step("1");
            Control::Range(RangeControl {
                spec,
                slider,
                input: dom::find(root, &format!("{}-input", spec.id))?,
                error: dom::find(root, &format!("{}-error", spec.id))?,
            })
        }
        Kind::Toggle { .. } => Control::Toggle(spec, dom::find(root, spec.id)?),
        Kind::Choice(_) => Control::Choice(spec, dom::find(root, spec.id)?),
    })
}

impl RangeControl {
    fn bounds(&self) -> (f64, f64, Scale, f64) {
        match self.spec.kind {
            Kind::Range {
                min,
                max,
                scale,
                factor,
            } => (min, max, scale, factor),
            _ => (0.0, 1.0, Scale::Linear, 1.0),
        }
    }

    /// The command for the slider's present position, and the value it displays.
    pub fn command_from_slider(&self) -> (Result<Command, ModelError>, f64) {
        self.command_at(self.position())
    }

    /// The slider's present position.
    pub fn position(&self) -> f64 {
        parse_f64(&self.slider.value()).unwrap_or(0.0)
    }

    /// The command (and the value shown) for the slider at `pos`.
    pub fn command_at(&self, pos: f64) -> (Result<Command, ModelError>, f64) {
        let (min, max, scale, _) = self.bounds();
        let shown = value_from_slider(pos, min, max, scale);
        (self.command_for(shown), shown)
    }

    /// The command for a typed text (in the displayed unit). Text that is not
    /// a number goes to the model as it is, so its message names it.
    pub fn command_from_text(&self, text: &str) -> Result<Command, ModelError> {
        let text = text.trim().replace('\u{2212}', "-");
        match parse_f64(&text) {
            Some(v) => self.command_for(v),
            None => Ok(Command::Set(
                self.spec.key,
                self.spec.key.parse_value(&text)?,
            )),
        }
    }

    fn command_for(&self, shown: f64) -> Result<Command, ModelError> {
        let (.., factor) = self.bounds();
        Ok(Command::Set(self.spec.key, shown / factor))
    }

    /// Put the slider and the typed field at the scenario's value.
    pub fn sync(&self, s: &Scenario, keep_text: bool) {
        let (min, max, scale, factor) = self.bounds();
        let Some(v) = model_value(s, self.spec.key) else {
            return;
        };
        let shown = v * factor;
        self.slider
            .set_value(&slider_from_value(shown, min, max, scale).to_string());
        let text = if self.spec.unit.is_empty() || self.spec.unit.starts_with('×') {
            format_input(shown)
        } else {
            format!("{} {}", format_input(shown), self.spec.unit)
        };
        if let Err(e) = self.slider.set_attribute("aria-valuetext", &text) {
            web_sys::console::warn_1(&e);
        }
        if !keep_text {
            self.input.set_value(&format_input(shown));
        }
    }

    /// Show (or clear, with `None`) the message about a refused value.
    pub fn show_error(&self, message: Option<&str>) {
        dom::show_message(&self.error, message);
        let invalid = if message.is_some() { "true" } else { "false" };
        if let Err(e) = self.input.set_attribute("aria-invalid", invalid) {
            web_sys::console::warn_1(&e);
        }
    }

    /// The message for a refused typed value: the model's words, then what
    /// stays ([`rpl_ui::controls::refusal`]).
    pub fn refusal(&self, e: &rpl_model::ModelError, s: &Scenario) -> String {
        rpl_ui::controls::refusal(self.spec, e, s)
    }
}

impl Control {
    /// Rewrite the texts that [`crate::view::i18n::apply`] cannot reach (the
    /// slider's accessible name) in the page's present language.
    pub fn relabel(&self) -> Result<(), JsValue> {
        if let Control::Range(r) = self {
            r.slider
                .set_attribute("aria-label", &r.spec.slider_label())?;
        }
        Ok(())
    }

    /// Whether the control shows a value the run itself changes (an inside
    /// concentration), so the page rewrites it as the run goes on.
    pub fn follows_run(&self) -> bool {
        matches!(self, Control::Range(r) if matches!(r.spec.key, rpl_model::Key::Inside(_)))
    }

    /// Whether `el` is one of the control's own elements (its slider or field).
    pub fn holds(&self, el: &web_sys::Element) -> bool {
        let same = |other: &web_sys::Element| other == el;
        match self {
            Control::Range(r) => same(&r.slider) || same(&r.input),
            Control::Toggle(_, input) => same(input),
            Control::Choice(_, select) => same(select),
        }
    }

    /// Put the control in line with the scenario (`keep_text`: leave the typed field alone).
    pub fn sync(&self, s: &Scenario, keep_text: bool) {
        match self {
            Control::Range(r) => r.sync(s, keep_text),
            Control::Toggle(spec, input) => {
                // Ticked only when the whole of it is on (every pump blocked),
                // "mixed" in between (half the pumps blocked), so the box never
                // says more than the model does.
                let v = model_value(s, spec.key).unwrap_or(0.0);
                input.set_checked(v >= 1.0);
                input.set_indeterminate(v > 0.0 && v < 1.0);
            }
            Control::Choice(spec, select) => {
                if let Some(v) = export::value_of(s, spec.key.name()) {
                    select.set_value(&v);
                }
            }
        }
    }
}
