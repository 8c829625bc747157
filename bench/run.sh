#!/usr/bin/env bash
# The benchmark: builds in release, generates the corpus and prints the results table.
# Usage: bench/run.sh [--kommuner 290] [--sample 10] [--repeat 3] [--lsp-edits 20]
set -euo pipefail
cd "$(dirname "$0")/.."
exec python3 bench/benchmark.py "$@"
