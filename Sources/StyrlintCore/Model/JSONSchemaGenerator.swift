import Foundation

/// Turns `Schema` into a JSON Schema (draft 2020-12) for editors and validators
/// (`styrlint schema`, kept as schema/styrlint.schema.json).
///
/// JSON Schema sees YAML as a YAML 1.2 parser types it, so ids and texts that such a
/// parser reads as numbers (`0180`, `1.10`) are allowed as numbers here too; styrlint
/// itself always reads them as the characters written.
public enum JSONSchemaGenerator {
    public static let id = "https://styrlint.se/schema/v1/styrlint.schema.json"

    public static func generate() -> String {
        var definitions: [String: Any] = [:]
        var conditions: [[String: Any]] = []
        for kind in DocumentKind.allCases {
            let schema = Schema.schema(for: kind)
            definitions[kind.rawValue] = object(schema, definitions: &definitions)
            conditions.append([
                "if": ["properties": ["typ": ["const": kind.rawValue]], "required": ["typ"]],
                "then": ["$ref": "#/$defs/\(kind.rawValue)"],
            ])
        }
        let root: [String: Any] = [
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": id,
            "title": "styrlint plan repository document",
            "description": "One document of a plan repository: a verksamhetsplan, internkontrollplan or rapport (docs/format.md).",
            "type": "object",
            "required": ["typ", "id", "organ"],
            "properties": ["typ": ["enum": DocumentKind.allCases.map(\.rawValue), "description": "document kind"]],
            "allOf": conditions,
            "$defs": definitions,
        ]
        let data = try! JSONSerialization.data(withJSONObject: root, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    static func object(_ schema: ObjectSchema, definitions: inout [String: Any]) -> [String: Any] {
        var properties: [String: Any] = [:]
        var conditions: [[String: Any]] = []
        for field in schema.fields {
            var property = type(field.type, definitions: &definitions)
            property["description"] = field.summary
            properties[field.name] = property
            if let condition = field.requiredWhen {
                conditions.append([
                    "if": ["properties": [condition.key: ["enum": condition.values]], "required": [condition.key]],
                    "then": ["required": [field.name]],
                ])
            }
        }
        var result: [String: Any] = [
            "type": "object",
            "properties": properties,
            "additionalProperties": false,
        ]
        let required = schema.fields.filter(\.required).map(\.name)
        if !required.isEmpty { result["required"] = required }
        if !conditions.isEmpty { result["allOf"] = conditions }
        return result
    }

    static let datePattern = "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"
    static let monthPattern = "^[0-9]{4}-(0[1-9]|1[0-2])$"

    static func type(_ type: ValueType, definitions: inout [String: Any]) -> [String: Any] {
        switch type {
        case .text: return ["type": ["string", "number", "boolean"]]
        case .documentID: return ["type": "string", "pattern": Schema.documentIDPattern]
        case .elementID: return ["type": ["string", "number"]]
        case .integer(let min, let max): return ["type": "integer", "minimum": min, "maximum": max]
        case .number: return ["type": "number"]
        case .boolean: return ["anyOf": [["type": "boolean"], ["enum": ["ja", "nej", "Ja", "Nej", "JA", "NEJ"]]]]
        case .date: return ["type": "string", "format": "date", "pattern": datePattern]
        case .month: return ["type": "string", "pattern": monthPattern]
        case .year: return ["type": "integer", "minimum": 1900, "maximum": 2200]
        case .yearOrDate:
            return ["anyOf": [["type": "integer", "minimum": 1900, "maximum": 2200], ["type": "string", "format": "date", "pattern": datePattern]]]
        case .monthOrYear:
            return ["anyOf": [["type": "integer", "minimum": 1900, "maximum": 2200], ["type": "string", "pattern": monthPattern]]]
        case .oneOf(let values): return ["enum": values]
        case .list(let item): return ["type": "array", "items": self.type(item, definitions: &definitions)]
        case .object(let schema):
            let key = definitionKey(schema)
            if definitions[key] == nil {
                definitions[key] = [String: Any]()  // reserve the name before descending
                definitions[key] = object(schema, definitions: &definitions)
            }
            return ["$ref": "#/$defs/\(key)"]
        case .map(let value): return ["type": "object", "additionalProperties": self.type(value, definitions: &definitions)]
        case .free: return [:]
        }
    }

    /// Two objects share the name `åtgärd` (internal control and economy); keep them apart by their keys.
    static func definitionKey(_ schema: ObjectSchema) -> String {
        schema.name == "åtgärd" ? (schema.field("id") != nil ? "åtgärd-internkontroll" : "åtgärd-ekonomi") : schema.name
    }
}
