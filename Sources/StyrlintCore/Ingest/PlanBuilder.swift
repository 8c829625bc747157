import Foundation
import StyrlintOffice

/// YAML text written line by line, each line remembering the cell it came from.
struct OriginLines {
    var lines: [String] = []
    var origins: [CellReference?] = []
    /// Cells whose value the YAML carries: what is left over at the end is reported.
    var consumed = Set<CellReference>()

    mutating func add(_ line: String, _ origin: CellReference? = nil) {
        lines.append(line)
        origins.append(origin)
    }

    mutating func consume(_ cell: CellReference?) {
        if let cell { consumed.insert(cell) }
    }

    /// A block of comment lines, each pointing at the cell the comment is about.
    /// Text from a workbook may hold any character: in a comment, every control, NEL, line
    /// and paragraph separator (line breaks to YAML 1.1 readers) becomes a space, so no
    /// cell can end the comment and write YAML of its own.
    mutating func comment(_ text: String, indent: String, _ origin: CellReference?) {
        add("\(indent)# \(Self.commentSafe(text))", origin)
    }

    static func commentSafe(_ text: String) -> String {
        var safe = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            let value = scalar.value
            safe.append(value < 0x20 || (0x7F...0x9F).contains(value) || value == 0x2028 || value == 0x2029 || value == 0xFEFF ? " " : scalar)
        }
        return String(safe)
    }
}

/// Scalars for the YAML an import writes: plain when that reads back as the same text,
/// double-quoted otherwise, and always quoted when a plain scalar would read as
/// something else (a number, a date, `null`, a boolean).
enum ImportScalar {
    static func text(_ value: String) -> String {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        let lower = trimmed.lowercased()
        let reserved = ["null", "~", "true", "false", "yes", "no", "on", "off", "y", "n", "ja", "nej"]
        let looksTyped = reserved.contains(lower) || Double(trimmed.replacingOccurrences(of: ",", with: ".")) != nil
            || startsLikeADate(trimmed)
            || [".inf", ".nan"].contains(lower.first == "-" || lower.first == "+" ? lower.dropFirst() : Substring(lower))
        if !looksTyped && value == trimmed && YAMLScalarText.isPlainSafe(value) { return value }
        // A workbook's line breaks may be CRLF; the YAML keeps LF.
        return YAMLScalarText.quoted(value.replacingOccurrences(of: "\r\n", with: "\n"))
    }

    /// `YYYY-MM` at the start, which a YAML reader may take for a date: the cells' own
    /// values, so no regular expression per cell.
    static func startsLikeADate(_ text: String) -> Bool {
        let bytes = Array(text.utf8.prefix(7))
        return bytes.count == 7 && bytes[4] == 0x2D && Day.decimal(bytes, 0..<4) != nil && Day.decimal(bytes, 5..<7) != nil
    }

    /// A YAML node from the configuration (`import.filer[].fält`), written in block style.
    static func node(_ node: YAMLNode, key: String, indent: String, into lines: inout OriginLines) {
        if node.isMapping {
            lines.add("\(indent)\(key):")
            for entry in node.entries {
                self.node(entry.value, key: entry.key.scalar.map(text) ?? "\"\"", indent: indent + "  ", into: &lines)
            }
        } else if node.isSequence {
            let items = node.items
            if items.allSatisfy(\.isScalar) {
                lines.add("\(indent)\(key): [\(items.map { scalar($0) }.joined(separator: ", "))]")
            } else {
                lines.add("\(indent)\(key):")
                for item in items {
                    var nested = OriginLines()
                    self.node(item, key: "x", indent: "", into: &nested)
                    for (offset, line) in nested.lines.enumerated() {
                        let body = offset == 0 ? String(line.dropFirst(2)).trimmingCharacters(in: .whitespaces) : line
                        lines.add(offset == 0 ? "\(indent)  - \(body.hasPrefix(":") ? String(body.dropFirst()).trimmingCharacters(in: .whitespaces) : body)" : "\(indent)    \(line)")
                    }
                }
            }
        } else {
            lines.add("\(indent)\(key): \(scalar(node))")
        }
    }

    /// A scalar from the configuration keeps its plain reading (numbers, dates) when it was plain.
    static func scalar(_ node: YAMLNode) -> String {
        let value = node.scalar ?? ""
        if node.style == .plain, !value.contains(": "), !value.contains(" #"), !value.hasPrefix("#"), value.unicodeScalars.allSatisfy({ $0.value >= 0x20 }) {
            return value.isEmpty ? "\"\"" : value
        }
        return text(value)
    }
}

extension PlanImporter {
    /// One data row, by field, with the cell each value came from.
    struct RowValues {
        var number: Int
        var values: [ImportField: (value: CellValue, cell: CellReference, merged: Bool)] = [:]
        /// Fields whose value repeats the goal's or risk's starting row (not reported as left over).
        var repeats = Set<ImportField>()

