// The arguments on which tinynn's exp, expm1, tanh, log, log1p, cos and pow (src/math) are compared
// with Node's Math.*: fdlibm's branch boundaries and their neighbours, special values, and seeded
// draws from ranges chosen per function (pow: pairs, see POW_CATEGORIES). Written once for
// scripts/check-exact-math.mjs (10^7 per function), test/exact-math.test.ts (10^6) and the Chromium
// page of test/runtimes/chromium.test.ts, which draws the same arguments in the browser: the
// generator uses integer operations and IEEE + - * / only (no Math.* whose last bit is the
// engine's), so every engine draws the same doubles.

/**
 * Whether this is Node 20, whose V8 (11.3) computes Math.exp, expm1, tanh, log, log1p, cos and pow
 * with the fdlibm ports that src/math follows: only there are tinynn's functions compared with the
 * running engine's Math.* directly. Newer V8 (Node 22 on) takes cos, log, log1p and pow from other
 * libraries, so elsewhere the tests compare with Node 20's values recorded in
 * test/fixtures/exact-math-node20.json (scripts/gen-exact-math-fixture.mjs). Deno and Bun report a
 * Node version of their own; they are not Node 20.
 */
export function onNode20(): boolean {
  const g = globalThis as { process?: { versions?: { node?: string } }; Deno?: unknown; Bun?: unknown };
  return g.process?.versions?.node?.split(".")[0] === "20" && g.Deno === undefined && g.Bun === undefined;
}

/** A double as the fixture writes it: its shortest round-trip decimal, "-0" for -0, "NaN", "Infinity", "-Infinity". */
export const literalOf = (x: number): string => (Object.is(x, -0) ? "-0" : String(x));

/** The double a {@link literalOf} string stands for. */
export const fromLiteral = (s: string): number => (s === "-0" ? -0 : Number(s));

/** One set of arguments in the fixture: how many, and the SHA-256 of their bytes and of Node 20's results' (NaNs canonical). */
export interface HashedSet {
  readonly count: number;
  readonly argumentsSha256: string;
  readonly sha256: string;
}

/** What test/fixtures/exact-math-node20.json holds for one function (pow: on pairs; arguments hashed as x's bytes, then y's). */
export interface FixtureFunction {
  /** {@link fixedValues} (pow: {@link powFixedPairs}): Node 20's result for each, as {@link literalOf}. */
  readonly fixed: { readonly count: number; readonly argumentsSha256: string; readonly values: readonly string[] };
  /** {@link argumentsFor}(name, n, seed) (pow: {@link powArgumentsFor}), hashed whole and per category of its layout. */
  readonly seeded: HashedSet & { readonly n: number; readonly seed: number; readonly categories: readonly { category: string; start: number; end: number; sha256: string }[] };
  /** The arguments of the Range test (what the kernels call). */
  readonly range: HashedSet & { readonly n: number; readonly seed: number };
}

/** test/fixtures/exact-math-node20.json: Node 20's Math.* on the tests' arguments, recorded once. */
export interface ExactMathFixture {
  readonly about: string;
  readonly node: string;
  readonly v8: string;
  readonly functions: Record<MathName | "pow", FixtureFunction>;
  /** Single values some tests state, by the expression Node 20 evaluated (`Math.cos(Number.MAX_VALUE)`). */
  readonly named: Record<string, string>;
  /** test/wasm-engine.test.ts: Math.exp on its 10 rounds of 2^20 arguments, Math.tanh on its 3 sets. */
  readonly wasmEngine: { readonly exp: readonly HashedSet[]; readonly tanh: readonly HashedSet[] };
}

/** The functions of one argument. */
export type MathName = "exp" | "expm1" | "tanh" | "log" | "log1p" | "cos";
export const MATH_NAMES: readonly MathName[] = ["exp", "expm1", "tanh", "log", "log1p", "cos"];

/** A seeded source of 32-bit words: xoshiro128** (Math.imul and shifts, the same in every engine). */
export function wordSource(seed: number): () => number {
  // splitmix32 spreads the seed over the four words of state
  let z = seed >>> 0;
  const mix = (): number => {
    z = (z + 0x9e3779b9) >>> 0;
    let t = z ^ (z >>> 16);
    t = Math.imul(t, 0x21f0aaad);
    t ^= t >>> 15;
    t = Math.imul(t, 0x735a2d97);
    return (t ^ (t >>> 15)) >>> 0;
  };
  let a = mix();
  let b = mix();
  let c = mix();
  let d = mix();
  return () => {
    const result = Math.imul(rotl(Math.imul(b, 5), 7), 9) >>> 0;
    const t = b << 9;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = rotl(d, 11);
    return result;
  };
}

