import Foundation
import Testing
@testable import StyrlintCore

/// Paths in every format are relative to the folder styrlint runs in, and findings of
/// several repositories keep distinct identities.
@Suite struct PathTests {
    static func json(_ text: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] ?? [:]
    }

    static func files(_ run: TestSupport.Run) throws -> Set<String> {
        Set(((try json(run.stdout))["findings"] as? [[String: Any]] ?? []).compactMap { $0["file"] as? String })
    }

    @Test func pathsFollowTheCurrentFolder() throws {
        let git = FileManager.default.temporaryDirectory.appendingPathComponent("styrlint-paths-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: git) }
        try FileManager.default.createDirectory(atPath: git + "/kommun", withIntermediateDirectories: true)
        for item in ["plans", "reports", "styrlint.yml"] {
            try FileManager.default.copyItem(atPath: TestSupport.packageRoot + "/" + item, toPath: git + "/kommun/" + item)
        }
        let fromInside = try TestSupport.run(["check", "--per", "2026-02-15", "--format", "json"], in: git + "/kommun")
        let fromParent = try TestSupport.run(["check", "kommun", "--per", "2026-02-15", "--format", "json"], in: git)
        let inside = try Self.files(fromInside), parent = try Self.files(fromParent)
        #expect(!inside.isEmpty)
        #expect(parent == Set(inside.map { "kommun/" + $0 }))
        for file in parent { #expect(FileManager.default.fileExists(atPath: git + "/" + file), "\(file) does not name a file from the parent") }
        let github = try TestSupport.run(["check", "kommun", "--per", "2026-02-15", "--format", "github"], in: git)
        #expect(github.stdout.split(separator: "\n").allSatisfy { $0.contains("file=kommun/") })
        let gitlab = try TestSupport.run(["check", "kommun", "--per", "2026-02-15", "--format", "gitlab"], in: git)
        #expect(gitlab.stdout.contains("\"path\" : \"kommun/plans/"))
        // The same findings, so the same fingerprints, whichever folder the run starts in.
        func fingerprints(_ run: TestSupport.Run) throws -> [String] {
            ((try Self.json(run.stdout))["findings"] as? [[String: Any]] ?? []).compactMap { $0["fingerprint"] as? String }.sorted()
        }
        #expect(try fingerprints(fromInside) == fingerprints(fromParent))
        let deeper = try TestSupport.run(["check", "bun-2025.yaml", "--per", "2026-02-15", "--format", "json"], in: git + "/kommun/plans")
        #expect(try Self.files(deeper) == ["../plans/bun-2025.yaml"])
    }

    @Test func twoRepositoriesNeverShareAFingerprint() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("styrlint-two-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        for name in ["a", "b"] {
            try FileManager.default.createDirectory(atPath: root + "/" + name, withIntermediateDirectories: true)
            for item in ["plans", "reports", "styrlint.yml"] {
                try FileManager.default.copyItem(atPath: TestSupport.packageRoot + "/" + item, toPath: "\(root)/\(name)/\(item)")
            }
        }
        let sarif = try TestSupport.run(["check", "--per", "2026-02-15", "--format", "sarif"], in: root)
        let results = ((try Self.json(sarif.stdout))["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]] ?? []
        let fingerprints = results.compactMap { ($0["partialFingerprints"] as? [String: String])?.values.first }
        #expect(!fingerprints.isEmpty)
        #expect(Set(fingerprints).count == fingerprints.count, "SARIF partialFingerprints collide across repositories")
        let junit = try TestSupport.run(["check", "--per", "2026-02-15", "--format", "junit"], in: root)
        let names = junit.stdout.components(separatedBy: "<testcase name=\"").dropFirst().map { $0.prefix { $0 != "\"" } }
        #expect(!names.isEmpty)
        #expect(names.allSatisfy { name in !name.contains(".yaml:") }, "JUnit test names carry no line numbers")
        #expect(Set(names).count == names.count)
    }
}

/// A value off its enumeration only by letter case is reported once, and the other
/// checks read the value meant instead of going silent or misfiring.
@Suite struct CascadeTests {
    static let plan = TestSupport.boardPlanHeader + """
      - id: BUN1
        text: Förbättra elevernas läsförmåga och minska frånvaron.
        perspektiv: Ekonomi
        ansvarig: chef
        klart: 2027

    """

    @Test func aValueInAnotherCaseIsReportedOnceAndReadAsMeant() throws {
        let exact = try TestSupport.findings(["plans/bun.yaml": Self.plan.replacingOccurrences(of: "perspektiv: Ekonomi", with: "perspektiv: ekonomi")])
        let capital = try TestSupport.findings(["plans/bun.yaml": Self.plan.replacingOccurrences(of: "nivå: nämnd", with: "nivå: Nämnd")])
        #expect(capital.filter { $0.rule == "DOK005" }.count == 2)  // Nämnd and Ekonomi, once each
        // Every other finding is the one the correctly written plan gets.
        func others(_ findings: [Finding]) -> [String] { findings.filter { $0.rule != "DOK005" }.map { "\($0.rule)@\($0.line)" }.sorted() }
        #expect(others(capital) == others(exact))
        #expect(!capital.contains { $0.rule == "VP001" && $0.message.contains("perspektivet ekonomi") })
        #expect(capital.contains { $0.rule == "SM007" })
        #expect(!capital.contains { $0.rule == "DOK010" }, "a value read as meant skips nothing")
    }

    @Test func anUnreadableValueSaysWhichChecksItSkipped() throws {
        let plan = Self.plan.replacingOccurrences(of: "perspektiv: Ekonomi", with: "perspektiv: ekonomi")
        let exact = try TestSupport.findings(["plans/bun.yaml": plan])
        let typo = try TestSupport.findings(["plans/bun.yaml": plan.replacingOccurrences(of: "nivå: nämnd", with: "nivå: nämd")])
        let invalid = try #require(typo.first { $0.rule == "DOK005" })
        let skipped = typo.filter { $0.rule == "DOK010" }
        #expect(skipped.count == 1)
        let finding = try #require(skipped.first)
        #expect((finding.line, finding.column) == (invalid.line, invalid.column))
        // Exactly the rules that filter on nivå and fired on the correct plan went silent,
        // and the finding names each of them.
        let silenced = Set(exact.map(\.rule)).subtracting(typo.map(\.rule))
        #expect(!silenced.isEmpty)
        for rule in silenced { #expect(finding.message.contains(rule), "\(rule) went silent unannounced") }
        #expect(finding.message.contains("nivå har det ogiltiga värdet \"nämd\""))
    }
}

/// The text output's everyday options: the source line, statistics, groups, criteria.
@Suite struct TextOptionTests {
    @Test func showSourceMarksTheSpan() throws {
        let run = try TestSupport.run(["check", "plans/internkontroll/son-ik-2026.yaml", "--per", "2026-02-15", "--show-source"])
        let lines = run.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let index = try #require(lines.firstIndex { $0.contains("fel[DOK007]") })
        #expect(lines[index + 1] == " 84 |   - id: SON26-K3")
        #expect(lines[index + 2] == "    |         ^^^^^^^^")
        let plain = try TestSupport.run(["check", "plans/internkontroll/son-ik-2026.yaml", "--per", "2026-02-15"])
        #expect(!plain.stdout.contains(" | "), "not on a terminal, the source is shown only when asked for")
    }

    @Test func statisticsGroupsAndCriteria() throws {
        let run = try TestSupport.run(["check", "plans", "reports", "--per", "2026-02-15", "--statistics", "--group", "organ", "--verbose"])
        #expect(run.stdout.contains("\nkfn (6)\n"))
        #expect(run.stdout.contains("RT003 unknown-higher-goal"))
        #expect(run.stdout.contains("organ          antal"))
        #expect(run.stdout.contains("    källa: §"))
        let english = try TestSupport.run(["check", "plans", "reports", "--per", "2026-02-15", "--statistics", "--lang", "en"])
        #expect(english.stdout.contains("rule") && english.stdout.contains("count"))
    }
}
