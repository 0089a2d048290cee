// A trained network as the source text of an ES module that needs nothing: no tinynn, no imports.
// The module must predict what `net.predict` predicts, bit for bit, so it writes every value so
// that it parses back to the same double and does tinynn's inference arithmetic operation for
// operation, in tinynn's order:
//
// - Dense (src/matrix/matmul.ts, wasm.ts, src/layers/dense.ts, src/activations/kernels.ts): every
//   entry of x W is x[0] W[0][j] + x[1] W[1][j] + ... summed left to right from the first product
//   (the JS tiles and the WebAssembly f64x2 kernel both do; neither fuses a multiply-add), then
//   + b[j] (the kernels' inline z + b and the output layer's z[i] += b[j] are the same addition),
//   then the activation's formula as the kernels write it, with tinynn's own exp and tanh
//   (src/math, written into the module as source text below), not Math.exp and Math.tanh.
// - BatchNorm at inference (batch-norm.ts): inv = 1 / sqrt(σ²_run + ε), then γ ((x - μ_run) inv) + β.
// - Softmax (softmax.ts): the row's max by `>` from -Infinity, e = exp(x - max) summed left to
//   right from 0, then each e / sum.
// - Dropout: the identity outside training.
//
// The library only builds the text; nothing here or in the module evaluates a string.

import { ConfigError, LimitError } from "../errors.js";
import { E, HALF_LN2_HW, INV_LN2, LN2_HI, LN2_LO, O_THRESHOLD, OVERFLOW_HW, P1, P2, P3, P4, P5, TINY_HW, TWO_1023, TWO_M1000, U_THRESHOLD } from "../math/exp.js";
import { Q1, Q2, Q3, Q4, Q5, SATURATION_HW, TWO_M54 } from "../math/expm1.js";
import type { Network } from "../network/network.js";
import { specOf, type DenseSpec, type LayerSpec } from "./spec.js";

/** The longest string V8 makes (2^29 - 24 characters): a longer module cannot be returned. */
const MAX_TEXT = 2 ** 29 - 24;

/**
 * The source text of an ES module that predicts as `net` does, with nothing to install: it imports
 * nothing and exports `predict(rows: number[][]): number[][]`, the network's weights written into
 * it. Save it as a `.js` / `.mjs` file and ship it where even tinynn is too much (a page, a
 * worker, an edge function, an extension).
 *
 * ```text
 * predict(rows) = net.predict(rows), bit for bit, in every JavaScript engine
 * ```
 *
 * Every value is written as JavaScript's shortest round-trip decimal (`-0` as `-0`), which parses
 * back to the same double, and the module does tinynn's inference arithmetic operation for
 * operation in tinynn's order (sums left to right from the first product, the activations'
 * formulas as tinynn's kernels write them, BatchNorm's `1 / sqrt(σ² + ε)` first, Softmax's row max
 * and sum), so its numbers are `net.predict`'s. Its `exp` and `tanh` are tinynn's own
 * ({@link index!exactMath}, written into the module), not `Math.exp` and `Math.tanh`, whose last bit
 * differs between engines: the module gives tinynn's bits in every JavaScript engine. The text starts with a comment that lists the layers; it has one small function per kind of layer
 * and activation it uses. It generates no code from strings, so strict Content-Security-Policies
 * allow it, and `toStandaloneModule` only builds the string: it evaluates nothing.
 *
 * The module checks its input as `net.predict` does, with plain errors (it has no access to
 * tinynn's error classes): a `TypeError` when `rows` is not an array of arrays of numbers, a
 * `RangeError` when it is empty, a row has the wrong length or a number is NaN or infinite, and a
 * `RangeError` when an output is not finite (where `net.predict` throws a `DataError`). It returns
 * new arrays. Unlike `net.predict`, it computes all rows at once, in buffers as large as the input.
 *
 * @param net - the network; its layers and activations must be built-in (Dense with a built-in
 *   activation, Dropout, BatchNorm, Softmax)
 * @returns the module's source text
 * @throws {@link index!ConfigError} If `net` is not a Network, a layer or activation is one of yours (or
 *   a built-in layer's forward or backward was replaced): the message names it; or a value of the
 *   network is NaN or infinite (set by hand).
 * @throws {@link index!LimitError} If the text would be longer than a JavaScript string can be (2^29 - 24
 *   characters, about 20 million weights).
 *
 * @example
 * import { writeFileSync } from "node:fs";
 * import { pathToFileURL } from "node:url";
 * const net = new Network({ layers: [3, 4, 1], bias: false, random: numpyRandom(1) });
 * writeFileSync("net.mjs", toStandaloneModule(net));
 * const { predict } = await import(pathToFileURL("net.mjs").href);
 * predict([[1, 0, 1]]);     // [[0.5438408563499275]], exactly net.predict([[1, 0, 1]])
 * predict([[1, 0]]);        // RangeError: predict: rows[0] must have 3 numbers (the network's inputs), got 2
 */
