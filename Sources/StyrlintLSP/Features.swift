import Foundation
import StyrlintCore

/// Navigation, hover, completion, symbols and code actions: all read the repository's
/// `ReferenceIndex` and the findings of its latest check.
extension LanguageServer {
    func location(_ document: Document, _ range: SourceRange, in state: RepositoryState) -> LSP.Location {
        let path = state.root + "/" + document.path
        return LSP.Location(uri: uri(for: path), range: positionMap(path).lsp(range))
    }

    /// The file, its repository state and the cursor as a repository position.
    func cursor(_ params: JSONValue) -> (path: String, relative: String, state: RepositoryState, position: SourcePosition)? {
        guard let request = params.decode(LSP.TextDocumentPositionParams.self), let path = Self.path(request.textDocument.uri),
              let state = state(for: path) else { return nil }
        return (path, relativePath(path, in: state), state, positionMap(path).source(request.position))
    }

    // MARK: Definition and references

    func definition(_ params: JSONValue) -> Result<JSONValue, Failure> {
        guard let (_, relative, state, position) = cursor(params) else { return .success(.null) }
        if let target = state.index.reference(in: relative, at: position)?.target {
            return .success(JSONValue.from([location(target.document, target.idNode.range, in: state)]))
        }
        return .success(.null)
    }

    func references(_ params: JSONValue) -> Result<JSONValue, Failure> {
        guard let (_, relative, state, position) = cursor(params) else { return .success(.null) }
        let includeDeclaration = params["context"]?["includeDeclaration"]?.bool ?? false
        let definition = state.index.definition(in: relative, at: position) ?? state.index.reference(in: relative, at: position)?.target
        guard let definition else { return .success(.array([])) }
        var locations = state.index.references(to: definition).map { location($0.document, $0.node.range, in: state) }
        if includeDeclaration { locations.insert(location(definition.document, definition.idNode.range, in: state), at: 0) }
        return .success(JSONValue.from(locations))
    }

    // MARK: Hover

    func hover(_ params: JSONValue) -> Result<JSONValue, Failure> {
        guard let (path, relative, state, position) = cursor(params) else { return .success(.null) }
        let sv = settings.language == .sv
        let map = positionMap(path)
        if let reference = state.index.reference(in: relative, at: position) {
            let text = reference.target.map { describe($0, in: state) }
                ?? (sv ? "**\(reference.value)** finns inte där `\(reference.field)` letar\(reference.scope.map { " (\($0))" } ?? "")."
                       : "**\(reference.value)** does not exist where `\(reference.field)` looks\(reference.scope.map { " (\($0))" } ?? "").")
            return .success(JSONValue.from(LSP.Hover(contents: .init(value: text), range: map.lsp(reference.node.range))))
        }
        if let definition = state.index.definition(in: relative, at: position) {
            return .success(JSONValue.from(LSP.Hover(contents: .init(value: describe(definition, in: state)), range: map.lsp(definition.idNode.range))))
        }
        // A rule id anywhere (a suppression comment, a config key): the rule's documentation.
        if let line = map.line(position.line - 1), let (id, range) = Self.word(in: line, at: position.column, map: map, line: position.line),
           let rule = (state.result.rules + rules).first(where: { $0.id == id }) {
            var text = "**\(rule.id) \(rule.name)**: \(rule.title.text(settings.language))\n\n\(rule.rationale.text(settings.language))"
            if !rule.source.isEmpty { text += "\n\n\(sv ? "Källa" : "Source"): \(rule.source)" }
            text += "\n\n[\(sv ? "Dokumentation" : "Documentation")](\(RuleCatalog.documentationURL(rule.id)))"
            return .success(JSONValue.from(LSP.Hover(contents: .init(value: text), range: range)))
        }
        return .success(.null)
    }

    /// A definition as the hover shows it: what it is, its text and where it is written.
    /// What a kind of definition is called, in the language of the messages.
    func kindName(_ kind: ReferenceIndex.Kind) -> String {
        let names: [ReferenceIndex.Kind: (String, String)] = [
            .plan: ("plan", "plan"), .report: ("rapport", "report"), .goal: ("mål", "goal"), .focusArea: ("målområde", "focus area"),
            .indicator: ("indikator", "indicator"), .risk: ("risk", "risk"), .control: ("kontrollmoment", "control"), .organ: ("organ", "organ"),
        ]
        return names[kind].map { settings.language == .sv ? $0.0 : $0.1 } ?? kind.rawValue
    }

