//! The parameter controls' table ([`SPECS`]): for each control, the readable
//! scenario key it sets (see [`rpl_model::Key`]), its label, unit, slider
//! range and scale, and the group it sits in; and the arithmetic between a
//! slider's position, the value shown and the model's value. The web crate
//! builds the controls from this table; everything here is tested natively.
//!
//! Sliders are logarithmic for concentrations, permeabilities and the pump's
//! capacity (so 1 and 100 mM are equally easy to reach) and linear for the
//! temperature and the blocked fraction. A typed value may go beyond the
//! slider's ends, up to the model's own limits.

use rpl_model::decimal::{Exp, Fixed};
use rpl_model::{Ion, Key, ModelError, Scenario};

use crate::format::format_number;
use crate::i18n;

/// Slider positions: every slider runs over `0..=SLIDER_STEPS`.
pub const SLIDER_STEPS: f64 = 1000.0;

/// Slider positions one arrow key moves: a fiftieth of the slider. Page Up
/// and Page Down move five times as far; Home and End are the browser's.
pub const KEY_STEP: f64 = SLIDER_STEPS / 50.0;

/// The position a key moves a slider to from `pos`, or `None` for a key the
/// slider leaves to the browser.
pub fn keyed_position(pos: f64, key: &str) -> Option<f64> {
    let d = match key {
        "ArrowRight" | "ArrowUp" => KEY_STEP,
        "ArrowLeft" | "ArrowDown" => -KEY_STEP,
        "PageUp" => 5.0 * KEY_STEP,
        "PageDown" => -5.0 * KEY_STEP,
        _ => return None,
    };
    Some(rpl_model::units::clamp(pos + d, 0.0, SLIDER_STEPS))
}

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
    /// What drives the cell from outside (a held current, the synapses)
    /// and the Cl⁻ cotransporters that set where the inhibitory one reverses.
    Inputs,
}

