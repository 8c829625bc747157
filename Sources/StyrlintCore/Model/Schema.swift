/// The input format as data: every document kind, every key, its type and when it is
/// required. The loader types values with it (never by YAML 1.1 implicit rules), the
/// DOK rules report against it and `styrlint schema` turns it into a JSON Schema.
public indirect enum ValueType: Sendable {
    /// Free text: any scalar, read as written.
    case text
    /// A document id: `[a-z0-9][a-z0-9._-]*`.
    case documentID
    /// An element id (goal, indicator, risk, ...): any non-empty scalar, read as written.
    case elementID
    case integer(min: Int, max: Int)
    case number
    case boolean
    case date
    case month
    case year
    /// A year or a date (`klart`).
    case yearOrDate
    /// `YYYY-MM` or `YYYY` (a report's period).
    case monthOrYear
    case oneOf([String])
    case list(ValueType)
    case object(ObjectSchema)
    /// A mapping from free keys (organ ids) to values of one type.
    case map(ValueType)
    /// Anything: not typed, not walked.
    case free
}

public struct FieldSchema: Sendable {
    public let name: String
    public let type: ValueType
    public let required: Bool
    /// Required only when another key of the same mapping has one of these values.
    public let requiredWhen: (key: String, values: [String])?
    public let summary: String

    init(_ name: String, _ type: ValueType, required: Bool = false, when: (String, [String])? = nil, _ summary: String) {
        self.name = name
        self.type = type
        self.required = required
        self.requiredWhen = when.map { (key: $0.0, values: $0.1) }
        self.summary = summary
    }
}

/// A class so that the key table can keep a field lookup per object (see `KeyTable`).
public final class ObjectSchema: Sendable {
    public let name: String
    public let fields: [FieldSchema]

    init(name: String, fields: [FieldSchema]) {
        self.name = name
        self.fields = fields
    }

    public func field(_ key: String) -> FieldSchema? { fields.first { $0.name == key } }
}

public enum DocumentKind: String, Sendable, CaseIterable {
    case verksamhetsplan, internkontrollplan, rapport
}

public enum Schema {
    public static let documentIDPattern = "^[a-z0-9][a-z0-9._-]*$"

    public static let levels = ["fullmäktige", "nämnd", "bolag", "verksamhet", "enhet"]
    public static let reportTypes = ["månadsrapport", "delårsrapport", "delårsbokslut", "årsbokslut", "internkontrollrapport"]
    public static let frequencies = ["löpande", "månadsvis", "kvartalsvis", "tertial", "halvår", "årligen"]

    static let common: [FieldSchema] = [
        FieldSchema("typ", .oneOf(DocumentKind.allCases.map(\.rawValue)), required: true, "document kind"),
        FieldSchema("id", .documentID, required: true, "document id, unique in the repository"),
        FieldSchema("kommun", .text, "municipality name"),
        FieldSchema("organ", .elementID, required: true, "id of the organ the document belongs to"),
        FieldSchema("källfil", .object(sourceFile), "the workbook, Word document or CSV file the plan was imported from"),
    ]

    static let sourceFile = ObjectSchema(name: "källfil", fields: [
        FieldSchema("namn", .text, required: true, "file name"),
        FieldSchema("sha256", .text, "SHA-256 of the file when it was imported"),
        FieldSchema("tabell", .text, "the sheet or table read"),
    ])

    static let decision = ObjectSchema(name: "beslut", fields: [
        FieldSchema("datum", .date, "date of the decision"),
        FieldSchema("organ", .elementID, "organ that decided"),
        FieldSchema("paragraf", .text, "minutes paragraph, e.g. § 87"),
    ])

    static let period = ObjectSchema(name: "period", fields: [
        FieldSchema("från", .year, required: true, "first year"),
        FieldSchema("till", .year, required: true, "last year"),
    ])

    static let baseline = ObjectSchema(name: "utgångsvärde", fields: [
        FieldSchema("värde", .number, required: true, "baseline value"),
        FieldSchema("år", .year, "year of the baseline"),
    ])