    func describe(_ definition: ReferenceIndex.Definition, in state: RepositoryState) -> String {
        let sv = settings.language == .sv
        let name = kindName(definition.kind)
        var text = "**\(definition.id)** (\(name)"
        if !definition.scope.isEmpty { text += sv ? " i \(definition.scope)" : " in \(definition.scope)" }
        if let level = definition.document.string("nivå"), definition.kind == .plan || definition.kind == .goal {
            text += sv ? ", nivå \(level)" : ", level \(level)"
        }
        text += ")"
        let node = definition.node
        if let body = node.text("text") ?? node.text("namn") ?? node.text("beskrivning") ?? node.text("kontroll") ?? node.text("vision") {
            text += "\n\n" + body.replacingOccurrences(of: "\n", with: " ")
        }
        if definition.kind == .risk, let likelihood = Int(node.text("sannolikhet") ?? ""), let consequence = Int(node.text("konsekvens") ?? "") {
            let value = likelihood * consequence
            let threshold = state.repository.config.risk.threshold
            text += sv
                ? "\n\nRiskvärde \(likelihood) × \(consequence) = \(value); tröskeln är \(threshold)\(value >= threshold ? ", så risken kräver kontroll eller åtgärd" : "")."
                : "\n\nRisk value \(likelihood) × \(consequence) = \(value); the threshold is \(threshold)\(value >= threshold ? ", so the risk needs a control or an action" : "")."
        }
        let count = state.index.references(to: definition).count
        if count > 0 { text += sv ? "\n\n\(count) hänvisningar hit." : "\n\n\(count) references to it." }
        text += "\n\n`\(definition.document.path):\(definition.idNode.start.line)`"
        return text
    }

