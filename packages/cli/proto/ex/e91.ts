import { authLine } from "@unibatch/cli/commands/serve"

authLine({ header: "x-api-key" }) // => "x-api-key: <key>"

export {}
