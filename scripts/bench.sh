#!/usr/bin/env bash
# Prints the speed and size figures of BENCHMARKS.md: the native model benchmark,
# then the page benchmark in headless Chromium (size, first frame, frame time,
# the run-down in wasm against native). Figures only; nothing here fails on speed.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
./scripts/setup.sh > /dev/null
echo "==> native model benchmark"
cargo bench -q -p rpl-model --bench model
echo
echo "==> page benchmark (trunk build --release, headless Chromium, 1280x800)"
trunk build --release > /dev/null 2>&1
# The run-down timed inside wasm needs `rplBenchRundown`, which the page a
# reader loads leaves out: a second build with the `bench` feature, in its own
# folder, for that figure only (the same profile and code otherwise).
trunk build --release --features bench --dist target/dist-bench > /dev/null 2>&1
RPL_BENCH_DIST=target/dist-bench node tests/perf/bench.mjs
