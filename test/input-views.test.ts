// Inputs may be any 2-D ndarray: with an offset, strided, transposed, of another dtype, or over a
// plain array. Every layer, called directly or through a network (train, predict, evaluate), must
// give the same bits for a view as for a packed copy of the same numbers.
import ndarray from "ndarray";
import { describe, expect, it } from "vitest";
import {
  BatchNorm,
  Dense,
  Dropout,
  fromRows,
  Network,
  seededRandom,
  Softmax,
  toRows,
  type Layer,
  type Matrix,
  type NdArrayLike,
} from "../src/index.js";

const bits = (values: ArrayLike<number>): bigint[] => Array.from(new BigUint64Array(Float64Array.from(values).buffer));

const rows = (n: number, c: number, seed: number): number[][] => {
  const r = seededRandom(seed);
  return Array.from({ length: n }, () => Array.from({ length: c }, () => 4 * r() - 2));
};

/** The same numbers as `m`, as views of several kinds. */
function views(m: number[][]): [string, NdArrayLike][] {
  const n = m.length;
  const c = m[0]!.length;
  const flat = m.flat();
  // an offset: two padding rows first
  const padded = new Float64Array([...new Array<number>(2 * c).fill(99), ...flat]);
  // transposed storage: column-major, read through transpose(1, 0)
  const colMajor = new Float64Array(n * c);
  m.forEach((row, i) => row.forEach((v, j) => (colMajor[j * n + i] = v)));
  // every other row of a twice-as-tall matrix
  const interleaved = new Float64Array(2 * n * c).fill(-7);
  m.forEach((row, i) => interleaved.set(row, 2 * i * c));
  // reversed rows through a negative stride
  const reversed = new Float64Array([...m].reverse().flat());
  return [
    ["offset", ndarray(padded, [n + 2, c]).lo(2, 0)],
    ["transposed", ndarray(colMajor, [c, n]).transpose(1, 0)],
    ["row stride", ndarray(interleaved, [2 * n, c]).step(2, 1)],
    ["negative stride", ndarray(reversed, [n, c]).step(-1, 1)],
    ["plain array storage", ndarray(flat, [n, c])],
  ] as [string, NdArrayLike][];
}

/** Each built-in layer (and the same behind a user layer wrapping it), freshly made with fixed parameters. */
const layerMakers: [string, () => Layer, number][] = [
  [
    "Dense",
    () => {
      const d = new Dense({ inputSize: 3, outputSize: 4, activation: "tanh" });
      d.initialize(seededRandom(1));
      return d;
    },
    3,
  ],
  [
    "BatchNorm",
    () => {
      const b = new BatchNorm({ size: 3 });
      b.gamma.value.data.set([1.5, 0.5, -1]);
      b.runningMean.data.set([0.1, -0.2, 0.3]);
      return b;
    },
    3,
  ],
  [
    "Dropout",
    () => {
      const d = new Dropout({ size: 3, rate: 0.4 });
      d.setRandom(seededRandom(5));
      return d;
    },
    3,
  ],
  ["Softmax", () => new Softmax({ size: 3 }), 3],
];

describe("input views give the same results as packed copies", () => {
  const X = rows(6, 3, 11);
  const packed = fromRows(X);

  for (const [name, make, cols] of layerMakers) {
    for (const training of [false, true]) {
      it(`${name} called directly (training: ${training}): forward and backward`, () => {
        expect(cols).toBe(3);
        const reference = make();
        const out = toRows(reference.forward(packed, training));
        const g = fromRows(rows(6, reference.outputSize, 3));
        const back = toRows(reference.backward(g, true)!);
        const grads = reference.parameters.map((p) => Array.from(p.grad.data));
        for (const [kind, view] of views(X)) {
          const layer = make();
          expect(bits(toRows(layer.forward(view as unknown as Matrix, training)).flat()), kind).toEqual(bits(out.flat()));
          const gView = views(toRows(g))[0]![1] as unknown as Matrix;
          expect(bits(toRows(layer.backward(gView, true)!).flat()), kind).toEqual(bits(back.flat()));
          expect(layer.parameters.map((p) => Array.from(p.grad.data)), kind).toEqual(grads);
        }
      });
    }
  }

  const network = (): Network =>
    new Network({
      layers: [
        new Dense({ inputSize: 3, outputSize: 5, activation: "relu" }),
        new BatchNorm({ size: 5 }),
        new Dropout({ size: 5, rate: 0.2 }),
        new Dense({ inputSize: 5, outputSize: 3, activation: "identity" }),
        new Softmax({ size: 3 }),
      ],
      seed: 4,
    });
  const Y = X.map((_, i) => [i % 3 === 0 ? 1 : 0, i % 3 === 1 ? 1 : 0, i % 3 === 2 ? 1 : 0]);

  it("Network.predict and evaluate", () => {
    const net = network();
    const expected = net.predict(X);
    const loss = net.evaluate(X, Y, "crossEntropy");
    for (const [kind, view] of views(X)) {
      expect(bits(net.predict(view).flat()), kind).toEqual(bits(expected.flat()));
      const [, yView] = views(Y).find(([k]) => k === kind)!;
      expect(net.evaluate(view, yView, "crossEntropy"), kind).toEqual(loss);
    }
  });

  it("Network.train, with mini-batches, dropout and batch statistics", () => {
    const reference = network();
    const s = reference.train(X, Y, { iterations: 20, batchSize: 4, loss: "crossEntropy", alpha: 0.1 });
    for (const [kind, view] of views(X)) {
      const [, yView] = views(Y).find(([k]) => k === kind)!;
      const net = network();
      const t = net.train(view, yView, { iterations: 20, batchSize: 4, loss: "crossEntropy", alpha: 0.1 });
      expect(bits(t.history.loss), kind).toEqual(bits(s.history.loss));
      expect(bits(net.predict(X).flat()), kind).toEqual(bits(reference.predict(X).flat()));
    }
  });

  it("the caller's views and their storage are left as they were", () => {
    const net = network();
    for (const [kind, view] of views(X)) {
      const before = JSON.stringify(view);
      net.train(view, views(Y).find(([k]) => k === kind)![1], { iterations: 2, loss: "crossEntropy" });
      net.predict(view);
      expect(JSON.stringify(view), kind).toBe(before);
    }
  });
});
