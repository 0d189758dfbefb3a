import { main } from "@unibatch/cli/Main"

main(["demo"])

export {}
