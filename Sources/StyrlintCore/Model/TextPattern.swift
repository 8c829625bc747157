import Foundation

/// A regular expression compiled once per process. `String.range(of:options: .regularExpression)`
/// compiles its pattern on every call. The first pattern of a process also starts ICU
/// (8 million instructions), so what a run over plans meets on every file is read by hand.
public struct TextPattern: @unchecked Sendable {
    // NSRegularExpression is immutable once made and documented as safe to share between threads.
    private let expression: NSRegularExpression

    /// The pattern is a literal of the code; every one is exercised by the tests.
    public init(_ pattern: String) {
        do { expression = try NSRegularExpression(pattern: pattern) } catch { preconditionFailure("invalid pattern \(pattern): \(error)") }
    }

    /// Whether the pattern matches in `text` (patterns anchor themselves with ^ and $).
    public func matches(_ text: String) -> Bool {
        expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }
}
