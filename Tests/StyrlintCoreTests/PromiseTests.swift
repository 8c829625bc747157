import Foundation
import Testing
@testable import StyrlintCore

/// The promises of docs/robustness.md, one class of attack each: no trap, no hang, no
/// device replaced, nothing read outside the repository, no byte that escapes its context.
@Suite struct PromiseTests {
    static let plan = (try? String(contentsOfFile: TestSupport.packageRoot + "/plans/kf-2025.yaml", encoding: .utf8)) ?? ""

    /// A shell line with `$S` as the binary, for pipes and closed descriptors.
    static func shell(_ script: String, in directory: String) throws -> TestSupport.Run {
        try TestSupport.run(["-c", script], in: directory, environment: ["S": TestSupport.binary], executable: "/bin/bash")
    }

    static func exitIsAnAnswer(_ run: TestSupport.Run) -> Bool { [0, 1, 2].contains(run.status) }

    // MARK: Traps

    @Test func unicodeTwinFilesAreAFindingNotATrap() throws {
        let nfc = "plans/\u{E5}.yaml", nfd = "plans/a\u{30A}.yaml"
        let root = try TestSupport.repository(["styrlint.yml": "version: 1\n", "plans/kf.yaml": Self.plan])
        defer { try? FileManager.default.removeItem(atPath: root) }
        // FileManager would compare the names as equal: write through POSIX with the bytes.
        for name in [nfc, nfd] {
            let fd = open(root + "/" + name, O_CREAT | O_WRONLY, 0o644)
            #expect(fd >= 0)
            close(fd)
        }
        for command in [["check", "--per", "2026-02-15"], ["report", "--per", "2026-02-15", "--output", "r.html"],
                        ["graph", "--per", "2026-02-15"], ["stickprov", "--per", "2026-02-15"]] {
            let run = try TestSupport.run(command, in: root)
            #expect(Self.exitIsAnAnswer(run), "\(command[0]) ended with \(run.status): \(run.stderr)")
        }
        let run = try TestSupport.run(["check", "--per", "2026-02-15", "--format", "json"], in: root)
        #expect(run.stdout.contains("Unicode-normalisering"))
    }

    @Test func unicodeTwinRepositoriesAndNestedRepositoriesNamedTwice() throws {
        let root = try TestSupport.repository(["ovan/README": "x"])
        defer { try? FileManager.default.removeItem(atPath: root) }
        for name in ["lill\u{E5}sa", "lilla\u{30A}sa"] {
            let folder = root + "/" + name
            #expect(mkdir(folder, 0o755) == 0)
            try Data("version: 1\n".utf8).write(to: URL(fileURLWithPath: folder + "/styrlint.yml"))
            try Data(Self.plan.utf8).write(to: URL(fileURLWithPath: folder + "/kf.yaml"))
        }
        let run = try TestSupport.run(["check", "--per", "2026-02-15"], in: root)
        #expect(Self.exitIsAnAnswer(run), "\(run.status) \(run.stderr)")
        // Named on the command line, the twin folders are two inputs: the second is a
        // finding, never quietly folded into the first.
        let named = try TestSupport.run(["check", "lill\u{E5}sa", "lilla\u{30A}sa", "--per", "2026-02-15", "--format", "json"], in: root)
        #expect(Self.exitIsAnAnswer(named), "\(named.status) \(named.stderr)")
        #expect(named.stdout.contains("\"rule\" : \"DOK001\"") && named.stdout.contains("Unicode"), "\(named.stdout.prefix(600))")
        let nested = try TestSupport.repository(["styrlint.yml": "version: 1\n", "kf.yaml": Self.plan,
                                                 "sub/styrlint.yml": "version: 1\n", "sub/kf.yaml": Self.plan])
        defer { try? FileManager.default.removeItem(atPath: nested) }
        let twice = try TestSupport.run(["check", ".", "sub", "--per", "2026-02-15"], in: nested)
        #expect(Self.exitIsAnAnswer(twice), "\(twice.status) \(twice.stderr)")
    }

