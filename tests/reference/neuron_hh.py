#!/usr/bin/env python3
"""Reference cases for the Hodgkin-Huxley point membrane, from NEURON's built-in
`hh` mechanism (src/nrnoc/hh.mod).

Run by scripts/neuron-reference.sh, which makes a venv with a pinned `neuron`
from PyPI. Writes tests/reference/hh_cases.json (or the path given with
--out); crates/rpl-model/tests/hh_reference.rs reads that file. CI does not
run this script: the committed JSON is what the tests read.

The cell: one section, nseg = 1, L = 100 um, diam = 100/pi um, so its area is
1e-4 cm^2 (NEURON leaves the end caps out). cm = 1 uF/cm^2, `hh` with its
default parameters, ena = 50 mV, ek = -77 mV. IClamp's amp (nA) is the stated
current density (uA/cm^2) times the area: 1 uA/cm^2 is 0.1 nA here.

Method: CVode (h.cvode_active(1)), atol and rtol 1e-8, with hh's rate tables
switched off (h.usetable_hh = 0), so that the rates are hh.mod's formulas at
each V and not interpolated from its 1 mV table. Voltage is recorded on a
fixed grid (Dt below) interpolated by CVode. Each figure is also computed
with the fixed-step method (h.secondorder = 2, dt = 0.001 ms) and stored next
to it as `fixed_step`, as a measure of the reference's own numerical error.

Definitions (the Rust model uses the same):
* rest: V after 1000 ms with no stimulus, from -65 mV with the gates at
  their steady state (then checked to have stopped moving).
* spike: an upward crossing of 0 mV (linear interpolation between samples);
  its peak is the largest sample before V falls back below 0 mV, refined by
  a parabola through the largest sample and its two neighbours.
* rheobase for a pulse of duration D: the smallest amplitude of a pulse
  starting at 1 ms from rest that gives at least one spike before 1 + D + 50 ms;
  bisection until the bracket is 1e-6 of its upper end, the midpoint reported.
* firing rate at a steady current I (on from t = 0, the cell at rest before):
  with k spikes whose crossing times fall in [200, 1200) ms,
  (k - 1) / (t_k - t_1), in spikes per second; `count` is k.
"""

import argparse
import json
import math
import platform
import sys

import numpy as np
from neuron import h
import neuron

h.load_file("stdrun.hoc")

CVODE_ATOL = 1e-8
CVODE_RTOL = 1e-8
FIXED_DT = 0.001  # ms
REC_DT = 0.001  # ms, recording grid
PULSE_START = 1.0  # ms
AFTER_PULSE = 50.0  # ms
RHEO_REL = 1e-6
RATE_TRANSIENT = 200.0  # ms
RATE_WINDOW = 1000.0  # ms
PEAK_AMP = {6.3: 20.0, 18.5: 40.0}  # uA/cm^2, 1 ms pulse
# uA/cm^2; at 18.5 C the cell stops firing (depolarization block) by 50 uA/cm^2
RATE_AMPS = {6.3: [10.0, 20.0, 50.0], 18.5: [10.0, 20.0, 40.0]}
TEMPS = [6.3, 18.5]
# hh.mod is the same at tag 9.0.2 as at its last change (commit 8202fe7e9, 2021).
HH_MOD_COMMIT = "ba5783378c0aa1d9ac95b4454bea94b15c63f75d"

soma = h.Section(name="soma")
soma.L = 100.0
soma.diam = 100.0 / math.pi
soma.nseg = 1
soma.cm = 1.0
soma.insert("hh")
soma.ena = 50.0
soma.ek = -77.0
h.usetable_hh = 0
seg = soma(0.5)
AREA_CM2 = seg.area() * 1e-8  # um^2 -> cm^2
NA_PER_UA_CM2 = AREA_CM2 * 1e3  # (uA/cm^2) * cm^2 = uA; * 1e3 = nA

stim = h.IClamp(seg)
stim.delay = 0.0
stim.dur = 0.0
stim.amp = 0.0

vrec = h.Vector()
vrec.record(seg._ref_v, REC_DT)


def set_method(method):
    if method == "cvode":
        h.cvode_active(1)
        h.cvode.atol(CVODE_ATOL)
        h.cvode.rtol(CVODE_RTOL)
    else:
        h.cvode_active(0)
        h.secondorder = 2
        h.dt = FIXED_DT
        h.steps_per_ms = 1.0 / FIXED_DT


