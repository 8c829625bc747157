/// Bytes of one file → a typed `Document` with every load problem recorded.
public enum DocumentLoader {
    /// `digest`: hash the bytes for provenance and for `--fix`'s check that a file is
    /// unchanged; a plain check needs neither.
    public static func load(path: String, bytes: [UInt8], limits: ParseLimits, digest wanted: Bool = true) -> Document {
        let digest = wanted ? InputDigest(of: bytes) : nil
        let parsed = YAMLParser.parse(bytes, limits: limits)
        var problems = parsed.problems.map { problem(from: $0, path: path) }
        guard let tree = parsed.tree else {
            if !parsed.problems.contains(where: \.isFatal) {
                problems.append(LoadProblem(check: .documentType, variant: "empty", arguments: [:], range: .fileStart, subject: path))
            }
            return Document(path: path, digest: digest, tree: nil, kind: nil, loadProblems: problems)
        }
        let suppressions = SuppressionScanner.scan(bytes, tree: tree)
        if let root = tree.root, root.isNull {
            // `---` alone, or only a document marker and comments: an empty document.
            problems.append(LoadProblem(check: .documentType, variant: "empty", arguments: [:], range: .fileStart, subject: path))
            return Document(path: path, digest: digest, tree: tree, kind: nil, loadProblems: problems, suppressions: suppressions)
        }
        guard let root = tree.root, root.isMapping else {
            let found = tree.root.map(SchemaValidator.describe) ?? ""
            problems.append(LoadProblem(check: .documentType, variant: "notMapping", arguments: ["found": found],
                                        range: tree.root?.range ?? .fileStart, subject: path))
            return Document(path: path, digest: digest, tree: tree, kind: nil, loadProblems: problems)
        }
        let subject = root["id"]?.scalar ?? path
        guard let typeNode = root["typ"], !typeNode.isNull else {
            problems.append(LoadProblem(check: .documentType, variant: "missing",
                                        arguments: ["accepted": DocumentKind.allCases.map(\.rawValue).joined(separator: ", ")],
                                        range: SourceRange(start: root.start, end: root.start), subject: "\(subject)/typ"))
            return Document(path: path, digest: digest, tree: tree, kind: nil, loadProblems: problems, suppressions: suppressions)
        }
        guard let typeName = typeNode.scalar, let kind = DocumentKind(rawValue: typeName) else {
            let written = typeNode.scalar ?? SchemaValidator.describe(typeNode)
            var arguments = ["value": written, "accepted": DocumentKind.allCases.map(\.rawValue).joined(separator: ", ")]
            arguments["suggestion"] = Suggestion.closest(to: written, among: DocumentKind.allCases.map(\.rawValue))
            problems.append(LoadProblem(check: .documentType, variant: arguments["suggestion"] == nil ? "unknown" : "unknownSuggestion",
                                        arguments: arguments, range: typeNode.range, subject: "\(subject)/typ"))
            return Document(path: path, digest: digest, tree: tree, kind: nil, loadProblems: problems)
        }
        var validator = SchemaValidator(subjectPrefix: subject)
        validator.validate(root, as: Schema.schema(for: kind))
        // Fixes are byte edits of UTF-8 text: a file in another encoding gets none, so the
        // count of fixable findings is what --fix can do.
        // (Decoded only when a fix is on offer: most documents have none.)
        problems += validator.problems.contains(where: { $0.fix != nil }) && String(validating: bytes, as: UTF8.self) == nil
            ? validator.problems.map { problem in var problem = problem; problem.fix = nil; return problem }
            : validator.problems
        return Document(path: path, digest: digest, tree: tree.replacingScalars(validator.intended), kind: kind, loadProblems: problems,
                        suppressions: suppressions)
    }

    /// A plan kept as a workbook, Word document or CSV file: read into YAML by the
    /// importer, then loaded like any document. Its digest is that of the file itself, and
    /// every import note becomes a DOK011 finding at its cell.
    public static func loadImported(path: String, bytes: [UInt8], request: ImportRequest, limits: ParseLimits,
                                    digest wanted: Bool = true) -> Document {
        let plan: ImportedPlan
        do {
            plan = try PlanImporter.run(bytes, request: request)
        } catch let error as StyrlintError {
            return unreadable(path: path, reason: error.english, swedishReason: error.swedish, variant: "importFailed")
        } catch {
            return unreadable(path: path, reason: "\(error)", variant: "importFailed")
        }
        let loaded = load(path: path, bytes: Array(plan.yaml.utf8), limits: limits, digest: false)
        var problems = loaded.loadProblems.map { problem in var problem = problem; problem.fix = nil; return problem }
        for note in plan.notes {
            let position = SourcePosition(line: note.line, column: 1)
            var arguments = note.arguments
            arguments["cell"] = note.cell.text(.en)
            arguments["cell@sv"] = note.cell.text(.sv)
            problems.append(LoadProblem(check: .importing, variant: note.variant, arguments: arguments,
                                        range: SourceRange(start: position, end: position), subject: "\(path)/\(note.variant)/\(note.cell.text(.sv))"))
        }
        return Document(path: path, digest: wanted ? InputDigest(of: bytes) : nil, tree: loaded.tree, kind: loaded.kind, loadProblems: problems,
                        suppressions: [], cells: plan.cells)
    }

