// The playground's programs: each prints numpy's golden text (test/fixtures/<id>.json "printed")
// byte for byte, except in the chaotic runs of the sweeps (CHAOTIC_ALPHAS), where the lines that
// are stable (headers, the iteration-0 error, direction counts) are byte for byte and the others
// differ only in their digits; the Python shown is site/programs/*.py as read through the text loader.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CHAOTIC_ALPHAS, PROGRAMS, programById } from "../../site/src/programs.js";
import { golden, PROGRAMS as IDS } from "../golden.js";

async function printed(id: (typeof IDS)[number], signal = new AbortController().signal): Promise<{ text: string; lines: string[] }> {
  const lines: string[] = [];
  await programById(id).run((line) => lines.push(line), signal);
  return { text: lines.map((l) => l + "\n").join(""), lines };
}

/** Printed text split into one section per "Training With Alpha:" header. */
function sections(text: string): { alpha: number; lines: string[] }[] {
  return text
    .split("\nTraining With Alpha:")
    .slice(1)
    .map((p) => {
      const lines = p.split("\n");
      return { alpha: Number(lines[0]), lines };
    });
}

describe("site programs", () => {
  it("are the eight blog programs, in order, with the Python of site/programs byte for byte", () => {
    expect(PROGRAMS.map((p) => p.id)).toEqual([...IDS]);
    for (const p of PROGRAMS) {
      expect(p.python).toBe(readFileSync(new URL(`../../site/programs/${p.id}.py`, import.meta.url), "utf8"));
      expect(p.exact).toBe(CHAOTIC_ALPHAS[p.id] === undefined);
      expect(p.title.length).toBeGreaterThan(0);
    }
  });

  for (const id of IDS) {
    it(`${id} prints numpy's text${CHAOTIC_ALPHAS[id] ? " outside its chaotic runs" : " byte for byte"}`, async () => {
      const want = golden(id).printed;
      const { text, lines } = await printed(id);
      for (const line of lines) expect(line).not.toContain("\n");
      const chaotic = CHAOTIC_ALPHAS[id];
      if (chaotic === undefined) {
        expect(text).toBe(want);
        return;
      }
      expect(text).not.toBe(want); // if this fails, the run became exact: update CHAOTIC_ALPHAS
      const ours = sections(text);
      const theirs = sections(want);
      expect(ours.map((s) => s.alpha)).toEqual(theirs.map((s) => s.alpha));
      theirs.forEach((section, k) => {
        const got = ours[k]!.lines;
        if (!chaotic.includes(section.alpha)) {
          expect(got.join("\n")).toBe(section.lines.join("\n"));
          return;
        }
        expect(got.length).toBe(section.lines.length);
        let counts = false;
        const firstError = section.lines.findIndex((line) => line.startsWith("Error"));
        section.lines.forEach((line, i) => {
          if (line.startsWith("Synapse")) counts = line.includes("Direction Changes");
          // the header, the error before any update, the labels and the direction counts
          const stable = i === 0 || i === firstError || line.startsWith("Synapse") || counts || line === "";
          if (stable) expect(got[i]).toBe(line);
          else expect(got[i]!.replace(/[-\d.e+ ]+/g, "#")).toBe(line.replace(/[-\d.e+ ]+/g, "#"));
        });
      });
    });
  }

  it("stops when the signal is aborted", async () => {
    const controller = new AbortController();
    const lines: string[] = [];
    const run = programById("h_part2_hidden32_alpha_sweep").run((line) => {
      lines.push(line);
      if (line.startsWith("Error after 10000")) controller.abort();
    }, controller.signal);
    await expect(run).rejects.toThrow();
    expect(lines.filter((l) => l.startsWith("Training")).length).toBe(1);

    const aborted = new AbortController();
    aborted.abort();
    const none: string[] = [];
    await expect(programById("b_part1_3layer").run((l) => none.push(l), aborted.signal)).rejects.toThrow();
    expect(none).toEqual([]);
  });

  it("throws for an unknown id", () => {
    expect(() => programById("z" as (typeof IDS)[number])).toThrow(/Unknown program/);
  });
});
