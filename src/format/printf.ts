// C printf's %e, %f and %g for float64, correctly rounded (round half to even on exact ties, as
// glibc does; JavaScript's toFixed/toPrecision round ties away from zero). Python's `%` and str()
// are built on these, so this is what makes numpy and Python printouts reproducible digit for digit.

/** The exact decimal expansion of |x| (finite, non-zero): digits d1 d2 ... and exponent e with |x| = 0.d1d2... × 10^e. */
function exactDecimal(x: number): { digits: string; exp: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, Math.abs(x));
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const biased = hi >>> 20;
  let mantissa = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let e2: number;
  if (biased === 0) {
    e2 = -1074;
  } else {
    mantissa |= 1n << 52n;
    e2 = biased - 1075;
  }
  let digits: string;
  let pointPos: number; // number of digits before the decimal point
  if (e2 >= 0) {
    digits = (mantissa << BigInt(e2)).toString();
    pointPos = digits.length;
  } else {
    // x = m / 2^k = m * 5^k / 10^k
    const k = -e2;
    digits = (mantissa * 5n ** BigInt(k)).toString();
    pointPos = digits.length - k;
  }
  const stripped = digits.replace(/^0+/, "");
  pointPos -= digits.length - stripped.length;
  return { digits: stripped.replace(/0+$/, ""), exp: pointPos };
}

/** Rounds the digit string to `keep` digits, half to even; returns the digits (length keep, or keep+1 on carry) and whether it carried. */
function roundDigits(digits: string, keep: number): { digits: string; carried: boolean } {
  if (keep < 0) return { digits: "", carried: false };
  if (digits.length <= keep) return { digits: digits.padEnd(keep, "0"), carried: false };
  const head = digits.slice(0, keep);
  const next = digits.charCodeAt(keep) - 48;
  const rest = digits.slice(keep + 1);
  const lastDigit = keep > 0 ? head.charCodeAt(keep - 1) - 48 : 0;
  const roundUp = next > 5 || (next === 5 && (/[1-9]/.test(rest) || lastDigit % 2 === 1));
  if (!roundUp) return { digits: head, carried: false };
  if (keep === 0) return { digits: "1", carried: true };
  const up = (BigInt(head) + 1n).toString().padStart(keep, "0");
  return up.length > keep ? { digits: up, carried: true } : { digits: up, carried: false };
}

function special(x: number): string | undefined {
  if (Number.isNaN(x)) return "nan";
  if (x === Infinity) return "inf";
  if (x === -Infinity) return "-inf";
  return undefined;
}

function sign(x: number): string {
  return x < 0 || Object.is(x, -0) ? "-" : "";
}

/** printf("%.{precision}f", x). @internal */
export function formatFixed(x: number, precision: number): string {
  const s = special(x);
  if (s !== undefined) return s;
  if (x === 0) return sign(x) + (precision > 0 ? "0." + "0".repeat(precision) : "0");
  const { digits, exp } = exactDecimal(x);
  // keep the digits up to `precision` places after the point
  const keep = exp + precision;
  let intPart: string;
  let frac: string;
  if (keep < 0) {
    intPart = "0";
    frac = "0".repeat(precision);
  } else {
    const r = roundDigits(digits, keep);
    const all = r.digits;
    const intLen = all.length - precision;
    intPart = intLen > 0 ? all.slice(0, intLen) : "0";
    frac = intLen >= 0 ? all.slice(intLen) : "0".repeat(-intLen) + all;
  }
  return sign(x) + intPart + (precision > 0 ? "." + frac : "");
}

/** printf("%.{precision}e", x), with at least two exponent digits. @internal */
export function formatExponential(x: number, precision: number): string {
  const s = special(x);
  if (s !== undefined) return s;
  let mant: string;
  let e: number;
  if (x === 0) {
    mant = "0".repeat(precision + 1);
    e = 0;
  } else {
    const { digits, exp } = exactDecimal(x);
    const r = roundDigits(digits, precision + 1);
    mant = r.digits.slice(0, precision + 1);
    e = exp - 1 + (r.carried ? 1 : 0);
  }
  const body = mant[0]! + (precision > 0 ? "." + mant.slice(1) : "");
  const es = Math.abs(e).toString().padStart(2, "0");
  return `${sign(x)}${body}e${e < 0 ? "-" : "+"}${es}`;
}

/** printf("%.{precision}g", x). @internal */
export function formatGeneral(x: number, precision: number): string {
  const s = special(x);
  if (s !== undefined) return s;
  const p = precision === 0 ? 1 : precision;
  let e: number;
  if (x === 0) {
    e = 0;
  } else {
    const { digits, exp } = exactDecimal(x);
    e = exp - 1 + (roundDigits(digits, p).carried ? 1 : 0);
  }
  let out: string;
  if (e < -4 || e >= p) {
    out = formatExponential(x, p - 1);
    out = out.replace(/\.?0+e/, "e");
  } else {
    out = formatFixed(x, p - 1 - e);
    if (out.includes(".")) out = out.replace(/\.?0+$/, "");
  }
  return out;
}
