import StyrlintOffice
/// A calendar day without time zone: comparisons and day arithmetic only.
public struct Day: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              (1...Day.daysIn(month: month, year: year)).contains(day) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY-MM-DD`, rejecting days that do not exist (2019-02-30).
    public init?(iso text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == 0x2D, bytes[7] == 0x2D, let year = Self.decimal(bytes, 0..<4),
              let month = Self.decimal(bytes, 5..<7), let day = Self.decimal(bytes, 8..<10) else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// The ASCII digits at `range` as a number, or nil if any byte there is not one: the
    /// fields of ISO dates and months, and what the importer takes for one.
    static func decimal(_ bytes: [UInt8], _ range: Range<Int>) -> Int? {
        var value = 0
        for index in range {
            let digit = Int(bytes[index]) - 0x30
            guard (0...9).contains(digit) else { return nil }
            value = value * 10 + digit
        }
        return value
    }

    public static func isLeap(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// The last day of a month; years are clamped to 1...9999 so no input can trap here.
    public static func lastDay(ofMonth month: Int, year: Int) -> Day {
        let year = min(max(year, 1), 9999), month = min(max(month, 1), 12)
        return Day(year: year, month: month, day: daysIn(month: month, year: year))!
    }

    /// Days since 1970-01-01.
    public var ordinal: Int { CivilDate.days(year: year, month: month, day: day) }

    public init(ordinal: Int) {
        (year, month, day) = CivilDate.date(days: ordinal)
    }

    public func adding(days: Int) -> Day { Day(ordinal: ordinal + days) }

    public static func < (lhs: Day, rhs: Day) -> Bool { lhs.ordinal < rhs.ordinal }

    public var description: String {
        let y = String(year), m = month < 10 ? "0\(month)" : "\(month)", d = day < 10 ? "0\(day)" : "\(day)"
        return "\(String(repeating: "0", count: max(0, 4 - y.count)))\(y)-\(m)-\(d)"
    }
}

/// A `YYYY-MM` month.
public struct Month: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let year: Int
    public let month: Int

    public init?(year: Int, month: Int) {
        guard (1...9999).contains(year), (1...12).contains(month) else { return nil }
        self.year = year
        self.month = month
    }

    /// `YYYY-MM` in ASCII digits.
    public init?(iso text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count == 7, bytes[4] == 0x2D, let year = Day.decimal(bytes, 0..<4), let month = Day.decimal(bytes, 5..<7) else { return nil }
        self.init(year: year, month: month)
    }

    public var lastDay: Day { Day.lastDay(ofMonth: month, year: year) }

    public static func < (lhs: Month, rhs: Month) -> Bool { (lhs.year, lhs.month) < (rhs.year, rhs.month) }

    public var description: String { "\(year)-\(month < 10 ? "0" : "")\(month)" }
}

/// Scalar typing by the schema, never by YAML 1.1 implicit resolution.
public enum ScalarValue {
    public enum NumberProblem: Error, Sendable, Equatable {
        case quoted, decimalComma, unit, leadingZero, notFinite, notANumber
    }

    /// A YAML number written as one (plain style): `84.2`, `-3`, `1e3`.
    public static func number(_ node: YAMLNode) -> Result<Double, NumberProblem> {
        guard let text = node.scalar else { return .failure(.notANumber) }
        let trimmed = text.first == " " || text.last == " " ? text.trimmingCharacters(in: .whitespaces) : text
        if let value = parseNumber(trimmed) {
            if node.style != .plain { return .failure(.quoted) }
            if node.tag == "tag:yaml.org,2002:str" { return .failure(.quoted) }
            if hasLeadingZero(trimmed) { return .failure(.leadingZero) }
            return value.isFinite ? .success(value) : .failure(.notFinite)
        }
        let lower = trimmed.lowercased()
        if [".nan", ".inf", "-.inf", "+.inf"].contains(lower) { return .failure(.notFinite) }
        if parseNumber(trimmed.replacingOccurrences(of: ",", with: ".")) != nil, trimmed.contains(",") {
            return .failure(.decimalComma)
        }
        // A unit is words or a sign after the number ("56 097 tkr", "85 %", "8 °C", "100:-",
        // "120 m²", "85 % (2024)"), never more of a number ("0x1F", "1_000", "8 av 10").
        let digitsAndSeparators = numberPrefix(trimmed)
        let rest = trimmed.dropFirst(digitsAndSeparators.count)
        if !digitsAndSeparators.isEmpty, digitsAndSeparators.contains(where: \.isNumber), let first = rest.first,
           !(first.isASCII && (first.isNumber || first == "_" || first == "." || first == ",")),
           first == "%" || !rest.prefix(while: { $0 != "(" }).contains(where: { $0.isASCII && $0.isNumber }) {
            return .failure(.unit)
        }
        return .failure(.notANumber)
    }

    /// The digits, signs and separators (also the no-break and thin spaces Word and Excel
    /// put between digit groups) a number written with a unit starts with.
    static func numberPrefix(_ text: String) -> Substring {
        text.prefix { $0.isNumber || $0 == "." || $0 == "," || $0 == "-" || $0 == " " || $0 == "\u{00A0}" || $0 == "\u{202F}" || $0 == "\u{2009}" }
    }

    /// An integer written plainly, in range.
    public static func integer(_ node: YAMLNode) -> Int? {
        guard node.style == .plain, node.tag == nil, let text = node.scalar, !hasLeadingZero(text) else { return nil }
        return Int(text)
    }

    /// Over UTF-8 bytes: asked of every number a check reads.
    static func hasLeadingZero(_ text: String) -> Bool {
        var bytes = text.utf8[...]
        if bytes.first == UInt8(ascii: "-") || bytes.first == UInt8(ascii: "+") { bytes = bytes.dropFirst() }
        guard bytes.first == UInt8(ascii: "0"), let second = bytes.dropFirst().first else { return false }
        if second < 0x80 { return (0x30...0x39).contains(second) }
        // Not ASCII after the zero (a digit of another script, a combining mark): read by Character.
        var digits = Substring(text)
        if digits.first == "-" || digits.first == "+" { digits = digits.dropFirst() }
        return digits.count > 1 && digits.first == "0" && digits.dropFirst().first?.isNumber == true
    }

    /// Decimal numbers only: digits, one optional point, optional exponent. No hex, octal or `_`.
    /// Over UTF-8 bytes (every accepted character is ASCII).
    static func parseNumber(_ text: String) -> Double? {
        guard !text.isEmpty else { return nil }
        var sawDigit = false, sawPoint = false, sawExponent = false
        var previous = UInt8(ascii: " ")
        var first = true
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): sawDigit = true
            case UInt8(ascii: "+"), UInt8(ascii: "-"):
                guard first || previous == UInt8(ascii: "e") || previous == UInt8(ascii: "E") else { return nil }
            case UInt8(ascii: "."):
                guard !sawPoint, !sawExponent else { return nil }
                sawPoint = true
            case UInt8(ascii: "e"), UInt8(ascii: "E"):
                guard sawDigit, !sawExponent else { return nil }
                sawExponent = true
            default: return nil
            }
            previous = byte
            first = false
        }
        guard sawDigit, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(previous) || previous == UInt8(ascii: ".") else { return nil }
        return Double(text)
    }

    public enum BooleanProblem: Error, Sendable, Equatable {
        case yaml11Word(String), notABoolean
    }

    /// `true`/`false` or Swedish `ja`/`nej`, any case; YAML 1.1 words are refused by name.
    public static func boolean(_ node: YAMLNode) -> Result<Bool, BooleanProblem> {
        guard let text = node.scalar else { return .failure(.notABoolean) }
        switch text.lowercased() {
        case "true", "ja": return .success(true)
        case "false", "nej": return .success(false)
        case "yes", "no", "on", "off", "y", "n": return .failure(.yaml11Word(text))
        default: return .failure(.notABoolean)
        }
    }
}

import Foundation

extension Day {
    /// The local calendar date: the check date when none is given (CLI and editor alike).
    public static var today: Day {
        let components = Calendar.current.dateComponents([.year, .month, .day], from: Date())
        return Day(year: components.year ?? 2000, month: components.month ?? 1, day: components.day ?? 1)!
    }
}
