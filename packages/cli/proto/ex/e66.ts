import type { Connection } from "@unibatch/cli/Vendors"
import * as Redacted from "effect/Redacted"

const connection: Connection = { apiKey: Redacted.make("sk-test"), baseUrl: "http://127.0.0.1:4010/v1", maxRetries: 0 }

export {}
