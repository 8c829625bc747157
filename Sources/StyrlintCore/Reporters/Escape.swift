/// The context a piece of output is written for; the writer applies its policy.
public enum OutputContext: Sendable {
    /// Lines for a terminal or a log: controls shown visibly, newlines kept.
    case terminal
    /// Already escaped piece by piece by its reporter (coloured text, GitHub commands, CSV cells).
    case escaped
    /// JSON (also SARIF, GitLab Code Quality, baselines).
    case json
    /// XML or HTML (JUnit, SVG, the report).
    case markup

    public func apply(_ text: String) -> String {
        switch self {
        case .terminal: Escape.terminal(text)
        case .escaped: text
        case .json: Escape.jsonText(text)
        case .markup: Escape.xmlCharacters(text)
        }
    }
}

/// One escaping policy per output context. Every byte of a document, a file name, a
/// config key or an argument reaches the user through one of these, applied by the
/// writer of that context, so no text can move a cursor, retitle a terminal, break an
/// XML parser, run as a spreadsheet formula or load an image.
public enum Escape {
    /// Terminal and log lines: C0 and C1 controls, DEL and the bidirectional overrides
    /// that reorder what a reader sees are shown as `\u{…}`; tab and (unless `singleLine`)
    /// newline stay.
    public static func terminal(_ text: String, singleLine: Bool = false) -> String {
        guard text.unicodeScalars.contains(where: { isUnsafe($0, keepNewline: !singleLine) }) else { return text }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if isUnsafe(scalar, keepNewline: !singleLine) {
                result.append(contentsOf: visible(scalar).unicodeScalars)
            } else {
                result.append(scalar)
            }
        }
        return String(result)
    }

    static func isUnsafe(_ scalar: Unicode.Scalar, keepNewline: Bool) -> Bool {
        switch scalar.value {
        case 0x09: return !keepNewline
        case 0x0A: return !keepNewline
        case 0x00...0x1F, 0x7F...0x9F: return true
        // Bidirectional overrides reorder what a reader sees; line and paragraph
        // separators break lines; zero-width characters hide text; noncharacters.
        case 0x202A...0x202E, 0x2066...0x2069, 0x200B...0x200F, 0x061C, 0x2028, 0x2029, 0x2060...0x2064, 0xFEFF, 0xFFFE, 0xFFFF:
            return true
        default: return false
        }
    }

    static func visible(_ scalar: Unicode.Scalar) -> String {
        // Control pictures for C0 and DEL (␛, ␊) read at a glance; the rest by code point.
        if scalar.value < 0x20 { return String(Unicode.Scalar(0x2400 + scalar.value)!) }
        if scalar.value == 0x7F { return "\u{2421}" }
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "\\u{" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex + "}"
    }

    /// JSON that a terminal, a log viewer or a CI page may show: every character the
    /// terminal policy would make visible is written as a `\uXXXX` escape, which keeps
    /// the JSON valid and means the same string. (JSONEncoder escapes C0 only.)
    public static func jsonText(_ json: String) -> String {
        guard json.unicodeScalars.contains(where: { isUnsafe($0, keepNewline: true) }) else { return json }
        var result = String.UnicodeScalarView()
        for scalar in json.unicodeScalars {
            if isUnsafe(scalar, keepNewline: true) {
                let hex = String(scalar.value, radix: 16)
                result.append(contentsOf: ("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).unicodeScalars)
            } else {
                result.append(scalar)
            }
        }
        return String(result)
    }

    /// Raw bytes that may not be UTF-8 (a file name): valid text kept, the rest as `\xNN`.
    public static func bytes(_ bytes: [UInt8]) -> String {
        var result = ""
        var index = 0
        while index < bytes.count {
            var end = index + 1
            var decoded: String?
            while end <= min(bytes.count, index + 4) {
                if let text = String(validating: bytes[index..<end], as: UTF8.self) { decoded = text; break }
                end += 1
            }
            if let decoded {
                result += terminal(decoded, singleLine: true)
                index = end
            } else {
                let hex = String(bytes[index], radix: 16, uppercase: true)
                result += "\\x" + (hex.count == 1 ? "0" + hex : hex)
                index += 1
            }
        }
        return result
    }

    /// XML 1.0 text and attribute content: characters the format forbids (C0 controls but
    /// tab, newline and return; U+FFFE, U+FFFF) and C1 become visible, before the XML
    /// writer escapes markup.
    public static func xmlCharacters(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isForbiddenInXML) else { return text }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if isForbiddenInXML(scalar) { result.append(contentsOf: visible(scalar).unicodeScalars) } else { result.append(scalar) }
        }
        return String(result)
    }

    /// XML character data: markup characters as entities, after `xmlCharacters`.
    public static func xmlText(_ text: String) -> String {
        var result = ""
        for character in xmlCharacters(text).unicodeScalars {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            // A return would be read back as a newline (XML 1.0 §2.11).
            case "\r": result += "&#13;"
            default: result.unicodeScalars.append(character)
            }
        }
        return result
    }

    /// A double-quoted XML attribute value: as `xmlText`, plus the quote, and tab and
    /// newline as character references, which attribute-value normalisation would
    /// otherwise turn into spaces (XML 1.0 §3.3.3).
    public static func xmlAttribute(_ text: String) -> String {
        var result = ""
        for character in xmlText(text).unicodeScalars {
            switch character {
            case "\"": result += "&quot;"
            case "\n": result += "&#10;"
            case "\t": result += "&#9;"
            default: result.unicodeScalars.append(character)
            }
        }
        return result
    }

    static func isForbiddenInXML(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D: false
        case 0x00...0x1F, 0xFFFE, 0xFFFF: true
        // Discouraged, and a terminal reading the file acts on C1; a bidirectional
        // override or a zero-width character would let a text spoof an audit report.
        case 0x7F...0x9F: true
        default: isUnsafe(scalar, keepNewline: true)
        }
    }

    /// A spreadsheet cell: a value a spreadsheet would read as a formula (= + - @, or a
    /// tab or return first) is prefixed with an apostrophe, the convention Excel and
    /// LibreOffice show as text.
    public static func spreadsheetCell(_ text: String) -> String {
        let cleaned = terminal(text, singleLine: false)
        guard let first = cleaned.unicodeScalars.first else { return cleaned }
        switch first {
        case "=", "+", "-", "@", "\t", "\r", "\u{FF1D}", "\u{FF0B}", "\u{FF0D}", "\u{FF20}": return "'" + cleaned
        default: return cleaned
        }
    }

    /// Markdown inline text (a table cell, a list item): markup characters escaped with a
    /// backslash, so a text cannot open an image, a link, raw HTML or a new cell; line
    /// breaks become spaces.
    public static func markdownInline(_ text: String) -> String {
        var result = ""
        for character in terminal(text, singleLine: true) {
            switch character {
            // @ would mention a user, $ start mathematics, : complete an autolink.
            case "\\", "`", "*", "_", "[", "]", "<", ">", "|", "!", "#", "~", "&", "(", ")", "@", "$", ":":
                result.append("\\")
                result.append(character)
            default:
                result.append(character)
            }
        }
        return result
    }
}
