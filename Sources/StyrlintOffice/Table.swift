/// What every reader produces: named tables of cells at 1-based row and column numbers,
/// kept sparse so a sheet that names cell XFD1048576 costs one cell, not a million rows.
public struct Table: Sendable, Equatable {
    /// The sheet's name (Excel), `Tabell 2` (Word), or the file name (CSV).
    public var name: String
    /// A hidden sheet: read, but chosen only when asked for by name.
    public var hidden = false
    public var rows: [Row] = []

    public init(name: String, hidden: Bool = false, rows: [Row] = []) {
        self.name = name
        self.hidden = hidden
        self.rows = rows
    }

    public struct Row: Sendable, Equatable {
        public var number: Int
        public var hidden = false
        /// Cells in column order, empty ones left out.
        public var cells: [Cell]

        public init(number: Int, hidden: Bool = false, cells: [Cell]) {
            self.number = number
            self.hidden = hidden
            self.cells = cells
        }

        public subscript(column: Int) -> Cell? { cells.first { $0.column == column } }

        public var isEmpty: Bool { cells.allSatisfy { $0.value.isEmpty } }
    }
}

public struct Cell: Sendable, Equatable {
    public var column: Int
    public var value: CellValue
    /// The value was copied from the top-left cell of a merged range.
    public var merged = false
    /// For a copy, the row the merged range starts in.
    public var mergedFrom: Int?

    public init(column: Int, value: CellValue, merged: Bool = false, mergedFrom: Int? = nil) {
        self.column = column
        self.value = value
        self.merged = merged || mergedFrom != nil
        self.mergedFrom = mergedFrom
    }
}

/// A cell's value as the file stores it, formulas by their cached result.
public enum CellValue: Sendable, Equatable {
    case text(String)
    /// A number and the text it was stored as (`92.5`), so nothing is lost to rounding.
    case number(Double, written: String)
    /// A date cell, as `YYYY-MM-DD` (and the time of day when it has one).
    case date(String)
    case bool(Bool)
    /// An error value such as `#DIV/0!`.
    case error(String)

    public var isEmpty: Bool {
        if case .text(let text) = self { return text.allSatisfy(\.isWhitespace) }
        return false
    }

    /// The value as a person reads it in the cell.
    public var display: String {
        switch self {
        case .text(let text): text
        case .number(_, let written): written
        case .date(let date): date
        case .bool(let flag): flag ? "SANT" : "FALSKT"
        case .error(let code): code
        }
    }
}

/// Column letters as Excel writes them: 1 → A, 27 → AA.
public enum ColumnName {
    public static func letters(_ column: Int) -> String {
        var number = column
        var letters: [Character] = []
        while number > 0 {
            let remainder = (number - 1) % 26
            letters.append(Character(UnicodeScalar(UInt8(65 + remainder))))
            number = (number - 1) / 26
        }
        return String(letters.reversed())
    }

    /// `B7` → (row 7, column 2); nil for anything else.
    public static func parse(_ reference: some StringProtocol) -> (row: Int, column: Int)? {
        var column = 0
        var row = 0
        var sawDigit = false
        for byte in reference.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z") where !sawDigit:
                column = column * 26 + Int(byte - 64)
                if column > 16_384 { return nil }
            case UInt8(ascii: "a")...UInt8(ascii: "z") where !sawDigit:
                column = column * 26 + Int(byte - 96)
                if column > 16_384 { return nil }
            case UInt8(ascii: "$"): continue
            case UInt8(ascii: "0")...UInt8(ascii: "9") where column > 0:
                sawDigit = true
                row = row * 10 + Int(byte - 48)
                if row > 1_048_576 { return nil }
            default: return nil
            }
        }
        return sawDigit && row > 0 ? (row, column) : nil
    }
}

/// Why a file could not be read. Each says what is wrong and what to do, in both languages.
public struct OfficeError: Error, Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case encrypted, notZip, corrupt, missingPart, tooLarge, tooManyRows, forbiddenXML, malformedXML, unsupported, encoding
    }

    public var kind: Kind
    /// Where in the file: a part (`xl/sharedStrings.xml`) with line and column, a cell, or nothing.
    public var place: String?
    public var sv: String
    public var en: String

    public init(_ kind: Kind, place: String? = nil, sv: String, en: String) {
        self.kind = kind
        self.place = place
        self.sv = sv
        self.en = en
    }
}

/// Caps on what one file may make the reader do. Plans are hundreds of rows; the caps
/// are far above that and far below what exhausts a machine.
public struct OfficeLimits: Sendable {
    /// Bytes inflated from one part of the zip container.
    public var partBytes = 64 * 1024 * 1024
    /// Bytes inflated from the whole container.
    public var totalBytes = 160 * 1024 * 1024
    /// Entries in the container.
    public var entries = 10_000
    /// Non-empty rows in one sheet or table.
    public var rows = 50_000
    /// Cells in one file.
    public var cells = 2_000_000

    public init() {}
}
