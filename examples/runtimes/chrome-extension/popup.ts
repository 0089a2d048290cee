// The popup's script. popup.html loads popup.js: bundle this file and tinynn into it with
//   npx esbuild popup.ts --bundle --format=esm --outfile=popup.js
// (an extension page may run only the extension's own files: no CDN, no inline script).
// The manifest's CSP adds 'wasm-unsafe-eval' so that tinynn's WebAssembly kernel may compile;
// without it tinynn uses its JavaScript kernels, which give the same numbers.
import { formatFloat } from "tinynn";
import { XOR_X, trainXor } from "./xor.js";

const status = document.getElementById("status")!;
const list = document.getElementById("predictions")!;

trainXor().then(
  (predictions) => {
    predictions.forEach((p, i) => {
      const [a, b] = XOR_X[i]!;
      const item = document.createElement("li");
      item.textContent = `${a} XOR ${b} -> ${formatFloat(p)}`;
      list.append(item);
    });
    status.textContent = "trained";
  },
  (error: unknown) => {
    status.textContent = `failed: ${String(error)}`;
    throw error;
  },
);
