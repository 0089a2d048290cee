import seedrandom from "seedrandom";
import { checkInteger, ConfigError, describe } from "./errors.js";

/**
 * A source of uniform random numbers in [0, 1), like `Math.random`.
 *
 * Every random choice tinynn makes (weight initialisation, shuffling, dropout) draws from one
 * of these, injected by you, so a run is reproducible from its seed.
 *
 * @example
 * const random: Random = numpyRandom(1);
 * random(); // => 0.417022004702574
 */
export type Random = () => number;

const N = 624;
const M = 397;

/**
 * numpy's legacy random stream: `np.random.seed(seed); np.random.random()`, bit for bit.
 *
 * ```text
 * MT19937 seeded with init_genrand(seed) (not numpy's SeedSequence path);
 * random() = ((a >>> 5) * 2^26 + (b >>> 6)) / 2^53   from two consecutive 32-bit outputs a, b
 * ```
 *
 * `2 * random() - 1` drawn matrix by matrix, row by row, is exactly how the blog initialises
 * `syn0` and `syn1`, so `numpyRandom(1)` reproduces its weights bit for bit.
 *
 * @param seed - an integer in [0, 2^32 - 1], as `np.random.seed` accepts
 * @returns a {@link Random} that continues the stream on every call
 * @throws {@link ConfigError} If `seed` is not an integer in [0, 2^32 - 1].
 *
 * @example
 * const random = numpyRandom(1);
 * random(); // => 0.417022004702574
 * random(); // => 0.7203244934421581
 */
export function numpyRandom(seed: number): Random {
  checkInteger("seed", seed, 0);
  if (seed > 0xffffffff) {
    throw new ConfigError(`seed must be an integer in [0, 4294967295] (as np.random.seed accepts), got ${seed}`);
  }
  const mt = new Uint32Array(N);
  mt[0] = seed >>> 0;
  for (let i = 1; i < N; i++) {
    const p = (mt[i - 1]! ^ (mt[i - 1]! >>> 30)) >>> 0;
    mt[i] = (Math.imul(1812433253, p) + i) >>> 0;
  }
  let pos = N;

  const twist = (): void => {
    for (let i = 0; i < N; i++) {
      const y = (mt[i]! & 0x80000000) | (mt[(i + 1) % N]! & 0x7fffffff);
      mt[i] = (mt[(i + M) % N]! ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0)) >>> 0;
    }
    pos = 0;
  };

  const next32 = (): number => {
    if (pos === N) twist();
    let y = mt[pos++]!;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  };

  return () => {
    const a = next32() >>> 5;
    const b = next32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  };
}

/**
 * A seeded random source from the `seedrandom` package (ARC4): the same seed gives the same stream
 * in every JavaScript engine.
 *
 * Use {@link numpyRandom} instead to match numpy; use this one when you only need reproducibility.
 *
 * @param seed - any finite number or string
 * @returns a {@link Random} in [0, 1)
 * @throws {@link ConfigError} If `seed` is neither a finite number nor a string.
 *
 * @example
 * const a = seededRandom(42), b = seededRandom(42);
 * a() === b(); // => true
 */
export function seededRandom(seed: number | string): Random {
  if (!(typeof seed === "string" || (typeof seed === "number" && Number.isFinite(seed)))) {
    throw new ConfigError(`seed must be a finite number or a string, got ${describe(seed)}`);
  }
  return seedrandom(String(seed));
}

/**
 * Resolves the `random` / `seed` pair that constructors accept into one source.
 * With neither, seedrandom seeds itself from the platform's entropy (never `Math.random`). @internal
 */
export function resolveRandom(random: unknown, seed: unknown): Random {
  if (random !== undefined) {
    if (typeof random !== "function") {
      throw new ConfigError(`random must be a function returning numbers in [0, 1), got ${describe(random)}`);
    }
    if (seed !== undefined) throw new ConfigError("Pass either random or seed, not both");
    return random as Random;
  }
  if (seed !== undefined) return seededRandom(seed as number);
  return seedrandom(undefined, { entropy: true });
}

/**
 * Fisher-Yates shuffle of `order` in place, drawing `floor(random() * (i + 1))` for i = n-1 .. 1. @internal
 */
export function shuffleInPlace(order: Int32Array | number[], random: Random): void {
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
}
