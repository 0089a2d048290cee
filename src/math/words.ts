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

/**
 * The low 32 bits of `x`, as an unsigned integer (fdlibm's GET_LOW_WORD).
 *
 * ```text
 * lowWord(x) = bits(x) & 0xFFFFFFFF     the significand's last 32 bits
 * ```
 *
 * @example
 * lowWord(1 + 2 ** -52); // 1
 * @internal
 */
export function lowWord(x: number): number {
  F64[0] = x;
  return I32[1 - HI]! >>> 0;
}

/**
 * `x` with its low 32 bits cleared (fdlibm's SET_LOW_WORD(x, 0)): x cut to its sign, exponent
 * and the significand's top 20 bits, the "hi" half of a value split for exact products.
 *
 * ```text
 * withoutLowWord(x) = double of bits(x) & 0xFFFFFFFF00000000
 * ```
 *
 * @example
 * withoutLowWord(1 + 2 ** -52); // 1
 * @internal
 */
export function withoutLowWord(x: number): number {
  F64[0] = x;
  I32[1 - HI] = 0;
  return F64[0]!;
}

/**
 * The double whose high 32 bits are `hi` and whose low 32 bits are 0 (fdlibm's INSERT_WORDS(d, hi, 0)).
 *
 * ```text
 * fromHighWord(hi) = double of (hi << 32)
 * ```
 *
 * @example
 * fromHighWord(0x3ff80000); // 1.5
 * @internal
 */
export function fromHighWord(hi: number): number {
  I32[HI] = hi;
  I32[1 - HI] = 0;
  return F64[0]!;
}
