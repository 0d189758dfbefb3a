import { processSink } from "@unibatch/cli/Output"

processSink.out("hello\n")

export {}
