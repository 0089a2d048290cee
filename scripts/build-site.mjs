// Builds the playground (site/) into a static folder: esbuild bundles site/src/main.ts with tinynn's
// source into main.js (with its source map), and index.html and style.css are copied beside it.
// Nothing else is needed: serve the folder from any static server, or open index.html from disk.
//
// main.js is a classic script (an IIFE, loaded with `defer`), not an ES module: Chromium refuses
// module scripts from file:// (origin "null", blocked by CORS), so a module bundle would only work
// served. The page exports nothing and imports nothing at run time, so nothing is lost.
//
//   node scripts/build-site.mjs [outDir]      (default site/dist; or SITE_OUT_DIR=...)
//
// A build error (a type esbuild cannot strip, an import that does not resolve) fails loudly: the
// messages, then exit code 1.
import { copyFileSync, mkdirSync, readFileSync, statSync } from "node:fs";
import { isAbsolute, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = fileURLToPath(new URL("..", import.meta.url));
const site = join(root, "site");
const outArg = process.argv[2] ?? process.env.SITE_OUT_DIR ?? join(site, "dist");
const outDir = isAbsolute(outArg) ? outArg : resolve(process.cwd(), outArg);

mkdirSync(outDir, { recursive: true });

let result;
try {
  result = await build({
    entryPoints: [join(site, "src", "main.ts")],
    outfile: join(outDir, "main.js"),
    bundle: true,
    format: "iife",
    platform: "browser",
    target: "es2022",
    minify: process.env.SITE_MINIFY !== "0",
    sourcemap: true,
    // the page imports the library by name, as a user's code does; bundle its source
    alias: { tinynn: join(root, "src", "index.ts") },
    // `import text from "./file?raw"` is the file's text, as vite reads it in the tests (the blog's
    // Python programs and examples/blog)
    plugins: [
      {
        name: "raw",
        setup(b) {
          b.onResolve({ filter: /\?raw$/ }, (args) => ({ path: resolve(args.resolveDir, args.path.slice(0, -"?raw".length)), namespace: "raw" }));
          b.onLoad({ filter: /.*/, namespace: "raw" }, (args) => ({ contents: readFileSync(args.path, "utf8"), loader: "text" }));
        },
      },
    ],
    logLevel: "silent",
    metafile: true,
  });
} catch (error) {
  const messages = error?.errors ?? [];
  for (const m of messages) {
    const at = m.location ? `${m.location.file}:${m.location.line}:${m.location.column}: ` : "";
    console.error(`build-site: ${at}${m.text}`);
  }
  if (messages.length === 0) console.error(error);
  console.error("build-site: failed");
  process.exit(1);
}
for (const w of result.warnings) console.warn(`build-site: warning: ${w.location ? `${w.location.file}:${w.location.line}: ` : ""}${w.text}`);

for (const file of ["index.html", "style.css"]) copyFileSync(join(site, file), join(outDir, file));

const show = (file) => {
  const path = join(outDir, file);
  const rel = relative(process.cwd(), path) || path;
  console.log(`wrote ${rel.startsWith("..") ? path : rel} (${statSync(path).size} bytes)`);
};
for (const file of ["index.html", "style.css", "main.js", "main.js.map"]) show(file);
