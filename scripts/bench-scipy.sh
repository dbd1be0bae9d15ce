#!/usr/bin/env bash
# The 2-hour neuron ouabain run-down against scipy's solve_ivp (BDF, Radau,
# LSODA) on the same equations (tests/perf/scipy_rundown.py): both sides'
# steps, evaluations, end-point error against a tight reference, medians and
# the ratio; then the ratio again in paired rounds, each timing both sides in
# the same few seconds (the Rust side through the model benchmark's
# `--v-alone`). Figures only; nothing here fails on speed (it fails if the
# Python equations do not reproduce the Rust model's end point).
#
# Python comes from its own environment, made here from PyPI with numpy and
# scipy at pinned versions: a venv under the cargo target directory, or, where
# Python has no venv module, `pip install --target` into a folder beside it.
# Nothing is installed system-wide.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
TARGET="${CARGO_TARGET_DIR:-target}"
PACKAGES=(numpy==2.4.6 scipy==1.17.1)
RUNS="${RPL_SCIPY_RUNS:-21}"

if python3 -m venv --help > /dev/null 2>&1; then
    VENV="$TARGET/scipy-venv"
    if ! "$VENV/bin/python" -c 'import numpy, scipy' > /dev/null 2>&1; then
        echo "==> python3 -m venv $VENV; pip install ${PACKAGES[*]}"
        python3 -m venv "$VENV"
        "$VENV/bin/pip" install -q "${PACKAGES[@]}"
    fi
    PY="$VENV/bin/python"
else
    echo "python3 has no venv module here; installing into $TARGET/scipy-pkgs with pip --target"
    PKGS="$TARGET/scipy-pkgs"
    if ! PYTHONPATH="$PKGS" python3 -c 'import numpy, scipy' > /dev/null 2>&1; then
        python3 -m pip install -q --target "$PKGS" "${PACKAGES[@]}"
    fi
    export PYTHONPATH="$PKGS"
    PY=python3
fi

echo "==> cargo build --release -p rpl-cli"
cargo build -q --release -p rpl-cli
echo "==> native model benchmark (cargo bench -p rpl-model --bench model)"
cargo bench -q -p rpl-model --bench model | tee "$TARGET/bench-model.txt"
echo
echo "==> scipy on the same equations (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
"$PY" tests/perf/scipy_rundown.py --rpl "$TARGET/release/rpl" \
    --rust-bench "$TARGET/bench-model.txt" --runs "$RUNS" \
    --rust-timer "cargo bench -q -p rpl-model --bench model -- --v-alone" \
    --rounds "${RPL_SCIPY_ROUNDS:-8}"
echo "(load average after: $(cut -d' ' -f1-3 /proc/loadavg))"
