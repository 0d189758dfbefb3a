/**
 * How a vendor writes timestamps on the wire. A {@link TimestampCodec} pairs the wire Schema of one
 * timestamp with a reader (wire value to epoch milliseconds) and a writer (epoch milliseconds to
 * wire value, what the test kit's fake servers send). The lenient decoder reads every timestamp
 * through `read`; canonical values are always `DateTime.Utc`.
 *
 * @module \@unibatch/core/Timestamp
 * @since 0.2.0
 */
import * as DateTime from "effect/DateTime"
import * as Schema from "effect/Schema"

/**
 * One vendor's timestamp format.
 *
 * - `schema`: the wire Schema of one timestamp (nullability aside: the batch schema wraps it). The
 *   lenient decoder finds a vendor's timestamp fields by this Schema in its batch schema, and
 *   refuses a value there that `read` cannot read.
 * - `read`: epoch milliseconds of a wire value that passed `schema`'s type check, or `undefined`
 *   when the value is not a timestamp this codec can read (a malformed date string, or seconds a
 *   date cannot hold). Never throws.
 * - `write`: the wire value of epoch milliseconds.
 *
 * @example
 * ```ts
 * import * as Timestamp from "@unibatch/core/Timestamp"
 *
 * const codec: Timestamp.TimestampCodec = Timestamp.rfc3339
 * codec.read("2024-03-26T16:45:33Z") // => 1711471533000
 * codec.write(1711471533000) // => "2024-03-26T16:45:33.000Z"
 * ```
 *
 * @since 0.2.0
 * @category models
 */
export interface TimestampCodec {
  /** What a readable value is, for messages (`expected <this>, got ...`): `unix seconds a date can hold`. */
  readonly expected: string
  readonly schema: Schema.Top
  readonly read: (wire: unknown) => number | undefined
  readonly write: (epochMillis: number) => unknown
}

// The largest distance from the epoch a Date (and so a DateTime) can hold, in milliseconds.
const maxEpochMillis = 8.64e15

/**
 * Unix seconds as an integer: the OpenAI family's timestamps.
 *
 * @example
 * ```ts
 * import { UnixSecondsSchema } from "@unibatch/core/Timestamp"
 * import * as Schema from "effect/Schema"
 *
 * Schema.is(UnixSecondsSchema)(1711471533) // => true
 * Schema.is(UnixSecondsSchema)(1711471533.5) // => false
 * ```
 *
 * @since 0.2.0
 * @category schemas
 */
export const UnixSecondsSchema = Schema.Int.annotate({ identifier: "UnixSeconds" })

/**
 * Unix seconds (`1711471533`). A number a date cannot hold is not read. Fractions are kept
 * (to the millisecond, truncated) when a lenient reading meets one.
 *
 * @example
 * ```ts
 * import { unixSeconds } from "@unibatch/core/Timestamp"
 *
 * unixSeconds.read(1711471533) // => 1711471533000
 * unixSeconds.read(1e20) // => undefined
 * unixSeconds.write(1711471533999) // => 1711471533
 * ```
 *
 * @since 0.2.0
 * @category codecs
 */
export const unixSeconds: TimestampCodec = {
  expected: "unix seconds a date can hold",
  schema: UnixSecondsSchema,
  read: (wire) => {
    if (typeof wire !== "number") return undefined
    const millis = wire * 1000
    // What a Date's time value clipping does: whole milliseconds, and never -0.
    return Math.abs(millis) <= maxEpochMillis ? Math.trunc(millis) + 0 : undefined
  },
  write: (epochMillis) => Math.floor(epochMillis / 1000)
}

/** RFC 3339 date-time: a date, `T` (or `t`, or a space), a time with optional fraction, and `Z` or an offset. */
const rfc3339Pattern = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/

/**
 * An RFC 3339 date-time string, as a Schema.
 *
 * @example
 * ```ts
 * import { Rfc3339Schema } from "@unibatch/core/Timestamp"
 * import * as Schema from "effect/Schema"
 *
 * Schema.is(Rfc3339Schema)("2024-03-26T16:45:33.120Z") // => true
 * Schema.is(Rfc3339Schema)("yesterday") // => false
 * ```
 *
 * @since 0.2.0
 * @category schemas
 */
