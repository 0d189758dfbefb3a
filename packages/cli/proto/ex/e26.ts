import { printJson } from "@unibatch/cli/Output"

const program = printJson({ conformant: true, violations: [] })

export {}
