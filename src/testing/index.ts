/**
 * `tinynn/testing`: assertions and `expect` matchers for tests of networks, layers and students' backprop.
 *
 * Nothing here imports a test runner: assertions throw {@link TinyNNAssertionError}, matchers return
 * `{ pass, message }` for `expect.extend` in vitest or jest.
 *
 * @module tinynn/testing
 */
export {
  compareMatrices,
  assertClose,
  assertFits,
  assertGradients,
  TinyNNAssertionError,
  type CloseOptions,
  type MatrixComparison,
  type MatrixDifference,
  type FitOptions,
} from "./assertions.js";
export { tinynnMatchers, type MatcherResult, type TinyNNMatchers } from "./matchers.js";
export type { GradientCheckOptions, GradientCheckReport } from "../lab/check-gradients.js";
