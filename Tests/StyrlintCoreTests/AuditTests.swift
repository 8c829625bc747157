import Foundation
import Testing
@testable import StyrlintAudit
@testable import StyrlintCore

/// The auditor's views: the HTML report, the röda tråden graph and the stickprov.
@Suite struct AuditTests {
    static func exampleResult() throws -> CheckResult {
        try check(["plans", "reports"], in: TestSupport.packageRoot)
    }

    /// A check as of 2026-02-15 that keeps its repositories for the views.
    static func check(_ paths: [String], in folder: String) throws -> CheckResult {
        var request = CheckRequest(paths: paths, checkDate: Day(iso: "2026-02-15")!)
        request.currentDirectory = folder
        request.keepRepositories = true
        return try Checker.run(request)
    }

    @Test func theReportShowsEverySectionOfTheExample() throws {
        let model = AuditModel(result: try Self.exampleResult())
        let html = HTMLReport(model: model, language: .sv).render()
        for id in ["sammanfattning", "smart", "roda-traden", "maluppfyllelse", "ekonomi", "intern-kontroll", "arshjul", "fynd", "undantag", "underlag"] {
            #expect(html.contains("id=\"\(id)\""), "section \(id) missing")
        }
        #expect(!html.contains("<script"), "the report runs nothing")
        // Links to the rules' documentation are allowed; nothing is loaded from anywhere.
        #expect(!html.contains("src=\"http") && !html.contains("url(http") && !html.contains("<link"), "the report requests nothing")
        #expect(html.contains("href=\"https://github.com/styrlint/styrlint/blob/v\(Version.current)/docs/rules.md#rt003\""))
        // Organs and their lights: kfn has errors (RT003, VP008, RP002), so it is red.
        let kfn = try #require(model.organs.first { $0.id == "kfn" })
        #expect(kfn.light == .röd)
        // ks's only error is a Kolada id's form (MV005, a pattern check): yellow, not red.
        #expect(model.organs.first { $0.id == "ks" }?.light == .gul)
        #expect(html.contains("minst ett fel från en styrningsregel"))
        #expect(html.contains("om dokumentens form (DOK001, DOK002, DOK003, DOK004, DOK005, DOK006, DOK007, DOK008, DOK009, DOK010, DOK011, MV005)"),
                "the legend names the form rules as the rule files weigh them")
        // The header counts documents as check does: the configuration is an input, not a document.
        #expect(html.contains("· 89 dokument ·"))
        #expect(model.inputs.count == 90)
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

