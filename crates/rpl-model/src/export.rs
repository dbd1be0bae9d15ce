//! Text exports shared by the page and the command line: a CSV time course
//! with the scenario in its header, and the scenario as a readable query
//! string (`preset=neuron&K_o=10`) for share URLs.
//!
//! A share link ([`Link`]) adds what happened after the start:
//! `?preset=neuron&K_o=10&panels=membrane,voltage&then=ouabain:1@0,K_o:8@600,steady@900&t=7200`
//! — the starting scenario (a preset and only the keys that differ), the
//! panels shown, each change with its model time in seconds, and the model
//! time reached. Opening it replays the run ([`Link::replay`]): start, apply
//! each change at its time while advancing, stop at `t`. The replay advances in
//! segments fixed by the link alone, so the same link always gives the same
//! state, to the last bit.

use crate::decimal::{Exp, Fixed};
use crate::error::ModelError;
use crate::key::Key;
use crate::scenario::{Panels, Scenario, PRESET_NAMES};
use crate::simulation::{Command, Sample, Simulation, StimulusSpec, SynapseKind, SynapseSpec};
use crate::units::Seconds;
use std::fmt::Write;

/// The CSV column header of [`csv`].
pub const CSV_COLUMNS: &str =
    "t_s,V_mV,Na_i_mM,K_i_mM,Cl_i_mM,Ca_i_mM,E_Na_mV,E_K_mV,E_Cl_mV,E_Ca_mV,volume_rel,pump_uA_cm2,Na_out_ions,K_out_ions,Cl_out_ions,Ca_out_ions,pump_cycles";

/// A model time for a CSV row: to the nanosecond, trailing zeros dropped, so
/// float noise such as `0.016600000000000024` reads `0.0166`.
pub fn csv_time(t_s: f64) -> String {
    let text = Fixed(t_s, 9).to_string();
    let text = crate::strings::trim_fraction_zeros(&text);
    if text.is_empty() || text == "-" {
        "0".into()
    } else {
        text.into()
    }
}

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
            "{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}",
            csv_time(s.t_s),
            Fixed(s.v_mv, 6),
            Fixed(s.c_in_mm.na, 6),
            Fixed(s.c_in_mm.k, 6),
            Fixed(s.c_in_mm.cl, 6),
            Exp(s.c_in_mm.ca, Some(6)),
            Fixed(s.e_mv.na, 6),
            Fixed(s.e_mv.k, 6),
            Fixed(s.e_mv.cl, 6),
            Fixed(s.e_mv.ca, 6),
            Fixed(s.volume_rel, 6),
            Fixed(s.pump_ua_cm2, 6),
            Exp(s.moved_ions.na, Some(6)),
            Exp(s.moved_ions.k, Some(6)),
            Exp(s.moved_ions.cl, Some(6)),
            Exp(s.moved_ions.ca, Some(6)),
            Exp(s.pump_cycles, Some(6))
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
    Scenario::from_json(&crate::strings::join(&json[..end], "\n"))
}

/// The value of `key` in `s`, as the text [`Scenario::set`] accepts (see
/// [`Key::format_value`]); `None` for an unknown key or a value not set.
pub fn value_of(s: &Scenario, key: &str) -> Option<String> {
    let key = Key::parse(key)?;
    key.get(s).map(|v| key.format_value(v))
}

/// Keys written by [`to_query`]: the absolute ones (relative permeabilities are
/// accepted on input but are not written, to keep one spelling per field).
fn written_keys() -> impl Iterator<Item = Key> {
    Key::ALL
        .into_iter()
        .filter(|k| !matches!(k, Key::PermRel(_)))
}

/// The scenario as a readable query: `preset=NAME` and then only the keys that
/// differ from that preset, e.g. `preset=neuron&K_o=10&ouabain=1`, and
/// `panels=…` when the panels shown differ from the preset's.
pub fn to_query(s: &Scenario, preset: &str) -> String {
    let base = Scenario::preset(preset).unwrap_or_else(|_| s.clone());
    let mut parts = vec![format!("preset={preset}")];
    let mut wrote_v0 = false;
    for key in written_keys() {
        let text = |s: &Scenario| key.get(s).map(|v| key.format_value(v));
        if let Some(v) = text(s) {
            // Reading V0 sets start to given, so after V0 start is always written.
            let after_v0 = key == Key::Start && wrote_v0;
            if after_v0 || Some(&v) != text(&base).as_ref() {
                parts.push(format!("{key}={v}"));
                wrote_v0 |= key == Key::V0;
            }
        }
    }
    if s.panels != base.panels {
        parts.push(format!("panels={}", panels_text(&s.panels)));
    }
    crate::strings::join(&parts, "&")
}

