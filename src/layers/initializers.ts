import { ConfigError, describe, resolveNamed } from "../errors.js";
import { cos } from "../math/cos.js";
import { log } from "../math/log.js";
import type { Random } from "../random.js";

/**
 * A weight initialisation scheme: how {@link Dense} draws each initial weight from the network's
 * random source.
 *
 * ```text
 * W[i][j] = draw(fanIn, fanOut, random)     row by row
 * b[j]    = draw(...) when drawBias, else 0
 * ```
 *
 * @example
 * const small: Initializer = { name: "small", drawBias: false, draw: (_in, _out, random) => 0.02 * (2 * random() - 1) };
 * new Network({ layers: [2, 3, 1], initializer: small });
 */
export interface Initializer {
  /** A name for messages, e.g. `"heNormal"`. */
  readonly name: string;
  /** Whether biases are drawn too (the blog's scheme) or start at 0. */
  readonly drawBias: boolean;
  /** One value for a weight of a layer with `fanIn` inputs and `fanOut` outputs. */
  draw(fanIn: number, fanOut: number, random: Random): number;
}

/**
 * A standard normal value from two uniform draws (Box-Muller, cosine branch), with tinynn's log and
 * cos (src/math: Node 20's Math.log and Math.cos bit for bit, in every engine, where the engines'
 * own differ on 7% and 3% of these arguments), so a seeded network starts from the same weights
 * everywhere.
 */
function gaussian(random: Random): number {
  const u1 = random();
  const u2 = random();
  return Math.sqrt(-2 * log(1 - u1)) * cos(2 * Math.PI * u2);
}

/** fanIn + fanOut, after checking both are integers >= 1 (a direct call with 0 would draw Infinity). */
function fans(fanIn: number, fanOut: number, name: string): number {
  if (!(Number.isInteger(fanIn) && fanIn >= 1 && Number.isInteger(fanOut) && fanOut >= 1)) {
    throw new ConfigError(`${name}.draw needs fanIn and fanOut integers >= 1, got ${describe(fanIn)} and ${describe(fanOut)}`);
  }
  return fanIn + fanOut;
}

/**
 * The blog's scheme and the default: every weight, then every bias, uniform in [-1, 1).
 *
 * ```text
 * w = 2 · random() - 1
 * ```
 *
 * @example
 * uniform.draw(3, 4, () => 0.75); // => 0.5
 */
export const uniform: Initializer = { name: "uniform", drawBias: true, draw: (_fanIn, _fanOut, random) => 2 * random() - 1 };

/**
 * Xavier / Glorot uniform: keeps the variance of activations across tanh / sigmoid layers. Biases start at 0.
 *
 * ```text
 * w ~ U(-l, l),  l = sqrt(6 / (fanIn + fanOut));   w = l · (2 · random() - 1)
 * ```
 *
 * @example
 * xavierUniform.draw(2, 1, () => 1 - 2 ** -53); // => just below sqrt(2) = 1.414...
 */
export const xavierUniform: Initializer = {
  name: "xavierUniform",
  drawBias: false,
  draw: (fanIn, fanOut, random) => Math.sqrt(6 / fans(fanIn, fanOut, "xavierUniform")) * (2 * random() - 1),
};

/**
 * Xavier / Glorot normal. Biases start at 0.
 *
 * ```text
 * w ~ N(0, σ²),  σ = sqrt(2 / (fanIn + fanOut));   w = σ · sqrt(-2 ln(1 - u1)) · cos(2π u2)
 * ```
 *
 * @example
 * xavierNormal.draw(1, 1, () => 0); // => -0  (u1 = 0: sqrt(-2 ln 1) is sqrt(-0), which is -0)
 */
export const xavierNormal: Initializer = {
  name: "xavierNormal",
  drawBias: false,
  draw: (fanIn, fanOut, random) => Math.sqrt(2 / fans(fanIn, fanOut, "xavierNormal")) * gaussian(random),
};

/**
 * He uniform: for ReLU layers. Biases start at 0.
 *
 * ```text
 * w ~ U(-l, l),  l = sqrt(6 / fanIn);   w = l · (2 · random() - 1)
 * ```
 *
 * @example
 * heUniform.draw(6, 1, () => 0.75); // => 0.5
 */
export const heUniform: Initializer = {
  name: "heUniform",
  drawBias: false,
  draw: (fanIn, fanOut, random) => Math.sqrt(6 / (fans(fanIn, fanOut, "heUniform") - fanOut)) * (2 * random() - 1),
};

/**
 * He normal: for ReLU layers. Biases start at 0.
 *
 * ```text
 * w ~ N(0, σ²),  σ = sqrt(2 / fanIn);   w = σ · sqrt(-2 ln(1 - u1)) · cos(2π u2)
 * ```
 *
 * @example
 * heNormal.draw(2, 1, () => 0); // => -0  (u1 = 0, as xavierNormal)
 */
export const heNormal: Initializer = {
  name: "heNormal",
  drawBias: false,
  draw: (fanIn, fanOut, random) => Math.sqrt(2 / (fans(fanIn, fanOut, "heNormal") - fanOut)) * gaussian(random),
};

/**
 * The built-in initialisation schemes by name.
 *
 * @example
 * Object.keys(initializers); // => ["uniform", "xavierUniform", "xavierNormal", "heUniform", "heNormal"]
 */
export const initializers = Object.freeze({
  uniform,
  xavierUniform,
  xavierNormal,
  heUniform,
  heNormal,
}) satisfies Readonly<Record<string, Initializer>>;

/**
 * The name of a built-in initialisation scheme: a key of {@link initializers}, so a new built-in
 * joins it by itself. Wherever an initializer is an option, its name or your own
 * {@link Initializer} object goes.
 *
 * @example
 * const name: InitializerName = "heNormal";
 * new Network({ layers: [2, 3, 1], activation: "relu", initializer: name });
 * // const typo: InitializerName = "heNormall";  // does not compile
 */
export type InitializerName = keyof typeof initializers;

/** Looks up a built-in initializer by name or validates your own. @internal */
export function resolveInitializer(value: unknown, argName: string): Initializer {
  return resolveNamed(value, argName, { name: "initializer", plural: "initializers", type: "Initializer" }, initializers, {
    name: "string",
    drawBias: "boolean",
    draw: "function",
  });
}
