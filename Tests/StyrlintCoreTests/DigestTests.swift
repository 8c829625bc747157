import Foundation
import Testing
@testable import StyrlintCore

/// SHA-256 through the system's libcrypto, against the published test vectors (FIPS 180-2,
/// appendix B), and the version the binary reports.
@Suite struct DigestTests {
    @Test func publishedVectors() {
        #expect(SHA256Digest.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256Digest.hex([UInt8]()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256Digest.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(SHA256Digest.hex([UInt8](repeating: 0x61, count: 1_000_000)) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
        // A non-contiguous collection hashes the same bytes.
        #expect(SHA256Digest.hex(Array("abc".utf8).lazy.map { $0 }) == SHA256Digest.hex(Array("abc".utf8)))
    }

    @Test func theDocumentCarriesTheDigestOfTheBytesParsed() {
        let bytes = Array("typ: rapport\n".utf8)
        let document = DocumentLoader.load(path: "r.yaml", bytes: bytes, limits: ParseLimits())
        #expect(document.digest == InputDigest(of: bytes))
        #expect(document.digest?.bytes == bytes.count)
    }

    @Test func versionAndCommitInEveryOutput() throws {
        let version = try TestSupport.run(["--version"])
        #expect(version.stdout.hasPrefix("styrlint \(Version.current) ("))
        #expect(Version.commit.allSatisfy(\.isHexDigit) || Version.commit == "unknown")
        let json = try TestSupport.run(["check", "plans", "reports", "--per", "2026-02-15", "--format", "json"])
        #expect(json.stdout.contains("\"toolCommit\" : \"\(Version.commit)\""))
        let sarif = try TestSupport.run(["check", "plans", "reports", "--per", "2026-02-15", "--format", "sarif"])
        #expect(sarif.stdout.contains("\"fullName\" : \"styrlint \(Version.full)\""))
    }
}
