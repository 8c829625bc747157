/// An indicator against Kolada's KPI catalogue, when the repository names one
/// (`kolada.katalog`): without a catalogue these checks say nothing and MV005's shape
/// check is all there is.
enum KoladaChecks {
    static let all: [CheckFunction] = [kolada]

    static let aspects = ["exists", "title", "sex", "unit"]
    /// The shape MV005 checks: only a well-formed id is looked up.
    static let koladaID = TextPattern(#"^[A-Z]\d{5}$"#)

    static let kolada = CheckFunction(
        "kolada",
        "Compares an indicator's `kolada` id with the configured KPI catalogue. `check` is `exists` (the id is in the catalogue; `{kolada}`), `title` (the name shares at least half the title's words, by stem; `{title}`), `sex` (variants `sexMissing` and `sexExtra`: `könsuppdelad` against the KPI's division by sex) or `unit` (`enhet` against the unit the title states; `{unit}`, `{kpiUnit}`).",
        parameters: [ParameterSpec("check", .oneOf(aspects), required: true, "what to compare")],
        emits: [
            Emission(nil, .optionValue("check", ["exists", "title"]), fills: ["kolada", "title"]),
            Emission("sexMissing", .optionValue("check", ["sex"]), fills: ["kolada", "title"]),
            Emission("sexExtra", .optionValue("check", ["sex"]), fills: ["kolada", "title"]),
            Emission("unit", .optionValue("check", ["unit"]), fills: ["kolada", "kpiUnit", "title", "unit"]),
        ],
        selectors: [.indikator]
    ) { element, context in
        guard let catalogue = context.config.kolada.loaded, let indicator = element.node,
              let idNode = indicator["kolada"], let id = idNode.scalar?.trimmingCharacters(in: .whitespaces), !id.isEmpty,
              let check = context.options.string("check") else { return [] }
        let subject = "\(element.subject)/kolada"
        guard let kpi = catalogue[id] else {
            // A malformed id is MV005's; only a well-formed id that Kolada lacks is reported here.
            guard check == "exists", Self.koladaID.matches(id) else { return [] }
            return [Hit(arguments: ["kolada": id], location: element.location(idNode), subject: subject)]
        }
        let arguments = ["kolada": id, "title": kpi.title]
        switch check {
        case "title":
            guard let nameNode = indicator["namn"], let name = nameNode.scalar, !name.isEmpty,
                  KoladaWords.overlap(name: name, title: kpi.title) < 0.5 else { return [] }
            return [Hit(arguments: arguments, location: element.location(nameNode), subject: subject + "/title")]
        case "sex":
            let flagNode = indicator["könsuppdelad"]
            let marked = flagNode.map { (try? ScalarValue.boolean($0).get()) ?? false } ?? false
            if kpi.dividedBySex && !marked {
                return [Hit(variant: "sexMissing", arguments: arguments, location: element.location(flagNode ?? idNode), subject: subject + "/sex")]
            }
            if !kpi.dividedBySex && marked, let flagNode {
                return [Hit(variant: "sexExtra", arguments: arguments, location: element.location(flagNode), subject: subject + "/sex")]
            }
            return []
        case "unit":
            guard let unitNode = indicator["enhet"], let written = unitNode.scalar, let unit = KoladaWords.unit(ofIndicator: written),
                  let kpiUnit = KoladaWords.unit(ofTitle: kpi.title), unit != kpiUnit else { return [] }
            return [Hit(variant: "unit", arguments: arguments.merging(["unit": written, "kpiUnit": kpiUnit.rawValue]) { _, new in new },
                        location: element.location(unitNode), subject: subject + "/unit")]
        default:
            return []
        }
    }
}
