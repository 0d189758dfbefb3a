/**
 * @since 0.1.0
 */
export * as OpenAi from "./OpenAi.js"
/**
 * @since 0.2.0
 */
export * as OpenAiFakeServer from "./OpenAiFakeServer.js"
/**
 * @since 0.1.0
 */
export * as OpenAiWire from "./OpenAiWire.js"
