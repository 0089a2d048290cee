// Generates src/matrix/wasm-kernels.generated.ts: tinynn's WebAssembly SIMD kernels, written here
// as WebAssembly text (built from the small templates below, since the tiles repeat) and assembled
// with wabt. Every kernel does, per value, exactly the IEEE operations tinynn's JS kernels do, in
// the same order, so the two give the same bits:
//
//   gemm      O = A · B in float64: tiles of 4 rows x 4, 2 or 1 columns; each entry its own
//             left-to-right sum a_0 b_0 + a_1 b_1 + ... (f64x2.mul then f64x2.add: never a fused
//             multiply-add), as src/matrix/matmul.ts sums.
//   act_*     a = f(z + b) over rows x cols (b optional, z + b kept in z on request), float64; the
//             sigmoid with fdlibm's exp vectorised (src/math/exp.ts has the same steps in JS).
//   gemm32    O = A · B in float32 (f32x4), each product and each sum rounded to float32, the same
//             left-to-right order; act32_* a = fround(f(fround(z + b))) with f computed in float64.
//
//   node scripts/gen-wasm-kernels.mjs          writes the file
//   node scripts/gen-wasm-kernels.mjs --print  prints it (test/wasm-kernels.test.ts compares)
//   node scripts/gen-wasm-kernels.mjs --wat    prints the WebAssembly text
//
// Addresses and strides are in bytes. Address 0 stands for "no bias": the callers never place a
// buffer there. Import "m"."exp": the JS exp (src/math/exp.ts), called for the rare lanes the
// vector exp leaves to it (|x| >= 708, |x| < 2^-28, NaN, x = 1).
import fs from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import wabtInit from "wabt";

// fdlibm's constants (src/math/exp.ts): written as decimal literals that round to the same doubles
const C = {
  LN2_HI: "6.9314718036912381649e-1",
  LN2_LO: "1.90821492927058770002e-10",
  INV_LN2: "1.442695040888963387",
  P1: "1.66666666666666019037e-1",
  P2: "-2.77777777770155933842e-3",
  P3: "6.61375632143793436117e-5",
  P4: "-1.6533902205465251539e-6",
  P5: "4.13813679705723846039e-8",
  HALF_LN2_HW: "0.3465735912322998",
  TINY_HW: "3.725290298461914e-9",
};
/** |x| below this: the vector path (k stays in (-1022, 1022), where 2^k is a normal double). */
const VECTOR_LIMIT = "708";

const splat = (v) => `(f64x2.splat (f64.const ${v}))`;
/** P1 + t (P2 + t (P3 + ...)) over the vector $t, in fdlibm's order. */
const horner = (names) =>
  names.length === 1 ? splat(C[names[0]]) : `(f64x2.add ${splat(C[names[0]])} (f64x2.mul (local.get $t) ${horner(names.slice(1))}))`;

// ---------------------------------------------------------------- matrix products
/** The value types: float64 (two lanes a vector) and float32 (four). */
const F64 = { v: "f64x2", s: "f64", shift: 3, lanes: 2, splat: "v128.load64_splat" };
const F32 = { v: "f32x4", s: "f32", shift: 2, lanes: 4, splat: "v128.load32_splat" };

/**
 * One tile of R rows x `vecs` vectors of columns (0: one scalar column) at row $i, column $j:
 * the first product, then k = 1 ... p-1, then the stores.
 */
