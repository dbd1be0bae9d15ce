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

use rpl_model::decimal::Plain;
use rpl_model::{export, parse_f64, Command, ModelError, Scenario};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, HtmlElement, HtmlInputElement, HtmlOptionElement, HtmlSelectElement};

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

/// A new element `tag` with `class` and `text` (see [`dom::Build::html`]),
/// checked to be what `is` accepts (an `HtmlElement`, or the input or
/// selector it is used as): otherwise the kept error names the tag.
#[inline(never)]
fn make(b: &dom::Build, tag: &str, class: &str, text: &str, is: fn(&JsValue) -> bool) -> Element {
    let e = b.html(tag, class, text);
    if !b.failed() && !is(&e) {
        b.keep_value(Err(JsValue::from_str(&format!(
            "<{tag}> has an unexpected type"
        ))));
    }
    e
}

/// [`make`] for an `HtmlElement`.
fn el(b: &dom::Build, tag: &str, class: &str, text: &str) -> Element {
    make(b, tag, class, text, HtmlElement::instanceof)
}

/// Find the page's controls and create the missing ones inside
/// `#param-controls` (when the page has it). A control that is neither on
/// the page nor creatable is simply absent.
pub fn build(root: &Element) -> Result<Vec<Control>, JsValue> {
    let b = dom::Build::new(dom::document()?);
    let container: Option<Element> = root.query_selector(&format!("#{CONTAINER_ID}"))?;
    let mut groups: Vec<(Group, Element)> = Vec::new();
    let mut out = Vec::new();
    for spec in SPECS.iter() {
        let present_id = match spec.kind {
            Kind::Range { .. } => format!("{}-input", spec.id),
            _ => spec.id.to_string(),
        };
        let present = match root.query_selector(&format!("#{present_id}")) {
            Ok(el) => el.is_some(),
            Err(e) => {
                b.keep_value(Err(e));
                break;
            }
        };
        if !present {
            let Some(container) = &container else {
                continue;
            };
            let body = match groups.iter().find(|(g, _)| *g == spec.group) {
                Some((_, body)) => body.clone(),
                None => {
                    let body = group_element(&b, container, spec.group);
                    groups.push((spec.group, body.clone()));
                    body
                }
            };
            let row = control_element(&b, spec);
            b.append(&body, &[&row]);
        }
        let control = bind(&b, root, spec);
        if b.failed() {
            break;
        }
        out.push(control);
    }
    b.finish()?;
    Ok(out)
}

fn group_element(b: &dom::Build, container: &Element, group: Group) -> Element {
    let details = el(b, "details", "", "");
    b.attr(&details, "id", group.id());
    if !b.failed() {
        details.set_class_name("param-group");
    }
    if group.open() {
        b.attr(&details, "open", "");
    }
    let summary = el(b, "summary", "", group.title());
    b.attr(&summary, "data-i18n", group.key());
    b.append(&details, &[&summary]);
    if !group.hint().is_empty() {
        let hint = el(b, "p", "group-hint", group.hint());
        b.attr(&hint, "data-i18n", &format!("{}.hint", group.key()));
        b.append(&details, &[&hint]);
    }
    b.append(container, &[&details]);
    details
}

