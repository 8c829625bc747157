/// A 1-based line and column (columns count characters, as libyaml does).
public struct SourcePosition: Sendable, Hashable, Comparable, Codable {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public static let start = SourcePosition(line: 1, column: 1)

    public static func < (lhs: SourcePosition, rhs: SourcePosition) -> Bool {
        (lhs.line, lhs.column) < (rhs.line, rhs.column)
    }
}

public struct SourceRange: Sendable, Hashable, Codable {
    public var start: SourcePosition
    public var end: SourcePosition

    public init(start: SourcePosition, end: SourcePosition) {
        self.start = start
        self.end = end
    }

    public static let fileStart = SourceRange(start: .start, end: .start)
}

/// A compact, immutable YAML tree: one flat array of node records, one array of
/// child indices and one array of decoded scalar strings. Aliases point at the
/// anchored node instead of copying it, so the tree is a DAG whose expanded size
/// the parser has already bounded.
public final class YAMLTree: Sendable {
    public enum Kind: UInt8, Sendable {
        case scalar, mapping, sequence
    }

    public enum ScalarStyle: UInt8, Sendable {
        case plain, singleQuoted, doubleQuoted, literal, folded, none
    }

    struct Record: Sendable, Equatable {
        var kind: Kind
        var style: ScalarStyle
        var start: SourcePosition
        var end: SourcePosition
        /// Scalars: index into `scalars`. Collections: index of the first child in `children`.
        var payload: Int32
        /// Collections: number of child slots (a mapping has two per entry).
        var count: Int32
        /// Index into `tags`, or -1 when the node carries no explicit tag.
        var tag: Int32
        /// A mapping key's number in `KeyTable` (`YAMLKey.unknown` for other names and nodes).
        var key: Int32 = YAMLKey.unknown
    }

    let records: [Record]
    let children: [Int32]
    let scalars: [String]
    let tags: [String]
    let rootIndex: Int32

    /// The same tree with some scalars read as another value (by node): how a value the
    /// schema recognises in another letter case reaches the checks as the value meant.
    func replacingScalars(_ replacements: [Int32: String]) -> YAMLTree {
        guard !replacements.isEmpty else { return self }
        var scalars = self.scalars
        var records = self.records
        for (node, text) in replacements where records[Int(node)].kind == .scalar {
            scalars[Int(records[Int(node)].payload)] = text
            // The intended value is read as if written plainly ("82,4" means 82.4).
            records[Int(node)].style = .plain
            // An anchored value may also be a key through an alias: it is then the intended key.
            records[Int(node)].key = KeyTable.id(of: text)
        }
        return YAMLTree(records: records, children: children, scalars: scalars, tags: tags, rootIndex: rootIndex)
    }

    init(records: [Record], children: [Int32], scalars: [String], tags: [String], rootIndex: Int32) {
        self.records = records
        self.children = children
        self.scalars = scalars
        self.tags = tags
        self.rootIndex = rootIndex
    }

    public var root: YAMLNode? {
        rootIndex >= 0 ? YAMLNode(tree: self, index: rootIndex) : nil
    }

    public var nodeCount: Int { records.count }
}

/// A cheap handle on one node of a `YAMLTree`.
public struct YAMLNode: Sendable {
    public let tree: YAMLTree
    let index: Int32

    var record: YAMLTree.Record { tree.records[Int(index)] }

    public var kind: YAMLTree.Kind { record.kind }
    public var style: YAMLTree.ScalarStyle { record.style }
    public var range: SourceRange { SourceRange(start: record.start, end: record.end) }
    public var start: SourcePosition { record.start }
    public var tag: String? {
        let tagIndex = record.tag
        return tagIndex >= 0 ? tree.tags[Int(tagIndex)] : nil
    }

    public var isScalar: Bool { kind == .scalar }
    public var isMapping: Bool { kind == .mapping }
    public var isSequence: Bool { kind == .sequence }

    /// The scalar's text exactly as written (after YAML unquoting), or nil for collections.
    public var scalar: String? {
        let record = record
        return record.kind == .scalar ? tree.scalars[Int(record.payload)] : nil
    }

    /// A plain scalar `~`, `null`, `Null`, `NULL` or an empty plain scalar.
    public var isNull: Bool {
        guard let text = scalar, style == .plain, tag == nil else { return false }
        // By length first: asked of nearly every value a check reads.
        switch text.utf8.count {
        case 0: return true
        case 1: return text == "~"
        case 4: return text == "null" || text == "Null" || text == "NULL"
        default: return false
        }
    }