    /// A document that could not be read at all.
    public static func unreadable(path: String, reason: String, swedishReason: String? = nil, variant: String = "unreadable",
                                  arguments extra: [String: String] = [:]) -> Document {
        var arguments = ["reason": reason].merging(extra) { _, new in new }
        if let swedishReason { arguments["reason@sv"] = swedishReason }
        return Document(path: path, tree: nil, kind: nil, loadProblems: [
            LoadProblem(check: .syntax, variant: variant, arguments: arguments, range: .fileStart, subject: path),
        ])
    }

    static func problem(from parseProblem: ParseProblem, path: String) -> LoadProblem {
        let range = SourceRange(start: parseProblem.position, end: parseProblem.position)
        func make(_ check: LoadProblem.Check, _ variant: String?, _ arguments: [String: String]) -> LoadProblem {
            LoadProblem(check: check, variant: variant, arguments: arguments, range: range,
                        subject: "\(path)/\(variant ?? check.rawValue)\(parseProblem.detail)")
        }
        switch parseProblem.kind {
        case .syntax(let problem, let context):
            if YAMLMessages.isEncoding(problem) {
                return make(.syntax, "encoding", ["problem": problem, "problem@sv": YAMLMessages.swedish(problem)])
            }
            return make(.syntax, context == nil ? nil : "withContext",
                        ["problem": problem, "problem@sv": YAMLMessages.swedish(problem),
                         "context": context ?? "", "context@sv": context.map(YAMLMessages.swedish) ?? ""])
        case .tooDeep(let limit):
            return make(.syntax, "tooDeep", ["limit": "\(limit)"])
        case .aliasExpansion(let limit):
            return make(.syntax, "aliasExpansion", ["limit": "\(limit)"])
        case .tooManyNodes(let limit):
            return make(.syntax, "tooManyNodes", ["limit": "\(limit)"])
        case .undefinedAlias(let name):
            return make(.syntax, "undefinedAlias", ["name": name])
        case .severalDocuments:
            return make(.syntax, "severalDocuments", [:])
        case .duplicateKey(let key, let firstLine):
            return make(.duplicateKey, nil, ["key": key, "firstLine": "\(firstLine)"])
        case .unsupportedTag(let tag):
            let written = tag.hasPrefix("tag:yaml.org,2002:") ? "!!" + tag.dropFirst("tag:yaml.org,2002:".count) : tag
            return make(.type, "tag", ["tag": written])
        case .mergeKey:
            return make(.type, "mergeKey", [:])
        case .nonScalarKey:
            return make(.type, "nonScalarKey", [:])
        case .timeLimit(let seconds):
            return make(.syntax, "timeLimit", ["limit": seconds.formattedPlain])
        }
    }
}

/// libyaml speaks English; every problem and context libyaml 0.2.5 can report (scanner.c,
/// parser.c, reader.c, loader.c), in Swedish for the default language. The keys are
/// libyaml's words byte for byte; a string missing here reaches the user in English.
enum YAMLMessages {
    /// The reader's problems: bytes that are no text in the file's encoding. Matched whole,
    /// not by a word in them: a tag's `%`-escapes speak of UTF-8 octets too, and they are
    /// a syntax error, not a file saved in the wrong encoding.
    static let encodingProblems: Set<String> = [
        "invalid leading UTF-8 octet", "invalid trailing UTF-8 octet", "incomplete UTF-8 octet sequence",
        "invalid length of a UTF-8 sequence", "invalid Unicode character", "incomplete UTF-16 character",
        "unexpected low surrogate area", "incomplete UTF-16 surrogate pair", "expected low surrogate area",
        "control characters are not allowed",
    ]

    static func isEncoding(_ problem: String) -> Bool { encodingProblems.contains(problem) }

