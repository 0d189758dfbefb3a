/**
 * What the command prints: canonical JSON for programs, tables and summaries for people, and one
 * readable line per error. Everything here is plain formatting; nothing ever sees an API key.
 *
 * @since 0.1.0
 */
import type { Batch, BatchPage } from "@unibatch/core/Batch"
import type { BatchFile } from "@unibatch/core/BatchFile"
import { type BatchResult, type BatchResultJson, type Outcome, toJson as resultJsonOf } from "@unibatch/core/BatchResult"
import type { UnibatchError } from "@unibatch/core/UnibatchError"
import * as Context from "effect/Context"
import * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"
import { fs } from "./internal/fs.js"

/**
 * Shown where a value is `null`: the vendor did not give it.
 *
 * @example
 * ```ts
 * import { none } from "@unibatch/cli/Output"
 *
 * const cell = (value: string | null) => value ?? none
 * ```
 *
 * @since 0.1.0
 * @category constants
 */
export const none = "—"

/**
 * Where the command writes: text for stdout and for stderr, each call one or more whole lines. A
 * write may return a promise: the command waits for it before writing more (backpressure, a slow
 * reader of a pipe).
 *
 * @example
 * ```ts
 * import type { Sink } from "@unibatch/cli/Output"
 *
 * const captured: Array<string> = []
 * const sink: Sink = { out: (text) => void captured.push(text), err: (text) => void captured.push(text) }
 * ```
 *
 * @since 0.2.0
 * @category models
 */
export interface Sink {
  readonly out: (text: string) => void | Promise<void>
  readonly err: (text: string) => void | Promise<void>
  /** Raw bytes to stdout (`files content`); without it, the bytes are decoded as UTF-8 and given to `out`. */
  readonly outBytes?: ((bytes: Uint8Array) => void | Promise<void>) | undefined
  /** Whether stderr is a terminal (a live progress line); `false` when absent. */
  readonly errIsTerminal?: (() => boolean) | undefined
}

/** Set once a write had to go through Node's stream: later writes follow it, to keep the order. */
const streamed = { stdout: false, stderr: false }

/** Writes handed to Node's streams and not yet out; the process ends only once they are. */
const inFlight = new Set<Promise<void>>()

/** A reader that went away (`unibatch list --all --json | head -1`) ends the process quietly. */
const onStreamError = (error: NodeJS.ErrnoException): void => {
  if (error.code === "EPIPE") process.exit(0)
  throw error
}

/**
 * Hands `data` to Node's stream and returns a promise of it being written out: the caller waits
 * for it, so at most one write is queued in this process however slow the reader.
 */
const streamWrite = (name: "stdout" | "stderr", data: string | Uint8Array): Promise<void> => {
  const stream = process[name]
  if (!streamed[name]) {
    streamed[name] = true
    stream.on("error", onStreamError)
  }
  const written = new Promise<void>((resolve) => {
    stream.write(data, () => resolve())
  })
  inFlight.add(written)
  return written.finally(() => inFlight.delete(written))
}

/**
 * Writes all of `text` to fd 1 or 2 at once, without creating `process.stdout` (creating it loads
 * Node's stream modules, a sixth of a bare `node` start). A full non-blocking pipe (`EAGAIN`)
 * hands the rest to the stream, and the write returns a promise of it being out; a reader that
 * went away (`EPIPE`) ends the process quietly, as other command-line tools do.
 */
const writeOut = (name: "stdout" | "stderr", text: string | Uint8Array): void | Promise<void> => {
  if (streamed[name]) return streamWrite(name, text)
  let bytes = typeof text === "string" ? Buffer.from(text, "utf8") : text
  while (bytes.length > 0) {
    try {
      bytes = bytes.subarray(fs.writeSync(name === "stdout" ? 1 : 2, bytes))
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      if (code === "EPIPE") process.exit(0)
      if (code !== "EAGAIN") throw error
      return streamWrite(name, bytes)
    }
  }
}

/**
 * Resolves once everything written to stdout and stderr is out of this process: what runs the
 * command waits for it before the process exits, so that a slow reader of a pipe still gets every
 * line, the error line last.
 *
 * @example
 * ```ts
 * import { flushed } from "@unibatch/cli/Output"
 *
 * flushed().then(() => process.exit(1))
 * ```
 *
 * @since 0.2.0
 * @category sinks
 */
