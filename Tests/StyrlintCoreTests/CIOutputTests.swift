import Foundation
import Testing
@testable import StyrlintCore

/// Baselines, suppressions and the CI formats, on a small repository.
@Suite struct CIOutputTests {
    static func board(goalsAbove: String = "", suppression: String = "") -> String {
        TestSupport.boardPlanHeader + """
        \(goalsAbove)\(suppression)  - id: BUN2
            text: Förbättra elevernas läsförmåga och minska frånvaron.
            bidrar_till: [KF9]
            ansvarig: Förvaltningschef
            indikatorer:
              - {id: BUN2.1, namn: Andel elever som når kravnivån i läsning, enhet: procent,
                 utgångsvärde: {värde: 71, år: 2023}, målvärde: {värde: 80, år: 2027, riktning: minst}, könsuppdelad: true}

        """
    }

    static let extraGoal = """
      - id: BUN1
        text: Minst 90 % av eleverna ska vara behöriga till gymnasiet.
        bidrar_till: [KF1]
        ansvarig: Förvaltningschef
        indikatorer:
          - {id: BUN1.1, namn: Andel behöriga elever, enhet: procent, utgångsvärde: {värde: 84, år: 2023},
             målvärde: {värde: 90, år: 2027, riktning: minst}, könsuppdelad: true}

    """

    func repository(_ board: String) throws -> String {
        try TestSupport.repository(["styrlint.yml": "sökvägar: [plans]\n", "plans/kf.yaml": CLITests.council, "plans/bun.yaml": board])
    }

