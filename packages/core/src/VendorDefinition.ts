/**
 * What a vendor is, as data and a few pure functions: everything core, the test kit, the umbrella
 * and the command need to know about one vendor. Each vendor package exports one
 * {@link VendorDefinition}; core names no vendor and reads them only through this shape, so a new
 * vendor is a new package, never a change here.
 *
 * @module \@unibatch/core/VendorDefinition
 * @since 0.2.0
 */
import type * as Schema from "effect/Schema"
import type { Batch } from "./Batch.js"
import type { BatchFile } from "./BatchFile.js"
import type { BatchRequest } from "./BatchRequest.js"
import type { ResultLine } from "./BatchResult.js"
import type { BatchStatus } from "./BatchStatus.js"
import type { Contract } from "./Conformance.js"
import type { FakeServerProfile } from "./FakeServerProfile.js"
import type { TimestampCodec } from "./Timestamp.js"

/**
 * How the API key is sent: `Authorization: Bearer <key>` is `{ header: "authorization", scheme: "Bearer" }`,
 * `x-api-key: <key>` is `{ header: "x-api-key" }`. `headers` are sent on every request (an API
 * version, say). Every header named here is a credential: it never follows a redirect to another
 * origin and never appears in an error.
 *
 * @example
 * ```ts
 * import type { Auth } from "@unibatch/core/VendorDefinition"
 *
 * const bearer: Auth = { header: "authorization", scheme: "Bearer" }
 * const versioned: Auth = { header: "x-api-key", headers: { "example-version": "2024-01-01" } }
 * ```
 *
 * @since 0.2.0
 * @category models
 */
export interface Auth {
  /** Lower-case header name that carries the key. */
  readonly header: string
  /** Written before the key with one space (`Bearer`); absent: the key alone. */
  readonly scheme?: string | undefined
  /** Headers sent with every request, whatever the options. */
  readonly headers?: Readonly<Record<string, string>> | undefined
}

/**
 * Batch IDs: the canonical form is `batch_<rest>`; the vendor writes `<nativePrefix><rest>`.
 *
 * @example
 * ```ts
 * import type { IdCodec } from "@unibatch/core/VendorDefinition"
 *
 * const dashed: IdCodec = { nativePrefix: "batch-" } // batch-abc <-> batch_abc
 * ```
 *
 * @since 0.2.0
 * @category models
 */
export interface IdCodec {
  readonly nativePrefix: string
}

/**
 * Request paths under the base URL. `{id}` in `retrieve` is replaced by the URL-encoded native ID.
 *
 * @example
 * ```ts
 * import type { Paths } from "@unibatch/core/VendorDefinition"
 *
 * const django: Paths = { list: "/batches/", retrieve: "/batches/{id}/" }
 * ```
 *
 * @since 0.2.0
 * @category models
 */
export interface Paths {
  readonly list: string
  readonly retrieve: string
}

/**
 * How a listing is paged: the query parameters, the page sizes, where the next cursor comes from,
 * and the order of the items.
 *
 * @example
 * ```ts
 * import type { Paging } from "@unibatch/core/VendorDefinition"
 *
 * const paging: Paging = {
 *   limitParam: "limit", cursorParam: "after_id", defaultLimit: 20, maxLimit: 1000,
 *   nextCursor: "lastIdField", order: "newestFirst"
 * }
 * ```
 *
 * @since 0.2.0
 * @category models
 */
export interface Paging {
  readonly limitParam: string
  readonly cursorParam: string
  /** What the vendor serves when no limit is sent. */
  readonly defaultLimit: number
  /** The largest page the vendor serves; a larger limit is refused before any request. */
  readonly maxLimit: number
  /** `lastItemId`: the last item's `id` is the next cursor; `lastIdField`: the page's `last_id`-like field. */
  readonly nextCursor: "lastItemId" | "lastIdField"
  /** `newestFirst` when the vendor documents that order. */
  readonly order: "newestFirst" | "unspecified"
}

