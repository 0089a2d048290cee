// A network as an ONNX model (opset 17, IR version 8), encoded by ./protobuf.ts: the few messages a
// feedforward graph needs (ModelProto, GraphProto, NodeProto, AttributeProto, TensorProto,
// ValueInfoProto), with the field numbers of onnx/onnx.proto. Written here rather than taken from a
// protobuf library, so that an app that never exports carries no dependency for it.

import { checkKnownKeys, ConfigError, DataError, describe, listNames, quote } from "../errors.js";
import type { Network } from "../network/network.js";
import { ProtoMessage } from "./protobuf.js";
import { checkFloat32Epsilons, specOf, type LayerSpec } from "./spec.js";

/** Options of {@link toOnnx}. */
export interface OnnxOptions {
  /**
   * The element type of the model's input, output and weights: `"float32"` (default: what every
   * runtime and accelerator runs; weights rounded to the nearest float32) or `"float64"` (weights
   * exact; predicts as tinynn to rounding, where the runtime has double kernels).
   */
  dtype?: "float32" | "float64";
}

/** Every key of {@link OnnxOptions}. */
const ONNX_OPTION_KEYS = ["dtype"] as const satisfies readonly (keyof OnnxOptions)[];
const DTYPES = ["float32", "float64"] as const;

/**
 * The opset the model imports. Every operator written here has had its current definition since
 * opset 16 at the latest (LeakyRelu-16, PRelu-16, Relu-14, Add/Sub/Mul-14, MatMul/Sigmoid/Tanh/
 * Softmax/Sqrt/Reciprocal-13; Identity is Identity-16 under it), so a later opset computes the same
 * and loads in fewer runtimes.
 */
const OPSET = 17;
/** The IR version of ONNX 1.12, which introduced opset 17. */
const IR_VERSION = 8;

// Field numbers from onnx/onnx.proto.
const MODEL = { irVersion: 1, producerName: 2, graph: 7, opsetImport: 8 } as const;
const OPSET_ID = { version: 2 } as const;
const GRAPH = { node: 1, name: 2, initializer: 5, input: 11, output: 12 } as const;
const NODE = { input: 1, output: 2, name: 3, opType: 4, attribute: 5 } as const;
const ATTRIBUTE = { name: 1, f: 2, i: 3, type: 20 } as const;
const ATTRIBUTE_TYPE = { FLOAT: 1, INT: 2 } as const;
const TENSOR = { dims: 1, dataType: 2, name: 8, rawData: 9 } as const;
const DATA_TYPE = { float32: 1, float64: 11 } as const;
const VALUE_INFO = { name: 1, type: 2 } as const;
const TYPE = { tensorType: 1 } as const;
const TENSOR_TYPE = { elemType: 1, shape: 2 } as const;
const SHAPE = { dim: 1 } as const;
const DIMENSION = { dimValue: 1, dimParam: 2 } as const;

/** leakyRelu's slope for negative inputs (src/activations/builtins.ts). */
const LEAKY_SLOPE = 0.01;

type Dtype = (typeof DTYPES)[number];
type Attribute = { name: string; float: number } | { name: string; int: number };
interface Node {
  op: string;
  inputs: string[];
  output: string;
  attributes: Attribute[];
}
interface Initializer {
  name: string;
  dims: number[];
  values: Float64Array;
  /** where the values come from, for a message: `layers[0].W` */
  where: string;
}

/**
 * The network as the bytes of an ONNX model (opset 17, IR version 8) that ONNX Runtime (web, node,
 * Python, C++, mobile) and other ONNX tools load: one input `"input"` of shape `[batch, inputSize]`
 * (`batch` symbolic), one output `"output"` of shape `[batch, outputSize]`, the weights and running
 * statistics as initializers, computing what {@link Network.predict} computes.
 *
 * ```text
 * Dense       a = f(x W + b)                          MatMul, Add (no Add without bias), then
 *                                                     Sigmoid | Tanh | Relu | LeakyRelu(alpha 0.01) | nothing (identity)
 * Dropout     a = x                                   nothing (inference)
 * BatchNorm   a = γ ((x - μ) · 1/sqrt(σ² + ε)) + β    Add, Sqrt, Reciprocal, Sub, Mul, Mul, Add (running μ, σ²)
 * Softmax     a = exp(x - max) / Σ exp(x - max)       Softmax(axis -1)
 * ```
 *
 * `"float32"` rounds the weights to the nearest float32; `"float64"` keeps them exact, and ONNX
 * Runtime's double kernels then predict as tinynn to a few ulps (at most 3.3e-16 of the outputs'
 * scale in test/interop/onnx.test.ts). BatchNorm is written as elementwise operators, in tinynn's order of operations,
 * rather than as BatchNormalization, whose epsilon is a float32 attribute; for the same reason a
 * float64 model computes leakyRelu as `PRelu` with a float64 slope tensor of 0.01 (LeakyRelu's
 * alpha is a float32 attribute: 0.01 would be 0.009999999776).
 *
 * @param net - a network of built-in layers (Dense with a built-in activation, Dropout, BatchNorm, Softmax)
 * @param options - `{ dtype? }`: `"float32"` (default) or `"float64"`
 * @returns the model's bytes (protobuf), to write to a `.onnx` file or give to `InferenceSession.create`
 * @throws `ConfigError` (from `tinynn`) If `options` has an unknown key or `dtype` is not `"float32"` or
 *   `"float64"` (checked first), if `net` is not a Network, or if a layer or activation has no ONNX
 *   equivalent (one of yours, named in the message).
 * @throws `DataError` (from `tinynn`) If, for `"float32"`, a value is beyond float32's range (±3.4e38), where it
 *   would become Infinity: export it as `"float64"`.
 *
 * @example
 * import * as ort from "onnxruntime-web";
 * const bytes = toOnnx(net);   // the blog's trained 3-4-1 network (README): a Uint8Array of 397 bytes
 * const session = await ort.InferenceSession.create(bytes);
 * const { output } = await session.run({ input: new ort.Tensor("float32", Float32Array.from(X.flat()), [4, 3]) });
 * output.data;                 // Float32Array [0.0026057..., 0.9967221..., 0.997017..., 0.0038675...] net.predict(X) to float32's precision
 * toOnnx(net, { dtype: "float64" }).length;   // 461: run it with Float64Array inputs
 */