function gemmTile(R, vecs, T) {
  const lines = [];
  for (let r = 0; r < R; r++) lines.push(`(local.set $pa${r} (i32.add (local.get $a) (i32.mul (i32.add (local.get $i) (i32.const ${r})) (local.get $ai))))`);
  lines.push(`(local.set $pb (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const ${T.shift}))))`);
  const loadB = () =>
    vecs > 0
      ? Array.from({ length: vecs }, (_, v) => `(local.set $b${v} (v128.load offset=${16 * v} (local.get $pb)))`)
      : [`(local.set $sb (${T.s}.load (local.get $pb)))`];
  // A[row r][k], loaded once per row (splat to every lane for the vector tiles)
  const loadA = (r) => (vecs > 0 ? `(local.set $x (${T.splat} (local.get $pa${r})))` : `(local.set $sx (${T.s}.load (local.get $pa${r})))`);
  const term = (v) => (vecs > 0 ? `(${T.v}.mul (local.get $x) (local.get $b${v}))` : `(${T.s}.mul (local.get $sx) (local.get $sb))`);
  const acc = (r, v) => (vecs > 0 ? `$c${r * 2 + v}` : `$s${r}`);
  const per = vecs > 0 ? vecs : 1;
  lines.push(...loadB());
  for (let r = 0; r < R; r++) {
    lines.push(loadA(r));
    for (let v = 0; v < per; v++) lines.push(`(local.set ${acc(r, v)} ${term(v)})`);
  }
  const body = [
    `(local.set $pb (i32.add (local.get $pb) (local.get $bs)))`,
    ...Array.from({ length: R }, (_, r) => `(local.set $pa${r} (i32.add (local.get $pa${r}) (local.get $ak)))`),
    ...loadB(),
  ];
  for (let r = 0; r < R; r++) {
    body.push(loadA(r));
    for (let v = 0; v < per; v++) body.push(`(local.set ${acc(r, v)} (${vecs > 0 ? T.v : T.s}.add (local.get ${acc(r, v)}) ${term(v)}))`);
  }
  lines.push(`(local.set $k (i32.const 1))`);
  lines.push(`(block $kd (loop $kl (br_if $kd (i32.ge_s (local.get $k) (local.get $p))) ${body.join(" ")} (local.set $k (i32.add (local.get $k) (i32.const 1))) (br $kl)))`);
  lines.push(`(local.set $po (i32.add (i32.add (local.get $o) (i32.mul (local.get $i) (local.get $os))) (i32.shl (local.get $j) (i32.const ${T.shift}))))`);
  for (let r = 0; r < R; r++) {
    const at = r === 0 ? `(local.get $po)` : `(i32.add (local.get $po) (i32.mul (local.get $os) (i32.const ${r})))`;
    if (vecs > 0) for (let v = 0; v < vecs; v++) lines.push(`(v128.store offset=${16 * v} ${at} (local.get ${acc(r, v)}))`);
    else lines.push(`(${T.s}.store ${at} (local.get ${acc(r, 0)}))`);
  }
  return lines.join("\n      ");
}

/** All tiles of one row block of R rows: columns two vectors at a time, then one vector, then one by one. */
function gemmRowBlock(R, T) {
  const L = T.lanes;
  return `(local.set $j (i32.const 0))
    (block $c2d (loop $c2l (br_if $c2d (i32.gt_s (i32.add (local.get $j) (i32.const ${2 * L})) (local.get $m)))
      ${gemmTile(R, 2, T)}
      (local.set $j (i32.add (local.get $j) (i32.const ${2 * L}))) (br $c2l)))
    (if (i32.le_s (i32.add (local.get $j) (i32.const ${L})) (local.get $m)) (then
      ${gemmTile(R, 1, T)}
      (local.set $j (i32.add (local.get $j) (i32.const ${L})))))
    (block $c0d (loop $c0l (br_if $c0d (i32.ge_s (local.get $j) (local.get $m)))
      ${gemmTile(R, 0, T)}
      (local.set $j (i32.add (local.get $j) (i32.const 1))) (br $c0l)))`;
}

/**
 * O[i][j] = sum_k A[i][k] B[k][j] for i < n, j < m, k < p (p >= 1), in the type's arithmetic:
 * O[i][j] at o + i os + jE, A[i][k] at a + i ai + k ak, B[k][j] at b + k bs + jE (E: 8 or 4 bytes).
 */
