import { UsageError } from "@unibatch/cli/Failure"

const error = new UsageError({ message: "--all needs --live." })
error._tag // => "UsageError"

export {}
