/**
 * `npm i unibatch` is enough: the Promise API, and the public modules of the core and the three
 * adapters for Effect users.
 *
 * @since 0.1.0
 */
/** @since 0.1.0 */
export { type BatchJson, type BatchPageJson, type CallOptions, type Client, createClient, type CreateClientOptions } from "./PromiseClient.js"
/** @since 0.1.0 */
export { conform, type ConformOptions } from "./PromiseConform.js"
/** @since 0.1.0 */
export * from "./PromiseErrors.js"
/** @since 0.1.0 */
export * as Providers from "./Providers.js"
/** @since 0.1.0 */
export * as Batch from "@unibatch/core/Batch"
/** @since 0.1.0 */
export * as BatchClient from "@unibatch/core/BatchClient"
/** @since 0.1.0 */
export * as BatchId from "@unibatch/core/BatchId"
/** @since 0.1.0 */
export * as BatchStatus from "@unibatch/core/BatchStatus"
/** @since 0.1.0 */
export * as Conformance from "@unibatch/core/Conformance"
/** @since 0.1.0 */
export * as Decoder from "@unibatch/core/Decoder"
/** @since 0.1.0 */
export * as Normalize from "@unibatch/core/Normalize"
/** @since 0.1.0 */
export * as Provider from "@unibatch/core/Provider"
/** @since 0.1.0 */
export * as Retry from "@unibatch/core/Retry"
/** @since 0.1.0 */
export * as UnibatchError from "@unibatch/core/UnibatchError"
/** @since 0.1.0 */
export * as VendorClient from "@unibatch/core/VendorClient"
/** @since 0.1.0 */
export * as WireBatch from "@unibatch/core/WireBatch"
/** @since 0.1.0 */
export * as OpenAi from "@unibatch/openai/OpenAi"
/** @since 0.1.0 */
export * as OpenAiWire from "@unibatch/openai/OpenAiWire"
/** @since 0.1.0 */
export * as RespanWire from "@unibatch/respan/RespanWire"
/** @since 0.1.0 */
export * as NeosantaraWire from "@unibatch/neosantara/NeosantaraWire"
/** @since 0.1.0 */
export * as Respan from "@unibatch/respan/Respan"
/** @since 0.1.0 */
export * as Neosantara from "@unibatch/neosantara/Neosantara"
