import CSV

/// A CSV file as spreadsheet programs write it: UTF-8 (with or without a byte order mark)
/// or, from Excel on a Swedish Windows, Windows-1252; fields separated by `;` (the Swedish
/// default, since `,` is the decimal sign) or `,`, whichever the first line uses.
public enum Delimited {
    public static func table(_ bytes: [UInt8], name: String, limits: OfficeLimits = OfficeLimits()) throws -> Table {
        var content = bytes
        let text: String
        if content.starts(with: [0xFF, 0xFE]) || content.starts(with: [0xFE, 0xFF]) {
            // Excel's "Unicode text" export: UTF-16 with a byte order mark, tabs between fields.
            text = try utf16(content, littleEndian: content[0] == 0xFF, name: name)
        } else {
            if content.starts(with: [0xEF, 0xBB, 0xBF]) { content.removeFirst(3) }
            if let utf8 = String(validating: content, as: UTF8.self) {
                text = utf8
            } else if let line = mostlyUTF8(content) {
                // UTF-8 with a broken byte: read as Windows-1252 it would turn every å into Ã¥.
                throw OfficeError(.encoding, place: "rad \(line)",
                                  sv: "filen är UTF-8 men har en ogiltig byte på rad \(line); rätta tecknet eller spara filen på nytt som \"CSV UTF-8\"",
                                  en: "the file is UTF-8 but has an invalid byte on line \(line); fix the character or save the file again as \"CSV UTF-8\"")
            } else {
                text = Windows1252.decode(content)
            }
        }
        let firstLine = text.prefix { $0 != "\n" && $0 != "\r\n" && $0 != "\r" }
        let semicolons = firstLine.filter { $0 == ";" }.count
        let commas = firstLine.filter { $0 == "," }.count
        let tabs = firstLine.filter { $0 == "\t" }.count
        let delimiter: UnicodeScalar = tabs > max(semicolons, commas) ? "\t" : (semicolons >= commas ? ";" : ",")
        switch quoteProblem(text, delimiter: delimiter) {
        case .unclosed(let line)?:
            throw OfficeError(.malformedXML, place: "rad \(line)",
                              sv: "citattecknet som börjar ett fält på rad \(line) stängs aldrig, så resten av filen skulle bli ett enda fält; lägg till det avslutande \"",
                              en: "the quote that starts a field on line \(line) is never closed, so the rest of the file would become one field; add the closing \"")
        case .textAfterClosingQuote(let line, let column, let openedOn)?:
            // Read on, a CSV reader drops or merges text here (`"Felaktig "manuell" debitering`
            // loses letters and can swallow the next rows): stop and say where.
            if openedOn == line {
                throw OfficeError(.malformedXML, place: "rad \(line)",
                                  sv: "ett citattecken mitt i ett fält (tecken \(column) på raden): ett fält inom citattecken slutar vid nästa \" och får bara följas av en avgränsare eller radslut. Skriv två citattecken (\"\") för ett citattecken i texten, eller spara filen på nytt från Excel",
                                  en: "a quote in the middle of a field (character \(column) of the line): a quoted field ends at the next \" and may only be followed by a delimiter or the end of the line. Write two quotes (\"\") for a quote in the text, or save the file again from Excel")
            }
            throw OfficeError(.malformedXML, place: "rad \(openedOn)",
                              sv: "fältet som börjar med ett citattecken på rad \(openedOn) stängs först på rad \(line) (tecken \(column)), mitt i ett annat fält: troligen saknas det avslutande \" på rad \(openedOn), eller så står ett citattecken i texten som inte är dubblerat (\"\")",
                              en: "the field that opens with a quote on line \(openedOn) only closes on line \(line) (character \(column)), in the middle of another field: the closing \" on line \(openedOn) is probably missing, or a quote in the text is not doubled (\"\")")
        case nil:
            break
        }
        let reader: CSVReader
        do {
            reader = try CSVReader(string: text, hasHeaderRow: false, trimFields: false, delimiter: delimiter)
        } catch {
            throw OfficeError(.malformedXML, sv: "CSV-filen kan inte läsas (\(error)); kontrollera citattecknen",
                              en: "the CSV file cannot be read (\(error)); check the quotes")
        }
        var rows: [Table.Row] = []
        var number = 0
        while let fields = reader.next() {
            number += 1
            let cells = fields.enumerated().compactMap { index, field -> Cell? in
                field.allSatisfy(\.isWhitespace) ? nil : Cell(column: index + 1, value: .text(field))
            }
            if cells.isEmpty { continue }
            rows.append(Table.Row(number: number, cells: cells))
            if rows.count > limits.rows {
                throw OfficeError(.tooManyRows, place: "rad \(number)",
                                  sv: "filen har fler än \(limits.rows) rader; en plan är aldrig så stor",
                                  en: "the file has more than \(limits.rows) rows; no plan is that large")
            }
        }
        if let error = reader.error {
            throw OfficeError(.malformedXML, place: "rad \(number + 1)",
                              sv: "CSV-filen kan inte läsas vidare (\(error)); ett citattecken stängs troligen inte",
                              en: "the CSV file cannot be read further (\(error)); a quote is probably not closed")
        }
        return Table(name: name, rows: rows)
    }
}

