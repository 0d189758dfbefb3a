import { flag, integer, type Param } from "@unibatch/cli/Spec"

const port: Param<number> = flag("port", "N", "port to listen on", integer({ min: 0, max: 65535 }))

export {}
