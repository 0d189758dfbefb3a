/**
 * @since 0.1.0
 */

/**
 * Conformance by vendor (the vitest matcher is `@unibatch/testkit/Matchers`, kept out of
 * this barrel so that importing the testkit never loads vitest).
 *
 * @since 0.1.0
 */
export * as Conform from "./Conform.js"

/**
 * Fake vendor Batch API servers on loopback, for tests and the `unibatch serve` command.
 *
 * @since 0.1.0
 */
export * as FakeVendor from "./FakeVendor.js"

/**
 * Recording live vendor responses to fixture files.
 *
 * @since 0.1.0
 */
export * as Recorder from "./Recorder.js"
