import Foundation
import ZIPFoundation

/// The zip container of an Office Open XML file (.xlsx, .docx), read from memory with
/// every part inflated under a cap: a zip bomb stops at the cap, not at the end of memory.
final class OfficePackage {
    private let archive: Archive
    private let limits: OfficeLimits
    private var inflated = 0
    let kind: String

    /// `kind` names the file type for messages (`Excel`, `Word`).
    init(bytes: [UInt8], kind: String, limits: OfficeLimits) throws {
        self.kind = kind
        self.limits = limits
        // A password-protected Office file is not a zip at all but an OLE compound file
        // holding the encrypted package.
        if bytes.starts(with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            throw OfficeError(.encrypted,
                              sv: "filen är lösenordsskyddad (krypterad) eller sparad i det gamla binära formatet (.xls/.doc) och kan inte läsas. Ta bort lösenordet (Arkiv > Info > Skydda) eller spara som .xlsx/.docx utan lösenord",
                              en: "the file is password-protected (encrypted) or saved in the old binary format (.xls/.doc) and cannot be read. Remove the password or save it as .xlsx/.docx without one")
        }
        guard bytes.starts(with: [0x50, 0x4B]) else {
            throw OfficeError(.notZip,
                              sv: "filen är ingen \(kind)-fil (en sådan är ett zip-arkiv och börjar med PK); kontrollera att den sparats som \(kind == "Excel" ? ".xlsx" : ".docx")",
                              en: "the file is not an \(kind) file (one is a zip archive and starts with PK); check that it was saved as \(kind == "Excel" ? ".xlsx" : ".docx")")
        }
        // ZIPFoundation's in-memory reader traps on a seek past the end, which a damaged
        // directory asks for: every offset is checked against the bytes first.
        try ZipDirectory.check(bytes, kind: kind)
        do {
            archive = try Archive(data: Data(bytes), accessMode: .read)
        } catch {
            throw Self.corrupt(kind)
        }
        var count = 0
        for _ in archive {
            count += 1
            if count > limits.entries {
                throw OfficeError(.tooLarge, sv: "zip-arkivet har fler än \(limits.entries) delar; det är ingen vanlig \(kind)-fil",
                                  en: "the zip archive has more than \(limits.entries) parts; it is no ordinary \(kind) file")
            }
        }
    }

    static func corrupt(_ kind: String) -> OfficeError {
        OfficeError(.corrupt, sv: "filen är skadad (zip-arkivet går inte att läsa, till exempel för att den är avkortad). Öppna den i \(kind) eller LibreOffice och spara om den",
                    en: "the file is damaged (its zip archive cannot be read, for example because it is truncated). Open it in \(kind) or LibreOffice and save it again")
    }

    func has(_ path: String) -> Bool { archive[path] != nil }

    private func tooLarge(_ path: String) -> OfficeError {
        OfficeError(.tooLarge, place: path,
                    sv: "delen packas upp till mer än \(limits.partBytes / 1_048_576) MB (filen som helhet högst \(limits.totalBytes / 1_048_576) MB); en så stor plan finns inte, det liknar en zip-bomb",
                    en: "the part inflates to more than \(limits.partBytes / 1_048_576) MB (the whole file at most \(limits.totalBytes / 1_048_576) MB); no plan is that large, it looks like a zip bomb")
    }

    /// Streams one part into an XML handler.
    func parse(_ path: String, into handler: XMLEventHandler) throws {
        guard let entry = archive[path] else {
            throw OfficeError(.missingPart, place: path, sv: "delen \(path) saknas; filen är ofullständig. Spara om den i \(kind) eller LibreOffice",
                              en: "the part \(path) is missing; the file is incomplete. Save it again in \(kind) or LibreOffice")
        }
        // The size the container declares is checked before a byte is inflated; the
        // count while inflating catches a container that lies about it.
        if entry.uncompressedSize > UInt64(limits.partBytes) || inflated + Int(clamping: entry.uncompressedSize) > limits.totalBytes {
            throw tooLarge(path)
        }
        let stream = XMLStream(part: path, handler: handler)
        var partBytes = 0
        do {
            _ = try archive.extract(entry, bufferSize: 64 * 1024, skipCRC32: false) { chunk in
                partBytes += chunk.count
                self.inflated += chunk.count
                if partBytes > self.limits.partBytes || self.inflated > self.limits.totalBytes { throw self.tooLarge(path) }
                try chunk.withUnsafeBytes { try stream.feed($0, last: false) }
            }
            try stream.feed(UnsafeRawBufferPointer(start: nil, count: 0), last: true)
        } catch let error as OfficeError {
            throw error
        } catch {
            throw Self.corrupt(kind)
        }
    }