const gemm = (name, T) => `
  (func $${name} (export "${name}") (param $o i32) (param $os i32) (param $a i32) (param $ai i32) (param $ak i32)
      (param $b i32) (param $bs i32) (param $n i32) (param $m i32) (param $p i32)
    (local $i i32) (local $j i32) (local $k i32) (local $pb i32) (local $po i32)
    (local $pa0 i32) (local $pa1 i32) (local $pa2 i32) (local $pa3 i32)
    (local $b0 v128) (local $b1 v128)
    (local $c0 v128) (local $c1 v128) (local $c2 v128) (local $c3 v128) (local $c4 v128) (local $c5 v128) (local $c6 v128) (local $c7 v128)
    (local $x v128) (local $sx ${T.s}) (local $sb ${T.s}) (local $s0 ${T.s}) (local $s1 ${T.s}) (local $s2 ${T.s}) (local $s3 ${T.s})
    (block $r4d (loop $r4l (br_if $r4d (i32.gt_s (i32.add (local.get $i) (i32.const 4)) (local.get $n)))
      ${gemmRowBlock(4, T)}
      (local.set $i (i32.add (local.get $i) (i32.const 4))) (br $r4l)))
    (block $r1d (loop $r1l (br_if $r1d (i32.ge_s (local.get $i) (local.get $n)))
      ${gemmRowBlock(1, T)}
      (local.set $i (i32.add (local.get $i) (i32.const 1))) (br $r1l))))`;

// ---------------------------------------------------------------- exp, two lanes at a time
// The constants, as locals of the function that uses expOf (set once, before its loop: V8 would
// otherwise build each vector constant again on every use).
const EXP_CONSTANTS = { LN2_HI: C.LN2_HI, LN2_LO: C.LN2_LO, INV_LN2: C.INV_LN2, P1: C.P1, P2: C.P2, P3: C.P3, P4: C.P4, P5: C.P5,
  HALF_LN2_HW: C.HALF_LN2_HW, TINY_HW: C.TINY_HW, LIMIT: VECTOR_LIMIT, HALF: "0.5", ONE: "1", TWO: "2", BIAS: "4503599627371519" };
const expLocals = () =>
  Object.keys(EXP_CONSTANTS).map((k) => `(local $K_${k} v128)`).join(" ") +
  " (local $ax v128) (local $k v128) (local $hi v128) (local $lo v128) (local $er v128) (local $t v128) (local $c v128)";
const expInit = () => Object.entries(EXP_CONSTANTS).map(([k, v]) => `(local.set $K_${k} ${splat(v)})`).join(" ");
const K = (name) => `(local.get $K_${name})`;
const hornerK = (names) => (names.length === 1 ? K(names[0]) : `(f64x2.add ${K(names[0])} (f64x2.mul (local.get $t) ${hornerK(names.slice(1))}))`);

/**
 * Sets $e to fdlibm's exp of both lanes of $x (src/math/exp.ts): for |x| in [2^-28, 708), x != 1,
 * in vector form; a pair with a lane outside goes to the JS exp, lane by lane.
 */
const expOf = (x) => `
    (local.set $ax (f64x2.abs ${x}))
    (if (v128.any_true (v128.or (v128.or
          (v128.not (f64x2.lt (local.get $ax) ${K("LIMIT")}))
          (f64x2.lt (local.get $ax) ${K("TINY_HW")}))
          (f64x2.eq ${x} ${K("ONE")})))
      (then (local.set $e (f64x2.replace_lane 1
        (f64x2.splat (call $jsexp (f64x2.extract_lane 0 ${x})))
        (call $jsexp (f64x2.extract_lane 1 ${x})))))
      (else
    ;; k = 0 for |x| < 0.5 ln2, else trunc(x / ln2 +- 0.5): a whole number, as a double
    (local.set $k (v128.and
      (v128.not (f64x2.lt (local.get $ax) ${K("HALF_LN2_HW")}))
      (f64x2.trunc (f64x2.add (f64x2.mul ${K("INV_LN2")} ${x})
        (v128.or ${K("HALF")} (v128.and ${x} ${splat("-0")}))))))
    (local.set $hi (f64x2.sub ${x} (f64x2.mul (local.get $k) ${K("LN2_HI")})))
    (local.set $lo (f64x2.mul (local.get $k) ${K("LN2_LO")}))
    (local.set $er (f64x2.sub (local.get $hi) (local.get $lo)))
    (local.set $t (f64x2.mul (local.get $er) (local.get $er)))
    (local.set $c (f64x2.sub (local.get $er) (f64x2.mul (local.get $t) ${hornerK(["P1", "P2", "P3", "P4", "P5"])})))
    ;; y 2^k; 2^k from its bits: k + 2^52 + 1023 holds k + 1023 in its low bits, shifted into the exponent
    (local.set $e (f64x2.mul
      (f64x2.sub ${K("ONE")} (f64x2.sub
        (f64x2.sub (local.get $lo) (f64x2.div (f64x2.mul (local.get $er) (local.get $c)) (f64x2.sub ${K("TWO")} (local.get $c))))
        (local.get $hi)))
      (i64x2.shl (f64x2.add (local.get $k) ${K("BIAS")}) (i32.const 52))))))`;

