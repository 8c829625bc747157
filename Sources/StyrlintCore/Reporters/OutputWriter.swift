import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The one writer of everything styrlint prints or saves.
///
/// Standard output is written with `write(2)` so a closed pipe (`| head`), a closed
/// descriptor or a full disk is an error code, never a trap. A regular file (or a new
/// one) is written atomically: a temporary file in the same folder, renamed over the
/// target, removed on every failure and on SIGINT, SIGTERM and SIGHUP. A special file
/// (`/dev/null`, a FIFO, a terminal) is written in place and never replaced.
public enum OutputWriter {
    public enum Failure: Error, Equatable {
        /// The reader went away (EPIPE): stop writing, as compilers do.
        case closedPipe
    }

    /// Writes to standard output; text that is not ours (documents, file names) is
    /// shown visibly unless the caller escaped it piece by piece already.
    public static func standardOutput(_ text: String) throws {
        if StandardStreams.outputWasClosed { throw failure(EBADF, "-") }
        try writeAll(STDOUT_FILENO, Array(text.utf8), displayPath: "-")
    }

    /// Writes `text` to `path`. Refuses folders, sockets and block devices.
    public static func file(_ text: String, to path: String, cwd: String = FileManager.default.currentDirectoryPath) throws {
        let stream = try Stream(path: path, cwd: cwd)
        try stream.write(text)
        try stream.finish()
    }

    /// A report written while it is made. Standard output is written as it comes. A
    /// regular file (or a new one) goes to a temporary file in the same folder, renamed
    /// over the target by `finish()`; a run that fails or is killed before leaves the old
    /// report and no temporary. A terminal or FIFO is written in place and never replaced.
    public final class Stream {
        private let descriptor: Int32
        private let displayPath: String
        /// The temporary file and the file it replaces at the end. An unnamed temporary
        /// (Linux's O_TMPFILE) has no path until `finish` links it: a run killed with
        /// SIGKILL, or by the kernel when memory runs out, leaves nothing behind.
        private let replacing: (temporary: String?, target: String, folder: String, slot: Int)?
        private let isSpecial: Bool
        private var finished = false

        /// Standard output.
        public init() throws {
            if StandardStreams.outputWasClosed { throw failure(EBADF, "-") }
            descriptor = STDOUT_FILENO
            displayPath = "-"
            replacing = nil
            isSpecial = false
        }

        public init(path: String, cwd: String = FileManager.default.currentDirectoryPath) throws {
            displayPath = path
            let absolute = path.hasPrefix("/") ? path : (cwd as NSString).appendingPathComponent(path)
            var status = stat()
            if stat(absolute, &status) == 0 {
                switch status.st_mode & S_IFMT {
                case S_IFREG: break
                case S_IFCHR, S_IFIFO:
                    // Non-blocking open: a FIFO nobody reads is an error now, not a hang.
                    descriptor = open(absolute, O_WRONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)
                    guard descriptor >= 0 else { throw failure(errno, path) }
                    let flags = fcntl(descriptor, F_GETFL)
                    _ = fcntl(descriptor, F_SETFL, flags & ~O_NONBLOCK)
                    replacing = nil
                    isSpecial = true
                    return
                default:
                    throw StyrlintError(sv: "\(Escape.terminal(path, singleLine: true)): \(InputFile.kindNames(of: status.st_mode).sv) kan inte ta emot en rapport; ange en vanlig fil", en: "\(Escape.terminal(path, singleLine: true)): \(InputFile.kindNames(of: status.st_mode).en) cannot take a report; name a regular file")
                }
            }
            // Through a link, the file the link names is replaced (or made), and the link stays a link.
            var target = RepositoryLoader.realPath(absolute)
            var linkStatus = stat()
            if target == absolute, lstat(absolute, &linkStatus) == 0, (linkStatus.st_mode & S_IFMT) == S_IFLNK,
               let destination = try? FileManager.default.destinationOfSymbolicLink(atPath: absolute) {
                target = destination.hasPrefix("/") ? destination
                    : ((absolute as NSString).deletingLastPathComponent as NSString).appendingPathComponent(destination)
            }
            let folder = (target as NSString).deletingLastPathComponent
            var folderStatus = stat()
            guard stat(folder.isEmpty ? "/" : folder, &folderStatus) == 0, (folderStatus.st_mode & S_IFMT) == S_IFDIR else {
                throw StyrlintError(sv: "\(Escape.terminal(path, singleLine: true)): mappen finns inte; skapa den först", en: "\(Escape.terminal(path, singleLine: true)): the folder does not exist; create it first")
            }
            // A new report is readable like any file the user makes; a replaced one keeps its mode.
            let umaskValue = umask(0o022)
            umask(umaskValue)
            let mode = status.st_mode & S_IFMT == S_IFREG ? status.st_mode & 0o7777 : 0o666 & ~umaskValue
            if let unnamed = Self.unnamedFile(in: folder.isEmpty ? "/" : folder) {
                descriptor = unnamed
                replacing = (nil, target, folder, -1)
            } else {
                var template = Array((folder as NSString).appendingPathComponent(".styrlint-XXXXXX").utf8CString)
                descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
                guard descriptor >= 0 else { throw failure(errno, path) }
                let temporary = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
                replacing = (temporary, target, folder, TemporaryFiles.register(temporary))
            }
            isSpecial = false
            fchmod(descriptor, mode)
        }

