// Adds lockfile entries for platform-specific optional packages that this machine's npm registry
// mirror does not serve (it has only some of rollup's native builds). Without them npm 11's
// `npm ci` refuses the lockfile ("Missing: @rollup/rollup-...@ from lock file"), although those
// packages are never installed on this platform. A lockfile written on a machine with the full
// registry has these entries already. Run after regenerating package-lock.json here:
//   npm install && node scripts/complete-lockfile.mjs
import { readFileSync, writeFileSync } from "node:fs";

const path = process.argv[2] ?? "package-lock.json";
const lock = JSON.parse(readFileSync(path, "utf8"));
const OS = { android: "android", darwin: "darwin", freebsd: "freebsd", linux: "linux", openbsd: "openbsd", openharmony: "openharmony", win32: "win32" };
const CPU = { arm: "arm", arm64: "arm64", x64: "x64", ia32: "ia32", loong64: "loong64", ppc64: "ppc64", riscv64: "riscv64", s390x: "s390x" };

let added = 0;
for (const [key, pkg] of Object.entries(lock.packages)) {
  if (!key.endsWith("node_modules/rollup") || !pkg.optionalDependencies) continue;
  const base = key.slice(0, -"rollup".length);
  for (const [name, version] of Object.entries(pkg.optionalDependencies)) {
    const at = `${base}${name}`;
    if (lock.packages[at] || lock.packages[`node_modules/${name}`]) continue;
    const m = /^@rollup\/rollup-([a-z0-9]+)-([a-z0-9]+)(?:-([a-z]+))?$/.exec(name);
    if (!m || !OS[m[1]] || !CPU[m[2]]) throw new Error(`cannot derive os/cpu for ${name}`);
    // fields in the order npm writes them, so a later `npm install` leaves the file unchanged
    const libc = m[3] === "gnu" || m[3] === "gnueabihf" ? ["glibc"] : m[3] === "musl" || m[3] === "musleabihf" ? ["musl"] : undefined;
    const entry = { version, cpu: [CPU[m[2]]], dev: true, ...(libc ? { libc } : {}), license: "MIT", optional: true, os: [OS[m[1]]] };
    lock.packages[`node_modules/${name}`] = entry;
    added++;
  }
}
lock.packages = Object.fromEntries(Object.entries(lock.packages).sort(([a], [b]) => (a === "" ? -1 : b === "" ? 1 : a.localeCompare(b))));
writeFileSync(path, JSON.stringify(lock, null, 2) + "\n");
console.log(`added ${added} lockfile entries`);
