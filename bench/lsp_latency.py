#!/usr/bin/env python3
"""The language server's re-check latency: how long after an edit the editor sees the
edited plan's new diagnostics.

Starts `styrlint lsp` in a workspace folder, opens one nämnd plan, and then edits one
`bidrar_till` reference N times, alternating between the original id and an id that
exists nowhere in the plan's repository (`[KF1]` ↔ `[KF10]`), so that every edit changes
the plan's diagnostics (the server publishes only lists that changed). Each sample is
the time from writing the didChange until the publishDiagnostics for the plan arrives;
debounceMs is 0 unless --debounce-ms says otherwise, so the server re-checks at once
and the sample is the re-check alone. After each sample a documentSymbol
request is answered before the next edit: the server handles messages in order, so the
next edit starts on an idle server.

Usage: python3 bench/lsp_latency.py --binary PATH --workspace DIR [--plan RELPATH] [--edits 20]

Prints one JSON line: median_ms, p90_ms, peak_rss_mb (VmHWM of the server), and the
details. Every wait has a timeout (--timeout); on a timeout, an error reply or a server
that exits, the script stops the server and exits with status 1 and a message. Only the
standard library is used.
"""
import argparse
import json
import math
import os
import re
import select
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

# The first id of a `bidrar_till` written as a flow list or a plain scalar.
REFERENCE = re.compile(r"^(\s*(?:-\s+)?bidrar_till:\s*\[?\s*)([A-Za-zÅÄÖåäö0-9_.\-]+)")


class Failure(Exception):
    pass


def uri_of(path):
    return Path(path).as_uri()


def path_of(uri):
    parsed = urllib.parse.urlparse(uri)
    return os.path.normpath(urllib.parse.unquote(parsed.path)) if parsed.scheme == "file" else None


def utf16_length(text):
    return len(text.encode("utf-16-le")) // 2


def repository_root(path, workspace):
    """The nearest folder holding styrlint.yml, as the server finds it, else the workspace."""
    folder = os.path.dirname(path)
    while True:
        if os.path.isfile(os.path.join(folder, "styrlint.yml")):
            return folder
        parent = os.path.dirname(folder)
        if parent == folder:
            return workspace
        folder = parent


def yaml_files(root):
    for directory, folders, names in os.walk(root):
        folders[:] = sorted(name for name in folders if not name.startswith("."))
        for name in sorted(names):
            if name.endswith((".yaml", ".yml")):
                yield os.path.join(directory, name)


ID = r"[A-Za-zÅÄÖåäö0-9_.\-]+"


def repository_folders(root):
    """The folders a repository's styrlint.yml names under `sökvägar: [...]`, else the root."""
    try:
        with open(os.path.join(root, "styrlint.yml"), encoding="utf-8") as handle:
            found = re.search(r"^sökvägar:\s*\[([^\]]*)\]", handle.read(), re.M)
    except OSError:
        found = None
    if not found:
        return [root]
    folders = [os.path.join(root, name.strip().strip("\"'")) for name in found.group(1).split(",") if name.strip()]
    return [folder for folder in folders if os.path.isdir(folder)] or [root]


def repository_ids(root, cache={}):
    """(every word, every defined `id:`) in the YAML files of the repository's folders."""
    if root not in cache:
        words, ids = set(), set()
        for path in (path for folder in repository_folders(root) for path in yaml_files(folder)):
            try:
                with open(path, encoding="utf-8", errors="replace") as handle:
                    text = handle.read()
            except OSError:
                continue
            words.update(re.findall(ID, text))
            ids.update(re.findall(r"(?:^|[\s{,])id:\s*[\"']?(" + ID + ")", text, re.M))
        cache[root] = (words, ids)
    return cache[root]


def reference_line(lines, defined):
    """(line number, match) of the first `bidrar_till` whose first id is defined, else of the first one."""
    references = [(number, match) for number, line in enumerate(lines) for match in [REFERENCE.match(line)] if match]
    valid = [(number, match) for number, match in references if match.group(2) in defined]
    return (valid or references or [None])[0]


