import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A JSON value: the envelope and `params` of JSON-RPC are read without a fixed type, and
/// each handler decodes the part it needs.
public enum JSONValue: Sendable, Equatable, Codable {
    case null
    case bool(Bool)
    /// A whole number as the client wrote it (request ids beyond 2^53 stay exact).
    case integer(Int64)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Int64.self) { self = .integer(value) }
        else if let value = try? container.decode(Double.self) { self = .number(value) }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else if let value = try? container.decode([JSONValue].self) { self = .array(value) }
        else { self = .object(try container.decode([String: JSONValue].self)) }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .integer(let value): try container.encode(value)
        case .number(let value):
            // Ids and positions are integers; write them without a fraction.
            if value.rounded() == value, abs(value) < 1e15 { try container.encode(Int64(value)) } else { try container.encode(value) }
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }

    /// A number is the same number however it was read: 7 equals 7.0.
    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.integer(let a), .integer(let b)): return a == b
        case (.number(let a), .number(let b)): return a == b
        case (.integer(let a), .number(let b)), (.number(let b), .integer(let a)): return Double(a) == b
        case (.string(let a), .string(let b)): return a == b
        case (.array(let a), .array(let b)): return a == b
        case (.object(let a), .object(let b)): return a == b
        default: return false
        }
    }

    public subscript(key: String) -> JSONValue? {
        if case .object(let object) = self { return object[key] }
        return nil
    }

    public var string: String? { if case .string(let value) = self { return value }; return nil }
    public var int: Int? {
        if case .integer(let value) = self { return Int(value) }
        if case .number(let value) = self, value.rounded() == value, abs(value) < 1e15 { return Int(value) }
        return nil
    }
    public var bool: Bool? { if case .bool(let value) = self { return value }; return nil }
    public var array: [JSONValue]? { if case .array(let value) = self { return value }; return nil }

    /// A value of an `Encodable` type as JSONValue.
    public static func from<T: Encodable>(_ value: T) -> JSONValue {
        guard let data = try? JSONEncoder().encode(value), let json = try? JSONDecoder().decode(JSONValue.self, from: data) else { return .null }
        return json
    }

    /// A part of the params as a `Decodable` type; nil when it does not fit.
    public func decode<T: Decodable>(_ type: T.Type) -> T? {
        guard let data = try? JSONEncoder().encode(self) else { return nil }
        return try? JSONDecoder().decode(type, from: data)
    }
}

/// One JSON-RPC 2.0 message as read from the client.
public struct RPCMessage: Sendable {
    public var id: JSONValue?
    public var method: String?
    public var params: JSONValue
    public var result: JSONValue?
    public var error: JSONValue?

    public var isRequest: Bool { method != nil && id != nil }
    public var isNotification: Bool { method != nil && id == nil }
}

/// LSP's error codes (JSON-RPC's and the protocol's own).
public enum RPCError: Int, Sendable {
    case parseError = -32700, invalidRequest = -32600, methodNotFound = -32601, invalidParams = -32602
    case internalError = -32603, serverNotInitialized = -32002, requestCancelled = -32800
}

/// The base protocol's framing: `Content-Length: N` headers, a blank line, N bytes of
/// UTF-8 JSONValue. Reads with read(2) so a client that goes away is an end of input, never a
/// trap; a header block without a length, or a body that is not JSONValue, is reported and
/// skipped, and the reader carries on with the next message.
public final class MessageReader {
    private let descriptor: Int32
    private var buffer: [UInt8] = []
    private var start = 0
    /// The most a message may hold; a larger one is skipped unread.
    public static let maximumLength = 64 << 20

    public enum Outcome {
        case message(RPCMessage)
        /// A frame or body that is not JSON: answered with a parse error.
        case malformed(String)
        /// JSON that is no valid message: answered with InvalidRequest.
        case invalid(id: JSONValue, String)
        case end
    }

