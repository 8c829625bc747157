import Foundation
/// Runs rules over in-memory repositories: the rule examples (`styrlint verify-rules`,
/// the test suite) and anyone embedding the engine.
public enum InMemoryCheck {
    /// Several documents in one text, split at lines `#---`, each named by its first line
    /// when that is a comment (`# name`): how the fuzz target and the mutation tests put
    /// colliding names, twins and references between documents into one input.
    public static func documents(splitting text: String) -> [(path: String, text: String)] {
        text.components(separatedBy: "\n#---").prefix(4).enumerated().map { index, part in
            let firstLine = part.split(separator: "\n", maxSplits: 1).first.map(String.init) ?? ""
            let name = firstLine.hasPrefix("# ") ? String(firstLine.dropFirst(2).prefix(64)) : "fuzz-\(index)"
            return ("plans/\(name).yaml", part)
        }
    }

    /// Every output format rendered and made safe for its context; true when none lets a
    /// control character through and the JSON formats parse.
    public static func renderEverywhere(_ findings: [Finding], rules: [Rule]) -> Bool {
        // Only the rules that fired: SARIF describes each, and the whole catalogue per input
        // would slow the fuzzer tenfold without reaching more code.
        let fired = Set(findings.map(\.rule))
        let result = CheckResult.inMemory(findings: findings, rules: rules.filter { fired.contains($0.id) }, checkDate: exampleDate)
        // Every registered format, through the escaping its context gets from the writer.
        var outputs: [(format: String, context: OutputContext, text: String)] = []
        for reporter in Reporters.all {
            guard let text = try? reporter.init(options: ReportOptions(language: .sv)).render(result) else { return false }
            outputs.append((reporter.format, reporter.context, reporter.context.apply(text)))
        }
        let clean = outputs.allSatisfy { output in
            !output.text.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\n" && $0 != "\t" && $0 != "\r") || (0x7F...0x9F).contains($0.value) }
        }
        let json = outputs.filter { $0.context == .json }.map(\.text)
        let parses = json.allSatisfy { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) != nil }
        return clean && parses && json.count == 3
    }

    /// The check date rule examples use unless they name one, so examples never age.
    public static let exampleDate = Day(year: 2026, month: 2, day: 15)!

    public static func run(files: [(path: String, text: String)], configText: String?, rules: [Rule],
                           checkDate: Day, language: Language = .sv, knownRuleIDs: Set<String> = []) throws -> [Finding] {
        var config = try configText.map { try Config.parse(bytes: Array($0.utf8), displayPath: Config.fileName) } ?? Config()
        var files = files
        // A Kolada catalogue among the example's files is the catalogue, not a document.
        if let catalogue = config.kolada.catalogue, let file = files.first(where: { $0.path == catalogue }) {
            config.kolada.loaded = try KoladaCatalogue.decode(Array(file.text.utf8), displayPath: file.path)
            files.removeAll { $0.path == catalogue }
        }
        let imports = Dictionary(config.imports.sources.map { ($0.file, $0.request) }, uniquingKeysWith: { first, _ in first })
        let documents = files.map { file in
            imports[file.path].map { DocumentLoader.loadImported(path: file.path, bytes: Array(file.text.utf8), request: $0, limits: config.limits) }
                ?? DocumentLoader.load(path: file.path, bytes: Array(file.text.utf8), limits: config.limits)
        }
        let repository = Repository(root: "/", config: config, documents: documents, reportedPaths: nil)
        return try Engine(rules: rules, config: config, language: language, knownRuleIDs: knownRuleIDs).run(repository, checkDate: checkDate)
    }
}

/// The outcome of one rule example.
public struct ExampleOutcome: Sendable {
    public var rule: String
    public var triggering: Bool
    public var example: RuleExample
    public var findings: [Finding]
    public var error: String?

    /// The findings as the example's `expect` writes them, sorted.
    public var actual: [String] {
        findings.map { $0.expectation(withFile: example.files.count > 1) }.sorted()
    }

    public var passed: Bool {
        guard error == nil else { return false }
        if let expect = example.expect { return actual == expect.sorted() }
        if let expected = example.count { return findings.count == expected }
        return triggering ? !findings.isEmpty : findings.isEmpty
    }

    public var description: String {
        let kind = triggering ? "triggering" : "non-triggering"
        if let error { return "\(rule) \(kind) example at line \(example.line): \(error)" }
        if let expect = example.expect {
            return "\(rule) \(kind) example at line \(example.line): expected \(expect.sorted()), got \(actual)"
        }
        let expected = example.count.map { "exactly \($0)" } ?? (triggering ? "at least one" : "no")
        let got = findings.map { "\($0.file):\($0.line):\($0.column): \($0.message)" }.joined(separator: "; ")
        return "\(rule) \(kind) example at line \(example.line): expected \(expected) finding(s), got \(findings.count)\(got.isEmpty ? "" : ": \(got)")"
    }
}

public enum RuleExamples {
    /// Runs every example of `rule`, each with only that rule active (plus the example's
    /// `with_rules`, taken from `pack`).
    public static func run(_ rule: Rule, pack: [Rule] = []) -> [ExampleOutcome] {
        let cases = rule.triggering.map { (true, $0) } + rule.nonTriggering.map { (false, $0) }
        return cases.map { triggering, example in
            do {
                let others = try example.withRules.map { id in
                    guard let other = pack.first(where: { $0.id == id }) else { throw StyrlintError("with_rules: unknown rule \(id)") }
                    return other
                }
                let findings = try InMemoryCheck.run(files: example.files, configText: example.config, rules: [rule] + others,
                                                     checkDate: example.checkDate ?? InMemoryCheck.exampleDate, language: .sv,
                                                     knownRuleIDs: Set(pack.map(\.id)))
                return ExampleOutcome(rule: rule.id, triggering: triggering, example: example,
                                      findings: findings.filter { $0.rule == rule.id })
            } catch {
                return ExampleOutcome(rule: rule.id, triggering: triggering, example: example, findings: [], error: "\(error)")
            }
        }
    }
}