def is_namnd_plan(text):
    return (re.search(r"^typ:\s*verksamhetsplan\s*$", text, re.M) is not None
            and re.search(r"^nivå:\s*nämnd\s*$", text, re.M) is not None)


def find_plan(workspace):
    """The first nämnd verksamhetsplan (sorted walk, hidden folders skipped; only the folders
    of styrlint.yml's `sökvägar` when the workspace is one repository) with a `bidrar_till` to
    an id its repository defines; else the first with any `bidrar_till`."""
    fallback = None
    for path in (path for folder in repository_folders(workspace) for path in yaml_files(folder)):
        try:
            with open(path, encoding="utf-8") as handle:
                text = handle.read()
        except (OSError, UnicodeDecodeError):
            continue
        if not is_namnd_plan(text):
            continue
        lines = text.split("\n")
        found = reference_line(lines, repository_ids(repository_root(path, workspace))[1])
        if found is None:
            continue
        if found[1].group(2) in repository_ids(repository_root(path, workspace))[1]:
            return os.path.relpath(path, workspace)
        fallback = fallback or os.path.relpath(path, workspace)
    if fallback:
        return fallback
    raise Failure(f"no nämnd verksamhetsplan with a bidrar_till line under {workspace}")


def missing_id(original, root):
    """An id of the same shape as `original` that no YAML file of the repository contains."""
    words = repository_ids(root)[0]
    prefix = re.match(r"[^0-9]*", original).group(0) or "X"
    for number in range(9, 10000):
        candidate = f"{prefix}{number}"
        if candidate not in words:
            return candidate
    raise Failure(f"found no unused id of the form {prefix}N")


class Server:
    """`styrlint lsp` on pipes: Content-Length framing, select-based reads with deadlines."""

    def __init__(self, binary, cwd, timeout):
        self.timeout = timeout
        self.stderr = tempfile.TemporaryFile()
        self.process = subprocess.Popen([binary, "lsp"], cwd=cwd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=self.stderr, bufsize=0)
        self.buffer = b""
        self.next_id = 0
        self.errors = []  # window/showMessage errors
        self.published = set()  # every path a publishDiagnostics named

    def stderr_tail(self):
        try:
            self.stderr.seek(0)
            return self.stderr.read().decode("utf-8", "replace")[-2000:]
        except (OSError, ValueError):
            return ""

    def send(self, message, deadline=None):
        body = json.dumps(dict(jsonrpc="2.0", **message), ensure_ascii=False).encode("utf-8")
        data = b"Content-Length: %d\r\n\r\n" % len(body) + body
        deadline = deadline or time.monotonic() + self.timeout
        descriptor = self.process.stdin.fileno()
        while data:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise Failure("timed out writing to the server (it does not read its input)")
            _, writable, _ = select.select([], [descriptor], [], remaining)
            if writable:
                try:
                    written = os.write(descriptor, data[:65536])
                except BrokenPipeError:
                    raise Failure(f"the server closed its input (exit status {self.process.poll()}): {self.stderr_tail()}")
                data = data[written:]

    def request(self, method, params):
        self.next_id += 1
        self.send({"id": self.next_id, "method": method, "params": params})
        return self.next_id

    def notify(self, method, params):
        self.send({"method": method, "params": params})

    def _message_in_buffer(self):
        end = self.buffer.find(b"\r\n\r\n")
        if end < 0:
            return None
        length = None
        for line in self.buffer[:end].split(b"\r\n"):
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value.strip())
        if length is None:
            raise Failure(f"a message without Content-Length: {self.buffer[:end]!r}")
        if len(self.buffer) < end + 4 + length:
            return None
        body = self.buffer[end + 4:end + 4 + length]
        self.buffer = self.buffer[end + 4 + length:]
        return json.loads(body.decode("utf-8"))

    def receive(self, deadline):
        """The next message, or a Failure when none arrives before the deadline."""
        descriptor = self.process.stdout.fileno()
        while True:
            message = self._message_in_buffer()
            if message is not None:
                return message
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise Failure("timed out")
            readable, _, _ = select.select([descriptor], [], [], remaining)
            if readable:
                chunk = os.read(descriptor, 1 << 20)
                if not chunk:
                    raise Failure(f"the server exited (status {self.process.wait(5)}): {self.stderr_tail()}")
                self.buffer += chunk

    def wait_for(self, what, matches, timeout=None):
        """Reads messages until `matches(message)`; answers the server's own requests with null."""
        deadline = time.monotonic() + (timeout or self.timeout)
        while True:
            try:
                message = self.receive(deadline)
            except Failure as failure:
                if str(failure) == "timed out":
                    raise Failure(f"no {what} within {timeout or self.timeout:g} s")
                raise
            if "method" in message and "id" in message:  # a request from the server
                self.send({"id": message["id"], "result": None})
                continue
            if message.get("method") == "textDocument/publishDiagnostics":
                self.published.add(path_of(message.get("params", {}).get("uri", "")))
            if message.get("method") == "window/showMessage" and message.get("params", {}).get("type") == 1:
                self.errors.append(message["params"].get("message"))
            if matches(message):
                return message

    def response(self, request_id, what):
        message = self.wait_for(what, lambda m: m.get("id") == request_id and "method" not in m)
        if "error" in message:
            raise Failure(f"{what}: the server answered with an error: {message['error']}")
        return message.get("result")

    def peak_rss_kb(self):
        try:
            with open(f"/proc/{self.process.pid}/status") as handle:
                for line in handle:
                    if line.startswith("VmHWM:"):
                        return int(line.split()[1])
        except OSError:
            pass
        return None

    def close(self, polite=True):
        """shutdown and exit, politely; killed at once after a failure, or when it does not go
        within a few seconds."""
        if polite and self.process.poll() is None:
            try:
                shutdown = self.request("shutdown", None)
                self.wait_for("shutdown response", lambda m: m.get("id") == shutdown, timeout=5)
                self.notify("exit", None)
                self.process.wait(5)
            except (Failure, subprocess.TimeoutExpired, OSError):
                pass
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(5)
        for stream in (self.process.stdin, self.process.stdout, self.stderr):
            try:
                stream.close()
            except OSError:
                pass