    @Test func closedFullAndBrokenStandardOutput() throws {
        let closed = try Self.shell("\"$S\" rules >&-", in: TestSupport.packageRoot)
        #expect(closed.status == 2)
        #expect(closed.stderr.contains("stängd"))
        let full = try Self.shell("\"$S\" rules > /dev/full", in: TestSupport.packageRoot)
        #expect(full.status == 2)
        #expect(full.stderr.contains("disken är full"))
        // The catalogue is larger than a pipe's buffer, so head closes the pipe mid-write.
        let piped = try Self.shell("\"$S\" rules --format markdown | head -1 > /dev/null; echo \"status=${PIPESTATUS[0]}\"",
                                   in: TestSupport.packageRoot)
        #expect(piped.stdout.contains("status=0"), "\(piped.stdout)")
        let check = try Self.shell("\"$S\" check plans reports --per 2026-02-15 --format json | head -c 10 > /dev/null; echo \"status=${PIPESTATUS[0]}\"",
                                   in: TestSupport.packageRoot)
        #expect(check.stdout.contains("status=1"), "the exit code still reports the findings: \(check.stdout)")
    }

    // MARK: Hangs and super-linear work

    @Test func aFIFONamedLikeAPlanIsAFindingNotAHang() throws {
        let root = try TestSupport.repository(["styrlint.yml": "version: 1\n", "kf.yaml": Self.plan])
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(mkfifo(root + "/fifo.yaml", 0o644) == 0)
        let run = try TestSupport.run(["check", "--per", "2026-02-15"], in: root, timeout: 30)
        #expect(run.status == 1)
        #expect(run.stdout.contains("fifo.yaml:1:1: fel[DOK001] filen är ingen vanlig fil utan en FIFO"))
        let report = try TestSupport.run(["report", "--per", "2026-02-15", "--output", "r.html"], in: root, timeout: 30)
        #expect(report.status == 0 || report.status == 1)
    }

    @Test("överordnad chains are resolved in linear work", arguments: [100, 1_000])
    func chainWorkIsLinear(length: Int) throws {
        var documents: [Document] = []
        for index in 0..<length {
            let parent = index == 0 ? "" : "överordnad: p\(index - 1)\n"
            let text = "typ: verksamhetsplan\nid: p\(index)\norgan: o\nnivå: \(index == 0 ? "fullmäktige" : "nämnd")\n\(parent)period: {från: 2025, till: 2026}\n"
            documents.append(DocumentLoader.load(path: "p\(index).yaml", bytes: Array(text.utf8), limits: ParseLimits()))
        }
        let repository = Repository(root: "/", config: Config(), documents: documents, reportedPaths: nil)
        #expect(repository.planChains.steps <= 2 * length)
        #expect(repository.councilPlan(above: documents[length - 1])?.id == "p0")
    }

    @Test("suppressions are found in logarithmic work", arguments: [1_000, 10_000])
    func suppressionWorkIsLogarithmic(count: Int) {
        let suppressions = (0..<count).map { index in
            Suppression(rules: ["SM001"], reason: "skäl", line: 2 * index + 1, column: 1, coveredLines: (2 * index + 2)...(2 * index + 2))
        }
        let index = SuppressionIndex(suppressions)
        var probes = 0
        for line in stride(from: 2, through: 2 * count, by: 2) {
            #expect(index.covering(rule: "SM001", line: line, probes: &probes)?.line == line - 1)
        }
        // log2(10 000) ≈ 14 binary-search steps and one look per line: far from the n² of a scan.
        #expect(probes <= count * 20)
    }

    @Test func thousandsOfSuppressionCommentsInOneFile() throws {
        var text = Self.plan + "\n"
        for index in 0..<20_000 { text += "# styrlint: ignorera SM00\(index % 9 + 1) -- skäl \(index)\n" }
        let bytes = Array(text.utf8)
        let document = DocumentLoader.load(path: "kf.yaml", bytes: bytes, limits: ParseLimits())
        #expect(document.suppressions.count == 20_000)
    }

    /// The pre-scan looks for the marker only after a `#` on its line: a marker in a value
    /// is no waiver, and one in any letter case after a `#` is found.
    @Test func theSuppressionPreScanReadsOnlyComments() {
        #expect(SuppressionScanner.mentionsMarker(Array("a: 1\nb: 2 # STYRLINT: ignorera SM001 -- x\n".utf8)))
        #expect(SuppressionScanner.mentionsMarker(Array("a: 1\n#styrlint:ignore".utf8)))
        #expect(!SuppressionScanner.mentionsMarker(Array("text: \"styrlint: ignorera SM001\"\n# en kommentar\n".utf8)))
        #expect(!SuppressionScanner.mentionsMarker(Array("styrlint: x # styrlint\n".utf8)))
        #expect(!SuppressionScanner.mentionsMarker([]))
    }

