// Finds the @example blocks of src/**/*.ts whose lines state a result (`// =>` or `// throws`), and
// names each after what it documents: the export (`sigmoid`, `Network`), or `Class.member` for a
// member of an exported class (`Network.predict`, `BatchNorm.constructor`, `Dense.fromJSON`).
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";

/** One @example block that states a result. */
export interface StatedExample {
  /** The export or `Class.member` it documents; a second example of the same name gets `#2`. */
  readonly name: string;
  /** `src/...ts:line` of its `@example` tag. */
  readonly where: string;
  /** Its lines, without the comment's ` * `. */
  readonly lines: readonly string[];
}

/** A line of an example that states a result. */
export const STATES_A_RESULT = /\/\/\s*(=>|throws\b)/;

const ROOT = new URL("../../", import.meta.url).pathname;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts") && !entry.name.endsWith(".d.ts") ? [path] : [];
  });
}

const TOP_LEVEL = /^export\s+(?:declare\s+)?(?:default\s+)?(?:abstract\s+)?(?:async\s+)?(?:class|interface|type|function\*?|const|let|var|enum)\s+([A-Za-z_$][\w$]*)/;
const MEMBER = /^(?:(?:public|protected|private|static|readonly|abstract|override|async|get|set)\s+)*\*?([A-Za-z_$][\w$]*)\s*[(<:=?!]/;

/** The examples that state a result, in file and line order. */
export function statedExamples(srcDir = join(ROOT, "src")): StatedExample[] {
  const found: StatedExample[] = [];
  const seen = new Map<string, number>();
  for (const file of sourceFiles(srcDir).sort()) {
    const lines = readFileSync(file, "utf8").split("\n");
    let exportedClass: string | undefined;
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!;
      const top = /^export\s+(?:declare\s+)?(?:default\s+)?(?:abstract\s+)?class\s+([A-Za-z_$][\w$]*)/.exec(line);
      if (top) exportedClass = top[1];
      else if (/^\S/.test(line) && !line.startsWith("}") && !line.startsWith("/") && !line.startsWith(" ")) exportedClass = undefined;
      if (!/^\s*\/\*\*/.test(line)) continue;
      // one doc comment: lines i..end
      let end = i;
      while (end < lines.length && !lines[end]!.includes("*/")) end++;
      const body = lines.slice(i, end + 1).map((l) => l.replace(/^\s*\/\*\*\s?/, "").replace(/\s*\*\/\s*$/, "").replace(/^\s*\*\s?/, ""));
      const blocks: { at: number; lines: string[] }[] = [];
      body.forEach((l, k) => {
        if (/^@example\b/.test(l)) blocks.push({ at: i + k + 1, lines: [] });
        else if (/^@\w+/.test(l)) blocks.push({ at: -1, lines: [] });
        else blocks.at(-1)?.lines.push(l);
      });
      const stating = blocks.filter((b) => b.at > 0 && b.lines.some((l) => STATES_A_RESULT.test(l)));
      if (stating.length > 0) {
        const declaration = (lines.slice(end + 1).find((l) => l.trim() !== "" && !l.trim().startsWith("//")) ?? "").trim();
        const name = nameOf(declaration, /^\s/.test(lines[i]!) ? exportedClass : undefined);
        for (const b of stating) {
          const n = (seen.get(name) ?? 0) + 1;
          seen.set(name, n);
          found.push({ name: n === 1 ? name : `${name}#${n}`, where: `${relative(ROOT, file)}:${b.at}`, lines: b.lines.filter((l) => l.trim() !== "") });
        }
      }
      i = end;
    }
  }
  return found;
}

function nameOf(declaration: string, inClass: string | undefined): string {
  const top = TOP_LEVEL.exec(declaration);
  if (top) return top[1]!;
  const member = MEMBER.exec(declaration);
  if (member && inClass !== undefined) return `${inClass}.${member[1]}`;
  return `? ${declaration.slice(0, 60)}`;
}
