/// What every output format gets from the command line.
public struct ReportOptions: Sendable {
    public var language: Language
    /// ANSI colours (text on a terminal only).
    public var color = false
    /// `--verbose`: each finding's criterion.
    public var showCriterion = false
    /// `--show-source`: the lines findings point at.
    public var excerpts: SourceExcerpts?
    /// `--group`.
    public var grouping: TextReporter.Grouping?
    /// `--statistics`.
    public var statistics = false
    /// The closing summary line (off with `--quiet`).
    public var summary = true

    public init(language: Language) {
        self.language = language
    }
}

/// An output format: one type, registered once in `Reporters.all`. `--format`, its help
/// text, the escaping the writer applies and the rendering all come from here, so a new
/// format is one file and one line in the registry.
public protocol Reporter: Sendable {
    /// The name `--format` takes.
    static var format: String { get }
    /// One line for `--help` and the README.
    static var summary: String { get }
    /// How the one writer makes the output safe for where it is read.
    static var context: OutputContext { get }
    /// Whether the output describes the rules with their examples (SARIF's rule help):
    /// a run for it reads the built-in rules' examples, which a plain check leaves out.
    static var describesRules: Bool { get }
    init(options: ReportOptions)
    func render(_ result: CheckResult) throws -> String
}

extension Reporter {
    public static var describesRules: Bool { false }
}

public enum Reporters {
    /// Every format, in the order `--help` lists them.
    public static let all: [any Reporter.Type] = [
        TextReporter.self, JSONReporter.self, SARIFReporter.self, JUnitReporter.self,
        GitHubReporter.self, GitLabReporter.self, MarkdownReporter.self,
    ]

    public static func named(_ name: String) -> (any Reporter.Type)? {
        all.first { $0.format == name }
    }
}

extension TextReporter: Reporter {
    public static let format = "text"
    public static let summary = "compiler-style lines (path:line:col: severity[ID] message) and a summary"
    /// Escaped piece by piece, so colours survive and file text cannot move the cursor.
    public static let context = OutputContext.escaped

    public init(options: ReportOptions) {
        self.init(language: options.language, color: options.color, showCriterion: options.showCriterion,
                  excerpts: options.excerpts, grouping: options.grouping, statistics: options.statistics)
        showSummary = options.summary
    }

    public func render(_ result: CheckResult) -> String { render(result, summary: showSummary) }
}

extension JSONReporter: Reporter {
    public static let format = "json"
    public static let summary = "every finding with its fields, the waivers and a summary (a public interface)"
    public static let context = OutputContext.json
    public init(options: ReportOptions) { self.init() }
}

extension SARIFReporter: Reporter {
    public static let format = "sarif"
    public static let summary = "SARIF 2.1.0 for GitHub code scanning and other viewers"
    public static let context = OutputContext.json
    public static let describesRules = true
    public init(options: ReportOptions) { self.init(language: options.language) }
}

extension JUnitReporter: Reporter {
    public static let format = "junit"
    public static let summary = "JUnit XML: a test suite per file, a failing test case per finding"
    public static let context = OutputContext.markup
    public init(options: ReportOptions) { self.init() }
    public func render(_ result: CheckResult) -> String { render(result, files: result.checkedFiles) }
}

extension GitHubReporter: Reporter {
    public static let format = "github"
    public static let summary = "GitHub Actions workflow commands: an annotation per finding"
    public static let context = OutputContext.escaped
    public init(options: ReportOptions) { self.init() }
}

extension GitLabReporter: Reporter {
    public static let format = "gitlab"
    public static let summary = "GitLab Code Quality JSON"
    public static let context = OutputContext.json
    public init(options: ReportOptions) { self.init() }
}

extension MarkdownReporter: Reporter {
    public static let format = "markdown"
    public static let summary = "a Markdown table for a pull request comment or a job summary"
    public static let context = OutputContext.terminal
    public init(options: ReportOptions) { self.init(language: options.language) }
}
