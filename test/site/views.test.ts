import { Network } from "tinynn";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { decisionBoundarySvg } from "../../site/src/views/boundary.js";
import { curvesSvg } from "../../site/src/views/curves.js";
import { directionCountsSvg } from "../../site/src/views/directions.js";
import { errorSurfaceViewSvg } from "../../site/src/views/surface.js";
import { weightsHeatmapSvg } from "../../site/src/views/weights.js";

// views run on the page: no console output, no scripts or event handlers in their markup
const consoleSpies: ReturnType<typeof vi.spyOn>[] = [];
beforeEach(() => {
  for (const m of ["log", "warn", "error", "info", "debug"] as const) consoleSpies.push(vi.spyOn(console, m));
});
afterEach(() => {
  for (const s of consoleSpies) expect(s).not.toHaveBeenCalled();
  consoleSpies.splice(0).forEach((s) => s.mockRestore());
});

function checkSafe(svg: string, label: RegExp): void {
  expect(svg.startsWith("<svg")).toBe(true);
  expect(svg.trimEnd().endsWith("</svg>")).toBe(true);
  expect(svg).not.toMatch(/<script/i);
  expect(svg).not.toMatch(/\son[a-z]+\s*=/i);
  expect(svg).not.toMatch(/javascript:/i);
  expect(svg).toMatch(/^<svg[^>]* role="img"/);
  const aria = /^<svg[^>]* aria-label="([^"]*)"/.exec(svg)?.[1];
  expect(aria).toMatch(label);
  expect(svg).toMatch(/^<svg[^>]*>\n<title>[^<]+<\/title>/);
}

/** The `<rect class="cell" ...>` elements: their fill and title. */
function cells(svg: string): { fill: string; title: string; x: number; y: number; size: number }[] {
  return [...svg.matchAll(/<rect class="cell" x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="[\d.]+" fill="(#[0-9a-f]{6})"[^>]*><title>([^<]*)<\/title><\/rect>/g)].map((m) => ({
    x: Number(m[1]),
    y: Number(m[2]),
    size: Number(m[3]),
    fill: m[4]!,
    title: m[5]!,
  }));
}

/** A 2-2-1 network with known weights: W0 = [[1, -2], [0, 4]], b0 = [-4, 2], W1 = [[2], [-1]], b1 = [0]. */
function knownNet(): Network {
  const net = new Network({ layers: [2, 2, 1], seed: 1 });
  net.setWeights([[[1, -2], [0, 4]], [-4, 2], [[2], [-1]], [0]]);
  return net;
}

describe("weightsHeatmapSvg", () => {
  it("draws every weight and bias as a cell coloured by sign and magnitude", () => {
    const svg = weightsHeatmapSvg(knownNet(), { width: 400, height: 260 });
    checkSafe(svg, /^Heat map of 2 weight matrices \(W0 2×2, W1 2×1\) with biases below: blue negative, red positive, full colour at ±4; largest \|weight\| 4$/);
    const c = cells(svg);
    expect(c.map((k) => k.title)).toEqual([
      "W0[0][0] = 1", "W0[0][1] = -2", "W0[1][0] = 0", "W0[1][1] = 4", "b0[0] = -4", "b0[1] = 2",
      "W1[0][0] = 2", "W1[1][0] = -1", "b1[0] = 0",
    ]);
    const fill = Object.fromEntries(c.map((k) => [k.title.split(" ")[0], k.fill]));
    expect(fill["W0[1][1]"]).toBe("#b2182b"); // +scale: full red
    expect(fill["b0[0]"]).toBe("#2166ac"); // -scale: full blue
    expect(fill["W0[1][0]"]).toBe("#f7f7f7"); // 0: the palette's white
    expect(fill["W1[0][0]"]).toBe("#d58891"); // +half: half way from #f7f7f7 to #b2182b
    expect(svg).toContain(">W0 (2×2)</text>");
    expect(svg).toContain(">W1 (2×1)</text>");
    expect(svg).toContain(">b0</text>");
    expect(svg).toContain(">-4</text>"); // the legend's ends
    expect(svg).toContain(">4</text>");
    // the same rows in the same place: W0's row 1 under its row 0
    const w00 = c[0]!;
    const w10 = c[2]!;
    expect(w10.x).toBe(w00.x);
    expect(w10.y).toBeCloseTo(w00.y + w00.size, 1);
  });

  it("leaves biases out when the network has none, and takes a fixed scale", () => {
    const net = new Network({ layers: [3, 4, 1], bias: false, seed: 1 });
    const svg = weightsHeatmapSvg(net, { scale: 10, title: "W" });
    checkSafe(svg, /^Heat map of 2 weight matrices \(W0 3×4, W1 4×1\): .* full colour at ±10;/);
    expect(cells(svg)).toHaveLength(16);
    expect(svg).toContain("<title>W</title>");
    expect(svg).toContain('width="560" height="320" viewBox="0 0 560 320"');
    expect(() => weightsHeatmapSvg(net, { scale: 0 })).toThrow(RangeError);
    expect(() => weightsHeatmapSvg(net, { width: 10 })).toThrow(RangeError);
  });
});