        func has(_ field: ImportField) -> Bool { values[field].map { !$0.value.isEmpty } ?? false }
        /// A value written in this row, not copied from a merged range above.
        func own(_ field: ImportField) -> Bool { values[field].map { !$0.value.isEmpty && !$0.merged } ?? false }
    }

    static func build(_ choice: Choice, others: [Table], style: CellReference.Style, bytes: [UInt8], request: ImportRequest) -> ImportedPlan {
        let table = choice.table
        let header = table.rows[choice.headerIndex]
        func reference(_ row: Int, _ column: Int) -> CellReference {
            CellReference(style: style, table: table.name, row: row, column: column)
        }
        var notes: [ImportNote] = []
        // Another visible sheet or table with values may be the plan, or part of it: said,
        // never passed over. Hidden sheets (lookup lists, archives) are named in a comment.
        for other in others where !other.hidden {
            let first = other.rows.first?.cells.first
            notes.append(ImportNote(variant: "otherSheet", cell: CellReference(style: style, table: other.name, row: other.rows.first?.number ?? 1, column: first?.column ?? 1),
                                    arguments: ["sheet": other.name, "rows": "\(other.rows.count)"]))
        }
        for match in choice.matches where match.field == nil || match.duplicate {
            notes.append(ImportNote(variant: match.duplicate ? "duplicateColumn" : "unmappedColumn",
                                    cell: reference(match.cell.row, match.cell.column),
                                    arguments: ["heading": match.heading, "field": match.field?.rawValue ?? ""]))
        }
        var rows: [RowValues] = []
        var reportedMerges = Set<Int>()
        for row in table.rows[(choice.headerIndex + 1)...] {
            if row.isEmpty { continue }
            if row.hidden {
                notes.append(ImportNote(variant: "hiddenRow", cell: reference(row.number, row.cells.first?.column ?? 1),
                                        arguments: ["row": "\(row.number)"]))
                continue
            }
            var values = RowValues(number: row.number)
            for cell in row.cells where !cell.value.isEmpty {
                // A range merged down from the heading row (or above it) is no value of this row.
                if let from = cell.mergedFrom, from <= header.number {
                    if reportedMerges.insert(cell.column).inserted {
                        notes.append(ImportNote(variant: "mergedHeading", cell: reference(row.number, cell.column), arguments: [:]))
                    }
                    continue
                }
                if let field = choice.columns[cell.column] {
                    values.values[field] = (cell.value, reference(row.number, cell.column), cell.merged)
                } else if !cell.merged && header[cell.column] == nil {
                    notes.append(ImportNote(variant: "noHeading", cell: reference(row.number, cell.column),
                                            arguments: ["value": String(cell.value.display.prefix(60))]))
                }
            }
            if !values.values.isEmpty { rows.append(values) }
        }
        let fallback = reference(header.number, header.cells.first?.column ?? 1)
        var lines = OriginLines()
        let sha = InputDigest(of: bytes).sha256
        let displayName = (request.fileName as NSString).lastPathComponent
        let place = switch style {
        case .sheet: ", bladet \(table.name)"
        case .wordTable: ", \(table.name.lowercased())"
        case .delimited: ""
        }
        let language = request.language
        lines.comment(language == .sv ? "Importerad av styrlint från \(displayName)\(place) (rubrikrad \(header.number))."
                                      : "Imported by styrlint from \(displayName)\(place.replacingOccurrences(of: "bladet", with: "sheet").replacingOccurrences(of: "tabell", with: "table")) (heading row \(header.number)).",
                      indent: "", fallback)
        lines.add("typ: \(request.kind.rawValue)", fallback)
        let organ = request.organ ?? "okänt"
        let year = request.year ?? Day.today.year
        let id = request.id ?? (request.kind == .internkontrollplan ? "\(organ)-ik-\(year)" : "\(organ)-vp-\(year)").lowercased()
        lines.add("id: \(ImportScalar.text(id))", fallback)
        if let municipality = request.municipality { lines.add("kommun: \(ImportScalar.text(municipality))", fallback) }
        lines.add("organ: \(ImportScalar.text(organ))", fallback)
        if request.kind == .internkontrollplan {
            lines.add("år: \(year)", fallback)
        } else {
            lines.add("nivå: \(ImportScalar.text(request.level))", fallback)
            if let parent = request.parent { lines.add("överordnad: \(ImportScalar.text(parent))", fallback) }
            lines.add("period: {från: \(year), till: \(request.lastYear ?? year)}", fallback)
        }
        lines.add("status: \(ImportScalar.text(request.status))", fallback)
        for (key, value) in request.extraFields {
            ImportScalar.node(value, key: ImportScalar.text(key), indent: "", into: &lines)
        }
        lines.add("källfil:", fallback)
        lines.add("  namn: \(ImportScalar.text(displayName))", fallback)
        lines.add("  sha256: \(sha)", fallback)
        lines.add("  tabell: \(ImportScalar.text(table.name))", fallback)
        // What stands above the heading row (a title, a date) is kept as comments.
        for row in table.rows[..<choice.headerIndex] {
            for cell in row.cells where !cell.value.isEmpty && !cell.merged {
                let origin = reference(row.number, cell.column)
                lines.comment("\(origin.text(language)): \(cell.value.display)", indent: "", origin)
            }
        }
        for other in others where other.hidden {
            lines.comment(language == .sv ? "Dolt blad \"\(other.name)\" med \(other.rows.count) ifyllda rader lästes inte."
                                          : "Hidden sheet \"\(other.name)\" with \(other.rows.count) filled rows was not read.", indent: "", fallback)
        }
        // Notes about headings and rows go before the content, each at its cell.
        for index in notes.indices {
            notes[index].line = lines.lines.count + 1
            lines.comment(ImportNotes.text(notes[index], language), indent: "", notes[index].cell)
        }
        if request.kind == .internkontrollplan {
            writeControlPlan(rows, into: &lines, notes: &notes, fallback: fallback, file: displayName, language: language)
        } else {
            writeGoalPlan(rows, into: &lines, notes: &notes, fallback: fallback, file: displayName, language: language)
        }
        // Every value of a mapped column is in the YAML or reported here: a value with
        // nothing on its row to belong to (an ansvarig without a control or action), or a
        // merged or repeated goal or risk cell that differs from the row that starts it.
        for row in rows {
            for (field, entry) in row.values.sorted(by: { $0.value.cell.column < $1.value.cell.column })
            where !entry.value.isEmpty && !lines.consumed.contains(entry.cell) && !entry.merged && !row.repeats.contains(field) {
                let note = ImportNote(variant: "unplacedValue", cell: entry.cell,
                                      arguments: ["value": String(entry.value.display.prefix(60)), "field": field.rawValue], line: lines.lines.count + 1)
                notes.append(note)
                lines.comment(ImportNotes.text(note, language), indent: "", entry.cell)
            }
        }
        return ImportedPlan(yaml: lines.lines.joined(separator: "\n") + "\n", cells: CellMap(lines: lines.origins, fallback: fallback),
                            columns: choice.matches, notes: notes, table: table.name, headerRow: header.number)
    }

