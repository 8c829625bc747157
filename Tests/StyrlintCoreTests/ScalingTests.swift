import Foundation
import Testing
@testable import StyrlintCore
import StyrlintCorpus

/// Cost must grow linearly with the corpus: counted in work done, never in seconds.
@Suite struct ScalingTests {
    struct Work { var visits: Int; var checks: Int; var nodes: Int; var documents: Int }

    /// The work of a check of `kommuner` municipalities, measured in a process of its own
    /// (the node-visit counter is process-wide).
    func work(kommuner: Int) throws -> Work {
        var files: [String: String] = [:]
        for index in 0..<kommuner {
            for file in CorpusGenerator.municipality(index: index, seed: 7) { files[file.path] = file.text }
        }
        let root = try TestSupport.repository(files)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let run = try TestSupport.run(["check", "--per", "2026-02-15", "--count-work", "--format", "json"], in: root)
        let line = try #require(run.stderr.split(separator: "\n").first { $0.hasPrefix("work: ") })
        let numbers = line.split(separator: " ").compactMap { Int($0) }
        let report = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
        let documents = ((report?["summary"] as? [String: Any])?["documents"] as? Int) ?? 0
        return Work(visits: numbers[0], checks: numbers[1], nodes: numbers[2], documents: documents)
    }

    @Test func fourTimesTheCorpusCostsAtMostFourPointFourTimesTheWork() throws {
        let small = try work(kommuner: 2), large = try work(kommuner: 8)
        let size = Double(large.documents) / Double(small.documents)
        #expect(size > 3.5 && size < 4.5, "the generator should scale the corpus about 4 times, got \(size)")
        // Node visits inside the check functions: a check that compares every goal with
        // every other, or scans the repository per element, grows with the square here.
        let visits = Double(large.visits) / Double(small.visits)
        #expect(visits <= 4.4 * size / 4, "node visits grew \(visits) times for \(size) times the documents")
        #expect(Double(large.nodes) / Double(small.nodes) <= 4.4 * size / 4)
        #expect(small.visits > small.checks, "the counter sees the functions' work, not just their calls")
    }

    /// Making the run faster must not change what it says: the JSON report of ten generated
    /// municipalities, stored before the performance work (`Tests/Fixtures/corpus`), byte
    /// for byte but for the tool's own commit.
    @Test func tenMunicipalitiesGiveTheStoredReport() throws {
        var files: [String: String] = [:]
        for index in 0..<10 {
            for file in CorpusGenerator.municipality(index: index, seed: 1) { files[file.path] = file.text }
        }
        let root = try TestSupport.repository(files)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let run = try TestSupport.run(["check", "--per", "2026-02-15", "--format", "json", "--jobs", "2"], in: root)
        let stored = try String(contentsOfFile: TestSupport.packageRoot + "/Tests/Fixtures/corpus/ten-municipalities.json", encoding: .utf8)
        func withoutCommit(_ text: String) -> [Substring] { text.split(separator: "\n").filter { !$0.contains("\"toolCommit\"") } }
        let actual = withoutCommit(run.stdout), expected = withoutCommit(stored)
        #expect(actual.count == expected.count)
        let firstDifference = zip(actual, expected).enumerated().first { $0.element.0 != $0.element.1 }
        #expect(firstDifference == nil, "line \((firstDifference?.offset ?? 0) + 1): \(firstDifference?.element.0 ?? "") ≠ \(firstDifference?.element.1 ?? "")")
    }

    @Test func theGeneratorIsDeterministic() {
        let first = CorpusGenerator.municipality(index: 3, seed: 42)
        let second = CorpusGenerator.municipality(index: 3, seed: 42)
        let other = CorpusGenerator.municipality(index: 3, seed: 43)
        #expect(first.map(\.text) == second.map(\.text))
        #expect(first.map(\.path) == second.map(\.path))
        #expect(first.map(\.text) != other.map(\.text))
        #expect(first.filter { $0.path.hasSuffix(".yaml") }.count > 100)
    }

    @Test func severalRepositoriesResolveIdsWithinThemselves() throws {
        // Two municipalities with the same ids: no DOK007 across them, each checked alone.
        var files: [String: String] = [:]
        for file in CorpusGenerator.municipality(index: 0, seed: 9, defectPercent: 0) { files[file.path] = file.text }
        for file in CorpusGenerator.municipality(index: 0, seed: 9, defectPercent: 0) { files[file.path.replacingOccurrences(of: "kommun-000", with: "kopia")] = file.text }
        let root = try TestSupport.repository(files)
        defer { try? FileManager.default.removeItem(atPath: root) }
        var request = CheckRequest(paths: [root], checkDate: Day(iso: "2026-02-15")!)
        request.currentDirectory = root
        let result = try Checker.run(request)
        #expect(result.repositories.count == 2)
        #expect(!result.findings.contains { $0.rule == "DOK007" })
        #expect(result.findings.allSatisfy { $0.file.hasPrefix("kommun-000/") || $0.file.hasPrefix("kopia/") })
    }
}

/// Threads must not multiply memory: each worker holds one repository at a time.
@Suite struct MemoryTests {
    /// The peak resident size of a child process, in kB, as the kernel accounts it.
    static func peak(_ arguments: [String], in directory: String) throws -> Int {
        let measure = "import resource, subprocess, sys; subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
        let run = try TestSupport.run(["-c", measure, TestSupport.binary] + arguments, in: directory, executable: "/usr/bin/python3")
        return Int(run.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/python3")))
    func twoJobsHoldAtMostOneMoreRepository() throws {
        var files: [String: String] = [:]
        for index in 0..<8 {
            for file in CorpusGenerator.municipality(index: index, seed: 7) { files[file.path] = file.text }
        }
        let root = try TestSupport.repository(files)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let idle = try Self.peak(["--version"], in: root)
        let one = try Self.peak(["check", "--per", "2026-02-15", "--jobs", "1", "-q"], in: root)
        let two = try Self.peak(["check", "--per", "2026-02-15", "--jobs", "2", "-q"], in: root)
        #expect(idle > 0 && one > idle && two > 0)
        // The working set of one job, over the idle process: a second job may add about
        // that again (a second repository in flight), never the whole corpus.
        let workingSet = one - idle
        #expect(two - one <= workingSet + 8_192, "jobs 1: \(one) kB, jobs 2: \(two) kB, idle: \(idle) kB")
    }
}