        /// An unnamed file in `folder`, where the system has them and `/proc` can name it
        /// later; nil elsewhere (then a named temporary is used).
        static func unnamedFile(in folder: String) -> Int32? {
            #if os(Linux)
            // O_TMPFILE is __O_TMPFILE | O_DIRECTORY; Glibc's module does not export the macro.
            let temporaryFlag: Int32 = 0o20000000 | O_DIRECTORY
            guard access("/proc/self/fd", F_OK) == 0 else { return nil }
            let descriptor = open(folder, temporaryFlag | O_WRONLY | O_CLOEXEC, 0o600)
            return descriptor >= 0 ? descriptor : nil
            #else
            return nil
            #endif
        }

        public func write(_ text: String) throws {
            do {
                try writeAll(descriptor, Array(text.utf8), displayPath: displayPath)
            } catch Failure.closedPipe where isSpecial {
                // A reader of a named FIFO that leaves before the end lost part of the report.
                throw failure(EPIPE, displayPath)
            }
        }

        /// The report is complete: a file replaces the target now, on disk before the rename,
        /// so a crash leaves the old report or the new one, never an empty file.
        public func finish() throws {
            guard !finished else { return }
            finished = true
            guard let replacing else {
                if isSpecial { close(descriptor) }
                return
            }
            var temporary = replacing.temporary
            var slot = replacing.slot
            defer {
                if let temporary { unlink(temporary) }
                TemporaryFiles.unregister(slot)
            }
            guard fsync(descriptor) == 0 || errno == EINVAL else {
                let code = errno
                close(descriptor)
                throw failure(code, displayPath)
            }
            if temporary == nil {
                // The unnamed file gets a name beside the target, then replaces it.
                for _ in 0..<16 {
                    let name = (replacing.folder as NSString).appendingPathComponent(".styrlint-\(UInt64.random(in: 0...UInt64.max))")
                    if linkat(AT_FDCWD, "/proc/self/fd/\(descriptor)", AT_FDCWD, name, AT_SYMLINK_FOLLOW) == 0 {
                        temporary = name
                        slot = TemporaryFiles.register(name)
                        break
                    }
                    guard errno == EEXIST else { break }
                }
                guard temporary != nil else {
                    let code = errno
                    close(descriptor)
                    throw failure(code, displayPath)
                }
            }
            guard close(descriptor) == 0 else { throw failure(errno, displayPath) }
            guard rename(temporary!, replacing.target) == 0 else { throw failure(errno, displayPath) }
            temporary = nil
        }

        deinit {
            // Never finished (an error on the way): the old report stays, the temporary goes.
            guard !finished else { return }
            if let replacing {
                close(descriptor)
                if let temporary = replacing.temporary { unlink(temporary) }
                TemporaryFiles.unregister(replacing.slot)
            } else if isSpecial {
                close(descriptor)
            }
        }
    }