export const flushed = async (): Promise<void> => {
  while (inFlight.size > 0) await Promise.all(inFlight)
}

/**
 * The process's stdout and stderr. A write goes straight to the file descriptor, so a line is out
 * before the next one is computed (NDJSON, `serve`'s base URL); when the pipe is full the write
 * returns a promise of it being out. When the reader of stdout goes away the process exits with
 * code 0.
 *
 * @example
 * ```ts
 * import { processSink } from "@unibatch/cli/Output"
 *
 * processSink.out("hello\n")
 * ```
 *
 * @since 0.2.0
 * @category sinks
 */
export const processSink: Sink = {
  out: (text) => writeOut("stdout", text),
  err: (text) => writeOut("stderr", text),
  outBytes: (bytes) => writeOut("stdout", bytes),
  // Loaded only by the command that asks (`wait`): `node:tty` is not needed at start-up.
  errIsTerminal: () => (process.getBuiltinModule?.("node:tty") as typeof import("node:tty") | undefined)?.isatty(2) ?? false
}

/**
 * The sink in use: {@link processSink} unless `Cli.run` was given another (a test, an embedding tool).
 *
 * @example
 * ```ts
 * import { CurrentSink, printLines } from "@unibatch/cli/Output"
 * import * as Effect from "effect/Effect"
 *
 * const lines: Array<string> = []
 * const program = printLines("a", "b").pipe(
 *   Effect.provideService(CurrentSink, { out: (text) => void lines.push(text), err: () => {} })
 * )
 * ```
 *
 * @since 0.2.0
 * @category sinks
 */
export const CurrentSink = Context.Reference<Sink>("@unibatch/cli/Output/CurrentSink", { defaultValue: () => processSink })

/** Runs a sink's write, waiting for it when it returns a promise. */
const written = (write: () => void | Promise<void>): Effect.Effect<void> =>
  Effect.suspend(() => {
    const pending = write()
    return pending === undefined ? Effect.void : Effect.promise(() => pending)
  })

const joinLines = (lines: ReadonlyArray<string>): string => lines.map((line) => line + "\n").join("")

/** C0 and C1 controls, DEL, and the characters that reorder or break text (bidi controls, U+2028/9). */
const unsafeCharacters = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g

/** The same, outside C0 (which `JSON.stringify` already escapes). */
const unsafeInJson = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g

const named: Readonly<Record<string, string>> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" }

const hex = (character: string, width: number): string => character.charCodeAt(0).toString(16).padStart(width, "0")

/**
 * `text` made safe for a terminal: control characters and escape sequences are shown, not obeyed.
 * ESC is `\x1b`, CR and LF are `\r` and `\n`, tab `\t`, other C0 and C1 controls and DEL `\xNN`,
 * bidi controls (U+202A-U+202E, U+2066-U+2069, U+200E, U+200F, U+061C) and U+2028/U+2029
 * `\uNNNN`. Everything printed as text goes through it: vendor strings (IDs, statuses, messages,
 * extension names) cannot move the cursor, recolour the terminal, forge a line or reverse text.
 *
 * @example
 * ```ts
 * import { clean } from "@unibatch/cli/Output"
 *
 * clean("batch_\u001b[2Jx\r\n") // => "batch_\\x1b[2Jx\\r\\n"
 * clean("\u202egnp.exe") // => "\\u202egnp.exe"
 * ```
 *
 * @since 0.2.0
 * @category formatting
 */
export const clean = (text: string): string =>
  text.replace(unsafeCharacters, (character) =>
    named[character] ?? (character.charCodeAt(0) <= 0xff ? `\\x${hex(character, 2)}` : `\\u${hex(character, 4)}`))

/**
 * JSON text with C1 controls, DEL, bidi controls and U+2028/U+2029 written as `\uNNNN` escapes:
 * the same JSON value, nothing a terminal would obey. `JSON.stringify` already escapes C0.
 *
 * @example
 * ```ts
 * import { jsonText } from "@unibatch/cli/Output"
 *
 * jsonText({ id: "\u202eabc" }) // => '{"id":"\\u202eabc"}'
 * ```
 *
 * @since 0.2.0
 * @category formatting
 */
