//! Argument parsing: `rpl <command> [--preset NAME | --scenario FILE] [--set KEY=VALUE]... [options]`,
//! read with `lexopt` (a small, well-kept parser: `--name value` and `--name=value`,
//! non-UTF-8 arguments refused by name).

use rpl_model::{Command, ModelError, Scenario, StimulusSpec, SynapseKind, SynapseSpec};

/// Parsed options shared by every command.
#[derive(Debug, Clone, PartialEq)]
pub struct Args {
    /// The command word.
    pub command: String,
    /// Preset name (default "neuron").
    pub preset: Option<String>,
    /// Scenario file.
    pub scenario_file: Option<String>,
    /// Overrides applied to the scenario before the start.
    pub set: Vec<(String, String)>,
    /// Commands applied after the start (e.g. `ouabain=1` to block the pump of a cell at rest).
    pub then: Vec<(String, String)>,
    /// Other `--name value` options.
    pub options: Vec<(String, String)>,
    /// Positional arguments after the command.
    pub positional: Vec<String>,
}

/// A command-line error: a message for stderr.
#[derive(Debug, Clone, PartialEq)]
pub struct CliError(pub String);

impl std::fmt::Display for CliError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<ModelError> for CliError {
    fn from(e: ModelError) -> Self {
        CliError(e.clipped().to_string())
    }
}

/// The largest scenario or reference file read, bytes (a scenario is about 2 KB).
pub const SCENARIO_MAX_BYTES: u64 = 1 << 20;

/// Read a UTF-8 text file of at most `max` bytes; a leading byte-order mark is
/// dropped. A larger file (or a device such as `/dev/zero`) is refused by name.
pub fn read_text_file(path: &str, max: u64) -> Result<String, CliError> {
    use std::io::Read;
    let file =
        std::fs::File::open(path).map_err(|e| CliError(format!("cannot read {path}: {e}")))?;
    let mut bytes = Vec::new();
    file.take(max + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| CliError(format!("cannot read {path}: {e}")))?;
    if bytes.len() as u64 > max {
        return Err(CliError(format!(
            "{path} is larger than {} KiB; a scenario file is a few KB",
            max / 1024
        )));
    }
    let text =
        String::from_utf8(bytes).map_err(|_| CliError(format!("{path} is not UTF-8 text")))?;
    Ok(text
        .strip_prefix('\u{feff}')
        .map(str::to_string)
        .unwrap_or(text))
}

/// Options that take no value (`--log`): present or not.
pub const FLAGS: [&str; 2] = ["log", "excite"];

fn cli_error(e: lexopt::Error) -> CliError {
    CliError(format!("{e}; try `rpl help`"))
}

fn key_value(flag: &str, s: &str) -> Result<(String, String), CliError> {
    s.split_once('=')
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .ok_or_else(|| CliError(format!("{flag} expects KEY=VALUE, got \"{s}\"")))
}

impl Args {
    /// Parse the arguments after the program name, with `lexopt`: options
    /// may be written `--name value` or `--name=value`, in any order after
    /// the command word; `-h` or `--help` anywhere asks for the help text.
    pub fn parse(argv: &[String]) -> Result<Args, CliError> {
        use lexopt::Arg;
        let mut p = lexopt::Parser::from_args(argv.iter().cloned());
        let mut a = Args {
            command: String::new(),
            preset: None,
            scenario_file: None,
            set: vec![],
            then: vec![],
            options: vec![],
            positional: vec![],
        };
        while let Some(arg) = p.next().map_err(cli_error)? {
            match arg {
                Arg::Short('h') | Arg::Long("help") => {
                    a.command = "help".into();
                    return Ok(a);
                }
                Arg::Short(c) => {
                    return Err(CliError(format!("unknown option -{c}; try `rpl help`")))
                }
                Arg::Long(name) => {
                    let name = name.to_string();
                    if FLAGS.contains(&name.as_str()) {
                        if let Some(v) = p.optional_value() {
                            return Err(CliError(format!(
                                "--{name} takes no value (got \"{}\"); write --{name} alone",
                                v.to_string_lossy()
                            )));
                        }
                        a.options.push((name, String::new()));
                        continue;
                    }
                    let value = p
                        .value()
                        .map_err(|_| CliError(format!("--{name} needs a value")))?
                        .into_string()
                        .map_err(|v| CliError(format!("--{name}: {v:?} is not UTF-8 text")))?;
                    match name.as_str() {
                        "preset" => a.preset = Some(value),
                        "scenario" => a.scenario_file = Some(value),
                        "set" => a.set.push(key_value("--set", &value)?),
                        "then" => a.then.push(key_value("--then", &value)?),
                        _ => a.options.push((name, value)),
                    }
                }
                Arg::Value(v) => {
                    let v = v
                        .into_string()
                        .map_err(|v| CliError(format!("{v:?} is not UTF-8 text")))?;
                    if a.command.is_empty() {
                        a.command = v;
                    } else {
                        a.positional.push(v);
                    }
                }
            }
        }
        if a.command.is_empty() {
            return Err(CliError("no command given; try `rpl help`".into()));
        }
        Ok(a)
    }

