//! The `rpl` binary end to end: the README's examples work, the reference
//! cases are reproduced, and errors go to stderr with a non-zero exit.

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