describe("directionCountsSvg", () => {
  it("draws the counts of each matrix as shaded, labelled cells", () => {
    const counts = [[[0, 3], [6, 1]], [[22], [15], [4], [15]]];
    const svg = directionCountsSvg(counts, { width: 500, height: 300 });
    checkSafe(svg, /^Direction changes of 2 weight matrices \(W0 2×2, W1 4×1\): 66 in all, at most 22 for one weight$/);
    const c = cells(svg);
    expect(c).toHaveLength(8);
    expect(c.map((k) => k.title)).toEqual(["W0[0][0] = 0", "W0[0][1] = 3", "W0[1][0] = 6", "W0[1][1] = 1", "W1[0][0] = 22", "W1[1][0] = 15", "W1[2][0] = 4", "W1[3][0] = 15"]);
    expect(c[0]!.fill).toBe("#ffffff");
    expect(c[4]!.fill).toBe("#3f007d");
    expect(svg).toContain(">22</text>");
    expect(svg).toContain(">Direction changes per weight</text>");
  });

  it("takes names, and says when nothing is counted yet", () => {
    const svg = directionCountsSvg([[[1]]], { names: ["W1"] });
    expect(svg).toContain(">W1 (1×1)</text>");
    const empty = directionCountsSvg([]);
    checkSafe(empty, /no weight matrices counted yet/);
    expect(cells(empty)).toHaveLength(0);
    expect(() => directionCountsSvg([[[1]]], { names: [] })).toThrow(RangeError);
  });
});

describe("curvesSvg", () => {
  it("draws loss and mean |error| on a log scale at known pixels", () => {
    // frame: x 70..270 for iterations 0..2, y 16..116 for 1..0.01 (log)
    const svg = curvesSvg({ loss: [1, 0.1, 0.01], meanAbsoluteError: [1, 1, 1] }, { width: 290, height: 166 });
    checkSafe(svg, /^Training curves over 3 iterations on a log scale: loss 1 to 0.01, mean \|error\| 1 to 1$/);
    expect(svg).toContain('<path d="M70 16L170 66L270 116" fill="none" stroke="#1f77b4"');
    expect(svg).toContain('<path d="M70 16L170 16L270 16" fill="none" stroke="#ff7f0e"');
    expect(svg).toContain(">0.01</text>");
    expect(svg).toContain("<title>Training curves</title>");
  });

  it("keeps a long live history to a few points per pixel", () => {
    const n = 20_000;
    const loss = Array.from({ length: n }, (_, i) => 1 / (1 + i) + (i % 2) * 1e-6);
    const svg = curvesSvg({ loss, meanAbsoluteError: loss.map(Math.sqrt) }, { width: 400, height: 200, title: "XOR" });
    checkSafe(svg, /^Training curves over 20000 iterations/);
    const paths = [...svg.matchAll(/<path d="([^"]+)" fill="none" stroke="#(1f77b4|ff7f0e)"/g)];
    expect(paths).toHaveLength(2);
    for (const [, d] of paths) expect(d!.split("L").length).toBeLessThanOrEqual(2 * 310 + 4);
    expect(svg).toContain("<title>XOR</title>");
  });

  it("draws an empty frame with a note before training", () => {
    const svg = curvesSvg({ loss: [], meanAbsoluteError: [] });
    checkSafe(svg, /no iterations yet/);
    expect(svg).toContain(">no training yet</text>");
    expect(() => curvesSvg({ loss: [], meanAbsoluteError: [] }, { height: 50 })).toThrow(RangeError);
  });
});