/// Build a scenario from query pairs: `preset` first (default `neuron`), then
/// every other recognised key in order, and `panels`. Each bad pair is
/// reported and skipped, so only that field keeps its default. The link keys
/// `then` and `t` are left for [`Link::from_query`], and keys in `ignore` (the
/// page's own, like `lang`) for the caller; an unknown key is reported with
/// the list of every key a link may hold.
pub fn from_query(
    pairs: &[(String, String)],
    ignore: &[&str],
) -> (Scenario, String, Vec<ModelError>) {
    let mut errors = Vec::new();
    let mut preset = "neuron".to_string();
    if let Some((_, name)) = pairs.iter().find(|(k, _)| k == "preset") {
        if crate::strings::is_one_of(name, &PRESET_NAMES) {
            preset = name.clone();
        } else {
            errors.push(ModelError::UnknownPreset {
                name: name.clone(),
                known: &PRESET_NAMES,
            });
        }
    }
    let mut s = Scenario::preset(&preset).unwrap_or_default();
    for (k, v) in pairs {
        if k == "preset" || k == "then" || k == "t" || crate::strings::is_one_of(k, ignore) {
            continue;
        }
        if k == "panels" {
            match parse_panels(v) {
                Ok(p) => s.panels = p,
                Err(e) => errors.push(e),
            }
            continue;
        }
        let Some(key) = Key::parse(k) else {
            let known = ["preset"]
                .into_iter()
                .chain(Key::names())
                .chain(LINK_KEYS)
                .map(String::from)
                .chain(ignore.iter().map(|k| k.to_string()))
                .collect();
            errors.push(ModelError::UnknownKey {
                key: k.clone(),
                known,
            });
            continue;
        };
        if let Err(e) = key.parse_value(v).and_then(|v| key.set(&mut s, v)) {
            errors.push(e);
        }
    }
    (s, preset, errors)
}

// ---------------------------------------------------------------- share links

/// The panel names of the `panels` query key, in page order.
pub const PANEL_NAMES: [&str; 6] = [
    "membrane",
    "voltage",
    "concentrations",
    "currents",
    "clamp",
    "sweep",
];

/// The words a `panels` value may list: the panel names and `none`.
pub const PANEL_WORDS: [&str; 7] = [
    "membrane",
    "voltage",
    "concentrations",
    "currents",
    "clamp",
    "sweep",
    "none",
];

/// Query keys of a share link that are not scenario fields: `panels` (which
/// panels are shown), `then` (changes made after the start) and `t` (model time).
pub const LINK_KEYS: [&str; 3] = ["panels", "then", "t"];

/// The `then` key that stands for "go to the steady state" (it takes no value).
pub const STEADY_KEY: &str = "steady";

/// Latest model time a link may ask for, s (about 116 days).
pub const T_MAX_S: f64 = 1e7;

/// Most changes a link may list.
pub const CHANGES_MAX: usize = 1000;

/// Panels as the `panels` query value: `membrane,voltage,concentrations,currents`
/// (`none` when every panel is hidden).
pub fn panels_text(p: &Panels) -> String {
    let on = [
        p.membrane,
        p.voltage,
        p.concentrations,
        p.currents,
        p.clamp,
        p.sweep,
    ];
    let names: Vec<&str> = PANEL_NAMES
        .iter()
        .zip(on)
        .filter_map(|(n, on)| on.then_some(*n))
        .collect();
    if names.is_empty() {
        "none".into()
    } else {
        crate::strings::join(&names, ",")
    }
}

/// Read a `panels` query value (see [`panels_text`]); an unknown name is an error.
pub fn parse_panels(text: &str) -> Result<Panels, ModelError> {
    let mut p = Panels {
        membrane: false,
        voltage: false,
        concentrations: false,
        currents: false,
        clamp: false,
        sweep: false,
    };
    for name in text.split(',').map(str::trim).filter(|n| !n.is_empty()) {
        match name {
            "membrane" => p.membrane = true,
            "voltage" => p.voltage = true,
            "concentrations" => p.concentrations = true,
            "currents" => p.currents = true,
            "clamp" => p.clamp = true,
            "sweep" => p.sweep = true,
            "none" => {}
            _ => {
                return Err(ModelError::BadChoice {
                    key: "panels".into(),
                    text: name.into(),
                    allowed: &PANEL_WORDS,
                })
            }
        }
    }
    Ok(p)
}