export function toStandaloneModule(net: Network): string {
  const specs = specOf(net, "toStandaloneModule");
  const text = new Text();
  const sizes = specs.map(sizesOf);
  const inputs = sizes[0]![0];
  const outputs = sizes[sizes.length - 1]![1];

  text.line(`// Generated by tinynn's toStandaloneModule: a network of ${inputs} input${s(inputs)} and ${outputs} output${s(outputs)}, as an ES module`);
  text.line("// that needs nothing else. Save it as a .js or .mjs file: its one export is predict(rows).");
  text.line("//");
  specs.forEach((spec, l) => text.line(`//   layers[${l}]  ${describeLayer(spec)}`));
  text.line("//");
  text.line("// predict(rows) gives the numbers tinynn's net.predict(rows) gives, bit for bit, in every");
  text.line("// JavaScript engine: every value below is written to the last bit, and the arithmetic is tinynn's,");
  text.line("// operation for operation in the same order.");
  const usesExp = specs.some((x) => x.kind === "softmax" || (x.kind === "dense" && x.activation === "sigmoid"));
  const usesTanh = specs.some((x) => x.kind === "dense" && x.activation === "tanh");
  const own = [...(usesExp ? ["exp"] : []), ...(usesTanh ? ["tanh"] : [])];
  if (own.length > 0) {
    const are = own.length === 1 ? "is" : "are";
    text.line(`// (${own.join(" and ")} below ${are} tinynn's own, not Math's, whose last bit varies between engines.)`);
  }
  text.line(`// rows: an array of arrays of ${inputs} finite number${s(inputs)}; it returns new arrays of ${outputs} number${s(outputs)} each.`);
  text.line("// Bad input throws a TypeError or a RangeError: plain errors, since this file has no access to");
  text.line("// tinynn's error classes. It generates no code from strings: strict Content-Security-Policies allow it.");

  // the values, layer by layer
  specs.forEach((spec, l) => {
    if (spec.kind === "dense") {
      text.line("");
      text.line(`// layers[${l}]: W${l} is [${spec.inputSize} x ${spec.outputSize}], row k holding the weights from input k${spec.bias === null ? "" : `; b${l} the bias`}`);
      text.matrix(`W${l}`, spec.weights, spec.outputSize, `layers[${l}].W`);
      if (spec.bias !== null) text.matrix(`b${l}`, spec.bias, spec.outputSize, `layers[${l}].b`);
    } else if (spec.kind === "batchNorm") {
      text.line("");
      text.line(`// layers[${l}]: gamma, beta (trained), running mean and running variance`);
      text.matrix(`gamma${l}`, spec.gamma, spec.size, `layers[${l}].gamma`);
      text.matrix(`beta${l}`, spec.beta, spec.size, `layers[${l}].beta`);
      text.matrix(`mean${l}`, spec.mean, spec.size, `layers[${l}].runningMean`);
      text.matrix(`variance${l}`, spec.variance, spec.size, `layers[${l}].runningVariance`);
    }
  });

  // the functions of the kinds used
  if (usesExp || usesTanh) text.block(POWERS_OF_TWO);
  if (usesExp) text.block(EXP);
  if (usesTanh) text.block(EXPM1);
  const dense = specs.filter((x): x is DenseSpec => x.kind === "dense");
  for (const name of ACTIVATION_ORDER) {
    if (dense.some((d) => d.activation === name)) text.block(ACTIVATIONS[name]);
  }
  text.block(INPUT);
  if (dense.length > 0) text.block(DENSE);
  if (specs.some((x) => x.kind === "batchNorm")) text.block(BATCH_NORM);
  if (specs.some((x) => x.kind === "softmax")) text.block(SOFTMAX);
  text.block(OUTPUT);

  // predict: the layers in order
  text.line("");
  text.line("/**");
  text.line(" * The network's outputs for `rows`: exactly those of tinynn's net.predict(rows).");
  text.line(" *");
  text.line(` * @param {number[][]} rows - each an array of ${inputs} finite number${s(inputs)}`);
  text.line(` * @returns {number[][]} new arrays of ${outputs} number${s(outputs)}, one per row`);
  text.line(" * @throws {TypeError} If rows is not an array of arrays of numbers.");
  text.line(" * @throws {RangeError} If rows is empty, a row has the wrong length, a number is NaN or infinite, or an output is not finite.");
  text.line(" */");
  text.line("export function predict(rows) {");
  text.line(`  let x = input(rows, ${inputs});`);
  text.line(`  const n = x.length / ${inputs};`);
  specs.forEach((spec, l) => {
    const where = `layers[${l}]`;
    switch (spec.kind) {
      case "dense":
        text.line(`  x = dense(x, n, ${spec.inputSize}, ${spec.outputSize}, W${l}, ${spec.bias === null ? "null" : `b${l}`}, ${spec.activation}); // ${where}`);
        break;
      case "batchNorm":
        text.line(`  x = batchNorm(x, n, ${spec.size}, gamma${l}, beta${l}, mean${l}, variance${l}, ${literal(spec.epsilon, `${where}.epsilon`)}); // ${where}`);
        break;
      case "softmax":
        text.line(`  x = softmax(x, n, ${spec.size}); // ${where}`);
        break;
      case "dropout":
        text.line(`  // ${where}: Dropout, the identity at inference`);
        break;
    }
  });
  text.line(`  return output(x, n, ${outputs});`);
  text.line("}");
  return text.done();
}

