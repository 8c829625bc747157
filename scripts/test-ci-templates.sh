#!/usr/bin/env bash
# Tests the CI integration against a release tarball, on copies of the example
# repository: ci/install.sh, the GitHub Action's ci/action.sh (with action.yml), the
# script of the GitLab template ci/styrlint.gitlab-ci.yml, and the styrlint-system
# pre-commit hook. Nothing is fetched from the network: every download is file://.
#
#   scripts/test-ci-templates.sh TARBALL_DIR VERSION
#
# TARBALL_DIR holds styrlint-VERSION-linux-x86_64.tar.gz and its .sha256. Prints one
# line per check, then "N passed, M failed"; exits 1 when a check failed.
set -euo pipefail

if [ "$#" -ne 2 ]; then
    echo "användning / usage: scripts/test-ci-templates.sh TARBALL_DIR VERSION" >&2
    exit 2
fi
root=$(cd "$(dirname "$0")/.." && pwd)
dist=$(cd "$1" && pwd) || { echo "$1: ingen mapp / not a folder" >&2; exit 2; }
version=${2#v}
name="styrlint-$version-linux-x86_64"
for file in "$name.tar.gz" "$name.tar.gz.sha256"; do
    [ -f "$dist/$file" ] || { echo "$dist/$file saknas / is missing" >&2; exit 2; }
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export HOME="$work/home"
mkdir -p "$HOME"
# Nothing from a surrounding CI may leak into the scripts under test.
unset GITHUB_ACTIONS GITHUB_WORKSPACE GITHUB_OUTPUT GITHUB_PATH GITHUB_STEP_SUMMARY CI_PROJECT_DIR
for variable in $(compgen -e); do
    case "$variable" in INPUT_* | STYRLINT_*) unset "$variable" ;; esac
done

passed=0
failed=0
# run_check DESCRIPTION FUNCTION: one line per check; a failure shows the end of its log.
run_check() {
    local log="$work/log.$((passed + failed))"
    if "$2" > "$log" 2>&1; then
        printf 'ok    %s\n' "$1"
        passed=$((passed + 1))
    else
        printf 'FAIL  %s\n' "$1"
        tail -n 15 "$log" | sed 's/^/      /'
        failed=$((failed + 1))
    fi
}

# A copy of the example repository (plans/, reports/, styrlint.yml) in $1.
plan_repository() {
    mkdir -p "$1"
    cp -R "$root/plans" "$root/reports" "$root/styrlint.yml" "$1/"
}

expect_status() {   # expect_status EXPECTED ACTUAL WHAT
    if [ "$2" -ne "$1" ]; then
        echo "$3: exit code $2, expected $1"
        return 1
    fi
}

# --- (a) ci/install.sh from file://

t_install() {
    local bin status=0
    bin=$(bash "$root/ci/install.sh" "$version" "file://$dist" "$work/install") || status=$?
    expect_status 0 "$status" "install.sh" || return 1
    [ "$bin" = "$work/install/bin" ] || { echo "printed \"$bin\", expected $work/install/bin"; return 1; }
    local output
    output=$("$bin/styrlint" --version) || { echo "styrlint --version failed"; return 1; }
    echo "$output"
    case "$output" in
        "styrlint $version" | "styrlint $version "*) ;;
        *) echo "expected \"styrlint $version (…)\""; return 1 ;;
    esac
}

t_layout() {
    local path
    for path in bin/styrlint share/man/man1/styrlint.1 share/bash-completion/completions/styrlint \
        share/zsh/site-functions/_styrlint share/fish/vendor_completions.d/styrlint.fish README.md LICENSE; do
        [ -f "$work/install/$path" ] || { echo "$path is missing from the release"; return 1; }
    done
}

t_install_again() {
    # Already installed (as after a cache restore): the unreachable URL is never used.
    local bin status=0
    bin=$(bash "$root/ci/install.sh" "$version" "file://$work/nowhere" "$work/install") || status=$?
    expect_status 0 "$status" "install.sh" && [ "$bin" = "$work/install/bin" ]
}

# --- (b) refused downloads

# $work/corrupt: the release with the first hex digit of its recorded checksum changed.
corrupt_copy() {
    if [ ! -d "$work/corrupt" ]; then
        cp -R "$dist" "$work/corrupt"
        sed -i 's/^0/x/; s/^[1-9a-f]/0/; s/^x/1/' "$work/corrupt/$name.tar.gz.sha256"
    fi
}

