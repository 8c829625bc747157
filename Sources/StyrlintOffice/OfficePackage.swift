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
