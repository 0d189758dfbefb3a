import { UsageReported } from "@unibatch/cli/Failure"

new UsageReported()._tag // => "UsageReported"

export {}