/**
 * What the lenient decoder reads off a list body, with wire names.
 *
 * @example
 * ```ts
 * import type { ListEnvelope } from "@unibatch/core/VendorDefinition"
 *
 * const openAiLike: ListEnvelope = { data: "data", hasMore: "has_more", firstId: "first_id", lastId: "last_id" }
 * ```
 *
 * @since 0.2.0
 * @category models
 */
export interface ListEnvelope {
  readonly data: string
  readonly hasMore: string
  readonly firstId: string
  readonly lastId: string
}

/**
 * The canonical fields a vendor's batch object maps to, less those core fills itself
 * (`provider`, `id`, `nativeId`, `status`, `nativeStatus`, `extensions`).
 *
 * @example
 * ```ts
 * import * as OpenAiFamily from "@unibatch/core/OpenAiFamily"
 * import type { MappedFields } from "@unibatch/core/VendorDefinition"
 *
 * const fields: MappedFields = OpenAiFamily.readBatch({ id: "batch_1", status: "completed", created_at: 1711471533 })
 * fields.outputFileId // => null
 * ```
 *
 * @since 0.2.0
 * @category models
 */
export type MappedFields = Omit<Batch, "provider" | "id" | "nativeId" | "status" | "nativeStatus" | "extensions">

/**
 * How one wire batch object becomes canonical.
 *
 * - `schema`: the lenient wire Schema of a batch (a `Schema.Struct`). The decoder compiles its type
 *   checks from it; a key it does not name goes to `extensions`.
 * - `required`: wire names of what a batch cannot exist without.
 * - `status`: maps the vendor's status string to the canonical one; `raw` is the whole (already
 *   type-checked) object, for vendors whose state depends on other fields.
 * - `read`: the other canonical fields from the type-checked object. Absent, `null` and `{}` mean
 *   "no value" (`null`), never a made-up zero.
 *
 * @example
 * ```ts
 * import * as OpenAiFamily from "@unibatch/core/OpenAiFamily"
 * import type { BatchCodec } from "@unibatch/core/VendorDefinition"
 *
 * // The family's codec, with one more spelling of a known state.
 * const codec: BatchCodec = {
 *   ...OpenAiFamily.batchCodec,
 *   status: (nativeStatus, raw) => nativeStatus === "done" ? "completed" : OpenAiFamily.batchCodec.status(nativeStatus, raw)
 * }
 * ```
 *
 * @since 0.2.0
 * @category models
 */
export interface BatchCodec {
  readonly schema: Schema.Top
  readonly required: { readonly id: string; readonly status: string; readonly createdAt: string }
  readonly status: (nativeStatus: string, raw: Readonly<Record<string, unknown>>) => BatchStatus
  readonly read: (raw: Readonly<Record<string, unknown>>) => MappedFields
}

/**
 * Request paths of the lifecycle under the base URL; `{id}` is replaced by the URL-encoded native
 * ID (a batch's in `cancel`, a file's in `file` and `fileContent`). `files` is both the upload
 * (`POST`) and the listing (`GET`).
 *
 * @example
 * ```ts
 * import type { LifecyclePaths } from "@unibatch/core/VendorDefinition"
 *
 * const paths: LifecyclePaths = {
 *   create: "/batches", cancel: "/batches/{id}/cancel",
 *   files: "/files", file: "/files/{id}", fileContent: "/files/{id}/content"
 * }
 * ```
 *
 * @since 0.3.0
 * @category models
 */
export interface LifecyclePaths {
  readonly create: string
  readonly cancel: string
  readonly files: string
  readonly file: string
  readonly fileContent: string
  /**
   * Where the vendor serves an ended batch's results by its id, for a vendor that gives them at a
   * URL (`results_url`) rather than in files; the client reads the batch's `resultsUrl`, the test
   * kit's fake server serves this path. Absent: results come from files only.
   *
   * @since 0.3.0
   */
  readonly results?: string | undefined
}