def run(v0, tstop, amp=0.0, delay=0.0, dur=0.0):
    """Run from V = v0 (gates at their steady state there) to tstop ms."""
    stim.amp = amp * NA_PER_UA_CM2
    stim.delay = delay
    stim.dur = dur
    h.finitialize(v0)
    h.continuerun(tstop)
    return vrec.as_numpy().copy()


def spikes(v):
    """Upward crossings of 0 mV and their peaks: [(t_cross, peak, t_peak)]."""
    out = []
    n = len(v)
    up = np.nonzero((v[:-1] < 0.0) & (v[1:] >= 0.0))[0] + 1
    down = np.nonzero((v[:-1] >= 0.0) & (v[1:] < 0.0))[0] + 1
    for i in up:
        t_cross = REC_DT * (i - 1 + v[i - 1] / (v[i - 1] - v[i]))
        after = down[down > i]
        j = after[0] - 1 if len(after) else n - 1
        k = i + int(np.argmax(v[i : j + 1]))
        peak, t_peak = v[k], REC_DT * k
        if 0 < k < n - 1:
            a, b, c = v[k - 1], v[k], v[k + 1]
            den = a - 2 * b + c
            if den < 0:
                d = 0.5 * (a - c) / den
                peak = b - 0.25 * (a - c) * d
                t_peak = REC_DT * (k + d)
        out.append((float(t_cross), float(peak), float(t_peak)))
    return out


def rest_v():
    v = run(-65.0, 1000.0)
    v_end = float(v[-1])
    # Started at v_end with the gates at their steady state, V must stay put.
    v2 = run(v_end, 100.0)
    drift = float(np.max(np.abs(v2 - v_end)))
    return v_end, drift


def spikes_for_pulse(v_rest, amp, dur):
    v = run(v_rest, PULSE_START + dur + AFTER_PULSE, amp, PULSE_START, dur)
    return spikes(v)


def rheobase(v_rest, dur):
    lo, hi = 0.0, 1.0
    while not spikes_for_pulse(v_rest, hi, dur):
        lo, hi = hi, 2.0 * hi
    while hi - lo > RHEO_REL * hi:
        mid = 0.5 * (lo + hi)
        if spikes_for_pulse(v_rest, mid, dur):
            hi = mid
        else:
            lo = mid
    return 0.5 * (lo + hi), lo, hi


def firing_rate(v_rest, amp):
    tstop = RATE_TRANSIENT + RATE_WINDOW
    v = run(v_rest, tstop, amp, 0.0, 1e9)
    ts = [t for (t, _, _) in spikes(v) if RATE_TRANSIENT <= t < tstop]
    if len(ts) < 2:
        return 0.0, len(ts)
    return 1000.0 * (len(ts) - 1) / (ts[-1] - ts[0]), len(ts)