// ---------------------------------------------------------------- bias and activation, float64
// ---------------------------------------------------------------- tanh, two lanes at a time
// fdlibm's tanh (src/math/tanh.ts): for 2^-28 <= |x| < 22, t = expm1(2|x|) and tanh = 1 - 2/(t + 2)
// when |x| >= 1, else t = expm1(-2|x|) and tanh = -t/(t + 2); the sign of x. expm1 (src/math/expm1.ts)
// of u = ±2|x|: k = 0 for |u| < 0.5 ln2, else trunc(u / ln2 ± 1/2), here -3 <= k <= -1 or 3 <= k <= 63;
// each lane's value is computed in every one of fdlibm's forms and the lane's own form selected
// (k = 0; k = -1; k <= -2 or k > 56; 3 <= k < 20; 20 <= k <= 56). Lanes outside go to the JS tanh.
const TANH_CONSTANTS = { Q1: "-3.33333333333331316428e-02", Q2: "1.58730158725481460165e-03", Q3: "-7.93650757867487942473e-05",
  Q4: "4.00821782732936239552e-06", Q5: "-2.01099218183624371326e-07", TWENTY_TWO: "22", TINY: "3.725290298461914e-9",
  THREE: "3", SIX: "6", SIGN: "-0", ZERO: "0", M_ONE: "-1", TWENTY: "20", FIFTY_SIX: "56", M_TWO: "-2" };
const tanhLocals = () =>
  Object.keys(TANH_CONSTANTS).map((k) => `(local $T_${k} v128)`).join(" ") +
  " (local $tax v128) (local $big v128) (local $u v128) (local $tk v128) (local $thi v128) (local $tlo v128) (local $tr v128) (local $tc v128)" +
  " (local $hfx v128) (local $hxs v128) (local $r1 v128) (local $tt v128) (local $te v128) (local $m v128) (local $twok v128) (local $twomk v128)";
