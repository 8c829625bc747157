/// Bytes of one file → a typed `Document` with every load problem recorded.
public enum DocumentLoader {
    /// `digest`: hash the bytes for provenance and for `--fix`'s check that a file is
    /// unchanged; a plain check needs neither.
    public static func load(path: String, bytes: [UInt8], limits: ParseLimits, digest wanted: Bool = true) -> Document {
        let digest = wanted ? InputDigest(of: bytes) : nil
        let parsed = YAMLParser.parse(bytes, limits: limits)
        var problems = parsed.problems.map { problem(from: $0, path: path) }
        guard let tree = parsed.tree else {
            if !parsed.problems.contains(where: \.isFatal) {
                problems.append(LoadProblem(check: .documentType, variant: "empty", arguments: [:], range: .fileStart, subject: path))
            }
            return Document(path: path, digest: digest, tree: nil, kind: nil, loadProblems: problems)
        }
        let suppressions = SuppressionScanner.scan(bytes, tree: tree)
        if let root = tree.root, root.isNull {
            // `---` alone, or only a document marker and comments: an empty document.
            problems.append(LoadProblem(check: .documentType, variant: "empty", arguments: [:], range: .fileStart, subject: path))
            return Document(path: path, digest: digest, tree: tree, kind: nil, loadProblems: problems, suppressions: suppressions)
        }
        guard let root = tree.root, root.isMapping else {
            let found = tree.root.map(SchemaValidator.describe) ?? ""
            problems.append(LoadProblem(check: .documentType, variant: "notMapping", arguments: ["found": found],
                                        range: tree.root?.range ?? .fileStart, subject: path))
            return Document(path: path, digest: digest, tree: tree, kind: nil, loadProblems: problems)
        }
        let subject = root["id"]?.scalar ?? path
        guard let typeNode = root["typ"], !typeNode.isNull else {
            problems.append(LoadProblem(check: .documentType, variant: "missing",
                                        arguments: ["accepted": DocumentKind.allCases.map(\.rawValue).joined(separator: ", ")],
                                        range: SourceRange(start: root.start, end: root.start), subject: "\(subject)/typ"))
            return Document(path: path, digest: digest, tree: tree, kind: nil, loadProblems: problems, suppressions: suppressions)
        }
        guard let typeName = typeNode.scalar, let kind = DocumentKind(rawValue: typeName) else {
            let written = typeNode.scalar ?? SchemaValidator.describe(typeNode)
            var arguments = ["value": written, "accepted": DocumentKind.allCases.map(\.rawValue).joined(separator: ", ")]
            arguments["suggestion"] = Suggestion.closest(to: written, among: DocumentKind.allCases.map(\.rawValue))
            problems.append(LoadProblem(check: .documentType, variant: arguments["suggestion"] == nil ? "unknown" : "unknownSuggestion",
                                        arguments: arguments, range: typeNode.range, subject: "\(subject)/typ"))
            return Document(path: path, digest: digest, tree: tree, kind: nil, loadProblems: problems)
        }
        var validator = SchemaValidator(subjectPrefix: subject)
        validator.validate(root, as: Schema.schema(for: kind))
        // Fixes are byte edits of UTF-8 text: a file in another encoding gets none, so the
        // count of fixable findings is what --fix can do.
        // (Decoded only when a fix is on offer: most documents have none.)
        problems += validator.problems.contains(where: { $0.fix != nil }) && String(validating: bytes, as: UTF8.self) == nil
            ? validator.problems.map { problem in var problem = problem; problem.fix = nil; return problem }
            : validator.problems
        return Document(path: path, digest: digest, tree: tree.replacingScalars(validator.intended), kind: kind, loadProblems: problems,
                        suppressions: suppressions)
    }

