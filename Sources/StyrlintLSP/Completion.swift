import Foundation
import StyrlintCore

/// Completion from the text before the cursor: ids where an id is expected, rule ids in
/// a suppression comment, keys and accepted values from the format's schema.
extension LanguageServer {
    /// Keys whose values name ids, and the document kinds where they do.
    static let suppressionComment = TextPattern(#"^\s*styrlint:\s*(ignorera|ignore)\b"#)

    static let referenceFields: Set<String> = ["bidrar_till", "överordnad", "organ", "risker", "mål", "plan", "kontrollmoment", "indikator"]

    func completion(_ params: JSONValue) -> Result<JSONValue, Failure> {
        guard let request = params.decode(LSP.TextDocumentPositionParams.self), let path = Self.path(request.textDocument.uri),
              let state = state(for: path) else { return .success(.null) }
        let map = positionMap(path)
        let position = map.source(request.position)
        guard let line = map.line(position.line - 1) else { return .success(.null) }
        let before = String(String.UnicodeScalarView(line.unicodeScalars.prefix(position.column - 1)))
        let relative = relativePath(path, in: state)
        let document = state.repository.documents.first { $0.path == relative }
        var items: [LSP.CompletionItem] = []
        let sv = settings.language == .sv

        // After `# styrlint: ignorera`: the rules.
        if let comment = before.range(of: "#"), Self.suppressionComment.matches(String(before[comment.upperBound...])),
           !before[comment.upperBound...].contains("--") {
            let known = Dictionary((state.result.rules + rules).map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            items = known.keys.sorted().map { id in
                LSP.CompletionItem(label: id, kind: LSP.CompletionKind.keyword, detail: known[id]!.title.text(settings.language),
                                   documentation: known[id]!.rationale.text(settings.language))
            }
            return .success(JSONValue.from(LSP.CompletionList(isIncomplete: false, items: items)))
        }
        guard !before.contains("#") else { return .success(.null) }

        let lines = (0..<map.lineCount).map { String(map.line($0) ?? "") }
        let context = Self.context(before: before, lines: lines, lineIndex: position.line - 1)
        switch context {
        case .value(let key, let path):
            if Self.referenceFields.contains(key), let document {
                items = idCandidates(field: key, document: document, state: state).map { definition in
                    LSP.CompletionItem(label: definition.id, kind: LSP.CompletionKind.reference,
                                       detail: "\(kindName(definition.kind))\(definition.scope.isEmpty ? "" : (sv ? " i " : " in ") + definition.scope)",
                                       documentation: definition.node.text("text") ?? definition.node.text("namn") ?? definition.node.text("beskrivning"))
                }
            } else if let field = Self.field(path + [key], kind: document?.kind ?? Self.kind(lines)) {
                switch field.type {
                case .oneOf(let values):
                    items = values.map { LSP.CompletionItem(label: $0, kind: LSP.CompletionKind.enumMember, detail: field.summary) }
                case .boolean:
                    items = ["true", "false"].map { LSP.CompletionItem(label: $0, kind: LSP.CompletionKind.value, detail: field.summary) }
                default:
                    break
                }
            }
        case .key(let path, let present):
            if let schema = Self.object(path, kind: document?.kind ?? Self.kind(lines)) {
                items = schema.fields.filter { !present.contains($0.name) }.map { field in
                    LSP.CompletionItem(label: field.name, kind: LSP.CompletionKind.property,
                                       detail: field.required ? (sv ? "krävs" : "required") : nil, documentation: field.summary,
                                       insertText: "\(field.name): ", sortText: "\(field.required ? 0 : 1)\(field.name)")
                }
            }
        case .none:
            break
        }
        return .success(JSONValue.from(LSP.CompletionList(isIncomplete: false, items: items)))
    }

    /// The ids a field may name in a document, found the way the checks look them up.
    func idCandidates(field: String, document: Document, state: RepositoryState) -> [ReferenceIndex.Definition] {
        let index = state.index
        if let existing = index.references.first(where: { $0.document.path == document.path && $0.field == field }) {
            // A nämnd goal may be taken to a målområde of the parent, but it should name a goal.
            let below = field == "bidrar_till" && document.string("nivå") != "fullmäktige"
            return index.candidates(for: existing).filter { !(below && $0.kind == .focusArea) }
        }
        let id = document.id ?? ""
        switch (field, document.kind) {
        case ("bidrar_till", .verksamhetsplan?):
            if document.string("nivå") == "fullmäktige" { return index.definitions.filter { $0.kind == .focusArea && $0.scope == id } }
            let parent = document.string("överordnad") ?? ""
            return index.definitions.filter { $0.kind == .goal && $0.scope == parent }
        case ("överordnad", _):
            // Plans one level up: a nämnd plan's parent is fullmäktige's, a verksamhet plan's a nämnd's.
            let rank = document.string("nivå").flatMap(PlanLevel.init(rawValue:))?.rank ?? Int.max
            return index.definitions.filter { definition in
                guard definition.kind == .plan, definition.id != id, definition.document.kind == .verksamhetsplan else { return false }
                let parentRank = definition.document.string("nivå").flatMap(PlanLevel.init(rawValue:))?.rank ?? -1
                return parentRank < rank
            }
        case ("organ", _):
            let council = state.repository.councilPlan(above: document)?.id
            return index.definitions.filter { $0.kind == .organ && (council == nil || $0.scope == council) }
        case ("risker", _):
            return index.definitions.filter { $0.kind == .risk && $0.scope == id }
        case ("mål", .verksamhetsplan?):
            return index.definitions.filter { $0.kind == .goal && $0.scope == id }
        case ("mål", .rapport?):
            return index.definitions.filter { $0.kind == .goal && $0.scope == (document.string("plan") ?? "") }
        case ("plan", _):
            return index.definitions.filter { $0.kind == .plan }
        case ("kontrollmoment", _):
            return index.definitions.filter { $0.kind == .control && $0.scope == (document.string("plan") ?? "") }
        default:
            return []
        }
    }

    enum CompletionContext: Equatable {
        /// After `key:` (or as an item of the list under `key:`), in the object at `path`.
        case value(key: String, path: [String])
        /// Where a key starts, in the object at `path`; `present` are its keys already written.
        case key(path: [String], present: Set<String>)
        case none
    }

    /// Reads the YAML around the cursor by indentation, as a person does: enough for
    /// completion in a half-typed file that does not parse.
    static func context(before: String, lines: [String], lineIndex: Int) -> CompletionContext {
        let indent = before.prefix { $0 == " " }.count
        let rest = before.dropFirst(indent)
        let isItem = rest.hasPrefix("- ") || rest == "-"
        let afterDash = isItem ? rest.dropFirst(rest.hasPrefix("- ") ? 2 : 1) : rest
        let keyColumn = indent + (isItem ? 2 : 0)
        if let colon = afterDash.firstIndex(of: ":") {
            let key = String(afterDash[..<colon]).trimmingCharacters(in: .whitespaces)
            guard !key.isEmpty, !key.contains(" ") || key.count < 40 else { return .none }
            // In a flow mapping on the line (`{värde: 3, riktning: `), the innermost key counts.
            let value = afterDash[afterDash.index(after: colon)...]
            if let brace = value.lastIndex(of: "{") {
                let inner = value[value.index(after: brace)...]
                let part = inner.split(separator: ",", omittingEmptySubsequences: false).last ?? inner[...]
                if let innerColon = part.firstIndex(of: ":") {
                    let innerKey = String(part[..<innerColon]).trimmingCharacters(in: .whitespaces)
                    return .value(key: innerKey, path: parents(of: keyColumn, lines: lines, lineIndex: lineIndex) + [key])
                }
                return .key(path: parents(of: keyColumn, lines: lines, lineIndex: lineIndex) + [key], present: [])
            }
            return .value(key: key, path: parents(of: keyColumn, lines: lines, lineIndex: lineIndex))
        }
        if isItem {
            // `- ` under `key:`: an item of the list that key holds.
            // The list's key: the nearest line above that is not a sibling item.
            var above = lineIndex
            var found: (text: String, indent: Int, index: Int)?
            while let candidate = parentLine(of: indent + 1, lines: lines, lineIndex: above) {
                if candidate.indent == indent && candidate.text.hasPrefix("-") { above = candidate.index; continue }
                found = candidate
                break
            }
            if let found, found.text.hasSuffix(":") {
                let (parent, parentIndent) = (found.text, found.indent)
                let key = String(parent.dropLast()).trimmingCharacters(in: .whitespaces)
                let bare = key.hasPrefix("- ") ? String(key.dropFirst(2)) : key
                if afterDash.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." || $0 == "-" }), referenceFields.contains(bare) {
                    return .value(key: bare, path: parents(of: parentIndent + (key.hasPrefix("- ") ? 2 : 0), lines: lines, lineIndex: lineIndex))
                }
                if afterDash.allSatisfy({ $0.isLetter || $0 == "_" }) {
                    return .key(path: parents(of: keyColumn, lines: lines, lineIndex: lineIndex), present: [])
                }
            }
            return .none
        }
        guard rest.allSatisfy({ $0.isLetter || $0 == "_" }) else { return .none }
        let path = parents(of: keyColumn, lines: lines, lineIndex: lineIndex)
        // Keys already written in the same mapping: lines at the same column above and below.
        var present = Set<String>()
        for direction in [-1, 1] {
            var index = lineIndex + direction
            while index >= 0 && index < lines.count {
                let text = lines[index]
                let lead = text.prefix { $0 == " " }.count
                if text.trimmingCharacters(in: .whitespaces).isEmpty || text.dropFirst(lead).hasPrefix("#") { index += direction; continue }
                let body = text.dropFirst(lead)
                let itemLead = body.hasPrefix("- ") ? lead + 2 : lead
                if itemLead < keyColumn { break }
                if itemLead == keyColumn, let colon = (body.hasPrefix("- ") ? body.dropFirst(2) : body).firstIndex(of: ":") {
                    present.insert(String((body.hasPrefix("- ") ? body.dropFirst(2) : body)[..<colon]))
                    if body.hasPrefix("- ") && direction == -1 { break }
                }
                if lead < keyColumn && body.hasPrefix("- ") { break }
                index += direction
            }
        }
        return .key(path: path, present: present)
    }

    /// The nearest line above with less indentation than `column`: its text (without a
    /// trailing comment), indentation and index.
    static func parentLine(of column: Int, lines: [String], lineIndex: Int) -> (text: String, indent: Int, index: Int)? {
        var index = lineIndex - 1
        while index >= 0 {
            let text = lines[index]
            let lead = text.prefix { $0 == " " }.count
            let body = text.dropFirst(lead)
            if !body.isEmpty, !body.hasPrefix("#"), lead < column {
                return (String(body).components(separatedBy: " #").first!.trimmingCharacters(in: .whitespaces), lead, index)
            }
            index -= 1
        }
        return nil
    }

    /// The keys of the mappings that hold the key at `column`, outermost first.
    static func parents(of column: Int, lines: [String], lineIndex: Int) -> [String] {
        var path: [String] = []
        var column = column
        var index = lineIndex
        while column > 0, let parent = parentLine(of: column, lines: lines, lineIndex: index) {
            index = parent.index
            var body = Substring(parent.text)
            var keyColumn = parent.indent
            if body.hasPrefix("- ") {
                body = body.dropFirst(2)
                keyColumn += 2
                // A key at the item's own key column is a sibling: the list's key is further up.
                if keyColumn >= column {
                    column = parent.indent
                    continue
                }
            }
            guard let colon = body.firstIndex(of: ":") else { break }
            path.insert(String(body[..<colon]).trimmingCharacters(in: .whitespaces), at: 0)
            column = parent.indent
        }
        return path
    }

    /// The document kind from a `typ:` line, for a file that does not parse yet.
    static func kind(_ lines: [String]) -> DocumentKind? {
        for line in lines where line.hasPrefix("typ:") {
            return DocumentKind(rawValue: line.dropFirst(4).trimmingCharacters(in: .whitespaces))
        }
        return nil
    }

    static func object(_ path: [String], kind: DocumentKind?) -> ObjectSchema? {
        guard let kind else { return nil }
        var schema = Schema.schema(for: kind)
        for key in path {
            guard let field = schema.field(key) else { return nil }
            switch field.type {
            case .object(let inner): schema = inner
            case .list(.object(let inner)): schema = inner
            default: return nil
            }
        }
        return schema
    }

    static func field(_ path: [String], kind: DocumentKind?) -> FieldSchema? {
        guard let last = path.last, let schema = object(Array(path.dropLast()), kind: kind) else { return nil }
        return schema.field(last)
    }
}
