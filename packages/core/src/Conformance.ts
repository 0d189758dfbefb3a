/**
 * Strict conformance checking: given a vendor response (HTTP status and body), say exactly where
 * it deviates from that vendor's documented contract, every deviation at once, each with a JSON
 * path (`$.data[3].created_at`), a stable rule id and a severity.
 *
 * A {@link Contract} is data: the vendor's wire Schemas (for the OpenAI-style family, built from
 * the pieces in `OpenAiFamily`) plus what no Schema can say (the native ID prefix, the status
 * vocabulary, the list order) and the wire facts the invariants read (the names of the ID, status
 * and creation fields and of the list envelope, the timestamp codec and the order of the lifecycle
 * timestamps, the counts rule). Each vendor package exports its contract, and its
 * `VendorDefinition` carries it as `definition.contract`; core knows no vendor and no wire name.
 *
 * Since 0.3.0 a contract may also document the lifecycle's responses ({@link LifecycleContract}):
 * the create and cancel answers, the file object and list, and the lines of output and error files
 * (a whole JSONL file is checked line by line, each violation's path naming its line).
 *
 * @module \@unibatch/core/Conformance
 * @since 0.1.0
 */
import { dual } from "effect/Function"
import type * as Schema from "effect/Schema"
import * as internal from "./internal/conformance.js"
import type { TimestampCodec } from "./Timestamp.js"
import type { ListEnvelope } from "./VendorDefinition.js"

/**
 * `error` fails the check; `note` is shown but does not (an undocumented field under
 * `allowExtra`, or a rule the vendor's own docs leave open).
 *
 * @example
 * ```ts
 * import type { Report, Severity } from "@unibatch/core/Conformance"
 *
 * declare const report: Report
 * const count = (severity: Severity) => report.violations.filter((violation) => violation.severity === severity).length
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Severity = internal.Severity

/**
 * The stable id of each rule; see {@link rules} for what each one means.
 *
 * @example
 * ```ts
 * import { rules, type Rule } from "@unibatch/core/Conformance"
 *
 * const rule: Rule = "pagination.last-id"
 * rules[rule] // => "last_id is not the last item's id (or not null on an empty page)"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Rule = internal.Rule

/**
 * Every rule, with the one-line meaning that `docs/conformance.md` and the CLI's help use.
 *
 * @example
 * ```ts
 * import { rules } from "@unibatch/core/Conformance"
 *
 * rules["request-counts.sum"] // => "a count is more than the count that bounds it, by the contract's counts rule (e.g. request_counts.completed + failed is more than total)"
 * ```
 *
 * @since 0.1.0
 * @category constants
 */
export const rules: Readonly<Record<Rule, string>> = {
  "not-json": "the body is not JSON (reported once, with the line and column of the first fault)",
  missing: "a field the vendor documents as required is absent",
  type: "a value has another JSON type than documented (a string created_at, a fractional timestamp, a negative count)",
  null: "null where the vendor does not document null",
  placeholder: "the {} placeholder where the vendor documents a value (allowed only where the vendor's own docs show it)",
  literal: "a documented constant has another value (object is not \"batch\" or \"list\")",
  undocumented: "a field the vendor does not document (a note instead of an error with allowExtra)",
  "id-form": "a batch ID (an item's id, the list's first and last id cursors), a file ID or a result line ID without the vendor's documented prefix (batch_, batch-, file-, batch_req_, ...) and a non-empty, path-safe rest",
  status: "a status (in the contract's status field) outside the vendor's documented vocabulary",
  "pagination.first-id": "the first id cursor (first_id) is not the first item's id (or not null on an empty page)",
  "pagination.last-id": "the last id cursor (last_id) is not the last item's id (or not null on an empty page)",
  "pagination.limit": "the page has more items than the requested limit",
  "pagination.order": "the list is not in the order the vendor documents (newest first, by the creation timestamp)",
  "timestamps.order": "a lifecycle timestamp is earlier than one that must come before it, in the contract's order (e.g. created_at ≤ in_progress_at ≤ finalizing_at ≤ completed_at, cancelling_at ≤ cancelled_at)",
  "request-counts.sum": "a count is more than the count that bounds it, by the contract's counts rule (e.g. request_counts.completed + failed is more than total)",
  "error-shape": "an error body does not have the shape the vendor documents for that HTTP status"
}

