import Foundation

/// Kolada's KPI catalogue in the shape of its API (`/v2/kpi`): `{"count": …, "values":
/// [{"id", "title", "is_divided_by_gender", …}]}`. Saved once by an officer (or by
/// `styrlint kolada hämta`) and named in styrlint.yml, so checks never need the network.
public final class KoladaCatalogue: Sendable {
    public struct KPI: Sendable, Codable, Equatable {
        public var id: String
        public var title: String
        public var description: String?
        public var dividedBySex: Bool
        public var municipalityType: String?
        public var operatingArea: String?

        enum CodingKeys: String, CodingKey {
            case id, title, description
            case dividedBySex = "is_divided_by_gender"
            case municipalityType = "municipality_type"
            case operatingArea = "operating_area"
        }

        public init(id: String, title: String, description: String? = nil, dividedBySex: Bool, municipalityType: String? = nil, operatingArea: String? = nil) {
            self.id = id
            self.title = title
            self.description = description
            self.dividedBySex = dividedBySex
            self.municipalityType = municipalityType
            self.operatingArea = operatingArea
        }

        public init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            id = try container.decode(String.self, forKey: .id)
            title = try container.decode(String.self, forKey: .title)
            description = try container.decodeIfPresent(String.self, forKey: .description)
            // The API writes 0/1; saved copies sometimes have true/false.
            if let flag = try? container.decodeIfPresent(Bool.self, forKey: .dividedBySex) {
                dividedBySex = flag
            } else {
                dividedBySex = ((try? container.decodeIfPresent(Int.self, forKey: .dividedBySex)) ?? 0) != 0
            }
            municipalityType = try? container.decodeIfPresent(String.self, forKey: .municipalityType)
            operatingArea = try? container.decodeIfPresent(String.self, forKey: .operatingArea)
        }

