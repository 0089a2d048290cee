// A seeded fuzz test of loading: random mutations of saved networks (Dense with and without bias and
// several activations, BatchNorm, Dropout, Softmax) and of their saved optimizer state (Adam,
// Momentum, RMSprop with a schedule), given to Network.fromJSON and optimizerFromJSON. The only
// outcomes accepted are a TinyNNError with a code (and a message of sensible length), or a network
// that predicts finite numbers on a fixed input (an optimizer that trains the saved network to
// finite predictions, or stops with a typed error). Anything else fails and prints the mutations.
//
// Outcomes with SEED = 11 and 6,000 mutations (FUZZ_SUMMARY=1 prints them; FUZZ_MESSAGES=1 prints
// every message), about 1.7 s:
//   network   (3,889): rejected E_JSON 1,738; accepted and predicting finite numbers 2,149;
//                      accepted, then predict refused E_DATA 2 (a weight or gamma of ±1e308 overflows
//                      to Infinity inside the network: predict throws rather than return NaN)
//   optimizer (2,111): rejected E_JSON 1,713; accepted and training to finite predictions 361;
//                      accepted, training stopped E_JSON 31 (state of the wrong length for a
//                      parameter, refused before any weight changes) or E_DIVERGED 6 (huge moments)
//   failures: 0 (no untyped error, no NaN or Infinity returned, no message past 2,000 characters)
import { describe, expect, it } from "vitest";
import {
  Adam,
  BatchNorm,
  Dense,
  Dropout,
  Momentum,
  Network,
  RMSprop,
  Softmax,
  TinyNNError,
  exponentialDecay,
  oneHot,
  optimizerFromJSON,
  seededRandom,
  type NetworkJSON,
  type Random,
} from "tinynn";

const SEED = 11;
const MUTATIONS = 6000;
const CODES = ["E_SHAPE", "E_DATA", "E_CONFIG", "E_JSON", "E_DIVERGED", "E_LIMIT"];
const X = [
  [0, 0, 1],
  [0, 1, 1],
  [1, 0, 1],
  [1, 1, 1],
];
const FIXED_INPUT = [
  [0.5, -1, 2],
  [0, 0, 0],
  [1, 1, 1],
];
/** A 10 MB string: it must never end up whole in a message. */
const LONG = "x".repeat(10_000_000);

/** The saved networks the mutations start from, each with its optimizer's state. */
function savedNetworks(): { name: string; json: NetworkJSON; y: number[][] }[] {
  const a = new Network({
    layers: [
      new Dense({ inputSize: 3, outputSize: 5, activation: "tanh" }),
      new BatchNorm({ size: 5, momentum: 0.8 }),
      new Dropout({ size: 5, rate: 0.25 }),
      new Dense({ inputSize: 5, outputSize: 4, activation: "relu", bias: false }),
      new Dense({ inputSize: 4, outputSize: 3, activation: "identity" }),
      new Softmax({ size: 3 }),
    ],
    seed: 1,
  });
  const yA = oneHot([0, 1, 2, 1], 3);
  const adam = new Adam({ alpha: 0.05 });
  a.train(X, yA, { iterations: 6, loss: "crossEntropy", optimizer: adam, batchSize: 2 });

  const b = new Network({ layers: [3, 4, 2], activation: "sigmoid", outputActivation: "leakyRelu", bias: false, seed: 2 });
  const yB = [[0, 1], [1, 0], [1, 0], [0, 1]];
  const momentum = new Momentum({ alpha: 0.3, beta: 0.8, nesterov: true });
  b.train(X, yB, { iterations: 5, optimizer: momentum });

  const c = new Network({ layers: [3, 3, 1], activation: "tanh", seed: 3 });
  const yC = [[0], [1], [1], [0]];
  const rms = new RMSprop({ alpha: exponentialDecay({ alpha: 0.05, rate: 0.9 }) });
  c.train(X, yC, { iterations: 4, optimizer: rms });

  return [
    { name: "dense+batchNorm+dropout+softmax, adam", json: JSON.parse(JSON.stringify(a.toJSON({ optimizer: adam }))), y: yA },
    { name: "sigmoid/leakyRelu without bias, momentum", json: JSON.parse(JSON.stringify(b.toJSON({ optimizer: momentum }))), y: yB },
    { name: "tanh with bias, rmsprop with a schedule", json: JSON.parse(JSON.stringify(c.toJSON({ optimizer: rms }))), y: yC },
  ];
}

type Node = Record<string, unknown> | unknown[];

/** Every object and array in `root`, with its path. */
function containers(root: unknown, path = "json"): { node: Node; path: string }[] {
  if (typeof root !== "object" || root === null) return [];
  const out: { node: Node; path: string }[] = [{ node: root as Node, path }];
  for (const key of Object.keys(root)) out.push(...containers((root as Record<string, unknown>)[key], `${path}.${key}`));
  return out;
}

