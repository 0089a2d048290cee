// A file imported with the `?raw` suffix is its text: vite reads it so in the tests, and
// scripts/build-site.mjs's plugin for the page (the blog's Python programs and examples/blog).
declare module "*?raw" {
  const text: string;
  export default text;
}
