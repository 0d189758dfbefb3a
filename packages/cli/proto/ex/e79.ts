import { demo } from "@unibatch/cli/commands/demo"
import { definitions } from "unibatch/Providers"

const program = demo(Object.values(definitions))

export {}