const tanhInit = () => Object.entries(TANH_CONSTANTS).map(([k, v]) => `(local.set $T_${k} ${splat(v)})`).join(" ");
const T = (name) => `(local.get $T_${name})`;
const hornerT = (names) => (names.length === 1 ? T(names[0]) : `(f64x2.add ${T(names[0])} (f64x2.mul (local.get $hxs) ${hornerT(names.slice(1))}))`);
const powerOfTwo = (k) => `(i64x2.shl (f64x2.add ${k} ${K("BIAS")}) (i32.const 52))`;
/** Sets $e to fdlibm's tanh of both lanes of ${x}. */
const tanhOf = (x) => `
    (local.set $tax (f64x2.abs ${x}))
    (if (v128.any_true (v128.or (v128.not (f64x2.lt (local.get $tax) ${T("TWENTY_TWO")})) (f64x2.lt (local.get $tax) ${T("TINY")})))
      (then (local.set $e (f64x2.replace_lane 1
        (f64x2.splat (call $jstanh (f64x2.extract_lane 0 ${x})))
        (call $jstanh (f64x2.extract_lane 1 ${x})))))
      (else
    ;; u = 2|x| for |x| >= 1, else -2|x|
    (local.set $big (f64x2.ge (local.get $tax) ${K("ONE")}))
    (local.set $u (f64x2.add (local.get $tax) (local.get $tax)))
    (local.set $u (v128.bitselect (local.get $u) (f64x2.neg (local.get $u)) (local.get $big)))
    ;; expm1(u): k, r = hi - lo, c = (hi - r) - lo (k = 0: r = u, c = 0)
    (local.set $tk (v128.and
      (v128.not (f64x2.lt (f64x2.abs (local.get $u)) ${K("HALF_LN2_HW")}))
      (f64x2.trunc (f64x2.add (f64x2.mul ${K("INV_LN2")} (local.get $u))
        (v128.or ${K("HALF")} (v128.and (local.get $u) ${T("SIGN")}))))))
    (local.set $thi (f64x2.sub (local.get $u) (f64x2.mul (local.get $tk) ${K("LN2_HI")})))
    (local.set $tlo (f64x2.mul (local.get $tk) ${K("LN2_LO")}))
    (local.set $tr (f64x2.sub (local.get $thi) (local.get $tlo)))
    (local.set $tc (f64x2.sub (f64x2.sub (local.get $thi) (local.get $tr)) (local.get $tlo)))
    (local.set $hfx (f64x2.mul ${K("HALF")} (local.get $tr)))
    (local.set $hxs (f64x2.mul (local.get $tr) (local.get $hfx)))
    (local.set $r1 (f64x2.add ${K("ONE")} (f64x2.mul (local.get $hxs) ${hornerT(["Q1", "Q2", "Q3", "Q4", "Q5"])})))
    (local.set $tt (f64x2.sub ${T("THREE")} (f64x2.mul (local.get $r1) (local.get $hfx))))
    (local.set $te (f64x2.mul (local.get $hxs) (f64x2.div (f64x2.sub (local.get $r1) (local.get $tt)) (f64x2.sub ${T("SIX")} (f64x2.mul (local.get $tr) (local.get $tt))))))
    ;; k = 0: r - (r e - hxs)
    (local.set $m (f64x2.sub (local.get $tr) (f64x2.sub (f64x2.mul (local.get $tr) (local.get $te)) (local.get $hxs))))
    ;; k != 0: e = r (e - c) - c - hxs, and the form of the lane's k
    (local.set $te (f64x2.sub (f64x2.sub (f64x2.mul (local.get $tr) (f64x2.sub (local.get $te) (local.get $tc))) (local.get $tc)) (local.get $hxs)))
    (local.set $twok ${powerOfTwo("(local.get $tk)")})
    (local.set $twomk ${powerOfTwo("(f64x2.neg (local.get $tk))")})
    (local.set $m (v128.bitselect
      (local.get $m)
      (v128.bitselect
        (f64x2.sub (f64x2.mul ${K("HALF")} (f64x2.sub (local.get $tr) (local.get $te))) ${K("HALF")})
        (v128.bitselect
          (f64x2.sub (f64x2.mul (f64x2.sub ${K("ONE")} (f64x2.sub (local.get $te) (local.get $tr))) (local.get $twok)) ${K("ONE")})
          (v128.bitselect
            (f64x2.mul (f64x2.sub (f64x2.sub ${K("ONE")} (local.get $twomk)) (f64x2.sub (local.get $te) (local.get $tr))) (local.get $twok))
            (f64x2.mul (f64x2.add (f64x2.sub (local.get $tr) (f64x2.add (local.get $te) (local.get $twomk))) ${K("ONE")}) (local.get $twok))
            (f64x2.lt (local.get $tk) ${T("TWENTY")}))
          (v128.or (f64x2.le (local.get $tk) ${T("M_TWO")}) (f64x2.gt (local.get $tk) ${T("FIFTY_SIX")})))
        (f64x2.eq (local.get $tk) ${T("M_ONE")}))
      (f64x2.eq (local.get $tk) ${T("ZERO")})))
    ;; tanh: 1 - 2/(t + 2) for |x| >= 1, else -t/(t + 2); then x's sign
    (local.set $te (f64x2.div (v128.bitselect ${K("TWO")} (f64x2.neg (local.get $m)) (local.get $big)) (f64x2.add (local.get $m) ${K("TWO")})))
    (local.set $te (v128.bitselect (f64x2.sub ${K("ONE")} (local.get $te)) (local.get $te) (local.get $big)))
    (local.set $e (v128.bitselect (f64x2.neg (local.get $te)) (local.get $te) (f64x2.lt ${x} ${T("ZERO")})))))`;

/**
 * f on a vector $x (the value z + b) and on a scalar $s (the last column of an odd row): `pre`
 * statements, then the value. `exp`: the function needs exp's locals and constants.
 */