    func json(_ text: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: Any]
    }

    @Test func addingAGoalAboveKeepsBaselinedFindingsBaselined() throws {
        let root = try repository(Self.board())
        let write = try TestSupport.run(["baseline", "write", "baslinje.json", "plans/bun.yaml", "--per", "2026-02-15"], in: root)
        #expect(write.status == 0, "\(write.stderr)")
        // A new, clean goal above every baselined one shifts all their lines.
        try Data(Self.board(goalsAbove: Self.extraGoal).utf8).write(to: URL(fileURLWithPath: root + "/plans/bun.yaml"))
        let run = try TestSupport.run(["check", "plans/bun.yaml", "--baseline", "baslinje.json", "--per", "2026-02-15", "--format", "json"], in: root)
        let report = try json(run.stdout)
        let findings = report["findings"] as! [[String: Any]]
        #expect(!findings.isEmpty)
        let fresh = findings.filter { ($0["baselined"] as? Bool) != true }
        #expect(fresh.isEmpty, "new findings after adding a clean goal: \(fresh)")
        #expect(run.status == 0)
        #expect((report["staleBaseline"] as! [Any]).isEmpty)
    }

    @Test func aFixedFindingLeavesAStaleEntry() throws {
        let root = try repository(Self.board())
        _ = try TestSupport.run(["baseline", "write", "baslinje.json", "plans/bun.yaml", "--per", "2026-02-15"], in: root)
        try Data(Self.board().replacingOccurrences(of: "[KF9]", with: "[KF1]").utf8).write(to: URL(fileURLWithPath: root + "/plans/bun.yaml"))
        let run = try TestSupport.run(["check", "plans/bun.yaml", "--baseline", "baslinje.json", "--per", "2026-02-15"], in: root)
        #expect(run.status == 0)
        #expect(run.stdout.contains("RT003"))
        #expect(run.stdout.contains("Inaktuella poster i baslinjen"))
        let strict = try TestSupport.run(["check", "plans/bun.yaml", "--baseline", "baslinje.json", "--per", "2026-02-15", "--fail-on-stale-baseline"], in: root)
        #expect(strict.status == 1)
    }

    @Test func aOneFileCheckLeavesOtherFilesBaselineEntriesAlone() throws {
        let root = try repository(Self.board())
        _ = try TestSupport.run(["baseline", "write", "baslinje.json", "--per", "2026-02-15"], in: root)
        let run = try TestSupport.run(["check", "plans/bun.yaml", "--baseline", "baslinje.json", "--per", "2026-02-15",
                                       "--fail-on-stale-baseline"], in: root)
        #expect(run.status == 0, "\(run.stdout)")
        #expect(!run.stdout.contains("Inaktuella"))
    }

    @Test func suppressionsNeedAReasonAndMustSuppressSomething() throws {
        let withReason = "  # styrlint: ignorera SM007 -- formuleras om i 2026 års plan, BUN 2025-03-12 § 14\n"
        let root = try repository(Self.board(suppression: withReason))
        let run = try TestSupport.run(["check", "plans/bun.yaml", "--per", "2026-02-15", "--format", "json"], in: root)
        let findings = try json(run.stdout)["findings"] as! [[String: Any]]
        let suppressed = findings.filter { $0["suppression"] != nil }
        #expect(suppressed.map { $0["rule"] as? String } == ["SM007"])
        #expect((suppressed.first?["suppression"] as? [String: Any])?["reason"] as? String == "formuleras om i 2026 års plan, BUN 2025-03-12 § 14")
        #expect(!findings.contains { $0["rule"] as? String == "DOK008" || $0["rule"] as? String == "DOK009" })

        let text = try TestSupport.run(["check", "plans/bun.yaml", "--per", "2026-02-15"], in: root)
        #expect(text.stdout.contains("Undantag"))
        #expect(text.stdout.contains("formuleras om i 2026 års plan"))

        let sarif = try TestSupport.run(["check", "plans/bun.yaml", "--per", "2026-02-15", "--format", "sarif"], in: root)
        let results = ((try json(sarif.stdout)["runs"] as! [[String: Any]])[0]["results"] as! [[String: Any]])
        let waived = results.filter { $0["suppressions"] != nil }
        #expect(waived.count == 1)
        #expect(((waived[0]["suppressions"] as! [[String: Any]])[0]["justification"] as? String)?.contains("2026") == true)

        let noReason = try repository(Self.board(suppression: "  # styrlint: ignorera SM007\n"))
        let bare = try TestSupport.run(["check", "plans/bun.yaml", "--per", "2026-02-15"], in: noReason)
        #expect(bare.stdout.contains("varning[DOK008]"))
        #expect(bare.stdout.contains("varning[SM007]"))

        let unused = try repository(Self.board(suppression: "  # styrlint: ignorera SM006 -- ansvarig utses i mars\n"))
        let stale = try TestSupport.run(["check", "plans/bun.yaml", "--per", "2026-02-15"], in: unused)
        #expect(stale.stdout.contains("varning[DOK009]"))
    }

    @Test func suppressionsWorkInUTF16Files() throws {
        let text = Self.board(suppression: "  # styrlint: ignorera SM007 -- formuleras om 2026\n")
        var bytes: [UInt8] = [0xFF, 0xFE]
        for unit in text.utf16 { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        let document = DocumentLoader.load(path: "bun.yaml", bytes: bytes, limits: ParseLimits())
        #expect(document.suppressions.map(\.rules) == [["SM007"]])
        #expect(document.suppressions.first?.reason == "formuleras om 2026")
    }

    @Test func ciFormatsDescribeTheSameFindings() throws {
        let root = try repository(Self.board())
        let run = try TestSupport.run(["check", "--per", "2026-02-15",
                                       "--format", "json", "--output", "r.json", "--format", "gitlab", "--output", "gl.json",
                                       "--format", "github", "--output", "gh.txt", "--format", "junit", "--output", "j.xml",
                                       "--format", "markdown", "--output", "m.md", "--format", "sarif", "--output", "s.sarif"], in: root)
        #expect(run.status == 1)
        let findings = (try json(String(contentsOfFile: root + "/r.json", encoding: .utf8))["findings"] as! [[String: Any]])
        let gitlab = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: root + "/gl.json"))) as! [[String: Any]]
        #expect(gitlab.count == findings.count)
        #expect(Set(gitlab.map { $0["fingerprint"] as! String }).count == gitlab.count)
        let github = try String(contentsOfFile: root + "/gh.txt", encoding: .utf8).split(separator: "\n")
        #expect(github.count == findings.count)
        #expect(github.allSatisfy { $0.hasPrefix("::error file=") || $0.hasPrefix("::warning file=") || $0.hasPrefix("::notice file=") })
        let junit = try String(contentsOfFile: root + "/j.xml", encoding: .utf8)
        #expect(junit.components(separatedBy: "<failure ").count - 1 == findings.count)
        #expect(junit.contains("<testsuite name=\"plans/kf.yaml\""))
        let markdown = try String(contentsOfFile: root + "/m.md", encoding: .utf8)
        #expect(markdown.contains("| plans/bun.yaml:"))
        let sarif = try json(String(contentsOfFile: root + "/s.sarif", encoding: .utf8))
        let sarifRun = (sarif["runs"] as! [[String: Any]])[0]
        #expect((sarifRun["results"] as! [Any]).count == findings.count)
        let rules = ((sarifRun["tool"] as! [String: Any])["driver"] as! [String: Any])["rules"] as! [[String: Any]]
        #expect(rules.count == TestSupport.builtinRules.count)
        #expect(rules.allSatisfy { ($0["help"] as? [String: Any])?["markdown"] != nil })
    }

    @Test func githubEscapingKeepsCommandsOnOneLine() {
        #expect(GitHubReporter.escapeData("a%b\nc") == "a%25b%0Ac")
        #expect(GitHubReporter.escapeProperty("plans/a,b:c.yaml") == "plans/a%2Cb%3Ac.yaml")
        #expect(MarkdownReporter.cell("a|b<script>") == "a\\|b\\<script\\>")
        #expect(MarkdownReporter.cell("![x](http://e.invalid/p.png)") == "\\!\\[x\\]\\(http\\://e.invalid/p.png\\)")
        #expect(MarkdownReporter.cell("@ordf $x$") == "\\@ordf \\$x\\$")
        #expect(SARIFReporter.uri("plans/nämnd plan.yaml") == "plans/n%C3%A4mnd%20plan.yaml")
    }

    @Test func schemaFileIsCurrent() throws {
        let onDisk = try String(contentsOfFile: TestSupport.packageRoot + "/schema/styrlint.schema.json", encoding: .utf8)
        #expect(onDisk == JSONSchemaGenerator.generate(), "schema/styrlint.schema.json is stale: run `swift run styrlint schema > schema/styrlint.schema.json`")
    }

    @Test func configSchemaFileIsCurrentAndKnowsEveryKeyTheReaderKnows() throws {
        let onDisk = try String(contentsOfFile: TestSupport.packageRoot + "/schema/styrlint-config.schema.json", encoding: .utf8)
        #expect(onDisk == ConfigSchema.generate(), "schema/styrlint-config.schema.json is stale: run `swift run styrlint schema --config > schema/styrlint-config.schema.json`")
        #expect(ConfigSchema.topLevelKeys == Config.knownKeys.sorted())
    }
}
