// tinynn computes the same bits in every JavaScript engine (docs/runtimes.md, "The same bits in every
// engine"): nothing in src/ that can reach a network's numbers may call a Math function whose last
// bit ECMAScript leaves to the engine (exp, log, cos, pow, ...: Chromium 156's differ from Node 20's
// on up to 10% of arguments), nor use `**` (it is Math.pow). tinynn's own are in src/math
// (exactMath). Math.sqrt, abs, floor, ceil, round, trunc, fround, min, max, sign, imul and clz32 are
// exact by IEEE and ECMAScript, and fine.
//
// The scan reads each file's syntax tree (TypeScript's parser): comments and doc examples are not
// code; `Math.x` named or called, `Math[...]`, `Math` passed or destructured, `x ** y` and `x **= y`
// are. A string that calls one (`"Math.exp("`, code written into a generated module) counts too.
// Left out: src/plot/, which only draws (tick positions, colour scales: no network's numbers).
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** The Math functions whose results ECMAScript does not specify to the bit. */
const ENGINE_DEPENDENT = [
  "exp", "expm1", "log", "log1p", "log2", "log10", "tanh", "sinh", "cosh", "asinh", "acosh", "atanh",
  "sin", "cos", "tan", "asin", "acos", "atan", "atan2", "pow", "cbrt", "hypot",
];

/** Folders of src/ not scanned, and why. */
const LEFT_OUT: Record<string, string> = {
  "src/plot/": "only draws: tick positions and colour scales (Math.log10, Math.hypot), never a network's numbers",
};

/**
 * Single uses allowed, by file and the use's text, and why: each is exact in every engine.
 * (The float32 sigmoid's owner may write it with POW2 instead; then this entry is unused.)
 */
const ALLOWED: { file: string; text: string; why: string }[] = [
  {
    file: "src/matrix/float32.ts",
    text: "2 ** k",
    why: "k is an integer in [-126, 127] (float32 sigmoid's scaling): 2^k is a double, and every engine's pow returns it exactly (Chromium 156 equals Node 20 on 2^k for every k in [-1074, 1023])",
  },
];

/** One use the scan finds. */
interface Use {
  /** `src/...ts:line` */
  where: string;
  /** The code, e.g. `Math.cos(2 * Math.PI * u2)`. */
  text: string;
}

const isMath = (e: ts.Expression): boolean =>
  (ts.isIdentifier(e) && e.text === "Math") ||
  (ts.isPropertyAccessExpression(e) && e.name.text === "Math" && ts.isIdentifier(e.expression) && ["globalThis", "self", "window", "global"].includes(e.expression.text));

/** A numeric literal, with an optional sign, in parentheses or not. */
const literal = (e: ts.Expression): number | undefined => {
  if (ts.isParenthesizedExpression(e)) return literal(e.expression);
  if (ts.isNumericLiteral(e)) return Number(e.text);
  if (ts.isPrefixUnaryExpression(e) && ts.isNumericLiteral(e.operand)) {
    if (e.operator === ts.SyntaxKind.MinusToken) return -Number(e.operand.text);
    if (e.operator === ts.SyntaxKind.PlusToken) return Number(e.operand.text);
  }
  return undefined;
};

/** `2 ** n` with n an integer literal that 2^n is a double for: exact in every engine. BigInt `**` is exact integer arithmetic. */
function exactPower(e: ts.BinaryExpression): boolean {
  if (ts.isBigIntLiteral(e.left) || ts.isBigIntLiteral(e.right)) return true;
  const n = literal(e.right);
  return literal(e.left) === 2 && n !== undefined && Number.isInteger(n) && n >= -1074 && n <= 1023;
}

const CALL_IN_TEXT = new RegExp(`\\bMath\\s*\\.\\s*(${ENGINE_DEPENDENT.join("|")})\\s*\\(`);

/** The engine-dependent Math uses in one file's source (`path` relative to the repository, for the report). */
export function engineMathUses(source: string, path: string): Use[] {
  const file = ts.createSourceFile(path, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const uses: Use[] = [];
  const report = (node: ts.Node): void => {
    const text = node.getText(file).replace(/\s+/g, " ");
    if (ALLOWED.some((a) => a.file === path && a.text === text)) return;
    uses.push({ where: `${path}:${file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1}`, text: text.length > 80 ? `${text.slice(0, 77)}...` : text });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAccessExpression(node) && isMath(node.expression)) {
      if (ENGINE_DEPENDENT.includes(node.name.text)) report(ts.isCallExpression(node.parent) && node.parent.expression === node ? node.parent : node);
    } else if (ts.isElementAccessExpression(node) && isMath(node.expression)) {
      // Math[name]: any function, the engine-dependent ones too
      report(node);
    } else if (ts.isIdentifier(node) && node.text === "Math" && isMathValue(node)) {
      // Math itself as a value: passed on, stored or destructured (`const { exp } = Math`)
      report(node.parent);
    } else if (ts.isBinaryExpression(node) && (node.operatorToken.kind === ts.SyntaxKind.AsteriskAsteriskToken || node.operatorToken.kind === ts.SyntaxKind.AsteriskAsteriskEqualsToken)) {
      if (!exactPower(node)) report(node);
    } else if ((ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node)) && CALL_IN_TEXT.test(node.text)) {
      // code written as text (a generated module): a call there runs in the user's engine
      report(node);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return uses;
}

/** `Math` used as a value: not the object of `Math.x` / `Math[x]`, not a property name, not a type. */
function isMathValue(node: ts.Identifier): boolean {
  const p = node.parent;
  if ((ts.isPropertyAccessExpression(p) || ts.isElementAccessExpression(p)) && p.expression === node) return false;
  if (ts.isPropertyAccessExpression(p) && p.name === node) return false;
  if (ts.isTypeQueryNode(p) || ts.isTypeReferenceNode(p) || ts.isQualifiedName(p)) return false;
  if ((ts.isPropertyAssignment(p) || ts.isPropertyDeclaration(p) || ts.isMethodDeclaration(p) || ts.isPropertySignature(p)) && p.name === node) return false;
  return true;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sourceFiles(p) : p.endsWith(".ts") && !p.endsWith(".d.ts") ? [p] : [];
  });
}

