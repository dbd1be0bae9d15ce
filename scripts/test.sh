#!/usr/bin/env bash
# Runs every test of Resting Potential Lab: formatting, lints, documentation, native unit,
# validation and property tests, the command line, headless-browser
# (wasm-bindgen-test in Chromium) and end-to-end tests of the built page.
# Installs what is missing first (scripts/setup.sh). The last line gives the totals.
set -uo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

./scripts/setup.sh || { echo "TOTAL: set-up failed"; exit 1; }

log=$(mktemp)
failures=()
run() {
  local name=$1; shift
  printf '\n==> %s: %s\n' "$name" "$*"
  if ! "$@" 2>&1 | tee -a "$log"; then
    failures+=("$name")
  fi
}

run "format" cargo fmt --all --check
run "lints (native)" cargo clippy --workspace --exclude rpl-web --all-targets -- -D warnings
run "lints (wasm)" cargo clippy --target wasm32-unknown-unknown -p rpl-web --all-targets -- -D warnings
run "lints (model, wasm)" cargo clippy --target wasm32-unknown-unknown -p rpl-model --lib -- -D warnings
run "model builds for wasm32" cargo build --target wasm32-unknown-unknown -p rpl-model
# The documentation, links included, builds without a warning.
run "docs (native)" env RUSTDOCFLAGS="-D warnings" cargo doc --workspace --exclude rpl-web --no-deps
run "docs (wasm)" env RUSTDOCFLAGS="-D warnings" cargo doc --target wasm32-unknown-unknown -p rpl-web --no-deps
run "native tests" cargo test --workspace --exclude rpl-web --no-fail-fast
# On a loaded machine chromedriver can miss wasm-bindgen-test-runner's start-up
# window ("driver failed to bind port during startup"): no test has run then,
# so the step runs once more and only the second run counts.
browser_tests() {
  local first
  first=$(mktemp)
  cargo test --target wasm32-unknown-unknown -p rpl-web --tests --no-fail-fast > "$first" 2>&1
  local rc=$?
  if ((rc != 0)) && grep -q "driver failed to bind port during startup" "$first"; then
    grep -E "driver failed|Running tests/" "$first" >&2
    echo "(chromedriver did not start in time; running the browser tests once more)" >&2
    rm -f "$first"
    cargo test --target wasm32-unknown-unknown -p rpl-web --tests --no-fail-fast
    return
  fi
  cat "$first"
  rm -f "$first"
  return "$rc"
}
run "browser tests" browser_tests
run "page build" trunk build --release
run "end-to-end" node tests/e2e/run.mjs

passed=$(grep -oE 'test result: [a-zA-Z]+\. [0-9]+ passed' "$log" | awk '{s+=$4} END {print s+0}')
failed=$(grep -oE '[0-9]+ failed' "$log" | grep -v '^0 ' | awk '{s+=$1} END {print s+0}')
e2e_passed=$(grep -oE '^e2e: [0-9]+ passed' "$log" | awk '{s+=$2} END {print s+0}')
rm -f "$log"
total=$((passed + e2e_passed))
echo
if ((${#failures[@]})); then
  echo "TOTAL: $total passed, $failed failed; failing steps: ${failures[*]}"
  exit 1
fi
echo "TOTAL: $total passed, 0 failed (native + browser + end-to-end; fmt, clippy, docs and the page build clean)"
