/**
 * The canonical file: an uploaded batch input, or a batch's output or error file, the same shape
 * for every vendor that keeps files.
 *
 * @module \@unibatch/core/BatchFile
 * @since 0.3.0
 */
import type * as DateTime from "effect/DateTime"
import * as Schema from "effect/Schema"
import type { Json } from "./Batch.js"
import { isoString } from "./internal/isoString.js"
import { Provider } from "./Provider.js"

/**
 * A file as the vendor describes it. File IDs are not translated (`id` and `nativeId` are the
 * same string, e.g. `file-abc123`); a value the vendor did not give is `null`; every field the
 * canonical model has no place for is kept verbatim in `extensions`.
 *
 * @example
 * ```ts
 * import type { BatchFile } from "@unibatch/core/BatchFile"
 * import * as DateTime from "effect/DateTime"
 *
 * const file: BatchFile = {
 *   provider: "openai", id: "file-abc123", nativeId: "file-abc123", bytes: 1024, filename: "requests.jsonl",
 *   purpose: "batch", status: "processed", createdAt: DateTime.makeUnsafe(1711471533000), expiresAt: null, extensions: {}
 * }
 * ```
 *
 * @since 0.3.0
 * @category models
 */
export class BatchFile extends Schema.Opaque<BatchFile>()(
  Schema.Struct({
    provider: Provider,
    id: Schema.String,
    nativeId: Schema.String,
    bytes: Schema.NullOr(Schema.Number),
    filename: Schema.NullOr(Schema.String),
    purpose: Schema.NullOr(Schema.String),
    /** The vendor's file status, verbatim (`uploaded`, `processed`, ...), or `null`. */
    status: Schema.NullOr(Schema.String),
    createdAt: Schema.NullOr(Schema.DateTimeUtc),
    expiresAt: Schema.NullOr(Schema.DateTimeUtc),
    extensions: Schema.Record(Schema.String, Schema.Unknown)
  })
) {}

/**
 * The canonical JSON of a {@link BatchFile} (timestamps as ISO-8601 strings).
 *
 * @example
 * ```ts
 * import type { BatchFileJson } from "@unibatch/core/BatchFile"
 *
 * const json: Pick<BatchFileJson, "id" | "createdAt"> = { id: "file-abc123", createdAt: "2024-03-26T16:45:33.000Z" }
 * ```
 *
 * @since 0.3.0
 * @category models
 */
export type BatchFileJson = Json<BatchFile>

const isoOrNull = (timestamp: DateTime.Utc | null): string | null =>
  timestamp === null ? null : isoString(timestamp.epochMilliseconds)

/**
 * A {@link BatchFile} as canonical JSON.
 *
 * @example
 * ```ts
 * import * as BatchFile from "@unibatch/core/BatchFile"
 * import * as DateTime from "effect/DateTime"
 *
 * const json = BatchFile.toJson({
 *   provider: "openai", id: "file-1", nativeId: "file-1", bytes: 10, filename: "in.jsonl", purpose: "batch",
 *   status: "processed", createdAt: DateTime.makeUnsafe(0), expiresAt: null, extensions: {}
 * })
 * json.createdAt // => "1970-01-01T00:00:00.000Z"
 * ```
 *
 * @since 0.3.0
 * @category encoding
 */
export const toJson = (file: BatchFile): BatchFileJson => ({
  provider: file.provider,
  id: file.id,
  nativeId: file.nativeId,
  bytes: file.bytes,
  filename: file.filename,
  purpose: file.purpose,
  status: file.status,
  createdAt: isoOrNull(file.createdAt),
  expiresAt: isoOrNull(file.expiresAt),
  extensions: { ...file.extensions }
})
