/**
 * The bench suite end to end with tiny sizes (`BENCH_SMOKE=1`): it runs, and it writes
 * results.json in exactly its shape (that of issue 5, plus since 0.2.0 `listAll`'s CPU times and
 * ratio, and `coldImport`'s umbrella, first-call and empty-module times; since 0.3.0 the lifecycle
 * sections `results`, `upload` and `submit`). No timing is asserted here: timings belong to
 * `pnpm bench`, never to a test.
 */
import { describe, it } from "@effect/vitest"
import { spawn } from "node:child_process"
import { mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { assert } from "vitest"

const root = fileURLToPath(new URL("..", import.meta.url))

const runSmokeBench = (resultsPath: string) =>
  new Promise<{ readonly code: number | null; readonly output: string }>((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "bench/run.ts"], {
      cwd: root,
      env: { ...process.env, BENCH_SMOKE: "1", BENCH_RESULTS: resultsPath },
      stdio: ["ignore", "pipe", "pipe"]
    })
    let output = ""
    child.stdout.on("data", (chunk) => (output += chunk))
    child.stderr.on("data", (chunk) => (output += chunk))
    child.on("close", (code) => resolve({ code, output }))
  })

const assertKeys = (value: unknown, keys: ReadonlyArray<string>, where: string) => {
  assert.isObject(value, where)
  assert.deepStrictEqual(Object.keys(value as object).sort(), [...keys].sort(), where)
}

const assertPositive = (record: Record<string, unknown>, keys: ReadonlyArray<string>, where: string) => {
  for (const key of keys) {
    const value = record[key]
    assert.isTrue(typeof value === "number" && Number.isFinite(value) && value > 0, `${where}.${key} = ${String(value)}`)
  }
}

describe("bench smoke run", () => {
  it("writes results.json in its documented shape", { timeout: 240_000 }, async () => {
    const directory = mkdtempSync(join(tmpdir(), "unibatch-bench-smoke-"))
    try {
      const resultsPath = join(directory, "results.json")
      const { code, output } = await runSmokeBench(resultsPath)
      assert.strictEqual(code, 0, output)
      const results = JSON.parse(readFileSync(resultsPath, "utf8")) as Record<string, any>
      assertKeys(results, ["decode", "peers", "listAll", "coldImport", "results", "upload", "submit"], "results")

      const providers = ["openai", "respan", "neosantara"]
      assert.isArray(results.decode)
      assert.strictEqual(results.decode.length, providers.length * 2)
      for (const row of results.decode) {
        assertKeys(row, ["provider", "items", "ratio", "opsPerSec", "jsonParseOpsPerSec"], "decode[]")
        assert.include(providers, row.provider)
        assertPositive(row, ["items", "ratio", "opsPerSec", "jsonParseOpsPerSec"], "decode[]")
      }
      assert.sameMembers([...new Set(results.decode.map((row: { provider: string }) => row.provider))], providers)

      assert.isArray(results.peers)
      assert.isAbove(results.peers.length, 0)
      for (const row of results.peers) {
        assertKeys(row, ["name", "provider", "items", "ratio"], "peers[]")
        assert.isString(row.name)
        assert.include(providers, row.provider)
        assertPositive(row, ["items", "ratio"], "peers[]")
      }

      const listAllTimes = ["ratio", "cpuRatio", "unibatchSeconds", "bareFetchSeconds", "unibatchCpuSeconds", "bareFetchCpuSeconds"]
      assertKeys(results.listAll, ["batches", "pageSize", ...listAllTimes, "rssGrowthMiB"], "listAll")
      assertPositive(results.listAll, ["batches", "pageSize", ...listAllTimes], "listAll")
      assert.isTrue(typeof results.listAll.rssGrowthMiB === "number" && results.listAll.rssGrowthMiB >= 0, "listAll.rssGrowthMiB")

      const coldImportKeys = [
        "ratio",
        "unibatchMs",
        "effectModulesMs",
        "umbrellaMs",
        "openaiMs",
        "umbrellaFirstCallMs",
        "openaiFirstCallMs",
        "cliMs",
        "nodeMs",
        "nodeFileMs"
      ]
      assertKeys(results.coldImport, coldImportKeys, "coldImport")
      assertPositive(results.coldImport, coldImportKeys, "coldImport")

      const lifecycleTimes = ["ratio", "cpuRatio", "unibatchSeconds", "bareSeconds"]
      const lifecycleSections = { results: ["lines", "bytes"], upload: ["bytes"], submit: ["requests", "bytes"] }
      for (const [section, sizes] of Object.entries(lifecycleSections)) {
        assertKeys(results[section], [...sizes, ...lifecycleTimes, "rssGrowthMiB", "bareRssGrowthMiB"], section)
        assertPositive(results[section], [...sizes, ...lifecycleTimes], section)
        for (const key of ["rssGrowthMiB", "bareRssGrowthMiB"]) {
          const value = results[section][key]
          assert.isTrue(typeof value === "number" && value >= 0, `${section}.${key} = ${String(value)}`)
        }
      }
      // The smoke sizes, so that a smoke run stays a matter of seconds.
      assert.strictEqual(results.results.lines, 1_000)
      assert.strictEqual(results.submit.requests, 1_000)
      assert.isAtMost(results.upload.bytes, 2 * 2 ** 20)
    } finally {
      rmSync(directory, { recursive: true, force: true })
    }
  })
})
