/**
 * The `unibatch` command as modules, for tools that embed or test it. The executable is
 * `bin.ts` (bundled to `dist/unibatch.mjs`); importing this barrel runs nothing.
 *
 * @since 0.1.0
 */

/**
 * @since 0.1.0
 */
export * as Cli from "./Cli.js"

/**
 * @since 0.1.0
 */
export * as Failure from "./Failure.js"

/**
 * @since 0.2.0
 */
export * as Input from "./Input.js"

/**
 * @since 0.1.0
 */
export * as Output from "./Output.js"

/**
 * @since 0.2.0
 */
export * as Usage from "./Usage.js"

/**
 * @since 0.2.0
 */
export * as Fast from "./Fast.js"

/**
 * @since 0.2.0
 */
export * as Main from "./Main.js"

/**
 * @since 0.2.0
 */
export * as Spec from "./Spec.js"
