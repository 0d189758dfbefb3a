import { subject } from "@unibatch/cli/commands/conform"

subject("respan", "retrieve", 404) // => "respan retrieve, HTTP 404"

export {}