export const Rfc3339Schema = Schema.String.check(Schema.isPattern(rfc3339Pattern)).annotate({ identifier: "Rfc3339DateTime" })

/**
 * RFC 3339 date-time strings (`2024-03-26T16:45:33.120Z`, `2024-03-26T18:45:33+02:00`). A string
 * that is not one, or names an impossible date, is not read. Written as UTC with milliseconds.
 *
 * @example
 * ```ts
 * import { rfc3339 } from "@unibatch/core/Timestamp"
 *
 * rfc3339.read("2024-03-26T18:45:33+02:00") // => 1711471533000
 * rfc3339.read("2024-02-30T00:00:00Z") // => undefined
 * rfc3339.write(1711471533000) // => "2024-03-26T16:45:33.000Z"
 * ```
 *
 * @since 0.2.0
 * @category codecs
 */
export const rfc3339: TimestampCodec = {
  expected: "an RFC 3339 date-time",
  schema: Rfc3339Schema,
  read: (wire) => {
    if (typeof wire !== "string") return undefined
    const match = rfc3339Pattern.exec(wire)
    if (match === null) return undefined
    const year = Number(match[1])
    const month = Number(match[2])
    const day = Number(match[3])
    const hours = Number(match[4])
    const minutes = Number(match[5])
    const seconds = Number(match[6])
    if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hours > 23 || minutes > 59 || seconds > 60) {
      return undefined
    }
    const fraction = match[7] === undefined ? 0 : Math.trunc(Number(match[7]) * 1000)
    const zone = match[8]!
    const offsetHours = zone === "Z" || zone === "z" ? 0 : Number(zone.slice(1, 3))
    const offsetRest = zone === "Z" || zone === "z" ? 0 : Number(zone.slice(4, 6))
    if (offsetHours > 23 || offsetRest > 59) return undefined
    const offsetMinutes = (zone[0] === "-" ? -1 : 1) * (offsetHours * 60 + offsetRest)
    // A leap second (`:60`) reads as the next second's start, as Date does.
    // Through setUTCFullYear: Date.UTC reads the years 0-99 as 1900-1999.
    const date = new Date(0)
    date.setUTCFullYear(year, month - 1, day)
    date.setUTCHours(hours, minutes, seconds, fraction)
    const millis = date.getTime() - offsetMinutes * 60_000
    return Number.isFinite(millis) && Math.abs(millis) <= maxEpochMillis ? millis + 0 : undefined
  },
  write: (epochMillis) => new Date(epochMillis).toISOString()
}

const daysInMonth = (year: number, month: number): number =>
  month === 2 ? (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31

/**
 * A reader from a wire value to a `DateTime.Utc`, or `null` when the value is absent, `null`, the
 * `{}` placeholder or not readable: what a batch codec's `read` uses for each timestamp field (the
 * lenient decoder has already refused a present value that does not read). Whole unix seconds go
 * through `DateTime.fromEpochSeconds`, which builds the value without a `Date`.
 *
 * @example
 * ```ts
 * import * as Timestamp from "@unibatch/core/Timestamp"
 *
 * const utc = Timestamp.toUtc(Timestamp.rfc3339)
 * utc("2024-03-26T16:45:33Z") // => DateTime.Utc(2024-03-26T16:45:33.000Z)
 * utc(null) // => null
 * ```
 *
 * @since 0.2.0
 * @category conversions
 */
export const toUtc = (codec: TimestampCodec): (wire: unknown) => DateTime.Utc | null =>
  codec === unixSeconds
    ? (wire) => {
      if (typeof wire !== "number" || Math.abs(wire * 1000) > maxEpochMillis) return null
      // `+ 0` turns -0 into 0, as a Date's time value does; a fraction is cut to whole milliseconds.
      return Number.isInteger(wire) ? DateTime.fromEpochSeconds(wire + 0) : DateTime.makeUnsafe(Math.trunc(wire * 1000) + 0)
    }
    : (wire) => {
      if (wire === undefined || wire === null) return null
      const millis = codec.read(wire)
      return millis === undefined ? null : DateTime.makeUnsafe(millis)
    }
