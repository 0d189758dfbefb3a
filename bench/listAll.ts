/**
 * Listing every batch: the OpenAI adapter's `listAll` stream against a bare `fetch` + `JSON.parse`
 * loop, over loopback, from the same fake server process (so both sides pay the same serving
 * cost), runs alternating, in a process of its own (see listAllProcess.ts).
 *
 * unibatch runs on the HttpClient that `unibatch list --all` uses and docs/vendors.md recommends on
 * Node for listing, `WorkerHttpClient.layer` (HTTP on a worker thread); the same stream over
 * `NodeHttpClient.layerUndici` (on the main thread) and over `FetchHttpClient.layer` (what the
 * Promise client uses, for runtimes other than Node) is timed as well, for the table.
 *
 * RSS is sampled every 5 ms during each run, on every side; growth is the peak over the RSS at the
 * start of the run, the largest of the runs. No collection is forced before a run: it would shrink
 * the heap, and the heap growing back to the size V8 settles at is not growth in the number of pages.
 */
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as WorkerHttpClient from "@unibatch/core/WorkerHttpClient"
import * as OpenAi from "@unibatch/openai/OpenAi"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Stream from "effect/Stream"
import { fork } from "node:child_process"
import { type PerformanceEntry, PerformanceObserver } from "node:perf_hooks"
import { fileURLToPath } from "node:url"
import { config, pageSize } from "./config.js"
import { median, round } from "./measure.js"

export interface ListAllResult {
  readonly batches: number
  readonly pageSize: number
  readonly ratio: number
  readonly unibatchSeconds: number
  readonly bareFetchSeconds: number
  readonly rssGrowthMiB: number
}

/** The same stream over another HttpClient, for the table. */
export interface ListAllComparison {
  readonly transport: string
  readonly ratio: number
  readonly seconds: number
  readonly rssGrowthMiB: number
  readonly gcMs: number
}

/** For the table only: the bare loop's RSS growth, measured the same way, and the other transports. */
export interface ListAllReport {
  readonly result: ListAllResult
  readonly bareFetchRssGrowthMiB: number
  /** Main-thread garbage collection during a listing, median of the runs. */
  readonly gcMs: { readonly unibatch: number; readonly bareFetch: number }
  readonly comparisons: ReadonlyArray<ListAllComparison>
}

const apiKey = "sk-bench"

const startServer = (count: number) =>
  new Promise<{ readonly baseUrl: string; readonly stop: () => void }>((resolve, reject) => {
    const child = fork(fileURLToPath(new URL("./fakeServer.ts", import.meta.url)), ["openai", String(count), "11"], { stdio: "inherit" })
    child.once("error", reject)
    child.once("exit", (code) => reject(new Error(`fake server exited with ${code}`)))
    child.once("message", (message) => {
      const { baseUrl } = message as { baseUrl: string }
      resolve({ baseUrl, stop: () => child.disconnect() })
    })
  })

/** Runs {@link runListAll} in a fresh process and returns what it reports. */
export const runListAllInFreshProcess = () =>
  new Promise<ListAllReport>((resolve, reject) => {
    const child = fork(fileURLToPath(new URL("./listAllProcess.ts", import.meta.url)), [], { stdio: "inherit" })
    let report: ListAllReport | undefined
    child.once("message", (message) => {
      report = message as ListAllReport
    })
    child.once("error", reject)
    child.once("exit", (code) => (report !== undefined ? resolve(report) : reject(new Error(`listAll process exited with ${code}`))))
  })

/** What a user writes without unibatch: fetch, parse, follow `has_more` with `after`. */
const bareFetchAll = async (baseUrl: string): Promise<number> => {
  let after: string | undefined
  let count = 0
  for (;;) {
    const query = after === undefined ? `limit=${pageSize}` : `limit=${pageSize}&after=${encodeURIComponent(after)}`
    const response = await fetch(`${baseUrl}/batches?${query}`, { headers: { authorization: `Bearer ${apiKey}`, accept: "application/json" } })
    if (!response.ok) throw new Error(`bare fetch: HTTP ${response.status}`)
    const page = JSON.parse(await response.text()) as { data: Array<{ id: string }>; has_more: boolean }
    count += page.data.length
    if (!page.has_more || page.data.length === 0) break
    after = page.data[page.data.length - 1]!.id
  }
  return count
}

/**
 * Peak RSS growth over the RSS at the start, sampled every 5 ms while `run` runs, and the time
 * the main thread spent in garbage collection meanwhile.
 */
