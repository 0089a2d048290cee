// Elementwise kernels of the activations over packed buffers: what a Dense layer's step runs.
//
// Every activation, yours or built-in, runs through `kernelsOf`: yours through loops that call
// `apply` and `derivative`, the built-in ones through loops with their formula written in. The
// numbers are the same either way (the same operations on the same values); the difference is
// V8's: a call through a variable is inlined only while that call site has seen few functions, and
// a double returned from a call that is not inlined is boxed (16 bytes each). A loop of its own per
// built-in keeps them inlined and allocation-free whatever else a process runs; the loops for your
// activations are as fast as long as a process uses a few of them.
//
// Loops take four values per iteration: V8 re-checks each typed array (map, length, storage) at
// every loop iteration, so on the small matrices tinynn is made for, four values per check run
// ~1.5x faster than one. Each value's arithmetic is unchanged.

import { expRange } from "../math/exp.js";
import { tanhRange } from "../math/tanh.js";
import type { Activation } from "./activation.js";
import { identity, leakyRelu, relu, sigmoid, tanh } from "./builtins.js";

/** @internal */
export interface ActivationKernels {
  /**
   * a[i] = f(z[i] + b[i mod cols]) over `size` values (without b: f(z[i])); when `keepsInput`, z[i]
   * is updated to z[i] + b for the derivative. `a` may be `z` itself (then z is not kept).
   */
  forward(z: Float64Array, a: Float64Array, b: Float64Array | undefined, size: number, cols: number): void;
  /** delta[i] = g[i] · f'(z[i], a[i]) over `n` values; `delta` may be `g`. */
  delta(delta: Float64Array, g: Float64Array, z: Float64Array, a: Float64Array, n: number): void;
  /** Whether the derivative reads the input z (then the layer keeps z apart from a). */
  readonly keepsInput: boolean;
}

/** The kernels an activation runs with. @internal */
export function kernelsOf(activation: Activation): ActivationKernels {
  return BUILT_IN.get(activation) ?? generic(activation);
}

/** Your activation: `apply` and `derivative` called per value, z kept for the derivative. */
function generic(activation: Activation): ActivationKernels {
  const f = activation.apply;
  const fprime = activation.derivative;
  return {
    keepsInput: true,
    forward: (z, a, b, size, cols) => genericForward(z, a, b, size, cols, f),
    delta: (delta, g, z, a, n) => genericDelta(delta, g, z, a, n, fprime),
  };
}

function genericForward(z: Float64Array, a: Float64Array, b: Float64Array | undefined, size: number, cols: number, f: (x: number) => number): void {
  if (b === undefined) {
    let i = 0;
    for (; i + 4 <= size; i += 4) {
      a[i] = f(z[i]!);
      a[i + 1] = f(z[i + 1]!);
      a[i + 2] = f(z[i + 2]!);
      a[i + 3] = f(z[i + 3]!);
    }
    for (; i < size; i++) a[i] = f(z[i]!);
    return;
  }
  for (let r = 0; r < size; r += cols) {
    let j = 0;
    for (; j + 4 <= cols; j += 4) {
      const x0 = z[r + j]! + b[j]!;
      const x1 = z[r + j + 1]! + b[j + 1]!;
      const x2 = z[r + j + 2]! + b[j + 2]!;
      const x3 = z[r + j + 3]! + b[j + 3]!;
      z[r + j] = x0;
      z[r + j + 1] = x1;
      z[r + j + 2] = x2;
      z[r + j + 3] = x3;
      a[r + j] = f(x0);
      a[r + j + 1] = f(x1);
      a[r + j + 2] = f(x2);
      a[r + j + 3] = f(x3);
    }
    for (; j < cols; j++) {
      const x = z[r + j]! + b[j]!;
      z[r + j] = x;
      a[r + j] = f(x);
    }
  }
}

function genericDelta(delta: Float64Array, g: Float64Array, z: Float64Array, a: Float64Array, n: number, fprime: (x: number, y: number) => number): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    delta[i] = g[i]! * fprime(z[i]!, a[i]!);
    delta[i + 1] = g[i + 1]! * fprime(z[i + 1]!, a[i + 1]!);
    delta[i + 2] = g[i + 2]! * fprime(z[i + 2]!, a[i + 2]!);
    delta[i + 3] = g[i + 3]! * fprime(z[i + 3]!, a[i + 3]!);
  }
  for (; i < n; i++) delta[i] = g[i]! * fprime(z[i]!, a[i]!);
}

// The built-ins. Each derivative here reads the output only: sigmoid's and tanh's by their
// formulas, relu's and leakyRelu's because a > 0 exactly when x > 0, identity's not at all.

