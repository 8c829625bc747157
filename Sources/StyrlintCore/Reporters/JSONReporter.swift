import Foundation

/// The JSON report: a public interface, documented in README.md ("JSON output").
public struct JSONReporter: Sendable {
    public static let formatVersion = 1

    /// Everything after the findings, in the order of its sorted keys.
    struct Rest: Encodable {
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
        var staleBaseline: [Baseline.Entry]
        var summary: Summary
    }

    public init() {}

    /// The report is written in three parts, so a run can stream its findings: the
    /// opening, each finding, and the rest. Together they are what JSONEncoder writes for
    /// the whole report (sorted keys: "findings" comes first).
    public func render(_ result: CheckResult) throws -> String {
        var output = Self.opening
        for (index, finding) in result.findings.enumerated() { output += try Self.item(finding, first: index == 0) }
        return output + (try Self.closing(result, empty: result.findings.isEmpty))
    }

    public static let opening = "{\n  \"findings\" : ["

    /// One finding as an element of the findings array, two levels in.
    public static func item(_ finding: Finding, first: Bool) throws -> String {
        // Without the line break JSON.encode ends with.
        let encoded = try JSON.encode(finding).utf8.dropLast()
        var output = Array((first ? "\n" : ",\n").utf8)
        output.reserveCapacity(encoded.count * 5 / 4)
        // Two levels of indentation on every line but blank ones, as JSONEncoder nests.
        var lineStart = true
        for byte in encoded {
            if lineStart && byte != 0x0A { output += [0x20, 0x20, 0x20, 0x20] }
            output.append(byte)
            lineStart = byte == 0x0A
        }
        return String(decoding: output, as: UTF8.self)
    }

    public static func closing(_ result: CheckResult, empty: Bool) throws -> String {
        let rest = Rest(
            version: formatVersion, tool: "styrlint \(Version.current)", staleBaseline: result.staleBaseline,
            summary: .init(documents: result.documentsChecked, fel: result.count(.fel), varning: result.count(.varning),
                           info: result.count(.info), suppressed: result.suppressedCount, baselined: result.baselinedCount,
                           checkDate: result.checkDate.description, repositories: result.repositories, rules: result.rulesRun))
        // "{\n" of the rest's own object dropped: its members follow the findings.
        return (empty ? "\n\n  ]" : "\n  ]") + ",\n" + (try JSON.encode(rest)).dropFirst(2)
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
