/**
 * The vendors the test kit serves by name (`{ provider: "openai" }`): the definitions of the
 * vendor packages it depends on. Any other vendor is served from a definition the caller passes.
 */
import { definition as anthropic } from "@unibatch/anthropic/Anthropic"
import { definition as azure } from "@unibatch/azure/Azure"
import { definition as compatibleForm } from "@unibatch/compatible/Compatible"
import type { VendorDefinition } from "@unibatch/core/VendorDefinition"
import { definition as neosantara } from "@unibatch/neosantara/Neosantara"
import { definition as openai } from "@unibatch/openai/OpenAi"
import { definition as respan } from "@unibatch/respan/Respan"

export const builtIns = { openai, respan, neosantara, azure, compatible: compatibleForm(), anthropic } as const satisfies Record<string, VendorDefinition>

export type BuiltIn = keyof typeof builtIns

export const names = Object.keys(builtIns) as ReadonlyArray<BuiltIn>

export const isBuiltIn = (name: unknown): name is BuiltIn => typeof name === "string" && Object.hasOwn(builtIns, name)

/** `a, b or c`. */
export const listed = (items: ReadonlyArray<string>): string =>
  items.length <= 1 ? items.join("") : `${items.slice(0, -1).join(", ")} or ${items[items.length - 1]}`

/** The built-in definition of that name; throws, naming the known ones, for any other. */
export const lookup = (name: string): VendorDefinition => {
  if (isBuiltIn(name)) return builtIns[name]
  throw new Error(
    `unknown provider ${JSON.stringify(name)}: the test kit serves ${listed(names)} by name; pass { definition } for any other vendor`
  )
}
