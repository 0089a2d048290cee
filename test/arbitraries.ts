// fast-check arbitraries for test/properties.test.ts: small networks of every built-in layer, their data and
// training options, as plain specs (printable, so a failing case reads as what to build), with the builders
// that turn a spec into tinynn objects.
import fc from "fast-check";
import {
  Adagrad,
  Adam,
  BatchNorm,
  Dense,
  Dropout,
  exponentialDecay,
  GradientDescent,
  inverseTimeDecay,
  Momentum,
  Network,
  numpyRandom,
  RMSprop,
  Softmax,
  stepDecay,
  type Layer,
  type LearningRate,
  type Optimizer,
  type Random,
} from "tinynn";

export const ACTIVATIONS = ["sigmoid", "tanh", "relu", "leakyRelu", "identity"] as const;
export type ActivationName = (typeof ACTIVATIONS)[number];
export type LossName = "sse" | "mse" | "crossEntropy";

export type LayerSpec =
  | { readonly type: "dense"; readonly outputSize: number; readonly activation: ActivationName; readonly bias: boolean }
  | { readonly type: "batchNorm"; readonly momentum: number }
  | { readonly type: "dropout"; readonly rate: number }
  | { readonly type: "softmax" };

/** A network as data: input width, layers input to output (each sized by the one before), the loss it trains with. */
export interface NetworkSpec {
  readonly inputSize: number;
  readonly layers: readonly LayerSpec[];
  readonly loss: LossName;
}

export interface SpecOptions {
  /** Widest layer; default 5. */
  readonly maxSize?: number;
  /** Narrowest input and hidden layer; default 1. */
  readonly minSize?: number;
  /** Dense blocks before the output layer, at least; default 0. */
  readonly minHidden?: number;
  /** Dense blocks before the output layer, at most; default 2. */
  readonly maxHidden?: number;
  /** Allow Dropout layers (rate up to 0.5); default true. */
  readonly dropout?: boolean;
}

function dense(maxSize: number, minSize = 1) {
  return fc.record({
    type: fc.constant("dense" as const),
    outputSize: fc.integer({ min: minSize, max: Math.max(minSize, maxSize) }),
    activation: fc.constantFrom(...ACTIVATIONS),
    bias: fc.boolean(),
  });
}

const batchNorm = fc.record({ type: fc.constant("batchNorm" as const), momentum: fc.constantFrom(0, 0.5, 0.9) });
const dropout = fc.record({ type: fc.constant("dropout" as const), rate: fc.double({ min: 0, max: 0.5, noNaN: true }) });

/**
 * Networks of every built-in layer: up to `maxHidden` blocks of Dense (any activation, with or without
 * bias), each optionally followed by BatchNorm and Dropout; then either a Dense output trained with sse or
 * mse, or a Dense of 2 or more units into Softmax, trained with crossEntropy (the fused head), sse or mse.
 */
export function networkSpec(options: SpecOptions = {}): fc.Arbitrary<NetworkSpec> {
  const maxSize = options.maxSize ?? 5;
  const minSize = options.minSize ?? 1;
  const block = fc
    .tuple(dense(maxSize, minSize), fc.option(batchNorm, { nil: undefined }), options.dropout === false ? fc.constant(undefined) : fc.option(dropout, { nil: undefined }))
    .map(([d, b, r]): LayerSpec[] => [d, ...(b ? [b] : []), ...(r ? [r] : [])]);
  const regression = fc.tuple(dense(Math.min(maxSize, 4)), fc.constantFrom<LossName>("sse", "mse")).map(([d, loss]) => ({ out: [d] as LayerSpec[], loss }));
  const classification = fc
    .tuple(dense(Math.min(maxSize, 4), 2), fc.constantFrom<LossName>("crossEntropy", "sse", "mse"))
    .map(([d, loss]) => ({ out: [d, { type: "softmax" }] as LayerSpec[], loss }));
  return fc
    .record({
      inputSize: fc.integer({ min: minSize, max: maxSize }),
      hidden: fc.array(block, { minLength: options.minHidden ?? 0, maxLength: options.maxHidden ?? 2 }),
      head: fc.oneof(regression, classification),
    })
    .map(({ inputSize, hidden, head }) => ({ inputSize, layers: [...hidden.flat(), ...head.out], loss: head.loss }));
}

/** The spec's layers, built (not initialised: the Network does that). */
export function buildLayers(spec: NetworkSpec): Layer[] {
  let width = spec.inputSize;
  return spec.layers.map((l): Layer => {
    switch (l.type) {
      case "dense": {
        const layer = new Dense({ inputSize: width, outputSize: l.outputSize, activation: l.activation, bias: l.bias });
        width = l.outputSize;
        return layer;
      }
      case "batchNorm":
        return new BatchNorm({ size: width, momentum: l.momentum });
      case "dropout":
        return new Dropout({ size: width, rate: l.rate });
      case "softmax":
        return new Softmax({ size: width });
    }
  });
}

/** How a network gets its random source: `seed` (seedrandom's ARC4) or `numpyRandom(seed)`. */
export type SeedSpec = { readonly kind: "seed"; readonly seed: number | string } | { readonly kind: "numpy"; readonly seed: number };

