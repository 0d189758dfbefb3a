/**
 * The listAll measurement in a process of its own, started by run.ts: like a `unibatch list --all`
 * invocation, it starts from a small heap, and the heap the decode benches leave behind does not
 * weigh on its RSS figures. Sends its report to the parent over IPC.
 */
import { runListAll } from "./listAll.js"

const report = await runListAll()
process.send?.(report)
process.disconnect?.()
