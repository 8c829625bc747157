import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `import:` in styrlint.yml: headings the built-in list does not know, and the files of
/// the repository that are kept as workbooks, Word documents or CSV and checked as plans.
///
/// ```yaml
/// import:
///   kolumner: {"Riskägare": kontrollmoment.ansvarig}
///   filer:
///     - fil: plans/internkontroll/kfn-ik-2026.xlsx
///       typ: internkontrollplan
///       organ: kfn
///       år: 2026
///       fält: {beslut: {datum: 2025-12-10, organ: kfn, paragraf: "§ 88"}}
/// ```
public struct ImportSettings: Sendable {
    public struct Source: Sendable {
        public var file: String
        public var position: SourcePosition
        public var request: ImportRequest
    }

    /// Normalized heading → field, for every import.
    public var columns: [String: ImportField] = [:]
    public var sources: [Source] = []

    public init() {}

    static let keys = ["kolumner", "filer"]
    static let sourceKeys = ["fil", "typ", "organ", "id", "kommun", "år", "till", "nivå", "överordnad", "status", "blad", "rubrikrad", "kolumner", "fält"]

    init(_ node: YAMLNode, _ reader: ConfigReader) throws {
        try reader.expectMapping(node, "import")
        for (key, value) in node.entries {
            switch key.scalar ?? "" {
            case "kolumner": columns = try Self.columns(value, "import.kolumner", reader)
            case "filer":
                guard value.isSequence else { throw reader.error(value, sv: "import.filer: ska vara en lista", en: "import.filer: must be a list") }
                for item in value.items { sources.append(try source(item, reader)) }
            default: throw reader.unknownKey(key, known: Self.keys)
            }
        }
    }

