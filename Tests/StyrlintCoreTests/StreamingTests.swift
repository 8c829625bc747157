import Foundation
import Testing
@testable import StyrlintCore
import StyrlintCorpus

/// A plain check writes its report while it runs (`FindingStream`): what it writes must be
/// the report a run that keeps every finding writes, byte for byte.
@Suite struct StreamingTests {
    final class Collector: FindingStream {
        var batches: [[Finding]] = []
        func write(_ findings: [Finding]) throws { batches.append(findings) }
    }

    /// Three generated municipalities, each a repository of its own, and a baseline that
    /// records some of their findings and one that no longer exists.
    static func corpus() throws -> (root: String, baseline: String) {
        var files: [String: String] = [:]
        for index in 0..<3 {
            for file in CorpusGenerator.municipality(index: index, seed: 5) { files[file.path] = file.text }
        }
        let root = try TestSupport.repository(files)
        let whole = try Checker.run(request(root))
        var recorded = Baseline(findings: stride(from: 0, to: whole.findings.count, by: 3).map { whole.findings[$0] })
        recorded.findings.append(Baseline.Entry(fingerprint: "0000000000000000", rule: "SM001", file: "kommun-001/plans/x.yaml",
                                                subject: "SM001:x", message: "fixed"))
        let baseline = root + "/baslinje.json"
        try recorded.encoded().write(toFile: baseline, atomically: true, encoding: .utf8)
        return (root, baseline)
    }

    static func request(_ root: String, baseline: String? = nil, threads: Int = 2) -> CheckRequest {
        var request = CheckRequest(paths: [root], checkDate: Day(iso: "2026-02-15")!)
        request.currentDirectory = root
        request.baselineFile = baseline
        request.threads = threads
        return request
    }

    /// The text and JSON reports from a streamed run, put together as the CLI's sinks do.
    static func streamedReports(_ request: CheckRequest) throws -> (text: String, json: String, batches: Int) {
        let collector = Collector()
        let result = try Checker.run(request, streamingTo: collector)
        #expect(result.findings.isEmpty, "a streamed run keeps no findings")
        let findings = collector.batches.flatMap { $0 }
        let reporter = TextReporter(language: .sv, color: false)
        let text = findings.filter(\.isActive).map(reporter.line).joined()
            + reporter.closing(result, suppressed: findings.filter { $0.suppression != nil }, summary: true)
        var json = JSONReporter.opening
        for (index, finding) in findings.enumerated() { json += try JSONReporter.item(finding, first: index == 0) }
        json += try JSONReporter.closing(result, empty: findings.isEmpty)
        return (text, json, collector.batches.count)
    }

    @Test(arguments: [1, 2])
    func aStreamedRunWritesTheReportOfAWholeRun(threads: Int) throws {
        let (root, baseline) = try Self.corpus()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let request = Self.request(root, baseline: baseline, threads: threads)
        let whole = try Checker.run(request)
        #expect(whole.baselinedCount > 0 && !whole.staleBaseline.isEmpty, "the baseline matches some findings and not all entries")
        let streamed = try Self.streamedReports(request)
        #expect(streamed.batches == 3, "one batch per repository")
        #expect(streamed.json == (try JSONReporter().render(whole)))
        #expect(streamed.text == TextReporter(language: .sv, color: false).render(whole))
    }

    /// A repository inside another: their files interleave in the report's order, so the
    /// stream gets the whole, sorted, at the end.
    @Test func nestedRepositoriesAreStreamedInTheReportsOrderToo() throws {
        let plan = { (id: String, organ: String) in
            "typ: verksamhetsplan\nid: \(id)\norgan: \(organ)\nnivå: nämnd\nperiod: {från: 2026, till: 2026}\nmål: []\n"
        }
        let root = try TestSupport.repository([
            "styrlint.yml": "sökvägar: [plans]\n", "plans/z.yaml": plan("z", "zn"), "plans/b.yaml": plan("b", "bn"),
            "plans/inre/styrlint.yml": "sökvägar: [.]\n", "plans/inre/m.yaml": plan("m", "mn"),
        ])
        defer { try? FileManager.default.removeItem(atPath: root) }
        let request = Self.request(root)
        let whole = try Checker.run(request)
        #expect(whole.repositories.count == 2)
        let files = whole.findings.map(\.file)
        #expect(files.contains("plans/b.yaml") && files.contains("plans/inre/m.yaml") && files.contains("plans/z.yaml"))
        let streamed = try Self.streamedReports(request)
        #expect(streamed.batches == 1)
        #expect(streamed.json == (try JSONReporter().render(whole)))
    }

