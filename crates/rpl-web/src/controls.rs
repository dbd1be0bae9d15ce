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

use rpl_model::{export, Command, Key, ModelError, Scenario};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{
    Document, Element, HtmlElement, HtmlInputElement, HtmlOptionElement, HtmlSelectElement,
};

use crate::dom;
use crate::i18n;
use rpl_ui::format::format_number;

/// Slider positions: every slider runs over `0..=SLIDER_STEPS`.
pub const SLIDER_STEPS: f64 = 1000.0;

/// The id of the element inside which missing controls are created.
pub const CONTAINER_ID: &str = "param-controls";

/// How a slider's position maps to a value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Scale {
    /// Evenly spaced values.
    Linear,
    /// Evenly spaced logarithms (min must be > 0).
    Log,
    /// Logarithmic, with the leftmost position meaning exactly 0 (e.g. "no Ca²⁺ permeability").
    LogOrZero,
}

/// The collapsible group a control sits in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    /// Bath concentrations.
    Outside,
    /// Concentrations inside the cell.
    Inside,
    /// P_K and the permeability ratios.
    Permeability,
    /// The Na⁺/K⁺ pump and ouabain.
    Pump,
    /// Temperature and whether the cell can swell.
    Cell,
}

impl Group {
    /// Every group, in page order.
    pub const ALL: [Group; 5] = [
        Group::Outside,
        Group::Permeability,
        Group::Pump,
        Group::Inside,
        Group::Cell,
    ];

    /// The group's heading, in the page's language.
    pub fn title(self) -> &'static str {
        i18n::t(self.key())
    }

    /// The i18n key of the heading (the hint's is this + `.hint`).
    pub fn key(self) -> &'static str {
        match self {
            Group::Outside => "group.outside",
            Group::Inside => "group.inside",
            Group::Permeability => "group.permeability",
            Group::Pump => "group.pump",
            Group::Cell => "group.cell",
        }
    }

    /// A line under the heading, in the page's language ("" for none).
    pub fn hint(self) -> &'static str {
        match self {
            Group::Cell => "",
            g => i18n::t(&format!("{}.hint", g.key())),
        }
    }

    /// Whether the group starts open.
    pub fn open(self) -> bool {
        matches!(self, Group::Outside | Group::Permeability | Group::Pump)
    }

    /// The `<details>` element's id.
    pub fn id(self) -> &'static str {
        match self {
            Group::Outside => "group-outside",
            Group::Inside => "group-inside",
            Group::Permeability => "group-permeability",
            Group::Pump => "group-pump",
            Group::Cell => "group-cell",
        }
    }
}

/// What kind of input a control is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Kind {
    /// A slider and a typed value with its unit (ids `ID-slider`, `ID-input`, `ID-error`).
    Range {
        /// Slider's left end, in the displayed unit.
        min: f64,
        /// Slider's right end, in the displayed unit.
        max: f64,
        /// How positions map to values.
        scale: Scale,
        /// Displayed value = model value × this (e.g. 100 for a fraction shown in %).
        factor: f64,
    },
    /// A checkbox (id `ID`) that sends `on` or `off`.
    Toggle {
        /// Value sent when checked.
        on: &'static str,
        /// Value sent when cleared.
        off: &'static str,
    },
    /// A `<select>` (id `ID`) of (value, label) choices.
    Choice(&'static [(&'static str, &'static str)]),
}

/// One row of the table: one control.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Spec {
    /// The scenario key it sets, e.g. `K_o`.
    pub key: &'static str,
    /// Element id (or id prefix for a range: `ko` → `ko-slider`, `ko-input`, `ko-error`).
    pub id: &'static str,
    /// Label (HTML-free text).
    pub label: &'static str,
    /// Unit shown after the typed value ("" for none).
    pub unit: &'static str,
    /// Which group it is in.
    pub group: Group,
    /// Slider, checkbox or choice.
    pub kind: Kind,
}

const fn conc(
    key: &'static str,
    id: &'static str,
    label: &'static str,
    group: Group,
    min: f64,
    max: f64,
) -> Spec {
    Spec {
        key,
        id,
        label,
        unit: "mM",
        group,
        kind: Kind::Range {
            min,
            max,
            scale: Scale::Log,
            factor: 1.0,
        },
    }
}

const fn ratio(key: &'static str, id: &'static str, label: &'static str) -> Spec {
    Spec {
        key,
        id,
        label,
        unit: "× P_K",
        group: Group::Permeability,
        kind: Kind::Range {
            min: 1e-4,
            max: 10.0,
            scale: Scale::LogOrZero,
            factor: 1.0,
        },
    }
}