const rotl = (x: number, k: number): number => (x << k) | (x >>> (32 - k));

const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);
F64[0] = 1;
const HI = U32[1] === 0x3ff00000 ? 1 : 0;

/** The double whose bits are hi:lo. */
export function fromWords(hi: number, lo: number): number {
  U32[HI] = hi >>> 0;
  U32[1 - HI] = lo >>> 0;
  return F64[0]!;
}

/** The bits of x as 16 hex digits. */
export function hexOf(x: number): string {
  F64[0] = x;
  return U32[HI]!.toString(16).padStart(8, "0") + U32[1 - HI]!.toString(16).padStart(8, "0");
}

/**
 * `values` with every NaN written as 0x7FF80000 00000000, in place. Object.is sees one NaN; the other
 * bits of a NaN are the engine's (Node and Chromium carry an argument's payload differently), so
 * results are hashed with their NaNs made canonical.
 */
export function canonicalNaNs(values: Float64Array): Float64Array {
  const words = new Uint32Array(values.buffer, values.byteOffset, values.length * 2);
  for (let i = 0; i < values.length; i++) {
    if (values[i] !== values[i]) {
      words[2 * i + HI] = 0x7ff80000;
      words[2 * i + 1 - HI] = 0;
    }
  }
  return values;
}

/** The next double toward +Infinity (NaN and +Infinity stay). */
export function nextUp(x: number): number {
  if (x !== x || x === Infinity) return x;
  if (x === 0) return Number.MIN_VALUE;
  F64[0] = x;
  let hi = U32[HI]!;
  let lo = U32[1 - HI]!;
  if (x > 0) {
    lo = (lo + 1) >>> 0;
    if (lo === 0) hi++;
  } else {
    if (lo === 0) hi--;
    lo = (lo - 1) >>> 0;
  }
  return fromWords(hi, lo);
}

/** The next double toward -Infinity. */
export const nextDown = (x: number): number => -nextUp(-x);

/** A uniform double in [0, 1) with 53 random bits. */
const unit = (next: () => number): number => ((next() >>> 5) * 67108864 + (next() >>> 6)) / 9007199254740992;
const uniform = (lo: number, hi: number) => (next: () => number) => lo + (hi - lo) * unit(next);
/** Any 64-bit pattern: every double, NaNs, infinities and subnormals included. */
const anyBits = (next: () => number): number => fromWords(next(), next());
/** A random pattern with the exponent field in [e0, e1] (0 is subnormal) and a random sign. */
const exponents = (e0: number, e1: number, sign = true) => (next: () => number): number => {
  const e = e0 + (next() % (e1 - e0 + 1));
  const s = sign && (next() & 1) === 1 ? 0x80000000 : 0;
  return fromWords((s | (e << 20) | (next() & 0xfffff)) >>> 0, next());
};
/** x near (n + 1/2) ln2 for a random n in [n0, n1], a few ulps either side: where k = round(x / ln2) changes. */
const halfLn2Steps = (n0: number, n1: number) => (next: () => number): number => {
  let x = (n0 + (next() % (n1 - n0 + 1)) + 0.5) * Math.LN2;
  const steps = (next() % 17) - 8;
  for (let i = 0; i < steps; i++) x = nextUp(x);
  for (let i = 0; i > steps; i--) x = nextDown(x);
  return x;
};
/** m · 2^e with m a few ulps from 1 (either side) and e in [e0, e1]: the reductions' exact cases. */
const nearPowersOfTwo = (e0: number, e1: number) => (next: () => number): number => {
  const e = e0 + (next() % (e1 - e0 + 1));
  const ulps = (next() % 33) - 16;
  const m = ulps >= 0 ? fromWords(0x3ff00000, ulps) : fromWords(0x3fefffff, (0x100000000 + ulps) >>> 0);
  return m * powerOfTwo(e);
};

/** 2^e for -1074 <= e <= 1023, from its bits (not `2 ** e`, which is Math.pow, left to the engine). */
function powerOfTwo(e: number): number {
  if (e >= -1022) return fromWords((e + 1023) << 20, 0);
  const shift = e + 1074;
  return shift >= 32 ? fromWords(2 ** (shift - 32), 0) : fromWords(0, 2 ** shift);
}

