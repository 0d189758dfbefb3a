/**
 * The hand-written ISO formatter of the canonical JSON (internal/isoString.ts) against
 * `Date.prototype.toISOString`, over every millisecond a Date can hold.
 */
import { assert, describe, it } from "@effect/vitest"
import * as fc from "fast-check"
import { isoString } from "../src/internal/isoString.js"

const maxMillis = 8.64e15
/** Years 0 to 9999, which isoString formats itself; the rest goes through Date. */
const ownRange = fc.integer({ min: Date.parse("0000-01-01T00:00:00.000Z"), max: Date.parse("9999-12-31T23:59:59.999Z") })

describe("isoString", () => {
  it("writes what toISOString writes, for any millisecond a Date can hold", () => {
    const anyMillis = fc.oneof({ arbitrary: ownRange, weight: 9 }, { arbitrary: fc.integer({ min: -maxMillis, max: maxMillis }), weight: 1 })
    fc.assert(fc.property(anyMillis, (millis) => isoString(millis) === new Date(millis).toISOString()), { numRuns: 20_000 })
  })

  it("and around the edges: the epoch, leap days, century rules, the ends of years 0 and 9999", () => {
    const edges = [
      "1970-01-01T00:00:00.000Z", "1969-12-31T23:59:59.999Z", "2000-02-29T12:00:00.000Z", "1900-02-28T23:59:59.999Z",
      "1900-03-01T00:00:00.000Z", "2100-02-28T00:00:00.001Z", "2024-02-29T23:59:59.999Z", "0000-01-01T00:00:00.000Z",
      "0000-02-29T00:00:00.000Z", "9999-12-31T23:59:59.999Z", "+010000-01-01T00:00:00.000Z", "-000001-12-31T23:59:59.999Z"
    ]
    for (const edge of edges) {
      const millis = Date.parse(edge)
      for (const nearby of [millis - 1, millis, millis + 1]) assert.strictEqual(isoString(nearby), new Date(nearby).toISOString(), String(nearby))
    }
    // Everything a recent date can be, one day at a time with a varying time of day.
    for (let day = -40_000; day < 40_000; day++) {
      const millis = day * 86_400_000 + ((day * 7_919_113) % 86_400_000 + 86_400_000) % 86_400_000
      assert.strictEqual(isoString(millis), new Date(millis).toISOString())
    }
  })
})