        public func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
            try container.encode(title, forKey: .title)
            try container.encodeIfPresent(description, forKey: .description)
            try container.encode(dividedBySex ? 1 : 0, forKey: .dividedBySex)
            try container.encodeIfPresent(municipalityType, forKey: .municipalityType)
            try container.encodeIfPresent(operatingArea, forKey: .operatingArea)
        }
    }

    public struct Page: Decodable, Sendable {
        public var values: [KPI]
        /// The address of the next page: `next_page` in the API's version 2, `next_url` in version 3.
        public var nextPage: String?
        enum CodingKeys: String, CodingKey { case values, nextPage = "next_page", nextURL = "next_url" }

        public init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            values = try container.decode([KPI].self, forKey: .values)
            nextPage = try container.decodeIfPresent(String.self, forKey: .nextPage) ?? container.decodeIfPresent(String.self, forKey: .nextURL)
        }
    }

    /// One page of the API's answer.
    public static func page(_ bytes: [UInt8], displayPath: String) throws -> Page {
        do {
            return try JSONDecoder().decode(Page.self, from: Data(bytes))
        } catch {
            throw StyrlintError(sv: "\(displayPath): svaret är inte en sida ur Koladas nyckeltalskatalog (\(error.localizedDescription)); inget skrevs",
                                en: "\(displayPath): the answer is not a page of Kolada's KPI catalogue (\(error.localizedDescription)); nothing was written")
        }
    }

    /// The catalogue in the API's shape, sorted by id: the same input gives the same file.
    public func encoded() throws -> String {
        struct Whole: Encodable { var count: Int; var values: [KPI] }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(Whole(count: kpis.count, values: kpis)), as: UTF8.self) + "\n"
    }

    public let kpis: [KPI]
    private let byID: [String: KPI]

    public init(kpis: [KPI]) {
        self.kpis = kpis.sorted { $0.id < $1.id }
        byID = Dictionary(kpis.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    public subscript(id: String) -> KPI? { byID[id] }

    /// Reads a saved catalogue (one page of the API, or a whole catalogue in its shape).
    public static func decode(_ bytes: [UInt8], displayPath: String) throws -> KoladaCatalogue {
        do {
            let page = try JSONDecoder().decode(Page.self, from: Data(bytes))
            return KoladaCatalogue(kpis: page.values)
        } catch {
            // Where in the file, as a person reads JSON (values[3].id), never the decoder's words.
            func place(_ path: [CodingKey]) -> String {
                path.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().trimmingCharacters(in: CharacterSet(charactersIn: "."))
            }
            let detail: (sv: String, en: String)
            switch error {
            case DecodingError.keyNotFound(let key, let context):
                let at = place(context.codingPath)
                detail = ("\(key.stringValue) saknas\(at.isEmpty ? "" : " i \(at)")", "\(key.stringValue) is missing\(at.isEmpty ? "" : " in \(at)")")
            case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
                let at = place(context.codingPath)
                detail = at.isEmpty ? ("filen är ingen JSON-mappning", "the file is not a JSON object") : ("fel typ i \(at)", "wrong type at \(at)")
            default:
                detail = ("ogiltig JSON", "invalid JSON")
            }
            throw StyrlintError(sv: "\(displayPath): Kolada-katalogen kan inte läsas (\(detail.sv)); den ska ha formen {\"values\": [{\"id\", \"title\", \"is_divided_by_gender\"}]} som Koladas API ger. Hämta den på nytt med styrlint kolada hämta",
                                en: "\(displayPath): the Kolada catalogue cannot be read (\(detail.en)); it must have the shape {\"values\": [{\"id\", \"title\", \"is_divided_by_gender\"}]} of Kolada's API. Fetch it again with styrlint kolada hämta")
        }
    }

    public static func load(_ path: String, displayPath: String) throws -> KoladaCatalogue {
        try decode(InputFile.read(path, limit: 128 * 1024 * 1024, displayPath: displayPath, what: .configuration), displayPath: displayPath)
    }

    /// KPIs whose title shares the most words (by stem) with the query, best first.
    public func search(_ query: String, limit: Int = 20) -> [KPI] {
        let wanted = Set(KoladaWords.stems(query))
        guard !wanted.isEmpty else { return [] }
        let scored = kpis.compactMap { kpi -> (Int, KPI)? in
            if kpi.id.caseInsensitiveCompare(query.trimmingCharacters(in: .whitespaces)) == .orderedSame { return (1000, kpi) }
            let score = wanted.intersection(KoladaWords.stems(kpi.title)).count
            return score > 0 ? (score, kpi) : nil
        }
        return scored.sorted { $0.0 != $1.0 ? $0.0 > $1.0 : $0.1.id < $1.1.id }.prefix(limit).map(\.1)
    }
}

/// How an indicator's name and unit are compared with a KPI's title.
public enum KoladaWords {
    static let stopWords: Set<String> = ["och", "som", "med", "för", "till", "den", "det", "per", "av", "på", "är", "år", "inom",
                                         "kommun", "kommunen", "kommunens", "kommunala", "samtliga", "alla", "de", "ett", "en", "i", "om", "vid"]

    /// Content words of a text, stemmed, without notes in parentheses.
    public static func stems(_ text: String) -> [String] {
        var cleaned = ""
        var depth = 0
        for character in text.lowercased() {
            if character == "(" { depth += 1; continue }
            if character == ")" { depth = max(0, depth - 1); continue }
            if depth > 0 { continue }
            cleaned.append(character.isLetter || character.isNumber ? character : " ")
        }
        let stemmer = SwedishStemmer.current
        return cleaned.split(separator: " ").map(String.init).filter { $0.count >= 2 && !stopWords.contains($0) }.map { stemmer.stem($0) }
    }

    /// The share of the title's content words that the name also uses.
    public static func overlap(name: String, title: String) -> Double {
        let titleStems = Set(stems(title))
        guard !titleStems.isEmpty else { return 1 }
        return Double(titleStems.intersection(stems(name)).count) / Double(titleStems.count)
    }

    public enum Unit: String, Sendable { case percent = "procent", money = "kr", count = "antal", days = "dagar" }

    /// The unit a KPI's title states. Kolada ends a title with it, after the last comma
    /// (`…, andel (%)`, `…, kr/inv`, `…, antal`, `…, medelvärde`); only that part is read, so
    /// "Väntetid i antal dagar …, medelvärde" is not a count.
    public static func unit(ofTitle title: String) -> Unit? {
        let last = (title.split(separator: ",").last.map(String.init) ?? title).lowercased().trimmingCharacters(in: .whitespaces)
        if last.contains("(%)") || last.hasPrefix("andel") || last.hasSuffix("%") || last.contains("procent") { return .percent }
        if last.hasPrefix("kr") || last.contains(" kr") || last.contains("kronor") || last.contains("tkr") { return .money }
        if last.hasPrefix("dagar") || last.hasSuffix(" dagar") { return .days }
        if last.hasPrefix("antal") { return .count }
        return nil
    }

    /// The unit an indicator writes in `enhet`.
    public static func unit(ofIndicator text: String) -> Unit? {
        let lower = text.lowercased().trimmingCharacters(in: .whitespaces)
        if ["procent", "%", "andel", "procentenheter", "andel (%)"].contains(lower) { return .percent }
        if ["kr", "kronor", "tkr", "mnkr", "kr/inv", "kr per invånare", "tusen kronor", "miljoner kronor", "sek"].contains(lower) { return .money }
        if ["antal", "st", "stycken", "personer"].contains(lower) { return .count }
        if ["dagar", "dygn"].contains(lower) { return .days }
        return nil
    }
}