/** x near n π/2 for a random n in [n0, n1], a few ulps either side: where cos's reduction cancels most. */
const nearHalfPiSteps = (n0: number, n1: number) => (next: () => number): number => {
  // n π/2 to 53 bits (the product of an integer below 2^21 and π/2's double rounds once)
  let x = (n0 + (next() % (n1 - n0 + 1))) * (Math.PI / 2);
  const steps = (next() % 17) - 8;
  for (let i = 0; i < steps; i++) x = nextUp(x);
  for (let i = 0; i > steps; i--) x = nextDown(x);
  return next() & 1 ? x : -x;
};

/** A way of drawing arguments, named for the report. */
export interface Category {
  readonly name: string;
  readonly draw: (next: () => number) => number;
}

const COMMON: readonly Category[] = [
  { name: "any bit pattern", draw: anyBits },
  { name: "|x| < 2^-20 incl. subnormal", draw: exponents(0, 0x3eb) },
];

/** The categories drawn for each function, besides the fixed values. */
export const CATEGORIES: Record<MathName, readonly Category[]> = {
  exp: [
    { name: "uniform [-1, 1]", draw: uniform(-1, 1) },
    { name: "uniform [-40, 40]", draw: uniform(-40, 40) },
    { name: "uniform [-746, 710] (all finite results)", draw: uniform(-746, 710) },
    { name: "subnormal results [-745.2, -708.39]", draw: uniform(-745.2, -708.39) },
    { name: "overflow edge [709.7, 709.8]", draw: uniform(709.7, 709.8) },
    { name: "near (n + 1/2) ln2", draw: halfLn2Steps(-1077, 1024) },
    ...COMMON,
  ],
  expm1: [
    { name: "uniform [-1, 1]", draw: uniform(-1, 1) },
    { name: "uniform [-45, 45]", draw: uniform(-45, 45) },
    { name: "uniform [-50, 710]", draw: uniform(-50, 710) },
    { name: "overflow edge [709.7, 709.8]", draw: uniform(709.7, 709.8) },
    { name: "near (n + 1/2) ln2", draw: halfLn2Steps(-58, 1024) },
    ...COMMON,
  ],
  tanh: [
    { name: "uniform [-1, 1]", draw: uniform(-1, 1) },
    { name: "uniform [-5, 5]", draw: uniform(-5, 5) },
    { name: "uniform [-23, 23]", draw: uniform(-23, 23) },
    { name: "near (n + 1/2) ln2 / 2", draw: (next) => halfLn2Steps(-34, 34)(next) / 2 },
    ...COMMON,
  ],
  log: [
    { name: "uniform (0, 1] (probabilities)", draw: uniform(0, 1) },
    { name: "uniform [0.5, 2]", draw: uniform(0.5, 2) },
    { name: "uniform [0, 1000]", draw: uniform(0, 1000) },
    { name: "1 +- 2^-19", draw: (next) => 1 + uniform(-(2 ** -19), 2 ** -19)(next) },
    { name: "any positive double incl. subnormal", draw: exponents(0, 0x7fe, false) },
    { name: "near powers of two", draw: nearPowersOfTwo(-1074, 1023) },
    ...COMMON,
  ],
  log1p: [
    { name: "uniform [-1, 1]", draw: uniform(-1, 1) },
    { name: "uniform [-0.3, 0.42] (k = 0)", draw: uniform(-0.3, 0.42) },
    { name: "uniform [-1, -0.999]", draw: uniform(-1, -0.999) },
    { name: "uniform [0, 1000]", draw: uniform(0, 1000) },
    { name: "any positive double incl. subnormal", draw: exponents(0, 0x7fe, false) },
    { name: "near powers of two, minus 1", draw: (next) => nearPowersOfTwo(-60, 60)(next) - 1 },
    ...COMMON,
  ],
  cos: [
    { name: "uniform [0, 2π) (Box-Muller's 2π u)", draw: (next) => 2 * Math.PI * unit(next) },
    { name: "uniform [-10, 10]", draw: uniform(-10, 10) },
    { name: "uniform [-1e6, 1e6] (2^19 π/2 is 823550)", draw: uniform(-1e6, 1e6) },
    { name: "near n π/2, |n| <= 64", draw: nearHalfPiSteps(0, 64) },
    { name: "near n π/2, |n| <= 2^20", draw: nearHalfPiSteps(0, 1048576) },
    { name: "|x| in [2^19 π/2, MAX] (rem_pio2's large case)", draw: exponents(0x413, 0x7fe) },
    ...COMMON,
  ],
};

