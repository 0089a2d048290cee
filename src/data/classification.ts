import { checkInteger, checkKnownKeys, ConfigError, DataError, describe, ShapeError } from "../errors.js";
import { checkMemory, memoryBudgetOption } from "../limits.js";
import { checkInput, type CheckedInput, type MatrixInput } from "../matrix/matrix.js";

/** Bytes one element of a `number[]` row may take (a boxed double at worst). */
const BYTES_PER_ELEMENT = 8;
/** The longest array JavaScript can make. */
const MAX_ARRAY_LENGTH = 2 ** 32 - 1;

/**
 * One-hot encoding of integer class labels.
 *
 * ```text
 * oneHot(labels, k)[i][j] = 1 if labels[i] = j, else 0        (k columns)
 * ```
 *
 * The result takes `labels.length × k` numbers: past the memory budget (1 GiB by default,
 * `memoryBudget` raises it) the call throws before allocating anything.
 *
 * @param labels - class indices, integers in [0, classes); not modified
 * @param classes - number of classes, an integer >= 1; default max(labels) + 1
 * @param options - `memoryBudget`: the bytes the result may take (default 1 GiB)
 * @returns one row of `classes` zeros and a single 1 per label
 * @throws {@link DataError} If labels is not a non-empty array, or a label is not an integer in range.
 * @throws {@link ConfigError} If classes is not an integer >= 1, or an option is unknown or invalid.
 * @throws {@link LimitError} If the result would be larger than the memory budget.
 *
 * @example
 * oneHot([2, 0], 3); // => [[0, 0, 1], [1, 0, 0]]
 * oneHot([1, 0]);    // => [[0, 1], [1, 0]]
 */
export function oneHot(labels: readonly number[], classes?: number, options: { memoryBudget?: number } = {}): number[][] {
  if (!Array.isArray(labels) || labels.length === 0) {
    throw new DataError(`labels must be a non-empty array of class indices, got ${describe(labels)}`);
  }
  if (typeof options !== "object" || options === null) {
    throw new ConfigError(`oneHot options must be an object like { memoryBudget: 2 ** 31 }, got ${describe(options)}`);
  }
  checkKnownKeys(options, "oneHot", ["memoryBudget"]);
  const budget = memoryBudgetOption(options.memoryBudget);
  const k = classes === undefined ? undefined : checkInteger("classes", classes, 1);
  const n = labels.length;
  // every label checked (holes too) before the number of classes is taken from them
  let max = 0;
  for (let i = 0; i < n; i++) {
    const label: unknown = labels[i];
    if (typeof label !== "number" || !Number.isInteger(label) || label < 0 || (k !== undefined && label >= k)) {
      const range = k === undefined ? "an integer >= 0" : `an integer in [0, ${k})`;
      throw new DataError(`labels[${i}] must be ${range}, got ${describe(label)}`);
    }
    if (label > max) max = label;
  }
  const cols = k ?? max + 1;
  const what = `oneHot of ${n} labels x ${cols} classes`;
  checkMemory(n * cols * BYTES_PER_ELEMENT, budget, what);
  if (cols > MAX_ARRAY_LENGTH) throw new ConfigError(`${what} needs rows longer than the ${MAX_ARRAY_LENGTH} elements a JavaScript array holds`);
  const out: number[][] = new Array<number[]>(n);
  for (let i = 0; i < n; i++) {
    // pushed, not `new Array(cols).fill(0)`: a long preallocated array becomes a slow dictionary
    const row: number[] = [];
    for (let j = 0; j < cols; j++) row.push(0);
    row[labels[i]!] = 1;
    out[i] = row;
  }
  return out;
}

/** The first index of the largest of `row[0 .. cols)`, and whether another index ties with it. */
function argmax(row: Float64Array, cols: number): { index: number; tie: number } {
  let best = 0;
  let tie = -1;
  for (let j = 1; j < cols; j++) {
    if (row[j]! > row[best]!) {
      best = j;
      tie = -1;
    } else if (row[j] === row[best] && tie < 0) {
      tie = j;
    }
  }
  return { index: best, tie };
}

/** Calls `each(i, row)` for every row of a checked input, one row at a time (nothing of its size is allocated). */
function forEachRow(input: CheckedInput, each: (i: number, row: Float64Array) => void): void {
  const row = new Float64Array(input.cols);
  for (let i = 0; i < input.rows; i++) {
    input.read(row, i, 1);
    each(i, row);
  }
}

