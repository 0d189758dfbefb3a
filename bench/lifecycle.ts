/**
 * Running a batch, three budgets: reading a large output file into canonical results (`results`),
 * uploading OpenAI's largest input file (`upload`), and submitting typed requests (`submit`). Each
 * compares the unibatch call, through `OpenAi.layer` over `FetchHttpClient.layer` in a runtime that
 * lives for the whole measurement, with what a user writes without unibatch (`fetch`, `FormData`,
 * `JSON.parse`, `JSON.stringify`), against the same testkit fake server in another process, so
 * both sides pay the same serving cost. Each section runs in a fresh process (lifecycleProcess.ts):
 * its RSS figures start from a small heap, as a command's would. Both sides first run untimed, then
 * alternate in ABBA order; a ratio is the median of the per-run ratios, RSS growth the largest peak
 * over the RSS at the start of a run.
 */
import type { Batch } from "@unibatch/core/Batch"
import * as BatchClient from "@unibatch/core/BatchClient"
import type { BatchRequest } from "@unibatch/core/BatchRequest"
import * as OpenAi from "@unibatch/openai/OpenAi"
import * as Effect from "effect/Effect"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Stream from "effect/Stream"
import { closeSync, mkdtempSync, openAsBlob, openSync, rmSync, statSync, writeSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { config } from "./config.js"
import { keep, measured, median, round } from "./measure.js"
import { type FakeServerOptions, reportFromFreshProcess, startFakeServer } from "./processes.js"

/** The sections, in the order they run and print. */
export const sections = ["results", "upload", "submit"] as const

export type LifecycleSection = (typeof sections)[number]

/** One comparison: unibatch against the bare side, over the same server and bytes. */
export interface LifecycleTimes {
  /** Wall time, unibatch / bare: median of the per-run ratios. */
  readonly ratio: number
  /** CPU time (user + system) of the measuring process, unibatch / bare: median of the per-run ratios. */
  readonly cpuRatio: number
  readonly unibatchSeconds: number
  readonly bareSeconds: number
  /** Largest RSS growth over a unibatch run (peak while running minus the RSS at its start). */
  readonly rssGrowthMiB: number
  /** The same for the bare side. */
  readonly bareRssGrowthMiB: number
}

export interface ResultsBench extends LifecycleTimes {
  readonly lines: number
  readonly bytes: number
}

export interface UploadBench extends LifecycleTimes {
  readonly bytes: number
}

export interface SubmitBench extends LifecycleTimes {
  readonly requests: number
  readonly bytes: number
}

export interface LifecycleReport {
  readonly results: ResultsBench
  readonly upload: UploadBench
  readonly submit: SubmitBench
}

/** Runs one section in a fresh process and returns what it reports. */
export const runSectionInFreshProcess = <S extends LifecycleSection>(section: S) =>
  reportFromFreshProcess<LifecycleReport[S]>("./lifecycleProcess.ts", [section])

const apiKey = "sk-bench"
const authorization = { authorization: `Bearer ${apiKey}` }
const endpoint = "/v1/chat/completions"

/** The unibatch side: `OpenAi.layer` over Effect's `FetchHttpClient`, as a user provides it. */
const unibatchRuntime = (baseUrl: string) =>
  ManagedRuntime.make(OpenAi.layer({ apiKey, baseUrl }).pipe(Layer.provide(FetchHttpClient.layer)))

/** Runs a client call in the unibatch runtime. */
type Run = <A>(effect: Effect.Effect<A, unknown>) => Promise<A>

/**
 * Both sides untimed `warmups` times each, then `runs` runs each in ABBA order. `check` refuses a
 * run whose answer is not the expected one, so a fast wrong side cannot pass.
 */
const compareSides = async <A>(options: {
  readonly label: string
  readonly unibatch: () => Promise<A>
  readonly bare: () => Promise<A>
  readonly check: (value: A, side: string) => void
  readonly runs: number
  readonly warmups: number
  /** Untimed, before every run of either side. */
  readonly beforeEach?: (() => Promise<void>) | undefined
}): Promise<LifecycleTimes> => {
  const { check, label, runs, warmups } = options
  const beforeEach = options.beforeEach ?? (() => Promise.resolve())
  for (let round = 0; round < warmups; round++) {
    await beforeEach()
    check(await options.unibatch(), "unibatch")
    await beforeEach()
    check(await options.bare(), "bare")
  }
  const side = (name: string, run: () => Promise<A>) => {
    const seconds: Array<number> = []
    const cpuSeconds: Array<number> = []
    let rssGrowth = 0
    const time = async () => {
      await beforeEach()
      const measurement = await measured(run)
      check(measurement.value, name)
      console.error(
        `${label} ${name}: ${measurement.seconds.toFixed(3)} s, CPU ${measurement.cpuSeconds.toFixed(3)} s, RSS growth ${(measurement.rssGrowth / 2 ** 20).toFixed(1)} MiB, GC ${measurement.gcMs.toFixed(0)} ms`
      )
      seconds.push(measurement.seconds)
      cpuSeconds.push(measurement.cpuSeconds)
      rssGrowth = Math.max(rssGrowth, measurement.rssGrowth)
      return measurement
    }
    return { seconds, time, rssGrowthMiB: () => round(rssGrowth / 2 ** 20, 1) }
  }
  const unibatch = side("unibatch", options.unibatch)
  const bare = side("bare", options.bare)
  const ratios: Array<number> = []
  const cpuRatios: Array<number> = []
  for (let run = 0; run < runs; run++) {
    const bareFirst = run % 2 === 1 ? await bare.time() : undefined
    const subject = await unibatch.time()
    const yardstick = bareFirst ?? await bare.time()
    ratios.push(subject.seconds / yardstick.seconds)
    cpuRatios.push(subject.cpuSeconds / yardstick.cpuSeconds)
  }
  return {
    ratio: round(median(ratios), 3),
    cpuRatio: round(median(cpuRatios), 3),
    unibatchSeconds: round(median(unibatch.seconds), 3),
    bareSeconds: round(median(bare.seconds), 3),
    rssGrowthMiB: unibatch.rssGrowthMiB(),
    bareRssGrowthMiB: bare.rssGrowthMiB()
  }
}

/** A fake server in its own process and a unibatch client over it, in a runtime of its own. */
interface ServerAndClient {
  readonly baseUrl: string
  readonly client: BatchClient.BatchClientService
  readonly run: Run
  readonly stop: () => Promise<void>
}

const serverAndClient = async (options: FakeServerOptions): Promise<ServerAndClient> => {
  const server = await startFakeServer(options)
  const runtime = unibatchRuntime(server.baseUrl)
  const client = await runtime.runPromise(Effect.gen(function*() {
    return yield* BatchClient.BatchClient
  }))
  return {
    baseUrl: server.baseUrl,
    client,
    run: (effect) => runtime.runPromise(effect),
    stop: async () => {
      await runtime.dispose()
      await server.stop()
    }
  }
}

/** Runs `use` with a fake server in its own process and a unibatch client over it; stops both after. */
const withServer = async <A>(
  options: FakeServerOptions,
  use: (baseUrl: string, client: BatchClient.BatchClientService, run: Run) => Promise<A>
): Promise<A> => {
  const { baseUrl, client, run, stop } = await serverAndClient(options)
  try {
    return await use(baseUrl, client, run)
  } finally {
    await stop()
  }
}

// ---------------------------------------------------------------------------------------------
// What a user writes without unibatch.
// ---------------------------------------------------------------------------------------------

const expectOk = async (response: Response, what: string) => {
  if (!response.ok) throw new Error(`bare ${what}: HTTP ${response.status} ${await response.text()}`)
  return response
}

/** A bare multipart upload: `FormData` with `purpose` and the file, posted with `fetch`. */
const bareUpload = async (baseUrl: string, file: Blob, filename: string): Promise<{ readonly id: string; readonly bytes: number }> => {
  const form = new FormData()
  form.append("purpose", "batch")
  form.append("file", file, filename)
  const response = await expectOk(await fetch(`${baseUrl}/files`, { method: "POST", headers: authorization, body: form }), "upload")
  return (await response.json()) as { id: string; bytes: number }
}

/** A bare create: one JSON POST. */
const bareCreate = async (baseUrl: string, inputFileId: string): Promise<{ readonly id: string; readonly status: string }> => {
  const response = await expectOk(
    await fetch(`${baseUrl}/batches`, {
      method: "POST",
      headers: { ...authorization, "content-type": "application/json" },
      body: JSON.stringify({ input_file_id: inputFileId, endpoint, completion_window: "24h" })
    }),
    "create"
  )
  return (await response.json()) as { id: string; status: string }
}

/** Download, split lines, `JSON.parse` each, as the bytes arrive: the bare reading of a result file. */
const bareReadLines = async (url: string): Promise<number> => {
  const response = await expectOk(await fetch(url, { headers: authorization }), "file content")
  const decoder = new TextDecoder()
  let rest = ""
  let count = 0
  const parseLines = (text: string) => {
    let start = 0
    for (let end = text.indexOf("\n"); end !== -1; end = text.indexOf("\n", start)) {
      if (end > start) {
        keep(JSON.parse(text.slice(start, end)))
        count++
      }
      start = end + 1
    }
    return text.slice(start)
  }
  for await (const chunk of response.body!) rest = parseLines(rest + decoder.decode(chunk, { stream: true }))
  rest += decoder.decode()
  if (rest.trim().length > 0) {
    keep(JSON.parse(rest))
    count++
  }
  return count
}

// ---------------------------------------------------------------------------------------------
// Requests of realistic size.
// ---------------------------------------------------------------------------------------------

const systemPrompt = "You are a careful assistant that classifies customer reviews. Answer with one word, " +
  "positive, negative or mixed, then one short sentence that quotes the part of the review that decided it. " +
  "Do not add anything else."

const reviewWords = ["delivery", "arrived", "late", "quality", "excellent", "broken", "support", "helpful", "price", "fair", "size", "small"]
const reviewText = Array.from({ length: 4_000 }, (_, word) => reviewWords[(word * 5 + Math.floor(word / 12)) % reviewWords.length]).join(" ")

/** A chat completion request body with a review of `reviewLength` characters, different for every `index`. */
const chatBody = (index: number, reviewLength: number) => {
  const start = (index * 7) % 1_000
  return {
    model: "gpt-4o-mini",
    messages: [
      { role: "system", content: systemPrompt },
      { role: "user", content: `Review #${index}: ${reviewText.slice(start, start + reviewLength)}` }
    ],
    max_tokens: 128,
    temperature: 0.2
  }
}

const chatRequests = (count: number, reviewLength: number): Array<BatchRequest> =>
  Array.from({ length: count }, (_, index) => ({ customId: `request-${index}`, body: chatBody(index, reviewLength) }))

/** The input file line a user writes by hand: OpenAI's `{custom_id, method, url, body}`. */
const requestLine = (request: BatchRequest) =>
  JSON.stringify({ custom_id: request.customId, method: "POST", url: endpoint, body: request.body })

// ---------------------------------------------------------------------------------------------
// results
// ---------------------------------------------------------------------------------------------

/** Polls (untimed set-up) until the batch is completed; the server runs it at once. */
const completedBatch = async (baseUrl: string, id: string) => {
  for (let attempt = 0; attempt < 600; attempt++) {
    const response = await expectOk(await fetch(`${baseUrl}/batches/${id}`, { headers: authorization }), "retrieve")
    const batch = (await response.json()) as { status: string; output_file_id: string | null }
    if (batch.status === "completed") return batch
    if (["failed", "expired", "cancelled"].includes(batch.status)) throw new Error(`results set-up: batch ${id} ${batch.status}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error(`results set-up: batch ${id} did not complete`)
}

/**
 * `client.results(batch)` run to its end, counting, against downloading the output file and
 * `JSON.parse` of each line. The output file comes from the fake server: a batch of `resultsLines`
 * chat completion requests, none planted to fail, run at once (OpenAI's definition served with a
 * request limit of 100,000).
 */
export const runResults = async (): Promise<ResultsBench> => {
  const lines = config.resultsLines
  const serverOptions = { provider: "openai", count: 1, seed: 5, maxRequests: Math.max(lines, 50_000), batchDurationMs: 0 } as const
  return withServer(serverOptions, async (baseUrl, client, run) => {
    const input = chatRequests(lines, 40).map(requestLine).join("\n") + "\n"
    const uploaded = await bareUpload(baseUrl, new Blob([input]), "results-input.jsonl")
    const created = await bareCreate(baseUrl, uploaded.id)
    const { output_file_id } = await completedBatch(baseUrl, created.id)
    if (output_file_id === null) throw new Error("results set-up: the completed batch has no output file")
    const contentUrl = `${baseUrl}/files/${output_file_id}/content`
    const bytes = (await (await expectOk(await fetch(contentUrl, { headers: authorization }), "file content")).arrayBuffer()).byteLength

    const batch: Batch = await run(client.retrieve(created.id))
    // Before timing: every line comes out as a canonical result, each request succeeded once.
    const outcomes = await run(
      client.results(batch).pipe(Stream.runFold(() => new Map<string, number>(), (counts, result) => counts.set(result.outcome, (counts.get(result.outcome) ?? 0) + 1)))
    )
    if (outcomes.get("succeeded") !== lines || outcomes.size !== 1) {
      throw new Error(`results: expected ${lines} succeeded results, got ${JSON.stringify([...outcomes])}`)
    }
    const times = await compareSides({
      label: "results",
      unibatch: () => run(Stream.runCount(client.results(batch))),
      bare: () => bareReadLines(contentUrl),
      check: (count, side) => {
        if (count !== lines) throw new Error(`results ${side}: read ${count} of ${lines} lines`)
      },
      runs: config.lifecycleRunsPerSide,
      warmups: 2
    })
    return { lines, bytes, ...times }
  })
}

// ---------------------------------------------------------------------------------------------
// upload
// ---------------------------------------------------------------------------------------------

/**
 * Writes whole request lines of about 5 KB (long prompts) up to `bytes` into a new file, so that
 * 200 MiB stays within OpenAI's 50,000 requests a file; returns its path and size.
 */
const writeInputFile = (directory: string, bytes: number) => {
  const path = join(directory, "upload.jsonl")
  const descriptor = openSync(path, "w")
  try {
    let written = 0
    let chunk = ""
    for (let index = 0;; index++) {
      const line = requestLine({ customId: `request-${index}`, body: chatBody(index, 4_600) }) + "\n"
      if (written + chunk.length + line.length > bytes) break
      chunk += line
      if (chunk.length >= 2 ** 20) {
        written += writeSync(descriptor, chunk)
        chunk = ""
      }
    }
    written += writeSync(descriptor, chunk)
  } finally {
    closeSync(descriptor)
  }
  return { path, bytes: statSync(path).size }
}

/**
 * `client.upload(await fs.openAsBlob(path))` against a bare `fetch` of a `FormData` holding the same
 * `Blob`, for a file of `uploadBytes` (OpenAI's 200 MiB limit), generated in the temporary
 * directory and deleted after. Every run gets a fresh server: the fake server keeps each upload in
 * memory, and a server holding gigabytes of earlier uploads made each later run slower.
 */
export const runUpload = async (): Promise<UploadBench> => {
  const directory = mkdtempSync(join(tmpdir(), "unibatch-bench-upload-"))
  let current: ServerAndClient | undefined
  try {
    const file = writeInputFile(directory, config.uploadBytes)
    const filename = "upload.jsonl"
    const served = () => current!
    const times = await compareSides({
      label: "upload",
      beforeEach: async () => {
        await current?.stop()
        current = await serverAndClient({ provider: "openai", count: 1, seed: 5 })
      },
      unibatch: async () => (await served().run(served().client.upload(await openAsBlob(file.path), { filename }))).bytes,
      bare: async () => (await bareUpload(served().baseUrl, await openAsBlob(file.path), filename)).bytes,
      check: (bytes, side) => {
        if (bytes !== file.bytes) throw new Error(`upload ${side}: the server kept ${bytes} of ${file.bytes} bytes`)
      },
      runs: config.lifecycleRunsPerSide,
      warmups: 1
    })
    return { bytes: file.bytes, ...times }
  } finally {
    await current?.stop()
    rmSync(directory, { recursive: true, force: true })
  }
}

// ---------------------------------------------------------------------------------------------
// submit
// ---------------------------------------------------------------------------------------------

/**
 * `client.submit(requests, { endpoint })` (JSONL written and checked as it streams to the upload,
 * then the create) against `JSON.stringify` of every line into one string, uploaded bare as a
 * `Blob` in a `FormData`, then one bare create. The batches never run during the measurement.
 */
export const runSubmit = async (): Promise<SubmitBench> => {
  const requests = chatRequests(config.submitRequests, 360)
  const serverOptions = { provider: "openai", count: 1, seed: 5, batchDurationMs: 24 * 3_600_000 } as const
  return withServer(serverOptions, async (baseUrl, client, run) => {
    let bytes = 0
    const bare = async () => {
      const input = requests.map(requestLine).join("\n") + "\n"
      const uploaded = await bareUpload(baseUrl, new Blob([input]), "requests.jsonl")
      bytes = uploaded.bytes
      return (await bareCreate(baseUrl, uploaded.id)).id
    }
    const unibatch = async () => (await run(client.submit(requests, { endpoint }))).id
    // Before timing: unibatch uploads exactly the file the bare side writes.
    const submitted = await run(client.submit(requests, { endpoint }))
    await bare()
    if (submitted.inputFileId === null) throw new Error("submit: the batch has no input file")
    const contentUrl = `${baseUrl}/files/${submitted.inputFileId}/content`
    const uploaded = await (await expectOk(await fetch(contentUrl, { headers: authorization }), "file content")).text()
    if (uploaded !== requests.map(requestLine).join("\n") + "\n") {
      throw new Error(`submit: unibatch uploaded another file (${uploaded.length} characters) than the bare side (${bytes} bytes)`)
    }
    const times = await compareSides({
      label: "submit",
      unibatch,
      bare,
      check: (id, side) => {
        if (id.length === 0) throw new Error(`submit ${side}: no batch id`)
      },
      runs: config.lifecycleRunsPerSide,
      warmups: 2
    })
    return { requests: requests.length, bytes, ...times }
  })
}