export const jsonText = (value: unknown, indent?: number): string =>
  JSON.stringify(value, null, indent).replace(unsafeInJson, (character) => `\\u${hex(character, 4)}`)

/**
 * Writes lines to stdout, each made safe for a terminal ({@link clean}): a line break inside a
 * line is shown as `\n`.
 *
 * @example
 * ```ts
 * import { printLines } from "@unibatch/cli/Output"
 *
 * const program = printLines("ID  STATUS", "batch_abc  completed")
 * ```
 *
 * @since 0.1.0
 * @category printing
 */
export const printLines = (...lines: ReadonlyArray<string>): Effect.Effect<void> =>
  Effect.flatMap(CurrentSink, (sink) => written(() => sink.out(joinLines(lines.map(clean)))))

/**
 * Writes lines to stderr, each made safe for a terminal ({@link clean}).
 *
 * @example
 * ```ts
 * import { printErrorLines } from "@unibatch/cli/Output"
 *
 * const program = printErrorLines("error: --all needs --live.")
 * ```
 *
 * @since 0.1.0
 * @category printing
 */
export const printErrorLines = (...lines: ReadonlyArray<string>): Effect.Effect<void> =>
  Effect.flatMap(CurrentSink, (sink) => written(() => sink.err(joinLines(lines.map(clean)))))

/**
 * Writes unibatch's own text to stdout as it is, line breaks included (help, JSON). Never for a
 * vendor's strings: those go through {@link printLines}.
 *
 * @example
 * ```ts
 * import { printText } from "@unibatch/cli/Output"
 *
 * const program = printText("USAGE\n  unibatch list --provider P")
 * ```
 *
 * @since 0.2.0
 * @category printing
 */
export const printText = (text: string): Effect.Effect<void> => Effect.flatMap(CurrentSink, (sink) => written(() => sink.out(text + "\n")))

/**
 * Writes values as JSON to stdout, one per line ({@link jsonText}, on one line each: NDJSON).
 *
 * @example
 * ```ts
 * import { printJsonLines } from "@unibatch/cli/Output"
 *
 * const program = printJsonLines([{ id: "batch_a" }, { id: "batch_b" }])
 * ```
 *
 * @since 0.2.0
 * @category printing
 */
export const printJsonLines = (values: ReadonlyArray<unknown>): Effect.Effect<void> =>
  Effect.flatMap(CurrentSink, (sink) => written(() => sink.out(joinLines(values.map((value) => jsonText(value))))))

/**
 * Writes a value as 2-space indented JSON to stdout ({@link jsonText}).
 *
 * @example
 * ```ts
 * import { printJson } from "@unibatch/cli/Output"
 *
 * const program = printJson({ conformant: true, violations: [] })
 * ```
 *
 * @since 0.1.0
 * @category printing
 */
export const printJson = (value: unknown): Effect.Effect<void> => printText(jsonText(value, 2))

/**
 * One readable line for a canonical error: `error: NotFoundError (404) from openai: No such batch`.
 *
 * @example
 * ```ts
 * import { errorLine } from "@unibatch/cli/Output"
 * import { NotFoundError } from "@unibatch/core/UnibatchError"
 *
 * errorLine(new NotFoundError({
 *   provider: "openai", operation: "retrieve", status: 404, message: "No such batch", requestId: null, type: null, code: null
 * }))
 * // => "error: NotFoundError (404) from openai: No such batch"
 * ```
 *
 * @since 0.1.0
 * @category formatting
 */
export const errorLine = (error: UnibatchError): string => {
  const status = error.status === null ? "" : ` (${error.status})`
  return `error: ${error._tag}${status} from ${error.provider}: ${error.message}`
}

/**
 * An ISO-8601 timestamp, or {@link none}.
 *
 * @example
 * ```ts
 * import { formatTime } from "@unibatch/cli/Output"
 * import * as DateTime from "effect/DateTime"
 *
 * formatTime(DateTime.makeUnsafe(0)) // => "1970-01-01T00:00:00.000Z"
 * formatTime(null) // => "—"
 * ```
 *
 * @since 0.1.0
 * @category formatting
 */
export const formatTime = (time: DateTime.Utc | null): string => (time === null ? none : DateTime.formatIso(time))

