import StyrlintOffice

/// The fields an imported table can fill, per document kind, and the column headings
/// that name them in the workbooks municipalities keep. Headings are compared after
/// `ImportColumns.normalize`: letter case, punctuation, `(1–4)`-style notes and the
/// multiplication sign do not matter.
public enum ImportField: String, Sendable, CaseIterable {
    // Internkontrollplan: one row per risk, with the control or action that handles it.
    case riskID = "risk.id", process = "risk.process", risk = "risk.beskrivning", likelihood = "risk.sannolikhet",
         consequence = "risk.konsekvens", riskValue = "risk.riskvärde", handling = "risk.hantering", motivation = "risk.motivering",
         controlID = "kontrollmoment.id", control = "kontrollmoment.kontroll", method = "kontrollmoment.metod",
         frequency = "kontrollmoment.frekvens", responsible = "kontrollmoment.ansvarig",
         reportsTo = "kontrollmoment.rapporteras_till", reporting = "kontrollmoment.rapportering",
         action = "åtgärd.åtgärd", actionDone = "åtgärd.klart"
    // Verksamhetsplan: one row per indicator, goal cells repeated or merged over its rows.
    case goalID = "mål.id", goal = "mål.text", contributesTo = "mål.bidrar_till", goalResponsible = "mål.ansvarig",
         perspective = "mål.perspektiv", quality = "mål.kvalitet", goalDone = "mål.klart",
         indicatorID = "indikator.id", indicator = "indikator.namn", kolada = "indikator.kolada", unit = "indikator.enhet",
         baseline = "indikator.utgångsvärde", baselineYear = "indikator.utgångsår", target = "indikator.målvärde",
         targetYear = "indikator.målår", direction = "indikator.riktning", bySex = "indikator.könsuppdelad",
         source = "indikator.källa", indicatorKind = "indikator.typ"

    public var kind: DocumentKind {
        switch self {
        case .riskID, .process, .risk, .likelihood, .consequence, .riskValue, .handling, .motivation, .controlID, .control, .method,
             .frequency, .responsible, .reportsTo, .reporting, .action, .actionDone: .internkontrollplan
        default: .verksamhetsplan
        }
    }