t_checksum_mismatch() {
    local status=0
    corrupt_copy
    cat "$work/corrupt/$name.tar.gz.sha256"
    bash "$root/ci/install.sh" "$version" "file://$work/corrupt" "$work/install-corrupt" 2> "$work/corrupt.err" || status=$?
    cat "$work/corrupt.err"
    expect_status 2 "$status" "install.sh with a wrong checksum" || return 1
    grep -q "kontrollsumman stämmer inte" "$work/corrupt.err" || { echo "no checksum message"; return 1; }
    [ ! -e "$work/install-corrupt" ] || { echo "installed despite the mismatch"; return 1; }
}

t_download_failure() {
    local status=0
    mkdir -p "$work/empty"
    bash "$root/ci/install.sh" "$version" "file://$work/empty" "$work/install-empty" || status=$?
    expect_status 2 "$status" "install.sh without a tarball"
}

# --- (c) ci/action.sh as the GitHub Action runs it

# action REPOSITORY [VAR=VALUE...]: runs ci/action.sh in REPOSITORY with the test's inputs.
action() {
    local repository=$1
    shift
    : > "$work/summary.md"
    : > "$work/github-path"
    : > "$work/github-output"
    (cd "$repository" && env INPUT_VERSION="$version" INPUT_PATHS=. INPUT_FORMATS="sarif github markdown" \
        INPUT_FAIL_ON=fel INPUT_PER=2026-02-15 INPUT_CONFIG= INPUT_WORKING_DIRECTORY=. \
        INPUT_UPLOAD_SARIF=false INPUT_JOB_SUMMARY=true INPUT_BASE_URL="file://$dist" \
        GITHUB_STEP_SUMMARY="$work/summary.md" GITHUB_PATH="$work/github-path" \
        GITHUB_OUTPUT="$work/github-output" STYRLINT_INSTALL_DIR="$work/action-tools/$version" \
        "$@" bash "$root/ci/action.sh") > "$work/action.out" 2> "$work/action.err"
}

t_action() {
    local status=0
    plan_repository "$work/action"
    action "$work/action" || status=$?
    tail -n 5 "$work/action.err"
    expect_status 1 "$status" "ci/action.sh on the example repository" || return 1
    python3 -c 'import json, sys; sarif = json.load(open(sys.argv[1])); assert sarif["version"] == "2.1.0", sarif["version"]' \
        "$work/action/styrlint.sarif" || { echo "styrlint.sarif is missing or not SARIF JSON"; return 1; }
    grep -qF "## styrlint" "$work/summary.md" || { echo "the job summary lacks \"## styrlint\""; return 1; }
    grep -qxF "$work/action-tools/$version/bin" "$work/github-path" || { echo "GITHUB_PATH lacks the bin folder"; return 1; }
    grep -qx "exit-code=1" "$work/github-output" || { echo "GITHUB_OUTPUT lacks exit-code=1"; return 1; }
    grep -q "^::error file=" "$work/action.out" || { echo "no ::error annotations on standard output"; return 1; }
}

t_action_subfolder() {
    # A plan repository in kommun/ of a git checkout: the annotations and SARIF name
    # kommun/plans/…, as GitHub reads paths from the checkout root.
    local status=0
    plan_repository "$work/checkout/kommun"
    action "$work/checkout" INPUT_PATHS=kommun INPUT_FORMATS="sarif github" GITHUB_WORKSPACE="$work/checkout" || status=$?
    expect_status 1 "$status" "ci/action.sh with paths: kommun" || return 1
    python3 - "$work/checkout/styrlint.sarif" <<'PY' || return 1
import json, sys
uris = [location["physicalLocation"]["artifactLocation"]["uri"]
        for result in json.load(open(sys.argv[1]))["runs"][0]["results"] for location in result["locations"]]
assert uris and all(uri.startswith("kommun/") for uri in uris), uris[:5]
PY
    if grep "^::" "$work/action.out" | grep -qv "^::[a-z]* file=kommun/"; then
        echo "an annotation without the kommun/ prefix:"
        grep "^::" "$work/action.out" | grep -v "^::[a-z]* file=kommun/" | head -n 3
        return 1
    fi
    # Run in the sub-folder instead (working-directory: kommun): the same paths.
    rm -f "$work/checkout/kommun/styrlint.github"
    status=0
    action "$work/checkout" INPUT_WORKING_DIRECTORY=kommun INPUT_FORMATS=github GITHUB_WORKSPACE="$work/checkout" || status=$?
    expect_status 1 "$status" "ci/action.sh with working-directory: kommun" || return 1
    grep -q "^::error file=kommun/plans/" "$work/checkout/kommun/styrlint.github" || { echo "working-directory: no kommun/ prefix"; return 1; }
}

