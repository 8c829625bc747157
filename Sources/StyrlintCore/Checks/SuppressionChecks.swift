/// Checks on `# styrlint: ignorera ...` comments: auditors must see what was waived and why.
enum SuppressionChecks {
    static let all: [CheckFunction] = [suppressionComment, unusedSuppression, skippedChecks]

    static let skippedChecks = CheckFunction(
        "skipped-checks",
        "A document whose value for a key that rules filter on (`where: {nivå: …}`) is invalid, with no clear intended value, would be passed over silently by those rules. One finding per key names them. Arguments `{key}`, `{value}`, `{count}`, `{rules}`. Used with `given: dokument`.",
        parameters: [],
        emits: [Emission(nil, fills: ["count", "key", "rules", "value"])],
        selectors: [.dokument]
    ) { element, context in
        // Only a document with a typing problem can have an invalid filter value: most have none.
        guard let document = element.document, document.loadProblems.contains(where: { $0.check == .type }),
              let root = document.tree?.root else { return [] }
        let keys = Set(context.ruleScopes.flatMap(\.filter.keys)).sorted()
        var hits: [Hit] = []
        for key in keys {
            // Invalid means the loader reported the value (DOK005) and found no clear reading;
            // a value read as meant (another letter case) runs every rule.
            guard let node = root[key], let value = node.scalar,
                  document.loadProblems.contains(where: { $0.check == .type && $0.range == node.range }),
                  !context.ruleScopes.contains(where: { $0.filter[key]?.contains(value) == true }) else { continue }
            var kinds: [ElementKind: Bool] = [:]
            let skipped = context.ruleScopes.filter { scope in
                guard scope.filter[key] != nil else { return false }
                if kinds[scope.given] == nil { kinds[scope.given] = !Element.elements(scope.given, in: document).isEmpty }
                return kinds[scope.given]!
            }.map(\.id).sorted()
            guard !skipped.isEmpty else { continue }
            hits.append(Hit(arguments: ["key": key, "value": SchemaValidator.shorten(value), "count": "\(skipped.count)",
                                        "rules@sv": NumberText.list(skipped, .sv), "rules@en": NumberText.list(skipped, .en)],
                            location: document.location(node), subject: "\(document.subjectID)/hoppade-över:\(key)"))
        }
        return hits
    }

    static let suppressionComment = CheckFunction(
        "suppression-comment",
        "A suppression comment must name rules that exist and give a reason after `--`. Variants `noReason` (`{rules}`), `noRules`, `unknownRule` (`{rule}`).",
        parameters: [],
        emits: [
            Emission("noReason", fills: ["rules"]),
            Emission("noRules", fills: []),
            Emission("unknownRule", fills: ["rule"]),
        ],
        selectors: [.dokument]
    ) { element, context in
        guard let document = element.document else { return [] }
        var hits: [Hit] = []
        for suppression in document.suppressions {
            let location = Location(file: document.path, range: SourceRange(
                start: SourcePosition(line: suppression.line, column: suppression.column),
                end: SourcePosition(line: suppression.line, column: suppression.column)))
            let subject = "\(document.subjectID)/ignorera:\(suppression.rules.joined(separator: ","))@\(suppression.coveredLines.lowerBound - suppression.line)"
            if suppression.rules.isEmpty {
                hits.append(Hit(variant: "noRules", location: location, subject: subject))
                continue
            }
            for rule in suppression.rules where !context.ruleIDs.contains(rule) {
                hits.append(Hit(variant: "unknownRule", arguments: ["rule": rule], location: location, subject: "\(subject)/\(rule)"))
            }
            if suppression.reason == nil {
                hits.append(Hit(variant: "noReason", arguments: ["rules": suppression.rules.joined(separator: ", ")],
                                location: location, subject: subject))
            }
        }
        return hits
    }

    static let unusedSuppression = CheckFunction(
        "unused-suppression",
        "A suppression comment (with a reason) that waives no finding of a rule it names: the problem is fixed, so the comment should go. Argument `{rule}`. Runs after every other rule.",
        parameters: [], runsAfterOtherRules: true,
        emits: [Emission(nil, fills: ["reason", "rule"])],
        selectors: [.dokument]
    ) { element, context in
        guard let document = element.document else { return [] }
        return document.suppressions.flatMap { suppression -> [Hit] in
            guard suppression.reason != nil else { return [] }
            return suppression.rules.filter { context.activeRuleIDs.contains($0) && !context.usedSuppressions.contains("\(document.path):\(suppression.line):\($0)") }
                .map { rule in
                    Hit(arguments: ["rule": rule, "reason": suppression.reason ?? ""],
                        location: Location(file: document.path, range: SourceRange(
                            start: SourcePosition(line: suppression.line, column: suppression.column),
                            end: SourcePosition(line: suppression.line, column: suppression.column))),
                        subject: "\(document.subjectID)/ignorera:\(rule)")
                }
        }
    }
}
