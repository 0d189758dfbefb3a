/**
 * What a user would pick instead of unibatch's decoder, on the same bodies, as ratios to
 * `JSON.parse` of the same string:
 * - `zod4-nullish-map`, `zod3-nullish-map`: the Vercel AI SDK's way, a zod object with `nullish()`
 *   fields (strips unknown fields), then a plain mapping to camelCase with `Date` timestamps;
 * - `effect-schema-struct`: the `effect/Schema` struct an Effect user writes by hand, then the
 *   same mapping; `effect-schema-struct-preserve` keeps unknown fields (a `StructWithRest`);
 * - `hand-mapping`: the mapping alone, no checks at all (the floor any checked decoder sits on).
 * Each peer accepts neosantara's `{}` placeholders where it must, so that it decodes every body.
 */
import * as Schema from "effect/Schema"
import { z as zod3 } from "zod"
import { z as zod4 } from "zod/v4"
import { listBody } from "./bodies.js"
import { type BenchProvider, config, providers } from "./config.js"
import { compare, round } from "./measure.js"

export interface PeerResult {
  readonly name: string
  readonly provider: string
  readonly items: number
  readonly ratio: number
}

type Wire = Record<string, any>

const noValue = (value: unknown) =>
  value === undefined || value === null || (typeof value === "object" && !Array.isArray(value) && Object.keys(value as object).length === 0)

const valueOrNull = <A>(value: A): A | null => (noValue(value) ? null : value)

const date = (seconds: unknown) => (typeof seconds === "number" ? new Date(seconds * 1000) : null)

/** The mapping every peer ends with: snake_case to camelCase, unix seconds to `Date`, usage flattened. */
const mapBatch = (wire: Wire) => ({
  id: wire.id as string,
  status: wire.status as string,
  endpoint: valueOrNull(wire.endpoint),
  inputFileId: valueOrNull(wire.input_file_id),
  outputFileId: valueOrNull(wire.output_file_id),
  errorFileId: valueOrNull(wire.error_file_id),
  completionWindow: valueOrNull(wire.completion_window),
  model: valueOrNull(wire.model),
  createdAt: date(wire.created_at),
  inProgressAt: date(wire.in_progress_at),
  expiresAt: date(wire.expires_at),
  finalizingAt: date(wire.finalizing_at),
  completedAt: date(wire.completed_at),
  failedAt: date(wire.failed_at),
  expiredAt: date(wire.expired_at),
  cancellingAt: date(wire.cancelling_at),
  cancelledAt: date(wire.cancelled_at),
  requestCounts: noValue(wire.request_counts)
    ? null
    : { total: valueOrNull(wire.request_counts.total), completed: valueOrNull(wire.request_counts.completed), failed: valueOrNull(wire.request_counts.failed) },
  errors: Array.isArray(wire.errors?.data) ? wire.errors.data.map((entry: Wire) => ({ code: valueOrNull(entry.code), message: valueOrNull(entry.message), line: valueOrNull(entry.line) })) : [],
  metadata: noValue(wire.metadata) ? {} : wire.metadata,
  usage: noValue(wire.usage)
    ? null
    : {
      inputTokens: valueOrNull(wire.usage.input_tokens),
      cachedInputTokens: valueOrNull(wire.usage.input_tokens_details?.cached_tokens),
      outputTokens: valueOrNull(wire.usage.output_tokens),
      reasoningTokens: valueOrNull(wire.usage.output_tokens_details?.reasoning_tokens),
      totalTokens: valueOrNull(wire.usage.total_tokens)
    }
})

const mapPage = (page: { data: ReadonlyArray<Wire>; has_more?: boolean | null | undefined }) => ({
  data: page.data.map(mapBatch),
  hasMore: page.has_more === true
})

/**
 * The same nullish schema in zod 3 and zod 4: their object/union/nullish APIs are the same, so one
 * definition serves both (typed loosely: the two libraries' types do not unify).
 */
const zodPeer = (z: any, placeholders: boolean) => {
  const empty = z.object({}).strict()
  const field = (schema: any) => (placeholders ? z.union([schema, empty]).nullish() : schema.nullish())
  const counts = z.object({ total: z.number(), completed: z.number(), failed: z.number() })
  const usage = z.object({
    input_tokens: z.number().nullish(),
    input_tokens_details: z.object({ cached_tokens: z.number().nullish() }).nullish(),
    output_tokens: z.number().nullish(),
    output_tokens_details: z.object({ reasoning_tokens: z.number().nullish() }).nullish(),
    total_tokens: z.number().nullish()
  })
  const lineError = z.object({ code: z.string().nullish(), message: z.string().nullish(), param: z.string().nullish(), line: z.number().nullish() })
  const batch = z.object({
    id: z.string(),
    object: z.string().nullish(),
    endpoint: field(z.string()),
    errors: field(z.object({ object: z.string().nullish(), data: z.array(lineError).nullish() })),
    input_file_id: field(z.string()),
    completion_window: field(z.string()),
    status: z.string(),
    output_file_id: field(z.string()),
    error_file_id: field(z.string()),
    created_at: z.number(),
    in_progress_at: field(z.number()),
    expires_at: field(z.number()),
    finalizing_at: field(z.number()),
    completed_at: field(z.number()),
    failed_at: field(z.number()),
    expired_at: field(z.number()),
    cancelling_at: field(z.number()),
    cancelled_at: field(z.number()),
    request_counts: field(counts),
    metadata: field(z.record(z.string(), z.string())),
    model: field(z.string()),
    usage: field(usage)
  })
  const list = z.object({ object: z.string().nullish(), data: z.array(batch), first_id: z.string().nullish(), last_id: z.string().nullish(), has_more: z.boolean().nullish() })
  return (text: string) => mapPage(list.parse(JSON.parse(text)) as any)
}


