import Foundation
import Testing
@testable import StyrlintCore

/// The stages of a run, each alone.
@Suite struct PipelineTests {
    static let plan = TestSupport.boardPlanHeader + "  - {id: BUN1, text: Förbättra läsningen., ansvarig: chef, klart: 2027}\n"

    @Test func configurationsApplyTheProfileThenTheCommandLine() throws {
        let root = try TestSupport.repository(["styrlint.yml": "version: 1\nprofiler:\n  dokument: {ignorera: [RP]}\n", "plans/bun.yaml": Self.plan])
        defer { try? FileManager.default.removeItem(atPath: root) }
        var request = CheckRequest(paths: [root], checkDate: InMemoryCheck.exampleDate)
        request.currentDirectory = root
        request.profile = "dokument"
        request.selection = RuleSelection(select: nil, extendSelect: [], ignore: ["SM001"])
        let config = try Configurations(request).config(for: root)
        let rules = try RuleLoader.builtinRules()
        #expect(!config.selection.enables(rules.first { $0.id == "RP002" }!))
        #expect(!config.selection.enables(rules.first { $0.id == "SM001" }!))
        #expect(config.selection.enables(rules.first { $0.id == "SM002" }!))
        request.profile = "granskning"
        #expect {
            _ = try Configurations(request).config(for: root)
        } throws: { error in
            (error as? StyrlintError)?.swedish == "--profil granskning: styrlint.yml har ingen sådan profil; kända: dokument"
        }
    }

    @Test func rulePacksRefuseAUserRuleThatReusesABuiltInId() throws {
        let rule = try String(contentsOfFile: TestSupport.packageRoot + "/rules/SM001.yaml", encoding: .utf8)
        let root = try TestSupport.repository(["styrlint.yml": "version: 1\nregelmappar: [egna]\n", "egna/SM001.yaml": rule, "plans/bun.yaml": Self.plan])
        defer { try? FileManager.default.removeItem(atPath: root) }
        let request = CheckRequest(paths: [root], checkDate: InMemoryCheck.exampleDate)
        let plans = try RepositoryLoader.plan(paths: [root], cwd: root) { _ in [] }
        let config = try Configurations(request).config(for: root)
        #expect {
            _ = try RulePacks(request: request).engine(for: try #require(plans.first), config: config)
        } throws: { error in
            (error as? StyrlintError)?.swedish.hasPrefix("egna/SM001.yaml:1:5: regel-id SM001 finns redan i rules/SM001.yaml") == true
        }
    }

    /// Engines are built as workers take repositories: a repository whose rules cannot be
    /// built still stops the run with its own error, the first in order, whatever the
    /// threads; and the run's rule list covers every repository's rules.
    @Test func engineErrorsStopTheRunInRepositoryOrder() throws {
        let rule = try String(contentsOfFile: TestSupport.packageRoot + "/rules/SM001.yaml", encoding: .utf8)
            .replacingOccurrences(of: "id: SM001", with: "id: EGEN001")
        var files: [String: String] = [:]
        for index in 0..<6 {
            files["k\(index)/styrlint.yml"] = "# kommun \(index)\nversion: 1\n" + (index == 4 ? "regelmappar: [egna]\n" : "")
            files["k\(index)/plans/bun.yaml"] = Self.plan
        }
        files["k4/egna/EGEN001.yaml"] = rule
        let root = try TestSupport.repository(files)
        defer { try? FileManager.default.removeItem(atPath: root) }
        var request = CheckRequest(paths: [root], checkDate: InMemoryCheck.exampleDate)
        request.currentDirectory = root
        request.threads = 2
        let result = try Checker.run(request)
        #expect(result.repositories.count == 6)
        #expect(result.rulesRun.contains("EGEN001") && result.rulesRun.contains("SM001"))
        for broken in [2, 4] {
            try "version: 1\nregelmappar: [../../]\n".write(toFile: "\(root)/k\(broken)/styrlint.yml", atomically: true, encoding: .utf8)
        }
        #expect {
            _ = try Checker.run(request)
        } throws: { error in
            (error as? StyrlintError)?.english.contains("k2/styrlint.yml:2:15: regelmappar: '../../' lies outside the repository") == true
        }
    }

    @Test func presentationPrefixesPathsAndSeparatesRepositories() throws {
        let documents = [DocumentLoader.load(path: "plans/bun.yaml", bytes: Array(Self.plan.utf8), limits: ParseLimits())]
        let repository = Repository(root: "/work/kommun", config: Config(), documents: documents, reportedPaths: nil)
        let engine = try Engine(rules: TestSupport.builtinRules, config: Config(), language: .sv)
        let findings = engine.run(repository, checkDate: InMemoryCheck.exampleDate)
        let plan = RepositoryPlan(root: "/work/kommun", files: ["/work/kommun/plans/bun.yaml"], reported: nil, configFile: nil)
        var alone = findings
        let summary = Presentation.present(&alone, of: repository, plan: plan, config: Config(), cwd: "/work", severalRepositories: false)
        #expect(summary.files == ["kommun/plans/bun.yaml"])
        #expect(alone.allSatisfy { $0.file == "kommun/plans/bun.yaml" })
        #expect(alone.map(\.fingerprint) == findings.map(\.fingerprint))
        var several = findings
        _ = Presentation.present(&several, of: repository, plan: plan, config: Config(), cwd: "/work", severalRepositories: true)
        #expect(several.allSatisfy { $0.subject.hasPrefix("kommun:") })
        #expect(Set(several.map(\.fingerprint)).isDisjoint(with: findings.map(\.fingerprint)))
    }
}

