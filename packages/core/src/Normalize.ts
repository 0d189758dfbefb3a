/**
 * Turns a saved vendor response (status and body) into canonical values, exactly as a client
 * would have seen it: what `unibatch normalize` prints. Besides list pages and batches: the
 * create and cancel answers (a `Batch`), files (`BatchFile`), file pages and result lines (one
 * line of an output or error file, or a whole file, each line a canonical result).
 *
 * @module \@unibatch/core/Normalize
 * @since 0.1.0
 */
import * as Result from "effect/Result"
import { type Batch, type BatchPage, pageToJson, toJson } from "./Batch.js"
import { type BatchFile, type BatchFileJson, toJson as fileToJson } from "./BatchFile.js"
import { type BatchResultJson, type ResultLine, toJson as resultJsonOf } from "./BatchResult.js"
import * as Decoder from "./Decoder.js"
import { firstFault } from "./internal/conformance.js"
import { decodeError, isRecord, typeName } from "./internal/json.js"
import { DecodeError, errorToJson, fromResponse, type UnibatchError } from "./UnibatchError.js"
import type { Lifecycle, VendorDefinition } from "./VendorDefinition.js"

/**
 * The operations whose responses can be normalized: a list page, one batch (`retrieve`, and the
 * answers to `create` and `cancel`), a file object, a page of files, and result lines
 * (`output-line`, `error-line`: one line, or a whole JSONL file).
 *
 * @example
 * ```ts
 * import { normalizeToJson, type Operation } from "@unibatch/core/Normalize"
 * import type { VendorDefinition } from "@unibatch/core/VendorDefinition"
 *
 * declare const definition: VendorDefinition
 * declare const body: string
 * const operation: Operation = "list"
 * const { ok, json } = normalizeToJson({ definition, operation, body })
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Operation = "list" | "retrieve" | "create" | "cancel" | "file" | "file-list" | "output-line" | "error-line"

/**
 * A saved vendor response, and the definition of the vendor that sent it. Files, file pages,
 * result lines and a partial cancel answer read the definition's `lifecycle`; result lines carry
 * `batchId` (`null` when not given: a saved line does not say which batch it came from).
 *
 * @example
 * ```ts
 * import { normalize, type VendorResponse } from "@unibatch/core/Normalize"
 * import type { VendorDefinition } from "@unibatch/core/VendorDefinition"
 *
 * declare const definition: VendorDefinition
 * const response: VendorResponse = {
 *   definition,
 *   operation: "retrieve",
 *   status: 429,
 *   body: '{"error":{"message":"Rate limit reached","type":"requests","param":null,"code":"rate_limit_exceeded"}}',
 *   headers: { "retry-after": "2", "x-request-id": "req_123" }
 * }
 * normalize(response) // => Result.succeed(RateLimitError { retryAfterSeconds: 2, requestId: "req_123", ... })
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface VendorResponse {
  readonly definition:
    & Decoder.Definition
    & Pick<VendorDefinition, "requestIdHeader">
    & { readonly lifecycle?: Pick<Lifecycle, "file" | "fileList" | "results" | "partialCancel"> | undefined }
  readonly operation: Operation
  /** The HTTP status; 200 when omitted. */
  readonly status?: number | undefined
  readonly body: string
  readonly headers?: Readonly<Record<string, string | undefined>> | undefined
  /**
   * Result lines: the canonical ID of the batch they belong to, or `null` (the default).
   *
   * @since 0.3.0
   */
  readonly batchId?: string | null | undefined
}

/**
 * One result line, canonical: a `BatchResult` whose `batchId` is `null` when the batch is not
 * known (a saved line does not name it).
 *
 * @example
 * ```ts
 * import type { NormalizedResult } from "@unibatch/core/Normalize"
 *
 * const result: NormalizedResult = {
 *   provider: "openai", batchId: null, customId: "request-1", outcome: "expired", statusCode: null, body: null,
 *   error: { code: "batch_expired", message: "This request could not be executed before the completion window expired." },
 *   requestId: null
 * }
 * ```
 *
 * @since 0.3.0
 * @category models
 */
export interface NormalizedResult extends ResultLine {
  readonly provider: string
  readonly batchId: string | null
}

/**
 * A page of files, canonical.
 *
 * @example
 * ```ts
 * import type { FilePage } from "@unibatch/core/Normalize"
 *
 * const empty: FilePage = { data: [], firstId: null, lastId: null, hasMore: false }
 * ```
 *
 * @since 0.3.0
 * @category models
 */
export interface FilePage {
  readonly data: ReadonlyArray<BatchFile>
  readonly firstId: string | null
  readonly lastId: string | null
  readonly hasMore: boolean
}

