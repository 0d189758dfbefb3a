/**
 * `unibatch demo`: every vendor's fake server on loopback, one client program, one `BatchClient`
 * Layer per vendor definition, and the normalized results side by side. No key, no network.
 *
 * @since 0.1.0
 */
import { type Batch, type BatchPage, toJson } from "@unibatch/core/Batch"
import { BatchClient } from "@unibatch/core/BatchClient"
import type { BatchRequest } from "@unibatch/core/BatchRequest"
import type { BatchResult } from "@unibatch/core/BatchResult"
import type { UnibatchError } from "@unibatch/core/UnibatchError"
import type { VendorDefinition } from "@unibatch/core/VendorDefinition"
import * as FakeVendor from "@unibatch/testkit/FakeVendor"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Schedule from "effect/Schedule"
import * as Stream from "effect/Stream"
import { CommandFailed } from "../Failure.js"
import * as Output from "../Output.js"
import * as Vendors from "../Vendors.js"
import { authLine } from "./serve.js"

/** The fake servers accept only this key; it is a placeholder, not a secret, and never printed. */
const demoKey = "unibatch-demo-key"

/** Every line fits in 120 columns: a label column, then one column per vendor. */
const lineWidth = 120
const labelWidth = 12

/**
 * What the demo program returns: the first page and the first batch retrieved by its ID.
 *
 * @example
 * ```ts
 * import type { FirstLook } from "@unibatch/cli/commands/demo"
 *
 * const summary = (look: FirstLook) => `${look.page.data.length} batches, first ${look.batch?.id ?? "none"}`
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface FirstLook {
  readonly page: BatchPage
  readonly batch: Batch | null
}

/**
 * The one program the demo runs on every vendor. It knows nothing about vendors: only the Layer
 * it is given changes.
 *
 * @example
 * ```ts
 * import { firstLook } from "@unibatch/cli/commands/demo"
 * import { layer } from "@unibatch/cli/Vendors"
 * import * as Effect from "effect/Effect"
 * import * as Redacted from "effect/Redacted"
import * as Schedule from "effect/Schedule"
import * as Stream from "effect/Stream"
 * import { definitions } from "unibatch/Providers"
 *
 * const look = firstLook.pipe(Effect.provide(layer(definitions.openai, { apiKey: Redacted.make("sk-test"), baseUrl: "http://127.0.0.1:4010/v1" })))
 * ```
 *
 * @since 0.1.0
 * @category programs
 */
export const firstLook: Effect.Effect<FirstLook, UnibatchError, BatchClient> = Effect.gen(function*() {
  const client = yield* BatchClient
  const page = yield* client.list({ limit: 5 })
  const first = page.data[0]
  // Retrieve by the canonical ID: the client turns it back into the vendor's own form.
  const batch = first === undefined ? null : yield* client.retrieve(first.id)
  return { page, batch }
})

/** The requests of the demo's batch job; the fake vendors answer a `customId` with `fail` in it with an error. */
const jobRequests: ReadonlyArray<BatchRequest> = ["greeting", "translation", "planted-fail", "summary"].map((customId) => ({
  customId,
  // A chat request every vendor's chat endpoint takes (`max_tokens` is Anthropic's required one).
  body: { model: "demo-model", max_tokens: 64, messages: [{ role: "user", content: `The ${customId} request.` }] }
}))

/** The vendor's chat endpoint: OpenAI's where the vendor takes it, else its first (Anthropic's `/v1/messages`). */
const chatEndpoint = (endpoints: ReadonlyArray<string>): string =>
  endpoints.includes("/v1/chat/completions") ? "/v1/chat/completions" : endpoints[0] ?? "/v1/chat/completions"

/** How long a fake vendor takes to run the demo's batch, and how often the demo looks. */
const jobDurationMs = 400
const pollEvery = Schedule.spaced("50 millis")

/**
 * What the demo's batch job saw: every change of the batch from its submission to its end, and
 * its results joined by `customId`.
 *
 * @example
 * ```ts
 * import type { Job } from "@unibatch/cli/commands/demo"
 *
 * const outcomes = (job: Job) => job.results.map((result) => `${result.customId} ${result.outcome}`)
 * ```
 *
 * @since 0.3.0
 * @category models
 */