/**
 * Request counts as `completed/total`, with the failures when there are any.
 *
 * @example
 * ```ts
 * import { formatCounts } from "@unibatch/cli/Output"
 * import type { Batch } from "@unibatch/core/Batch"
 *
 * declare const batch: Batch
 * formatCounts(batch) // => "95/100 (5 failed)"
 * ```
 *
 * @since 0.1.0
 * @category formatting
 */
export const formatCounts = (batch: Batch): string => {
  const counts = batch.requestCounts
  if (counts === null) return none
  const failed = counts.failed !== null && counts.failed > 0 ? ` (${counts.failed} failed)` : ""
  return `${counts.completed ?? "?"}/${counts.total ?? "?"}${failed}`
}

/**
 * Token usage in one short phrase, or {@link none}.
 *
 * @example
 * ```ts
 * import { formatUsage } from "@unibatch/cli/Output"
 * import type { Batch } from "@unibatch/core/Batch"
 *
 * declare const batch: Batch
 * formatUsage(batch) // => "120 in / 80 out / 200 total"
 * ```
 *
 * @since 0.1.0
 * @category formatting
 */
export const formatUsage = (batch: Batch): string => {
  const usage = batch.usage
  if (usage === null) return none
  return `${usage.inputTokens ?? "?"} in / ${usage.outputTokens ?? "?"} out / ${usage.totalTokens ?? "?"} total`
}

/**
 * The status, with the vendor's own word when it differs (`cancelled (canceled)`).
 *
 * @example
 * ```ts
 * import { formatStatus } from "@unibatch/cli/Output"
 * import type { Batch } from "@unibatch/core/Batch"
 *
 * declare const batch: Batch
 * formatStatus(batch) // => "cancelled (canceled)"
 * ```
 *
 * @since 0.1.0
 * @category formatting
 */
export const formatStatus = (batch: Batch): string =>
  batch.status === batch.nativeStatus ? batch.status : `${batch.status} (${batch.nativeStatus})`

/**
 * Left-aligned columns separated by two spaces; trailing spaces trimmed.
 *
 * @example
 * ```ts
 * import { columns } from "@unibatch/cli/Output"
 *
 * columns([["id:", "batch_abc"], ["status:", "completed"]]) // => ["id:      batch_abc", "status:  completed"]
 * ```
 *
 * @since 0.1.0
 * @category formatting
 */
export const columns = (rows: ReadonlyArray<ReadonlyArray<string>>, minimumWidths: ReadonlyArray<number> = []): Array<string> => {
  const widths: Array<number> = []
  for (const row of rows) {
    row.forEach((cell, index) => {
      widths[index] = Math.max(widths[index] ?? minimumWidths[index] ?? 0, cell.length)
    })
  }
  return rows.map((row) => row.map((cell, index) => cell.padEnd(widths[index] ?? 0)).join("  ").trimEnd())
}

const tableHeader = ["ID", "STATUS", "ENDPOINT", "CREATED", "COMPLETED/TOTAL"] as const

/** Wide enough for typical values, so that pages printed one by one (`--all`) line up. */
const tableWidths = [32, 11, 20, 24, 15] as const

const tableRow = (batch: Batch): ReadonlyArray<string> => [
  batch.id,
  formatStatus(batch),
  batch.endpoint ?? none,
  formatTime(batch.createdAt),
  formatCounts(batch)
]

/**
 * Table lines for some batches; the header only when asked for (the first page of `--all`).
 *
 * @example
 * ```ts
 * import { batchTable } from "@unibatch/cli/Output"
 * import type { Batch } from "@unibatch/core/Batch"
 *
 * declare const batches: ReadonlyArray<Batch>
 * const lines = batchTable(batches, { header: true })
 * ```
 *
 * @since 0.1.0
 * @category formatting
 */
export const batchTable = (batches: ReadonlyArray<Batch>, options: { readonly header: boolean }): Array<string> => {
  const rows = batches.map(tableRow)
  return columns(options.header ? [tableHeader, ...rows] : rows, tableWidths)
}

/**
 * A page as a table, with a hint for the next page when there is one.
 *
 * @example
 * ```ts
 * import { pageTable } from "@unibatch/cli/Output"
 * import type { BatchPage } from "@unibatch/core/Batch"
 *
 * declare const page: BatchPage
 * const lines = pageTable(page) // the table, then "more: --after <last id>" when there is more
 * ```
 *
 * @since 0.1.0
 * @category formatting
 */