    // MARK: Values

    /// A whole number as written, or the text as it is (the schema check then says what is wrong).
    static func integer(_ value: CellValue) -> String {
        switch value {
        case .number(let number, let written):
            return number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : written
        case .text(let text):
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            return Int(trimmed).map(String.init) ?? ImportScalar.text(trimmed)
        default: return ImportScalar.text(value.display)
        }
    }

    /// `-1 234 567,5`: digits in groups of three after the first one to three, a space
    /// between groups, an optional decimal comma. Read by hand, not by a regular
    /// expression: the first one a process compiles starts ICU, 8 million instructions,
    /// more than the rest of a workbook's import.
    static func isGroupedNumber(_ text: String) -> Bool {
        var bytes = Substring(text).utf8[...]
        if bytes.first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
        let (whole, fraction) = splitAtComma(bytes)
        let groups = whole.split(separator: UInt8(ascii: " "), omittingEmptySubsequences: false)
        guard groups.count >= 2, (1...3).contains(groups[0].count), groups.dropFirst().allSatisfy({ $0.count == 3 }),
              groups.allSatisfy(isDigits) else { return false }
        return fraction.map(isDigits) ?? true
    }

    /// `-12,5` (a hyphen or a minus sign, digits, an optional decimal comma).
    static func isDecimalNumber(_ text: String) -> Bool {
        var scalars = Substring(text).unicodeScalars[...]
        if scalars.first == "-" || scalars.first == "\u{2212}" { scalars = scalars.dropFirst() }
        let bytes = Substring(scalars).utf8[...]
        let (whole, fraction) = splitAtComma(bytes)
        return isDigits(whole) && (fraction.map(isDigits) ?? true)
    }

    /// A year (`2026`) or a day (`2026-03-31`) as the format writes them.
    static func isYearOrDay(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        if bytes.count == 4 { return Day.decimal(bytes, 0..<4) != nil }
        return bytes.count == 10 && bytes[4] == UInt8(ascii: "-") && bytes[7] == UInt8(ascii: "-")
            && Day.decimal(bytes, 0..<4) != nil && Day.decimal(bytes, 5..<7) != nil && Day.decimal(bytes, 8..<10) != nil
    }

