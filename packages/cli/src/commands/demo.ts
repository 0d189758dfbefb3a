/**
 * `unibatch demo`: three fake vendors on loopback, one client program, three adapter Layers, and
 * the normalized results side by side. No key, no network.
 *
 * @since 0.1.0
 */
import { type Batch, type BatchPage, toJson } from "@unibatch/core/Batch"
import { BatchClient } from "@unibatch/core/BatchClient"
import { type Provider, providers } from "@unibatch/core/Provider"
import type { UnibatchError } from "@unibatch/core/UnibatchError"
import * as FakeVendor from "@unibatch/testkit/FakeVendor"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import { CommandFailed } from "../Failure.js"
import * as Output from "../Output.js"
import * as Vendors from "../Vendors.js"

/** The fake servers accept only this key; it is a placeholder, not a secret, and never printed. */
const demoKey = "unibatch-demo-key"

/** Keeps the side-by-side table within 120 columns: 12 + 3 x (2 + 33) = 117. */
const labelWidth = 12
const columnWidth = 33

/**
 * What the demo program returns: the first page and the first batch retrieved by its ID.
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
 * @since 0.1.0
 * @category programs
 */
export const firstLook: Effect.Effect<FirstLook, UnibatchError, BatchClient> = Effect.gen(function* () {
  const client = yield* BatchClient
  const page = yield* client.list({ limit: 5 })
  const first = page.data[0]
  // Retrieve by the canonical ID: the adapter turns it back into the vendor's own form.
  const batch = first === undefined ? null : yield* client.retrieve(first.id)
  return { page, batch }
})

interface Run {
  readonly provider: Provider
  readonly look: FirstLook
  readonly requests: ReadonlyArray<FakeVendor.RecordedRequest>
}

/** Starts the vendor's fake server for the scope, runs the program on its adapter, keeps its request log. */
const runOn = (provider: Provider) =>
  Effect.gen(function* () {
    const server = yield* FakeVendor.make({ provider, apiKey: demoKey })
    const look = yield* firstLook.pipe(
      Effect.provide(Vendors.layer(provider, { apiKey: Redacted.make(demoKey), baseUrl: server.baseUrl }))
    )
    return { provider, look, requests: server.requests() } satisfies Run
  })

const fit = (text: string, width: number): string => (text.length <= width ? text : text.slice(0, width - 1) + "…")

const row = (label: string, cells: ReadonlyArray<string>): string =>
  [label.padEnd(labelWidth), ...cells.map((cell) => fit(cell, columnWidth).padEnd(columnWidth))].join("  ").trimEnd()

const sideBySide = (runs: ReadonlyArray<Run>): Array<string> => {
  const cell = (f: (batch: Batch, look: FirstLook) => string) => (run: Run) =>
    run.look.batch === null ? Output.none : f(run.look.batch, run.look)
  const rows: Array<[string, (run: Run) => string]> = [
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
  return [
    row("", runs.map((run) => run.provider)),
    row("", runs.map(() => "-".repeat(columnWidth))),
    ...rows.map(([label, value]) => row(label, runs.map(value)))
  ]
}

/** How many canonical fields the vendor left without a value: Respan's list sends the fewest. */
const nullFields = (batch: Batch): number => Object.values(toJson(batch)).filter((value) => value === null).length

const authHeader = (request: FakeVendor.RecordedRequest | undefined): string => {
  if (request === undefined) return "none"
  if (request.headers["x-api-key"] !== undefined) return "x-api-key: <key>"
  if (request.headers["authorization"] !== undefined) return "Authorization: Bearer <key>"
  return "none"
}

const requestLine = (request: FakeVendor.RecordedRequest): string => {
  const query = new URLSearchParams(request.query).toString()
  return `${request.method} ${request.path}${query === "" ? "" : "?" + query}`
}

/** What differed on the wire, taken from what each fake server actually received. */
const wire = (runs: ReadonlyArray<Run>): Array<string> =>
  runs.flatMap((run) => {
    const [first, ...rest] = run.requests.map(requestLine)
    const indent = " ".repeat(labelWidth + 2)
    return [
      `${run.provider.padEnd(labelWidth)}  auth ${authHeader(run.requests[0])}`,
      ...[first, ...rest].filter((line) => line !== undefined).map((line) => indent + fit(line, 120 - indent.length))
    ]
  })

/**
 * Runs `demo` and prints the comparison. The servers are closed however it ends.
 *
 * @since 0.1.0
 * @category commands
 */
export const demo: Effect.Effect<void, CommandFailed> = Effect.gen(function* () {
  const runs = yield* Effect.scoped(Effect.forEach(providers, runOn, { concurrency: "unbounded" }))
  yield* Output.printLines(
    "unibatch demo: one program (list --limit 5, then get the first batch) run on three adapter",
    "Layers against three fake vendors on loopback, all seeded with the same batches. Normalized:",
    "",
    ...sideBySide(runs),
    "",
    "On the wire (from the fake servers' request logs):",
    ...wire(runs)
  )
}).pipe(
  Effect.catchAll((error) => Effect.zipRight(Output.printErrorLines(Output.errorLine(error)), Effect.fail(new CommandFailed())))
)
