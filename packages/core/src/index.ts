/**
 * Everything in `@unibatch/core`. Prefer the subpath modules (`@unibatch/core/Batch`, ...) in
 * start-up sensitive code: each imports only what it uses.
 *
 * @since 0.1.0
 */
/** @since 0.1.0 */
export * as Batch from "./Batch.js"
/** @since 0.1.0 */
export * as BatchClient from "./BatchClient.js"
/** @since 0.3.0 */
export * as BatchFile from "./BatchFile.js"
/** @since 0.1.0 */
export * as BatchId from "./BatchId.js"
/** @since 0.3.0 */
export * as BatchRequest from "./BatchRequest.js"
/** @since 0.3.0 */
export * as BatchResult from "./BatchResult.js"
/** @since 0.1.0 */
export * as BatchStatus from "./BatchStatus.js"
/** @since 0.1.0 */
export * as Conformance from "./Conformance.js"
/** @since 0.1.0 */
export * as Decoder from "./Decoder.js"
/** @since 0.2.0 */
export * as FakeServerProfile from "./FakeServerProfile.js"
/** @since 0.1.0 */
export * as Normalize from "./Normalize.js"
/** @since 0.2.0 */
export * as OpenAiFamily from "./OpenAiFamily.js"
/** @since 0.3.0 */
export * as OpenAiFamilyFake from "./OpenAiFamilyFake.js"
/** @since 0.2.0 */
export * as Pagination from "./Pagination.js"
/** @since 0.1.0 */
export * as Provider from "./Provider.js"
/** @since 0.3.0 */
export * as Requests from "./Requests.js"
/** @since 0.3.0 */
export * as Results from "./Results.js"
/** @since 0.1.0 */
export * as Retry from "./Retry.js"
/** @since 0.2.0 */
export * as Timestamp from "./Timestamp.js"
/** @since 0.1.0 */
export * as UnibatchError from "./UnibatchError.js"
/** @since 0.1.0 */
export * as VendorClient from "./VendorClient.js"
/** @since 0.2.0 */
export * as VendorDefinition from "./VendorDefinition.js"
/** @since 0.3.0 */
export * as Watch from "./Watch.js"
