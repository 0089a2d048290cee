// tinynn's exp, expm1, tanh, log, log1p, cos and pow (src/math, fdlibm as V8 has it) equal Node 20's
// Math.* bit for bit (Object.is: the sign of zero and NaN count): special values, fdlibm's branch
// boundaries with 8 neighbours either side, and 10^6 seeded arguments (pow: pairs) per function
// from the categories of test/exact-math-arguments.ts. Node 20's results are recorded in
// test/fixtures/exact-math-node20.json (scripts/gen-exact-math-fixture.mjs, which runs on Node 20
// only): literals for the special values and boundaries, SHA-256 of the results for the seeded
// arguments. Every runtime is held to that fixture, since newer V8 (Node 22 on) computes Math.cos,
// log, log1p and pow with other libraries; on Node 20 the tests also compare with the running
// Math.* directly. scripts/check-exact-math.mjs runs 10^7 per function on Node 20.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { exactMath } from "../src/index.js";
import { C1, C2, C3, C4, C5, C6, cos, cosRange, INV_PIO2, PIO2_1, PIO2_1T, PIO2_2, PIO2_2T, PIO2_3, PIO2_3T, S1, S2, S3, S4, S5, S6 } from "../src/math/cos.js";
import { E, exp, expRange, HALF_LN2_HW, INV_LN2, LN2_HI, LN2_LO, O_THRESHOLD, OVERFLOW_HW, P1, P2, P3, P4, P5, THREE_HALF_LN2_HW, TINY_HW, TWO_1023, TWO_M1000, U_THRESHOLD } from "../src/math/exp.js";
import { expm1, expm1Range, Q1, Q2, Q3, Q4, Q5, SATURATION_HW, TWO_M54 } from "../src/math/expm1.js";
import { Lg1, Lg2, Lg3, Lg4, Lg5, Lg6, Lg7, log, logRange, MIN_NORMAL, TWO54 } from "../src/math/log.js";
import { log1p, log1pRange } from "../src/math/log1p.js";
import { CP, CP_H, CP_L, DP_H, DP_L, IVLN2, IVLN2_H, IVLN2_L, L1, L2, L3, L4, L5, L6, LG2, LG2_H, LG2_L, OVT, pow, powRange } from "../src/math/pow.js";
import { POW2, POW2_BIAS } from "../src/math/pow2.js";
import { remPio2Large } from "../src/math/rem-pio2.js";
import { tanh, tanhRange } from "../src/math/tanh.js";
import { fromHighWord, highWord, lowWord, withHighWord, withoutLowWord } from "../src/math/words.js";
import {
  argumentsFor,
  canonicalNaNs,
  type ExactMathFixture,
  fixedValues,
  fromLiteral,
  fromWords,
  hexOf,
  layoutOf,
  MATH_NAMES,
  type MathName,
  onNode20,
  powArgumentsFor,
  powFixedPairs,
  powLayoutOf,
} from "./exact-math-arguments.js";

const OURS: Record<MathName, (x: number) => number> = { exp, expm1, tanh, log, log1p, cos };
const RANGE: Record<MathName, (v: Float64Array, from: number, to: number) => void> = {
  exp: expRange,
  expm1: expm1Range,
  tanh: tanhRange,
  log: logRange,
  log1p: log1pRange,
  cos: cosRange,
};
const NODE: Record<MathName, (x: number) => number> = { exp: Math.exp, expm1: Math.expm1, tanh: Math.tanh, log: Math.log, log1p: Math.log1p, cos: Math.cos };

/** Node 20's Math.* on this file's arguments, recorded once (scripts/gen-exact-math-fixture.mjs). */
const NODE20 = JSON.parse(readFileSync(new URL("./fixtures/exact-math-node20.json", import.meta.url), "utf8")) as ExactMathFixture;
const ON_NODE_20 = onNode20();
const REGENERATE = "the arguments of test/exact-math-arguments.ts changed: on Node 20, run npx tsx scripts/gen-exact-math-fixture.mjs";

