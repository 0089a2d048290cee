// Optimizers against their update rules computed by hand, schedules, state save / resume.
import { describe, expect, it } from "vitest";
import {
  Adagrad,
  Adam,
  ConfigError,
  exponentialDecay,
  fromRows,
  GradientDescent,
  inverseTimeDecay,
  Momentum,
  Network,
  optimizerFromJSON,
  RMSprop,
  scheduleFromJSON,
  SerializationError,
  stepDecay,
  type Optimizer,
  type Parameter,
} from "tinynn";
import { XOR_X, XOR_Y } from "./lab/fixtures.js";

const THETA0 = [1, -0.5, 0.25];
const GRADS = [
  [2, -1, 0.125],
  [0.5, 0.25, -3],
  [-1, 3, 0.75],
];

/** Runs `steps` updates of `opt` on one parameter with the fixed gradient sequence; returns θ after each. */
function run(opt: Optimizer, steps = 3): number[][] {
  const p: Parameter = { name: "W0", isWeight: true, value: fromRows([THETA0]), grad: fromRows([GRADS[0]!]) };
  const out: number[][] = [];
  for (let s = 0; s < steps; s++) {
    p.grad.data.set(GRADS[s]!);
    opt.step([p], s);
    out.push(Array.from(p.value.data));
  }
  return out;
}

/** The update rules, written out scalar by scalar, independently of src. */
function reference(kind: string, h: Record<string, number>, alphaAt: (t: number) => number): number[][] {
  const theta = [...THETA0];
  const a = [0, 0, 0];
  const b = [0, 0, 0];
  const out: number[][] = [];
  for (let s = 0; s < 3; s++) {
    const t = s + 1;
    const alpha = alphaAt(s);
    for (let i = 0; i < 3; i++) {
      const g = GRADS[s]![i]!;
      if (kind === "momentum") {
        a[i] = h.beta! * a[i]! - alpha * g;
        theta[i] = theta[i]! + a[i]!;
      } else if (kind === "nesterov") {
        a[i] = h.beta! * a[i]! - alpha * g;
        theta[i] = theta[i]! + h.beta! * a[i]! - alpha * g;
      } else if (kind === "adam") {
        a[i] = h.beta1! * a[i]! + (1 - h.beta1!) * g;
        b[i] = h.beta2! * b[i]! + (1 - h.beta2!) * g * g;
        const mhat = a[i]! / (1 - Math.pow(h.beta1!, t));
        const vhat = b[i]! / (1 - Math.pow(h.beta2!, t));
        theta[i] = theta[i]! - (alpha * mhat) / (Math.sqrt(vhat) + h.epsilon!);
      } else if (kind === "rmsprop") {
        a[i] = h.rho! * a[i]! + (1 - h.rho!) * g * g;
        theta[i] = theta[i]! - (alpha * g) / (Math.sqrt(a[i]!) + h.epsilon!);
      } else if (kind === "adagrad") {
        a[i] = a[i]! + g * g;
        theta[i] = theta[i]! - (alpha * g) / (Math.sqrt(a[i]!) + h.epsilon!);
      } else if (kind === "gd") {
        theta[i] = theta[i]! - alpha * g;
      }
    }
    out.push([...theta]);
  }
  return out;
}

function maxDeviation(a: number[][], b: number[][]): number {
  let m = 0;
  a.forEach((row, s) => row.forEach((x, i) => (m = Math.max(m, Math.abs(x - b[s]![i]!)))));
  return m;
}

export const deviations: Record<string, number> = {};