    // MARK: Outputs that destroy

    @Test func specialFilesAreWrittenInPlaceAndInputsNeverOverwritten() throws {
        let root = try TestSupport.repository(["styrlint.yml": "version: 1\n", "kf.yaml": Self.plan])
        defer { try? FileManager.default.removeItem(atPath: root) }
        let devNull = try TestSupport.run(["check", "--per", "2026-02-15", "--output", "/dev/null"], in: root)
        #expect(devNull.status == 0 || devNull.status == 1)
        var status = stat()
        #expect(stat("/dev/null", &status) == 0 && (status.st_mode & S_IFMT) == S_IFCHR, "/dev/null must stay a device")
        let full = try TestSupport.run(["check", "--per", "2026-02-15", "--output", "/dev/full"], in: root)
        #expect(full.status == 2)
        #expect(full.stderr.contains("disken är full"))
        #expect(mkfifo(root + "/ut.fifo", 0o644) == 0)
        let fifo = try TestSupport.run(["check", "--per", "2026-02-15", "--output", "ut.fifo"], in: root, timeout: 30)
        #expect(fifo.status == 2, "a FIFO nobody reads is an error, not a hang")
        #expect(stat(root + "/ut.fifo", &status) == 0 && (status.st_mode & S_IFMT) == S_IFIFO)

        _ = try TestSupport.run(["baseline", "write", "b.json", "--per", "2026-02-15"], in: root)
        let before = try Data(contentsOf: URL(fileURLWithPath: root + "/b.json"))
        let overBaseline = try TestSupport.run(["check", "--per", "2026-02-15", "--baseline", "b.json", "--output", "b.json"], in: root)
        #expect(overBaseline.status == 2)
        #expect(try Data(contentsOf: URL(fileURLWithPath: root + "/b.json")) == before)
        let overConfig = try TestSupport.run(["check", "--per", "2026-02-15", "--output", "./styrlint.yml"], in: root)
        #expect(overConfig.status == 2)
        let twice = try TestSupport.run(["check", "--per", "2026-02-15", "--format", "json", "--output", "a.out",
                                         "--format", "text", "--output", "./a.out"], in: root)
        #expect(twice.status == 2)
        #expect(twice.stderr.contains("samma fil"))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: root).filter { $0.hasPrefix(".styrlint-") || $0.contains("nosync") }
        #expect(leftovers.isEmpty)
    }