/// A model time for a link: rounded to the microsecond, without trailing zeros
/// (`600`, `0.25`, `7203.416667`).
pub fn format_time(t_s: f64) -> String {
    let text = Fixed(t_s, 6).to_string();
    let text = crate::strings::trim_fraction_zeros(&text);
    if text.is_empty() || text == "-" {
        "0".into()
    } else {
        text.into()
    }
}

fn parse_time(field: &str, text: &str) -> Result<f64, ModelError> {
    let t = crate::decimal::parse_f64(text.trim()).ok_or_else(|| ModelError::NotANumber {
        key: field.into(),
        text: text.into(),
    })?;
    crate::error::Range::closed(0.0, T_MAX_S).check(field, t, "s")
}

/// What a change after the start does.
#[derive(Debug, Clone, PartialEq)]
pub enum ChangeKind {
    /// Set a key to a value: `K_o:10`.
    Set(Key, f64),
    /// Jump to the steady state: [`STEADY_KEY`].
    Steady,
    /// Current pulses from then on: `stim:20/1/50/10` (the stimulus's text
    /// form, [`StimulusSpec::parse`], with `/` for its commas, which
    /// separate a link's changes).
    Stimulus(StimulusSpec),
    /// A synapse's pulses from then on: `syn_inh:5e-6/100`
    /// ([`SynapseSpec::parse`], `/` for its commas).
    Synapse(SynapseSpec),
}

/// One change made after the start: at model time `t_s`, set a key to a
/// value, jump to the steady state, or start current or synaptic pulses.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// Model time of the change, s.
    pub t_s: f64,
    /// What it does.
    pub what: ChangeKind,
}

/// The name of the current pulses in a link's `then`.
pub const STIM_KEY: &str = "stim";

impl Change {
    /// The change a command stands for, at time `t_s` (`None` for
    /// [`Command::Reset`], which starts the scenario again instead).
    pub fn from_command(t_s: f64, cmd: &Command) -> Option<Change> {
        let what = match cmd {
            Command::Reset => return None,
            Command::GoToSteadyState => ChangeKind::Steady,
            Command::Stimulate(spec) => ChangeKind::Stimulus(*spec),
            Command::Synapse(spec) => ChangeKind::Synapse(*spec),
            other => {
                let (k, v) = other.key_value()?;
                ChangeKind::Set(k, v)
            }
        };
        Some(Change { t_s, what })
    }

    /// The model command of this change.
    pub fn command(&self) -> Command {
        match self.what {
            ChangeKind::Set(key, v) => Command::Set(key, v),
            ChangeKind::Steady => Command::GoToSteadyState,
            ChangeKind::Stimulus(spec) => Command::Stimulate(spec),
            ChangeKind::Synapse(spec) => Command::Synapse(spec),
        }
    }

    /// The key the change sets (`None` for the jump to the steady state and
    /// for pulses).
    pub fn key(&self) -> Option<Key> {
        match self.what {
            ChangeKind::Set(k, _) => Some(k),
            _ => None,
        }
    }

