/**
 * The list bodies every decode and peer measurement uses: pages of generated vendor batches
 * (mixed states, usage present and absent, respan's minimal items, neosantara's `{}`
 * placeholders) with fields no schema knows added to some items, as JSON strings.
 */
import { generateBatches } from "@unibatch/testkit/FakeVendor"
import type { BenchProvider } from "./config.js"

/** Every 10th item gets unknown top-level fields, every 25th an unknown field inside `request_counts`. */
export const withUnknownFields = (batches: ReadonlyArray<Record<string, unknown>>): Array<Record<string, unknown>> =>
  batches.map((batch, index) => {
    const counts = batch.request_counts as Record<string, unknown> | null | undefined
    // Only on real counts: a neosantara `{}` placeholder with a field in it would no longer be one.
    if (index % 25 === 7 && typeof counts?.total === "number") return { ...batch, request_counts: { ...counts, in_queue: 3 } }
    if (index % 10 === 3) return { ...batch, priority: "high", region: { name: "eu-west", zones: [1, 2] } }
    return batch
  })

export interface ListBody {
  readonly text: string
  /** How many items carry a field no schema knows, so must come out with non-empty `extensions`. */
  readonly itemsWithUnknownFields: number
}

export const listBody = (provider: BenchProvider, items: number): ListBody => {
  const generated = generateBatches(provider, items, 7)
  const data = withUnknownFields(generated)
  const text = JSON.stringify({
    object: "list",
    data,
    first_id: data[0]?.id ?? null,
    last_id: data[data.length - 1]?.id ?? null,
    has_more: true
  })
  return { text, itemsWithUnknownFields: data.filter((batch, index) => batch !== generated[index]).length }
}