    static let target = ObjectSchema(name: "målvärde", fields: [
        FieldSchema("värde", .number, required: true, "target value"),
        FieldSchema("år", .year, "year the target is to be reached"),
        FieldSchema("riktning", .oneOf(["minst", "högst", "exakt"]), "minst, högst or exakt"),
    ])

    public static let indicator = ObjectSchema(name: "indikator", fields: [
        FieldSchema("id", .elementID, "indicator id, unique within its goal"),
        FieldSchema("namn", .text, required: true, "what is measured"),
        FieldSchema("typ", .oneOf(["resultatindikator", "nyckeltal", "informationsmått"]), "kind of measure"),
        FieldSchema("kolada", .elementID, "Kolada KPI id (N15436)"),
        FieldSchema("källa", .text, "other source"),
        FieldSchema("enhet", .text, "unit: procent, antal, kr, dagar, index, ..."),
        FieldSchema("utgångsvärde", .object(baseline), "baseline"),
        FieldSchema("målvärde", .object(target), "target"),
        FieldSchema("könsuppdelad", .boolean, "reported split by sex"),
    ])

    public static let goal = ObjectSchema(name: "mål", fields: [
        FieldSchema("id", .elementID, required: true, "goal id, unique in the repository"),
        FieldSchema("text", .text, required: true, "the goal as decided"),
        FieldSchema("bidrar_till", .list(.elementID), "ids this goal is broken down from"),
        FieldSchema("grund", .oneOf(["reglemente", "ägardirektiv", "bolagsordning", "lag", "grunduppdrag"]), "mandate the goal comes from"),
        FieldSchema("grund_text", .text, "which reglemente, law, ..."),
        FieldSchema("perspektiv", .oneOf(["verksamhet", "personal", "ekonomi"]), "perspective"),
        FieldSchema("kvalitet", .oneOf(["struktur", "process", "resultat", "brukarupplevd"]), "kind of quality"),
        FieldSchema("ansvarig", .text, "who answers for the goal"),
        FieldSchema("klart", .yearOrDate, "when it is to be reached"),
        FieldSchema("förankring", .text, "how the goal was agreed"),
        FieldSchema("indikatorer", .list(.object(indicator)), "indicators"),
    ])

    public static let focusArea = ObjectSchema(name: "målområde", fields: [
        FieldSchema("id", .elementID, required: true, "målområde id"),
        FieldSchema("namn", .text, required: true, "name"),
        FieldSchema("beskrivning", .text, "description"),
        FieldSchema("samordning", .list(.elementID), "organs with coordination responsibility"),
    ])

    public static let organ = ObjectSchema(name: "organ", fields: [
        FieldSchema("id", .elementID, required: true, "organ id"),
        FieldSchema("namn", .text, required: true, "name"),
        FieldSchema("typ", .oneOf(["fullmäktige", "styrelse", "nämnd", "bolag"]), required: true, "kind of organ"),
    ])

    static let budget = ObjectSchema(name: "budget", fields: [
        FieldSchema("ram", .number, "budget frame (tkr)"),
        FieldSchema("detaljbudget", .free, "detailed budget lines"),
    ])

    public static let investment = ObjectSchema(name: "investering", fields: [
        FieldSchema("namn", .text, required: true, "name"),
        FieldSchema("belopp", .number, "amount (tkr)"),
        FieldSchema("konsekvensbeskrivning", .text, "consequences of the investment"),
    ])

    public static let actionItem = ObjectSchema(name: "handlingsplan", fields: [
        FieldSchema("id", .elementID, "action id"),
        FieldSchema("mål", .list(.elementID), "goal ids of the plan the action serves"),
        FieldSchema("åtgärd", .text, "what is done"),
        FieldSchema("hur", .text, "how"),
        FieldSchema("ansvarig", .text, "who"),
        FieldSchema("klart", .yearOrDate, "by when"),
        FieldSchema("uppföljning", .text, "who follows up, how"),
    ])

