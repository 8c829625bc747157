import Testing
@testable import StyrlintCore

@Suite struct LoaderTests {
    static let plan = TestSupport.boardPlanHeader + """
      - id: BUN1
        text: Minst 90 % av eleverna ska nå målen i alla ämnen.
        indikatorer:
          - namn: Andel elever med godkända betyg
            enhet: procent
            utgångsvärde: {värde: 84.2, år: 2023}
            målvärde: {värde: 90, år: 2027, riktning: minst}

    """

    func problems(_ text: String) -> [LoadProblem] {
        DocumentLoader.load(path: "p.yaml", bytes: Array(text.utf8), limits: ParseLimits()).loadProblems
    }

    /// A value read as its intended letter case is that value everywhere, also where an
    /// alias makes it a key: the key's number follows the intended text.
    @Test func anIntendedValueIsAlsoTheIntendedKeyThroughAnAlias() throws {
        let text = """
        typ: verksamhetsplan
        id: bun-vp-2025
        organ: bun
        nivå: &u Enhet
        period: {från: 2025, till: 2027}
        mål:
          - id: BUN1
            text: Minst 88 procent av eleverna ska vara behöriga.
            indikatorer:
              - id: BUN1.1
                *u : procent

        """
        let document = DocumentLoader.load(path: "p.yaml", bytes: Array(text.utf8), limits: ParseLimits())
        let indicator = try #require(document.root?["mål"]?.items.first?["indikatorer"]?.items.first)
        #expect(document.string("nivå") == "enhet")
        #expect(indicator["enhet"]?.scalar == "procent")
        #expect(indicator[YAMLKey("enhet")]?.scalar == "procent")
    }

    @Test func monthsAreSevenASCIIBytes() {
        #expect(Month(iso: "2026-03") == Month(year: 2026, month: 3))
        #expect(Month(iso: "0999-12") == Month(year: 999, month: 12))
        for bad in ["2026-13", "2026-00", "0000-01", "2026-3", "26-03", "2026/03", "2026-03-01", "２０２６-03", "2026-0٣", "", "-2026-03"] {
            #expect(Month(iso: bad) == nil, "\(bad)")
        }
    }

