import Foundation
import Testing
@testable import StyrlintCore

/// The catalogue of bad and hostile inputs in Tests/Fixtures/hostile: each case folder
/// holds its input files and a case.json with the exit code and findings it must give.
@Suite struct HostileInputTests {
    struct Case: Decodable, CustomTestStringConvertible, Sendable {
        struct ExpectedFinding: Decodable, Sendable {
            var rule: String
            var file: String?
            var line: Int?
            var column: Int?
        }

        var name = ""
        var description: String
        var args: [String]
        var setup: String?
        var exit: Int32
        var findings: [ExpectedFinding]
        var forbidden_rules: [String]
        var stdout_contains: [String]
        var stderr_contains: [String]

        var testDescription: String { name }

        enum CodingKeys: String, CodingKey {
            case description, args, setup, exit, findings, forbidden_rules, stdout_contains, stderr_contains
        }
    }

    static let folder = TestSupport.packageRoot + "/Tests/Fixtures/hostile"

    static let cases: [Case] = {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
        return names.compactMap { name in
            guard let data = FileManager.default.contents(atPath: "\(folder)/\(name)/case.json"),
                  var decoded = try? JSONDecoder().decode(Case.self, from: data) else { return nil }
            decoded.name = name
            return decoded
        }
    }()

    @Test func theCatalogueIsComplete() {
        let folders = ((try? FileManager.default.contentsOfDirectory(atPath: Self.folder)) ?? []).filter { !$0.hasPrefix(".") }
        #expect(Self.cases.count == folders.count, "a case folder without a readable case.json")
        #expect(Self.cases.count >= 40)
    }

    /// Copies the case (never running inside the repository, whose styrlint.yml would be found)
    /// and builds what cannot be committed.
    func prepare(_ testCase: Case) throws -> String {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("styrlint-hostile-\(UUID().uuidString)").path
        try FileManager.default.copyItem(atPath: "\(Self.folder)/\(testCase.name)", toPath: root)
        try? FileManager.default.removeItem(atPath: "\(root)/case.json")
        let plan = try String(contentsOfFile: TestSupport.packageRoot + "/plans/kf-2025.yaml", encoding: .utf8)
        switch testCase.setup {
        case "symlink-loop"?:
            try FileManager.default.createDirectory(atPath: "\(root)/a", withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(atPath: "\(root)/a/loop", withDestinationPath: "..")
        case "large-scalar"?:
            let big = "typ: verksamhetsplan\nid: stor\norgan: kf\nnivå: fullmäktige\nperiod: {från: 2025, till: 2027}\nvision: \""
                + String(repeating: "Lillåsa ", count: 10 * 1024 * 1024 / 8) + "\"\nmål: []\n"
            try Data(big.utf8).write(to: URL(fileURLWithPath: "\(root)/big.yaml"))
        case "unreadable"?:
            try FileManager.default.createSymbolicLink(atPath: "\(root)/trasig.yaml", withDestinationPath: "\(root)/finns-inte/alls.yaml")
        case "directory-named-yaml"?:
            try FileManager.default.createDirectory(atPath: "\(root)/x.yaml", withIntermediateDirectories: true)
            try Data(plan.utf8).write(to: URL(fileURLWithPath: "\(root)/x.yaml/inner.yaml"))
        case "twin-names"?:
            // FileManager would treat the two names as one: create them through POSIX.
            for name in ["\u{E5}.yaml", "a\u{30A}.yaml"] {
                let descriptor = open(root + "/" + name, O_CREAT | O_WRONLY, 0o644)
                _ = plan.withCString { write(descriptor, $0, strlen($0)) }
                close(descriptor)
            }
        case "fifo-plan"?:
            mkfifo(root + "/plan.yaml", 0o644)
        case "outside-link"?:
            try FileManager.default.createSymbolicLink(atPath: "\(root)/hemlig.yaml", withDestinationPath: "/etc/passwd")
        case "long-chain"?:
            for index in 0..<1_000 {
                let parent = index == 0 ? "" : "överordnad: p\(index - 1)\n"
                let text = "typ: verksamhetsplan\nid: p\(index)\norgan: o\(index)\nnivå: \(index == 0 ? "fullmäktige" : "nämnd")\n\(parent)period: {från: 2025, till: 2026}\n"
                try Data(text.utf8).write(to: URL(fileURLWithPath: "\(root)/p\(index).yaml"))
            }
        case "suppression-flood"?:
            var text = plan + "\n"
            for index in 0..<20_000 { text += "# styrlint: ignorera SM00\(index % 9 + 1) -- skäl \(index)\n" }
            try Data(text.utf8).write(to: URL(fileURLWithPath: "\(root)/kf.yaml"))
        default:
            break
        }
        return root
    }

    @Test("hostile input", arguments: HostileInputTests.cases)
    func hostileInput(_ testCase: Case) throws {
        let root = try prepare(testCase)
        defer { try? FileManager.default.removeItem(atPath: root) }
        var arguments = testCase.args
        if arguments.first == "check", !arguments.contains("--format") { arguments += ["--format", "json"] }
        let started = Date()
        let run = try TestSupport.run(arguments, in: root, timeout: 60)
        let elapsed = Date().timeIntervalSince(started)
        #expect(elapsed < 60, "\(testCase.name) took \(elapsed) s")
        #expect(run.status == testCase.exit, "\(testCase.name): exit \(run.status), stderr: \(run.stderr.prefix(400))")
        for text in testCase.stdout_contains {
            #expect(run.stdout.contains(text), "\(testCase.name): stdout lacks \(text)")
        }
        for text in testCase.stderr_contains {
            #expect(run.stderr.contains(text), "\(testCase.name): stderr lacks \(text)")
        }
        guard !testCase.findings.isEmpty || !testCase.forbidden_rules.isEmpty else { return }
        let json = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
        let findings = json?["findings"] as? [[String: Any]] ?? []
        for expected in testCase.findings {
            let found = findings.contains { finding in
                finding["rule"] as? String == expected.rule
                    && (expected.file == nil || finding["file"] as? String == expected.file)
                    && (expected.line == nil || finding["line"] as? Int == expected.line)
                    && (expected.column == nil || finding["column"] as? Int == expected.column)
            }
            let near = findings.filter { $0["rule"] as? String == expected.rule }.map { "\($0["file"] ?? ""):\($0["line"] ?? ""):\($0["column"] ?? "")" }
            #expect(found, "\(testCase.name): no \(expected.rule) at \(expected.file ?? "*"):\(expected.line ?? 0):\(expected.column ?? 0); got \(near)")
        }
        for rule in testCase.forbidden_rules {
            #expect(!findings.contains { $0["rule"] as? String == rule }, "\(testCase.name): \(rule) must not fire")
        }
    }
}
