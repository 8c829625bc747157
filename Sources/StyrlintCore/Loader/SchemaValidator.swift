/// Types a parsed document against `Schema` and reports what does not fit:
/// missing keys (DOK004), wrong types and forms (DOK005) and unknown keys (DOK006).
public struct SchemaValidator {
    private(set) var problems: [LoadProblem] = []
    /// Values reported once as off their enumeration but with one clear intended value
    /// (another letter case, stray spaces): the checks read the intended one, so one
    /// typo does not switch off or mislead every check that depends on it.
    private(set) var intended: [Int32: String] = [:]
    let subjectPrefix: String
    /// The path to the value being checked, as segments; joined only when reporting,
    /// since most documents have nothing to report.
    private var segments: [Segment] = []

    private enum Segment {
        case key(String)
        /// A list item, named when reporting by its id (or `mål`) or its position.
        case item(YAMLNode, index: Int)

        var text: String {
            switch self {
            case .key(let name): return name
            case .item(let item, let index):
                return "[\(item.isMapping ? (item.text("id") ?? item.text("mål") ?? "#\(index + 1)") : "#\(index + 1)")]"
            }
        }
    }

    init(subjectPrefix: String) {
        self.subjectPrefix = subjectPrefix
    }

    private var path: String {
        var text = ""
        for segment in segments {
            if !text.isEmpty, case .key = segment { text += "." }
            text += segment.text
        }
        return text
    }

    mutating func validate(_ node: YAMLNode, as schema: ObjectSchema) {
        guard node.isMapping else {
            report(.type, "mapping", ["key": path, "found": Self.describe(node)], node)
            return
        }
        var seen = [Bool](repeating: false, count: schema.fields.count)
        // Two unknown keys that would both be renamed to the same known key: neither is,
        // as the mapping would then hold that key twice. Counted only when a mapping has an
        // unknown key, which is rare.
        var renamesCounted: [String: Int]?
        func renames(_ known: String) -> Int {
            if renamesCounted == nil {
                var counts: [String: Int] = [:]
                for (key, _) in node.entries {
                    guard let name = key.scalar, !schema.fields.contains(where: { YAMLNode.sameBytes($0.name, name) }),
                          let target = Suggestion.unique(to: name, among: schema.fields.map(\.name)) else { continue }
                    counts[target, default: 0] += 1
                }
                renamesCounted = counts
            }
            return renamesCounted![known] ?? 0
        }
        let fieldIndexes = KeyTable.fieldIndexes(of: schema)
        for (key, value) in node.entries {
            guard let name = key.scalar else { continue }
            let known: Int?
            if let fieldIndexes {
                let id = key.keyID
                known = id == YAMLKey.unknown ? nil : Int(fieldIndexes[Int(id)]) >= 0 ? Int(fieldIndexes[Int(id)]) : nil
            } else {
                known = schema.fields.firstIndex(where: { YAMLNode.sameBytes($0.name, name) })
            }
            guard let index = known else {
                if name == "<<" { continue }  // reported by the parser as a merge key
                let suggestion = Suggestion.closest(to: name, among: schema.fields.map(\.name))
                segments.append(.key(name))
                // Renaming is a guess at what was meant, and only possible when the
                // mapping does not hold the right key already.
                let rename = Suggestion.unique(to: name, among: schema.fields.map(\.name)).flatMap { known in
                    node[known] == nil && renames(known) == 1 ? Fix.replacing(key, with: known, .unsafe) : nil
                }
                report(.unknownKey, suggestion == nil ? nil : "suggestion",
                       ["key": name, "object": schema.name, "suggestion": suggestion ?? "",
                        "known": schema.fields.map(\.name).joined(separator: ", ")], key, fix: rename)
                segments.removeLast()
                continue
            }
            seen[index] = true
            let field = schema.fields[index]
            segments.append(.key(name))
            defer { segments.removeLast() }
            if value.isNull {
                let conditionallyRequired = field.requiredWhen.map { condition in
                    node[condition.key]?.scalar.map(condition.values.contains) ?? false
                } ?? false
                if field.required || conditionallyRequired {
                    report(.required, "empty", ["key": name, "object": schema.name], key)
                }
                continue
            }
            check(value, field.type, key: name)
        }
        // A period whose first year comes after its last: no check that counts its years
        // can say anything true of it, so it is a fault of the value itself.
        if schema === Schema.period, let from = node["från"], let to = node["till"],
           let first = ScalarValue.integer(from), let last = ScalarValue.integer(to), first > last {
            report(.type, "reversedPeriod", ["key": path, "first": from.scalar ?? "", "last": to.scalar ?? ""], from)
        }
        for (index, field) in schema.fields.enumerated() where !seen[index] {
            var required = field.required
            if let condition = field.requiredWhen, let actual = node[condition.key]?.scalar, condition.values.contains(actual) {
                required = true
            }
            if required {
                segments.append(.key(field.name))
                report(.required, nil, ["key": field.name, "object": schema.name], node, pointAtStart: true)
                segments.removeLast()
            }
        }
    }

