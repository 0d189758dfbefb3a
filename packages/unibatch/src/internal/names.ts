/**
 * What the Promise API must know about the providers before it loads any of them: their names and
 * key variables. `import("unibatch")` stays cheap because it loads no Effect module; the
 * definitions (`Providers.definitions`, the registry) are loaded by the first call that needs them.
 *
 * This is a copy of two facts per registry entry, and the compiler holds it to the registry: a
 * provider missing here, one too many, or another variable than its definition's is a type error.
 */
import { InvalidRequestError } from "../PromiseErrors.js"
import type { definitions } from "../Providers.js"

type Registry = typeof definitions

/** Each provider's key variable, as its definition says. */
export const apiKeyEnvs = {
  openai: "OPENAI_API_KEY",
  respan: "RESPAN_API_KEY",
  neosantara: "NEOSANTARA_API_KEY",
  azure: "AZURE_OPENAI_API_KEY",
  compatible: "COMPATIBLE_API_KEY",
  anthropic: "ANTHROPIC_API_KEY"
} as const satisfies { readonly [Name in keyof Registry]: Registry[Name]["apiKeyEnv"] }

export type ProviderName = keyof Registry

export const names = Object.keys(apiKeyEnvs) as ReadonlyArray<ProviderName>

export const isKnown = (provider: unknown): provider is ProviderName =>
  typeof provider === "string" && Object.hasOwn(apiKeyEnvs, provider)

/** `a, b or c`. */
const listed = (items: ReadonlyArray<string>): string =>
  items.length <= 1 ? items.join("") : `${items.slice(0, -1).join(", ")} or ${items[items.length - 1]}`

/** Names the known providers, and the one meant when only the spelling differs (`OpenAI`). */
export const unknownProviderMessage = (provider: unknown, known: ReadonlyArray<string> = names): string => {
  const given = typeof provider === "string" ? JSON.stringify(provider) : `a ${provider === null ? "null" : typeof provider}`
  const folded = typeof provider === "string" ? provider.trim().toLowerCase().replace(/[^a-z0-9]/g, "") : ""
  const meant = known.find((name) => name.replace(/[^a-z0-9]/g, "") === folded)
  return `Unknown provider ${given}: the provider is one of ${listed(known.map((name) => JSON.stringify(name)))}` +
    (meant === undefined ? "." : ` (did you mean ${JSON.stringify(meant)}?).`)
}

/** An input refused before anything was sent: the Promise API's `InvalidRequestError`, `status: null`. */
export const refused = (provider: string, operation: string, message: string): InvalidRequestError =>
  new InvalidRequestError({ _tag: "InvalidRequestError", provider, operation, status: null, message, requestId: null, type: null, code: null })

/** The refusal of a provider that is not in the registry. */
export const unknownProvider = (provider: unknown, operation: string): InvalidRequestError =>
  refused(String(provider), operation, unknownProviderMessage(provider))