export function toOnnx(net: Network, options?: OnnxOptions): Uint8Array {
  const dtype = checkOnnxOptions(options);
  const specs = specOf(net, "toOnnx");
  if (dtype === "float32") checkFloat32Epsilons(specs, "toOnnx");
  const { nodes, initializers, inputSize, outputSize } = graphOf(specs, dtype);
  const elemType = DATA_TYPE[dtype];

  const graph = new ProtoMessage();
  for (const node of nodes) graph.message(GRAPH.node, nodeProto(node));
  graph.string(GRAPH.name, "tinynn");
  for (const init of initializers) graph.message(GRAPH.initializer, tensorProto(init, dtype));
  graph.message(GRAPH.input, valueInfo("input", elemType, inputSize));
  graph.message(GRAPH.output, valueInfo("output", elemType, outputSize));

  return new ProtoMessage()
    .int(MODEL.irVersion, IR_VERSION)
    .string(MODEL.producerName, "tinynn")
    .message(MODEL.graph, graph)
    .message(MODEL.opsetImport, new ProtoMessage().int(OPSET_ID.version, OPSET)) // domain "": ai.onnx
    .finish();
}

/** Throws a ConfigError unless `options` is {@link OnnxOptions}; returns the dtype. */
function checkOnnxOptions(options: unknown): Dtype {
  if (options === undefined) return "float32";
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw new ConfigError(`toOnnx options must be an object { dtype? }, got ${describe(options)}`);
  }
  checkKnownKeys(options, "toOnnx", ONNX_OPTION_KEYS);
  const dtype = (options as { dtype?: unknown }).dtype;
  if (dtype === undefined) return "float32";
  if (typeof dtype !== "string" || !(DTYPES as readonly string[]).includes(dtype)) {
    throw new ConfigError(`toOnnx dtype must be one of ${listNames(DTYPES.map((d) => quote(d)))}, got ${describe(dtype)}`);
  }
  return dtype as Dtype;
}

