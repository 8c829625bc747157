/// Compiler-style lines, `path:line:col: severity[ID] message`, then the waivers and a summary.
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
        for finding in result.active {
            let severity = finding.severity.label(language)
            let code = finding.severity == .fel ? "31;1" : finding.severity == .varning ? "33;1" : "36"
            output += "\(paint("\(finding.file):\(finding.line):\(finding.column):", "1")) \(paint("\(severity)[\(finding.rule)]", code)) \(finding.message)\n"
        }
        let suppressed = result.suppressed
        if !suppressed.isEmpty {
            output += language == .sv ? "\nUndantag (styrlint: ignorera):\n" : "\nSuppressed (styrlint: ignore):\n"
            for finding in suppressed {
                output += "  \(finding.file):\(finding.line):\(finding.column): [\(finding.rule)] \(finding.message) — \(language == .sv ? "motivering" : "reason"): \(finding.suppression?.reason ?? "")\n"
            }
        }
        if !result.staleBaseline.isEmpty {
            output += language == .sv ? "\nInaktuella poster i baslinjen (åtgärdade, ta bort dem):\n" : "\nStale baseline entries (fixed; remove them):\n"
            for entry in result.staleBaseline {
                output += "  \(entry.file): [\(entry.rule)] \(entry.message)\n"
            }
        }
        output += summary(result) + "\n"
        return output
    }

    public func summary(_ result: CheckResult) -> String {
        let errors = result.count(.fel), warnings = result.count(.varning), infos = result.count(.info)
        let documents = result.documentsChecked
        var extra: [String] = []
        switch language {
        case .sv:
            if !result.suppressed.isEmpty { extra.append("\(result.suppressed.count) undantagna") }
            if !result.baselined.isEmpty { extra.append("\(result.baselined.count) i baslinjen") }
            if !result.staleBaseline.isEmpty { extra.append("\(result.staleBaseline.count) inaktuella i baslinjen") }
            return "\(documents) dokument kontrollerade per \(result.checkDate): \(errors) fel, \(warnings) varningar, \(infos) info"
                + (extra.isEmpty ? "." : " (\(extra.joined(separator: ", "))).")
        case .en:
            if !result.suppressed.isEmpty { extra.append("\(result.suppressed.count) suppressed") }
            if !result.baselined.isEmpty { extra.append("\(result.baselined.count) in the baseline") }
            if !result.staleBaseline.isEmpty { extra.append("\(result.staleBaseline.count) stale baseline entries") }
            return "\(documents) documents checked as of \(result.checkDate): \(errors) errors, \(warnings) warnings, \(infos) info"
                + (extra.isEmpty ? "." : " (\(extra.joined(separator: ", "))).")
        }
    }
}