/**
 * One deviation. `line` and `column` are set on `not-json` only.
 *
 * @example
 * ```ts
 * import type { Report, Violation } from "@unibatch/core/Conformance"
 *
 * declare const report: Report
 * const errors: ReadonlyArray<Violation> = report.violations.filter((violation) => violation.severity === "error")
 * const lines = errors.map((violation) => `${violation.path} ${violation.rule}: ${violation.message}`)
 * // => ["$.created_at type: expected an integer (unix seconds), got string \"1711471533\"", ...]
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Violation = internal.Violation

/**
 * The result of a check: `conformant` is true when no violation has severity `error`.
 *
 * @example
 * ```ts
 * import * as Conformance from "@unibatch/core/Conformance"
 *
 * declare const contract: Conformance.Contract // e.g. a vendor definition's `definition.contract`
 * const report: Conformance.Report = Conformance.check(contract, { operation: "retrieve", body: "not json" })
 * report.conformant // => false
 * report.violations[0]?.rule // => "not-json"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Report {
  readonly conformant: boolean
  readonly violations: ReadonlyArray<Violation>
}

/**
 * The error bodies a vendor documents: a Schema per HTTP status, one for the statuses it does not
 * list, and the severity of a deviation (`note` when the vendor documents no error body at all).
 *
 * @example
 * ```ts
 * import * as Conformance from "@unibatch/core/Conformance"
 * import * as Schema from "effect/Schema"
 *
 * // 401 bodies are `{"error": "text"}`; every other status has `{"error": {"message", "type"}}`.
 * const errorBodies: Conformance.ErrorBodies = {
 *   byStatus: { 401: Schema.Struct({ error: Schema.String }) },
 *   otherwise: Schema.Struct({ error: Schema.Struct({ message: Schema.String, type: Schema.String }) }),
 *   severity: "error"
 * }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface ErrorBodies {
  readonly byStatus: Readonly<Record<number, Schema.Top>>
  readonly otherwise: Schema.Top
  readonly severity: Severity
}

/**
 * The wire names of the batch fields the invariants read: the ID (`id-form`, the list cursors), the
 * status (`status`) and the creation timestamp (`pagination.order`). The same value as the
 * definition's `batch.required`.
 *
 * @example
 * ```ts
 * import type { BatchFieldNames } from "@unibatch/core/Conformance"
 *
 * const openAiStyle: BatchFieldNames = { id: "id", status: "status", createdAt: "created_at" }
 * const other: BatchFieldNames = { id: "id", status: "processing_status", createdAt: "created_at" }
 * ```
 *
 * @since 0.2.0
 * @category models
 */
export interface BatchFieldNames {
  readonly id: string
  readonly status: string
  readonly createdAt: string
}

/**
 * One lifecycle timestamp and the ones it must not be earlier than, nearest first: a violation
 * names the first of them that is later (`timestamps.order`).
 *
 * @example
 * ```ts
 * import type { TimestampOrder } from "@unibatch/core/Conformance"
 *
 * const completed: TimestampOrder = { field: "completed_at", notBefore: ["finalizing_at", "in_progress_at", "created_at"] }
 * ```
 *
 * @since 0.2.0
 * @category models
 */
export interface TimestampOrder {
  readonly field: string
  readonly notBefore: ReadonlyArray<string>
}

