#!/usr/bin/env bash
# Tests the release tarball as a newcomer meets it: unpacked into a fresh Debian root
# made with debootstrap (no Swift, no libyaml, no libcrypto or libstemmer), it must print
# its version, check the example repository with exactly the findings of the build tree,
# and write the auditor's report.
#
# Usage: scripts/test-release.sh TARBALL BUILD_TREE_BINARY   (as root)
set -euo pipefail
cd "$(dirname "$0")/.."
tarball=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
reference=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0 failed=0
check() {  # check NAME COMMAND...
    local name=$1; shift
    if "$@"; then echo "ok: $name"; passed=$((passed + 1)); else echo "FAILED: $name"; failed=$((failed + 1)); fi
}

(cd "$(dirname "$tarball")" && sha256sum -c --quiet "$(basename "$tarball").sha256")
check "the checksum file matches" true

# Only the C library family may be needed; a fully static binary needs none.
binary_in_tar=$(tar tzf "$tarball" | grep '/bin/styrlint$')
tar xzf "$tarball" -C "$work"
libraries=$(ldd "$work/$binary_in_tar" 2>&1 || true)
only_libc() { ! echo "$libraries" | grep '=>' | grep -v -E 'lib(c|m|dl|pthread|rt)\.so|ld-linux|linux-vdso' | grep -q .; }
check "ldd lists only libc-family libraries ($(echo "$libraries" | head -1 | xargs))" only_libc

command -v debootstrap >/dev/null || { echo "test-release: debootstrap is not installed" >&2; exit 2; }
rootfs="$work/root"
debootstrap --variant=minbase bookworm "$rootfs" http://deb.debian.org/debian > "$work/debootstrap.log" 2>&1 \
    || { tail -n 20 "$work/debootstrap.log" >&2; exit 2; }
no_toolchain() { [ ! -e "$rootfs/usr/bin/swift" ] && ! ls "$rootfs"/usr/lib/x86_64-linux-gnu/libyaml* >/dev/null 2>&1; }
check "the fresh root has neither Swift nor libyaml" no_toolchain

# A running system has /proc: the Swift runtime finds itself through /proc/self/exe.
mount -t proc proc "$rootfs/proc"
trap 'umount "$rootfs/proc" 2>/dev/null; rm -rf "$work"' EXIT
mkdir -p "$rootfs/opt" "$rootfs/work"
tar xzf "$tarball" -C "$rootfs/opt"
install_dir=$(basename "$(dirname "$(dirname "$binary_in_tar")")")
cp -r plans reports styrlint.yml "$rootfs/work/"
in_root() { chroot "$rootfs" /usr/bin/env -i PATH="/opt/$install_dir/bin:/usr/bin:/bin" HOME=/root LANG=C.UTF-8 "$@"; }

version_ok() { in_root styrlint --version | grep -q "^styrlint [0-9]"; }
check "styrlint --version runs" version_ok

set +e
in_root sh -c 'cd /work && styrlint check plans reports --per 2026-02-15 --format json' > "$work/release.json"
release_status=$?
(cd "$(pwd)" && "$reference" check plans reports --per 2026-02-15 --format json) > "$work/reference.json"
reference_status=$?
set -e
same_status() { [ "$release_status" -eq "$reference_status" ] && [ "$release_status" -eq 1 ]; }
check "check exits 1 on the example, as the build tree does" same_status
same_findings() {
    python3 - "$work/release.json" "$work/reference.json" <<'PY'
import json, sys
release, reference = (json.load(open(path))["findings"] for path in sys.argv[1:3])
sys.exit(0 if release == reference and release else 1)
PY
}
check "the findings are those of the build tree" same_findings

report_ok() {
    in_root sh -c 'cd /work && styrlint report plans reports --per 2026-02-15 --output rapport.html' >/dev/null \
        && grep -q 'id="underlag"' "$rootfs/work/rapport.html"
}
check "styrlint report writes the HTML report" report_ok
man_ok() { [ -s "$rootfs/opt/$install_dir/share/man/man1/styrlint.1" ] && grep -q -e '^\.Dt' -e '^\.TH' "$rootfs/opt/$install_dir/share/man/man1/styrlint.1"; }
check "the man page is there" man_ok
completions_ok() {
    grep -q 'complete' "$rootfs/opt/$install_dir/share/bash-completion/completions/styrlint" \
        && grep -q '#compdef styrlint' "$rootfs/opt/$install_dir/share/zsh/site-functions/_styrlint" \
        && grep -q "complete -c 'styrlint'" "$rootfs/opt/$install_dir/share/fish/vendor_completions.d/styrlint.fish"
}
check "bash, zsh and fish completions are there" completions_ok

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
