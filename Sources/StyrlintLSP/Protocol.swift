import Foundation
import StyrlintCore

/// The Language Server Protocol 3.17 types the server uses, and nothing more.
public enum LSP {
    public struct Position: Codable, Sendable, Hashable, Comparable {
        public var line: Int
        public var character: Int

        public static func < (lhs: Position, rhs: Position) -> Bool { (lhs.line, lhs.character) < (rhs.line, rhs.character) }
    }

    public struct Range: Codable, Sendable, Hashable {
        public var start: Position
        public var end: Position
    }

    public struct Location: Codable, Sendable, Hashable {
        public var uri: String
        public var range: Range
    }

    public struct TextDocumentIdentifier: Codable, Sendable { public var uri: String }

    public struct TextDocumentItem: Codable, Sendable {
        public var uri: String
        public var languageId: String?
        public var version: Int?
        public var text: String
    }

    public struct DidOpenParams: Codable, Sendable { public var textDocument: TextDocumentItem }

    public struct ContentChange: Codable, Sendable {
        public var range: Range?
        public var text: String
    }

    public struct DidChangeParams: Codable, Sendable {
        public var textDocument: TextDocumentIdentifier
        public var contentChanges: [ContentChange]
    }

    public struct TextDocumentPositionParams: Codable, Sendable {
        public var textDocument: TextDocumentIdentifier
        public var position: Position
    }

    public struct ReferenceParams: Codable, Sendable {
        public struct Context: Codable, Sendable { public var includeDeclaration: Bool }
        public var textDocument: TextDocumentIdentifier
        public var position: Position
        public var context: Context?
    }

    public struct CodeActionParams: Codable, Sendable {
        public struct Context: Codable, Sendable {
            public var diagnostics: [Diagnostic]
            public var only: [String]?
        }
        public var textDocument: TextDocumentIdentifier
        public var range: Range
        public var context: Context
    }

    public struct DiagnosticRelatedInformation: Codable, Sendable, Hashable {
        public var location: Location
        public var message: String
    }

    public struct CodeDescription: Codable, Sendable, Hashable { public var href: String }

    public struct Diagnostic: Codable, Sendable, Hashable {
        public var range: Range
        public var severity: Int?
        public var code: String?
        public var codeDescription: CodeDescription?
        public var source: String?
        public var message: String
        public var relatedInformation: [DiagnosticRelatedInformation]?
        /// The finding's fingerprint: code actions find their finding by it.
        public var data: String?
    }

    public struct PublishDiagnosticsParams: Codable, Sendable {
        public var uri: String
        public var diagnostics: [Diagnostic]
    }

    public struct TextEdit: Codable, Sendable, Hashable {
        public var range: Range
        public var newText: String
    }

    public struct WorkspaceEdit: Codable, Sendable {
        public var changes: [String: [TextEdit]]
    }

    public struct CodeAction: Codable, Sendable {
        public var title: String
        public var kind: String
        public var diagnostics: [Diagnostic]?
        public var isPreferred: Bool?
        public var edit: WorkspaceEdit
    }

    public struct MarkupContent: Codable, Sendable {
        public var kind = "markdown"
        public var value: String
    }

    public struct Hover: Codable, Sendable {
        public var contents: MarkupContent
        public var range: Range?
    }

    public struct CompletionItem: Codable, Sendable {
        public var label: String
        public var kind: Int?
        public var detail: String?
        public var documentation: String?
        public var insertText: String?
        public var sortText: String?
    }

    public struct CompletionList: Codable, Sendable {
        public var isIncomplete: Bool
        public var items: [CompletionItem]
    }

    public struct DocumentSymbol: Codable, Sendable {
        public var name: String
        public var detail: String?
        public var kind: Int
        public var range: Range
        public var selectionRange: Range
        public var children: [DocumentSymbol]?
    }

    public struct SymbolInformation: Codable, Sendable {
        public var name: String
        public var kind: Int
        public var location: Location
        public var containerName: String?
    }