/**
 * The `effect/Schema` peers. Effect 4 has no `onExcessProperty: "preserve"`: a struct that keeps
 * unknown fields is a `StructWithRest` with a `Record(String, Unknown)` rest, at every level.
 */
const effectSchemaPeer = (placeholders: boolean, preserve: boolean) => {
  const object = <Fields extends Schema.Struct.Fields>(fields: Fields) =>
    preserve ? Schema.StructWithRest(Schema.Struct(fields), [Schema.Record(Schema.String, Schema.Unknown)]) : Schema.Struct(fields)
  const empty = Schema.Struct({})
  const nullish = <S extends Schema.Top>(schema: S) => Schema.optional(Schema.NullOr(schema))
  const field = <S extends Schema.Top>(schema: S) => (placeholders ? nullish(Schema.Union([schema, empty])) : nullish(schema))
  const counts = object({ total: Schema.Number, completed: Schema.Number, failed: Schema.Number })
  const usage = object({
    input_tokens: nullish(Schema.Number),
    input_tokens_details: nullish(object({ cached_tokens: nullish(Schema.Number) })),
    output_tokens: nullish(Schema.Number),
    output_tokens_details: nullish(object({ reasoning_tokens: nullish(Schema.Number) })),
    total_tokens: nullish(Schema.Number)
  })
  const lineError = object({ code: nullish(Schema.String), message: nullish(Schema.String), param: nullish(Schema.String), line: nullish(Schema.Number) })
  const batch = object({
    id: Schema.String,
    object: nullish(Schema.String),
    endpoint: field(Schema.String),
    errors: field(object({ object: nullish(Schema.String), data: nullish(Schema.Array(lineError)) })),
    input_file_id: field(Schema.String),
    completion_window: field(Schema.String),
    status: Schema.String,
    output_file_id: field(Schema.String),
    error_file_id: field(Schema.String),
    created_at: Schema.Number,
    in_progress_at: field(Schema.Number),
    expires_at: field(Schema.Number),
    finalizing_at: field(Schema.Number),
    completed_at: field(Schema.Number),
    failed_at: field(Schema.Number),
    expired_at: field(Schema.Number),
    cancelling_at: field(Schema.Number),
    cancelled_at: field(Schema.Number),
    request_counts: field(counts),
    metadata: field(Schema.Record(Schema.String, Schema.String)),
    model: field(Schema.String),
    usage: field(usage)
  })
  const list = object({
    object: nullish(Schema.String),
    data: Schema.Array(batch),
    first_id: nullish(Schema.String),
    last_id: nullish(Schema.String),
    has_more: nullish(Schema.Boolean)
  })
  const decode = Schema.decodeUnknownSync(list as Schema.Codec<unknown, unknown>)
  return (text: string) => mapPage(decode(JSON.parse(text)) as any)
}

const handMappingPeer = () => (text: string) => mapPage(JSON.parse(text))

const peers: ReadonlyArray<{ readonly name: string; readonly make: (provider: BenchProvider) => (text: string) => unknown }> = [
  { name: "hand-mapping", make: handMappingPeer },
  { name: "zod4-nullish-map", make: (provider) => zodPeer(zod4, provider === "neosantara") },
  { name: "zod3-nullish-map", make: (provider) => zodPeer(zod3, provider === "neosantara") },
  { name: "effect-schema-struct", make: (provider) => effectSchemaPeer(provider === "neosantara", false) },
  { name: "effect-schema-struct-preserve", make: (provider) => effectSchemaPeer(provider === "neosantara", true) }
]

export const runPeers = (): Array<PeerResult> => {
  const results: Array<PeerResult> = []
  for (const items of config.decodeItems) {
    for (const provider of providers) {
      const { text } = listBody(provider, items)
      for (const peer of peers) {
        const decode = peer.make(provider)
        const decoded = decode(text) as { data: ReadonlyArray<unknown> }
        if (decoded.data.length !== items) throw new Error(`${peer.name} decoded ${decoded.data.length} of ${items} ${provider} batches`)
        const comparison = compare(() => decode(text), () => JSON.parse(text), {
          rounds: config.peerRounds,
          minSampleMs: config.minSampleMs,
          budgetMs: config.peerBudgetMs,
          warmupRounds: 1
        })
        results.push({ name: peer.name, provider, items, ratio: round(comparison.ratio, 2) })
        console.error(`peer ${peer.name} ${provider} ${items}: ${comparison.ratio.toFixed(2)}x JSON.parse`)
      }
    }
  }
  return results
}
