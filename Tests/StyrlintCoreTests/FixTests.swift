import Foundation
import Testing
@testable import StyrlintCore

/// `--fix`, `--unsafe-fixes` and `--diff`: before, after, and a re-check that the
/// findings are gone and nothing else changed.
@Suite struct FixTests {
    static let fixture = TestSupport.packageRoot + "/Tests/Fixtures/fix"
    static let council = try! String(contentsOfFile: fixture + "/plans/kf.yaml", encoding: .utf8)
    /// Every fixable variant of DOK005 and DOK006, with comments and flow mappings around them
    /// (also the fixture CI validates the SARIF fixes on).
    static let board = try! String(contentsOfFile: fixture + "/plans/bun.yaml", encoding: .utf8)

    static let afterSafe = board
        .replacingOccurrences(of: "nivå: Nämnd   #", with: "nivå: nämnd   #")
        .replacingOccurrences(of: "{ram: \"312 500\"}", with: "{ram: 312500}")
        .replacingOccurrences(of: "värde: 82,4   #", with: "värde: 82.4   #")
        .replacingOccurrences(of: "könsuppdelad: yes", with: "könsuppdelad: true")
        .replacingOccurrences(of: "{värde: \"84\", år: 2023}", with: "{värde: 84, år: 2023}")

    /// The unsafe fixes, and the one they uncover: the value under the renamed key is
    /// checked in the next round, and its Word minus is fixed there.
    static let afterUnsafe = afterSafe
        .replacingOccurrences(of: "målvärd: {värde: −90,", with: "målvärde: {värde: -90,")
        .replacingOccurrences(of: "{värde: 88 %, år: 2027, riktning: mist}", with: "{värde: 88, år: 2027, riktning: minst}")

    static func repository(board: String = board) throws -> String {
        try TestSupport.repository(["styrlint.yml": "version: 1\n", "plans/kf.yaml": council, "plans/bun.yaml": board])
    }

    static func read(_ root: String, _ path: String = "plans/bun.yaml") throws -> String {
        String(decoding: try Data(contentsOf: URL(fileURLWithPath: "\(root)/\(path)")), as: UTF8.self)
    }

    static func findings(_ root: String) throws -> [[String: Any]] {
        let run = try TestSupport.run(["check", "--per", "2025-06-01", "--format", "json"], in: root)
        let object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
        return object?["findings"] as? [[String: Any]] ?? []
    }

    @Test func safeFixesKeepLayoutAndRemoveOnlyTheirFindings() throws {
        let root = try Self.repository()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let before = try Self.findings(root)
        let fixable = before.filter { ($0["fix"] as? [String: Any])?["applicability"] as? String == "safe" }
        #expect(fixable.count == 5)

        let run = try TestSupport.run(["check", "--per", "2025-06-01", "--fix", "--no-show-source"], in: root)
        #expect(try Self.read(root) == Self.afterSafe)
        #expect(run.stderr.contains("Åtgärdade 5 fynd i 1 fil"))
        #expect(run.stderr.contains("kan åtgärdas med --unsafe-fixes"))

        // Exactly the fixed findings are gone; every other finding is still there.
        let after = try Self.findings(root)
        let subjects = { (list: [[String: Any]]) in Set(list.compactMap { $0["subject"] as? String }) }
        #expect(subjects(after) == subjects(before).subtracting(subjects(fixable)))

        // A second run has nothing left to do.
        let again = try TestSupport.run(["check", "--per", "2025-06-01", "--fix"], in: root)
        #expect(try Self.read(root) == Self.afterSafe)
        #expect(again.stderr.contains("Åtgärdade 0 fynd"))
    }

    @Test func unsafeFixesNeedTheirFlagAndRunInRounds() throws {
        let root = try Self.repository()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let run = try TestSupport.run(["check", "--per", "2025-06-01", "--fix", "--unsafe-fixes", "--lang", "en"], in: root)
        #expect(try Self.read(root) == Self.afterUnsafe)
        #expect(run.stderr.contains("Fixed 9 findings in 1 file"))
        let remaining = try Self.findings(root).compactMap { $0["rule"] as? String }
        #expect(!remaining.contains("DOK005") && !remaining.contains("DOK006"))
        let alone = try TestSupport.run(["check", "--unsafe-fixes"], in: root)
        #expect(alone.status == 2)
        #expect(alone.stderr.contains("--unsafe-fixes"))
    }