    /// A repository whose rules cannot be read ends the run with its error: the stream
    /// gets the repositories before it in the report's order, and nothing after it.
    @Test func aFailingRepositoryStopsTheStream() throws {
        var files: [String: String] = [:]
        for name in ["a", "b", "c"] {
            for file in CorpusGenerator.municipality(index: 0, seed: 5) where file.path.hasPrefix("kommun-000/") {
                files[name + file.path.dropFirst("kommun-000".count)] = file.text
            }
        }
        files["b/styrlint.yml"] = "version: 1\nsökvägar: [plans, reports]\nregelmappar: [../../]\n"
        let root = try TestSupport.repository(files)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let collector = Collector()
        #expect(throws: StyrlintError.self) { try Checker.run(Self.request(root), streamingTo: collector) }
        let delivered = Set(collector.batches.flatMap { $0 }.map { String($0.file.prefix(2)) })
        #expect(delivered.isSubset(of: ["a/"]) && !delivered.contains("c/"), "\(delivered)")
    }

    /// Two reports on standard output are written one after the other, never interleaved.
    @Test func twoReportsOnStandardOutputFollowEachOther() throws {
        let (root, _) = try Self.corpus()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let both = try TestSupport.run(["check", "--per", "2026-02-15", "--format", "text", "--format", "json", "--output", "-", "--output", "-"], in: root)
        let text = try TestSupport.run(["check", "--per", "2026-02-15"], in: root)
        let json = try TestSupport.run(["check", "--per", "2026-02-15", "--format", "json"], in: root)
        func withoutCommit(_ text: String) -> String { text.split(separator: "\n").filter { !$0.contains("\"toolCommit\"") }.joined(separator: "\n") }
        #expect(withoutCommit(both.stdout) == withoutCommit(text.stdout + json.stdout))
    }

    /// A report file is an unnamed file until the run is complete: a run killed on the way
    /// (even with SIGKILL) leaves the old report and nothing beside it.
    @Test func aReportFileHasNoNameUntilItIsComplete() throws {
        let folder = try TestSupport.repository(["rapport.txt": "den gamla rapporten\n"])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let target = folder + "/rapport.txt"
        var stream: OutputWriter.Stream? = try OutputWriter.Stream(path: target)
        try stream?.write("den nya")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["rapport.txt"])
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "den gamla rapporten\n")
        try stream?.write(" rapporten\n")
        try stream?.finish()
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "den nya rapporten\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["rapport.txt"])
        // Never finished: the report stays as it was.
        stream = try OutputWriter.Stream(path: target)
        try stream?.write("halv")
        stream = nil
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "den nya rapporten\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["rapport.txt"])
    }

    /// The files a configuration inherits are inputs: a report is never written over one.
    @Test func anInheritedConfigurationIsNeverAReport() throws {
        let (root, _) = try Self.corpus()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try "version: 1\n".write(toFile: root + "/gemensam.yml", atomically: true, encoding: .utf8)
        let config = root + "/kommun-000/styrlint.yml"
        let own = try String(contentsOfFile: config, encoding: .utf8)
        try ("ärver: ../gemensam.yml\n" + own).write(toFile: config, atomically: true, encoding: .utf8)
        let run = try TestSupport.run(["check", "--per", "2026-02-15", "--output", "gemensam.yml"], in: root)
        #expect(run.status == 2, "\(run.stderr)")
        #expect(try String(contentsOfFile: root + "/gemensam.yml", encoding: .utf8) == "version: 1\n")
    }

    /// The CLI streams a JSON report and keeps every finding for `--statistics` (a text-only
    /// view that needs them all): the two JSON reports are the same.
    @Test func theCLIsStreamedReportIsTheKeptOne() throws {
        let (root, baseline) = try Self.corpus()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let arguments = ["check", "--per", "2026-02-15", "--baseline", baseline, "--format", "json"]
        let streamed = try TestSupport.run(arguments + ["--output", root + "/a.json"], in: root)
        let kept = try TestSupport.run(arguments + ["--output", root + "/b.json", "--statistics"], in: root)
        #expect(streamed.status == kept.status && streamed.status == 1)
        let a = try String(contentsOfFile: root + "/a.json", encoding: .utf8), b = try String(contentsOfFile: root + "/b.json", encoding: .utf8)
        #expect(a.count > 10_000 && a == b)
        #expect(!(try FileManager.default.contentsOfDirectory(atPath: root)).contains { $0.hasPrefix(".styrlint-") }, "no temporary left")
    }
}