/// Every parameter control, in page order within each group.
pub const SPECS: [Spec; 18] = [
    conc("Na_o", "nao", "Na⁺ outside", Group::Outside, 1.0, 600.0),
    conc("K_o", "ko", "K⁺ outside", Group::Outside, 0.5, 150.0),
    conc("Cl_o", "clo", "Cl⁻ outside", Group::Outside, 1.0, 600.0),
    conc("Ca_o", "cao", "Ca²⁺ outside", Group::Outside, 0.1, 20.0),
    conc("Na_i", "nai", "Na⁺ inside", Group::Inside, 1.0, 600.0),
    conc("K_i", "ki", "K⁺ inside", Group::Inside, 1.0, 600.0),
    conc("Cl_i", "cli", "Cl⁻ inside", Group::Inside, 1.0, 600.0),
    conc("Ca_i", "cai", "Ca²⁺ inside", Group::Inside, 1e-5, 1.0),
    Spec {
        key: "P_K",
        id: "pk",
        label: "P_K, K⁺ permeability",
        unit: "cm/s",
        group: Group::Permeability,
        kind: Kind::Range {
            min: 1e-8,
            max: 1e-5,
            scale: Scale::Log,
            factor: 1.0,
        },
    },
    ratio("P_Na_rel", "pna", "P_Na / P_K"),
    ratio("P_Cl_rel", "pcl", "P_Cl / P_K"),
    ratio("P_Ca_rel", "pca", "P_Ca / P_K"),
    Spec {
        key: "pump",
        id: "pump",
        label: "Pump running",
        unit: "",
        group: Group::Pump,
        kind: Kind::Toggle { on: "1", off: "0" },
    },
    Spec {
        key: "ouabain",
        id: "ouabain",
        label: "Ouabain: block every pump",
        unit: "",
        group: Group::Pump,
        kind: Kind::Toggle { on: "1", off: "0" },
    },
    Spec {
        key: "ouabain",
        id: "block",
        label: "Pumps blocked by ouabain",
        unit: "%",
        group: Group::Pump,
        kind: Kind::Range {
            min: 0.0,
            max: 100.0,
            scale: Scale::Linear,
            factor: 100.0,
        },
    },
    Spec {
        key: "pump_max",
        id: "pumpmax",
        label: "Pump capacity (I_max)",
        unit: "µA/cm²",
        group: Group::Pump,
        kind: Kind::Range {
            min: 0.01,
            max: 100.0,
            scale: Scale::LogOrZero,
            factor: 1.0,
        },
    },
    Spec {
        key: "T",
        id: "temp",
        label: "Temperature",
        unit: "°C",
        group: Group::Cell,
        kind: Kind::Range {
            min: 0.0,
            max: 50.0,
            scale: Scale::Linear,
            factor: 1.0,
        },
    },
    Spec {
        key: "volume",
        id: "volume",
        label: "Cell volume",
        unit: "",
        group: Group::Cell,
        kind: Kind::Choice(&[
            ("rigid", "Rigid: volume held fixed"),
            ("swelling", "Swelling: water follows osmosis"),
        ]),
    },
];

impl Spec {
    /// The i18n key of the label: `control.ID`.
    pub fn label_key(&self) -> String {
        format!("control.{}", self.id)
    }

    /// The label in the page's language (`label` is the English one).
    pub fn text(&self) -> &'static str {
        i18n::t(&self.label_key())
    }

    /// The slider's accessible name, in the page's language.
    pub fn slider_label(&self) -> String {
        let Kind::Range {
            min, max, scale, ..
        } = self.kind
        else {
            return self.text().to_string();
        };
        let key = match scale {
            Scale::Linear => "control.slider",
            _ => "control.log-slider",
        };
        i18n::tf(
            key,
            &[
                ("label", self.text()),
                ("min", &format_number(min)),
                ("max", &format_number(max)),
                ("unit", self.unit),
            ],
        )
        .trim_end()
        .to_string()
    }
}

/// The spec of a range control by its id prefix (e.g. `"ko"`).
pub fn spec(id: &str) -> Option<&'static Spec> {
    SPECS.iter().find(|s| s.id == id)
}

/// A value that reads well, close to `v`: two to three significant digits
/// (steps of 0.05, 0.1 or 0.2 of the leading power of ten).
pub fn round_nice(v: f64) -> f64 {
    if !(v.is_finite() && v > 0.0) {
        return v;
    }
    let d = 10f64.powf(v.log10().floor());
    let m = v / d;
    let step = if m < 2.0 {
        0.05
    } else if m < 5.0 {
        0.1
    } else {
        0.2
    } * d;
    // Round in units of the step, then clean the binary residue (0.30000000000000004).
    let r = (v / step).round() * step;
    format!("{r:.12e}").parse().unwrap_or(r)
}

/// The displayed value for a slider position.
pub fn value_from_slider(pos: f64, min: f64, max: f64, scale: Scale) -> f64 {
    let f = (pos / SLIDER_STEPS).clamp(0.0, 1.0);
    match scale {
        Scale::Linear => {
            let step = (max - min) / 100.0;
            let v = min + f * (max - min);
            ((v / step).round() * step).clamp(min, max)
        }
        Scale::Log => round_nice(min * (max / min).powf(f)).clamp(min, max),
        Scale::LogOrZero => {
            if pos <= 0.0 {
                0.0
            } else {
                let f = ((pos - 1.0) / (SLIDER_STEPS - 1.0)).clamp(0.0, 1.0);
                round_nice(min * (max / min).powf(f)).clamp(min, max)
            }
        }
    }
}

