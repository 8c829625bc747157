import Foundation

/// A JSON Schema (draft 2020-12) of styrlint.yml, for editors that complete and check
/// it (`styrlint schema --config`, kept as schema/styrlint-config.schema.json). The
/// reader in Config.swift stays the authority: a test holds the two to the same keys.
public enum ConfigSchema {
    public static let id = "https://styrlint.se/schema/v1/styrlint-config.schema.json"

    static func strings(_ description: String) -> [String: Any] {
        ["type": "array", "items": ["type": "string", "minLength": 1], "description": description]
    }

    static func integer(_ range: ClosedRange<Int>, _ description: String) -> [String: Any] {
        ["type": "integer", "minimum": range.lowerBound, "maximum": range.upperBound, "description": description]
    }

    static func closed(_ properties: [String: Any], description: String, required: [String] = []) -> [String: Any] {
        var object: [String: Any] = ["type": "object", "properties": properties, "additionalProperties": false, "description": description]
        if !required.isEmpty { object["required"] = required }
        return object
    }

    public static func generate() -> String {
        let severity: [String: Any] = ["enum": ["fel", "varning", "info", "av", "off"]]
        let selection = closed([
            "välj": strings("run only these rules, families or names"),
            "utöka": strings("run these too"),
            "ignorera": strings("do not run these"),
        ], description: "a rule selection")
        let columns: [String: Any] = [
            "type": "object",
            "additionalProperties": ["enum": ImportField.allCases.map(\.rawValue)],
            "description": "column heading → field of the format, for headings the built-in list does not know",
        ]
        let source = closed([
            "fil": ["type": "string", "pattern": "\\.([xX][lL][sS][xXmM]|[dD][oO][cC][xX]|[cC][sS][vV]|[tT][xX][tT])$", "description": "path of the workbook, Word document or CSV file"],
            "typ": ["enum": ["internkontrollplan", "verksamhetsplan"]],
            "organ": ["type": "string", "description": "the organ's id"],
            "id": ["type": "string", "pattern": Schema.documentIDPattern, "description": "document id (default ORGAN-ik-ÅR / ORGAN-vp-ÅR)"],
            "kommun": ["type": "string"],
            "år": integer(1900...2200, "the plan year, or the first year of the period"),
            "till": integer(1900...2200, "verksamhetsplan: the last year of the period"),
            "nivå": ["enum": Schema.levels],
            "överordnad": ["type": "string", "description": "verksamhetsplan: the plan this one is broken down from"],
            "status": ["enum": ["utkast", "förslag", "beslutad"]],
            "blad": ["type": "string", "description": "the sheet or table (Tabell 2) to read"],
            "rubrikrad": integer(1...1_048_576, "the heading row"),
            "kolumner": columns,
            "fält": ["type": "object", "description": "further header entries of the document (beslut, riskanalys …), written as in YAML"],
        ], description: "a plan kept outside YAML, read and checked in place", required: ["fil", "typ", "organ", "år"])
        let rule: [String: Any] = ["oneOf": [
            severity,
            closed(["allvarlighet": severity, "parametrar": ["type": "object"]], description: "severity and options of a rule"),
        ]]
        let properties: [String: Any] = [
            "version": ["const": 1],
            "ärver": ["type": "string", "description": "another styrlint.yml whose settings this one refines"],
            "sökvägar": strings("folders and files of the repository to check"),
            "regelmappar": strings("folders of extra rule files"),
            "regler": ["type": "object", "additionalProperties": rule, "description": "per rule id: a severity, or allvarlighet and parametrar"],
            "ignorera": ["type": "array", "items": closed(["sökväg": ["type": "string"], "regler": strings("rule ids")],
                                                            description: "files (glob) to leave out, for some rules or all", required: ["sökväg"])],
            "profiler": ["type": "object", "additionalProperties": selection, "description": "named selections chosen with --profil"],
            "gränser": closed([
                "filstorlek_kb": integer(1...1_048_576, "largest file read"),
                "djup": integer(8...10_000, "deepest nesting"),
                "alias_noder": integer(100...100_000_000, "most nodes aliases may expand to"),
                "dokument": integer(1...10_000_000, "most documents in a repository"),
                "sekunder_per_dokument": integer(1...3600, "longest time to read one document"),
            ], description: "limits on what one run reads"),
            "risk": closed(["skala": integer(2...10, "points on the sannolikhet and konsekvens scales"),
                            "tröskel": integer(1...100, "risk value that demands a control or action")],
                           description: "risk scale and threshold"),
            "budgetavvikelse": closed(["procent": ["type": "number", "minimum": 0], "tkr": ["type": "number", "minimum": 0]],
                                      description: "when a forecast's deviation needs an analysis"),
            "årshjul": ["type": "object", "description": "the reporting calendar (docs/format.md)",
                        "properties": ["månadsrapport": ["type": "object"], "delår": ["type": "array"], "årsbokslut": ["type": "object"],
                                       "internkontrollrapport": ["type": "object"], "planbeslut": ["type": "object"], "internkontrollplan": ["type": "object"]]],
            "import": closed(["kolumner": columns, "filer": ["type": "array", "items": source]],
                             description: "plans kept as workbooks, Word documents or CSV files (docs/import.md)"),
            "signal": closed(["styrning": strings("rules (id, family or name) whose errors make an organ red"),
                              "form": strings("rules whose errors and warnings make an organ yellow, never red"),
                              "ingen": strings("rules counted but not coloured")],
                             description: "what rules weigh in the audit report's traffic light (docs/audit.md)"),
            "kolada": closed(["katalog": ["type": "string", "description": "Kolada's KPI catalogue saved from its API (styrlint kolada hämta)"]],
                             description: "checks of indicators against Kolada (MV011–MV014)"),
        ]
        let root: [String: Any] = [
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": id,
            "title": "styrlint.yml",
            "description": "Configuration of a plan repository (README: Configuration; docs/import.md).",
            "type": "object",
            "properties": properties,
            "additionalProperties": false,
        ]
        let data = try! JSONSerialization.data(withJSONObject: root, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// The top-level keys the schema describes, for the test that holds it to the reader.
    public static var topLevelKeys: [String] {
        let data = Data(generate().utf8)
        let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
        return ((object?["properties"] as? [String: Any])?.keys).map { Array($0).sorted() } ?? []
    }
}