def percentile(samples, fraction):
    """Nearest rank: the smallest sample at or above `fraction` of the sorted samples."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def measure(binary, workspace, plan, edits=20, per="2026-02-15", timeout=30.0, missing=None, lang=None, debounce_ms=0):
    workspace = os.path.abspath(workspace)
    if not os.path.isdir(workspace):
        raise Failure(f"no workspace folder {workspace}")
    plan = plan or find_plan(workspace)
    path = os.path.normpath(os.path.join(workspace, plan))
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    lines = text.split("\n")
    root = repository_root(path, workspace)
    found = reference_line(lines, repository_ids(root)[1])
    if found is None:
        raise Failure(f"{plan} has no `bidrar_till` line to edit")
    line_number, match = found
    original = match.group(2)
    invalid = missing or missing_id(original, root)
    character = utf16_length(match.group(1))
    uri = uri_of(path)

    def for_plan(message):
        return (message.get("method") == "textDocument/publishDiagnostics"
                and path_of(message["params"]["uri"]) == path)

    server = Server(binary, workspace, timeout)
    try:
        options = {"per": per, "debounceMs": debounce_ms}
        if lang:
            options["lang"] = lang
        started = time.perf_counter()
        initialize = server.request("initialize", {
            "processId": os.getpid(), "rootUri": uri_of(workspace),
            "workspaceFolders": [{"uri": uri_of(workspace), "name": os.path.basename(workspace)}],
            "capabilities": {"textDocument": {"publishDiagnostics": {"relatedInformation": True}}},
            "initializationOptions": options})
        capabilities = server.response(initialize, "initialize response") or {}
        sync = capabilities.get("capabilities", {}).get("textDocumentSync")
        incremental = (sync.get("change") if isinstance(sync, dict) else sync) == 2
        server.notify("initialized", {})
        initialize_ms = (time.perf_counter() - started) * 1000

        started = time.perf_counter()
        server.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "yaml", "version": 1, "text": text}})
        first = server.wait_for(f"first diagnostics for {plan}", for_plan)
        first_check_ms = (time.perf_counter() - started) * 1000
        baseline = first["params"]["diagnostics"]

        def barrier():
            request = server.request("textDocument/documentSymbol", {"textDocument": {"uri": uri}})
            server.wait_for("documentSymbol response", lambda m: m.get("id") == request and "method" not in m)

        barrier()
        # The first check publishes every file of the repository it checked (most lists empty).
        repository_files = len(server.published)
        samples, publishes, unexpected = [], [], 0
        current = original
        for version in range(2, edits + 2):
            replacement = invalid if current == original else original
            if incremental:
                change = {"range": {"start": {"line": line_number, "character": character},
                                    "end": {"line": line_number, "character": character + utf16_length(current)}},
                          "text": replacement}
            else:
                lines[line_number] = match.group(1) + replacement + lines[line_number][len(match.group(1)) + len(current):]
                change = {"text": "\n".join(lines)}
            before = len(server.errors)
            started = time.perf_counter()
            server.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version},
                                                     "contentChanges": [change]})
            published = server.wait_for(f"diagnostics for {plan} after edit {version - 1} ({current} → {replacement})",
                                        for_plan)
            samples.append((time.perf_counter() - started) * 1000)
            current = replacement
            diagnostics = published["params"]["diagnostics"]
            publishes.append(len(diagnostics))
            # The invalid id must add a finding on the edited line; the original must restore the first list.
            if current == original and diagnostics != baseline:
                unexpected += 1
            if current == invalid and not any(d["range"]["start"]["line"] == line_number for d in diagnostics):
                unexpected += 1
            if len(server.errors) > before:
                raise Failure(f"the server reported an error: {server.errors[-1]}")
            barrier()
        peak = server.peak_rss_kb()
    except BaseException:
        server.close(polite=False)
        raise
    server.close()
    return {
        "median_ms": round(percentile(samples, 0.5), 2),
        "p90_ms": round(percentile(samples, 0.9), 2),
        "peak_rss_mb": round(peak / 1024, 1) if peak else None,
        "edits": len(samples),
        "debounce_ms": debounce_ms,
        "min_ms": round(min(samples), 2),
        "max_ms": round(max(samples), 2),
        "first_check_ms": round(first_check_ms, 2),
        "repository_files": repository_files,
        "initialize_ms": round(initialize_ms, 2),
        "diagnostics": [len(baseline), max(publishes) if publishes else None],
        "unexpected_lists": unexpected,
        "edit": f"{plan}:{line_number + 1} bidrar_till {original} ↔ {invalid}",
        "workspace": workspace,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--binary", required=True, help="the styrlint executable")
    parser.add_argument("--workspace", required=True, help="the workspace folder (rootUri)")
    parser.add_argument("--plan", help="the nämnd plan to edit, relative to the workspace (default: the first found)")
    parser.add_argument("--edits", type=int, default=20, help="edits measured (default 20)")
    parser.add_argument("--per", default="2026-02-15", help="the check date (initializationOptions.per)")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds any one answer may take (default 30)")
    parser.add_argument("--debounce-ms", type=int, default=0,
                        help="initializationOptions.debounceMs (default 0: the re-check alone; editors get 150)")
    parser.add_argument("--missing-id", help="the id to alternate with (default: an unused id like KF9)")
    args = parser.parse_args()
    if args.edits < 1:
        parser.error("--edits must be at least 1")
    try:
        result = measure(os.path.abspath(args.binary), os.path.abspath(args.workspace), args.plan, edits=args.edits, per=args.per,
                         timeout=args.timeout, missing=args.missing_id, debounce_ms=args.debounce_ms)
    except (Failure, OSError, ValueError) as error:
        sys.exit(f"lsp_latency: {error}")
    if result["unexpected_lists"]:
        print(f"lsp_latency: {result['unexpected_lists']} published lists were not what the edit should give "
              f"(no finding on the edited line, or not the first list back)", file=sys.stderr)
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