    static func columns(_ node: YAMLNode, _ what: String, _ reader: ConfigReader) throws -> [String: ImportField] {
        try reader.expectMapping(node, what)
        var columns: [String: ImportField] = [:]
        for (key, value) in node.entries {
            let name = value.scalar ?? ""
            guard let field = ImportField(rawValue: name) else {
                let suggestion = Suggestion.closest(to: name, among: ImportField.allCases.map(\.rawValue))
                throw reader.error(value, sv: "\(what): okänt fält '\(name)'.\(suggestion.map { " Menade du '\($0)'?" } ?? "") Fälten: \(ImportField.allCases.map(\.rawValue).joined(separator: ", "))",
                                   en: "\(what): unknown field '\(name)'.\(suggestion.map { " Did you mean '\($0)'?" } ?? "") Fields: \(ImportField.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            columns[ImportColumns.normalize(key.scalar ?? "")] = field
        }
        return columns
    }

    func source(_ node: YAMLNode, _ reader: ConfigReader) throws -> Source {
        try reader.expectMapping(node, "import.filer")
        guard let file = node["fil"]?.scalar, !file.isEmpty else {
            throw reader.error(node, sv: "import.filer: varje post behöver fil (sökvägen till arbetsboken)", en: "import.filer: each entry needs fil (the path of the workbook)")
        }
        guard PlanImporter.format(of: file) != nil else {
            throw reader.error(node["fil"]!, sv: "import.filer: \(file) är varken .xlsx, .docx eller .csv", en: "import.filer: \(file) is neither .xlsx, .docx nor .csv")
        }
        guard let kindName = node["typ"]?.scalar, let kind = DocumentKind(rawValue: kindName), kind != .rapport else {
            throw reader.error(node["typ"] ?? node, sv: "import.filer: typ ska vara internkontrollplan eller verksamhetsplan", en: "import.filer: typ must be internkontrollplan or verksamhetsplan")
        }
        var request = ImportRequest(kind: kind, fileName: file)
        request.columns = columns
        for (key, value) in node.entries {
            let name = key.scalar ?? ""
            switch name {
            case "fil", "typ": continue
            case "organ": request.organ = value.scalar
            case "id": request.id = value.scalar
            case "kommun": request.municipality = value.scalar
            case "år": request.year = try reader.integer(value, "import.filer.år", in: 1900...2200)
            case "till": request.lastYear = try reader.integer(value, "import.filer.till", in: 1900...2200)
            case "nivå":
                guard let level = value.scalar, Schema.levels.contains(level) else {
                    throw reader.error(value, sv: "import.filer.nivå: en av \(Schema.levels.joined(separator: ", "))", en: "import.filer.nivå: one of \(Schema.levels.joined(separator: ", "))")
                }
                request.level = level
            case "överordnad": request.parent = value.scalar
            case "status": request.status = value.scalar ?? "utkast"
            case "blad": request.sheet = value.scalar
            case "rubrikrad": request.headerRow = try reader.integer(value, "import.filer.rubrikrad", in: 1...1_048_576)
            case "kolumner": request.columns.merge(try Self.columns(value, "import.filer.kolumner", reader)) { _, new in new }
            case "fält":
                try reader.expectMapping(value, "import.filer.fält")
                request.extraFields = value.entries.map { ($0.key.scalar ?? "", $0.value) }
            default: throw reader.unknownKey(key, known: Self.sourceKeys)
            }
        }
        guard request.organ != nil, request.year != nil else {
            throw reader.error(node, sv: "import.filer: \(file) behöver organ och år", en: "import.filer: \(file) needs organ and år")
        }
        return Source(file: file, position: node.start, request: request)
    }
}

/// `kolada: {katalog: kolada-kpi.json}`: Kolada's KPI catalogue as its API returns it.
public struct KoladaSettings: Sendable {
    public var catalogue: String?
    public var position: SourcePosition?
    /// The catalogue, read when the configuration is loaded (paths are relative to it).
    public var loaded: KoladaCatalogue?
    /// Where the catalogue was read from.
    public var readFrom: String?

    public init() {}

    init(_ node: YAMLNode, _ reader: ConfigReader) throws {
        try reader.expectMapping(node, "kolada")
        for (key, value) in node.entries {
            switch key.scalar ?? "" {
            case "katalog":
                guard let path = value.scalar, !path.isEmpty else {
                    throw reader.error(value, sv: "kolada.katalog: ange sökvägen till katalogfilen (styrlint kolada hämta --output ...)", en: "kolada.katalog: name the path of the catalogue file (styrlint kolada hämta --output ...)")
                }
                catalogue = path
                position = value.start
            default: throw reader.unknownKey(key, known: ["katalog"])
            }
        }
    }
}

extension ImportSettings {
    /// Every `import.filer` entry names one regular file inside the repository, once: a
    /// mistyped or moved workbook is an error, never a plan that silently goes unchecked.
    func validate(root: String, configFile: String) throws {
        let realRoot = RepositoryLoader.realPath(root)
        var seen: [String: SourcePosition] = [:]
        for source in sources {
            let place = "\(configFile):\(source.position.line):\(source.position.column)"
            let path = RepositoryLoader.absolute(source.file, cwd: root)
            guard RepositoryLoader.isInside(path, root), RepositoryLoader.isInside(RepositoryLoader.realPath(path), realRoot) else {
                throw StyrlintError(sv: "\(place): import.filer: \(source.file) ligger utanför arkivet; styrlint läser bara filer i arkivet. Flytta filen in i arkivet",
                                    en: "\(place): import.filer: \(source.file) lies outside the repository; styrlint reads only files inside it. Move the file into the repository")
            }
            var status = stat()
            guard stat(path, &status) == 0 else {
                throw StyrlintError(sv: "\(place): import.filer: \(source.file) finns inte; rätta sökvägen eller ta bort posten",
                                    en: "\(place): import.filer: \(source.file) does not exist; fix the path or remove the entry")
            }
            guard (status.st_mode & S_IFMT) == S_IFREG else {
                throw StyrlintError(sv: "\(place): import.filer: \(source.file) är ingen vanlig fil; ange arbetsboken, Word-dokumentet eller CSV-filen",
                                    en: "\(place): import.filer: \(source.file) is not a regular file; name the workbook, Word document or CSV file")
            }
            if let first = seen[path] {
                throw StyrlintError(sv: "\(place): import.filer: \(source.file) står redan på rad \(first.line); en fil är en plan. Ta bort den ena posten",
                                    en: "\(place): import.filer: \(source.file) is already listed on line \(first.line); one file is one plan. Remove one entry")
            }
            seen[path] = source.position
        }
    }
}
