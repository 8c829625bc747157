#!/usr/bin/env bash
# The test suite under AddressSanitizer and ThreadSanitizer (run in CI and before each release).
# LeakSanitizer is off: Swift's lazily initialised globals are reported as leaks.
set -euo pipefail
cd "$(dirname "$0")/.."
ASAN_OPTIONS=detect_leaks=0 swift test --sanitize=address --build-path .build-asan
swift test --sanitize=thread --build-path .build-tsan