    @Test func aKilledReportLeavesNoTemporaryFile() throws {
        let root = try TestSupport.repository(["styrlint.yml": "version: 1\n"])
        defer { try? FileManager.default.removeItem(atPath: root) }
        for index in 0..<300 { try Data(Self.plan.replacingOccurrences(of: "id: kf-vp-2025", with: "id: kf-\(index)").utf8)
            .write(to: URL(fileURLWithPath: root + "/kf\(index).yaml")) }
        // Killed at some point of the run, or after it: either way nothing is left beside the target.
        _ = try Self.shell("\"$S\" report --per 2026-02-15 --output r.html & pid=$!; sleep 0.3; kill -TERM $pid; wait $pid", in: root)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: root).filter { $0.hasPrefix(".styrlint-") || $0.contains("nosync") }
        #expect(leftovers.isEmpty)
    }

    // MARK: Memory

    @Test func inputsAreCappedBeforeTheyAreRead() throws {
        let root = try TestSupport.repository(["styrlint.yml": "version: 1\n", "kf.yaml": Self.plan])
        defer { try? FileManager.default.removeItem(atPath: root) }
        // A sparse 2 GB plan: refused by its size, never read whole, by check and report alike.
        #expect(truncate(root + "/stor.yaml", 0) != 0)  // does not exist yet
        FileManager.default.createFile(atPath: root + "/stor.yaml", contents: nil)
        #expect(truncate(root + "/stor.yaml", 2 << 30) == 0)
        let report = try TestSupport.run(["report", "--per", "2026-02-15", "--output", "r.html"], in: root, timeout: 60)
        #expect(report.status == 0 || report.status == 1)
        let check = try TestSupport.run(["check", "--per", "2026-02-15"], in: root, timeout: 60)
        #expect(check.stdout.contains("stor.yaml:1:1: fel[DOK001] filen är för stor"))
        try FileManager.default.removeItem(atPath: root + "/stor.yaml")
        FileManager.default.createFile(atPath: root + "/styrlint.yml", contents: nil)
        #expect(truncate(root + "/styrlint.yml", 1 << 30) == 0)
        let config = try TestSupport.run(["check", "--per", "2026-02-15"], in: root, timeout: 60)
        #expect(config.status == 2)
        #expect(config.stderr.contains("för stor"))
    }

    // MARK: Silent skips

    @Test func namesThatCannotBeReadAreFindings() throws {
        let root = try TestSupport.repository(["styrlint.yml": "version: 1\n", "kf.yaml": Self.plan])
        defer { try? FileManager.default.removeItem(atPath: root) }
        let made = try Self.shell("touch \"$(printf 'tr\\377sig.yaml')\"", in: root)
        #expect(made.status == 0)
        // A path longer than PATH_MAX, made one relative step at a time.
        let deep = try Self.shell("d=$(printf 'm%.0s' $(seq 200)); for i in $(seq 25); do mkdir $d && cd $d || exit 1; done; printf 'typ: rapport\\n' > djup.yaml", in: root)
        #expect(deep.status == 0)
        let run = try TestSupport.run(["check", "--per", "2026-02-15"], in: root, timeout: 60)
        #expect(Self.exitIsAnAnswer(run))
        #expect(run.stdout.contains("tr\\xFFsig.yaml:1:1: fel[DOK001] filnamnet är inte giltig UTF-8"))
        #expect(run.stdout.contains(":1:1: fel[DOK001] sökvägen är längre än systemet tillåter"))
    }

    // MARK: Bytes that escape their context

    static let hostileText = "Mål \u{1B}]0;pwned\u{07}\u{1B}[2J\u{9B}31m =HYPERLINK(\"http://e.invalid\") ![x](http://e.invalid/p.png) <b>fet</b>"

    @Test func controlCharactersAndInjectionsStayInert() throws {
        let goal = Self.plan.replacingOccurrences(of: "vision: ", with: "vision: \"\(Self.hostileText.unicodeScalars.map { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) ? String(format: "\\u%04X", $0.value) : String($0) }.joined().replacingOccurrences(of: "\"", with: "\\\""))\" #")
        let root = try TestSupport.repository(["styrlint.yml": "version: 1\n", "kf.yaml": goal,
                                               "bun.yaml": TestSupport.boardPlanHeader + "  - id: B1\n    text: \"=1+2 \\e]0;x\\a\"\n    ansvarig: x\n    klart: 2026\n"])
        defer { try? FileManager.default.removeItem(atPath: root) }
        func noRawControls(_ text: String) -> Bool {
            !text.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\n" && $0 != "\t") || (0x7F...0x9F).contains($0.value) }
        }
        for format in ["text", "markdown", "junit", "github", "gitlab", "json", "sarif"] {
            let run = try TestSupport.run(["check", "--per", "2026-02-15", "--format", format], in: root)
            #expect(noRawControls(run.stdout), "\(format) lets a control character through")
            if format == "markdown" { #expect(!run.stdout.contains("![")) }
            if format == "junit" {
                let wellFormed = TestSupport.isWellFormedXML(run.stdout)
                #expect(wellFormed, "JUnit must be well-formed XML")
            }
        }
        for command in [["graph", "--format", "dot"], ["graph", "--format", "mermaid"], ["stickprov", "--antal", "50"],
                        ["stickprov", "--antal", "50", "--format", "csv"]] {
            let run = try TestSupport.run(command + ["--per", "2026-02-15"], in: root)
            #expect(noRawControls(run.stdout), "\(command.joined(separator: " ")) lets a control character through")
            if command.contains("csv") {
                #expect(!run.stdout.split(separator: "\n").contains { $0.contains(",=") || $0.contains(",\"=") })
            }
        }
        let argument = try TestSupport.run(["check", "finns-inte-\u{1B}]0;x\u{07}.yaml"], in: root)
        #expect(argument.status == 2)
        #expect(noRawControls(argument.stderr))
    }

    @Test func escapingPolicies() {
        #expect(Escape.terminal("a\u{1B}[2Jb") == "a␛[2Jb")
        #expect(Escape.terminal("a\u{9B}b") == "a\\u{009B}b")
        #expect(Escape.terminal("rad\nrad") == "rad\nrad")
        #expect(Escape.terminal("rad\nrad", singleLine: true) == "rad␊rad")
        #expect(Escape.terminal("\u{202E}gpj.exe") == "\\u{202E}gpj.exe")
        #expect(Escape.xmlCharacters("a\u{0}b\u{1F}c\td") == "a␀b␟c\td")
        for payload in ["=HYPERLINK(\"x\")", "-2+3", "+1", "@SUM(A1)", "\tx", "\u{FF1D}1"] {
            #expect(Escape.spreadsheetCell(payload).hasPrefix("'"))
        }
        #expect(Escape.spreadsheetCell("Minst 85 %") == "Minst 85 %")
        #expect(Escape.markdownInline("![x](http://e.invalid)") == "\\!\\[x\\]\\(http\\://e.invalid\\)")
        #expect(Escape.xmlCharacters("a\u{202E}b") == "a\\u{202E}b")
        // Markup, an entity-looking text, quotes and the whitespace attribute normalisation
        // would fold: each written so a parser reads back the same characters.
        #expect(Escape.xmlText("a<b>&amp;\r") == "a&lt;b&gt;&amp;amp;&#13;")
        #expect(Escape.xmlAttribute("\"x\"\n\ty") == "&quot;x&quot;&#10;&#9;y")
        var writer = XMLWriter()
        writer.open("a", [("v", "\"'<&\n")])
        writer.element("b", text: "]]></a><c>")
        writer.close()
        #expect(TestSupport.isWellFormedXML(writer.document))
        #expect(writer.document.hasSuffix("<a v=\"&quot;'&lt;&amp;&#10;\">\n  <b>]]&gt;&lt;/a&gt;&lt;c&gt;</b>\n</a>\n"))
        #expect(Escape.bytes([0x61, 0xFF, 0xC3, 0xA5]) == "a\\xFFå")
        for value in (0...0x9F) where value < 0x20 && value != 0x0A && value != 0x09 || (0x7F...0x9F).contains(value) {
            let scalar = Unicode.Scalar(UInt32(value))!
            #expect(!Escape.terminal("x\(scalar)y").unicodeScalars.contains(scalar))
            if value != 0x0D { #expect(!Escape.xmlCharacters("x\(scalar)y").unicodeScalars.contains(scalar)) }
        }
    }

    // MARK: Reading outside the repository

    @Test func nothingIsReadOutsideTheRepository() throws {
        let root = try TestSupport.repository(["styrlint.yml": "version: 1\n", "kf.yaml": Self.plan])
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createSymbolicLink(atPath: root + "/hemlig.yaml", withDestinationPath: "/etc/passwd")
        let run = try TestSupport.run(["check", "--per", "2026-02-15", "--format", "json"], in: root)
        #expect(run.stdout.contains("utanför arkivet"))
        #expect(!run.stdout.contains("root:"))
        // Named on the command line, as pre-commit names files, and shown with --show-source.
        let named = try TestSupport.run(["check", "hemlig.yaml", "--per", "2026-02-15", "--show-source"], in: root)
        #expect(named.stdout.contains("hemlig.yaml:1:1: fel[DOK001]") && named.stdout.contains("utanför arkivet"))
        #expect(!named.stdout.contains("root:"))
        for paths in ["[/]", "[/etc/passwd]", "[../..]"] {
            try Data("sökvägar: \(paths)\n".utf8).write(to: URL(fileURLWithPath: root + "/styrlint.yml"))
            let outside = try TestSupport.run(["check", "--per", "2026-02-15"], in: root)
            #expect(outside.status == 2, "sökvägar: \(paths)")
            #expect(outside.stderr.contains("utanför arkivet"))
        }
    }
}
