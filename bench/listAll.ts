/**
 * Listing everything: `BatchClient.listAll` over the `HttpClient` a user provides
 * (`FetchHttpClient.layer`, Effect's own) against what a user writes without unibatch, a bare
 * `fetch` loop, both over loopback from a testkit fake server in another process. Wall time and
 * the listing process's CPU time (user + system, `process.cpuUsage`) are each compared run by run
 * in ABBA order; RSS growth is the peak while streaming. For the table only, two more sides: the
 * same stream over `NodeHttpClient.layerUndici`, and the bare loop written on Effect's
 * `HttpClient` over the same `FetchHttpClient.layer` (`JSON.parse`, no unibatch): the transport's
 * own share of the cost.
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as BatchClient from "@unibatch/core/BatchClient"
import * as OpenAi from "@unibatch/openai/OpenAi"
import * as Effect from "effect/Effect"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import * as HttpClient from "effect/http/HttpClient"
import * as HttpClientRequest from "effect/http/HttpClientRequest"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Stream from "effect/Stream"
import { config, pageSize } from "./config.js"
import { measured, median, round } from "./measure.js"
import { reportFromFreshProcess, startFakeServer } from "./processes.js"

export interface ListAllResult {
  readonly batches: number
  readonly pageSize: number
  /** Wall time, unibatch / bare loop: median of the per-run ratios. */
  readonly ratio: number
  /** CPU time (user + system) of the listing process, unibatch / bare loop: median of the per-run ratios. */
  readonly cpuRatio: number
  readonly unibatchSeconds: number
  readonly bareFetchSeconds: number
  readonly unibatchCpuSeconds: number
  readonly bareFetchCpuSeconds: number
  readonly rssGrowthMiB: number
}

export interface ListAllComparison {
  readonly transport: string
  readonly ratio: number
  readonly cpuRatio: number
  readonly seconds: number
  readonly rssGrowthMiB: number
  readonly gcMs: number
}

export interface ListAllReport {
  readonly result: ListAllResult
  readonly bareFetchRssGrowthMiB: number
  /** Main-thread GC time during one listing, median of the runs. */
  readonly gcMs: { readonly unibatch: number; readonly bareFetch: number }
  readonly comparisons: ReadonlyArray<ListAllComparison>
}

const apiKey = "sk-bench"

/** Runs {@link runListAll} in a fresh process and returns what it reports. */
export const runListAllInFreshProcess = () => reportFromFreshProcess<ListAllReport>("./listAllProcess.ts")

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

/** The bare loop on Effect's `HttpClient`: what the transport alone costs. */
const effectHttpAll = (baseUrl: string) =>
  Effect.gen(function* () {
    const client = yield* HttpClient.HttpClient
    let after: string | undefined
    let count = 0
    for (;;) {
      const urlParams = after === undefined ? { limit: String(pageSize) } : { limit: String(pageSize), after }
      const request = HttpClientRequest.get(`${baseUrl}/batches`, { urlParams, headers: { authorization: `Bearer ${apiKey}`, accept: "application/json" } })
      const response = yield* client.execute(request)
      if (response.status !== 200) return yield* Effect.die(new Error(`Effect HttpClient: HTTP ${response.status}`))
      const page = JSON.parse(yield* response.text) as { data: Array<{ id: string }>; has_more: boolean }
      count += page.data.length
      if (!page.has_more || page.data.length === 0) return count
      after = page.data[page.data.length - 1]!.id
    }
  })