    public static let plan = ObjectSchema(name: "verksamhetsplan", fields: common + [
        FieldSchema("nivå", .oneOf(levels), required: true, "level of the plan"),
        FieldSchema("överordnad", .documentID, "plan this one is broken down from"),
        FieldSchema("period", .object(period), required: true, "plan period"),
        FieldSchema("status", .oneOf(["utkast", "förslag", "beslutad"]), "utkast (default), förslag or beslutad"),
        FieldSchema("beslut", .object(decision), "the decision adopting the plan"),
        FieldSchema("enhet", .text, "unit name"),
        FieldSchema("vision", .text, "the vision (fullmäktige)"),
        FieldSchema("organisation", .list(.object(organ)), required: false, when: ("nivå", ["fullmäktige"]), "organs of the municipality"),
        FieldSchema("målområden", .list(.object(focusArea)), required: false, when: ("nivå", ["fullmäktige"]), "målområden"),
        FieldSchema("ramar", .map(.number), "budget frame per organ (tkr)"),
        FieldSchema("uppdrag", .text, "the organ's basic mission"),
        FieldSchema("mål", .list(.object(goal)), required: true, "goals"),
        FieldSchema("budget", .object(budget), "budget"),
        FieldSchema("investeringar", .list(.object(investment)), "investments"),
        FieldSchema("handlingsplan", .list(.object(actionItem)), "actions"),
    ])

    static let riskAnalysis = ObjectSchema(name: "riskanalys", fields: [
        FieldSchema("datum", .date, required: true, "when the risk analysis was made"),
        FieldSchema("genomförd_av", .list(.text), "who made it"),
        FieldSchema("skala", .integer(min: 2, max: 10), "points on the sannolikhet and konsekvens scales"),
    ])

    public static let risk = ObjectSchema(name: "risk", fields: [
        FieldSchema("id", .elementID, required: true, "risk id"),
        FieldSchema("process", .text, "process the risk belongs to"),
        FieldSchema("beskrivning", .text, "the risk"),
        FieldSchema("sannolikhet", .integer(min: -1_000_000, max: 1_000_000), "likelihood, 1..skala"),
        FieldSchema("konsekvens", .integer(min: -1_000_000, max: 1_000_000), "consequence, 1..skala"),
        FieldSchema("riskvärde", .integer(min: -1_000_000_000, max: 1_000_000_000), "risk value as the plan states it; sannolikhet × konsekvens"),
        FieldSchema("hantering", .oneOf(["kontroll", "åtgärd", "accepteras"]), "how the risk is handled"),
        FieldSchema("motivering", .text, "why an accepted risk is accepted"),
    ])

    public static let control = ObjectSchema(name: "kontrollmoment", fields: [
        FieldSchema("id", .elementID, required: true, "control id"),
        FieldSchema("risker", .list(.elementID), "risk ids the control covers"),
        FieldSchema("kontroll", .text, "what is controlled"),
        FieldSchema("metod", .text, "how"),
        FieldSchema("frekvens", .oneOf(frequencies), "how often"),
        FieldSchema("ansvarig", .text, "who controls"),
        FieldSchema("rapporteras_till", .text, "who receives the result"),
        FieldSchema("rapportering", .list(.date), "reporting dates"),
    ])

    public static let riskAction = ObjectSchema(name: "åtgärd", fields: [
        FieldSchema("id", .elementID, required: true, "action id"),
        FieldSchema("risker", .list(.elementID), "risk ids the action handles"),
        FieldSchema("åtgärd", .text, "what is done"),
        FieldSchema("ansvarig", .text, "who"),
        FieldSchema("klart", .yearOrDate, "by when"),
    ])

    public static let internalControlPlan = ObjectSchema(name: "internkontrollplan", fields: common + [
        FieldSchema("år", .year, required: true, "year the plan covers"),
        FieldSchema("status", .oneOf(["utkast", "förslag", "beslutad"]), "utkast (default), förslag or beslutad"),
        FieldSchema("beslut", .object(decision), "the decision adopting the plan"),
        FieldSchema("riskanalys", .object(riskAnalysis), "the yearly risk analysis"),
        FieldSchema("risker", .list(.object(risk)), required: true, "risks"),
        FieldSchema("kontrollmoment", .list(.object(control)), required: true, "controls"),
        FieldSchema("åtgärder", .list(.object(riskAction)), "actions for risks handled by action"),
    ])

