#!/usr/bin/env python3
"""Reference cases for the point membrane with Traub & Miles's Na+ and K+
channels as Pospischil et al. (2008) use them for their regular-spiking (RS)
cortical neuron, from NEURON running the published model code (HH_traub.mod of
ModelDB 123623, kept in tests/reference/pospischil/ with its source note).

Run by scripts/neuron-reference.sh --rs, which makes a venv with a pinned
`neuron` from PyPI. Writes tests/reference/rs_cases.json (or the path given
with --out); crates/rpl-model/tests/rs_reference.rs reads that file. CI does
not run this script: the committed JSON is what the tests read.

The mechanism: a copy of HH_traub.mod with its own commented-out DERIVATIVE
block switched on (so that CVode integrates the gates) and the gates started
at their steady state; see pospischil/SOURCE.md. It is compiled with
nrnivmodl in a build folder (--build).

The cell: one section, nseg = 1, L = 100 um, diam = 100/pi um (area 1e-4
cm^2, end caps left out), cm = 1 uF/cm^2; `hh2` with gnabar 0.056 S/cm^2,
gkbar 0.006 S/cm^2, vtraub -56.2 mV (Pospischil et al.'s RS cell); the
passive leak and reversal potentials of ModelDB 123623's sPY_template
(pas: g 1e-4 S/cm^2, e -70 mV; ena 50 mV, ek -100 mV). The M current of
that template is left out, as in the Rust model. IClamp's amp (nA) is the
stated current density (uA/cm^2) times the area.

Method and definitions as in neuron_hh.py: CVode at atol and rtol 1e-8, V
recorded every 0.001 ms; each figure also with fixed steps (h.secondorder =
2, dt = 0.001 ms) stored as *_fixed_step.
* rest: V after 1000 ms with no stimulus from -70 mV, gates at steady state.
* spike: upward crossing of 0 mV; peak refined by a parabola.
* rheobase for a pulse of duration D starting at 1 ms: smallest amplitude
  giving a spike before 1 + D + 50 ms; bisection to 1e-6 of the bracket.
* firing rate at a steady current from t = 0: (k - 1)/(t_k - t_1) over the
  k crossings in [200, 1200) ms, spikes/s.
"""

import argparse
import json
import math
import os
import platform
import shutil
import subprocess
import sys

import numpy as np
import neuron
from neuron import h

HERE = os.path.dirname(os.path.abspath(__file__))
MOD_SRC = os.path.join(HERE, "pospischil", "HH_traub.mod")
MODELDB_COMMIT = "8dfc13fb03c162f5ad1b5e13f94225c983391af7"

CVODE_ATOL = 1e-8
CVODE_RTOL = 1e-8
FIXED_DT = 0.001  # ms
REC_DT = 0.001  # ms
PULSE_START = 1.0  # ms
AFTER_PULSE = 50.0  # ms
RHEO_REL = 1e-6
RATE_TRANSIENT = 200.0  # ms
RATE_WINDOW = 1000.0  # ms
V_START = -70.0  # mV
TEMPS = [36.0, 26.0]
PEAK_AMP = {36.0: 40.0, 26.0: 40.0}  # uA/cm^2, 1 ms pulse
RATE_AMPS = {36.0: [3.0, 6.0, 12.0], 26.0: [3.0, 6.0, 12.0]}  # uA/cm^2

GNABAR = 0.056
GKBAR = 0.006
VTRAUB = -56.2
G_PAS = 1e-4
E_PAS = -70.0
ENA = 50.0
EK = -100.0


def derived_mod(text):
    """HH_traub.mod with its DERIVATIVE block on and steady-state gates at
    INITIAL; every other line as published."""

    def swap(old, new):
        nonlocal text
        assert text.count(old) == 1, old
        text = text.replace(old, new)

    swap("\tSOLVE states\n", "\tSOLVE states METHOD cnexp\n")
    # The published PROCEDURE states (and the commented-out DERIVATIVE
    # before it) out; the DERIVATIVE in, after UNITSOFF as the rates are.
    start = text.index(":DERIVATIVE states {")
    end = text.index("UNITSOFF")
    text = text[:start] + text[end:]
    swap(
        "UNITSOFF\n",
        "UNITSOFF\n"
        "DERIVATIVE states {   : the file's own exact Hodgkin-Huxley equations\n"
        "\tevaluate_fct(v)\n"
        "\tm' = (m_inf - m) / tau_m\n"
        "\th' = (h_inf - h) / tau_h\n"
        "\tn' = (n_inf - n) / tau_n\n"
        "}\n\n",
    )
    start = text.index("INITIAL {")
    end = text.index("PROCEDURE evaluate_fct")
    text = text[:start] + (
        "INITIAL {\n"
        "\ttadj = 3.0 ^ ((celsius-36)/ 10 )\n"
        "\tevaluate_fct(v)\n"
        "\tm = m_inf\n"
        "\th = h_inf\n"
        "\tn = n_inf\n"
        "}\n\n"
    ) + text[end:]
    return text