export const pageTable = (page: BatchPage): Array<string> => {
  if (page.data.length === 0) return ["(no batches)"]
  const lines = batchTable(page.data, { header: true })
  if (page.hasMore && page.lastId !== null) lines.push(`more: --after ${page.lastId}`)
  return lines
}

/**
 * One batch as `key: value` lines.
 *
 * @example
 * ```ts
 * import { batchSummary } from "@unibatch/cli/Output"
 * import type { Batch } from "@unibatch/core/Batch"
 *
 * declare const batch: Batch
 * const lines = batchSummary(batch) // ["id:  batch_abc", "native id:  ...", ...]
 * ```
 *
 * @since 0.1.0
 * @category formatting
 */
export const batchSummary = (batch: Batch): Array<string> => {
  const times: Array<[string, DateTime.Utc | null]> = [
    ["created", batch.createdAt],
    ["in progress", batch.inProgressAt],
    ["expires", batch.expiresAt],
    ["finalizing", batch.finalizingAt],
    ["completed", batch.completedAt],
    ["failed", batch.failedAt],
    ["expired", batch.expiredAt],
    ["cancelling", batch.cancellingAt],
    ["cancelled", batch.cancelledAt]
  ]
  const metadata = Object.entries(batch.metadata).map(([key, value]) => `${key}=${value}`).join(", ")
  const rows: Array<[string, string]> = [
    ["id", batch.id],
    ["native id", batch.nativeId],
    ["provider", batch.provider],
    ["status", formatStatus(batch)],
    ["endpoint", batch.endpoint ?? none],
    ["model", batch.model ?? none],
    ["completion window", batch.completionWindow ?? none],
    ["input file", batch.inputFileId ?? none],
    ["output file", batch.outputFileId ?? none],
    ["error file", batch.errorFileId ?? none],
    // Unset timestamps are left out: a batch in progress has most of them null.
    ...times.filter(([, time]) => time !== null).map(([label, time]): [string, string] => [label, formatTime(time)]),
    ["requests", formatCounts(batch)],
    ["errors", batch.errors.length === 0 ? none : batch.errors.map((error) => error.message ?? error.code ?? "?").join("; ")],
    ["metadata", metadata === "" ? none : metadata],
    ["usage", formatUsage(batch)],
    ["extensions", extensionKeys(batch)]
  ]
  return columns(rows.map(([label, value]) => [`${label}:`, value]))
}

/**
 * The names of the fields only this vendor sent, or {@link none}.
 *
 * @example
 * ```ts
 * import { extensionKeys } from "@unibatch/cli/Output"
 * import type { Batch } from "@unibatch/core/Batch"
 *
 * declare const batch: Batch
 * extensionKeys(batch) // => "priority, region"
 * ```
 *
 * @since 0.1.0
 * @category formatting
 */
export const extensionKeys = (batch: Batch): string => {
  const keys = Object.keys(batch.extensions)
  return keys.length === 0 ? none : keys.join(", ")
}

/**
 * Writes bytes to stdout as they are (`files content`), waiting while the reader is slow.
 *
 * @example
 * ```ts
 * import { printBytes } from "@unibatch/cli/Output"
 *
 * const program = printBytes(new TextEncoder().encode("{\"custom_id\":\"r-1\"}\n"))
 * ```
 *
 * @since 0.3.0
 * @category printing
 */
export const printBytes = (bytes: Uint8Array): Effect.Effect<void> =>
  Effect.flatMap(CurrentSink, (sink) =>
    written(() => (sink.outBytes === undefined ? sink.out(new TextDecoder().decode(bytes)) : sink.outBytes(bytes))))

/**
 * Whether stderr is a terminal, for the sink in use (a test's sink: no).
 *
 * @example
 * ```ts
 * import { stderrIsTerminal } from "@unibatch/cli/Output"
 *
 * const live = stderrIsTerminal // true when a person watches stderr
 * ```
 *
 * @since 0.3.0
 * @category sinks
 */
export const stderrIsTerminal: Effect.Effect<boolean> = Effect.map(CurrentSink, (sink) => sink.errIsTerminal?.() ?? false)

