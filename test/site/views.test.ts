import { Network } from "tinynn";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { directionCountsSvg } from "../../site/src/views/directions.js";
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
