import StyrlintOffice

/// A place in a workbook, a Word table or a CSV file, as its user finds it.
public struct CellReference: Sendable, Hashable, Codable {
    public enum Style: String, Sendable, Codable { case sheet, wordTable, delimited }
    public var style: Style
    public var table: String
    public var row: Int
    public var column: Int

    public init(style: Style, table: String, row: Int, column: Int) {
        self.style = style
        self.table = table
        self.row = row
        self.column = column
    }

    /// `Risker!B7` for a sheet (quoted as Excel quotes a name with spaces: `'Mål 2026'!B7`);
    /// `Tabell 2, rad 3, kolumn 2` for Word; `rad 7, kolumn 2` for CSV.
    public func text(_ language: Language) -> String {
        switch style {
        case .sheet:
            let simple = table.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" }
            let name = simple ? table : "'" + table.replacingOccurrences(of: "'", with: "''") + "'"
            return "\(name)!\(ColumnName.letters(column))\(row)"
        case .wordTable:
            return language == .sv ? "\(table), rad \(row), kolumn \(column)" : "\(table.replacingOccurrences(of: "Tabell", with: "Table")), row \(row), column \(column)"
        case .delimited:
            return language == .sv ? "rad \(row), kolumn \(column)" : "row \(row), column \(column)"
        }
    }
}

/// Which cell each line of an imported document's YAML came from, so that a finding
/// points at the cell the officer edits, not at text styrlint wrote.
public struct CellMap: Sendable {
    /// Per line (index 0 is line 1); nil lines belong to the document as a whole.
    public var lines: [CellReference?]
    /// Where findings about the whole document point: the table's heading row.
    public var fallback: CellReference

    public func cell(line: Int) -> CellReference {
        guard line >= 1, line <= lines.count else { return fallback }
        return lines[line - 1] ?? fallback
    }

    /// Rewrites a finding in the document to the cell: line is the row, column the
    /// column, and `cell` names it. Fixes are dropped: they are edits of YAML text.
    func place(_ finding: inout Finding, language: Language) {
        let start = cell(line: finding.line)
        let end = cell(line: finding.endLine)
        finding.line = start.row
        finding.column = start.column
        finding.endLine = max(end.row, start.row)
        finding.endColumn = end.row > start.row ? end.column : max(end.column, start.column)
        finding.cell = start.text(language)
        // Every format shows the message; not every format has a place for a cell name.
        finding.message = "\(start.text(language)): \(finding.message)"
        finding.fix = nil
    }
}
