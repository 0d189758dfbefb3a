/**
 * Lenient decoding of list pages into canonical `BatchPage`s against `JSON.parse` of the same
 * string. Before timing, each body is checked to decode with its unknown fields in `extensions`,
 * and a broken copy to fail with the exact path, so the figures are for the real behaviour.
 */
import * as Decoder from "@unibatch/core/Decoder"
import * as FakeVendor from "@unibatch/testkit/FakeVendor"
import * as Result from "effect/Result"
import { listBody } from "./bodies.js"
import { config, providers } from "./config.js"
import { compare, round } from "./measure.js"

export interface DecodeResult {
  readonly provider: string
  readonly items: number
  readonly ratio: number
  readonly opsPerSec: number
  readonly jsonParseOpsPerSec: number
}

const verify = (provider: (typeof providers)[number], text: string, items: number, itemsWithUnknownFields: number) => {
  const definition = FakeVendor.definitionOf(provider)
  const context = { provider, operation: "list" }
  const decoded = Decoder.decodePageText(definition, text, context)
  if (Result.isFailure(decoded)) throw new Error(`bench body does not decode: ${decoded.failure.message}`)
  const page = decoded.success
  const withExtensions = page.data.filter((batch) => Object.keys(batch.extensions).length > 0).length
  if (page.data.length !== items || withExtensions !== itemsWithUnknownFields) {
    throw new Error(`${provider}: expected ${items} batches, ${itemsWithUnknownFields} with extensions; got ${page.data.length}, ${withExtensions}`)
  }
  // The same body with one bad value deep in the last item must name exactly that place.
  const wire = JSON.parse(text) as { data: Array<Record<string, unknown>> }
  const last = items - 1
  wire.data[last] = { ...wire.data[last], request_counts: { total: "many" } }
  const broken = Decoder.decodePageText(definition, JSON.stringify(wire), context)
  const expectedPath = `$.data[${last}].request_counts.total`
  if (Result.isSuccess(broken) || broken.failure.path !== expectedPath) {
    throw new Error(`${provider}: a bad value should fail at ${expectedPath}, got ${Result.isSuccess(broken) ? "a page" : broken.failure.path}`)
  }
}

export const runDecode = (): Array<DecodeResult> => {
  const results: Array<DecodeResult> = []
  for (const items of config.decodeItems) {
    for (const provider of providers) {
      const body = listBody(provider, items)
      verify(provider, body.text, items, body.itemsWithUnknownFields)
      const context = { provider, operation: "list" }
      const definition = FakeVendor.definitionOf(provider)
      const { text } = body
      const comparison = compare(() => Decoder.decodePageText(definition, text, context), () => JSON.parse(text), {
        rounds: config.decodeRounds,
        minSampleMs: config.minSampleMs
      })
      results.push({
        provider,
        items,
        ratio: round(comparison.ratio, 2),
        opsPerSec: round(1000 / comparison.subjectMs, 1),
        jsonParseOpsPerSec: round(1000 / comparison.yardstickMs, 1)
      })
      console.error(`decode ${provider} ${items}: ${comparison.ratio.toFixed(2)}x JSON.parse`)
    }
  }
  return results
}