export interface Job {
  readonly changes: ReadonlyArray<Batch>
  readonly results: ReadonlyArray<BatchResult>
}

/**
 * The demo's batch job, the same on every vendor: submit four requests (one planted to fail),
 * watch the batch to its end, read its results.
 *
 * @example
 * ```ts
 * import { oneJob } from "@unibatch/cli/commands/demo"
 * import { layer } from "@unibatch/cli/Vendors"
 * import * as Effect from "effect/Effect"
 * import * as Redacted from "effect/Redacted"
 * import { definitions } from "unibatch/Providers"
 *
 * const job = oneJob.pipe(Effect.provide(layer(definitions.openai, { apiKey: Redacted.make("sk-test"), baseUrl: "http://127.0.0.1:4010/v1" })))
 * ```
 *
 * @since 0.3.0
 * @category programs
 */
export const oneJob: Effect.Effect<Job, UnibatchError, BatchClient> = Effect.gen(function*() {
  const client = yield* BatchClient
  const submitted = yield* client.submit(jobRequests, { endpoint: chatEndpoint(client.definition.lifecycle.limits.endpoints) })
  const changes = Array.from(yield* Stream.runCollect(client.watch(submitted.id, { schedule: pollEvery })))
  const final = changes.at(-1) ?? submitted
  const results = Array.from(yield* Stream.runCollect(client.results(final)))
  return { changes, results }
})

interface Run {
  readonly definition: VendorDefinition
  readonly look: FirstLook
  readonly job: Job
  readonly requests: ReadonlyArray<FakeVendor.RecordedRequest>
}

/**
 * Starts the vendor's fake server for the scope, runs the programs on its client, keeps the
 * request log of the first look (the job's polls would drown it).
 */
const runOn = (definition: VendorDefinition) =>
  Effect.gen(function*() {
    const server = yield* FakeVendor.make({ definition, apiKey: demoKey, batchDurationMs: jobDurationMs })
    const client = Vendors.layer(definition, { apiKey: Redacted.make(demoKey), baseUrl: server.baseUrl })
    const look = yield* firstLook.pipe(Effect.provide(client))
    const requests = server.requests()
    const job = yield* oneJob.pipe(Effect.provide(client))
    return { definition, look, job, requests } satisfies Run
  })

const fit = (text: string, width: number): string => (text.length <= width ? text : text.slice(0, width - 1) + "…")

/** How many canonical fields the vendor left without a value. */
const nullFields = (batch: Batch): number => Object.values(toJson(batch)).filter((value) => value === null).length

const requestLine = (request: FakeVendor.RecordedRequest): string => {
  const query = new URLSearchParams(request.query).toString()
  return `${request.method} ${request.path}${query === "" ? "" : "?" + query}`
}

/** The most vendor columns in one table: past it, the table goes on below (IDs stay whole). */
const maxColumns = 3

type Rows = ReadonlyArray<readonly [string, (run: Run) => string]>

const sideBySide = (runs: ReadonlyArray<Run>, rows: Rows, most = maxColumns): Array<string> =>
  Array.from({ length: Math.ceil(runs.length / most) }, (_, index) => runs.slice(index * most, (index + 1) * most))
    .flatMap((group, index) => [...(index === 0 ? [] : [""]), ...table(group, Math.min(runs.length, most), rows)])

const table = (runs: ReadonlyArray<Run>, columns: number, rows: Rows): Array<string> => {
  const columnWidth = Math.max(12, Math.floor((lineWidth - labelWidth) / Math.max(1, columns)) - 2)
  const row = (label: string, cells: ReadonlyArray<string>): string =>
    [label.padEnd(labelWidth), ...cells.map((cell) => fit(cell, columnWidth).padEnd(columnWidth))].join("  ").trimEnd()
  return [
    row("", runs.map((run) => run.definition.provider)),
    row("", runs.map(() => "-".repeat(columnWidth))),
    ...rows.map(([label, value]) => row(label, runs.map(value)))
  ]
}

const cell = (f: (batch: Batch) => string) => (run: Run) => (run.look.batch === null ? Output.none : f(run.look.batch))