/**
 * Writes a progress line to stderr: on a terminal it replaces the previous one (carriage return,
 * then spaces over what is left of it; no escape codes); elsewhere it is a line of its own.
 * `previous` is the length of the line it replaces (0 for the first); the result is this one's.
 *
 * @example
 * ```ts
 * import { printProgress } from "@unibatch/cli/Output"
 *
 * const program = printProgress("batch_abc  in_progress  2/3", { terminal: true, previous: 0 })
 * ```
 *
 * @since 0.3.0
 * @category printing
 */
export const printProgress = (line: string, options: { readonly terminal: boolean; readonly previous: number }): Effect.Effect<number> =>
  Effect.flatMap(CurrentSink, (sink) => {
    const text = clean(line)
    const shown = options.terminal ? `\r${text}${" ".repeat(Math.max(0, options.previous - text.length))}` : `${text}\n`
    return Effect.as(written(() => sink.err(shown)), text.length)
  })

/**
 * Ends a live progress line (a line break after it), so that what follows starts on its own line.
 *
 * @example
 * ```ts
 * import { endProgress } from "@unibatch/cli/Output"
 *
 * const program = endProgress
 * ```
 *
 * @since 0.3.0
 * @category printing
 */
export const endProgress: Effect.Effect<void> = Effect.flatMap(CurrentSink, (sink) => written(() => sink.err("\n")))

/**
 * One line of a batch's progress: ID, status and counts.
 *
 * @example
 * ```ts
 * import { progressLine } from "@unibatch/cli/Output"
 * import type { Batch } from "@unibatch/core/Batch"
 *
 * declare const batch: Batch
 * progressLine(batch) // => "batch_abc  in_progress  2/3 (1 failed)"
 * ```
 *
 * @since 0.3.0
 * @category formatting
 */
export const progressLine = (batch: Batch): string => `${batch.id}  ${formatStatus(batch)}  ${formatCounts(batch)}`

/**
 * A batch in a few lines, as `submit` and `cancel` print it for people.
 *
 * @example
 * ```ts
 * import { batchBrief } from "@unibatch/cli/Output"
 * import type { Batch } from "@unibatch/core/Batch"
 *
 * declare const batch: Batch
 * batchBrief(batch) // => ["id:        batch_abc", "status:    validating", ...]
 * ```
 *
 * @since 0.3.0
 * @category formatting
 */
export const batchBrief = (batch: Batch): Array<string> =>
  columns([
    ["id:", batch.id],
    ["provider:", batch.provider],
    ["status:", formatStatus(batch)],
    ["endpoint:", batch.endpoint ?? none],
    ["input file:", batch.inputFileId ?? none],
    ["output file:", batch.outputFileId ?? none],
    ["error file:", batch.errorFileId ?? none],
    ["requests:", formatCounts(batch)]
  ])

/**
 * One file as `key: value` lines.
 *
 * @example
 * ```ts
 * import { fileSummary } from "@unibatch/cli/Output"
 * import type { BatchFile } from "@unibatch/core/BatchFile"
 *
 * declare const file: BatchFile
 * fileSummary(file) // => ["id:        file-abc", "filename:  requests.jsonl", ...]
 * ```
 *
 * @since 0.3.0
 * @category formatting
 */
export const fileSummary = (file: BatchFile): Array<string> => {
  const extensions = Object.keys(file.extensions)
  return columns([
    ["id:", file.id],
    ["provider:", file.provider],
    ["filename:", file.filename ?? none],
    ["bytes:", file.bytes === null ? none : String(file.bytes)],
    ["purpose:", file.purpose ?? none],
    ["status:", file.status ?? none],
    ["created:", formatTime(file.createdAt)],
    ["expires:", formatTime(file.expiresAt)],
    ["extensions:", extensions.length === 0 ? none : extensions.join(", ")]
  ])
}

const fileHeader = ["ID", "BYTES", "PURPOSE", "STATUS", "CREATED", "FILENAME"] as const

/** Wide enough for typical values, so that pages printed one by one line up. */
const fileWidths = [30, 10, 12, 10, 24] as const

