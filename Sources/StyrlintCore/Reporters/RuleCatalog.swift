/// Documentation generated from the rule registry: `styrlint explain`, `styrlint rules
/// --format markdown` (docs/rules.md) and `styrlint functions`.
public enum RuleCatalog {
    /// Where a rule is documented, for the version that produced a report.
    public static func documentationURL(_ id: String) -> String {
        "https://github.com/styrlint/styrlint/blob/v\(Version.current)/docs/rules.md#\(id.lowercased())"
    }

    static let familyTitles: [String: String] = [
        "DOK": "DOK: documents and format",
        "RT": "RT: röda tråden",
        "SM": "SM: SMARTA mål",
        "MV": "MV: målvärden and indikatorer",
        "VP": "VP: the verksamhetsplan as a whole",
        "IK": "IK: intern kontroll and riskanalys",
        "RP": "RP: reports and the årshjul",
    ]

    public static func explain(_ rule: Rule, language: Language) -> String {
        let labels = language == .sv
            ? (severity: "Allvarlighet", applies: "Gäller", function: "Kontroll", why: "Varför", source: "Källa", bad: "Utlöser", good: "Utlöser inte")
            : (severity: "Severity", applies: "Applies to", function: "Check", why: "Why", source: "Source", bad: "Triggers", good: "Does not trigger")
        var text = "\(rule.id) \(rule.name): \(rule.title.text(language))\n\n"
        text += "\(labels.severity): \(rule.severity.label(language))\n"
        text += "\(labels.applies): \(appliesTo(rule))\n"
        text += "\(labels.function): \(rule.checks.map(describe).joined(separator: "; "))\n"
        if !rule.source.isEmpty { text += "\(labels.source): \(rule.source)\n" }
        if let fixable = fixable(rule, language: language) { text += (language == .sv ? "Åtgärdas med --fix: " : "Fixed by --fix: ") + fixable + "\n" }
        text += "\n\(rule.description.text(language).trimmed)\n\n\(labels.why): \(rule.rationale.text(language).trimmed)\n"
        text += wordLists(rule, language: language)
        if let example = rule.triggering.first {
            text += "\n\(labels.bad):\n\n" + indent(exampleText(example)) + "\n"
        }
        if let example = rule.nonTriggering.first {
            text += "\n\(labels.good):\n\n" + indent(exampleText(example)) + "\n"
        }
        return text
    }

    /// An example as files a user can copy: one file as it is, several each under a
    /// comment naming it (never `---`, which the format refuses in a plan file).
    static func exampleText(_ example: RuleExample) -> String {
        guard example.files.count > 1 else { return example.files.first?.text.trimmed ?? "" }
        return example.files.map { "# \($0.path)\n\($0.text.trimmed)" }.joined(separator: "\n\n")
    }

    /// The help text of a rule for SARIF viewers.
    public static func helpMarkdown(_ rule: Rule, language: Language) -> String {
        var text = "**\(rule.id) \(rule.name)**: \(rule.title.text(language))\n\n\(rule.description.text(language).trimmed)\n\n"
        text += (language == .sv ? "Varför: " : "Why: ") + rule.rationale.text(language).trimmed + "\n"
        if let example = rule.triggering.first {
            text += "\n" + (language == .sv ? "Utlöser:" : "Triggers:") + "\n\n```yaml\n\(exampleText(example))\n```\n"
        }
        return text
    }

    /// How each word list of the rule is read: the stem of every entry and the forms it
    /// adds, so a rule author sees what a base form will match.
    static func wordLists(_ rule: Rule, language: Language) -> String {
        var text = ""
        for check in rule.checks {
            for name in (CheckFunctions.byName[check.function]?.wordListOptions ?? []).sorted() {
                guard let entries = check.options[name]?.strings, !entries.isEmpty, name != "joiners" else { continue }
                text += language == .sv ? "\nOrdlistan \(name) läses så (ord → stam; böjningsformer):\n" : "\nThe word list \(name) is read as (word → stem; inflections):\n"
                for entry in entries {
                    text += "  \(entry) → " + WordPatterns.explain(entry) + "\n"
                }
            }
        }
        return text
    }

    /// Which of the rule's message variants `--fix` repairs, and how safely; nil when none.
    static func fixable(_ rule: Rule, language: Language) -> String? {
        var seen = Set<String>()
        let fixes = rule.checks.compactMap { CheckFunctions.byName[$0.function] }.flatMap { $0.fixes(for: rule) }
            .filter { seen.insert($0.variant).inserted }
        guard !fixes.isEmpty else { return nil }
        return fixes.map { variant, applicability in
            let safety = applicability == [.safe] ? (language == .sv ? "säker" : "safe")
                : applicability == [.unsafe] ? (language == .sv ? "osäker, kräver --unsafe-fixes" : "unsafe, needs --unsafe-fixes")
                : (language == .sv ? "säker eller osäker beroende på värdet" : "safe or unsafe depending on the value")
            return "\(variant) (\(safety))"
        }.joined(separator: ", ")
    }

    static func appliesTo(_ rule: Rule) -> String {
        var text = "`\(rule.given.rawValue)`"
        for key in rule.filter.keys.sorted() {
            text += " where \(key) ∈ {\(rule.filter[key]!.joined(separator: ", "))}"
        }
        for (path, accepted) in rule.elementFilter.values {
            text += " when \(path) ∈ {\(accepted.joined(separator: ", "))}"
        }
        for path in rule.elementFilter.present {
            text += " when \(path) is present"
        }
        return text
    }

