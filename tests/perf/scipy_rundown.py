#!/usr/bin/env python3
"""The 2-hour ouabain run-down of the neuron preset, solved with scipy's
solve_ivp (BDF, Radau, LSODA), against the Rust model (rpl-model).

The equations are those of crates/rpl-model/src/system.rs for a rigid cell,
written out here in plain Python floats (a compact five-state form):

    state y = [V (mV), n_Na, n_K, n_Cl, n_Ca (mM of the starting volume)]
    i_s   = GHK current of ion s at V (A/cm², outward positive; electro.rs)
    I_p   = I_max (1 - block) (Na_i/(Na_i + K_Na))^3 (K_o/(K_o + K_K))^2 (pump.rs)
    dn_s/dt = -a (i_s + pump share_s) / (z_s F) · 1e3,  share Na +3 I_p, K -2 I_p
    dV/dt = κ Σ z_s dn_s/dt,   κ = F / (C_m a),  a = A / W₀ (cm²/L)

The parameters come from `rpl scenario --preset neuron` and the starting state
(the pump-leak steady state) from `rpl run … --format json`, both with every
digit. With ouabain (block = 1) the pump term is zero throughout.

Before timing anything the script checks that these equations are the
model's: scipy's Radau at rtol 1e-11 must end within 1e-6 mV of
`rpl run --rtol 1e-11`. Then, for each method, it finds the loosest rtol (the
absolute tolerances scaled with it as the Rust ones are) whose end-point
error in V is no larger than the Rust run's at its default tolerance, both
measured against the same tight reference, and times that run. It then
does the same again under one rule for both sides: scipy's rtol is taken
only where every tighter one is as accurate too, and so the Rust run's error
is taken as the largest of its end errors at its default rtol and at the
tighter rtols of the grid down to 1e-8 (from `rpl run --rtol`), so that a
Rust error that happens to fall below its trend at the default is not
counted either.

The Rust side is timed twice (`cargo bench`): the voltage alone, which
integrates V and the four amounts as this script does (the sweep's run-down,
`Simulation::voltage_after`), and the whole cell as `rpl run` integrates it,
with its counters (13 components); both take the same steps to the same bits,
so one end error serves both, and the ratios are given for both.

Last, with --rust-timer (a command that times the voltage alone's run-down
and prints the benchmark's line for it, as `cargo bench -p rpl-model --bench
model -- --v-alone` does), the fastest scipy method under each rule is timed
again in rounds, each round timing the Rust side too in the same few seconds
(in turns: Rust first, then scipy first): the median of these paired ratios
is the figure a shared, noisy machine's drift between two separate timings
does not move.

Usage: scipy_rundown.py --rpl PATH/TO/rpl --rust-bench OUTPUT_OF_cargo_bench [--runs N]
                        [--rust-timer COMMAND --rounds N]
"""

import argparse
import json
import math
import re
import shlex
import statistics
import subprocess
import sys
import time

import numpy as np
import scipy
from scipy.integrate import solve_ivp

# CODATA 2018, as crates/rpl-model/src/constants.rs.
R = 8.314_462_618
F = 96_485.332_12
DURATION_S = 7200.0
# Rust's tolerances (simulation.rs): rtol 1e-6; atol 1e-6 mV for V, 1e-9 mM
# for Na, K, Cl amounts and 1e-12 mM for Ca; both scaled together by set_rtol.
RUST_RTOL = 1e-6
ATOL_AT_RUST_RTOL = np.array([1e-6, 1e-9, 1e-9, 1e-9, 1e-12])
IONS = ["Na", "K", "Cl", "Ca"]
VALENCE = {"Na": 1, "K": 1, "Cl": -1, "Ca": 2}


def rpl_json(rpl, *args):
    out = subprocess.run([rpl, *args], check=True, capture_output=True, text=True)
    return json.loads(out.stdout)


