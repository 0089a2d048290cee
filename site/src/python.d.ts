// A Python program imported as its text (site/programs/*.py): esbuild's text loader in
// scripts/build-site.mjs, a transform in vitest.config.ts.
declare module "*.py" {
  const text: string;
  export default text;
}
