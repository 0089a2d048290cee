// x - n π/2 for |x| beyond 2^19 π/2, where cos (cos.ts) cannot subtract n π/2 in three pieces:
// fdlibm's __ieee754_rem_pio2 (its large-argument part) and __kernel_rem_pio2 as V8's
// src/base/ieee754.cc has them, with IEEE + - * /, comparisons, integer operations and the words
// of the double (words.ts). Both are exact integer and power-of-two arithmetic but for the last
// sums, so every engine computes them the same.
//
//   |x| = z 2^e0, z split into 24-bit integer chunks tx[0..2]; 2/π as 24-bit chunks (TWO_OVER_PI)
//   q = tx · 2/π chunk by chunk, only the chunks that matter mod 8 (the rest is a multiple of 8)
//   n = the integer part of q mod 8, f = its fraction (1 - f when f >= 1/2, n + 1)
//   y0 + y1 = f π/2, in chunks of π/2 (PIO2); the reduction is n, y0 + y1

import { POW2, POW2_BIAS } from "./pow2.js";
import { highWord, withHighWord } from "./words.js";

/** 2/π in 24-bit chunks: 396 hex digits (fdlibm's two_over_pi). */
const TWO_OVER_PI = Int32Array.of(
  0xa2f983, 0x6e4e44, 0x1529fc, 0x2757d1, 0xf534dd, 0xc0db62, 0x95993c, 0x439041, 0xfe5163, 0xabdebb, 0xc561b7, 0x246e3a, 0x424dd2, 0xe00649,
  0x2eea09, 0xd1921c, 0xfe1deb, 0x1cb129, 0xa73ee8, 0x8235f5, 0x2ebb44, 0x84e99c, 0x7026b4, 0x5f7e41, 0x3991d6, 0x398353, 0x39f49c, 0x845f8b,
  0xbdf928, 0x3b1ff8, 0x97ffde, 0x05980f, 0xef2f11, 0x8b5a0a, 0x6d1f6d, 0x367ecf, 0x27cb09, 0xb74f46, 0x3f669e, 0x5fea2d, 0x7527ba, 0xc7ebe5,
  0xf17b3d, 0x0739f7, 0x8a5292, 0xea6bfb, 0x5fb11f, 0x8d5d08, 0x560330, 0x46fc7b, 0x6babf0, 0xcfbc20, 0x9af436, 0x1da9e3, 0x91615e, 0xe61b08,
  0x659985, 0x5f14a0, 0x68408d, 0xffd880, 0x4d7327, 0x310606, 0x1556ca, 0x73a8c9, 0x60e27b, 0xc08c6b,
);

/** π/2 in chunks of 24 bits (fdlibm's PIo2: 0x3FF921FB 40000000, 0x3E74442D 00000000, ...). */
const PIO2 = Float64Array.of(
  1.570796251296997, 7.549789415861596e-8, 5.390302529957765e-15, 3.282003415807913e-22, 1.270655753080676e-29, 1.2293330898111133e-36,
  2.7337005381646456e-44, 2.1674168387780482e-51,
);

// __kernel_rem_pio2's arrays, reused from call to call
const TX = new Float64Array(3);
const F = new Float64Array(20);
const Q = new Float64Array(20);
const FQ = new Float64Array(20);
const IQ = new Int32Array(20);

/** 2^k for -1074 <= k <= 1023 (fdlibm's scalbn(1, k): its uses here are exact). */
const twoTo = (k: number): number => POW2[k + POW2_BIAS]!;

/**
 * The reduction of a finite `x` with |x| > 2^19 π/2: writes y0 + y1 = x - n π/2 (|y0 + y1| <= π/4)
 * to `y[0]` and `y[1]` and returns n mod 8 (negated with x), as fdlibm's __ieee754_rem_pio2 does
 * for these x.
 *
 * ```text
 * x - n π/2 = y[0] + y[1],  |y[0] + y[1]| <= π/4, returns n (n mod 8, with the sign of x)
 * ```
 *
 * @example
 * const y = new Float64Array(2);
 * remPio2Large(1e22, y); // 3, and y is [0.5506189342358097, -7.985621383201303e-18]: cos(1e22) = sin(y[0] + y[1])
 * @internal
 */
export function remPio2Large(x: number, y: Float64Array): number {
  const hx = highWord(x);
  const ix = hx & 0x7fffffff;
  // z = |x| 2^-e0, e0 = ilogb(x) - 23: 24 integer bits before the point
  const e0 = (ix >> 20) - 1046;
  let z = withHighWord(x, ix - (e0 << 20));
  const tx = TX;
  for (let i = 0; i < 2; i++) {
    tx[i] = z | 0;
    z = (z - tx[i]!) * 16777216;
  }
  tx[2] = z;
  let nx = 3;
  while (tx[nx - 1] === 0) nx--;
  const n = kernelRemPio2(tx, y, e0, nx);
  if (hx < 0) {
    y[0] = -y[0]!;
    y[1] = -y[1]!;
    return -n;
  }
  return n;
}