    public init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    private func fill() -> Bool {
        if start > 65_536 { buffer.removeFirst(start); start = 0 }
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, 65_536) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return false }
            buffer += chunk[0..<count]
            return true
        }
    }

    public func next() -> Outcome {
        // Headers: lines up to an empty line.
        var length: Int?
        var sawHeader = false
        while true {
            guard var line = readLine() else { return .end }
            if line.isEmpty {
                if sawHeader { break }
                continue  // stray blank lines between messages
            }
            sawHeader = true
            // After a frame with a wrong length, a header can follow the rest of a body on
            // the same line: read from the header's name, so the stream falls back in step.
            if let range = line.range(of: "Content-Length:", options: String.CompareOptions.caseInsensitive), range.lowerBound != line.startIndex {
                line = String(line[range.lowerBound...])
            }
            let parts = line.split(separator: ":", maxSplits: 1)
            if parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces).lowercased() == "content-length" {
                length = Int(parts[1].trimmingCharacters(in: .whitespaces))
            }
        }
        guard let length, length >= 0 else { return .malformed("a message header without a valid Content-Length") }
        guard length <= Self.maximumLength else {
            // Not skipped: a length that large is more likely a broken header than a real
            // message, and waiting for it would swallow the rest of the session.
            return .malformed("a message of \(length) bytes, above the limit of \(Self.maximumLength)")
        }
        while buffer.count - start < length {
            guard fill() else { return .end }
        }
        let body = Array(buffer[start..<(start + length)])
        start += length
        guard let json = try? JSONDecoder().decode(JSONValue.self, from: Data(body)) else {
            return .malformed("the message body is not JSON")
        }
        guard case .object(let object) = json else {
            return .invalid(id: .null, "a message is a JSON object (batches are not part of the Language Server Protocol)")
        }
        let method = object["method"]?.string
        if object["method"] != nil && method == nil { return .invalid(id: object["id"] ?? .null, "'method' is not a string") }
        if method == nil && object["result"] == nil && object["error"] == nil {
            return .invalid(id: object["id"] ?? .null, "a message needs a method, or a result or error")
        }
        return .message(RPCMessage(id: object["id"], method: method, params: object["params"] ?? .null,
                                   result: object["result"], error: object["error"]))
    }

    /// A header line without its CRLF (a bare LF is accepted too).
    private func readLine() -> String? {
        while true {
            if let newline = buffer[start...].firstIndex(of: UInt8(ascii: "\n")) {
                var end = newline
                if end > start, buffer[end - 1] == UInt8(ascii: "\r") { end -= 1 }
                let line = String(decoding: buffer[start..<end], as: UTF8.self)
                start = newline + 1
                return line
            }
            // A header line longer than any real one: not a header.
            if buffer.count - start > 8192 { buffer.removeAll(); start = 0 }
            guard fill() else { return nil }
        }
    }
}

/// Writes framed messages to standard output, one at a time.
public final class MessageWriter: @unchecked Sendable {
    private let descriptor: Int32
    private let lock = NSLock()
    /// False once the client stopped reading: the server then exits.
    public private(set) var open = true

    public init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    public func send(_ message: JSONValue) {
        // Keys in a fixed order: the same message is the same bytes on every run.
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard let body = try? encoder.encode(message) else { return }
        let frame = Array("Content-Length: \(body.count)\r\n\r\n".utf8) + Array(body)
        lock.lock()
        defer { lock.unlock() }
        guard open else { return }
        var offset = 0
        while offset < frame.count {
            let written = frame.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress! + offset, frame.count - offset) }
            if written < 0 {
                if errno == EINTR { continue }
                open = false
                return
            }
            offset += written
        }
    }

    public func respond(_ id: JSONValue, result: JSONValue) {
        send(.object(["jsonrpc": .string("2.0"), "id": id, "result": result]))
    }

    public func respond(_ id: JSONValue, error code: RPCError, _ message: String) {
        send(.object(["jsonrpc": .string("2.0"), "id": id,
                      "error": .object(["code": .number(Double(code.rawValue)), "message": .string(message)])]))
    }

    public func notify(_ method: String, _ params: JSONValue) {
        send(.object(["jsonrpc": .string("2.0"), "method": .string(method), "params": params]))
    }
}
