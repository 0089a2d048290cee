import { describe, expect, it } from "vitest";
import {
  ConfigError,
  errorSurface,
  errorSurfaceSvg,
  Network,
  numpyRandom,
  sparkline,
  sweepCurvesSvg,
  terminalCurve,
  trainingCurveSvg,
} from "../../src/index.js";
import { decimate, makeScale, niceTicks } from "../../src/plot/axes.js";
import { contourSegments } from "../../src/plot/contours.js";
import { XOR_X, XOR_Y } from "./fixtures.js";

const count = (s: string, needle: string): number => s.split(needle).length - 1;

/** Every element is closed: a cheap well-formedness check without an XML parser. */
function balanced(svg: string): boolean {
  const stack: string[] = [];
  for (const m of svg.matchAll(/<(\/?)([a-z]+)[^>]*?(\/?)>/g)) {
    if (m[3] === "/") continue;
    if (m[1] === "/") {
      if (stack.pop() !== m[2]) return false;
    } else stack.push(m[2]!);
  }
  return stack.length === 0;
}

describe("contourSegments (marching squares)", () => {
  it("finds a straight contour in a linear field exactly", () => {
    const xs = [0, 1, 2, 3];
    const ys = [0, 1, 2];
    const values = ys.map(() => xs.map((x) => x)); // v = x
    const segs = contourSegments(values, xs, ys, 1.25);
    expect(segs).toHaveLength(2);
    for (const [x1, , x2] of segs) {
      expect(x1).toBe(1.25);
      expect(x2).toBe(1.25);
    }
    expect(contourSegments(values, xs, ys, 7)).toEqual([]);
  });

  it("traces a circle: endpoints on the radius, length close to 2πr", () => {
    const n = 81;
    const xs = Array.from({ length: n }, (_, i) => -2 + (4 * i) / (n - 1));
    const values = xs.map((y) => xs.map((x) => x * x + y * y));
    const segs = contourSegments(values, xs, xs, 1);
    let length = 0;
    let worst = 0;
    for (const [x1, y1, x2, y2] of segs) {
      length += Math.hypot(x2 - x1, y2 - y1);
      worst = Math.max(worst, Math.abs(Math.hypot(x1, y1) - 1), Math.abs(Math.hypot(x2, y2) - 1));
    }
    expect(worst).toBeLessThan(1e-3); // linear interpolation of r² over a 0.05 grid
    expect(length).toBeGreaterThan(2 * Math.PI * 0.999);
    expect(length).toBeLessThan(2 * Math.PI);
  });

  it("splits saddles by the centre value", () => {
    // bottom-left and top-right high: centre 0.5 >= 0.4 joins them, cutting off the two low corners
    const high = contourSegments([[1, 0], [0, 1]], [0, 1], [0, 1], 0.4);
    expect(high).toHaveLength(2);
    expect(high).toContainEqual([0, 0.6, 0.4, 1]); // left edge to top edge, around the low top-left corner
    const low = contourSegments([[1, 0], [0, 1]], [0, 1], [0, 1], 0.6);
    expect(low).toContainEqual([0, 0.4, 0.4, 0]); // around the high bottom-left corner
  });

  it("rejects a grid that does not fit its axes", () => {
    expect(() => contourSegments([[1, 2]], [0, 1], [0, 1], 0.5)).toThrow(ConfigError);
    expect(() => contourSegments([[1, 2], [3]], [0, 1], [0, 1], 0.5)).toThrow(/values\[1\] must have 2 numbers/);
  });
});

describe("scales and decimation", () => {
  it("makes nice ticks and log decades", () => {
    expect(niceTicks(0, 60000, 5)).toEqual([0, 20000, 40000, 60000]);
    expect(niceTicks(0, 60000, 7)).toEqual([0, 10000, 20000, 30000, 40000, 50000, 60000]);
    expect(makeScale([0.0012, 0.5], [100, 0], true).ticks).toEqual([0.001, 0.01, 0.1, 1]); // widened to whole decades
    expect(makeScale([1, 100], [0, 200], true)(10)).toBeCloseTo(100, 12);
  });

  it("keeps every bucket's min and max, and both ends", () => {
    const values = Array.from({ length: 10000 }, (_, i) => Math.sin(i / 7) + (i === 5003 ? 5 : 0));
    const pts = decimate(values, 100);
    expect(pts.length).toBeLessThanOrEqual(202);
    expect(pts[0]).toEqual([0, values[0]]);
    expect(pts[pts.length - 1]).toEqual([9999, values[9999]]);
    expect(pts).toContainEqual([5003, values[5003]]);
    expect(Math.min(...pts.map((p) => p[1]))).toBe(Math.min(...values));
    const logPts = decimate(values, 100, true);
    expect(logPts.slice(0, 5).map((p) => p[0])).toEqual([0, 1, 2, 3, 4]); // log buckets are dense at the start
  });
});

