/**
 * `pnpm bench`: every measurement of the performance budgets in one run (method in
 * docs/performance.md). Prints a table to stdout, progress to stderr, and writes
 * bench/results.json. Exits with 1 when a budget is missed (never in smoke mode, whose tiny sizes
 * say nothing about budgets: `BENCH_SMOKE=1` only checks that the suite runs end to end).
 */
import { writeFileSync } from "node:fs"
import { runColdImport } from "./coldImport.js"
import { config, providers, resultsPath, smoke } from "./config.js"
import { runDecode } from "./decode.js"
import { runSectionInFreshProcess } from "./lifecycle.js"
import { runListAllInFreshProcess } from "./listAll.js"
import { runPeers } from "./peers.js"

/** The budgets; docs/performance.md explains each. */
const budgets = {
  decodeSmallPage: 2.5,
  decodeLargePage: 3,
  listAllRatio: 1.2,
  listAllCpuRatio: 1.3,
  listAllRssGrowthMiB: 64,
  cliToNode: 2,
  umbrellaToOpenai: 2,
  resultsRatio: 2,
  resultsRssGrowthMiB: 64,
  uploadRatio: 1.2,
  uploadRssGrowthMiB: 64,
  submitRatio: 1.5
}

const startedAt = performance.now()
const coldImport = runColdImport()
const decode = runDecode()
const peers = runPeers()
const { bareFetchRssGrowthMiB, comparisons, gcMs, result: listAll } = await runListAllInFreshProcess()
// One fresh process per section, one after the other (a 200 MiB upload and a 100,000-line
// results file each have the machine to themselves).
const lifecycleResults = await runSectionInFreshProcess("results")
const upload = await runSectionInFreshProcess("upload")
const submit = await runSectionInFreshProcess("submit")
const results = { decode, peers, listAll, coldImport, results: lifecycleResults, upload, submit }
writeFileSync(resultsPath, JSON.stringify(results, null, 2) + "\n")

const missed: Array<string> = []
const verdict = (ok: boolean, what: string) => {
  if (smoke) return "-"
  if (!ok) missed.push(what)
  return ok ? "ok" : "MISSED"
}
const [smallPage, largePage] = config.decodeItems as [number, number]
const pad = (value: string | number, width: number) => String(value).padStart(width)
const lines: Array<string> = []

lines.push(`decode: lenient decode of a list page / JSON.parse of the same string (budget ${budgets.decodeSmallPage}x at ${smallPage} items, ${budgets.decodeLargePage}x at ${largePage})`)
lines.push(`${"provider".padEnd(12)}${pad("items", 7)}${pad("ratio", 8)}${pad("decode/s", 11)}${pad("parse/s", 11)}  budget`)
for (const row of decode) {
  const budget = row.items === smallPage ? budgets.decodeSmallPage : budgets.decodeLargePage
  lines.push(
    `${row.provider.padEnd(12)}${pad(row.items, 7)}${pad(row.ratio.toFixed(2) + "x", 8)}${pad(row.opsPerSec, 11)}${pad(row.jsonParseOpsPerSec, 11)}  ${verdict(row.ratio <= budget, `decode ${row.provider} ${row.items}`)}`
  )
}

lines.push("")
lines.push("peers: the same bodies / JSON.parse (unibatch's row for comparison)")
const columns = config.decodeItems.flatMap((items) => providers.map((provider) => ({ provider, items })))
lines.push(`${"".padEnd(31)}${columns.map(({ items, provider }) => pad(`${provider} ${items}`, 17)).join("")}`)
const peerNames = [...new Set(peers.map((row) => row.name))]
const cell = (ratio: number | undefined) => pad(ratio === undefined ? "-" : `${ratio.toFixed(2)}x`, 17)
lines.push(`${"unibatch".padEnd(31)}${columns.map(({ items, provider }) => cell(decode.find((row) => row.provider === provider && row.items === items)?.ratio)).join("")}`)
for (const name of peerNames) {
  lines.push(`${name.padEnd(31)}${columns.map(({ items, provider }) => cell(peers.find((row) => row.name === name && row.provider === provider && row.items === items)?.ratio)).join("")}`)
}

lines.push("")
lines.push(`listAll: ${listAll.batches} batches, pages of ${listAll.pageSize}, over loopback from a testkit fake server in another process`)
lines.push(`  wall: unibatch listAll over FetchHttpClient.layer ${listAll.unibatchSeconds.toFixed(3)} s, bare fetch loop ${listAll.bareFetchSeconds.toFixed(3)} s: ${listAll.ratio.toFixed(3)}x (budget ${budgets.listAllRatio}x) ${verdict(listAll.ratio <= budgets.listAllRatio, "listAll ratio")}`)
lines.push(`  CPU (user + system) of the listing process: ${listAll.unibatchCpuSeconds.toFixed(3)} s against ${listAll.bareFetchCpuSeconds.toFixed(3)} s: ${listAll.cpuRatio.toFixed(3)}x (budget ${budgets.listAllCpuRatio}x) ${verdict(listAll.cpuRatio <= budgets.listAllCpuRatio, "listAll cpuRatio")}`)
lines.push(`  RSS growth while streaming ${listAll.rssGrowthMiB} MiB (budget ${budgets.listAllRssGrowthMiB} MiB) ${verdict(listAll.rssGrowthMiB <= budgets.listAllRssGrowthMiB, "listAll RSS growth")}; the bare loop's, measured alike: ${bareFetchRssGrowthMiB} MiB`)
lines.push(`  main-thread GC during a listing: unibatch ${gcMs.unibatch} ms, the bare loop ${gcMs.bareFetch} ms`)
for (const other of comparisons) {
  lines.push(`  for comparison, over ${other.transport}: ${other.seconds.toFixed(3)} s, ${other.ratio.toFixed(3)}x wall, ${other.cpuRatio.toFixed(3)}x CPU, RSS growth ${other.rssGrowthMiB} MiB, GC ${other.gcMs} ms`)
}

