#!/usr/bin/env bash
# The shell logic of the styrlint GitHub Action (action.yml), runnable outside GitHub:
#
#   ci/action.sh           install, check, then exit with styrlint's exit code
#   ci/action.sh install   install the release (ci/install.sh), add its bin folder to GITHUB_PATH
#   ci/action.sh check     run styrlint check and record its exit code; findings never fail this step
#   ci/action.sh finish    exit with the code `check` recorded (STYRLINT_EXIT_CODE)
#
# Inputs, as action.yml passes them (defaults in brackets):
#   INPUT_VERSION            pinned release, e.g. 0.2.0 (required)
#   INPUT_PATHS              paths to check, separated by spaces or newlines [.]
#   INPUT_FORMATS            among text json sarif junit github gitlab markdown [github];
#                            each is written to styrlint.FORMAT in the working directory
#   INPUT_FAIL_ON            fel, varning or info [fel]
#   INPUT_PER                check date YYYY-MM-DD [today]
#   INPUT_CONFIG             configuration file instead of each repository's styrlint.yml
#   INPUT_WORKING_DIRECTORY  where styrlint runs and the reports go [.]
#   INPUT_UPLOAD_SARIF       true: write styrlint.sarif even when not in INPUT_FORMATS [false]
#   INPUT_JOB_SUMMARY        true: append the Markdown report to GITHUB_STEP_SUMMARY [true]
#   INPUT_BASE_URL           folder of the release assets, "{version}" replaced [GitHub releases]
# Other environment, all optional outside GitHub: STYRLINT_INSTALL_DIR (where the release
# goes), STYRLINT_BIN_DIR (check: the bin folder `install` reported), GITHUB_PATH,
# GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, GITHUB_WORKSPACE (the checkout report paths are
# made relative to; default: the git work tree around the working directory).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
all_formats="text json sarif junit github gitlab markdown"
summary_limit=1000000   # GitHub refuses a step summary over 1 MiB

# Workflow-command data: %, CR and LF escaped.
escape_data() {
    local text=${1//'%'/%25}
    text=${text//$'\r'/%0D}
    printf '%s' "${text//$'\n'/%0A}"
}

fail() {
    printf 'styrlint-action: %s\n' "$1" >&2
    if [ "${GITHUB_ACTIONS:-}" = true ]; then
        printf '::error title=styrlint::%s\n' "$(escape_data "$1")"
    fi
    exit 2
}

# name=value into GITHUB_OUTPUT (when set).
set_output() {
    case "$2" in *$'\n'* | *$'\r'*) fail "utdata $1 innehåller en radbrytning / output $1 holds a line break" ;; esac
    if [ -n "${GITHUB_OUTPUT:-}" ]; then
        printf '%s=%s\n' "$1" "$2" >> "$GITHUB_OUTPUT"
    fi
}

# Sets the variable named $1 to true or false from input $2's value $3, whatever its case.
boolean() {
    case "${3,,}" in
        true | false) printf -v "$1" '%s' "${3,,}" ;;
        *) fail "$2 ska vara true eller false, inte \"$3\" / $2 must be true or false" ;;
    esac
}

install() {
    [ -n "${INPUT_VERSION:-}" ] || fail "indata version saknas: ange en fast version, t.ex. version: 0.2.0 / input version is required"
    local bin
    if ! bin=$(bash "$here/install.sh" "$INPUT_VERSION" "${INPUT_BASE_URL:-}" "${STYRLINT_INSTALL_DIR:-}"); then
        fail "styrlint $INPUT_VERSION kunde inte installeras (se meddelandet ovan) / could not be installed (see the message above)"
    fi
    if [ -n "${GITHUB_PATH:-}" ]; then
        printf '%s\n' "$bin" >> "$GITHUB_PATH"
    fi
    set_output bin-dir "$bin"
    export PATH="$bin:$PATH"
    STYRLINT_BIN_DIR=$bin
}

# Splits $2 on spaces, tabs and newlines into the array named $1 (no glob expansion).
words() {
    IFS=$' \t\n' read -r -d '' -a "$1" <<< "$2" || true
}

