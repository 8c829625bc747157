/// Unsigned LEB128, little-endian base 128: seven bits a byte, the high bit set on every
/// byte but the last. Git's delta sizes and the recorded rule events (embed-rules) use it.
enum LEB128 {
    /// The number at `index`, which moves past it; nil when the bytes end first or the
    /// number would need more than `maxShift` bits of shifting (a damaged input, never an
    /// overflow).
    static func read<Bytes: RandomAccessCollection>(_ bytes: Bytes, at index: inout Int, maxShift: Int) -> Int?
    where Bytes.Element == UInt8, Bytes.Index == Int {
        var value = 0, shift = 0
        while index < bytes.endIndex, shift <= maxShift {
            let byte = bytes[index]
            index += 1
            value |= Int(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return value }
            shift += 7
        }
        return nil
    }
}
