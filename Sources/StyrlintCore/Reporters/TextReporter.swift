/// Compiler-style lines, `path:line:col: severity[ID] message`, then a summary.
public struct TextReporter: Sendable {
    public var language: Language
    public var color: Bool

    public init(language: Language, color: Bool) {
        self.language = language
        self.color = color
    }

    private func paint(_ text: String, _ code: String) -> String {
        color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    public func render(_ result: CheckResult) -> String {
        var output = ""
        for finding in result.findings {
            let severity = finding.severity.label(language)
            let code = finding.severity == .fel ? "31;1" : finding.severity == .varning ? "33;1" : "36"
            output += "\(paint("\(finding.file):\(finding.line):\(finding.column):", "1")) \(paint("\(severity)[\(finding.rule)]", code)) \(finding.message)\n"
        }
        output += summary(result) + "\n"
        return output
    }

    public func summary(_ result: CheckResult) -> String {
        let errors = result.count(.fel), warnings = result.count(.varning), infos = result.count(.info)
        let documents = result.documentsChecked
        switch language {
        case .sv:
            return "\(documents) dokument kontrollerade per \(result.checkDate): \(errors) fel, \(warnings) varningar, \(infos) info."
        case .en:
            return "\(documents) documents checked as of \(result.checkDate): \(errors) errors, \(warnings) warnings, \(infos) info."
        }
    }
}
