import { serveCommand } from "@unibatch/cli/Spec"
import { definitions } from "unibatch/Providers"

serveCommand(Object.values(definitions)).name // => "serve"

export {}
