// e^x, the same double in every JavaScript engine: fdlibm's e_exp.c as V8's src/base/ieee754.cc
// has it (what Node 20's Math.exp returns), written with IEEE + - * / and comparisons only.
//
//   x = k ln2 + r, |r| <= 0.5 ln2       ln2 = LN2_HI + LN2_LO (LN2_HI's last 21 bits are 0, so k LN2_HI is exact)
//   c = r - r^2 (P1 + r^2 (P2 + ... + r^2 P5))          (Remez, error < 2^-59)
//   e^r = 1 - ((lo - r c / (2 - c)) - hi),  e^x = 2^k e^r
//
// fdlibm branches on the high 32 bits of |x|; each test `hx >= H` is `|x| >= the smallest double
// whose high word is H` (the *_HW constants), the same test without reading bits. fdlibm's three
// reductions (k = 0 for |x| <= 0.5 ln2, k = ±1 below 1.5 ln2, round(x / ln2) above) are one here:
// round(x / ln2) is ±1 in the middle range, where fdlibm's x ∓ LN2_HI and ±LN2_LO are the same
// operations on the same values, and with k = 0 the general formula performs fdlibm's
// `1 - ((x c) / (c - 2) - x)` exactly (x - 0 LN2_HI = x, and (x c) / (c - 2) = -((x c) / (2 - c))).
// Checked against Node's Math.exp by scripts/check-exact-math.mjs and test/exact-math.test.ts.

import { POW2 } from "./pow2.js";

/** Above this, e^x overflows to Infinity (0x40862E42 FEFA39EF). */
export const O_THRESHOLD = 709.782712893384;
/** Below this, e^x underflows to 0 (0xC0874910 D52D3051). */
export const U_THRESHOLD = -745.1332191019411;
/** ln 2's leading 32 bits (0x3FE62E42 FEE00000): k · LN2_HI is exact for |k| < 2^21. */
export const LN2_HI = 0.6931471803691238;
/** ln 2 - LN2_HI (0x3DEA39EF 35793C76). */
export const LN2_LO = 1.9082149292705877e-10;
/** 1 / ln 2 (0x3FF71547 652B82FE). */
export const INV_LN2 = 1.4426950408889634;
/** The coefficients of e^r's rational approximation (0x3FC55555 5555553E). */
export const P1 = 0.16666666666666602;
/** 0xBF66C16C 16BEBD93 */
export const P2 = -0.0027777777777015593;
/** 0x3F11566A AF25DE2C */
export const P3 = 0.00006613756321437934;
/** 0xBEBBBD41 C5D26BF1 */
export const P4 = -0.0000016533902205465252;
/** 0x3E663769 72BEA4D0 */
export const P5 = 4.1381367970572385e-8;
/** fdlibm's e^1 (0x4005BF0A 8B145769), returned for x = 1, where the steps would be 1 ulp off. */
export const E = 2.718281828459045;
/** 2^1023: e^x for k = 1024 is y · 2 · 2^1023. */
export const TWO_1023 = 8.98846567431158e307;
/** 2^-1000: e^x below 2^-1022 is y · 2^(k + 1000) · 2^-1000, rounded once. */
export const TWO_M1000 = 9.332636185032189e-302;
/** |x| >= this (high word 0x40862E42): past it, fdlibm checks for NaN, overflow and underflow. */
export const OVERFLOW_HW = 709.7822265625;
/** |x| >= this (high word 0x3FD62E43, fdlibm's `hx > 0x3FD62E42`): |x| > 0.5 ln2, k != 0. */
export const HALF_LN2_HW = 0.3465735912322998;
/** |x| < this (high word 0x3FF0A2B2): |x| < 1.5 ln2, fdlibm's k = ±1 branch (see the file's comment). */
export const THREE_HALF_LN2_HW = 1.0397205352783203;
/** |x| < this (2^-28, high word 0x3E300000): e^x = 1 + x. */
export const TINY_HW = 3.725290298461914e-9;

// V8 boxes a double that crosses a call it did not inline (the argument and the result: 16 bytes
// each on the heap), and it inlines at most 920 bytes of bytecode into one optimized function,
// fewer than a kernel's loop with several calls of exp needs. So the work is done by expRange,
// which takes an array and a range, and exp is a wrapper that passes x and e^x through memory:
// no double crosses a call, whatever V8 inlines. Kernels call expRange once per pass.

/** Where {@link exp} passes x to expRange and reads e^x back. */
const SLOT = new Float64Array(1);

/**
 * e^x, bit for bit what Node 20's `Math.exp` returns (fdlibm's algorithm), in every JavaScript
 * engine.
 *
 * ```text
 * exp(x) = e^x        x = k ln2 + r, e^x = 2^k e^r, error < 1 ulp
 * exp(NaN) = NaN, exp(Infinity) = Infinity, exp(-Infinity) = 0, exp(±0) = 1
 * ```
 *
 * @example
 * exp(1);        // => 2.718281828459045
 * exp(-1);       // => 0.36787944117144233
 * exp(-746);     // => 0
 */
export function exp(x: number): number {
  SLOT[0] = x;
  expRange(SLOT, 0, 1);
  return SLOT[0]!;
}

/**
 * {@link exp} of each value of `v` from index `from` up to `to` (excluded), in place: for loops over
 * arrays (the sigmoid kernels, Softmax), where no double crosses a call.
 *
 * ```text
 * v[i] = exp(v[i])      from <= i < to
 * ```
 *
 * @example
 * const v = new Float64Array([0, 1, -1]);
 * expRange(v, 1, 3); // v is [0, 2.718281828459045, 0.36787944117144233]
 * @internal
 */
export function expRange(v: Float64Array, from: number, to: number): void {
  // fdlibm's constants are written out in this loop (each is the constant of that value above, or
  // in exp.ts): V8 reads a module's constant from memory at every use, which here cost a quarter of
  // the time of exp
  const p2 = POW2;
  for (let i = from; i < to; i++) {
    const x = v[i]!;
    const ax = x < 0 ? -x : x;
    if (!(ax < 709.7822265625)) {
      if (x !== x) continue; // NaN stays
      if (x > 709.782712893384) {
        v[i] = Infinity;
        continue;
      }
      if (x < -745.1332191019411) {
        v[i] = 0;
        continue;
      }
    }
    if (ax < 3.725290298461914e-9) {
      v[i] = 1 + x;
      continue;
    }
    if (x === 1) {
      v[i] = 2.718281828459045;
      continue;
    }
    // C's (int) truncates toward zero, as | 0 does
    const k = ax < 0.3465735912322998 ? 0 : (1.4426950408889634 * x + (x < 0 ? -0.5 : 0.5)) | 0;
    const hi = x - k * 0.6931471803691238;
    const lo = k * 1.9082149292705877e-10;
    const r = hi - lo;
    const t = r * r;
    const c = r - t * (0.16666666666666602 + t * (-0.0027777777777015593 + t * (0.00006613756321437934 + t * (-0.0000016533902205465252 + t * 4.1381367970572385e-8))));
    const y = 1 - (lo - (r * c) / (2 - c) - hi);
    // y · 2^k is exact, but for results below 2^-1022 (fdlibm's two steps round once) and k = 1024
    if (k > -1022 && k < 1024) v[i] = y * p2[k + 1074]!;
    else v[i] = k === 1024 ? y * 2 * 8.98846567431158e307 : y * p2[k + 1000 + 1074]! * 9.332636185032189e-302;
  }
}
