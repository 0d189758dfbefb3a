import { CommandFailed } from "@unibatch/cli/Failure"

new CommandFailed()._tag // => "CommandFailed"

export {}
