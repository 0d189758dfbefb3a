/**
 * The boundaries check (scripts/check-boundaries.mjs): this checkout passes it, and each kind of
 * violation, planted in a scratch tree laid out like the repository, makes it fail and names the
 * file and line.
 */
import { describe, it } from "@effect/vitest"
import { spawnSync } from "node:child_process"
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { assert } from "vitest"

const root = fileURLToPath(new URL("..", import.meta.url))
const script = join(root, "scripts/check-boundaries.mjs")

const check = (treeRoot?: string) => {
  const args = treeRoot === undefined ? [script] : [script, `--root=${treeRoot}`]
  const result = spawnSync(process.execPath, args, { cwd: root, encoding: "utf8" })
  return { code: result.status, output: `${result.stdout}${result.stderr}` }
}

/** A scratch tree with core, one adapter and the test kit, clean unless `files` says otherwise. */
const withTree = (files: Record<string, string>, run: (treeRoot: string) => void) => {
  const treeRoot = mkdtempSync(join(tmpdir(), "unibatch-boundaries-"))
  const clean: Record<string, string> = {
    "packages/core/package.json": JSON.stringify({ name: "@unibatch/core" }),
    "packages/core/src/Model.ts": [
      "/** Decodes OpenAI-style pages (OpenAI, Respan, Neosantara): comments may name vendors. */",
      "// OPENAI_API_KEY, https://api.openai.com/v1",
      "import * as Effect from \"effect/Effect\"",
      "import { wire } from \"./internal/wire.js\"",
      "import * as OpenAiFamily from \"./OpenAiFamily.js\"",
      "export const family = OpenAiFamily",
      "export const program = Effect.succeed(wire)"
    ].join("\n"),
    "packages/core/src/internal/wire.ts": "export const wire = { cursor: \"after\" }\n",
    "packages/core/test/Model.test.ts": "import { wire } from \"../src/internal/wire.js\"\nexport const provider = \"openai\"\nexport { wire }\n",
    "packages/openai/package.json": JSON.stringify({ name: "@unibatch/openai", dependencies: { "@unibatch/core": "workspace:*" } }),
    "packages/openai/src/OpenAi.ts": "import * as Model from \"@unibatch/core/Model\"\nexport const baseUrl = \"https://api.openai.com/v1\"\nexport { Model }\n",
    "packages/testkit/package.json": JSON.stringify({ name: "@unibatch/testkit", dependencies: { "@unibatch/openai": "workspace:*" } }),
    "packages/testkit/src/FakeVendor.ts": "import * as OpenAi from \"@unibatch/openai/OpenAi\"\nimport { createServer } from \"node:http\"\nexport { createServer, OpenAi }\n",
    "test/e2e.test.ts": "import * as OpenAi from \"@unibatch/openai/OpenAi\"\nimport { createClient } from \"unibatch\"\nexport { createClient, OpenAi }\n"
  }
  for (const [path, text] of Object.entries({ ...clean, ...files })) {
    mkdirSync(dirname(join(treeRoot, path)), { recursive: true })
    writeFileSync(join(treeRoot, path), text)
  }
  try {
    run(treeRoot)
  } finally {
    rmSync(treeRoot, { recursive: true, force: true })
  }
}

const assertFails = (files: Record<string, string>, expected: ReadonlyArray<string>) =>
  withTree(files, (treeRoot) => {
    const { code, output } = check(treeRoot)
    assert.strictEqual(code, 1, output)
    for (const line of expected) assert.include(output, line)
  })

describe("boundaries check", () => {
  it("passes on this checkout", () => {
    const { code, output } = check()
    assert.strictEqual(code, 0, output)
  })

  it("passes on a clean tree: comments may name vendors, OpenAiFamily is a wire style, tests are not core's code", () => {
    withTree({}, (treeRoot) => {
      const { code, output } = check(treeRoot)
      assert.strictEqual(code, 0, output)
    })
  })

  it("fails when core's code names a vendor, its URL or its key variable, in any case", () => {
    assertFails(
      {
        "packages/core/src/Registry.ts": [
          "export const known = [\"openai\", \"Neosantara\"]",
          "export const url = `https://api.respan.ai/api/v1`",
          "export const keyVariable = process.env.ANTHROPIC_API_KEY",
          "export const isAzure = (host: string) => /azure\\.com$/.test(host)",
          "export const useOpenAi = true"
        ].join("\n")
      },
      [
        "packages/core/src/Registry.ts:1: core names a vendor (openai)",
        "packages/core/src/Registry.ts:1: core names a vendor (neosantara)",
        "packages/core/src/Registry.ts:2: core names a vendor (respan)",
        "packages/core/src/Registry.ts:3: core names a vendor (anthropic)",
        "packages/core/src/Registry.ts:4: core names a vendor (azure)",
        "packages/core/src/Registry.ts:5: core names a vendor (openai)"
      ]
    )
  })

  it("fails when core imports a vendor package or Node", () => {
    assertFails(
      { "packages/core/src/Client.ts": "import * as OpenAi from \"@unibatch/openai/OpenAi\"\nimport { Worker } from \"node:worker_threads\"\nexport { OpenAi, Worker }\n" },
      [
        "packages/core/src/Client.ts:1: core names a vendor (openai)",
        "packages/core/src/Client.ts:2: core imports Node (\"node:worker_threads\")"
      ]
    )
  })

  it("fails when a package imports another package's internals, by name or by relative path", () => {
    assertFails(
      {
        "packages/openai/src/Wire.ts": [
          "import { wire } from \"@unibatch/core/internal/wire\"",
          "import type { Other } from \"../../core/src/internal/wire.js\"",
          "export const lazy = () => import(\"@unibatch/core/internal/wire\")",
          "export { wire }"
        ].join("\n"),
        "test/wire.test.ts": "import { wire } from \"../packages/core/src/internal/wire.js\"\nexport { wire }\n"
      },
      [
        "packages/openai/src/Wire.ts:1: imports another package's internals: \"@unibatch/core/internal/wire\"",
        "packages/openai/src/Wire.ts:2: reaches into another package by a relative path",
        "packages/openai/src/Wire.ts:3: imports another package's internals",
        "test/wire.test.ts:1: reaches into a package by a relative path"
      ]
    )
  })

  it("fails when the test kit imports or depends on the umbrella", () => {
    assertFails(
      {
        "packages/testkit/package.json": JSON.stringify({ name: "@unibatch/testkit", dependencies: { unibatch: "workspace:*" } }),
        "packages/testkit/src/Recorder.ts": "import { providers } from \"unibatch/Providers\"\nexport { providers }\n"
      },
      [
        "packages/testkit/package.json:1: the test kit depends on the umbrella package (dependencies)",
        "packages/testkit/src/Recorder.ts:1: the test kit imports the umbrella package: \"unibatch/Providers\""
      ]
    )
  })
})
