// Validation series in trainingCurveSvg and terminalCurve: where they come from, where they are
// drawn (pixel coordinates of hand-made histories), how they look, and the options' errors. The
// histories are plain objects of TrainingHistory's shape, as train records them.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, DataError, terminalCurve, trainingCurveSvg, type TrainingHistory } from "../../src/index.js";

const count = (s: string, needle: string): number => s.split(needle).length - 1;

/** The `d` of every path with this stroke colour, in order. */
const pathsOf = (svg: string, stroke: string): string[] =>
  [...svg.matchAll(new RegExp(`<path d="([^"]+)" fill="none" stroke="${stroke}"`, "g"))].map((m) => m[1]!);

/** The legend's labels, in order (the only 11px texts without a fill). */
const legendOf = (svg: string): string[] => [...svg.matchAll(/<text x="[\d.]+" y="[\d.]+" font-size="11">([^<]+)<\/text>/g)].map((m) => m[1]!);

const BLUE = "#1f77b4"; // first training line
const ORANGE = "#ff7f0e"; // second training line
const RED = "#d62728"; // first validation line
const GREEN = "#2ca02c"; // second validation line

// the second @example of trainingCurveSvg
const recorded: TrainingHistory = {
  loss: [0.7, 0.6, 0.5, 0.45, 0.4],
  meanAbsoluteError: [0.5, 0.45, 0.4, 0.35, 0.3],
  metrics: { iterations: [0, 2, 4], training: { accuracy: [0.5, 0.75, 1] }, validation: { loss: [0.7, 0.55, 0.5], accuracy: [0.25, 0.5, 0.75] } },
};

// 11 iterations; early stopping checked every 2: after iterations 1, 3, 5, 7, 9
const early: TrainingHistory = {
  loss: [1, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1, 0],
  meanAbsoluteError: [0.5, 0.45, 0.4, 0.35, 0.3, 0.25, 0.2, 0.15, 0.1, 0.05, 0],
  validationLoss: [0.9, 0.8, 0.6, 0.7, 0.8],
};
// 290 x 166 pixels: the frame is x 70..270, y 16..116
const small = { width: 290, height: 166 } as const;

