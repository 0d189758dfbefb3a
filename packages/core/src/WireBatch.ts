/**
 * The OpenAI-compatible `/v1/batches` wire vocabulary: the batch object and list envelope as the
 * OpenAI-style family documents them (snake_case, unix seconds). The lenient decoder derives its
 * type checks from these Schemas, and each adapter builds its vendor's documented contract from
 * the same pieces, so a field's wire type is written down once.
 *
 * @module \@unibatch/core/WireBatch
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"

/**
 * Unix seconds.
 *
 * @example
 * ```ts
 * import { UnixSeconds } from "@unibatch/core/WireBatch"
 * import * as Schema from "effect/Schema"
 *
 * Schema.is(UnixSeconds)(1711471533) // => true
 * Schema.is(UnixSeconds)(1711471533.5) // => false
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const UnixSeconds = Schema.Int.annotations({ identifier: "UnixSeconds" })

/**
 * A token or request count.
 *
 * @example
 * ```ts
 * import { Count } from "@unibatch/core/WireBatch"
 * import * as Schema from "effect/Schema"
 *
 * Schema.is(Count)(42) // => true
 * Schema.is(Count)(-1) // => false
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Count = Schema.NonNegativeInt

/**
 * `request_counts`.
 *
 * @example
 * ```ts
 * import { RequestCounts } from "@unibatch/core/WireBatch"
 * import * as Schema from "effect/Schema"
 *
 * const counts = Schema.decodeUnknownSync(RequestCounts)({ total: 100, completed: 95, failed: 5 })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const RequestCounts = Schema.Struct({ total: Count, completed: Count, failed: Count })

/**
 * One entry of `errors.data`.
 *
 * @example
 * ```ts
 * import { LineError } from "@unibatch/core/WireBatch"
 * import * as Schema from "effect/Schema"
 *
 * const error = Schema.decodeUnknownSync(LineError)({ code: "invalid_json", message: "Line 3 is not valid JSON.", line: 3 })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const LineError = Schema.Struct({
  code: Schema.optional(Schema.String),
  message: Schema.optional(Schema.String),
  param: Schema.optional(Schema.NullOr(Schema.String)),
  line: Schema.optional(Schema.NullOr(Schema.Int))
})

/**
 * `errors`: a list object wrapping the line errors.
 *
 * @example
 * ```ts
 * import { Errors } from "@unibatch/core/WireBatch"
 * import * as Schema from "effect/Schema"
 *
 * const errors = Schema.decodeUnknownSync(Errors)({ object: "list", data: [{ code: "invalid_json", line: 3 }] })
 * errors.data?.[0]?.line // => 3
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Errors = Schema.Struct({
  object: Schema.optional(Schema.String),
  data: Schema.optional(Schema.Array(LineError))
})

/**
 * `usage`, with its nested detail objects.
 *
 * @example
 * ```ts
 * import { Usage } from "@unibatch/core/WireBatch"
 * import * as Schema from "effect/Schema"
 *
 * const usage = Schema.decodeUnknownSync(Usage)({
 *   input_tokens: 1200,
 *   input_tokens_details: { cached_tokens: 200 },
 *   output_tokens: 300,
 *   output_tokens_details: { reasoning_tokens: 0 },
 *   total_tokens: 1500
 * })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Usage = Schema.Struct({
  input_tokens: Count,
  input_tokens_details: Schema.Struct({ cached_tokens: Count }),
  output_tokens: Count,
  output_tokens_details: Schema.Struct({ reasoning_tokens: Count }),
  total_tokens: Count
})

/**
 * `metadata`: string keys to string values.
 *
 * @example
 * ```ts
 * import { Metadata } from "@unibatch/core/WireBatch"
 * import * as Schema from "effect/Schema"
 *
 * Schema.is(Metadata)({ project: "evals" }) // => true
 * Schema.is(Metadata)({ attempt: 1 }) // => false
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Metadata = Schema.Record({ key: Schema.String, value: Schema.String })

const optionalNullable = <S extends Schema.Schema.Any>(schema: S) => Schema.optional(Schema.NullOr(schema))

/**
 * Every field of the batch object the family documents, with the types OpenAI publishes. Only
 * the fields OpenAI requires are required here; the others may be absent or `null`.
 *
 * @example
 * ```ts
 * import * as WireBatch from "@unibatch/core/WireBatch"
 * import * as Schema from "effect/Schema"
 *
 * // A vendor whose docs show no `usage`: the family's fields without it.
 * const { usage: _usage, ...documented } = WireBatch.batchFields
 * const VendorBatch = Schema.Struct(documented)
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const batchFields = {
  id: Schema.String,
  object: Schema.Literal("batch"),
  endpoint: Schema.String,
  errors: optionalNullable(Errors),
  input_file_id: Schema.String,
  completion_window: Schema.String,
  status: Schema.String,
  output_file_id: optionalNullable(Schema.String),
  error_file_id: optionalNullable(Schema.String),
  created_at: UnixSeconds,
  in_progress_at: optionalNullable(UnixSeconds),
  expires_at: optionalNullable(UnixSeconds),
  finalizing_at: optionalNullable(UnixSeconds),
  completed_at: optionalNullable(UnixSeconds),
  failed_at: optionalNullable(UnixSeconds),
  expired_at: optionalNullable(UnixSeconds),
  cancelling_at: optionalNullable(UnixSeconds),
  cancelled_at: optionalNullable(UnixSeconds),
  request_counts: optionalNullable(RequestCounts),
  metadata: optionalNullable(Metadata),
  model: optionalNullable(Schema.String),
  usage: optionalNullable(Usage)
}

/**
 * The batch object.
 *
 * @example
 * ```ts
 * import { WireBatch } from "@unibatch/core/WireBatch"
 * import * as Schema from "effect/Schema"
 *
 * const batch = Schema.decodeUnknownSync(WireBatch)({
 *   id: "batch_abc123",
 *   object: "batch",
 *   endpoint: "/v1/chat/completions",
 *   input_file_id: "file-abc123",
 *   completion_window: "24h",
 *   status: "validating",
 *   created_at: 1711471533
 * })
 * batch.output_file_id // => undefined
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const WireBatch = Schema.Struct(batchFields).annotations({ identifier: "WireBatch" })

/**
 * The batch object, as a type.
 *
 * @example
 * ```ts
 * import type { WireBatch } from "@unibatch/core/WireBatch"
 *
 * const finishedAt = (batch: WireBatch): number | null => batch.completed_at ?? batch.failed_at ?? null
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export type WireBatch = typeof WireBatch.Type

/**
 * The list envelope around a page of batch objects.
 *
 * @example
 * ```ts
 * import { WireBatchList } from "@unibatch/core/WireBatch"
 * import * as Schema from "effect/Schema"
 *
 * const page = Schema.decodeUnknownSync(WireBatchList)({ object: "list", data: [], first_id: null, last_id: null, has_more: false })
 * page.has_more // => false
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const WireBatchList = Schema.Struct({
  object: Schema.Literal("list"),
  data: Schema.Array(WireBatch),
  first_id: Schema.NullOr(Schema.String),
  last_id: Schema.NullOr(Schema.String),
  has_more: Schema.Boolean
}).annotations({ identifier: "WireBatchList" })