/**
 * The index of the largest value of each row: predicted classes from probabilities or one-hot rows.
 *
 * ```text
 * argmaxRows(P)[i] = argmax_j P[i][j]       (the first one on ties)
 * ```
 *
 * @param rows - `[samples x classes]`, rows of numbers or a 2-D ndarray, e.g. `net.predict(X)`; not modified
 * @returns one class index per row
 * @throws {@link DataError} If rows is empty, ragged, not numeric, NaN or Infinity.
 *
 * @example
 * argmaxRows([[0.1, 0.7, 0.2], [0.9, 0.05, 0.05]]); // => [1, 0]
 */
export function argmaxRows(rows: MatrixInput): number[] {
  const input = checkInput(rows, "rows");
  const out: number[] = new Array<number>(input.rows);
  forEachRow(input, (i, row) => {
    out[i] = argmax(row, input.cols).index;
  });
  return out;
}

/**
 * Fraction of rows whose predicted class (argmax) equals the true class.
 *
 * ```text
 * accuracy = (1/n) Σ_i [argmax_j P[i][j] = label_i]
 * ```
 *
 * Labels are class indices in [0, classes), or one-hot rows as wide as the predictions (each with
 * one largest value). An argmax needs at least two columns: for a single sigmoid output, compare
 * `output >= 0.5` with the labels yourself.
 *
 * @param predictions - `[samples x classes]` probabilities or scores (e.g. `net.predict(X)`), at least 2 columns
 * @param labels - class indices (`number[]`), or one-hot rows `[samples x classes]`; not modified
 * @returns a number in [0, 1]
 * @throws {@link DataError} If predictions or labels are empty, ragged, not numeric, NaN or Infinity, a
 *   label is not an integer in [0, classes), or a one-hot row has no single largest value.
 * @throws {@link ShapeError} If the counts differ, one-hot rows are not as wide as the predictions,
 *   or the predictions have fewer than 2 columns.
 *
 * @example
 * accuracy([[0.1, 0.9], [0.8, 0.2], [0.3, 0.7]], [1, 0, 0]);         // => 0.6666666666666666
 * accuracy([[0.1, 0.9], [0.8, 0.2]], [[0, 1], [0, 1]]);             // => 0.5
 */
export function accuracy(predictions: MatrixInput, labels: readonly number[] | MatrixInput): number {
  const p = checkInput(predictions, "predictions");
  if (p.cols < 2) {
    throw new ShapeError(
      `predictions must have at least 2 columns (one score per class) for an argmax, got ${p.cols}; ` +
        "for a single sigmoid output compare output >= 0.5 with the labels",
    );
  }
  const classes = p.cols;
  const truth = trueClasses(labels, classes);
  if (truth.length !== p.rows) {
    throw new ShapeError(`predictions and labels must have the same number of rows (samples), got ${p.rows} and ${truth.length}`);
  }
  let hits = 0;
  forEachRow(p, (i, row) => {
    if (argmax(row, classes).index === truth[i]) hits++;
  });
  return hits / p.rows;
}

/** The class of each label: an index checked against `classes`, or a one-hot row's single largest column. */
function trueClasses(labels: unknown, classes: number): number[] {
  if (Array.isArray(labels) && labels.length > 0 && !Array.isArray(labels[0])) {
    const out: number[] = new Array<number>(labels.length);
    for (let i = 0; i < labels.length; i++) {
      const label: unknown = labels[i];
      if (typeof label !== "number" || !Number.isInteger(label) || label < 0 || label >= classes) {
        throw new DataError(`labels[${i}] must be a class index, an integer in [0, ${classes}) (predictions has ${classes} columns), got ${describe(label)}`);
      }
      out[i] = label;
    }
    return out;
  }
  if (!Array.isArray(labels) && (typeof labels !== "object" || labels === null || !Array.isArray((labels as { shape?: unknown }).shape))) {
    throw new DataError(`labels must be class indices (number[]) or one-hot rows (number[][]), got ${describe(labels)}`);
  }
  const input = checkInput(labels, "labels", { count: classes, what: "one per class, as predictions" });
  const out: number[] = new Array<number>(input.rows);
  forEachRow(input, (i, row) => {
    const { index, tie } = argmax(row, classes);
    if (tie >= 0) {
      throw new DataError(`labels[${i}] must be a one-hot row with a single largest value, but columns ${index} and ${tie} tie at ${row[index]}`);
    }
    out[i] = index;
  });
  return out;
}