const ACT = {
  identity: { v: `(local.get $x)`, s: `(local.get $s)` },
  sigmoid: {
    exp: true,
    preV: `(local.set $n (f64x2.neg (local.get $x))) ${expOf("(local.get $n)")}`,
    v: `(f64x2.div ${K("ONE")} (f64x2.add ${K("ONE")} (local.get $e)))`,
    preS: `(local.set $n (f64x2.splat (f64.neg (local.get $s)))) ${expOf("(local.get $n)")}`,
    s: `(f64.div (f64.const 1) (f64.add (f64.const 1) (f64x2.extract_lane 0 (local.get $e))))`,
  },
  // exp itself (a = e^(z + b)): what test/wasm-engine.test.ts compares with Math.exp on 10^7 arguments
  exp: {
    exp: true,
    preV: expOf("(local.get $x)"),
    v: `(local.get $e)`,
    s: `(call $jsexp (local.get $s))`,
  },
  tanh: {
    exp: true,
    tanh: true,
    preV: tanhOf("(local.get $x)"),
    v: `(local.get $e)`,
    s: `(call $jstanh (local.get $s))`,
  },
  relu: {
    v: `(v128.and (local.get $x) (f64x2.gt (local.get $x) ${splat("0")}))`,
    s: `(select (local.get $s) (f64.const 0) (f64.gt (local.get $s) (f64.const 0)))`,
  },
  leakyRelu: {
    v: `(v128.bitselect (local.get $x) (f64x2.mul ${splat("0.01")} (local.get $x)) (f64x2.gt (local.get $x) ${splat("0")}))`,
    s: `(select (local.get $s) (f64.mul (f64.const 0.01) (local.get $s)) (f64.gt (local.get $s) (f64.const 0)))`,
  },
};

/**
 * act_<name>(z, a, b, rows, cols, keep): per row, x = z (+ b when b != 0); z = x when keep; a = f(x).
 * Rows packed (cols values each); columns in pairs, then the last one of an odd row (for the sigmoid
 * and tanh through the JS exp and tanh: the vector code appears once).
 */
function actFunction(name) {
  const f = ACT[name];
  return `
  (func $act_${name} (export "act_${name}") (param $z i32) (param $a i32) (param $b i32) (param $rows i32) (param $cols i32) (param $keep i32)
    (local $r i32) (local $j i32) (local $pz i32) (local $pa i32) (local $x v128) (local $s f64)
    ${f.exp ? `(local $n v128) (local $e v128) ${expLocals()}` : ""} ${f.tanh ? tanhLocals() : ""}
    ${f.exp ? expInit() : ""} ${f.tanh ? tanhInit() : ""}
    (local.set $pz (local.get $z)) (local.set $pa (local.get $a))
    (block $rd (loop $rl (br_if $rd (i32.ge_s (local.get $r) (local.get $rows)))
      (local.set $j (i32.const 0))
      (block $jd (loop $jl (br_if $jd (i32.gt_s (i32.add (local.get $j) (i32.const 2)) (local.get $cols)))
        (local.set $x (v128.load (local.get $pz)))
        (if (local.get $b) (then (local.set $x (f64x2.add (local.get $x) (v128.load (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 3))))))))
        (if (local.get $keep) (then (v128.store (local.get $pz) (local.get $x))))
        ${f.preV ?? ""}
        (v128.store (local.get $pa) ${f.v})
        (local.set $pz (i32.add (local.get $pz) (i32.const 16))) (local.set $pa (i32.add (local.get $pa) (i32.const 16)))
        (local.set $j (i32.add (local.get $j) (i32.const 2))) (br $jl)))
      (if (i32.lt_s (local.get $j) (local.get $cols)) (then
        (local.set $s (f64.load (local.get $pz)))
        (if (local.get $b) (then (local.set $s (f64.add (local.get $s) (f64.load (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 3))))))))
        (if (local.get $keep) (then (f64.store (local.get $pz) (local.get $s))))
        ${f.preS ?? ""}
        (f64.store (local.get $pa) ${f.s})
        (local.set $pz (i32.add (local.get $pz) (i32.const 8))) (local.set $pa (i32.add (local.get $pa) (i32.const 8)))))
      (local.set $r (i32.add (local.get $r) (i32.const 1))) (br $rl))))`;
}