class Model:
    """The neuron's parameters in the units of system.rs."""

    def __init__(self, scenario):
        s = scenario
        assert s["cell"]["shape"] == "sphere" and s["cell"]["volume"] == "rigid"
        self.t_k = s["temperature_c"] + 273.15
        self.perm = [s["permeability_cm_s"][i] for i in IONS]
        self.c_out = [s["outside_mm"][i] for i in IONS]
        d_cm = s["cell"]["diameter_um"] * 1e-4
        area_cm2 = math.pi * d_cm * d_cm
        volume_l = math.pi * d_cm**3 / 6.0 * 1e-3
        self.a_w = area_cm2 / volume_l
        c_m = s["cell"]["capacitance_uf_cm2"] * 1e-6
        self.kappa = F / (c_m * self.a_w)
        self.to_mm = self.a_w * 1e3 / F
        p = s["pump"]
        self.pump_max = p["max_current_ua_cm2"] * 1e-6
        self.k_na, self.k_k = p["k_na_mm"], p["k_k_mm"]
        self.active = 0.0 if not p["enabled"] else min(max(1.0 - p["block"], 0.0), 1.0)
        self.vt = R * self.t_k / F  # RT/F, V
        self.nfev = 0

    def ghk(self, z, p, ci_mm, co_mm, v_mv):
        """electro.rs ghk_current: P z F (c_i - c_o e^-u) u / (1 - e^-u), A/cm²."""
        if p == 0.0:
            return 0.0
        u = z * v_mv * 1e-3 / self.vt
        ci, co = ci_mm * 1e-6, co_mm * 1e-6
        if u == 0.0:
            core = ci - co
        elif u > 0.0:
            core = (ci - co * math.exp(-u)) * (u / -math.expm1(-u))
        else:
            core = (ci * math.exp(u) - co) * (u / math.expm1(u))
        return p * z * F * core

    def rhs(self, t, y):
        self.nfev += 1
        v = y[0]
        na_i = y[1]  # rigid: volume 1, amounts are concentrations
        na_sat = max(na_i, 0.0) / (max(na_i, 0.0) + self.k_na)
        k_o = self.c_out[1]
        k_sat = k_o / (k_o + self.k_k)
        i_pump = self.pump_max * self.active * na_sat**3 * k_sat**2
        dy = [0.0] * 5
        charge_rate = 0.0
        for j, ion in enumerate(IONS):
            z = VALENCE[ion]
            i = self.ghk(z, self.perm[j], y[1 + j], self.c_out[j], v)
            if ion == "Na":
                i += 3.0 * i_pump
            elif ion == "K":
                i -= 2.0 * i_pump
            dn = -i / z * self.to_mm
            dy[1 + j] = dn
            charge_rate += z * dn
        dy[0] = self.kappa * charge_rate
        return dy


def solve(model, y0, method, rtol):
    model.nfev = 0
    atol = ATOL_AT_RUST_RTOL * (rtol / RUST_RTOL)
    return solve_ivp(model.rhs, (0.0, DURATION_S), y0, method=method, rtol=rtol, atol=atol)


def parse_timing(text, label):
    """Median, min, p90 (s) of the benchmark's line for `label`."""
    unit = {"ns": 1e-9, "µs": 1e-6, "us": 1e-6, "ms": 1e-3, "s": 1.0}
    line = next(l for l in text.splitlines()
                if l.startswith("2-hour ouabain run-down") and f", {label} (native)" in l)
    return {
        k: float(num) * unit[u]
        for k, num, u in re.findall(r"(median|min|p90)\s+([0-9.]+)(ns|µs|us|ms|s)\b", line)
    }


def rust_bench(path):
    """Median, min, p90 (s), steps, rejected, evaluations of the default method's
    run-down (the one `rpl run` integrates with) from `cargo bench -p rpl-model --bench model`,
    and median, min, p90 (s) of the same run-down's voltage alone (the sweep's
    form: V and the four amounts, as here), with whether it took the same steps
    to the same bits."""
    text = open(path, encoding="utf-8").read()
    name = re.search(r"the default \((\w+)\)", text).group(1)
    name = {"Rosenbrock23": "ode23s"}.get(name, name)

    def timing(label):
        return parse_timing(text, label)

    m = re.search(rf"{name}: (\d+) steps accepted, (\d+) rejected, (\d+) evaluations", text)
    same = "the same steps to the same bits" in text
    return (timing(name), int(m.group(1)), int(m.group(2)), int(m.group(3)),
            timing("V alone"), same)


