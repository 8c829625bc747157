import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The one way styrlint reads a file: opened without blocking (a FIFO or a device named
/// like a plan must not hang the run), refused unless it is a regular file, capped in
/// size before a byte is read, read with one `read` loop.
public enum InputFile {
    public enum Failure: Error, Equatable {
        case tooLarge(Int)
        case notRegular(mode_t)
        case unreadable(Int32)

        public var reason: String {
            switch self {
            case .unreadable(let code): InputFile.errorNames(of: code).en
            case .tooLarge(let size): "\(size)"
            case .notRegular(let mode): InputFile.kindNames(of: mode).en
            }
        }
    }

    /// What a file is to the user, for messages.
    public enum Role: Sendable {
        case configuration, baseline, rules, document

        var swedish: String {
            switch self {
            case .configuration: "konfigurationsfilen"
            case .baseline: "baslinjen"
            case .rules: "regelfilen"
            case .document: "filen"
            }
        }
    }

    /// `identity` gets the file's device and inode (from the `fstat` the read makes anyway,
    /// or from `stat` when the file cannot be opened): a streamed run compares each document
    /// with the reports' files.
    public static func read(_ path: String, limit: Int, identity: ((FileIdentity) -> Void)? = nil) -> Result<[UInt8], Failure> {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)
        guard descriptor >= 0 else {
            let code = errno
            if let identity, let known = FileIdentity(path) { identity(known) }
            return .failure(.unreadable(code))
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return .failure(.unreadable(errno)) }
        identity?(FileIdentity(device: UInt64(status.st_dev), inode: UInt64(status.st_ino)))
        guard (status.st_mode & S_IFMT) == S_IFREG else { return .failure(.notRegular(status.st_mode)) }
        let size = Int(status.st_size)
        if size > limit { return .failure(.tooLarge(size)) }
        // One byte more than announced: a file that grows while being read is caught by the cap.
        var bytes = [UInt8](repeating: 0, count: size + 1)
        var total = 0
        while total < bytes.count {
            let count = bytes.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress! + total, $0.count - total) }
            if count < 0 {
                if errno == EINTR { continue }
                return .failure(.unreadable(errno))
            }
            if count == 0 { break }
            total += count
            if total > limit { return .failure(.tooLarge(total)) }
            if total == bytes.count { bytes.append(contentsOf: repeatElement(0, count: min(bytes.count, limit + 1 - bytes.count))) }
        }
        bytes.removeSubrange(total...)
        return .success(bytes)
    }

    /// Reads a settings-like file (configuration, baseline, rules) or throws a usage error
    /// that names the file and says how to fix it.
    public static func read(_ path: String, limit: Int, displayPath: String, what role: Role) throws -> [UInt8] {
        switch read(path, limit: limit) {
        case .success(let bytes): return bytes
        case .failure(.tooLarge(let size)):
            throw StyrlintError(sv: "\(displayPath):1:1: \(role.swedish) är för stor (\(size / 1024) kB, högst \(limit / 1024) kB); dela upp den eller ta bort det som inte hör dit",
                                en: "\(displayPath):1:1: the file is too large (\(size / 1024) kB, at most \(limit / 1024) kB); split it or remove what does not belong there")
        case .failure(.notRegular(let mode)):
            let kind = kindNames(of: mode)
            throw StyrlintError(sv: "\(displayPath): \(role.swedish) är ingen vanlig fil utan \(kind.sv); ange en fil", en: "\(displayPath): is not a regular file but \(kind.en); name a file")
        case .failure(.unreadable(let code)):
            let reason = errorNames(of: code)
            throw StyrlintError(sv: "\(displayPath): \(role.swedish) kan inte läsas (\(reason.sv))", en: "\(displayPath): cannot be read (\(reason.en))")
        }
    }

    static func kindNames(of mode: mode_t) -> (sv: String, en: String) {
        switch mode & S_IFMT {
        case S_IFDIR: ("en mapp", "a folder")
        case S_IFIFO: ("en FIFO", "a FIFO")
        case S_IFCHR, S_IFBLK: ("en enhetsfil", "a device")
        case S_IFSOCK: ("en socket", "a socket")
        default: ("en specialfil", "a special file")
        }
    }

    /// An `errno` value in words: Swedish for the ones a user meets, the system's own
    /// (English, whatever the locale) for the rest. Every message that names a system
    /// error takes its words from here.
    public static func errorNames(of code: Int32) -> (sv: String, en: String) {
        let en = String(cString: strerror(code))
        let sv: String? = switch code {
        case ENOENT: "filen eller mappen finns inte"
        case EACCES, EPERM: "behörighet saknas"
        case EISDIR: "är en mapp, inte en fil"
        case ENOTDIR: "en del av sökvägen är ingen mapp"
        case ELOOP: "för många länkar i rad, troligen en länk som pekar på sig själv"
        case ENAMETOOLONG: "sökvägen eller filnamnet är för långt"
        case EMFILE, ENFILE: "för många öppna filer"
        case ENOSPC: "disken är full"
        case EDQUOT: "diskkvoten är slut"
        case EROFS: "filsystemet är skrivskyddat"
        case EEXIST: "filen finns redan"
        case EIO: "läs- eller skrivfel på disken"
        case EFBIG, EOVERFLOW: "filen är för stor"
        case EINVAL: "ogiltigt argument"
        case EBUSY: "filen eller enheten används av ett annat program"
        case ETXTBSY: "filen används av ett program som körs"
        case EXDEV: "kan inte flyttas mellan olika filsystem"
        case ENXIO: "enheten eller adressen finns inte"
        case ENODEV: "enheten finns inte"
        case ENOMEM: "minnet räcker inte"
        case ENOEXEC: "filen är inget program som kan köras"
        case EAGAIN: "tillfälligt otillgänglig; försök igen"
        default: nil
        }
        return (sv ?? en, en)
    }
}