const s = (n: number): string => (n === 1 ? "" : "s");

function sizesOf(spec: LayerSpec): [number, number] {
  return spec.kind === "dense" ? [spec.inputSize, spec.outputSize] : [spec.size, spec.size];
}

function describeLayer(spec: LayerSpec): string {
  switch (spec.kind) {
    case "dense":
      return `Dense ${spec.inputSize} -> ${spec.outputSize}, ${spec.activation}, ${spec.bias === null ? "no bias" : "bias"}`;
    case "batchNorm":
      return `BatchNorm ${spec.size}, epsilon ${literal(spec.epsilon, "epsilon")} (its running statistics)`;
    case "softmax":
      return `Softmax ${spec.size} (row by row)`;
    case "dropout":
      return `Dropout ${spec.size}, rate ${literal(spec.rate, "rate")} (the identity at inference)`;
  }
}

/** `x` as a literal that parses back to the same double: the shortest round-trip decimal, -0 as `-0`. */
function literal(x: number, where: string): string {
  if (!Number.isFinite(x)) {
    throw new ConfigError(`toStandaloneModule: ${where} is ${x}: a module of finite numbers cannot predict as it does (was a value set by hand?)`);
  }
  return Object.is(x, -0) ? "-0" : String(x);
}

/** The module's text as lines, its length checked against {@link MAX_TEXT} as it grows. */
class Text {
  private readonly lines: string[] = [];
  private length = 0;

  line(l: string): void {
    this.length += l.length + 1;
    if (this.length > MAX_TEXT) {
      throw new LimitError(`toStandaloneModule: the module would be longer than the ${MAX_TEXT} characters a JavaScript string can hold (the network has too many values)`);
    }
    this.lines.push(l);
  }

  block(code: string): void {
    this.line("");
    for (const l of code.split("\n")) this.line(l);
  }

  /** `const name = new Float64Array([...])`, `cols` values a line. */
  matrix(name: string, values: Float64Array, cols: number, where: string): void {
    this.line(`const ${name} = new Float64Array([`);
    for (let r = 0; r < values.length; r += cols) {
      const row: string[] = [];
      for (let c = r; c < r + cols; c++) row.push(literal(values[c]!, `${where}[${c}]`));
      this.line(`  ${row.join(", ")},`);
    }
    this.line("]);");
  }

  done(): string {
    return this.lines.join("\n") + "\n";
  }
}

// The module's functions. Each formula is written as tinynn's kernels write it: same operations,
// same order.

const ACTIVATION_ORDER = ["sigmoid", "tanh", "relu", "leakyRelu", "identity"] as const;

// tinynn's exp, expm1 and tanh (src/math) as text: the same operations on the same constants
// (written from src/math's, each as its shortest round-trip decimal), so the module computes
// tinynn's bits in every engine. test/interop/standalone.test.ts checks the text against src/math.

