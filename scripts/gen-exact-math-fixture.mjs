#!/usr/bin/env node
// npx tsx scripts/gen-exact-math-fixture.mjs
//
// Writes test/fixtures/exact-math-node20.json: what Node 20's own Math.exp, expm1, tanh, log, log1p,
// cos and pow return on the arguments of the tests, so that tinynn's src/math (exactMath) can be
// held to Node 20's bits in any runtime. Newer V8 (Node 22 on) computes cos, log, log1p and pow with
// other libraries, so this refuses to run on a Node other than 20: the fixture is Node 20's, or none.
//
// It computes with Math.* only (not with src/math): the fixture is the reference, tinynn is what
// test/exact-math.test.ts and test/wasm-engine.test.ts check against it. Per function:
//   fixed   the special values and fdlibm's branch boundaries +- 8 ulps (test/exact-math-arguments.ts's
//           fixedValues; pow: powFixedPairs), each result as a literal (shortest decimal, "-0", "NaN")
//   seeded  argumentsFor(name, 10^6, 20260101) (pow: powArgumentsFor): the SHA-256 of the results'
//           float64 bytes (little-endian; every NaN made 0x7FF8000000000000, as Object.is sees one
//           NaN), whole and per category, and the SHA-256 of the arguments
//   range   argumentsFor(name, 10^5, 99): the same hashes, for the Range kernels' test
// and a few named values, and test/wasm-engine.test.ts's Math.exp and Math.tanh sets, hashed.
import { createHash } from "node:crypto";
import { writeFileSync } from "node:fs";
import { argumentsFor, canonicalNaNs, fixedValues, layoutOf, literalOf, MATH_NAMES, onNode20, powArgumentsFor, powFixedPairs, powLayoutOf } from "../test/exact-math-arguments.ts";

if (!onNode20()) {
  console.error(`gen-exact-math-fixture: this is node ${process.version} (V8 ${process.versions.v8}); the fixture records Node 20's Math.*, so run it on Node 20.`);
  process.exit(1);
}
if (new Uint8Array(new Float64Array([1]).buffer)[7] !== 0x3f) {
  console.error("gen-exact-math-fixture: the fixture hashes little-endian float64 bytes; this machine is big-endian.");
  process.exit(1);
}

const OUT = new URL("../test/fixtures/exact-math-node20.json", import.meta.url);
const sha256 = (values) => createHash("sha256").update(new Uint8Array(values.buffer, values.byteOffset, values.byteLength)).digest("hex");
/** The SHA-256 of results, NaNs canonical (on a copy). */
const resultsSha256 = (values) => sha256(canonicalNaNs(Float64Array.from(values)));
const pairBytes = (x, y) => {
  const xy = new Float64Array(x.length + y.length);
  xy.set(x);
  xy.set(y, x.length);
  return xy;
};
const SEEDED = { n: 1e6, seed: 20260101 };
const RANGE = { n: 1e5, seed: 99 };

const functions = {};
for (const name of MATH_NAMES) {
  const f = Math[name];
  const fixed = Float64Array.from(fixedValues(name));
  const seeded = argumentsFor(name, SEEDED.n, SEEDED.seed);
  const seededResults = seeded.map(f);
  const range = argumentsFor(name, RANGE.n, RANGE.seed);
  functions[name] = {
    fixed: { count: fixed.length, argumentsSha256: sha256(fixed), values: Array.from(fixed, (x) => literalOf(f(x))) },
    seeded: {
      ...SEEDED,
      count: seeded.length,
      argumentsSha256: sha256(seeded),
      sha256: resultsSha256(seededResults),
      categories: layoutOf(name, SEEDED.n).map((c) => ({ ...c, sha256: resultsSha256(seededResults.subarray(c.start, c.end)) })),
    },
    range: { ...RANGE, count: range.length, argumentsSha256: sha256(range), sha256: resultsSha256(range.map(f)) },
  };
}
{
  const powOf = ({ x, y }) => Float64Array.from(x, (v, i) => Math.pow(v, y[i]));
  const fixed = powFixedPairs();
  const seeded = powArgumentsFor(SEEDED.n, SEEDED.seed);
  const seededResults = powOf(seeded);
  const range = powArgumentsFor(RANGE.n, RANGE.seed);
  functions.pow = {
    fixed: { count: fixed.x.length, argumentsSha256: sha256(pairBytes(Float64Array.from(fixed.x), Float64Array.from(fixed.y))), values: Array.from(powOf(fixed), literalOf) },
    seeded: {
      ...SEEDED,
      count: seeded.x.length,
      argumentsSha256: sha256(pairBytes(seeded.x, seeded.y)),
      sha256: resultsSha256(seededResults),
      categories: powLayoutOf(SEEDED.n).map((c) => ({ ...c, sha256: resultsSha256(seededResults.subarray(c.start, c.end)) })),
    },
    range: { ...RANGE, count: range.x.length, argumentsSha256: sha256(pairBytes(range.x, range.y)), sha256: resultsSha256(powOf(range)) },
  };
}