t_action_bad_format() {
    local status=0
    plan_repository "$work/action-pdf"
    action "$work/action-pdf" INPUT_FORMATS="sarif pdf" || status=$?
    cat "$work/action.err"
    expect_status 2 "$status" "ci/action.sh with format pdf" && grep -q "okänt format" "$work/action.err"
}

t_action_yml() {
    # Every input reaches ci/action.sh as INPUT_*, and every step that runs it uses bash.
    python3 - "$root/action.yml" <<'PY'
import sys, yaml
action = yaml.safe_load(open(sys.argv[1]))
assert action["runs"]["using"] == "composite"
steps = action["runs"]["steps"]
check = next(step for step in steps if step.get("id") == "check")
passed = set(check["env"])
for name in action["inputs"]:
    variable = "INPUT_" + name.upper().replace("-", "_")
    if name not in ("version", "base-url"):
        assert variable in passed, f"{variable} is not passed to the check step"
        assert check["env"][variable] == "${{ inputs.%s }}" % name, check["env"][variable]
install = next(step for step in steps if step.get("id") == "install")
assert {"INPUT_VERSION", "INPUT_BASE_URL"} <= set(install["env"])
assert action["inputs"]["version"].get("required") is True
for step in steps:
    if "run" in step:
        assert step["shell"] == "bash" and "ci/action.sh" in step["run"], step
        assert "${{" not in step["run"], "inputs must reach run: through env, not the script text"
uses = [step["uses"] for step in steps if "uses" in step]
assert "github/codeql-action/upload-sarif@v3" in uses, uses
PY
}

# --- (d) the GitLab template's script

# gitlab REPOSITORY [VAR=VALUE...]: runs the `.styrlint` job's script lines in one
# bash, as a GitLab runner does (set -eo pipefail, CI_PROJECT_DIR the repository).
gitlab() {
    local repository=$1
    shift
    python3 - "$root/ci/styrlint.gitlab-ci.yml" > "$work/gitlab-script.sh" <<'PY'
import sys, yaml
template = yaml.safe_load(open(sys.argv[1]))
print("set -eo pipefail")
for line in template[".styrlint"]["script"]:
    print(line)
PY
    (cd "$repository" && env STYRLINT_VERSION="$version" STYRLINT_PATHS=. STYRLINT_FAIL_ON=fel \
        STYRLINT_PER=2026-02-15 STYRLINT_BASE_URL="file://$dist" CI_PROJECT_DIR="$repository" \
        "$@" bash "$work/gitlab-script.sh") > "$work/gitlab.out" 2> "$work/gitlab.err"
}

t_gitlab_template() {
    python3 - "$root/ci/styrlint.gitlab-ci.yml" <<'PY'
import sys, yaml
template = yaml.safe_load(open(sys.argv[1]))
job, hidden = template["styrlint"], template[".styrlint"]
assert job["extends"] == ".styrlint", job
for variable in ("STYRLINT_VERSION", "STYRLINT_PATHS", "STYRLINT_FAIL_ON", "STYRLINT_PER", "STYRLINT_BASE_URL"):
    assert variable in hidden["variables"], variable
artifacts = hidden["artifacts"]
assert artifacts["when"] == "always", artifacts
assert artifacts["reports"] == {"codequality": "gl-code-quality.json", "junit": "styrlint-junit.xml"}, artifacts
PY
}

t_gitlab() {
    local status=0
    plan_repository "$work/gitlab"
    gitlab "$work/gitlab" || status=$?
    tail -n 3 "$work/gitlab.out"
    cat "$work/gitlab.err"
    expect_status 1 "$status" "the GitLab script on the example repository" || return 1
    python3 - "$work/gitlab/gl-code-quality.json" "$work/gitlab/styrlint-junit.xml" <<'PY'
import json, sys, xml.etree.ElementTree as ElementTree
issues = json.load(open(sys.argv[1]))
assert isinstance(issues, list) and issues, "gl-code-quality.json: no issues"
assert all(not issue["location"]["path"].startswith("/") for issue in issues)
assert ElementTree.parse(sys.argv[2]).getroot().tag == "testsuites", "styrlint-junit.xml is not JUnit"
PY
}

