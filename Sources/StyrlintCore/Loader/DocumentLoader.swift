/// Bytes of one file → a typed `Document` with every load problem recorded.
public enum DocumentLoader {
    public static func load(path: String, bytes: [UInt8], limits: ParseLimits) -> Document {
        let parsed = YAMLParser.parse(bytes, limits: limits)
        var problems = parsed.problems.map { problem(from: $0, path: path) }
        guard let tree = parsed.tree else {
            if !parsed.problems.contains(where: \.isFatal) {
                problems.append(LoadProblem(check: .documentType, variant: "empty", arguments: [:], range: .fileStart, subject: path))
            }
            return Document(path: path, tree: nil, kind: nil, loadProblems: problems)
        }
        let suppressions = SuppressionScanner.scan(bytes, tree: tree)
        if let root = tree.root, root.isNull {
            // `---` alone, or only a document marker and comments: an empty document.
            problems.append(LoadProblem(check: .documentType, variant: "empty", arguments: [:], range: .fileStart, subject: path))
            return Document(path: path, tree: tree, kind: nil, loadProblems: problems, suppressions: suppressions)
        }
        guard let root = tree.root, root.isMapping else {
            let found = tree.root.map(SchemaValidator.describe) ?? ""
            problems.append(LoadProblem(check: .documentType, variant: "notMapping", arguments: ["found": found],
                                        range: tree.root?.range ?? .fileStart, subject: path))
            return Document(path: path, tree: tree, kind: nil, loadProblems: problems)
        }
        let subject = root["id"]?.scalar ?? path
        guard let typeNode = root["typ"], !typeNode.isNull else {
            problems.append(LoadProblem(check: .documentType, variant: "missing",
                                        arguments: ["accepted": DocumentKind.allCases.map(\.rawValue).joined(separator: ", ")],
                                        range: SourceRange(start: root.start, end: root.start), subject: "\(subject)/typ"))
            return Document(path: path, tree: tree, kind: nil, loadProblems: problems, suppressions: suppressions)
        }
        guard let typeName = typeNode.scalar, let kind = DocumentKind(rawValue: typeName) else {
            let written = typeNode.scalar ?? SchemaValidator.describe(typeNode)
            var arguments = ["value": written, "accepted": DocumentKind.allCases.map(\.rawValue).joined(separator: ", ")]
            arguments["suggestion"] = Suggestion.closest(to: written, among: DocumentKind.allCases.map(\.rawValue))
            problems.append(LoadProblem(check: .documentType, variant: arguments["suggestion"] == nil ? "unknown" : "unknownSuggestion",
                                        arguments: arguments, range: typeNode.range, subject: "\(subject)/typ"))
            return Document(path: path, tree: tree, kind: nil, loadProblems: problems)
        }
        var validator = SchemaValidator(subjectPrefix: subject)
        validator.validate(root, as: Schema.schema(for: kind))
        problems += validator.problems
        return Document(path: path, tree: tree, kind: kind, loadProblems: problems, suppressions: suppressions)
    }

    /// A document that could not be read at all.
    public static func unreadable(path: String, reason: String, variant: String = "unreadable") -> Document {
        Document(path: path, tree: nil, kind: nil, loadProblems: [
            LoadProblem(check: .syntax, variant: variant, arguments: ["reason": reason], range: .fileStart, subject: path),
        ])
    }

    static func problem(from parseProblem: ParseProblem, path: String) -> LoadProblem {
        let range = SourceRange(start: parseProblem.position, end: parseProblem.position)
        func make(_ check: LoadProblem.Check, _ variant: String?, _ arguments: [String: String]) -> LoadProblem {
            LoadProblem(check: check, variant: variant, arguments: arguments, range: range,
                        subject: "\(path)/\(variant ?? check.rawValue)\(parseProblem.detail)")
        }
        switch parseProblem.kind {
        case .syntax(let problem, let context):
            return make(.syntax, context == nil ? nil : "withContext", ["problem": problem, "context": context ?? ""])
        case .tooDeep(let limit):
            return make(.syntax, "tooDeep", ["limit": "\(limit)"])
        case .aliasExpansion(let limit):
            return make(.syntax, "aliasExpansion", ["limit": "\(limit)"])
        case .tooManyNodes(let limit):
            return make(.syntax, "tooManyNodes", ["limit": "\(limit)"])
        case .undefinedAlias(let name):
            return make(.syntax, "undefinedAlias", ["name": name])
        case .severalDocuments:
            return make(.syntax, "severalDocuments", [:])
        case .duplicateKey(let key, let firstLine):
            return make(.duplicateKey, nil, ["key": key, "firstLine": "\(firstLine)"])
        case .unsupportedTag(let tag):
            let written = tag.hasPrefix("tag:yaml.org,2002:") ? "!!" + tag.dropFirst("tag:yaml.org,2002:".count) : tag
            return make(.type, "tag", ["tag": written])
        case .mergeKey:
            return make(.type, "mergeKey", [:])
        case .nonScalarKey:
            return make(.type, "nonScalarKey", [:])
        case .timeLimit(let seconds):
            return make(.syntax, "timeLimit", ["limit": seconds.formattedPlain])
        }
    }
}
