/**
 * The name of a vendor, as users type it (`--provider`, `createClient({ provider })`). Core knows
 * no vendor: a provider is any string, and which ones exist is the umbrella package's registry,
 * built from the vendor packages' definitions.
 *
 * @module \@unibatch/core/Provider
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"

/**
 * A provider name: a non-empty string such as `"openai"`. Open, so that a new vendor is not a
 * breaking change; the umbrella's registry says which names exist.
 *
 * @example
 * ```ts
 * import { Provider } from "@unibatch/core/Provider"
 * import * as Schema from "effect/Schema"
 *
 * Schema.is(Provider)("openai") // => true
 * Schema.is(Provider)("") // => false
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const Provider = Schema.String.check(Schema.isNonEmpty()).annotate({ identifier: "Provider" })

/**
 * A provider name, as a type: any string.
 *
 * @example
 * ```ts
 * import type { Provider } from "@unibatch/core/Provider"
 *
 * const keyVariable = (provider: Provider): string => `${provider.toUpperCase()}_API_KEY`
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Provider = string

/**
 * Tells whether a value can be a provider name (a non-empty string). Whether a vendor of that
 * name exists is the registry's question, not this one.
 *
 * @example
 * ```ts
 * import { isProvider } from "@unibatch/core/Provider"
 *
 * isProvider("respan") // => true
 * isProvider(42) // => false
 * ```
 *
 * @since 0.1.0
 * @category guards
 */
export const isProvider = (value: unknown): value is Provider => typeof value === "string" && value.length > 0
