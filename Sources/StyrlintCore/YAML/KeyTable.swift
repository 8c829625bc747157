import Foundation

/// The format's mapping keys as small integers. The parser gives every key it reads the
/// number of its name here, once per mapping entry; after that, finding a key in a
/// mapping, a field in the schema and a duplicate key compare integers instead of text.
///
/// The names are every key the schema knows (`Schema`), which is every key a check or a
/// rule path can ask for. A key outside them (a misspelling, a key of styrlint.yml or of a
/// rule file) has no number: it is stored as `YAMLKey.unknown` and compared by its bytes.
public enum KeyTable {
    private struct Table: Sendable {
        var names: [[UInt8]] = []
        /// The same names as strings, handed to the tree for a key it reads (no decoding).
        var strings: [String] = []
        /// Open addressing over an FNV-1a hash of the UTF-8 bytes: Swift's own String
        /// hashing normalizes non-ASCII text (`nivå`, `mål`) first, which cost more than
        /// all the comparisons it saved.
        var slots: [Int32] = []
        var mask = 0
        var fieldIndexes: [ObjectIdentifier: [Int16]] = [:]
    }

    private static let table: Table = {
        var table = Table()
        var ids: [String: Int32] = [:]
        var objects: [ObjectSchema] = []
        var visited = Set<ObjectIdentifier>()
        func add(_ name: String) {
            guard ids[name] == nil else { return }
            ids[name] = Int32(table.names.count)
            table.names.append(Array(name.utf8))
            table.strings.append(name)
        }
        func walk(_ type: ValueType) {
            switch type {
            case .object(let schema): visit(schema)
            case .list(let inner), .map(let inner): walk(inner)
            default: break
            }
        }
        func visit(_ schema: ObjectSchema) {
            guard visited.insert(ObjectIdentifier(schema)).inserted else { return }
            objects.append(schema)
            for field in schema.fields {
                add(field.name)
                if let condition = field.requiredWhen { add(condition.key) }
                walk(field.type)
            }
        }
        for kind in DocumentKind.allCases { visit(Schema.schema(for: kind)) }
        var size = 16
        while size < table.names.count * 4 { size *= 2 }
        table.slots = [Int32](repeating: -1, count: size)
        table.mask = size - 1
        for (id, name) in table.names.enumerated() {
            var slot = name.withUnsafeBufferPointer(hash) & table.mask
            while table.slots[slot] >= 0 { slot = (slot + 1) & table.mask }
            table.slots[slot] = Int32(id)
        }
        for schema in objects {
            var indexes = [Int16](repeating: -1, count: table.names.count)
            // The first field of a name wins, as a lookup by name finds it.
            for (index, field) in schema.fields.enumerated().reversed() { indexes[Int(ids[field.name]!)] = Int16(index) }
            table.fieldIndexes[ObjectIdentifier(schema)] = indexes
        }
        return table
    }()

    @inline(__always) private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var hash: UInt32 = 2_166_136_261
        for byte in bytes { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        return Int(hash)
    }

    /// The number of a key name, or `YAMLKey.unknown`.
    static func id(of name: String) -> Int32 {
        if let id = name.utf8.withContiguousStorageIfAvailable(id(of:)) { return id }
        return Array(name.utf8).withUnsafeBufferPointer(id(of:))
    }

    static func id(of bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
        var slot = hash(bytes) & table.mask
        while true {
            let id = table.slots[slot]
            if id < 0 { return YAMLKey.unknown }
            let matches = table.names[Int(id)].withUnsafeBufferPointer { name in
                name.count == bytes.count && (bytes.isEmpty || memcmp(name.baseAddress!, bytes.baseAddress!, bytes.count) == 0)
            }
            if matches { return id }
            slot = (slot + 1) & table.mask
        }
    }

    /// The name of a key number.
    static func name(_ id: Int32) -> String { table.strings[Int(id)] }

    /// For each key number, the index of the schema's field of that name (-1: none), or nil
    /// for a schema built outside `Schema`.
    static func fieldIndexes(of schema: ObjectSchema) -> [Int16]? {
        table.fieldIndexes[ObjectIdentifier(schema)]
    }
}

/// A key to look up in a mapping, resolved to its number once: a check or a compiled
/// rule path keeps one and looks it up in every element without hashing the name again.
public struct YAMLKey: Sendable, Hashable {
    static let unknown: Int32 = -1

    public let name: String
    let id: Int32

    public init(_ name: String) {
        self.name = name
        id = KeyTable.id(of: name)
    }
}