/**
 * What a 2xx response means, by operation: a `BatchPage` (list), a `Batch` (retrieve, create,
 * cancel), a `BatchFile` (file), a {@link FilePage} (file-list), a {@link NormalizedResult} (one
 * result line) or an array of them (a whole output or error file).
 *
 * @example
 * ```ts
 * import type { Normalized } from "@unibatch/core/Normalize"
 *
 * const count = (value: Normalized): number => (Array.isArray(value) ? value.length : 1)
 * ```
 *
 * @since 0.3.0
 * @category models
 */
export type Normalized = BatchPage | Batch | BatchFile | FilePage | NormalizedResult | ReadonlyArray<NormalizedResult>

const headerValue = (headers: Readonly<Record<string, string | undefined>> | undefined, name: string): string | null => {
  if (headers === undefined) return null
  const wanted = name.toLowerCase()
  for (const key in headers) if (key.toLowerCase() === wanted) return headers[key] ?? null
  return null
}

type Context = Decoder.DecodeContext & { readonly provider: string; readonly operation: string }

const noLifecycle = (context: Context) =>
  Result.fail(decodeError(context, "$", `the vendor definition has no lifecycle to read a ${context.operation} response with`))

/** One parsed result line, by the definition's result codec: type-checked, then read. */
const resultOf = (
  results: Lifecycle["results"],
  raw: unknown,
  context: Context,
  batchId: string | null,
  where: string
): Result.Result<NormalizedResult, DecodeError> => {
  if (!isRecord(raw)) return Result.fail(decodeError(context, `${where}$`, `expected a result line object, got ${typeName(raw)}`))
  const fault = firstFault(results.schema, raw)
  if (fault !== undefined) return Result.fail(decodeError(context, where + fault.path, fault.message))
  return Result.succeed({ provider: context.provider, batchId, ...results.read(raw) })
}

/** Result lines: one JSON value, or a whole JSONL file (blank lines skipped; a fault names its line). */
const decodeResults = (
  results: Lifecycle["results"],
  text: string,
  context: Context,
  batchId: string | null
): Result.Result<Normalized, DecodeError> => {
  let single: unknown
  let parsed = true
  try {
    single = JSON.parse(text)
  } catch {
    parsed = false
  }
  if (parsed) return resultOf(results, single, context, batchId, "")
  const lines = text.split("\n")
  const decoded: Array<NormalizedResult> = []
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!.trim()
    if (line === "") continue
    const lineContext = { ...context, operation: `${context.operation} (line ${index + 1})` }
    const value = Decoder.parseJson(line, lineContext)
    if (Result.isFailure(value)) return Result.fail(value.failure)
    const result = resultOf(results, value.success, context, batchId, `line ${index + 1}: `)
    if (Result.isFailure(result)) return Result.fail(result.failure)
    decoded.push(result.success)
  }
  return Result.succeed(decoded)
}

const decodeSuccess = (response: VendorResponse, context: Context): Result.Result<Normalized, DecodeError> => {
  const { body, definition } = response
  const lifecycle = definition.lifecycle
  switch (response.operation) {
    case "list":
      return Decoder.decodePageText(definition, body, context)
    case "retrieve":
    case "create":
      return Decoder.decodeBatchText(definition, body, context)
    case "cancel": {
      const partial = lifecycle?.partialCancel === true
      return Result.flatMap(Decoder.parseJson(body, context), (value) => Decoder.decodeBatch(definition, value, context, { partial }))
    }
    case "file":
      if (lifecycle === undefined) return noLifecycle(context)
      return Decoder.decodeFileText({ ...definition, lifecycle }, body, context)
    case "file-list":
      if (lifecycle === undefined) return noLifecycle(context)
      return Result.map(
        Result.flatMap(Decoder.parseJson(body, context), (value) => Decoder.decodeFilePage({ ...definition, lifecycle }, value, context)),
        (page): FilePage => ({ data: page.data, firstId: page.firstId, lastId: page.lastId, hasMore: page.hasMore })
      )
    case "output-line":
    case "error-line":
      if (lifecycle === undefined) return noLifecycle(context)
      return decodeResults(lifecycle.results, body, context, response.batchId ?? null)
  }
}