/** The SHA-256 of float64 values' bytes. */
const sha256 = (values: Float64Array): string => createHash("sha256").update(new Uint8Array(values.buffer, values.byteOffset, values.byteLength)).digest("hex");
/** The SHA-256 of results as the fixture hashes them: every NaN canonical (on a copy). */
const resultsSha256 = (values: Float64Array): string => sha256(canonicalNaNs(values.slice()));
/** x's bytes, then y's: how the fixture hashes pow's arguments. */
const pairs = (x: ArrayLike<number>, y: ArrayLike<number>): Float64Array => {
  const xy = new Float64Array(x.length + y.length);
  xy.set(x);
  xy.set(y, x.length);
  return xy;
};
/** A value the fixture names (the expression Node 20 evaluated). */
const named = (expression: string): number => {
  const literal = NODE20.named[expression];
  if (literal === undefined) throw new Error(`test/fixtures/exact-math-node20.json names no ${expression}`);
  return fromLiteral(literal);
};

/** Where results differ from the fixture's literals (at most 5), as readable lines. */
function literalDifferences(results: Float64Array, literals: readonly string[], argument: (i: number) => string): string[] {
  const out: string[] = [];
  expect(results.length).toBe(literals.length);
  for (let i = 0; i < results.length && out.length < 5; i++) {
    const expected = fromLiteral(literals[i]!);
    if (!Object.is(results[i], expected)) out.push(`${argument(i)}: ${results[i]} [${hexOf(results[i]!)}], Node 20: ${expected} [${hexOf(expected)}]`);
  }
  return out;
}

/** The categories whose results' SHA-256 is not the fixture's (empty when all are). */
function categoriesThatDiffer(results: Float64Array, categories: ExactMathFixture["functions"]["exp"]["seeded"]["categories"]): string[] {
  return categories.filter((c) => resultsSha256(results.subarray(c.start, c.end)) !== c.sha256).map((c) => `${c.category} [${c.start}, ${c.end})`);
}

/** The seeded arguments of a function and tinynn's results on them, computed once for this file. */
const seededRuns = new Map<MathName, { xs: Float64Array; ys: Float64Array }>();
function seeded(name: MathName): { xs: Float64Array; ys: Float64Array } {
  let run = seededRuns.get(name);
  if (run === undefined) {
    const { n, seed } = NODE20.functions[name].seeded;
    const xs = argumentsFor(name, n, seed);
    const ours = OURS[name];
    run = { xs, ys: xs.map((x) => ours(x)) };
    seededRuns.set(name, run);
  }
  return run;
}
let powRun: { x: Float64Array; y: Float64Array; z: Float64Array } | undefined;
function powSeeded(): { x: Float64Array; y: Float64Array; z: Float64Array } {
  if (powRun === undefined) {
    const { n, seed } = NODE20.functions.pow.seeded;
    const { x, y } = powArgumentsFor(n, seed);
    powRun = { x, y, z: x.map((v, i) => pow(v, y[i]!)) };
  }
  return powRun;
}

/** The arguments (at most 5) where `name` differs from Node's Math[name], as readable lines. */
function differences(name: MathName, xs: ArrayLike<number>): string[] {
  const ours = OURS[name];
  const node = NODE[name];
  const out: string[] = [];
  for (let i = 0; i < xs.length && out.length < 5; i++) {
    const x = xs[i]!;
    const a = ours(x);
    const b = node(x);
    if (!Object.is(a, b)) out.push(`${name}(${x}) [${hexOf(x)}]: ${a} [${hexOf(a)}], Math.${name}: ${b} [${hexOf(b)}]`);
  }
  return out;
}

/** The pairs (at most 5) where pow differs from Node's Math.pow, as readable lines. */
function powDifferences(xs: ArrayLike<number>, ys: ArrayLike<number>): string[] {
  const out: string[] = [];
  for (let i = 0; i < xs.length && out.length < 5; i++) {
    const a = pow(xs[i]!, ys[i]!);
    const b = Math.pow(xs[i]!, ys[i]!);
    if (!Object.is(a, b)) out.push(`pow(${xs[i]}, ${ys[i]}) [${hexOf(xs[i]!)}, ${hexOf(ys[i]!)}]: ${a} [${hexOf(a)}], Math.pow: ${b} [${hexOf(b)}]`);
  }
  return out;
}