const POWERS_OF_TWO = `/** 2^k for -1074 <= k <= 1023, exact: a table built on first use by doubling and halving. */
let powers = null;
function twoTo(k) {
  if (powers === null) {
    powers = new Float64Array(2098);
    let p = 1;
    for (let i = 0; i < 1024; i++) {
      powers[1074 + i] = p;
      p *= 2;
    }
    p = 1;
    for (let i = 1; i <= 1074; i++) {
      p /= 2;
      powers[1074 - i] = p;
    }
  }
  return powers[k + 1074];
}`;

const EXP = `/**
 * e^x: tinynn's exp, fdlibm's algorithm (what Node 20's Math.exp returns) with IEEE + - * / and
 * comparisons only, so that it gives the same bits in every JavaScript engine (Math.exp does not).
 * x = k ln2 + r with |r| <= ln2 / 2, e^r from a rational approximation, then e^x = 2^k e^r.
 */
function exp(x) {
  const ax = x < 0 ? -x : x;
  if (!(ax < ${OVERFLOW_HW})) {
    if (x !== x) return x;
    if (x > ${O_THRESHOLD}) return Infinity;
    if (x < ${U_THRESHOLD}) return 0;
  }
  if (ax < ${TINY_HW}) return 1 + x;
  if (x === 1) return ${E};
  const k = ax < ${HALF_LN2_HW} ? 0 : (${INV_LN2} * x + (x < 0 ? -0.5 : 0.5)) | 0;
  const hi = x - k * ${LN2_HI};
  const lo = k * ${LN2_LO};
  const r = hi - lo;
  const t = r * r;
  const c = r - t * (${P1} + t * (${P2} + t * (${P3} + t * (${P4} + t * ${P5}))));
  const y = 1 - (lo - (r * c) / (2 - c) - hi);
  if (k > -1022 && k < 1024) return y * twoTo(k);
  return k === 1024 ? y * 2 * ${TWO_1023} : y * twoTo(k + 1000) * ${TWO_M1000};
}`;

const EXPM1 = `/** e^x - 1: tinynn's expm1 (fdlibm's algorithm, what Node 20's Math.expm1 returns), for tanh. */
function expm1(x) {
  const ax = x < 0 ? -x : x;
  if (!(ax < ${SATURATION_HW})) {
    if (x !== x) return x;
    if (x > ${O_THRESHOLD}) return Infinity;
    if (x < 0) return -1;
  }
  let k = 0;
  let r = x;
  let c = 0;
  if (!(ax < ${HALF_LN2_HW})) {
    k = (${INV_LN2} * x + (x < 0 ? -0.5 : 0.5)) | 0;
    const hi = x - k * ${LN2_HI};
    const lo = k * ${LN2_LO};
    r = hi - lo;
    c = hi - r - lo;
  } else if (ax < ${TWO_M54}) {
    return x;
  }
  const hfx = 0.5 * r;
  const hxs = r * hfx;
  const r1 = 1 + hxs * (${Q1} + hxs * (${Q2} + hxs * (${Q3} + hxs * (${Q4} + hxs * ${Q5}))));
  const t = 3 - r1 * hfx;
  let e = hxs * ((r1 - t) / (6 - r * t));
  if (k === 0) return r - (r * e - hxs);
  e = r * (e - c) - c - hxs;
  if (k === -1) return 0.5 * (r - e) - 0.5;
  if (k === 1) return r < -0.25 ? -2 * (e - (r + 0.5)) : 1 + 2 * (r - e);
  if (k <= -2 || k > 56) {
    const y = 1 - (e - r);
    return (k === 1024 ? y * 2 * ${TWO_1023} : y * twoTo(k)) - 1;
  }
  if (k < 20) return (1 - twoTo(-k) - (e - r)) * twoTo(k);
  return (r - (e + twoTo(-k)) + 1) * twoTo(k);
}`;

const ACTIVATIONS: Record<DenseSpec["activation"], string> = {
  sigmoid: "/** sigmoid: 1 / (1 + e^-x) */\nconst sigmoid = (x) => 1 / (1 + exp(-x));",
  tanh: `/**
 * tanh: tinynn's (fdlibm's algorithm on expm1, what Node 20's Math.tanh returns), for x >= 0
 * (tanh(-x) = -tanh(x)): x below 2^-28, -t / (t + 2) with t = expm1(-2x) below 1,
 * 1 - 2 / (t + 2) with t = expm1(2x) below 22, else 1.
 */
function tanh(x) {
  const ax = x < 0 ? -x : x;
  if (!(ax < 22)) {
    if (x !== x) return x;
    return x < 0 ? -1 : 1;
  }
  if (ax < ${TINY_HW}) return x;
  let z;
  if (ax >= 1) {
    const t = expm1(2 * ax);
    z = 1 - 2 / (t + 2);
  } else {
    const t = expm1(-2 * ax);
    z = -t / (t + 2);
  }
  return x < 0 ? -z : z;
}`,
  relu: "/** relu: max(0, x) */\nconst relu = (x) => (x > 0 ? x : 0);",
  leakyRelu: "/** leakyRelu: x if x > 0, else 0.01 x */\nconst leakyRelu = (x) => (x > 0 ? x : 0.01 * x);",
  identity: "/** identity */\nconst identity = (x) => x;",
};

