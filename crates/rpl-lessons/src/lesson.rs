//! The lesson type: texts, the starting scenario (a preset plus readable
//! overrides), commands applied after the start, a suggested run, the panels
//! shown and the question.

use crate::question::Question;
use crate::text::Text;
use rpl_model::scenario::Panels;
use rpl_model::{Command, Key, ModelError, Scenario, Simulation};

/// A readout that gives a lesson's answer away, hidden until the reader checks
/// a prediction (a lesson asks before it tells).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hidden {
    /// The membrane voltage: its readout, its spoken announcements and the
    /// equations' numbers.
    Voltage,
    /// The impermeant anions' concentration (membrane view and its description).
    Impermeant,
    /// The ions moved since the start and their fraction of the cell's content.
    MovedIons,
    /// The pump's rate in cycles and ATP per second.
    PumpRate,
    /// The sentence under the current bars that says what each ion does at rest.
    CurrentsCaption,
    /// The sweep panel's curves (V against a parameter, where the answer
    /// can be read off).
    Sweep,
    /// The threshold of a cell with channels: its line on the V chart and
    /// its sentence under it (which says when no pulse makes the cell fire).
    Threshold,
}

/// The control a lesson is about, shown in its card while it is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyControl {
    /// A parameter's control (the P_Na ratio, K⁺ₒ, ouabain…).
    Param(Key),
    /// The voltage clamp's held voltage and its buttons (hold at the rest or
    /// at a Nernst potential).
    Clamp,
}

/// One guided lesson, for one section of the course text.
#[derive(Debug, Clone, Copy)]
pub struct Lesson {
    /// Stable identifier, e.g. `k-only` (used in URLs).
    pub id: &'static str,
    /// Number of the lesson, from 1, in the order of the course text.
    pub section: u8,
    /// The heading of the course text's section this lesson goes with.
    pub course_heading: Text,
    /// Title of the lesson.
    pub title: Text,
    /// A short introduction.
    pub intro: Text,
    /// What to do, step by step.
    pub steps: &'static [Text],
    /// What to notice.
    pub notice: &'static [Text],
    /// The preset the scenario starts from (see [`rpl_model::PRESET_NAMES`]).
    pub preset: &'static str,
    /// Overrides applied to the preset with [`Key::set`], in order.
    pub overrides: &'static [(Key, f64)],
    /// Commands applied to the simulation right after it starts (e.g. `ouabain=1`).
    pub after_start: &'static [(Key, f64)],
    /// Suggested run length, model seconds.
    pub duration_s: f64,
    /// Suggested speed: model seconds per second of real time (below 1 is slow motion).
    pub speed: f64,
    /// Panels to show.
    pub panels: Panels,
    /// Readouts that would give the answer away, hidden until the reader checks.
    pub hides: &'static [Hidden],
    /// The parameter the lesson's sweep panel shows (the panel opens with
    /// the lesson), if it has one.
    pub sweep: Option<Key>,
    /// The control the lesson is about (the P_Na ratio, K⁺ₒ, ouabain, the
    /// clamp…): the page shows it in the lesson's card while the lesson is open.
    pub key_control: Option<KeyControl>,
    /// The question to predict and check.
    pub question: Question,
}

impl Lesson {
    /// The starting scenario: the preset, the overrides, the suggested
    /// duration and the panels. Checked by [`Scenario::set`] at every step.
    pub fn scenario(&self) -> Result<Scenario, ModelError> {
        let mut s = Scenario::preset(self.preset)?;
        for &(key, value) in self.overrides {
            key.set(&mut s, value)?;
        }
        Key::Duration.set(&mut s, self.duration_s)?;
        s.panels = self.panels;
        s.validate()?;
        Ok(s)
    }

    /// The commands applied right after the start, as model commands.
    pub fn start_commands(&self) -> Vec<Command> {
        self.after_start
            .iter()
            .map(|&(k, v)| Command::Set(k, v))
            .collect()
    }

    /// Start the lesson: a simulation of [`Lesson::scenario`] with the
    /// after-start commands applied.
    pub fn start(&self) -> Result<Simulation, ModelError> {
        let mut sim = Simulation::new(self.scenario()?)?;
        for cmd in self.start_commands() {
            sim.apply(cmd)?;
        }
        Ok(sim)
    }

    /// Every fixed text of the lesson (title, intro, steps, notices, question, options).
    pub fn texts(&self) -> Vec<Text> {
        let mut out = vec![self.course_heading, self.title, self.intro];
        out.extend_from_slice(self.steps);
        out.extend_from_slice(self.notice);
        out.push(self.question.prompt);
        out.extend_from_slice(self.question.options());
        out
    }
}
