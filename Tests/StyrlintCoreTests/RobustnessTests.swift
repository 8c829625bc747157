import Foundation
import Testing
@testable import StyrlintCore

/// Inputs found by fuzzing, random mutations of the example files, and the promises that
/// styrlint never writes to its inputs and always gives the same output.
@Suite struct RobustnessTests {
    static let council = (try? String(contentsOfFile: TestSupport.packageRoot + "/plans/kf-2025.yaml", encoding: .utf8)) ?? ""

    /// What the fuzz target does with one input: load and check its documents with the
    /// whole pack, then render every format; false when an output escapes its context.
    @discardableResult
    func exercise(_ bytes: [UInt8]) -> Bool {
        let text = String(decoding: bytes, as: UTF8.self)
        _ = try? Config.parse(bytes: bytes, displayPath: "styrlint.yml")
        _ = try? RuleLoader.parse(text: text, origin: "fuzz.yaml")
        guard let findings = try? InMemoryCheck.run(files: [("kf.yaml", Self.council)] + InMemoryCheck.documents(splitting: text), configText: nil,
                                                    rules: TestSupport.builtinRules, checkDate: InMemoryCheck.exampleDate) else { return true }
        return InMemoryCheck.renderEverywhere(findings, rules: TestSupport.builtinRules)
    }

    static let fuzzFixtures: [String] = {
        let folder = TestSupport.packageRoot + "/Tests/Fixtures/fuzz"
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted().map { "\(folder)/\($0)" }
    }()

    @Test("fuzz regressions", arguments: RobustnessTests.fuzzFixtures)
    func fuzzRegression(_ path: String) throws {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(exercise(bytes), "an output format let a control character through or wrote invalid JSON")
    }

    static func mutate(_ bytes: [UInt8], _ random: inout SeededRandom) -> [UInt8] {
        var bytes = bytes
        guard !bytes.isEmpty else { return [0x7B] }
        switch random.next(below: 6) {
        case 0: bytes.removeSubrange(random.next(below: bytes.count)...)  // truncate
        case 1:  // delete a line
            let lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
            var kept = lines
            kept.remove(at: random.next(below: lines.count))
            bytes = Array(kept.joined(separator: [0x0A]))
        case 2:  // swap two lines
            var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
            lines.swapAt(random.next(below: lines.count), random.next(below: lines.count))
            bytes = Array(lines.joined(separator: [0x0A]))
        case 3:  // insert bytes, some of them YAML syntax
            let pool: [UInt8] = Array(": -[]{}&*!|>'\"#%@`\t\n\r\u{0}".utf8) + [0xC3, 0xA5, 0xFF, 0xFE]
            for _ in 0...random.next(below: 8) { bytes.insert(pool[random.next(below: pool.count)], at: random.next(below: bytes.count + 1)) }
        case 4:  // replace a value with another one from the file
            let lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
            var mutated = lines
            let from = lines[random.next(below: lines.count)], at = random.next(below: lines.count)
            if let colon = from.firstIndex(of: 0x3A), let target = mutated[at].firstIndex(of: 0x3A) {
                mutated[at] = Array(mutated[at][...target]) + Array(from[(colon + 1)...])
            }
            bytes = Array(mutated.joined(separator: [0x0A]))
        default:  // flip bytes
            for _ in 0...random.next(below: 4) { bytes[random.next(below: bytes.count)] ^= UInt8(1 << random.next(below: 8)) }
        }
        return bytes
    }

