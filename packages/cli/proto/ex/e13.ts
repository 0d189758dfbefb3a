import type { SavedResponse } from "@unibatch/cli/Input"

const saved: SavedResponse = { body: "{}", status: 404, headers: { "x-request-id": "req_1" }, source: "stdin" }

export {}
