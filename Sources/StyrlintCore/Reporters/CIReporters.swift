import Foundation

/// JUnit XML as GitLab and Jenkins read it: one testsuite per file, one failing
/// testcase per finding (unique names), one passing testcase per clean file.
///
/// Written with `XMLWriter` rather than FoundationXML: FoundationXML's tree
/// (`XMLDocument`) crashed intermittently in libxml2 (a node freed after its document's
/// dictionary), and the release binary would carry libxml2, ICU, zlib and xz for one
/// fixed-shape document.
public struct JUnitReporter: Sendable {
    public init() {}

    public func render(_ result: CheckResult, files: [String]) -> String {
        let byFile = Dictionary(grouping: result.active, by: \.file)
        let allFiles = Set(files).union(byFile.keys).sorted()
        var xml = XMLWriter()
        xml.open("testsuites", [
            ("name", "styrlint"),
            ("tests", "\(allFiles.reduce(0) { $0 + max(1, byFile[$1]?.count ?? 0) })"),
            ("failures", "\(result.active.count)"),
        ])
        for file in allFiles {
            let findings = byFile[file] ?? []
            xml.open("testsuite", [("name", file), ("tests", "\(max(1, findings.count))"),
                                   ("failures", "\(findings.count)"), ("errors", "0")])
            if findings.isEmpty {
                xml.empty("testcase", [("name", "styrlint \(file)"), ("classname", file)])
            }
            var used = [String: Int]()
            for finding in findings {
                // Named by what the finding is about, never its line: a finding that moves
                // stays the same test case instead of one fixed and one new.
                var name = finding.subject
                used[name, default: 0] += 1
                if used[name]! > 1 { name += " #\(used[name]!)" }
                xml.open("testcase", [("name", name), ("classname", file), ("file", file), ("line", "\(finding.line)")])
                xml.element("failure", [("message", finding.message), ("type", "\(finding.severity.rawValue) \(finding.rule)")],
                            text: "\(finding.file):\(finding.line):\(finding.column): \(finding.severity.rawValue)[\(finding.rule)] \(finding.message)")
                xml.close()
            }
            xml.close()
        }
        xml.close()
        return xml.document
    }
}

/// An XML 1.0 document written element by element, indented two spaces. Every name is
/// a literal of the caller; every attribute value and text goes through
/// `Escape.xmlAttribute` or `Escape.xmlText`, so no input can end an element early.
struct XMLWriter {
    private(set) var body = ""
    private var stack: [String] = []

    var document: String {
        precondition(stack.isEmpty, "unclosed XML elements: \(stack)")
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + body
    }

    private mutating func start(_ name: String, _ attributes: [(String, String)]) {
        body += String(repeating: "  ", count: stack.count) + "<" + name
        for (key, value) in attributes { body += " \(key)=\"\(Escape.xmlAttribute(value))\"" }
    }

    mutating func open(_ name: String, _ attributes: [(String, String)] = []) {
        start(name, attributes)
        body += ">\n"
        stack.append(name)
    }

    mutating func empty(_ name: String, _ attributes: [(String, String)] = []) {
        start(name, attributes)
        body += "/>\n"
    }

    mutating func element(_ name: String, _ attributes: [(String, String)] = [], text: String) {
        start(name, attributes)
        body += ">" + Escape.xmlText(text) + "</\(name)>\n"
    }

    mutating func close() {
        let name = stack.removeLast()
        body += String(repeating: "  ", count: stack.count) + "</\(name)>\n"
    }
}

/// GitHub Actions workflow commands: one annotation per finding.
public struct GitHubReporter: Sendable {
    public init() {}

