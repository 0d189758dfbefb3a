import { flag, integer } from "@unibatch/cli/Spec"

const port = flag("port", "N", "port to listen on", integer({ min: 0, max: 65535 }))

export {}
