import CCrypto
import CInflate
import Foundation

/// Whether the examined bytes are the committed ones: each input's git blob id against the
/// blob `HEAD`'s tree holds at its path. Read from the repository's files (loose objects,
/// pack index v2 and packs with their deltas) and never by running git, because git runs
/// the configuration of the repository it is pointed at (filters, fsmonitor) and a plan
/// repository under review is not trusted to run anything. Anything unexpected in `.git`
/// makes the answer unknown (nil), never a crash or a guess.
public enum GitWorktree {
    /// Examined files that differ from `HEAD` or are not in it; nil when that cannot be told.
    /// `files`: absolute paths with the SHA-256 of the bytes that were examined.
    public static func uncommitted(files: [(path: String, sha256: String)], above folder: String) -> [String]? {
        guard let location = GitHead.locate(above: folder), let commit = GitHead.resolve(location.gitDirectory),
              var store = GitObjectStore(gitDirectory: location.gitDirectory, idLength: commit.count / 2),
              let tree = store.treeOfCommit(hex: commit) else { return nil }
        var changed: [String] = []
        for file in files.sorted(by: { $0.path < $1.path }) {
            let prefix = location.worktree.hasSuffix("/") ? location.worktree : location.worktree + "/"
            guard file.path.hasPrefix(prefix) else { changed.append(file.path); continue }
            let relative = String(file.path.dropFirst(prefix.count))
            // The bytes on disk now, accepted only if they are the bytes that were examined.
            guard case .success(let bytes) = InputFile.read(file.path, limit: GitObjectStore.maxObjectBytes),
                  SHA256Digest.hex(bytes) == file.sha256 else { changed.append(relative); continue }
            guard let committed = store.blob(at: relative.split(separator: "/").map(String.init), in: tree) else {
                // Absent from the tree, or the store could not say: unknown beats a wrong "clean".
                if store.failed { return nil }
                changed.append(relative)
                continue
            }
            if committed != GitObjectStore.blobID(bytes, idLength: store.idLength) { changed.append(relative) }
        }
        return store.failed ? nil : changed
    }
}

/// Git's object database as files: `objects/xx/…` (zlib) and `objects/pack/*.idx`/`.pack`.
struct GitObjectStore {
    enum Kind: UInt8 { case commit = 1, tree = 2, blob = 3, tag = 4 }

    /// Plan files are small; a larger object is not one we need, and a hostile pack cannot
    /// make us allocate more than this.
    static let maxObjectBytes = 64 << 20
    static let maxDeltaDepth = 64

    let objectDirectories: [String]
    /// 20 (SHA-1) or 32 (SHA-256 repositories).
    let idLength: Int
    /// Set when the store met something it could not read: the answer is unknown.
    private(set) var failed = false
    private var packs: [(index: [UInt8], pack: String)]?

    init?(gitDirectory: String, idLength: Int) {
        guard idLength == 20 || idLength == 32 else { return nil }
        self.idLength = idLength
        var directories = [(gitDirectory as NSString).appendingPathComponent("objects")]
        if case .success(let bytes) = InputFile.read((gitDirectory as NSString).appendingPathComponent("commondir"), limit: 4096) {
            let common = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            let path = common.hasPrefix("/") ? common : (gitDirectory as NSString).appendingPathComponent(common)
            directories.append((path as NSString).appendingPathComponent("objects"))
        }
        objectDirectories = directories
    }

    static func blobID(_ bytes: [UInt8], idLength: Int) -> [UInt8] {
        let content = Array("blob \(bytes.count)\0".utf8) + bytes
        var digest = [UInt8](repeating: 0, count: idLength)
        content.withUnsafeBufferPointer { buffer in
            if idLength == 20 { _ = CCrypto.SHA1(buffer.baseAddress, buffer.count, &digest) } else { _ = CCrypto.SHA256(buffer.baseAddress, buffer.count, &digest) }
        }
        return digest
    }