# Percent-encodes a path as styrlint writes SARIF URIs (each segment, å and spaces encoded).
uri_encode() {
    local LC_ALL=C text=$1 out="" char i
    for ((i = 0; i < ${#text}; i++)); do
        char=${text:i:1}
        case "$char" in
            [A-Za-z0-9/._~!\$\&\'\(\)*+,\;=:-]) out+=$char ;;
            *) out+=$(printf '%%%02X' "'$char") ;;
        esac
    done
    printf '%s' "$out"
}

# Inserts $4 right after the first "$3" on the lines of file $1 that match the ERE $2.
insert_after() {
    local file=$1
    KEY=$3 TEXT=$4 awk -v pattern="$2" '
        $0 ~ pattern {
            at = index($0, ENVIRON["KEY"])
            if (at > 0) {
                rest = substr($0, at + length(ENVIRON["KEY"]))
                if (rest !~ /^([A-Za-z][A-Za-z0-9+.-]*:|\/)/)   # leave absolute paths and URIs alone
                    $0 = substr($0, 1, at + length(ENVIRON["KEY"]) - 1) ENVIRON["TEXT"] rest
            }
        }
        { print }' "$file" > "$file.prefixed"
    cat "$file.prefixed" > "$file"
    rm -f "$file.prefixed"
}

# The working directory relative to the checkout, with a trailing slash ("" at the
# checkout root). styrlint writes paths relative to the folder it runs in; GitHub reads
# them relative to the checkout.
checkout_prefix() {
    local workspace base
    workspace=${GITHUB_WORKSPACE:-${CI_PROJECT_DIR:-}}
    [ -n "$workspace" ] || workspace=$(git rev-parse --show-toplevel 2>/dev/null || true)
    [ -n "$workspace" ] && [ -d "$workspace" ] || return 0
    workspace=$(cd "$workspace" && pwd -P)
    base=$(pwd -P)
    case "$base/" in
        "$workspace/") ;;
        "$workspace/"*) printf '%s/' "${base#"$workspace"/}" ;;
        *) printf 'styrlint-action: %s\n' "varning: $base ligger utanför $workspace; sökvägarna lämnas som de är / warning: outside the checkout, paths left unchanged" >&2 ;;
    esac
}

