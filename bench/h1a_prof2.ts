import * as Decoder from "@unibatch/core/Decoder"
import * as FakeVendor from "@unibatch/testkit/FakeVendor"
import { listBody } from "./bodies.js"
const provider = "respan" as const
const { text } = listBody(provider, 10000)
const definition = FakeVendor.definitionOf(provider)
const context = { provider, operation: "list" }
const values = Array.from({ length: 10 }, () => JSON.parse(text))
const start = performance.now()
for (let r = 0; r < 30; r++) for (const v of values) Decoder.decodePage(definition, v, context)
console.log("decodePage only", ((performance.now() - start) / 300).toFixed(2), "ms")
