// What every exporter reads: a network's layers as plain specifications with copies of their
// values, for the layers and activations that other formats have (Dense with a built-in
// activation, Dropout, BatchNorm in inference, Softmax). Anything else (a layer or activation of
// yours, a built-in layer whose methods were replaced) is refused here, once, with a message that
// names it, so that no exporter writes a model that computes something else.

import { activations as builtinActivations, type ActivationName } from "../activations/builtins.js";
import { ConfigError, DataError, describe, quote } from "../errors.js";
import { BatchNorm } from "../layers/batch-norm.js";
import { Dense } from "../layers/dense.js";
import { Dropout } from "../layers/dropout.js";
import type { Layer } from "../layers/layer.js";
import { Softmax } from "../layers/softmax.js";
import { Network } from "../network/network.js";

/** A Dense layer: `a = f(x W + b)`; `weights` is `[inputSize x outputSize]` row-major. @internal */
export interface DenseSpec {
  readonly kind: "dense";
  readonly inputSize: number;
  readonly outputSize: number;
  readonly weights: Float64Array;
  readonly bias: Float64Array | null;
  /** a built-in activation (leakyRelu's slope is 0.01) */
  readonly activation: ActivationName;
}

/** A Dropout layer: the identity at inference. @internal */
export interface DropoutSpec {
  readonly kind: "dropout";
  readonly size: number;
  readonly rate: number;
}

/** A BatchNorm layer at inference: `a = γ (x - μ) / sqrt(σ² + ε) + β` per column. @internal */
export interface BatchNormSpec {
  readonly kind: "batchNorm";
  readonly size: number;
  readonly epsilon: number;
  readonly momentum: number;
  readonly gamma: Float64Array;
  readonly beta: Float64Array;
  readonly mean: Float64Array;
  readonly variance: Float64Array;
}

/** A Softmax layer: row-wise `exp(x - max) / Σ exp(x - max)`. @internal */
export interface SoftmaxSpec {
  readonly kind: "softmax";
  readonly size: number;
}

/** One layer as the exporters read it. @internal */
export type LayerSpec = DenseSpec | DropoutSpec | BatchNormSpec | SoftmaxSpec;

/** Layer methods that, replaced on a built-in layer, make it compute something its class does not. */
const METHODS = ["forward", "backward"] as const;

/**
 * The layers of `net` as specifications, their values copied; `what` names the caller in
 * messages (`"toOnnx"`). @internal
 * @throws {@link ConfigError} If `net` is not a Network, or a layer or activation has no
 *   equivalent in other formats (a layer or activation of yours, a built-in layer whose forward or
 *   backward was replaced): the message names the layer and what is supported.
 */
export function specOf(net: unknown, what: string): LayerSpec[] {
  if (!(net instanceof Network)) throw new ConfigError(`${what}: net must be a Network, got ${describe(net)}`);
  return net.layers.map((layer, i) => layerSpec(layer, `${what}: layers[${i}]`));
}

function layerSpec(layer: Layer, where: string): LayerSpec {
  const proto: unknown = Object.getPrototypeOf(layer);
  const replaced = METHODS.find((m) => Object.hasOwn(layer, m));
  const supported = `supported: Dense (activations ${Object.keys(builtinActivations).join(", ")}), Dropout, BatchNorm, Softmax`;
  const builtin = [Dense.prototype, Dropout.prototype, BatchNorm.prototype, Softmax.prototype].includes(proto as never);
  if (!builtin) throw new ConfigError(`${where} is a layer of yours of type ${quote(String(layer.type))}, which other formats do not have; ${supported}`);
  if (replaced !== undefined) {
    throw new ConfigError(`${where} (${quote(String(layer.type))}) has its ${replaced} replaced: other formats would compute the class's, not yours; ${supported}`);
  }
  if (proto === Dense.prototype) {
    const d = layer as Dense;
    const name = Object.entries(builtinActivations).find(([, a]) => a === d.activation)?.[0] as ActivationName | undefined;
    if (name === undefined) {
      throw new ConfigError(`${where} is a Dense layer with the activation ${quote(String(d.activation.name))} of yours, which other formats do not have; ${supported}`);
    }
    return {
      kind: "dense",
      inputSize: d.inputSize,
      outputSize: d.outputSize,
      weights: Float64Array.from(packed(d.weights.value)),
      bias: d.bias === undefined ? null : Float64Array.from(packed(d.bias.value)),
      activation: name,
    };
  }
  if (proto === Dropout.prototype) {
    const d = layer as Dropout;
    return { kind: "dropout", size: d.inputSize, rate: d.rate };
  }
  if (proto === BatchNorm.prototype) {
    const b = layer as BatchNorm;
    return {
      kind: "batchNorm",
      size: b.inputSize,
      epsilon: b.epsilon,
      momentum: b.momentum,
      gamma: Float64Array.from(packed(b.gamma.value)),
      beta: Float64Array.from(packed(b.beta.value)),
      mean: Float64Array.from(packed(b.runningMean)),
      variance: Float64Array.from(packed(b.runningVariance)),
    };
  }
  if (proto === Softmax.prototype) return { kind: "softmax", size: layer.inputSize };
  throw new ConfigError(`${where} is a layer of yours of type ${quote(String(layer.type))}, which other formats do not have; ${supported}`);
}

/** A matrix's values row by row, whatever its strides. */
function packed(m: { shape: readonly number[]; get(...i: number[]): number }): number[] {
  const out: number[] = [];
  for (let r = 0; r < m.shape[0]!; r++) for (let c = 0; c < m.shape[1]!; c++) out.push(m.get(r, c));
  return out;
}

/** The smallest normal float32: an epsilon below it is 0 or loses its precision in float32. */
const FLOAT32_MIN_NORMAL = 1.1754943508222875e-38;

/**
 * Throws unless every BatchNorm epsilon survives rounding to float32: one that becomes 0 (or a
 * subnormal) there divides by sqrt(0) where a running variance is 0, and the exported model gives
 * Infinity where tinynn gives a finite number. @internal
 * @throws {@link DataError} naming the layer.
 */
export function checkFloat32Epsilons(specs: readonly LayerSpec[], what: string): void {
  specs.forEach((s, i) => {
    if (s.kind === "batchNorm" && s.epsilon < FLOAT32_MIN_NORMAL) {
      throw new DataError(`${what}: layers[${i}] is a BatchNorm whose epsilon ${s.epsilon} is below float32's smallest normal number (1.2e-38): in float32 it would be ${Math.fround(s.epsilon)}`);
    }
  });
}