// the values tests and examples state, evaluated by Node 20 (the keys are the expressions)
const named = {
  "Math.cos(Number.MAX_VALUE)": literalOf(Math.cos(Number.MAX_VALUE)),
  "Math.pow(0.9, 4)": literalOf(Math.pow(0.9, 4)),
  "Math.log(3)": literalOf(Math.log(3)),
  "Math.log(0.75)": literalOf(Math.log(0.75)),
  "Math.log(0.8)": literalOf(Math.log(0.8)),
  "Math.log(0.6)": literalOf(Math.log(0.6)),
  "Math.tanh(0.5)": literalOf(Math.tanh(0.5)),
};

// test/wasm-engine.test.ts's arguments, drawn as it draws them (it checks their hash against these)
/** wasm-engine.test.ts's `values`: a linear congruential stream scaled to [-scale, scale). */
function values(n, seed, scale) {
  let s = seed >>> 0;
  return Float64Array.from({ length: n }, () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return (s / 4294967296 - 0.5) * 2 * scale;
  });
}
/** Its exp's edges, written into the start of every round. */
const EDGES = [0, -0, 1, -1, 708, -708, 707.9999999999999, -707.9999999999999, 709.78, -709.78, 710, -745.2, -740, 745, 2 ** -28, -(2 ** -28), 2 ** -29,
  0.34657359027997264, 0.3465735912322998, 1.0397205352783203, 1.0397205352783201, 5e-324, -5e-324, 1e-300, 1e300, -1e300, Infinity, -Infinity, NaN, 36, 37, -36, -37];
const exp = [];
{
  const chunk = 1 << 20;
  let s = 2026;
  for (let round = 0; round < 10; round++) {
    const z = new Float64Array(chunk);
    if (round < 3) {
      const words = new Uint32Array(z.buffer);
      let w = round * 7919 + 13;
      for (let i = 0; i < 2 * chunk; i++) {
        w = (Math.imul(w, 1103515245) + 12345) >>> 0;
        words[i] = w ^ (w >>> 13);
      }
    } else {
      z.set(values(chunk, (s = s * 31 + round), [750, 40, 1, 709.8, 745.2, 0.36, 1.04][round - 3]));
    }
    z.set(EDGES, 0);
    exp.push({ count: chunk, argumentsSha256: sha256(z), sha256: resultsSha256(z.map(Math.exp)) });
  }
}
const tanhSets = [values(1 << 20, 5, 23), values(1 << 18, 6, 1.2)];
{
  const patterns = new Float64Array(1 << 18);
  const words = new Uint32Array(patterns.buffer);
  let s = 777;
  for (let i = 0; i < words.length; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    words[i] = s ^ (s >>> 11);
  }
  tanhSets.push(patterns);
}
const tanh = tanhSets.map((xs) => ({ count: xs.length, argumentsSha256: sha256(xs), sha256: resultsSha256(xs.map(Math.tanh)) }));

const fixture = {
  about:
    "Node 20's Math.* on the arguments of test/exact-math.test.ts and test/wasm-engine.test.ts, written by scripts/gen-exact-math-fixture.mjs (Node 20 only). " +
    "Literals are shortest round-trip decimals; sha256 is of the float64 bytes, little-endian, every NaN as 7ff8000000000000; pow's arguments are x's bytes, then y's.",
  node: process.version,
  v8: process.versions.v8,
  functions,
  named,
  wasmEngine: { exp, tanh },
};

/** JSON with two-space indents, but the long arrays of literals packed several to a line. */
function format(value, indent = "") {
  const inner = indent + "  ";
  if (Array.isArray(value)) {
    if (value.every((v) => typeof v === "string")) {
      const lines = [];
      let line = "";
      for (const v of value.map((v) => JSON.stringify(v))) {
        if (line !== "" && line.length + v.length + 2 > 118 - inner.length) {
          lines.push(line + ",");
          line = "";
        }
        line += (line === "" ? "" : ", ") + v;
      }
      if (line !== "") lines.push(line);
      return lines.length === 0 ? "[]" : `[\n${lines.map((l) => inner + l).join("\n")}\n${indent}]`;
    }
    return `[\n${value.map((v) => inner + format(v, inner)).join(",\n")}\n${indent}]`;
  }
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value);
    if (entries.every(([, v]) => typeof v !== "object")) {
      const flat = `{ ${entries.map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(", ")} }`;
      if (flat.length + indent.length <= 200) return flat;
    }
    return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${format(v, inner)}`).join(",\n")}\n${indent}}`;
  }
  return JSON.stringify(value);
}

writeFileSync(OUT, format(fixture) + "\n");
const literals = Object.values(functions).reduce((sum, f) => sum + f.fixed.values.length, 0);
console.log(`wrote ${OUT.pathname}: node ${process.version} (V8 ${process.versions.v8}), ${literals} literal results, ${Object.keys(functions).length} functions x (10^6 + 10^5) hashed, ${exp.length + tanh.length} wasm-engine sets`);
