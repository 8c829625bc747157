import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// JUnit XML as GitLab and Jenkins read it: one testsuite per file, one failing
/// testcase per finding (unique names), one passing testcase per clean file.
public struct JUnitReporter: Sendable {
    public init() {}

    /// FoundationXML sits on libxml2, whose global state is not safe to use from two
    /// threads at once (seen as a crash when tests render and parse XML in parallel):
    /// every use of FoundationXML in the process goes through `withLibxml2`.
    private static let libxml2 = NSLock()

    /// Runs `body` holding the libxml2 lock. Every FoundationXML object must be created
    /// *and released* inside `body`: a parser or document freed after the unlock frees
    /// libxml2 state while another thread uses it (a crash seen in parallel tests).
    /// Keeping the objects local to a closure guarantees that: Swift releases a
    /// closure's locals before the closure returns.
    public static func withLibxml2<T>(_ body: () -> T) -> T {
        libxml2.lock()
        defer { libxml2.unlock() }
        return body()
    }

    public func render(_ result: CheckResult, files: [String]) -> String {
        Self.withLibxml2 { document(result, files: files) }
    }

    private func document(_ result: CheckResult, files: [String]) -> String {
        let byFile = Dictionary(grouping: result.active, by: \.file)
        let allFiles = Set(files).union(byFile.keys).sorted()
        let root = XMLElement(name: "testsuites")
        root.addAttribute(XMLNode.attribute(withName: "name", stringValue: "styrlint") as! XMLNode)
        root.addAttribute(XMLNode.attribute(withName: "tests", stringValue: "\(allFiles.reduce(0) { $0 + max(1, byFile[$1]?.count ?? 0) })") as! XMLNode)
        root.addAttribute(XMLNode.attribute(withName: "failures", stringValue: "\(result.active.count)") as! XMLNode)
        for file in allFiles {
            let findings = byFile[file] ?? []
            let suite = XMLElement(name: "testsuite")
            suite.addAttribute(XMLNode.attribute(withName: "name", stringValue: Escape.xmlCharacters(file)) as! XMLNode)
            suite.addAttribute(XMLNode.attribute(withName: "tests", stringValue: "\(max(1, findings.count))") as! XMLNode)
            suite.addAttribute(XMLNode.attribute(withName: "failures", stringValue: "\(findings.count)") as! XMLNode)
            suite.addAttribute(XMLNode.attribute(withName: "errors", stringValue: "0") as! XMLNode)
            if findings.isEmpty {
                let testcase = XMLElement(name: "testcase")
                testcase.addAttribute(XMLNode.attribute(withName: "name", stringValue: Escape.xmlCharacters("styrlint \(file)")) as! XMLNode)
                testcase.addAttribute(XMLNode.attribute(withName: "classname", stringValue: Escape.xmlCharacters(file)) as! XMLNode)
                suite.addChild(testcase)
            }
            var used = [String: Int]()
            for finding in findings {
                // Named by what the finding is about, never its line: a finding that moves
                // stays the same test case instead of one fixed and one new.
                var name = finding.subject
                used[name, default: 0] += 1
                if used[name]! > 1 { name += " #\(used[name]!)" }
                let testcase = XMLElement(name: "testcase")
                testcase.addAttribute(XMLNode.attribute(withName: "name", stringValue: Escape.xmlCharacters(name)) as! XMLNode)
                testcase.addAttribute(XMLNode.attribute(withName: "classname", stringValue: Escape.xmlCharacters(file)) as! XMLNode)
                testcase.addAttribute(XMLNode.attribute(withName: "file", stringValue: Escape.xmlCharacters(file)) as! XMLNode)
                testcase.addAttribute(XMLNode.attribute(withName: "line", stringValue: "\(finding.line)") as! XMLNode)
                let failure = XMLElement(name: "failure", stringValue: Escape.xmlCharacters("\(finding.file):\(finding.line):\(finding.column): \(finding.severity.rawValue)[\(finding.rule)] \(finding.message)"))
                failure.addAttribute(XMLNode.attribute(withName: "message", stringValue: Escape.xmlCharacters(finding.message)) as! XMLNode)
                failure.addAttribute(XMLNode.attribute(withName: "type", stringValue: "\(finding.severity.rawValue) \(finding.rule)") as! XMLNode)
                testcase.addChild(failure)
                suite.addChild(testcase)
            }
            root.addChild(suite)
        }
        let document = XMLDocument(rootElement: root)
        document.version = "1.0"
        document.characterEncoding = "UTF-8"
        return String(decoding: document.xmlData(options: [.nodePrettyPrint]), as: UTF8.self) + "\n"
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
