//! What a downloaded picture of a chart says besides the chart: its title
//! (the chart's name in the page's language) and a caption with the
//! scenario: the preset, every parameter that differs from it (named in the
//! reader's words, [`crate::errors::field_label`]), the model time and the
//! membrane voltage. The web crate draws the chart and these lines into one
//! image; the words are decided here, natively.

use rpl_model::{Ion, Key, Scenario};

use crate::errors::field_label;
use crate::format::{format_duration, format_mv, format_number};
use crate::i18n::{self, t, tf};
use crate::state::AppState;

/// The title of the picture of the canvas named `name` (its `data-png`:
/// `voltage`, `membrane`, `currents-chart`, `conc-chart`, `iv-chart`).
pub fn title(name: &str) -> String {
    let key = format!("png.title.{name}");
    if i18n::entry(&key).is_some() {
        t(&key).to_string()
    } else {
        name.to_string()
    }
}

/// A preset's name for a reader (`preset.NAME`; an unknown name as it is).
fn preset_label(name: &str) -> String {
    let key = format!("preset.{name}");
    if i18n::entry(&key).is_some() {
        t(&key).to_string()
    } else {
        name.to_string()
    }
}

/// Keys a caption may list: every scenario key but the run length (the
/// model time is written on its own) and the permeabilities of ions other
/// than K⁺ (the page sets them as ratios to P_K, which are listed).
fn listed(key: Key) -> bool {
    !matches!(key, Key::Duration | Key::PermRel(Ion::K))
        && !matches!(key, Key::Perm(ion) if ion != Ion::K)
}

/// A key's value for a reader: words for the word keys, a percentage for
/// the blocked fraction, else the number and the key's unit.
pub fn value_words(key: Key, v: f64) -> String {
    let on = v >= 0.5;
    match key {
        Key::Pump => t(if on { "png.pump.on" } else { "png.pump.off" }).to_string(),
        Key::Volume => t(if on {
            "png.volume.swelling"
        } else {
            "png.volume.rigid"
        })
        .to_string(),
        Key::Start => t(if on {
            "png.start.given"
        } else {
            "png.start.steady"
        })
        .to_string(),
        Key::Ouabain => format!("{} %", format_number(v * 100.0)),
        _ => {
            let a = v.abs();
            let n = if a > 0.0 && a < 1e-3 {
                rpl_model::strings::replace(&rpl_model::error::short_number(v), "-", "\u{2212}")
            } else {
                format_number(v)
            };
            match key.unit() {
                "" => n,
                unit => format!("{n} {unit}"),
            }
        }
    }
}

/// The parameters of `now` that differ from `preset`, as "label = value".
pub fn changes(now: &Scenario, preset: &Scenario) -> Vec<String> {
    let lang = i18n::lang();
    Key::ALL
        .into_iter()
        .filter(|&k| listed(k))
        .filter_map(|k| {
            let (a, b) = (k.get(now)?, k.get(preset).unwrap_or(f64::NAN));
            let same = a == b || (a - b).abs() <= 1e-9 * a.abs().max(b.abs());
            if same {
                return None;
            }
            let label = field_label(k.name(), lang).unwrap_or(k.name());
            Some(tf(
                "png.change",
                &[("label", label), ("value", &value_words(k, a))],
            ))
        })
        .collect()
}

/// The caption under a picture of the page as `s` shows it: the scenario
/// (preset and changes), then the model time and V ("?" while a lesson hides it).
pub fn caption(s: &AppState) -> Vec<String> {
    let preset = preset_label(&s.preset);
    let base = Scenario::preset(&s.preset).unwrap_or_else(|_| s.base.clone());
    let changed = changes(s.sim.scenario(), &base);
    let scenario = if changed.is_empty() {
        crate::tf!("png.scenario", &[("preset", &preset)])
    } else {
        tf(
            "png.scenario.changed",
            &[
                ("preset", &preset),
                (
                    "changes",
                    &rpl_model::strings::join(&changed, crate::t!("png.list")),
                ),
            ],
        )
    };
    let v = if s.hides(rpl_lessons::Hidden::Voltage) {
        "?".to_string()
    } else {
        format_mv(s.readouts.v_mv)
    };
    let mut lines = vec![scenario];
    if let Some(lesson) = s.lesson {
        lines.push(crate::tf!(
            "png.lesson",
            &[("title", lesson.title.get(s.lang))]
        ));
    }
    lines.push(tf(
        "png.time",
        &[("t", &format_duration(s.sim.time().0)), ("v", &v)],
    ));
    lines
}
