import CSV
import Foundation

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
        } else if let latin = String(data: Data(content), encoding: .windowsCP1252) {
            text = latin
        } else {
            throw OfficeError(.encoding, sv: "filen är varken UTF-8 eller Windows-1252; spara den som \"CSV UTF-8\"",
                              en: "the file is neither UTF-8 nor Windows-1252; save it as \"CSV UTF-8\"")
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
