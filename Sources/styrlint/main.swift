import ArgumentParser
import Foundation
import StyrlintCore

/// Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it, 2 usage,
/// configuration or I/O error. ArgumentParser's own usage code (64) is mapped to 2.
do {
    var command = try StyrlintCommand.parseAsRoot()
    try command.run()
} catch {
    let code = StyrlintCommand.exitCode(for: error)
    if code == .success {
        print(StyrlintCommand.fullMessage(for: error))
        exit(0)
    }
    if let exitCode = error as? ExitCode {
        exit(exitCode.rawValue)
    }
    let message = (error as? StyrlintError)?.message ?? (error as? RuleLoader.Failure)?.description
        ?? StyrlintCommand.fullMessage(for: error)
    FileHandle.standardError.write(Data("styrlint: \(message)\n".utf8))
    exit(2)
}