// ---------------------------------------------------------------- float32 inference
// The float32 sigmoid, 1 / (1 + e^-x) with every operation in float32 (src/matrix/float32.ts has it
// in JS, each operation rounded with Math.fround: the same bits): e^u by Cephes' expf, u = k ln2 + r
// (k = floor(u log2 e + 1/2), ln2 in two parts), e^r = ((((P0 r + P1) r + P2) r + P3) r + P4) r + P5) r^2
// + r + 1, times 2^k from its bits; u is clamped to [-87, 88] first (2^k stays a normal float32).
const f32 = (x) => String(Math.fround(x));
export const EXP32 = {
  LOG2E: f32(1.44269504088896341), C1: f32(0.693359375), C2: f32(-2.12194440e-4),
  P0: f32(1.9875691500e-4), P1: f32(1.3981999507e-3), P2: f32(8.3334519073e-3), P3: f32(4.1665795894e-2), P4: f32(1.6666665459e-1), P5: f32(5.0000001201e-1),
  HI: "88", LO: "-87", BIAS: "8388735", HALF: "0.5", ONE: "1", ZERO: "0", LEAK: f32(0.01),
};
const K32 = (name) => `(local.get $Q_${name})`;
const exp32Locals = () => Object.keys(EXP32).map((k) => `(local $Q_${k} v128)`).join(" ") + " (local $qk v128) (local $qr v128) (local $qz v128) (local $qy v128) (local $qu v128)";
const exp32Init = () => Object.entries(EXP32).map(([k, v]) => `(local.set $Q_${k} (f32x4.splat (f32.const ${v})))`).join(" ");
/** The float32 sigmoid of the four lanes of $x, left in $e. */
const sigmoid32Of = `
    ;; u = -x clamped to [-87, 88] (u < -87 ? -87 : u, then 88 < u ? 88 : u; NaN stays)
    (local.set $qu (f32x4.pmin (f32x4.pmax (f32x4.neg (local.get $x)) ${K32("LO")}) ${K32("HI")}))
    (local.set $qk (f32x4.floor (f32x4.add (f32x4.mul (local.get $qu) ${K32("LOG2E")}) ${K32("HALF")})))
    (local.set $qr (f32x4.sub (f32x4.sub (local.get $qu) (f32x4.mul (local.get $qk) ${K32("C1")})) (f32x4.mul (local.get $qk) ${K32("C2")})))
    (local.set $qz (f32x4.mul (local.get $qr) (local.get $qr)))
    (local.set $qy (f32x4.add (f32x4.mul ${K32("P0")} (local.get $qr)) ${K32("P1")}))
    ${["P2", "P3", "P4", "P5"].map((c) => `(local.set $qy (f32x4.add (f32x4.mul (local.get $qy) (local.get $qr)) ${K32(c)}))`).join(" ")}
    (local.set $qy (f32x4.add (f32x4.add (f32x4.mul (local.get $qy) (local.get $qz)) (local.get $qr)) ${K32("ONE")}))
    ;; 2^k from its bits: k + 2^23 + 127 holds k + 127 in its low bits, shifted into the exponent
    (local.set $qy (f32x4.mul (local.get $qy) (i32x4.shl (f32x4.add (local.get $qk) ${K32("BIAS")}) (i32.const 23))))
    (local.set $e (f32x4.div ${K32("ONE")} (f32x4.add ${K32("ONE")} (local.get $qy))))`;

const ACT32 = {
  identity: { v: `(local.get $x)` },
  sigmoid: { pre: sigmoid32Of, v: `(local.get $e)` },
  relu: { v: `(v128.and (local.get $x) (f32x4.gt (local.get $x) ${K32("ZERO")}))` },
  leakyRelu: { v: `(v128.bitselect (local.get $x) (f32x4.mul ${K32("LEAK")} (local.get $x)) (f32x4.gt (local.get $x) ${K32("ZERO")}))` },
};

/**
 * act32_<name>(z, a, b, rows, cols): a = f(z + b) in float32 (b = 0: no bias), rows packed;
 * four columns at a time, then the last ones each in the first lane of a vector.
 */