export const runListAll = async (): Promise<ListAllReport> => {
  const batches = config.listAllBatches
  const server = await startFakeServer({ provider: "openai", count: batches, seed: 11 })
  try {
    // What a user writes: the adapter's layer over an HttpClient layer of their choice, in a
    // runtime that lives for the whole measurement (as an app's would).
    const vendor = OpenAi.layer({ apiKey, baseUrl: server.baseUrl })
    const runtimeOver = (transport: Layer.Layer<HttpClient.HttpClient>) => ManagedRuntime.make(vendor.pipe(Layer.provideMerge(transport)))
    const overFetch = runtimeOver(FetchHttpClient.layer)
    const overUndici = runtimeOver(NodeHttpClient.layerUndici)
    const listEverything = BatchClient.listAll({ limit: pageSize }).pipe(Stream.runCount)
    const unibatchAll = () => overFetch.runPromise(listEverything)
    const overUndiciAll = () => overUndici.runPromise(listEverything)
    const effectHttpOnlyAll = () => overFetch.runPromise(effectHttpAll(server.baseUrl))

    // Every side first lists everything twice, untimed, so that no timed run pays for warming
    // up: JIT (per-page code runs once a page, so it is compiled only after hundreds of pages),
    // keep-alive connections, the fake server's own JIT, and V8's heap reaching the size it
    // settles at. After one full listing, the first timed run was still the slowest in most runs.
    for (let round = 0; round < 2; round++) {
      await unibatchAll()
      await overUndiciAll()
      await effectHttpOnlyAll()
      await bareFetchAll(server.baseUrl)
    }

    /** One way of listing everything: its timed runs, its largest RSS growth, its GC time. */
    const side = (label: string, listAll: () => Promise<number>) => {
      const seconds: Array<number> = []
      const cpuSeconds: Array<number> = []
      const gcMs: Array<number> = []
      let rssGrowth = 0
      const time = async () => {
        const run = await measured(listAll)
        if (run.value !== batches) throw new Error(`${label} listed ${run.value} of ${batches} batches`)
        console.error(
          `listAll ${label}: ${run.seconds.toFixed(3)} s, CPU ${run.cpuSeconds.toFixed(3)} s, RSS growth ${(run.rssGrowth / 2 ** 20).toFixed(1)} MiB, GC ${run.gcMs.toFixed(0)} ms`
        )
        seconds.push(run.seconds)
        cpuSeconds.push(run.cpuSeconds)
        gcMs.push(run.gcMs)
        rssGrowth = Math.max(rssGrowth, run.rssGrowth)
        return run
      }
      return {
        seconds,
        cpuSeconds,
        time,
        rssGrowthMiB: () => round(rssGrowth / 2 ** 20, 1),
        gcMs: () => round(median(gcMs), 0)
      }
    }
    const unibatch = side("unibatch over FetchHttpClient", unibatchAll)
    const others = [
      { transport: "NodeHttpClient.layerUndici", side: side("unibatch over NodeHttpClient.layerUndici", overUndiciAll) },
      { transport: "FetchHttpClient.layer, JSON.parse only (no unibatch)", side: side("Effect HttpClient loop over FetchHttpClient", effectHttpOnlyAll) }
    ].map((other) => ({ ...other, ratios: new Array<number>(), cpuRatios: new Array<number>() }))
    const bare = side("bare fetch", () => bareFetchAll(server.baseUrl))

    const ratios: Array<number> = []
    const cpuRatios: Array<number> = []
    for (let run = 0; run < config.listAllRunsPerSide; run++) {
      // ABBA order: neither side always runs on a warmer (or more tired) process. The
      // comparisons, for the table only, go last.
      const bareFirst = run % 2 === 1 ? await bare.time() : undefined
      const subject = await unibatch.time()
      const yardstick = bareFirst ?? await bare.time()
      ratios.push(subject.seconds / yardstick.seconds)
      cpuRatios.push(subject.cpuSeconds / yardstick.cpuSeconds)
      for (const other of others) {
        const measurement = await other.side.time()
        other.ratios.push(measurement.seconds / yardstick.seconds)
        other.cpuRatios.push(measurement.cpuSeconds / yardstick.cpuSeconds)
      }
    }
    await Promise.all([overFetch.dispose(), overUndici.dispose()])
    return {
      result: {
        batches,
        pageSize,
        ratio: round(median(ratios), 3),
        cpuRatio: round(median(cpuRatios), 3),
        unibatchSeconds: round(median(unibatch.seconds), 3),
        bareFetchSeconds: round(median(bare.seconds), 3),
        unibatchCpuSeconds: round(median(unibatch.cpuSeconds), 3),
        bareFetchCpuSeconds: round(median(bare.cpuSeconds), 3),
        rssGrowthMiB: unibatch.rssGrowthMiB()
      },
      bareFetchRssGrowthMiB: bare.rssGrowthMiB(),
      gcMs: { unibatch: unibatch.gcMs(), bareFetch: bare.gcMs() },
      comparisons: others.map((other) => ({
        transport: other.transport,
        ratio: round(median(other.ratios), 3),
        cpuRatio: round(median(other.cpuRatios), 3),
        seconds: round(median(other.side.seconds), 3),
        rssGrowthMiB: other.side.rssGrowthMiB(),
        gcMs: other.side.gcMs()
      }))
    }
  } finally {
    await server.stop()
  }
}