describe("src/math: fdlibm's constants, to the bit", () => {
  it("exp's, expm1's and log's constants are fdlibm's hex values (the WebAssembly exp shares them)", () => {
    const hex: Record<string, number> = {
      "40862e42fefa39ef": O_THRESHOLD, c0874910d52d3051: U_THRESHOLD, "3fe62e42fee00000": LN2_HI, "3dea39ef35793c76": LN2_LO,
      "3ff71547652b82fe": INV_LN2, "3fc555555555553e": P1, bf66c16c16bebd93: P2, "3f11566aaf25de2c": P3, bebbbd41c5d26bf1: P4,
      "3e66376972bea4d0": P5, "4005bf0a8b145769": E, "7fe0000000000000": TWO_1023, "0170000000000000": TWO_M1000,
      "40862e4200000000": OVERFLOW_HW, "3fd62e4300000000": HALF_LN2_HW, "3ff0a2b200000000": THREE_HALF_LN2_HW, "3e30000000000000": TINY_HW,
      bfa11111111110f4: Q1, "3f5a01a019fe5585": Q2, bf14ce199eaadbb7: Q3, "3ed0cfca86e65239": Q4, be8afdb76e09c32d: Q5,
      "4043687a00000000": SATURATION_HW, "3c90000000000000": TWO_M54, "3fe5555555555593": Lg1, "3fd999999997fa04": Lg2,
      "3fd2492494229359": Lg3, "3fcc71c51d8e78af": Lg4, "3fc7466496cb03de": Lg5, "3fc39a09d078c69f": Lg6, "3fc2f112df3e5244": Lg7,
      "4350000000000000": TWO54, "0010000000000000": MIN_NORMAL,
    };
    expect(Object.values(hex).map(hexOf)).toEqual(Object.keys(hex));
  });

  it("cos's and pow's constants are fdlibm's hex values", () => {
    const hex: Record<string, number> = {
      "3fa555555555554c": C1, bf56c16c16c15177: C2, "3efa01a019cb1590": C3, be927e4f809c52ad: C4, "3e21ee9ebdb4b1c4": C5, bda8fae9be8838d4: C6,
      bfc5555555555549: S1, "3f8111111110f8a6": S2, bf2a01a019c161d5: S3, "3ec71de357b1fe7d": S4, be5ae5e68a2b9ceb: S5, "3de5d93a5acfd57c": S6,
      "3fe45f306dc9c883": INV_PIO2, "3ff921fb54400000": PIO2_1, "3dd0b4611a626331": PIO2_1T, "3dd0b4611a600000": PIO2_2, "3ba3198a2e037073": PIO2_2T,
      "3ba3198a2e000000": PIO2_3, "397b839a252049c1": PIO2_3T,
      "3fe3333333333303": L1, "3fdb6db6db6fabff": L2, "3fd55555518f264d": L3, "3fd17460a91d4101": L4, "3fcd864a93c9db65": L5, "3fca7e284a454eef": L6,
      "3fe2b80340000000": DP_H, "3e4cfdeb43cfd006": DP_L, "3fe62e42fefa39ef": LG2, "3fe62e4300000000": LG2_H, be205c610ca86c39: LG2_L,
      "3c971547652b82fe": OVT, "3feec709dc3a03fd": CP, "3feec709e0000000": CP_H, be3e2fe0145b01f5: CP_L, "3ff71547652b82fe": IVLN2,
      "3ff7154760000000": IVLN2_H, "3e54ae0bf85ddf44": IVLN2_L,
    };
    expect(Object.values(hex).map(hexOf)).toEqual(Object.keys(hex));
  });

  it("POW2 holds 2^k exactly for k = -1074 ... 1023", () => {
    const p = POW2;
    expect(p.length).toBe(POW2_BIAS + 1024);
    for (let k = -1022; k <= 1023; k++) expect(hexOf(p[k + POW2_BIAS]!)).toBe(hexOf(fromWords((k + 1023) * 0x100000, 0)));
    for (let k = -1074; k < -1022; k++) {
      const shift = k + 1074;
      expect(p[k + POW2_BIAS]).toBe(shift >= 32 ? fromWords(2 ** (shift - 32), 0) : fromWords(0, 2 ** shift));
    }
    expect(p[0]).toBe(Number.MIN_VALUE);
  });

  it("highWord and withHighWord read and write fdlibm's high word", () => {
    expect(highWord(1)).toBe(0x3ff00000);
    expect(highWord(-2)).toBe(0xc0000000 | 0);
    expect(highWord(Number.MIN_VALUE)).toBe(0);
    expect(withHighWord(6, 0x3ff80000)).toBe(1.5);
    expect(hexOf(withHighWord(fromWords(0x40000000, 0x12345678), 0x3ff00000))).toBe("3ff0000012345678");
  });

  it("lowWord, withoutLowWord and fromHighWord read and write fdlibm's low word", () => {
    expect(lowWord(1)).toBe(0);
    expect(lowWord(fromWords(0x3ff00000, 0xfedcba98))).toBe(0xfedcba98);
    expect(lowWord(Number.MIN_VALUE)).toBe(1);
    expect(hexOf(withoutLowWord(fromWords(0xbff12345, 0x6789abcd)))).toBe("bff1234500000000");
    expect(fromHighWord(0x3ff80000)).toBe(1.5);
    expect(hexOf(fromHighWord(0xc0000000 | 0))).toBe("c000000000000000");
  });

  it("remPio2Large: x - n π/2 for |x| beyond 2^19 π/2, by hand", () => {
    const y = new Float64Array(2);
    // 1e22 = (4 k + 3) π/2 + 0.5506189342358097...: cos(1e22) = sin(y0 + y1)
    expect(remPio2Large(1e22, y)).toBe(3);
    expect([y[0], y[1]]).toEqual([0.5506189342358097, -7.985621383201303e-18]);
    expect(remPio2Large(-1e22, y)).toBe(-3);
    expect([y[0], y[1]]).toEqual([-0.5506189342358097, 7.985621383201303e-18]);
    // the largest double: its reduction uses 2/π's chunks near the end of the table
    const n = remPio2Large(Number.MAX_VALUE, y);
    expect(cos(Number.MAX_VALUE)).toBe(named("Math.cos(Number.MAX_VALUE)"));
    expect(n).toBeGreaterThanOrEqual(0);
    expect(n).toBeLessThan(8);
  });
});

