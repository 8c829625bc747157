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
    /// Files of the plan format and the import formats: a committed one missing from the
    /// work tree is a difference too.
    static let inputExtensions: Set<String> = ["yaml", "yml", "xlsx", "xlsm", "docx", "csv"]

    /// Examined files that differ from `HEAD` or are not in it, and committed input files
    /// under `root` that are gone; nil when that cannot be told.
    /// `files`: absolute paths with the SHA-256 of the bytes that were examined (nil: the
    /// file was read but not examined, such as one over the size limit, or a rule file).
    public static func uncommitted(files: [(path: String, sha256: String?)], root: String) -> [String]? {
        guard let location = GitHead.locate(above: root), let commit = GitHead.resolve(location.gitDirectory),
              var store = GitObjectStore(gitDirectory: location.gitDirectory, idLength: commit.count / 2),
              let tree = store.treeOfCommit(hex: commit) else { return nil }
        let prefix = location.worktree.hasSuffix("/") ? location.worktree : location.worktree + "/"
        var changed: [String] = []
        var seen = Set<String>()
        for file in files.sorted(by: { $0.path < $1.path }) {
            guard file.path.hasPrefix(prefix) else { changed.append(file.path); continue }
            let relative = String(file.path.dropFirst(prefix.count))
            guard seen.insert(relative).inserted else { continue }
            // The bytes on disk now, accepted only if they are the bytes that were examined.
            guard case .success(let bytes) = InputFile.read(file.path, limit: GitObjectStore.maxObjectBytes),
                  file.sha256.map({ SHA256Digest.hex(bytes) == $0 }) ?? true else { changed.append(relative); continue }
            let committed = store.blob(at: relative.split(separator: "/").map(String.init), in: tree)
            if store.failed { return nil }
            guard let committed else { changed.append(relative); continue }
            if committed == GitObjectStore.blobID(bytes, idLength: store.idLength) { continue }
            // A checkout with core.autocrlf writes CRLF for the LF the commit holds.
            if bytes.contains(13), committed == GitObjectStore.blobID(GitObjectStore.withoutCarriageReturns(bytes), idLength: store.idLength) { continue }
            changed.append(relative)
        }
        // Committed inputs under the repository's root that the work tree no longer has.
        let rootRelative = root.hasPrefix(prefix) ? String(root.dropFirst(prefix.count)) : (root + "/" == prefix ? "" : nil)
        guard let rootRelative else { return store.failed ? nil : changed }
        let components = rootRelative.split(separator: "/").map(String.init)
        guard let rootTree = components.isEmpty ? tree : store.subtree(at: components, in: tree) else { return store.failed ? nil : changed }
        for path in store.blobPaths(in: rootTree, limit: 200_000) {
            guard let name = path.split(separator: "/").last, let dot = name.lastIndex(of: "."),
                  inputExtensions.contains(name[name.index(after: dot)...].lowercased()) else { continue }
            let relative = (rootRelative.isEmpty ? "" : rootRelative + "/") + path
            var status = stat()
            if lstat(prefix + relative, &status) != 0 && errno == ENOENT { changed.append(relative) }
        }
        return store.failed ? nil : Array(Set(changed)).sorted()
    }
}

/// Git's object database as files: `objects/xx/…` (zlib) and `objects/pack/*.idx`/`.pack`.
/// Every read is bounded: objects, the inflated bytes of a whole run, delta chains; a pack
/// must be a regular file; commits and trees must hash to the id they were asked by.
struct GitObjectStore {
    enum Kind: UInt8 { case commit = 1, tree = 2, blob = 3, tag = 4 }

    /// Plan files are small; a larger object is not one we need, and a hostile pack cannot
    /// make us allocate more than this.
    static let maxObjectBytes = 64 << 20
    static let maxDeltaDepth = 64
    /// All that one run may inflate: a hostile `.git` costs at most this much work.
    static let inflateBudget = 256 << 20

    let objectDirectories: [String]
    /// 20 (SHA-1) or 32 (SHA-256 repositories).
    let idLength: Int
    /// Set when the store met something it could not read: the answer is unknown.
    private(set) var failed = false
    private var packs: [(index: String, count: Int, pack: String)]?
    private var inflated = 0
    /// Trees and commits by id, read once however many files are compared.
    private var cache: [[UInt8]: (Kind, [UInt8])] = [:]

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