def build(build_dir):
    os.makedirs(build_dir, exist_ok=True)
    with open(MOD_SRC) as f:
        src = f.read()
    with open(os.path.join(build_dir, "HH_traub_cvode.mod"), "w") as f:
        f.write(derived_mod(src))
    nrnivmodl = shutil.which("nrnivmodl") or os.path.join(
        os.path.dirname(sys.executable), "nrnivmodl"
    )
    subprocess.run([nrnivmodl], cwd=build_dir, check=True, stdout=subprocess.DEVNULL)
    if not neuron.load_mechanisms(build_dir):
        sys.exit("could not load the mechanisms built in %s" % build_dir)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default="tests/reference/rs_cases.json")
    ap.add_argument("--build", default="target/neuron-rs-mod")
    args = ap.parse_args()
    build(os.path.abspath(args.build))
    h.load_file("stdrun.hoc")

    soma = h.Section(name="soma")
    soma.L = 100.0
    soma.diam = 100.0 / math.pi
    soma.nseg = 1
    soma.cm = 1.0
    soma.insert("pas")
    soma.insert("hh2")
    seg = soma(0.5)
    seg.pas.g = G_PAS
    seg.pas.e = E_PAS
    seg.hh2.gnabar = GNABAR
    seg.hh2.gkbar = GKBAR
    seg.hh2.vtraub = VTRAUB
    soma.ena = ENA
    soma.ek = EK
    area_cm2 = seg.area() * 1e-8
    na_per_ua_cm2 = area_cm2 * 1e3

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
        stim.amp = amp * na_per_ua_cm2
        stim.delay = delay
        stim.dur = dur
        h.finitialize(v0)
        h.continuerun(tstop)
        return vrec.as_numpy().copy()

    def spikes(v):
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
        v = run(V_START, 1000.0)
        v_end = float(v[-1])
        v2 = run(v_end, 100.0)
        return v_end, float(np.max(np.abs(v2 - v_end)))

    def spikes_for_pulse(v_rest, amp, dur):
        return spikes(run(v_rest, PULSE_START + dur + AFTER_PULSE, amp, PULSE_START, dur))

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
        for a in RATE_AMPS[celsius]:
            rate, count = firing_rate(v_rest, a)
            rates.append({"amp_ua_cm2": a, "rate_hz": rate, "count": count})
        return {
            "rest_mv": v_rest,
            "rest_drift_mv": drift,
            "peak": peak,
            "rheobase": rheo,
            "rates": rates,
        }

    source = "NEURON %s, HH_traub.mod of ModelDB 123623 (derived for CVode), tests/reference/neuron_rs.py" % (
        neuron.__version__
    )
    temps = []
    for celsius in TEMPS:
        print("celsius %.1f: CVode" % celsius, file=sys.stderr)
        cv = one_temperature(celsius, "cvode")
        print("celsius %.1f: fixed step" % celsius, file=sys.stderr)
        fx = one_temperature(celsius, "fixed")
        case = {"celsius": celsius, "tadj": 3.0 ** ((celsius - 36.0) / 10.0), "source": source}
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
    doc = {
        "about": (
            "Reference cases for a single-compartment membrane with Traub & Miles's Na+ and "
            "K+ channels as Pospischil et al. (2008) use them for their regular-spiking "
            "cortical neuron (no M current), computed with NEURON running the published "
            "HH_traub.mod by tests/reference/neuron_rs.py (scripts/neuron-reference.sh --rs). "
            "Every figure below is NEURON's; none is taken from a paper. Units: mV, ms, "
            "uA/cm^2, spikes/s."
        ),
        "generator": {
            "script": "tests/reference/neuron_rs.py",
            "neuron_version": neuron.__version__,
            "python": platform.python_version(),
            "numpy": np.__version__,
            "mod_file": (
                "HH_traub.mod of ModelDBRepository/123623 at commit %s "
                "(tests/reference/pospischil/HH_traub.mod), with its DERIVATIVE block "
                "switched on and steady-state gates at INITIAL (pospischil/SOURCE.md)"
                % MODELDB_COMMIT
            ),
            "method": (
                "CVode (h.cvode_active(1)), atol %g, rtol %g; V recorded every %g ms, "
                "interpolated by CVode" % (CVODE_ATOL, CVODE_RTOL, REC_DT)
            ),
            "fixed_step_method": (
                "the same figures with fixed steps: h.secondorder = 2 (Crank-Nicolson), "
                "dt = %g ms, stored as *_fixed_step" % FIXED_DT
            ),
        },
        "cell": {
            "geometry": "one section, nseg 1, L 100 um, diam 100/pi um",
            "area_cm2": area_cm2,
            "nA_per_uA_cm2": na_per_ua_cm2,
            "cm_uf_cm2": soma.cm,
            "gnabar_s_cm2": seg.hh2.gnabar,
            "gkbar_s_cm2": seg.hh2.gkbar,
            "vtraub_mv": seg.hh2.vtraub,
            "g_pas_s_cm2": seg.pas.g,
            "e_pas_mv": seg.pas.e,
            "ena_mv": soma.ena,
            "ek_mv": soma.ek,
        },
        "protocol": {
            "spike": "upward crossing of 0 mV (linear interpolation on the recording grid); peak: largest V before V falls below 0 mV again, refined by a parabola",
            "rest": "V after 1000 ms without stimulus from %g mV with gates at steady state; rest_drift_mv: largest move in 100 ms started there" % V_START,
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