/**
 * How the vendor writes timestamps (the codec reads each to epoch milliseconds, so unix seconds and
 * RFC 3339 strings compare alike) and the order of its lifecycle timestamps. `pagination.order`
 * reads the creation timestamp through the same codec. A timestamp that is absent, `null`, of the
 * wrong shape or not readable by the codec is not compared.
 *
 * @example
 * ```ts
 * import type { TimestampRules } from "@unibatch/core/Conformance"
 * import * as Timestamp from "@unibatch/core/Timestamp"
 *
 * const rules: TimestampRules = {
 *   codec: Timestamp.rfc3339,
 *   order: [
 *     { field: "started_at", notBefore: ["created_at"] },
 *     { field: "ended_at", notBefore: ["started_at", "created_at"] }
 *   ]
 * }
 * ```
 *
 * @since 0.2.0
 * @category models
 */
export interface TimestampRules {
  readonly codec: TimestampCodec
  readonly order: ReadonlyArray<TimestampOrder>
}

/**
 * The `request-counts.sum` rule: in the batch's `field` object, the counts named in `parts` add up
 * to no more than the count named `total`. Judged only when all of them are numbers.
 *
 * @example
 * ```ts
 * import type { CountsRule } from "@unibatch/core/Conformance"
 *
 * // request_counts.completed + request_counts.failed ≤ request_counts.total
 * const openAiStyle: CountsRule = { field: "request_counts", total: "total", parts: ["completed", "failed"] }
 * ```
 *
 * @since 0.2.0
 * @category models
 */
export interface CountsRule {
  readonly field: string
  readonly total: string
  readonly parts: ReadonlyArray<string>
}

/**
 * The wire facts of a contract: the field and envelope names, the timestamp rules and the counts
 * rule. A family of vendors shares them (`OpenAiFamily.wireFacts`); a contract spreads them in.
 *
 * @example
 * ```ts
 * import type { WireFacts } from "@unibatch/core/Conformance"
 * import * as Timestamp from "@unibatch/core/Timestamp"
 *
 * const facts: WireFacts = {
 *   fields: { id: "id", status: "state", createdAt: "created" },
 *   envelope: { data: "items", hasMore: "more", firstId: "first", lastId: "last" },
 *   timestamps: { codec: Timestamp.rfc3339, order: [{ field: "finished", notBefore: ["created"] }] },
 *   counts: null
 * }
 * ```
 *
 * @since 0.2.0
 * @category models
 */
export type WireFacts = Pick<Contract, "fields" | "envelope" | "timestamps" | "counts">

/**
 * Where an ID sits in an object (its field's wire name) and the prefix the vendor documents for
 * it: the `id-form` rule.
 *
 * @example
 * ```ts
 * import type { IdForm } from "@unibatch/core/Conformance"
 *
 * const files: IdForm = { field: "id", prefix: "file-" }
 * ```
 *
 * @since 0.3.0
 * @category models
 */
export interface IdForm {
  readonly field: string
  readonly prefix: string
}

/**
 * The lifecycle's responses as a vendor documents them, each a strict wire Schema: the create
 * answer (a batch object), the cancel answer (a batch object, or the vendor's partial one), the
 * file object, the file list, and one line of an output file and of an error file. With the wire
 * names the invariants read: the file list's envelope (`firstId` / `lastId` `null` where the
 * vendor sends no such cursor), the file ID's form and the result line ID's (`null` when the
 * vendor documents none: not judged).
 *
 * @example
 * ```ts
 * import type * as Conformance from "@unibatch/core/Conformance"
 * import * as Schema from "effect/Schema"
 *
 * declare const Batch: Schema.Top
 * const File = Schema.Struct({ id: Schema.String, bytes: Schema.Int, filename: Schema.String })
 * const Line = Schema.Struct({ custom_id: Schema.String, result: Schema.Unknown })
 * const lifecycle: Conformance.LifecycleContract = {
 *   create: Batch,
 *   cancel: Batch,
 *   file: File,
 *   fileList: Schema.Struct({ files: Schema.Array(File), more: Schema.Boolean }),
 *   outputLine: Line,
 *   errorLine: Line,
 *   fileEnvelope: { data: "files", firstId: null, lastId: null },
 *   fileIds: { field: "id", prefix: "file_" },
 *   lineIds: null
 * }
 * ```
 *
 * @since 0.3.0
 * @category models
 */
