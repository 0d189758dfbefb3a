/**
 * A testkit fake vendor in its own process, so that serving (slicing and serializing pages,
 * reading uploads, writing result files) runs beside the client being timed instead of on its
 * event loop, as a real server would. Started by processes.ts with `fork` and its options as one
 * JSON argument; prints nothing, answers with its base URL over IPC, stops on disconnect.
 */
import * as FakeVendor from "@unibatch/testkit/FakeVendor"
import * as OpenAi from "@unibatch/openai/OpenAi"
import type { FakeServerOptions } from "./processes.js"

const options = JSON.parse(process.argv[2] ?? "{}") as FakeServerOptions
const common = { count: options.count, seed: options.seed, batchDurationMs: options.batchDurationMs }
const server = await (options.maxRequests === undefined
  ? FakeVendor.start({ provider: options.provider, ...common })
  : FakeVendor.start({
    definition: {
      ...OpenAi.definition,
      lifecycle: {
        ...OpenAi.definition.lifecycle,
        limits: { ...OpenAi.definition.lifecycle.limits, maxRequests: options.maxRequests }
      }
    },
    ...common
  }))
process.send?.({ baseUrl: server.baseUrl })
process.on("disconnect", () => {
  void server.close().then(() => process.exit(0))
})
