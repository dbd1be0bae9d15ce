#!/usr/bin/env bash
# Builds Resting Potential Lab and serves it at http://127.0.0.1:8080/
# (set PORT to use another port). Runs scripts/setup.sh first, which installs
# or checks the pinned tools and fetches crates, so this works on a fresh clone.
#
#   scripts/start.sh          # release build (wasm-opt -Oz), then serve dist/
#   scripts/start.sh --watch  # trunk serve --release: rebuild on every change
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh

# wasm-bindgen and trunk live in ~/.cargo/bin; wasm-opt is npm's binaryen 132.
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
PORT="${PORT:-8080}"
URL="http://127.0.0.1:$PORT/"

if [ "${1:-}" = "--watch" ]; then
  echo
  echo "Resting Potential Lab (rebuilds on change): $URL"
  # Its own output folder, and no auto-reload: trunk serve's auto-reload is an
  # inline script, which the page's Content-Security-Policy refuses (reload by hand).
  exec trunk serve --release --no-autoreload --dist target/trunk-serve --address 127.0.0.1 --port "$PORT"
fi

echo
echo "==> trunk build --release"
trunk build --release

echo
echo "Resting Potential Lab: $URL"
echo "(serving dist/; press Ctrl+C to stop)"
exec python3 -m http.server "$PORT" --bind 127.0.0.1 --directory dist
