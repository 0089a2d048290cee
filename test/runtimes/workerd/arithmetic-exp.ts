// An exp written with +, -, *, / and Math.round only, for the workerd test's control run (put in
// Math.exp's place): every one of those is exactly rounded by IEEE 754, so it gives the same bits in
// every engine. It is a few ulps off on purpose: if tinynn read Math.exp, the control's answers
// would move.

const LN2 = 0.6931471805599453;
const bits = new DataView(new ArrayBuffer(8));

/** 2^k for an integer k of a normal float64, built from its bits (Math.pow is not specified exactly). */
function powerOfTwo(k: number): number {
  bits.setUint32(0, (k + 1023) << 20);
  bits.setUint32(4, 0);
  return bits.getFloat64(0);
}

/** e^x = 2^k · e^r with r = x - k·ln2 in [-ln2/2, ln2/2], e^r by its Taylor series. */
export function arithmeticExp(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const k = Math.round(x / LN2);
  if (k > 1023) return Infinity;
  if (k < -1022) return 0;
  const r = x - k * LN2;
  let term = 1;
  let sum = 1;
  for (let n = 1; n <= 20; n++) {
    term = (term * r) / n;
    sum += term;
  }
  return sum * powerOfTwo(k);
}

/** Runs `run` with Math.exp replaced by {@link arithmeticExp}, then puts Math.exp back. */
export function withArithmeticExp<T>(run: () => T): T {
  const saved = Math.exp;
  Math.exp = arithmeticExp;
  try {
    return run();
  } finally {
    Math.exp = saved;
  }
}
