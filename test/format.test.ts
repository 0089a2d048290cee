// formatFloat and formatMatrix against what Python 2 / numpy 1.13 print (numpy-format.json was
// written by numpy 2.4.6 with legacy='1.13' printing; see test/fixtures/generate).
import { describe, expect, it } from "vitest";
import { formatFloat, formatMatrix, fromRows } from "tinynn";
import { fixture } from "./golden.js";

type Encoded = number | string | Encoded[];
const decode = (v: Encoded): unknown => (Array.isArray(v) ? v.map(decode) : typeof v === "string" ? Number(v.replace("inf", "Infinity")) : v);

const data = fixture<{
  matrices: { value: Encoded[]; printed: string }[];
  floats: { value: number | string; printed: string }[];
}>("numpy-format");

describe("formatFloat (Python 2 str)", () => {
  it.each(data.floats.map((f) => [f.printed, decode(f.value) as number] as const))("prints %s", (printed, value) => {
    expect(formatFloat(value)).toBe(printed);
  });
  it("rounds exact ties to even, as printf does", () => {
    expect(formatFloat(1234567890125)).toBe("1.23456789012e+12");
    expect(formatFloat(1234567890135)).toBe("1.23456789014e+12");
  });
});

describe("formatMatrix (numpy 1.13 print)", () => {
  data.matrices.forEach(({ value, printed }, i) => {
    it(`matrix ${i}: ${printed.split("\n")[0]!.slice(0, 40)}`, () => {
      expect(formatMatrix(decode(value) as number[][])).toBe(printed);
    });
  });
  it("accepts a Matrix", () => {
    expect(formatMatrix(fromRows([[0, 1], [2, 3]]))).toBe("[[ 0.  1.]\n [ 2.  3.]]");
  });
});
