import Testing
@testable import StyrlintCore

@Suite struct YAMLParserTests {
    func parse(_ text: String, limits: ParseLimits = ParseLimits()) -> ParseResult {
        YAMLParser.parse(Array(text.utf8), limits: limits)
    }

    @Test func keepsStartAndEndPositions() throws {
        let result = parse("typ: verksamhetsplan\nmål:\n  - id: BUN1\n    text: \"Minst 90 %\"\n")
        let root = try #require(result.tree?.root)
        let goal = try #require(root["mål"]?.items.first)
        #expect(goal["id"]?.start == SourcePosition(line: 3, column: 9))
        let text = try #require(goal["text"])
        #expect(text.start == SourcePosition(line: 4, column: 11))
        #expect(text.range.end == SourcePosition(line: 4, column: 23))
        #expect(text.scalar == "Minst 90 %")
        #expect(text.style == .doubleQuoted)
    }

    @Test func scalarsAreReadAsWritten() throws {
        let root = try #require(parse("organ: no\nkod: 0180\nflagga: yes\n").tree?.root)
        #expect(root["organ"]?.scalar == "no")
        #expect(root["kod"]?.scalar == "0180")
        #expect(root["flagga"]?.scalar == "yes")
    }

    @Test func findsDuplicateKeys() {
        let result = parse("id: a\norgan: bun\nid: b\n")
        #expect(result.problems == [ParseProblem(kind: .duplicateKey(key: "id", firstLine: 1), position: SourcePosition(line: 3, column: 1))])
        #expect(result.tree != nil)
    }

    /// Keys are found by their number in the key table, and keys outside it by their
    /// bytes: both kinds must find their value and their duplicates.
    @Test func findsKnownAndUnknownKeysAndTheirDuplicates() throws {
        let text = "nivå: nämnd\negen_nyckel: 1\n\"mål\": []\nnive\u{0301}: x\negen_nyckel: 2\n"
        let result = parse(text)
        #expect(result.problems == [ParseProblem(kind: .duplicateKey(key: "egen_nyckel", firstLine: 2), position: SourcePosition(line: 5, column: 1))])
        let root = try #require(result.tree?.root)
        #expect(root["nivå"]?.scalar == "nämnd")
        #expect(root[YAMLKey("nivå")]?.start == SourcePosition(line: 1, column: 7))
        // A quoted key is the same key.
        #expect(root["mål"]?.isSequence == true)
        // Typed with a combining accent, stored composed, and found by the composed name.
        #expect(root["nivé"]?.scalar == "x")
        #expect(root["egen_nyckel"]?.scalar == "1")
        #expect(root["organ"] == nil)
        #expect(root["egen"] == nil)
        #expect(KeyTable.id(of: "nivå") != YAMLKey.unknown)
        #expect(KeyTable.id(of: "egen_nyckel") == YAMLKey.unknown)
    }

    @Test func findsADuplicateKnownKeyInALargeMapping() {
        let keys = (1...20).map { "k\($0): \($0)" }.joined(separator: "\n")
        let result = parse("id: a\n\(keys)\nid: b\n")
        #expect(result.problems == [ParseProblem(kind: .duplicateKey(key: "id", firstLine: 1), position: SourcePosition(line: 22, column: 1))])
    }

    @Test func reportsSyntaxErrorsWithPosition() throws {
        let result = parse("typ: verksamhetsplan\nid: a\n  organ: bun\n")
        #expect(result.tree == nil)
        let problem = try #require(result.problems.first)
        guard case .syntax = problem.kind else { Issue.record("expected a syntax problem, got \(problem)"); return }
        #expect(problem.position.line == 3)
    }

    @Test func stopsAnAliasBomb() {
        var text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...9 {
            text += "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]\n"
        }
        let result = parse(text)
        #expect(result.tree == nil)
        #expect(result.problems.contains { if case .aliasExpansion = $0.kind { return true } else { return false } })
    }

    @Test func sharesAliasesWithoutCopying() throws {
        let root = try #require(parse("bas: &b {värde: 1}\nkopia: *b\n").tree?.root)
        #expect(root["kopia"]?["värde"]?.scalar == "1")
    }

    @Test func stopsDeepNesting() {
        let text = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let result = parse(text)
        #expect(result.tree == nil)
        #expect(result.problems.contains { $0.kind == .tooDeep(limit: 64) })
    }

    @Test func stopsAtTheTimeLimit() {
        let text = (0..<5000).map { "k\($0): v" }.joined(separator: "\n")
        let result = parse(text, limits: ParseLimits(maxSeconds: 0))
        #expect(result.tree == nil)
        #expect(result.problems.contains { $0.kind == .timeLimit(seconds: 0) })
        #expect(parse(text).tree != nil)
    }

    @Test func refusesSeveralDocuments() {
        let result = parse("a: 1\n---\nb: 2\n")
        #expect(result.problems.contains { $0.kind == .severalDocuments && $0.position.line == 2 })
    }

    @Test func refusesUndefinedAndSelfReferentialAliases() {
        #expect(parse("a: *nope\n").problems.contains { $0.kind == .undefinedAlias(name: "nope") })
        #expect(parse("a: &x [*x]\n").problems.contains { $0.kind == .undefinedAlias(name: "x") })
    }

    @Test func flagsForeignTagsAndMergeKeys() {
        let result = parse("a: !!python/object:os.system x\nb:\n  <<: {c: 1}\n")
        #expect(result.problems.contains { $0.kind == .unsupportedTag(tag: "tag:yaml.org,2002:python/object:os.system") })
        #expect(result.problems.contains { $0.kind == .mergeKey })
    }

    @Test func acceptsByteOrderMarksAndCRLF() throws {
        let utf8 = [0xEF, 0xBB, 0xBF] + Array("id: a\r\norgan: bun\r\n".utf8)
        #expect(YAMLParser.parse(utf8).tree?.root?["organ"]?.scalar == "bun")
        var utf16: [UInt8] = [0xFF, 0xFE]
        for unit in "id: å\n".utf16 { utf16 += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        #expect(YAMLParser.parse(utf16).tree?.root?["id"]?.scalar == "å")
    }

    @Test func reportsInvalidUTF8AtItsPosition() throws {
        let bytes = Array("id: a\norgan: b".utf8) + [0xFF, 0xFE, 0x41] + Array("\n".utf8)
        let result = YAMLParser.parse(bytes)
        let problem = try #require(result.problems.first)
        #expect(problem.position.line == 2)
        #expect(result.tree == nil)
    }

    @Test func emptyInputHasNoTree() {
        #expect(parse("").tree == nil)
        #expect(parse("# bara en kommentar\n").tree == nil)
        #expect(parse("").problems.isEmpty)
    }
}
