/**
 * @since 0.3.0
 */
export * as Compatible from "./Compatible.js"
/**
 * @since 0.3.0
 */
export * as CompatibleFakeServer from "./CompatibleFakeServer.js"
/**
 * @since 0.3.0
 */
export * as CompatibleWire from "./CompatibleWire.js"
