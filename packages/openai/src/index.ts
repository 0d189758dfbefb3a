/**
 * @since 0.1.0
 */
export * as OpenAi from "./OpenAi.js"
/**
 * @since 0.1.0
 */
export * as OpenAiWire from "./OpenAiWire.js"