lines.push("")
lines.push("start-up: wall time of a fresh node process, median, in an app with the packed packages installed")
const umbrellaToOpenai = coldImport.umbrellaMs / coldImport.openaiMs
lines.push(`  import("unibatch")                                     ${pad(coldImport.umbrellaMs.toFixed(1), 7)} ms  ${umbrellaToOpenai.toFixed(2)}x openai (budget ${budgets.umbrellaToOpenai}x) ${verdict(umbrellaToOpenai <= budgets.umbrellaToOpenai, "coldImport umbrella")}`)
lines.push(`  import("openai")                                       ${pad(coldImport.openaiMs.toFixed(1), 7)} ms`)
lines.push(`  import, then one list call (refused): unibatch         ${pad(coldImport.umbrellaFirstCallMs.toFixed(1), 7)} ms  ${(coldImport.umbrellaFirstCallMs / coldImport.openaiFirstCallMs).toFixed(2)}x openai's`)
lines.push(`  import, then one list call (refused): openai           ${pad(coldImport.openaiFirstCallMs.toFixed(1), 7)} ms`)
lines.push(`  @unibatch/core BatchClient + @unibatch/openai OpenAi   ${pad(coldImport.unibatchMs.toFixed(1), 7)} ms  ${coldImport.ratio.toFixed(3)}x the effect modules they import`)
lines.push(`  the effect modules those import                        ${pad(coldImport.effectModulesMs.toFixed(1), 7)} ms`)
const cliToNode = coldImport.cliMs / coldImport.nodeMs
lines.push(`  unibatch normalize (the installed command)             ${pad(coldImport.cliMs.toFixed(1), 7)} ms  ${cliToNode.toFixed(2)}x node (budget ${budgets.cliToNode}x) ${verdict(cliToNode <= budgets.cliToNode, "cliMs")}`)
lines.push(`  node -e 0                                              ${pad(coldImport.nodeMs.toFixed(1), 7)} ms`)
lines.push(`  node empty.mjs                                         ${pad(coldImport.nodeFileMs.toFixed(1), 7)} ms  (the command is ${(coldImport.cliMs / coldImport.nodeFileMs).toFixed(2)}x this)`)

lines.push("")
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(bytes < 2 ** 20 ? 2 : 0)} MiB`
const times = (section: { ratio: number; cpuRatio: number; unibatchSeconds: number; bareSeconds: number }, bare: string, budget: number, what: string) =>
  `  wall: unibatch ${section.unibatchSeconds.toFixed(3)} s, ${bare} ${section.bareSeconds.toFixed(3)} s: ${section.ratio.toFixed(3)}x (budget ${budget}x) ${verdict(section.ratio <= budget, what)}; CPU ${section.cpuRatio.toFixed(3)}x`
const rss = (section: { rssGrowthMiB: number; bareRssGrowthMiB: number }, budget: number | undefined, what: string) =>
  `  RSS growth ${section.rssGrowthMiB} MiB${budget === undefined ? "" : ` (budget ${budget} MiB) ${verdict(section.rssGrowthMiB <= budget, what)}`}; the bare side's ${section.bareRssGrowthMiB} MiB`
lines.push("lifecycle: over loopback from a testkit fake OpenAI server in another process, each section in a fresh process")
lines.push(`results: ${lifecycleResults.lines} lines (${mib(lifecycleResults.bytes)}) of an output file into canonical results, client.results(batch) / fetch + split + JSON.parse per line`)
lines.push(times(lifecycleResults, "bare loop", budgets.resultsRatio, "results ratio"))
lines.push(rss(lifecycleResults, budgets.resultsRssGrowthMiB, "results RSS growth"))
lines.push(`upload: a ${mib(upload.bytes)} JSONL file, client.upload(fs.openAsBlob(path)) / bare fetch of a FormData with the same Blob`)
lines.push(times(upload, "bare fetch", budgets.uploadRatio, "upload ratio"))
lines.push(rss(upload, budgets.uploadRssGrowthMiB, "upload RSS growth"))
lines.push(`submit: ${submit.requests} chat completion requests (${mib(submit.bytes)} of JSONL), client.submit / JSON.stringify per line + bare upload + bare create`)
lines.push(times(submit, "bare", budgets.submitRatio, "submit ratio"))
lines.push(rss(submit, undefined, "submit RSS growth"))

lines.push("")
lines.push(`wrote ${resultsPath} in ${((performance.now() - startedAt) / 1000).toFixed(0)} s${smoke ? " (smoke run: sizes too small for budgets)" : ""}`)
if (!smoke) lines.push(missed.length === 0 ? "every budget holds" : `budgets missed: ${missed.join(", ")}`)
console.log(lines.join("\n"))
if (!smoke && missed.length > 0) process.exitCode = 1
