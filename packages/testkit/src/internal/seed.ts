/**
 * Deterministic generation of batches, vendor-neutral: a plan per batch (canonical names, unix
 * seconds), then the definition's ID prefix and timestamp codec, then the profile's shaper.
 *
 * Every vendor draws the same random sequence, so seed N gives the "same" batches on every vendor,
 * only shaped differently (handy for side-by-side demos). No `Math.random`.
 */
import type { FakeBatch, FakeBatchError, FakeStatus, FakeUsage } from "@unibatch/core/FakeServerProfile"
import type { ServedVendor } from "../FakeVendor.js"

type Random = () => number

/** mulberry32: tiny and deterministic; plenty for fixtures. */
const makeRandom = (seed: number): Random => {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const integer = (random: Random, min: number, max: number): number =>
  max <= min ? min : min + Math.floor(random() * (max - min + 1))

const pick = <A>(random: Random, items: ReadonlyArray<A>): A => items[Math.floor(random() * items.length)]!

const LOWER_ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789"
const MIXED_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

const characters = (random: Random, length: number, alphabet: string): string => {
  let text = ""
  for (let index = 0; index < length; index++) text += alphabet[Math.floor(random() * alphabet.length)]
  return text
}

/** The canonical lifecycle, in order; items cycle through it. */
const STATUSES: ReadonlyArray<FakeStatus> = [
  "validating",
  "in_progress",
  "finalizing",
  "completed",
  "failed",
  "expired",
  "cancelling",
  "cancelled"
]

/** The newest batch's creation time (2024-03-26T16:45:33Z), in unix seconds. */
const NEWEST_CREATED_AT = 1711471533
const DAY = 86_400

const ERROR_KINDS = [
  { code: "invalid_json_line", message: "This line is not parseable as valid JSON." },
  { code: "missing_required_parameter", message: "Missing required parameter: 'custom_id'." },
  { code: "invalid_url", message: "The URL provided for this request does not match the batch endpoint." }
] as const

const PROJECTS = ["data-analysis", "nightly-evals", "support-tagging", "search-index"] as const
const CHAT_MODELS = ["gpt-4o-mini", "gpt-4o", "gpt-4.1-mini"] as const

/** One batch before any vendor: unix seconds, the part of the ID after `batch_`. */
interface Plan {
  readonly index: number
  readonly rest: string
  readonly status: FakeStatus
  readonly endpoint: string
  readonly model: string
  readonly inputFileId: string
  readonly outputFileId: string | null
  readonly errorFileId: string | null
  readonly createdAt: number
  readonly inProgressAt: number | null
  readonly expiresAt: number
  readonly finalizingAt: number | null
  readonly completedAt: number | null
  readonly failedAt: number | null
  readonly expiredAt: number | null
  readonly cancellingAt: number | null
  readonly cancelledAt: number | null
  readonly requestCounts: FakeBatch["requestCounts"]
  readonly errors: ReadonlyArray<FakeBatchError>
  readonly metadata: Record<string, string>
  readonly usage: FakeUsage | null
  readonly brief: boolean
  readonly placeholders: boolean
}

const fileId = (random: Random): string => `file-${characters(random, 22, MIXED_ALNUM)}`

const makePlan = (random: Random, index: number, rest: string, createdAt: number): Plan => {
  const status = STATUSES[index % STATUSES.length]!
  const embeddings = random() < 0.25
  const endpoint = embeddings ? "/v1/embeddings" : "/v1/chat/completions"
  const model = embeddings ? "text-embedding-3-small" : pick(random, CHAT_MODELS)
  const expiresAt = createdAt + DAY

  const started = status !== "validating" && status !== "failed"
  const inProgressAt = started ? createdAt + integer(random, 2, 60) : null
  const finalizingAt = status === "finalizing" || status === "completed" ? inProgressAt! + integer(random, 600, 20_000) : null
  const completedAt = status === "completed" ? finalizingAt! + integer(random, 10, 300) : null
  const failedAt = status === "failed" ? createdAt + integer(random, 1, 30) : null
  const expiredAt = status === "expired" ? expiresAt + integer(random, 10, 600) : null
  const cancellingAt = status === "cancelling" || status === "cancelled" ? inProgressAt! + integer(random, 60, 3_000) : null
  const cancelledAt = status === "cancelled" ? cancellingAt! + integer(random, 5, 120) : null

  // Nothing has been counted before the input file is validated.
  const total = started ? integer(random, 10, 1_000) : 0
  const allDone = status === "finalizing" || status === "completed"
  const done = total === 0 ? 0 : allDone ? total : integer(random, 0, total - 1)
  const failed = integer(random, 0, Math.min(5, done))
  const requestCounts = { total, completed: done - failed, failed }

  const hasResults = status === "completed" || status === "expired" || status === "cancelled"
  const outputFileId = hasResults && requestCounts.completed > 0 ? fileId(random) : null
  const errorFileId = hasResults && requestCounts.failed > 0 ? fileId(random) : null

  const errors: ReadonlyArray<FakeBatchError> = status === "failed"
    ? [{ ...pick(random, ERROR_KINDS), param: null, line: integer(random, 1, 50) }]
    : []

  const metadata: Record<string, string> = random() < 0.5 ? {} : { project: pick(random, PROJECTS) }

  const inputTokens = requestCounts.completed * integer(random, 50, 400)
  const outputTokens = embeddings ? 0 : requestCounts.completed * integer(random, 20, 300)
  const usage: FakeUsage = {
    inputTokens,
    cachedInputTokens: Math.floor(inputTokens * random() * 0.5),
    outputTokens,
    reasoningTokens: 0,
    totalTokens: inputTokens + outputTokens
  }
  const inputFileId = fileId(random)
  const usageReported = status === "completed" || random() < 0.5

  return {
    index,
    rest,
    status,
    endpoint,
    model,
    inputFileId,
    outputFileId,
    errorFileId,
    createdAt,
    inProgressAt,
    expiresAt,
    finalizingAt,
    completedAt,
    failedAt,
    expiredAt,
    cancellingAt,
    cancelledAt,
    requestCounts,
    errors,
    metadata,
    usage: usageReported ? usage : null,
    brief: random() < 0.5,
    placeholders: index % 3 === 2
  }
}

/** The plan with the vendor's native ID and wire timestamps. */
const toFakeBatch = (vendor: ServedVendor, plan: Plan): FakeBatch => {
  const write = vendor.timestamps.write
  const time = (seconds: number | null): unknown => (seconds === null ? null : write(seconds * 1000))
  return {
    index: plan.index,
    id: `${vendor.ids.nativePrefix}${plan.rest}`,
    status: plan.status,
    endpoint: plan.endpoint,
    model: plan.model,
    completionWindow: "24h",
    inputFileId: plan.inputFileId,
    outputFileId: plan.outputFileId,
    errorFileId: plan.errorFileId,
    createdAt: time(plan.createdAt),
    inProgressAt: time(plan.inProgressAt),
    expiresAt: time(plan.expiresAt),
    finalizingAt: time(plan.finalizingAt),
    completedAt: time(plan.completedAt),
    failedAt: time(plan.failedAt),
    expiredAt: time(plan.expiredAt),
    cancellingAt: time(plan.cancellingAt),
    cancelledAt: time(plan.cancelledAt),
    requestCounts: plan.requestCounts,
    errors: plan.errors,
    metadata: plan.metadata,
    usage: plan.usage,
    brief: plan.brief,
    placeholders: plan.placeholders
  }
}

/** `count` batches for `vendor` before its profile shapes them, newest first, the same for the same seed. */
export const generateFakeBatches = (vendor: ServedVendor, count: number, seed: number = 1): Array<FakeBatch> => {
  const random = makeRandom(seed)
  const seen = new Set<string>()
  const batches: Array<FakeBatch> = []
  let createdAt = NEWEST_CREATED_AT
  for (let index = 0; index < count; index++) {
    let rest = characters(random, 24, LOWER_ALNUM)
    while (seen.has(rest)) rest = characters(random, 24, LOWER_ALNUM)
    seen.add(rest)
    batches.push(toFakeBatch(vendor, makePlan(random, index, rest, createdAt)))
    createdAt -= integer(random, 60, 600) // a few minutes older each
  }
  return batches
}

/** `count` wire objects for `vendor`, newest first, the same for the same seed. */
export const generateBatches = (vendor: ServedVendor, count: number, seed: number = 1): Array<Record<string, unknown>> =>
  generateFakeBatches(vendor, count, seed).map(vendor.fakeServer.batch)