    /// SymbolKind and CompletionItemKind values used here.
    public enum SymbolKind {
        public static let file = 1, module = 2, namespace = 3, object = 19, key = 20, event = 24, field = 8, enumMember = 22, constant = 14
    }

    public enum CompletionKind {
        public static let value = 12, keyword = 14, reference = 18, enumMember = 20, property = 10
    }
}

/// Converts between the repository's positions (1-based lines, columns in characters, as
/// libyaml counts them) and the protocol's (0-based, in the negotiated encoding: UTF-16
/// by default, UTF-8 or UTF-32 when the client offers them).
public struct PositionMap: Sendable {
    public enum Encoding: String, Sendable { case utf8 = "utf-8", utf16 = "utf-16", utf32 = "utf-32" }

    let lines: [Substring]
    let encoding: Encoding

    public init(text: String, encoding: Encoding) {
        // Lines end at LF, CR LF or a lone CR, as libyaml ends them.
        var lines: [Substring] = []
        var start = text.startIndex
        let scalars = text.unicodeScalars
        var scalarIndex = scalars.startIndex
        while scalarIndex < scalars.endIndex {
            let scalar = scalars[scalarIndex]
            // Every break libyaml counts: LF, CR, CR LF, and NEL, LS, PS.
            if scalar == "\n" || scalar == "\r" || scalar == "\u{85}" || scalar == "\u{2028}" || scalar == "\u{2029}" {
                lines.append(text[start..<scalarIndex])
                var next = scalars.index(after: scalarIndex)
                if scalar == "\r", next < scalars.endIndex, scalars[next] == "\n" { next = scalars.index(after: next) }
                start = next
                scalarIndex = next
                continue
            }
            scalarIndex = scalars.index(after: scalarIndex)
        }
        lines.append(text[start...])
        self.lines = lines
        self.encoding = encoding
    }

    public var lineCount: Int { lines.count }

    public func line(_ zeroBased: Int) -> Substring? { zeroBased >= 0 && zeroBased < lines.count ? lines[zeroBased] : nil }

    /// A repository position as a protocol position.
    public func lsp(_ position: SourcePosition) -> LSP.Position {
        let lineIndex = max(0, position.line - 1)
        guard let text = line(lineIndex) else { return LSP.Position(line: lineIndex, character: 0) }
        var units = 0
        var count = 1
        // A BOM on the first line is no character to libyaml, but one to the editor.
        var scalars = Substring.UnicodeScalarView(text.unicodeScalars)
        if lineIndex == 0, let first = scalars.first, first == "\u{FEFF}" {
            scalars = scalars.dropFirst()
            units = width(first)
        }
        for scalar in scalars {
            if count >= position.column { break }
            units += width(scalar)
            count += 1
        }
        return LSP.Position(line: lineIndex, character: units)
    }

    public func lsp(_ range: SourceRange) -> LSP.Range {
        LSP.Range(start: lsp(range.start), end: lsp(range.end))
    }

    /// A protocol position as a repository position (a character inside a surrogate pair
    /// or a UTF-8 sequence counts as the character).
    public func source(_ position: LSP.Position) -> SourcePosition {
        guard let text = line(position.line) else { return SourcePosition(line: position.line + 1, column: 1) }
        var units = 0
        var column = 1
        var scalars = Substring.UnicodeScalarView(text.unicodeScalars)
        if position.line == 0, let first = scalars.first, first == "\u{FEFF}" {
            scalars = scalars.dropFirst()
            units = width(first)
        }
        for scalar in scalars {
            if units >= position.character { break }
            units += width(scalar)
            column += 1
        }
        return SourcePosition(line: position.line + 1, column: column)
    }

    func width(_ scalar: Unicode.Scalar) -> Int {
        switch encoding {
        case .utf8: return UTF8.width(scalar)
        case .utf16: return UTF16.width(scalar)
        case .utf32: return 1
        }
    }

    /// The end of the text, for an edit that appends.
    public var end: LSP.Position {
        let last = lines.count - 1
        return LSP.Position(line: last, character: lines[last].unicodeScalars.reduce(0) { $0 + width($1) })
    }
}