def timed(model, y0, method, rtol, runs):
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        sol = solve(model, y0, method, rtol)
        times.append(time.perf_counter() - t0)
    times.sort()
    return sol, times


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rpl", required=True, help="path to the release rpl binary")
    ap.add_argument("--rust-bench", required=True, help="output of cargo bench -p rpl-model --bench model")
    ap.add_argument("--runs", type=int, default=21, help="timed runs per method (default 21)")
    ap.add_argument("--rust-timer", help="command timing the voltage alone's run-down (paired rounds)")
    ap.add_argument("--rounds", type=int, default=8, help="paired rounds per rule (default 8)")
    a = ap.parse_args()

    print(f"python {sys.version.split()[0]}, numpy {np.__version__}, scipy {scipy.__version__}")
    scenario = rpl_json(a.rpl, "scenario", "--preset", "neuron")
    scenario["pump"]["block"] = 1.0  # --then ouabain=1
    model = Model(scenario)
    run = ["run", "--preset", "neuron", "--then", "ouabain=1", "--duration", "7200",
           "--samples", "1", "--format", "json"]
    rust_default = rpl_json(a.rpl, *run)
    rust_tight = rpl_json(a.rpl, *run, "--rtol", "1e-11")
    start = rust_default[0]
    y0 = [start["v_mv"]] + [start["c_in_mm"][i] for i in IONS]
    print(f"start (the steady state, from rpl run): V = {y0[0]!r} mV, "
          + ", ".join(f"{i}_i = {start['c_in_mm'][i]!r}" for i in IONS) + " mM")

    # 1. The same equations: a tight scipy run against a tight Rust run.
    ref = solve(model, y0, "Radau", 1e-11)
    assert ref.success, ref.message
    v_ref = float(ref.y[0, -1])
    v_rust_tight = rust_tight[1]["v_mv"]
    agree = abs(v_ref - v_rust_tight)
    print(f"\nreference: scipy Radau rtol 1e-11 ends at V = {v_ref!r} mV "
          f"({len(ref.t) - 1} steps, {model.nfev} calls of f)")
    print(f"           rpl run --rtol 1e-11 ends at  V = {v_rust_tight!r} mV")
    conc = max(abs(ref.y[1 + j, -1] / rust_tight[1]["c_in_mm"][ion] - 1.0) for j, ion in enumerate(IONS))
    ok = agree < 1e-6 and conc < 1e-8
    print(f"           |ΔV| = {agree:.2e} mV, largest relative Δc_in = {conc:.2e}: "
          + ("the equations agree with the Rust model" if ok else "THE EQUATIONS DISAGREE"))
    if not ok:
        sys.exit(1)

    # 2. The Rust side: its end-point error at the default tolerance and its timing.
    v_rust = rust_default[1]["v_mv"]
    rust_err = abs(v_rust - v_ref)
    whole, steps, rejected, evals, times, same = rust_bench(a.rust_bench)
    if not same:
        print("the Rust run-down's voltage alone did not take the whole cell's steps to its bits")
        sys.exit(1)
    rust_med = times["median"]
    print(f"\nRust native (rtol 1e-6): V = {v_rust!r} mV, error {rust_err:.2e} mV; "
          f"{steps} steps ({rejected} rejected), {evals} evaluations")
    print(f"  the voltage alone (V and the four amounts, as here; the sweep's run-down): "
          f"median {rust_med * 1e3:.4f} ms (min {times['min'] * 1e3:.4f}, p90 {times['p90'] * 1e3:.4f})")
    print(f"  the whole cell (with its counters: 13 components, as `rpl run`), the same steps to the "
          f"same bits: median {whole['median'] * 1e3:.4f} ms (min {whole['min'] * 1e3:.4f}, "
          f"p90 {whole['p90'] * 1e3:.4f})")

    # 3. Each scipy method at the loosest rtol that is as accurate at the end.
    grid = [10.0 ** (-k / 2) for k in range(6, 23)]  # 1e-3 … 1e-11
    errs_by_method = {}
    for method in ["BDF", "Radau", "LSODA"]:
        errs = []
        for rtol in grid:
            sol = solve(model, y0, method, rtol)
            errs.append(abs(sol.y[0, -1] - v_ref) if sol.success else math.inf)
        errs_by_method[method] = errs
    best = compare(model, y0, v_ref, grid, errs_by_method, rust_err, rust_med, times["min"], a.runs,
                   f"the Rust run's {rust_err:.2e} mV")
    chosen = {"the first rule": best}
    if best:
        print(f"\nfastest scipy method: {best[0]}, {best[1] * 1e3:.3f} ms median; "
              f"the Rust model is {best[1] / rust_med:.1f}× faster (goal: ≥ 100×; "
              f"the whole cell {best[1] / whole['median']:.1f}×)")

    # 4. The same, symmetric: scipy's rtol is taken only where every tighter
    # one is as accurate too, so that a lucky cancellation of its errors is
    # not counted; the Rust run's error is held to the same rule, as the
    # largest end error at its default rtol and the tighter ones of the grid
    # down to 1e-8 (a Rust error that happens to fall below its trend at the
    # default counts no more than the trend's).
    tighter = [r for r in grid if r <= RUST_RTOL * 1.0001 and r >= 0.999e-8]
    rust_errs = [abs(rpl_json(a.rpl, *run, "--rtol", repr(r))[1]["v_mv"] - v_ref) for r in tighter]
    envelope = max(rust_errs)
    print(f"\nRust end error by rtol: "
          + ", ".join(f"{r:.1e}: {e:.1e}" for r, e in zip(tighter, rust_errs))
          + f"; the largest, {envelope:.2e} mV, is the Rust run's error under scipy's own rule")
    best = compare(model, y0, v_ref, grid, errs_by_method, envelope, rust_med, times["min"], a.runs,
                   f"{envelope:.2e} mV")
    chosen["the same rule on both sides"] = best
    if best:
        print(f"\nunder the same rule on both sides, fastest scipy method: {best[0]}, "
              f"{best[1] * 1e3:.3f} ms median; the Rust model is {best[1] / rust_med:.1f}× faster "
              f"(the whole cell {best[1] / whole['median']:.1f}×)")

    # 5. Paired rounds: each ratio from two timings a few seconds apart.
    if a.rust_timer:
        for rule, pick in chosen.items():
            if pick:
                paired(model, y0, pick, a.rust_timer, a.runs, a.rounds, rule)


