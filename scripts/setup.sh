#!/usr/bin/env bash
# Installs everything Resting Potential Lab needs, from the registries alone
# (crates.io, npm, Debian). Idempotent: each step checks what is installed and
# skips when the pinned version is already there. Binaries go to ~/.cargo/bin.
set -euo pipefail
cd "$(dirname "$0")/.."

WASM_BINDGEN_VERSION=0.2.130
TRUNK_VERSION=0.22.1
export PATH="$HOME/.cargo/bin:$PATH"

step() { printf '\n==> %s\n' "$*"; }

step "Rust target wasm32-unknown-unknown"
if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  echo "already installed"
else
  rustup target add wasm32-unknown-unknown
fi
for comp in rustfmt clippy; do
  rustup component list --installed | grep -q "^$comp" || rustup component add "$comp"
done

step "wasm-bindgen-cli $WASM_BINDGEN_VERSION"
if command -v wasm-bindgen >/dev/null && wasm-bindgen --version | grep -q " $WASM_BINDGEN_VERSION\$"; then
  echo "already installed"
else
  # Not --locked: its lockfile asks for a webpki-roots version the registry here lacks.
  cargo install --force wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

step "trunk $TRUNK_VERSION"
if command -v trunk >/dev/null && trunk --version | grep -q " $TRUNK_VERSION\$"; then
  echo "already installed"
else
  # trunk declares a newer rust-version than this machine's toolchain; it builds fine on it.
  cargo install --locked --ignore-rust-version trunk --version "$TRUNK_VERSION"
fi

step "Chromium and ChromeDriver (Debian)"
if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
  echo "already installed"
else
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q chromium chromium-driver
fi

step "A CJK font, so canvases and screenshots show Chinese (Debian)"
if fc-list :lang=zh 2>/dev/null | grep -q .; then
  echo "already installed"
else
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q fonts-wqy-microhei \
    || { $SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q fonts-wqy-microhei; }
fi

step "npm dev tools (binaryen's wasm-opt, playwright-core)"
if [ -f node_modules/.rpl-installed ] && cmp -s package-lock.json node_modules/.rpl-installed; then
  echo "already installed"
else
  npm ci --no-audit --no-fund
  cp package-lock.json node_modules/.rpl-installed
fi

step "crates for offline builds"
cargo fetch

echo
echo "set-up complete"