    static let swedish: [String: String] = [
        // Scanner problems (scanner.c).
        "found character that cannot start any token":
            "ett tecken som inte får stå här: en tabb i indraget, som ska bytas mot mellanslag, eller ett @ eller ` först i ett värde, som då ska stå inom citattecken",
        "could not find expected ':'":
            "hittade inget kolon efter nyckeln; varje rad ska vara 'nyckel: värde', eller dras in mer som fortsättning på raden ovanför",
        "block sequence entries are not allowed in this context":
            "ett '-' för en listpost får inte stå här; börja listan på en egen rad under nyckeln och kontrollera indraget",
        "mapping keys are not allowed in this context":
            "ett '?' får inte stå här; kontrollera indraget, och sätt texten inom citattecken om den ska börja med ?",
        "mapping values are not allowed in this context":
            "ett kolon som inte får stå här; oftast fel indrag, eller en text med kolon som behöver citattecken",
        "found unknown directive name":
            "okänt direktiv; en rad som börjar med % läses som ett direktiv, så sätt texten inom citattecken om den ska börja med %",
        "did not find expected comment or line break":
            "här får bara en kommentar (#) eller radslut stå; flytta resten till nästa rad",
        "could not find expected directive name":
            "inget direktivnamn efter %; sätt texten inom citattecken om den ska börja med %",
        "found unexpected non-alphabetical character":
            "ett tecken som inte är en bokstav i direktivets namn; sätt texten inom citattecken om den ska börja med %",
        "did not find expected digit or '.' character":
            "väntade en siffra eller punkt i versionsnumret; skriv t.ex. %YAML 1.2",
        "found extremely long version number":
            "versionsnumret är orimligt långt; skriv t.ex. %YAML 1.2",
        "did not find expected version number":
            "hittade inget versionsnummer; skriv t.ex. %YAML 1.2",
        "did not find expected whitespace":
            "väntade ett mellanslag här",
        "did not find expected whitespace or line break":
            "väntade ett mellanslag eller radslut här; sätt texten inom citattecken om den ska börja med ! eller %",
        "did not find expected alphabetic or numeric character":
            "efter & eller * ska ett namn med bokstäver eller siffror stå; sätt texten inom citattecken om den ska börja med & eller *",
        "did not find the expected '>'":
            "taggen som börjar med !< stängs inte med '>'; sätt texten inom citattecken om den ska börja med !",
        "did not find expected '!'":
            "väntade ett '!' i taggen; sätt texten inom citattecken om den ska börja med !",
        "did not find expected tag URI":
            "taggen saknar namn; sätt texten inom citattecken om den ska börja med !",
        "did not find URI escaped octet":
            "efter % i en tagg ska två hexadecimala siffror stå; sätt texten inom citattecken om den ska börja med !",
        "found an incorrect leading UTF-8 octet":
            "%-koderna i taggen bildar inget giltigt tecken (fel första byte); sätt texten inom citattecken om den ska börja med !",
        "found an incorrect trailing UTF-8 octet":
            "%-koderna i taggen bildar inget giltigt tecken (fel fortsättningsbyte); sätt texten inom citattecken om den ska börja med !",
        "found an indentation indicator equal to 0":
            "siffran efter | eller > anger indraget och får inte vara 0; skriv 1–9 eller ta bort siffran",
        "found a tab character where an indentation space is expected":
            "en tabb i indraget; YAML drar in med mellanslag, så byt tabben mot mellanslag",
        "found unexpected document indicator":
            "en rad med --- eller ... mitt i en text inom citattecken; citattecknet stängs troligen inte",
        "found unexpected end of stream":
            "filen tar slut innan citattecknet stängs; lägg till det avslutande citattecknet",
        "found unknown escape character":
            "okänd kod efter \\ i en text inom dubbla citattecken; skriv \\\\ för ett omvänt snedstreck, eller använd enkla citattecken",
        "did not find expected hexdecimal number":
            "efter \\x, \\u eller \\U ska hexadecimala siffror stå; skriv \\\\ för ett omvänt snedstreck (t.ex. i en sökväg), eller använd enkla citattecken",
        "found invalid Unicode character escape code":
            "koden efter \\u eller \\U är inget giltigt Unicode-tecken; skriv \\\\ för ett omvänt snedstreck, eller använd enkla citattecken",
        "found unexpected ':'":
            "ett kolon direkt före , [ ] { } eller ? inom hakparenteser eller klamrar; sätt texten inom citattecken",
        "found a tab character that violates indentation":
            "en tabb i indraget; YAML drar in med mellanslag, så byt tabben mot mellanslag",

        // Parser problems (parser.c).
        "did not find expected <stream-start>":
            "YAML-texten kunde inte börja läsas (internt fel)",
        "did not find expected <document start>":
            "det står något efter slutet av dokumentet; kontrollera indraget, och att ett värde inom citattecken eller parenteser inte fortsätter efter att det stängts",
        "found undefined tag handle":
            "okänd förkortning i en tagg (t.ex. !x!); sätt texten inom citattecken om den ska börja med !",
        "did not find expected node content":
            "hittade inget värde där ett väntades; sätt värdet inom citattecken om det börjar med t.ex. , ] eller }",
        "did not find expected '-' indicator":
            "hittade inget '-' där en listpost väntades; kontrollera indraget",
        "did not find expected key":
            "hittade ingen nyckel där en väntades; kontrollera indraget, och att ett värde inom citattecken inte fortsätter efter det avslutande citattecknet",
        "did not find expected ',' or ']'":
            "hittade varken ',' eller ']' efter ett värde; kontrollera att listan stängs med ']', och sätt värden med kolon eller parenteser inom citattecken",
        "did not find expected ',' or '}'":
            "hittade varken ',' eller '}' efter ett värde; kontrollera att mappningen stängs med '}', och sätt värden med kolon eller parenteser inom citattecken",
        "found duplicate %YAML directive":
            "direktivet %YAML står två gånger; ta bort det ena",
        "found incompatible YAML document":
            "YAML-versionen i %YAML-direktivet stöds inte; skriv %YAML 1.2 eller ta bort raden",
        "found duplicate %TAG directive":
            "samma taggförkortning definieras två gånger med %TAG; ta bort den ena",

        // Reader problems (reader.c): the encoding of the file.
        "input error": "filen kunde inte läsas",
        "invalid leading UTF-8 octet": "en byte som inte kan inleda ett tecken i UTF-8",
        "incomplete UTF-8 octet sequence": "ett ofullständigt UTF-8-tecken, ofta ett å, ä eller ö sparat i en annan teckenkodning",
        "invalid trailing UTF-8 octet": "ett ofullständigt UTF-8-tecken, ofta ett å, ä eller ö sparat i en annan teckenkodning",
        "invalid length of a UTF-8 sequence": "ett tecken som är kodat med fler byte än det behöver",
        "invalid Unicode character": "en bytesekvens som inte motsvarar något Unicode-tecken",
        "incomplete UTF-16 character": "filen slutar mitt i ett UTF-16-tecken, efter ett udda antal byte",
        "unexpected low surrogate area": "en ensam surrogatenhet i UTF-16, andra halvan av ett tecken utan den första",
        "incomplete UTF-16 surrogate pair": "filen slutar efter första halvan av ett UTF-16-tecken, en ensam surrogatenhet",
        "expected low surrogate area": "en ensam surrogatenhet i UTF-16, första halvan av ett tecken utan den andra",
        "control characters are not allowed": "ett osynligt styrtecken, t.ex. ett nolltecken, som inte får förekomma i YAML",
        "input is too long": "filen är för lång för att läsas",

        // Composer problems (loader.c): styrlint reads events, not libyaml's documents, so
        // these cannot occur today; translated so that a change of reader loses nothing.
        "found undefined alias": "aliaset pekar inte på något ankare",
        "found duplicate anchor; first occurrence": "samma ankare står två gånger; första gången",
        "second occurrence": "andra gången",

        // styrlint's own words where libyaml gives none (YAMLParser).
        "out of memory": "minnet räckte inte till",
        "invalid YAML": "okänt fel",
        "libyaml could not start": "YAML-läsaren kunde inte starta, eftersom minnet inte räckte till",

        // Contexts: where libyaml was when it found the problem, shown in parentheses.
        "while scanning for the next token": "i texten",
        "while scanning a simple key": "i en nyckel",
        "while scanning a directive": "i ett direktiv, en rad som börjar med %",
        "while scanning a %YAML directive": "i ett %YAML-direktiv",
        "while scanning a %TAG directive": "i ett %TAG-direktiv",
        "while parsing a %TAG directive": "i ett %TAG-direktiv",
        "while scanning a tag directive": "i ett %TAG-direktiv",
        "while parsing a tag directive": "i ett %TAG-direktiv",
        "while scanning an anchor": "i ett ankare, ett namn efter &",
        "while scanning an alias": "i ett alias, ett namn efter *",
        "while scanning a tag": "i en tagg, ett värde som börjar med !",
        "while parsing a tag": "i en tagg, ett värde som börjar med !",
        "while scanning a block scalar": "i en flerradstext som inleds med | eller >",
        "while scanning a quoted scalar": "i en text inom citattecken",
        "while parsing a quoted scalar": "i en text inom dubbla citattecken",
        "while scanning a plain scalar": "i ett värde",
        "while parsing a node": "i ett värde",
        "while parsing a block node": "i ett värde",
        "while parsing a flow node": "i ett värde inom hakparenteser eller klamrar",
        "while parsing a block collection": "i en lista",
        "while parsing a block mapping": "i en mappning",
        "while parsing a flow sequence": "i en lista inom hakparenteser [ ]",
        "while parsing a flow mapping": "i en mappning inom klamrar { }",
    ]

    static func swedish(_ text: String) -> String { swedish[text] ?? text }
}
