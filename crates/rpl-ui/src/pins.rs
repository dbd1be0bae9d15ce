//! Pinned runs, for comparison: the reader pins the run on show (up to
//! [`MAX_PINS`]), changes something and runs again; each pinned run stays on
//! the V chart (numbered) and the concentration chart as grey ghost traces. A pin is its link (the scenario,
//! the changes and the time, as Share writes them), so pins go into share
//! links (`pin=`, one per run) and into the CSV, and a link's pins are
//! replayed when it opens, as the link itself is.

use rpl_model::export::Link;
use rpl_model::{ModelError, Sample, Scenario};

use crate::format::format_duration;
use crate::link::{query_pairs, PAGE_KEYS, REPLAY_SAMPLES};

pub use crate::link::MAX_PINS;

/// The longest label, in characters (a longer one ends in "…").
pub const LABEL_MAX: usize = 48;

/// One pinned run.
#[derive(Debug, Clone, PartialEq)]
pub struct Pin {
    /// Its link's query (without `?` and without the page's own keys).
    pub query: String,
    /// What it started from.
    pub scenario: Scenario,
    /// A short name: what sets the run apart and how long it ran.
    pub label: String,
    /// Its trace.
    pub samples: Vec<Sample>,
}

/// A short name for a run from its link's query: every key but the time,
/// then the time it ran (`neuron · K_o=8 · then=ouabain:1@0 · 2 h`).
pub fn label(query: &str, t_s: f64) -> String {
    let mut parts: Vec<String> = query_pairs(query)
        .into_iter()
        .filter(|(k, _)| k != "t" && k != "panels")
        .map(|(k, v)| if k == "preset" { v } else { format!("{k}={v}") })
        .collect();
    parts.push(format_duration(t_s));
    let text = rpl_model::strings::join(&parts, " · ");
    if text.chars().count() > LABEL_MAX {
        let cut: String = text.chars().take(LABEL_MAX - 1).collect();
        format!("{cut}…")
    } else {
        text
    }
}

impl Pin {
    /// The run `link` as it is, with its recorded trace.
    pub fn of(link: &Link, samples: &[Sample]) -> Pin {
        let query = link.to_query();
        Pin {
            label: label(&query, link.t_s),
            query,
            scenario: link.scenario.clone(),
            samples: samples.to_vec(),
        }
    }

    /// A pin from a link's `pin=` value: the query replayed, as a link is
    /// when it opens. Any part of it that could not be used refuses the pin
    /// (the first reason is given).
    pub fn replay(query: &str) -> Result<Pin, ModelError> {
        let pairs = query_pairs(query);
        let (link, errors) = Link::from_query(&pairs, &PAGE_KEYS);
        if let Some(e) = errors.into_iter().next() {
            return Err(e);
        }
        let mut samples = vec![rpl_model::Simulation::new(link.scenario.clone())?.sample()];
        let replayed = link.replay(REPLAY_SAMPLES, |sim| samples.push(sim.sample()))?;
        if let Some(e) = replayed.errors.into_iter().next() {
            return Err(e);
        }
        samples.push(replayed.sim.sample());
        Ok(Pin::of(&link, &samples))
    }
}