function act32Function(name) {
  const f = ACT32[name];
  const value = (load, bias) => `
        (local.set $x ${load})
        (if (local.get $b) (then (local.set $x (f32x4.add (local.get $x) ${bias}))))
        ${f.pre ?? ""}`;
  const biasAt = `(i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 2)))`;
  return `
  (func $act32_${name} (export "act32_${name}") (param $z i32) (param $a i32) (param $b i32) (param $rows i32) (param $cols i32)
    (local $r i32) (local $j i32) (local $pz i32) (local $pa i32) (local $x v128) (local $e v128) ${exp32Locals()}
    ${exp32Init()}
    (local.set $pz (local.get $z)) (local.set $pa (local.get $a))
    (block $rd (loop $rl (br_if $rd (i32.ge_s (local.get $r) (local.get $rows)))
      (local.set $j (i32.const 0))
      (block $jd (loop $jl (br_if $jd (i32.gt_s (i32.add (local.get $j) (i32.const 4)) (local.get $cols)))
        ${value(`(v128.load (local.get $pz))`, `(v128.load ${biasAt})`)}
        (v128.store (local.get $pa) ${f.v})
        (local.set $pz (i32.add (local.get $pz) (i32.const 16))) (local.set $pa (i32.add (local.get $pa) (i32.const 16)))
        (local.set $j (i32.add (local.get $j) (i32.const 4))) (br $jl)))
      (block $sd (loop $sl (br_if $sd (i32.ge_s (local.get $j) (local.get $cols)))
        ${value(`(f32x4.splat (f32.load (local.get $pz)))`, `(f32x4.splat (f32.load ${biasAt}))`)}
        (f32.store (local.get $pa) (f32x4.extract_lane 0 ${f.v}))
        (local.set $pz (i32.add (local.get $pz) (i32.const 4))) (local.set $pa (i32.add (local.get $pa) (i32.const 4)))
        (local.set $j (i32.add (local.get $j) (i32.const 1))) (br $sl)))
      (local.set $r (i32.add (local.get $r) (i32.const 1))) (br $rl))))`;
}

/** The float32 module: products and activations for float32 inference (a module of its own, compiled only when float32 inference is asked for). */
export function wat32() {
  return `(module
  (memory (export "mem") 1)
${gemm("gemm32", F32)}
${Object.keys(ACT32).map(act32Function).join("\n")}
)
`;
}

export function wat() {
  return `(module
  (import "m" "exp" (func $jsexp (param f64) (result f64)))
  (import "m" "tanh" (func $jstanh (param f64) (result f64)))
  (memory (export "mem") 1)
${gemm("gemm", F64)}
${Object.keys(ACT).map(actFunction).join("\n")}
)
`;
}

async function assemble(name, text) {
  const wabt = await wabtInit();
  const mod = wabt.parseWat(name, text, { simd: true });
  mod.validate();
  const { buffer } = mod.toBinary({ log: false, canonicalize_lebs: true, write_debug_names: false });
  mod.destroy();
  return Uint8Array.from(buffer);
}

const base64Lines = (bytes) => Buffer.from(bytes).toString("base64").match(/.{1,96}/g).map((l) => `  "${l}"`).join(" +\n");

export async function generatedSource() {
  const bytes = await assemble("kernels.wat", wat());
  const bytes32 = await assemble("kernels32.wat", wat32());
  return `// GENERATED by scripts/gen-wasm-kernels.mjs: do not edit (test/wasm-kernels.test.ts checks it).
// tinynn's WebAssembly SIMD kernels, base64. Decoded and compiled only when a plan first needs them
// (see wasm.ts), synchronously: a few kB each (Chromium compiles up to 8 MB synchronously on a page's
// main thread; where a compile is refused, the JS kernels compute the same bits).

/** The float64 module (matrix products, bias and activation): ${bytes.length} bytes. @internal */
export const WASM_KERNELS_BASE64 =
${base64Lines(bytes)};

/** The float32 inference module: ${bytes32.length} bytes. @internal */
export const WASM_KERNELS32_BASE64 =
${base64Lines(bytes32)};
`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (process.argv.includes("--wat")) process.stdout.write(wat() + wat32());
  else if (process.argv.includes("--print")) process.stdout.write(await generatedSource());
  else {
    const here = dirname(fileURLToPath(import.meta.url));
    fs.writeFileSync(join(here, "../src/matrix/wasm-kernels.generated.ts"), await generatedSource());
  }
}
