/**
 * @since 0.1.0
 */
export * as Respan from "./Respan.js"
/**
 * @since 0.2.0
 */
export * as RespanFakeServer from "./RespanFakeServer.js"
/**
 * @since 0.1.0
 */
export * as RespanWire from "./RespanWire.js"
