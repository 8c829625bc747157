/// Compiler-style lines, `path:line:col: severity[ID] message`, then the waivers and a summary.
public struct TextReporter: Sendable {
    public var language: Language
    public var color: Bool
    /// With `--verbose`: each finding's criterion (the routine's § or the law) on a line of its own.
    public var showCriterion = false
    /// With `--show-source`: the line each finding points at, with a marker under it.
    public var excerpts: SourceExcerpts?
    /// With `--group`: findings under a heading per organ, file or rule.
    public var grouping: Grouping?
    /// With `--statistics`: counts per rule and per organ after the findings.
    public var statistics = false
    /// The closing summary line (off with `--quiet`).
    public var showSummary = true

    public enum Grouping: String, Sendable, CaseIterable {
        case organ, file, rule
    }

    public init(language: Language, color: Bool, showCriterion: Bool = false, excerpts: SourceExcerpts? = nil,
                grouping: Grouping? = nil, statistics: Bool = false) {
        self.language = language
        self.color = color
        self.showCriterion = showCriterion
        self.excerpts = excerpts
        self.grouping = grouping
        self.statistics = statistics
    }

    func key(_ finding: Finding, _ grouping: Grouping) -> String {
        switch grouping {
        case .organ: finding.organ ?? (language == .sv ? "(inget organ)" : "(no organ)")
        case .file: finding.file
        case .rule: finding.rule
        }
    }

    public func line(_ finding: Finding) -> String {
        let severity = finding.severity.label(language)
        let code = finding.severity == .fel ? "31;1" : finding.severity == .varning ? "33;1" : "36"
        var output = "\(paint("\(Self.visible(finding.file)):\(finding.line):\(finding.column):", "1")) \(paint("\(severity)[\(finding.rule)]", code)) \(Self.visible(finding.message))\n"
        if let excerpt = excerpts?.excerpt(for: finding) {
            // The line as written, then a marker under the span, as compilers show it.
            let number = String(finding.line)
            let gutter = String(repeating: " ", count: number.count)
            let line = excerpt.line.replacingOccurrences(of: "\t", with: " ")
            let text = Self.visible(line)
            // The marker is measured on the line as shown: a control character shown as
            // "\u{202E}" takes eight columns, not one.
            let before = Self.visible(String(line.prefix(excerpt.column - 1))).count
            let span = Self.visible(String(line.dropFirst(excerpt.column - 1).prefix(excerpt.width))).count
            output += " \(number) | \(text)\n \(gutter) | " + String(repeating: " ", count: before)
                + paint(String(repeating: "^", count: max(1, span)), code) + "\n"
        }
        if showCriterion, let source = finding.source {
            output += "    " + (language == .sv ? "källa: " : "source: ") + Self.visible(source) + "\n"
        }
        return output
    }

    /// Counts per rule and per organ, most first.
    public func statisticsTable(_ findings: [Finding]) -> String {
        func table(_ title: String, _ counts: [String: Int]) -> String {
            let rows = counts.sorted { ($1.value, $0.key) < ($0.value, $1.key) }
            let width = max(title.count, rows.map(\.key.count).max() ?? 0)
            return "\(title.padding(toLength: width, withPad: " ", startingAt: 0))  \(language == .sv ? "antal" : "count")\n"
                + rows.map { "\(Self.visible($0.key).padding(toLength: width, withPad: " ", startingAt: 0))  \($0.value)" }.joined(separator: "\n") + "\n"
        }
        let byRule = Dictionary(grouping: findings, by: { "\($0.rule) \($0.name)" }).mapValues(\.count)
        let byOrgan = Dictionary(grouping: findings, by: { key($0, .organ) }).mapValues(\.count)
        return "\n" + table(language == .sv ? "regel" : "rule", byRule) + "\n" + table("organ", byOrgan)
    }

