/**
 * @since 0.3.0
 */
export * as Anthropic from "./Anthropic.js"
/**
 * @since 0.3.0
 */
export * as AnthropicFakeServer from "./AnthropicFakeServer.js"
/**
 * @since 0.3.0
 */
export * as AnthropicWire from "./AnthropicWire.js"
