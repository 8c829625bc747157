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
            var suppressed: Int
            var baselined: Int
            var checkDate: String
            var repositories: [RepositorySummary]
            var rules: [String]
        }

        var version: Int
        var tool: String
        /// The commit styrlint was built from: which code produced the findings.
        var toolCommit = Version.commit
        var findings: [Finding]
        var staleBaseline: [Baseline.Entry]
        var summary: Summary
    }

    public init() {}

    public func render(_ result: CheckResult) throws -> String {
        let report = Report(
            version: Self.formatVersion, tool: "styrlint \(Version.current)", findings: result.findings,
            staleBaseline: result.staleBaseline,
            summary: .init(documents: result.documentsChecked, fel: result.count(.fel), varning: result.count(.varning),
                           info: result.count(.info), suppressed: result.suppressedCount, baselined: result.baselinedCount,
                           checkDate: result.checkDate.description, repositories: result.repositories, rules: result.rulesRun))
        return try JSON.encode(report)
    }
}

enum JSON {
    /// Sorted keys and no escaped slashes: stable, diff-friendly output.
    static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
    }
}

public enum Version {
    public static let current = "0.2.0"
    /// The commit the binary was built from (the first 12 hex digits), or "unknown".
    public static let commit = BuildInfo.commit
    /// "0.2.0 (3f2a9c1e0b7d)", as `--version` prints it and every report records it.
    public static let full = "\(current) (\(commit))"
}