/**
 * What a response means: a page (list), a batch (retrieve, create, cancel: a vendor's partial
 * cancel answer decodes with its absent fields `null`), a file, a page of files, or result lines;
 * or, for a non-2xx status, the canonical error the vendor answered with. A 2xx body that does
 * not fit is a `DecodeError` (for a whole result file, naming the line: `line 3: $.custom_id`).
 *
 * @example
 * ```ts
 * import { normalize } from "@unibatch/core/Normalize"
 * import type { VendorDefinition } from "@unibatch/core/VendorDefinition"
 *
 * declare const definition: VendorDefinition
 * normalize({ definition, operation: "list", status: 401, body: '{"error":"Authentication credentials were not provided."}' })
 * // => Result.succeed(AuthenticationError { message: "Authentication credentials were not provided.", ... })
 * normalize({ definition, operation: "cancel", body: '{"id":"batch_abc","status":"cancelling","created_at":1711471533}' })
 * // => Result.succeed({ id: "batch_abc", status: "cancelling", ... })
 * ```
 *
 * @since 0.1.0
 * @category normalizing
 */
export const normalize = (response: VendorResponse): Result.Result<Normalized | UnibatchError, DecodeError> => {
  const status = response.status ?? 200
  const { definition, operation } = response
  const provider = definition.provider
  if (status < 200 || status >= 300) {
    return Result.succeed(
      fromResponse({ provider, operation, status, body: response.body, headers: response.headers, requestIdHeader: definition.requestIdHeader })
    )
  }
  return decodeSuccess(response, { provider, operation, status, requestId: headerValue(response.headers, definition.requestIdHeader) })
}

/**
 * A result line as canonical JSON (the fields of a `BatchResult`, `batchId` `null` when unknown).
 *
 * @example
 * ```ts
 * import { resultToJson } from "@unibatch/core/Normalize"
 *
 * resultToJson({
 *   provider: "openai", batchId: null, customId: "r-1", outcome: "succeeded", statusCode: 200, body: {}, error: null, requestId: "req_1"
 * }).outcome // => "succeeded"
 * ```
 *
 * @since 0.3.0
 * @category normalizing
 */
export const resultToJson = (result: NormalizedResult): BatchResultJson<string | null> => resultJsonOf(result)

/**
 * A page of files as canonical JSON: `{ data, firstId, lastId, hasMore }`.
 *
 * @example
 * ```ts
 * import { filePageToJson } from "@unibatch/core/Normalize"
 *
 * filePageToJson({ data: [], firstId: null, lastId: null, hasMore: false }) // => { data: [], firstId: null, lastId: null, hasMore: false }
 * ```
 *
 * @since 0.3.0
 * @category normalizing
 */
export const filePageToJson = (page: FilePage): {
  readonly data: ReadonlyArray<BatchFileJson>
  readonly firstId: string | null
  readonly lastId: string | null
  readonly hasMore: boolean
} => ({ data: page.data.map(fileToJson), firstId: page.firstId, lastId: page.lastId, hasMore: page.hasMore })

const normalizedToJson = (operation: Operation, value: Normalized): unknown => {
  switch (operation) {
    case "list":
      return pageToJson(value as BatchPage)
    case "retrieve":
    case "create":
    case "cancel":
      return toJson(value as Batch)
    case "file":
      return fileToJson(value as BatchFile)
    case "file-list":
      return filePageToJson(value as FilePage)
    case "output-line":
    case "error-line":
      return Array.isArray(value)
        ? (value as ReadonlyArray<NormalizedResult>).map(resultToJson)
        : resultToJson(value as NormalizedResult)
  }
}

/**
 * The canonical JSON of a normalized response: a `BatchPage`, a `Batch`, a `BatchFile`, a page of
 * files `{ data, firstId, lastId, hasMore }`, a result (one line) or an array of results (a whole
 * file), or `{ "error": ... }`. `ok` is false only when the body did not fit.
 *
 * @example
 * ```ts
 * import { normalizeToJson } from "@unibatch/core/Normalize"
 * import type { VendorDefinition } from "@unibatch/core/VendorDefinition"
 *
 * declare const definition: VendorDefinition
 * const { ok, json } = normalizeToJson({ definition, operation: "retrieve", body: "{}" })
 * // => ok: false, json: { error: { _tag: "DecodeError", path: "$.id", ... } }
 * ```
 *
 * @since 0.1.0
 * @category normalizing
 */
export const normalizeToJson = (response: VendorResponse): { readonly ok: boolean; readonly json: unknown } =>
  Result.match(normalize(response), {
    onFailure: (error) => ({ ok: false, json: { error: errorToJson(error) } }),
    onSuccess: (value) => ({
      ok: true,
      json: isError(value) ? { error: errorToJson(value) } : normalizedToJson(response.operation, value)
    })
  })

/** Canonical errors are tagged; no normalized value is (arrays of results included). */
const isError = (value: Normalized | UnibatchError): value is UnibatchError => !Array.isArray(value) && "_tag" in value