    static let economyAction = ObjectSchema(name: "åtgärd", fields: [
        FieldSchema("åtgärd", .text, required: true, "what is done"),
        FieldSchema("ansvarig", .text, "who"),
        FieldSchema("klart", .yearOrDate, "by when"),
    ])

    public static let economy = ObjectSchema(name: "ekonomi", fields: [
        FieldSchema("budget", .number, "the year's budget (tkr)"),
        FieldSchema("utfall", .number, "accumulated outcome (tkr)"),
        FieldSchema("prognos", .number, "full-year forecast (tkr)"),
        FieldSchema("kommentar", .text, "comment"),
        FieldSchema("analys", .text, "analysis of a deviation"),
        FieldSchema("åtgärder", .list(.object(economyAction)), "action plan for a deviation"),
        FieldSchema("konsekvensbeskrivning", .text, "consequences of the deviation"),
    ])

    public static let outcome = ObjectSchema(name: "utfall", fields: [
        FieldSchema("indikator", .elementID, required: true, "indicator id"),
        FieldSchema("värde", .number, required: true, "measured value"),
        FieldSchema("år", .year, "year of the measurement"),
    ])

    public static let assessment = ObjectSchema(name: "måluppfyllelse", fields: [
        FieldSchema("mål", .elementID, required: true, "goal id"),
        FieldSchema("bedömning", .oneOf(["uppfylld", "delvis", "ej_uppfylld", "ej_bedömd"]), required: true, "assessment"),
        FieldSchema("utfall", .list(.object(outcome)), "measured outcome per indicator"),
        FieldSchema("analys", .text, "analysis"),
    ])

    public static let controlResult = ObjectSchema(name: "kontroll", fields: [
        FieldSchema("kontrollmoment", .elementID, required: true, "control id"),
        FieldSchema("genomförd", .date, "when the control was made"),
        FieldSchema("resultat", .text, "result"),
        FieldSchema("avvikelse", .boolean, "whether a deviation was found"),
        FieldSchema("åtgärd", .text, "action for a deviation"),
    ])

    public static let report = ObjectSchema(name: "rapport", fields: common + [
        FieldSchema("rapporttyp", .oneOf(reportTypes), required: true, "kind of report"),
        FieldSchema("plan", .documentID, required: true, "id of the plan it follows up"),
        FieldSchema("period", .monthOrYear, required: true, "YYYY-MM, or YYYY for årsbokslut and internkontrollrapport"),
        FieldSchema("inlämnad", .date, required: true, "date submitted"),
        FieldSchema("ekonomi", .object(economy), "economy"),
        FieldSchema("personal", .free, "staff figures and comments"),
        FieldSchema("måluppfyllelse", .list(.object(assessment)), "goal assessments"),
        FieldSchema("kontroller", .list(.object(controlResult)), "controls carried out"),
    ])

    /// Whether `path` (`a.b`, `a[].b`) names keys that exist below `schema`; the first
    /// unknown segment and a suggestion otherwise.
    public static func check(path: String, in schema: ObjectSchema) -> (segment: String, suggestion: String?)? {
        var current: ObjectSchema? = schema
        for raw in path.split(separator: ".") {
            let segment = raw.hasSuffix("[]") ? String(raw.dropLast(2)) : String(raw)
            guard let object = current else { return nil }  // below a free or scalar field: anything goes
            guard let field = object.field(segment) else {
                return (segment, Suggestion.closest(to: segment, among: object.fields.map(\.name)))
            }
            switch field.type {
            case .object(let inner): current = inner
            case .list(.object(let inner)): current = inner
            default: current = nil
            }
        }
        return nil
    }

    public static func schema(for kind: DocumentKind) -> ObjectSchema {
        switch kind {
        case .verksamhetsplan: return plan
        case .internkontrollplan: return internalControlPlan
        case .rapport: return report
        }
    }
}