describe("src/math equals Node 20's Math.* bit for bit, as test/fixtures/exact-math-node20.json records it (in every runtime)", () => {
  it("the fixture is Node 20's", () => {
    expect(NODE20.node).toMatch(/^v20\./);
    expect(Object.keys(NODE20.functions)).toEqual([...MATH_NAMES, "pow"]);
  });

  it("special values, by hand", () => {
    expect([exp(Number.NaN), exp(Infinity), exp(-Infinity), exp(0), exp(-0), exp(1), exp(710), exp(-746)]).toEqual([Number.NaN, Infinity, 0, 1, 1, 2.718281828459045, Infinity, 0]);
    expect([expm1(Number.NaN), expm1(Infinity), expm1(-Infinity), expm1(-0), expm1(-40)]).toEqual([Number.NaN, Infinity, -1, -0, -1]);
    expect(Object.is(expm1(-0), -0)).toBe(true);
    expect([tanh(Number.NaN), tanh(Infinity), tanh(-Infinity), tanh(-0), tanh(22), tanh(-22)]).toEqual([Number.NaN, 1, -1, -0, 1, -1]);
    expect(Object.is(tanh(-0), -0)).toBe(true);
    expect([log(Number.NaN), log(Infinity), log(-Infinity), log(0), log(-0), log(-1), log(1), log(Number.MIN_VALUE)]).toEqual([
      Number.NaN, Infinity, Number.NaN, -Infinity, -Infinity, Number.NaN, 0, -744.4400719213812,
    ]);
    expect([log1p(Number.NaN), log1p(Infinity), log1p(-Infinity), log1p(-1), log1p(-2), log1p(-0)]).toEqual([Number.NaN, Infinity, Number.NaN, -Infinity, Number.NaN, -0]);
    expect(Object.is(log1p(-0), -0)).toBe(true);
    // a subnormal result of exp, and subnormal arguments kept by expm1, tanh and log1p
    expect(exp(-740)).toBe(4.1995579896506e-322);
    for (const f of [expm1, tanh, log1p]) expect(f(-Number.MIN_VALUE)).toBe(-Number.MIN_VALUE);
    expect([cos(Number.NaN), cos(Infinity), cos(-Infinity), cos(0), cos(-0), cos(Number.MIN_VALUE), cos(Math.PI), cos(1e22)]).toEqual([
      Number.NaN, Number.NaN, Number.NaN, 1, 1, 1, -1, 0.523214785395139,
    ]);
  });

  it("pow: ECMAScript's special cases, by hand", () => {
    const cases: [number, number, number][] = [
      [Number.NaN, 0, 1], [Number.NaN, -0, 1], [0, Number.NaN, Number.NaN], [Number.NaN, 1, Number.NaN], [1, Infinity, Number.NaN], [-1, -Infinity, Number.NaN],
      [1.5, Infinity, Infinity], [1.5, -Infinity, 0], [0.5, Infinity, 0], [0.5, -Infinity, Infinity], [0, 3, 0], [-0, 3, -0], [-0, 2, 0], [0, -3, Infinity],
      [-0, -3, -Infinity], [-0, -2, Infinity], [-0, 0.5, 0], [Infinity, 0.5, Infinity], [Infinity, -1, 0], [-Infinity, 3, -Infinity], [-Infinity, -3, -0],
      [-Infinity, 2, Infinity], [-8, 1 / 3, Number.NaN], [-2, 3, -8], [-2, -1074, 5e-324], [2, 1024, Infinity], [-2, 1025, -Infinity], [2, -1075, 0],
      [-2, -1075, -0], [0.9, 4, 0.6561000000000001], [10, -1, 0.1], [4, 0.5, 2], [3, 2, 9],
    ];
    for (const [x, y, expected] of cases) expect(pow(x, y), `pow(${x}, ${y})`).toBe(expected);
  });

  for (const name of MATH_NAMES) {
    it(`${name}: special values and fdlibm's branch boundaries +- 8 ulps: Node 20's results, literally`, () => {
      const xs = Float64Array.from(fixedValues(name));
      const fixed = NODE20.functions[name].fixed;
      expect(xs.length).toBeGreaterThan(400);
      expect(sha256(xs), REGENERATE).toBe(fixed.argumentsSha256);
      const ours = OURS[name];
      expect(literalDifferences(xs.map((x) => ours(x)), fixed.values, (i) => `${name}(${xs[i]}) [${hexOf(xs[i]!)}]`)).toEqual([]);
    });

    it(`${name}: 10^6 seeded arguments (uniform ranges, every bit pattern, subnormals, the reduction's edges): the SHA-256 of the results is Node 20's`, () => {
      const { xs, ys } = seeded(name);
      const recorded = NODE20.functions[name].seeded;
      expect(xs.length).toBeGreaterThanOrEqual(1e6);
      expect(xs.length).toBe(recorded.count);
      expect(sha256(xs), REGENERATE).toBe(recorded.argumentsSha256);
      expect(recorded.categories.map((c) => [c.category, c.start, c.end])).toEqual(layoutOf(name, recorded.n).map((c) => [c.category, c.start, c.end]));
      // which categories differ, then the whole (scripts/check-exact-math.mjs on Node 20 names the arguments)
      expect(categoriesThatDiffer(ys, recorded.categories)).toEqual([]);
      expect(resultsSha256(ys)).toBe(recorded.sha256);
    });
  }

  for (const name of MATH_NAMES) {
    it(`${name}Range (what the kernels call): in place over [from, to) only; on 10^5 arguments Node 20's results (SHA-256)`, () => {
      const recorded = NODE20.functions[name].range;
      const xs = argumentsFor(name, recorded.n, recorded.seed);
      expect(sha256(xs), REGENERATE).toBe(recorded.argumentsSha256);
      const v = Float64Array.from(xs);
      const last = v.length - 1;
      RANGE[name](v, 1, last);
      expect([v[0], v[last]]).toEqual([xs[0], xs[last]]);
      // then the two ends, as ranges of one value
      RANGE[name](v, 0, 1);
      RANGE[name](v, last, last + 1);
      expect(resultsSha256(v)).toBe(recorded.sha256);
      // an empty range leaves everything; a range of one value at the end
      const w = Float64Array.from([0.5, 2]);
      RANGE[name](w, 1, 1);
      RANGE[name](w, 1, 2);
      expect([w[0], w[1]]).toEqual([0.5, OURS[name](2)]);
    });
  }

  it("pow: every special value with every other, the edges of the doubles and of log2's reduction, +- 8 ulps: Node 20's results, literally", () => {
    const { x, y } = powFixedPairs();
    const fixed = NODE20.functions.pow.fixed;
    expect(x.length).toBeGreaterThan(2500);
    expect(sha256(pairs(x, y)), REGENERATE).toBe(fixed.argumentsSha256);
    const z = Float64Array.from(x, (v, i) => pow(v, y[i]!));
    expect(literalDifferences(z, fixed.values, (i) => `pow(${x[i]}, ${y[i]}) [${hexOf(x[i]!)}, ${hexOf(y[i]!)}]`)).toEqual([]);
  });

  it("pow: 10^6 seeded pairs (β^t for t up to 10^6, uniform ranges, over- and underflow, |y| > 2^31, subnormals, every bit pattern): the SHA-256 of the results is Node 20's", () => {
    const { x, y, z } = powSeeded();
    const recorded = NODE20.functions.pow.seeded;
    expect(x.length).toBeGreaterThanOrEqual(1e6);
    expect(sha256(pairs(x, y)), REGENERATE).toBe(recorded.argumentsSha256);
    expect(recorded.categories.map((c) => [c.category, c.start, c.end])).toEqual(powLayoutOf(recorded.n).map((c) => [c.category, c.start, c.end]));
    expect(categoriesThatDiffer(z, recorded.categories)).toEqual([]);
    expect(resultsSha256(z)).toBe(recorded.sha256);
  });

  it("powRange (what Adam and the schedules call): in place over [from, to) only; on 10^5 pairs Node 20's results (SHA-256)", () => {
    const recorded = NODE20.functions.pow.range;
    const { x, y } = powArgumentsFor(recorded.n, recorded.seed);
    expect(sha256(pairs(x, y)), REGENERATE).toBe(recorded.argumentsSha256);
    const v = Float64Array.from(x);
    const last = v.length - 1;
    powRange(v, y, 1, last);
    expect([v[0], v[last]]).toEqual([x[0], x[last]]);
    powRange(v, y, 0, 1);
    powRange(v, y, last, last + 1);
    expect(resultsSha256(v)).toBe(recorded.sha256);
  });

  it("exactMath (the public export) holds the same functions", () => {
    expect(exactMath).toEqual({ exp, expm1, tanh, log, log1p, cos, pow });
    expect(Object.isFrozen(exactMath)).toBe(true);
  });
});

