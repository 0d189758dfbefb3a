/**
 * @since 0.3.0
 */
export * as Azure from "./Azure.js"
/**
 * @since 0.3.0
 */
export * as AzureFakeServer from "./AzureFakeServer.js"
/**
 * @since 0.3.0
 */
export * as AzureWire from "./AzureWire.js"