export interface LifecycleContract {
  /** The answer to create: a batch object. */
  readonly create: Schema.Top
  /** The answer to cancel: a batch object, or the partial object the vendor documents. */
  readonly cancel: Schema.Top
  /** The file object (upload and retrieve answers, each item of the file list). */
  readonly file: Schema.Top
  readonly fileList: Schema.Top
  /** One line of an output file. */
  readonly outputLine: Schema.Top
  /** One line of an error file. */
  readonly errorLine: Schema.Top
  readonly fileEnvelope: { readonly data: string; readonly firstId: string | null; readonly lastId: string | null }
  readonly fileIds: IdForm
  readonly lineIds: IdForm | null
}

/**
 * A vendor's documented contract: what its vendor package exports, and what its definition
 * carries as `definition.contract`. The wire Schemas say the shapes; the other fields say what no
 * Schema can, and name the wire fields the invariants read. Schemas are read on their encoded side
 * (the JSON a vendor sends).
 *
 * @example
 * ```ts
 * import * as Conformance from "@unibatch/core/Conformance"
 * import * as Timestamp from "@unibatch/core/Timestamp"
 * import * as Schema from "effect/Schema"
 *
 * const Batch = Schema.Struct({
 *   id: Schema.String,
 *   state: Schema.String,
 *   created_at: Timestamp.rfc3339.schema,
 *   ended_at: Schema.optionalKey(Schema.NullOr(Timestamp.rfc3339.schema)),
 *   counts: Schema.Struct({ all: Schema.Int, done: Schema.Int, failed: Schema.Int })
 * })
 * const contract: Conformance.Contract = {
 *   provider: "example",
 *   batch: Batch,
 *   list: Schema.Struct({
 *     items: Schema.Array(Batch),
 *     first: Schema.NullOr(Schema.String),
 *     last: Schema.NullOr(Schema.String),
 *     more: Schema.Boolean
 *   }),
 *   errorBodies: { byStatus: {}, otherwise: Schema.Struct({ error: Schema.String }), severity: "error" },
 *   statuses: ["queued", "running", "done"],
 *   statusSeverity: "error",
 *   nativePrefix: "batch-",
 *   newestFirst: true,
 *   fields: { id: "id", status: "state", createdAt: "created_at" },
 *   envelope: { data: "items", hasMore: "more", firstId: "first", lastId: "last" },
 *   timestamps: { codec: Timestamp.rfc3339, order: [{ field: "ended_at", notBefore: ["created_at"] }] },
 *   counts: { field: "counts", total: "all", parts: ["done", "failed"] },
 *   notes: ["The docs show no error body for 5xx; the 4xx shape is assumed."]
 * }
 * // The same contract, with an undocumented status only a note:
 * const lenient: Conformance.Contract = { ...contract, statusSeverity: "note" }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Contract {
  /** The vendor's provider name, as in its definition (`"openai"`, ...). */
  readonly provider: string
  /** The batch object (a `retrieve` body, and each item of a list). */
  readonly batch: Schema.Top
  /** The list envelope. */
  readonly list: Schema.Top
  readonly errorBodies: ErrorBodies
  /** The documented status vocabulary: the values of the status field `fields.status` names. */
  readonly statuses: ReadonlyArray<string>
  /** `note` when the vendor documents no vocabulary and `statuses` is only what is known. */
  readonly statusSeverity: Severity
  /**
   * The prefix of the vendor's own batch IDs (`batch_`, `batch-`): the `id-form` rule. The same
   * value as the definition's `ids.nativePrefix`.
   *
   * @since 0.2.0
   */
  readonly nativePrefix: string
  /** Whether the vendor documents its list as newest first (by `fields.createdAt`). */
  readonly newestFirst: boolean
  /**
   * The wire names of the batch's ID, status and creation timestamp. The same value as the
   * definition's `batch.required`.
   *
   * @since 0.2.0
   */
  readonly fields: BatchFieldNames
  /**
   * The wire names of the list envelope: the items and the first and last id cursors (`hasMore`
   * is a Schema matter only). The same value as the definition's `list`.
   *
   * @since 0.2.0
   */
  readonly envelope: ListEnvelope
  /**
   * The timestamp codec (the same as the definition's `timestamps`) and the lifecycle order.
   *
   * @since 0.2.0
   */
  readonly timestamps: TimestampRules
  /**
   * The `request-counts.sum` rule, or `null` when the vendor's counts have no total to add up to.
   *
   * @since 0.2.0
   */
  readonly counts: CountsRule | null
  /** Where the vendor's docs were ambiguous: the choice made and why. */
  readonly notes: ReadonlyArray<string>
  /**
   * The lifecycle's responses (create, cancel, files, result lines). A contract without it
   * documents none of them: checking one is a single `undocumented` violation.
   *
   * @since 0.3.0
   */
  readonly lifecycle?: LifecycleContract | undefined
}

