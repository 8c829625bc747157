/// The tables of a Word document (.docx), in document order: `Tabell 1`, `Tabell 2` ...
/// A cell's paragraphs become lines; vertically merged cells show the value of the cell
/// where the merge starts, horizontally merged ones (`gridSpan`) take their grid columns.
public enum WordDocument {
    public static func tables(_ bytes: [UInt8], limits: OfficeLimits = OfficeLimits()) throws -> [Table] {
        let package = try OfficePackage(bytes: bytes, kind: "Word", limits: limits)
        let rootRelationships = try package.relationships(of: "")
        let main = rootRelationships.byType["officeDocument"] ?? "word/document.xml"
        let reader = TableReader(limits: limits)
        try package.parse(main, into: reader)
        return reader.tables
    }

    /// The table reader on bytes taken as `word/document.xml` (OfficeXMLProbe).
    static func tables(probe bytes: [UInt8], limits: OfficeLimits) throws -> [Table] {
        let reader = TableReader(limits: limits)
        try XMLStream(part: "word/document.xml", handler: reader).parse(bytes)
        return reader.tables
    }
}

private final class TableReader: XMLEventHandler {
    let limits: OfficeLimits
    var tables: [Table] = []

    private var depth = 0
    private var rows: [Table.Row] = []
    private var cells: [Cell] = []
    private var gridColumn = 0
    private var span = 1
    private var continuesMerge = false
    private var paragraphs: [String] = []
    private var paragraph = ""
    private var inText = false
    private var inCell = false
    /// Last value seen in each grid column of the table, and its row, for vertical merges.
    private var above: [Int: (value: CellValue, row: Int)] = [:]
    private var cellCount = 0

    init(limits: OfficeLimits) { self.limits = limits }

    func start(_ name: String, _ attributes: [String: String]) throws {
        switch name {
        case "tbl":
            depth += 1
            if depth == 1 { rows = []; above = [:] }
        case "tr" where depth == 1:
            cells = []
            gridColumn = 0
        case "gridBefore" where depth == 1 && !inCell:
            gridColumn += Int(attributes["val"] ?? "0") ?? 0
        case "tc" where depth == 1:
            inCell = true
            span = 1
            continuesMerge = false
            paragraphs = []
        case "gridSpan" where depth == 1 && inCell:
            span = max(1, min(Int(attributes["val"] ?? "1") ?? 1, 64))
        case "vMerge" where depth == 1 && inCell:
            // No value, or "continue": this cell continues the merge above it.
            continuesMerge = (attributes["val"] ?? "continue") == "continue"
        case "p" where depth >= 1:
            paragraph = ""
        case "t" where depth >= 1: inText = true
        case "tab" where depth >= 1 && inCell: paragraph += "\t"
        // Word's own characters: a non-breaking hyphen (e‑tjänst) and an optional one.
        case "noBreakHyphen" where depth >= 1 && inCell: paragraph += "\u{2011}"
        case "softHyphen" where depth >= 1 && inCell: paragraph += "\u{00AD}"
        case "br", "cr":
            if depth >= 1 && inCell { paragraph += "\n" }
        default: break
        }
    }

    func end(_ name: String) throws {
        switch name {
        case "t": inText = false
        case "p" where depth >= 1 && inCell:
            paragraphs.append(paragraph)
        case "tc" where depth == 1:
            inCell = false
            while paragraphs.last?.isEmpty == true { paragraphs.removeLast() }
            let text = paragraphs.joined(separator: "\n")
            let column = gridColumn + 1
            let hasText = !text.allSatisfy(\.isWhitespace)
            // A continuing cell shows the value the merge started with; text of its own (which
            // Word hides) is kept rather than lost.
            if continuesMerge, !hasText, let start = above[column] {
                cells.append(Cell(column: column, value: start.value, mergedFrom: start.row))
            } else if hasText {
                cells.append(Cell(column: column, value: .text(text)))
                above[column] = (.text(text), rows.count + 1)
            } else {
                above[column] = nil
            }
            gridColumn += span
            cellCount += 1
            if cellCount > limits.cells {
                throw OfficeError(.tooManyRows, sv: "dokumentet har fler än \(limits.cells) tabellceller; en plan är aldrig så stor",
                                  en: "the document has more than \(limits.cells) table cells; no plan is that large")
            }
        case "tr" where depth == 1:
            let number = rows.count + 1
            rows.append(Table.Row(number: number, cells: cells))
            if rows.count > limits.rows {
                throw OfficeError(.tooManyRows, place: "Tabell \(tables.count + 1)",
                                  sv: "tabell \(tables.count + 1) har fler än \(limits.rows) rader; en plan är aldrig så stor",
                                  en: "table \(tables.count + 1) has more than \(limits.rows) rows; no plan is that large")
            }
        case "tbl":
            if depth == 1 {
                tables.append(Table(name: "Tabell \(tables.count + 1)", rows: rows.filter { !$0.cells.isEmpty }))
            }
            depth -= 1
        default: break
        }
    }

    func text(_ text: String) {
        if inText && inCell { paragraph += text }
    }
}
