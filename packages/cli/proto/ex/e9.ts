import type { ExitCode } from "@unibatch/cli/Failure"

const wrongUsage: ExitCode = 2

export {}
