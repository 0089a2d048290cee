// The two 32-bit halves of a double, as fdlibm reads and writes them: a Float64Array and an
// Int32Array over the same 8 bytes. Typed arrays use the platform's byte order, so which half is
// the high word is found once, from the bits of 1.

const F64 = new Float64Array(1);
const I32 = new Int32Array(F64.buffer);
F64[0] = 1;
/** The index in I32 of the high word (sign, exponent and 20 bits of the significand). */
const HI = I32[1] === 0x3ff00000 ? 1 : 0;

/**
 * The high 32 bits of `x`, as a signed integer (fdlibm's GET_HIGH_WORD).
 *
 * ```text
 * highWord(x) = bits(x) >> 32     sign bit, 11 exponent bits, the significand's top 20 bits
 * ```
 *
 * @example
 * highWord(1).toString(16); // "3ff00000"
 * @internal
 */
export function highWord(x: number): number {
  F64[0] = x;
  return I32[HI]!;
}

/**
 * `x` with its high 32 bits replaced by `hi` and its low 32 bits kept (fdlibm's SET_HIGH_WORD).
 *
 * ```text
 * withHighWord(x, hi) = double of (hi << 32) | (bits(x) & 0xFFFFFFFF)
 * ```
 *
 * @example
 * withHighWord(6, 0x3ff80000); // 1.5  (6 is 0x40180000 00000000)
 * @internal
 */
export function withHighWord(x: number, hi: number): number {
  F64[0] = x;
  I32[HI] = hi;
  return F64[0]!;
}