describe("decisionBoundarySvg", () => {
  // X's points at x1 = -1 (class 0) and x1 = 1 (class 1); the plane from -1.2 to 1.2 and -0.1 to 1.1
  const data = { X: [[-1, 0], [1, 0], [-1, 1], [1, 1]], labels: [0, 1, 0, 1] };
  const BLUE_REGION = "#79add2"; // #1f77b4 at 60% over white
  const ORANGE_REGION = "#ffb26e"; // #ff7f0e at 60% over white

  it("colours the plane by p for one output, merging equal cells, with the points on top", () => {
    const net = new Network({ layers: [2, 1], bias: false, seed: 1 });
    net.setWeights([[[20], [0]]]); // p = sigmoid(20 x1): 0 left of x1 = 0, 1 right of it
    const svg = decisionBoundarySvg(net, data, { width: 300, height: 300, resolution: 4 });
    checkSafe(svg, /^Decision boundary over the plane of x1 and x2: 4 points of 2 classes, 100% classified right$/);
    const rects = [...svg.matchAll(/<rect class="cell" x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)" fill="(#[0-9a-f]{6})"\/>/g)];
    // 4 rows of 4 cells: the two left ones merged (blue, p near 0) and the two right ones (orange)
    expect(rects).toHaveLength(8);
    expect(rects.map((m) => m[5])).toEqual([BLUE_REGION, ORANGE_REGION, BLUE_REGION, ORANGE_REGION, BLUE_REGION, ORANGE_REGION, BLUE_REGION, ORANGE_REGION]);
    expect(rects.slice(0, 2).map((m) => [m[1], m[2], m[3]])).toEqual([["40", "32", "124.5"], ["164", "32", "124.5"]]);
    const points = [...svg.matchAll(/<circle cx="([\d.]+)" cy="([\d.]+)" r="[\d.]+" fill="(#[0-9a-f]{6})"\/>/g)];
    // x = 40 + (x1 + 1.2) / 2.4 * 248, y = 32 + 234 - (x2 + 0.1) / 1.2 * 234
    expect(points.map((m) => [m[1], m[2], m[3]])).toEqual([
      ["60.67", "246.5", "#1f77b4"], ["267.33", "246.5", "#ff7f0e"], ["60.67", "51.5", "#1f77b4"], ["267.33", "51.5", "#ff7f0e"],
    ]);
    expect(svg).toContain("<title>Decision boundary</title>");
  });

  it("colours by the argmax class for several outputs", () => {
    const net = new Network({ layers: [2, 2], bias: false, seed: 1 });
    net.setWeights([[[20, -20], [0, 0]]]); // class 1 left of x1 = 0, class 0 right of it
    const svg = decisionBoundarySvg(net, data, { width: 300, height: 300, resolution: 4 });
    checkSafe(svg, /4 points of 2 classes, 0% classified right$/);
    const fills = [...svg.matchAll(/<rect class="cell" [^>]*fill="(#[0-9a-f]{6})"\/>/g)].map((m) => m[1]);
    expect(fills).toEqual(Array.from({ length: 4 }, () => [ORANGE_REGION, BLUE_REGION]).flat());
  });

  it("draws a note for data that is not planar", () => {
    const net = new Network({ layers: [3, 1], seed: 1 });
    const svg = decisionBoundarySvg(net, { X: [[0, 0, 1]], labels: [0] });
    checkSafe(svg, /^No decision boundary: it needs 2 input columns, and the network has 3 inputs$/);
    expect(svg).not.toContain('class="cell"');
    expect(() => decisionBoundarySvg(net, { X: [], labels: [] }, { resolution: 1 })).toThrow(RangeError);
  });
});

describe("errorSurfaceViewSvg", () => {
  const data = { X: [[1, 0], [0, 1]], y: [[1], [0]] };
  const pick = [{ parameter: "W0", row: 0, col: 0 }, { parameter: "W0", row: 1, col: 0 }] as const;

  it("draws the surface over the picked range with the descent path, leaving the network as it was", () => {
    const net = new Network({ layers: [2, 1], bias: false, seed: 1 });
    net.setWeights([[[1], [2]]]);
    const ranged = [{ ...pick[0], from: -2, to: 2 }, { ...pick[1], from: -2, to: 2 }] as const;
    // frame 64..264 x 16..216: x = 64 + (w + 2) * 50, y = 216 - (w + 2) * 50
    // sse at (1, 2): ((1 - s(1))^2 + s(2)^2) / 2 = 0.424; at (2, -2): (1 - s(2))^2 = 0.0142
    const svg = errorSurfaceViewSvg(net, data, ranged, { width: 360, height: 266, steps: 3, path: [[0, 0], [1, 1]] });
    checkSafe(svg, /^Error surface of loss over W0\[0\]\[0\] \(x\) and W0\[1\]\[0\] \(y\): now 0.424 at \(1, 2\), lowest 0.0142 at \(2, -2\); the descent path of 2 points is drawn$/);
    expect(svg).toContain('<path d="M164 116L214 66" fill="none" stroke="#e4572e"');
    expect(svg).toContain('<circle cx="214" cy="16" r="4.5" fill="black"');
    const cellGroup = /<g shape-rendering="crispEdges">([\s\S]*?)<\/g>/.exec(svg)![1]!;
    expect(cellGroup.match(/<rect /g)).toHaveLength(9);
    expect(svg).toContain("<title>Error surface over W0[0][0] and W0[1][0]</title>");
    expect(net.weights()).toEqual([[[1], [2]]]);
  });

  it("spans the path and the current point by default", () => {
    const net = new Network({ layers: [2, 1], bias: false, seed: 1 });
    net.setWeights([[[1], [2]]]);
    // x from 0 - 2 to 1 + 2, y from 0 - 2 to 2 + 2
    const svg = errorSurfaceViewSvg(net, data, pick, { steps: 6, path: [[0, 0], [1, 1]], metric: "meanAbsoluteError", title: "Error plane" });
    checkSafe(svg, /^Error surface of mean \|error\| over/);
    expect(svg).toContain(">3</text>");
    expect(svg).toContain(">4</text>");
    expect(svg).toContain("<title>Error plane</title>");
    expect(() => errorSurfaceViewSvg(net, data, [{ parameter: "W7" }, pick[1]])).toThrow(/W7/);
  });
});