    static func describe(_ check: RuleCheck) -> String {
        guard !check.options.isEmpty else { return check.function }
        let options = check.options.keys.sorted().map { "\($0): \(check.options[$0]!.description)" }.joined(separator: ", ")
        return "\(check.function) {\(options)}"
    }

    static func indent(_ text: String) -> String {
        text.trimmed.split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? "" : "    \($0)" }.joined(separator: "\n")
    }

    public static func markdown(rules: [Rule], functions: [CheckFunction]) -> String {
        var text = "# Rules\n\n"
        text += "Generated from the rule pack by `styrlint rules --format markdown`; a test fails when this file is stale. "
        text += "Every rule lives in one file under `rules/`, with its messages, rationale and examples. "
        text += "Change a rule's severity or parameters in `styrlint.yml` (see the README).\n\n"
        text += "| id | name | severity | title |\n|---|---|---|---|\n"
        for rule in rules {
            text += "| [\(rule.id)](#\(rule.id.lowercased())) | `\(rule.name)` | \(rule.severity.rawValue) | \(rule.title.en) |\n"
        }
        var family = ""
        for rule in rules {
            if rule.family != family {
                family = rule.family
                text += "\n## \(familyTitles[family] ?? family)\n"
            }
            text += "\n### \(rule.id)\n\n"
            text += "**`\(rule.name)`**, \(rule.severity.rawValue). \(rule.title.en) / *\(rule.title.sv)*\n\n"
            text += "\(rule.description.en.trimmed)\n\n"
            text += "- Applies to: \(appliesTo(rule))\n"
            text += "- Check: " + rule.checks.map { "`\(describe($0))`" }.joined(separator: ", ") + "\n"
            if !rule.source.isEmpty { text += "- Source: \(rule.source)\n" }
            if let fixable = fixable(rule, language: .en) { text += "- Fix: \(fixable)\n" }
            text += "- Signal (the audit report's traffic light): \(rule.signal.rawValue)\n"
            if !rule.supersededBy.isEmpty { text += "- Superseded by: \(rule.supersededBy.joined(separator: ", ")) (on the same element)\n" }
            text += "- Rationale: \(rule.rationale.en.trimmed)\n"
            // Only the messages a finding can carry: the main one when a function emits it,
            // and each variant.
            let emitsMain = rule.checks.contains { CheckFunctions.byName[$0.function]?.emits?.contains { $0.variant == nil } ?? true }
            if emitsMain { text += "- Message: \(rule.message.sv.trimmed) / \(rule.message.en.trimmed)\n" }
            for variant in rule.variants.keys.sorted() {
                text += "- Message `\(variant)`: \(rule.variants[variant]!.sv.trimmed) / \(rule.variants[variant]!.en.trimmed)\n"
            }
            if let example = rule.triggering.first {
                text += "\nTriggers:\n\n```yaml\n\(exampleText(example))\n```\n"
            }
            if let example = rule.nonTriggering.first {
                text += "\nDoes not trigger:\n\n```yaml\n\(exampleText(example))\n```\n"
            }
        }
        text += "\n" + functionsMarkdown(functions)
        return text
    }

    public static func functionsMarkdown(_ functions: [CheckFunction]) -> String {
        var text = "## Check functions\n\nA rule's `then.function` names one of these; `then.options` sets its parameters, and `styrlint.yml` may override them per rule under `regler.ID.parametrar`.\n"
        for function in functions {
            text += "\n### `\(function.name)`\n\n\(function.summary)\n"
            text += "\nApplies to: " + (function.selectors.map { $0.map { "`\($0.rawValue)`" }.joined(separator: ", ") } ?? "any selector") + ".\n"
            if let emits = function.emits {
                let described = emits.map { emission -> String in
                    let name = emission.variant.map { "`\($0)`" } ?? "the main `message`"
                    var notes: [String] = []
                    switch emission.condition {
                    case .always: break
                    case .option(let option): notes.append("with `\(option)`")
                    case .optionValue(let option, let values): notes.append("with `\(option)`: \(values.joined(separator: ", "))")
                    }
                    if !emission.placeholders.isEmpty {
                        notes.append("fills " + emission.placeholders.sorted().map { "`{\($0)}`" }.joined(separator: ", "))
                    }
                    return notes.isEmpty ? name : "\(name) (\(notes.joined(separator: "; ")))"
                }
                text += "\nMessages: \(described.joined(separator: ", ")). Every message may also use the element's "
                    + Emission.elementPlaceholders.sorted().map { "`{\($0)}`" }.joined(separator: ", ") + ".\n"
            } else {
                text += "\nMessages: the loader's own variants, one per kind of problem (see the DOK rules).\n"
            }
            if !function.fixes.isEmpty {
                text += "Fixes: " + function.fixes.keys.sorted().map { variant in
                    "`\(variant)` (\(function.fixes[variant]!.map(\.rawValue).sorted().joined(separator: " or ")))"
                }.joined(separator: ", ") + ".\n"
            }
            if !function.parameters.isEmpty {
                text += "\n| option | type | required | meaning |\n|---|---|---|---|\n"
                for parameter in function.parameters {
                    text += "| `\(parameter.name)` | \(parameter.kind.name) | \(parameter.required ? "yes" : "no") | \(parameter.summary) |\n"
                }
            }
        }
        text += "\n## Selectors (`given`)\n\n| selector | selects |\n|---|---|\n"
        for kind in ElementKind.allCases {
            text += "| `\(kind.rawValue)` | \(kind.summary) |\n"
        }
        return text
    }
}

extension String {
    var trimmed: String { trimmingCharacters(in: .whitespacesAndNewlines) }
}

import Foundation
