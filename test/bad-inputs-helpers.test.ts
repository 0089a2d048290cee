// Bad inputs to the helpers, the lab and the plots, as a hostile user would try them: each call
// must throw a typed TinyNNError with its stable code, naming the argument, before any work (a
// ceiling throws instead of hanging or allocating). Then the valid edge cases these checks touch,
// with values worked out by hand.
import ndarray from "ndarray";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  accuracy,
  argmaxRows,
  checkGradients,
  ConfigError,
  DataError,
  DirectionChanges,
  errorSurface,
  errorSurfaceSvg,
  formatFloat,
  formatMatrix,
  LargestWeight,
  LimitError,
  Network,
  numpyRandom,
  oneHot,
  progressReporter,
  ShapeError,
  sparkline,
  sweep,
  sweepCurvesSvg,
  terminalCurve,
  TinyNNError,
  trace,
  trainingCurveSvg,
  TrainingError,
  UpdateSizes,
  type Activation,
  type ErrorSurface,
} from "../src/index.js";
import { assertClose, assertFits, assertGradients, compareMatrices, TinyNNAssertionError, tinynnMatchers } from "../src/testing/index.js";

const X = [[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]];
const Y = [[0], [1], [1], [0]];
const X2 = [[0, 1], [1, 0]];
const Y2 = [[0], [1]];
const net = (): Network => new Network({ layers: [3, 4, 1], bias: false, random: numpyRandom(1) });
const net2 = (): Network => new Network({ layers: [2, 1], bias: false, random: numpyRandom(1) });
const history = { loss: [3, 2, 1], meanAbsoluteError: [0.5, 0.4, 0.3] };
const runs = [{ label: "a", summary: { history } }];
const axes = { x: { parameter: "W0", row: 0, steps: 3 }, y: { parameter: "W0", row: 1, steps: 3 } };
const surface = (): ErrorSurface => errorSurface(net2(), X2, Y2, axes);
const nanDerivative: Activation = { name: "nanDerivative", apply: (x) => x, derivative: () => Number.NaN };
const HUGE = "x".repeat(10_000_000);
const never = <T>(v: unknown): T => v as T;

type ErrorClass = new (...args: never[]) => TinyNNError;
/** [what is tried, the call, the error class, its code, what the message must name] */
type Case = [string, () => unknown, ErrorClass, string, RegExp];

