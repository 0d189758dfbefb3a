/**
 * @since 0.1.0
 */

/**
 * Fake vendor Batch API servers on loopback, for tests and the `unibatch serve` command.
 *
 * @since 0.1.0
 */
export * as FakeVendor from "./FakeVendor.js"
