import ArgumentParser

/// The `opsbook` command: a handbook and a daily planner from one folder of plain text.
@main
struct Opsbook: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Build the operations handbook and run the team's daily task sheets.",
        subcommands: [Build.self, Check.self, Assign.self, Done.self, NotDone.self, Reopen.self, Drop.self, Today.self]
    )
}

/// Options every command takes.
struct RootOptions: ParsableArguments {
    @Option(name: .long, help: "The team's folder, holding content/ and templates/.")
    var root: String = "."
}