/// A file as the system knows it (device and inode): the identity for "have we been
/// here" and "is this output also an input", which names cannot give (links, `./a`
/// and `a`, Unicode twins).
public struct FileIdentity: Hashable, Sendable {
    let device: UInt64
    let inode: UInt64

    init(device: UInt64, inode: UInt64) {
        self.device = device
        self.inode = inode
    }

    public init?(_ path: String) {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        device = UInt64(status.st_dev)
        inode = UInt64(status.st_ino)
    }
}

/// Every file a run read, absolute, as the walk named them: a report is never written over
/// one (`--output` and the source excerpts compare by device and inode). Kept as one
/// string with NUL between the paths (no path holds one): a national run reads 48 000
/// files, and a string per path held to the end was a sixth of its memory.
public struct ReadFiles: Sendable {
    private let joined: String

    public init<S: Sequence>(_ paths: S) where S.Element == String {
        joined = Self.joined(paths)
    }

    /// From parts made by `joined(_:)`.
    init(joined parts: [String]) {
        joined = parts.filter { !$0.isEmpty }.joined(separator: "\0")
    }

    static func joined<S: Sequence>(_ paths: S) -> String where S.Element == String {
        paths.joined(separator: "\0")
    }

    public var paths: [String] { Self.split(joined) }

    /// Device and inode of every file that still exists, one path at a time: a run over
    /// the country would otherwise hold 48 000 path strings at once to compare a report's
    /// file with its inputs.
    public var identities: Set<FileIdentity> {
        var found = Set<FileIdentity>()
        for path in joined.utf8.split(separator: 0) {
            if let identity = FileIdentity(String(decoding: path, as: UTF8.self)) { found.insert(identity) }
        }
        return found
    }

    /// NUL-separated paths back into strings, split over the bytes (splitting a String by
    /// Character would find grapheme boundaries in every path).
    static func split(_ joined: String) -> [String] {
        joined.isEmpty ? [] : joined.utf8.split(separator: 0, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
    }
}

/// The `errno` value, not its words: they are chosen when the message's language is known.
struct ListingFailure: Error { var code: Int32 }

/// One entry of a folder listing, its name as raw bytes.
struct DirectoryEntry {
    var name: [UInt8]
    /// From `d_type`; nil when the file system does not say (then the caller asks `stat`).
    var isDirectory: Bool?
    /// From `d_type`: a plain file or folder is no link, so the walk needs no `lstat` for it.
    var isLink: Bool?

    /// The entries sorted by name bytes, `.` and `..` left out.
    static func list(_ path: String) -> Result<[DirectoryEntry], ListingFailure> {
        guard let directory = opendir(path) else { return .failure(ListingFailure(code: errno)) }
        defer { closedir(directory) }
        var entries: [DirectoryEntry] = []
        while true {
            errno = 0
            guard let entry = readdir(directory) else {
                if errno != 0 { return .failure(ListingFailure(code: errno)) }
                break
            }
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in Array(raw.prefix { $0 != 0 }) }
            if name == [46] || name == [46, 46] { continue }
            let type = entry.pointee.d_type
            let isDirectory: Bool? = switch Int32(type) {
            case Int32(DT_DIR): true
            case Int32(DT_REG): false
            default: nil  // links and unknown types: follow with stat
            }
            let isLink: Bool? = switch Int32(type) {
            case Int32(DT_LNK): true
            case Int32(DT_DIR), Int32(DT_REG): false
            default: nil
            }
            entries.append(DirectoryEntry(name: name, isDirectory: isDirectory, isLink: isLink))
        }
        return .success(entries.sorted { $0.name.lexicographicallyPrecedes($1.name) })
    }
}

extension Set where Element == String {
    /// The member equal to `value` (Swift's canonical equivalence), as its bytes.
    func firstIndexEqual(to value: String) -> [UInt8]? {
        guard let index = firstIndex(of: value) else { return nil }
        return self[index].utf8Bytes
    }
}

extension String {
    var utf8Bytes: [UInt8] { Array(utf8) }
}