describe("first steps match the update rule computed by hand (1e-12)", () => {
  const cases: [string, () => Optimizer, string, Record<string, number>, number][] = [
    ["Momentum", () => new Momentum({ alpha: 0.1, beta: 0.9 }), "momentum", { beta: 0.9 }, 0.1],
    ["Nesterov", () => new Momentum({ alpha: 0.1, beta: 0.9, nesterov: true }), "nesterov", { beta: 0.9 }, 0.1],
    ["Adam", () => new Adam({ alpha: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 }), "adam", { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 }, 0.1],
    ["RMSprop", () => new RMSprop({ alpha: 0.01, rho: 0.9, epsilon: 1e-8 }), "rmsprop", { rho: 0.9, epsilon: 1e-8 }, 0.01],
    ["Adagrad", () => new Adagrad({ alpha: 0.1, epsilon: 1e-8 }), "adagrad", { epsilon: 1e-8 }, 0.1],
    ["GradientDescent", () => new GradientDescent({ alpha: 0.1 }), "gd", {}, 0.1],
  ];
  for (const [name, make, kind, h, alpha] of cases) {
    it(name, () => {
      const got = run(make());
      const want = reference(kind, h, () => alpha);
      deviations[name] = maxDeviation(got, want);
      expect(deviations[name]).toBeLessThanOrEqual(1e-12);
      // and the updates are not trivial
      expect(Math.abs(got[2]![0]! - THETA0[0]!)).toBeGreaterThan(1e-3);
    });
  }

  it("literal first steps, by hand", () => {
    expect(run(new Momentum({ alpha: 0.1, beta: 0.9 }), 2).map((r) => r[0])).toEqual([0.8, expect.closeTo(0.57, 12)]);
    expect(run(new Momentum({ alpha: 0.1, beta: 0.9, nesterov: true }), 1)[0]![0]).toBeCloseTo(0.62, 14);
    expect(run(new Adam({ alpha: 0.1 }), 1)[0]![0]).toBeCloseTo(1 - 0.2 / (2 + 1e-8), 14); // m̂ = 2, v̂ = 4
    expect(run(new RMSprop({ alpha: 0.01 }), 1)[0]![0]).toBeCloseTo(1 - 0.02 / (Math.sqrt(0.4) + 1e-8), 14);
    expect(run(new Adagrad({ alpha: 0.1 }), 1)[0]![0]).toBeCloseTo(1 - 0.2 / (2 + 1e-8), 14);
  });
});

describe("learning-rate schedules", () => {
  it("step, exponential and inverse-time values", () => {
    const s = stepDecay({ alpha: 1, drop: 0.5, every: 10 });
    expect([s(0), s(9), s(10), s(25)]).toEqual([1, 1, 0.5, 0.25]);
    expect(exponentialDecay({ alpha: 0.1, rate: 0.5 })(2)).toBeCloseTo(0.025, 17);
    expect(inverseTimeDecay({ alpha: 1, decay: 0.5 })(2)).toBe(0.5);
  });

  it("optimizers use α_t of the schedule: GradientDescent with the step it is given, Adam with its own count", () => {
    const sched = exponentialDecay({ alpha: 0.1, rate: 0.5 });
    const gd = run(new GradientDescent({ alpha: sched }));
    expect(maxDeviation(gd, reference("gd", {}, (t) => 0.1 * 0.5 ** t))).toBeLessThanOrEqual(1e-15);
    const adam = run(new Adam({ alpha: (t) => 0.1 / (1 + t) }));
    const want = reference("adam", { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 }, (t) => 0.1 / (1 + t));
    expect(maxDeviation(adam, want)).toBeLessThanOrEqual(1e-12);
  });

  it("schedules are validated at construction and while stepping", () => {
    expect(() => new Adam({ alpha: () => 0 })).toThrow(/alpha schedule must return a finite number > 0, got 0 at step 0/);
    expect(() => stepDecay({ alpha: 1, drop: 1.5, every: 2 })).toThrow(ConfigError);
    expect(() => stepDecay({ alpha: 1, drop: 0.5, every: 0 })).toThrow(/every must be an integer >= 1, got 0/);
    const bad = new Momentum({ alpha: (t) => (t < 1 ? 0.1 : Number.NaN) });
    expect(() => run(bad, 2)).toThrow(/got NaN at step 1/);
    expect(scheduleFromJSON(stepDecay({ alpha: 2, drop: 0.5, every: 3 }).json)(3)).toBe(1);
  });
});

describe("hyperparameters are validated when constructed", () => {
  const bad: [() => unknown, RegExp][] = [
    [() => new Momentum({ alpha: 0.1, beta: 1 }), /beta must be a finite number in \[0, 1\), got 1/],
    [() => new Momentum({ alpha: -1 }), /alpha must be a finite number > 0, got -1/],
    [() => new Momentum({ alpha: 0.1, nesterov: "yes" as unknown as boolean }), /nesterov must be true or false/],
    [() => new Adam({ beta2: -0.1 }), /beta2 must be a finite number in \[0, 1\), got -0.1/],
    [() => new Adam({ epsilon: 0 }), /epsilon must be a finite number > 0, got 0/],
    [() => new RMSprop({ rho: Number.NaN }), /rho must be a finite number in \[0, 1\), got NaN/],
    [() => new Adagrad({ alpha: "fast" as unknown as number }), /alpha must be a finite number > 0 or a schedule function/],
    [() => new GradientDescent({ alpha: 0 }), /alpha must be a finite number > 0, got 0/],
  ];
  for (const [make, message] of bad) {
    it(String(message), () => {
      expect(make).toThrow(ConfigError);
      expect(make).toThrow(message);
    });
  }
});