const withRssGrowth = async <A>(run: () => Promise<A>): Promise<{ readonly value: A; readonly seconds: number; readonly rssGrowth: number; readonly gcMs: number }> => {
  const startRss = process.memoryUsage.rss()
  let peakRss = startRss
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage.rss())
  }, 5)
  let gcMs = 0
  const addGc = (entries: ReadonlyArray<PerformanceEntry>) => entries.forEach((entry) => (gcMs += entry.duration))
  const gcObserver = new PerformanceObserver((list) => addGc(list.getEntries()))
  gcObserver.observe({ entryTypes: ["gc"] })
  const started = performance.now()
  try {
    const value = await run()
    const seconds = (performance.now() - started) / 1000
    peakRss = Math.max(peakRss, process.memoryUsage.rss())
    addGc(gcObserver.takeRecords())
    return { value, seconds, rssGrowth: peakRss - startRss, gcMs }
  } finally {
    clearInterval(sampler)
    gcObserver.disconnect()
  }
}

export const runListAll = async (): Promise<ListAllReport> => {
  const batches = config.listAllBatches
  const server = await startServer(batches)
  try {
    // The runtimes hold the transports (worker, connection pools) for the whole measurement.
    const runtimes = [WorkerHttpClient.layer, NodeHttpClient.layerUndici, FetchHttpClient.layer].map((layer) => ManagedRuntime.make(layer))
    const streamAll = async (runtime: (typeof runtimes)[number]) => {
      const client = await runtime.runPromise(OpenAi.make({ apiKey, baseUrl: server.baseUrl }))
      return () => runtime.runPromise(Stream.runCount(client.listAll({ limit: pageSize })))
    }
    const [unibatchAll, overUndiciAll, overFetchAll] = await Promise.all(runtimes.map(streamAll))

    // Every side first lists everything twice, untimed, so that no timed run pays for warming
    // up: JIT (per-page code runs once a page, so it is compiled only after hundreds of pages),
    // keep-alive connections, the fake server's own JIT, and V8's heap reaching the size it
    // settles at (its young generation alone grows to 32 MiB). A 300-page warm-up left the first
    // timed run 30-60% slower than the later ones; after one full listing, unibatch's first timed
    // run was still its slowest in most runs (by 5-25%), and ABBA order puts that run on its side.
    for (let round = 0; round < 2; round++) {
      await unibatchAll!()
      await overUndiciAll!()
      await overFetchAll!()
      await bareFetchAll(server.baseUrl)
    }

    /** One way of listing everything: its timed runs, its largest RSS growth, its GC time. */
    const side = (label: string, listAll: () => Promise<number>) => {
      const seconds: Array<number> = []
      const gcMs: Array<number> = []
      let rssGrowth = 0
      const time = async () => {
        const run = await withRssGrowth(listAll)
        if (run.value !== batches) throw new Error(`${label} listed ${run.value} of ${batches} batches`)
        console.error(`listAll ${label}: ${run.seconds.toFixed(3)} s, RSS growth ${(run.rssGrowth / 2 ** 20).toFixed(1)} MiB, GC ${run.gcMs.toFixed(0)} ms`)
        seconds.push(run.seconds)
        gcMs.push(run.gcMs)
        rssGrowth = Math.max(rssGrowth, run.rssGrowth)
        return run.seconds
      }
      return { seconds, time, rssGrowthMiB: () => round(rssGrowth / 2 ** 20, 1), gcMs: () => round(median(gcMs), 0) }
    }
    const unibatch = side("unibatch", () => unibatchAll!())
    const others = [
      { transport: "NodeHttpClient.layerUndici", side: side("unibatch over undici", () => overUndiciAll!()), ratios: new Array<number>() },
      { transport: "FetchHttpClient.layer", side: side("unibatch over fetch", () => overFetchAll!()), ratios: new Array<number>() }
    ]
    const bare = side("bare fetch", () => bareFetchAll(server.baseUrl))

    const ratios: Array<number> = []
    for (let run = 0; run < config.listAllRunsPerSide; run++) {
      // ABBA order: neither side always runs on a warmer (or more tired) process. The other
      // transports, for the table only, go last.
      const bareFirst = run % 2 === 1 ? await bare.time() : undefined
      const unibatchSeconds = await unibatch.time()
      const bareSeconds = bareFirst ?? await bare.time()
      ratios.push(unibatchSeconds / bareSeconds)
      for (const other of others) other.ratios.push((await other.side.time()) / bareSeconds)
    }
    await Promise.all(runtimes.map((runtime) => runtime.dispose()))
    return {
      result: {
        batches,
        pageSize,
        ratio: round(median(ratios), 3),
        unibatchSeconds: round(median(unibatch.seconds), 3),
        bareFetchSeconds: round(median(bare.seconds), 3),
        rssGrowthMiB: unibatch.rssGrowthMiB()
      },
      bareFetchRssGrowthMiB: bare.rssGrowthMiB(),
      gcMs: { unibatch: unibatch.gcMs(), bareFetch: bare.gcMs() },
      comparisons: others.map((other) => ({
        transport: other.transport,
        ratio: round(median(other.ratios), 3),
        seconds: round(median(other.side.seconds), 3),
        rssGrowthMiB: other.side.rssGrowthMiB(),
        gcMs: other.side.gcMs()
      }))
    }
  } finally {
    server.stop()
  }
}