    static func writeAll(_ descriptor: Int32, _ bytes: [UInt8], displayPath: String) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress! + offset, bytes.count - offset) }
            if written < 0 {
                if errno == EINTR { continue }
                if errno == EPIPE { throw Failure.closedPipe }
                throw failure(errno, displayPath)
            }
            offset += written
        }
    }

    /// The system's reason in words a user can act on.
    static func failure(_ code: Int32, _ path: String) -> StyrlintError {
        let en = path == "-" ? "standard output" : Escape.terminal(path, singleLine: true)
        let sv = path == "-" ? "standardutmatningen" : en
        switch code {
        case ENOSPC, EDQUOT:
            return StyrlintError(sv: "\(sv): disken är full; frigör utrymme eller skriv till en annan disk", en: "\(en): the disk is full; free space or write elsewhere")
        case EACCES, EPERM:
            return StyrlintError(sv: "\(sv): saknar behörighet att skriva; kontrollera behörigheterna", en: "\(en): no permission to write; check the permissions")
        case EROFS:
            return StyrlintError(sv: "\(sv): filsystemet är skrivskyddat", en: "\(en): the file system is read-only")
        case EBADF:
            return StyrlintError(sv: "\(sv): är stängd; ta bort omdirigeringen som stänger den", en: "\(en): is closed; remove the redirection that closes it")
        case ENXIO:
            return StyrlintError(sv: "\(sv): ingen läser från FIFO:n", en: "\(en): nobody reads from the FIFO")
        case EPIPE:
            return StyrlintError(sv: "\(sv): läsaren stängde innan rapporten var skriven", en: "\(en): the reader closed before the report was written")
        default:
            let reason = InputFile.errorNames(of: code)
            return StyrlintError(sv: "\(sv): kan inte skriva (\(reason.sv))", en: "\(en): cannot write (\(reason.en))")
        }
    }
}

/// A run started with standard output or error closed (`>&-`) would hand those
/// numbers to the first files it opens, and a report would land in a document. They are
/// held on /dev/null, and writing to the closed output is an error.
public enum StandardStreams {
    nonisolated(unsafe) public private(set) static var outputWasClosed = false

    public static func guardDescriptors() {
        for descriptor in [STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO] where fcntl(descriptor, F_GETFD) < 0 && errno == EBADF {
            if descriptor == STDOUT_FILENO { outputWasClosed = true }
            let placeholder = open("/dev/null", descriptor == STDIN_FILENO ? O_RDONLY : O_WRONLY)
            if placeholder >= 0 && placeholder != descriptor {
                dup2(placeholder, descriptor)
                close(placeholder)
            }
        }
    }
}

/// The temporary file being written, removed by a signal handler: a killed run leaves
/// nothing beside the target. A C string so the handler needs no Swift runtime.
public enum TemporaryFiles {
    /// One slot per report being written (several `--output`s are written side by side).
    static let slots = 32
    nonisolated(unsafe) static var pending: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?> = {
        let table = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: slots)
        table.initialize(repeating: nil, count: slots)
        return table
    }()
    private static let lock = NSLock()

    /// The slot the path is kept in; -1 when all are taken (the file is then not removed
    /// on a signal, which only a run with more reports than slots can meet).
    static func register(_ path: String) -> Int {
        lock.lock()
        defer { lock.unlock() }
        for slot in 0..<slots where pending[slot] == nil {
            pending[slot] = strdup(path)
            return slot
        }
        return -1
    }

    static func unregister(_ slot: Int) {
        guard slot >= 0 else { return }
        lock.lock()
        defer { lock.unlock() }
        let old = pending[slot]
        pending[slot] = nil
        free(old)
    }

    /// Installs the handlers once at start-up; they remove the temporary and exit with 2.
    public static func installSignalHandlers() {
        StandardStreams.guardDescriptors()
        // A closed pipe is an error code from write(2), handled where it happens.
        signal(SIGPIPE, SIG_IGN)
        // Made here, so the handler never runs a lazy initialiser.
        _ = pending
        for signalNumber in [SIGINT, SIGTERM, SIGHUP] {
            // `nohup` and background jobs ignore some signals on purpose: keep that.
            let previous = signal(signalNumber, SIG_IGN)
            if unsafeBitCast(previous, to: Int.self) == unsafeBitCast(SIG_IGN, to: Int.self) { continue }
            signal(signalNumber) { _ in
                for slot in 0..<TemporaryFiles.slots { if let path = TemporaryFiles.pending[slot] { unlink(path) } }
                _exit(2)
            }
        }
    }
}

