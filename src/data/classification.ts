import { checkInteger, DataError, describe, ShapeError } from "../errors.js";

/**
 * One-hot encoding of integer class labels.
 *
 * ```text
 * oneHot(labels, k)[i][j] = 1 if labels[i] = j, else 0        (k columns)
 * ```
 *
 * @param labels - class indices, integers in [0, classes)
 * @param classes - number of classes; default max(labels) + 1
 * @throws {@link DataError} If a label is not an integer in range.
 *
 * @example
 * oneHot([2, 0], 3); // => [[0, 0, 1], [1, 0, 0]]
 */
export function oneHot(labels: readonly number[], classes?: number): number[][] {
  if (!Array.isArray(labels) || labels.length === 0) throw new DataError(`labels must be a non-empty array of class indices, got ${describe(labels)}`);
  const k = classes === undefined ? Math.max(...labels) + 1 : checkInteger("classes", classes, 1);
  return labels.map((label, i) => {
    if (!Number.isInteger(label) || label < 0 || label >= k) {
      throw new DataError(`labels[${i}] must be an integer in [0, ${k}), got ${describe(label)}`);
    }
    const row = new Array<number>(k).fill(0);
    row[label] = 1;
    return row;
  });
}

/**
 * The index of the largest value of each row: predicted classes from probabilities or one-hot rows.
 *
 * ```text
 * argmaxRows(P)[i] = argmax_j P[i][j]       (the first one on ties)
 * ```
 *
 * @param rows - e.g. `net.predict(X)`
 * @throws {@link DataError} If a row is empty.
 *
 * @example
 * argmaxRows([[0.1, 0.7, 0.2], [0.9, 0.05, 0.05]]); // => [1, 0]
 */
export function argmaxRows(rows: readonly (readonly number[])[]): number[] {
  return rows.map((row, i) => {
    if (row.length === 0) throw new DataError(`rows[${i}] must not be empty`);
    let best = 0;
    for (let j = 1; j < row.length; j++) if (row[j]! > row[best]!) best = j;
    return best;
  });
}

/**
 * Fraction of rows whose predicted class (argmax) equals the true class.
 *
 * ```text
 * accuracy = (1/n) Σ_i [argmax_j P[i][j] = label_i]
 * ```
 *
 * @param predictions - probabilities or scores, one row per sample (e.g. `net.predict(X)`)
 * @param labels - class indices, or one-hot rows
 * @throws {@link ShapeError} If the counts differ.
 *
 * @example
 * accuracy([[0.1, 0.9], [0.8, 0.2], [0.3, 0.7]], [1, 0, 0]); // => 0.6666666666666666
 */
export function accuracy(predictions: readonly (readonly number[])[], labels: readonly number[] | readonly (readonly number[])[]): number {
  if (predictions.length !== labels.length || predictions.length === 0) {
    throw new ShapeError(`predictions and labels must have the same, non-zero length, got ${predictions.length} and ${labels.length}`);
  }
  const predicted = argmaxRows(predictions);
  const truth = labels.map((l) => (Array.isArray(l) ? argmaxRows([l as number[]])[0]! : (l as number)));
  let hits = 0;
  for (let i = 0; i < predicted.length; i++) if (predicted[i] === truth[i]) hits++;
  return hits / predicted.length;
}