    /// A plan kept as a workbook, Word document or CSV file: read into YAML by the
    /// importer, then loaded like any document. Its digest is that of the file itself, and
    /// every import note becomes a DOK011 finding at its cell.
    public static func loadImported(path: String, bytes: [UInt8], request: ImportRequest, limits: ParseLimits,
                                    digest wanted: Bool = true) -> Document {
        let plan: ImportedPlan
        do {
            plan = try PlanImporter.run(bytes, request: request)
        } catch let error as StyrlintError {
            return unreadable(path: path, reason: error.english, swedishReason: error.swedish, variant: "importFailed")
        } catch {
            return unreadable(path: path, reason: "\(error)", variant: "importFailed")
        }
        let loaded = load(path: path, bytes: Array(plan.yaml.utf8), limits: limits, digest: false)
        var problems = loaded.loadProblems.map { problem in var problem = problem; problem.fix = nil; return problem }
        for note in plan.notes {
            let position = SourcePosition(line: note.line, column: 1)
            var arguments = note.arguments
            arguments["cell"] = note.cell.text(.en)
            arguments["cell@sv"] = note.cell.text(.sv)
            problems.append(LoadProblem(check: .importing, variant: note.variant, arguments: arguments,
                                        range: SourceRange(start: position, end: position), subject: "\(path)/\(note.variant)/\(note.cell.text(.sv))"))
        }
        return Document(path: path, digest: wanted ? InputDigest(of: bytes) : nil, tree: loaded.tree, kind: loaded.kind, loadProblems: problems,
                        suppressions: [], cells: plan.cells)
    }

    /// A document that could not be read at all.
    public static func unreadable(path: String, reason: String, swedishReason: String? = nil, variant: String = "unreadable",
                                  arguments extra: [String: String] = [:]) -> Document {
        var arguments = ["reason": reason].merging(extra) { _, new in new }
        if let swedishReason { arguments["reason@sv"] = swedishReason }
        return Document(path: path, tree: nil, kind: nil, loadProblems: [
            LoadProblem(check: .syntax, variant: variant, arguments: arguments, range: .fileStart, subject: path),
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
            if YAMLMessages.isEncoding(problem) {
                return make(.syntax, "encoding", ["problem": problem, "problem@sv": YAMLMessages.swedish(problem)])
            }
            return make(.syntax, context == nil ? nil : "withContext",
                        ["problem": problem, "problem@sv": YAMLMessages.swedish(problem),
                         "context": context ?? "", "context@sv": context.map(YAMLMessages.swedish) ?? ""])
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

/// libyaml speaks English; the common problems in Swedish for the default language.
enum YAMLMessages {
    static func isEncoding(_ problem: String) -> Bool {
        ["UTF-8", "UTF-16", "octet", "surrogate", "control characters", "special characters", "encoding"].contains { problem.contains($0) }
    }

    static let swedish: [String: String] = [
        "mapping values are not allowed in this context": "ett kolon som inte får stå här; oftast fel indrag, eller en text med kolon som behöver citattecken",
        "did not find expected key": "hittade ingen nyckel där en väntades; kontrollera indraget",
        "did not find expected '-' indicator": "hittade inget '-' där en listpost väntades; kontrollera indraget",
        "did not find expected node content": "hittade inget värde där ett väntades",
        "did not find expected ',' or ']'": "hittade varken ',' eller ']' i en lista inom hakparenteser",
        "did not find expected ',' or '}'": "hittade varken ',' eller '}' i en mappning inom klamrar",
        "control characters are not allowed": "styrtecken är inte tillåtna",
        "invalid leading UTF-8 octet": "ogiltig inledande UTF-8-byte",
        "invalid trailing UTF-8 octet": "ogiltig UTF-8-byte",
        "incomplete UTF-8 octet sequence": "ofullständig UTF-8-sekvens",
        "found unexpected end of stream": "filen tar slut mitt i ett värde; ett citattecken eller en parentes stängs inte",
        "found character that cannot start any token": "ett tecken som inte kan inleda något i YAML, t.ex. tabb eller @ först i ett värde",
        "found a tab character that violates indentation": "en tabb i indraget; YAML drar in med mellanslag",
        "found a tab character where an indentation space is expected": "en tabb i indraget; YAML drar in med mellanslag",
        "found unknown escape character": "okänd escape-sekvens i en text inom dubbla citattecken",
        "could not find expected ':'": "hittade inget ':' efter nyckeln",
        "found undefined tag handle": "okänd tagg",
        "while parsing a block mapping": "i en mappning",
        "while parsing a block collection": "i en lista",
        "while parsing a flow sequence": "i en lista inom hakparenteser",
        "while parsing a flow mapping": "i en mappning inom klamrar",
        "while scanning a simple key": "i en nyckel",
        "while scanning a quoted scalar": "i en text inom citattecken",
        "while scanning a plain scalar": "i ett värde",
        "while parsing a block node": "i ett värde",
        "while scanning for the next token": "i texten",
    ]

    static func swedish(_ text: String) -> String { swedish[text] ?? text }
}
