/**
 * One lifecycle section (`results`, `upload` or `submit`, the first argument) in a process of its
 * own, started by run.ts: it starts from a small heap, as a command would, so its RSS figures are
 * its own. Sends its report to the parent over IPC.
 */
import { runResults, runSubmit, runUpload, sections } from "./lifecycle.js"

const section = process.argv[2]
const runners = { results: runResults, upload: runUpload, submit: runSubmit }
if (!sections.includes(section as never)) throw new Error(`lifecycleProcess: unknown section ${section}; one of ${sections.join(", ")}`)
const report = await runners[section as keyof typeof runners]()
process.send?.(report)
process.disconnect?.()