/** fdlibm's __kernel_rem_pio2 for 53 bits (its prec 2, as V8 calls it: jk = 4). */
function kernelRemPio2(x: Float64Array, y: Float64Array, e0: number, nx: number): number {
  const jk = 4;
  const jp = jk;
  const f = F;
  const q = Q;
  const fq = FQ;
  const iq = IQ;
  const ipio2 = TWO_OVER_PI;
  // jx, jv, q0 (q0 < 3); C's / truncates toward zero, as | 0 does
  const jx = nx - 1;
  let jv = ((e0 - 3) / 24) | 0;
  if (jv < 0) jv = 0;
  let q0 = e0 - 24 * (jv + 1);
  // f[0 ... jx + jk] = ipio2[jv - jx ... jv + jk]
  let j = jv - jx;
  const m = jx + jk;
  for (let i = 0; i <= m; i++, j++) f[i] = j < 0 ? 0 : ipio2[j]!;
  // q[0 ... jk]
  for (let i = 0; i <= jk; i++) {
    let fw = 0;
    for (let jj = 0; jj <= jx; jj++) fw += x[jj]! * f[jx + i - jj]!;
    q[i] = fw;
  }
  let jz = jk;
  let z: number;
  let n: number;
  let ih: number;
  for (;;) {
    // distil q[] into iq[], reversed
    z = q[jz]!;
    for (let i = 0, jj = jz; jj > 0; i++, jj--) {
      const fw = (5.960464477539063e-8 * z) | 0;
      iq[i] = (z - 16777216 * fw) | 0;
      z = q[jj - 1]! + fw;
    }
    // n: the integer part of z mod 8
    z *= twoTo(q0);
    z -= 8 * Math.floor(z * 0.125);
    n = z | 0;
    z -= n;
    ih = 0;
    if (q0 > 0) {
      // iq[jz - 1] holds the last bits of n
      const i = iq[jz - 1]! >> (24 - q0);
      n += i;
      iq[jz - 1]! -= i << (24 - q0);
      ih = iq[jz - 1]! >> (23 - q0);
    } else if (q0 === 0) {
      ih = iq[jz - 1]! >> 23;
    } else if (z >= 0.5) {
      ih = 2;
    }
    if (ih > 0) {
      // q > 0.5: 1 - q, and n + 1
      n += 1;
      let carry = 0;
      for (let i = 0; i < jz; i++) {
        const w = iq[i]!;
        if (carry === 0) {
          if (w !== 0) {
            carry = 1;
            iq[i] = 0x1000000 - w;
          }
        } else {
          iq[i] = 0xffffff - w;
        }
      }
      if (q0 === 1) iq[jz - 1]! &= 0x7fffff;
      else if (q0 === 2) iq[jz - 1]! &= 0x3fffff;
      if (ih === 2) {
        z = 1 - z;
        if (carry !== 0) z -= twoTo(q0);
      }
    }
    // recompute with more chunks of 2/π when the fraction's bits so far are all 0
    if (z !== 0) break;
    let w = 0;
    for (let i = jz - 1; i >= jk; i--) w |= iq[i]!;
    if (w !== 0) break;
    let k = 1;
    while (jk >= k && iq[jk - k] === 0) k++;
    for (let i = jz + 1; i <= jz + k; i++) {
      f[jx + i] = ipio2[jv + i]!;
      let fw = 0;
      for (let jj = 0; jj <= jx; jj++) fw += x[jj]! * f[jx + i - jj]!;
      q[i] = fw;
    }
    jz += k;
  }
  // chop off zero terms, or break z into 24-bit chunks
  if (z === 0) {
    jz -= 1;
    q0 -= 24;
    while (iq[jz] === 0) {
      jz--;
      q0 -= 24;
    }
  } else {
    z *= twoTo(-q0);
    if (z >= 16777216) {
      const fw = (5.960464477539063e-8 * z) | 0;
      iq[jz] = z - 16777216 * fw;
      jz += 1;
      q0 += 24;
      iq[jz] = fw;
    } else {
      iq[jz] = z;
    }
  }
  // the chunks as doubles
  let fw = twoTo(q0);
  for (let i = jz; i >= 0; i--) {
    q[i] = fw * iq[i]!;
    fw *= 5.960464477539063e-8;
  }
  // PIO2[0 ... jp] · q[jz ... 0]
  for (let i = jz; i >= 0; i--) {
    fw = 0;
    for (let k = 0; k <= jp && k <= jz - i; k++) fw += PIO2[k]! * q[i + k]!;
    fq[jz - i] = fw;
  }
  // compress fq[] into y[0] + y[1]
  fw = 0;
  for (let i = jz; i >= 0; i--) fw += fq[i]!;
  y[0] = ih === 0 ? fw : -fw;
  fw = fq[0]! - fw;
  for (let i = 1; i <= jz; i++) fw += fq[i]!;
  y[1] = ih === 0 ? fw : -fw;
  return n & 7;
}
