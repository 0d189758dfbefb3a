/**
 * Timing primitives. The two sides of a comparison alternate round by round, so that drift
 * (frequency scaling, other processes on a 2-core machine) and the garbage one side leaves for
 * the other hit both alike. A ratio is the median of the per-round ratios; a time is the median of
 * its samples. The heap is collected once before a comparison, not before every sample: a forced
 * full collection also shrinks the young generation, which would then charge the side that
 * allocates more for regrowing it on every sample, a cost a process that keeps decoding never pays.
 */
import { type PerformanceEntry, PerformanceObserver } from "node:perf_hooks"
import { setFlagsFromString } from "node:v8"
import { runInNewContext } from "node:vm"

setFlagsFromString("--expose-gc")
/** A full collection, available without starting node with `--expose-gc`. */
export const collectGarbage: () => void = runInNewContext("gc")

// Results are kept here so the optimizer cannot drop the work that made them.
let sink: unknown
export const keep = (value: unknown) => {
  sink = value
}
export const kept = () => sink

export const median = (values: ReadonlyArray<number>): number => {
  const sorted = [...values].sort((left, right) => left - right)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

/** Milliseconds per call of `run`, called repeatedly for at least `minMs` (and at least once). */
export const sample = (run: () => unknown, minMs: number): number => {
  let calls = 0
  const started = performance.now()
  let elapsed = 0
  do {
    keep(run())
    calls++
    elapsed = performance.now() - started
  } while (elapsed < minMs)
  return elapsed / calls
}

export interface Comparison {
  /** Median of the per-round ratios subject / yardstick. */
  readonly ratio: number
  readonly subjectMs: number
  readonly yardstickMs: number
}

export interface CompareOptions {
  readonly rounds: number
  readonly minSampleMs: number
  /** Stop after this long (but after 3 rounds at least). */
  readonly budgetMs?: number
  readonly warmupRounds?: number
}

/** Times `subject` against `yardstick`, alternating which goes first. */
export const compare = (subject: () => unknown, yardstick: () => unknown, options: CompareOptions): Comparison => {
  collectGarbage()
  for (let round = 0; round < (options.warmupRounds ?? 2); round++) {
    sample(subject, options.minSampleMs / 2)
    sample(yardstick, options.minSampleMs / 2)
  }
  const started = performance.now()
  const ratios: Array<number> = []
  const subjectTimes: Array<number> = []
  const yardstickTimes: Array<number> = []
  for (let round = 0; round < options.rounds; round++) {
    // ABBA order: the yardstick goes first every other round.
    const yardstickFirst = round % 2 === 1 ? sample(yardstick, options.minSampleMs) : undefined
    const subjectMs = sample(subject, options.minSampleMs)
    const yardstickMs = yardstickFirst ?? sample(yardstick, options.minSampleMs)
    ratios.push(subjectMs / yardstickMs)
    subjectTimes.push(subjectMs)
    yardstickTimes.push(yardstickMs)
    if (options.budgetMs !== undefined && round >= 2 && performance.now() - started > options.budgetMs) break
  }
  return { ratio: median(ratios), subjectMs: median(subjectTimes), yardstickMs: median(yardstickTimes) }
}

export const round = (value: number, digits: number) => Number(value.toFixed(digits))

export interface Measured<A> {
  readonly value: A
  readonly seconds: number
  readonly cpuSeconds: number
  readonly rssGrowth: number
  readonly gcMs: number
}

/**
 * Wall and CPU time of `run`, the peak RSS growth over the RSS at the start (sampled every 5 ms),
 * and the time the main thread spent in garbage collection meanwhile.
 */
export const measured = async <A>(run: () => Promise<A>): Promise<Measured<A>> => {
  const startRss = process.memoryUsage.rss()
  let peakRss = startRss
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage.rss())
  }, 5)
  let gcMs = 0
  const addGc = (entries: ReadonlyArray<PerformanceEntry>) => entries.forEach((entry) => (gcMs += entry.duration))
  const gcObserver = new PerformanceObserver((list) => addGc(list.getEntries()))
  gcObserver.observe({ entryTypes: ["gc"] })
  const cpuBefore = process.cpuUsage()
  const started = performance.now()
  try {
    const value = await run()
    const seconds = (performance.now() - started) / 1000
    const cpu = process.cpuUsage(cpuBefore)
    peakRss = Math.max(peakRss, process.memoryUsage.rss())
    addGc(gcObserver.takeRecords())
    return { value, seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, rssGrowth: peakRss - startRss, gcMs }
  } finally {
    clearInterval(sampler)
    gcObserver.disconnect()
  }
}
