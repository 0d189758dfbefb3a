/**
 * The Effect API in one import, for apps that install only `unibatch`: the public modules of the
 * core package and of every vendor package, and the registry. (The package's main entry is the
 * Promise API, which loads no Effect module at import; this module loads them all.)
 *
 * @example
 * ```ts
 * import { BatchClient, OpenAi } from "unibatch/EffectApi"
 * import * as FetchHttpClient from "effect/http/FetchHttpClient"
 * import * as Effect from "effect/Effect"
 * import * as Layer from "effect/Layer"
 *
 * const live = OpenAi.layer({ apiKey: "sk-..." }).pipe(Layer.provide(FetchHttpClient.layer))
 * const program = BatchClient.list({ limit: 5 }).pipe(Effect.provide(live))
 * ```
 *
 * @module unibatch/EffectApi
 * @since 0.2.0
 */
/** @since 0.2.0 */
export * as Batch from "@unibatch/core/Batch"
/** @since 0.2.0 */
export * as BatchClient from "@unibatch/core/BatchClient"
/** @since 0.2.0 */
export * as BatchId from "@unibatch/core/BatchId"
/** @since 0.2.0 */
export * as BatchStatus from "@unibatch/core/BatchStatus"
/** @since 0.2.0 */
export * as Conformance from "@unibatch/core/Conformance"
/** @since 0.2.0 */
export * as Decoder from "@unibatch/core/Decoder"
/** @since 0.2.0 */
export * as Normalize from "@unibatch/core/Normalize"
/** @since 0.2.0 */
export * as OpenAiFamily from "@unibatch/core/OpenAiFamily"
/** @since 0.2.0 */
export * as Provider from "@unibatch/core/Provider"
/** @since 0.2.0 */
export * as Retry from "@unibatch/core/Retry"
/** @since 0.2.0 */
export * as Timestamp from "@unibatch/core/Timestamp"
/** @since 0.2.0 */
export * as UnibatchError from "@unibatch/core/UnibatchError"
/** @since 0.2.0 */
export * as VendorClient from "@unibatch/core/VendorClient"
/** @since 0.2.0 */
export * as VendorDefinition from "@unibatch/core/VendorDefinition"
/** @since 0.2.0 */
export * as OpenAi from "@unibatch/openai/OpenAi"
/** @since 0.2.0 */
export * as OpenAiWire from "@unibatch/openai/OpenAiWire"
/** @since 0.2.0 */
export * as Respan from "@unibatch/respan/Respan"
/** @since 0.2.0 */
export * as RespanWire from "@unibatch/respan/RespanWire"
/** @since 0.2.0 */
export * as Neosantara from "@unibatch/neosantara/Neosantara"
/** @since 0.2.0 */
export * as NeosantaraWire from "@unibatch/neosantara/NeosantaraWire"
/** @since 0.2.0 */
export * as Providers from "./Providers.js"
