#!/usr/bin/env bash
# Tests `styrlint lsp` in Neovim (0.7.2 from Debian bookworm or later): a headless
# Neovim with no plugins and no user config runs Tests/editors/neovim-lsp.lua on a copy
# of the example repository (plans/, reports/, styrlint.yml) and writes what the server
# answered to a JSON file; this script then checks it.
#
#   scripts/test-neovim.sh [STYRLINT_BINARY]
#
# Without an argument it uses the debug build, $(swift build --show-bin-path)/styrlint.
# Needs nvim and python3 on the PATH (Debian: apt-get install neovim). Prints one line
# per check, then "N passed, M failed"; exits 1 when a check failed, 2 when it cannot
# run. Everything has a timeout: the whole script ends within about 50 s even when the
# server hangs or does not answer.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
if [ "$#" -gt 1 ]; then
    echo "användning / usage: scripts/test-neovim.sh [STYRLINT_BINARY]" >&2
    exit 2
fi
if [ "$#" -eq 1 ]; then
    binary=$1
else
    bin_path=$(cd "$root" && swift build --show-bin-path) || { echo "swift build --show-bin-path failed: pass the styrlint binary as argument" >&2; exit 2; }
    binary="$bin_path/styrlint"
fi
case "$binary" in /*) ;; *) binary="$PWD/$binary" ;; esac
[ -x "$binary" ] || { echo "$binary: no executable styrlint binary" >&2; exit 2; }
command -v nvim > /dev/null || { echo "nvim is not installed (Debian: apt-get install neovim)" >&2; exit 2; }
command -v python3 > /dev/null || { echo "python3 is not installed" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
repo="$work/repo"
mkdir -p "$repo"
cp -R "$root/plans" "$root/reports" "$root/styrlint.yml" "$repo/"

echo "$(nvim --version | head -n 1), $(timeout 5 "$binary" --version < /dev/null 2>&1 || echo "$binary --version failed")"

# Neovim's own files (the LSP log, shada) go to the temporary folder, not to $HOME. The
# script quits Neovim itself; "cquit 3" only runs when it stopped with an error first.
status=0
STYRLINT_NVIM_BIN="$binary" STYRLINT_NVIM_REPO="$repo" STYRLINT_NVIM_RESULT="$work/result.json" \
STYRLINT_NVIM_TIMEOUT_MS=8000 \
XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data" XDG_STATE_HOME="$work/state" \
XDG_CACHE_HOME="$work/cache" \
    timeout --kill-after=5 45 \
    nvim --headless --clean -u NONE -i NONE -n -c "luafile $root/Tests/editors/neovim-lsp.lua" -c "cquit 3" \
    < /dev/null > "$work/nvim.log" 2>&1 || status=$?

if [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then
    echo "FAIL  Neovim did not finish within 45 s (killed); its output:"
    sed 's/^/      /' "$work/nvim.log"
    exit 1
fi
if [ ! -s "$work/result.json" ]; then
    echo "FAIL  Neovim exited with $status and wrote no result; its output:"
    sed 's/^/      /' "$work/nvim.log"
    exit 1
fi

python3 - "$work/result.json" "$work/nvim.log" <<'PYTHON'
import json, sys

result = json.load(open(sys.argv[1], encoding="utf-8"))
passed = failed = 0

def check(description, condition, detail=""):
    global passed, failed
    if condition:
        print(f"ok    {description}")
        passed += 1
    else:
        print(f"FAIL  {description}")
        if detail:
            print(f"      got: {detail}")
        failed += 1

if "server" not in result:
    print("FAIL  the server did not start: " + "; ".join(result.get("errors", [])))
    sys.exit(1)
server = result["server"]
print(f"      Neovim {result.get('neovim')}, position encoding {server.get('positionEncoding')}")
check("every request answered, no error in the Lua script", not result.get("errors"),
      "".join("\n        " + error for error in result.get("errors", [])))

diagnostics = result.get("diagnostics") or {}
check("diagnostics for plans/kfn-2025.yaml (count > 0)", diagnostics.get("count", 0) > 0, diagnostics)
check("RT003 among them (KFN3 points at KF9, which does not exist)", "RT003" in diagnostics.get("codes", []),
      diagnostics.get("codes"))
rt003 = diagnostics.get("rt003") or {}
check("RT003 on line 60, at KF9, source styrlint, with a link to the rule",
      rt003.get("line") == 59 and rt003.get("col") == 18 and rt003.get("source") == "styrlint"
      and str(rt003.get("href", "")).endswith("docs/rules.md#rt003"), rt003)
check("diagnostics published for the other files of the repository too", diagnostics.get("files", 0) > 1,
      diagnostics.get("files"))

definition = result.get("definition") or []
check("definition of KF2 is plans/kf-2025.yaml, line 80 (79 0-based)",
      len(definition) == 1 and definition[0]["uri"].endswith("/plans/kf-2025.yaml") and definition[0]["line"] == 79,
      definition)

references = result.get("references") or []
reference_lines = sorted((r["uri"].rsplit("/", 2)[-1], r["line"]) for r in references)
check("references of KF2: its definition and both bidrar_till in kfn-2025.yaml",
      {("kf-2025.yaml", 79), ("kfn-2025.yaml", 23), ("kfn-2025.yaml", 42)} <= set(reference_lines), reference_lines)

hover = result.get("hover") or ""
check("hover on KF2 names KF2, its plan and file", "KF2" in hover and "kf-vp-2025" in hover and "kf-2025.yaml" in hover,
      repr(hover[:300]))

completion = result.get("completion") or []
check("completion after `bidrar_till: [` offers KF1 and KF2", "KF1" in completion and "KF2" in completion, completion)

symbols = result.get("document_symbols") or []
check("document symbols contain KFN1 and its indicator KFN1.1", "KFN1" in symbols and "KFN1.1" in symbols, symbols)

workspace = result.get("workspace_symbols") or []
check("workspace symbol query KFN1 finds KFN1", any(name.split(" ")[0] == "KFN1" for name in workspace), workspace)

action = result.get("code_action") or {}
expected = ["    # styrlint: ignorera RT003 -- följs upp i mars", "    bidrar_till: [KF9]"]
check("code action \"Undanta RT003 här med en motivering\" offered for the RT003 diagnostic",
      action.get("applied") == "Undanta RT003 här med en motivering", action.get("titles"))
check("applying it changed the buffer", action.get("buffer_changed") is True, action.get("buffer_changed"))
check("the buffer has the ignore comment above `bidrar_till: [KF9]`", action.get("lines") == expected, action.get("lines"))
pending = action.get("codes_without_reason")
check("before a reason is written, RT003 stays and the missing reason is reported (DOK008)",
      pending is not None and "RT003" in pending and "DOK008" in pending, pending)
after = action.get("codes_after")
check("with the reason written, the server publishes again without RT003 and DOK008",
      after is not None and "RT003" not in after and "DOK008" not in after, after)

exit_status = result.get("exit") or {}
check("the server exits with 0 after shutdown and exit", exit_status.get("code") == 0 and exit_status.get("signal") == 0,
      exit_status)

mv006 = result.get("mv006") or {}
check("MV006 offers \"Lägg till könsuppdelad: true\" on BUN3.1", mv006.get("applied") == "Lägg till könsuppdelad: true", mv006.get("titles"))
check("MV006 action adds `könsuppdelad: true` to BUN3.1",
      "        könsuppdelad: true" in (mv006.get("indicator") or []), mv006.get("indicator"))

if failed:
    log = open(sys.argv[2], encoding="utf-8", errors="replace").read().splitlines()
    if log:
        print("      Neovim's output (the end):")
        for line in log[-20:]:
            print("      " + line)
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
PYTHON
