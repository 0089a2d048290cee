// Every implementation by its row name (bench/run.mjs, bench/gc-share.mjs).

/** The implementation `name` set up for workload `w`; throws (a message for the table) when it cannot run it. */
export async function load(name, w) {
  switch (name) {
    case "hand-written": return (await import("./reference.mjs")).create(w);
    case "tinynn": return (await import("./tinynn.mjs")).create(w);
    case "tinynn-20th-net": return (await import("./tinynn.mjs")).create(w, "20th-net");
    case "tinynn-user-pieces": return (await import("./tinynn.mjs")).create(w, "user-pieces");
    case "tinynn-f32": return (await import("./tinynn.mjs")).create(w, "f32");
    case "brain.js": return (await import("./brain.mjs")).create(w);
    case "tfjs-cpu": return (await import("./tfjs.mjs")).create(w, "cpu");
    case "tfjs-wasm": return (await import("./tfjs.mjs")).create(w, "wasm");
    case "wasm-simd-f64": return (await import("./wasm-simd.mjs")).create(w);
    default: throw new Error(`unknown implementation ${name}`);
  }
}
