/**
 * @since 0.1.0
 */
export * as OpenAi from "./OpenAi.js"