t_gitlab_subfolder() {
    local status=0
    plan_repository "$work/gitlab-project/kommun"
    gitlab "$work/gitlab-project" STYRLINT_PATHS=kommun || status=$?
    cat "$work/gitlab.err"
    expect_status 1 "$status" "the GitLab script with STYRLINT_PATHS=kommun" || return 1
    python3 -c '
import json, sys
paths = [issue["location"]["path"] for issue in json.load(open(sys.argv[1]))]
assert paths and all(path.startswith("kommun/") for path in paths), paths[:5]' "$work/gitlab-project/gl-code-quality.json"
}

t_gitlab_mismatch() {
    local status=0
    corrupt_copy
    plan_repository "$work/gitlab-corrupt"
    gitlab "$work/gitlab-corrupt" STYRLINT_BASE_URL="file://$work/corrupt" || status=$?
    cat "$work/gitlab.err"
    expect_status 2 "$status" "the GitLab script with a wrong checksum" || return 1
    grep -q "kontrollsumman stämmer inte" "$work/gitlab.err" || { echo "no checksum message"; return 1; }
    [ ! -e "$work/gitlab-corrupt/.styrlint/$version" ] || { echo "installed despite the mismatch"; return 1; }
}

# --- (e) the styrlint-system pre-commit hook, with the installed binary on PATH

t_pre_commit() {
    local repository="$work/pre-commit"
    plan_repository "$repository"
    mkdir -p "$repository/annat"
    printf 'not: a plan\n' > "$repository/annat/other.yaml"
    (
        cd "$repository"
        git init -q
        git add -A
        git -c user.email=ci@example.invalid -c user.name=ci commit -qm fixture
        export PATH="$work/install/bin:$PATH" PRE_COMMIT_HOME="$work/pre-commit-home"
        # A file outside sökvägar only: skipped, the hook passes.
        pre-commit try-repo "$root" styrlint-system --files annat/other.yaml || { echo "the hook failed on annat/other.yaml"; exit 1; }
        # The example repository: the hook fails on its documented errors.
        if pre-commit try-repo "$root" styrlint-system --all-files > "$work/pre-commit.out" 2>&1; then
            cat "$work/pre-commit.out"
            echo "the hook passed on the example repository"
            exit 1
        fi
        grep -q "fel\[" "$work/pre-commit.out" || { cat "$work/pre-commit.out"; echo "no fel[…] finding in the hook's output"; exit 1; }
    )
}

run_check "(a) ci/install.sh installs $name from file:// and styrlint --version names $version" t_install
run_check "(a) the release holds bin/styrlint, the man page, bash/zsh/fish completions, README.md and LICENSE" t_layout
run_check "(a) ci/install.sh again: already installed, nothing fetched" t_install_again
run_check "(b) ci/install.sh refuses a tarball whose .sha256 does not match (exit 2)" t_checksum_mismatch
run_check "(b) ci/install.sh exits 2 when the tarball cannot be fetched" t_download_failure
run_check "(c) action.yml passes every input to ci/action.sh through env" t_action_yml
run_check "(c) ci/action.sh: exit 1, styrlint.sarif is SARIF JSON, the job summary has \"## styrlint\", annotations printed" t_action
run_check "(c) ci/action.sh with paths: kommun and working-directory: kommun: SARIF and annotations name kommun/…" t_action_subfolder
run_check "(c) ci/action.sh refuses an unknown format (exit 2)" t_action_bad_format
run_check "(d) ci/styrlint.gitlab-ci.yml: styrlint extends .styrlint, variables, codequality and junit reports when: always" t_gitlab_template
run_check "(d) the GitLab script: exit 1, gl-code-quality.json and styrlint-junit.xml written" t_gitlab
run_check "(d) the GitLab script with STYRLINT_PATHS=kommun: Code Quality paths name kommun/…" t_gitlab_subfolder
run_check "(d) the GitLab script refuses a tarball whose .sha256 does not match (exit 2)" t_gitlab_mismatch
if command -v pre-commit >/dev/null && command -v git >/dev/null; then
    run_check "(e) pre-commit hook styrlint-system: passes outside sökvägar, fails on the example's errors" t_pre_commit
else
    echo "skip  (e) pre-commit hook styrlint-system: pre-commit is not installed"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