const cases: Case[] = [
  // oneHot
  ["oneHot(null)", () => oneHot(never(null)), DataError, "E_DATA", /^labels must be a non-empty array/],
  ["oneHot([])", () => oneHot([]), DataError, "E_DATA", /^labels must be a non-empty array/],
  ["oneHot with a hole", () => oneHot(never([0, , 1])), DataError, "E_DATA", /^labels\[1\] must be an integer >= 0, got undefined/],
  ["oneHot fractional label", () => oneHot([1.5]), DataError, "E_DATA", /^labels\[0\] must be an integer >= 0, got 1.5/],
  ["oneHot negative label", () => oneHot([-1]), DataError, "E_DATA", /^labels\[0\].*got -1/],
  ["oneHot NaN label", () => oneHot([Number.NaN]), DataError, "E_DATA", /^labels\[0\].*got NaN/],
  ["oneHot string label", () => oneHot(never(["1"])), DataError, "E_DATA", /^labels\[0\].*got "1"/],
  ["oneHot label >= classes", () => oneHot([0, 3], 3), DataError, "E_DATA", /^labels\[1\] must be an integer in \[0, 3\), got 3/],
  ["oneHot fractional classes", () => oneHot([0], 1.5), ConfigError, "E_CONFIG", /^classes must be an integer >= 1, got 1.5/],
  ["oneHot string classes", () => oneHot([0], never("3")), ConfigError, "E_CONFIG", /^classes must be an integer >= 1, got "3"/],
  ["oneHot 200,000 distinct labels", () => oneHot(Array.from({ length: 200_000 }, (_, i) => i)), LimitError, "E_LIMIT", /oneHot of 200000 labels x 200000 classes .*memoryBudget/],
  ["oneHot 1e9 classes", () => oneHot([0], 1e9), LimitError, "E_LIMIT", /1 labels x 1000000000 classes/],
  ["oneHot label 1e9", () => oneHot([1e9]), LimitError, "E_LIMIT", /1000000001 classes/],
  ["oneHot budget too small", () => oneHot([1], 2, { memoryBudget: 15 }), LimitError, "E_LIMIT", /memory budget of 15 bytes/],
  ["oneHot option typo", () => oneHot([1], 2, never({ memoryBudgt: 1 })), ConfigError, "E_CONFIG", /Unknown oneHot option "memoryBudgt"; known options: memoryBudget/],
  ["oneHot options null", () => oneHot([1], 2, never(null)), ConfigError, "E_CONFIG", /^oneHot options must be an object/],
  ["oneHot negative budget", () => oneHot([1], 2, { memoryBudget: -1 }), ConfigError, "E_CONFIG", /^memoryBudget must be/],
  // argmaxRows
  ["argmaxRows string value", () => argmaxRows(never([[1, "a"]])), DataError, "E_DATA", /^rows\[0\]\[1\] must be a number, got "a"/],
  ["argmaxRows(null)", () => argmaxRows(never(null)), DataError, "E_DATA", /^rows must be/],
  ["argmaxRows([])", () => argmaxRows([]), DataError, "E_DATA", /^rows must have at least one row/],
  ["argmaxRows([[]])", () => argmaxRows([[]]), DataError, "E_DATA", /^rows\[0\] must have at least one column/],
  ["argmaxRows 1-D", () => argmaxRows(never([1, 2])), DataError, "E_DATA", /^rows must be an array of rows/],
  ["argmaxRows NaN", () => argmaxRows([[Number.NaN, 1]]), DataError, "E_DATA", /^rows\[0\]\[0\] must be finite, got NaN/],
  ["argmaxRows Infinity", () => argmaxRows([[1, Number.POSITIVE_INFINITY]]), DataError, "E_DATA", /^rows\[0\]\[1\] must be finite/],
  ["argmaxRows ragged", () => argmaxRows([[1, 2], [3]]), DataError, "E_DATA", /^rows is ragged/],
  ["argmaxRows [null]", () => argmaxRows(never([null])), DataError, "E_DATA", /rows\[0\] is null/],
  // accuracy
  ["accuracy NaN predictions", () => accuracy([[Number.NaN, Number.NaN]], [0]), DataError, "E_DATA", /^predictions\[0\]\[0\] must be finite, got NaN/],
  ["accuracy label out of range", () => accuracy([[1, 0]], [5]), DataError, "E_DATA", /^labels\[0\] must be a class index, an integer in \[0, 2\).*got 5/],
  ["accuracy negative label", () => accuracy([[1, 0]], [-1]), DataError, "E_DATA", /^labels\[0\].*got -1/],
  ["accuracy fractional label", () => accuracy([[1, 0]], [0.5]), DataError, "E_DATA", /^labels\[0\].*got 0.5/],
  ["accuracy string label", () => accuracy([[1, 0]], never(["0"])), DataError, "E_DATA", /^labels\[0\].*got "0"/],
  ["accuracy 10 MB string label", () => accuracy([[1, 0]], never([HUGE])), DataError, "E_DATA", /^labels\[0\].*\(10000000 characters\)$/],
  ["accuracy one-hot too wide", () => accuracy([[1, 0]], [[1, 0, 0]]), ShapeError, "E_SHAPE", /labels with 2 columns.*got 3/],
  ["accuracy one-hot too narrow", () => accuracy([[1, 0]], [[1]]), ShapeError, "E_SHAPE", /labels with 2 columns.*got 1/],
  ["accuracy one-hot NaN", () => accuracy([[1, 0]], [[Number.NaN, 1]]), DataError, "E_DATA", /^labels\[0\]\[0\] must be finite/],
  ["accuracy one-hot tie", () => accuracy([[1, 0]], [[0.5, 0.5]]), DataError, "E_DATA", /^labels\[0\] must be a one-hot row with a single largest value/],
  ["accuracy all-zero one-hot", () => accuracy([[1, 0]], [[0, 0]]), DataError, "E_DATA", /^labels\[0\] must be a one-hot row/],
  ["accuracy mixed labels", () => accuracy([[1, 0], [0, 1]], never([0, [0, 1]])), DataError, "E_DATA", /^labels\[1\].*got an array of length 2/],
  ["accuracy count mismatch", () => accuracy([[1, 0], [0, 1]], [0]), ShapeError, "E_SHAPE", /predictions and labels must have the same number of rows.*got 2 and 1/],
  ["accuracy(null, [0])", () => accuracy(never(null), [0]), DataError, "E_DATA", /^predictions must be/],
  ["accuracy([[1, 0]], null)", () => accuracy([[1, 0]], never(null)), DataError, "E_DATA", /^labels must be class indices/],
  ["accuracy([], [])", () => accuracy([], []), DataError, "E_DATA", /^predictions must have at least one row/],
  ["accuracy one column", () => accuracy([[0.8]], [0]), ShapeError, "E_SHAPE", /^predictions must have at least 2 columns.*got 1/],
  ["accuracy ragged predictions", () => accuracy([[1, 0], [1]], [0, 0]), DataError, "E_DATA", /^predictions is ragged/],
  ["accuracy(string, string)", () => accuracy(never("ab"), never("ab")), DataError, "E_DATA", /^predictions must be/],
  // formatFloat, formatMatrix
  ["formatFloat(undefined)", () => formatFloat(never(undefined)), DataError, "E_DATA", /^x must be a number, got undefined/],
  ["formatFloat(null)", () => formatFloat(never(null)), DataError, "E_DATA", /^x must be a number, got null/],
  ["formatFloat('1')", () => formatFloat(never("1")), DataError, "E_DATA", /^x must be a number, got "1"/],
  ["formatFloat(1n)", () => formatFloat(never(1n)), DataError, "E_DATA", /^x must be a number, got bigint/],
  ["formatFloat(10 MB string)", () => formatFloat(never(HUGE)), DataError, "E_DATA", /^x must be a number, got "x{60}"\.\.\. \(10000000 characters\)$/],
  ["formatMatrix(null)", () => formatMatrix(never(null)), DataError, "E_DATA", /^m must be a Matrix/],
  ["formatMatrix({})", () => formatMatrix(never({})), DataError, "E_DATA", /^m must be a Matrix/],
  ["formatMatrix({ data: 1 })", () => formatMatrix(never({ data: 1 })), DataError, "E_DATA", /^m must be a Matrix/],
  ["formatMatrix string in a row", () => formatMatrix(never([[1, "a"]])), DataError, "E_DATA", /^m\[0\]\[1\] must be a number .*got "a"/],
  ["formatMatrix string in 1-D", () => formatMatrix(never([1, "a"])), DataError, "E_DATA", /^m\[1\] must be a number/],
  ["formatMatrix ragged", () => formatMatrix([[1, 2], [3]]), DataError, "E_DATA", /^m is ragged/],
  ["formatMatrix row then number", () => formatMatrix(never([[1], 2])), DataError, "E_DATA", /^m\[1\] must be a row of numbers/],
  ["formatMatrix 3-D", () => formatMatrix(never([[[1]]])), DataError, "E_DATA", /^m\[0\]\[0\] must be a number .*1-D and 2-D/],
  ["formatMatrix 3-D ndarray", () => formatMatrix(never(ndarray(new Float64Array(8), [2, 2, 2]))), DataError, "E_DATA", /^m.shape must be one or two integers/],
  ["formatMatrix ndarray of strings", () => formatMatrix(never({ shape: [1, 1], get: () => "a" })), DataError, "E_DATA", /^m\[0\]\[0\] must be a number/],
  ["formatMatrix ndarray shape 1e9 x 1e9", () => formatMatrix(never({ shape: [1e9, 1e9], get: () => 1 })), DataError, "E_DATA", /^m has shape \[1000000000, 1000000000\]/],
  // compareMatrices, assertClose, assertFits, assertGradients, matchers
  ["compareMatrices options null", () => compareMatrices([[1]], [[1]], never(null)), ConfigError, "E_CONFIG", /^compareMatrices options must be an object/],
  ["compareMatrices option typo", () => compareMatrices([[1]], [[1]], never({ absolut: 1 })), ConfigError, "E_CONFIG", /Unknown compareMatrices option "absolut"; known options: absolute, relative, name/],
  ["compareMatrices numeric name", () => compareMatrices([[1]], [[1]], never({ name: 5 })), ConfigError, "E_CONFIG", /^name must be a string, got 5/],
  ["compareMatrices negative tolerance", () => compareMatrices([[1]], [[1]], { absolute: -1 }), ConfigError, "E_CONFIG", /^absolute must be a finite number >= 0, got -1/],
  ["compareMatrices NaN relative", () => compareMatrices([[1]], [[1]], { relative: Number.NaN }), ConfigError, "E_CONFIG", /^relative must be/],
  ["compareMatrices hole", () => compareMatrices(never([1, , 3]), [1, 2, 3]), DataError, "E_DATA", /^actual\[1\] must be a number, got undefined/],
  ["compareMatrices ragged", () => compareMatrices([[1, 2], [3]], [[1, 2], [3]]), DataError, "E_DATA", /^actual is ragged/],
  ["compareMatrices string", () => compareMatrices(never([["a"]]), [[1]]), DataError, "E_DATA", /^actual\[0\]\[0\] must be a number, got "a"/],
  ["compareMatrices named string", () => compareMatrices([[1]], never([[null]]), { name: "syn0" }), DataError, "E_DATA", /^expected\[0\]\[0\] must be a number, got null/],
  ["compareMatrices(null, ...)", () => compareMatrices(null, [[1]]), DataError, "E_DATA", /^actual must be a number, number\[\], number\[\]\[\] or a 2-D ndarray, got null/],
  ["compareMatrices({}, ...)", () => compareMatrices({}, [[1]]), DataError, "E_DATA", /^actual must be .*got an object/],
  ["compareMatrices 3-D ndarray", () => compareMatrices(ndarray(new Float64Array(8), [2, 2, 2]), [[1]]), DataError, "E_DATA", /^actual.shape must be two integers/],
  ["assertClose option typo", () => assertClose([[1]], [[1]], never({ tolerance: 1 })), ConfigError, "E_CONFIG", /Unknown compareMatrices option "tolerance"/],
  ["assertFits({})", () => assertFits(never({}), X, Y), ConfigError, "E_CONFIG", /^assertFits' network must be a Network.*got an object/],
  ["assertFits(null)", () => assertFits(never(null), X, Y), ConfigError, "E_CONFIG", /^assertFits' network must be a Network.*got null/],
  ["assertFits y of the wrong length", () => assertFits(net(), X, [[0], [1]]), ShapeError, "E_SHAPE", /^X and y must have the same number of rows/],
  ["assertFits y of the wrong width", () => assertFits(net(), X, [[0, 1], [1, 1], [1, 1], [0, 1]]), ShapeError, "E_SHAPE", /y with 1 columns/],
  ["assertFits NaN in y", () => assertFits(net(), X, [[Number.NaN], [1], [1], [0]]), DataError, "E_DATA", /^y\[0\]\[0\] must be finite/],
  ["assertFits options null", () => assertFits(net(), X, Y, never(null)), ConfigError, "E_CONFIG", /^assertFits options must be an object/],
  ["assertFits option typo", () => assertFits(net(), X, Y, never({ tolerence: 1 })), ConfigError, "E_CONFIG", /Unknown assertFits option "tolerence"; known options: tolerance/],
  ["assertFits negative tolerance", () => assertFits(net(), X, Y, { tolerance: -1 }), ConfigError, "E_CONFIG", /^tolerance must be a finite number >= 0/],
  ["assertGradients options null", () => assertGradients(net(), X, Y, never(null)), ConfigError, "E_CONFIG", /^assertGradients options must be an object/],
  ["assertGradients option typo", () => assertGradients(net(), X, Y, never({ epsilom: 1 })), ConfigError, "E_CONFIG", /Unknown assertGradients option "epsilom"/],
  ["assertGradients({})", () => assertGradients(never({}), X, Y), ConfigError, "E_CONFIG", /^checkGradients' network must be a Network/],
  ["toFit on a non-network", () => tinynnMatchers.toFit(never({}), X, Y), ConfigError, "E_CONFIG", /network must be a Network/],
  ["toBeCloseToMatrix tolerance null", () => tinynnMatchers.toBeCloseToMatrix([[1]], [[1]], never(null)), ConfigError, "E_CONFIG", /^toBeCloseToMatrix's tolerance must be a number or/],
  ["toBeCloseToMatrix tolerance string", () => tinynnMatchers.toBeCloseToMatrix([[1]], [[1]], never("x")), ConfigError, "E_CONFIG", /tolerance must be a number or .*got "x"/],
  ["toBeCloseToMatrix tolerance typo", () => tinynnMatchers.toBeCloseToMatrix([[1]], [[1]], never({ absolut: 1 })), ConfigError, "E_CONFIG", /Unknown compareMatrices option "absolut"/],
  // checkGradients
  ["checkGradients({})", () => checkGradients(never({}), X, Y), ConfigError, "E_CONFIG", /^checkGradients' network must be a Network.*got an object/],
  ["checkGradients(null)", () => checkGradients(never(null), X, Y), ConfigError, "E_CONFIG", /^checkGradients' network must be a Network.*got null/],
  ["checkGradients option typo", () => checkGradients(net(), X, Y, never({ epsilom: 1 })), ConfigError, "E_CONFIG", /Unknown checkGradients option "epsilom"; known options: loss, epsilon, floor/],
  ["checkGradients options 5", () => checkGradients(net(), X, Y, never(5)), ConfigError, "E_CONFIG", /^checkGradients options must be an object/],
  ["checkGradients epsilon 0", () => checkGradients(net(), X, Y, { epsilon: 0 }), ConfigError, "E_CONFIG", /^epsilon must be a finite number > 0, got 0/],
  ["checkGradients unknown loss", () => checkGradients(net(), X, Y, { loss: never("nope") }), ConfigError, "E_CONFIG", /Unknown loss "nope"/],
  [
    "checkGradients NaN derivative",
    () => checkGradients(new Network({ layers: [3, 1], activation: nanDerivative, random: numpyRandom(1) }), X, Y),
    TrainingError,
    "E_DIVERGED",
    /backprop's gradient of W0\[0\]\[0\] is NaN/,
  ],
  ["checkGradients epsilon overflow", () => checkGradients(new Network({ layers: [3, 1], activation: "identity", random: numpyRandom(1) }), X, Y, { epsilon: 1e300 }), TrainingError, "E_DIVERGED", /W0\[0\]\[0\] moved by ±1e\+300 \(epsilon\) is Infinity; use a smaller epsilon/],
  ["checkGradients X of the wrong width", () => checkGradients(net(), [[1, 2]], [[1]]), ShapeError, "E_SHAPE", /X with 3 columns/],
  // trace
  ["trace(null)", () => trace(never(null), X, Y), ConfigError, "E_CONFIG", /^trace's network must be a Network.*got null/],
  ["trace({})", () => trace(never({}), X, Y), ConfigError, "E_CONFIG", /^trace's network must be a Network.*got an object/],
  ["trace option typo", () => trace(net(), X, Y, never({ alpah: 1 })), ConfigError, "E_CONFIG", /Unknown trace option "alpah"; known options: alpha, optimizer, loss, apply, step/],
  ["trace options []", () => trace(net(), X, Y, never([])), ConfigError, "E_CONFIG", /^trace options must be an object/],
  ["trace step 1e300", () => trace(net(), X, Y, { step: 1e300 }), ConfigError, "E_CONFIG", /^step must be below 2\^53/],
  ["trace step 0.5", () => trace(net(), X, Y, { step: 0.5 }), ConfigError, "E_CONFIG", /^step must be an integer >= 0, got 0.5/],
  ["trace apply 'yes'", () => trace(net(), X, Y, never({ apply: "yes" })), ConfigError, "E_CONFIG", /^apply must be true or false, got "yes"/],
  [
    "trace step overflowing a weight",
    () => trace(new Network({ layers: [1, 1], activation: "identity", bias: false, random: numpyRandom(1) }), [[1]], [[1e5]], { alpha: 1e306, apply: true }),
    TrainingError,
    "E_DIVERGED",
    /the step made W0 -?Infinity; try a smaller alpha than 1e\+306/,
  ],
  // errorSurface
  ["errorSurface({})", () => errorSurface(never({}), X2, Y2, axes), ConfigError, "E_CONFIG", /^errorSurface's network must be a Network/],
  ["errorSurface options null", () => errorSurface(net2(), X2, Y2, never(null)), ConfigError, "E_CONFIG", /^errorSurface options must be an object/],
  ["errorSurface option typo", () => errorSurface(net2(), X2, Y2, never({ ...axes, metirc: "loss" })), ConfigError, "E_CONFIG", /Unknown errorSurface option "metirc"; known options: x, y, metric, loss/],
  ["errorSurface axis typo", () => errorSurface(net2(), X2, Y2, never({ x: { parameter: "W0", step: 3 }, y: axes.y })), ConfigError, "E_CONFIG", /Unknown errorSurface x option "step"; known options: parameter, row, col, from, to, steps/],
  ["errorSurface 1e9 steps", () => errorSurface(net2(), X2, Y2, { x: { parameter: "W0", steps: 1e9 }, y: axes.y }), LimitError, "E_LIMIT", /^x.steps × y.steps must be at most 1000000, got 3000000000/],
  ["errorSurface 1001 x 1001", () => errorSurface(net2(), X2, Y2, { x: { parameter: "W0", steps: 1001 }, y: { parameter: "W0", row: 1, steps: 1001 } }), LimitError, "E_LIMIT", /^x.steps × y.steps must be at most 1000000/],
  ["errorSurface steps 1.5", () => errorSurface(net2(), X2, Y2, { x: { parameter: "W0", steps: 1.5 }, y: axes.y }), ConfigError, "E_CONFIG", /^x.steps must be an integer >= 2, got 1.5/],
  ["errorSurface from/to overflow", () => errorSurface(net2(), X2, Y2, { x: { parameter: "W0", from: -1e308, to: 1e308 }, y: axes.y }), ConfigError, "E_CONFIG", /^x.from and x.to must be two different finite numbers/],
  ["errorSurface string from", () => errorSurface(net2(), X2, Y2, { x: { parameter: "W0", from: never("0") }, y: axes.y }), ConfigError, "E_CONFIG", /^x.from and x.to must be .*got "0" and 10/],
  ["errorSurface NaN in X", () => errorSurface(net2(), [[Number.NaN, 1]], Y2, axes), DataError, "E_DATA", /^X\[0\]\[0\] must be finite/],
  ["errorSurface unknown loss", () => errorSurface(net2(), X2, Y2, { ...axes, loss: never("nope") }), ConfigError, "E_CONFIG", /Unknown loss "nope"/],
  [
    "errorSurface overflowing grid",
    () => errorSurface(new Network({ layers: [2, 1], activation: "relu", bias: false, random: numpyRandom(1) }), [[1e150, 1]], [[0]], { x: { parameter: "W0", steps: 3, from: 1e7, to: 1e8 }, y: axes.y }),
    ConfigError,
    "E_CONFIG",
    /the loss at W0\[0\]\[0\] = 10000000, W0\[1\]\[0\] = -10 is not finite \(the output or its loss overflows\); narrow x.from\/x.to or y.from\/y.to/,
  ],
  [
    "errorSurface overflowing output",
    () => errorSurface(new Network({ layers: [2, 1], activation: "relu", bias: false, random: numpyRandom(1) }), [[1e300, 1]], [[0]], { x: { parameter: "W0", steps: 3, from: 1e9, to: 1e10 }, y: axes.y }),
    ConfigError,
    "E_CONFIG",
    /the loss at W0\[0\]\[0\] = 1000000000, W0\[1\]\[0\] = -10 is not finite \(the output or its loss overflows\); narrow x.from\/x.to/,
  ],
  // sweep
  ["sweep option typo", () => sweep(X, Y, never({ network: { layers: [3, 4, 1] }, grid: { alpha: [1] }, trian: {} })), ConfigError, "E_CONFIG", /Unknown sweep option "trian"; known options: network, train, grid, seed, random, monitors/],
  ["sweep random 5", () => sweep(X, Y, never({ network: { layers: [3, 4, 1] }, grid: { alpha: [1] }, random: 5 })), ConfigError, "E_CONFIG", /^sweep options.random must be a function/],
  ["sweep monitors 5", () => sweep(X, Y, never({ network: { layers: [3, 4, 1] }, grid: { alpha: [1] }, monitors: 5 })), ConfigError, "E_CONFIG", /^sweep options.monitors must be a function/],
  ["sweep monitors returning 5", () => sweep(X, Y, never({ network: { layers: [3, 4, 1] }, grid: { alpha: [1] }, monitors: () => 5 })), ConfigError, "E_CONFIG", /^sweep options.monitors must return an array/],
  ["sweep train null", () => sweep(X, Y, never({ network: { layers: [3, 4, 1] }, grid: { alpha: [1] }, train: null })), ConfigError, "E_CONFIG", /^sweep options.train must be training options/],
  ["sweep grid as array", () => sweep(X, Y, never({ network: { layers: [3, 4, 1] }, grid: [[1]] })), ConfigError, "E_CONFIG", /^sweep options.grid must be an object/],
  ["sweep grid of 1e12 runs", () => sweep(X, Y, never({ network: { layers: [3, 4, 1] }, grid: Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`k${i}`, Array(10).fill(1)])) })), LimitError, "E_LIMIT", /the sweep's runs .* must be at most 10000, got 1000000000000/],
  ["sweep network.seed", () => sweep(X, Y, never({ network: { layers: [3, 4, 1], seed: 5 }, grid: { alpha: [1] } })), ConfigError, "E_CONFIG", /^sweep options.network must not have seed/],
  ["sweep seed and random", () => sweep(X, Y, { network: { layers: [3, 4, 1] }, grid: { alpha: [1] }, seed: 2, random: () => numpyRandom(2) }), ConfigError, "E_CONFIG", /^sweep takes seed or random, not both/],
  ["sweep seed 'x'", () => sweep(X, Y, never({ network: { layers: [3, 4, 1] }, grid: { alpha: [1] }, seed: "x" })), ConfigError, "E_CONFIG", /^seed must be/],
  ["sweep hiddenSize 'a'", () => sweep(X, Y, never({ network: { layers: [3, 4, 1] }, grid: { hiddenSize: ["a"] } })), ConfigError, "E_CONFIG", /^layers\[1\] must be an integer >= 1, got "a"/],
  ["sweep NaN in X", () => sweep([[Number.NaN, 0, 1]], [[0]], { network: { layers: [3, 4, 1] }, grid: { alpha: [1] } }), DataError, "E_DATA", /^X\[0\]\[0\] must be finite/],
  // progressReporter
  ["progressReporter stream {}", () => progressReporter(never({})), ConfigError, "E_CONFIG", /^stream must have a write\(text\) method/],
  ["progressReporter options null", () => progressReporter({ write() {} }, never(null)), ConfigError, "E_CONFIG", /^progressReporter options must be an object/],
  ["progressReporter option typo", () => progressReporter({ write() {} }, never({ iteration: 5 })), ConfigError, "E_CONFIG", /Unknown progressReporter option "iteration"; known options: iterations, label, now/],
  ["progressReporter now 5", () => progressReporter({ write() {} }, never({ now: 5 })), ConfigError, "E_CONFIG", /^now must be a function/],
  ["progressReporter iterations 0", () => progressReporter({ write() {} }, { iterations: 0 }), ConfigError, "E_CONFIG", /^iterations must be an integer >= 1, got 0/],
  ["progress callback given {}", () => progressReporter({ write() {} })(never({})), ConfigError, "E_CONFIG", /^progress must be \{ iteration, loss, meanAbsoluteError \}/],
  // trainingCurveSvg
  ["trainingCurveSvg(null)", () => trainingCurveSvg(never(null)), ConfigError, "E_CONFIG", /^history must be a TrainingSummary/],
  ["trainingCurveSvg string in history", () => trainingCurveSvg(never({ loss: ["a"], meanAbsoluteError: [1] })), DataError, "E_DATA", /^history's loss\[0\] must be a number, got "a"/],
  ["trainingCurveSvg hole in history", () => trainingCurveSvg(never({ loss: [1], meanAbsoluteError: [1, , 2] })), DataError, "E_DATA", /^history's meanAbsoluteError\[1\] must be a number, got undefined/],
  ["trainingCurveSvg width 1e9", () => trainingCurveSvg(history, { width: 1e9 }), LimitError, "E_LIMIT", /^width must be at most 10000, got 1000000000/],
  ["trainingCurveSvg height 1e9", () => trainingCurveSvg(history, { height: 1e9 }), LimitError, "E_LIMIT", /^height must be at most 10000/],
  ["trainingCurveSvg width 10", () => trainingCurveSvg(history, { width: 10 }), ConfigError, "E_CONFIG", /^width must be a number of pixels >= 50, got 10/],
  ["trainingCurveSvg width 60", () => trainingCurveSvg(history, { width: 60 }), ConfigError, "E_CONFIG", /^width must be at least 110 pixels \(the axes take 90\), got 60/],
  ["trainingCurveSvg width '600'", () => trainingCurveSvg(history, { width: never("600") }), ConfigError, "E_CONFIG", /^width must be a number of pixels >= 50, got "600"/],
  ["trainingCurveSvg option typo", () => trainingCurveSvg(history, never({ widht: 100 })), ConfigError, "E_CONFIG", /Unknown trainingCurveSvg option "widht"; known options: width, height/],
  ["trainingCurveSvg series 'loss'", () => trainingCurveSvg(history, never({ series: "loss" })), ConfigError, "E_CONFIG", /^series must be a non-empty array/],
  ["trainingCurveSvg series []", () => trainingCurveSvg(history, { series: [] }), ConfigError, "E_CONFIG", /^series must be a non-empty array/],
  ["trainingCurveSvg title 5", () => trainingCurveSvg(history, never({ title: 5 })), ConfigError, "E_CONFIG", /^title must be a string, got 5/],
  ["trainingCurveSvg log 'yes'", () => trainingCurveSvg(history, never({ log: "yes" })), ConfigError, "E_CONFIG", /^log must be true or false, got "yes"/],
  // sweepCurvesSvg
  ["sweepCurvesSvg([])", () => sweepCurvesSvg([]), ConfigError, "E_CONFIG", /^runs must be a non-empty array/],
  ["sweepCurvesSvg null summary", () => sweepCurvesSvg(never([{ label: "a", summary: null }])), ConfigError, "E_CONFIG", /^runs\[0\].summary must be a TrainingSummary/],
  ["sweepCurvesSvg option typo", () => sweepCurvesSvg(runs, never({ layot: "overlay" })), ConfigError, "E_CONFIG", /Unknown sweepCurvesSvg option "layot"/],
  ["sweepCurvesSvg panels too narrow", () => sweepCurvesSvg([...runs, ...runs], { width: 150 }), ConfigError, "E_CONFIG", /^width \/ 2 panels per row must be at least 96 pixels.*got 75/],
  ["sweepCurvesSvg overlay with a long label", () => sweepCurvesSvg([{ label: "x".repeat(200), summary: { history } }], { layout: "overlay" }), ConfigError, "E_CONFIG", /^width must be at least 1552 pixels \(the axes and the legend of these labels take 1532\), got 640/],
  ["sweepCurvesSvg width 1e9", () => sweepCurvesSvg(runs, { width: 1e9 }), LimitError, "E_LIMIT", /^width must be at most 10000/],
  ["sweepCurvesSvg 200 panels", () => sweepCurvesSvg(Array(200).fill(runs[0]), { columns: 1 }), LimitError, "E_LIMIT", /^the image's height \(200 rows of panels × height\) must be at most 10000, got 48000/],
  ["sweepCurvesSvg columns 0", () => sweepCurvesSvg(runs, { columns: 0 }), ConfigError, "E_CONFIG", /^columns must be an integer >= 1, got 0/],
  // errorSurfaceSvg
  ["errorSurfaceSvg({})", () => errorSurfaceSvg(never({})), ConfigError, "E_CONFIG", /^surface must be an ErrorSurface/],
  ["errorSurfaceSvg 1e7 contours", () => errorSurfaceSvg(surface(), { contours: 1e7 }), LimitError, "E_LIMIT", /^contours must be at most 1000, got 10000000/],
  ["errorSurfaceSvg 1001 contour levels", () => errorSurfaceSvg(surface(), { contours: Array(1001).fill(0.5) }), LimitError, "E_LIMIT", /^contours.length must be at most 1000/],
  ["errorSurfaceSvg width 1e9", () => errorSurfaceSvg(surface(), { width: 1e9 }), LimitError, "E_LIMIT", /^width must be at most 10000/],
  ["errorSurfaceSvg width 60", () => errorSurfaceSvg(surface(), { width: 60 }), ConfigError, "E_CONFIG", /^width must be at least 180 pixels \(the axes and colour bar take 160\)/],
  ["errorSurfaceSvg option typo", () => errorSurfaceSvg(surface(), never({ countours: 5 })), ConfigError, "E_CONFIG", /Unknown errorSurfaceSvg option "countours"/],
  ["errorSurfaceSvg values of the wrong size", () => errorSurfaceSvg({ ...surface(), values: [[1]] }), DataError, "E_DATA", /^surface.values must have ys.length \(3\) rows, got 1/],
  ["errorSurfaceSvg string in xs", () => errorSurfaceSvg(never({ ...surface(), xs: ["a", "b", "c"] })), DataError, "E_DATA", /^surface.xs\[0\] must be a finite number, got "a"/],
  ["errorSurfaceSvg xs not monotonic", () => errorSurfaceSvg({ ...surface(), xs: [0, 2, 1] }), DataError, "E_DATA", /^surface.xs must be strictly increasing or decreasing/],
  ["errorSurfaceSvg no min", () => errorSurfaceSvg(never({ ...surface(), min: undefined })), DataError, "E_DATA", /^surface.min must be a point/],
  ["errorSurfaceSvg no xLabel", () => errorSurfaceSvg(never({ ...surface(), xLabel: undefined })), ConfigError, "E_CONFIG", /^surface.xLabel must be a string/],
  ["errorSurfaceSvg huge grid", () => errorSurfaceSvg(never({ ...surface(), xs: Array.from({ length: 2000 }, (_, i) => i), ys: Array.from({ length: 1000 }, (_, i) => i) })), LimitError, "E_LIMIT", /^surface.xs.length × surface.ys.length must be at most 1000000, got 2000000/],
  ["errorSurfaceSvg path [5]", () => errorSurfaceSvg(surface(), never({ path: [5] })), ConfigError, "E_CONFIG", /^path\[0\] must be an \[x, y\] pair of finite numbers, got 5/],
  ["errorSurfaceSvg path 'x'", () => errorSurfaceSvg(surface(), never({ path: "x" })), ConfigError, "E_CONFIG", /^path must be an array/],
  ["errorSurfaceSvg log with no positive value", () => errorSurfaceSvg({ ...surface(), values: [[0, 0, 0], [0, 0, 0], [0, 0, 0]] }, { log: true }), DataError, "E_DATA", /^surface.values has no value > 0/],
  // sparkline, terminalCurve
  ["sparkline(null)", () => sparkline(never(null)), ConfigError, "E_CONFIG", /^values must be an array of numbers/],
  ["sparkline hole", () => sparkline(never([1, , 3])), DataError, "E_DATA", /^values\[1\] must be a finite number, got undefined/],
  ["sparkline NaN", () => sparkline([1, Number.NaN, 3]), DataError, "E_DATA", /^values\[1\] must be a finite number, got NaN/],
  ["sparkline Infinity", () => sparkline([Number.POSITIVE_INFINITY, 1]), DataError, "E_DATA", /^values\[0\] must be a finite number, got Infinity/],
  ["sparkline option typo", () => sparkline([1, 2], never({ widht: 3 })), ConfigError, "E_CONFIG", /Unknown sparkline option "widht"; known options: width, height, log, metric/],
  ["sparkline width 1e9", () => sparkline([1, 2], { width: 1e9 }), LimitError, "E_LIMIT", /^width must be at most 10000/],
  ["sparkline log 1", () => sparkline([1, 2], never({ log: 1 })), ConfigError, "E_CONFIG", /^log must be true or false, got 1/],
  ["terminalCurve height 1e5", () => terminalCurve(history, { height: 1e5 }), LimitError, "E_LIMIT", /^height must be at most 10000, got 100000/],
  ["terminalCurve string in history", () => terminalCurve(never({ loss: [1], meanAbsoluteError: ["a"] })), DataError, "E_DATA", /^history's meanAbsoluteError\[0\] must be a number/],
  ["terminalCurve option typo", () => terminalCurve(history, never({ metirc: "loss" })), ConfigError, "E_CONFIG", /Unknown terminalCurve option "metirc"/],
  // monitors
  ["LargestWeight(null)", () => new LargestWeight(never(null)), ConfigError, "E_CONFIG", /^LargestWeight options must be an object/],
  ["LargestWeight option typo", () => new LargestWeight(never({ evry: 5 })), ConfigError, "E_CONFIG", /Unknown LargestWeight option "evry"; known options: every, includeBiases/],
  ["LargestWeight every 0", () => new LargestWeight({ every: 0 }), ConfigError, "E_CONFIG", /^every must be an integer >= 1, got 0/],
  ["UpdateSizes(null)", () => new UpdateSizes(never(null)), ConfigError, "E_CONFIG", /^UpdateSizes options must be an object/],
  ["UpdateSizes includeBiases 'yes'", () => new UpdateSizes(never({ includeBiases: "yes" })), ConfigError, "E_CONFIG", /^includeBiases must be true or false, got "yes"/],
  ["DirectionChanges with an option", () => new DirectionChanges(never({ every: 5 })), ConfigError, "E_CONFIG", /^DirectionChanges takes no options, got option "every"/],
  [
    "DirectionChanges moved to a network of other shapes",
    () => {
      const changes = new DirectionChanges();
      net().train(X, Y, { iterations: 3, monitors: [changes] });
      new Network({ layers: [3, 5, 1], bias: false, random: numpyRandom(1) }).train(X, Y, { iterations: 3, monitors: [changes] });
    },
    ShapeError,
    "E_SHAPE",
    /^DirectionChanges has counted W0 as 3x4, but this run's W0 is 3x5: use a new DirectionChanges for each network/,
  ],
];

describe("bad inputs to the helpers, the lab and the plots", () => {
  const printing: ReturnType<typeof vi.spyOn>[] = [];
  beforeAll(() => {
    for (const m of ["log", "info", "warn", "error", "debug"] as const) printing.push(vi.spyOn(console, m));
    printing.push(vi.spyOn(process.stdout, "write"), vi.spyOn(process.stderr, "write"));
  });
  afterAll(() => {
    for (const spy of printing) spy.mockRestore();
  });

  it.each(cases)("%s", (_what, call, errorClass, code, names) => {
    let thrown: unknown;
    try {
      call();
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(errorClass);
    expect((thrown as TinyNNError).code).toBe(code);
    expect((thrown as Error).message).toMatch(names);
    expect((thrown as Error).message.length).toBeLessThan(400);
  });

  it("wrote nothing to the console while throwing", () => {
    // the tests run in a worker; the reporter writes from the main process, so these spies see only the calls
    for (const spy of printing) expect(spy).not.toHaveBeenCalled();
  });

  it("has a catalogue of every kind", () => {
    expect(cases.length).toBeGreaterThanOrEqual(180);
    expect(new Set(cases.map((c) => c[0])).size).toBe(cases.length);
  });
});

describe("valid edge cases, worked out by hand", () => {
  it("accuracy counts argmax hits, with indices, one-hot rows or ndarrays", () => {
    const P = [[0.2, 0.5, 0.3], [0.9, 0.05, 0.05], [0.1, 0.1, 0.8], [0.3, 0.6, 0.1]];
    // argmax: 1, 0, 2, 1 against 1, 0, 1, 1: three hits of four
    expect(accuracy(P, [1, 0, 1, 1])).toBe(0.75);
    expect(accuracy(P, oneHot([1, 0, 1, 1], 3))).toBe(0.75);
    expect(accuracy(ndarray(new Float64Array(P.flat()), [4, 3]), [1, 0, 2, 1])).toBe(1);
    // ties in a prediction take the first column: [0.5, 0.5] is class 0
    expect(accuracy([[0.5, 0.5], [0.5, 0.5]], [0, 1])).toBe(0.5);
    const labels = [1, 0, 1, 1];
    accuracy(P, labels);
    expect(labels).toEqual([1, 0, 1, 1]);
    expect(P[0]).toEqual([0.2, 0.5, 0.3]);
  });

  it("argmaxRows takes the first of equal values, and ndarrays", () => {
    expect(argmaxRows([[1, 1, 0], [0, 2, 2], [-3, -1, -2]])).toEqual([0, 1, 1]);
    expect(argmaxRows(ndarray(new Float64Array([0, 1, 5, 2]), [2, 2]))).toEqual([1, 0]);
  });

  it("oneHot sizes its rows from the labels, within a memory budget that can be raised", () => {
    expect(oneHot([1, 0, 2])).toEqual([[0, 1, 0], [1, 0, 0], [0, 0, 1]]);
    expect(oneHot([0, 1], 2, { memoryBudget: 32 })).toEqual([[1, 0], [0, 1]]); // 2 x 2 x 8 bytes, exactly the budget
    expect(() => oneHot([0, 1], 2, { memoryBudget: 31 })).toThrow(LimitError);
    const labels = [2, 0];
    oneHot(labels, 3);
    expect(labels).toEqual([2, 0]);
  });

  it("formatMatrix prints empty arrays, NaN and infinities as numpy 1.13 does", () => {
    expect(formatMatrix([])).toBe("[]");
    expect(formatMatrix([[]])).toBe("[]");
    expect(formatMatrix([[], []])).toBe("[]");
    expect(formatMatrix({ shape: [0, 3], dimension: 2, get: () => 0 })).toBe("[]");
    // numpy: str(np.array([[nan, 1.], [0.5, inf]])) and str(np.array([0.25, -1.]))
    expect(formatMatrix([[Number.NaN, 1], [0.5, Number.POSITIVE_INFINITY]])).toBe("[[ nan  1. ]\n [ 0.5  inf]]");
    expect(formatMatrix([0.25, -1])).toBe("[ 0.25 -1.  ]");
    expect(formatMatrix(ndarray(new Float64Array([0.25, -1]), [2]))).toBe("[ 0.25 -1.  ]");
    expect(formatFloat(Number.NaN)).toBe("nan");
    expect(formatFloat(Number.NEGATIVE_INFINITY)).toBe("-inf");
  });

  it("compareMatrices counts every element of differently shaped matrices as mismatched, never NaN", () => {
    const c = compareMatrices([[1, 2, 3]], [[1], [2]]);
    expect(c).toEqual({ pass: false, message: "actual has shape [1 x 3] but expected has shape [2 x 1]", mismatches: 3, worst: undefined });
    const inf = compareMatrices([[Number.POSITIVE_INFINITY, 1]], [[Number.POSITIVE_INFINITY, 1]]);
    expect(inf.pass).toBe(true);
    expect(inf.worst?.difference).toBe(0);
    // an infinite expected value is not matched by a finite one, even with a relative tolerance
    expect(compareMatrices([[5]], [[Number.POSITIVE_INFINITY]], { relative: 0.1 }).pass).toBe(false);
    // a NaN inside an ndarray is compared (a mismatch), not refused
    expect(compareMatrices({ shape: [1, 1], dimension: 2, get: () => Number.NaN }, [[1]]).mismatches).toBe(1);
    // names are cut like quoted values
    expect(compareMatrices([[1]], [[2]], { name: HUGE }).message.length).toBeLessThan(300);
    expect(() => assertClose([[1, 2]], [[1]])).toThrow(TinyNNAssertionError);
  });

  it("trace leaves the network as it was when a step overflows, even with apply", () => {
    const n = new Network({ layers: [1, 1], activation: "identity", bias: false, random: numpyRandom(1) });
    const before = n.weights();
    expect(() => trace(n, [[1]], [[1e5]], { alpha: 1e306, apply: true })).toThrow(TrainingError);
    expect(n.weights()).toEqual(before);
  });

  it("checkGradients leaves the network as it was when it throws", () => {
    const n = new Network({ layers: [3, 1], activation: nanDerivative, random: numpyRandom(1) });
    const before = n.weights();
    expect(() => checkGradients(n, X, Y)).toThrow(TrainingError);
    expect(n.weights()).toEqual(before);
  });

  it("errorSurface from a high to a low value draws on increasing axes", () => {
    const s = errorSurface(net2(), X2, Y2, { x: { parameter: "W0", from: 10, to: -10, steps: 5 }, y: { parameter: "W0", row: 1, steps: 5 } });
    expect(s.xs).toEqual([10, 5, 0, -5, -10]);
    expect(s.values.flat().every(Number.isFinite)).toBe(true);
    const svg = errorSurfaceSvg(s);
    expect(svg).not.toMatch(/(width|height)="-/);
    expect(svg).toContain(">-10<");
    expect(svg).toContain(">10<");
  });

  it("sweep checks every run before training the first, and reports a finite loss for a diverged run", () => {
    let updates = 0;
    expect(() =>
      sweep(X, Y, {
        network: { layers: [3, 4, 1] },
        train: { iterations: 5 },
        grid: { alpha: [1, -1] },
        monitors: () => [{ afterUpdate: () => void updates++ }],
      }),
    ).toThrow(/alpha must be a finite number > 0, got -1/);
    expect(updates).toBe(0);
    const results = sweep([[1], [2]], [[1], [2]], { network: { layers: [1, 1], activation: "identity" }, train: { iterations: 2000 }, grid: { alpha: [0.01, 1e6] } });
    expect(results[1]!.error?.code).toBe("E_DIVERGED");
    expect(Number.isFinite(results[1]!.summary.loss)).toBe(true);
    expect(Number.isFinite(results[1]!.summary.meanAbsoluteError)).toBe(true);
    expect(results[1]!.network.weights().flat(2).every(Number.isFinite)).toBe(true);
  });

  it("UpdateSizes and LargestWeight follow a monitor moved to a network of other sizes", () => {
    const sizes = new UpdateSizes();
    const largest = new LargestWeight();
    const a = new Network({ layers: [2, 3, 1], bias: false, random: numpyRandom(1) });
    const b = new Network({ layers: [3, 4, 1], bias: false, random: numpyRandom(1) }); // same count of parameters, other sizes
    a.train(X2, Y2, { iterations: 1, monitors: [sizes, largest] });
    b.train(X, Y, { iterations: 1, monitors: [sizes, largest] });
    expect(sizes.history.step).toEqual([0, 0]);
    expect(sizes.history.maxAbs.every((v) => Number.isFinite(v) && v > 0)).toBe(true);
    expect(Object.keys(largest.byParameter())).toEqual(["W0", "W1"]);
    expect(largest.largest).toBe(Math.max(...b.weights().flat(2).map(Math.abs)));
  });
});
