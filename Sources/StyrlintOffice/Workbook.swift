import Foundation

/// An Excel workbook (.xlsx) read into tables: one per sheet, in the workbook's order,
/// formulas by their cached values, dates by the workbook's date system, merged ranges
/// filled from their top-left cell.
public enum Workbook {
    public static func read(_ bytes: [UInt8], limits: OfficeLimits = OfficeLimits()) throws -> [Table] {
        let package = try OfficePackage(bytes: bytes, kind: "Excel", limits: limits)
        let workbookPart = "xl/workbook.xml"
        let book = WorkbookReader()
        try package.parse(workbookPart, into: book)
        let relationships = try package.relationships(of: workbookPart)
        var strings: [String] = []
        if let path = relationships.byType["sharedStrings"] ?? (package.has("xl/sharedStrings.xml") ? "xl/sharedStrings.xml" : nil) {
            let reader = SharedStringReader()
            try package.parse(path, into: reader)
            strings = reader.strings
        }
        var styles = StyleReader()
        if let path = relationships.byType["styles"] ?? (package.has("xl/styles.xml") ? "xl/styles.xml" : nil) {
            try package.parse(path, into: styles)
        } else {
            styles = StyleReader()
        }
        var tables: [Table] = []
        var budget = CellBudget(limits: limits)
        for sheet in book.sheets {
            guard let path = relationships.byID[sheet.relationship] else { continue }
            let reader = SheetReader(name: sheet.name, strings: strings, dateStyles: styles.dateStyles(),
                                     date1904: book.date1904, limits: limits, budget: budget)
            try package.parse(path, into: reader)
            var table = Table(name: sheet.name, hidden: sheet.hidden, rows: try reader.finishedRows())
            budget = reader.budget
            table.rows.removeAll { $0.cells.isEmpty }
            tables.append(table)
        }
        return tables
    }

    /// A serial day number as a calendar date: the 1900 system counts 1900-01-01 as day 1
    /// and, like Lotus 1-2-3 before it, has a 29 February 1900 (day 60) that never was;
    /// the 1904 system counts 1904-01-01 as day 0.
    public static func date(serial: Double, date1904: Bool) -> String {
        let whole = Int(serial.rounded(.down))
        let fraction = serial - Double(whole)
        var text: String
        if whole == 0 && !date1904 {
            // Day 0 of the 1900 system is no date: the cell holds a time of day only.
            let seconds = Int((fraction * 86_400).rounded())
            return String(format: "%02d:%02d", seconds / 3600 % 24, seconds % 3600 / 60)
        }
        if date1904 {
            text = civil(daysFromEpoch: whole + CivilDate.days(year: 1904, month: 1, day: 1))
        } else if whole == 60 {
            // Kept as written: a date that does not exist is reported by the checks.
            text = "1900-02-29"
        } else {
            let offset = whole < 60 ? whole : whole - 1
            text = civil(daysFromEpoch: offset + CivilDate.days(year: 1899, month: 12, day: 31))
        }
        let seconds = Int((fraction * 86_400).rounded())
        if seconds > 0 && seconds < 86_400 {
            text += String(format: "T%02d:%02d", seconds / 3600, seconds % 3600 / 60)
        }
        return text
    }

    static func civil(daysFromEpoch days: Int) -> String {
        let date = CivilDate.date(days: days)
        return String(format: "%04d-%02d-%02d", date.year, date.month, date.day)
    }

    /// Whether a number format shows a date: the built-in date formats, or a format code
    /// with day, month or year outside quoted text and brackets.
    public static func isDateFormat(id: Int, code: String?) -> Bool {
        if (14...22).contains(id) || (27...36).contains(id) || (45...47).contains(id) || (50...58).contains(id) { return true }
        guard let code else { return false }
        var inQuote = false
        var inBracket = false
        var previous: Character = " "
        for character in code.lowercased() {
            defer { previous = character }
            if previous == "\\" { continue }
            switch character {
            case "\"": inQuote.toggle()
            case "[" where !inQuote: inBracket = true
            case "]" where !inQuote: inBracket = false
            case "d", "y", "m":
                if !inQuote && !inBracket { return true }
            default: break
            }
        }
        return false
    }
}

/// Cells read so far in the whole file, against the cap.
struct CellBudget {
    let limits: OfficeLimits
    var cells = 0
}

final class WorkbookReader: XMLEventHandler {
    struct Sheet { var name: String; var relationship: String; var hidden: Bool }
    var sheets: [Sheet] = []
    var date1904 = false

