/**
 * The timestamp codecs: what each reads (and refuses), what each writes, and that writing then
 * reading gives back the same millisecond.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Timestamp from "@unibatch/core/Timestamp"
import * as DateTime from "effect/DateTime"
import * as Schema from "effect/Schema"
import * as fc from "fast-check"

const dateMillis = fc.integer({ min: -8.64e15, max: 8.64e15 })

describe("Timestamp.unixSeconds", () => {
  it("reads whole and fractional seconds to whole milliseconds, refuses what a date cannot hold", () => {
    assert.strictEqual(Timestamp.unixSeconds.read(1711471533), 1711471533000)
    assert.strictEqual(Timestamp.unixSeconds.read(1.0005), 1000)
    assert.isTrue(Object.is(Timestamp.unixSeconds.read(-0), 0))
    assert.strictEqual(Timestamp.unixSeconds.read(8.64e12), 8.64e15)
    assert.strictEqual(Timestamp.unixSeconds.read(8.64e12 + 1), undefined)
    assert.strictEqual(Timestamp.unixSeconds.read("1711471533"), undefined)
    assert.strictEqual(Timestamp.unixSeconds.write(1711471533999), 1711471533)
    assert.isTrue(Schema.is(Timestamp.unixSeconds.schema)(1711471533))
  })

  it("write then read keeps the second", () => {
    fc.assert(fc.property(dateMillis, (millis) => Timestamp.unixSeconds.read(Timestamp.unixSeconds.write(millis)) === Math.floor(millis / 1000) * 1000 + 0))
  })
})

describe("Timestamp.rfc3339", () => {
  it("reads UTC, offsets, fractions and lower-case separators", () => {
    const read = Timestamp.rfc3339.read
    assert.strictEqual(read("2024-03-26T16:45:33Z"), 1711471533000)
    assert.strictEqual(read("2024-03-26T18:45:33+02:00"), 1711471533000)
    assert.strictEqual(read("2024-03-26T11:15:33-05:30"), 1711471533000)
    assert.strictEqual(read("2024-03-26t16:45:33.120z"), 1711471533120)
    assert.strictEqual(read("2024-08-20T18:37:24.100435Z"), Date.parse("2024-08-20T18:37:24.100Z"))
    assert.strictEqual(read("0050-01-01T00:00:00Z"), Date.parse("0050-01-01T00:00:00Z"))
    assert.strictEqual(read("2024-02-29T00:00:00Z"), Date.parse("2024-02-29T00:00:00Z"))
  })

  it("refuses what is not an RFC 3339 date-time or names an impossible date", () => {
    for (const value of ["yesterday", "2024-03-26", "2024-03-26T16:45:33", "2023-02-29T00:00:00Z", "2024-13-01T00:00:00Z", "2024-04-31T00:00:00Z", "2024-03-26T24:00:00Z", "2024-03-26T16:45:33+24:00", 1711471533, null]) {
      assert.strictEqual(Timestamp.rfc3339.read(value), undefined, String(value))
    }
    assert.isFalse(Schema.is(Timestamp.rfc3339.schema)("yesterday"))
  })

  it("write then read keeps the millisecond, for years 0 to 9999", () => {
    const ownRange = fc.integer({ min: Date.parse("0000-01-01T00:00:00.000Z"), max: Date.parse("9999-12-31T23:59:59.999Z") })
    fc.assert(fc.property(ownRange, (millis) => Timestamp.rfc3339.read(Timestamp.rfc3339.write(millis)) === millis))
  })
})

describe("Timestamp.toUtc", () => {
  it("gives a DateTime.Utc, or null for no value", () => {
    const seconds = Timestamp.toUtc(Timestamp.unixSeconds)
    assert.strictEqual(DateTime.toEpochMillis(seconds(1711471533)!), 1711471533000)
    assert.strictEqual(DateTime.toEpochMillis(seconds(1.0005)!), 1000)
    assert.strictEqual(seconds(null), null)
    assert.strictEqual(seconds({}), null)
    const dates = Timestamp.toUtc(Timestamp.rfc3339)
    assert.strictEqual(DateTime.toEpochMillis(dates("2024-03-26T16:45:33Z")!), 1711471533000)
    assert.strictEqual(dates(undefined), null)
    assert.strictEqual(dates({}), null)
  })
})
