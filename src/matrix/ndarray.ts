import ndarray, { type NdArray } from "ndarray";
import { DataError, describe } from "../errors.js";
import type { Matrix } from "./matrix.js";

/**
 * An `ndarray` view of a matrix, sharing its storage: writes through the view change the matrix
 * (a parameter's weights, for example). Use it to hand tinynn's matrices to code written for
 * `ndarray` and `ndarray-ops`.
 *
 * tinynn itself never creates an ndarray: `ndarray` compiles its view class with `new Function` on
 * first use, which Content-Security-Policies without `'unsafe-eval'`, Cloudflare Workers and
 * Manifest V3 extensions refuse. Calling this function is the one place it happens, and only when
 * you ask.
 *
 * @param m - any matrix (packed, offset or strided)
 * @returns `ndarray(m.data, m.shape, m.stride, m.offset)`
 * @throws {@link DataError} If `m` is not a 2-D matrix over a Float64Array.
 *
 * @example
 * const [W0] = net.parameters();
 * const view = asNdarray(W0.value);
 * view.get(0, 0) === W0.value.get(0, 0); // => true
 * view.transpose(1, 0).shape;           // => [4, 3]
 */
export function asNdarray(m: Matrix): NdArray<Float64Array> {
  const like = m as Partial<Matrix> | null;
  if (
    typeof like !== "object" ||
    like === null ||
    !(like.data instanceof Float64Array) ||
    !Array.isArray(like.shape) ||
    like.shape.length !== 2 ||
    !Array.isArray(like.stride) ||
    like.stride.length !== 2 ||
    !Number.isInteger(like.offset)
  ) {
    throw new DataError(`asNdarray needs a 2-D Matrix over a Float64Array (as zeros or a parameter's value), got ${describe(m)}`);
  }
  return ndarray(m.data, [...m.shape], [...m.stride], m.offset);
}
