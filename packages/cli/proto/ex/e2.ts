import { make } from "@unibatch/cli/Cli"
import { definitions } from "unibatch/Providers"

const root = make(Object.values(definitions))

export {}