    func start(_ name: String, _ attributes: [String: String]) {
        switch name {
        case "workbookPr":
            let flag = attributes["date1904"]?.lowercased()
            date1904 = flag == "1" || flag == "true"
        case "sheet":
            if let sheetName = attributes["name"], let relationship = attributes["id"] {
                let state = attributes["state"] ?? "visible"
                sheets.append(Sheet(name: sheetName, relationship: relationship, hidden: state != "visible"))
            }
        default: break
        }
    }
    func end(_ name: String) {}
    func text(_ text: String) {}
}

/// The shared string table: each `si` is the text of its runs, phonetic guides left out.
final class SharedStringReader: XMLEventHandler {
    var strings: [String] = []
    private var current = ""
    private var inItem = false
    private var inText = false
    private var phonetic = 0

    func start(_ name: String, _ attributes: [String: String]) {
        switch name {
        case "si": inItem = true; current = ""
        case "rPh": phonetic += 1
        case "t" where inItem && phonetic == 0: inText = true
        default: break
        }
    }
    func end(_ name: String) {
        switch name {
        case "si": strings.append(ExcelText.unescape(current)); inItem = false
        case "rPh": phonetic -= 1
        case "t": inText = false
        default: break
        }
    }
    func text(_ text: String) { if inText { current += text } }
}

final class StyleReader: XMLEventHandler {
    private var customFormats: [Int: String] = [:]
    private var cellFormats: [Int] = []
    private var inCellXfs = false

    func start(_ name: String, _ attributes: [String: String]) {
        switch name {
        case "numFmt":
            if let id = attributes["numFmtId"].flatMap(Int.init), let code = attributes["formatCode"] { customFormats[id] = code }
        case "cellXfs": inCellXfs = true
        case "xf" where inCellXfs: cellFormats.append(attributes["numFmtId"].flatMap(Int.init) ?? 0)
        default: break
        }
    }
    func end(_ name: String) { if name == "cellXfs" { inCellXfs = false } }
    func text(_ text: String) {}

    /// For each cell style index, whether its number format shows a date.
    func dateStyles() -> [Bool] {
        cellFormats.map { Workbook.isDateFormat(id: $0, code: customFormats[$0]) }
    }
}

final class SheetReader: XMLEventHandler {
    let name: String
    let strings: [String]
    let dateStyles: [Bool]
    let date1904: Bool
    let limits: OfficeLimits
    var budget: CellBudget

    private var rows: [Table.Row] = []
    private var merges: [(top: Int, left: Int, bottom: Int, right: Int)] = []
    private var rowNumber = 0
    private var rowHidden = false
    private var cells: [Cell] = []
    private var column = 0
    private var cellType = "n"
    private var cellStyle = 0
    private var value = ""
    private var inline = ""
    private var inValue = false
    private var inInline = false
    private var inInlineText = false
    private var phonetic = 0
    private var inCell = false

    init(name: String, strings: [String], dateStyles: [Bool], date1904: Bool, limits: OfficeLimits, budget: CellBudget) {
        self.name = name
        self.strings = strings
        self.dateStyles = dateStyles
        self.date1904 = date1904
        self.limits = limits
        self.budget = budget
    }

    func start(_ element: String, _ attributes: [String: String]) throws {
        switch element {
        case "row":
            if let written = attributes["r"] {
                guard let number = Int(written), number > rowNumber, number <= 1_048_576 else {
                    throw OfficeError(.corrupt, place: "\(name)!A\(written)",
                                      sv: "radnumret \"\(written)\" i bladet \(name) är ogiltigt eller står i fel ordning; filen är skadad. Öppna och spara om den i Excel eller LibreOffice",
                                      en: "the row number \"\(written)\" of the sheet \(name) is invalid or out of order; the file is damaged. Open it and save it again in Excel or LibreOffice")
                }
                rowNumber = number
            } else {
                rowNumber += 1
            }
            let hidden = attributes["hidden"]?.lowercased()
            rowHidden = hidden == "1" || hidden == "true"
            cells = []
            column = 0
        case "c":
            inCell = true
            if let reference = attributes["r"] {
                guard let parsed = ColumnName.parse(reference), parsed.row == rowNumber else {
                    throw OfficeError(.corrupt, place: "\(name)!\(reference)",
                                      sv: "cellreferensen \"\(reference)\" på rad \(rowNumber) i bladet \(name) är ogiltig; filen är skadad. Öppna och spara om den i Excel eller LibreOffice",
                                      en: "the cell reference \"\(reference)\" on row \(rowNumber) of the sheet \(name) is invalid; the file is damaged. Open it and save it again in Excel or LibreOffice")
                }
                column = parsed.column
            } else {
                column += 1
            }
            cellType = attributes["t"] ?? "n"
            cellStyle = attributes["s"].flatMap(Int.init) ?? 0
            value = ""
            inline = ""
        case "v" where inCell: inValue = true
        case "is" where inCell: inInline = true
        case "rPh": phonetic += 1
        case "t" where inInline && phonetic == 0: inInlineText = true
        case "mergeCell":
            if let reference = attributes["ref"] {
                let corners = reference.split(separator: ":")
                if corners.count == 2, let from = ColumnName.parse(corners[0]), let to = ColumnName.parse(corners[1]) {
                    merges.append((min(from.row, to.row), min(from.column, to.column), max(from.row, to.row), max(from.column, to.column)))
                }
            }
        default: break
        }
    }