    @Test func blankIsWhitespaceOnlyInAnyScript() {
        for blank in ["", " ", "\t\n\r", "\u{0B}\u{0C}", "\u{00A0}", "\u{2003}\u{3000}", "\u{0085}"] { #expect(blank.isBlank, "\(Array(blank.unicodeScalars))") }
        for text in ["a", " a", "\u{00A0}x", "0", "-", "\u{0}", "\u{1F}", "å"] { #expect(!text.isBlank, "\(Array(text.unicodeScalars))") }
    }

    /// Numbers are read byte by byte: what is a number, and what has a leading zero YAML 1.1
    /// would read as octal.
    @Test func numbersAndLeadingZeros() {
        let numbers: [(String, Double?)] = [("82.4", 82.4), ("-3", -3), ("+3", 3), ("1e3", 1000), ("1E-2", 0.01), ("5.", 5), (".5", 0.5),
                                            ("1e", nil), ("e3", nil), ("1.2.3", nil), ("1-2", nil), ("0x10", nil), ("1_000", nil),
                                            ("82,4", nil), ("٣", nil), ("1\u{0301}", nil), ("", nil), ("-", nil)]
        for (text, value) in numbers { #expect(ScalarValue.parseNumber(text) == value, "\(text)") }
        let zeros: [(String, Bool)] = [("0180", true), ("-08", true), ("+01", true), ("0", false), ("0.5", false), ("10", false),
                                       ("0٣", true), ("0\u{0301}1", false), ("--01", false), ("", false)]
        for (text, leading) in zeros { #expect(ScalarValue.hasLeadingZero(text) == leading, "\(text)") }
    }

    @Test func aCleanPlanHasNoLoadProblems() {
        #expect(problems(Self.plan).isEmpty)
    }

    @Test func decimalCommaIsATypeErrorAtTheValue() throws {
        let text = Self.plan.replacingOccurrences(of: "värde: 84.2", with: "värde: \"84,2\"")
        let problem = try #require(problems(text).first)
        #expect(problem.check == .type)
        #expect(problem.variant == "decimalComma")
        #expect(problem.arguments["fixed"] == "84.2")
        #expect(problem.range.start == SourcePosition(line: 13, column: 31))
    }

    @Test func misspeltKeyIsUnknownWithSuggestion() throws {
        let text = Self.plan.replacingOccurrences(of: "målvärde: {", with: "målvärd: {")
        let problem = try #require(problems(text).first { $0.check == .unknownKey })
        #expect(problem.arguments["suggestion"] == "målvärde")
        #expect(problem.range.start == SourcePosition(line: 14, column: 9))
    }

    @Test func missingRequiredKeyPointsAtTheMapping() throws {
        let text = Self.plan.replacingOccurrences(of: "nivå: nämnd\n", with: "")
        let problem = try #require(problems(text).first)
        #expect(problem.check == .required)
        #expect(problem.arguments["key"] == "nivå")
        #expect(problem.range.start == SourcePosition(line: 1, column: 1))
    }

    @Test func impossibleDatesAndYAML11BooleansAreRefused() {
        let text = Self.plan + "status: beslutad\nbeslut: {datum: 2019-02-30, organ: bun}\n"
        #expect(problems(text).contains { $0.variant == "impossibleDate" })
        let boolean = Self.plan.replacingOccurrences(of: "enhet: procent", with: "enhet: procent\n        könsuppdelad: yes")
        #expect(problems(boolean).contains { $0.variant == "yaml11Boolean" })
        let swedish = Self.plan.replacingOccurrences(of: "enhet: procent", with: "enhet: procent\n        könsuppdelad: ja")
        #expect(problems(swedish).isEmpty)
    }

    @Test func organIdsStayStrings() {
        let text = Self.plan.replacingOccurrences(of: "organ: bun", with: "organ: no")
        #expect(problems(text).isEmpty)
        #expect(DocumentLoader.load(path: "p.yaml", bytes: Array(text.utf8), limits: ParseLimits()).organ == "no")
    }

    @Test func documentTypeProblems() {
        #expect(problems("").first?.variant == "empty")
        #expect(problems("- a\n- b\n").first?.variant == "notMapping")
        #expect(problems("id: a\n").first?.variant == "missing")
        #expect(problems("typ: verksamhetsplanen\nid: a\n").first?.variant == "unknownSuggestion")
    }

    @Test func valuesAreTypedByTheSchema() {
        #expect(ScalarValue.number(YAMLParser.parse(Array("a: 0180".utf8)).tree!.root!["a"]!) == .failure(.leadingZero))
        #expect(ScalarValue.number(YAMLParser.parse(Array("a: .nan".utf8)).tree!.root!["a"]!) == .failure(.notFinite))
        #expect(ScalarValue.number(YAMLParser.parse(Array("a: \"90 %\"".utf8)).tree!.root!["a"]!) == .failure(.unit))
        #expect(ScalarValue.number(YAMLParser.parse(Array("a: -3.5e2".utf8)).tree!.root!["a"]!) == .success(-350))
        #expect(ScalarValue.integer(YAMLParser.parse(Array("a: 99999999999999999999999".utf8)).tree!.root!["a"]!) == nil)
    }

    @Test func daysAreCalendarDays() {
        #expect(Day(iso: "2024-02-29") != nil)
        #expect(Day(iso: "2025-02-29") == nil)
        #expect(Day(iso: "2019-13-01") == nil)
        let day = Day(iso: "2025-12-31")!
        #expect(day.adding(days: 31).description == "2026-01-31")
        #expect(Day(ordinal: day.ordinal) == day)
    }

    @Test func globsMatchPathSegments() {
        #expect(Glob.matches("plans/**", "plans/a/b.yaml"))
        #expect(Glob.matches("**/*.yaml", "a.yaml"))
        #expect(Glob.matches("plans/*.yaml", "plans/x.yaml"))
        #expect(!Glob.matches("plans/*.yaml", "plans/sub/x.yaml"))
        #expect(Glob.matches("reports/20??/**", "reports/2025/bun/x.yaml"))
    }
}