/**
 * Limits the vendor documents, checked before any request; each refusal names the limit and the
 * value.
 *
 * @example
 * ```ts
 * import type { Limits } from "@unibatch/core/VendorDefinition"
 *
 * const limits: Limits = {
 *   endpoints: ["/v1/chat/completions"], completionWindows: ["24h"],
 *   metadata: { maxPairs: 16, maxKeyLength: 64, maxValueLength: 512 },
 *   maxFileBytes: 200 * 1024 * 1024, maxRequests: 50_000
 * }
 * ```
 *
 * @since 0.3.0
 * @category models
 */
export interface Limits {
  /** The endpoints a batch may target. */
  readonly endpoints: ReadonlyArray<string>
  /** The completion windows the vendor takes; the first is the default. */
  readonly completionWindows: ReadonlyArray<string>
  /** Metadata limits; `null` when the vendor takes no metadata. */
  readonly metadata: { readonly maxPairs: number; readonly maxKeyLength: number; readonly maxValueLength: number } | null
  /** The largest input file, in bytes. */
  readonly maxFileBytes: number
  /** The most requests in one batch. */
  readonly maxRequests: number
  /**
   * `true` when every request line's `body.model` must be the same string (a vendor that runs a
   * batch on one deployment); a line with another model, or none, is refused before the batch is
   * created. Absent: any model on any line.
   *
   * @since 0.3.0
   */
  readonly sameModel?: boolean | undefined
}

/**
 * How a vendor's file object becomes a canonical {@link BatchFile}: a lenient wire Schema (a
 * `Schema.Struct`, as {@link BatchCodec.schema}) and the fields read off the type-checked object.
 * `required` names what a file cannot exist without (its id).
 *
 * @example
 * ```ts
 * import * as OpenAiFamily from "@unibatch/core/OpenAiFamily"
 * import type { FileCodec } from "@unibatch/core/VendorDefinition"
 *
 * const codec: FileCodec = OpenAiFamily.fileCodec
 * ```
 *
 * @since 0.3.0
 * @category models
 */
export interface FileCodec {
  readonly schema: Schema.Top
  readonly required: { readonly id: string }
  readonly read: (raw: Readonly<Record<string, unknown>>) => Omit<BatchFile, "provider" | "id" | "nativeId" | "extensions">
}

/**
 * How a vendor's result line (one line of an output or error file) becomes a {@link ResultLine}:
 * a lenient wire Schema of the line and `read`, which absorbs the vendor's quirks (a failed
 * request with `error: null` and the error in the body, `batch_expired`, ...).
 *
 * @example
 * ```ts
 * import * as OpenAiFamily from "@unibatch/core/OpenAiFamily"
 * import type { ResultCodec } from "@unibatch/core/VendorDefinition"
 *
 * const codec: ResultCodec = OpenAiFamily.resultCodec
 * codec.read({ custom_id: "r-1", response: { status_code: 200, request_id: "req_1", body: {} }, error: null }).outcome // => "succeeded"
 * ```
 *
 * @since 0.3.0
 * @category models
 */
export interface ResultCodec {
  readonly schema: Schema.Top
  readonly read: (raw: Readonly<Record<string, unknown>>) => ResultLine
}

/**
 * What a vendor's create body holds, canonical names: the input is checked against the
 * {@link Limits} before `createBody` builds the wire body from it.
 *
 * @example
 * ```ts
 * import type { CreateInput } from "@unibatch/core/VendorDefinition"
 *
 * const input: CreateInput = { inputFileId: "file-abc", endpoint: "/v1/chat/completions", completionWindow: "24h", metadata: {} }
 * ```
 *
 * @since 0.3.0
 * @category models
 */
export interface CreateInput {
  readonly inputFileId: string
  readonly endpoint: string
  readonly completionWindow: string
  readonly metadata: Readonly<Record<string, string>>
}

