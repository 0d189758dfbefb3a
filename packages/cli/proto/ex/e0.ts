import { version } from "@unibatch/cli/Cli"

console.log(`unibatch ${version}`)

export {}
