import Foundation

/// The source lines findings point at, read once per file for `--show-source`: the line
/// as written, and where under it the marker goes.
public struct SourceExcerpts: Sendable {
    public struct Excerpt: Sendable, Equatable {
        public var line: String
        /// 1-based first column and number of characters to mark.
        public var column: Int
        public var width: Int
    }

    private var lines: [String: [Substring]] = [:]

    /// Reads the files the findings name (relative to `cwd`), each once, through the
    /// same reader as the check: regular files only, capped in size.
    /// Only files the check itself read (`readFiles`) are shown, by path or else by device
    /// and inode: a finding about a link out of the repository must never print what the
    /// link points at.
    public init(findings: [Finding], cwd: String, readFiles inputs: ReadFiles, limit: Int = 5 << 20) {
        let readFiles = Set(inputs.paths)
        var identities: Set<FileIdentity>?
        for file in Set(findings.filter { $0.cell == nil }.map(\.file)) {
            let path = file.hasPrefix("/") ? file : (cwd as NSString).appendingPathComponent(file)
            if !readFiles.contains(path) {
                if identities == nil { identities = Set(readFiles.compactMap(FileIdentity.init)) }
                guard let identity = FileIdentity(path), identities!.contains(identity) else { continue }
            }
            guard case .success(let bytes) = InputFile.read(path, limit: limit) else { continue }
            let text = String(decoding: bytes, as: UTF8.self)
            // Lines as libyaml counts them: LF, CR LF, a lone CR, NEL, LS and PS.
            var split: [Substring] = []
            var start = text.startIndex
            var index = text.unicodeScalars.startIndex
            while index < text.unicodeScalars.endIndex {
                let scalar = text.unicodeScalars[index]
                if ["\n", "\r", "\u{85}", "\u{2028}", "\u{2029}"].contains(scalar) {
                    split.append(text[start..<index])
                    var next = text.unicodeScalars.index(after: index)
                    if scalar == "\r", next < text.unicodeScalars.endIndex, text.unicodeScalars[next] == "\n" { next = text.unicodeScalars.index(after: next) }
                    start = next
                    index = next
                    continue
                }
                index = text.unicodeScalars.index(after: index)
            }
            split.append(text[start...])
            lines[file] = split
        }
    }

    public func excerpt(for finding: Finding) -> Excerpt? {
        // A cell of a workbook has no line of text to show.
        guard finding.cell == nil, let fileLines = lines[finding.file], finding.line >= 1, finding.line <= fileLines.count else { return nil }
        var line = String(fileLines[finding.line - 1])
        if finding.line == 1, line.hasPrefix("\u{FEFF}") { line.removeFirst() }
        let length = line.count
        let column = min(max(finding.column, 1), length + 1)
        let end = finding.endLine == finding.line ? min(max(finding.endColumn, column + 1), length + 1) : length + 1
        return Excerpt(line: line, column: column, width: max(1, end - column))
    }
}
