import Foundation

/// SARIF 2.1.0 (OASIS), as GitHub code scanning and other SARIF viewers read it.
/// Validated in CI against the official schema (schema/sarif-schema-2.1.0.json).
public struct SARIFReporter: Sendable {
    public var language: Language

    public init(language: Language) {
        self.language = language
    }

    struct Log: Encodable {
        var schema = "https://json.schemastore.org/sarif-2.1.0.json"
        var version = "2.1.0"
        var runs: [Run]

        enum CodingKeys: String, CodingKey {
            case schema = "$schema", version, runs
        }
    }

    struct Run: Encodable {
        var tool: Tool
        var results: [Result]
        var invocations: [Invocation]
    }

    struct Invocation: Encodable {
        var executionSuccessful: Bool
        var properties: [String: String]
    }

    struct Tool: Encodable {
        var driver: Driver
    }

    struct Driver: Encodable {
        var name = "styrlint"
        var version = Version.current
        var semanticVersion = Version.current
        var fullName = "styrlint \(Version.full)"
        var informationUri = "https://github.com/styrlint/styrlint"
        var rules: [ReportingDescriptor]
    }

    struct Message: Encodable {
        var text: String
        var markdown: String?
    }

    struct ReportingDescriptor: Encodable {
        var id: String
        var name: String
        var shortDescription: Message
        var fullDescription: Message
        var help: Message
        /// The rule's section in docs/rules.md, for the version that produced the report.
        var helpUri: String
        var defaultConfiguration: Configuration
        var properties: Properties
    }

    struct Configuration: Encodable {
        var level: String
    }

    struct Properties: Encodable {
        var tags: [String]
        var source: String?
    }

    struct ArtifactLocation: Encodable {
        var uri: String
        var uriBaseId: String?
    }

    struct Region: Encodable {
        var startLine: Int
        var startColumn: Int
        var endLine: Int
        var endColumn: Int
    }

    struct PhysicalLocation: Encodable {
        var artifactLocation: ArtifactLocation
        var region: Region
    }

    struct ResultLocation: Encodable {
        var physicalLocation: PhysicalLocation
    }

    struct SuppressionEntry: Encodable {
        var kind = "inSource"
        var justification: String
    }

    struct Result: Encodable {
        var ruleId: String
        var ruleIndex: Int
        var level: String
        var message: Message
        var locations: [ResultLocation]
        var partialFingerprints: [String: String]
        var suppressions: [SuppressionEntry]?
        var baselineState: String?
        var properties: [String: String]?
        var fixes: [SARIFFix]?
    }

    /// SARIF §3.55: the same edit `--fix` makes, for viewers that offer it.
    struct SARIFFix: Encodable {
        struct Replacement: Encodable {
            var deletedRegion: Region
            var insertedContent: Message
        }
        struct Change: Encodable {
            var artifactLocation: ArtifactLocation
            var replacements: [Replacement]
        }
        var description: Message
        var artifactChanges: [Change]
    }

    static func level(_ severity: Severity) -> String {
        switch severity {
        case .fel: return "error"
        case .varning: return "warning"
        case .info: return "note"
        }
    }

    /// A repository-relative path as a URI reference: segments percent-encoded (å, spaces).
    static func uri(_ path: String) -> String {
        path.split(separator: "/", omittingEmptySubsequences: false).map {
            String($0).addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/?#[]@"))) ?? String($0)
        }.joined(separator: "/")
    }

    public func render(_ result: CheckResult) throws -> String {
        let rules = result.rules
        let index = Dictionary(uniqueKeysWithValues: rules.enumerated().map { ($0.element.id, $0.offset) })
        let descriptors = rules.map { rule in
            let help = RuleCatalog.explain(rule, language: language)
            return ReportingDescriptor(
                id: rule.id, name: rule.name,
                shortDescription: Message(text: rule.title.text(language)),
                fullDescription: Message(text: rule.description.text(language).trimmed),
                help: Message(text: help, markdown: RuleCatalog.helpMarkdown(rule, language: language)),
                helpUri: RuleCatalog.documentationURL(rule.id),
                defaultConfiguration: Configuration(level: Self.level(rule.severity)),
                properties: Properties(tags: [rule.family, "styrlint"], source: rule.source.isEmpty ? nil : rule.source))
        }
        let usesBaseline = result.baselinedCount > 0 || !result.staleBaseline.isEmpty
        // Baselined findings are not new: left out, as in every other format, so code
        // scanning does not raise them again. Suppressed ones stay, with their justification.
        let results = result.findings.filter { $0.baselined != true }.map { finding in
            Result(
                ruleId: finding.rule, ruleIndex: index[finding.rule] ?? 0, level: Self.level(finding.severity),
                message: Message(text: finding.message),
                locations: [ResultLocation(physicalLocation: PhysicalLocation(
                    artifactLocation: ArtifactLocation(uri: Self.uri(finding.file), uriBaseId: nil),
                    region: Region(startLine: finding.line, startColumn: finding.column,
                                   endLine: max(finding.endLine, finding.line),
                                   endColumn: finding.endLine > finding.line ? finding.endColumn : max(finding.endColumn, finding.column))))],
                partialFingerprints: ["styrlintSubject/v1": finding.fingerprint],
                suppressions: finding.suppression.map { [SuppressionEntry(justification: $0.reason)] },
                baselineState: usesBaseline ? "new" : nil,
                properties: finding.source.map { ["source": $0] },
                fixes: finding.fix.map { fix in
                    [SARIFFix(description: Message(text: fix.applicability == .safe
                                  ? (language == .sv ? "Säker åtgärd (styrlint check --fix)" : "Safe fix (styrlint check --fix)")
                                  : (language == .sv ? "Osäker åtgärd (styrlint check --fix --unsafe-fixes)" : "Unsafe fix (styrlint check --fix --unsafe-fixes)")),
                              artifactChanges: [SARIFFix.Change(
                                artifactLocation: ArtifactLocation(uri: Self.uri(finding.file), uriBaseId: nil),
                                replacements: [SARIFFix.Replacement(
                                    deletedRegion: Region(startLine: fix.range.start.line, startColumn: fix.range.start.column,
                                                          endLine: fix.range.end.line, endColumn: fix.range.end.column),
                                    insertedContent: Message(text: fix.replacement))])])]
                })
        }
        let log = Log(runs: [Run(
            tool: Tool(driver: Driver(rules: descriptors)),
            results: results,
            invocations: [Invocation(executionSuccessful: true, properties: ["checkDate": result.checkDate.description])])])
        return try JSON.encode(log)
    }
}
