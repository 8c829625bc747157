import Foundation
import Testing
@testable import StyrlintCore

/// Every rule's triggering and non-triggering examples, from the rule files themselves.
@Suite struct RuleExampleTests {
    @Test("the built-in pack loads")
    func packLoads() throws {
        let rules = try RuleLoader.builtinRules()
        #expect(rules.count >= 68)
        #expect(Set(rules.map(\.id)).count == rules.count)
    }

    @Test("rule examples", arguments: TestSupport.builtinRules)
    func examples(rule: Rule) {
        #expect(!rule.triggering.isEmpty, "\(rule.id) has no triggering example")
        #expect(!rule.nonTriggering.isEmpty, "\(rule.id) has no non-triggering example")
        // Every triggering example says where each finding is and which message it gets.
        for example in rule.triggering {
            #expect(example.expect?.isEmpty == false, "\(rule.id) example at line \(example.line) has no expect list")
        }
        for outcome in RuleExamples.run(rule, pack: TestSupport.builtinRules) {
            #expect(outcome.passed, "\(outcome.description)")
        }
    }

    @Test func anExampleFailsOnAWrongPositionOrMessage() throws {
        let text = try String(contentsOfFile: TestSupport.packageRoot + "/rules/RT003.yaml", encoding: .utf8)
        let rule = try RuleLoader.parse(text: text, origin: "rules/RT003.yaml")
        let example = try #require(rule.triggering.first)
        #expect(RuleExamples.run(rule, pack: TestSupport.builtinRules).first?.passed == true)
        for wrong in [["plans/bun-vp-2026.yaml:10:106 notFound"], ["plans/bun-vp-2026.yaml:9:106"], ["plans/bun-vp-2026.yaml:9:106 focusArea"], ["plans/bun-vp-2026.yaml:9:106 notFound", "plans/bun-vp-2026.yaml:9:106 notFound"]] {
            var moved = rule
            var changed = example
            changed.expect = wrong
            moved.triggering = [changed]
            moved.nonTriggering = []
            let outcome = try #require(RuleExamples.run(moved, pack: TestSupport.builtinRules).first)
            #expect(!outcome.passed, "\(wrong) must not pass")
        }
    }