    func end(_ element: String) throws {
        switch element {
        case "v": inValue = false
        case "is": inInline = false
        case "t": inInlineText = false
        case "rPh": phonetic -= 1
        case "c":
            inCell = false
            if let cellValue = try decode() {
                cells.append(Cell(column: column, value: cellValue))
                budget.cells += 1
                if budget.cells > limits.cells {
                    throw OfficeError(.tooManyRows, place: "\(name)!\(ColumnName.letters(column))\(rowNumber)",
                                      sv: "filen har fler än \(limits.cells) ifyllda celler; en plan är aldrig så stor. Dela upp arbetsboken eller ta bort blad som inte hör till planen",
                                      en: "the file has more than \(limits.cells) filled cells; no plan is that large. Split the workbook or remove sheets that are not part of the plan")
                }
            }
        case "row":
            guard !cells.isEmpty else { return }
            rows.append(Table.Row(number: rowNumber, hidden: rowHidden, cells: cells.sorted { $0.column < $1.column }))
            if rows.count > limits.rows {
                throw OfficeError(.tooManyRows, place: "\(name)!A\(rowNumber)",
                                  sv: "bladet \(name) har fler än \(limits.rows) ifyllda rader; en plan är aldrig så stor. Kontrollera att rätt blad läses, eller dela upp bladet",
                                  en: "the sheet \(name) has more than \(limits.rows) filled rows; no plan is that large. Check that the right sheet is read, or split the sheet")
            }
        default: break
        }
    }

    func text(_ text: String) {
        if inValue { value += text } else if inInlineText { inline += text }
    }

    private func decode() throws -> CellValue? {
        switch cellType {
        case "s":
            guard let index = Int(value.trimmingCharacters(in: .whitespaces)), strings.indices.contains(index) else {
                if value.isEmpty { return nil }
                throw OfficeError(.corrupt, place: "\(name)!\(ColumnName.letters(column))\(rowNumber)",
                                  sv: "cellen pekar på text nummer \(value) som filen inte har; filen är skadad. Öppna och spara om den i Excel eller LibreOffice",
                                  en: "the cell refers to text number \(value), which the file does not have; the file is damaged. Open it and save it again in Excel or LibreOffice")
            }
            return .text(strings[index])
        case "inlineStr": return .text(ExcelText.unescape(inline))
        case "str": return .text(value)
        case "b": return .bool(value.trimmingCharacters(in: .whitespaces) == "1")
        case "e": return .error(value)
        case "d": return value.isEmpty ? nil : .date(String(value.prefix(10)))
        default:
            let written = value.trimmingCharacters(in: .whitespaces)
            guard !written.isEmpty else { return nil }
            guard let number = Double(written), number.isFinite else { return .text(written) }
            if dateStyles.indices.contains(cellStyle), dateStyles[cellStyle], number >= 0, number < 2_958_466 {
                return .date(Workbook.date(serial: number, date1904: date1904))
            }
            return .number(number, written: ExcelNumber.shortest(number))
        }
    }

