#!/usr/bin/env bash
# Installs the locked dependencies when node_modules is missing or older than package-lock.json, so the
# quick start works on a fresh clone. onnxruntime-node's postinstall (GPU downloads) is skipped.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "[setup] installing dependencies (npm ci)…"
  ONNXRUNTIME_NODE_INSTALL=skip npm ci --no-audit --no-fund
fi
