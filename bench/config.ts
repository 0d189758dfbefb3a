/**
 * Sizes and repetitions of one bench run. `BENCH_SMOKE=1` shrinks everything so that a test can
 * run the whole suite in seconds and check the shape of its results (never its timings).
 */
export const smoke = process.env.BENCH_SMOKE === "1"

export const providers = ["openai", "respan", "neosantara"] as const

export type BenchProvider = (typeof providers)[number]

export const config = smoke
  ? {
    decodeItems: [10, 100],
    decodeRounds: 3,
    peerRounds: 1,
    minSampleMs: 2,
    peerBudgetMs: 200,
    listAllBatches: 1_000,
    listAllRunsPerSide: 1,
    coldImportRuns: 1,
    resultsLines: 1_000,
    uploadBytes: 2 * 2 ** 20,
    submitRequests: 1_000,
    lifecycleRunsPerSide: 1
  }
  : {
    decodeItems: [100, 10_000],
    decodeRounds: 15,
    peerRounds: 7,
    minSampleMs: 60,
    // Slow peers (tens of times JSON.parse on 10,000 items) stop after this much time, 3 rounds at least.
    peerBudgetMs: 6_000,
    listAllBatches: 100_000,
    listAllRunsPerSide: 6,
    coldImportRuns: 11,
    resultsLines: 100_000,
    // OpenAI's largest input file (200 MiB): the file is filled with whole lines up to this size.
    uploadBytes: 200 * 2 ** 20,
    submitRequests: 50_000,
    lifecycleRunsPerSide: 6
  }

export const pageSize = 100

/** Where results go; the smoke test points this elsewhere so that a real run's file is kept. */
export const resultsPath = process.env.BENCH_RESULTS ?? new URL("./results.json", import.meta.url).pathname