/**
 * A vendor that takes its requests inline, in the create body, rather than in an uploaded file:
 * `body` writes the create body from the requests (already checked against the limits, the
 * `customId` rule and each other), `maxBodyBytes` is the largest body the vendor takes, and
 * `customId` the rule every `customId` must meet. `create` and the file operations are then
 * refused before any request: `submit` is the way in.
 *
 * @example
 * ```ts
 * import type { InlineRequests } from "@unibatch/core/VendorDefinition"
 *
 * const inline: InlineRequests = {
 *   body: (requests) => ({ requests: requests.map((request) => ({ custom_id: request.customId, params: request.body })) }),
 *   maxBodyBytes: 256 * 1024 * 1024,
 *   customId: { pattern: /^[a-zA-Z0-9_-]{1,64}$/, description: "1 to 64 letters, digits, _ or -" }
 * }
 * ```
 *
 * @since 0.3.0
 * @category models
 */
export interface InlineRequests {
  readonly body: (requests: ReadonlyArray<BatchRequest>, input: Omit<CreateInput, "inputFileId">) => Record<string, unknown>
  readonly maxBodyBytes: number
  readonly customId: { readonly pattern: RegExp; readonly description: string }
}

/**
 * Everything past list and retrieve: paths, limits, how files, create answers, cancel answers
 * and result lines are read, and how requests are written.
 *
 * - `partialCancel`: the vendor documents its cancel answer as a partial batch (no `created_at`,
 *   ...): conformance and the fake server hold it to that. The client decodes any vendor's cancel
 *   answer with only `id` and `status` required, the rest `null`.
 * - `filePaging` / `fileList`: how the file listing is paged and enveloped (`firstId` / `lastId`
 *   `null` where the vendor sends neither).
 * - `requestLine`: one JSONL line of the input file for a request (the endpoint already checked).
 *
 * @example
 * ```ts
 * import * as OpenAi from "@unibatch/openai/OpenAi"
 *
 * OpenAi.definition.lifecycle.limits.maxRequests // => 50000
 * ```
 *
 * @since 0.3.0
 * @category models
 */
export interface Lifecycle {
  readonly paths: LifecyclePaths
  readonly limits: Limits
  /** The `purpose` form field of a batch input upload (`batch`). */
  readonly filePurpose: string
  readonly file: FileCodec
  readonly filePaging: Paging
  readonly fileList: { readonly data: string; readonly hasMore: string; readonly firstId: string | null; readonly lastId: string | null }
  readonly partialCancel: boolean
  readonly createBody: (input: CreateInput) => Record<string, unknown>
  readonly requestLine: (request: BatchRequest, endpoint: string) => Record<string, unknown>
  readonly results: ResultCodec
  /**
   * Present when the vendor takes its requests inline in the create body (see
   * {@link InlineRequests}); absent: they are uploaded as a file that `create` names.
   *
   * @since 0.3.0
   */
  readonly inline?: InlineRequests | undefined
}

/**
 * Everything about one vendor. One value per vendor package (`OpenAi.definition`, ...).
 *
 * @example
 * ```ts
 * import * as OpenAi from "@unibatch/openai/OpenAi"
 *
 * OpenAi.definition.provider // => "openai"
 * OpenAi.definition.apiKeyEnv // => "OPENAI_API_KEY"
 * ```
 *
 * @since 0.2.0
 * @category models
 */
export interface VendorDefinition {
  /** The provider name users type: lower-case, e.g. `"openai"`. */
  readonly provider: string
  /** The vendor's name for people, e.g. `"OpenAI"`. */
  readonly displayName: string
  readonly defaultBaseUrl: string
  /** The environment variable that holds the key, e.g. `"OPENAI_API_KEY"`. */
  readonly apiKeyEnv: string
  readonly auth: Auth
  readonly paths: Paths
  readonly ids: IdCodec
  readonly timestamps: TimestampCodec
  readonly paging: Paging
  readonly list: ListEnvelope
  readonly batch: BatchCodec
  /** Files, create, cancel, results: everything past list and retrieve. */
  readonly lifecycle: Lifecycle
  /** The response header with the vendor's request id, lower-case (`x-request-id`). */
  readonly requestIdHeader: string
  /** The vendor's documented contract, for `Conformance.check` and `unibatch conform`. */
  readonly contract: Contract
  /** How the test kit's fake server plays this vendor. */
  readonly fakeServer: FakeServerProfile
}