    static func bytes(hex: String) -> [UInt8]? {
        let digits = Array(hex.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var result: [UInt8] = []
        var index = 0
        while index < digits.count {
            guard let high = hexValue(digits[index]), let low = hexValue(digits[index + 1]) else { return nil }
            result.append(high << 4 | low)
            index += 2
        }
        return result
    }

    static func hexValue(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return digit - UInt8(ascii: "a") + 10
        default: return nil
        }
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        return String(decoding: bytes.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 15)]] }, as: UTF8.self)
    }

    mutating func treeOfCommit(hex commit: String) -> [UInt8]? {
        guard let id = Self.bytes(hex: commit), let (kind, data) = object(id), kind == .commit,
              data.starts(with: Array("tree ".utf8)) else { return fail() }
        let hexID = data.dropFirst(5).prefix(idLength * 2)
        return Self.bytes(hex: String(decoding: hexID, as: UTF8.self)) ?? fail()
    }

    /// The blob id at `path` under `tree`, nil when there is none (or on failure, with `failed` set).
    mutating func blob(at path: [String], in tree: [UInt8]) -> [UInt8]? {
        var current = tree
        for (depth, name) in path.enumerated() {
            guard let (kind, data) = object(current) else { return fail() }
            guard kind == .tree else { return nil }
            guard let entry = Self.entry(named: name, in: data, idLength: idLength) else { return nil }
            let isTree = entry.mode == "40000"
            if depth == path.count - 1 { return isTree ? nil : entry.id }
            guard isTree else { return nil }
            current = entry.id
        }
        return nil
    }

    /// Tree entries are `<mode> <name>\0<id>`, one after another.
    static func entry(named name: String, in tree: [UInt8], idLength: Int) -> (mode: String, id: [UInt8])? {
        let wanted = Array(name.utf8)
        var index = 0
        while index < tree.count {
            guard let space = tree[index...].firstIndex(of: 0x20), let zero = tree[space...].firstIndex(of: 0),
                  zero + 1 + idLength <= tree.count else { return nil }
            if tree[(space + 1)..<zero].elementsEqual(wanted) {
                return (String(decoding: tree[index..<space], as: UTF8.self), Array(tree[(zero + 1)..<(zero + 1 + idLength)]))
            }
            index = zero + 1 + idLength
        }
        return nil
    }

    private mutating func fail<T>() -> T? {
        failed = true
        return nil
    }

    mutating func object(_ id: [UInt8], depth: Int = 0) -> (Kind, [UInt8])? {
        guard id.count == idLength, depth <= Self.maxDeltaDepth else { return fail() }
        let hexID = Self.hex(id)
        for directory in objectDirectories {
            let path = "\(directory)/\(hexID.prefix(2))/\(hexID.dropFirst(2))"
            guard case .success(let compressed) = InputFile.read(path, limit: Self.maxObjectBytes) else { continue }
            guard let raw = Self.inflate(compressed, limit: Self.maxObjectBytes + 64),
                  let zero = raw.firstIndex(of: 0), let space = raw[..<zero].firstIndex(of: 0x20) else { return fail() }
            let kind: Kind?
            switch String(decoding: raw[..<space], as: UTF8.self) {
            case "commit": kind = .commit
            case "tree": kind = .tree
            case "blob": kind = .blob
            case "tag": kind = .tag
            default: kind = nil
            }
            guard let kind, Int(String(decoding: raw[(space + 1)..<zero], as: UTF8.self)) == raw.count - zero - 1 else { return fail() }
            return (kind, Array(raw[(zero + 1)...]))
        }
        for pack in loadPacks() {
            guard let offset = Self.offset(of: id, in: pack.index, idLength: idLength) else { continue }
            return packedObject(pack.pack, at: offset, depth: depth) ?? fail()
        }
        return nil
    }

    private mutating func loadPacks() -> [(index: [UInt8], pack: String)] {
        if let packs { return packs }
        var found: [(index: [UInt8], pack: String)] = []
        for directory in objectDirectories {
            let folder = (directory as NSString).appendingPathComponent("pack")
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".idx") }.sorted()
            for name in names {
                guard case .success(let index) = InputFile.read("\(folder)/\(name)", limit: 1 << 30) else { continue }
                found.append((index, "\(folder)/\(name.dropLast(4)).pack"))
            }
        }
        packs = found
        return found
    }

    static func bigEndian(_ bytes: [UInt8], _ at: Int, _ count: Int) -> Int? {
        guard at >= 0, at + count <= bytes.count else { return nil }
        return bytes[at..<(at + count)].reduce(0) { $0 << 8 | Int($1) }
    }

    /// Pack index v2: magic, version, 256 fan-out counts, the sorted ids, CRCs, 4-byte
    /// offsets (high bit: an index into the 8-byte offsets that follow).
    static func offset(of id: [UInt8], in index: [UInt8], idLength: Int) -> Int? {
        guard index.starts(with: [0xff, 0x74, 0x4f, 0x63]), bigEndian(index, 4, 4) == 2, let count = bigEndian(index, 8 + 255 * 4, 4),
              count < (1 << 28), index.count >= 8 + 1024 + count * (idLength + 8) else { return nil }
        let first = Int(id[0])
        guard var low = first == 0 ? 0 : bigEndian(index, 8 + (first - 1) * 4, 4), var high = bigEndian(index, 8 + first * 4, 4),
              low <= high, high <= count else { return nil }
        let ids = 8 + 1024
        while low < high {
            let middle = (low + high) / 2
            let start = ids + middle * idLength
            let candidate = index[start..<(start + idLength)]
            if candidate.elementsEqual(id) {
                let offsets = ids + count * (idLength + 4)
                guard let small = bigEndian(index, offsets + middle * 4, 4) else { return nil }
                if small & 0x8000_0000 == 0 { return small }
                return bigEndian(index, offsets + count * 4 + (small & 0x7fff_ffff) * 8, 8)
            }
            if candidate.lexicographicallyPrecedes(id) { low = middle + 1 } else { high = middle }
        }
        return nil
    }

    static func read(_ path: String, at offset: Int, count: Int) -> [UInt8]? {
        guard offset >= 0, count > 0, let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        guard (try? handle.seek(toOffset: UInt64(offset))) != nil, let data = try? handle.read(upToCount: count) else { return nil }
        return [UInt8](data)
    }

    mutating func packedObject(_ pack: String, at offset: Int, depth: Int) -> (Kind, [UInt8])? {
        guard depth <= Self.maxDeltaDepth, offset >= 12, let header = Self.read(pack, at: offset, count: 32 + idLength), !header.isEmpty else { return nil }
        var byte = header[0]
        let type = (byte >> 4) & 7
        var size = Int(byte & 15)
        var shift = 4
        var index = 1
        while byte & 0x80 != 0 {
            guard index < header.count, shift < 50 else { return nil }
            byte = header[index]
            size |= Int(byte & 0x7f) << shift
            shift += 7
            index += 1
        }
        guard size <= Self.maxObjectBytes else { return nil }
        // Deflate adds at most a few bytes per 16 KiB block: this window holds the whole stream.
        func inflated(from start: Int) -> [UInt8]? {
            guard let compressed = Self.read(pack, at: start, count: size + size / 64 + 1024) else { return nil }
            guard let data = Self.inflate(compressed, limit: size), data.count == size else { return nil }
            return data
        }
        switch type {
        case 1...4:
            guard let kind = Kind(rawValue: type), let data = inflated(from: offset + index) else { return nil }
            return (kind, data)
        case 6:
            guard index < header.count else { return nil }
            byte = header[index]
            index += 1
            var distance = Int(byte & 0x7f)
            while byte & 0x80 != 0 {
                guard index < header.count, distance < (1 << 50) else { return nil }
                byte = header[index]
                index += 1
                distance = ((distance + 1) << 7) | Int(byte & 0x7f)
            }
            guard distance > 0, distance < offset, let delta = inflated(from: offset + index),
                  let (kind, base) = packedObject(pack, at: offset - distance, depth: depth + 1),
                  let result = Self.apply(delta, to: base) else { return nil }
            return (kind, result)
        case 7:
            guard index + idLength <= header.count else { return nil }
            let baseID = Array(header[index..<(index + idLength)])
            guard let delta = inflated(from: offset + index + idLength), let (kind, base) = object(baseID, depth: depth + 1),
                  let result = Self.apply(delta, to: base) else { return nil }
            return (kind, result)
        default:
            return nil
        }
    }

    /// Git's delta: the base's and the result's sizes, then copy (from the base) and insert
    /// (literal) instructions; every range is checked against what it reads.
    static func apply(_ delta: [UInt8], to base: [UInt8]) -> [UInt8]? {
        var index = 0
        func size() -> Int? {
            var value = 0, shift = 0
            while index < delta.count, shift < 50 {
                let byte = delta[index]
                index += 1
                value |= Int(byte & 0x7f) << shift
                shift += 7
                if byte & 0x80 == 0 { return value }
            }
            return nil
        }
        guard let sourceSize = size(), sourceSize == base.count, let targetSize = size(), targetSize <= maxObjectBytes else { return nil }
        var output: [UInt8] = []
        output.reserveCapacity(targetSize)
        while index < delta.count {
            let instruction = delta[index]
            index += 1
            if instruction & 0x80 != 0 {
                var start = 0, count = 0
                for bit in 0..<4 where instruction & (1 << bit) != 0 {
                    guard index < delta.count else { return nil }
                    start |= Int(delta[index]) << (8 * bit)
                    index += 1
                }
                for bit in 0..<3 where instruction & (1 << (4 + bit)) != 0 {
                    guard index < delta.count else { return nil }
                    count |= Int(delta[index]) << (8 * bit)
                    index += 1
                }
                if count == 0 { count = 0x10000 }
                guard start + count <= base.count else { return nil }
                output += base[start..<(start + count)]
            } else if instruction != 0 {
                let count = Int(instruction)
                guard index + count <= delta.count else { return nil }
                output += delta[index..<(index + count)]
                index += count
            } else {
                return nil
            }
            guard output.count <= targetSize else { return nil }
        }
        return output.count == targetSize ? output : nil
    }

    /// One zlib stream, at most `limit` bytes out; trailing input after the stream's end is
    /// ignored (a pack's next object).
    static func inflate(_ input: [UInt8], limit: Int) -> [UInt8]? {
        var stream = z_stream()
        guard inflateInit_(&stream, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else { return nil }
        defer { inflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: min(max(input.count * 4, 4096), limit + 1))
        var input = input
        return input.withUnsafeMutableBufferPointer { source -> [UInt8]? in
            stream.next_in = source.baseAddress
            stream.avail_in = UInt32(source.count)
            while true {
                let produced = Int(stream.total_out)
                if produced == output.count {
                    guard output.count <= limit else { return nil }
                    output += [UInt8](repeating: 0, count: min(output.count, limit + 1 - output.count))
                }
                let status = output.withUnsafeMutableBufferPointer { target -> Int32 in
                    stream.next_out = target.baseAddress! + produced
                    stream.avail_out = UInt32(target.count - produced)
                    return CInflate.inflate(&stream, Z_NO_FLUSH)
                }
                if status == Z_STREAM_END {
                    let total = Int(stream.total_out)
                    return total <= limit ? Array(output[..<total]) : nil
                }
                guard status == Z_OK else { return nil }
                if stream.avail_in == 0 && Int(stream.total_out) < output.count { return nil }
            }
        }
    }
}
