import Foundation
import Testing
@testable import StyrlintCore
import StyrlintCorpus

/// Cost must grow linearly with the corpus: counted in work done, never in seconds.
@Suite struct ScalingTests {
    func statistics(kommuner: Int) throws -> (RunStatistics, Int) {
        var files: [String: String] = [:]
        for index in 0..<kommuner {
            for file in CorpusGenerator.municipality(index: index, seed: 7) { files[file.path] = file.text }
        }
        let root = try TestSupport.repository(files)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let statistics = RunStatistics()
        var request = CheckRequest(paths: [root], checkDate: Day(iso: "2026-02-15")!)
        request.currentDirectory = root
        request.statistics = statistics
        request.threads = 2
        let result = try Checker.run(request)
        return (statistics, result.documentsChecked)
    }

    @Test func fourTimesTheCorpusCostsAtMostFourPointFourTimesTheWork() throws {
        let (small, smallDocuments) = try statistics(kommuner: 2)
        let (large, largeDocuments) = try statistics(kommuner: 8)
        let size = Double(largeDocuments) / Double(smallDocuments)
        #expect(size > 3.5 && size < 4.5, "the generator should scale the corpus about 4 times, got \(size)")
        let checks = Double(large.checks) / Double(small.checks)
        let nodes = Double(large.nodes) / Double(small.nodes)
        #expect(checks <= 4.4 * size / 4, "checks grew \(checks) times for \(size) times the documents")
        #expect(nodes <= 4.4 * size / 4, "nodes grew \(nodes) times for \(size) times the documents")
        #expect(small.checks > 0 && small.nodes > 0)
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