def one_temperature(celsius, method):
    h.celsius = celsius
    set_method(method)
    v_rest, drift = rest_v()
    amp = PEAK_AMP[celsius]
    sp = spikes_for_pulse(v_rest, amp, 1.0)
    peak = {
        "amp_ua_cm2": amp,
        "start_ms": PULSE_START,
        "dur_ms": 1.0,
        "spikes": len(sp),
        "peak_mv": sp[0][1] if sp else None,
        "peak_time_ms": sp[0][2] if sp else None,
        "crossing_time_ms": sp[0][0] if sp else None,
    }
    rheo = []
    for dur in (1.0, 100.0):
        mid, lo, hi = rheobase(v_rest, dur)
        rheo.append(
            {"dur_ms": dur, "start_ms": PULSE_START, "ua_cm2": mid, "bracket": [lo, hi]}
        )
    rates = []
    for amp in RATE_AMPS[celsius]:
        rate, count = firing_rate(v_rest, amp)
        rates.append({"amp_ua_cm2": amp, "rate_hz": rate, "count": count})
    return {
        "rest_mv": v_rest,
        "rest_drift_mv": drift,
        "peak": peak,
        "rheobase": rheo,
        "rates": rates,
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default="tests/reference/hh_cases.json")
    args = ap.parse_args()
    source = "NEURON %s, built-in hh (src/nrnoc/hh.mod), tests/reference/neuron_hh.py" % (
        neuron.__version__
    )
    temps = []
    for celsius in TEMPS:
        print("celsius %.1f: CVode" % celsius, file=sys.stderr)
        cv = one_temperature(celsius, "cvode")
        print("celsius %.1f: fixed step" % celsius, file=sys.stderr)
        fx = one_temperature(celsius, "fixed")
        case = {"celsius": celsius, "q10": 3.0 ** ((celsius - 6.3) / 10.0), "source": source}
        case["rest_mv"] = cv["rest_mv"]
        case["rest_drift_mv"] = cv["rest_drift_mv"]
        case["rest_mv_fixed_step"] = fx["rest_mv"]
        case["peak"] = dict(cv["peak"])
        case["peak"]["peak_mv_fixed_step"] = fx["peak"]["peak_mv"]
        case["rheobase"] = []
        for a, b in zip(cv["rheobase"], fx["rheobase"]):
            r = dict(a)
            r["ua_cm2_fixed_step"] = b["ua_cm2"]
            case["rheobase"].append(r)
        case["rates"] = []
        for a, b in zip(cv["rates"], fx["rates"]):
            r = dict(a)
            r["rate_hz_fixed_step"] = b["rate_hz"]
            r["count_fixed_step"] = b["count"]
            case["rates"].append(r)
        temps.append(case)
    p = seg.hh
    doc = {
        "about": (
            "Reference cases for a single-compartment Hodgkin-Huxley membrane, computed "
            "with NEURON's built-in hh mechanism by tests/reference/neuron_hh.py "
            "(scripts/neuron-reference.sh). Every number below is NEURON's; none is "
            "taken from a paper. Units: mV, ms, uA/cm^2, spikes/s."
        ),
        "generator": {
            "script": "tests/reference/neuron_hh.py",
            "neuron_version": neuron.__version__,
            "python": platform.python_version(),
            "numpy": np.__version__,
            "hh_mod": "src/nrnoc/hh.mod of neuronsimulator/nrn at tag 9.0.2, commit %s"
            % HH_MOD_COMMIT,
            "method": (
                "CVode (h.cvode_active(1)), atol %g, rtol %g; h.usetable_hh = 0 (hh.mod's "
                "rate formulas at each V, not its 1 mV table); V recorded every %g ms, "
                "interpolated by CVode" % (CVODE_ATOL, CVODE_RTOL, REC_DT)
            ),
            "fixed_step_method": (
                "the same figures with fixed steps: h.secondorder = 2 (Crank-Nicolson), "
                "dt = %g ms, stored as *_fixed_step" % FIXED_DT
            ),
        },
        "cell": {
            "geometry": "one section, nseg 1, L 100 um, diam 100/pi um",
            "area_cm2": AREA_CM2,
            "nA_per_uA_cm2": NA_PER_UA_CM2,
            "cm_uf_cm2": soma.cm,
            "gnabar_s_cm2": p.gnabar,
            "gkbar_s_cm2": p.gkbar,
            "gl_s_cm2": p.gl,
            "el_mv": p.el,
            "ena_mv": soma.ena,
            "ek_mv": soma.ek,
        },
        "protocol": {
            "spike": "upward crossing of 0 mV (linear interpolation on the recording grid); peak: largest V before V falls below 0 mV again, refined by a parabola",
            "rest": "V after 1000 ms without stimulus from -65 mV with gates at steady state; rest_drift_mv: largest move in 100 ms started there",
            "pulse_start_ms": PULSE_START,
            "rheobase": "smallest amplitude of a pulse (from rest, starting at pulse_start_ms) giving at least one spike before the pulse's end + after_pulse_ms; bisection until the bracket is rheobase_rel_precision of its upper end; midpoint reported",
            "after_pulse_ms": AFTER_PULSE,
            "rheobase_rel_precision": RHEO_REL,
            "rate": "steady current on from t = 0 (cell at rest before); k spikes with crossing times in [transient, transient + window): rate = (k - 1) / (t_k - t_1) in spikes/s; count = k",
            "rate_transient_ms": RATE_TRANSIENT,
            "rate_window_ms": RATE_WINDOW,
        },
        "temperatures": temps,
    }
    with open(args.out, "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    print("wrote %s" % args.out, file=sys.stderr)


if __name__ == "__main__":
    main()