    private static func splitAtComma(_ bytes: Substring.UTF8View.SubSequence) -> (Substring.UTF8View.SubSequence, Substring.UTF8View.SubSequence?) {
        guard let comma = bytes.firstIndex(of: UInt8(ascii: ",")) else { return (bytes, nil) }
        return (bytes[..<comma], bytes[bytes.index(after: comma)...])
    }

    private static func isDigits(_ bytes: Substring.UTF8View.SubSequence) -> Bool {
        !bytes.isEmpty && bytes.allSatisfy { (0x30...0x39).contains($0) }
    }

    /// A number, read from text with a decimal comma, spaces between thousands and a
    /// trailing percent sign as a Swedish spreadsheet shows them.
    static func number(_ value: CellValue) -> String {
        switch value {
        case .number(_, let written): return written
        case .text(let text):
            var cleaned = text.trimmingCharacters(in: .whitespaces)
            if cleaned.hasSuffix("%") { cleaned = String(cleaned.dropLast()).trimmingCharacters(in: .whitespaces) }
            cleaned = cleaned.replacingOccurrences(of: "\u{00A0}", with: "").replacingOccurrences(of: "\u{202F}", with: "")
            if Self.isGroupedNumber(cleaned) { cleaned = cleaned.replacingOccurrences(of: " ", with: "") }
            if Self.isDecimalNumber(cleaned) {
                return cleaned.replacingOccurrences(of: ",", with: ".").replacingOccurrences(of: "−", with: "-")
            }
            return ImportScalar.text(text.trimmingCharacters(in: .whitespaces))
        default: return ImportScalar.text(value.display)
        }
    }

    static func year(_ value: CellValue) -> String {
        switch value {
        case .date(let date): return String(date.prefix(4))
        default: return integer(value)
        }
    }

    static func date(_ value: CellValue) -> String {
        switch value {
        case .date(let date): return date.count == 10 ? date : ImportScalar.text(date)
        case .number(let number, _) where number == number.rounded() && (1900...2200).contains(number): return String(Int(number))
        case .text(let text):
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            return Self.isYearOrDay(trimmed) ? trimmed : ImportScalar.text(trimmed)
        default: return ImportScalar.text(value.display)
        }
    }

    /// Several values in one cell: separated by commas, semicolons or line breaks.
    static func list(_ value: CellValue, _ element: (CellValue) -> String) -> String {
        if case .text(let text) = value {
            let parts = text.split(whereSeparator: { $0 == "," || $0 == ";" || $0 == "\n" || $0 == "\r\n" })
                .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            return "[" + parts.map { element(.text($0)) }.joined(separator: ", ") + "]"
        }
        return "[\(element(value))]"
    }

    static func word(_ value: CellValue) -> String {
        ImportScalar.text(value.display.trimmingCharacters(in: .whitespacesAndNewlines).lowercased())
    }

    /// How often, in the words the format uses (`Varje kvartal` → kvartalsvis).
    static func frequency(_ value: CellValue) -> String {
        let text = value.display.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        let words: [(String, [String])] = [
            ("kvartalsvis", ["kvartalsvis", "kvartal", "varje kvartal", "per kvartal", "4 ggr/år", "4 gånger per år", "fyra gånger per år"]),
            ("halvår", ["halvår", "halvårsvis", "varje halvår", "per halvår", "2 ggr/år", "2 gånger per år", "två gånger per år"]),
            ("tertial", ["tertial", "tertialvis", "varje tertial", "per tertial", "3 ggr/år", "3 gånger per år", "tre gånger per år"]),
            ("årligen", ["årligen", "årsvis", "årlig", "varje år", "per år", "1 gång per år", "en gång per år", "1 ggr/år", "1 gång/år", "en gång om året"]),
            ("månadsvis", ["månadsvis", "månatligen", "varje månad", "per månad", "månad", "12 ggr/år"]),
            ("löpande", ["löpande", "kontinuerligt", "fortlöpande", "vid behov"]),
        ]
        for (name, spellings) in words where spellings.contains(text) { return name }
        return ImportScalar.text(text)
    }

    static func boolean(_ value: CellValue) -> String {
        switch value {
        case .bool(let flag): return flag ? "true" : "false"
        default:
            let text = value.display.trimmingCharacters(in: .whitespaces).lowercased()
            if ["ja", "x", "sant", "true", "1", "j"].contains(text) { return "true" }
            if ["nej", "falskt", "false", "0", "n"].contains(text) { return "false" }
            return ImportScalar.text(value.display)
        }
    }

    /// `3` → `R3` (a bare number is no id of its own); anything else as written.
    static func identifier(_ value: CellValue, prefix: String) -> String {
        let text = value.display.trimmingCharacters(in: .whitespacesAndNewlines)
        if let number = Int(text) { return "\(prefix)\(number)" }
        if case .number(let number, _) = value, number == number.rounded() { return "\(prefix)\(Int(number))" }
        return text
    }
}
