/**
 * The bench's other processes: the fake vendor (bench/fakeServer.ts), so that serving runs beside
 * the client being timed rather than on its event loop, and fresh processes for measurements whose
 * memory matters (they start from a small heap, as a command would, and the heap the decode benches
 * leave behind does not weigh on their RSS figures).
 */
import { fork } from "node:child_process"
import { fileURLToPath } from "node:url"

/** What bench/fakeServer.ts serves: a built-in vendor, or (with `maxRequests`) OpenAI with a larger request limit. */
export interface FakeServerOptions {
  readonly provider: "openai" | "respan" | "neosantara"
  readonly count: number
  readonly seed: number
  /** Serve OpenAI's definition with this many requests allowed per batch (the 100,000-line results file). */
  readonly maxRequests?: number | undefined
  /** How long a created batch takes to reach `completed`; 0 completes it at once. */
  readonly batchDurationMs?: number | undefined
}

export interface FakeServerProcess {
  readonly baseUrl: string
  /** Disconnects; the server closes and exits. Resolves once it has exited. */
  readonly stop: () => Promise<void>
}

/** Starts the fake vendor in a process of its own; resolves with its base URL once it listens. */
export const startFakeServer = (options: FakeServerOptions) =>
  new Promise<FakeServerProcess>((resolve, reject) => {
    const child = fork(fileURLToPath(new URL("./fakeServer.ts", import.meta.url)), [JSON.stringify(options)], {
      stdio: "inherit",
      // Uploads of 200 MB are kept by the server; room for a few of them.
      execArgv: [...process.execArgv, "--max-old-space-size=8192"]
    })
    child.once("error", reject)
    child.once("exit", (code) => reject(new Error(`fake server exited with ${code}`)))
    child.once("message", (message) => {
      const { baseUrl } = message as { baseUrl: string }
      const exited = new Promise<void>((resolveExit) => child.once("exit", () => resolveExit()))
      resolve({
        baseUrl,
        stop: () => {
          if (child.connected) child.disconnect()
          return exited
        }
      })
    })
  })

/** Runs a bench module in a fresh process and resolves with the one report it sends over IPC. */
export const reportFromFreshProcess = <A>(module: string, args: ReadonlyArray<string> = []) =>
  new Promise<A>((resolve, reject) => {
    const child = fork(fileURLToPath(new URL(module, import.meta.url)), [...args], { stdio: "inherit" })
    let report: A | undefined
    child.once("message", (message) => {
      report = message as A
    })
    child.once("error", reject)
    child.once("exit", (code) => (report !== undefined ? resolve(report) : reject(new Error(`${module} ${args.join(" ")} exited with ${code}`))))
  })
