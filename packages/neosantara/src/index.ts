/**
 * @since 0.1.0
 */
export * as Neosantara from "./Neosantara.js"
/**
 * @since 0.2.0
 */
export * as NeosantaraFakeServer from "./NeosantaraFakeServer.js"
/**
 * @since 0.1.0
 */
export * as NeosantaraWire from "./NeosantaraWire.js"
