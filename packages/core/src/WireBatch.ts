/**
 * The OpenAI-compatible `/v1/batches` wire vocabulary: the batch object and list envelope as the
 * OpenAI-style family documents them (snake_case, unix seconds). The lenient decoder derives its
 * type checks from these Schemas, and each adapter builds its vendor's documented contract from
 * the same pieces, so a field's wire type is written down once.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"

/**
 * Unix seconds.
 *
 * @since 0.1.0
 * @category schemas
 */
export const UnixSeconds = Schema.Int.annotations({ identifier: "UnixSeconds" })

/**
 * A token or request count.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Count = Schema.NonNegativeInt

/**
 * `request_counts`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const RequestCounts = Schema.Struct({ total: Count, completed: Count, failed: Count })

/**
 * One entry of `errors.data`.
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
 * @since 0.1.0
 * @category schemas
 */
export const Metadata = Schema.Record({ key: Schema.String, value: Schema.String })

const optionalNullable = <S extends Schema.Schema.Any>(schema: S) => Schema.optional(Schema.NullOr(schema))

/**
 * Every field of the batch object the family documents, with the types OpenAI publishes. Only
 * the fields OpenAI requires are required here; the others may be absent or `null`.
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
 * @since 0.1.0
 * @category schemas
 */
export const WireBatch = Schema.Struct(batchFields).annotations({ identifier: "WireBatch" })

/**
 * @since 0.1.0
 * @category schemas
 */
export type WireBatch = typeof WireBatch.Type

/**
 * The list envelope around a page of batch objects.
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
