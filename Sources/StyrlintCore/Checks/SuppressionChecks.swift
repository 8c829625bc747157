/// Checks on `# styrlint: ignorera ...` comments: auditors must see what was waived and why.
enum SuppressionChecks {
    static let all: [CheckFunction] = [suppressionComment, unusedSuppression]

    static let suppressionComment = CheckFunction(
        "suppression-comment",
        "A suppression comment must name rules that exist and give a reason after `--`. Variants `noReason` (`{rules}`), `noRules`, `unknownRule` (`{rule}`).",
        parameters: []
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
        parameters: [], runsAfterOtherRules: true
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
