/// A rule option or config parameter: a small JSON-like value detached from its YAML tree.
public enum OptionValue: Sendable, Equatable, CustomStringConvertible {
    case string(String)
    case number(Double)
    case bool(Bool)
    case list([OptionValue])
    case map([String: OptionValue])
    case null

    init(_ node: YAMLNode, depth: Int = 0) {
        guard depth < 16 else { self = .null; return }
        switch node.kind {
        case .scalar:
            if node.isNull {
                self = .null
            } else if node.style == .plain, case .success(let number) = ScalarValue.number(node) {
                self = .number(number)
            } else if node.style == .plain, case .success(let flag) = ScalarValue.boolean(node) {
                self = .bool(flag)
            } else {
                self = .string(node.scalar ?? "")
            }
        case .sequence:
            self = .list(node.items.map { OptionValue($0, depth: depth + 1) })
        case .mapping:
            var map: [String: OptionValue] = [:]
            for (key, value) in node.entries { map[key.scalar ?? ""] = OptionValue(value, depth: depth + 1) }
            self = .map(map)
        }
    }

    public var string: String? {
        switch self {
        case .string(let text): return text
        case .number(let number): return number.formattedPlain
        case .bool(let flag): return flag ? "true" : "false"
        default: return nil
        }
    }

    public var number: Double? {
        if case .number(let number) = self { return number }
        return nil
    }

    public var bool: Bool? {
        if case .bool(let flag) = self { return flag }
        return nil
    }

    /// A list of scalars; a single scalar counts as a list of one.
    public var strings: [String]? {
        switch self {
        case .list(let items): return items.compactMap(\.string)
        case .null: return nil
        default: return string.map { [$0] }
        }
    }

    public var map: [String: OptionValue]? {
        if case .map(let map) = self { return map }
        return nil
    }

    public var description: String {
        switch self {
        case .string(let text): return text
        case .number(let number): return number.formattedPlain
        case .bool(let flag): return flag ? "true" : "false"
        case .list(let items): return "[" + items.map(\.description).joined(separator: ", ") + "]"
        case .map(let map): return "{" + map.keys.sorted().map { "\($0): \(map[$0]!.description)" }.joined(separator: ", ") + "}"
        case .null: return "null"
        }
    }
}

extension Double {
    /// `90` rather than `90.0`; used in messages and output.
    public var formattedPlain: String {
        if self == rounded(), abs(self) < 1e15 { return String(Int(self)) }
        return String(self)
    }
}

/// The options a check function receives: the rule's options overlaid with the config's.
public struct Options: Sendable {
    public let values: [String: OptionValue]
    /// List options resolved once per rule, not once per element.
    private let lists: [String: [String]]
    /// Word-list options parsed into patterns once per rule.
    let patterns: [String: WordPatterns]
    /// Path options split once per rule.
    private let compiledPaths: [String: CompiledPath]
    private let compiledPathLists: [String: [CompiledPath]]

    /// `wordLists`: the options the function declares as word lists, parsed into patterns;
    /// `paths`: those it declares as paths or lists of paths, split into keys.
    public init(values: [String: OptionValue], wordLists: Set<String> = [], paths: Set<String> = []) {
        self.values = values
        var lists: [String: [String]] = [:]
        var patterns: [String: WordPatterns] = [:]
        var compiledPaths: [String: CompiledPath] = [:]
        var compiledPathLists: [String: [CompiledPath]] = [:]
        for (name, value) in values {
            if paths.contains(name), let path = value.string { compiledPaths[name] = CompiledPath(path) }
            guard let strings = value.strings else { continue }
            lists[name] = strings
            if wordLists.contains(name) { patterns[name] = WordPatterns.shared(strings) }
            if paths.contains(name) { compiledPathLists[name] = strings.map(CompiledPath.init) }
        }
        self.lists = lists
        self.patterns = patterns
        self.compiledPaths = compiledPaths
        self.compiledPathLists = compiledPathLists
    }

    /// A path option, split (nil when not set or not declared as a path).
    public func path(_ name: String) -> CompiledPath? { compiledPaths[name] }
    /// A list-of-paths option, split.
    public func paths(_ name: String) -> [CompiledPath] { compiledPathLists[name] ?? [] }

    public subscript(name: String) -> OptionValue? { values[name] }

    public func string(_ name: String) -> String? { values[name]?.string }
    public func strings(_ name: String) -> [String] { lists[name] ?? [] }
    public func number(_ name: String) -> Double? { values[name]?.number }
    public func bool(_ name: String, default fallback: Bool = false) -> Bool { values[name]?.bool ?? fallback }
}

extension Int {
    /// The nearest Int to a finite Double; infinities and NaN become the bounds or 0.
    init(clamping value: Double) {
        if value.isNaN { self = 0 } else if value >= 9.2e18 { self = .max } else if value <= -9.2e18 { self = .min } else { self = Int(value) }
    }

    func addingClamped(_ other: Int) -> Int {
        let (sum, overflow) = addingReportingOverflow(other)
        return overflow ? (other > 0 ? .max : .min) : sum
    }
}