describe("SVG plots", () => {
  const net = new Network({ layers: [3, 4, 1], bias: false, random: numpyRandom(1) });
  const summary = net.train(XOR_X, XOR_Y, { iterations: 3000 });

  it("draws a training curve with both series, log scale and escaped title", () => {
    const svg = trainingCurveSvg(summary, { log: true, title: "XOR <3-4-1> & co" });
    expect(svg.startsWith("<svg")).toBe(true);
    expect(balanced(svg)).toBe(true);
    expect(svg).toContain("XOR &lt;3-4-1&gt; &amp; co");
    expect(svg).toContain(">loss<");
    expect(svg).toContain(">mean |error|<");
    expect(svg).toContain(">0.01<"); // a log decade tick
    expect(count(svg, 'stroke-width="1.5"')).toBe(2); // two curves
    // the first point of the curve is iteration 0 at the frame's left edge (x = 70)
    expect(svg).toMatch(/<path d="M70 [\d.]+L/);
    expect(() => trainingCurveSvg({} as never)).toThrow(/history must be a TrainingSummary/);
    expect(() => trainingCurveSvg(summary, { width: 10 })).toThrow(/width must be a number of pixels >= 50, got 10/);
  });

  it("draws a sweep side by side and overlaid", () => {
    const runs = [0.1, 1, 10].map((alpha) => ({
      label: `alpha=${alpha}`,
      summary: new Network({ layers: [3, 4, 1], bias: false, random: numpyRandom(1) }).train(XOR_X, XOR_Y, { iterations: 500, alpha }),
    }));
    const panels = sweepCurvesSvg(runs, { log: true });
    expect(balanced(panels)).toBe(true);
    for (const r of runs) expect(panels).toContain(`>${r.label}<`);
    expect(count(panels, '<rect x="')).toBeGreaterThanOrEqual(3); // one frame per panel
    const overlay = sweepCurvesSvg(runs, { layout: "overlay" });
    expect(count(overlay, 'stroke-width="1.5"')).toBe(3);
    expect(() => sweepCurvesSvg([])).toThrow(ConfigError);
    expect(() => sweepCurvesSvg(runs, { layout: "grid" as never })).toThrow(/layout must be "panels" or "overlay"/);
  });

  it("draws the error surface as a heat map with contours", () => {
    const net2 = new Network({ layers: [2, 1], bias: false, random: numpyRandom(1) });
    const s = errorSurface(net2, [[0, 1], [0, 1], [1, 0], [1, 0]], [[0], [0], [1], [1]], {
      x: { parameter: "W0", row: 0, steps: 21 },
      y: { parameter: "W0", row: 1, steps: 21 },
      metric: "meanAbsoluteError",
    });
    const svg = errorSurfaceSvg(s, { contours: [0.5], title: "plane" });
    expect(balanced(svg)).toBe(true);
    expect(count(svg, "<rect x=")).toBeGreaterThanOrEqual(21 * 21);
    // the 0.5 level of this plane is the diagonal w0 = w1: one contour path from corner to corner
    const contour = svg.match(/<g fill="none" stroke="white"[^>]*>\n<path d="([^"]+)"/);
    expect(contour).not.toBeNull();
    expect(svg).toContain(">W0[0][0]<");
    expect(() => errorSurfaceSvg(s, { contours: -1 })).toThrow(/contours must be an integer >= 0/);
    const withPath = errorSurfaceSvg(s, { path: [[0, 0], [5, -5]], log: true, contours: 3 });
    expect(withPath).toMatch(/<path d="M[\d.]+ [\d.]+L[\d.]+ [\d.]+" fill="none" stroke="#e4572e"/);
    expect(withPath).toContain(">1e-4<"); // log colour bar: decades (the plane spans 4.5e-5 .. 1)
    expect(() => errorSurfaceSvg(s, { path: "x" as never })).toThrow(/path must be an array/);
  });
});

describe("terminal plots", () => {
  it("draws a sparkline", () => {
    expect(sparkline([4, 3, 2, 1, 0])).toBe("█▆▅▃▁");
    expect(sparkline([1, 10, 100], { log: true })).toBe("▁▅█");
    expect(sparkline(Array.from({ length: 1000 }, (_, i) => i), { width: 8 })).toBe("▁▂▃▄▅▆▇█");
    expect(() => sparkline([1], { width: 0 })).toThrow(/width must be an integer >= 1, got 0/);
  });

  it("draws a training curve in text", () => {
    const text = terminalCurve({ loss: [], meanAbsoluteError: [0.5, 0.4, 0.3, 0.2, 0.1] }, { width: 5, height: 5 });
    expect(text.split("\n")).toEqual([
      "0.5 ┤•    ",
      "    │ •   ",
      "    │  •  ",
      "    │   • ",
      "0.1 ┤    •",
      "    └─────",
      "     0   4",
    ]);
  });
});