describe("trainingCurveSvg with validation", () => {
  it("draws a recorded metric and its validation values (trainingCurveSvg's second example)", () => {
    const svg = trainingCurveSvg(recorded, { series: ["accuracy"], ...small });
    // x = 70 + 50 iteration, y = 116 - 100 accuracy (the y axis runs 0 .. 1)
    expect(svg.includes('<path d="M70 66L170 41L270 16" fill="none" stroke="#1f77b4" stroke-width="1.5" stroke-linejoin="round"/>')).toBe(true);
    expect(
      svg.includes('<path d="M70 91L170 66L270 41" fill="none" stroke="#d62728" stroke-width="1.5" stroke-linejoin="round" stroke-dasharray="6 3"/>'),
    ).toBe(true);
    expect(svg.includes(">training</text>") && svg.includes(">validation</text>")).toBe(true);
    expect(() => trainingCurveSvg(recorded, { series: ["acuracy"] })).toThrow(
      new ConfigError('series "acuracy" is not in this history; it has "loss", "meanAbsoluteError", "accuracy"'),
    );
    // a marker on each of the 3 + 3 points and on the 2 legend samples: filled for training, white for validation
    expect(count(svg, '<circle cx="')).toBe(8);
    expect(svg).toContain('<circle cx="170" cy="41" r="2.5" fill="#1f77b4" stroke="#1f77b4" stroke-width="1.2"/>');
    expect(svg).toContain('<circle cx="170" cy="66" r="2.5" fill="white" stroke="#d62728" stroke-width="1.2"/>');
    expect(legendOf(svg)).toEqual(["training", "validation"]);
    // the legend samples: solid blue, dashed red
    expect(svg).toContain('<line x1="140" y1="80" x2="160" y2="80" stroke="#1f77b4" stroke-width="2"/>');
    expect(svg).toContain('<line x1="140" y1="96" x2="160" y2="96" stroke="#d62728" stroke-width="2" stroke-dasharray="6 3"/>');
    expect(svg).toContain('text-anchor="middle" transform="translate(22 66) rotate(-90)">accuracy</text>'); // the y axis names the metric
  });

  it("places early stopping's validationLoss after iterations every-1, 2 every-1, ...", () => {
    const svg = trainingCurveSvg(early, { series: ["loss"], ...small });
    // x = 70 + 20 iteration, y = 116 - 100 loss: checks after iterations 1, 3, 5, 7, 9
    expect(pathsOf(svg, BLUE)).toEqual(["M70 16L90 26L110 36L130 46L150 56L170 66L190 76L210 86L230 96L250 106L270 116"]);
    expect(pathsOf(svg, RED)).toEqual(["M90 26L130 36L170 56L210 46L250 36"]);
    expect(legendOf(svg)).toEqual(["training", "validation"]);
    // every: 2 given is the same; 3 would make 3 checks, not 5
    expect(trainingCurveSvg(early, { series: ["loss"], ...small, earlyStoppingEvery: 2 })).toBe(svg);
    expect(() => trainingCurveSvg(early, { earlyStoppingEvery: 3 })).toThrow(
      new ConfigError("earlyStoppingEvery 3 does not fit the history: 11 iterations make 3 checks, but history.validationLoss has 5"),
    );
    // a run that lossBelow stopped after iteration 9 skipped that check: 4 checks over 10 iterations, every 2 given
    const stopped = { loss: early.loss.slice(0, 10), meanAbsoluteError: early.meanAbsoluteError.slice(0, 10), validationLoss: [0.9, 0.8, 0.6, 0.7] };
    const x = (it: number): string => String(Math.round((70 + (200 * it) / 9) * 100) / 100);
    expect(pathsOf(trainingCurveSvg(stopped, { series: ["loss"], ...small, earlyStoppingEvery: 2 }), RED)[0]).toMatch(
      new RegExp(`^M${x(1)} [\\d.]+L${x(3)} [\\d.]+L${x(5)} [\\d.]+L${x(7)} [\\d.]+$`),
    );
    // inferred, the same history reads as every 10 / 4 = 2 too
    expect(trainingCurveSvg(stopped, { series: ["loss"], ...small })).toBe(trainingCurveSvg(stopped, { series: ["loss"], ...small, earlyStoppingEvery: 2 }));
  });

  it("prefers metrics.validation.loss to early stopping's validationLoss", () => {
    const both: TrainingHistory = { ...early, metrics: { iterations: [0, 10], training: {}, validation: { loss: [1, 0.5] } } };
    expect(pathsOf(trainingCurveSvg(both, { series: ["loss"], ...small }), RED)).toEqual(["M70 16L270 66"]);
  });

  it("draws both default series with their validation lines: colours, dashes, legend order", () => {
    const h: TrainingHistory = {
      ...recorded,
      metrics: { ...recorded.metrics!, validation: { ...recorded.metrics!.validation, meanAbsoluteError: [0.6, 0.5, 0.4] } },
    };
    const svg = trainingCurveSvg(h, small);
    expect(pathsOf(svg, BLUE)).toHaveLength(1); // training loss, as without validation
    expect(pathsOf(svg, ORANGE)).toHaveLength(1); // training mean |error|
    // y = 116 - 100 v / 0.7 (the axis runs 0 .. 0.7, the largest value)
    expect(pathsOf(svg, RED)).toEqual(["M70 16L170 37.43L270 44.57"]); // validation loss
    expect(pathsOf(svg, GREEN)).toEqual(["M70 30.29L170 44.57L270 58.86"]); // validation mean |error|
    expect(count(svg, 'stroke-dasharray="6 3"')).toBe(4); // two lines, two legend samples
    expect(legendOf(svg)).toEqual(["training loss", "validation loss", "training mean |error|", "validation mean |error|"]);
    // the legend is as wide as its longest label
    expect(svg).toMatch(/<rect x="[\d.]+" y="[\d.]+" width="183" height="70" fill="white"/);
    // early stopping's validation loss, without validation mean |error|: three lines
    expect(legendOf(trainingCurveSvg(early))).toEqual(["training loss", "validation loss", "training mean |error|"]);
  });

  it("keeps a history without validation values drawn as before, and validation: false draws none", () => {
    const plain: TrainingHistory = { loss: early.loss, meanAbsoluteError: early.meanAbsoluteError };
    const before = trainingCurveSvg(plain, { log: true, title: "t" });
    expect(trainingCurveSvg({ ...plain, validationLoss: [] }, { log: true, title: "t" })).toBe(before);
    expect(trainingCurveSvg({ ...plain, metrics: { iterations: [0, 10], training: { accuracy: [0, 1] } } }, { log: true, title: "t" })).toBe(before);
    expect(trainingCurveSvg(early, { log: true, title: "t", validation: false })).toBe(before);
    expect(trainingCurveSvg(recorded, { series: ["loss"], validation: false })).toBe(trainingCurveSvg({ loss: recorded.loss, meanAbsoluteError: [] }, { series: ["loss"] }));
    expect(count(trainingCurveSvg(recorded, { series: ["accuracy"], validation: false }), "stroke-dasharray")).toBe(0);
  });

  it("places sparse points on a log iteration axis at log10(iteration + 1)", () => {
    const h: TrainingHistory = { loss: Array(10).fill(0.5), meanAbsoluteError: [], metrics: { iterations: [0, 3, 9], training: {}, validation: { loss: [1, 0.5, 0] } } };
    // the axis runs over iteration + 1 = 1 .. 10: x = 70 + 200 log10(iteration + 1)
    const x3 = Math.round((70 + 200 * Math.log10(4)) * 100) / 100;
    expect(pathsOf(trainingCurveSvg(h, { series: ["loss"], logIterations: true, ...small }), RED)).toEqual([`M70 16L${x3} 66L270 116`]);
    // a log value axis leaves out the 0 (a gap, as in training lines)
    expect(pathsOf(trainingCurveSvg(h, { series: ["loss"], logIterations: true, log: true, ...small }), RED)[0]).toMatch(new RegExp(`^M70 [\\d.]+L${x3} [\\d.]+$`));
  });

  it("breaks a line at NaN, and reduces a long record to each pixel column's extremes", () => {
    const gap: TrainingHistory = { loss: [1, 1, 1, 1, 1], meanAbsoluteError: [], metrics: { iterations: [0, 1, 2, 3, 4], training: {}, validation: { loss: [1, 0.5, Number.NaN, 0.5, 0] } } };
    expect(pathsOf(trainingCurveSvg(gap, { series: ["loss"], ...small }), RED)).toEqual(["M70 16L120 66M220 66L270 116"]);

    const n = 60000;
    const iterations = Array.from({ length: n }, (_, i) => i);
    const values = iterations.map((i) => Math.sin(i / 50) + (i === 31234 ? -3 : 0));
    const long: TrainingHistory = { loss: values, meanAbsoluteError: [], metrics: { iterations, training: {}, validation: { loss: values } } };
    const svg = trainingCurveSvg(long, { series: ["loss"] });
    const d = pathsOf(svg, RED)[0]!;
    const points = d.split(/[ML]/).filter(Boolean).map((p) => p.split(" ").map(Number) as [number, number]);
    expect(points.length).toBeLessThanOrEqual(4 * 551); // a 550-pixel frame: first, lowest, highest and last of each column
    expect(points.length).toBeGreaterThan(550);
    expect(points[0]![0]).toBe(70);
    expect(points.at(-1)![0]).toBe(620);
    expect(Math.max(...points.map((p) => p[1]))).toBe(350); // the spike at iteration 31234 is the bottom of the frame (16 + 334)
    expect(count(svg, "<circle")).toBe(0); // too many points to mark
  });

  it("puts the legend in the corner that hides least of the lines", () => {
    // rising accuracy fills the top right corner: the legend goes to the bottom right
    const svg = trainingCurveSvg(recorded, { series: ["accuracy"] });
    expect(svg).toContain('<rect x="484" y="308" width="130" height="38" fill="white"');
    // falling loss leaves the top right corner free
    expect(trainingCurveSvg(early, { series: ["loss"] })).toContain('<rect x="484" y="20" width="130" height="38" fill="white"');
  });

  it("plots a metric only the validation data has", () => {
    const h: TrainingHistory = { loss: [1, 0.5], meanAbsoluteError: [1, 0.5], metrics: { iterations: [0, 1], training: {}, validation: { f1: [0.25, 0.75] } } };
    const svg = trainingCurveSvg(h, { series: ["f1"], ...small });
    expect(pathsOf(svg, RED)).toEqual(["M70 82.67L270 16"]); // y = 116 - 100 f1 / 0.75
    expect(legendOf(svg)).toEqual(["validation"]);
  });

  it("refuses bad options and malformed records with typed errors", () => {
    const bad = (options: object, history: TrainingHistory = recorded) => () => trainingCurveSvg(history, options as never);
    expect(bad({ validation: "yes" })).toThrow(new ConfigError('validation must be true or false, got "yes"'));
    expect(bad({ validaton: false })).toThrow(/^Unknown trainingCurveSvg option "validaton"; known options: width, height, log, logIterations, series, title, validation, earlyStoppingEvery$/);
    expect(bad({ earlyStoppingEvery: 0 }, early)).toThrow(new ConfigError("earlyStoppingEvery must be an integer >= 1, got 0"));
    expect(bad({ earlyStoppingEvery: 1.5 }, early)).toThrow(ConfigError);
    expect(bad({ series: [5] })).toThrow(new ConfigError('each series must be a metric name like "loss", "meanAbsoluteError" or one the history records, got 5'));
    expect(bad({ validation: true }, { loss: [1], meanAbsoluteError: [1] })).toThrow(
      new ConfigError('validation is true, but this history has no validation values of "loss", "meanAbsoluteError" (train with validation, validationSplit or earlyStopping.validation, or leave validation out)'),
    );
    expect(bad({ series: ["accuracy"] }, { loss: [1], meanAbsoluteError: [1] })).toThrow(
      new ConfigError('series "accuracy" is not in this history; it has "loss", "meanAbsoluteError" (train with metrics to record more)'),
    );
    const withMetrics = (metrics: unknown): TrainingHistory => ({ loss: [1, 1, 1], meanAbsoluteError: [1, 1, 1], metrics: metrics as never });
    expect(bad({}, withMetrics([1]))).toThrow(/^history.metrics must be \{ iterations: number\[\], training/);
    expect(bad({}, withMetrics({ iterations: [0, 2, 1], training: {} }))).toThrow(new DataError("history.metrics.iterations[2] must be an integer > 2, got 1"));
    expect(bad({}, withMetrics({ iterations: [0, 2], training: {}, validation: { loss: [1] } }))).toThrow(
      new DataError("history.metrics.validation.loss must have one value per history.metrics.iterations entry (2), got 1"),
    );
    expect(bad({ series: ["accuracy"] }, withMetrics({ iterations: [0, 2], training: { accuracy: [1, "a"] } }))).toThrow(
      new DataError('history.metrics.training.accuracy[1] must be a number, got "a"'),
    );
    expect(bad({}, { loss: [1], meanAbsoluteError: [1], validationLoss: 3 as never })).toThrow(new ConfigError("history.validationLoss must be an array of numbers, got 3"));
    expect(bad({}, { loss: [1], meanAbsoluteError: [1], validationLoss: [1, 2] })).toThrow(
      new DataError("history.validationLoss has 2 checks, more than the history's 1 iterations"),
    );
    // with validation: false, the validation records are not read at all
    expect(bad({ validation: false }, withMetrics([1]))).not.toThrow();
  });
});

describe("terminalCurve with validation", () => {
  it("draws validation values as ◦ with a legend line (terminalCurve's second example)", () => {
    const history: TrainingHistory = { loss: [0.5, 0.4, 0.3, 0.2, 0.1, 0.08], meanAbsoluteError: [0.6, 0.5, 0.4, 0.3, 0.2, 0.1], validationLoss: [0.45, 0.35, 0.3] };
    const text = terminalCurve(history, { metric: "loss", width: 6, height: 5 });
    expect(text.split("\n")).toEqual([
      " 0.5 ┤•◦    ",
      "     │ • ◦  ",
      "     │  •  ◦",
      "     │   •  ",
      "0.08 ┤    ••",
      "     └──────",
      "      0    5",
      "      • training  ◦ validation",
    ]);
    expect(text.split("\n").map((line) => line.trimEnd())).toEqual([
      " 0.5 ┤•◦",
      "     │ • ◦",
      "     │  •  ◦",
      "     │   •",
      "0.08 ┤    ••",
      "     └──────",
      "      0    5",
      "      • training  ◦ validation",
    ]);
    // the mean |error| (the default metric) has no validation values here: the plot of old
    expect(terminalCurve(history, { width: 6, height: 5 })).toBe(terminalCurve({ loss: [], meanAbsoluteError: history.meanAbsoluteError }, { width: 6, height: 5 }));
    expect(terminalCurve(history, { metric: "loss", width: 6, height: 5, validation: false })).toBe(
      terminalCurve({ loss: history.loss, meanAbsoluteError: [] }, { metric: "loss", width: 6, height: 5 }),
    );
  });

  it("draws a recorded metric at its iterations, validation over training", () => {
    expect(terminalCurve(recorded, { metric: "accuracy", width: 5, height: 5 }).split("\n")).toEqual([
      "   1 ┤    •",
      "     │  • ◦",
      "     │     ",
      "     │• ◦  ",
      "0.25 ┤◦    ",
      "     └─────",
      "      0   4",
      "      • training  ◦ validation",
    ]);
    // where both fall in one cell, the validation glyph shows
    const same: TrainingHistory = { loss: [], meanAbsoluteError: [], metrics: { iterations: [0, 1], training: { a: [1, 0.5] }, validation: { a: [1, 0.75] } } };
    expect(terminalCurve(same, { metric: "a", width: 2, height: 3 }).split("\n")).toEqual([
      "  1 ┤◦ ",
      "    │ ◦",
      "0.5 ┤ •",
      "    └──",
      "     01",
      "     • training  ◦ validation",
    ]);
    // 1000 iterations in 10 columns of 100: iterations 0, 500, 999 in columns 0, 5, 9
    const wide: TrainingHistory = { loss: [], meanAbsoluteError: [], metrics: { iterations: [0, 500, 999], training: { a: [1, 2, 3] } } };
    expect(terminalCurve(wide, { metric: "a", width: 10, height: 3 }).split("\n")).toEqual([
      "3 ┤         •",
      "  │     •    ",
      "1 ┤•         ",
      "  └──────────",
      "   0      999",
    ]);
  });

  it("refuses what it cannot draw", () => {
    expect(() => terminalCurve(recorded, { metric: "acuracy" })).toThrow(
      new ConfigError('metric "acuracy" is not in this history; it has "loss", "meanAbsoluteError", "accuracy"'),
    );
    expect(() => terminalCurve(recorded, { metric: 1 as never })).toThrow(new ConfigError('metric must be a metric name like "loss", "meanAbsoluteError" or one the history records, got 1'));
    expect(() => terminalCurve({ loss: [1], meanAbsoluteError: [1] }, { validation: true })).toThrow(/^validation is true, but this history has no validation values of "meanAbsoluteError"/);
    expect(() => terminalCurve(recorded, { validation: 1 as never })).toThrow(new ConfigError("validation must be true or false, got 1"));
    expect(() => terminalCurve(recorded, { validaton: true } as never)).toThrow(/^Unknown terminalCurve option "validaton"/);
    const nan: TrainingHistory = { loss: [1, 1], meanAbsoluteError: [], validationLoss: [Number.NaN] };
    expect(() => terminalCurve(nan, { metric: "loss" })).toThrow(new DataError("history.validationLoss[0] must be a finite number, got NaN"));
  });
});

describe("examples/lab/plots.ts", () => {
  it("writes the committed docs/images SVGs, and the validation run docs/lab.md describes", () => {
    const dir = mkdtempSync(join(tmpdir(), "tinynn-plots-test-"));
    try {
      const out = execFileSync(process.execPath, ["--import", "tsx", "examples/lab/plots.ts", dir], { encoding: "utf8" });
      expect(out).toContain("validation loss: lowest 0.423 after iteration 200, 1.364 at the end; accuracy at the end: training 0.96, validation 0.76");
      for (const name of ["training-curve-validation", "training-curve-b", "sweep-f-panels", "sweep-f-overlay", "sweep-h-hidden"]) {
        expect(readFileSync(join(dir, `${name}.svg`), "utf8"), name).toBe(readFileSync(`docs/images/${name}.svg`, "utf8"));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
