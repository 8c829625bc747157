import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import StyrlintCore

/// Paths and helpers shared by the tests.
enum TestSupport {
    /// libxml2 under FoundationXML is not safe from parallel tests; the parser is created
    /// and released inside the lock.
    private static let libxml2 = NSLock()

    static func isWellFormedXML(_ text: String) -> Bool {
        libxml2.withLock { XMLParser(data: Data(text.utf8)).parse() }
    }

    static let packageRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    /// The `styrlint` binary next to the test bundle.
    static let binary: String = {
        let candidates = [
            Bundle.main.executableURL?.deletingLastPathComponent(),
            Bundle.main.bundleURL.deletingLastPathComponent(),
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
        ].compactMap { $0 }
        for folder in candidates {
            let path = folder.appendingPathComponent("styrlint").path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return packageRoot + "/.build/debug/styrlint"
    }()

    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs the CLI; output goes through files so large reports cannot block a pipe.
    static func run(_ arguments: [String], in directory: String = packageRoot, environment: [String: String] = [:],
                    timeout: TimeInterval = 120, executable: String = binary) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        var env = ProcessInfo.processInfo.environment
        env.merge(environment) { _, new in new }
        process.environment = env
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("styrlint-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let out = scratch.appendingPathComponent("out"), err = scratch.appendingPathComponent("err")
        FileManager.default.createFile(atPath: out.path, contents: nil)
        FileManager.default.createFile(atPath: err.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        try process.run()
        // A hang is a failure, not a stuck test run.
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        if process.isRunning { process.terminate(); process.waitUntilExit() }
        process.waitUntilExit()
        return Run(status: process.terminationStatus,
                   stdout: String(decoding: try Data(contentsOf: out), as: UTF8.self),
                   stderr: String(decoding: try Data(contentsOf: err), as: UTF8.self))
    }

    /// A throwaway folder with the given files (relative path → text).
    static func repository(_ files: [String: String]) throws -> String {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("styrlint-test-\(UUID().uuidString)").path
        for (path, text) in files {
            let full = (root as NSString).appendingPathComponent(path)
            try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: URL(fileURLWithPath: full))
        }
        return root
    }

    /// The top of a nämnd plan under `kf-vp-2025`, up to its `mål:` key; tests add goals.
    static let boardPlanHeader = """
    typ: verksamhetsplan
    id: bun-vp-2025
    organ: bun
    nivå: nämnd
    överordnad: kf-vp-2025
    period: {från: 2025, till: 2027}
    mål:

    """

    // A rule pack that fails to load stops the suite here, never becomes an empty pack that passes.
    static let builtinRules: [Rule] = try! RuleLoader.builtinRules()

    /// Runs all built-in rules over in-memory files.
    static func findings(_ files: [String: String], config: String? = nil, per: Day = InMemoryCheck.exampleDate,
                         language: Language = .sv) throws -> [Finding] {
        try InMemoryCheck.run(files: files.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }, configText: config,
                              rules: builtinRules, checkDate: per, language: language)
    }
}

extension Rule: CustomTestStringConvertible {
    public var testDescription: String { id }
}