    @Test func diffPreviewsWithoutWriting() throws {
        let root = try Self.repository()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let run = try TestSupport.run(["check", "--per", "2025-06-01", "--diff"], in: root)
        #expect(run.status == 1)
        #expect(try Self.read(root) == Self.board)
        #expect(run.stdout.hasPrefix("--- a/plans/bun.yaml\t\n+++ b/plans/bun.yaml\t\n@@ -2,10 +2,10 @@\n"))
        #expect(run.stdout.contains("\n-nivå: Nämnd   # versal från Word\n+nivå: nämnd   # versal från Word\n"))
        #expect(run.stdout.contains("\n-          värde: 82,4   # decimalkomma\n+          värde: 82.4   # decimalkomma\n"))
        #expect(!run.stdout.contains("målvärde: {värde: -90"))
        #expect(run.stderr.contains("Skulle åtgärda 5 fynd i 1 fil"))
        // The diff applies with patch(1) to exactly what --fix writes.
        let patch = Process()
        patch.executableURL = URL(fileURLWithPath: "/usr/bin/patch")
        patch.arguments = ["-s", "-p1", "-d", root]
        let pipe = Pipe()
        patch.standardInput = pipe
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/patch") {
            try patch.run()
            pipe.fileHandleForWriting.write(Data(run.stdout.utf8))
            try pipe.fileHandleForWriting.close()
            patch.waitUntilExit()
            #expect(patch.terminationStatus == 0)
            #expect(try Self.read(root) == Self.afterSafe)
        }
        let clean = try TestSupport.run(["check", "--per", "2025-06-01", "--diff"], in: root)
        #expect(clean.status == 0)
        #expect(clean.stdout.isEmpty)
    }

    @Test func aDiffOfACRLFFileWithAPlanWithSpacesApplies() throws {
        let crlf = "\u{FEFF}" + Self.board.replacingOccurrences(of: "\n", with: "\r\n")
        let root = try TestSupport.repository(["styrlint.yml": "version: 1\n", "plans/kf.yaml": Self.council, "plans/bun plan.yaml": crlf])
        defer { try? FileManager.default.removeItem(atPath: root) }
        let run = try TestSupport.run(["check", "--per", "2025-06-01", "--diff"], in: root)
        #expect(run.status == 1)
        #expect(run.stdout.contains("\r\n"), "piped, the diff keeps the file's own line endings")
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/patch") else { return }
        let patch = Process()
        patch.executableURL = URL(fileURLWithPath: "/usr/bin/patch")
        patch.arguments = ["-s", "-p1", "-d", root, "--binary"]
        let pipe = Pipe()
        patch.standardInput = pipe
        try patch.run()
        pipe.fileHandleForWriting.write(Data(run.stdout.utf8))
        try pipe.fileHandleForWriting.close()
        patch.waitUntilExit()
        #expect(patch.terminationStatus == 0)
        let after = String(decoding: try Data(contentsOf: URL(fileURLWithPath: root + "/plans/bun plan.yaml")), as: UTF8.self)
        #expect(after == "\u{FEFF}" + Self.afterSafe.replacingOccurrences(of: "\n", with: "\r\n"))
        let misuse = try TestSupport.run(["check", "--diff", "--format", "json"], in: root)
        #expect(misuse.status == 2)
    }

    @Test func lineEndingsAndByteOrderMarkStay() throws {
        let crlf = "\u{FEFF}" + Self.board.replacingOccurrences(of: "\n", with: "\r\n")
        let root = try Self.repository(board: crlf)
        defer { try? FileManager.default.removeItem(atPath: root) }
        _ = try TestSupport.run(["check", "--per", "2025-06-01", "--fix"], in: root)
        #expect(try Self.read(root) == "\u{FEFF}" + Self.afterSafe.replacingOccurrences(of: "\n", with: "\r\n"))
    }

    @Test func aFileChangedAfterTheCheckIsLeftAlone() throws {
        let root = try Self.repository()
        defer { try? FileManager.default.removeItem(atPath: root) }
        var request = CheckRequest(paths: [root], checkDate: Day(iso: "2025-06-01")!, language: .sv)
        request.keepRepositories = true
        let result = try Checker.run(request)
        #expect(Fixer.patches(for: result, applying: [.safe]).count == 1)
        try Data((Self.board + "# ändrad\n").utf8).write(to: URL(fileURLWithPath: "\(root)/plans/bun.yaml"))
        #expect(Fixer.patches(for: result, applying: [.safe]).isEmpty)
    }

    @Test func editsCountColumnsAsCharactersAndCheckWhatTheyReplace() {
        // "å" and "ö" are two bytes each: columns count characters, as libyaml does.
        let bytes = Array("nivå: Nämnd\növerordnad: 'x'\n".utf8)
        let fix = Fix(range: SourceRange(start: SourcePosition(line: 1, column: 7), end: SourcePosition(line: 1, column: 12)),
                      replacement: "nämnd", applicability: .safe, expected: .text("Nämnd"))
        let quoted = Fix(range: SourceRange(start: SourcePosition(line: 2, column: 13), end: SourcePosition(line: 2, column: 16)),
                         replacement: "y", applicability: .safe, expected: .quoted(UInt8(ascii: "'"), "x"))
        let (edited, applied) = FixApplier.apply([fix, quoted], to: bytes)
        #expect(String(decoding: edited, as: UTF8.self) == "nivå: nämnd\növerordnad: y\n")
        #expect(applied == [0, 1])
        // A fix whose text is not there any more is skipped, not applied blindly.
        let stale = Fix(range: fix.range, replacement: "nämnd", applicability: .safe, expected: .text("Bolag"))
        #expect(FixApplier.apply([stale], to: bytes).applied.isEmpty)
        // Overlapping fixes: the first wins, the next round takes the other.
        #expect(FixApplier.apply([fix, fix], to: bytes).applied == [0])
    }

    @Test func aLinkToAMissingIdIsFixedOnlyWhenOneIdIsClosest() throws {
        let plan = { (link: String) in
            Self.board.replacingOccurrences(of: "bidrar_till: [KF1]", with: "bidrar_till: [\(link)]")
        }
        let council = Self.council + "  - id: KF2\n    text: Alla barn ska ha en trygg skolmiljö år 2027.\n"
        let findings = try TestSupport.findings(["plans/kf.yaml": Self.council, "plans/bun.yaml": plan("KF7")])
        let fix = try #require(findings.first { $0.rule == "RT003" }?.fix)
        #expect(fix.replacement == "KF1" && fix.applicability == .unsafe)
        // KF1 and KF2 are as close to KF7: no fix, the message lists the ids.
        let tied = try TestSupport.findings(["plans/kf.yaml": council, "plans/bun.yaml": plan("KF7")])
        #expect(tied.first { $0.rule == "RT003" }?.fix == nil)
    }

    @Test func valuesAreWrittenAsYAMLReadsThemBack() {
        #expect(YAMLScalarText.write("nämnd") == "nämnd")
        #expect(YAMLScalarText.write("-2100") == "-2100")
        #expect(YAMLScalarText.write("- x") == "\"- x\"")
        #expect(YAMLScalarText.write("a: b") == "\"a: b\"")
        #expect(YAMLScalarText.write("#1") == "\"#1\"")
        #expect(YAMLScalarText.write("say \"hi\"") == "\"say \\\"hi\\\"\"")
    }

    @Test func theCatalogueSaysWhichRulesFix() throws {
        let rules = try RuleLoader.builtinRules()
        let dok005 = try #require(rules.first { $0.id == "DOK005" })
        let text = RuleCatalog.explain(dok005, language: .sv)
        #expect(text.contains("Åtgärdas med --fix: decimalComma (säker)"))
        #expect(text.contains("unit (osäker, kräver --unsafe-fixes)"))
        let withFixes = rules.filter { RuleCatalog.fixable($0, language: .en) != nil }.map(\.id)
        #expect(withFixes == ["DOK005", "DOK006", "IK005", "RP008", "RP013", "RT001", "RT003", "RT009", "RT010"])
    }
}