// Node 20's Math.* is the reference itself: there the same arguments are also compared with it directly.
describe.runIf(ON_NODE_20)("on Node 20 only (process.versions.node 20.x): src/math equals this Node's Math.* directly", () => {
  for (const name of MATH_NAMES) {
    it(`${name}: the special values, the boundaries +- 8 ulps and the 10^6 seeded arguments equal this Node's Math.${name}`, () => {
      expect(differences(name, fixedValues(name))).toEqual([]);
      expect(differences(name, seeded(name).xs)).toEqual([]);
    });

    it(`${name}Range on 10^5 arguments equals this Node's Math.${name}`, () => {
      const { n, seed } = NODE20.functions[name].range;
      const xs = argumentsFor(name, n, seed);
      const v = Float64Array.from(xs);
      RANGE[name](v, 0, v.length);
      const differ: string[] = [];
      for (let i = 0; i < v.length && differ.length < 5; i++) {
        if (!Object.is(v[i], NODE[name](xs[i]!))) differ.push(`${name}(${xs[i]}) [${hexOf(xs[i]!)}]: ${v[i]}, Math.${name}: ${NODE[name](xs[i]!)}`);
      }
      expect(differ).toEqual([]);
    });
  }

  it("pow: the fixed pairs and the 10^6 seeded pairs equal this Node's Math.pow", () => {
    const fixed = powFixedPairs();
    expect(powDifferences(fixed.x, fixed.y)).toEqual([]);
    const { x, y } = powSeeded();
    expect(powDifferences(x, y)).toEqual([]);
  });

  it("powRange on 10^5 pairs equals this Node's Math.pow", () => {
    const { n, seed } = NODE20.functions.pow.range;
    const { x, y } = powArgumentsFor(n, seed);
    const v = Float64Array.from(x);
    powRange(v, y, 0, v.length);
    const differ: string[] = [];
    for (let i = 0; i < v.length && differ.length < 5; i++) {
      if (!Object.is(v[i], Math.pow(x[i]!, y[i]!))) differ.push(`pow(${x[i]}, ${y[i]}): ${v[i]}, Math.pow: ${Math.pow(x[i]!, y[i]!)}`);
    }
    expect(differ).toEqual([]);
  });

  it("the fixture's named values are this Node's", () => {
    const evaluated: Record<string, number> = {
      "Math.cos(Number.MAX_VALUE)": Math.cos(Number.MAX_VALUE),
      "Math.pow(0.9, 4)": 0.9 ** 4,
      "Math.log(3)": Math.log(3),
      "Math.log(0.75)": Math.log(0.75),
      "Math.log(0.8)": Math.log(0.8),
      "Math.log(0.6)": Math.log(0.6),
      "Math.tanh(0.5)": Math.tanh(0.5),
    };
    expect(Object.fromEntries(Object.keys(NODE20.named).map((e) => [e, named(e)]))).toEqual(evaluated);
  });
});
