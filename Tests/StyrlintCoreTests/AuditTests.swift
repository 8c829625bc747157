import Foundation
import Testing
@testable import StyrlintAudit
@testable import StyrlintCore

/// The auditor's views: the HTML report, the röda tråden graph and the stickprov.
@Suite struct AuditTests {
    static func exampleResult() throws -> CheckResult {
        var request = CheckRequest(paths: ["plans", "reports"], checkDate: Day(iso: "2026-02-15")!)
        request.currentDirectory = TestSupport.packageRoot
        request.keepRepositories = true
        return try Checker.run(request)
    }

    @Test func theReportShowsEverySectionOfTheExample() throws {
        let model = AuditModel(result: try Self.exampleResult())
        let html = HTMLReport(model: model, language: .sv).render()
        for id in ["sammanfattning", "smart", "roda-traden", "intern-kontroll", "arshjul", "fynd", "undantag", "underlag"] {
            #expect(html.contains("id=\"\(id)\""), "section \(id) missing")
        }
        #expect(!html.contains("<script"), "the report runs nothing")
        // Links to the rules' documentation are allowed; nothing is loaded from anywhere.
        #expect(!html.contains("src=\"http") && !html.contains("url(http") && !html.contains("<link"), "the report requests nothing")
        #expect(html.contains("href=\"https://github.com/styrlint/styrlint/blob/v\(Version.current)/docs/rules.md#rt003\""))
        // Organs and their lights: kfn has errors (RT003, VP008, RP002), so it is red.
        let kfn = try #require(model.organs.first { $0.id == "kfn" })
        #expect(kfn.light == .röd)
        // The röda tråden marks KFN3's link to the missing KF9.
        #expect(html.contains("bruten länk: KF9"))
        // tn's risk TN25-R4 (3 × 4) is in the matrix, not handled.
        let matrix = try #require(model.riskMatrices.first { $0.plan == "tn-ik-2025" })
        #expect(matrix.cells[2][3].risks >= 1)
        #expect(matrix.cells[2][3].handled < matrix.cells[2][3].risks)
        // The årshjul: son's September report 9 days late, kfn's October report missing.
        #expect(model.calendar.contains { $0.organ == "son" && $0.period == "2025-09" && $0.status == .late(days: 9) })
        #expect(model.calendar.contains { $0.organ == "kfn" && $0.period == "2025-10" && $0.status == .missing(days: 92) })
        #expect(model.calendar.contains { $0.organ == "kfn" && $0.period == "2025-09" && { if case .onTime = $0.status { return true } else { return false } }($0) })
        // Every input with its SHA-256, the same as sha256sum gives.
        let input = try #require(model.inputs.first { $0.path == "plans/kf-2025.yaml" })
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        process.arguments = [TestSupport.packageRoot + "/plans/kf-2025.yaml"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        process.waitUntilExit()
        let expected = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).prefix(64)
        #expect(input.sha256 == String(expected))
        #expect(html.contains(input.sha256))
        let english = HTMLReport(model: model, language: .en).render()
        #expect(english.contains("Summary per organ"))
    }

    @Test func documentTextIsEscaped() throws {
        let board = CIOutputTests.board().replacingOccurrences(of: "Förbättra elevernas läsförmåga och minska frånvaron.", with: "\"<script>alert('x')</script> & <b>fet</b>\"")
        let root = try TestSupport.repository(["styrlint.yml": "sökvägar: [plans]\n", "plans/kf.yaml": CLITests.council, "plans/bun.yaml": board])
        defer { try? FileManager.default.removeItem(atPath: root) }
        let run = try TestSupport.run(["report", "--per", "2026-02-15", "--output", "r.html"], in: root)
        #expect(run.status == 0, "\(run.stderr)")
        let html = try String(contentsOfFile: root + "/r.html", encoding: .utf8)
        #expect(!html.contains("<script"))
        #expect(!html.contains("<b>fet"))
        #expect(html.contains("&lt;script&gt;alert('x')&lt;/script&gt;"))
    }

