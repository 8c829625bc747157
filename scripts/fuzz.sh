#!/usr/bin/env bash
# Fuzzes load + check with libFuzzer. Usage: scripts/fuzz.sh [SECONDS] (default 60).
# Seeds: every file of the example repository and the hostile-input catalogue.
# A crash leaves crash-* files in fuzz/crashes/; turn each into a regression case in
# Tests/Fixtures/hostile/ (or Tests/Fixtures/fuzz/) and fix it.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}

swift build -c release --product styrlint-fuzz --build-path .build-fuzz \
    -Xswiftc -sanitize=fuzzer -Xswiftc -DFUZZING -Xcc -fsanitize=fuzzer-no-link -Xswiftc -use-ld=lld
fuzzer=.build-fuzz/release/styrlint-fuzz

corpus=.build-fuzz/corpus
mkdir -p "$corpus" fuzz/crashes
find plans reports Tests/Fixtures/hostile Tests/Fixtures/fuzz -type f \( -name '*.yaml' -o -name '*.yml' \) -size -200k 2>/dev/null \
    | while read -r file; do cp "$file" "$corpus/$(echo "$file" | tr '/' '_')"; done

# Swift's backtracer would swallow the crash before libFuzzer writes its crash file.
SWIFT_BACKTRACE=enable=no "$fuzzer" "$corpus" \
    -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix=fuzz/crashes/ -print_final_stats=1 2>&1 | tail -n 25
