/**
 * Deterministic generation of vendor-shaped batch objects.
 *
 * Every provider draws the same random sequence, so seed N gives the "same" batches on all three
 * vendors, only shaped differently (handy for side-by-side demos). No `Math.random`.
 */
import type { Provider } from "../FakeVendor.js"

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

/** The OpenAI status vocabulary, in lifecycle order; items cycle through it. */
const STATUSES = [
  "validating",
  "in_progress",
  "finalizing",
  "completed",
  "failed",
  "expired",
  "cancelling",
  "cancelled"
] as const
type Status = (typeof STATUSES)[number]

/** Newest batch's created_at: the one in OpenAI's list example. */
const NEWEST_CREATED_AT = 1711471533
const DAY = 86_400

const ERROR_KINDS = [
  { code: "invalid_json_line", message: "This line is not parseable as valid JSON." },
  { code: "missing_required_parameter", message: "Missing required parameter: 'custom_id'." },
  { code: "invalid_url", message: "The URL provided for this request does not match the batch endpoint." }
] as const

const PROJECTS = ["data-analysis", "nightly-evals", "support-tagging", "search-index"] as const
const CHAT_MODELS = ["gpt-4o-mini", "gpt-4o", "gpt-4.1-mini"] as const

interface RequestCounts {
  readonly total: number
  readonly completed: number
  readonly failed: number
}

/** A provider-neutral batch; the shapers below turn it into each vendor's wire object. */
interface Plan {
  readonly rest: string
  readonly status: Status
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
  readonly requestCounts: RequestCounts
  readonly errors: Record<string, unknown> | null
  readonly metadata: Record<string, string>
  readonly usage: Record<string, unknown>
  /** openai: usage on every completed batch and on about half of the others. */
  readonly showUsage: boolean
  /** respan: its list example mixes full objects with minimal ones. */
  readonly respanMinimal: boolean
  /** neosantara: about a third of the items use the `{}` placeholder for unset fields. */
  readonly neosantaraPlaceholders: boolean
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
  const finalizingAt =
    status === "finalizing" || status === "completed" ? inProgressAt! + integer(random, 600, 20_000) : null
  const completedAt = status === "completed" ? finalizingAt! + integer(random, 10, 300) : null
  const failedAt = status === "failed" ? createdAt + integer(random, 1, 30) : null
  const expiredAt = status === "expired" ? expiresAt + integer(random, 10, 600) : null
  const cancellingAt =
    status === "cancelling" || status === "cancelled" ? inProgressAt! + integer(random, 60, 3_000) : null
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

  const errors =
    status === "failed"
      ? {
        object: "list",
        data: [{ ...pick(random, ERROR_KINDS), param: null, line: integer(random, 1, 50) }]
      }
      : null

  const metadata: Record<string, string> = random() < 0.5 ? {} : { project: pick(random, PROJECTS) }

  const inputTokens = requestCounts.completed * integer(random, 50, 400)
  const outputTokens = embeddings ? 0 : requestCounts.completed * integer(random, 20, 300)
  const usage = {
    input_tokens: inputTokens,
    input_tokens_details: { cached_tokens: Math.floor(inputTokens * random() * 0.5) },
    output_tokens: outputTokens,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: inputTokens + outputTokens
  }

  return {
    rest,
    status,
    endpoint,
    model,
    inputFileId: fileId(random),
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
    usage,
    showUsage: status === "completed" || random() < 0.5,
    respanMinimal: random() < 0.5,
    neosantaraPlaceholders: index % 3 === 2
  }
}

/** Every documented OpenAI field, `null` where not set (what the real API sends). */
const openAiFields = (plan: Plan): Record<string, unknown> => ({
  id: `batch_${plan.rest}`,
  object: "batch",
  endpoint: plan.endpoint,
  errors: plan.errors,
  input_file_id: plan.inputFileId,
  completion_window: "24h",
  status: plan.status,
  output_file_id: plan.outputFileId,
  error_file_id: plan.errorFileId,
  created_at: plan.createdAt,
  in_progress_at: plan.inProgressAt,
  expires_at: plan.expiresAt,
  finalizing_at: plan.finalizingAt,
  completed_at: plan.completedAt,
  failed_at: plan.failedAt,
  expired_at: plan.expiredAt,
  cancelling_at: plan.cancellingAt,
  cancelled_at: plan.cancelledAt,
  request_counts: { ...plan.requestCounts },
  metadata: { ...plan.metadata }
})

const openAiBatch = (plan: Plan): Record<string, unknown> => ({
  ...openAiFields(plan),
  model: plan.model,
  ...(plan.showUsage ? { usage: plan.usage } : {})
})

/** Respan's docs show full objects (retrieve example) and minimal ones (list example); never usage. */
const respanBatch = (plan: Plan): Record<string, unknown> =>
  plan.respanMinimal
    ? {
      id: `batch_${plan.rest}`,
      object: "batch",
      endpoint: plan.endpoint,
      status: plan.status,
      created_at: plan.createdAt,
      ...(plan.completedAt !== null ? { completed_at: plan.completedAt } : {}),
      request_counts: { ...plan.requestCounts }
    }
    : openAiFields(plan)

/** Only the fields Neosantara documents (no cancelling_at, model or usage), `batch-` ids. */
const neosantaraBatch = (plan: Plan): Record<string, unknown> => {
  // Its schema shows `{}` for nullable fields; some items use that placeholder instead of null.
  const orUnset = <A>(value: A | null): A | null | Record<string, never> =>
    value !== null ? value : plan.neosantaraPlaceholders ? {} : null
  const counted = plan.requestCounts.total > 0
  return {
    id: `batch-${plan.rest}`,
    object: "batch",
    endpoint: plan.endpoint,
    errors: orUnset(plan.errors),
    input_file_id: plan.inputFileId,
    completion_window: "24h",
    status: plan.status,
    output_file_id: orUnset(plan.outputFileId),
    error_file_id: orUnset(plan.errorFileId),
    created_at: plan.createdAt,
    in_progress_at: orUnset(plan.inProgressAt),
    expires_at: plan.expiresAt,
    finalizing_at: orUnset(plan.finalizingAt),
    completed_at: orUnset(plan.completedAt),
    failed_at: orUnset(plan.failedAt),
    expired_at: orUnset(plan.expiredAt),
    cancelled_at: orUnset(plan.cancelledAt),
    request_counts: !counted && plan.neosantaraPlaceholders ? {} : { ...plan.requestCounts },
    metadata: { ...plan.metadata }
  }
}

const SHAPERS: Record<Provider, (plan: Plan) => Record<string, unknown>> = {
  openai: openAiBatch,
  respan: respanBatch,
  neosantara: neosantaraBatch
}

/** `count` wire objects for `provider`, newest first, the same for the same seed. */
export const generateBatches = (
  provider: Provider,
  count: number,
  seed: number = 1
): Array<Record<string, unknown>> => {
  const random = makeRandom(seed)
  const seen = new Set<string>()
  const batches: Array<Record<string, unknown>> = []
  let createdAt = NEWEST_CREATED_AT
  for (let index = 0; index < count; index++) {
    let rest = characters(random, 24, LOWER_ALNUM)
    while (seen.has(rest)) rest = characters(random, 24, LOWER_ALNUM)
    seen.add(rest)
    batches.push(SHAPERS[provider](makePlan(random, index, rest, createdAt)))
    createdAt -= integer(random, 60, 600) // a few minutes older each
  }
  return batches
}
