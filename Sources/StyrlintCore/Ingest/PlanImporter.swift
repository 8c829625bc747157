import Foundation
import StyrlintOffice

/// What to import and how: the document's kind and header, where the table is, and the
/// headings the built-in list does not know.
public struct ImportRequest: Sendable {
    public var kind: DocumentKind
    /// The file's name as the user wrote it, for the origin comments.
    public var fileName: String
    public var organ: String?
    public var id: String?
    public var municipality: String?
    /// Internkontrollplan: the plan year. Verksamhetsplan: the first year of the period.
    public var year: Int?
    /// Verksamhetsplan: the last year of the period (the first when nil).
    public var lastYear: Int?
    public var level = "nämnd"
    public var parent: String?
    public var status = "utkast"
    /// A sheet (Excel) or `Tabell 2` (Word); nil takes the table that reads best.
    public var sheet: String?
    /// The heading row, 1-based; nil finds it.
    public var headerRow: Int?
    /// Normalized heading → field (from `import.kolumner` in styrlint.yml).
    public var columns: [String: ImportField] = [:]
    /// Further header entries (`beslut`, `riskanalys` …) written as they are.
    public var extraFields: [(key: String, value: YAMLNode)] = []
    public var limits = OfficeLimits()
    /// The language of the comments the YAML carries.
    public var language: Language = .sv

    public init(kind: DocumentKind, fileName: String) {
        self.kind = kind
        self.fileName = fileName
    }
}

/// One heading and what it was read as, for `--visa-kolumner`.
public struct ColumnMatch: Sendable {
    public var cell: CellReference
    public var heading: String
    public var field: ImportField?
    /// Another column already fills the field.
    public var duplicate: Bool
}

/// Something the import could not carry over, at its cell. In the YAML it is a comment
/// on the line the cell maps to, and in `check` a DOK011 finding there.
public struct ImportNote: Sendable {
    public var variant: String
    public var cell: CellReference
    public var arguments: [String: String]
    /// The line of the YAML where the note stands as a comment.
    public var line = 0
}

public struct ImportedPlan: Sendable {
    public var yaml: String
    public var cells: CellMap
    public var columns: [ColumnMatch]
    public var notes: [ImportNote]
    public var table: String
    public var headerRow: Int
}

/// Reads a table into the YAML format. Every cell with a value ends up in the YAML, in
/// a comment that says why not, or in a note: nothing is dropped silently.
public enum PlanImporter {
    public enum Format: String, Sendable { case xlsx, docx, csv }

    public static func format(of fileName: String) -> Format? {
        let lower = fileName.lowercased()
        if lower.hasSuffix(".xlsx") || lower.hasSuffix(".xlsm") { return .xlsx }
        if lower.hasSuffix(".docx") { return .docx }
        if lower.hasSuffix(".csv") || lower.hasSuffix(".txt") { return .csv }
        return nil
    }

    public static func run(_ bytes: [UInt8], request: ImportRequest) throws -> ImportedPlan {
        guard let format = format(of: request.fileName) else {
            throw StyrlintError(sv: "\(request.fileName): okänd filtyp; styrlint importerar .xlsx, .docx och .csv",
                                en: "\(request.fileName): unknown file type; styrlint imports .xlsx, .docx and .csv")
        }
        let tables: [Table]
        let style: CellReference.Style
        do {
            switch format {
            case .xlsx: tables = try Workbook.read(bytes, limits: request.limits); style = .sheet
            case .docx: tables = try WordDocument.tables(bytes, limits: request.limits); style = .wordTable
            case .csv:
                tables = [try Delimited.table(bytes, name: (request.fileName as NSString).lastPathComponent, limits: request.limits)]
                style = .delimited
            }
        } catch let error as OfficeError {
            let place = error.place.map { " (\($0))" } ?? ""
            throw StyrlintError(sv: "\(request.fileName)\(place): \(error.sv)", en: "\(request.fileName)\(place): \(error.en)")
        }
        let choice = try choose(tables, request: request)
        return build(choice, others: tables.filter { $0.name != choice.table.name && !$0.rows.isEmpty }, style: style, bytes: bytes, request: request)
    }

    struct Choice {
        var table: Table
        var headerIndex: Int
        var columns: [Int: ImportField]
        var matches: [ColumnMatch]
    }

    /// The table and heading row that name the most fields, among those that name the
    /// anchor field (risk or goal). Hidden sheets count only when named.
    static func choose(_ tables: [Table], request: ImportRequest) throws -> Choice {
        var candidates = tables
        if let sheet = request.sheet {
            candidates = tables.filter { $0.name == sheet || $0.name.lowercased() == sheet.lowercased() }
            guard !candidates.isEmpty else {
                let names = tables.map(\.name).joined(separator: ", ")
                throw StyrlintError(sv: "\(request.fileName): bladet/tabellen \"\(sheet)\" finns inte; filen har \(names.isEmpty ? "inga tabeller" : names)",
                                    en: "\(request.fileName): there is no sheet or table \"\(sheet)\"; the file has \(names.isEmpty ? "no tables" : names)")
            }
        } else {
            candidates = tables.filter { !$0.hidden }
        }
        let anchor = ImportColumns.anchor(request.kind)
        var best: (score: Int, choice: Choice)?
        for table in candidates {
            let rowIndices = request.headerRow.map { wanted in table.rows.indices.filter { table.rows[$0].number == wanted } }
                ?? Array(table.rows.indices.prefix(30))
            for index in rowIndices {
                let (columns, matches) = read(headings: table.rows[index], table: table, request: request)
                let score = Set(columns.values).count
                guard columns.values.contains(anchor), score >= 2 else { continue }
                if best == nil || score > best!.score {
                    best = (score, Choice(table: table, headerIndex: index, columns: columns, matches: matches))
                }
            }
        }
        guard let best else {
            let expected = ImportColumns.anchor(request.kind).headings.prefix(3).joined(separator: "\", \"")
            let kindName = request.kind == .internkontrollplan ? "internkontrollplan" : "verksamhetsplan"
            throw StyrlintError(
                sv: "\(request.fileName): ingen tabell med rubriker för en \(kindName) hittades (en rubrikrad med till exempel \"\(expected)\" och minst en kolumn till). Ange bladet med --blad, rubrikraden med --rubrikrad, eller rubrikerna i import.kolumner i styrlint.yml",
                en: "\(request.fileName): no table with the headings of a \(kindName) was found (a heading row with, say, \"\(expected)\" and at least one more column). Name the sheet with --blad, the heading row with --rubrikrad, or the headings in import.kolumner in styrlint.yml")
        }
        return best.choice
    }

    static func read(headings row: Table.Row, table: Table, request: ImportRequest) -> ([Int: ImportField], [ColumnMatch]) {
        var columns: [Int: ImportField] = [:]
        var taken = Set<ImportField>()
        var matches: [ColumnMatch] = []
        for cell in row.cells {
            guard case .text(let heading) = cell.value else { continue }
            let field = ImportColumns.field(for: heading, kind: request.kind, mapping: request.columns)
            let duplicate = field.map { taken.contains($0) } ?? false
            if let field, !duplicate {
                columns[cell.column] = field
                taken.insert(field)
            }
            matches.append(ColumnMatch(cell: CellReference(style: .sheet, table: table.name, row: row.number, column: cell.column),
                                       heading: heading, field: field, duplicate: duplicate))
        }
        return (columns, matches)
    }
}