@Suite struct BrokenLinkTests {
    @Test func aLinkToNothingSaysSoInTheRunsLanguage() throws {
        let root = try TestSupport.repository(["styrlint.yml": "version: 1\n"])
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createSymbolicLink(atPath: root + "/plan.yaml", withDestinationPath: root + "/saknas.yaml")
        let swedish = try TestSupport.run(["check", "--per", "2026-01-01", "--no-show-source"], in: root)
        #expect(swedish.stdout.hasPrefix("plan.yaml:1:1: fel[DOK001] filen är en länk som pekar på \(root)/saknas.yaml, som inte finns. Rätta länken eller ta bort den.\n"))
        let english = try TestSupport.run(["check", "--per", "2026-01-01", "--no-show-source", "--lang", "en"], in: root)
        #expect(english.stdout.hasPrefix("plan.yaml:1:1: error[DOK001] the file is a link to \(root)/saknas.yaml, which does not exist."))
    }
}

@Suite struct ProvenanceTests {
    @Test func theCommitIsReadFromTheFilesWithoutRunningGit() throws {
        let commit = String(repeating: "ab", count: 20)
        let packed = String(repeating: "cd", count: 20)
        let root = try TestSupport.repository([
            ".git/HEAD": "ref: refs/heads/main\n",
            ".git/refs/heads/main": "\(commit)\n",
            "kommun/styrlint.yml": "version: 1\n",
            "annat/.git": "gitdir: ../wt\n",
            "wt/HEAD": "ref: refs/heads/gren\n",
            "wt/commondir": "../.git\n",
            ".git/packed-refs": "# pack-refs with: peeled\n\(packed) refs/heads/gren\n",
        ])
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(GitHead.commit(above: root + "/kommun") == commit)
        #expect(GitHead.commit(above: root + "/annat") == packed)
        // A HEAD that names something outside refs/ is not followed.
        try Data("ref: ../../etc/passwd\n".utf8).write(to: URL(fileURLWithPath: root + "/.git/HEAD"))
        #expect(GitHead.commit(above: root + "/kommun") == nil)
    }

    static func provenance(of root: String) throws -> Provenance? {
        var request = CheckRequest(paths: [root], checkDate: InMemoryCheck.exampleDate)
        request.currentDirectory = root
        request.provenance = true
        return try Checker.run(request).repositories.first?.provenance
    }

