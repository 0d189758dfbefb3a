/** Spawning the built `unibatch` bundle as a user would, with the key never allowed in its output. */
import type * as FakeVendor from "@unibatch/testkit/FakeVendor"
import { execFileSync, spawn } from "node:child_process"
import { readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { expect } from "vitest"

export type Provider = FakeVendor.Provider

export const root = fileURLToPath(new URL("../..", import.meta.url))
export const bin = fileURLToPath(new URL("../../packages/cli/dist/unibatch.mjs", import.meta.url))
export const fixture = (path: string) => fileURLToPath(new URL(`../fixtures/${path}`, import.meta.url))
export const readFixture = (path: string) => readFileSync(fixture(path), "utf8")

export const secret = "sk-unibatch-SECRET-123"
export const providers: ReadonlyArray<Provider> = ["openai", "respan", "neosantara"]
export const keyVariable: Record<Provider, string> = {
  openai: "OPENAI_API_KEY",
  respan: "RESPAN_API_KEY",
  neosantara: "NEOSANTARA_API_KEY",
  azure: "AZURE_OPENAI_API_KEY",
  compatible: "COMPATIBLE_API_KEY",
  anthropic: "ANTHROPIC_API_KEY"
}

export interface Result {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

/** Runs the bundle with a clean environment (no vendor key leaks in from the test runner). */
export const run = async (args: ReadonlyArray<string>, options: { env?: Record<string, string>; input?: string; cwd?: string; bin?: string } = {}) => {
  const result = await spawnBin(args, options)
  // The key must never be printed, whatever happened.
  expect(result.stdout).not.toContain(secret)
  expect(result.stderr).not.toContain(secret)
  return result
}

export const spawnBin = (args: ReadonlyArray<string>, options: { env?: Record<string, string>; input?: string; cwd?: string; bin?: string }) =>
  new Promise<Result>((resolve, reject) => {
    const child = spawn(process.execPath, [options.bin ?? bin, ...args], { cwd: options.cwd ?? root, env: { PATH: process.env.PATH ?? "", ...options.env } })
    let stdout = ""
    let stderr = ""
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk))
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk))
    child.on("error", reject)
    child.stdin.on("error", () => {}) // a command that exits before reading stdin closes the pipe
    child.on("close", (code) => resolve({ code, stdout, stderr }))
    child.stdin.end(options.input ?? "")
  })

export const withKey = (provider: Provider, key = secret) => ({ env: { [keyVariable[provider]]: key } })

export const canonicalId = (nativeId: unknown) => String(nativeId).replace(/^batch-/, "batch_")

/** Builds the bundle the tests spawn (once per test file). */
export const build = () => {
  execFileSync(process.execPath, ["scripts/build-cli.mjs"], { cwd: root, stdio: "pipe" })
}