    @Test func mutatedExampleFilesNeverCrash() throws {
        let files = try FileManager.default.subpathsOfDirectory(atPath: TestSupport.packageRoot + "/plans")
            .filter { $0.hasSuffix(".yaml") }.sorted().prefix(12)
        var random = SeededRandom(seed: 20_261_127)  // fixed, so a failing mutation can be replayed
        var escaped: [String] = []
        for file in files {
            var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: TestSupport.packageRoot + "/plans/" + file)))
            for round in 0..<25 {
                bytes = Self.mutate(bytes, &random)
                if !exercise(bytes) { escaped.append("\(file) round \(round)") }
            }
        }
        #expect(escaped.isEmpty, "mutations whose output escaped its context: \(escaped)")
    }

    /// FNV-1a of every file under a folder, by relative path.
    static func checksums(_ root: String) throws -> [String: String] {
        var sums: [String: String] = [:]
        for path in try FileManager.default.subpathsOfDirectory(atPath: root).sorted() {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: "\(root)/\(path)", isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
            let data = try Data(contentsOf: URL(fileURLWithPath: "\(root)/\(path)"))
            sums[path] = Fingerprint.of(String(decoding: data, as: UTF8.self)) + ":\(data.count)"
        }
        return sums
    }

    @Test func noCommandWritesToItsInputs() throws {
        let root = try TestSupport.repository([:])
        defer { try? FileManager.default.removeItem(atPath: root) }
        for folder in ["plans", "reports"] {
            try FileManager.default.copyItem(atPath: "\(TestSupport.packageRoot)/\(folder)", toPath: "\(root)/\(folder)")
        }
        try FileManager.default.copyItem(atPath: "\(TestSupport.packageRoot)/styrlint.yml", toPath: "\(root)/styrlint.yml")
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("styrlint-out-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: out) }
        let before = try Self.checksums(root)
        let commands: [[String]] = [
            ["check", "--per", "2026-02-15"],
            ["check", "plans/bun-2025.yaml", "--per", "2026-02-15", "--format", "json"],
            ["check", "--per", "2026-02-15", "--format", "sarif", "--output", "\(out)/s.sarif", "--format", "junit", "--output", "\(out)/j.xml",
             "--format", "gitlab", "--output", "\(out)/g.json", "--format", "github", "--output", "\(out)/gh.txt", "--format", "markdown", "--output", "\(out)/m.md"],
            ["baseline", "write", "\(out)/b.json", "--per", "2026-02-15"],
            ["check", "--baseline", "\(out)/b.json", "--per", "2026-02-15"],
            ["check", "--per", "2026-02-15", "--format", "json", "--output", "plans/kf-2025.yaml"],
            ["baseline", "write", "plans/bun-2025.yaml", "--per", "2026-02-15"],
            ["report", "--per", "2026-02-15", "--output", "styrlint.yml"],
            ["rules"], ["explain", "RT003"], ["functions"], ["schema"], ["verify-rules"],
        ]
        for command in commands {
            let run = try TestSupport.run(command, in: root)
            #expect([0, 1, 2].contains(run.status), "\(command): exit \(run.status)")
        }
        #expect(try Self.checksums(root) == before, "a command changed a file of the repository")
    }

    @Test func outputDoesNotDependOnFileOrderLocaleOrTimeZone() throws {
        // The same files created in opposite orders: directory listing order differs.
        let plans = try FileManager.default.subpathsOfDirectory(atPath: TestSupport.packageRoot + "/plans").filter { $0.hasSuffix(".yaml") }
        func build(_ order: [String]) throws -> String {
            let root = try TestSupport.repository(["styrlint.yml": "sökvägar: [plans]\n"])
            for path in order {
                let target = "\(root)/plans/\(path)"
                try FileManager.default.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try FileManager.default.copyItem(atPath: "\(TestSupport.packageRoot)/plans/\(path)", toPath: target)
            }
            return root
        }
        let first = try build(plans.sorted()), second = try build(plans.sorted().reversed())
        defer { try? FileManager.default.removeItem(atPath: first); try? FileManager.default.removeItem(atPath: second) }
        let a = try TestSupport.run(["check", "--per", "2026-02-15", "--format", "json", "--jobs", "1"], in: first,
                                    environment: ["LANG": "C", "LC_ALL": "C", "TZ": "UTC"])
        let b = try TestSupport.run(["check", "--per", "2026-02-15", "--format", "json", "--jobs", "2"], in: second,
                                    environment: ["LANG": "sv_SE.UTF-8", "LC_ALL": "sv_SE.UTF-8", "TZ": "America/Los_Angeles"])
        let c = try TestSupport.run(["check", "--per", "2026-02-15"], in: second, environment: ["TZ": "Asia/Tokyo"])
        let d = try TestSupport.run(["check", "--per", "2026-02-15"], in: first, environment: ["TZ": "Pacific/Kiritimati"])
        #expect(a.stdout == b.stdout)
        #expect(c.stdout == d.stdout)
        #expect(a.stdout.contains("\"RT003\""))
    }

    @Test func aReportIsWrittenWholeOrNotAtAll() throws {
        let root = try TestSupport.repository(["styrlint.yml": "sökvägar: [plans]\n", "plans/kf.yaml": CLITests.council])
        defer { try? FileManager.default.removeItem(atPath: root) }
        // A folder that does not exist: the write fails and leaves nothing behind.
        let run = try TestSupport.run(["check", "--per", "2026-02-15", "--format", "json", "--output", "saknas/ut.json"], in: root)
        #expect(run.status == 2)
        #expect(!FileManager.default.fileExists(atPath: "\(root)/saknas/ut.json"))
        let written = try TestSupport.run(["check", "--per", "2026-02-15", "--format", "json", "--output", "ut.json"], in: root)
        #expect(written.status == 0)
        let data = try Data(contentsOf: URL(fileURLWithPath: "\(root)/ut.json"))
        #expect((try? JSONSerialization.jsonObject(with: data)) != nil, "the report is complete JSON")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: root).filter { $0 != "ut.json" && $0 != "plans" && $0 != "styrlint.yml" }
        #expect(leftovers.isEmpty, "temporary files left behind: \(leftovers)")
    }
}
