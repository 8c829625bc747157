import Foundation
import Testing
@testable import StyrlintCore

/// The bundled example municipality must give exactly the findings plans/README.md documents.
@Suite struct ExampleRepositoryTests {
    static let checkDate = Day(iso: "2026-02-15")!

    /// `file|rule` pairs from the defect tables of plans/README.md (tables whose header has "Regel").
    static func documentedFindings() throws -> Set<String> {
        let readme = try String(contentsOfFile: TestSupport.packageRoot + "/plans/README.md", encoding: .utf8)
        var pairs = Set<String>()
        var columns: [String]?
        for line in readme.split(separator: "\n").map(String.init) {
            guard line.hasPrefix("|") else { columns = nil; continue }
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).dropFirst().dropLast()
                .map { $0.trimmingCharacters(in: .whitespaces) }
            if columns == nil { columns = cells; continue }
            guard let header = columns, let fileColumn = header.firstIndex(of: "Fil"), let ruleColumn = header.firstIndex(of: "Regel"),
                  !line.hasPrefix("|---"), cells.count == header.count else { continue }
            let file = cells[fileColumn].split(separator: "`").map(String.init).first { $0.hasSuffix(".yaml") || $0.hasSuffix(".xlsx") } ?? ""
            for rule in cells[ruleColumn].split(whereSeparator: { !$0.isLetter && !$0.isNumber }) where rule.count >= 5 {
                pairs.insert("\(file)|\(rule)")
            }
        }
        return pairs
    }

    static func findings(per: Day = checkDate) throws -> [Finding] {
        var request = CheckRequest(paths: ["plans", "reports"], checkDate: per)
        request.currentDirectory = TestSupport.packageRoot
        return try Checker.run(request).findings
    }

    @Test func findingsAreExactlyTheDocumentedDefects() throws {
        let documented = try Self.documentedFindings()
        #expect(documented.count >= 20)
        let actual = Set(try Self.findings().filter(\.isActive).map { "\($0.file)|\($0.rule)" })
        #expect(actual.subtracting(documented).sorted() == [], "findings not documented in plans/README.md")
        #expect(documented.subtracting(actual).sorted() == [], "documented findings that did not fire")
    }

    @Test func theDocumentedSuppressionIsShownWithItsReason() throws {
        let suppressed = try Self.findings().filter { $0.suppression != nil }
        #expect(suppressed.map(\.rule) == ["MV006"])
        #expect(suppressed.first?.file == "plans/ks-2025.yaml")
        #expect(suppressed.first?.suppression?.reason.contains("tomtkön registrerar inte kön") == true)
    }

    @Test func everyRuleFamilyFires() throws {
        let families = Set(try Self.findings().map { String($0.rule.prefix { $0.isLetter }) })
        #expect(families == ["DOK", "RT", "SM", "MV", "VP", "IK", "RP"])
    }

    @Test func aMissingReportIsNotMissingBeforeItsDeadline() throws {
        let missingOctober = { (findings: [Finding]) in
            findings.contains { $0.rule == "RP002" && $0.message.contains("2025-10") && $0.file == "plans/kfn-2025.yaml" }
        }
        #expect(missingOctober(try Self.findings()))
        #expect(!missingOctober(try Self.findings(per: Day(iso: "2025-11-14")!)))
        #expect(missingOctober(try Self.findings(per: Day(iso: "2025-11-16")!)))
    }

    @Test func docsRulesMarkdownIsCurrent() throws {
        let generated = RuleCatalog.markdown(rules: TestSupport.builtinRules, functions: CheckFunctions.all)
        let onDisk = try String(contentsOfFile: TestSupport.packageRoot + "/docs/rules.md", encoding: .utf8)
        #expect(onDisk == generated, "docs/rules.md is stale: run `swift run styrlint rules --format markdown > docs/rules.md`")
    }
}