/**
 * What a checked body answers: a list page or one batch (`list`, `retrieve`), the answer to
 * `create` or `cancel`, a file object or the file list (`file`, `file-list`), or one line of an
 * output or error file (`output-line`, `error-line`; a whole JSONL file is checked line by line).
 *
 * @example
 * ```ts
 * import { operations, type Operation } from "@unibatch/core/Conformance"
 *
 * const operation: Operation = "file-list"
 * operations.includes(operation) // => true
 * ```
 *
 * @since 0.3.0
 * @category models
 */
export type Operation = internal.Operation

/**
 * Every {@link Operation}, in the order the CLI lists them.
 *
 * @example
 * ```ts
 * import { operations } from "@unibatch/core/Conformance"
 *
 * operations.join("|") // => "list|retrieve|create|cancel|file|file-list|output-line|error-line"
 * ```
 *
 * @since 0.3.0
 * @category constants
 */
export const operations: ReadonlyArray<Operation> = ["list", "retrieve", "create", "cancel", "file", "file-list", "output-line", "error-line"]

/**
 * What to check: the operation the body answers, its HTTP status (200 when omitted), the body
 * (raw text, which is parsed here, or an already parsed JSON value), the `limit` the request
 * asked for, and whether undocumented fields are only notes. For `output-line` and `error-line`
 * the text may be a whole JSONL file: each line is checked, and each violation's path starts
 * with its line number (`line 3: $.response.status_code`).
 *
 * @example
 * ```ts
 * import * as Conformance from "@unibatch/core/Conformance"
 *
 * declare const contract: Conformance.Contract
 * const input: Conformance.CheckInput = {
 *   operation: "list",
 *   status: 200,
 *   body: { object: "list", data: [], first_id: null, last_id: null, has_more: false, total: 0 },
 *   limit: 20,
 *   allowExtra: true
 * }
 * Conformance.check(contract, input) // an undocumented `$.total` is only a note
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface CheckInput {
  readonly operation: Operation
  readonly status?: number | undefined
  /** A string is the raw body text; anything else is taken as the parsed JSON value. */
  readonly body: unknown
  readonly limit?: number | undefined
  readonly allowExtra?: boolean | undefined
}

