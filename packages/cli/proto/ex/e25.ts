import { printErrorLines } from "@unibatch/cli/Output"

const program = printErrorLines("error: --all needs --live.")

export {}