/// The slider position for a displayed value, clamped to the slider's ends.
pub fn slider_from_value(v: f64, min: f64, max: f64, scale: Scale) -> f64 {
    if !v.is_finite() {
        return 0.0;
    }
    let f = match scale {
        Scale::Linear => (v - min) / (max - min),
        Scale::Log | Scale::LogOrZero if v <= 0.0 => return 0.0,
        Scale::Log => (v / min).ln() / (max / min).ln(),
        Scale::LogOrZero => {
            let f = ((v / min).ln() / (max / min).ln()).clamp(0.0, 1.0);
            return (1.0 + f * (SLIDER_STEPS - 1.0)).round();
        }
    };
    (f.clamp(0.0, 1.0) * SLIDER_STEPS).round()
}

/// A number for a typed field: up to four significant digits, plain ASCII
/// minus (so the reader can edit it and the model can read it back).
pub fn format_input(v: f64) -> String {
    if v == 0.0 || !v.is_finite() {
        return "0".into();
    }
    let a = v.abs();
    if !(1e-3..1e5).contains(&a) {
        // e.g. 5e-7 for a permeability in cm/s.
        let s = format!("{v:.3e}");
        let (mant, exp) = s.split_once('e').unwrap_or((&s, "0"));
        let mant = if mant.contains('.') {
            mant.trim_end_matches('0').trim_end_matches('.')
        } else {
            mant
        };
        return format!("{mant}e{exp}");
    }
    let decimals = (3 - a.log10().floor() as i32).clamp(0, 9) as usize;
    let s = format!("{v:.decimals$}");
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

/// The value of `key` in a scenario, as the key table gives it ([`Key::get`]:
/// ratios for `P_*_rel` keys, codes for word keys such as 1/0 for on/off).
/// `None` for an unknown key or a value that is not set.
pub fn model_value(s: &Scenario, key: &str) -> Option<f64> {
    Key::parse(key)?.get(s)
}

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
    row.set_attribute("data-key", spec.key)?;
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
                let unit = el(doc, "span", "unit", spec.unit)?;
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
        let (min, max, scale, _) = self.bounds();
        let pos: f64 = self.slider.value().parse().unwrap_or(0.0);
        let shown = value_from_slider(pos, min, max, scale);
        (self.command_for(shown), shown)
    }

    /// The command for a typed text (in the displayed unit). Text that is not
    /// a number goes to the model as it is, so its message names it.
    pub fn command_from_text(&self, text: &str) -> Result<Command, ModelError> {
        let text = text.trim().replace('\u{2212}', "-");
        match text.parse::<f64>() {
            Ok(v) => self.command_for(v),
            Err(_) => Command::parse_set(self.spec.key, &text),
        }
    }

    fn command_for(&self, shown: f64) -> Result<Command, ModelError> {
        let (.., factor) = self.bounds();
        let key = Key::parse_or_err(self.spec.key)?;
        Ok(Command::Set(key, shown / factor))
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

    /// The message for a refused typed value: the model's words, then what stays.
    pub fn refusal(&self, e: &rpl_model::ModelError, s: &Scenario) -> String {
        let (.., factor) = self.bounds();
        let now = model_value(s, self.spec.key)
            .map(|v| format!("{} {}", format_number(v * factor), self.spec.unit))
            .unwrap_or_default();
        let scale_note = if factor != 1.0 {
            i18n::tf(
                "control.fraction-note",
                &[("factor", &format_number(factor)), ("unit", self.spec.unit)],
            )
        } else {
            String::new()
        };
        i18n::tf(
            "control.refused",
            &[
                ("error", &i18n::error_text(e)),
                ("note", &scale_note),
                ("label", self.spec.text()),
                ("now", now.trim_end()),
            ],
        )
    }
}

impl Control {
    /// Rewrite the texts that [`crate::i18n::apply`] cannot reach (the
    /// slider's accessible name) in the page's present language.
    pub fn relabel(&self) -> Result<(), JsValue> {
        if let Control::Range(r) = self {
            r.slider
                .set_attribute("aria-label", &r.spec.slider_label())?;
        }
        Ok(())
    }

    /// Put the control in line with the scenario (`keep_text`: leave the typed field alone).
    pub fn sync(&self, s: &Scenario, keep_text: bool) {
        match self {
            Control::Range(r) => r.sync(s, keep_text),
            Control::Toggle(spec, input) => {
                let on = model_value(s, spec.key).is_some_and(|v| v > 0.0);
                input.set_checked(on);
            }
            Control::Choice(spec, select) => {
                if let Some(v) = export::value_of(s, spec.key) {
                    select.set_value(&v);
                }
            }
        }
    }
}