const sigmoidKernels: ActivationKernels = {
  keepsInput: false,
  // a = -x, then a = e^a by tinynn's exp over the whole buffer (src/math: the same bits in every
  // engine; one call per pass, as V8 boxes a double passed to or returned from a call it does not
  // inline), then a = 1 / (1 + a): the operations of 1 / (1 + e^-x) on each value. exp costs far
  // more than a typed array's check, so these loops take one value per iteration.
  forward(z, a, b, size, cols) {
    if (b === undefined) {
      for (let i = 0; i < size; i++) a[i] = -z[i]!;
    } else {
      for (let r = 0; r < size; r += cols) for (let j = 0; j < cols; j++) a[r + j] = -(z[r + j]! + b[j]!);
    }
    expRange(a, 0, size);
    for (let i = 0; i < size; i++) a[i] = 1 / (1 + a[i]!);
  },
  delta(delta, g, _z, a, n) {
    let i = 0;
    for (; i + 4 <= n; i += 4) {
      const y0 = a[i]!, y1 = a[i + 1]!, y2 = a[i + 2]!, y3 = a[i + 3]!;
      delta[i] = g[i]! * (y0 * (1 - y0));
      delta[i + 1] = g[i + 1]! * (y1 * (1 - y1));
      delta[i + 2] = g[i + 2]! * (y2 * (1 - y2));
      delta[i + 3] = g[i + 3]! * (y3 * (1 - y3));
    }
    for (; i < n; i++) {
      const y = a[i]!;
      delta[i] = g[i]! * (y * (1 - y));
    }
  },
};

const tanhKernels: ActivationKernels = {
  keepsInput: false,
  // a = x, then tanh over the whole buffer by tinynn's tanh (src/math), one call as for the sigmoid
  forward(z, a, b, size, cols) {
    if (b === undefined) {
      if (a !== z) for (let i = 0; i < size; i++) a[i] = z[i]!;
    } else {
      for (let r = 0; r < size; r += cols) for (let j = 0; j < cols; j++) a[r + j] = z[r + j]! + b[j]!;
    }
    tanhRange(a, 0, size);
  },
  delta(delta, g, _z, a, n) {
    for (let i = 0; i < n; i++) {
      const y = a[i]!;
      delta[i] = g[i]! * (1 - y * y);
    }
  },
};

const reluKernels: ActivationKernels = {
  keepsInput: false,
  forward(z, a, b, size, cols) {
    if (b === undefined) {
      for (let i = 0; i < size; i++) {
        const x = z[i]!;
        a[i] = x > 0 ? x : 0;
      }
      return;
    }
    for (let r = 0; r < size; r += cols) {
      for (let j = 0; j < cols; j++) {
        const x = z[r + j]! + b[j]!;
        a[r + j] = x > 0 ? x : 0;
      }
    }
  },
  delta(delta, g, _z, a, n) {
    for (let i = 0; i < n; i++) delta[i] = g[i]! * (a[i]! > 0 ? 1 : 0);
  },
};

const leakyReluKernels: ActivationKernels = {
  keepsInput: false,
  forward(z, a, b, size, cols) {
    if (b === undefined) {
      for (let i = 0; i < size; i++) {
        const x = z[i]!;
        a[i] = x > 0 ? x : 0.01 * x;
      }
      return;
    }
    for (let r = 0; r < size; r += cols) {
      for (let j = 0; j < cols; j++) {
        const x = z[r + j]! + b[j]!;
        a[r + j] = x > 0 ? x : 0.01 * x;
      }
    }
  },
  delta(delta, g, _z, a, n) {
    for (let i = 0; i < n; i++) delta[i] = g[i]! * (a[i]! > 0 ? 1 : 0.01);
  },
};

const identityKernels: ActivationKernels = {
  keepsInput: false,
  forward(z, a, b, size, cols) {
    if (b === undefined) {
      if (a !== z) for (let i = 0; i < size; i++) a[i] = z[i]!;
      return;
    }
    for (let r = 0; r < size; r += cols) for (let j = 0; j < cols; j++) a[r + j] = z[r + j]! + b[j]!;
  },
  delta(delta, g, _z, _a, n) {
    // g · 1, which is g itself
    if (delta !== g) for (let i = 0; i < n; i++) delta[i] = g[i]!;
  },
};

const BUILT_IN: ReadonlyMap<Activation, ActivationKernels> = new Map([
  [sigmoid, sigmoidKernels],
  [tanh, tanhKernels],
  [relu, reluKernels],
  [leakyRelu, leakyReluKernels],
  [identity, identityKernels],
]);