/** NaN, ±0, ±Infinity, the extremes of the doubles and a few exact values, for every function. */
export const SPECIAL_VALUES: readonly number[] = [
  Number.NaN, 0, -0, Infinity, -Infinity, Number.MIN_VALUE, -Number.MIN_VALUE, Number.MAX_VALUE, -Number.MAX_VALUE,
  2.2250738585072014e-308, -2.2250738585072014e-308, nextDown(2.2250738585072014e-308), -nextDown(2.2250738585072014e-308),
  1, -1, 2, -2, 0.5, -0.5, 10, -10, 100, -100, 1e-300, -1e-300, 1e300, -1e300, Math.E, Math.LN2, -Math.LN2,
];

/** ln 2's fdlibm split, and (n + 1/2) ln2 for the k where the scaling of exp and expm1 changes form. */
const kBoundaries = (ns: readonly number[]): number[] => ns.map((n) => (n + 0.5) * Math.LN2);

/**
 * fdlibm's branch boundaries of each function (both signs are taken): a test `hx >= H` on the high
 * word of |x| flips at fromWords(H, 0), the thresholds at their own value.
 */
export const BOUNDARIES: Record<MathName, readonly number[]> = {
  exp: [
    709.782712893384, -745.1332191019411, 709.7822265625, fromWords(0x3fd62e43, 0), fromWords(0x3fd62e42, 0xffffffff), 1.0397205352783203, 3.725290298461914e-9,
    0.5 * Math.LN2, 1.5 * Math.LN2, -708.3964185322641, -744.4400719213812, ...kBoundaries([-1077, -1076, -1075, -1023, -1022, -1021, -1020, -1, 0, 1022, 1023, 1024]),
  ],
  expm1: [
    709.782712893384, 709.7822265625, 38.81622314453125, 56 * Math.LN2, fromWords(0x3fd62e43, 0), 1.0397205352783203, 5.551115123125783e-17,
    Math.LN2 - 0.25, ...kBoundaries([-58, -57, -3, -2, -1, 0, 1, 2, 18, 19, 20, 55, 56, 57, 1022, 1023]),
  ],
  tanh: [22, 1, 3.725290298461914e-9, 0.5 * fromWords(0x3fd62e43, 0), 0.5 * 1.0397205352783203, 0.5 * 38.81622314453125, ...kBoundaries([0, 1, 2, 18, 19, 20, 30]).map((x) => x / 2)],
  log: [
    2.2250738585072014e-308, Number.MIN_VALUE, Number.MAX_VALUE, 1, 2, 0.5, Math.SQRT2, Math.SQRT1_2, 1 + 2 ** -20, 1 - 2 ** -20, 1 + 2 ** -21, 1 - 2 ** -21,
    fromWords(0x3ff6147a, 0), fromWords(0x3ff6b851, 0), fromWords(0x3fe6147a, 0), fromWords(0x3fe6b851, 0), fromWords(0x3ff6a09c, 0), fromWords(0x3ff6a09d, 0),
    fromWords(0x3fe6a09c, 0), fromWords(0x3fe6a09d, 0), fromWords(0x4006a09c, 0), fromWords(0x0006a09c, 0),
  ],
  cos: [
    // |x| <~ π/4, < 3π/4 (and π/2's own high word), <~ 2^19 π/2: rem_pio2's cases; the kernels' 2^-27, 0.3, 0.78125
    fromWords(0x3fe921fb, 0xffffffff), fromWords(0x3fe921fc, 0), fromWords(0x4002d97c, 0), fromWords(0x3ff921fb, 0), fromWords(0x3ff921fc, 0),
    fromWords(0x413921fb, 0xffffffff), fromWords(0x413921fc, 0), fromWords(0x3e400000, 0), fromWords(0x3fd33333, 0), fromWords(0x3fe90000, 0),
    fromWords(0x3fe90001, 0), Math.PI / 4, Math.PI / 2, Math.PI, 2 * Math.PI, 1e22, 2 ** 19 * (Math.PI / 2), 2 ** 30, 2 ** 52,
    ...Array.from({ length: 33 }, (_, n) => n * (Math.PI / 2)),
  ],
  log1p: [
    -1, fromWords(0x3fda827a, 0), 1.862645149230957e-9, 5.551115123125783e-17, fromWords(0x3fd2bec4, 0), fromWords(0x3fd2bec3, 0xffffffff), 2 ** 53, 2 ** 53 - 1,
    fromWords(0x3ff6a09e, 0) - 1, fromWords(0x3fe6a09e, 0) - 1, fromWords(0x4006a09e, 0) - 1, 2 ** -20, Math.SQRT2 - 1, Math.SQRT1_2 - 1, 1e300,
  ],
};

