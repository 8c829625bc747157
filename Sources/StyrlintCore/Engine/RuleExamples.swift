/// Runs rules over in-memory repositories: the rule examples (`styrlint verify-rules`,
/// the test suite) and anyone embedding the engine.
public enum InMemoryCheck {
    /// The check date rule examples use unless they name one, so examples never age.
    public static let exampleDate = Day(year: 2026, month: 2, day: 15)!

    public static func run(files: [(path: String, text: String)], configText: String?, rules: [Rule],
                           checkDate: Day, language: Language = .sv, knownRuleIDs: Set<String> = []) throws -> [Finding] {
        let config = try configText.map { try Config.parse(bytes: Array($0.utf8), displayPath: Config.fileName) } ?? Config()
        let documents = files.map { DocumentLoader.load(path: $0.path, bytes: Array($0.text.utf8), limits: config.limits) }
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

    public var passed: Bool {
        guard error == nil else { return false }
        if let expected = example.count { return findings.count == expected }
        return triggering ? !findings.isEmpty : findings.isEmpty
    }

    public var description: String {
        let kind = triggering ? "triggering" : "non-triggering"
        if let error { return "\(rule) \(kind) example at line \(example.line): \(error)" }
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