    /// The scenario these arguments describe: a file or a preset, then the overrides.
    pub fn scenario(&self) -> Result<Scenario, CliError> {
        let mut s = match (&self.scenario_file, &self.preset) {
            (Some(_), Some(_)) => {
                return Err(CliError("give --preset or --scenario, not both".into()))
            }
            (Some(path), None) => {
                let text = read_text_file(path, SCENARIO_MAX_BYTES)?;
                Scenario::from_json(&text).map_err(|e| CliError(format!("{path}: {e}")))?
            }
            (None, p) => Scenario::preset(p.as_deref().unwrap_or("neuron"))?,
        };
        for (k, v) in &self.set {
            s.set(k, v)?;
        }
        Ok(s)
    }

    /// The `--then` commands, read with the key table (an unknown key or an
    /// unreadable value is an error); `stim=…` is a stimulus
    /// ([`StimulusSpec::parse`]) and `syn_exc=…`, `syn_inh=…` synaptic
    /// pulses ([`SynapseSpec::parse`]), not keys.
    pub fn then_actions(&self) -> Result<Vec<Then>, CliError> {
        self.then
            .iter()
            .map(|(k, v)| {
                if k == "stim" {
                    StimulusSpec::parse(v).map(Then::Stimulus)
                } else if let Some(kind) = SynapseKind::parse(k) {
                    SynapseSpec::parse(kind, v).map(Then::Synapse)
                } else {
                    Command::parse_set(k, v).map(Then::Command)
                }
                .map_err(CliError::from)
            })
            .collect()
    }

    /// A numeric option, with its default and allowed range.
    pub fn number(&self, name: &str, default: f64, lo: f64, hi: f64) -> Result<f64, CliError> {
        match self.options.iter().rev().find(|(k, _)| k == name) {
            None => Ok(default),
            Some((_, v)) => {
                let x: f64 = v
                    .parse()
                    .map_err(|_| CliError(format!("--{name} = \"{v}\" is not a number")))?;
                if x.is_finite() && x >= lo && x <= hi {
                    Ok(x)
                } else {
                    Err(CliError(format!(
                        "--{name} = {v} is not allowed: it must be between {lo} and {hi}"
                    )))
                }
            }
        }
    }

    /// Whether a flag (one of [`FLAGS`], e.g. `--log`) was given.
    pub fn flag(&self, name: &str) -> bool {
        self.options.iter().any(|(k, _)| k == name)
    }

    /// A numeric option read as given, with no range (`None` when absent):
    /// for values the model checks and words its errors about itself.
    pub fn raw_number(&self, name: &str) -> Result<Option<f64>, CliError> {
        match self.options.iter().rev().find(|(k, _)| k == name) {
            None => Ok(None),
            Some((_, v)) => rpl_model::parse_f64(v.trim())
                .map(Some)
                .ok_or_else(|| CliError(format!("--{name} = \"{v}\" is not a number"))),
        }
    }

    /// A text option.
    pub fn text(&self, name: &str, default: &str) -> String {
        self.options
            .iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_else(|| default.to_string())
    }

    /// Refuse options this command does not know.
    pub fn only_options(&self, known: &[&str]) -> Result<(), CliError> {
        for (k, _) in &self.options {
            if !known.contains(&k.as_str()) {
                return Err(CliError(format!(
                    "unknown option --{k} for `{}`; options: --preset, --scenario, --set{}{}",
                    self.command,
                    if known.is_empty() { "" } else { ", --" },
                    known.join(", --")
                )));
            }
        }
        Ok(())
    }
}

/// What one `--then` does once the run has started.
#[derive(Debug, Clone, PartialEq)]
pub enum Then {
    /// Set a key.
    Command(Command),
    /// Stimulate the cell (`stim=AMPLITUDE[,DURATION_MS[,RATE_HZ,COUNT]]`).
    Stimulus(StimulusSpec),
    /// Pulse a synapse (`syn_exc=…` or `syn_inh=PERMEABILITY[,DURATION_MS[,RATE_HZ,COUNT]]`).
    Synapse(SynapseSpec),
}

impl Then {
    /// As the CSV header notes it: `then ouabain=1`, `then stim=20,1`,
    /// `then syn_exc=0.000001,2`.
    pub fn note(&self) -> Option<String> {
        match self {
            Then::Command(c) => c
                .key_value()
                .map(|(k, v)| format!("then {k}={}", k.format_value(v))),
            Then::Stimulus(s) => Some(format!("then stim={}", s.to_text())),
            Then::Synapse(s) => Some(format!("then {}={}", s.kind.name(), s.to_text())),
        }
    }
}