/** The fixed values of a function: the special values, and each boundary b and -b with their 8 neighbours either side. */
export function fixedValues(name: MathName): number[] {
  const out = [...SPECIAL_VALUES];
  for (const b of BOUNDARIES[name]) {
    for (const start of [b, -b]) {
      out.push(start);
      let up = start;
      let down = start;
      for (let i = 0; i < 8; i++) {
        up = nextUp(up);
        down = nextDown(down);
        out.push(up, down);
      }
    }
  }
  return out;
}

/** `perCategory` seeded arguments of each category of `name`, by category. */
export function drawnValues(name: MathName, perCategory: number, seed: number): { category: string; values: Float64Array }[] {
  const next = wordSource(seed ^ (MATH_NAMES.indexOf(name) * 0x51ed27));
  return CATEGORIES[name].map(({ name: category, draw }) => {
    const values = new Float64Array(perCategory);
    for (let i = 0; i < perCategory; i++) values[i] = draw(next);
    return { category, values };
  });
}

/** Where each kind of argument lies in {@link argumentsFor}'s array: the fixed values, then each category. */
export function layoutOf(name: MathName, n: number): { category: string; start: number; end: number }[] {
  const fixed = fixedValues(name).length;
  const per = Math.ceil(Math.max(0, n - fixed) / CATEGORIES[name].length);
  return [
    { category: "special values, boundaries +- 8 ulps", start: 0, end: fixed },
    ...CATEGORIES[name].map((c, i) => ({ category: c.name, start: fixed + i * per, end: fixed + (i + 1) * per })),
  ];
}

/** At least `n` arguments for `name`: its fixed values, then seeded draws from every category in turn. */
export function argumentsFor(name: MathName, n: number, seed: number): Float64Array {
  const fixed = fixedValues(name);
  const per = Math.ceil(Math.max(0, n - fixed.length) / CATEGORIES[name].length);
  const drawn = drawnValues(name, per, seed);
  const out = new Float64Array(fixed.length + per * drawn.length);
  out.set(fixed);
  drawn.forEach(({ values }, c) => out.set(values, fixed.length + c * per));
  return out;
}

/** A way of drawing (x, y) pairs for pow, named for the report. */
export interface PairCategory {
  readonly name: string;
  readonly draw: (next: () => number) => [number, number];
}

/** The bases of tinynn's powers: Adam's β1 and β2, typical schedules' rates and drops. */
const TINYNN_BASES = [0.9, 0.999, 0.99, 0.95, 0.96, 0.98, 0.995, 0.8, 0.5, 0.1];

/** The pairs drawn for pow, besides the fixed pairs: tinynn's own (β^t, t an update count) first. */
export const POW_CATEGORIES: readonly PairCategory[] = [
  { name: "β uniform (0, 1) ^ integer t in [0, 1000]", draw: (next) => [unit(next), next() % 1001] },
  { name: "β uniform [0.99, 1) ^ integer t in [0, 10^6]", draw: (next) => [uniform(0.99, 1)(next), next() % 1000001] },
  { name: "0.9, 0.999, 0.99, ... ^ integer t in [0, 20000]", draw: (next) => [TINYNN_BASES[next() % TINYNN_BASES.length]!, next() % 20001] },
  { name: "uniform [0, 10] ^ uniform [-10, 10]", draw: (next) => [uniform(0, 10)(next), uniform(-10, 10)(next)] },
  { name: "uniform [0, 2] ^ uniform [-1100, 1100] (over- and underflow)", draw: (next) => [uniform(0, 2)(next), uniform(-1100, 1100)(next)] },
  { name: "[1.9, 2.1] ^ ±[1020, 1080] (the edges of the doubles)", draw: (next) => [uniform(1.9, 2.1)(next), (next() & 1 ? 1 : -1) * uniform(1020, 1080)(next)] },
  { name: "uniform [-100, 0) ^ integer in [-150, 150]", draw: (next) => [-100 * unit(next), (next() % 301) - 150] },
  { name: "x within 2^-30 of 1 ^ |y| up to 2^36 (|y| > 2^31)", draw: (next) => [1 + powerOfTwo(-30) * (2 * unit(next) - 1), powerOfTwo(36) * (2 * unit(next) - 1)] },
  { name: "x within 2^-19 of 1 ^ |y| up to 2^70 (|y| > 2^64)", draw: (next) => [1 + powerOfTwo(-19) * (2 * unit(next) - 1), powerOfTwo(70) * (2 * unit(next) - 1)] },
  { name: "subnormal or tiny x ^ uniform [-1, 2]", draw: (next) => [exponents(0, 0x20, false)(next), uniform(-1, 2)(next)] },
  { name: "any bit pattern ^ integer in [-1100, 1100]", draw: (next) => [anyBits(next), (next() % 2201) - 1100] },
  { name: "any bit pattern ^ any bit pattern", draw: (next) => [anyBits(next), anyBits(next)] },
];