check() {
    local bin=${STYRLINT_BIN_DIR:-}
    if [ -z "$bin" ]; then
        bin=$(command -v styrlint 2>/dev/null) || fail "styrlint finns inte på PATH; kör först: ci/action.sh install / styrlint is not on PATH"
        bin=$(dirname "$bin")
    fi
    local styrlint="$bin/styrlint"
    [ -x "$styrlint" ] || fail "$styrlint saknas / is missing"

    local directory=${INPUT_WORKING_DIRECTORY:-.}
    cd -- "$directory" 2>/dev/null || fail "arbetsmappen $directory finns inte / the working directory does not exist"

    local upload_sarif job_summary
    boolean upload_sarif upload-sarif "${INPUT_UPLOAD_SARIF:-false}"
    boolean job_summary job-summary "${INPUT_JOB_SUMMARY:-true}"

    local requested=() formats=() paths=() format
    words requested "${INPUT_FORMATS-github}"
    [ "$upload_sarif" = false ] || requested+=(sarif)
    for format in "${requested[@]}"; do
        case " $all_formats " in
            *" $format "*) ;;
            *) fail "okänt format \"$format\"; välj bland: $all_formats / unknown format" ;;
        esac
        case " ${formats[*]} " in
            *" $format "*) ;;
            *) formats+=("$format") ;;
        esac
    done
    words paths "${INPUT_PATHS-.}"

    local work
    work=$(mktemp -d)
    # shellcheck disable=SC2064   # expand now: $work is local
    trap "rm -rf '$work'" EXIT

    local arguments=(check) has=" ${formats[*]} "
    [ ${#paths[@]} -eq 0 ] || arguments+=("${paths[@]}")
    arguments+=(--fail-on "${INPUT_FAIL_ON:-fel}")
    [ -z "${INPUT_PER:-}" ] || arguments+=(--per "$INPUT_PER")
    [ -z "${INPUT_CONFIG:-}" ] || arguments+=(--config "$INPUT_CONFIG")
    for format in "${formats[@]}"; do
        arguments+=(--format "$format" --output "styrlint.$format")
    done
    # The run also writes, for the action itself: text for the log and Markdown for the
    # job summary (unless requested anyway).
    local text=styrlint.text markdown=styrlint.markdown
    case "$has" in *" text "*) ;; *) text="$work/styrlint.text" && arguments+=(--format text --output "$text") ;; esac
    if [ "$job_summary" = true ]; then
        case "$has" in *" markdown "*) ;; *) markdown="$work/styrlint.markdown" && arguments+=(--format markdown --output "$markdown") ;; esac
    fi

    printf 'styrlint-action: %s\n' "$(printf '%q ' styrlint "${arguments[@]}")" >&2
    status=0
    "$styrlint" "${arguments[@]}" 2> "$work/stderr" || status=$?
    cat "$work/stderr" >&2

    local sarif_file="" category=styrlint
    if [ "$status" -le 1 ]; then
        local prefix
        prefix=$(checkout_prefix)
        if [ -n "$prefix" ]; then
            printf 'styrlint-action: %s\n' "sökvägarna i github-, sarif- och gitlab-rapporterna får prefixet $prefix / report paths prefixed with $prefix" >&2
            category="styrlint/${prefix%/}"
            case "$has" in *" github "*)
                local property=${prefix//'%'/%25}
                property=${property//:/%3A}
                insert_after styrlint.github '^::(error|warning|notice) ' 'file=' "${property//,/%2C}" ;;
            esac
            case "$has" in *" sarif "*) insert_after styrlint.sarif '^ *"uri" : "' '"uri" : "' "$(uri_encode "$prefix")" ;; esac
            case "$has" in *" gitlab "*)
                local quoted=${prefix//\\/\\\\}
                insert_after styrlint.gitlab '^ *"path" : "' '"path" : "' "${quoted//\"/\\\"}" ;;
            esac
        fi
        [ "${GITHUB_ACTIONS:-}" != true ] || echo "::group::styrlint (text)"
        cat "$text"
        [ "${GITHUB_ACTIONS:-}" != true ] || echo "::endgroup::"
        # Workflow commands on standard output become annotations on the changed files.
        case "$has" in *" github "*) cat styrlint.github ;; esac
        case "$has" in *" sarif "*) sarif_file="$PWD/styrlint.sarif" ;; esac
        if [ "$job_summary" = true ] && [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
            if [ "$(wc -c < "$markdown")" -le "$summary_limit" ]; then
                cat "$markdown" >> "$GITHUB_STEP_SUMMARY"
            else
                {
                    head -c "$summary_limit" "$markdown" | sed '$d'
                    printf '\n*Sammanfattningen är avkortad; hela rapporten finns i loggen. / Summary truncated; the log has the whole report.*\n'
                } >> "$GITHUB_STEP_SUMMARY"
            fi
        fi
        local written=()
        for format in "${formats[@]}"; do written+=("styrlint.$format"); done
        [ ${#written[@]} -eq 0 ] || printf 'styrlint-action: rapporter / reports: %s (i / in %s)\n' "${written[*]}" "$PWD" >&2
    else
        local message
        message=$(head -n 1 "$work/stderr")
        if [ "${GITHUB_ACTIONS:-}" = true ]; then
            printf '::error title=styrlint::%s\n' "$(escape_data "styrlint avslutades med kod $status / exited with code $status: ${message}")"
        fi
        if [ "$job_summary" = true ] && [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
            local fence='```'
            printf '## styrlint\n\nstyrlint avslutades med kod %s (användnings-, konfigurations- eller I/O-fel):\n\n%s\n%s\n%s\n' \
                "$status" "$fence" "$message" "$fence" >> "$GITHUB_STEP_SUMMARY"
        fi
    fi
    set_output exit-code "$status"
    set_output sarif-file "$sarif_file"
    set_output sarif-category "$category"
}

finish() {
    local code=${STYRLINT_EXIT_CODE:-}
    case "$code" in
        0) echo "styrlint: inga fynd på eller över nivån ${INPUT_FAIL_ON:-fel} / no findings at or above it" ;;
        1) echo "styrlint: fynd på eller över nivån ${INPUT_FAIL_ON:-fel} (kod 1) / findings at or above it (exit code 1)" >&2 ;;
        '' | *[!0-9]*) fail "ingen slutkod från styrlint check / no exit code from styrlint check" ;;
        *) echo "styrlint: avslutades med kod $code / exited with code $code" >&2 ;;
    esac
    exit "$code"
}

case "${1:-all}" in
    install) install ;;
    check) check ;;
    finish) finish ;;
    all)
        install
        check
        STYRLINT_EXIT_CODE=$status finish
        ;;
    *) fail "användning / usage: ci/action.sh [install|check|finish]" ;;
esac