/** The first look: the first batch of the list, retrieved by its canonical ID. */
const lookRows: Rows = [
    ["native id", cell((batch) => batch.nativeId)],
    ["canonical id", cell((batch) => batch.id)],
    ["status", cell((batch) => `${batch.status} / ${batch.nativeStatus}`)],
    ["endpoint", cell((batch) => batch.endpoint ?? Output.none)],
    ["input file", cell((batch) => batch.inputFileId ?? Output.none)],
    ["created", cell((batch) => Output.formatTime(batch.createdAt))],
    ["requests", cell((batch) => Output.formatCounts(batch))],
    ["usage", cell((batch) => Output.formatUsage(batch))],
    ["extensions", cell((batch) => Output.extensionKeys(batch))],
    ["no value", cell((batch) => `${nullFields(batch)} of ${Object.keys(toJson(batch)).length} fields are null`)],
    ["first page", (run) => `${run.look.page.data.length} batches${run.look.page.hasMore ? ", has more" : ""}`]
]

const outcomeCounts = (results: ReadonlyArray<BatchResult>): string => {
  const counts = new Map<string, number>()
  for (const result of results) counts.set(result.outcome, (counts.get(result.outcome) ?? 0) + 1)
  return [...counts].map(([outcome, count]) => `${count} ${outcome}`).join(", ")
}

const firstFailure = (results: ReadonlyArray<BatchResult>): string => {
  const failed = results.find((result) => result.outcome === "failed")
  return failed === undefined ? Output.none : `${failed.customId} (${failed.statusCode ?? "no status"}, ${failed.error?.code ?? "no code"})`
}

const mapFinal = (run: Run, f: (batch: Batch) => string): string => {
  const batch = run.job.changes.at(-1)
  return batch === undefined ? Output.none : f(batch)
}

/** The batch job: its states as the watch saw them, and its results joined by customId. */
const jobRows: Rows = [
  ["batch", (run) => mapFinal(run, (batch) => batch.id)],
  ["watched", (run) => run.job.changes.map((batch) => batch.status).filter((status, index, all) => status !== all[index - 1]).join(" > ")],
  ["requests", (run) => mapFinal(run, Output.formatCounts)],
  ["output file", (run) => mapFinal(run, (batch) => batch.outputFileId ?? Output.none)],
  ["error file", (run) => mapFinal(run, (batch) => batch.errorFileId ?? Output.none)],
  ["results", (run) => outcomeCounts(run.job.results)],
  ["failure", (run) => firstFailure(run.job.results)]
]

/** What differed on the wire, taken from what each fake server actually received. */
const wire = (runs: ReadonlyArray<Run>): Array<string> =>
  runs.flatMap((run) => {
    const indent = " ".repeat(labelWidth + 2)
    return [
      `${fit(run.definition.provider, labelWidth).padEnd(labelWidth)}  auth ${authLine(run.definition.auth)}`,
      ...run.requests.map((request) => indent + fit(requestLine(request), lineWidth - indent.length))
    ]
  })

/**
 * Runs `demo` on these vendors and prints the comparison. The servers are closed however it ends.
 *
 * @example
 * ```ts
 * import { demo } from "@unibatch/cli/commands/demo"
 * import { definitions } from "unibatch/Providers"
 *
 * const program = demo(Object.values(definitions))
 * ```
 *
 * @since 0.1.0
 * @category commands
 */
export const demo = (definitions: ReadonlyArray<VendorDefinition>): Effect.Effect<void, CommandFailed> =>
  Effect.gen(function*() {
    const runs = yield* Effect.scoped(Effect.forEach(definitions, runOn, { concurrency: "unbounded" }))
    yield* Output.printLines(
      `unibatch demo: one program (list --limit 5, then get the first batch) run on ${runs.length} client Layers`,
      `against ${runs.length} fake vendors on loopback, all seeded with the same batches. Normalized:`,
      "",
      ...sideBySide(runs, lookRows),
      "",
      "On the wire (from the fake servers' request logs):",
      ...wire(runs),
      "",
      `Then one batch job, the same program on every vendor: submit ${jobRequests.length} requests (one planted to fail),`,
      "watch the batch to its end, read the results joined by customId (output file, error file):",
      "",
      // Two a table: a status path is wider than an ID.
      ...sideBySide(runs, jobRows, 2)
    )
  }).pipe(
    Effect.catch((error) => Effect.andThen(Output.printErrorLines(Output.errorLine(error)), Effect.fail(new CommandFailed())))
  )
