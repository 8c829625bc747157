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
            _ = try RulePacks.engines(for: plans, configs: [root: config], request: request)
        } throws: { error in
            (error as? StyrlintError)?.swedish.hasPrefix("egna/SM001.yaml:1:5: regel-id SM001 finns redan i rules/SM001.yaml") == true
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