    /// Rows with merged ranges filled in: every cell of a range shows the top-left value,
    /// as a person reading the sheet sees it. Only rows that exist, and only columns that
    /// hold a value in some row, are filled (a heading is such a value), and every copy
    /// counts against the file's cell budget: a merge over a whole sheet costs nothing,
    /// and no sheet makes the reader build more cells than the budget allows.
    func finishedRows() throws -> [Table.Row] {
        guard !merges.isEmpty else { return rows }
        let usedColumns = Set(rows.flatMap { $0.cells.map(\.column) }).sorted()
        var byNumber: [Int: Int] = [:]
        for (index, row) in rows.enumerated() { byNumber[row.number] = index }
        var filled: [Int: [Int: Cell]] = [:]
        for merge in merges {
            guard let topIndex = byNumber[merge.top], let source = rows[topIndex][merge.left] else { continue }
            let columns = usedColumns.filter { $0 >= merge.left && $0 <= merge.right }
            guard !columns.isEmpty else { continue }
            for number in merge.top...min(merge.bottom, merge.top + limits.rows) {
                guard let index = byNumber[number] else { continue }
                for column in columns where !(number == merge.top && column == merge.left) {
                    if filled[index]?[column] != nil { continue }
                    if let own = rows[index][column], !own.value.isEmpty { continue }
                    filled[index, default: [:]][column] = Cell(column: column, value: source.value, mergedFrom: merge.top)
                    budget.cells += 1
                    if budget.cells > limits.cells {
                        throw OfficeError(.tooManyRows, place: "\(name)!\(ColumnName.letters(merge.left))\(merge.top)",
                                          sv: "de sammanfogade cellerna i bladet \(name) ger fler än \(limits.cells) celler; en plan är aldrig så stor. Dela upp de sammanfogade områdena",
                                          en: "the merged cells of the sheet \(name) make more than \(limits.cells) cells; no plan is that large. Split the merged ranges")
                    }
                }
            }
        }
        for (index, cells) in filled {
            rows[index].cells = (rows[index].cells.filter { cells[$0.column] == nil } + cells.values).sorted { $0.column < $1.column }
        }
        return rows
    }
}

/// Numbers as a person would type them: no binary noise (`0.30000000000000004` → `0.3`),
/// no trailing `.0`, at most 15 significant digits as Excel shows them.
public enum ExcelNumber {
    public static func shortest(_ number: Double) -> String {
        if number == number.rounded(), abs(number) < 9.2e18 { return String(Int64(number)) }
        var text = String(format: "%.15g", number)
        if text.contains("e") { return text }
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text
    }
}

/// Every XML reader of this module on one piece of bytes, as if it were each kind of part:
/// for the fuzz target and the mutation tests, which must reach the readers without first
/// building a valid zip around every input. Errors are the expected outcome; a crash or a
/// hang is the defect looked for.
public enum OfficeXMLProbe {
    public static func exercise(_ bytes: [UInt8], limits: OfficeLimits = OfficeLimits()) {
        let handlers: [XMLEventHandler] = [
            WorkbookReader(), SharedStringReader(), StyleReader(),
            SheetReader(name: "Blad1", strings: ["a", "b"], dateStyles: [false, true], date1904: false, limits: limits, budget: CellBudget(limits: limits)),
        ]
        for handler in handlers {
            try? XMLStream(part: "probe.xml", handler: handler).parse(bytes)
            if let sheet = handler as? SheetReader { _ = try? sheet.finishedRows() }
        }
        _ = try? WordDocument.tables(probe: bytes, limits: limits)
    }
}

/// One sheet part read on its own, merges filled (for the tests of the cell budget).
public enum MergeProbe {
    public static func rows(_ bytes: [UInt8], limits: OfficeLimits) throws -> [Table.Row] {
        let reader = SheetReader(name: "Blad1", strings: [], dateStyles: [], date1904: false, limits: limits, budget: CellBudget(limits: limits))
        try XMLStream(part: "xl/worksheets/sheet1.xml", handler: reader).parse(bytes)
        return try reader.finishedRows()
    }
}

/// Howard Hinnant's civil-date algorithms, exact for every Gregorian date: days since
/// 1970-01-01 and back. Shared by the workbook reader's serial dates and the checks' `Day`.
public enum CivilDate {
    public static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * ((month + 9) % 12) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    public static func date(days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

/// Text as Excel stores it in `<t>` (ECMA-376 ST_Xstring): a character XML cannot hold,
/// such as a carriage return, is written `_x000D_`, and a literal `_x` before four hex
/// digits is itself escaped as `_x005F_`.
public enum ExcelText {
    public static func unescape(_ text: String) -> String {
        guard text.contains("_x") else { return text }
        let scalars = Array(text.unicodeScalars)
        var result = String.UnicodeScalarView()
        var index = 0
        func hex(_ scalar: Unicode.Scalar) -> UInt32? {
            switch scalar.value {
            case 0x30...0x39: scalar.value - 0x30
            case 0x41...0x46: scalar.value - 0x41 + 10
            case 0x61...0x66: scalar.value - 0x61 + 10
            default: nil
            }
        }
        while index < scalars.count {
            if scalars[index] == "_", index + 6 < scalars.count, scalars[index + 1] == "x", scalars[index + 6] == "_",
               let a = hex(scalars[index + 2]), let b = hex(scalars[index + 3]), let c = hex(scalars[index + 4]), let d = hex(scalars[index + 5]),
               let decoded = Unicode.Scalar(a << 12 | b << 8 | c << 4 | d) {
                result.append(decoded)
                index += 7
            } else {
                result.append(scalars[index])
                index += 1
            }
        }
        return String(result)
    }
}
