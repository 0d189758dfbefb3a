/**
 * Runs the TypeScript examples in docs/ and README.md. A ```ts block followed by a ```text block
 * must print exactly that text; other ```ts blocks must run without failing.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { afterAll, afterEach, assert, describe, it, vi } from "vitest"

const root = new URL("..", import.meta.url).pathname
// One folder per run, inside the checkout so that the examples resolve the workspace packages:
// two test runs on one checkout must not overwrite each other's examples.
mkdirSync(join(root, "test/.docs-examples"), { recursive: true })
const scratch = mkdtempSync(join(root, "test/.docs-examples/run-"))

interface Example {
  readonly name: string
  readonly code: string
  readonly output: string | undefined
}

const examplesOf = (file: string): Array<Example> => {
  const text = readFileSync(join(root, file), "utf8")
  const blocks = [...text.matchAll(/```(ts|text)\n([\s\S]*?)```/g)]
  const examples: Array<Example> = []
  blocks.forEach((block, index) => {
    if (block[1] !== "ts" || block[2]!.includes("// not run")) return
    const next = blocks[index + 1]
    const followedByOutput = next !== undefined && next[1] === "text" && text.slice(block.index! + block[0].length, next.index).trim() === ""
    examples.push({ name: `${file} example ${examples.length + 1}`, code: block[2]!, output: followedByOutput ? next[2]!.trimEnd() : undefined })
  })
  return examples
}

const documents = ["README.md", ...readdirSync(join(root, "docs")).filter((name) => name.endsWith(".md")).map((name) => `docs/${name}`)]

afterEach(() => {
  vi.restoreAllMocks()
})

afterAll(() => rmSync(scratch, { recursive: true, force: true }))

for (const document of documents) {
  describe(document, () => {
    const examples = examplesOf(document)
    examples.forEach((example, index) => {
      it(example.name, async () => {
        const lines: Array<string> = []
        vi.spyOn(console, "log").mockImplementation((...values: Array<unknown>) => {
          lines.push(values.map((value) => (typeof value === "string" ? value : JSON.stringify(value))).join(" "))
        })
        const file = join(scratch, `${document.replace(/[/.]/g, "_")}_${index + 1}.ts`)
        writeFileSync(file, example.code)
        await import(file)
        if (example.output !== undefined) assert.strictEqual(lines.join("\n"), example.output)
      })
    })
  })
}