    static func hash(_ bytes: [UInt8], idLength: Int) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: idLength)
        bytes.withUnsafeBufferPointer { buffer in
            if idLength == 20 { _ = CCrypto.SHA1(buffer.baseAddress, buffer.count, &digest) } else { _ = CCrypto.SHA256(buffer.baseAddress, buffer.count, &digest) }
        }
        return digest
    }

    static func blobID(_ bytes: [UInt8], idLength: Int) -> [UInt8] {
        hash(Array("blob \(bytes.count)\0".utf8) + bytes, idLength: idLength)
    }

    static func withoutCarriageReturns(_ bytes: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        for (index, byte) in bytes.enumerated() where !(byte == 13 && index + 1 < bytes.count && bytes[index + 1] == 10) { output.append(byte) }
        return output
    }

    static func kindName(_ kind: Kind) -> String {
        switch kind {
        case .commit: return "commit"
        case .tree: return "tree"
        case .blob: return "blob"
        case .tag: return "tag"
        }
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

    /// A tree's entries: `<mode> <name>\0<id>`, one after another; nil when malformed.
    static func entries(_ tree: [UInt8], idLength: Int) -> [(mode: String, name: [UInt8], id: [UInt8])]? {
        var entries: [(mode: String, name: [UInt8], id: [UInt8])] = []
        var index = 0
        while index < tree.count {
            guard let space = tree[index...].firstIndex(of: 0x20), let zero = tree[space...].firstIndex(of: 0),
                  zero + 1 + idLength <= tree.count, space > index else { return nil }
            entries.append((String(decoding: tree[index..<space], as: UTF8.self), Array(tree[(space + 1)..<zero]),
                            Array(tree[(zero + 1)..<(zero + 1 + idLength)])))
            index = zero + 1 + idLength
        }
        return entries
    }

    /// The entries of the tree `id`; a corrupt or non-tree object fails the store.
    mutating func treeEntries(_ id: [UInt8]) -> [(mode: String, name: [UInt8], id: [UInt8])]? {
        guard let (kind, data) = object(id) else { return fail() }
        guard kind == .tree, let entries = Self.entries(data, idLength: idLength) else { return fail() }
        return entries
    }

    /// The blob id at `path` under `tree`, nil when there is none (or on failure, with `failed` set).
    mutating func blob(at path: [String], in tree: [UInt8]) -> [UInt8]? {
        guard let last = path.last, let folder = path.count == 1 ? tree : subtree(at: Array(path.dropLast()), in: tree),
              let entries = treeEntries(folder) else { return nil }
        guard let entry = entries.first(where: { $0.name.elementsEqual(last.utf8) }), entry.mode != "40000", entry.mode != "160000" else { return nil }
        return entry.id
    }

    /// The tree at `path` under `tree`.
    mutating func subtree(at path: [String], in tree: [UInt8]) -> [UInt8]? {
        var current = tree
        for name in path {
            guard let entries = treeEntries(current) else { return nil }
            guard let entry = entries.first(where: { $0.name.elementsEqual(name.utf8) }), entry.mode == "40000" else { return nil }
            current = entry.id
        }
        return current
    }

    /// Every blob's path under `tree`, at most `limit` of them.
    mutating func blobPaths(in tree: [UInt8], limit: Int) -> [String] {
        var paths: [String] = []
        var pending: [(prefix: String, id: [UInt8], depth: Int)] = [("", tree, 0)]
        while let (prefix, id, depth) = pending.popLast(), paths.count < limit, depth < 64 {
            guard let entries = treeEntries(id) else { return paths }
            for entry in entries {
                let name = String(decoding: entry.name, as: UTF8.self)
                if entry.mode == "40000" { pending.append((prefix + name + "/", entry.id, depth + 1)) } else if entry.mode != "160000" { paths.append(prefix + name) }
            }
        }
        return paths
    }

    private mutating func fail<T>() -> T? {
        failed = true
        return nil
    }

    /// Inflates within the run's budget.
    private mutating func inflate(_ input: [UInt8], limit: Int) -> [UInt8]? {
        guard inflated < Self.inflateBudget, let output = Self.inflate(input, limit: min(limit, Self.inflateBudget - inflated)) else { return nil }
        inflated += output.count
        return output
    }

    mutating func object(_ id: [UInt8]) -> (Kind, [UInt8])? {
        if let cached = cache[id] { return cached }
        guard let (kind, data) = object(id, depth: 0, chain: []) else { return nil }
        // What the file claims must be what the id names: a rewritten object is not HEAD's.
        guard Self.hash(Array("\(Self.kindName(kind)) \(data.count)\0".utf8) + data, idLength: idLength) == id else { return fail() }
        if kind != .blob { cache[id] = (kind, data) }
        return (kind, data)
    }

    private mutating func object(_ id: [UInt8], depth: Int, chain: Set<[UInt8]>) -> (Kind, [UInt8])? {
        guard id.count == idLength, depth <= Self.maxDeltaDepth, !chain.contains(id) else { return fail() }
        let hexID = Self.hex(id)
        for directory in objectDirectories {
            let path = "\(directory)/\(hexID.prefix(2))/\(hexID.dropFirst(2))"
            guard case .success(let compressed) = InputFile.read(path, limit: Self.maxObjectBytes) else { continue }
            guard let raw = inflate(compressed, limit: Self.maxObjectBytes + 64),
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
            guard let offset = Self.offset(of: id, in: pack.index, count: pack.count, idLength: idLength) else { continue }
            return packedObject(pack.pack, at: offset, depth: depth, chain: chain.union([id]), offsets: []) ?? fail()
        }
        return nil
    }

    /// The packs, by their index files, read lazily by position (an index is never loaded whole).
    private mutating func loadPacks() -> [(index: String, count: Int, pack: String)] {
        if let packs { return packs }
        var found: [(index: String, count: Int, pack: String)] = []
        for directory in objectDirectories {
            let folder = (directory as NSString).appendingPathComponent("pack")
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".idx") }.sorted().prefix(256)
            for name in names {
                let path = "\(folder)/\(name)"
                guard let header = Self.read(path, at: 0, count: 8 + 1024), header.count == 8 + 1024,
                      header.starts(with: [0xff, 0x74, 0x4f, 0x63]), Self.bigEndian(header, 4, 4) == 2,
                      let count = Self.bigEndian(header, 8 + 255 * 4, 4), count < (1 << 28) else { continue }
                found.append((path, count, "\(folder)/\(name.dropLast(4)).pack"))
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
    /// offsets (high bit: an index into the 8-byte offsets that follow). Read by position.
    static func offset(of id: [UInt8], in index: String, count: Int, idLength: Int) -> Int? {
        let first = Int(id[0])
        guard let fanout = read(index, at: 8 + max(0, first - 1) * 4, count: first == 0 ? 4 : 8), fanout.count == (first == 0 ? 4 : 8),
              var low = first == 0 ? 0 : bigEndian(fanout, 0, 4), var high = bigEndian(fanout, first == 0 ? 0 : 4, 4),
              low <= high, high <= count else { return nil }
        let ids = 8 + 1024
        var probes = 0
        while low < high, probes < 64 {
            probes += 1
            let middle = (low + high) / 2
            guard let candidate = read(index, at: ids + middle * idLength, count: idLength), candidate.count == idLength else { return nil }
            if candidate == id {
                let offsets = ids + count * (idLength + 4)
                guard let small = read(index, at: offsets + middle * 4, count: 4).flatMap({ bigEndian($0, 0, 4) }) else { return nil }
                if small & 0x8000_0000 == 0 { return small }
                return read(index, at: offsets + count * 4 + (small & 0x7fff_ffff) * 8, count: 8).flatMap { bigEndian($0, 0, 8) }
            }
            if candidate.lexicographicallyPrecedes(id) { low = middle + 1 } else { high = middle }
        }
        return nil
    }

    /// `count` bytes at `offset` of a regular file (never a FIFO or a device), without
    /// blocking; fewer at its end.
    static func read(_ path: String, at offset: Int, count: Int) -> [UInt8]? {
        guard offset >= 0, count > 0, count <= maxObjectBytes * 2 else { return nil }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG, offset < Int(status.st_size) else { return nil }
        let wanted = min(count, Int(status.st_size) - offset)
        var bytes = [UInt8](repeating: 0, count: wanted)
        var total = 0
        while total < wanted {
            let got = bytes.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress! + total, wanted - total, off_t(offset + total)) }
            if got < 0 && errno == EINTR { continue }
            guard got > 0 else { break }
            total += got
        }
        return Array(bytes[..<total])
    }

    private mutating func packedObject(_ pack: String, at offset: Int, depth: Int, chain: Set<[UInt8]>, offsets: Set<Int>) -> (Kind, [UInt8])? {
        guard depth <= Self.maxDeltaDepth, offset >= 12, !offsets.contains(offset),
              let header = Self.read(pack, at: offset, count: 32 + idLength), !header.isEmpty else { return nil }
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
        switch type {
        case 1...4:
            guard let kind = Kind(rawValue: type), let data = inflated(pack, from: offset + index, size: size) else { return nil }
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
            // The base first: a chain that loops or runs deep fails before any delta is inflated.
            guard distance > 0, distance < offset,
                  let (kind, base) = packedObject(pack, at: offset - distance, depth: depth + 1, chain: chain, offsets: offsets.union([offset])),
                  let delta = inflated(pack, from: offset + index, size: size), let result = Self.apply(delta, to: base) else { return nil }
            return (kind, result)
        case 7:
            guard index + idLength <= header.count else { return nil }
            let baseID = Array(header[index..<(index + idLength)])
            guard let (kind, base) = object(baseID, depth: depth + 1, chain: chain),
                  let delta = inflated(pack, from: offset + index + idLength, size: size), let result = Self.apply(delta, to: base) else { return nil }
            return (kind, result)
        default:
            return nil
        }
    }

    /// Deflate adds at most a few bytes per 16 KiB block: this window holds the whole stream.
    private mutating func inflated(_ pack: String, from start: Int, size: Int) -> [UInt8]? {
        guard let compressed = Self.read(pack, at: start, count: size + size / 64 + 1024),
              let data = inflate(compressed, limit: size), data.count == size else { return nil }
        return data
    }

    /// Git's delta: the base's and the result's sizes, then copy (from the base) and insert
    /// (literal) instructions; every range is checked against what it reads.
    static func apply(_ delta: [UInt8], to base: [UInt8]) -> [UInt8]? {
        var index = 0
        func size() -> Int? { LEB128.read(delta, at: &index, maxShift: 49) }
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
