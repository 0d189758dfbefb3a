import { flag, integer, withDefault } from "@unibatch/cli/Spec"

const port = withDefault(flag("port", "N", "port to listen on", integer({ min: 0, max: 65535 })), 0)

export {}
