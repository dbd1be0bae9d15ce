//! The commands. Each returns its whole output as text, so tests can read it.

use crate::args::{Args, CliError, Then};
use crate::reference;
use rpl_model::electro::{ghk_voltage_mv, nernst_mv, resting_potential};
use rpl_model::sweep::{Axis, SweepSpec, SWEEP_KEYS};
use rpl_model::{Ion, Key, Millivolts, ModelError, Scenario, Seconds, Simulation, PRESET_NAMES};
use std::fmt::Write;

/// The help text.
pub const HELP: &str = "\
rpl — Resting Potential Lab on the command line

USAGE
  rpl <command> [--preset NAME | --scenario FILE.json] [--set KEY=VALUE]... [options]

COMMANDS
  steady      the pump-leak steady state and every readout, as JSON
  run         a time course: --duration S (default: the scenario's) --samples N (default 100)
              --format csv|json; --then KEY=VALUE applies a change once the run has started
              (e.g. --then ouabain=1 blocks the pump of a cell at rest); --rtol R sets the
              integrator's relative tolerance (default 1e-6; absolute ones scale with it);
              --then stim=AMP[,MS[,HZ,N]] stimulates a cell with channels (--set g_Na=0.12
              --set g_K=0.036): one pulse of AMP µA/cm² for MS ms (default 1), or N of them
              at HZ per second; the CSV header then lists the spikes;
              --then syn_exc=P[,MS[,HZ,N]] (or syn_inh=…) opens the excitatory (Na⁺ and K⁺,
              P cm/s each) or inhibitory (Cl⁻) synapse for MS ms (default 1), N times at HZ;
              tonic synapses are the keys P_exc and P_inh; the Cl⁻ cotransporters KCC2 and
              NKCC1 the keys g_KCC2 and g_NKCC1 (S/cm², e.g. --set g_KCC2=2e-5)
  threshold   how excitable the cell is, as JSON: the smallest pulse of --pulse-ms MS
              (default 1) that makes it fire (rheobase), V at rest and at the pulse's end;
              or that it fires unprovoked, is blocked, or has no channels
  nernst      E of each ion, the GHK voltage (closed form, monovalent ions) and the
              zero-current potential with the pump; or one ion: --z 1 --in 140 --out 5 --temp 37
  sweep       V against one key: --key K_o (default) --from 0.1 --to 200 [--log] --points N
              (default 100); columns: the key, E of its ion, the GHK voltage of the leaks
              at the cell's inside concentrations, the pump-leak steady state, and with
              --ouabain-for S the voltage after S seconds of ouabain from each steady state
              (integrated at rtol 1e-4: within 5e-4 mV of a tight run);
              --excite (a cell with channels) the threshold for a 1 ms pulse and the spikes
              of ten 1 ms pulses of 20 µA/cm² at 50 Hz from each steady state;
              --format csv|table (default csv). Keys: rpl sweep --key help
  iv          voltage clamp: each current at held V, --from -120 --to 60 --step 5 (mV), CSV
  scenario    print the scenario as JSON (edit it and pass it back with --scenario)
  presets     list the presets
  keys        list the KEY names accepted by --set and --then
  reference   check a file of validation cases (tests/reference/ghk_nernst_cases.json)
  help        this text
";

/// Run one command.
pub fn dispatch(args: &Args) -> Result<String, CliError> {
    match args.command.as_str() {
        "steady" => steady(args),
        "run" => run(args),
        "nernst" => nernst(args),
        "iv" => iv(args),
        "sweep" => sweep(args),
        "threshold" => threshold(args),
        "scenario" => {
            args.only_options(&[])?;
            Ok(args.scenario()?.to_json() + "\n")
        }
        "presets" => Ok(PRESET_NAMES.join("\n") + "\n"),
        "keys" => Ok(Key::ALL
            .iter()
            .map(|k| format!("{:<10} {}; {}\n", k.name(), k.description(), k.allowed_text()))
            .collect()),
        "reference" => {
            let path = args
                .positional
                .first()
                .ok_or_else(|| CliError("reference needs a file path".into()))?;
            let text = crate::args::read_text_file(path, crate::args::SCENARIO_MAX_BYTES)?;
            let (table, failed) = reference::report(&text)?;
            if failed > 0 {
                Err(CliError(format!("{table}{failed} case(s) outside tolerance")))
            } else {
                Ok(table)
            }
        }
        "help" | "--help" | "-h" => Ok(HELP.to_string()),
        other => Err(CliError(format!(
            "unknown command \"{other}\"; commands: steady, run, threshold, nernst, sweep, iv, scenario, presets, keys, reference, help"
        ))),
    }
}

fn started(args: &Args) -> Result<Simulation, CliError> {
    let mut sim = Simulation::new(args.scenario()?)?;
    for then in args.then_actions()? {
        match then {
            Then::Command(cmd) => sim.apply(cmd)?,
            Then::Stimulus(spec) => sim.stimulate(&spec)?,
            Then::Synapse(spec) => sim.synapse(&spec)?,
        }
    }
    Ok(sim)
}

fn steady(args: &Args) -> Result<String, CliError> {
    args.only_options(&[])?;
    let mut sim = Simulation::new(args.scenario()?)?;
    sim.apply(rpl_model::Command::GoToSteadyState)?;
    let json = serde_json::to_string_pretty(&sim.readouts())
        .map_err(|e| CliError(format!("cannot write JSON: {e}")))?;
    Ok(json + "\n")
}

fn run(args: &Args) -> Result<String, CliError> {
    args.only_options(&["duration", "samples", "format", "rtol"])?;
    let scenario = args.scenario()?;
    let mut sim = started(args)?;
    let rtol = args.number("rtol", rpl_model::simulation::RTOL, 1e-12, 1e-2)?;
    sim.set_rtol(rtol);
    let duration = args.number("duration", scenario.duration_s, 1e-6, 1e6)?;
    let samples = args.number("samples", 100.0, 1.0, 1e6)? as usize;
    let samples = sim.run(Seconds(duration), samples)?;
    match args.text("format", "csv").as_str() {
        "json" => serde_json::to_string_pretty(&samples)
            .map(|s| s + "\n")
            .map_err(|e| CliError(format!("cannot write JSON: {e}"))),
        "csv" => {
            let mut notes: Vec<String> =
                args.then_actions()?.iter().filter_map(Then::note).collect();
            notes.extend(spike_notes(&sim));
            Ok(rpl_model::export::csv(&scenario, &notes, &samples))
        }
        other => Err(CliError(format!(
            "--format = \"{other}\" is not allowed: it must be csv or json"
        ))),
    }
}

/// The spikes of a run, for the CSV header: how many, then each one's
/// crossing of 0 mV and peak.
fn spike_notes(sim: &Simulation) -> Vec<String> {
    if sim.params().gated.is_none() {
        return vec![];
    }
    let log = sim.spikes();
    let mut notes = vec![format!("spikes: {}", log.count())];
    let shown = log.recent().iter().chain(log.in_progress());
    for (k, s) in shown.enumerate() {
        notes.push(format!(
            "spike {}: crossed 0 mV at {} s, peak {:.3} mV at {} s",
            k + 1,
            rpl_model::export::csv_time(s.t_s),
            s.peak_mv,
            rpl_model::export::csv_time(s.peak_t_s)
        ));
    }
    notes
}

fn threshold(args: &Args) -> Result<String, CliError> {
    args.only_options(&["pulse-ms"])?;
    let sim = started(args)?;
    let ms = args.number(
        "pulse-ms",
        1.0,
        f64::MIN_POSITIVE,
        rpl_model::simulation::STIM_DURATION_MAX_MS,
    )?;
    let e = sim.excitability(ms)?;
    let json = serde_json::to_string_pretty(&e)
        .map_err(|e| CliError(format!("cannot write JSON: {e}")))?;
    Ok(json + "\n")
}

fn nernst(args: &Args) -> Result<String, CliError> {
    args.only_options(&["z", "in", "out", "temp"])?;
    if args
        .options
        .iter()
        .any(|(k, _)| k == "in" || k == "out" || k == "z")
    {
        let z = args.number("z", 1.0, -2.0, 2.0)?;
        if z == 0.0 || z.fract() != 0.0 {
            return Err(CliError(format!(
                "--z = {z} is not allowed: it must be -2, -1, 1 or 2"
            )));
        }
        let ci = args.number("in", f64::NAN, 1e-12, 1e4)?;
        let co = args.number("out", f64::NAN, 1e-12, 1e4)?;
        if ci.is_nan() || co.is_nan() {
            return Err(CliError(
                "nernst for one ion needs --in and --out (mM)".into(),
            ));
        }
        let t = args.number("temp", 37.0, 0.0, 50.0)?;
        let e = nernst_mv(z as i32, ci, co, t + 273.15);
        return Ok(format!("E = {e:.4} mV\n"));
    }
    let s: Scenario = args.scenario()?;
    let sim = Simulation::new(s.clone())?;
    let r = sim.readouts();
    let t = s.temperature_k();
    let mut out = String::new();
    let _ = writeln!(out, "scenario {} at {} °C", s.name, s.temperature_c);
    for ion in Ion::ALL {
        let _ = writeln!(
            out,
            "E_{:<2} = {:>9.4} mV   ({} in {:.4} mM, out {:.4} mM)",
            ion.name(),
            nernst_mv(ion.valence(), r.c_in_mm.get(ion), r.c_out_mm.get(ion), t),
            ion.symbol(),
            r.c_in_mm.get(ion),
            r.c_out_mm.get(ion)
        );
    }
    let p = s.permeability_cm_s;
    if let Some(v) = ghk_voltage_mv(&p, &r.c_in_mm, &r.c_out_mm, t) {
        let _ = writeln!(out, "GHK voltage (no pump)         = {v:.4} mV");
    }
    if let Some(v) = resting_potential(&p, &r.c_in_mm, &r.c_out_mm, 0.0, t) {
        let _ = writeln!(out, "zero-current V, all ions      = {v:.4} mV");
    }
    let _ = writeln!(
        out,
        "zero-current V with the pump  = {:.4} mV",
        r.v_zero_current_mv
    );
    Ok(out)
}

/// The held voltages of an I–V table: `from`, then every `step` while below
/// `to`, and `to` itself last (so the table ends exactly where asked, and no
/// voltage appears twice).
pub fn clamp_voltages(from: f64, to: f64, step: f64) -> Vec<f64> {
    let n = ((to - from) / step + 1e-9).floor() as usize;
    let mut vs: Vec<f64> = (0..=n).map(|k| from + step * k as f64).collect();
    // Drop a last grid point that is `to` up to rounding, then end at `to` exactly.
    if vs.last().is_some_and(|&v| (to - v).abs() <= 1e-9 * step) {
        vs.pop();
    }
    vs.push(to);
    vs
}

fn iv(args: &Args) -> Result<String, CliError> {
    args.only_options(&["from", "to", "step"])?;
    let sim = started(args)?;
    let from = args.number("from", -120.0, -300.0, 300.0)?;
    let to = args.number("to", 60.0, -300.0, 300.0)?;
    let step = args.number("step", 5.0, 1e-3, 600.0)?;
    if to <= from {
        return Err(CliError(format!(
            "--to ({to}) must be above --from ({from})"
        )));
    }
    let mut out =
        String::from("V_mV,I_Na,I_K,I_Cl,I_Ca,I_pump,I_total (uA/cm2, outward positive)\n");
    for v in clamp_voltages(from, to, step) {
        let p = sim.clamp(Millivolts(v));
        let _ = writeln!(
            out,
            "{:.3},{:.6},{:.6},{:.6},{:.6},{:.6},{:.6}",
            p.v_mv,
            p.leak_ua_cm2.na,
            p.leak_ua_cm2.k,
            p.leak_ua_cm2.cl,
            p.leak_ua_cm2.ca,
            p.pump_ua_cm2,
            p.total_ua_cm2
        );
    }
    Ok(out)
}

/// A sweep's error about one of its fields, named by the flag that gave it
/// (`--from`, `--ouabain-for`) rather than by the model's field name.
fn sweep_error(e: ModelError) -> CliError {
    let flag = |field: &str| format!("--{}", field.replace('_', "-"));
    let e = match e {
        ModelError::OutOfRange {
            key,
            value,
            range,
            unit,
        } if ["from", "to", "points", "ouabain_for"].contains(&key.as_str()) => {
            ModelError::OutOfRange {
                key: flag(&key),
                value,
                range,
                unit,
            }
        }
        ModelError::BadChoice { key, text, allowed } if key == "key" => ModelError::BadChoice {
            key: flag(&key),
            text,
            allowed,
        },
        other => other,
    };
    CliError::from(e)
}

fn sweep(args: &Args) -> Result<String, CliError> {
    args.only_options(&[
        "key",
        "from",
        "to",
        "points",
        "log",
        "ouabain-for",
        "excite",
        "format",
    ])?;
    if !args.then.is_empty() {
        return Err(CliError(
            "sweep takes no --then: each point starts at its own steady state; \
             change the scenario with --set"
                .into(),
        ));
    }
    let key_name = args.text("key", "K_o");
    if key_name == "help" {
        return Ok(SWEEP_KEYS
            .iter()
            .filter_map(|n| Key::parse(n))
            .map(|k| {
                format!(
                    "{:<10} {}; {}\n",
                    k.name(),
                    k.description(),
                    k.allowed_text()
                )
            })
            .collect());
    }
    let key = SweepSpec::parse_key(&key_name).map_err(sweep_error)?;
    let format = args.text("format", "csv");
    if format != "csv" && format != "table" {
        return Err(CliError(format!(
            "--format = \"{format}\" is not allowed: it must be csv or table"
        )));
    }
    let need = |name: &str| -> Result<f64, CliError> {
        args.raw_number(name)?.ok_or_else(|| {
            CliError(format!(
                "sweep needs --from and --to (in {}), as in rpl sweep --key K_o --from 0.1 --to 200 --log",
                if key.unit().is_empty() { "the key's own unit" } else { key.unit() }
            ))
        })
    };
    let (from, to) = (need("from")?, need("to")?);
    let points = args.raw_number("points")?.unwrap_or(100.0);
    if !(points.is_finite() && points.fract() == 0.0 && (0.0..=1e9).contains(&points)) {
        return Err(CliError(format!(
            "--points = {} is not allowed: it must be a whole number from 2 to {}",
            args.text("points", ""),
            rpl_model::sweep::MAX_POINTS
        )));
    }
    let spec = SweepSpec {
        key,
        from,
        to,
        points: points as usize,
        axis: if args.flag("log") {
            Axis::Log
        } else {
            Axis::Linear
        },
        ouabain_for_s: args.raw_number("ouabain-for")?,
        excite: args.flag("excite"),
    };
    let scenario = args.scenario()?;
    let sim = Simulation::new(scenario.clone())?;
    let result = rpl_model::sweep::sweep(&sim, &spec).map_err(sweep_error)?;
    let cols = result.columns();
    let mut failures = String::new();
    for p in &result.points {
        let reasons = [
            ("steady state", p.v_steady_mv.as_ref().err()),
            (
                "after ouabain",
                p.v_after_ouabain_mv.as_ref().and_then(|v| v.as_ref().err()),
            ),
            (
                "threshold",
                p.excite.as_ref().and_then(|e| e.threshold.as_ref().err()),
            ),
            (
                "spike count",
                p.excite.as_ref().and_then(|e| e.spikes.as_ref().err()),
            ),
        ];
        for (what, e) in reasons {
            if let Some(e) = e {
                let _ = writeln!(
                    failures,
                    "# no {what} at {key} = {}: {}",
                    key.format_value(p.value),
                    e.clipped()
                );
            }
        }
    }
    let axis = match spec.axis {
        Axis::Linear => "linear",
        Axis::Log => "log",
    };
    let mut about = format!(
        "sweep {key} ({}) from {} to {}, {} points, {axis} axis",
        key.description(),
        key.format_value(from),
        key.format_value(to),
        spec.points
    );
    if let Some(t) = spec.ouabain_for_s {
        let _ = write!(
            about,
            "; V after {} s of ouabain",
            rpl_model::error::short_number(t)
        );
    }
    if spec.excite {
        about.push_str(
            "; from each steady state the threshold for a 1 ms pulse (empty: \
             fires unprovoked, or blocked) and the spikes of ten 1 ms pulses of \
             20 µA/cm² at 50 Hz",
        );
    }
    let mut out = String::new();
    if format == "table" {
        let _ = writeln!(out, "{about}; scenario {}", scenario.name);
        let line: Vec<String> = cols.iter().map(|c| format!("{c:>18}")).collect();
        let _ = writeln!(out, "{}", line.join(" "));
        for p in &result.points {
            let row = result.cells(p);
            let line: Vec<String> = row
                .iter()
                .enumerate()
                .map(|(i, c)| match c {
                    None => format!("{:>18}", "–"),
                    Some(v) if i == 0 => format!("{:>18}", rpl_model::error::short_number(*v)),
                    Some(v) => format!("{v:>18.4}"),
                })
                .collect();
            let _ = writeln!(out, "{}", line.join(" "));
        }
        out.push_str(&failures.replace("# ", ""));
        return Ok(out);
    }
    for line in scenario.to_json().lines() {
        let _ = writeln!(out, "# {line}");
    }
    let _ = writeln!(out, "# {about}");
    out.push_str(&failures);
    out.push_str(&result.csv());
    Ok(out)
}