    /// Sequence items in order (empty for other kinds). A view on the tree, not an array:
    /// checks walk items of nearly every node they visit, and an array per visit was a
    /// large part of the run's allocations.
    public var items: Items {
        let record = record
        guard record.kind == .sequence else { return .empty }
        WorkCounter.add(Int(record.count))
        return Items(tree: tree, first: Int(record.payload), count: Int(record.count))
    }

    /// Mapping entries in document order (empty for other kinds); a view, like `items`.
    public var entries: Entries {
        let record = record
        guard record.kind == .mapping else { return .empty }
        WorkCounter.add(Int(record.count) / 2)
        return Entries(tree: tree, first: Int(record.payload), count: Int(record.count) / 2)
    }

    public struct Items: RandomAccessCollection, Sendable {
        // Nil only in `empty`, whose count is 0, so no subscript ever reads it.
        let tree: YAMLTree?
        let first: Int
        public let count: Int

        public static let empty = Items(tree: nil, first: 0, count: 0)

        public var startIndex: Int { 0 }
        public var endIndex: Int { count }

        public subscript(position: Int) -> YAMLNode {
            precondition(position >= 0 && position < count, "item index out of range")
            return YAMLNode(tree: tree!, index: tree!.children[first + position])
        }
    }

    public struct Entries: RandomAccessCollection, Sendable {
        // Nil only in `empty`, whose count is 0, so no subscript ever reads it.
        let tree: YAMLTree?
        let first: Int
        public let count: Int

        public static let empty = Entries(tree: nil, first: 0, count: 0)

        public var startIndex: Int { 0 }
        public var endIndex: Int { count }

        public subscript(position: Int) -> (key: YAMLNode, value: YAMLNode) {
            precondition(position >= 0 && position < count, "entry index out of range")
            let slot = first + 2 * position
            let tree = tree!
            return (YAMLNode(tree: tree, index: tree.children[slot]), YAMLNode(tree: tree, index: tree.children[slot + 1]))
        }
    }

    /// The value of the first entry whose key is the scalar `key`.
    public subscript(key: String) -> YAMLNode? {
        self[YAMLKey(key)]
    }

    /// The value of the first entry whose key is `key`: by number for the format's keys,
    /// by bytes (among keys without a number) for any other.
    public subscript(key: YAMLKey) -> YAMLNode? {
        let record = record
        guard record.kind == .mapping else { return nil }
        let first = Int(record.payload)
        let count = Int(record.count)
        var slot = 0
        return tree.records.withUnsafeBufferPointer { records in
            tree.children.withUnsafeBufferPointer { children in
                while slot < count {
                    let keyRecord = records[Int(children[first + slot])]
                    if keyRecord.key == key.id,
                       key.id != YAMLKey.unknown || (keyRecord.kind == .scalar && Self.sameBytes(tree.scalars[Int(keyRecord.payload)], key.name)) {
                        WorkCounter.add(slot / 2 + 1)
                        return YAMLNode(tree: tree, index: children[first + slot + 1])
                    }
                    slot += 2
                }
                WorkCounter.add(slot / 2)
                return nil
            }
        }
    }

    /// The key's number in `KeyTable`, when this node is a mapping key of the format.
    var keyID: Int32 { record.key }

    @inline(__always) public static func sameBytes(_ a: String, _ b: String) -> Bool {
        a.utf8.count == b.utf8.count && a.utf8.elementsEqual(b.utf8)
    }

    /// The key node of the entry `key`, for pointing at the key rather than its value.
    public func keyNode(_ key: String) -> YAMLNode? {
        entries.first { $0.key.scalar == key }?.key
    }
}

import Synchronization

/// Node visits (items, entries, keys compared), counted only while a scaling measurement
/// runs (`--count-work`, a process of its own): work a quadratic check would show as
/// quadratic, unlike the number of checks run, which grows with the elements by
/// construction.
public enum WorkCounter {
    // An atomic, not a plain static var: a global var is checked for exclusive access at
    // run time on every read, and `add` runs for nearly every node a check visits.
    private static let switchedOn = Atomic<Bool>(false)
    static let visits = Atomic<Int>(0)

    public static var enabled: Bool {
        get { switchedOn.load(ordering: .relaxed) }
        set { switchedOn.store(newValue, ordering: .relaxed) }
    }

    @inline(__always) static func add(_ count: Int) {
        if switchedOn.load(ordering: .relaxed) { visits.add(count, ordering: .relaxed) }
    }

    public static var total: Int { visits.load(ordering: .relaxed) }
}
