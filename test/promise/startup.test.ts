/**
 * `import("unibatch")` stays cheap: the Promise API's entry loads no Effect module and no
 * `@unibatch/*` package; the first call loads them. Checked on the module graph (esbuild's
 * metafile of the entry): what the entry reaches through static imports is the umbrella's own
 * few files, and the Effect side is reached only through a dynamic `import()`. The time itself is
 * the bench's `coldImport` ratio.
 */
import * as esbuild from "esbuild"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { assert, describe, it } from "vitest"

const root = join(import.meta.dirname, "..", "..")

const moduleGraph = async () => {
  const outdir = mkdtempSync(join(tmpdir(), "unibatch-startup-"))
  try {
    const result = await esbuild.build({
      absWorkingDir: root,
      entryPoints: ["packages/unibatch/src/index.ts"],
      bundle: true,
      splitting: true,
      format: "esm",
      platform: "node",
      write: false,
      metafile: true,
      outdir,
      logLevel: "silent"
    })
    return result.metafile.inputs
  } finally {
    rmSync(outdir, { recursive: true, force: true })
  }
}

/** Every input reached from `entry` through the given kinds of import. */
const reached = (inputs: esbuild.Metafile["inputs"], entry: string, kinds: ReadonlySet<string>): Set<string> => {
  const seen = new Set<string>()
  const visit = (path: string) => {
    if (seen.has(path)) return
    seen.add(path)
    for (const edge of inputs[path]?.imports ?? []) if (kinds.has(edge.kind)) visit(edge.path)
  }
  visit(entry)
  return seen
}

describe("import(\"unibatch\")", () => {
  it("loads only the Promise API's own small modules; the Effect side waits for the first call", async () => {
    const inputs = await moduleGraph()
    const entry = "packages/unibatch/src/index.ts"
    const atImport = [...reached(inputs, entry, new Set(["import-statement"]))].sort()
    assert.deepStrictEqual(atImport, [
      "packages/unibatch/src/PromiseClient.ts",
      "packages/unibatch/src/PromiseConform.ts",
      "packages/unibatch/src/PromiseErrors.ts",
      "packages/unibatch/src/index.ts",
      "packages/unibatch/src/internal/names.ts"
    ])
    const onFirstCall = reached(inputs, entry, new Set(["import-statement", "dynamic-import"]))
    assert.isTrue([...onFirstCall].some((path) => path.includes("node_modules/effect/") || path.includes("node_modules/.pnpm/effect@")))
    assert.isTrue(onFirstCall.has("packages/unibatch/src/internal/session.ts"))
    assert.isTrue(onFirstCall.has("packages/unibatch/src/Providers.ts"))
  })
})
