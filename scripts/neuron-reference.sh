#!/usr/bin/env bash
# Regenerates tests/reference/hh_cases.json: the Hodgkin-Huxley reference
# cases (resting V, spike peak, rheobase for 1 ms and 100 ms pulses, firing
# rates at steady currents, at 6.3 and 18.5 degrees C) from NEURON's built-in
# hh mechanism, by tests/reference/neuron_hh.py. CI does not run this: the
# committed JSON is what crates/rpl-model/tests/hh_reference.rs reads.
#
# With --rs first, regenerates tests/reference/rs_cases.json instead: the
# same cases (at 36 and 26 degrees C) for Traub & Miles's channels of
# Pospischil et al.'s (2008) regular-spiking neuron, by
# tests/reference/neuron_rs.py, which compiles the published HH_traub.mod
# (tests/reference/pospischil/) with nrnivmodl: that needs a C compiler and
# make. Read by crates/rpl-model/tests/rs_reference.rs.
#
# Python comes from its own environment, made here from PyPI with NEURON and
# numpy at pinned versions: a venv under the cargo target directory, or,
# where Python has no venv module, `pip install --target` into a folder
# beside it. Nothing is installed system-wide. Takes about three minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
TARGET="${CARGO_TARGET_DIR:-target}"
PACKAGES=(neuron==9.0.2 numpy==2.4.6)
SET=hh
if [ "${1:-}" = "--rs" ]; then
    SET=rs
    shift
    command -v cc > /dev/null || { echo "nrnivmodl needs a C compiler (cc)" >&2; exit 1; }
fi
OUT="${1:-tests/reference/${SET}_cases.json}"

if python3 -m venv --help > /dev/null 2>&1; then
    VENV="$TARGET/neuron-venv"
    if ! "$VENV/bin/python" -c 'import neuron, numpy' > /dev/null 2>&1; then
        echo "==> python3 -m venv $VENV; pip install ${PACKAGES[*]}"
        python3 -m venv "$VENV"
        "$VENV/bin/pip" install -q "${PACKAGES[@]}"
    fi
    PY="$VENV/bin/python"
    # nrnivmodl is in the venv's bin.
    export PATH="$(cd "$VENV/bin" && pwd):$PATH"
else
    echo "python3 has no venv module here; installing into $TARGET/neuron-pkgs with pip --target"
    PKGS="$TARGET/neuron-pkgs"
    if ! PYTHONPATH="$PKGS" python3 -c 'import neuron, numpy' > /dev/null 2>&1; then
        python3 -m pip install -q --target "$PKGS" "${PACKAGES[@]}"
    fi
    export PYTHONPATH="$PKGS"
    export PATH="$(cd "$PKGS" && pwd)/bin:$PATH"
    PY=python3
fi

echo "==> $("$PY" -c 'import neuron; print("NEURON", neuron.__version__)' 2>/dev/null)"
if [ "$SET" = rs ]; then
    echo "==> $PY tests/reference/neuron_rs.py --out $OUT --build $TARGET/neuron-rs-mod"
    "$PY" tests/reference/neuron_rs.py --out "$OUT" --build "$TARGET/neuron-rs-mod"
else
    echo "==> $PY tests/reference/neuron_hh.py --out $OUT"
    "$PY" tests/reference/neuron_hh.py --out "$OUT"
fi