fn control_element(b: &dom::Build, spec: &Spec) -> Element {
    let row = el(b, "div", "control param", "");
    b.attr(&row, "data-key", spec.key.name());
    let input = |is| make(b, "input", "", "", is);
    match spec.kind {
        Kind::Range { .. } => {
            let input_id = format!("{}-input", spec.id);
            let label = el(b, "label", "", spec.text());
            b.attr(&label, "for", &input_id);
            b.attr(&label, "data-i18n", &spec.label_key());
            b.append(&row, &[&label]);
            let line = el(b, "div", "range-row", "");
            let slider = input(HtmlInputElement::instanceof);
            // The `type` and `id` attributes: what `set_type` and `set_id` write.
            b.attr(&slider, "type", "range");
            b.attr(&slider, "id", &format!("{}-slider", spec.id));
            b.attr(&slider, "aria-label", &spec.slider_label());
            b.append(&line, &[&slider]);
            let num = el(b, "span", "number-unit", "");
            let input = input(HtmlInputElement::instanceof);
            b.attr(&input, "type", "text");
            b.attr(&input, "id", &input_id);
            b.attr(&input, "inputmode", "decimal");
            b.attr(&input, "autocomplete", "off");
            b.attr(&input, "spellcheck", "false");
            b.attr(&input, "size", "6");
            // Screen readers read the unit (and a refusal) after the label.
            let described = if spec.unit.is_empty() {
                format!("{}-error", spec.id)
            } else {
                format!("{0}-unit {0}-error", spec.id)
            };
            b.attr(&input, "aria-describedby", &described);
            b.append(&num, &[&input]);
            if !spec.unit.is_empty() {
                let unit = el(b, "span", "unit", "");
                // "× P_K" with a real subscript.
                if !b.failed() {
                    if let Err(e) = dom::set_rich_text(&unit, spec.unit) {
                        b.keep_value(Err(e));
                    }
                }
                b.attr(&unit, "id", &format!("{}-unit", spec.id));
                b.append(&num, &[&unit]);
            }
            b.append(&line, &[&num]);
            b.append(&row, &[&line]);
            let error = el(b, "p", "field-error", "");
            b.attr(&error, "id", &format!("{}-error", spec.id));
            b.attr(&error, "role", "alert");
            // The `hidden` attribute: what `set_hidden(true)` writes.
            b.attr(&error, "hidden", "");
            b.append(&row, &[&error]);
        }
        Kind::Toggle { .. } => {
            let label = el(b, "label", "check", "");
            b.attr(&label, "for", spec.id);
            let input = input(HtmlInputElement::instanceof);
            b.attr(&input, "type", "checkbox");
            b.attr(&input, "id", spec.id);
            b.append(&label, &[&input]);
            let text = el(b, "span", "", spec.text());
            b.attr(&text, "data-i18n", &spec.label_key());
            b.append(&label, &[&text]);
            b.append(&row, &[&label]);
        }
        Kind::Choice(options) => {
            let label = el(b, "label", "", spec.text());
            b.attr(&label, "for", spec.id);
            b.attr(&label, "data-i18n", &spec.label_key());
            b.append(&row, &[&label]);
            let select = make(b, "select", "", "", HtmlSelectElement::instanceof);
            b.attr(&select, "id", spec.id);
            for (value, _) in options {
                let key = format!("{}.{value}", spec.label_key());
                // The `value` attribute and the text: what `set_value` and
                // `set_text` write.
                let opt = make(b, "option", "", "", HtmlOptionElement::instanceof);
                b.attr(&opt, "value", value);
                if !b.failed() {
                    opt.set_text_content(Some(i18n::t(&key)));
                }
                b.attr(&opt, "data-i18n", &key);
                b.append(&select, &[&opt]);
            }
            b.append(&row, &[&select]);
        }
    }
    row
}

fn bind(b: &dom::Build, root: &Element, spec: &'static Spec) -> Control {
    match spec.kind {
        Kind::Range { .. } => {
            let slider: HtmlInputElement = b.find(root, &format!("{}-slider", spec.id));
            if !b.failed() {
                slider.set_min("0");
                slider.set_max(&Plain(SLIDER_STEPS).to_string());
                slider.set_step("1");
            }
            Control::Range(RangeControl {
                spec,
                slider,
                input: b.find(root, &format!("{}-input", spec.id)),
                error: b.find(root, &format!("{}-error", spec.id)),
            })
        }
        Kind::Toggle { .. } => Control::Toggle(spec, b.find(root, spec.id)),
        Kind::Choice(_) => Control::Choice(spec, b.find(root, spec.id)),
    }
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
        let text = rpl_model::strings::replace(text.trim(), "\u{2212}", "-");
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
            .set_value(&Plain(slider_from_value(shown, min, max, scale)).to_string());
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