    private func paint(_ text: String, _ code: String) -> String {
        color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    public func render(_ result: CheckResult, summary showSummary: Bool = true) -> String {
        var output = ""
        if let grouping {
            let groups = Dictionary(grouping: result.active, by: { key($0, grouping) })
            for name in groups.keys.sorted() {
                output += (output.isEmpty ? "" : "\n") + paint("\(Self.visible(name)) (\(groups[name]!.count))", "1") + "\n"
                for finding in groups[name]! { output += line(finding) }
            }
        } else {
            for finding in result.findings where finding.isActive { output += line(finding) }
        }
        if statistics { output += statisticsTable(result.active) }
        return output + closing(result, suppressed: result.suppressedCount > 0 ? result.suppressed : [], summary: showSummary)
    }

    /// What follows the findings: the suppressed ones with their reasons, stale baseline
    /// entries and the summary. A streamed run passes the suppressed findings it kept.
    public func closing(_ result: CheckResult, suppressed: [Finding], summary showSummary: Bool) -> String {
        var output = ""
        if !suppressed.isEmpty {
            output += language == .sv ? "\nUndantag (styrlint: ignorera):\n" : "\nSuppressed (styrlint: ignore):\n"
            for finding in suppressed {
                output += "  \(Self.visible(finding.file)):\(finding.line):\(finding.column): [\(finding.rule)] \(Self.visible(finding.message)) — \(language == .sv ? "motivering" : "reason"): \(Self.visible(finding.suppression?.reason ?? ""))\n"
            }
        }
        if !result.staleBaseline.isEmpty {
            output += language == .sv ? "\nInaktuella poster i baslinjen (åtgärdade, ta bort dem):\n" : "\nStale baseline entries (fixed; remove them):\n"
            for entry in result.staleBaseline {
                output += "  \(Self.visible(entry.file)): [\(Self.visible(entry.rule))] \(Self.visible(entry.message))\n"
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
            let suppressed = result.suppressedCount, baselined = result.baselinedCount
            if suppressed > 0 { extra.append("\(suppressed) undantagna") }
            if baselined > 0 { extra.append("\(baselined) i baslinjen") }
            if !result.staleBaseline.isEmpty { extra.append("\(result.staleBaseline.count) inaktuella i baslinjen") }
            return "\(documents) dokument kontrollerade per \(result.checkDate): \(errors) fel, \(warnings) \(warnings == 1 ? "varning" : "varningar"), \(infos) info"
                + (extra.isEmpty ? "." : " (\(extra.joined(separator: ", "))).") + fixHint(result)
        case .en:
            let suppressed = result.suppressedCount, baselined = result.baselinedCount
            if suppressed > 0 { extra.append("\(suppressed) suppressed") }
            if baselined > 0 { extra.append("\(baselined) in the baseline") }
            if !result.staleBaseline.isEmpty { extra.append("\(result.staleBaseline.count) stale baseline entries") }
            return "\(documents) \(documents == 1 ? "document" : "documents") checked as of \(result.checkDate): \(errors) \(errors == 1 ? "error" : "errors"), \(warnings) \(warnings == 1 ? "warning" : "warnings"), \(infos) info"
                + (extra.isEmpty ? "." : " (\(extra.joined(separator: ", "))).") + fixHint(result)
        }
    }

    /// As ruff does: how many findings `--fix` (and `--unsafe-fixes`) would repair.
    func fixHint(_ result: CheckResult) -> String {
        let safe = result.fixable(.safe)
        let unsafe = result.fixable(.unsafe)
        guard safe + unsafe > 0 else { return "" }
        switch language {
        case .sv:
            var parts: [String] = []
            if safe > 0 { parts.append("\(safe) kan åtgärdas med --fix") }
            if unsafe > 0 { parts.append("\(unsafe) till med --fix --unsafe-fixes") }
            return "\n" + parts.joined(separator: ", ") + " (förhandsgranska med --diff)."
        case .en:
            var parts: [String] = []
            if safe > 0 { parts.append("\(safe) fixable with --fix") }
            if unsafe > 0 { parts.append("\(unsafe) more with --fix --unsafe-fixes") }
            return "\n" + parts.joined(separator: ", ") + " (preview with --diff)."
        }
    }
}
