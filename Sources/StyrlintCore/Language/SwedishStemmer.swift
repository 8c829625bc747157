import CStemmer
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Snowball's Swedish stemmer (libstemmer). A stemmer instance is not thread-safe, so
/// each thread has its own, with the stems it has computed: every distinct word is
/// stemmed once per thread.
public final class SwedishStemmer {
    private let stemmer: OpaquePointer?
    private var cache: [String: String] = [:]

    private init() {
        stemmer = sb_stemmer_new("swedish", "UTF_8")
    }

    deinit {
        if let stemmer { sb_stemmer_delete(stemmer) }
    }

    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key) { pointer in
            if let pointer { Unmanaged<SwedishStemmer>.fromOpaque(pointer).release() }
        }
        return key
    }()

    public static var current: SwedishStemmer {
        if let pointer = pthread_getspecific(key) {
            return Unmanaged<SwedishStemmer>.fromOpaque(pointer).takeUnretainedValue()
        }
        let stemmer = SwedishStemmer()
        pthread_setspecific(key, Unmanaged.passRetained(stemmer).toOpaque())
        return stemmer
    }

    /// The stem of a lower-case word; the word itself when it is very long or the
    /// library is missing (a stem is an aid to matching, never a reason to fail).
    public func stem(_ word: String) -> String {
        if let known = cache[word] { return known }
        var result = word
        let bytes = Array(word.utf8)
        if let stemmer, bytes.count <= 64 {
            bytes.withUnsafeBufferPointer { buffer in
                if let output = sb_stemmer_stem(stemmer, buffer.baseAddress, Int32(buffer.count)) {
                    let length = Int(sb_stemmer_length(stemmer))
                    result = String(decoding: UnsafeBufferPointer(start: output, count: length), as: UTF8.self)
                }
            }
        }
        if cache.count > 20_000 { cache.removeAll(keepingCapacity: false) }
        cache[word] = result
        return result
    }
}
