import ArgumentParser
import Foundation
import StyrlintCore

/// Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it, 2 usage,
/// configuration or I/O error. ArgumentParser's own usage code (64) is mapped to 2.
TemporaryFiles.installSignalHandlers()
Language.messages = Language.fromEnvironment(arguments: CommandLine.arguments, environment: ProcessInfo.processInfo.environment)
do {
    var command = try StyrlintCommand.parseAsRoot()
    try command.run()
} catch {
    if case OutputWriter.Failure.closedPipe? = error as? OutputWriter.Failure {
        // The reader of standard output went away: nothing left to say, and no one to say it to.
        exit(0)
    }
    let code = StyrlintCommand.exitCode(for: error)
    if code == .success {
        try? OutputWriter.standardOutput(Escape.terminal(StyrlintCommand.fullMessage(for: error)) + "\n")
        exit(0)
    }
    if let exitCode = error as? ExitCode {
        exit(exitCode.rawValue)
    }
    var message = (error as? StyrlintError)?.message ?? (error as? RuleLoader.Failure)?.description
        ?? StyrlintCommand.fullMessage(for: error)
    if Language.messages == .sv {
        // ArgumentParser's own frame, in the language of the rest.
        message = message.replacingOccurrences(of: "Error: ", with: "Fel: ")
            .replacingOccurrences(of: "Usage: ", with: "Användning: ")
            .replacingOccurrences(of: "for more information.", with: "för mer information.")
            .replacingOccurrences(of: "  See '", with: "  Se '")
    }
    // Messages quote paths, keys and arguments: the terminal policy applies to stderr too.
    let line = "styrlint: \(Escape.terminal(message))\n"
    _ = line.withCString { write(STDERR_FILENO, $0, strlen($0)) }
    exit(2)
}