def paired(model, y0, pick, rust_timer, runs, rounds, rule):
    """Time scipy's `pick` (method, median, rtol) and the Rust voltage alone
    in `rounds` rounds, in turns which goes first; print each round's ratio
    of medians and their median."""
    method, _, rtol = pick
    ratios = []
    for k in range(rounds):
        def rust():
            out = subprocess.run(shlex.split(rust_timer), check=True, capture_output=True, text=True)
            return parse_timing(out.stdout, "V alone")["median"]

        def sci():
            return statistics.median(timed(model, y0, method, rtol, runs)[1])

        if k % 2 == 0:
            r, p = rust(), sci()
        else:
            p, r = sci(), rust()
        ratios.append((p / r, p, r))
    med = statistics.median(x[0] for x in ratios)
    print(f"\npaired rounds ({rule}: {method} at rtol {rtol:.1e}, {runs} runs a round; the Rust "
          f"voltage alone, 505 run-downs a round): " + ", ".join(
              f"{q:.0f}× ({p * 1e3:.2f} / {r * 1e3:.4f} ms)" for q, p, r in ratios))
    print(f"  median of the paired ratios: the Rust model is {med:.1f}× faster "
          f"(range {min(x[0] for x in ratios):.0f}–{max(x[0] for x in ratios):.0f}×; goal ≥ 100×)")


def compare(model, y0, v_ref, grid, errs_by_method, rust_err, rust_med, rust_min, runs, what):
    """Time each scipy method at the loosest rtol of the grid at which it and
    every tighter rtol end within `rust_err`; print the table and return the
    fastest (method, median s, rtol)."""
    print(f"\nscipy solve_ivp, each method at the loosest rtol (of 1e-3, 3.2e-4, …, 1e-11) whose "
          f"end error is ≤ {what}; {runs} timed runs each")
    header = (f"{'method':<7} {'rtol':>8} {'steps':>6} {'f calls':>8} {'J evals':>8} {'LU':>6} "
              f"{'end error mV':>13} {'median ms':>10} {'min':>8} {'p90':>8} {'× Rust':>8} {'min×':>6}")
    results, rows = {}, []
    for method, errs in errs_by_method.items():
        # The loosest rtol at which this run and every tighter one in the grid
        # are as accurate as the Rust run (so a lucky cancellation of errors
        # at one loose tolerance is not taken).
        chosen = None
        for k, rtol in enumerate(grid):
            if all(e <= rust_err for e in errs[k:]):
                chosen = rtol
                break
        print(f"{method:<7} end error by rtol: "
              + ", ".join(f"{r:.0e}: {e:.1e}" for r, e in zip(grid[::2], errs[::2])))
        if chosen is None:
            print(f"{method:<7} no rtol in the grid reaches {rust_err:.2e} mV")
            continue
        sol, ts = timed(model, y0, method, chosen, runs)
        med = statistics.median(ts)
        err = abs(sol.y[0, -1] - v_ref)
        p90 = ts[min(len(ts) - 1, len(ts) * 9 // 10)]
        results[method] = (med, chosen)
        rows.append(f"{method:<7} {chosen:>8.1e} {len(sol.t) - 1:>6} {model.nfev:>8} {sol.njev:>8} {sol.nlu:>6} "
                    f"{err:>13.2e} {med * 1e3:>10.3f} {ts[0] * 1e3:>8.3f} {p90 * 1e3:>8.3f} "
                    f"{med / rust_med:>8.1f} {ts[0] / rust_min:>6.1f}")
    print()
    print(header)
    print("\n".join(rows))
    print("(f calls: every call of the right-hand side, those for scipy's finite-difference Jacobians "
          "included, as the Rust count includes its own; × Rust: scipy median / Rust median; "
          "min×: scipy min / Rust min)")
    if not results:
        return None
    best = min(results, key=lambda m: results[m][0])
    return best, results[best][0], results[best][1]


if __name__ == "__main__":
    main()
