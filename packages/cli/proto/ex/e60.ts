import { demoCommand } from "@unibatch/cli/Spec"
import { definitions } from "unibatch/Providers"

demoCommand(Object.values(definitions)).name // => "demo"

export {}
