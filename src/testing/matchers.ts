import { ConfigError, describe } from "../errors.js";
import type { MatrixInput } from "../matrix/matrix.js";
import type { Network } from "../network/network.js";
import { assertFits, compareMatrices, TinyNNAssertionError, type CloseOptions } from "./assertions.js";

/**
 * What a matcher returns: the shape `expect.extend` in vitest and jest expects.
 *
 * @example
 * const r: MatcherResult = { pass: true, message: () => "ok" };
 */
export interface MatcherResult {
  /** Whether the assertion holds. */
  pass: boolean;
  /** The failure message (for `.not` too). */
  message: () => string;
}

/**
 * The matchers' types, for declaring them to your test runner once.
 *
 * @example
 * // vitest
 * declare module "vitest" { interface Assertion<T = any> extends TinyNNMatchers<T> {} }
 * // jest
 * declare global { namespace jest { interface Matchers<R> extends TinyNNMatchers<R> {} } }
 */
export interface TinyNNMatchers<R = unknown> {
  /** Elementwise closeness: every |received_ij - expected_ij| <= tolerance (default 1e-9), or {@link CloseOptions}. */
  toBeCloseToMatrix(expected: unknown, tolerance?: number | CloseOptions): R;
  /** Every output of the network is within tolerance (default 0.1) of y. */
  toFit(X: MatrixInput, y: MatrixInput, tolerance?: number): R;
}

/**
 * Matchers for `expect.extend` in vitest or jest; they import neither.
 *
 * ```text
 * expect(actual).toBeCloseToMatrix(expected, tolerance?)   |a_ij - e_ij| <= tolerance (default 1e-9) everywhere
 * expect(network).toFit(X, y, tolerance?)                   every output within tolerance (default 0.1) of y
 * ```
 *
 * @example
 * import { expect } from "vitest";
 * import { tinynnMatchers } from "tinynn/testing";
 * expect.extend(tinynnMatchers);
 * expect(net.predict(X)).toBeCloseToMatrix([[0], [1], [1], [0]], 0.01); // passes
 */
export const tinynnMatchers = {
  /** Elementwise closeness of two matrices (or numbers, or rows). */
  toBeCloseToMatrix(received: unknown, expected: unknown, tolerance: number | CloseOptions = 1e-9): MatcherResult {
    if (typeof tolerance !== "number" && (typeof tolerance !== "object" || tolerance === null)) {
      throw new ConfigError(`toBeCloseToMatrix's tolerance must be a number or { absolute, relative, name }, got ${describe(tolerance)}`);
    }
    const options: CloseOptions = typeof tolerance === "number" ? { absolute: tolerance, name: "received" } : { name: "received", ...tolerance };
    const c = compareMatrices(received, expected, options);
    return { pass: c.pass, message: () => (c.pass ? `expected received not to be close: ${c.message}` : c.message) };
  },
  /** The network fits X and y within tolerance. */
  toFit(received: Network, X: MatrixInput, y: MatrixInput, tolerance = 0.1): MatcherResult {
    try {
      assertFits(received, X, y, { tolerance });
      return { pass: true, message: () => `expected the network not to fit the data within ${tolerance}, but it does` };
    } catch (e) {
      if (e instanceof TinyNNAssertionError) return { pass: false, message: () => e.message };
      throw e;
    }
  },
};