    /// The Mermaid subset styrlint writes (docs/audit.md): a `flowchart RL` header; frames
    /// `subgraph cN["caption"]` … `end`; node lines `nN["label"]` whose label has no quote and
    /// no angle bracket but the line break `<br>`; edges `nA --> nB` or `nA -.-> nB` between
    /// declared nodes; `classDef` and `class` lines.
    static func validateMermaid(_ text: String) -> [String] {
        var problems: [String] = []
        let lines = text.split(separator: "\n").map(String.init)
        guard lines.first == "flowchart RL" else { return ["first line is not `flowchart RL`"] }
        var declared = Set<String>()
        var open = 0
        func isID(_ text: Substring, _ letter: Character = "n") -> Bool { text.first == letter && text.count > 1 && text.dropFirst().allSatisfy(\.isNumber) }
        func validLabel(_ label: Substring) -> Bool {
            guard label.hasPrefix("\""), label.hasSuffix("\"]"), label.count >= 3 else { return false }
            let inner = label.dropFirst().dropLast(2).replacingOccurrences(of: "<br>", with: "")
            return !inner.contains("\"") && !inner.contains("<") && !inner.contains(">")
        }
        for line in lines.dropFirst() {
            let body = line.drop { $0 == " " }
            if body.hasPrefix("subgraph ") {
                let rest = body.dropFirst("subgraph ".count)
                guard let bracket = rest.firstIndex(of: "["), isID(rest[..<bracket], "c"), validLabel(rest[rest.index(after: bracket)...]) else {
                    problems.append("bad subgraph: \(line)"); continue
                }
                open += 1
            } else if body == "end" {
                open -= 1
                if open < 0 { problems.append("end without subgraph") }
            } else if let bracket = body.firstIndex(of: "[") {
                let id = body[..<bracket], label = body[body.index(after: bracket)...]
                guard isID(id), validLabel(label) else { problems.append("bad node: \(line)"); continue }
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
        if open != 0 { problems.append("\(open) subgraph(s) not closed") }
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

    /// The drawn size in points, from Graphviz's own layout (nil when Graphviz is absent; CI installs it).
    static func drawnSize(_ dot: String) throws -> (width: Double, height: Double)? {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/dot") else { return nil }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("styrlint-graph-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("g.dot"), output = directory.appendingPathComponent("g.svg")
        try dot.write(to: input, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/dot")
        process.arguments = ["-Tsvg", "-o", output.path, input.path]
        try process.run()
        process.waitUntilExit()
        let svg = try String(contentsOf: output, encoding: .utf8)
        guard let open = svg.range(of: "<svg ") else { return nil }
        let tag = svg[open.lowerBound...].prefix { $0 != ">" }
        func attribute(_ name: String) -> Double? {
            guard let start = tag.range(of: " \(name)=\"") else { return nil }
            let tail = tag[start.upperBound...]
            return Double(tail.prefix { $0.isNumber || $0 == "." })
        }
        guard let width = attribute("width"), let height = attribute("height") else { return nil }
        return (width, height)
    }

    /// A4 landscape is 842 × 595 pt; labels are set at 9 pt.
    @Test func theGraphFitsTheWidthOfAnA4LandscapePageAndEachOrganAPage() throws {
        let result = try Self.exampleResult()
        let whole = RedThreadGraph(repositories: result.loaded)
        #expect(whole.dot(language: .sv).contains("fontsize=9") && whole.dotTables(language: .sv).contains("fontsize=9"))
        guard let size = try Self.drawnSize(whole.dot(language: .sv)) else { return }
        #expect(size.width <= 842, "the municipality's graph, a box per goal, is \(size.width) pt wide")
        // The plan layout (the default for the whole municipality) fits one page.
        let tables = try #require(try Self.drawnSize(whole.dotTables(language: .sv)))
        #expect(tables.width <= 842 && tables.height <= 595, "the municipality's plan layout is \(tables.width) × \(tables.height) pt")
        for organ in RedThreadGraph.organs(in: result.loaded) {
            let graph = RedThreadGraph(repositories: result.loaded, organ: organ)
            let drawn = try #require(try Self.drawnSize(graph.dot(language: .sv)))
            #expect(drawn.width <= 842 && drawn.height <= 595, "\(organ): \(drawn.width) × \(drawn.height) pt")
        }
    }

    @Test func theGraphIsFramedPerOrganAndPerMålområde() throws {
        let result = try Self.exampleResult()
        let graph = RedThreadGraph(repositories: result.loaded)
        let bun1 = try #require(graph.nodes.first { $0.id == "BUN1" })
        let gr1 = try #require(graph.nodes.first { $0.id == "GR1" })
        #expect(bun1.cluster == "organ:bun" && gr1.cluster == "organ:bun")
        #expect(graph.clusterNames["organ:bun"] == "Barn- och utbildningsnämnden (bun)")
        let kf3 = try #require(graph.nodes.first { $0.id == "KF3" })
        #expect(kf3.cluster == "area:MO2", "a fullmäktigemål sits in the frame of the målområde it serves")
        #expect(graph.nodes.first { $0.kind == .missing }?.cluster == "")
        let dot = graph.dot(language: .sv)
        #expect(dot.contains("label=\"Barn- och utbildningsnämnden (bun)\""))
        #expect(dot.contains("Teckenförklaring") && graph.dot(language: .en).contains("Legend"))
        // Each level is one column: every nämnd goal shares a rank, units another.
        let boardRank = try #require(dot.split(separator: "\n").first { $0.contains("rank=same") && $0.contains("n\(graph.nodes.firstIndex { $0.id == "BUN1" }!);") })
        #expect(boardRank.contains("n\(graph.nodes.firstIndex { $0.id == "SON7" }!);"))
        #expect(!boardRank.contains("n\(graph.nodes.firstIndex { $0.id == "GR1" }!);"))
    }

    @Test func labelsWrapAndKeepTheFullTextAsTooltip() throws {
        let long = String(repeating: "Minst åttiofem procent av eleverna ska nå målen ", count: 6) + "SLUTORD"
        let node = RedThreadGraph.Node(key: "goal:X1", id: "X1", text: long, kind: .board, organ: "bun", cluster: "")
        let lines = RedThreadGraph.wrapped(node)
        #expect(lines.first == "X1")
        #expect(lines.count == RedThreadGraph.maxLines)
        #expect(lines.allSatisfy { $0.count <= RedThreadGraph.lineWidth })
        #expect(lines.last?.hasSuffix("…") == true)
        var graph = RedThreadGraph(repositories: [])
        graph.nodes = [node, RedThreadGraph.Node(key: "goal:Q", id: "Q\\N\"", text: "a \"b\" \\G", kind: .board, organ: "", cluster: "")]
        let dot = graph.dot(language: .sv)
        #expect(dot.contains("SLUTORD"), "the full text is the tooltip")
        #expect(dot.contains("Q\\\\N\\\"") && dot.contains("a \\\"b\\\" \\\\G"), "Graphviz escapes cannot come from a document")
        let short = RedThreadGraph.wrapped(RedThreadGraph.Node(key: "k", id: "S1", text: "Kort mål.", kind: .unit, organ: "", cluster: ""))
        #expect(short == ["S1", "Kort mål."])
    }

    @Test func thePlanLayoutHasATablePerPlanAndEscapesDocumentText() throws {
        let result = try Self.exampleResult()
        let graph = RedThreadGraph(repositories: result.loaded)
        let dot = graph.dotTables(language: .sv)
        // One table per plan and målområde, a row per goal in the order people number them.
        let tables = dot.split(separator: "\n").filter { $0.contains("[label=<<table") }
        #expect(tables.count == 4 + 6 + 2, "four målområden, six nämnd and bolag plans, two verksamhet plans")
        let bun = try #require(tables.first { $0.contains("Barn- och utbildningsnämnden (bun)") })
        let order = ["BUN1", "BUN2", "BUN3", "BUN4", "BUN5", "BUN6"].map { bun.range(of: "<b>\($0)</b>")?.lowerBound }
        #expect(order.allSatisfy { $0 != nil } && order.map { $0! } == order.map { $0! }.sorted())
        #expect(dot.contains("saknas: KF9") && dot.contains("style=dashed, color=\"#b3261e\""))
        #expect(RedThreadGraph.naturalKey("BUN2") < RedThreadGraph.naturalKey("BUN10"))
        // Document text is text in an HTML-like label: no element, no attribute break-out.
        var hostile = RedThreadGraph(repositories: [])
        hostile.nodes = [RedThreadGraph.Node(key: "goal:X<1>", id: "X<1>", text: "<b>fet</b> & \"citat\" </td></tr></table>>", kind: .board,
                                             organ: "bun", cluster: "organ:bun", table: "plan:x")]
        hostile.clusterNames = ["plan:x": "<i>Nämnd</i>"]
        let escaped = hostile.dotTables(language: .sv)
        #expect(escaped.contains("&lt;b&gt;fet&lt;/b&gt; &amp; &quot;citat&quot;") && escaped.contains("&lt;i&gt;Nämnd&lt;/i&gt;"))
        #expect(!escaped.contains("<b>fet") && !escaped.contains("<i>Nämnd"))
        #expect(!escaped.contains("href=\"#X"), "links are our own anchors, never a document's id")
        var slashes = RedThreadGraph(repositories: [])
        slashes.nodes = [RedThreadGraph.Node(key: "goal:MO1\\N", id: "MO1\\N", text: "a \\G b %%{init: {'theme':'dark'}}%%", kind: .board,
                                             organ: "", cluster: "", table: "plan:y")]
        #expect(slashes.dotTables(language: .sv).contains("<b>MO1\\\\N</b> a \\\\G b"), "Graphviz's \\N and \\G stay text")
        #expect(!slashes.mermaid(language: .sv).contains("%%"), "no Mermaid directive from a document")
        if try Self.drawnSize(escaped) == nil, FileManager.default.isExecutableFile(atPath: "/usr/bin/dot") {
            Issue.record("dot rejected the escaped table")
        }
    }

    @Test func oneGoalsTreeUpAndDown() throws {
        let result = try Self.exampleResult()
        let graph = RedThreadGraph(repositories: result.loaded)
        let tree = try #require(graph.focused(on: "kf3", depth: nil))
        let ids = Set(tree.nodes.map(\.id))
        #expect(ids.isSuperset(of: ["KF3", "MO2", "SON1", "HT1", "HT2"]))
        #expect(!ids.contains("KF4") && !ids.contains("BUN1") && !ids.contains("MO1"))
        let near = try #require(graph.focused(on: "KF3", depth: 1))
        #expect(Set(near.nodes.map(\.id)).contains("SON1") && !near.nodes.contains { $0.id == "HT1" })
        #expect(graph.focused(on: "KF99", depth: nil) == nil)
        let top = graph.cut(depth: 2)
        #expect(Set(top.nodes.map(\.kind)) == [.area, .council])
        #expect(top.edges.allSatisfy { edge in top.nodes.contains { $0.key == edge.from } && top.nodes.contains { $0.key == edge.to } })
        #expect(Self.validateMermaid(tree.mermaid(language: .en)) == [])
    }

    @Test func graphOptionsAreChecked() throws {
        let root = try TestSupport.repository(["styrlint.yml": "sökvägar: [plans]\n", "plans/kf.yaml": CLITests.council, "plans/bun.yaml": CIOutputTests.board()])
        defer { try? FileManager.default.removeItem(atPath: root) }
        let unknown = try TestSupport.run(["graph", "--per", "2026-02-15", "--mål", "BUN9"], in: root)
        #expect(unknown.status == 2 && unknown.stderr.contains("--mål BUN9") && unknown.stderr.contains("BUN"), "\(unknown.stderr)")
        let zero = try TestSupport.run(["graph", "--djup", "0"], in: root)
        #expect(zero.status == 2 && zero.stderr.contains("--djup 0"))
        let english = try TestSupport.run(["graph", "--per", "2026-02-15", "--mål", "NOPE", "--lang", "en"], in: root)
        #expect(english.status == 2 && english.stderr.contains("no goal"))
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
        #expect(csv.hasPrefix("no,kind,id,organ,file,line,cell,fields,evidence,findings,observation,assessment,reviewed by,date"))
        // Through the CLI, twice.
        let one = try TestSupport.run(["stickprov", "plans", "reports", "--antal", "4", "--frö", "9", "--per", "2026-02-15", "--typ", "rapport"])
        let two = try TestSupport.run(["stickprov", "plans", "reports", "--antal", "4", "--frö", "9", "--per", "2026-02-15", "--typ", "rapport"])
        #expect(one.status == 0 && one.stdout == two.stdout)
        #expect(one.stdout.components(separatedBy: "## ").count - 1 == 4)
    }

    @Test func aStratifiedSampleDrawsFromEveryOrganAndKind() throws {
        let result = try Self.exampleResult()
        let fixed = SpotCheck(result: result, kind: nil, allocation: .perStratum(2), seed: 5)
        // Every organ × kind stratum gives two, or all it has.
        let byStratum = Dictionary(grouping: fixed.items) { "\($0.organ) · \($0.kind.rawValue)" }
        #expect(Set(byStratum.keys) == Set(fixed.strata.map(\.name)))
        for stratum in fixed.strata {
            #expect(stratum.drawn == min(2, stratum.population))
            #expect(byStratum[stratum.name]?.count == stratum.drawn)
        }
        #expect(fixed.items.map(\.id) == SpotCheck(result: result, kind: nil, allocation: .perStratum(2), seed: 5).items.map(\.id))
        let shared = SpotCheck(result: result, kind: .mål, allocation: .proportional(14), seed: 5)
        #expect(shared.items.count == 14)
        #expect(shared.strata.map(\.drawn).reduce(0, +) == 14)
    }

    @Test(arguments: [
        (10, [5, 3, 2], [5, 3, 2]), (5, [5, 3, 2], [3, 1, 1]), (3, [1, 1, 1, 1], [1, 1, 1, 0]), (100, [2, 3], [2, 3]), (0, [4], [0]),
    ])
    func proportionalSharesByLargestRemainder(total: Int, sizes: [Int], expected: [Int]) {
        #expect(SpotCheck.proportional(total: total, sizes: sizes) == expected)
    }

    @Test func sampledItemsCarryTheirEvidenceAndAWorkingPaper() throws {
        let result = try Self.exampleResult()
        let goals = SpotCheck(result: result, kind: .mål, count: 1000, seed: 1)
        let bun6 = try #require(goals.items.first { $0.id == "BUN6" })
        #expect(bun6.evidence.map(\.0) == ["BUN6.1 målvärde", "BUN6.1 utfall", "måluppfyllelse"])
        #expect(bun6.evidence.first?.1 == "minst 80 procent, år 2027")
        #expect(bun6.evidence[1].1.hasPrefix("2025: 75,5 (bun-ab-2025)"))
        let controls = SpotCheck(result: result, kind: .kontrollmoment, count: 1000, seed: 1)
        let k3 = try #require(controls.items.first { $0.id == "BUN25-K3" })
        #expect(k3.evidence.first?.1.contains("Samtliga hade visat utdrag ur belastningsregistret") == true)
        // A control of the plan kept in Excel is placed at its cell.
        let fromWorkbook = try #require(controls.items.first { $0.id == "KFN26-K2" })
        #expect(fromWorkbook.place == "plans/internkontroll/kfn-ik-2026.xlsx Internkontrollplan!I5")
        let html = SpotCheck(result: result, kind: .kontrollmoment, count: 2, seed: 3).html(language: .sv, checkDate: result.checkDate)
        #expect(html.contains("<th>granskad av</th>") && html.contains("<th>bedömning</th>"))
        #expect(TestSupport.isWellFormedXML(html.replacingOccurrences(of: "<!DOCTYPE html>", with: "")))
    }
}

/// The auditor's views and the checks read one domain model: on a plan with its own risk
/// scale and årshjul they say the same as the findings.
@Suite struct ViewAgreementTests {
    static let files: [String: String] = [
        "styrlint.yml": """
        version: 1
        risk: {skala: 4, tröskel: 6}
        årshjul:
          månadsrapport: {månader: [3, 9], dagar: 10}
          delår: [{rapporttyp: delårsbokslut, månad: 8, dagar: 30}]

        """,
        "plans/kf.yaml": """
        typ: verksamhetsplan
        id: kf-vp-2025
        organ: kf
        nivå: fullmäktige
        status: beslutad
        period: {från: 2025, till: 2025}
        organisation:
          - {id: kf, namn: Kommunfullmäktige, typ: fullmäktige}
          - {id: bun, namn: Barn- och utbildningsnämnden, typ: nämnd}
          - {id: rev, namn: Revisionen, typ: revision}
        målområden: [{id: MO1, namn: Lärande}]
        mål:
          - {id: KF1, text: Alla barn ska läsa med god förståelse år 2025., bidrar_till: [MO1]}
          - {id: KF2, text: Alla barn ska röra sig varje dag år 2025., bidrar_till: [MO1]}

        """,
        "plans/bun.yaml": """
        typ: verksamhetsplan
        id: bun-vp-2025
        organ: bun
        nivå: nämnd
        status: beslutad
        överordnad: kf-vp-2025
        period: {från: 2025, till: 2025}
        mål:
          - {id: BUN1, text: Minst 85 procent av eleverna ska läsa med god förståelse år 2025., bidrar_till: [KF1]}

        """,
        "plans/rev.yaml": """
        typ: verksamhetsplan
        id: rev-vp-2025
        organ: rev
        nivå: nämnd
        status: beslutad
        överordnad: kf-vp-2025
        period: {från: 2025, till: 2025}
        mål:
          - {id: REV1, text: Minst fyra granskningar ska genomföras år 2025., bidrar_till: [KF1]}

        """,
        "plans/bun-ik.yaml": """
        typ: internkontrollplan
        id: bun-ik-2025
        organ: bun
        år: 2025
        status: beslutad
        riskanalys: {datum: 2024-11-01, skala: 12}
        risker:
          - {id: R1, beskrivning: Fel i betalningar, sannolikhet: 3, konsekvens: 3}
          - {id: R2, beskrivning: Sena beslut, sannolikhet: 2, konsekvens: 2}
          - {id: R3, beskrivning: Dataintrång, sannolikhet: 5, konsekvens: 1}
          - {id: R4, beskrivning: Felaktiga löner, sannolikhet: 4, konsekvens: 4}
        kontrollmoment:
          - {id: K1, risker: [R4], kontroll: Stickprov på löner, frekvens: månad, ansvarig: ekonom}

        """,
    ]

    /// A nämnd whose tolerance is 5 %: a 4 % deviation is within it, 10 % is not.
    static let followUp: [String: String] = [
        "plans/bun.yaml": """
        typ: verksamhetsplan
        id: bun-vp-2025
        organ: bun
        nivå: nämnd
        status: beslutad
        överordnad: kf-vp-2025
        period: {från: 2025, till: 2025}
        mål:
          - id: BUN1
            text: Minst 85 procent av eleverna ska läsa med god förståelse år 2025.
            bidrar_till: [KF1]
            indikatorer:
              - {id: BUN1.1, namn: Andel elever med god läsförståelse, enhet: procent, målvärde: {värde: 85, år: 2025, riktning: minst}}
          - id: BUN2
            text: Minst 90 procent av vårdnadshavarna ska vara nöjda år 2025.
            bidrar_till: [KF1]
            indikatorer:
              - {id: BUN2.1, namn: Andel nöjda vårdnadshavare, enhet: procent, målvärde: {värde: 90, år: 2025, riktning: minst}}

        """,
        "plans/kf.yaml": """
        typ: verksamhetsplan
        id: kf-vp-2025
        organ: kf
        nivå: fullmäktige
        status: beslutad
        period: {från: 2025, till: 2025}
        organisation:
          - {id: kf, namn: Kommunfullmäktige, typ: fullmäktige}
          - {id: bun, namn: Barn- och utbildningsnämnden, typ: nämnd}
        målområden: [{id: MO1, namn: Lärande}]
        mål:
          - {id: KF1, text: Alla barn ska läsa med god förståelse år 2025., bidrar_till: [MO1]}

        """,
        "reports/bun-ab.yaml": """
        typ: rapport
        id: bun-ab-2025
        organ: bun
        rapporttyp: årsbokslut
        plan: bun-vp-2025
        period: 2025
        inlämnad: 2026-01-27
        ekonomi: {budget: 1000, utfall: 1100, prognos: 1100}
        måluppfyllelse:
          - {mål: BUN1, bedömning: uppfylld, utfall: [{indikator: BUN1.1, värde: 86, år: 2025}], analys: Målet är nått.}

        """,
        "reports/bun-db.yaml": """
        typ: rapport
        id: bun-db-2025
        organ: bun
        rapporttyp: delårsbokslut
        plan: bun-vp-2025
        period: 2025-08
        inlämnad: 2025-09-20
        ekonomi: {budget: 1000, utfall: 640, prognos: 1040, kommentar: Fler elever.}
        måluppfyllelse:
          - {mål: BUN1, bedömning: ej_uppfylld, analys: Läsförståelsen har inte förbättrats.}
          - {mål: BUN2, bedömning: delvis, utfall: [{indikator: BUN2.1, värde: 88, år: 2025}], analys: Nära målet.}

        """,
        "styrlint.yml": """
        version: 1
        budgetavvikelse: {procent: 5}

        """,
    ]

    /// The traffic light from the weights in force, the rules' and the configuration's.
    @Test(arguments: [
        ("", "röd"),                                                        // SM006 and others (styrning) are errors
        ("signal: {form: [SM, IK, RP, VP]}\n", "gul"),                      // their families weigh form: yellow
        ("signal: {form: [SM, IK, RP, VP], styrning: [SM006]}\n", "röd"),   // the id outranks the family
        ("signal: {ingen: [SM006, VP009, IK008, RP002, RP006, RP007, RP004, RP005, VP004, VP001, MV003, MV002, VP003]}\n", "grön"),
    ])
    func theSignalWeighsAsConfigured(signal: String, expected: String) throws {
        var files = Self.followUp
        files["styrlint.yml"] = "version: 1\n" + signal
        let root = try TestSupport.repository(files)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let result = try AuditTests.check([root], in: root)
        let model = AuditModel(result: result)
        let bun = try #require(model.organs.first { $0.id == "bun" })
        #expect(bun.light.rawValue == expected, "\(result.active.filter { $0.organ == "bun" }.map(\.rule))")
        if signal.contains("ingen") {
            #expect(HTMLReport(model: model, language: .sv).render().contains("Väger inte in i signalen: IK008, MV002, MV003"))
        }
    }

    @Test func aSignalEntryThatNamesNoRuleIsRefusedWithItsPlace() throws {
        var files = Self.followUp
        files["styrlint.yml"] = "version: 1\nsignal:\n  form: [SM06]\n"
        let root = try TestSupport.repository(files)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let run = try TestSupport.run(["check", "--per", "2026-02-15"], in: root)
        #expect(run.status == 2)
        #expect(run.stderr.contains("styrlint.yml:3:10: signal: 'SM06'") && run.stderr.contains("SM006"), "\(run.stderr)")
        files["styrlint.yml"] = "version: 1\nsignal:\n  form: [SM]\n  ingen: [SM]\n"
        let twice = try TestSupport.repository(files)
        defer { try? FileManager.default.removeItem(atPath: twice) }
        let again = try TestSupport.run(["check", "--per", "2026-02-15", "--lang", "en"], in: twice)
        #expect(again.status == 2 && again.stderr.contains("styrlint.yml:4:11") && again.stderr.contains("already under form"), "\(again.stderr)")
        // An id and the rule's name under two weights; entries read as --select reads them.
        let both = try TestSupport.repository(files)
        defer { try? FileManager.default.removeItem(atPath: both) }
        let name = try #require(try RuleLoader.builtinRules().first { $0.id == "SM006" }?.name)
        try Data("version: 1\nsignal:\n  form: [sm006]\n  styrning: [\(name)]\n".utf8).write(to: URL(fileURLWithPath: both + "/styrlint.yml"))
        let conflicting = try TestSupport.run(["check", "--per", "2026-02-15", "--lang", "en"], in: both)
        #expect(conflicting.status == 2 && conflicting.stderr.contains("styrlint.yml:4:14") && conflicting.stderr.contains("both name SM006"), "\(conflicting.stderr)")
        // An entry in an inherited file is placed in that file.
        try Data("version: 1\nsignal: {form: [NOPE9]}\n".utf8).write(to: URL(fileURLWithPath: both + "/gemensam.yml"))
        try Data("version: 1\närver: gemensam.yml\n".utf8).write(to: URL(fileURLWithPath: both + "/styrlint.yml"))
        let inherited = try TestSupport.run(["check", "--per", "2026-02-15"], in: both)
        #expect(inherited.status == 2 && inherited.stderr.contains("gemensam.yml:2:17: signal: 'NOPE9'"), "\(inherited.stderr)")
    }

    @Test func theFollowUpViewsSayWhatTheReportsAndFindingsSay() throws {
        let root = try TestSupport.repository(Self.followUp)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let result = try AuditTests.check([root], in: root)
        let model = AuditModel(result: result)
        // The economy: the configured tolerance decides, for the view as for RP004.
        #expect(model.economy.map(\.report) == ["bun-db-2025", "bun-ab-2025"], "in the order of the year")
        let interim = try #require(model.economy.first)
        #expect(interim.facts.deviation == 40 && interim.facts.percent == 4 && !interim.facts.beyondTolerance && interim.rules.isEmpty)
        let annual = try #require(model.economy.last)
        #expect(annual.facts.deviation == 100 && annual.facts.percent == 10 && annual.facts.beyondTolerance)
        let rp004 = result.active.filter { $0.rule == "RP004" }
        #expect(rp004.map(\.file) == ["reports/bun-ab.yaml"])
        #expect(annual.rules == ["RP004", "RP005"])
        // Goal fulfilment: the columns in the order of the year, the rows in the plan's order.
        let table = try #require(model.fulfilment.first { $0.organ == "bun" })
        #expect(table.columns.map(\.reportType) == ["delårsbokslut", "årsbokslut"])
        #expect(table.rows.map(\.goal) == ["BUN1", "BUN2"])
        #expect(table.rows[0].cells.map { $0?.verdict } == [.ejUppfylld, .uppfylld])
        #expect(table.rows[0].cells[0]?.rules == ["RP007"], "the finding about the assessment is in its cell")
        #expect(table.rows[1].cells[1] == nil, "BUN2 is not assessed in the årsbokslut")
        #expect(result.active.contains { $0.rule == "RP006" && $0.message.contains("BUN2") })
        let html = HTMLReport(model: model, language: .sv).render()
        #expect(html.contains("+100") && html.contains("+10 %") && html.contains("+4 → +10"))
        #expect(html.contains("<td class=\"tal saknas\">+100</td>"), "beyond tolerance is marked")
        #expect(html.contains("<td class=\"tal\">+40</td>"), "within tolerance is not")
        // A budget of 0 has no percentage; one report assessing a goal twice shows both.
        var zero = Self.followUp
        zero["reports/bun-ab.yaml"] = zero["reports/bun-ab.yaml"]!.replacingOccurrences(of: "budget: 1000, utfall: 1100", with: "budget: 0, utfall: 1100")
            .replacingOccurrences(of: "analys: Målet är nått.}", with: "analys: Målet är nått.}\n  - {mål: BUN1, bedömning: ej_uppfylld, analys: Ändå inte.}")
        let zeroRoot = try TestSupport.repository(zero)
        defer { try? FileManager.default.removeItem(atPath: zeroRoot) }
        let zeroModel = AuditModel(result: try AuditTests.check([zeroRoot], in: zeroRoot))
        #expect(zeroModel.economy.last?.facts.percent == nil && zeroModel.economy.last?.facts.beyondTolerance == true)
        let twice = try #require(zeroModel.fulfilment.first?.rows.first?.cells.last ?? nil)
        #expect(twice.verdict == .uppfylld && twice.others == ["ej_uppfylld"])
        #expect(HTMLReport(model: zeroModel, language: .sv).render().contains("– och även: ej_uppfylld"))
        let english = HTMLReport(model: model, language: .en).render()
        #expect(english.contains("Goal fulfilment per organ") && english.contains("not met") && english.contains("Interim accounts 2025-08"))
    }

    /// Links as people write them: an alias, a repeated id, a goal without an id, a single
    /// value for a list; the tree, RT005 and the graph read each the same way.
    @Test func theRödaTrådenReadsAliasesRepeatsAndGoalsWithoutIds() throws {
        let council = """
        typ: verksamhetsplan
        id: kf-vp-2025
        organ: kf
        nivå: fullmäktige
        status: beslutad
        period: {från: 2025, till: 2025}
        organisation: [{id: kf, namn: Kommunfullmäktige, typ: fullmäktige}, {id: bun, namn: Barn- och utbildningsnämnden, typ: nämnd}]
        målområden: [{id: MO1, namn: Lärande, samordning: [bun]}]
        mål:
          - {id: KF1, text: Alla barn ska läsa år 2025., bidrar_till: &omr [MO1]}
          - {id: KF2, text: Alla barn ska simma år 2025., bidrar_till: *omr}
          - {id: KF3, text: Alla barn ska räkna år 2025., bidrar_till: [MO1]}
          - {id: KF4, text: Alla barn ska skriva år 2025., bidrar_till: [MO1]}

        """
        let board = """
        typ: verksamhetsplan
        id: bun-vp-2025
        organ: bun
        nivå: nämnd
        status: beslutad
        överordnad: kf-vp-2025
        period: {från: 2025, till: 2025}
        mål:
          - {id: B1, text: Minst 85 procent ska läsa 2025., bidrar_till: &kf [KF1]}
          - {id: B2, text: Minst 80 procent ska läsa 2025., bidrar_till: *kf}
          - {text: Minst 70 procent ska simma 2025., bidrar_till: [KF2]}
          - {id: B3, text: Minst 60 procent ska räkna 2025., bidrar_till: [KF3, KF3]}
          - {id: B4, text: Minst 50 procent ska skriva 2025., bidrar_till: KF4}
          - {id: B5, text: Minst 40 procent ska sjunga 2025., bidrar_till: [KF9]}

        """
        let unit = """
        typ: verksamhetsplan
        id: skola-vp-2025
        organ: bun
        nivå: verksamhet
        status: beslutad
        överordnad: bun-vp-2025
        period: {från: 2025, till: 2025}
        mål:
          - {id: U1, text: Minst 40 procent ska sjunga i kör 2025., bidrar_till: [B5]}

        """
        let root = try TestSupport.repository(["plans/kf.yaml": council, "plans/bun.yaml": board, "plans/skola.yaml": unit])
        defer { try? FileManager.default.removeItem(atPath: root) }
        let result = try AuditTests.check([root], in: root)
        let model = AuditModel(result: result)
        let tree = try #require(model.trees.first)
        let goals = Dictionary(uniqueKeysWithValues: tree.areas.flatMap(\.goals).map { ($0.id, $0) })
        #expect(Set(goals.keys) == ["KF1", "KF2", "KF3", "KF4"], "KF2's målområde through an alias")
        #expect(goals["KF1"]?.children.map(\.id) == ["B1", "B2"], "B2's link is an alias of B1's")
        #expect(goals["KF2"]?.children.map(\.id) == ["?"], "a goal without an id still carries")
        #expect(goals["KF3"]?.coverage == 1, "a repeated link is one link")
        #expect(goals["KF4"]?.coverage == 1 && goals["KF4"]?.children.first?.linksNowhere == false, "a single value is read as a list of one")
        // RT005 and RT006 agree with the tree: every fullmäktigemål and the målområde are carried.
        #expect(!result.active.contains { $0.rule == "RT005" || $0.rule == "RT006" }, "\(result.active.filter { $0.rule.hasPrefix("RT") }.map(\.message))")
        // A nämnd goal with a broken link keeps the unit goals under it.
        let b5 = try #require(tree.unattached.first { $0.id == "B5" })
        #expect(b5.children.map(\.id) == ["U1"] && b5.danglingLinks == ["KF9"])
        let graph = RedThreadGraph(repositories: result.loaded)
        #expect(graph.edges.contains { $0.from == "goal:B2" && $0.to == "goal:KF1" } && graph.edges.contains { $0.from == "goal:KF2" && $0.to == "area:MO1" })
    }

    @Test func theScorecardReadsEachRulesCriterionAndTheFindingsElements() throws {
        let result = try AuditTests.exampleResult()
        // The criteria come from the rule files, not from a list in the view.
        let criteria = Dictionary(grouping: result.rules.filter { $0.smart != nil }, by: { $0.smart! }).mapValues { Set($0.map(\.id)) }
        #expect(criteria[.specifikt] == ["SM001", "SM007", "SM008"])
        #expect(criteria[.mätbart]?.contains("SM002") == true)
        // A finding on an indicator judges its goal; one on a goal, the goal itself.
        let onIndicator = try #require(result.active.first { $0.element?.kind == "indikator" })
        #expect(onIndicator.element?.judgedGoal != nil && onIndicator.element?.judgedGoal == onIndicator.element?.goal)
        let onGoal = try #require(result.active.first { $0.element?.kind == "mål" })
        #expect(onGoal.element?.judgedGoal == onGoal.element?.id)
    }

    @Test func theReferenceIndexBreaksTheLinksRT003Reports() throws {
        let result = try AuditTests.exampleResult()
        let repository = try #require(result.loaded.first)
        let broken = repository.references.references.filter { reference in
            guard reference.field == "bidrar_till" else { return false }
            let expected: ReferenceIndex.Kind = reference.document.string("nivå") == "fullmäktige" ? .focusArea : .goal
            return reference.target?.kind != expected
        }.map { "\($0.document.path):\($0.node.start.line):\($0.node.start.column)" }
        let reported = result.active.filter { $0.rule == "RT003" }.map { "\($0.file):\($0.line):\($0.column)" }
        #expect(!reported.isEmpty)
        #expect(Set(broken) == Set(reported))
        // The graph draws exactly those links as broken.
        let graph = RedThreadGraph(repositories: result.loaded)
        #expect(graph.edges.filter(\.broken).count == broken.count)
    }

    @Test func theViewsSayWhatTheFindingsSay() throws {
        let root = try TestSupport.repository(Self.files)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let result = try AuditTests.check([root], in: root)
        let model = AuditModel(result: result)
        // Risks: the plan's skala 12 is invalid, so both use the configured 4.
        let matrix = try #require(model.riskMatrices.first { $0.plan == "bun-ik-2025" })
        #expect(matrix.scale == 4 && matrix.threshold == 6)
        let ik003 = result.active.filter { $0.rule == "IK003" }
        #expect(ik003.count == 1 && ik003[0].message.contains("4"))
        let placed = matrix.cells.joined().reduce(0) { $0 + $1.risks }
        #expect(placed == 3, "R3 (5 on a 4-point scale) is IK003's, not in a cell")
        #expect(matrix.offScale == ["R3 (5 × 1)"], "but it is listed, not lost")
        #expect(matrix.ids[2][2].map(\.id) == ["R1"] && matrix.ids[2][2].first?.handled == false)
        let html = HTMLReport(model: model, language: .sv).render()
        #expect(html.contains("<span class=\"risk obehandlad\">R1 ✗</span>"))
        #expect(html.contains("Utanför skalan (IK003), inte i matrisen: R3 (5 × 1)."))
        var uncovered = 0
        for (l, row) in matrix.cells.enumerated() {
            for (c, cell) in row.enumerated() where (l + 1) * (c + 1) >= matrix.threshold { uncovered += cell.risks - cell.handled }
        }
        #expect(uncovered == result.active.filter { $0.rule == "IK004" }.count)
        #expect(uncovered == 1)
        // The årshjul: bun's missing reports in the table are the ones RP002 lists; the
        // revision (not a nämnd on the årshjul) has no rows and no finding.
        let missingRows = model.calendar.filter { if case .missing = $0.status { return true } else { return false } }
        #expect(Set(missingRows.map(\.organ)) == ["bun"])
        let rp002 = try #require(result.active.first { $0.rule == "RP002" && $0.file.hasSuffix("bun.yaml") })
        for row in missingRows { #expect(rp002.message.contains("\(row.reportType) \(row.period)"), "\(row.reportType) \(row.period)") }
        #expect(rp002.message.contains("\(missingRows.count) rapporter"))
        #expect(!model.calendar.contains { $0.organ == "rev" })
        #expect(!result.active.contains { $0.rule == "RP002" && $0.file.hasSuffix("rev.yaml") })
        // The röda tråden: KF1 is carried by BUN1 and REV1 in the tree, and RT004 has nothing to say.
        let tree = try #require(model.trees.first)
        let kf1 = try #require(tree.areas.flatMap(\.goals).first { $0.id == "KF1" })
        #expect(kf1.coverage == 2)
        #expect(!result.active.contains { $0.rule == "RT004" })
        // KF2 is carried by no nämnd goal: the tree's coverage and RT005 say the same, and
        // the graph draws no edge into it.
        let uncarried = tree.areas.flatMap(\.goals).filter { $0.coverage == 0 }.map(\.id)
        let rt005 = result.active.filter { $0.rule == "RT005" && $0.variant == "goal" }
        #expect(uncarried == ["KF2"] && rt005.count == 1 && rt005[0].message.contains("KF2"), "\(rt005.map(\.message))")
        let graph = RedThreadGraph(repositories: result.loaded)
        #expect(!graph.edges.contains { $0.to == "goal:KF2" } && graph.edges.filter { $0.to == "goal:KF1" }.count == 2)
    }
}