    /// Headings that name the field, written as people write them.
    var headings: [String] {
        switch self {
        case .riskID: ["Risk-id", "Riskid", "Risknr", "Risknummer", "Nr", "Nummer", "Id"]
        case .process: ["Process", "Processområde", "Område", "Rutin", "Verksamhetsområde"]
        case .risk: ["Risk", "Risker", "Riskbeskrivning", "Beskrivning av risk", "Identifierad risk", "Riskområde"]
        case .likelihood: ["Sannolikhet", "S", "Sannolikhet S", "Sannolikhetsbedömning"]
        case .consequence: ["Konsekvens", "K", "Konsekvens K", "Konsekvensbedömning"]
        case .riskValue: ["Riskvärde", "RV", "S x K", "SxK", "Risknivå", "Riskvärde S x K"]
        case .handling: ["Hantering", "Riskhantering", "Hanteras genom"]
        case .motivation: ["Motivering"]
        case .controlID: ["Kontroll-id", "Kontrollid", "Kontrollnr", "Kontrollnummer"]
        case .control: ["Kontrollmoment", "Kontroll", "Kontrollaktivitet", "Kontrollåtgärd", "Kontrollmoment kontroll"]
        case .method: ["Metod", "Kontrollmetod", "Hur", "Tillvägagångssätt", "Metod för kontroll"]
        case .frequency: ["Frekvens", "Hur ofta", "Periodicitet", "Intervall", "Kontrollfrekvens"]
        case .responsible: ["Ansvarig", "Ansvar", "Kontrollansvarig", "Ansvarig för kontroll", "Ansvarig funktion"]
        case .reportsTo: ["Rapporteras till", "Rapportering till", "Återrapporteras till", "Mottagare", "Rapporteras"]
        case .reporting: ["Rapportering", "Rapporteringsdatum", "Datum", "Återrapportering", "Rapportdatum", "När"]
        case .action: ["Åtgärd", "Åtgärder", "Åtgärd för risk"]
        case .actionDone: ["Klart", "Klar", "Klart datum", "Klart senast"]
        case .goalID: ["Mål-id", "Målid", "Målnr", "Målnummer", "Nr", "Id"]
        case .goal: ["Mål", "Målformulering", "Nämndmål", "Verksamhetsmål", "Mål text", "Styrelsemål", "Bolagsmål"]
        case .contributesTo: ["Bidrar till", "Kopplat till", "Kopplas till", "Fullmäktigemål", "Överordnat mål", "Överordnade mål"]
        case .goalResponsible: ["Ansvarig", "Ansvar", "Målansvarig"]
        case .perspective: ["Perspektiv"]
        case .quality: ["Kvalitet", "Kvalitetsaspekt"]
        case .goalDone: ["Klart", "Ska vara uppnått", "Uppnått senast"]
        case .indicatorID: ["Indikator-id", "Indikatorid", "Indikatornr", "Ind-id"]
        case .indicator: ["Indikator", "Indikatorer", "Mått", "Nyckeltal", "Indikator nyckeltal", "Indikatornamn"]
        case .kolada: ["Kolada", "Kolada-id", "KPI", "Kolada KPI", "KPI-id", "Nyckeltals-id"]
        case .unit: ["Enhet", "Mätenhet"]
        case .baseline: ["Utgångsvärde", "Utgångsläge", "Nuläge", "Basvärde", "Startvärde"]
        case .baselineYear: ["Utgångsår", "År för utgångsvärde", "Basår", "Mätår utgångsvärde"]
        case .target: ["Målvärde", "Målnivå", "Målvärde värde"]
        case .targetYear: ["Målår", "År för målvärde", "Målvärde år"]
        case .direction: ["Riktning"]
        case .bySex: ["Könsuppdelad", "Könsuppdelat", "Uppdelat på kön"]
        case .source: ["Källa", "Datakälla"]
        case .indicatorKind: ["Indikatortyp", "Typ av indikator", "Typ"]
        }
    }
}

public enum ImportColumns {
    /// `Sannolikhet (1–4)` → `sannolikhet`; `S × K` → `s x k`; `Rapporteras till:` → `rapporteras till`.
    public static func normalize(_ heading: String) -> String {
        var text = ""
        var parenthesis = 0
        for scalar in heading.lowercased().unicodeScalars {
            switch scalar {
            case "(", "[": parenthesis += 1
            case ")", "]": parenthesis = max(0, parenthesis - 1)
            case _ where parenthesis > 0: continue
            case "×", "*": text += " x "
            case "-", "/", "_", "\n", "\t", ":", ".", ",", "?", "!", "\u{00A0}", "–", "—": text += " "
            default: text.unicodeScalars.append(scalar)
            }
        }
        return text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// Built once per process: every cell of a heading row is looked up here, and
    /// normalizing the built-in headings again for each was most of an import's time.
    private static let synonymTables: [DocumentKind: [String: ImportField]] = {
        var tables: [DocumentKind: [String: ImportField]] = [:]
        for field in ImportField.allCases {
            for heading in field.headings {
                let key = normalize(heading)
                if tables[field.kind, default: [:]][key] == nil { tables[field.kind, default: [:]][key] = field }
            }
        }
        return tables
    }()

    static func synonyms(for kind: DocumentKind) -> [String: ImportField] {
        synonymTables[kind] ?? [:]
    }

    /// The field a heading names: the configured mapping first, then the built-in headings.
    static func field(for heading: String, kind: DocumentKind, mapping: [String: ImportField]) -> ImportField? {
        let key = normalize(heading)
        if let field = mapping[key] { return field }
        return synonyms(for: kind)[key]
    }

    /// The field that tells the table apart: a risk table has risks, a goal table goals.
    static func anchor(_ kind: DocumentKind) -> ImportField { kind == .internkontrollplan ? .risk : .goal }
}
