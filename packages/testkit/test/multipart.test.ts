import { assert, describe, it } from "@effect/vitest"
import * as Multipart from "../src/internal/multipart.js"

interface Part {
  readonly name: string
  readonly filename: string | null
  readonly data: string
}

/** Reads a body cut into the given chunks; the parts, or why the body is not whole. */
const read = (boundary: string, chunks: ReadonlyArray<Buffer>): Array<Part> | string => {
  const parts: Array<Part> = []
  let current: { name: string; filename: string | null; data: Array<Buffer> } | undefined
  const reader = Multipart.reader(boundary, {
    onPart: (part) => (current = { name: part.name, filename: part.filename, data: [] }),
    onData: (chunk) => current!.data.push(chunk),
    onPartEnd: () => parts.push({ name: current!.name, filename: current!.filename, data: Buffer.concat(current!.data).toString("utf8") })
  })
  for (const chunk of chunks) reader.write(chunk)
  return reader.end() ?? parts
}

const BOUNDARY = "----formdata-fake-0123"
const body = Buffer.from(
  `preamble to ignore\r\n--${BOUNDARY}\r\n` +
    `Content-Disposition: form-data; name="purpose"\r\n\r\nbatch\r\n` +
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="in \\"1\\".jsonl"\r\n` +
    `Content-Type: application/jsonl\r\n\r\n{"custom_id":"a"}\r\n--${BOUNDARY.slice(0, 5)} not a boundary\r\n{"custom_id":"ü"}\n` +
    `\r\n--${BOUNDARY}--\r\n`
)
const expected: Array<Part> = [
  { name: "purpose", filename: null, data: "batch" },
  { name: "file", filename: "in \"1\".jsonl", data: `{"custom_id":"a"}\r\n--${BOUNDARY.slice(0, 5)} not a boundary\r\n{"custom_id":"ü"}\n` }
]

describe("the multipart reader", () => {
  it("reads the same parts however the body is cut into chunks", () => {
    for (let first = 0; first <= body.length; first++) {
      assert.deepStrictEqual(read(BOUNDARY, [body.subarray(0, first), body.subarray(first)]), expected, `cut at ${first}`)
    }
    for (const size of [1, 2, 3, 7, 64]) {
      const chunks: Array<Buffer> = []
      for (let start = 0; start < body.length; start += size) chunks.push(body.subarray(start, start + size))
      assert.deepStrictEqual(read(BOUNDARY, chunks), expected, `chunks of ${size}`)
    }
  })

  it("says why a body is not whole", () => {
    assert.strictEqual(read(BOUNDARY, [body.subarray(0, body.length - 10)]), "the body ended before its closing boundary")
    const noName = Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data\r\n\r\nx\r\n--${BOUNDARY}--\r\n`)
    assert.strictEqual(read(BOUNDARY, [noName]), "a part's Content-Disposition has no name")
  })

  it("finds the boundary of a multipart/form-data content type only", () => {
    assert.strictEqual(Multipart.boundaryOf(`multipart/form-data; boundary=${BOUNDARY}`), BOUNDARY)
    assert.strictEqual(Multipart.boundaryOf(`multipart/form-data; boundary="a b"`), "a b")
    assert.isUndefined(Multipart.boundaryOf("application/json"))
    assert.isUndefined(Multipart.boundaryOf(undefined))
  })
})
