/**
 * `npm i unibatch` is enough: the Promise API here (cheap to import: no Effect module is loaded
 * until a call needs one), the registry at `unibatch/Providers`, and the public modules of the
 * core and the vendor packages for Effect users at `unibatch/EffectApi`.
 *
 * @since 0.1.0
 */
/** @since 0.1.0 */
export { type BatchJson, type BatchPageJson, type CallOptions, type Client, createClient, type CreateClientOptions } from "./PromiseClient.js"
/** @since 0.3.0 */
export type {
  BatchFileJson,
  BatchRequest,
  BatchResultJson,
  Files,
  ResultsCallOptions,
  SubmitCallOptions,
  WaitCallOptions
} from "./PromiseClient.js"
/** @since 0.1.0 */
export { conform, type ConformOptions } from "./PromiseConform.js"
/** @since 0.1.0 */
export * from "./PromiseErrors.js"
/** @since 0.2.0 */
export type { ProviderName } from "./Providers.js"
