/// Compiler-style lines, `path:line:col: severity[ID] message`, then the waivers and a summary.
public struct TextReporter: Sendable {
    public var language: Language
    public var color: Bool
    /// With `--verbose`: each finding's criterion (the routine's § or the law) on a line of its own.
    public var showCriterion = false

    public init(language: Language, color: Bool, showCriterion: Bool = false) {
        self.language = language
        self.color = color
        self.showCriterion = showCriterion
    }

    private func paint(_ text: String, _ code: String) -> String {
        color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    public func render(_ result: CheckResult, summary showSummary: Bool = true) -> String {
        var output = ""
        for finding in result.active {
            let severity = finding.severity.label(language)
            let code = finding.severity == .fel ? "31;1" : finding.severity == .varning ? "33;1" : "36"
            output += "\(paint("\(Self.visible(finding.file)):\(finding.line):\(finding.column):", "1")) \(paint("\(severity)[\(finding.rule)]", code)) \(Self.visible(finding.message))\n"
            if showCriterion, let source = finding.source {
                output += "    " + (language == .sv ? "källa: " : "source: ") + Self.visible(source) + "\n"
            }
        }
        let suppressed = result.suppressed
        if !suppressed.isEmpty {
            output += language == .sv ? "\nUndantag (styrlint: ignorera):\n" : "\nSuppressed (styrlint: ignore):\n"
            for finding in suppressed {
                output += "  \(Self.visible(finding.file)):\(finding.line):\(finding.column): [\(finding.rule)] \(Self.visible(finding.message)) — \(language == .sv ? "motivering" : "reason"): \(Self.visible(finding.suppression?.reason ?? ""))\n"
            }
        }
        if !result.staleBaseline.isEmpty {
            output += language == .sv ? "\nInaktuella poster i baslinjen (åtgärdade, ta bort dem):\n" : "\nStale baseline entries (fixed; remove them):\n"
            for entry in result.staleBaseline {
                output += "  \(Self.visible(entry.file)): [\(entry.rule)] \(Self.visible(entry.message))\n"
            }
        }
        if showSummary { output += summary(result) + "\n" }
        return output
    }

    /// Text from a file must never move the cursor, clear the screen or break a line of output.
    public static func visible(_ text: String) -> String { Escape.terminal(text, singleLine: true) }

    public func summary(_ result: CheckResult) -> String {
        let errors = result.count(.fel), warnings = result.count(.varning), infos = result.count(.info)
        let documents = result.documentsChecked
        var extra: [String] = []
        switch language {
        case .sv:
            if !result.suppressed.isEmpty { extra.append("\(result.suppressed.count) undantagna") }
            if !result.baselined.isEmpty { extra.append("\(result.baselined.count) i baslinjen") }
            if !result.staleBaseline.isEmpty { extra.append("\(result.staleBaseline.count) inaktuella i baslinjen") }
            return "\(documents) dokument kontrollerade per \(result.checkDate): \(errors) fel, \(warnings) \(warnings == 1 ? "varning" : "varningar"), \(infos) info"
                + (extra.isEmpty ? "." : " (\(extra.joined(separator: ", "))).")
        case .en:
            if !result.suppressed.isEmpty { extra.append("\(result.suppressed.count) suppressed") }
            if !result.baselined.isEmpty { extra.append("\(result.baselined.count) in the baseline") }
            if !result.staleBaseline.isEmpty { extra.append("\(result.staleBaseline.count) stale baseline entries") }
            return "\(documents) \(documents == 1 ? "document" : "documents") checked as of \(result.checkDate): \(errors) \(errors == 1 ? "error" : "errors"), \(warnings) \(warnings == 1 ? "warning" : "warnings"), \(infos) info"
                + (extra.isEmpty ? "." : " (\(extra.joined(separator: ", "))).")
        }
    }
}