    /// The change's name as the `then` value writes it: the key, `steady`,
    /// `stim`, `syn_exc` or `syn_inh`.
    pub fn name(&self) -> &'static str {
        match self.what {
            ChangeKind::Set(k, _) => k.name(),
            ChangeKind::Steady => STEADY_KEY,
            ChangeKind::Stimulus(_) => STIM_KEY,
            ChangeKind::Synapse(spec) => spec.kind.name(),
        }
    }

    /// What the change does, without its time: `K_o:10`, `steady`,
    /// `stim:20/1`.
    fn body(&self) -> String {
        match self.what {
            ChangeKind::Set(key, v) => format!("{key}:{}", key.format_value(v)),
            ChangeKind::Steady => STEADY_KEY.into(),
            ChangeKind::Stimulus(spec) => {
                format!(
                    "{STIM_KEY}:{}",
                    crate::strings::replace(&spec.to_text(), ",", "/")
                )
            }
            ChangeKind::Synapse(spec) => {
                format!(
                    "{}:{}",
                    spec.kind.name(),
                    crate::strings::replace(&spec.to_text(), ",", "/")
                )
            }
        }
    }

    /// The change as one item of the `then` value: `K_o:10@600`,
    /// `steady@1200`, `stim:20/1/50/10@0.5`.
    pub fn text(&self) -> String {
        format!("{}@{}", self.body(), format_time(self.t_s))
    }

    /// The change in words for a file header: `K_o=10 at t = 600 s`,
    /// `steady state at t = 1200 s`, `stim=20,1 at t = 0.5 s`.
    pub fn note(&self) -> String {
        let t = format_time(self.t_s);
        match self.what {
            ChangeKind::Set(key, v) => format!("{key}={} at t = {t} s", key.format_value(v)),
            ChangeKind::Steady => format!("steady state at t = {t} s"),
            ChangeKind::Stimulus(spec) => format!("{STIM_KEY}={} at t = {t} s", spec.to_text()),
            ChangeKind::Synapse(spec) => {
                format!("{}={} at t = {t} s", spec.kind.name(), spec.to_text())
            }
        }
    }

    /// Read one item of the `then` value (see [`Change::text`]). The key must
    /// be known, the value readable for it and the time within
    /// 0..=[`T_MAX_S`]; the value's range is checked when the change is
    /// applied (pulses are checked whole here).
    pub fn parse(item: &str) -> Result<Change, ModelError> {
        let item = item.trim();
        let (what, t) = item
            .rsplit_once('@')
            .ok_or_else(|| ModelError::ChangeWithoutTime { item: item.into() })?;
        let t_s = parse_time(&format!("then: {what} at"), t)?;
        let (name, value) = match what.split_once(':') {
            Some((k, v)) => (k.trim(), v.trim()),
            None => (what.trim(), ""),
        };
        if name == STEADY_KEY {
            return Ok(Change {
                t_s,
                what: ChangeKind::Steady,
            });
        }
        let pulse = name == STIM_KEY || SynapseKind::parse(name).is_some();
        let key = Key::parse(name);
        if key.is_none() && !pulse {
            return Err(ModelError::UnknownKey {
                key: format!("then: {name}"),
                known: Key::names()
                    .chain([STEADY_KEY, STIM_KEY, "syn_exc", "syn_inh"])
                    .map(String::from)
                    .collect(),
            });
        }
        if value.is_empty() {
            return Err(ModelError::ChangeWithoutValue {
                item: item.into(),
                key: name.into(),
            });
        }
        let what = match (key, SynapseKind::parse(name)) {
            (Some(key), _) => ChangeKind::Set(key, key.parse_value(value)?),
            (None, Some(kind)) => ChangeKind::Synapse(SynapseSpec::parse(
                kind,
                &crate::strings::replace(value, "/", ","),
            )?),
            (None, None) => ChangeKind::Stimulus(StimulusSpec::parse(&crate::strings::replace(
                value, "/", ",",
            ))?),
        };
        Ok(Change { t_s, what })
    }
}

/// The outcome of [`Link::replay`].
#[derive(Debug, Clone)]
pub struct Replayed {
    /// The simulation at the link's time (or where the integrator stopped).
    pub sim: Simulation,
    /// The changes that were applied (the link's, less the refused ones).
    pub applied: Vec<Change>,
    /// What was refused or went wrong, in order.
    pub errors: Vec<ModelError>,
}

/// Everything a share link holds about the model: the starting scenario (a
/// preset plus the keys that differ, and the panels), the changes made after
/// the start, and the model time reached. The page adds its own keys (`lang`,
/// `lesson`, `embed`).
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    /// The starting scenario.
    pub scenario: Scenario,
    /// The preset it was built from.
    pub preset: String,
    /// Changes after the start, in time order.
    pub changes: Vec<Change>,
    /// Model time reached, s (the replay stops there).
    pub t_s: f64,
}

impl Link {
    /// A link to `scenario` (built from `preset`) at its start.
    pub fn new(scenario: Scenario, preset: &str) -> Link {
        Link {
            scenario,
            preset: preset.into(),
            changes: Vec::new(),
            t_s: 0.0,
        }
    }

    /// The link as a readable query (without `?`):
    /// `preset=neuron&K_o=10&then=ouabain:1@0,K_o:8@600&t=7200`. `then` and
    /// `t` are left out when there is nothing to say.
    pub fn to_query(&self) -> String {
        let mut q = to_query(&self.scenario, &self.preset);
        if !self.changes.is_empty() {
            let items: Vec<String> = self.changes.iter().map(Change::text).collect();
            q.push_str("&then=");
            q.push_str(&crate::strings::join(&items, ","));
        }
        let t = format_time(self.t_s);
        if t != "0" {
            q.push_str("&t=");
            q.push_str(&t);
        }
        q
    }