extension Delimited {
    static func utf16(_ bytes: [UInt8], littleEndian: Bool, name: String) throws -> String {
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        var index = 2
        while index + 1 < bytes.count {
            units.append(littleEndian ? UInt16(bytes[index]) | UInt16(bytes[index + 1]) << 8 : UInt16(bytes[index]) << 8 | UInt16(bytes[index + 1]))
            index += 2
        }
        var text = String.UnicodeScalarView()
        var decoder = UTF16()
        var iterator = units.makeIterator()
        loop: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): text.append(scalar)
            case .emptyInput: break loop
            case .error:
                throw OfficeError(.encoding, sv: "filen är UTF-16 men innehåller ett ogiltigt tecken; spara den på nytt som \"CSV UTF-8\"",
                                  en: "the file is UTF-16 but holds an invalid character; save it again as \"CSV UTF-8\"")
            }
        }
        return String(text)
    }

    /// The line of the first invalid byte, when the file otherwise has valid UTF-8
    /// sequences of several bytes (å, ä, ö): then it is UTF-8 with damage, not Windows-1252.
    static func mostlyUTF8(_ bytes: [UInt8]) -> Int? {
        var valid = 0
        var firstInvalidLine: Int?
        var line = 1
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x0A { line += 1 }
            if byte < 0x80 { index += 1; continue }
            let length = byte >= 0xF0 && byte <= 0xF4 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC2 && byte <= 0xDF ? 2 : 0
            if length > 0, index + length <= bytes.count, bytes[(index + 1)..<(index + length)].allSatisfy({ $0 & 0xC0 == 0x80 }) {
                valid += 1
                index += length
            } else {
                if firstInvalidLine == nil { firstInvalidLine = line }
                index += 1
            }
        }
        return valid > 0 ? firstInvalidLine : nil
    }

    enum QuoteProblem: Equatable {
        /// A quoted field opens on this line and never closes.
        case unclosed(line: Int)
        /// A quoted field (opened on `openedOn`) closes and text other than a delimiter or a
        /// line end follows.
        case textAfterClosingQuote(line: Int, column: Int, openedOn: Int)
    }

    /// The first quote that RFC 4180 cannot read: one that opens a field and never closes,
    /// or a closing quote followed by more text in the same field.
    static func quoteProblem(_ text: String, delimiter: UnicodeScalar) -> QuoteProblem? {
        var line = 1
        var column = 0
        var openedOn = 0
        var inQuotes = false
        var atFieldStart = true
        var previousWasQuote = false
        for scalar in text.unicodeScalars {
            column += 1
            if inQuotes {
                if scalar == "\"" {
                    if previousWasQuote { previousWasQuote = false; continue }
                    previousWasQuote = true
                    continue
                }
                if previousWasQuote {
                    // The quote before this character closed the field: only a delimiter or
                    // a line end may follow.
                    inQuotes = false
                    previousWasQuote = false
                    if scalar != "\n", scalar != "\r", scalar != delimiter {
                        return .textAfterClosingQuote(line: line, column: column - 1, openedOn: openedOn)
                    }
                } else {
                    if scalar == "\n" { line += 1; column = 0 }
                    continue
                }
            }
            switch scalar {
            case "\"" where atFieldStart:
                inQuotes = true
                openedOn = line
                atFieldStart = false
            case "\n":
                line += 1
                column = 0
                atFieldStart = true
            case delimiter:
                atFieldStart = true
            case "\r":
                break
            default:
                atFieldStart = false
            }
        }
        return inQuotes && !previousWasQuote ? .unclosed(line: openedOn) : nil
    }
}

/// Windows-1252 as the WHATWG encoding standard maps it, the five unassigned bytes to
/// the C1 code points, so that every byte decodes
/// and the result is the same on every platform.
enum Windows1252 {
    static let high: [UInt32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x017D, 0x8F,
        0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
    ]

    static func decode(_ bytes: [UInt8]) -> String {
        var scalars = String.UnicodeScalarView()
        for byte in bytes {
            let value = (0x80...0x9F).contains(byte) ? high[Int(byte) - 0x80] : UInt32(byte)
            scalars.append(Unicode.Scalar(value)!)
        }
        return String(scalars)
    }
}