export const seedSpec: fc.Arbitrary<SeedSpec> = fc.oneof(
  fc.record({ kind: fc.constant("seed" as const), seed: fc.oneof(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.string({ maxLength: 6 })) }),
  fc.record({ kind: fc.constant("numpy" as const), seed: fc.integer({ min: 0, max: 2 ** 32 - 1 }) }),
);

export function buildNetwork(spec: NetworkSpec, seed: SeedSpec): Network {
  const layers = buildLayers(spec);
  return seed.kind === "numpy" ? new Network({ layers, random: numpyRandom(seed.seed) }) : new Network({ layers, seed: seed.seed });
}

/** Rows of the data set: inputs in [-2, 2] (any double there: -0, subnormals, the ends); targets for the loss. */
export interface DataSet {
  readonly X: number[][];
  readonly y: number[][];
}

export function dataFor(spec: NetworkSpec, rows: { min: number; max: number }): fc.Arbitrary<DataSet> {
  const outputSize = outputSizeOf(spec);
  const x = fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: spec.inputSize, maxLength: spec.inputSize });
  // crossEntropy's fused gradient (p - y) / n needs target rows that sum to 1: one-hot classes
  const t =
    spec.loss === "crossEntropy"
      ? fc.integer({ min: 0, max: outputSize - 1 }).map((c) => Array.from({ length: outputSize }, (_, j) => (j === c ? 1 : 0)))
      : fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: outputSize, maxLength: outputSize });
  return fc.array(fc.tuple(x, t), { minLength: rows.min, maxLength: rows.max }).map((pairs) => ({ X: pairs.map((p) => p[0]), y: pairs.map((p) => p[1]) }));
}

export function outputSizeOf(spec: NetworkSpec): number {
  let width = spec.inputSize;
  for (const l of spec.layers) if (l.type === "dense") width = l.outputSize;
  return width;
}

export interface NetworkWithData {
  readonly spec: NetworkSpec;
  readonly data: DataSet;
}

/** A network spec with its data, drawn together so the data fit it. */
export function specWithData(options: SpecOptions, rows: { min: number; max: number }): fc.Arbitrary<NetworkWithData> {
  return networkSpec(options).chain((spec) => dataFor(spec, rows).map((data) => ({ spec, data })));
}

export const OPTIMIZERS = ["gradientDescent", "momentum", "nesterov", "adam", "rmsprop", "adagrad"] as const;
export type OptimizerKind = (typeof OPTIMIZERS)[number];
export type ScheduleKind = "constant" | "step" | "exponential" | "inverseTime";

/** An optimizer as data; `makeOptimizer` builds a fresh instance (with fresh state) from it. */
export interface OptimizerSpec {
  readonly kind: OptimizerKind;
  readonly alpha: number;
  readonly schedule: ScheduleKind;
  /** momentum's beta, adam's beta1, rmsprop's rho */
  readonly decay: number;
}

export function optimizerSpec(kinds: readonly OptimizerKind[] = OPTIMIZERS, schedules: readonly ScheduleKind[] = ["constant", "step", "exponential", "inverseTime"]): fc.Arbitrary<OptimizerSpec> {
  return fc.record({
    kind: fc.constantFrom(...kinds),
    alpha: fc.double({ min: 0.005, max: 0.1, noNaN: true }),
    schedule: fc.constantFrom(...schedules),
    decay: fc.double({ min: 0, max: 0.95, noNaN: true }),
  });
}

function learningRate(spec: OptimizerSpec): LearningRate {
  switch (spec.schedule) {
    case "constant":
      return spec.alpha;
    case "step":
      return stepDecay({ alpha: spec.alpha, drop: 0.5, every: 2 });
    case "exponential":
      return exponentialDecay({ alpha: spec.alpha, rate: 0.9 });
    case "inverseTime":
      return inverseTimeDecay({ alpha: spec.alpha, decay: 0.3 });
  }
}

export function makeOptimizer(spec: OptimizerSpec): Optimizer {
  const alpha = learningRate(spec);
  switch (spec.kind) {
    case "gradientDescent":
      return new GradientDescent({ alpha });
    case "momentum":
      return new Momentum({ alpha, beta: spec.decay });
    case "nesterov":
      return new Momentum({ alpha, beta: spec.decay, nesterov: true });
    case "adam":
      return new Adam({ alpha, beta1: spec.decay });
    case "rmsprop":
      return new RMSprop({ alpha, rho: spec.decay });
    case "adagrad":
      return new Adagrad({ alpha });
  }
}

/** Where two number arrays first differ bit for bit (Object.is: -0 differs from 0, NaN equals NaN), or undefined. */
export function firstDifference(a: readonly number[], b: readonly number[]): string | undefined {
  if (a.length !== b.length) return `lengths ${a.length} and ${b.length}`;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return `at ${i}: ${Object.is(a[i], -0) ? "-0" : a[i]} vs ${Object.is(b[i], -0) ? "-0" : b[i]}`;
  return undefined;
}

/** Every number a network holds: parameter values and layer state (BatchNorm's running statistics), in order. */
export function networkNumbers(net: Network): number[] {
  return [...net.parameters().flatMap((p) => Array.from(p.value.data)), ...net.layers.flatMap((l) => (l.state ?? []).flatMap((m) => Array.from(m.data)))];
}

/** The random source's state as text, to compare two streams' positions. */
export function randomState(random: Random): string {
  return JSON.stringify(random.getState?.());
}
