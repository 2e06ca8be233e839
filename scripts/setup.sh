#!/usr/bin/env bash
# Installs what Kexi needs on Debian 12 (as root): Debian packages, then npm packages from the
# committed package-lock.json. Idempotent: installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(cmake g++ make emscripten libeigen3-dev nlohmann-json3-dev doctest-dev liblbfgspp-dev
          libfast-float-dev chromium clang-14 libclang-rt-14-dev python3 fonts-wqy-microhei nodejs npm)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# node and npm may come from outside Debian's packages (preinstalled); accept them if present.
if command -v node >/dev/null && command -v npm >/dev/null; then
  tmp=(); for p in "${missing[@]}"; do [[ $p == nodejs || $p == npm ]] || tmp+=("$p"); done
  missing=("${tmp[@]+"${tmp[@]}"}")
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi

# DuckDB for tests/sql/run.sh (runs the docs/SQL.md recipe); its own lock file, kept apart from the page's.
if [ ! -d tests/sql/node_modules ] || [ tests/sql/package-lock.json -nt tests/sql/node_modules/.package-lock.json ]; then
  echo "setup: npm install (tests/sql)"
  # Not `npm ci`: npm 9 refuses this lock file because DuckDB's bindings for other platforms are
  # optional dependencies it leaves out ("Missing: @duckdb/node-bindings-darwin-arm64"); install
  # still takes the locked versions.
  (cd tests/sql && npm install --no-audit --no-fund --loglevel=error)
fi
