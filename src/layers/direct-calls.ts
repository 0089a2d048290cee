import { ConfigError, DataError, ShapeError } from "../errors.js";
import { checkMemory, DEFAULT_MEMORY_BUDGET } from "../limits.js";
import { checkMatrix, colsOf, copyOf, isExactlyPacked, packedView, rowsOf, type Matrix } from "../matrix/matrix.js";
import type { LayerStep, StepMode } from "./layer.js";

/**
 * A built-in layer's `forward` / `backward` called directly (the {@link Layer} protocol, used by
 * your own layers that wrap built-in ones, and by tests): the layer's packed step, run on the
 * caller's matrices. Inputs of any view are copied into packed form first; buffers are kept for the
 * last row count only. @internal
 */
export class DirectCalls {
  private step: LayerStep | undefined;
  private mode: StepMode | undefined;
  private x: Float64Array | undefined;
  private rows = 0;
  private gradInput: Float64Array | undefined;

  constructor(
    private readonly name: string,
    private readonly inputSize: number,
    private readonly outputSize: number,
    private readonly make: (mode: StepMode) => LayerStep,
  ) {}

  forward(input: Matrix, training: boolean): Matrix {
    checkShape(`${this.name}.forward input`, input, this.inputSize, "the layer's inputSize");
    const rows = rowsOf(input);
    // the step's buffers and a packed copy of the input, over-estimated as a plan's are
    checkMemory(8 * rows * (2 * this.inputSize + 4 * this.outputSize), DEFAULT_MEMORY_BUDGET, `${this.name}.forward of ${rows} rows`, null);
    if (this.mode === undefined || this.mode.rows !== rows || this.mode.training !== training) {
      this.mode = { rows, training, backward: true };
      this.step = this.make(this.mode);
      this.gradInput = undefined;
    }
    const x = isExactlyPacked(input) ? input.data : copyOf(input).data;
    this.x = x;
    this.rows = rows;
    return packedView(this.step!.forward(x, rows), rows, this.outputSize);
  }

  backward(gradOutput: Matrix, needInputGradient: boolean): Matrix | undefined {
    const step = this.step;
    if (step === undefined || this.x === undefined) throw new ConfigError(`${this.name}.backward called before forward`);
    checkShape(`${this.name}.backward gradOutput`, gradOutput, this.outputSize, "the layer's outputSize");
    if (rowsOf(gradOutput) !== this.rows) {
      throw new ShapeError(`${this.name}.backward gradOutput must have ${this.rows} rows (as the last forward input), got ${rowsOf(gradOutput)}`);
    }
    const g = isExactlyPacked(gradOutput) ? gradOutput.data : copyOf(gradOutput).data;
    if (needInputGradient) this.gradInput ??= new Float64Array(this.rows * this.inputSize);
    step.backward(this.x, g, needInputGradient ? this.gradInput : undefined, this.rows);
    return needInputGradient ? packedView(this.gradInput!, this.rows, this.inputSize) : undefined;
  }
}

function checkShape(what: string, m: Matrix, cols: number, which: string): void {
  checkMatrix(m, what);
  if (colsOf(m) !== cols) throw new ShapeError(`${what} must have ${cols} columns (${which}), got ${colsOf(m)}`);
  const d = m.data;
  const [r, c] = m.shape as [number, number];
  for (let i = 0; i < r; i++) {
    for (let j = 0; j < c; j++) {
      const v = d[m.offset + i * m.stride[0]! + j * m.stride[1]!]!;
      if (!Number.isFinite(v)) throw new DataError(`${what}[${i}][${j}] must be a finite number, got ${v}`);
    }
  }
}