/**
 * Table lines for some files; the header only when asked for (the first page).
 *
 * @example
 * ```ts
 * import { fileTable } from "@unibatch/cli/Output"
 * import type { BatchFile } from "@unibatch/core/BatchFile"
 *
 * declare const files: ReadonlyArray<BatchFile>
 * const lines = fileTable(files, { header: true })
 * ```
 *
 * @since 0.3.0
 * @category formatting
 */
export const fileTable = (files: ReadonlyArray<BatchFile>, options: { readonly header: boolean }): Array<string> => {
  const rows = files.map((file) => [
    file.id,
    file.bytes === null ? none : String(file.bytes),
    file.purpose ?? none,
    file.status ?? none,
    formatTime(file.createdAt),
    file.filename ?? none
  ])
  return columns(options.header ? [fileHeader, ...rows] : rows, fileWidths)
}

/**
 * A {@link BatchResult} as canonical JSON: every field, `body` verbatim.
 *
 * @example
 * ```ts
 * import { resultToJson } from "@unibatch/cli/Output"
 * import type { BatchResult } from "@unibatch/core/BatchResult"
 *
 * declare const result: BatchResult
 * resultToJson(result).outcome // => "succeeded"
 * ```
 *
 * @since 0.3.0
 * @category formatting
 */
export const resultToJson: (result: BatchResult) => BatchResultJson = resultJsonOf

/**
 * What `results` counts for its summary: results per outcome and the first few failures.
 *
 * @example
 * ```ts
 * import { emptyTally, tally } from "@unibatch/cli/Output"
 * import type { BatchResult } from "@unibatch/core/BatchResult"
 *
 * declare const results: ReadonlyArray<BatchResult>
 * const counted = results.reduce(tally, emptyTally())
 * ```
 *
 * @since 0.3.0
 * @category models
 */
export interface Tally {
  readonly counts: Record<Outcome, number>
  readonly failures: Array<BatchResult>
}

/**
 * A {@link Tally} of no results.
 *
 * @example
 * ```ts
 * import { emptyTally } from "@unibatch/cli/Output"
 *
 * emptyTally().counts.succeeded // => 0
 * ```
 *
 * @since 0.3.0
 * @category constructors
 */
export const emptyTally = (): Tally => ({ counts: { succeeded: 0, failed: 0, expired: 0, cancelled: 0 }, failures: [] })

/** How many failures the summary shows. */
const shownFailures = 5

/**
 * Counts one more result (in place) and returns the tally.
 *
 * @example
 * ```ts
 * import { emptyTally, tally } from "@unibatch/cli/Output"
 * import type { BatchResult } from "@unibatch/core/BatchResult"
 *
 * declare const result: BatchResult
 * tally(emptyTally(), result).counts
 * ```
 *
 * @since 0.3.0
 * @category combinators
 */
export const tally = (counted: Tally, result: BatchResult): Tally => {
  counted.counts[result.outcome]++
  if (result.outcome === "failed" && counted.failures.length < shownFailures) counted.failures.push(result)
  return counted
}

/**
 * The summary `results` prints for people: the count per outcome, then the first failures.
 *
 * @example
 * ```ts
 * import { emptyTally, resultSummary } from "@unibatch/cli/Output"
 *
 * resultSummary("batch_abc", emptyTally()) // => ["batch_abc: 0 results", "OUTCOME    COUNT", ...]
 * ```
 *
 * @since 0.3.0
 * @category formatting
 */
export const resultSummary = (batchId: string, counted: Tally): Array<string> => {
  const total = Object.values(counted.counts).reduce((sum, count) => sum + count, 0)
  const lines = [
    `${batchId}: ${total} result${total === 1 ? "" : "s"}`,
    ...columns([["OUTCOME", "COUNT"], ...Object.entries(counted.counts).map(([outcome, count]) => [outcome, String(count)])])
  ]
  if (counted.failures.length > 0) {
    const more = counted.counts.failed > counted.failures.length ? ` (first ${counted.failures.length} of ${counted.counts.failed})` : ""
    lines.push(
      `failures${more}:`,
      ...columns(counted.failures.map((failure) => [
        `  ${failure.customId}`,
        failure.statusCode === null ? none : String(failure.statusCode),
        [failure.error?.code, failure.error?.message].filter((part) => part !== null && part !== undefined).join(": ") || none
      ]))
    )
  }
  return lines
}
