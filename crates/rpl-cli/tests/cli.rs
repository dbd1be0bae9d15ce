//! The `rpl` binary end to end: the README's examples work, the reference
//! cases are reproduced, and errors go to stderr with a non-zero exit.

// A bad slice of text fails a test here; the page's own code takes slices
// with `get` (clippy::string_slice in Cargo.toml says why).
#![allow(clippy::string_slice)]

use std::process::Command;

fn rpl(args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_rpl"))
        .args(args)
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
        .output()
        .expect("runs");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn reproduces_every_reference_case() {
    let (ok, out, err) = rpl(&["reference", "tests/reference/ghk_nernst_cases.json"]);
    assert!(ok, "{out}{err}");
    assert_eq!(
        out.lines().filter(|l| l.ends_with(" yes")).count(),
        12,
        "{out}"
    );
    assert!(!out.contains(" NO"));
}

#[test]
fn steady_state_is_json_with_zero_net_current() {
    let (ok, out, err) = rpl(&["steady", "--preset", "neuron", "--set", "K_o=8"]);
    assert!(ok, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert!(v["net_current_ua_cm2"].as_f64().expect("number").abs() < 1e-9);
    let vm = v["v_mv"].as_f64().expect("number");
    assert!(vm > -70.0 && vm < -60.0, "hyperkalaemic neuron at {vm} mV");
}

#[test]
fn ouabain_run_down_as_csv_with_the_scenario_in_the_header() {
    let (ok, out, err) = rpl(&[
        "run",
        "--preset",
        "neuron",
        "--then",
        "ouabain=1",
        "--duration",
        "7200",
        "--samples",
        "24",
    ]);
    assert!(ok, "{err}");
    assert!(out.starts_with("# {"));
    assert!(out.contains("# then ouabain=1"));
    let rows: Vec<Vec<f64>> = out
        .lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with("t_s"))
        .map(|l| l.split(',').map(|x| x.parse().expect("number")).collect())
        .collect();
    assert_eq!(rows.len(), 25);
    assert_eq!(rows[24][0], 7200.0);
    assert!(
        rows[24][1] > rows[0][1] + 20.0,
        "V rises by tens of mV in 2 h"
    );
    // The header's scenario loads back (the starting scenario, pump unblocked).
    let json: String = out
        .lines()
        .filter(|l| l.starts_with("# ") && !l.starts_with("# then"))
        .map(|l| &l[2..])
        .collect::<Vec<_>>()
        .join("\n");
    let s = rpl_model::Scenario::from_json(&json).expect("header is a scenario");
    assert_eq!(s.pump.block, 0.0);
}

#[test]
fn nernst_ghk_and_iv_tables() {
    let (ok, out, _) = rpl(&[
        "nernst", "--z", "2", "--in", "0.0001", "--out", "2", "--temp", "37",
    ]);
    assert!(ok);
    assert!(out.contains("132.34"), "{out}");
    let (ok, out, _) = rpl(&["nernst", "--preset", "squid-axon"]);
    assert!(
        ok && out.contains("E_K") && out.contains("GHK voltage"),
        "{out}"
    );
    let (ok, out, _) = rpl(&["iv", "--from", "-100", "--to", "40", "--step", "10"]);
    assert!(ok);
    assert_eq!(out.lines().count(), 16, "{out}");
}

#[test]
fn scenario_files_round_trip() {
    let (ok, json, _) = rpl(&["scenario", "--preset", "astrocyte"]);
    assert!(ok);
    let dir = std::env::temp_dir().join(format!("rpl-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("astro.json");
    std::fs::write(&path, &json).expect("write");
    let (ok, out, err) = rpl(&["steady", "--scenario", path.to_str().expect("utf-8")]);
    assert!(ok, "{err}");
    assert!(out.contains("v_mv"));
    std::fs::write(&path, json.replace("\"K\": 5.0", "\"K\": -5.0")).expect("write");
    let (ok, _, err) = rpl(&["steady", "--scenario", path.to_str().expect("utf-8")]);
    assert!(!ok && err.contains("K_o") && err.contains("-5"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn errors_go_to_stderr_with_a_nonzero_exit() {
    for args in [
        vec!["steady", "--set", "K_o=-5"],
        vec!["steady", "--preset", "frog"],
        vec!["run", "--format", "xml"],
        vec!["run", "--duration", "NaN"],
        vec!["frobnicate"],
        vec!["steady", "--set", "K_o"],
        vec!["steady", "--scenario", "/nonexistent.json"],
    ] {
        let (ok, out, err) = rpl(&args);
        assert!(!ok, "{args:?} should fail");
        assert!(out.is_empty(), "{args:?}: nothing on stdout");
        assert!(err.starts_with("rpl: "), "{args:?}: {err}");
    }
}

#[test]
fn a_bad_word_is_quoted_alone_with_the_allowed_words_after_it() {
    for (set, want) in [
        (
            "volume=squishy",
            "rpl: volume = \"squishy\" is not allowed: it must be rigid or swelling\n",
        ),
        (
            "start=later",
            "rpl: start = \"later\" is not allowed: it must be steady or given\n",
        ),
        (
            "pump=maybe",
            "rpl: pump = \"maybe\" is not allowed: it must be 1, on, true, yes, 0, off, false or no\n",
        ),
        ("K_o=abc", "rpl: K_o = \"abc\" is not a number\n"),
        (
            "K_o=1e309",
            "rpl: K_o: the number given is too large: it must be a finite number at least 1e-6 and at most 1000 mM\n",
        ),
        (
            "diameter=2000.0000000001",
            "rpl: diameter = 2000 is not allowed: it must be a finite number at least 1 and at most 2000 µm\n",
        ),
    ] {
        let (ok, out, err) = rpl(&["steady", "--set", set]);
        assert!(!ok && out.is_empty(), "{set}: {out}");
        assert_eq!(err, want, "{set}");
    }
}

#[test]
fn steady_with_an_injected_current_is_steady_or_refused() {
    for (preset, set) in [
        ("neuron", "I_inj=0.2"),
        ("neuron", "I_inj=5"),
        ("squid-axon", "I_inj=-10"),
    ] {
        let (ok, out, err) = rpl(&["steady", "--preset", preset, "--set", set]);
        assert!(ok, "{preset} {set}: {err}");
        let v: serde_json::Value = serde_json::from_str(&out).expect("JSON");
        let net = v["net_current_ua_cm2"].as_f64().expect("number");
        assert!(net.abs() < 1e-9, "{preset} {set}: net {net} µA/cm²");
    }
    let (ok, out, err) = rpl(&["steady", "--set", "I_inj=-10"]);
    assert!(!ok && out.is_empty(), "{out}");
    assert!(
        err.starts_with("rpl: no steady state was found with I_inj = -10 µA/cm²"),
        "{err}"
    );
}

#[test]
fn keys_lists_every_key_with_its_range_and_then_is_read_with_it() {
    let (ok, out, err) = rpl(&["keys"]);
    assert!(ok, "{err}");
    assert_eq!(out.lines().count(), rpl_model::Key::ALL.len(), "{out}");
    for key in rpl_model::Key::ALL {
        let line = out
            .lines()
            .find(|l| l.split_whitespace().next() == Some(key.name()))
            .unwrap_or_else(|| panic!("{key} listed"));
        assert!(line.ends_with(&key.allowed_text()), "{line}");
    }
    assert!(
        out.contains("K_o        outside K⁺, mM; 1e-6 ≤ x ≤ 1000 mM\n"),
        "{out}"
    );
    let (ok, _, err) = rpl(&["run", "--then", "ouabain=x", "--duration", "1"]);
    assert!(!ok);
    assert_eq!(err, "rpl: ouabain = \"x\" is not a number\n");
    let (ok, _, err) = rpl(&["run", "--then", "K_out=1", "--duration", "1"]);
    assert!(
        !ok && err.starts_with("rpl: unknown key \"K_out\""),
        "{err}"
    );
}

#[test]
fn iv_ends_exactly_at_to_and_never_repeats_a_voltage() {
    let volts = |out: &str| -> Vec<f64> {
        out.lines()
            .skip(1)
            .map(|l| l.split(',').next().unwrap().parse().unwrap())
            .collect()
    };
    let (ok, out, err) = rpl(&["iv", "--from", "-120", "--to", "60", "--step", "7"]);
    assert!(ok, "{err}");
    let v = volts(&out);
    assert_eq!(v.first(), Some(&-120.0));
    assert_eq!(v.last(), Some(&60.0), "ends at --to, not 62");
    assert!(v.windows(2).all(|w| w[1] > w[0]), "{v:?}");
    let (ok, out, _) = rpl(&["iv", "--from=-1", "--to=1", "--step=600"]);
    assert!(ok);
    assert_eq!(volts(&out), vec![-1.0, 1.0], "two distinct rows");
    let (ok, out, _) = rpl(&["iv", "--from", "-100", "--to", "40", "--step", "10"]);
    assert!(ok);
    assert_eq!(volts(&out).len(), 15);
}

#[test]
fn scenario_files_are_read_with_a_size_limit_and_a_bom_is_accepted() {
    let (ok, json, _) = rpl(&["scenario", "--preset", "neuron"]);
    assert!(ok);
    let dir = std::env::temp_dir().join(format!("rpl-cli-bom-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("bom.json");
    std::fs::write(&path, format!("\u{feff}{json}")).expect("write");
    let (ok, out, err) = rpl(&["steady", "--scenario", path.to_str().unwrap()]);
    assert!(ok && out.contains("v_mv"), "{err}");
    let (ok, _, err) = rpl(&["steady", "--scenario", "/dev/zero"]);
    assert!(!ok && err.contains("larger than"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn help_is_asked_for_anywhere() {
    for args in [
        vec!["-h"],
        vec!["--help"],
        vec!["run", "--help"],
        vec!["help"],
    ] {
        let (ok, out, _) = rpl(&args);
        assert!(ok && out.contains("USAGE"), "{args:?}");
    }
}

#[test]
fn run_output_lets_a_reader_check_conservation() {
    let (ok, out, err) = rpl(&[
        "run",
        "--then",
        "ouabain=1",
        "--duration",
        "7200",
        "--samples",
        "4",
    ]);
    assert!(ok, "{err}");
    let header: Vec<&str> = out
        .lines()
        .find(|l| l.starts_with("t_s,"))
        .unwrap()
        .split(',')
        .collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let rows: Vec<Vec<f64>> = out
        .lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with("t_s"))
        .map(|l| l.split(',').map(|x| x.parse().unwrap()).collect())
        .collect();
    let s = rpl_model::Scenario::preset("neuron").unwrap();
    let ions_per_mm = s.cell.volume_l() * 1e-3 * 6.022_140_76e23;
    let (first, last) = (&rows[0], &rows[rows.len() - 1]);
    for (conc, out_col) in [("K_i_mM", "K_out_ions"), ("Na_i_mM", "Na_out_ions")] {
        let inside = |r: &Vec<f64>| r[col(conc)] * r[col("volume_rel")] * ions_per_mm;
        let lost = inside(first) - inside(last);
        let moved = last[col(out_col)];
        assert!(
            (lost - moved).abs() <= 1e-5 * moved.abs(),
            "{conc}: {lost:e} ions left the inside, {moved:e} counted out"
        );
    }
    assert!(header.contains(&"pump_cycles"));
}

/// The rows of a CSV without its `#` lines, after the header `first_column,…`:
/// (header, rows), an empty cell read as `None`.
fn csv_rows(out: &str) -> (Vec<String>, Vec<Vec<Option<f64>>>) {
    let mut lines = out.lines().filter(|l| !l.starts_with('#'));
    let header = lines
        .next()
        .expect("a header")
        .split(',')
        .map(String::from)
        .collect();
    let rows = lines
        .map(|l| {
            l.split(',')
                .map(|x| (!x.is_empty()).then(|| x.parse().expect("a number")))
                .collect()
        })
        .collect();
    (header, rows)
}

#[test]
fn sweep_writes_the_classic_figure_as_csv_with_units_in_the_header() {
    use rpl_model::sweep::{sweep, SweepSpec};
    let (ok, out, err) = rpl(&[
        "sweep", "--preset", "neuron", "--key", "K_o", "--from", "0.1", "--to", "200", "--log",
        "--points", "100",
    ]);
    assert!(ok, "{err}");
    assert!(out.starts_with("# {"), "the scenario heads the file");
    assert!(out.contains("# sweep K_o (outside K⁺, mM) from 0.1 to 200, 100 points, log axis\n"));
    let (header, rows) = csv_rows(&out);
    assert_eq!(header, ["K_o_mM", "E_K_mV", "V_ghk_mV", "V_steady_mV"]);
    assert_eq!(rows.len(), 100);
    assert_eq!(rows[0][0], Some(0.1));
    assert_eq!(rows[99][0], Some(200.0));
    // The same numbers as the model's own sweep, to the 6 decimals written.
    let sim = rpl_model::Simulation::new(rpl_model::Scenario::preset("neuron").unwrap()).unwrap();
    let model = sweep(&sim, &SweepSpec::default()).unwrap();
    for (row, p) in rows.iter().zip(&model.points) {
        let want = [
            Some(p.value),
            p.e_ion_mv,
            p.v_ghk_mv,
            p.v_steady_mv.clone().ok(),
        ];
        for (got, want) in row.iter().zip(want) {
            let (got, want) = (got.expect("a value"), want.expect("a value"));
            assert!((got - want).abs() <= 5.1e-7, "{got} vs {want}");
        }
    }
    // The table says the same, to 4 decimals.
    let (ok, table, err) = rpl(&[
        "sweep", "--from", "0.1", "--to", "200", "--log", "--points", "100", "--format", "table",
    ]);
    assert!(ok, "{err}");
    let last = table.lines().last().expect("rows");
    let cells: Vec<f64> = last
        .split_whitespace()
        .map(|c| c.parse().unwrap())
        .collect();
    for (got, want) in cells.iter().zip(&rows[99]) {
        assert!((got - want.unwrap()).abs() <= 5.1e-5, "{last}");
    }
}

#[test]
fn sweep_after_ouabain_matches_a_run_down() {
    let (ok, out, err) = rpl(&[
        "sweep",
        "--from",
        "1",
        "--to",
        "9",
        "--points",
        "3",
        "--ouabain-for",
        "7200",
    ]);
    assert!(ok, "{err}");
    assert!(
        out.contains("linear axis; V after 7200 s of ouabain\n"),
        "{out}"
    );
    let (header, rows) = csv_rows(&out);
    assert_eq!(
        header.last().map(String::as_str),
        Some("V_after_ouabain_mV")
    );
    assert_eq!(rows[1][0], Some(5.0));
    // The sweep's run-downs are integrated at rpl_model::sweep::RUNDOWN_RTOL.
    let (ok, run, err) = rpl(&[
        "run",
        "--rtol",
        "1e-4",
        "--then",
        "ouabain=1",
        "--duration",
        "7200",
        "--samples",
        "1",
    ]);
    assert!(ok, "{err}");
    let (run_header, run_rows) = csv_rows(&run);
    let v = run_header.iter().position(|h| h == "V_mV").unwrap();
    let (start, end) = (run_rows[0][v].unwrap(), run_rows[1][v].unwrap());
    assert!((rows[1][3].unwrap() - start).abs() <= 1.1e-6, "{out}");
    // The sweep's run-down starts with a computed first step
    // (`Simulation::estimate_first_step`), the run with 10 µs: each is
    // within 2e-4 mV of an exact run-down (the sweep's stated error), so
    // the two within 5e-4 mV; `tests/sweep.rs` checks the sweep's to the
    // bit against the same run-down started as it is.
    assert!((rows[1][4].unwrap() - end).abs() <= 5e-4, "{out}");
}

#[test]
fn a_sweep_point_without_a_steady_state_is_an_empty_cell_with_its_reason() {
    let (ok, out, err) = rpl(&[
        "sweep", "--key", "I_inj", "--from", "-100", "--to", "100", "--points", "3",
    ]);
    assert!(ok, "{err}");
    let (header, rows) = csv_rows(&out);
    assert_eq!(
        header,
        ["I_inj_uA_cm2", "V_ghk_mV", "V_steady_mV"],
        "no ion, no E"
    );
    assert_eq!(rows[0][2], None);
    assert!(rows[1][2].is_some());
    assert!(out.contains("# no steady state at I_inj = -100: no steady state was found"));
    let (ok, keys, _) = rpl(&["sweep", "--key", "help"]);
    assert!(ok && keys.starts_with("Na_i ") && keys.contains("\nP_Na_rel "));
    assert!(!keys.contains("\nvolume "));
}

#[test]
fn bad_sweep_arguments_are_named_with_what_is_allowed() {
    let cases: [(&[&str], &str); 14] = [
        (&["--from", "10", "--to", "10"], "--to = 10 is not allowed: it must be a finite number greater than 10 and at most 1000 mM"),
        (&["--from", "1", "--to", "2", "--points", "1"], "--points = 1 is not allowed: it must be a finite number at least 2 and at most 10000"),
        (&["--from", "1", "--to", "2", "--points", "2.5"], "--points = 2.5 is not allowed: it must be a whole number from 2 to 10000"),
        (&["--key", "P_Na_rel", "--from", "0", "--to", "1", "--log"], "--from = 0 is not allowed: it must be a finite number greater than 0"),
        (&["--from", "0.1", "--to", "2000"], "--to = 2000 is not allowed: it must be a finite number at least 1e-6 and at most 1000 mM"),
        (&["--key", "T", "--from", "-5", "--to", "30"], "--from = -5 is not allowed: it must be a finite number at least 0 and at most 50 °C"),
        (&["--key", "K_out", "--from", "1", "--to", "2"], "--key = \"K_out\" is not allowed: it must be Na_i, K_i,"),
        (&["--key", "volume", "--from", "0", "--to", "1"], "--key = \"volume\" is not allowed"),
        (&["--from", "1"], "sweep needs --from and --to (in mM)"),
        (&["--from", "1", "--to", "2", "--log=yes"], "--log takes no value"),
        (&["--from", "1", "--to", "2", "--format", "xml"], "--format = \"xml\" is not allowed: it must be csv or table"),
        (&["--from", "1", "--to", "2", "--ouabain-for", "0"], "--ouabain-for = 0 is not allowed: it must be a finite number greater than 0"),
        (&["--from", "1", "--to", "2", "--then", "ouabain=1"], "sweep takes no --then"),
        (&["--from", "one", "--to", "2"], "--from = \"one\" is not a number"),
    ];
    for (args, want) in cases {
        let mut argv = vec!["sweep"];
        argv.extend_from_slice(args);
        let (ok, out, err) = rpl(&argv);
        assert!(!ok, "{argv:?} should fail");
        assert!(out.is_empty(), "{argv:?}: nothing on stdout");
        assert!(err.starts_with(&format!("rpl: {want}")), "{argv:?}: {err}");
    }
    let (ok, _, err) = rpl(&["sweep", "--from", "1", "--to", "2", "--step", "1"]);
    assert!(
        !ok && err.contains("unknown option --step for `sweep`"),
        "{err}"
    );
    let (ok, help, _) = rpl(&["help"]);
    assert!(ok && help.contains("\n  sweep "));
}

#[test]
fn run_takes_a_tighter_tolerance_for_reference_runs() {
    let end_v = |extra: &[&str]| -> f64 {
        let mut argv = vec![
            "run",
            "--then",
            "ouabain=1",
            "--duration",
            "7200",
            "--samples",
            "1",
            "--format",
            "json",
        ];
        argv.extend_from_slice(extra);
        let (ok, out, err) = rpl(&argv);
        assert!(ok, "{err}");
        let v: serde_json::Value = serde_json::from_str(&out).expect("JSON");
        v[1]["v_mv"].as_f64().expect("V")
    };
    let (default, tight, tighter) = (
        end_v(&[]),
        end_v(&["--rtol", "1e-10"]),
        end_v(&["--rtol", "1e-11"]),
    );
    assert_eq!(default, end_v(&["--rtol", "1e-6"]));
    // The default run is within 1e-3 mV of the tight one (docs/model.md), and
    // the tight ones agree with each other far better.
    assert!((default - tight).abs() < 1e-3, "{default} vs {tight}");
    assert!((tight - tighter).abs() < 1e-6, "{tight} vs {tighter}");
    let (ok, _, err) = rpl(&["run", "--rtol", "0"]);
    assert!(!ok && err.contains("--rtol = 0 is not allowed"), "{err}");
}

/// The numbers of a sweep CSV (the page's or `rpl sweep`'s): one row of
/// cells per point, `None` for an empty cell.
fn sweep_rows(csv: &str) -> (String, Vec<Vec<Option<f64>>>) {
    let mut lines = csv.lines().filter(|l| !l.starts_with('#'));
    let header = lines.next().unwrap_or_default().to_string();
    let rows = lines
        .map(|l| l.split(',').map(|c| c.parse().ok()).collect())
        .collect();
    (header, rows)
}

fn the_page_and_rpl_sweep_agree(query: &str, args: &[&str]) {
    use rpl_ui::state::{AppState, Msg};
    let mut page = AppState::open(rpl_ui::link::open(query), &[]);
    page.update(Msg::SetPlaying(false));
    while page.sweep.pending() {
        page.update(Msg::SweepWork);
    }
    let (header, rows) = sweep_rows(&page.sweep_csv());
    let (ok, out, err) = rpl(args);
    assert!(ok, "{err}");
    let (cli_header, cli_rows) = sweep_rows(&out);
    assert_eq!(header, cli_header);
    assert_eq!(rows.len(), cli_rows.len());
    for (a, b) in rows.iter().zip(&cli_rows) {
        assert_eq!(a[0], b[0], "the same values swept");
        for (x, y) in a.iter().zip(b).skip(1) {
            match (x, y) {
                (Some(x), Some(y)) => assert!((x - y).abs() <= 0.01, "{a:?} vs {b:?}"),
                _ => assert_eq!(x, y, "{a:?} vs {b:?}"),
            }
        }
    }
}

#[test]
fn rpl_sweep_reproduces_the_sweep_panel_to_0_01_mv() {
    // The steady mode: 200 points of K_o on a log axis.
    the_page_and_rpl_sweep_agree(
        "?preset=neuron&panels=voltage,sweep",
        &[
            "sweep", "--preset", "neuron", "--key", "K_o", "--from", "0.1", "--to", "200", "--log",
            "--points", "200",
        ],
    );
    // The ouabain mode: 50 run-downs of 10 minutes, P_Na/P_K on a log axis.
    the_page_and_rpl_sweep_agree(
        "?preset=neuron&panels=voltage,sweep&sweep=P_Na_rel&sweep_ouabain=600",
        &[
            "sweep",
            "--preset",
            "neuron",
            "--key",
            "P_Na_rel",
            "--from",
            "0.001",
            "--to",
            "10",
            "--log",
            "--points",
            "50",
            "--ouabain-for",
            "600",
        ],
    );
}

/// `--then stim=…` stimulates a cell given channels with `--then g_Na=…`;
/// the CSV header says so and lists the spikes, as the model logged them.
#[test]
fn run_then_stim_lists_the_spikes() {
    let args = [
        "run",
        "--preset",
        "squid-axon",
        "--then",
        "g_Na=0.12",
        "--then",
        "g_K=0.036",
        "--then",
        "stim=20,1,50,3",
        "--duration",
        "0.1",
        "--samples",
        "4",
    ];
    let (ok, out, err) = rpl(&args);
    assert!(ok, "{err}");
    assert!(out.contains("# then stim=20,1,50,3\n"), "{out}");
    assert!(out.contains("# spikes: 3\n"), "{out}");
    // The same run in the model.
    let mut s = rpl_model::Scenario::preset("squid-axon").expect("preset");
    s.duration_s = 0.1;
    let mut sim = rpl_model::Simulation::new(s).expect("valid");
    for (k, v) in [
        (rpl_model::Key::Gbar(rpl_model::Ion::Na), 0.12),
        (rpl_model::Key::Gbar(rpl_model::Ion::K), 0.036),
    ] {
        sim.apply(rpl_model::Command::Set(k, v)).expect("set");
    }
    sim.stimulate(&rpl_model::StimulusSpec::train(20.0, 1.0, 50.0, 3))
        .expect("valid");
    sim.run(rpl_model::Seconds(0.1), 4).expect("runs");
    for (k, s) in sim.spikes().recent().iter().enumerate() {
        let line = format!(
            "# spike {}: crossed 0 mV at {} s, peak {:.3} mV",
            k + 1,
            rpl_model::export::csv_time(s.t_s),
            s.peak_mv
        );
        assert!(out.contains(&line), "{line} in {out}");
    }
    // A cell without channels has no spike lines; a bad stimulus is named.
    let (ok, out, _) = rpl(&[
        "run",
        "--then",
        "stim=20",
        "--duration",
        "0.01",
        "--samples",
        "2",
    ]);
    assert!(
        ok && out.contains("# then stim=20,1\n") && !out.contains("spikes"),
        "{out}"
    );
    let (ok, _, err) = rpl(&["run", "--then", "stim=20,1,100,4.5", "--duration", "1"]);
    assert!(!ok && err.contains("stim_count"), "{err}");
    let (ok, _, err) = rpl(&["run", "--then", "stim=2000", "--duration", "1"]);
    assert!(
        !ok && err.contains("stim_amplitude = 2000") && err.contains("1000 µA/cm²"),
        "{err}"
    );
}

/// `rpl threshold` gives the model's excitability as JSON.
#[test]
fn threshold_is_the_models() {
    let (ok, out, err) = rpl(&[
        "threshold",
        "--preset",
        "squid-axon",
        "--then",
        "g_Na=0.12",
        "--then",
        "g_K=0.036",
        "--pulse-ms",
        "2",
    ]);
    assert!(ok, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    let th = &v["Threshold"];
    let rheobase = th["rheobase_ua_cm2"].as_f64().expect("number");
    let mut sim =
        rpl_model::Simulation::new(rpl_model::Scenario::preset("squid-axon").unwrap()).unwrap();
    sim.apply(rpl_model::Command::Set(
        rpl_model::Key::Gbar(rpl_model::Ion::Na),
        0.12,
    ))
    .unwrap();
    sim.apply(rpl_model::Command::Set(
        rpl_model::Key::Gbar(rpl_model::Ion::K),
        0.036,
    ))
    .unwrap();
    let rpl_model::Excitability::Threshold(t) = sim.excitability(2.0).unwrap() else {
        panic!("a threshold");
    };
    assert_eq!(rheobase, t.rheobase_ua_cm2);
    assert_eq!(th["duration_ms"].as_f64(), Some(2.0));
    let (ok, out, _) = rpl(&["threshold", "--preset", "neuron"]);
    assert!(ok && out.trim() == "\"NoChannels\"", "{out}");
    let (ok, _, err) = rpl(&["threshold", "--pulse-ms", "0"]);
    assert!(!ok && err.contains("pulse-ms"), "{err}");
}

/// `--then syn_exc=…` and `--then syn_inh=…` pulse the synapses: the CSV
/// header notes them, the time course is the model's own, and a bad pulse
/// is named by its field; `--set P_exc=…` gives a tonic synapse.
#[test]
fn run_then_syn_pulses_the_synapses() {
    let args = [
        "run",
        "--then",
        "syn_exc=2e-7,2",
        "--then",
        "syn_inh=1e-7,1,500,3",
        "--duration",
        "0.01",
        "--samples",
        "5",
    ];
    let (ok, out, err) = rpl(&args);
    assert!(ok, "{err}");
    assert!(out.contains("# then syn_exc=0.0000002,2\n"), "{out}");
    assert!(out.contains("# then syn_inh=0.0000001,1,500,3\n"), "{out}");
    let mut json_args = args.to_vec();
    json_args.extend(["--format", "json"]);
    let (ok, out, err) = rpl(&json_args);
    assert!(ok, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    let cli: Vec<f64> = v
        .as_array()
        .expect("samples")
        .iter()
        .map(|s| s["v_mv"].as_f64().expect("V"))
        .collect();
    // The same run in the model.
    use rpl_model::{SynapseKind, SynapseSpec};
    let s = rpl_model::Scenario::preset("neuron").expect("preset");
    let mut sim = rpl_model::Simulation::new(s).expect("valid");
    sim.synapse(&SynapseSpec::pulse(SynapseKind::Excitatory, 2e-7, 2.0))
        .expect("valid");
    sim.synapse(&SynapseSpec::train(
        SynapseKind::Inhibitory,
        1e-7,
        1.0,
        500.0,
        3,
    ))
    .expect("valid");
    let model: Vec<f64> = sim
        .run(rpl_model::Seconds(0.01), 5)
        .expect("runs")
        .iter()
        .map(|s| s.v_mv)
        .collect();
    // serde_json's default reader may land one ulp off the written number.
    assert_eq!(cli.len(), model.len());
    for (c, m) in cli.iter().zip(&model) {
        assert!(
            (c - m).abs() <= 1e-14 * m.abs(),
            "{cli:?} against {model:?}"
        );
    }
    assert!(cli[1] > cli[0] + 5.0, "the EPSP: {cli:?}");

    let (ok, out, err) = rpl(&["steady", "--set", "P_exc=2e-8", "--set", "P_inh=1e-7"]);
    assert!(ok, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    let vm = v["v_mv"].as_f64().expect("number");
    assert!(
        vm > -73.0,
        "a tonic excitatory synapse depolarizes: {vm} mV"
    );

    for (then, says) in [
        ("syn_exc=0", "syn_exc_permeability = 0"),
        ("syn_inh=1e-7,5,500,2", "syn_inh_duration = 5"),
        ("syn_inh=1e-7,1,500,1.5", "syn_inh_count"),
        ("syn_exc=lots", "syn_exc_permeability = \"lots\""),
    ] {
        let (ok, _, err) = rpl(&["run", "--then", then, "--duration", "0.01"]);
        assert!(!ok && err.contains(says), "{then}: {err}");
    }
    let (ok, _, err) = rpl(&["run", "--set", "P_inh=1", "--duration", "0.01"]);
    assert!(
        !ok && err.contains("P_inh = 1") && err.contains("0.001 cm/s"),
        "{err}"
    );
    let (ok, out, err) = rpl(&["keys"]);
    assert!(ok, "{err}");
    assert!(
        out.contains("P_exc ") && out.contains("P_inh ") && out.contains("0 ≤ x ≤ 0.001 cm/s"),
        "{out}"
    );
}

/// The Cl⁻ cotransporters' keys on the command line: `rpl keys` lists them
/// with their range; `rpl steady --set g_KCC2=2e-5` is the model's steady
/// state of the neuron with KCC2 (Cl⁻ extruded: E_Cl below V);
/// `rpl run --then g_NKCC1=2e-5` is the model's own time course as NKCC1
/// loads the neuron at rest with Cl⁻, noted in the CSV header; a bad
/// capacity is named with what is allowed.
#[test]
fn cotransporter_keys_work_with_set_and_then() {
    use rpl_model::{Command, Key, Scenario, Seconds, Simulation};
    let (ok, out, err) = rpl(&["keys"]);
    assert!(ok, "{err}");
    for key in [Key::Kcc2, Key::Nkcc1] {
        let line = out
            .lines()
            .find(|l| l.split_whitespace().next() == Some(key.name()))
            .unwrap_or_else(|| panic!("{key} listed in {out}"));
        assert!(line.ends_with("0 ≤ x ≤ 0.001 S/cm²"), "{line}");
    }

    let (ok, out, err) = rpl(&["steady", "--preset", "neuron", "--set", "g_KCC2=2e-5"]);
    assert!(ok, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    let (vm, e_cl) = (
        v["v_mv"].as_f64().expect("V"),
        v["e_mv"]["Cl"].as_f64().expect("E_Cl"),
    );
    let mut s = Scenario::preset("neuron").expect("preset");
    s.set_key(Key::Kcc2, 2e-5).expect("valid");
    let model = Simulation::new(s).expect("steady").readouts();
    assert!((vm - model.v_mv).abs() <= 1e-12 && (e_cl - model.e_mv.cl).abs() <= 1e-12);
    assert!(e_cl < vm - 5.0, "Cl⁻ extruded: E_Cl {e_cl} mV, V {vm} mV");

    let args = [
        "run",
        "--preset",
        "neuron",
        "--then",
        "g_NKCC1=2e-5",
        "--duration",
        "3600",
        "--samples",
        "6",
    ];
    let (ok, out, err) = rpl(&args);
    assert!(ok, "{err}");
    assert!(out.contains("# then g_NKCC1=0.00002\n"), "{out}");
    assert!(
        !out.contains("g_nkcc1_s_cm2"),
        "the starting scenario has none"
    );
    let mut json_args = args.to_vec();
    json_args.extend(["--format", "json"]);
    let (ok, out, err) = rpl(&json_args);
    assert!(ok, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    let cli: Vec<f64> = v
        .as_array()
        .expect("samples")
        .iter()
        .map(|s| s["c_in_mm"]["Cl"].as_f64().expect("Cl_i"))
        .collect();
    let mut sim = Simulation::new(Scenario::preset("neuron").expect("preset")).expect("valid");
    sim.apply(Command::Set(Key::Nkcc1, 2e-5)).expect("on");
    let model: Vec<f64> = sim
        .run(Seconds(3600.0), 6)
        .expect("runs")
        .iter()
        .map(|s| s.c_in_mm.cl)
        .collect();
    // To the last digit or two: serde_json's default reader does not
    // always round a decimal to the nearest double.
    assert_eq!(cli.len(), model.len());
    for (a, b) in cli.iter().zip(&model) {
        assert!((a - b).abs() <= 1e-14 * b, "{cli:?} against {model:?}");
    }
    assert!(
        cli[6] > 2.0 * cli[0],
        "NKCC1 loads the neuron with Cl⁻: {cli:?}"
    );

    for (args, says) in [
        (vec!["steady", "--set", "g_KCC2=0.01"], "g_KCC2 = 0.01"),
        (
            vec!["run", "--then", "g_NKCC1=-1e-6", "--duration", "1"],
            "g_NKCC1 = -1e-6",
        ),
    ] {
        let (ok, out, err) = rpl(&args);
        assert!(!ok && out.is_empty(), "{args:?}: {out}");
        assert!(
            err.contains(says) && err.contains("at most 0.001 S/cm²"),
            "{err}"
        );
    }
}

/// The ischaemia key on the command line: `rpl keys` lists it with its
/// range; `rpl run --then ischaemia=720` on the cardiac myocyte is the
/// model's own time course (and `--set`, from the start, the same one, as is
/// the `ischaemia` preset); a bad time constant is named with what is
/// allowed, and the disease presets are listed.
#[test]
fn the_ischaemia_key_works_with_set_and_then() {
    use rpl_model::{Command, Key, Scenario, Seconds, Simulation};
    let (ok, out, err) = rpl(&["keys"]);
    assert!(ok, "{err}");
    let line = out
        .lines()
        .find(|l| l.split_whitespace().next() == Some("ischaemia"))
        .unwrap_or_else(|| panic!("ischaemia listed in {out}"));
    assert!(line.ends_with("0 ≤ x ≤ 1000000 s"), "{line}");
    let (ok, out, err) = rpl(&["presets"]);
    assert!(ok, "{err}");
    assert!(
        out.contains("digoxin\n") && out.contains("ischaemia\n"),
        "{out}"
    );

    let na_i = |args: &[&str]| -> Vec<f64> {
        let mut a = args.to_vec();
        a.extend(["--duration", "3600", "--samples", "6", "--format", "json"]);
        let (ok, out, err) = rpl(&a);
        assert!(ok, "{err}");
        let v: serde_json::Value = serde_json::from_str(&out).expect("JSON");
        v.as_array()
            .expect("samples")
            .iter()
            .map(|s| s["c_in_mm"]["Na"].as_f64().expect("Na_i"))
            .collect()
    };
    let then = na_i(&[
        "run",
        "--preset",
        "cardiac-myocyte",
        "--then",
        "ischaemia=720",
    ]);
    let set = na_i(&[
        "run",
        "--preset",
        "cardiac-myocyte",
        "--set",
        "ischaemia=720",
    ]);
    let preset = na_i(&["run", "--preset", "ischaemia"]);
    let mut sim = Simulation::new(Scenario::preset("cardiac-myocyte").unwrap()).unwrap();
    sim.apply(Command::Set(Key::Ischaemia, 720.0)).unwrap();
    let model: Vec<f64> = sim
        .run(Seconds(3600.0), 6)
        .unwrap()
        .iter()
        .map(|s| s.c_in_mm.na)
        .collect();
    // The same run three ways. A command (`--then` at 0 s, as the model's
    // own `apply` here) sizes the first step for the change it makes,
    // where a new cell (`--set`, the preset) starts at 10 µs: the two
    // ways take different steps, each to the integrator's tolerance.
    for (run, tol) in [(&then, 1e-12), (&set, 1e-7), (&preset, 1e-7)] {
        assert_eq!(run.len(), model.len());
        for (a, b) in run.iter().zip(&model) {
            assert!((a - b).abs() <= tol * b, "{run:?} against {model:?}");
        }
    }
    for (a, b) in set.iter().zip(&preset) {
        assert!((a - b).abs() <= 1e-12 * b, "{set:?} against {preset:?}");
    }
    assert!(model[6] > 17.9 && model[6] < 18.1, "{model:?}");

    let (ok, _, err) = rpl(&["run", "--preset", "neuron", "--set", "ischaemia=-3"]);
    assert!(!ok);
    assert!(
        err.contains("ischaemia") && err.contains("at most 1000000 s"),
        "{err}"
    );
}
