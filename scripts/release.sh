#!/usr/bin/env bash
# Builds the portable release: one static binary (Swift runtime, Foundation, libyaml,
# libcrypto and libstemmer linked from their archives; no shared library at
# all), its man page and shell completions, the README and the licence, packed as
# dist/styrlint-VERSION-linux-x86_64.tar.gz with a SHA-256 file beside it.
#
# Usage: scripts/release.sh [OUTPUT_DIR]   (default: dist)
# Needs, besides Swift: libyaml-dev libssl-dev libstemmer-dev (their static archives).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
out=${1:-dist}
mkdir -p "$out"
out=$(cd "$out" && pwd)
scratch=.build-release

version=$(sed -n 's/.*public static let current = "\(.*\)".*/\1/p' Sources/StyrlintCore/Reporters/JSONReporter.swift)
[ -n "$version" ] || { echo "release: cannot read the version" >&2; exit 2; }
arch=$(uname -m)
name="styrlint-$version-linux-$arch"

# The man page comes from the same command definitions as --help. The plugin builds the
# package its own way, so it runs before the static build that produces the binary.
swift package --scratch-path "$scratch" plugin generate-manual --multi-page >/dev/null
manual="$scratch/plugins/GenerateManual/outputs/styrlint"

swift build -c release --product styrlint --scratch-path "$scratch" --static-swift-stdlib \
    -Xswiftc -static-executable \
    -Xlinker -lstdc++ -Xlinker -lm 2> "$out/link-warnings.txt" || { cat "$out/link-warnings.txt" >&2; exit 1; }
# glibc warns that dlopen and the user database need its shared libraries when linked
# statically; styrlint uses neither. Any other message fails the release.
if grep -v -e "in statically linked applications requires at runtime" -e "^$" "$out/link-warnings.txt" | grep -q -e "^error:" -e "undefined reference" -e "ld: error"; then
    cat "$out/link-warnings.txt" >&2
    exit 1
fi
rm -f "$out/link-warnings.txt"
binary="$scratch/release/styrlint"

staging=$(mktemp -d)
trap 'rm -rf "$staging"' EXIT
package="$staging/$name"
mkdir -p "$package/bin" "$package/share/man/man1" "$package/share/bash-completion/completions" \
         "$package/share/zsh/site-functions" "$package/share/fish/vendor_completions.d"
strip -o "$package/bin/styrlint" "$binary"
cp "$manual"/*.1 "$package/share/man/man1/"
"$package/bin/styrlint" --generate-completion-script bash > "$package/share/bash-completion/completions/styrlint"
"$package/bin/styrlint" --generate-completion-script zsh > "$package/share/zsh/site-functions/_styrlint"
"$package/bin/styrlint" --generate-completion-script fish > "$package/share/fish/vendor_completions.d/styrlint.fish"
cp README.md LICENSE "$package/"

# Reproducible archive: fixed order, owner and modification time.
tarball="$out/$name.tar.gz"
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime='2026-01-01 00:00:00' \
    -C "$staging" -cf - "$name" | gzip -n -9 > "$tarball"
(cd "$out" && sha256sum "$name.tar.gz" > "$name.tar.gz.sha256")
echo "$tarball"
