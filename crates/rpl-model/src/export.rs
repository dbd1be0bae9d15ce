//! Text exports shared by the page and the command line: a CSV time course
//! with the scenario in its header, and the scenario as a readable query
//! string (`preset=neuron&K_o=10`) for share URLs.

use crate::error::ModelError;
use crate::scenario::{Scenario, KEYS, PRESET_NAMES};
use crate::simulation::Sample;
use std::fmt::Write;

/// The CSV column header of [`csv`].
pub const CSV_COLUMNS: &str =
    "t_s,V_mV,Na_i_mM,K_i_mM,Cl_i_mM,Ca_i_mM,E_Na_mV,E_K_mV,E_Cl_mV,volume_rel,pump_uA_cm2";

/// A time course as CSV. The header holds the starting scenario as JSON (each
/// line behind `# `) and any `notes` (e.g. `then ouabain=1`), so the file says
/// how it was made.
pub fn csv(scenario: &Scenario, notes: &[String], samples: &[Sample]) -> String {
    let mut out = String::new();
    for line in scenario.to_json().lines() {
        let _ = writeln!(out, "# {line}");
    }
    for n in notes {
        let _ = writeln!(out, "# {n}");
    }
    out.push_str(CSV_COLUMNS);
    out.push('\n');
    for s in samples {
        let _ = writeln!(
            out,
            "{},{:.6},{:.6},{:.6},{:.6},{:.6e},{:.6},{:.6},{:.6},{:.6},{:.6}",
            s.t_s,
            s.v_mv,
            s.c_in_mm.na,
            s.c_in_mm.k,
            s.c_in_mm.cl,
            s.c_in_mm.ca,
            s.e_mv.na,
            s.e_mv.k,
            s.e_mv.cl,
            s.volume_rel,
            s.pump_ua_cm2
        );
    }
    out
}

/// Read back the scenario from the header of a CSV written by [`csv`].
pub fn scenario_from_csv(text: &str) -> Result<Scenario, ModelError> {
    let json: Vec<&str> = text
        .lines()
        .take_while(|l| l.starts_with('#'))
        .map(|l| l.strip_prefix("# ").unwrap_or(""))
        .take_while(|l| !l.is_empty())
        .collect();
    // The JSON object ends at the first line that is exactly "}".
    let end = json
        .iter()
        .position(|l| *l == "}")
        .map_or(json.len(), |i| i + 1);
    Scenario::from_json(&json[..end].join("\n"))
}

/// The value of `key` in `s`, as the text [`Scenario::set`] accepts.
pub fn value_of(s: &Scenario, key: &str) -> Option<String> {
    let num = |v: f64| Some(format!("{v}"));
    if let Some((ion, side)) = key.split_once('_') {
        if let (Some(ion), "i" | "o") = (crate::Ion::parse(ion), side) {
            return num(if side == "i" {
                s.inside_mm.get(ion)
            } else {
                s.outside_mm.get(ion)
            });
        }
    }
    match key {
        "P_K" => num(s.permeability_cm_s.k),
        "P_Na" => num(s.permeability_cm_s.na),
        "P_Cl" => num(s.permeability_cm_s.cl),
        "P_Ca" => num(s.permeability_cm_s.ca),
        "T" => num(s.temperature_c),
        "z_A" => num(s.impermeant_valence),
        "pump" => Some(if s.pump.enabled { "1" } else { "0" }.into()),
        "ouabain" => num(s.pump.block),
        "pump_max" => num(s.pump.max_current_ua_cm2),
        "pump_K_Na" => num(s.pump.k_na_mm),
        "pump_K_K" => num(s.pump.k_k_mm),
        "volume" => Some(
            match s.cell.volume {
                crate::VolumeMode::Rigid => "rigid",
                crate::VolumeMode::Swelling => "swelling",
            }
            .into(),
        ),
        "diameter" => num(s.cell.diameter_um),
        "C_m" => num(s.cell.capacitance_uf_cm2),
        "start" => Some(
            match s.start {
                crate::Start::SteadyState => "steady",
                crate::Start::AsGiven => "given",
            }
            .into(),
        ),
        "V0" => s.initial_voltage_mv.and_then(num),
        "I_inj" => num(s.injected_current_ua_cm2),
        "duration" => num(s.duration_s),
        _ => None,
    }
}

/// Keys written by [`to_query`]: the absolute ones (relative permeabilities are
/// accepted on input but are not written, to keep one spelling per field).
fn written_keys() -> impl Iterator<Item = &'static str> {
    KEYS.iter()
        .map(|(k, _)| *k)
        .filter(|k| !k.ends_with("_rel"))
}

/// The scenario as a readable query: `preset=NAME` and then only the keys that
/// differ from that preset, e.g. `preset=neuron&K_o=10&ouabain=1`.
pub fn to_query(s: &Scenario, preset: &str) -> String {
    let base = Scenario::preset(preset).unwrap_or_else(|_| s.clone());
    let mut parts = vec![format!("preset={preset}")];
    for key in written_keys() {
        let v = value_of(s, key);
        if v.is_some() && v != value_of(&base, key) {
            parts.push(format!("{key}={}", v.unwrap_or_default()));
        }
    }
    parts.join("&")
}

/// Build a scenario from query pairs: `preset` first (default `neuron`), then
/// every other recognised key in order. Each bad pair is reported and skipped,
/// so only that field keeps its default. Keys in `ignore` (the page's own,
/// like `lang`) are left for the caller.
pub fn from_query(
    pairs: &[(String, String)],
    ignore: &[&str],
) -> (Scenario, String, Vec<ModelError>) {
    let mut errors = Vec::new();
    let mut preset = "neuron".to_string();
    if let Some((_, name)) = pairs.iter().find(|(k, _)| k == "preset") {
        if PRESET_NAMES.contains(&name.as_str()) {
            preset = name.clone();
        } else {
            errors.push(ModelError::UnknownPreset { name: name.clone() });
        }
    }
    let mut s = Scenario::preset(&preset).unwrap_or_default();
    for (k, v) in pairs {
        if k == "preset" || ignore.contains(&k.as_str()) {
            continue;
        }
        if let Err(e) = s.set(k, v) {
            errors.push(e);
        }
    }
    (s, preset, errors)
}