/** pow's special values, each paired with each (NaN, zeros, infinities, ±1, the edges of its branches). */
const POW_SPECIAL: readonly number[] = [
  Number.NaN, 0, -0, Infinity, -Infinity, 1, -1, 0.5, -0.5, 2, -2, 3, -3, 1.5, -1.5, 0.25, 1 / 3, 0.9, 0.999, 10, -10, 1e-300, 1e300,
  Number.MIN_VALUE, -Number.MIN_VALUE, Number.MAX_VALUE, -Number.MAX_VALUE, 2.2250738585072014e-308, nextUp(1), nextDown(1), -nextUp(1), -nextDown(1),
  2 ** 31, -(2 ** 31), fromWords(0x41e00001, 0), -fromWords(0x41e00001, 0), 2 ** 53, -(2 ** 53), 2 ** 53 + 2, 2 ** 64, nextUp(2 ** 64), -nextUp(2 ** 64),
  1023, 1024, 1025, -1074, -1075, -1076, 1023.5, -1074.5,
];

/**
 * pow's fixed pairs: every special value with every other; 2^y and (1/2)^y for y within 8 ulps of
 * the exponents where results overflow, turn subnormal and underflow; and x within 8 ulps of the
 * high words where log2's reduction changes interval (0x3988E, 0xBB67A), with a few exponents.
 */
export function powFixedPairs(): { x: number[]; y: number[] } {
  const x: number[] = [];
  const y: number[] = [];
  for (const a of POW_SPECIAL) {
    for (const b of POW_SPECIAL) {
      x.push(a);
      y.push(b);
    }
  }
  const around = (v: number): number[] => {
    const out = [v];
    let up = v;
    let down = v;
    for (let i = 0; i < 8; i++) {
      up = nextUp(up);
      down = nextDown(down);
      out.push(up, down);
    }
    return out;
  };
  for (const e of [1024, 1023, -1022, -1074, -1075, -1076, 1075]) {
    for (const b of [...around(e), ...around(-e)]) {
      for (const base of [2, 0.5, -2, nextUp(2), nextDown(2)]) {
        x.push(base);
        y.push(b);
      }
    }
  }
  for (const hw of [0x3ff3988e, 0x3ff3988f, 0x3ffbb679, 0x3ffbb67a, 0x3fe3988e, 0x3feffffe, 0x3ff00001]) {
    for (const a of around(fromWords(hw, 0))) {
      for (const b of [3.5, -7.25, 100.125, 0.75, 1e-5]) {
        x.push(a);
        y.push(b);
      }
    }
  }
  return { x, y };
}

/** Where each kind of pair lies in {@link powArgumentsFor}'s arrays: the fixed pairs, then each category. */
export function powLayoutOf(n: number): { category: string; start: number; end: number }[] {
  const fixed = powFixedPairs().x.length;
  const per = Math.ceil(Math.max(0, n - fixed) / POW_CATEGORIES.length);
  return [
    { category: "special values, edges +- 8 ulps", start: 0, end: fixed },
    ...POW_CATEGORIES.map((c, i) => ({ category: c.name, start: fixed + i * per, end: fixed + (i + 1) * per })),
  ];
}

