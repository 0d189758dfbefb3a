/**
 * A testkit fake vendor in its own process, so that serving (slicing and serializing pages) runs
 * beside the client being timed instead of on its event loop, as a real server would. Started by
 * listAll.ts with `fork`; prints nothing, answers with its base URL over IPC, stops on disconnect.
 */
import * as FakeVendor from "@unibatch/testkit/FakeVendor"

const [provider, count, seed] = process.argv.slice(2)
const server = await FakeVendor.start({ provider: provider as FakeVendor.Provider, count: Number(count), seed: Number(seed) })
process.send?.({ baseUrl: server.baseUrl })
process.on("disconnect", () => {
  void server.close().then(() => process.exit(0))
})
