#!/usr/bin/env node
// npx tsx scripts/check-exact-math.mjs [--per-function N] [--seed S] [--any-node]
//
// Compares tinynn's exp, expm1, tanh, log, log1p, cos and pow (src/math) with this Node's Math.*
// with Object.is (so the sign of zero and NaN count too) on at least N arguments per function
// (default 10^7; pow: N pairs): fdlibm's branch boundaries with 8 neighbours either side, special
// values, and seeded draws from the categories of test/exact-math-arguments.ts (uniform ranges,
// every bit pattern, subnormal arguments and results, overflow and underflow edges, the points where
// the reduction changes; for cos the arguments of Box-Muller and rem_pio2's large case, for pow
// tinynn's β^t with t up to 10^6 and general pairs). Prints the count of each category and every
// mismatch (the first 10 of each function); exits 1 on any mismatch. test/exact-math.test.ts runs
// the same on 10^6 arguments in CI.
//
// The reference is Node 20's Math.* (V8 11.3's fdlibm ports); newer V8 (Node 22 on) computes cos,
// log, log1p and pow with other libraries, so on another runtime this refuses to run (exit 2):
// there test/exact-math.test.ts compares with Node 20's values recorded in
// test/fixtures/exact-math-node20.json. With --any-node it runs anyway and counts where this
// engine's Math.* differs from tinynn's (that is, from Node 20's), exiting 1 as on Node 20.
import { CATEGORIES, drawnValues, fixedValues, hexOf, MATH_NAMES, onNode20, POW_CATEGORIES, powDrawnPairs, powFixedPairs } from "../test/exact-math-arguments.ts";
import { cos } from "../src/math/cos.ts";
import { exp } from "../src/math/exp.ts";
import { expm1 } from "../src/math/expm1.ts";
import { log } from "../src/math/log.ts";
import { log1p } from "../src/math/log1p.ts";
import { pow } from "../src/math/pow.ts";
import { tanh } from "../src/math/tanh.ts";

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length ? Number(args[i + 1]) : fallback;
};
if (!onNode20() && !args.includes("--any-node")) {
  console.error(
    `check-exact-math: this is node ${process.version} (V8 ${process.versions.v8}), not Node 20, whose Math.* is tinynn's reference. ` +
      "Run npx vitest run test/exact-math.test.ts (Node 20's values from test/fixtures/exact-math-node20.json), " +
      "or pass --any-node to count where this engine's Math.* differs.",
  );
  process.exit(2);
}
const perFunction = option("--per-function", 1e7);
const seed = option("--seed", 20260101);

const PAIRS = { exp: [exp, Math.exp], expm1: [expm1, Math.expm1], tanh: [tanh, Math.tanh], log: [log, Math.log], log1p: [log1p, Math.log1p], cos: [cos, Math.cos] };

console.log(`tinynn's src/math against Math.* of node ${process.version} (V8 ${process.versions.v8}), seed ${seed}, Object.is`);
let failed = 0;
let total = 0;
const start = Date.now();
for (const name of MATH_NAMES) {
  const [ours, node] = PAIRS[name];
  const fixed = fixedValues(name);
  const per = Math.ceil(Math.max(0, perFunction - fixed.length) / CATEGORIES[name].length);
  const groups = [{ category: "special values, boundaries +- 8 ulps", values: Float64Array.from(fixed) }, ...drawnValues(name, per, seed)];
  let checked = 0;
  let bad = 0;
  const lines = [];
  for (const { category, values } of groups) {
    let badHere = 0;
    let nan = 0;
    let zero = 0;
    let infinite = 0;
    let subnormal = 0;
    for (let i = 0; i < values.length; i++) {
      const x = values[i];
      const a = ours(x);
      const b = node(x);
      if (!Object.is(a, b)) {
        if (bad < 10) console.log(`  MISMATCH ${name}(${x}) [${hexOf(x)}]: tinynn ${a} [${hexOf(a)}], Math.${name} ${b} [${hexOf(b)}]`);
        bad++;
        badHere++;
      }
      if (b !== b) nan++;
      else if (b === 0) zero++;
      else if (b === Infinity || b === -Infinity) infinite++;
      else if (Math.abs(b) < 2.2250738585072014e-308) subnormal++;
    }
    checked += values.length;
    lines.push(
      `  ${category.padEnd(42)} ${String(values.length).padStart(9)}  differ ${String(badHere).padStart(2)}   results: NaN ${nan}, ±0 ${zero}, ±Infinity ${infinite}, subnormal ${subnormal}`,
    );
  }
  console.log(`${name}: ${checked} arguments, ${bad} differ`);
  for (const l of lines) console.log(l);
  total += checked;
  failed += bad;
}
// pow, on pairs
{
  const fixed = powFixedPairs();
  const per = Math.ceil(Math.max(0, perFunction - fixed.x.length) / POW_CATEGORIES.length);
  const groups = [{ category: "special values, edges +- 8 ulps", x: Float64Array.from(fixed.x), y: Float64Array.from(fixed.y) }, ...powDrawnPairs(per, seed)];
  let checked = 0;
  let bad = 0;
  const lines = [];
  for (const { category, x, y } of groups) {
    let badHere = 0;
    let nan = 0;
    let zero = 0;
    let infinite = 0;
    let subnormal = 0;
    for (let i = 0; i < x.length; i++) {
      const a = pow(x[i], y[i]);
      const b = Math.pow(x[i], y[i]);
      if (!Object.is(a, b)) {
        if (bad < 10) console.log(`  MISMATCH pow(${x[i]}, ${y[i]}) [${hexOf(x[i])}, ${hexOf(y[i])}]: tinynn ${a} [${hexOf(a)}], Math.pow ${b} [${hexOf(b)}]`);
        bad++;
        badHere++;
      }
      if (b !== b) nan++;
      else if (b === 0) zero++;
      else if (b === Infinity || b === -Infinity) infinite++;
      else if (Math.abs(b) < 2.2250738585072014e-308) subnormal++;
    }
    checked += x.length;
    lines.push(
      `  ${category.padEnd(62)} ${String(x.length).padStart(9)}  differ ${String(badHere).padStart(2)}   results: NaN ${nan}, ±0 ${zero}, ±Infinity ${infinite}, subnormal ${subnormal}`,
    );
  }
  console.log(`pow: ${checked} pairs, ${bad} differ`);
  for (const l of lines) console.log(l);
  total += checked;
  failed += bad;
}
console.log(`checked ${total} arguments in ${((Date.now() - start) / 1000).toFixed(1)} s: ${failed === 0 ? "all equal to Node's Math.*, bit for bit" : `${failed} DIFFER`}`);
process.exit(failed === 0 ? 0 : 1);