/** The nodes and initializers that compute the layers, in order; the last node writes `"output"`. */
function graphOf(specs: readonly LayerSpec[], dtype: Dtype) {
  const nodes: Node[] = [];
  const initializers: Initializer[] = [];
  let x = "input";
  const node = (op: string, inputs: string[], output: string, attributes: Attribute[] = []): string => {
    nodes.push({ op, inputs, output, attributes });
    return output;
  };
  const constant = (name: string, dims: number[], values: Float64Array, where: string): string => {
    initializers.push({ name, dims, values, where });
    return name;
  };

  specs.forEach((spec, i) => {
    const p = `layers.${i}`;
    switch (spec.kind) {
      case "dense": {
        const W = constant(`${p}.W`, [spec.inputSize, spec.outputSize], spec.weights, `layers[${i}].W`);
        x = node("MatMul", [x, W], `${p}.xW`);
        if (spec.bias !== null) x = node("Add", [x, constant(`${p}.b`, [spec.outputSize], spec.bias, `layers[${i}].b`)], `${p}.z`);
        const out = `${p}.a`;
        switch (spec.activation) {
          case "sigmoid":
            x = node("Sigmoid", [x], out);
            break;
          case "tanh":
            x = node("Tanh", [x], out);
            break;
          case "relu":
            x = node("Relu", [x], out);
            break;
          case "leakyRelu":
            if (dtype === "float32") {
              x = node("LeakyRelu", [x], out, [{ name: "alpha", float: LEAKY_SLOPE }]);
            } else {
              // LeakyRelu's alpha is a float32 attribute, 0.01 as float32 is 2.2e-8 off; PRelu's
              // slope is a tensor: x < 0 ? 0.01 x : x, tinynn's (x > 0 ? x : 0.01 x) bit for bit
              const slope = constant(`${p}.slope`, [1], Float64Array.of(LEAKY_SLOPE), `layers[${i}]'s leakyRelu slope`);
              x = node("PRelu", [x, slope], out);
            }
            break;
          case "identity":
            break;
        }
        return;
      }
      case "dropout":
        return;
      case "batchNorm": {
        const n = [spec.size];
        const mean = constant(`${p}.mean`, n, spec.mean, `layers[${i}].runningMean`);
        const variance = constant(`${p}.variance`, n, spec.variance, `layers[${i}].runningVariance`);
        const epsilon = constant(`${p}.epsilon`, [], Float64Array.of(spec.epsilon), `layers[${i}].epsilon`);
        const gamma = constant(`${p}.gamma`, n, spec.gamma, `layers[${i}].gamma`);
        const beta = constant(`${p}.beta`, n, spec.beta, `layers[${i}].beta`);
        // tinynn's order of operations, so that a float64 model gives its bits: x̂ = (x - μ) · inv
        const inv = node("Reciprocal", [node("Sqrt", [node("Add", [variance, epsilon], `${p}.variancePlusEpsilon`)], `${p}.std`)], `${p}.invStd`);
        const xhat = node("Mul", [node("Sub", [x, mean], `${p}.centered`), inv], `${p}.xhat`);
        x = node("Add", [node("Mul", [gamma, xhat], `${p}.scaled`), beta], `${p}.a`);
        return;
      }
      case "softmax":
        x = node("Softmax", [x], `${p}.a`, [{ name: "axis", int: -1 }]);
        return;
    }
  });

  const last = nodes.at(-1);
  // the output is a node's: a network of Dropout layers only still computes something
  if (last === undefined || last.output !== x) node("Identity", [x], "output");
  else last.output = "output";

  const first = specs[0]!;
  const lastSpec = specs.at(-1)!;
  const inputSize = first.kind === "dense" ? first.inputSize : first.size;
  const outputSize = lastSpec.kind === "dense" ? lastSpec.outputSize : lastSpec.size;
  return { nodes, initializers, inputSize, outputSize };
}

function nodeProto(node: Node): ProtoMessage {
  const m = new ProtoMessage();
  for (const input of node.inputs) m.string(NODE.input, input);
  m.string(NODE.output, node.output);
  m.string(NODE.name, node.output);
  m.string(NODE.opType, node.op);
  for (const a of node.attributes) {
    const attribute = new ProtoMessage().string(ATTRIBUTE.name, a.name);
    if ("float" in a) attribute.float(ATTRIBUTE.f, a.float).int(ATTRIBUTE.type, ATTRIBUTE_TYPE.FLOAT);
    else attribute.int(ATTRIBUTE.i, a.int).int(ATTRIBUTE.type, ATTRIBUTE_TYPE.INT);
    m.message(NODE.attribute, attribute);
  }
  return m;
}

/** An initializer: its values little-endian in raw_data, float32 rounded to nearest. */
function tensorProto(init: Initializer, dtype: Dtype): ProtoMessage {
  const m = new ProtoMessage();
  for (const d of init.dims) m.int(TENSOR.dims, d);
  m.int(TENSOR.dataType, DATA_TYPE[dtype]);
  m.string(TENSOR.name, init.name);
  const size = dtype === "float32" ? 4 : 8;
  const raw = new Uint8Array(init.values.length * size);
  const view = new DataView(raw.buffer);
  init.values.forEach((v, k) => {
    if (dtype === "float64") {
      view.setFloat64(k * size, v, true);
      return;
    }
    if (!Number.isFinite(Math.fround(v))) {
      const at = init.dims.length === 2 ? `[${Math.floor(k / init.dims[1]!)}][${k % init.dims[1]!}]` : init.dims.length === 1 ? `[${k}]` : "";
      throw new DataError(`toOnnx: ${init.where}${at} = ${v} is beyond float32's range (±3.4e38) and would be Infinity; export with { dtype: "float64" }`);
    }
    view.setFloat32(k * size, v, true);
  });
  return m.bytes(TENSOR.rawData, raw);
}

/** A tensor's name, element type and shape `[batch, columns]`. */
function valueInfo(name: string, elemType: number, columns: number): ProtoMessage {
  const shape = new ProtoMessage()
    .message(SHAPE.dim, new ProtoMessage().string(DIMENSION.dimParam, "batch"))
    .message(SHAPE.dim, new ProtoMessage().int(DIMENSION.dimValue, columns));
  const tensorType = new ProtoMessage().int(TENSOR_TYPE.elemType, elemType).message(TENSOR_TYPE.shape, shape);
  return new ProtoMessage().string(VALUE_INFO.name, name).message(VALUE_INFO.type, new ProtoMessage().message(TYPE.tensorType, tensorType));
}
