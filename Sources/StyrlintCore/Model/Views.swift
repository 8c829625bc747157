/// Typed read access to the elements of a document. The loader has already reported
/// every value of the wrong type, so these accessors return nil for such values.
public extension YAMLNode {
    func text(_ key: String) -> String? {
        guard let node = self[key], let value = node.scalar, !node.isNull, !value.isBlank else { return nil }
        return value
    }

    func number(_ key: String) -> Double? {
        guard let node = self[key], case .success(let value) = ScalarValue.number(node) else { return nil }
        return value
    }

    func integer(_ key: String) -> Int? {
        self[key].flatMap(ScalarValue.integer)
    }

    /// A year the schema accepts (1900–2200); anything else has been reported as DOK005
    /// and must never reach date arithmetic.
    func year(_ key: String) -> Int? {
        guard let value = integer(key), (1900...2200).contains(value) else { return nil }
        return value
    }

    func boolean(_ key: String) -> Bool? {
        guard let node = self[key], case .success(let value) = ScalarValue.boolean(node) else { return nil }
        return value
    }

    func date(_ key: String) -> Day? {
        self[key]?.scalar.flatMap(Day.init(iso:))
    }

    /// A year written as an integer, or the year of a date (`klart: 2026` or `klart: 2026-06-30`).
    func yearOrDateYear(_ key: String) -> Int? {
        if let year = year(key) { return year }
        return date(key)?.year
    }

    func list(_ key: String) -> Items {
        self[key]?.items ?? .empty
    }

    /// Scalar items of a list of ids.
    func strings(_ key: String) -> [String] {
        list(key).compactMap { $0.isScalar && !$0.isNull ? $0.scalar : nil }
    }

    func has(_ key: String) -> Bool {
        guard let node = self[key] else { return false }
        if node.isNull { return false }
        if let text = node.scalar { return !text.isBlank }
        return true
    }
}

/// The plan period `{från, till}`.
public struct PlanPeriod: Sendable, Equatable {
    public var from: Int
    public var to: Int

    public func contains(_ year: Int) -> Bool { (from...max(from, to)).contains(year) }
    public var years: ClosedRange<Int> { from...max(from, to) }
    public var description: String { "\(from)–\(to)" }
}

public extension YAMLNode {
    var planPeriod: PlanPeriod? {
        guard let period = self["period"], let from = period.year("från"), let to = period.year("till") else { return nil }
        return PlanPeriod(from: from, to: to)
    }
}

/// The levels of the röda tråden, highest first.
public enum PlanLevel: String, Sendable, CaseIterable {
    case fullmäktige, nämnd, bolag, verksamhet, enhet

    /// Nämnd and bolag share a rank: both break fullmäktige goals down.
    public var rank: Int {
        switch self {
        case .fullmäktige: return 0
        case .nämnd, .bolag: return 1
        case .verksamhet: return 2
        case .enhet: return 3
        }
    }
}

public extension Document {
    var goals: YAMLNode.Items { root?.list("mål") ?? .empty }
    var period: PlanPeriod? { root?.planPeriod }
}

extension String {
    /// Empty or only white space; checks the first scalar before anything slower.
    var isBlank: Bool {
        guard let first = unicodeScalars.first else { return true }
        // Asked of nearly every value read: an ASCII letter, digit or sign answers without
        // looking up Unicode properties (ASCII whitespace is tab to CR and space).
        if first.isASCII, !(0x09...0x0D).contains(first.value), first.value != 0x20 { return false }
        if !first.properties.isWhitespace { return false }
        return unicodeScalars.allSatisfy(\.properties.isWhitespace)
    }
}