    private mutating func check(_ node: YAMLNode, _ type: ValueType, key: String) {
        switch type {
        case .free:
            return
        case .object(let schema):
            validate(node, as: schema)
        case .list(let itemType):
            guard node.isSequence else {
                report(.type, "list", ["key": key, "found": Self.describe(node)], node)
                return
            }
            for (index, item) in node.items.enumerated() {
                // Ids rather than positions, so a finding keeps its identity when items are added above it.
                segments.append(.item(item, index: index))
                defer { segments.removeLast() }
                if item.isNull {
                    report(.type, "emptyItem", ["key": key], item)
                } else {
                    check(item, itemType, key: key)
                }
            }
        case .map(let valueType):
            guard node.isMapping else {
                report(.type, "mapping", ["key": key, "found": Self.describe(node)], node)
                return
            }
            for (entryKey, value) in node.entries {
                let name = entryKey.scalar ?? ""
                segments.append(.key(name))
                check(value, valueType, key: "\(key).\(name)")
                segments.removeLast()
            }
        default:
            guard let text = node.scalar else {
                report(.type, "scalar", ["key": key, "found": Self.describe(node)], node)
                return
            }
            checkScalar(node, text: text, type, key: key)
        }
    }

    private mutating func checkScalar(_ node: YAMLNode, text: String, _ type: ValueType, key: String) {
        // Built only on the rare path that reports something.
        var arguments: [String: String] { ["key": key, "value": Self.shorten(text)] }
        switch type {
        case .text:
            break
        case .elementID:
            if text.allSatisfy({ $0 == " " || $0 == "\t" }) {
                report(.type, "emptyID", arguments, node)
            }
        case .documentID:
            if !Self.isDocumentID(text) {
                report(.type, "documentID", arguments, node)
            }
        case .number:
            if case .failure(let problem) = ScalarValue.number(node) {
                var arguments = arguments
                switch problem {
                case .decimalComma:
                    let fixed = text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ",", with: ".")
                    arguments["fixed"] = fixed
                    report(.type, "decimalComma", arguments, node, fix: Self.numberFix(node, fixed, .safe))
                    intend(node, number: fixed)
                case .unit:
                    // The whole number before the unit: "56 097 tkr" is 56097, not 56.
                    let written = ScalarValue.numberPrefix(text.trimmingCharacters(in: .whitespaces)).trimmingCharacters(in: .whitespaces)
                    let fixed = Self.repairedNumber(written) ?? written.replacingOccurrences(of: ",", with: ".")
                    arguments["fixed"] = fixed
                    // Only a percent sign is dropped (the enhet says procent); any other unit
                    // (tkr, mnkr, "av 10") changes the magnitude or the meaning.
                    let percent = Self.percentNumber.matches(text)
                    report(.type, "unit", arguments, node, fix: percent ? Self.numberFix(node, fixed, .unsafe) : nil)
                case .quoted:
                    let fixed = text.trimmingCharacters(in: .whitespaces)
                    arguments["fixed"] = fixed
                    report(.type, "quotedNumber", arguments, node, fix: Self.numberFix(node, fixed, .safe))
                    intend(node, number: fixed)
                case .leadingZero: report(.type, "leadingZero", arguments, node)
                case .notFinite: report(.type, "notFinite", arguments, node)
                case .notANumber:
                    // Pasted from Word or Excel: "84 500" with a (no-break) space between
                    // digit groups, "−2100" with a Unicode minus. Say exactly what to write.
                    if let fixed = Self.repairedNumber(text) {
                        arguments["fixed"] = fixed
                        report(.type, "numberFixable", arguments, node, fix: Self.numberFix(node, fixed, .safe))
                        intend(node, number: fixed)
                    } else {
                        report(.type, "number", arguments, node)
                    }
                }
            }
        case .integer(let min, let max):
            guard let value = ScalarValue.integer(node) else {
                report(.type, "integer", arguments, node)
                return
            }
            if value < min || value > max {
                report(.type, "range", arguments.merging(["min": "\(min)", "max": "\(max)"]) { a, _ in a }, node)
            }
        case .year:
            guard let value = ScalarValue.integer(node), (1900...2200).contains(value) else {
                report(.type, "year", arguments, node)
                return
            }
        case .boolean:
            switch ScalarValue.boolean(node) {
            case .success: break
            case .failure(.yaml11Word(let word)):
                let meant = ["yes", "on", "y"].contains(word.lowercased()) ? "true" : "false"
                report(.type, "yaml11Boolean", arguments, node, fix: Fix.replacing(node, with: meant, .safe))
                // One clear reading: the other checks read it, so no check reports the value missing.
                intended[node.index] = meant
            case .failure: report(.type, "boolean", arguments, node)
            }
        case .date:
            if Day(iso: text) == nil {
                report(.type, Self.looksLikeDate(text) ? "impossibleDate" : "date", arguments, node)
            }
        case .month:
            if Month(iso: text) == nil { report(.type, "month", arguments, node) }
        case .yearOrDate:
            if let year = ScalarValue.integer(node), (1900...2200).contains(year) { return }
            if Day(iso: text) == nil {
                report(.type, Self.looksLikeDate(text) ? "impossibleDate" : "yearOrDate", arguments, node)
            }
        case .monthOrYear:
            if let year = ScalarValue.integer(node), (1900...2200).contains(year) { return }
            if Month(iso: text) == nil { report(.type, "monthOrYear", arguments, node) }
        case .oneOf(let values):
            if !values.contains(text) {
                let folded = text.trimmingCharacters(in: .whitespaces).lowercased()
                let meant = values.first(where: { $0.lowercased() == folded })
                if let meant { intended[node.index] = meant }
                var arguments = arguments
                arguments["accepted"] = values.joined(separator: ", ")
                if let suggestion = meant ?? Suggestion.closest(to: text, among: values) {
                    arguments["suggestion"] = suggestion
                    // Another letter case or stray spaces is the same word; a close
                    // spelling is a guess.
                    let fixed = meant ?? Suggestion.unique(to: text, among: values)
                    report(.type, "enumSuggestion", arguments, node,
                           fix: fixed.flatMap { Fix.replacing(node, with: $0, meant == nil ? .unsafe : .safe) })
                } else {
                    report(.type, "enum", arguments, node)
                }
            }
        case .list, .object, .map, .free:
            break
        }
    }

    private mutating func report(_ check: LoadProblem.Check, _ variant: String?, _ arguments: [String: String],
                                 _ node: YAMLNode, pointAtStart: Bool = false, fix: Fix? = nil) {
        let range = pointAtStart ? SourceRange(start: node.start, end: node.start) : node.range
        problems.append(LoadProblem(check: check, variant: variant, arguments: arguments, range: range,
                                    subject: "\(subjectPrefix)/\(path)", fix: fix))
    }

    /// A number with one clear reading ("82,4", "84 500", "−2100", a quoted number) is
    /// reported once and read as meant by every other check, so a typing slip does not
    /// also report the value as missing.
    private mutating func intend(_ node: YAMLNode, number fixed: String) {
        guard let value = Double(fixed), value.isFinite, node.tag == nil else { return }
        intended[node.index] = fixed
    }

    /// A number repair, only when the result is a number YAML reads as one.
    private static let percentNumber = TextPattern(#"^\s*-?[0-9]+([.,][0-9]+)?\s*(%|procent)\s*$"#)

    private static func numberFix(_ node: YAMLNode, _ fixed: String, _ applicability: Fix.Applicability) -> Fix? {
        guard let value = Double(fixed), value.isFinite, !fixed.hasPrefix("."), !fixed.hasSuffix("."),
              // Only decimal digits: 0x10, 1_000, 1e3 and a leading zero (read as octal by
              // YAML 1.1) are not written as numbers.
              fixed.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "." || $0 == "-") }),
              !ScalarValue.hasLeadingZero(fixed) else { return nil }
        return Fix.replacing(node, with: fixed, applicability)
    }

    static func isDocumentID(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, Self.isLowerAlnum(first) else { return false }
        return text.unicodeScalars.allSatisfy { isLowerAlnum($0) || $0 == "." || $0 == "_" || $0 == "-" }
    }

    private static func isLowerAlnum(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar)
    }

    private static func looksLikeDate(_ text: String) -> Bool {
        let parts = text.split(separator: "-")
        return parts.count == 3 && parts.allSatisfy { $0.allSatisfy(\.isNumber) }
    }

    static func describe(_ node: YAMLNode) -> String {
        switch node.kind {
        case .mapping: return "{…}"
        case .sequence: return "[…]"
        case .scalar: return shorten(node.scalar ?? "")
        }
    }

    static func shorten(_ text: String) -> String {
        Self.shorten(text.replacingOccurrences(of: "\n", with: " "), limit: 60)
    }

    /// At most `limit` characters, cut at a word boundary when there is one.
    public static func shorten(_ text: String, limit: Int) -> String {
        guard text.count > limit else { return text }
        let head = text.prefix(limit - 1)
        let cut = head.lastIndex(of: " ").map { head[..<$0] } ?? head
        return String(cut.count >= limit / 2 ? cut : head) + "…"
    }

    /// The number a text means when only its typing is off: group spaces, a Unicode
    /// minus or dash, a decimal comma. Nil when it is not a number at all.
    static func repairedNumber(_ text: String) -> String? {
        var cleaned = text.trimmingCharacters(in: .whitespaces)
        for minus in ["\u{2212}", "\u{2013}", "\u{2014}"] where cleaned.hasPrefix(minus) { cleaned = "-" + cleaned.dropFirst() }
        cleaned = cleaned.filter { $0 != " " && $0 != "\u{00A0}" && $0 != "\u{202F}" && $0 != "\u{2009}" }
        cleaned = cleaned.replacingOccurrences(of: ",", with: ".")
        guard cleaned != text, cleaned.contains(where: \.isNumber), Double(cleaned) != nil else { return nil }
        return cleaned
    }
}

/// Closest-word suggestions for misspelt keys and enum values.
public enum Suggestion {
    public static func closest(to word: String, among candidates: [String]) -> String? {
        let target = Array(word.lowercased())
        var best: (String, Int)?
        for candidate in candidates {
            let distance = editDistance(target, Array(candidate.lowercased()))
            if distance < (best?.1 ?? Int.max) { best = (candidate, distance) }
        }
        guard let (candidate, distance) = best else { return nil }
        let allowed = max(2, min(word.count, candidate.count) / 3)
        return distance <= allowed ? candidate : nil
    }

    /// The closest candidate only when no other is as close: what a fix may write.
    static func unique(to word: String, among candidates: [String]) -> String? {
        guard let best = closest(to: word, among: candidates) else { return nil }
        let target = Array(word.lowercased())
        let distance = editDistance(target, Array(best.lowercased()))
        let ties = Set(candidates).filter { editDistance(target, Array($0.lowercased())) == distance }
        return ties.count == 1 ? best : nil
    }

    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        if a.count > 64 || b.count > 64 { return max(a.count, b.count) }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}

import Foundation