    /// The rule-id-like word (`SM001`, `EGEN001`) at a column of a line.
    static func word(in line: Substring, at column: Int, map: PositionMap, line number: Int) -> (String, LSP.Range)? {
        let scalars = Array(line.unicodeScalars)
        let index = column - 1
        func isWordScalar(_ scalar: Unicode.Scalar) -> Bool { ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar) }
        guard index >= 0, index <= scalars.count else { return nil }
        var start = min(index, scalars.count), end = min(index, scalars.count)
        while start > 0, isWordScalar(scalars[start - 1]) { start -= 1 }
        while end < scalars.count, isWordScalar(scalars[end]) { end += 1 }
        guard end > start else { return nil }
        let word = String(String.UnicodeScalarView(scalars[start..<end]))
        guard word.first?.isLetter == true, word.last?.isNumber == true else { return nil }
        return (word, map.lsp(SourceRange(start: SourcePosition(line: number, column: start + 1), end: SourcePosition(line: number, column: end + 1))))
    }

    // MARK: Symbols

    func documentSymbols(_ params: JSONValue) -> Result<JSONValue, Failure> {
        guard let uri = params["textDocument"]?["uri"]?.string, let path = Self.path(uri), let state = state(for: path) else { return .success(.array([])) }
        let relative = relativePath(path, in: state)
        let map = positionMap(path)
        let definitions = state.index.definitions.filter { $0.document.path == relative }
        func symbol(_ definition: ReferenceIndex.Definition, children: [LSP.DocumentSymbol]? = nil) -> LSP.DocumentSymbol {
            let kinds: [ReferenceIndex.Kind: Int] = [.plan: LSP.SymbolKind.file, .report: LSP.SymbolKind.file, .goal: LSP.SymbolKind.event,
                                                     .focusArea: LSP.SymbolKind.namespace, .indicator: LSP.SymbolKind.field,
                                                     .risk: LSP.SymbolKind.constant, .control: LSP.SymbolKind.key, .organ: LSP.SymbolKind.object]
            let text = definition.node.text("text") ?? definition.node.text("namn") ?? definition.node.text("beskrivning")
            var range = map.lsp(definition.node.range)
            let selection = map.lsp(definition.idNode.range)
            // A flow mapping's range may end before its id in odd layouts; keep the id inside.
            if selection.start < range.start { range.start = selection.start }
            if range.end < selection.end { range.end = selection.end }
            return LSP.DocumentSymbol(name: definition.id, detail: text.map { SchemaText.short($0) }, kind: kinds[definition.kind] ?? LSP.SymbolKind.object,
                                      range: range, selectionRange: selection, children: children)
        }
        var symbols: [LSP.DocumentSymbol] = []
        for definition in definitions where definition.kind != .indicator {
            if definition.kind == .goal {
                let indicators = definitions.filter { $0.kind == .indicator && $0.scope == "\(definition.scope)/\(definition.id)" }.map { symbol($0) }
                symbols.append(symbol(definition, children: indicators.isEmpty ? nil : indicators))
            } else if definition.kind != .plan && definition.kind != .report {
                symbols.append(symbol(definition))
            }
        }
        if let root = definitions.first(where: { $0.kind == .plan || $0.kind == .report }) {
            return .success(JSONValue.from([symbol(root, children: symbols)]))
        }
        return .success(JSONValue.from(symbols))
    }

    func workspaceSymbols(_ params: JSONValue) -> Result<JSONValue, Failure> {
        let query = (params["query"]?.string ?? "").lowercased()
        var symbols: [LSP.SymbolInformation] = []
        for root in states.keys.sorted() {
            guard let state = states[root] else { continue }
            for definition in state.index.definitions {
                let text = definition.node.text("text") ?? definition.node.text("namn") ?? ""
                guard query.isEmpty || definition.id.lowercased().contains(query) || text.lowercased().contains(query) else { continue }
                symbols.append(LSP.SymbolInformation(name: text.isEmpty ? definition.id : "\(definition.id) \(SchemaText.short(text))",
                                                     kind: definition.kind == .goal ? LSP.SymbolKind.event : LSP.SymbolKind.object,
                                                     location: location(definition.document, definition.idNode.range, in: state),
                                                     containerName: definition.scope.isEmpty ? nil : definition.scope))
                if symbols.count >= 500 { return .success(JSONValue.from(symbols)) }
            }
        }
        return .success(JSONValue.from(symbols))
    }

    // MARK: Code actions

    func codeActions(_ params: JSONValue) -> Result<JSONValue, Failure> {
        guard let request = params.decode(LSP.CodeActionParams.self), let path = Self.path(request.textDocument.uri),
              let state = state(for: path) else { return .success(.array([])) }
        let relative = relativePath(path, in: state)
        let map = positionMap(path)
        let text = self.text(path)
        let wanted = Set(request.context.diagnostics.compactMap(\.data))
        let first = map.source(request.range.start), last = map.source(request.range.end)
        let findings = state.result.active.filter { finding in
            guard finding.file == relative else { return false }
            if wanted.contains(finding.fingerprint) { return true }
            return wanted.isEmpty && finding.line >= first.line && finding.line <= last.line
        }
        let sv = settings.language == .sv
        var actions: [LSP.CodeAction] = []
        for finding in findings {
            let diagnostic = request.context.diagnostics.first { $0.data == finding.fingerprint }
            if let fix = finding.fix {
                let title = fix.applicability == .safe
                    ? (sv ? "Åtgärda: skriv \(fix.replacement)" : "Fix: write \(fix.replacement)")
                    : (sv ? "Åtgärda: skriv \(fix.replacement) (kontrollera att det var det som menades)" : "Fix: write \(fix.replacement) (check that this was meant)")
                actions.append(LSP.CodeAction(title: title, kind: "quickfix", diagnostics: diagnostic.map { [$0] },
                                              isPreferred: fix.applicability == .safe,
                                              edit: .init(changes: [request.textDocument.uri: [.init(range: map.lsp(fix.range), newText: fix.replacement)]])))
            }
            if finding.rule == "MV006", let edit = genderSplitEdit(finding, state: state, map: map, text: text) {
                actions.append(LSP.CodeAction(title: sv ? "Lägg till könsuppdelad: true" : "Add könsuppdelad: true", kind: "quickfix",
                                              diagnostics: diagnostic.map { [$0] }, isPreferred: true,
                                              edit: .init(changes: [request.textDocument.uri: [edit]])))
            }
            actions.append(LSP.CodeAction(title: sv ? "Undanta \(finding.rule) här med en motivering" : "Ignore \(finding.rule) here with a reason",
                                          kind: "quickfix", diagnostics: diagnostic.map { [$0] }, isPreferred: false,
                                          edit: .init(changes: [request.textDocument.uri: [suppressionEdit(finding, map: map)]])))
        }
        return .success(JSONValue.from(actions))
    }

    /// `# styrlint: ignorera ID -- motivering` on its own line above the finding's line,
    /// indented like it, so it covers the element there.
    func suppressionEdit(_ finding: Finding, map: PositionMap, reason: String? = nil) -> LSP.TextEdit {
        let line = map.line(finding.line - 1) ?? ""
        let indent = String(line.prefix { $0 == " " })
        // The reason's place is left empty, not filled with a stand-in: a comment without a
        // reason waives nothing and is itself a finding until someone writes why.
        let position = LSP.Position(line: finding.line - 1, character: 0)
        return LSP.TextEdit(range: LSP.Range(start: position, end: position),
                            newText: "\(indent)# styrlint: ignorera \(finding.rule) -- \(reason ?? "")\n")
    }

    /// `könsuppdelad: true` added to the indicator the finding is about, in its own layout:
    /// a line under its keys for a block mapping, `, könsuppdelad: true` for a flow one.
    func genderSplitEdit(_ finding: Finding, state: RepositoryState, map: PositionMap, text: String) -> LSP.TextEdit? {
        guard let document = state.repository.documents.first(where: { $0.path == finding.file }), let root = document.root else { return nil }
        let start = SourcePosition(line: finding.line, column: finding.column)
        // The indicator the finding points into (its mapping, or a key of it).
        let indicator = root.list("mål").flatMap { $0.list("indikatorer") }.first { node in
            node.isMapping && node.range.start <= start && start.line <= Self.lastContentLine(node)
        }
        guard let indicator, indicator["könsuppdelad"] == nil, let lastEntry = indicator.entries.last else { return nil }
        let line = map.line(indicator.range.start.line - 1) ?? ""
        let lineScalars = Array(line.unicodeScalars)
        let startIndex = indicator.range.start.column - 1
        let isFlow = startIndex < lineScalars.count && lineScalars[startIndex] == "{"
        if isFlow {
            // Before the closing brace.
            let close = SourcePosition(line: indicator.range.end.line, column: max(1, indicator.range.end.column - 1))
            let position = map.lsp(close)
            return LSP.TextEdit(range: LSP.Range(start: position, end: position), newText: ", könsuppdelad: true")
        }
        let keyColumn = indicator.entries.first?.key.start.column ?? indicator.range.start.column
        _ = lastEntry
        let after = Self.lastContentLine(indicator)
        let position = LSP.Position(line: after, character: 0)
        let indent = String(repeating: " ", count: keyColumn - 1)
        // At the end of a file without a final newline, the line break comes first.
        if after >= map.lineCount { return LSP.TextEdit(range: LSP.Range(start: map.end, end: map.end), newText: "\n\(indent)könsuppdelad: true") }
        return LSP.TextEdit(range: LSP.Range(start: position, end: position), newText: "\(indent)könsuppdelad: true\n")
    }
}

extension LanguageServer {
    /// The last line that holds text of a node: a collection's end mark can stand on the
    /// next element's line, so the last scalar inside decides.
    static func lastContentLine(_ node: YAMLNode) -> Int {
        if node.isMapping, let last = node.entries.last {
            return last.value.isNull ? last.key.range.end.line : max(last.key.range.end.line, lastContentLine(last.value))
        }
        if node.isSequence, let last = node.items.last { return lastContentLine(last) }
        return node.range.end.column == 1 && node.range.end.line > node.range.start.line ? node.range.end.line - 1 : node.range.end.line
    }
}

enum SchemaText {
    /// A text cut at a word boundary for a symbol's detail.
    static func short(_ text: String) -> String {
        SchemaValidator.shorten(text.replacingOccurrences(of: "\n", with: " "), limit: 80)
    }
}
