import { usage } from "@unibatch/cli/Failure"

usage("--id is for --operation retrieve.").message // => "--id is for --operation retrieve."

export {}
