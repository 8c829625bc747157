import CSV

/// A CSV file as spreadsheet programs write it: UTF-8 (with or without a byte order mark)
/// or, from Excel on a Swedish Windows, Windows-1252; fields separated by `;` (the Swedish
/// default, since `,` is the decimal sign) or `,`, whichever the first line uses.
public enum Delimited {
    public static func table(_ bytes: [UInt8], name: String, limits: OfficeLimits = OfficeLimits()) throws -> Table {
        var content = bytes
        if content.starts(with: [0xEF, 0xBB, 0xBF]) { content.removeFirst(3) }
        let text: String
        if let utf8 = String(validating: content, as: UTF8.self) {
            text = utf8
        } else {
            text = Windows1252.decode(content)
        }
        let firstLine = text.prefix { $0 != "\n" && $0 != "\r\n" && $0 != "\r" }
        let semicolons = firstLine.filter { $0 == ";" }.count
        let commas = firstLine.filter { $0 == "," }.count
        let tabs = firstLine.filter { $0 == "\t" }.count
        let delimiter: UnicodeScalar = tabs > max(semicolons, commas) ? "\t" : (semicolons >= commas ? ";" : ",")
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