/// Hostile layouts for --fix: each either fixed exactly right or left alone.
@Suite struct FixHostileTests {
    static let head = "typ: verksamhetsplan\nid: bun-vp-2025\norgan: bun\nnivå: nämnd\növerordnad: kf-vp-2025\nperiod: {från: 2025, till: 2027}\n"

    static func fix(_ tail: String, unsafe: Bool = false) throws -> String {
        let root = try TestSupport.repository(["styrlint.yml": "version: 1\n", "plans/kf.yaml": FixTests.council, "plans/p.yaml": head + tail])
        defer { try? FileManager.default.removeItem(atPath: root) }
        _ = try TestSupport.run(["check", "--per", "2025-06-01", "--fix"] + (unsafe ? ["--unsafe-fixes"] : []), in: root)
        return String(decoding: try Data(contentsOf: URL(fileURLWithPath: root + "/plans/p.yaml")), as: UTF8.self).replacingOccurrences(of: head, with: "")
    }

    @Test func lineSeparatorsCountAsLibyamlCountsThem() throws {
        for separator in ["\u{2028}", "\u{2029}", "\u{85}"] {
            let tail = "# kommentar\(separator)\nbudget: {ram: \"84\"}\nxxxxxx: {ram: \"zz\"}\nmål: []\n"
            #expect(try Self.fix(tail) == tail.replacingOccurrences(of: "{ram: \"84\"}", with: "{ram: 84}"), "\(separator.unicodeScalars.first!.value)")
        }
    }