describe("optimizer state survives toJSON / fromJSON, so training resumes exactly", () => {
  const X = XOR_X;
  const y = XOR_Y;
  const makers: [string, () => Optimizer][] = [
    ["adam", () => new Adam({ alpha: 0.05 })],
    ["momentum", () => new Momentum({ alpha: 0.5, beta: 0.9, nesterov: true })],
    ["rmsprop", () => new RMSprop({ alpha: exponentialDecay({ alpha: 0.05, rate: 0.99 }) })],
    ["adagrad", () => new Adagrad({ alpha: 0.3 })],
  ];
  for (const [name, make] of makers) {
    it(name, () => {
      const a = new Network({ layers: [3, 4, 1], seed: 7 });
      const optA = make();
      a.train(X, y, { optimizer: optA, iterations: 20 });
      const saved = JSON.parse(JSON.stringify(a.toJSON({ optimizer: optA })));
      expect(saved.version).toBe(3);
      expect(saved.optimizer.type).toBe(name);
      expect(saved.optimizer.updates).toBe(20);
      const b = Network.fromJSON(saved);
      const optB = optimizerFromJSON(saved.optimizer);
      a.train(X, y, { optimizer: optA, iterations: 15 });
      b.train(X, y, { optimizer: optB, iterations: 15 });
      expect(b.weights()).toEqual(a.weights());
      // without the saved state the continuation differs
      const c = Network.fromJSON(saved);
      c.train(X, y, { optimizer: make(), iterations: 15 });
      expect(c.weights()).not.toEqual(a.weights());
    });
  }

  it("your own schedule is saved as null and must be given again", () => {
    const opt = new Adam({ alpha: (t) => 0.01 / (1 + t) });
    const json = opt.toJSON();
    expect(json.alpha).toBeNull();
    expect(() => optimizerFromJSON(json)).toThrow(SerializationError);
    expect(optimizerFromJSON(json, { alpha: 0.01 }).name).toBe("adam");
    expect(() => optimizerFromJSON({ ...json, type: "lion" }, { alpha: 0.1 })).toThrow(/unknown; known: gradientDescent, momentum, adam, rmsprop, adagrad/);
  });

  it("a saved state whose sizes do not fit the parameters is refused", () => {
    const opt = new Adam();
    opt.loadState({ type: "adam", alpha: 0.001, hyperparameters: {}, updates: 3, state: { W0: { m: [1, 2], v: [1, 2] } } });
    expect(() => run(opt, 1)).toThrow(/state W0.m has 2 numbers but W0 has 3/);
  });
});

describe("network JSON stays backward compatible", () => {
  it("a FORMAT_VERSION 1 file still loads; an unknown future version does not", () => {
    const v1 = { format: "tinynn", version: 1, layers: [{ type: "dense", inputSize: 2, outputSize: 1, activation: "identity", weights: [[2], [3]], bias: [1] }] };
    expect(Network.fromJSON(v1).predict([[1, 1]])).toEqual([[6]]);
    expect(() => Network.fromJSON({ ...v1, version: 4 })).toThrow(/json.version must be an integer from 1 to 3, got 4/);
  });

  it("net.toJSON() without an optimizer has no optimizer field", () => {
    const net = new Network({ layers: [2, 1], seed: 1 });
    expect("optimizer" in net.toJSON()).toBe(false);
    expect(() => net.toJSON({ optimizer: { name: "x", step: () => undefined } })).toThrow(/optimizer must have a toJSON\(\) method to be saved \(the built-in optimizers do\), got optimizer "x"/);
  });
});

describe("report", () => {
  it("prints the first-step deviations", () => {
    if (process.env.TINYNN_REPORT) console.log(JSON.stringify(deviations));
    expect(Object.keys(deviations).length).toBe(6);
  });
});
