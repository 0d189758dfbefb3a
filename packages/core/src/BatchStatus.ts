/**
 * The canonical batch lifecycle and the mapping from vendor status strings to it.
 *
 * @module \@unibatch/core/BatchStatus
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"

/**
 * The canonical status of a batch. A vendor status with no canonical match is `unknown`; the
 * vendor's own string is always kept next to it as `nativeStatus`.
 *
 * @example
 * ```ts
 * import { BatchStatus } from "@unibatch/core/BatchStatus"
 * import * as Schema from "effect/Schema"
 *
 * Schema.is(BatchStatus)("in_progress") // => true
 * Schema.is(BatchStatus)("canceled") // => false: vendor spellings go through `fromNative`
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const BatchStatus = Schema.Literals([
  "validating",
  "failed",
  "in_progress",
  "finalizing",
  "completed",
  "expired",
  "cancelling",
  "cancelled",
  "unknown"
])

/**
 * The canonical status of a batch, as a type.
 *
 * @example
 * ```ts
 * import type { BatchStatus } from "@unibatch/core/BatchStatus"
 *
 * const isDone = (status: BatchStatus): boolean => status === "completed" || status === "failed"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type BatchStatus = typeof BatchStatus.Type

// The canonical names, and their spelling variants, map to the one canonical state.
const byNativeStatus: Record<string, BatchStatus> = {
  validating: "validating",
  failed: "failed",
  in_progress: "in_progress",
  finalizing: "finalizing",
  completed: "completed",
  expired: "expired",
  cancelling: "cancelling",
  canceling: "cancelling",
  cancelled: "cancelled",
  canceled: "cancelled"
}

/**
 * Maps a status string spelled the canonical way, or as a known spelling variant
 * (`canceled`, `canceling`, and any of them in another case or with `-` or a space for `_`:
 * `COMPLETED`, `in-progress`), to the canonical status (`unknown` when there is no match).
 * Waiting ends only at a terminal status, so a variant left `unknown` would wait forever. Vendors
 * whose vocabulary is otherwise map their own strings in their definition's `batch.status`.
 *
 * @example
 * ```ts
 * import { fromNative } from "@unibatch/core/BatchStatus"
 *
 * fromNative("canceled") // => "cancelled"
 * fromNative("In-Progress") // => "in_progress"
 * fromNative("queued") // => "unknown"
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromNative = (nativeStatus: string): BatchStatus => {
  if (Object.hasOwn(byNativeStatus, nativeStatus)) return byNativeStatus[nativeStatus]!
  const spelled = nativeStatus.trim().toLowerCase().replace(/[- ]/g, "_")
  return Object.hasOwn(byNativeStatus, spelled) ? byNativeStatus[spelled]! : "unknown"
}

/**
 * Whether a batch in this status will not change any more. `unknown` is not terminal: waiting
 * code keeps polling a status it does not understand.
 *
 * @example
 * ```ts
 * import { isTerminal } from "@unibatch/core/BatchStatus"
 *
 * isTerminal("completed") // => true
 * isTerminal("unknown") // => false
 * ```
 *
 * @since 0.1.0
 * @category predicates
 */
export const isTerminal = (status: BatchStatus): boolean =>
  status === "completed" || status === "failed" || status === "expired" || status === "cancelled"
