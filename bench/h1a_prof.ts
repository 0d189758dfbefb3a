import * as Decoder from "@unibatch/core/Decoder"
import * as FakeVendor from "@unibatch/testkit/FakeVendor"
import * as DateTime from "effect/DateTime"
import { listBody } from "./bodies.js"
const provider = (process.argv[2] ?? "respan") as "respan"
const items = Number(process.argv[3] ?? 10000)
const { text } = listBody(provider, items)
const definition = FakeVendor.definitionOf(provider)
const context = { provider, operation: "list" }
const time = (label: string, f: () => unknown, n: number) => {
  for (let i = 0; i < n; i++) f()
  const start = performance.now()
  for (let i = 0; i < n; i++) f()
  console.log(label, ((performance.now() - start) / n).toFixed(3), "ms")
}
const n = items >= 10000 ? 20 : 2000
time("parse", () => JSON.parse(text), n)
time("decode", () => Decoder.decodePageText(definition, text, context), n)
time("makeUnsafe x 5*items", () => { for (let i = 0; i < items * 5; i++) DateTime.makeUnsafe(1711471533000 + i) }, n)
time("fromEpochSeconds x 5*items", () => { for (let i = 0; i < items * 5; i++) DateTime.fromEpochSeconds(1711471533 + i) }, n)
