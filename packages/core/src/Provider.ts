/**
 * The vendors unibatch speaks to.
 *
 * @module \@unibatch/core/Provider
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"

/**
 * The vendors unibatch has adapters for.
 *
 * @example
 * ```ts
 * import { Provider } from "@unibatch/core/Provider"
 * import * as Schema from "effect/Schema"
 *
 * Schema.is(Provider)("openai") // => true
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const Provider = Schema.Literal("openai", "respan", "neosantara")

/**
 * A vendor unibatch has an adapter for, as a type.
 *
 * @example
 * ```ts
 * import type { Provider } from "@unibatch/core/Provider"
 *
 * const keyVariable: Record<Provider, string> = {
 *   openai: "OPENAI_API_KEY",
 *   respan: "RESPAN_API_KEY",
 *   neosantara: "NEOSANTARA_API_KEY"
 * }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Provider = typeof Provider.Type

/**
 * Every provider, in the order unibatch shows them.
 *
 * @example
 * ```ts
 * import { providers } from "@unibatch/core/Provider"
 *
 * providers // => ["openai", "respan", "neosantara"]
 * ```
 *
 * @since 0.1.0
 * @category constants
 */
export const providers: ReadonlyArray<Provider> = Provider.literals

/**
 * Tells whether a string names a known provider.
 *
 * @example
 * ```ts
 * import { isProvider } from "@unibatch/core/Provider"
 *
 * isProvider("respan") // => true
 * isProvider("anthropic") // => false
 * ```
 *
 * @since 0.1.0
 * @category guards
 */
export const isProvider = (value: unknown): value is Provider =>
  typeof value === "string" && (providers as ReadonlyArray<string>).includes(value)