    /// The Mermaid subset styrlint writes (docs/audit.md): a `flowchart BT` header; node lines
    /// `nN["label"]` whose label has no quote or angle bracket; edges `nA --> nB` or
    /// `nA -.-> nB` between declared nodes; `classDef` and `class` lines.
    static func validateMermaid(_ text: String) -> [String] {
        var problems: [String] = []
        let lines = text.split(separator: "\n").map(String.init)
        guard lines.first == "flowchart BT" else { return ["first line is not `flowchart BT`"] }
        var declared = Set<String>()
        func isID(_ text: Substring) -> Bool { text.first == "n" && text.count > 1 && text.dropFirst().allSatisfy(\.isNumber) }
        for line in lines.dropFirst() {
            let body = line.drop { $0 == " " }
            if let bracket = body.firstIndex(of: "[") {
                let id = body[..<bracket], label = body[body.index(after: bracket)...]
                guard isID(id), label.hasPrefix("\""), label.hasSuffix("\"]"), label.count >= 3 else { problems.append("bad node: \(line)"); continue }
                let inner = label.dropFirst().dropLast(2)
                if inner.contains("\"") || inner.contains("<") || inner.contains(">") { problems.append("unescaped label: \(line)") }
                declared.insert(String(id))
            } else if body.hasPrefix("classDef ") || body.hasPrefix("class ") {
                continue
            } else {
                let parts = body.split(separator: " ")
                guard parts.count == 3, ["-->", "-.->"].contains(parts[1]), isID(parts[0]), isID(parts[2]),
                      declared.contains(String(parts[0])), declared.contains(String(parts[2])) else {
                    problems.append("bad edge: \(line)")
                    continue
                }
            }
        }
        return problems
    }

    @Test func theGraphIsValidMermaidAndDOT() throws {
        let result = try Self.exampleResult()
        let graph = RedThreadGraph(repositories: result.loaded)
        let mermaid = graph.mermaid(language: .sv)
        #expect(Self.validateMermaid(mermaid) == [])
        #expect(mermaid.contains("saknas: KF9"))
        #expect(graph.edges.contains { $0.broken })
        let onlyKfn = RedThreadGraph(repositories: result.loaded, organ: "kfn")
        #expect(onlyKfn.nodes.contains { $0.label.hasPrefix("KFN1") })
        #expect(!onlyKfn.nodes.contains { $0.label.hasPrefix("BUN1") })
        let dot = graph.dot(language: .sv)
        #expect(dot.hasPrefix("digraph roda_traden {"))
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/dot") else { return }  // CI installs Graphviz
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/dot")
        process.arguments = ["-Tsvg", "-o", "/dev/null"]
        let input = Pipe()
        process.standardInput = input
        try process.run()
        input.fileHandleForWriting.write(Data(dot.utf8))
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "dot rejected the graph")
    }

    @Test func samplesAreReproducible() throws {
        let result = try Self.exampleResult()
        let first = SpotCheck(result: result, kind: .mål, count: 5, seed: 42)
        let again = SpotCheck(result: result, kind: .mål, count: 5, seed: 42)
        let other = SpotCheck(result: result, kind: .mål, count: 5, seed: 43)
        #expect(first.items.map(\.id) == again.items.map(\.id))
        #expect(first.items.map(\.id) != other.items.map(\.id))
        #expect(first.items.count == 5)
        #expect(first.items.allSatisfy { $0.kind == .mål })
        let controls = SpotCheck(result: result, kind: .kontrollmoment, count: 3, seed: 1)
        #expect(controls.items.count == 3 && controls.items.allSatisfy { $0.kind == .kontrollmoment })
        #expect(SpotCheck(result: result, kind: .rapport, count: 1000, seed: 1).items.count == SpotCheck(result: result, kind: .rapport, count: 1000, seed: 1).population)
        let markdown = first.markdown(language: .sv, checkDate: result.checkDate)
        #expect(markdown == again.markdown(language: .sv, checkDate: result.checkDate))
        let csv = try first.csv(language: .en)
        #expect(csv.split(separator: "\n").count >= 6)
        #expect(csv.hasPrefix("no,kind,id,file,line"))
        // Through the CLI, twice.
        let one = try TestSupport.run(["stickprov", "plans", "reports", "--antal", "4", "--frö", "9", "--per", "2026-02-15", "--typ", "rapport"])
        let two = try TestSupport.run(["stickprov", "plans", "reports", "--antal", "4", "--frö", "9", "--per", "2026-02-15", "--typ", "rapport"])
        #expect(one.status == 0 && one.stdout == two.stdout)
        #expect(one.stdout.components(separatedBy: "## ").count - 1 == 4)
    }
}