/** Every use in `root`/src but the folders left out, as `src/...ts:line: code`. */
export function scanSources(root: string): string[] {
  return sourceFiles(join(root, "src"))
    .map((p) => relative(root, p).split(sep).join("/"))
    .filter((path) => !Object.keys(LEFT_OUT).some((dir) => path.startsWith(dir)))
    .sort()
    .flatMap((path) => engineMathUses(readFileSync(join(root, path), "utf8"), path).map((u) => `${u.where}: ${u.text}`));
}

describe("no engine-dependent Math in src/", () => {
  it("the scan finds each form of use, at its line, and passes over comments, strings that only name one, exact functions and exact powers", () => {
    const planted = [
      "// Math.exp(x) in a comment, and /** @example Math.cos(1) */",
      "const a = Math.exp(x);",
      "const b = Math.sqrt(x) + Math.abs(y) + Math.floor(z) + Math.fround(w) + Math.max(1, 2);",
      'const s = "what Node 20\'s Math.exp returns";',
      "const c = x ** 2;",
      "const d = 2 ** 30 + 2 ** -53 + (2 ** 1023) + 5n ** 3n;",
      "const e = 2 ** k;",
      "const f = { apply: Math.tanh };",
      "const { log } = Math;",
      'const g = Math["cos"](x);',
      "t **= 0.5;",
      "const h = globalThis.Math.pow(x, y);",
      "const src = `return Math.log1p(${x});`;",
      "const i = exactMath.exp(x) * exactMath.pow(x, y);",
      "const j = 1.5 ** 3;",
    ].join("\n");
    expect(engineMathUses(planted, "src/layers/planted.ts")).toEqual([
      { where: "src/layers/planted.ts:2", text: "Math.exp(x)" },
      { where: "src/layers/planted.ts:5", text: "x ** 2" },
      { where: "src/layers/planted.ts:7", text: "2 ** k" },
      { where: "src/layers/planted.ts:8", text: "Math.tanh" },
      { where: "src/layers/planted.ts:9", text: "{ log } = Math" },
      { where: "src/layers/planted.ts:10", text: 'Math["cos"]' },
      { where: "src/layers/planted.ts:11", text: "t **= 0.5" },
      { where: "src/layers/planted.ts:12", text: "globalThis.Math.pow(x, y)" },
      { where: "src/layers/planted.ts:13", text: "`return Math.log1p(${" },
      { where: "src/layers/planted.ts:15", text: "1.5 ** 3" },
    ]);
    // an allowed use is allowed in its own file only
    expect(engineMathUses("const y = f(2 ** k);", "src/matrix/float32.ts")).toEqual([]);
  });

  it("a call planted in a file of src/ fails the scan, naming the file and line; src/plot/ is left out", () => {
    const root = mkdtempSync(join(tmpdir(), "tinynn-engine-math-"));
    try {
      for (const [path, text] of [
        ["src/layers/initializers.ts", "export const draw = (u: number) =>\n  Math.sqrt(-2 * Math.log(1 - u));\n"],
        ["src/optimizers/adam.ts", "const c = 1 - beta ** t;\n"],
        ["src/plot/axes.ts", "const p = 10 ** Math.floor(Math.log10(raw));\n"],
        ["src/math/exp.ts", "// not Math.exp: fdlibm's algorithm\nexport const e = 1 + x;\n"],
      ] as const) {
        mkdirSync(join(root, dirname(path)), { recursive: true });
        writeFileSync(join(root, path), text);
      }
      expect(scanSources(root)).toEqual(["src/layers/initializers.ts:2: Math.log(1 - u)", "src/optimizers/adam.ts:1: beta ** t"]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it("src/ (but plot/) calls no Math function that engines compute differently, and has no `**` but exact powers of two: exactMath is there for them", () => {
    const files = sourceFiles(join(ROOT, "src"));
    expect(files.length).toBeGreaterThan(50);
    expect(scanSources(ROOT), "use exactMath (src/math) instead: docs/runtimes.md, \"The same bits in every engine\"").toEqual([]);
  });
});
