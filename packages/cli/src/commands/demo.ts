/**
 * `unibatch demo`: every vendor's fake server on loopback, one client program, one `BatchClient`
 * Layer per vendor definition, and the normalized results side by side. No key, no network.
 *
 * @since 0.1.0
 */
import { type Batch, type BatchPage, toJson } from "@unibatch/core/Batch"
import { BatchClient } from "@unibatch/core/BatchClient"
import type { UnibatchError } from "@unibatch/core/UnibatchError"
import type { VendorDefinition } from "@unibatch/core/VendorDefinition"
import * as FakeVendor from "@unibatch/testkit/FakeVendor"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
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

interface Run {
  readonly definition: VendorDefinition
  readonly look: FirstLook
  readonly requests: ReadonlyArray<FakeVendor.RecordedRequest>
}

/** Starts the vendor's fake server for the scope, runs the program on its client, keeps its request log. */
const runOn = (definition: VendorDefinition) =>
  Effect.gen(function*() {
    const server = yield* FakeVendor.make({ definition, apiKey: demoKey })
    const look = yield* firstLook.pipe(
      Effect.provide(Vendors.layer(definition, { apiKey: Redacted.make(demoKey), baseUrl: server.baseUrl }))
    )
    return { definition, look, requests: server.requests() } satisfies Run
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

const sideBySide = (runs: ReadonlyArray<Run>): Array<string> =>
  Array.from({ length: Math.ceil(runs.length / maxColumns) }, (_, index) => runs.slice(index * maxColumns, (index + 1) * maxColumns))
    .flatMap((group, index) => [...(index === 0 ? [] : [""]), ...table(group, Math.min(runs.length, maxColumns))])

const table = (runs: ReadonlyArray<Run>, columns: number): Array<string> => {
  const columnWidth = Math.max(12, Math.floor((lineWidth - labelWidth) / Math.max(1, columns)) - 2)
  const row = (label: string, cells: ReadonlyArray<string>): string =>
    [label.padEnd(labelWidth), ...cells.map((cell) => fit(cell, columnWidth).padEnd(columnWidth))].join("  ").trimEnd()
  const cell = (f: (batch: Batch) => string) => (run: Run) => (run.look.batch === null ? Output.none : f(run.look.batch))
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
    row("", runs.map((run) => run.definition.provider)),
    row("", runs.map(() => "-".repeat(columnWidth))),
    ...rows.map(([label, value]) => row(label, runs.map(value)))
  ]
}

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
      ...sideBySide(runs),
      "",
      "On the wire (from the fake servers' request logs):",
      ...wire(runs)
    )
  }).pipe(
    Effect.catch((error) => Effect.andThen(Output.printErrorLines(Output.errorLine(error)), Effect.fail(new CommandFailed())))
  )