/// Refuses an output that is also an input of the run, or named twice: the report
/// would destroy what it describes, or one report would silently replace another.
public enum OutputTargets {
    /// Before any work: each output's folder exists and the output is not a folder, so
    /// a typo in `--output` fails in a moment, not after a long run.
    public static func precheck(_ outputs: [String], cwd: String) throws {
        for output in outputs where output != "-" {
            // An empty name (an unset variable in a CI job) would resolve to the folder.
            if output.allSatisfy(\.isWhitespace) {
                throw StyrlintError(sv: "--output: namnet är tomt; ange en fil, t.ex. --output rapport.json, eller - för standard ut",
                                    en: "--output: the name is empty; name a file, e.g. --output report.json, or - for standard output")
            }
            let absolute = RepositoryLoader.absolute(output, cwd: cwd)
            var status = stat()
            if stat(absolute, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR {
                throw StyrlintError(sv: "--output \(Escape.terminal(output, singleLine: true)): är en mapp; ange en fil", en: "--output \(Escape.terminal(output, singleLine: true)): is a folder; name a file")
            }
            let folder = (RepositoryLoader.realPath(absolute) as NSString).deletingLastPathComponent
            var folderStatus = stat()
            guard stat(folder.isEmpty ? "/" : folder, &folderStatus) == 0, (folderStatus.st_mode & S_IFMT) == S_IFDIR else {
                throw StyrlintError(sv: "--output \(Escape.terminal(output, singleLine: true)): mappen finns inte; skapa den först", en: "--output \(Escape.terminal(output, singleLine: true)): the folder does not exist; create it first")
            }
        }
    }

    public static func validate(_ outputs: [String], inputs: @autoclosure () -> [String], cwd: String) throws {
        try validate(outputs, inputIdentities: Set(inputs().compactMap(FileIdentity.init)), cwd: cwd)
    }

    /// The files a run read, and a few more paths (the baseline).
    public static func validate(_ outputs: [String], readFiles: ReadFiles, and others: [String] = [], read: Set<FileIdentity> = [], cwd: String) throws {
        try validate(outputs, inputIdentities: readFiles.identities.union(others.compactMap(FileIdentity.init)).union(read), cwd: cwd)
    }

    /// The outputs that are regular files now: a run compares its documents with them.
    public static func identities(_ outputs: [String], cwd: String) -> Set<FileIdentity> {
        Set(outputs.filter { $0 != "-" }.compactMap { output -> FileIdentity? in
            let absolute = RepositoryLoader.absolute(output, cwd: cwd)
            var status = stat()
            guard stat(absolute, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else { return nil }
            return FileIdentity(absolute)
        })
    }

    private static func validate(_ outputs: [String], inputIdentities identities: @autoclosure () -> Set<FileIdentity>, cwd: String) throws {
        // A stat per input only when there is a file to write.
        guard outputs.contains(where: { $0 != "-" }) else { return }
        let inputIdentities = identities()
        var seen: [String: String] = [:]
        for output in outputs where output != "-" {
            // An empty name (an unset variable in a CI job) would resolve to the folder.
            if output.allSatisfy(\.isWhitespace) {
                throw StyrlintError(sv: "--output: namnet är tomt; ange en fil, t.ex. --output rapport.json, eller - för standard ut",
                                    en: "--output: the name is empty; name a file, e.g. --output report.json, or - for standard output")
            }
            let absolute = RepositoryLoader.absolute(output, cwd: cwd)
            var status = stat()
            let isSpecial = stat(absolute, &status) == 0 && (status.st_mode & S_IFMT) != S_IFREG
            if !isSpecial, let identity = FileIdentity(absolute), inputIdentities.contains(identity) {
                throw StyrlintError(sv: "--output \(Escape.terminal(output, singleLine: true)): filen läses av körningen (ett dokument, konfigurationen, en regelfil eller baslinjen) och skrivs aldrig över", en: "--output \(Escape.terminal(output, singleLine: true)): the file is read by this run (a document, the configuration, a rule file or the baseline) and is never overwritten")
            }
            if isSpecial { continue }
            let key = RepositoryLoader.realPath(absolute)
            if let first = seen[key] {
                throw StyrlintError(sv: "--output \(Escape.terminal(output, singleLine: true)): samma fil som --output \(Escape.terminal(first, singleLine: true)); ge varje rapport en egen fil", en: "--output \(Escape.terminal(output, singleLine: true)): the same file as --output \(Escape.terminal(first, singleLine: true)); give each report a file of its own")
            }
            seen[key] = output
        }
    }
}