/**
 * Checks one response against a contract and reports every deviation at once.
 *
 * @example
 * ```ts
 * import * as Conformance from "@unibatch/core/Conformance"
 * import * as OpenAiFamily from "@unibatch/core/OpenAiFamily"
 * import * as Schema from "effect/Schema"
 *
 * // Vendor packages export their contract; this one is made up, with the OpenAI-style wire names.
 * const Batch = Schema.Struct({ id: Schema.String, status: Schema.String, created_at: Schema.Int })
 * const contract: Conformance.Contract = {
 *   ...OpenAiFamily.wireFacts,
 *   provider: "example",
 *   batch: Batch,
 *   list: Schema.Struct({ data: Schema.Array(Batch), first_id: Schema.NullOr(Schema.String), last_id: Schema.NullOr(Schema.String), has_more: Schema.Boolean }),
 *   errorBodies: { byStatus: {}, otherwise: Schema.Struct({ error: Schema.String }), severity: "error" },
 *   statuses: ["queued", "running", "done"],
 *   statusSeverity: "error",
 *   nativePrefix: "batch_",
 *   newestFirst: false,
 *   notes: []
 * }
 * const report = Conformance.check(contract, {
 *   operation: "retrieve",
 *   body: '{"id":"batch-1","status":"finished","created_at":"1711471533","model":"m"}'
 * })
 * report.violations.map((violation) => `${violation.path} ${violation.rule}`)
 * // => ["$.id id-form", "$.status status", "$.created_at type", "$.model undocumented"]
 * ```
 *
 * @since 0.1.0
 * @category checking
 */
export const check: {
  (input: CheckInput): (contract: Contract) => Report
  (contract: Contract, input: CheckInput): Report
} = dual(2, (contract: Contract, input: CheckInput): Report => {
  const violations = internal.check(contract, input)
  return { conformant: !violations.some((violation) => violation.severity === "error"), violations }
})

/**
 * Whether an ID has a vendor's form: its prefix, then a non-empty rest with no whitespace, `/`,
 * `?`, `#` or `..`.
 *
 * @example
 * ```ts
 * import { fitsIdForm } from "@unibatch/core/Conformance"
 *
 * fitsIdForm("batch-", "batch-abc123") // => true
 * fitsIdForm("batch_", "batch-abc123") // => false
 * ```
 *
 * @since 0.1.0
 * @category checking
 */
export const fitsIdForm: (prefix: string, id: string) => boolean = internal.fitsIdForm

/**
 * A report for people: one line per violation (severity, path, rule, message), then a one-line
 * verdict. `subject` names what was checked, e.g. `example list, HTTP 200`.
 *
 * @example
 * ```ts
 * import * as Conformance from "@unibatch/core/Conformance"
 *
 * const lines = Conformance.format({ conformant: true, violations: [] }, "example list, HTTP 200")
 * // => ["conformant: example list, HTTP 200"]
 * ```
 *
 * @since 0.1.0
 * @category formatting
 */
export const format = (report: Report, subject: string): Array<string> => {
  const rows = report.violations.map((violation) => [violation.severity, violation.path, violation.rule, violation.message])
  const widths = [0, 1, 2].map((column) => Math.max(0, ...rows.map((row) => row[column]!.length)))
  const lines = rows.map((row) => row.map((cell, column) => (column < 3 ? cell.padEnd(widths[column]!) : cell)).join("  "))
  lines.push(verdict(report, subject))
  return lines
}

/**
 * The one-line verdict: `conformant: ...`, `conformant with 2 notes: ...` or
 * `not conformant, 3 errors: ...`.
 *
 * @example
 * ```ts
 * import * as Conformance from "@unibatch/core/Conformance"
 *
 * Conformance.verdict({ conformant: true, violations: [] }, "example retrieve, HTTP 200") // => "conformant: example retrieve, HTTP 200"
 * ```
 *
 * @since 0.1.0
 * @category formatting
 */
export const verdict = (report: Report, subject: string): string => {
  const errors = report.violations.filter((violation) => violation.severity === "error").length
  const notes = report.violations.length - errors
  const noteWords = notes === 0 ? "" : `${notes} note${notes === 1 ? "" : "s"}`
  if (report.conformant) return notes === 0 ? `conformant: ${subject}` : `conformant with ${noteWords}: ${subject}`
  return `not conformant, ${errors} error${errors === 1 ? "" : "s"}${notes === 0 ? "" : ` and ${noteWords}`}: ${subject}`
}