    /// The binary reads its rules from libyaml's events recorded at build time: replayed,
    /// they must build the very tree that parsing the file builds, node for node.
    @Test func theEmbeddedRulesAreTheRuleFilesParsed() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: TestSupport.packageRoot + "/rules").filter { $0.hasSuffix(".yaml") }.sorted()
        #expect(EmbeddedRules.files.map(\.name) == names)
        for file in EmbeddedRules.files {
            let bytes = try #require(FileManager.default.contents(atPath: TestSupport.packageRoot + "/rules/" + file.name))
            let parsed = try #require(YAMLParser.parse([UInt8](bytes), limits: RuleLoader.limits).tree)
            let recording = try #require(Data(base64Encoded: file.events))
            let replayed = try #require(YAMLParser.replay([UInt8](recording), limits: RuleLoader.limits)?.tree, "\(file.name)")
            #expect(replayed.records == parsed.records, "\(file.name)")
            #expect(replayed.children == parsed.children && replayed.scalars == parsed.scalars
                    && replayed.tags == parsed.tags && replayed.rootIndex == parsed.rootIndex, "\(file.name)")
            // A recording cut short is refused, never half read.
            #expect(YAMLParser.replay([UInt8](recording.prefix(recording.count / 2)), limits: RuleLoader.limits) == nil)
        }
    }

    @Test func aCheckReadsTheBuiltinRulesWithoutTheirExamples() throws {
        func dump(_ node: YAMLNode) -> String {
            let place = "@\(node.start.line):\(node.start.column)"
            if node.isMapping { return "{" + node.entries.map { dump($0.key) + ":" + dump($0.value) }.joined(separator: ",") + "}" + place }
            if node.isSequence { return "[" + node.items.map(dump).joined(separator: ",") + "]" + place }
            return (node.scalar ?? "~") + place
        }
        for file in EmbeddedRules.files {
            let recording = try #require(Data(base64Encoded: file.events))
            let full = try #require(YAMLParser.replay([UInt8](recording), limits: RuleLoader.limits)?.tree?.root)
            let lean = try #require(YAMLParser.replay([UInt8](recording), limits: RuleLoader.limits, leaving: [Array("examples".utf8)])?.tree?.root)
            let kept = full.entries.filter { $0.key.scalar != "examples" }
            #expect(kept.count == full.entries.count - 1, "\(file.name) has examples")
            #expect(lean.entries.map { dump($0.key) + dump($0.value) } == kept.map { dump($0.key) + dump($0.value) }, "\(file.name)")
        }
        let full = try RuleLoader.builtinRules()
        let lean = try RuleLoader.builtinRules(examples: false)
        #expect(lean.map(\.id) == full.map(\.id))
        #expect(lean.allSatisfy { $0.triggering.isEmpty && $0.nonTriggering.isEmpty })
        #expect(full.allSatisfy { !$0.triggering.isEmpty })
        // The check's pack skips the contract checks the full pack passed: the same rules,
        // option for option.
        for (a, b) in zip(lean, full) {
            #expect(a.message == b.message && a.variants == b.variants && a.description == b.description && a.checks.map(\.function) == b.checks.map(\.function), "\(a.id)")
            #expect(a.checks.map { $0.options.keys.sorted() } == b.checks.map { $0.options.keys.sorted() }, "\(a.id)")
            #expect(a.severity == b.severity && a.given == b.given && a.filter == b.filter && a.supersededBy == b.supersededBy, "\(a.id)")
        }
    }

    @Test func expectationsAreLineColumnAndAVariant() {
        for good in ["9:5", "9:5 notFound", "plans/a.yaml:10:106 focusArea2", "a:1:1"] {
            #expect(RuleLoader.isExpectation(good), "\(good)")
        }
        for bad in ["", "9", "9:", ":5", "9:5 ", "9:5 not found", "9:5 2nd", "9:5 ej_funnen", "x y:1:2", "a:b:1:2", "9:5a", "9:5 målet", ":1:2", "10:5\n", "10:5 notFound\n", "10:5\r\n"] {
            #expect(!RuleLoader.isExpectation(bad), "\(bad)")
        }
    }

    @Test func messagesFillTheirPlaceholdersOnly() {
        let arguments = ["id": "BUN1", "värde": "3,5 %", "mål_2": "{id}"]
        #expect(MessageTemplate.render("Målet {id} når {värde} – {okänd}, {inte en}, {}, {{id}}, {mål_2} {x", arguments)
                == "Målet BUN1 når 3,5 % – {okänd}, {inte en}, {}, {BUN1}, {id} {x")
        #expect(MessageTemplate.render("", arguments) == "")
        #expect(MessageTemplate.render("{id}", arguments) == "BUN1")
        #expect(MessageTemplate.render("ända till slutet {", arguments) == "ända till slutet {")
    }

    @Test func placeholdersAreNamesInBraces() {
        #expect(MessageTemplate.placeholders("{id}: {värde} av {mål_2}, {inte en}, {}, {x") == ["id", "värde", "mål_2"])
        // What the load check reads is what rendering fills, also inside a stray brace.
        #expect(MessageTemplate.placeholders("{{id}} {okänd") == ["id"])
        #expect(MessageTemplate.render("{{id}} {okänd", ["id": "BUN1"]) == "{BUN1} {okänd")
    }

    @Test("every message variant a rule declares renders without stray placeholders", arguments: TestSupport.builtinRules)
    func messagesAreBilingual(rule: Rule) {
        for text in [rule.message] + Array(rule.variants.values) {
            #expect(!text.sv.isEmpty && !text.en.isEmpty)
            #expect(MessageTemplate.placeholders(text.sv).sorted() == MessageTemplate.placeholders(text.en).sorted(),
                    "\(rule.id): Swedish and English messages use different placeholders")
        }
    }

    /// The catalogue in the product specification: ids and default severities are a contract.
    static let catalogue: [String: Severity] = [
        "DOK001": .fel, "DOK002": .fel, "DOK003": .fel, "DOK004": .fel, "DOK005": .fel, "DOK006": .varning, "DOK007": .fel,
        "RT001": .fel, "RT002": .fel, "RT003": .fel, "RT004": .fel, "RT005": .varning, "RT006": .varning, "RT007": .fel,
        "RT008": .varning, "RT009": .varning, "RT010": .varning,
        "SM001": .varning, "SM002": .fel, "SM003": .varning, "SM004": .varning, "SM005": .fel, "SM006": .fel,
        "SM007": .varning, "SM008": .varning, "SM009": .info,
        "MV001": .fel, "MV002": .varning, "MV003": .varning, "MV004": .varning, "MV005": .fel, "MV006": .info,
        "MV007": .info, "MV008": .varning, "MV009": .varning, "MV010": .info,
        "VP001": .varning, "VP002": .info, "VP003": .fel, "VP004": .varning, "VP005": .varning, "VP006": .varning,
        "VP007": .varning, "VP008": .fel, "VP009": .fel,
        "IK001": .fel, "IK002": .fel, "IK003": .fel, "IK004": .fel, "IK005": .varning, "IK006": .varning,
        "IK007": .varning, "IK008": .fel, "IK009": .varning, "IK010": .fel, "IK011": .varning,
        "RP001": .varning, "RP002": .fel, "RP003": .fel, "RP004": .fel, "RP005": .varning, "RP006": .fel,
        "RP007": .varning, "RP008": .fel, "RP009": .info, "RP010": .varning, "RP011": .varning, "RP012": .fel,
    ]

    @Test("the catalogue's ids exist with their default severities")
    func catalogueIsComplete() {
        let rules = Dictionary(uniqueKeysWithValues: TestSupport.builtinRules.map { ($0.id, $0) })
        for (id, severity) in Self.catalogue.sorted(by: { $0.key < $1.key }) {
            #expect(rules[id]?.severity == severity, "\(id) missing or with another severity")
        }
    }

    @Test("rationales cite the routine or the law", arguments: TestSupport.builtinRules)
    func rationaleCitesSource(rule: Rule) {
        let text = rule.rationale.sv + rule.rationale.en + rule.source
        #expect(text.contains("§") || text.contains("Gemensamma begrepp") || text.contains("KL") || text.contains("LKBR")
                || text.contains("format") || text.contains("Inledning") || text.contains("Styrmodellen"),
                "\(rule.id) cites no source")
    }
}
