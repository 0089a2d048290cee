import { ConfigError, describe, ShapeError } from "../errors.js";
import type { Layer, LayerStep, StepMode } from "../layers/layer.js";
import { isExactlyPacked, PackedMatrix, type Matrix } from "../matrix/matrix.js";

/**
 * Packed matrices over the first `rows` rows of the plan's buffers, made once per (buffer, rows)
 * and reused: a plan hands the same few buffers to user code on every step, so after the first
 * steps nothing is allocated. @internal
 */
export class Views {
  private readonly arrays: Float64Array[] = [];
  private readonly rowCounts: number[] = [];
  private readonly views: PackedMatrix[] = [];

  constructor(private readonly cols: number) {}

  /** Forgets every view (and the buffers they are over). */
  clear(): void {
    this.arrays.length = 0;
    this.rowCounts.length = 0;
    this.views.length = 0;
  }

  /** `rows x cols` over the start of `data`. */
  of(data: Float64Array, rows: number): PackedMatrix {
    const arrays = this.arrays;
    for (let k = 0; k < arrays.length; k++) {
      if (arrays[k] === data && this.rowCounts[k] === rows) return this.views[k]!;
    }
    const size = rows * this.cols;
    const view = new PackedMatrix(data.length === size ? data : data.subarray(0, size), rows, this.cols);
    if (arrays.length === 4) {
      arrays.shift();
      this.rowCounts.shift();
      this.views.shift();
    }
    arrays.push(data);
    this.rowCounts.push(rows);
    this.views.push(view);
    return view;
  }
}

/**
 * The default step of a layer that has no packed step of its own (your layers, and built-in ones
 * whose `forward` or `backward` was replaced): the plan calls the {@link Layer} protocol on packed
 * views of its buffers and copies what comes back into them, checking its shape. @internal
 */
export class LayerAdapter implements LayerStep {
  readonly elementwise = undefined;
  private readonly a: Float64Array;
  private readonly inputs: Views;
  private readonly grads: Views;

  constructor(
    private readonly layer: Layer,
    private readonly where: string,
    private readonly mode: StepMode,
  ) {
    this.a = new Float64Array(mode.rows * layer.outputSize);
    this.inputs = new Views(layer.inputSize);
    this.grads = new Views(layer.outputSize);
  }

  forward(x: Float64Array, rows: number): Float64Array {
    const out: unknown = this.layer.forward(this.inputs.of(x, rows), this.mode.training);
    const m = checkReturned(out, `${this.where}.forward`, rows, this.layer.outputSize, "outputSize");
    // a packed float64 result is read where it is (it stays valid until the layer's next call)
    if (m.data instanceof Float64Array && isExactlyPacked(m)) return m.data;
    copyView(this.a, m, `${this.where}.forward`);
    return this.a;
  }

  /** Forgets the views of the last pass (they may be over the caller's data). */
  release(): void {
    this.inputs.clear();
    this.grads.clear();
  }

  backward(_x: Float64Array, g: Float64Array | undefined, gradInput: Float64Array | undefined, rows: number): void {
    const back: unknown = this.layer.backward(this.grads.of(g!, rows), gradInput !== undefined);
    if (gradInput === undefined) return;
    copyView(gradInput, checkReturned(back, `${this.where}.backward`, rows, this.layer.inputSize, "inputSize"), `${this.where}.backward`);
  }
}

function checkReturned(m: unknown, what: string, rows: number, cols: number, which: string): Matrix {
  const data = (m as Partial<Matrix> | null)?.data as unknown;
  const numeric = ArrayBuffer.isView(data) ? !(data instanceof DataView) : Array.isArray(data);
  if (typeof m !== "object" || m === null || !Array.isArray((m as Matrix).shape) || !numeric) {
    throw new ShapeError(`${what} must return a Matrix (data a typed array or an array of numbers), got ${describe(m)}`);
  }
  const { shape, stride, offset } = m as Matrix;
  const length = (data as ArrayLike<number>).length;
  if (shape[0] !== rows || shape[1] !== cols) {
    throw new ShapeError(`${what} must return [${rows} x ${cols}] (rows of its input x the layer's ${which}), got [${shape.join(", ")}]`);
  }
  if (!Array.isArray(stride) || stride.length !== 2 || !Number.isInteger(offset) || !Number.isInteger(stride[0]) || !Number.isInteger(stride[1])) {
    throw new ShapeError(`${what} must return a Matrix with integer stride and offset, got stride ${describe(stride)} and offset ${describe(offset)}`);
  }
  let lo = offset;
  let hi = offset;
  for (const [s, n] of [[stride[0]!, rows], [stride[1]!, cols]] as const) {
    if (s >= 0) hi += s * (n - 1);
    else lo += s * (n - 1);
  }
  if (lo < 0 || hi >= length) throw new ShapeError(`${what} returned a Matrix whose elements lie outside its data`);
  return m as Matrix;
}

/** out <- m, packed (any view); every value must be a number. */
function copyView(out: Float64Array, m: Matrix, what: string): void {
  const r = m.shape[0]!;
  const c = m.shape[1]!;
  const s0 = m.stride[0]!;
  const s1 = m.stride[1]!;
  const d = m.data as ArrayLike<unknown>;
  for (let i = 0, q = 0; i < r; i++) {
    const base = m.offset + i * s0;
    for (let j = 0; j < c; j++, q++) {
      const v = d[base + j * s1];
      if (typeof v !== "number") throw new ShapeError(`${what} returned a Matrix holding ${describe(v)} at [${i}][${j}]`);
      out[q] = v;
    }
  }
}

/** Every parameter must be packed (value and grad of one shape), as optimizers update `data` directly. @internal */
export function checkParameters(layer: Layer, where: string): void {
  const ps: unknown = layer.parameters;
  if (!Array.isArray(ps)) throw new ConfigError(`${where}.parameters must be an array of Parameters, got ${describe(ps)}`);
  ps.forEach((p: unknown, k) => {
    const param = p as { value?: Matrix; grad?: Matrix; name?: unknown };
    const ok = (m: Matrix | undefined): boolean => typeof m === "object" && m !== null && m.data instanceof Float64Array && Array.isArray(m.shape) && m.shape.length === 2 && isExactlyPacked(m);
    if (typeof p !== "object" || p === null || !ok(param.value) || !ok(param.grad)) {
      throw new ConfigError(`${where}.parameters[${k}] must have value and grad made with zeros(rows, cols) (packed float64 matrices)`);
    }
    if (param.value!.shape[0] !== param.grad!.shape[0] || param.value!.shape[1] !== param.grad!.shape[1]) {
      throw new ConfigError(`${where}.parameters[${k}]: value is [${param.value!.shape.join(", ")}] but grad is [${param.grad!.shape.join(", ")}]`);
    }
  });
}