    @Test func neitherACommentNorAMeaningIsSwallowed() throws {
        // A comment glued to a quoted value would become part of a plain one.
        let glued = "budget:\n  ram: \"84\"#x\nmål: []\n"
        #expect(try Self.fix(glued) == glued)
        // A leading zero (octal to YAML 1.1), hex, underscores: not written as numbers.
        for value in ["\"0755\"", "\"0x10\"", "\"1_000\""] {
            let tail = "budget: {ram: \(value)}\nmål: []\n"
            #expect(try Self.fix(tail, unsafe: true) == tail, "\(value)")
        }
        // Units other than percent change the magnitude: never dropped.
        for value in ["\"2,5 mnkr\"", "1 mdkr", "9 av 10"] {
            let tail = "budget: {ram: \(value)}\nmål: []\n"
            #expect(try Self.fix(tail, unsafe: true) == tail, "\(value)")
        }
    }

    @Test func twoKeysNeverBecomeOne() throws {
        let tail = "mål:\n  - id: B1\n    text: Minst 85 procent ska läsa 2027.\n    indikatorer:\n      - id: I1\n        namn: Läsning\n        målvärd: {värde: 85, år: 2027, riktning: minst}\n        målvärdee: {värde: 86, år: 2027, riktning: minst}\n"
        #expect(try Self.fix(tail, unsafe: true) == tail)
    }

    @Test func aLinkIsNeverFixedIntoOneTheListHas() throws {
        let tail = "mål:\n  - {id: B1, text: Minst 85 procent ska läsa 2027., bidrar_till: [KF1, KF7]}\n"
        #expect(try Self.fix(tail, unsafe: true) == tail)
    }

    @Test func aFileWithOtherHardLinksIsLeftAlone() throws {
        let root = try TestSupport.repository(["styrlint.yml": "version: 1\n", "plans/kf.yaml": FixTests.council,
                                               "plans/p.yaml": Self.head + "budget: {ram: \"84\"}\nmål: []\n"])
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.linkItem(atPath: root + "/plans/p.yaml", toPath: root + "/utanför.txt")
        let run = try TestSupport.run(["check", "--per", "2025-06-01", "--fix"], in: root)
        #expect(run.stderr.contains("plans/p.yaml: filen har fler hårda länkar"))
        #expect(try String(contentsOfFile: root + "/plans/p.yaml", encoding: .utf8).contains("\"84\""))
    }
}