const INPUT = `/** rows, checked, packed row by row into n x cols values. */
function input(rows, cols) {
  if (!Array.isArray(rows)) throw new TypeError(\`predict: rows must be an array of rows (number[][]), got \${what(rows)}\`);
  if (rows.length === 0) throw new RangeError("predict: rows must have at least one row, got an empty array");
  const x = new Float64Array(rows.length * cols);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    if (!Array.isArray(row)) throw new TypeError(\`predict: rows[\${i}] must be an array of \${cols} numbers, got \${what(row)}\`);
    if (row.length !== cols) throw new RangeError(\`predict: rows[\${i}] must have \${cols} numbers (the network's inputs), got \${row.length}\`);
    for (let k = 0; k < cols; k++) {
      const v = row[k];
      if (typeof v !== "number") throw new TypeError(\`predict: rows[\${i}][\${k}] must be a number, got \${what(v)}\`);
      if (!Number.isFinite(v)) throw new RangeError(\`predict: rows[\${i}][\${k}] must be a finite number, got \${v}\`);
      x[i * cols + k] = v;
    }
  }
  return x;
}

function what(v) {
  if (v === null) return "null";
  if (Array.isArray(v)) return \`an array of length \${v.length}\`;
  return typeof v === "number" || typeof v === "boolean" ? String(v) : typeof v;
}`;

const DENSE = `/**
 * Dense: out[i][j] = f(x[i][0] W[0][j] + x[i][1] W[1][j] + ... + b[j]), the sum left to right from
 * the first product, then the bias (none when b is null), then the activation f.
 */
function dense(x, n, p, m, W, b, f) {
  const out = new Float64Array(n * m);
  for (let i = 0; i < n; i++) {
    const r = i * p;
    for (let j = 0; j < m; j++) {
      let z = x[r] * W[j];
      for (let k = 1; k < p; k++) z += x[r + k] * W[k * m + j];
      out[i * m + j] = f(b === null ? z : z + b[j]);
    }
  }
  return out;
}`;

const BATCH_NORM = `/** BatchNorm at inference, per column j: inv = 1 / sqrt(variance + epsilon), out = gamma ((x - mean) inv) + beta. */
function batchNorm(x, n, c, gamma, beta, mean, variance, epsilon) {
  const out = new Float64Array(n * c);
  for (let j = 0; j < c; j++) {
    const inv = 1 / Math.sqrt(variance[j] + epsilon);
    for (let i = 0; i < n; i++) {
      const k = i * c + j;
      out[k] = gamma[j] * ((x[k] - mean[j]) * inv) + beta[j];
    }
  }
  return out;
}`;

const SOFTMAX = `/** Softmax per row: e = exp(x - max), summed left to right, then each e / sum. */
function softmax(x, n, c) {
  const p = new Float64Array(n * c);
  for (let i = 0; i < n; i++) {
    const o = i * c;
    let max = -Infinity;
    for (let j = 0; j < c; j++) if (x[o + j] > max) max = x[o + j];
    let sum = 0;
    for (let j = 0; j < c; j++) {
      p[o + j] = exp(x[o + j] - max);
      sum += p[o + j];
    }
    for (let j = 0; j < c; j++) p[o + j] /= sum;
  }
  return p;
}`;

const OUTPUT = `/** The n x m values as new arrays, each finite (as tinynn's predict, which throws otherwise). */
function output(a, n, m) {
  const rows = new Array(n);
  for (let i = 0; i < n; i++) {
    const row = new Array(m);
    for (let j = 0; j < m; j++) {
      const v = a[i * m + j];
      if (!Number.isFinite(v)) throw new RangeError(\`predict: the network's output[\${i}][\${j}] is \${v} for a finite input (a weight too large for these numbers?)\`);
      row[j] = v;
    }
    rows[i] = row;
  }
  return rows;
}`;
