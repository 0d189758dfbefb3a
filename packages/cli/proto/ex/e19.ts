import { main } from "@unibatch/cli/NormalizeMain"

main(["normalize", "--provider", "openai", "--operation", "list", "page.json"])

export {}