    /// The escaping GitHub's runner applies to workflow command data and properties.
    static func escapeData(_ text: String) -> String {
        var output = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "%": output += "%25"
            case "\r": output += "%0D"
            case "\n": output += "%0A"
            default: output += TextReporter.visible(String(scalar))
            }
        }
        return output
    }

    static func escapeProperty(_ text: String) -> String {
        escapeData(text).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }

    public func render(_ result: CheckResult) -> String {
        result.active.map { finding in
            let command = finding.severity == .fel ? "error" : finding.severity == .varning ? "warning" : "notice"
            let properties = [
                "file=\(Self.escapeProperty(finding.file))", "line=\(finding.line)", "col=\(finding.column)",
                "endLine=\(max(finding.endLine, finding.line))", "title=\(Self.escapeProperty("\(finding.rule) \(finding.name)"))",
            ]
            return "::\(command) \(properties.joined(separator: ","))::\(Self.escapeData(finding.message))\n"
        }.joined()
    }
}

/// GitLab Code Quality (a JSON array in the Code Climate subset GitLab reads).
public struct GitLabReporter: Sendable {
    public init() {}

    struct Issue: Encodable {
        struct Lines: Encodable { var begin: Int; var end: Int }
        struct Location: Encodable { var path: String; var lines: Lines }
        var type = "issue"
        var description: String
        var check_name: String
        var fingerprint: String
        var severity: String
        var categories = ["Style"]
        var location: Location
    }

    public func render(_ result: CheckResult) throws -> String {
        var seen = [String: Int]()
        let issues = result.active.map { finding in
            // Fingerprints must be unique in the report: repeat findings get a counter.
            seen[finding.fingerprint, default: 0] += 1
            let count = seen[finding.fingerprint]!
            let fingerprint = count == 1 ? finding.fingerprint : Fingerprint.of("\(finding.subject)#\(count)")
            let severity = finding.severity == .fel ? "major" : finding.severity == .varning ? "minor" : "info"
            return Issue(description: "\(finding.rule): \(finding.message)", check_name: finding.rule, fingerprint: fingerprint,
                         severity: severity,
                         location: .init(path: finding.file, lines: .init(begin: finding.line, end: max(finding.endLine, finding.line))))
        }
        return try JSON.encode(issues)
    }
}

/// A Markdown summary for a pull-request comment or a CI job summary.
public struct MarkdownReporter: Sendable {
    public var language: Language
    public var maxRows = 200

    public init(language: Language) {
        self.language = language
    }

    /// Table cells: markup, HTML, images, pipes and line breaks made inert.
    public static func cell(_ text: String) -> String { Escape.markdownInline(text) }

    public func render(_ result: CheckResult) -> String {
        let sv = language == .sv
        var text = "## styrlint\n\n"
        text += TextReporter(language: language, color: false).summary(result) + "\n\n"
        text += sv ? "| allvarlighet | antal |\n|---|---|\n" : "| severity | count |\n|---|---|\n"
        for severity in Severity.allCases.reversed() {
            text += "| \(severity.label(language)) | \(result.count(severity)) |\n"
        }
        let active = result.active
        if !active.isEmpty {
            text += sv ? "\n### Fynd\n\n| plats | regel | allvarlighet | meddelande |\n|---|---|---|---|\n"
                       : "\n### Findings\n\n| location | rule | severity | message |\n|---|---|---|---|\n"
            for finding in active.prefix(maxRows) {
                text += "| \(Self.cell(finding.file)):\(finding.line):\(finding.column) | \(finding.rule) | \(finding.severity.label(language)) | \(Self.cell(finding.message)) |\n"
            }
            if active.count > maxRows {
                text += sv ? "\n… och \(active.count - maxRows) till.\n" : "\n… and \(active.count - maxRows) more.\n"
            }
        }
        let suppressed = result.suppressed
        if !suppressed.isEmpty {
            text += sv ? "\n### Undantag\n\n| plats | regel | motivering |\n|---|---|---|\n" : "\n### Suppressions\n\n| location | rule | reason |\n|---|---|---|\n"
            for finding in suppressed {
                text += "| \(Self.cell(finding.file)):\(finding.line) | \(finding.rule) | \(Self.cell(finding.suppression?.reason ?? "")) |\n"
            }
        }
        return text
    }
}