    /// Read a link from query pairs, as [`from_query`] does for the scenario,
    /// plus `then` and `t`. Each bad part is reported and skipped: a bad
    /// change leaves the others, a bad `t` falls back to the last change's
    /// time. Keys in `ignore` are left for the caller.
    pub fn from_query(pairs: &[(String, String)], ignore: &[&str]) -> (Link, Vec<ModelError>) {
        let (scenario, preset, mut errors) = from_query(pairs, ignore);
        let mut changes = Vec::new();
        let mut t = None;
        for (k, v) in pairs {
            match k.as_str() {
                "then" => {
                    for item in v.split(',').filter(|i| !i.trim().is_empty()) {
                        if changes.len() >= CHANGES_MAX {
                            errors.push(ModelError::TooManyChanges { max: CHANGES_MAX });
                            break;
                        }
                        match Change::parse(item) {
                            Ok(c) => changes.push(c),
                            Err(e) => errors.push(e),
                        }
                    }
                }
                "t" => match parse_time("t", v) {
                    Ok(x) => t = Some(x),
                    Err(e) => errors.push(e),
                },
                _ => {}
            }
        }
        crate::order::insertion_sort_by(&mut changes, |a, b| a.t_s.total_cmp(&b.t_s));
        let last = changes.last().map_or(0.0, |c| c.t_s);
        let t_s = match t {
            Some(t) if t < last => {
                let (kept, late): (Vec<Change>, Vec<Change>) =
                    changes.into_iter().partition(|c| c.t_s <= t);
                for c in late {
                    errors.push(ModelError::ChangeAfterEnd {
                        key: c.name().to_string(),
                        t_s: c.t_s,
                        end_s: t,
                    });
                }
                changes = kept;
                t
            }
            Some(t) => t,
            None => last,
        };
        (
            Link {
                scenario,
                preset,
                changes,
                t_s,
            },
            errors,
        )
    }

    /// Replay the link: start the scenario, advance to each change's time and
    /// apply it, and stop at `t`. Time advances in segments that end at each
    /// change and at `samples` evenly spaced times, and `on_sample` sees the
    /// simulation after each segment (for a trace). The segments depend only
    /// on the link, so replaying the same link always gives the same state to
    /// the last bit. A change the model refuses is reported and skipped; the
    /// error is `Err` only when the starting scenario itself cannot run.
    pub fn replay(
        &self,
        samples: usize,
        mut on_sample: impl FnMut(&Simulation),
    ) -> Result<Replayed, ModelError> {
        // One copy of the work below for every caller's `on_sample`.
        self.replay_with(samples, &mut on_sample)
    }

    fn replay_with(
        &self,
        samples: usize,
        on_sample: &mut dyn FnMut(&Simulation),
    ) -> Result<Replayed, ModelError> {
        let mut sim = Simulation::new(self.scenario.clone())?;
        let mut errors = Vec::new();
        let mut applied = Vec::new();
        let n = samples.max(1);
        let t_end = self.t_s;
        let grid = |k: usize| t_end * k as f64 / n as f64;
        // Segment ends are logical times (`pos`), never read back from the
        // simulation, so rounding in the integrator cannot stall the loop.
        let mut k = 1;
        let mut pos = 0.0_f64;
        let mut go_to = |sim: &mut Simulation, target: f64, errors: &mut Vec<ModelError>| {
            while pos < target {
                while k <= n && grid(k) <= pos {
                    k += 1;
                }
                let stop = if k <= n { grid(k).min(target) } else { target };
                let dt = (stop - sim.time().0).max(0.0);
                if let Err(e) = sim.advance(Seconds(dt)) {
                    errors.push(e);
                    return false;
                }
                pos = stop;
                on_sample(sim);
            }
            true
        };
        for c in &self.changes {
            if !go_to(&mut sim, c.t_s, &mut errors) {
                return Ok(Replayed {
                    sim,
                    applied,
                    errors,
                });
            }
            match sim.apply(c.command()) {
                Ok(()) => applied.push(c.clone()),
                Err(e) => errors.push(e),
            }
        }
        go_to(&mut sim, t_end, &mut errors);
        Ok(Replayed {
            sim,
            applied,
            errors,
        })
    }
}