impl Group {
    /// Every group, in page order.
    pub const ALL: [Group; 6] = [
        Group::Outside,
        Group::Permeability,
        Group::Pump,
        Group::Inputs,
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
            Group::Inputs => "group.inputs",
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
            Group::Inputs => "group-inputs",
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
    /// The scenario key it sets, e.g. `K_o` (typed: the value travels as
    /// `(Key, f64)` from the control to the model and back).
    pub key: Key,
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
    key: Key,
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

const fn ratio(key: Key, id: &'static str, label: &'static str) -> Spec {
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
pub const SPECS: [Spec; 24] = [
    conc(
        Key::Outside(Ion::Na),
        "nao",
        "Na⁺ outside",
        Group::Outside,
        1.0,
        600.0,
    ),
    conc(
        Key::Outside(Ion::K),
        "ko",
        "K⁺ outside",
        Group::Outside,
        0.5,
        150.0,
    ),
    conc(
        Key::Outside(Ion::Cl),
        "clo",
        "Cl⁻ outside",
        Group::Outside,
        1.0,
        600.0,
    ),
    conc(
        Key::Outside(Ion::Ca),
        "cao",
        "Ca²⁺ outside",
        Group::Outside,
        0.1,
        20.0,
    ),
    conc(
        Key::Inside(Ion::Na),
        "nai",
        "Na⁺ inside",
        Group::Inside,
        1.0,
        600.0,
    ),
    conc(
        Key::Inside(Ion::K),
        "ki",
        "K⁺ inside",
        Group::Inside,
        1.0,
        600.0,
    ),
    conc(
        Key::Inside(Ion::Cl),
        "cli",
        "Cl⁻ inside",
        Group::Inside,
        1.0,
        600.0,
    ),
    conc(
        Key::Inside(Ion::Ca),
        "cai",
        "Ca²⁺ inside",
        Group::Inside,
        1e-5,
        1.0,
    ),
    Spec {
        key: Key::Perm(Ion::K),
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
    ratio(Key::PermRel(Ion::Na), "pna", "P_Na / P_K"),
    ratio(Key::PermRel(Ion::Cl), "pcl", "P_Cl / P_K"),
    ratio(Key::PermRel(Ion::Ca), "pca", "P_Ca / P_K"),
    Spec {
        key: Key::Pump,
        id: "pump",
        label: "Pump running",
        unit: "",
        group: Group::Pump,
        kind: Kind::Toggle { on: "1", off: "0" },
    },
    Spec {
        key: Key::Ouabain,
        id: "ouabain",
        label: "Ouabain: block every pump",
        unit: "",
        group: Group::Pump,
        kind: Kind::Toggle { on: "1", off: "0" },
    },
    Spec {
        key: Key::Ouabain,
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
        key: Key::PumpMax,
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
        key: Key::Ischaemia,
        id: "ischaemia",
        label: "Ischaemia: pump capacity falls (time constant)",
        unit: "s",
        group: Group::Pump,
        kind: Kind::Range {
            min: 60.0,
            max: 1e5,
            scale: Scale::LogOrZero,
            factor: 1.0,
        },
    },
    Spec {
        key: Key::Injected,
        id: "iinj",
        label: "Injected current (into the cell)",
        unit: "µA/cm²",
        group: Group::Inputs,
        kind: Kind::Range {
            min: -20.0,
            max: 20.0,
            scale: Scale::Linear,
            factor: 1.0,
        },
    },
    Spec {
        key: Key::SynExc,
        id: "pexc",
        label: "Excitatory synapse (P_Na = P_K)",
        unit: "cm/s",
        group: Group::Inputs,
        kind: Kind::Range {
            min: 1e-9,
            max: 1e-6,
            scale: Scale::LogOrZero,
            factor: 1.0,
        },
    },
    Spec {
        key: Key::SynInh,
        id: "pinh",
        label: "Inhibitory synapse (P_Cl)",
        unit: "cm/s",
        group: Group::Inputs,
        kind: Kind::Range {
            min: 1e-9,
            max: 1e-5,
            scale: Scale::LogOrZero,
            factor: 1.0,
        },
    },
    Spec {
        key: Key::Kcc2,
        id: "kcc2",
        label: "KCC2: K⁺ and Cl⁻ out",
        unit: "S/cm²",
        group: Group::Inputs,
        kind: Kind::Range {
            min: 1e-7,
            max: 1e-3,
            scale: Scale::LogOrZero,
            factor: 1.0,
        },
    },
    Spec {
        key: Key::Nkcc1,
        id: "nkcc1",
        label: "NKCC1: Na⁺, K⁺ and 2 Cl⁻ in",
        unit: "S/cm²",
        group: Group::Inputs,
        kind: Kind::Range {
            min: 1e-7,
            max: 1e-3,
            scale: Scale::LogOrZero,
            factor: 1.0,
        },
    },
    Spec {
        key: Key::Temperature,
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
        key: Key::Volume,
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
    rpl_model::parse_f64(&Exp(r, Some(12)).to_string()).unwrap_or(r)
}

/// The displayed value for a slider position.
pub fn value_from_slider(pos: f64, min: f64, max: f64, scale: Scale) -> f64 {
    let f = rpl_model::units::clamp(pos / SLIDER_STEPS, 0.0, 1.0);
    match scale {
        Scale::Linear => {
            let step = (max - min) / 100.0;
            let v = min + f * (max - min);
            rpl_model::units::clamp((v / step).round() * step, min, max)
        }
        Scale::Log => rpl_model::units::clamp(round_nice(min * (max / min).powf(f)), min, max),
        Scale::LogOrZero => {
            if pos <= 0.0 {
                0.0
            } else {
                let f = rpl_model::units::clamp((pos - 1.0) / (SLIDER_STEPS - 1.0), 0.0, 1.0);
                rpl_model::units::clamp(round_nice(min * (max / min).powf(f)), min, max)
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
            let f = rpl_model::units::clamp((v / min).ln() / (max / min).ln(), 0.0, 1.0);
            return (1.0 + f * (SLIDER_STEPS - 1.0)).round();
        }
    };
    (rpl_model::units::clamp(f, 0.0, 1.0) * SLIDER_STEPS).round()
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
        let s = Exp(v, Some(3)).to_string();
        let (mant, exp) = s.split_once('e').unwrap_or((&s, "0"));
        let mant = if mant.contains('.') {
            rpl_model::strings::trim_fraction_zeros(mant)
        } else {
            mant
        };
        return format!("{mant}e{exp}");
    }
    let decimals = (3 - a.log10().floor() as i32).clamp(0, 9) as usize;
    let s = Fixed(v, decimals).to_string();
    if s.contains('.') {
        rpl_model::strings::trim_fraction_zeros(&s).to_string()
    } else {
        s
    }
}

/// The value of `key` in a scenario, as the key table gives it ([`Key::get`]:
/// ratios for `P_*_rel` keys, codes for word keys such as 1/0 for on/off).
/// `None` for a value that is not set.
pub fn model_value(s: &Scenario, key: Key) -> Option<f64> {
    key.get(s)
}

/// The message beside a control whose typed value `e` refused, in the page's
/// language: the error in the reader's words ([`crate::errors::error_text`]),
/// a note when the control shows the model's fraction as a percentage, and
/// the value that stays, named as the error names it (no key names: "K⁺
/// outside stays at 5 mM").
pub fn refusal(spec: &Spec, e: &ModelError, s: &Scenario) -> String {
    let factor = match spec.kind {
        Kind::Range { factor, .. } => factor,
        _ => 1.0,
    };
    // The control's own unit when it shows a scaled value (%), else the
    // key's (a ratio has none; its control says "× P_K").
    let unit = if factor != 1.0 {
        spec.unit
    } else {
        spec.key.unit()
    };
    let now = model_value(s, spec.key)
        .map(|v| format!("{} {unit}", format_number(v * factor)))
        .unwrap_or_default();
    let scale_note = if factor != 1.0 {
        i18n::tf(
            "control.fraction-note",
            &[("factor", &format_number(factor)), ("unit", spec.unit)],
        )
    } else {
        String::new()
    };
    let lang = i18n::lang();
    let label = crate::errors::field_label(spec.key.name(), lang).unwrap_or(spec.text());
    i18n::tf(
        "control.refused",
        &[
            ("error", &crate::errors::error_text(e)),
            ("note", &scale_note),
            ("label", label),
            ("now", now.trim_end()),
        ],
    )
}