    /// The relationship targets of a part (`xl/_rels/workbook.xml.rels`): path by id, and
    /// path by type (the type's last segment, `sharedStrings`).
    func relationships(of part: String) throws -> (byID: [String: String], byType: [String: String]) {
        let folder = (part as NSString).deletingLastPathComponent
        let rels = (folder.isEmpty ? "" : folder + "/") + "_rels/" + (part as NSString).lastPathComponent + ".rels"
        guard has(rels) else { return ([:], [:]) }
        let reader = RelationshipReader()
        try parse(rels, into: reader)
        var byID: [String: String] = [:]
        var byType: [String: String] = [:]
        for (id, link) in reader.targets {
            let path = Self.resolve(link.target, from: folder)
            byID[id] = path
            if let kind = link.type.split(separator: "/").last, byType[String(kind)] == nil { byType[String(kind)] = path }
        }
        return (byID, byType)
    }

    /// A relationship target relative to the part's folder, or absolute from the package root.
    static func resolve(_ target: String, from folder: String) -> String {
        if target.hasPrefix("/") { return String(target.dropFirst()) }
        var parts = folder.split(separator: "/").map(String.init)
        for piece in target.split(separator: "/") {
            if piece == ".." { if !parts.isEmpty { parts.removeLast() } } else if piece != "." { parts.append(String(piece)) }
        }
        return parts.joined(separator: "/")
    }
}

private final class RelationshipReader: XMLEventHandler {
    var targets: [String: (target: String, type: String)] = [:]
    func start(_ name: String, _ attributes: [String: String]) {
        if name == "Relationship", let id = attributes["Id"], let target = attributes["Target"], attributes["TargetMode"] != "External" {
            targets[id] = (target, attributes["Type"] ?? "")
        }
    }
    func end(_ name: String) {}
    func text(_ text: String) {}
}

/// The zip container's directory, walked once to prove that every place a reader will
/// seek to lies inside the file. Office files are small and never use ZIP64, whose
/// 64-bit offsets are refused rather than followed.
enum ZipDirectory {
    static func check(_ bytes: [UInt8], kind: String) throws {
        func u16(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
        func u32(_ at: Int) -> Int { u16(at) | u16(at + 2) << 16 }
        func corrupt() -> OfficeError { OfficePackage.corrupt(kind) }
        let count = bytes.count
        guard count >= 22 else { throw corrupt() }
        // The end record: the last signature within the 64 kB a comment may take.
        var end = -1
        var position = count - 22
        while position >= max(0, count - 22 - 65_535) {
            if bytes[position] == 0x50, bytes[position + 1] == 0x4B, bytes[position + 2] == 0x05, bytes[position + 3] == 0x06 {
                end = position
                break
            }
            position -= 1
        }
        guard end >= 0 else { throw corrupt() }
        let entries = u16(end + 10)
        let directorySize = u32(end + 12)
        let directoryStart = u32(end + 16)
        let zip64Locator = end >= 20 && bytes[end - 20] == 0x50 && bytes[end - 19] == 0x4B && bytes[end - 18] == 0x06 && bytes[end - 17] == 0x07
        if zip64Locator || entries == 0xFFFF || directorySize == 0xFFFF_FFFF || directoryStart == 0xFFFF_FFFF {
            throw OfficeError(.unsupported, sv: "zip-arkivet använder ZIP64, som en \(kind)-fil av en plans storlek aldrig behöver; spara om filen i \(kind) eller LibreOffice",
                              en: "the zip archive uses ZIP64, which an \(kind) file the size of a plan never needs; save the file again in \(kind) or LibreOffice")
        }
        guard directoryStart + directorySize <= end else { throw corrupt() }
        var cursor = directoryStart
        for _ in 0..<entries {
            guard cursor + 46 <= directoryStart + directorySize,
                  bytes[cursor] == 0x50, bytes[cursor + 1] == 0x4B, bytes[cursor + 2] == 0x01, bytes[cursor + 3] == 0x02 else { throw corrupt() }
            let compressed = u32(cursor + 20)
            let local = u32(cursor + 42)
            guard compressed != 0xFFFF_FFFF, u32(cursor + 24) != 0xFFFF_FFFF, local != 0xFFFF_FFFF else { throw corrupt() }
            guard local + 30 <= count,
                  bytes[local] == 0x50, bytes[local + 1] == 0x4B, bytes[local + 2] == 0x03, bytes[local + 3] == 0x04 else { throw corrupt() }
            let data = local + 30 + u16(local + 26) + u16(local + 28)
            guard data <= count, data + compressed <= count else { throw corrupt() }
            cursor += 46 + u16(cursor + 28) + u16(cursor + 30) + u16(cursor + 32)
            guard cursor <= directoryStart + directorySize else { throw corrupt() }
        }
    }
}