const pick = <T>(random: Random, xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;

/** Values a hostile file may hold in place of anything. */
function hostileValue(random: Random, old: unknown): [string, unknown] {
  const n = typeof old === "number" ? old : 1;
  const choices: [string, () => unknown][] = [
    ["null", () => null],
    ["undefined", () => undefined],
    ['"NaN"', () => "NaN"],
    ["NaN", () => Number.NaN],
    ["Infinity", () => Number.POSITIVE_INFINITY],
    ["-Infinity", () => Number.NEGATIVE_INFINITY],
    ["1e308", () => 1e308],
    ["-1e308", () => -1e308],
    ["1e9", () => 1e9],
    ["2^53", () => 2 ** 53],
    ["1e300", () => 1e300],
    ["-old", () => -n],
    ["-1", () => -1],
    ["0", () => 0],
    ["-0", () => -0],
    ["old+1", () => n + 1],
    ["old-1", () => n - 1],
    ["old*1.5", () => n * 1.5],
    ["5e-324", () => 5e-324],
    ["random in [-3, 3]", () => 6 * random() - 3],
    ["true", () => true],
    ['"3"', () => "3"],
    ['"dense"', () => "dense"],
    ["{}", () => ({})],
    ["[]", () => []],
    ["[1, 2, 3]", () => [1, 2, 3]],
    ["long string", () => LONG],
    ["nested object", () => ({ a: { b: { c: [{ d: LONG.slice(0, 100) }] } } })],
    ["array with holes", () => new Array(Array.isArray(old) ? old.length : 3)],
    ["a function", () => () => 1],
    ["a symbol", () => Symbol("s")],
    ["a bigint", () => 10n],
  ];
  const [label, make] = pick(random, choices);
  return [label, make()];
}

const TYPE_TAGS = ["dense", "batchNorm", "dropout", "softmax", "adam", "momentum", "rmsprop", "adagrad", "gradientDescent", "step", "exponential", "inverseTime", "conv", ""];

/** One random mutation of `root`, in place; returns what it did. */
function mutate(random: Random, root: Record<string, unknown>): string {
  const { node, path } = pick(random, containers(root));
  const keys = Object.keys(node);
  const key = keys.length > 0 ? pick(random, keys) : "0";
  const at = `${path}.${key}`;
  const r = random();
  if (r < 0.12) {
    delete (node as Record<string, unknown>)[key];
    return `delete ${at}`;
  }
  if (r < 0.6) {
    const [label, value] = hostileValue(random, (node as Record<string, unknown>)[key]);
    (node as Record<string, unknown>)[key] = value;
    return `${at} = ${label}`;
  }
  if (r < 0.66 && Array.isArray(node)) {
    const to = Math.floor(random() * node.length);
    node.length = to;
    return `truncate ${path} to ${to}`;
  }
  if (r < 0.72 && Array.isArray(node)) {
    const extra = pick(random, [0.5, null, node[node.length - 1], [0.5]]);
    node.push(extra);
    return `extend ${path} with ${JSON.stringify(extra)}`;
  }
  if (r < 0.76 && Array.isArray(node)) {
    node.length += 2;
    return `holes at the end of ${path}`;
  }
  if (r < 0.82) {
    (node as Record<string, unknown>).type = pick(random, TYPE_TAGS);
    return `${path}.type = ${JSON.stringify((node as Record<string, unknown>).type)}`;
  }
  if (r < 0.86) {
    // an own "__proto__" key, as JSON.parse makes it
    Object.defineProperty(node, "__proto__", { value: { type: "dense", size: 1e9, polluted: true }, enumerable: true, configurable: true, writable: true });
    return `own __proto__ key on ${path}`;
  }
  if (r < 0.89) {
    Object.setPrototypeOf(node, pick(random, [null, { inputSize: 3, outputSize: 1, bias: null, size: 4, rate: 0.5 }, [1, 2, 3]]));
    return `replaced prototype of ${path}`;
  }
  if (r < 0.93) {
    Reflect.set(node, "constructor", pick(random, [{}, 5, null, "x", () => 1]));
    return `own constructor key on ${path}`;
  }
  if (r < 0.96 && Array.isArray(node) && node.length > 1) {
    const i = Math.floor(random() * node.length);
    const j = Math.floor(random() * node.length);
    [node[i], node[j]] = [node[j], node[i]];
    return `swap ${path}[${i}] and [${j}]`;
  }
  (node as Record<string, unknown>)[pick(random, ["extra", "momentum", "bias", "weights", "state", "m", "v", "W9"])] = pick(random, [1, null, [1], { m: [1] }]);
  return `add a key to ${path}`;
}

/** Deep copy of a JSON value. */
const clone = <T>(json: T): T => JSON.parse(JSON.stringify(json)) as T;

function typed(e: unknown): string | undefined {
  if (!(e instanceof TinyNNError)) return undefined;
  if (!CODES.includes(e.code) || e.message.length > 2000 || e.message.length === 0) return undefined;
  return e.code;
}

const allFinite = (rows: number[][]): boolean => rows.every((row) => row.every((v) => typeof v === "number" && Number.isFinite(v)));

describe("fromJSON fuzz", () => {
  it(`${MUTATIONS} seeded mutations of saved networks and optimizer states: typed errors or finite predictions only`, () => {
    const random = seededRandom(SEED);
    const bases = savedNetworks();
    const outcomes: Record<string, number> = {};
    const failures: string[] = [];
    const count = (k: string): void => {
      outcomes[k] = (outcomes[k] ?? 0) + 1;
    };
    // the originals load and predict finite numbers
    for (const base of bases) expect(allFinite(Network.fromJSON(clone(base.json), { seed: 1 }).predict(FIXED_INPUT))).toBe(true);

    for (let m = 0; m < MUTATIONS; m++) {
      const base = pick(random, bases);
      const json = clone(base.json) as unknown as Record<string, unknown>;
      const onOptimizer = random() < 0.35;
      const target = onOptimizer ? (json.optimizer as Record<string, unknown>) : json;
      const steps = 1 + Math.floor(random() * random() * 3);
      const did: string[] = [];
      for (let s = 0; s < steps; s++) did.push(mutate(random, target));
      const report = (what: string): void => {
        failures.push(`#${m} ${base.name} ${onOptimizer ? "optimizer" : "network"}: ${did.join("; ")} -> ${what}`);
      };

      if (!onOptimizer) {
        let net: Network;
        try {
          net = Network.fromJSON(json, { seed: 1 });
        } catch (e) {
          const code = typed(e);
          if (code === undefined) report(`untyped ${String(e)}`.slice(0, 300));
          else count(`network rejected ${code}`);
          if (process.env.FUZZ_MESSAGES === "1") process.stdout.write(`MSG ${did.join("; ")} => ${(e as Error).message.slice(0, 200)}\n`);
          continue;
        }
        try {
          const out = net.predict(FIXED_INPUT);
          if (allFinite(out)) count("network accepted, finite predictions");
          else report(`accepted, predicts ${JSON.stringify(out)}`);
        } catch (e) {
          const code = typed(e);
          if (code === undefined) report(`predict threw ${String(e)}`.slice(0, 300));
          else count(`network accepted, predict refused ${code}`);
        }
        continue;
      }

      let optimizer: ReturnType<typeof optimizerFromJSON>;
      try {
        optimizer = optimizerFromJSON(target);
      } catch (e) {
        const code = typed(e);
        if (code === undefined) report(`untyped ${String(e)}`.slice(0, 300));
        else count(`optimizer rejected ${code}`);
        if (process.env.FUZZ_MESSAGES === "1") process.stdout.write(`MSG ${did.join("; ")} => ${(e as Error).message.slice(0, 200)}\n`);
        continue;
      }
      const net = Network.fromJSON(clone(base.json), { seed: 1 });
      const before = JSON.stringify(net.toJSON());
      try {
        net.train(X, base.y, { iterations: 2, optimizer, ...(base.y[0]!.length === 3 ? { loss: "crossEntropy" } : {}) });
        const out = net.predict(FIXED_INPUT);
        if (allFinite(out)) count("optimizer accepted, trains to finite predictions");
        else report(`optimizer accepted, training left predictions ${JSON.stringify(out)}`);
      } catch (e) {
        const code = typed(e);
        if (code === undefined) report(`training threw ${String(e)}`.slice(0, 300));
        else count(`optimizer accepted, training stopped ${code}`);
        // a saved state that does not fit the network is refused before any weight changes
        if (code === "E_JSON" && JSON.stringify(net.toJSON()) !== before) report(`training stopped ${code} but changed the network`);
        if (process.env.FUZZ_MESSAGES === "1") process.stdout.write(`MSG ${did.join("; ")} => ${(e as Error).message.slice(0, 200)}\n`);
      }
    }

    const summary = Object.entries(outcomes)
      .sort()
      .map(([k, v]) => `${k}: ${v}`)
      .join("\n");
    expect(failures.slice(0, 20), `${failures.length} failures of ${MUTATIONS}; outcomes:\n${summary}`).toEqual([]);
    expect(Object.values(outcomes).reduce((a, b) => a + b, 0)).toBe(MUTATIONS);
    process.env.FUZZ_SUMMARY === "1" && process.stdout.write(`fromJSON fuzz outcomes (seed ${SEED}):\n${summary}\n`);
  });
});
