#!/usr/bin/env bash
# Installs a styrlint release from its tarball, after checking its SHA-256.
#
#   ci/install.sh VERSION [BASE_URL] [DEST]
#
# VERSION   a fixed release, e.g. 0.2.0 (a leading v is accepted).
# BASE_URL  the folder holding styrlint-VERSION-linux-x86_64.tar.gz and its .sha256;
#           "{version}" in it is replaced by VERSION. Default:
#           https://github.com/styrlint/styrlint/releases/download/v{version}
#           A file:// URL copies from a local folder (for tests and mirrors).
# DEST      where the release goes (DEST/bin/styrlint, DEST/share/…);
#           default $HOME/.local/styrlint/VERSION.
#
# Prints the bin folder on standard output. Exit 0 installed (or already there),
# 2 on a usage error, a failed download, a checksum mismatch or a binary that does
# not start. Needs curl (not for file://), sha256sum, tar and gzip; the release
# binary is static, so nothing else.
set -euo pipefail

default_base_url='https://github.com/styrlint/styrlint/releases/download/v{version}'

die() {
    printf 'styrlint-installation: %s\n' "$1" >&2
    exit 2
}

if [ "$#" -lt 1 ] || [ "$#" -gt 3 ] || [ -z "$1" ]; then
    die "användning / usage: ci/install.sh VERSION [BASE_URL] [DEST]"
fi

version=${1#v}
if ! [[ $version =~ ^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.]+)?$ ]]; then
    die "\"$1\" är ingen fast version som 0.2.0 / is not a pinned version such as 0.2.0"
fi
base_url=${2:-$default_base_url}
base_url=${base_url//"{version}"/$version}
base_url=${base_url%/}
dest=${3:-${HOME:?HOME är inte satt / HOME is not set}/.local/styrlint/$version}
dest=${dest%/}
[ -n "$dest" ] || die "DEST får inte vara / / DEST may not be /"

system="$(uname -s)-$(uname -m)"
case "$system" in
    Linux-x86_64 | Linux-amd64) ;;
    *) die "styrlint släpps bara för linux-x86_64, inte för $system; bygg från källkod (docs/ci.md) / releases are for linux-x86_64 only, not $system; build from source" ;;
esac

name="styrlint-$version-linux-x86_64"
tarball="$name.tar.gz"

# The shared libraries a binary lacks, separated by spaces (none for the static release).
missing_libraries() {
    ldd "$1" 2>/dev/null | awk '/not found/ { printf "%s%s", separator, $1; separator = " " }' || true
}

# Runs `styrlint --version` and checks it names $version. $2 names the binary in messages.
check_binary() {
    local binary=$1 label=$2 missing output
    missing=$(missing_libraries "$binary")
    if [ -n "$missing" ]; then
        die "$label startar inte, bibliotek saknas / does not start, missing libraries: $missing"
    fi
    if ! output=$("$binary" --version 2>&1); then
        die "$label --version misslyckades / failed: $output"
    fi
    names_version "$output" ||
        die "$label är fel version: \"$output\", väntade styrlint $version / is the wrong version"
}

# `styrlint --version` prints "styrlint 0.2.0 (abc1234)".
names_version() {
    case "$1" in
        "styrlint $version" | "styrlint $version "*) return 0 ;;
        *) return 1 ;;
    esac
}

# Already installed (a restored CI cache, a second run): nothing to download.
if [ -f "$dest/bin/styrlint" ] && [ -x "$dest/bin/styrlint" ] &&
    names_version "$("$dest/bin/styrlint" --version 2>/dev/null || true)"; then
    printf '%s\n' "$dest/bin"
    exit 0
fi

parent=$(dirname "$dest")
mkdir -p "$parent" || die "kan inte skapa / cannot create $parent"
work=$(mktemp -d "$parent/.styrlint-install.XXXXXX") || die "kan inte skapa en temporär mapp i / cannot create a temporary folder in $parent"
trap 'rm -rf "$work"' EXIT

fetch() {
    local url="$base_url/$1" target="$work/$1"
    case "$url" in
        file://*)
            # file:///abs/folder and file://localhost/abs/folder; file://dist is read as the relative folder dist.
            local path=${url#file://}
            path=${path#localhost}
            cp -- "$path" "$target" 2>/dev/null || die "kunde inte hämta / could not fetch $url (filen saknas eller kan inte läsas / missing or unreadable)"
            ;;
        *)
            curl -fsSL --retry 3 --retry-delay 2 --proto-redir '=https' -o "$target" -- "$url" ||
                die "kunde inte hämta / could not download $url"
            ;;
    esac
}

fetch "$tarball"
fetch "$tarball.sha256"

# The checksum file: exactly one line "<64 hex>  NAME" (as sha256sum writes it) for
# this tarball. Anything else is refused rather than half-checked.
lines=$(grep -c '' "$work/$tarball.sha256" || true)
read -r line < "$work/$tarball.sha256" || true
expected=${line%% *}
if [ "$lines" != 1 ] || ! [[ $expected =~ ^[0-9a-fA-F]{64}$ ]] ||
    { [ "${line#* }" != " $tarball" ] && [ "${line#* }" != "*$tarball" ]; }; then
    die "$base_url/$tarball.sha256 är ingen kontrollsumma för $tarball (väntade en rad \"<sha256>  $tarball\") / is not a checksum line for $tarball"
fi
if ! (cd "$work" && sha256sum --check --strict --status "$tarball.sha256"); then
    actual=$(sha256sum "$work/$tarball")
    die "kontrollsumman stämmer inte för $tarball: väntade $expected, fick ${actual%% *}; installerar inte / checksum mismatch, not installing"
fi

# One top folder, nothing outside it.
if tar -tzf "$work/$tarball" > "$work/members" 2>/dev/null; then :; else
    die "$tarball kan inte packas upp / cannot be unpacked"
fi
if grep -qvE "^(\./)?$name(/|$)" "$work/members" || grep -qE '(^|/)\.\.(/|$)' "$work/members"; then
    die "$tarball innehåller filer utanför $name/ / holds files outside $name/"
fi
mkdir "$work/unpack"
tar -xzf "$work/$tarball" -C "$work/unpack" --no-same-owner || die "$tarball kan inte packas upp / cannot be unpacked"
unpacked="$work/unpack/$name"
if ! [ -f "$unpacked/bin/styrlint" ] || ! [ -x "$unpacked/bin/styrlint" ]; then
    die "$tarball saknar en körbar $name/bin/styrlint / lacks an executable bin/styrlint"
fi
check_binary "$unpacked/bin/styrlint" "$name/bin/styrlint i / in $tarball"

# Into place by rename, so DEST is either the old state or the whole release. Only an
# earlier styrlint installation is replaced: DEST=/usr/local must never be wiped.
if [ -e "$dest" ]; then
    if [ -d "$dest" ] && [ -z "$(ls -A "$dest")" ]; then
        rmdir "$dest"
    elif [ -x "$dest/bin/styrlint" ] && [ -f "$dest/share/man/man1/styrlint.1" ] && [ "$(ls -A "$dest" | sort | tr '\n' ' ')" = "LICENSE README.md bin share " ]; then
        rm -rf "$dest"
    else
        die "$dest finns redan och är ingen styrlint-installation; ange en tom eller ny mapp / exists and is not a styrlint installation; name an empty or new folder"
    fi
fi
mv "$unpacked" "$dest" || die "kan inte flytta installationen till / cannot move the installation to $dest"
printf 'styrlint-installation: styrlint %s installerad i / installed in %s\n' "$version" "$dest" >&2
printf '%s\n' "$dest/bin"