/** `perCategory` seeded pairs of each of {@link POW_CATEGORIES}, by category. */
export function powDrawnPairs(perCategory: number, seed: number): { category: string; x: Float64Array; y: Float64Array }[] {
  const next = wordSource(seed ^ (MATH_NAMES.length * 0x51ed27));
  return POW_CATEGORIES.map(({ name, draw }) => {
    const x = new Float64Array(perCategory);
    const y = new Float64Array(perCategory);
    for (let i = 0; i < perCategory; i++) [x[i], y[i]] = draw(next);
    return { category: name, x, y };
  });
}

/** At least `n` pairs for pow: its fixed pairs, then seeded draws from every category in turn. */
export function powArgumentsFor(n: number, seed: number): { x: Float64Array; y: Float64Array } {
  const fixed = powFixedPairs();
  const per = Math.ceil(Math.max(0, n - fixed.x.length) / POW_CATEGORIES.length);
  const drawn = powDrawnPairs(per, seed);
  const x = new Float64Array(fixed.x.length + per * drawn.length);
  const y = new Float64Array(x.length);
  x.set(fixed.x);
  y.set(fixed.y);
  drawn.forEach((d, c) => {
    x.set(d.x, fixed.x.length + c * per);
    y.set(d.y, fixed.x.length + c * per);
  });
  return { x, y };
}

/**
 * Networks whose every activation, loss, initializer and optimizer step runs through src/math:
 * tanh + softmax with crossEntropy, sigmoid with binaryCrossEntropy, trained on seeded data; a heNormal
 * network trained by Adam on an exponentialDecay schedule, and an xavierNormal one by gradient
 * descent on a stepDecay schedule (log and cos in the draws, pow in the bias corrections and the
 * rates). Returns the loss of each iteration and the predictions after training, flat, then the
 * last two networks' float32 predictions. The Chromium page computes it too: the same bits in Node.
 */
export function exactMathNetworks(tinynn: typeof import("../src/index.js")): number[] {
  const { Network, seededRandom, oneHot, Adam, GradientDescent, exponentialDecay, stepDecay } = tinynn;
  const draw = seededRandom("exact math networks");
  const X = Array.from({ length: 64 }, () => Array.from({ length: 6 }, () => 6 * draw() - 3));
  const classes = X.map((row) => (row[0]! + row[1]! > 0 ? 0 : row[2]! > 0 ? 1 : 2));
  const out: number[] = [];
  const softmax = new Network({ layers: [6, 10, 3], activation: "tanh", outputActivation: "softmax", seed: 3 });
  out.push(...softmax.train(X, oneHot(classes, 3), { iterations: 40, alpha: 0.5, loss: "crossEntropy", batchSize: 16 }).history.loss);
  out.push(...softmax.predict(X).flat());
  const sigmoid = new Network({ layers: [6, 8, 2], activation: "sigmoid", outputActivation: "sigmoid", seed: 4 });
  const y = X.map((row) => [row[3]! > 0 ? 1 : 0, row[4]! * row[5]! > 0 ? 1 : 0]);
  out.push(...sigmoid.train(X, y, { iterations: 40, alpha: 1, loss: "binaryCrossEntropy", batchSize: 16 }).history.loss);
  out.push(...sigmoid.predict(X).flat());
  const adam = new Network({ layers: [6, 8, 3], activation: "relu", outputActivation: "softmax", initializer: "heNormal", seed: 5 });
  const optimizer = new Adam({ alpha: exponentialDecay({ alpha: 0.05, rate: 0.99 }) });
  out.push(...adam.train(X, oneHot(classes, 3), { iterations: 40, optimizer, loss: "crossEntropy", batchSize: 16 }).history.loss);
  out.push(...adam.predict(X).flat());
  const decay = new Network({ layers: [6, 8, 2], activation: "tanh", outputActivation: "sigmoid", initializer: "xavierNormal", seed: 6 });
  const descent = new GradientDescent({ alpha: stepDecay({ alpha: 1, drop: 0.9, every: 7 }) });
  out.push(...decay.train(X, y, { iterations: 40, optimizer: descent, loss: "binaryCrossEntropy", batchSize: 16 }).history.loss);
  out.push(...decay.predict(X).flat());
  // float32 inference: its own float32 sigmoid, and tanh computed in float64 and rounded
  out.push(...sigmoid.predict(X, { precision: "float32" }).flat(), ...decay.predict(X, { precision: "float32" }).flat());
  return out;
}
