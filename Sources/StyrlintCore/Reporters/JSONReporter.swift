import Foundation

/// The JSON report: a public interface, documented in README.md ("JSON output").
public struct JSONReporter: Sendable {
    public static let formatVersion = 1

    struct Report: Encodable {
        struct Summary: Encodable {
            var documents: Int
            var fel: Int
            var varning: Int
            var info: Int
            var checkDate: String
            var repositories: [RepositorySummary]
            var rules: [String]
        }

        var version: Int
        var tool: String
        var findings: [Finding]
        var summary: Summary
    }

    public init() {}

    public func render(_ result: CheckResult) throws -> String {
        let report = Report(
            version: Self.formatVersion, tool: "styrlint \(Version.current)", findings: result.findings,
            summary: .init(documents: result.documentsChecked, fel: result.count(.fel), varning: result.count(.varning),
                           info: result.count(.info), checkDate: result.checkDate.description,
                           repositories: result.repositories, rules: result.rulesRun))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(report), as: UTF8.self) + "\n"
    }
}

public enum Version {
    public static let current = "0.1.0"
}