    /// Runs the real git (the test's own tool, never styrlint's) with no user or system configuration.
    static func git(_ arguments: [String], in folder: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false",
                             "-c", "init.defaultBranch=main"] + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        process.environment = ["PATH": "/usr/bin:/bin:/usr/local/bin", "HOME": folder, "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": "/dev/null"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw StyrlintError("git \(arguments.joined(separator: " ")) failed") }
    }

    /// Whether what was examined is what HEAD holds: loose objects, a packed and deltified
    /// history, a staged change, an untracked input, and a corrupt pack (unknown, not clean).
    @Test func theStateAgainstTheCommitIsReadFromTheObjects() throws {
        let plan = TestSupport.boardPlanHeader + "  - {id: B1, text: Minst 85 procent ska läsa 2027.}\n"
        let root = try TestSupport.repository(["styrlint.yml": "version: 1\n", "plans/bun.yaml": plan, "plans/extra/notes.txt": "x\n"])
        defer { try? FileManager.default.removeItem(atPath: root) }
        func provenance() throws -> Provenance? { try Self.provenance(of: root) }
        try Self.git(["init", "-q"], in: root)
        try Self.git(["add", "-A"], in: root)
        try Self.git(["commit", "-q", "-m", "första"], in: root)
        var state = try #require(try provenance())
        #expect(state.commit != nil && state.dirty == false && state.uncommitted == nil)
        // Several versions of the plan, then a pack with deltas between them.
        for version in 1...3 {
            try Data((plan + String(repeating: "# version \(version)\n", count: version)).utf8).write(to: URL(fileURLWithPath: root + "/plans/bun.yaml"))
            try Self.git(["commit", "-q", "-a", "-m", "v\(version)"], in: root)
        }
        try Self.git(["gc", "-q", "--aggressive"], in: root)
        #expect(try FileManager.default.contentsOfDirectory(atPath: root + "/.git/objects/pack").contains { $0.hasSuffix(".pack") })
        state = try #require(try provenance())
        #expect(state.dirty == false, "the packed, deltified history reads as the files")
        // A change, staged or not, is not the commit.
        try Data((plan + "# ändrad\n").utf8).write(to: URL(fileURLWithPath: root + "/plans/bun.yaml"))
        state = try #require(try provenance())
        #expect(state.dirty == true && state.uncommitted == ["plans/bun.yaml"])
        try Self.git(["add", "plans/bun.yaml"], in: root)
        #expect(try provenance()?.uncommitted == ["plans/bun.yaml"], "staged is not committed")
        try Self.git(["reset", "-q", "--hard"], in: root)
        #expect(try provenance()?.dirty == false)
        // An input git does not know.
        try Data(plan.replacingOccurrences(of: "B1", with: "B2").utf8).write(to: URL(fileURLWithPath: root + "/plans/ny.yaml"))
        #expect(try provenance()?.uncommitted == ["plans/ny.yaml"])
        #expect(Provenance.commitText([try #require(try provenance())], language: .sv)?.hasSuffix("(med ändringar som inte är incheckade, 1 fil: plans/ny.yaml)") == true)
        try FileManager.default.removeItem(atPath: root + "/plans/ny.yaml")
        #expect(Provenance.commitText([try #require(try provenance())], language: .en)?.hasSuffix("(inputs as committed)") == true)
        // A damaged pack: unknown, never "clean" and never a crash.
        for name in try FileManager.default.contentsOfDirectory(atPath: root + "/.git/objects/pack") where name.hasSuffix(".pack") {
            let path = root + "/.git/objects/pack/" + name
            var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
            for index in 12..<min(bytes.count - 20, 4000) { bytes[index] = UInt8(truncatingIfNeeded: index &* 31) }
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
            try Data(bytes).write(to: URL(fileURLWithPath: path))
        }
        state = try #require(try provenance())
        #expect(state.commit != nil && state.dirty == nil)
        #expect(Provenance.commitText([state], language: .sv)?.contains("gick inte att avgöra") == true)
    }

    /// What else can make the inputs differ from the commit, and what must never hang or be believed.
    @Test func everyInputAndEveryTamperingCounts() throws {
        let plan = TestSupport.boardPlanHeader + "  - {id: B1, text: Minst 85 procent ska läsa 2027.}\n"
        let root = try TestSupport.repository(["styrlint.yml": "version: 1\nregelmappar: [regler]\n", "plans/bun.yaml": plan,
                                               "plans/tn.yaml": plan.replacingOccurrences(of: "bun", with: "tn"), "regler/EGEN005.yaml": Self.userRule])
        defer { try? FileManager.default.removeItem(atPath: root) }
        func provenance() throws -> Provenance? { try Self.provenance(of: root) }
        try Self.git(["init", "-q"], in: root)
        try Self.git(["add", "-A"], in: root)
        try Self.git(["commit", "-q", "-m", "första"], in: root)
        #expect(try provenance()?.dirty == false)
        // A committed plan deleted from the work tree.
        try FileManager.default.removeItem(atPath: root + "/plans/tn.yaml")
        #expect(try provenance()?.uncommitted == ["plans/tn.yaml"])
        try Self.git(["checkout", "-q", "--", "plans/tn.yaml"], in: root)
        // A rule file that shapes the findings without being a document.
        try Data((Self.userRule + "# ändrad\n").utf8).write(to: URL(fileURLWithPath: root + "/regler/EGEN005.yaml"))
        #expect(try provenance()?.uncommitted == ["regler/EGEN005.yaml"])
        try Self.git(["checkout", "-q", "--", "regler/EGEN005.yaml"], in: root)
        // A checkout with CRLF line ends is the commit still.
        try Data(plan.replacingOccurrences(of: "\n", with: "\r\n").utf8).write(to: URL(fileURLWithPath: root + "/plans/bun.yaml"))
        #expect(try provenance()?.dirty == false, "core.autocrlf's checkout is not a change")
        try Self.git(["checkout", "-q", "--", "plans/bun.yaml"], in: root)
        // A tree rewritten in place to name other bytes is not believed: unknown, not clean.
        try Data((plan + "# ändrad\n").utf8).write(to: URL(fileURLWithPath: root + "/plans/bun.yaml"))
        try Self.git(["add", "plans/bun.yaml"], in: root)
        let forgedTree = try Self.output(["write-tree"], in: root)
        let headTree = try Self.output(["rev-parse", "HEAD^{tree}"], in: root)
        let headTreePath = root + "/.git/objects/\(headTree.prefix(2))/\(headTree.dropFirst(2))"
        let forgedPath = root + "/.git/objects/\(forgedTree.prefix(2))/\(forgedTree.dropFirst(2))"
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: headTreePath)
        try FileManager.default.removeItem(atPath: headTreePath)
        try FileManager.default.copyItem(atPath: forgedPath, toPath: headTreePath)
        let forged = try #require(try provenance())
        #expect(forged.commit != nil && forged.dirty == nil, "an object that does not hash to its id")
    }

    @Test func aPackThatIsAFIFOIsUnknownNotAHang() throws {
        let plan = TestSupport.boardPlanHeader + "  - {id: B1, text: Minst 85 procent ska läsa 2027.}\n"
        let root = try TestSupport.repository(["plans/bun.yaml": plan])
        defer { try? FileManager.default.removeItem(atPath: root) }
        try Self.git(["init", "-q"], in: root)
        try Self.git(["add", "-A"], in: root)
        try Self.git(["commit", "-q", "-m", "första"], in: root)
        try Self.git(["gc", "-q"], in: root)
        let folder = root + "/.git/objects/pack"
        for name in try FileManager.default.contentsOfDirectory(atPath: folder) where name.hasSuffix(".pack") {
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: folder + "/" + name)
            try FileManager.default.removeItem(atPath: folder + "/" + name)
            #expect(mkfifo(folder + "/" + name, 0o644) == 0)
        }
        let state = try #require(try Self.provenance(of: root))
        #expect(state.commit != nil && state.dirty == nil)
    }

    /// A rule of the repository's own, from a built-in one under another id and name.
    static let userRule = (try? String(contentsOfFile: TestSupport.packageRoot + "/rules/MV005.yaml", encoding: .utf8))?
        .replacingOccurrences(of: "MV005", with: "EGEN005").replacingOccurrences(of: "name: malformed-kolada-id", with: "name: egen-kolada-id") ?? ""

    static func output(_ arguments: [String], in folder: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git"] + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        process.environment = ["PATH": "/usr/bin:/bin:/usr/local/bin", "HOME": folder, "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": "/dev/null"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func deltasAreAppliedWithinTheirBounds() {
        let base = Array("abcdefghij".utf8)
        // Source 10, target 7: copy 4 bytes from offset 2, insert "XYZ".
        let delta: [UInt8] = [10, 7, 0x80 | 0x01 | 0x10, 2, 4, 3] + Array("XYZ".utf8)
        #expect(GitObjectStore.apply(delta, to: base).map { String(decoding: $0, as: UTF8.self) } == "cdefXYZ")
        #expect(GitObjectStore.apply([10, 7, 0x80 | 0x01 | 0x10, 8, 4], to: base) == nil, "a copy past the base's end")
        #expect(GitObjectStore.apply([9, 1, 1, 65], to: base) == nil, "the base's size is not the one the delta names")
        #expect(GitObjectStore.apply([10, 2, 1, 65], to: base) == nil, "shorter than it says")
        #expect(GitObjectStore.apply([10, 1, 0], to: base) == nil, "instruction 0 is reserved")
    }

    @Test func theInputSetChangesWithAnyByteOfAnyInput() throws {
        let plan = TestSupport.boardPlanHeader + "  - {id: B1, text: Minst 85 procent ska läsa 2027.}\n"
        let root = try TestSupport.repository(["styrlint.yml": "version: 1\n", "plans/bun.yaml": plan])
        defer { try? FileManager.default.removeItem(atPath: root) }
        func inputSet() throws -> String? {
            var request = CheckRequest(paths: [root], checkDate: InMemoryCheck.exampleDate)
            request.currentDirectory = root
            request.provenance = true
            return try Checker.run(request).repositories.first?.provenance?.inputSet
        }
        let first = try #require(try inputSet())
        #expect(try inputSet() == first)
        try Data((plan + "\n").utf8).write(to: URL(fileURLWithPath: root + "/plans/bun.yaml"))
        let second = try #require(try inputSet())
        #expect(second != first)
        try Data("version: 1\n# ändrad\n".utf8).write(to: URL(fileURLWithPath: root + "/styrlint.yml"))
        #expect(try inputSet() != second)
    }
}
