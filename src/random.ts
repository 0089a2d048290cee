import seedrandom from "seedrandom";
import { checkInteger, ConfigError, describe } from "./errors.js";

/**
 * A source of uniform random numbers in [0, 1), like `Math.random`.
 *
 * Every random choice tinynn makes (weight initialisation, shuffling, dropout) draws from one
 * of these, injected by you, so a run is reproducible from its seed. Any `() => number` will do;
 * the built-in sources ({@link numpyRandom}, {@link seededRandom}) also have a state that can be
 * read and put back, so that a stream can be continued exactly (and `trace` can leave it as it was).
 *
 * @example
 * const random: Random = numpyRandom(1);
 * random(); // => 0.417022004702574
 */
export interface Random {
  /** The next number in [0, 1). */
  (): number;
  /** Optional: a copy of the stream's state, plain JSON. */
  getState?(): RandomState;
  /** Optional: continues the stream from a state `getState` returned. */
  setState?(state: RandomState): void;
}

/**
 * The state of a built-in random source: numpy's Mersenne Twister (its 624 words and position) or
 * seedrandom's ARC4 (i, j and its 256-entry S box).
 *
 * @example
 * const random = numpyRandom(1);
 * const state = random.getState!();
 * random(); // => 0.417022004702574
 * random.setState!(state);
 * random(); // => 0.417022004702574 again
 */
export type RandomState = MersenneTwisterState | Arc4State;

/**
 * {@link numpyRandom}'s state: numpy's `np.random.get_state()` in plain JSON.
 *
 * @example
 * (numpyRandom(1).getState!() as MersenneTwisterState).pos; // => 624
 */
export interface MersenneTwisterState {
  /** Always `"mt19937"`. */
  readonly type: "mt19937";
  /** The 624 32-bit words of the generator. */
  readonly key: readonly number[];
  /** The index of the next word to temper, 0 to 624 (624: twist first). */
  readonly pos: number;
}

/**
 * {@link seededRandom}'s state: seedrandom's ARC4 state.
 *
 * @example
 * (seededRandom(1).getState!() as Arc4State).S.length; // => 256
 */
export interface Arc4State {
  /** Always `"arc4"`. */
  readonly type: "arc4";
  /** The first index, 0 to 255. */
  readonly i: number;
  /** The second index, 0 to 255. */
  readonly j: number;
  /** The permutation of 0 to 255. */
  readonly S: readonly number[];
}

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

  const random: Random = () => {
    const a = next32() >>> 5;
    const b = next32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  };
  (random as Filling)[FILL] = (out, n) => {
    for (let i = 0; i < n; i++) {
      const a = next32() >>> 5;
      const b = next32() >>> 6;
      out[i] = (a * 67108864 + b) / 9007199254740992;
    }
  };
  random.getState = () => ({ type: "mt19937", key: Array.from(mt), pos });
  (random as Filling)[MEMO] = {
    size: N + 1,
    save(into) {
      for (let i = 0; i < N; i++) into[i] = mt[i]!;
      into[N] = pos;
    },
    restore(from) {
      for (let i = 0; i < N; i++) mt[i] = from[i]!;
      pos = from[N]!;
    },
  };
  random.setState = (state) => {
    const st = (typeof state === "object" && state !== null ? state : {}) as { type?: unknown; key?: unknown; pos?: unknown };
    const key = st?.key;
    if (
      st?.type !== "mt19937" ||
      !Array.isArray(key) ||
      key.length !== N ||
      !everyIndex(key, (w) => Number.isInteger(w) && (w as number) >= 0 && (w as number) <= 0xffffffff) ||
      !Number.isInteger(st.pos) ||
      (st.pos as number) < 0 ||
      (st.pos as number) > N ||
      // the generator's one fixed point: all zero words give 0 forever
      everyIndex(key, (w) => w === 0)
    ) {
      throw new ConfigError(`state must be a numpyRandom state { type: "mt19937", key: ${N} 32-bit words, pos: 0 to ${N} }, got ${describe(state)}`);
    }
    for (let i = 0; i < N; i++) mt[i] = (key as number[])[i]!;
    pos = st.pos as number;
  };
  return random;
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
  return withState(seedrandom(String(seed), { state: true }));
}

/**
 * A seedrandom stream with `getState` / `setState`. seedrandom turns the seed (or the platform's
 * entropy) into its ARC4 state; the draws are made here, from that state, with seedrandom's own
 * arithmetic (`Arc4Stream`), so that they come out in bulk without a call per draw and the state
 * can be read and put back in place.
 */
function withState(prng: seedrandom.StatefulPRNG<seedrandom.State.Arc4>): Random {
  const stream = new Arc4Stream(prng.state());
  const random: Random = () => stream.next();
  (random as Filling)[FILL] = (out, n) => stream.fill(out, n);
  random.getState = () => ({ type: "arc4", i: stream.i, j: stream.j, S: Array.from(stream.S) });
  (random as Filling)[MEMO] = {
    size: 258,
    save(into) {
      into[0] = stream.i;
      into[1] = stream.j;
      for (let k = 0; k < 256; k++) into[2 + k] = stream.S[k]!;
    },
    restore(from) {
      stream.i = from[0]!;
      stream.j = from[1]!;
      for (let k = 0; k < 256; k++) stream.S[k] = from[2 + k]!;
    },
  };
  random.setState = (state) => {
    const st = (typeof state === "object" && state !== null ? state : {}) as { type?: unknown; i?: unknown; j?: unknown; S?: unknown };
    const byte = (v: unknown): boolean => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 255;
    // S must be a permutation of 0 .. 255: with repeated bytes the stream can be stuck at 0, and
    // a draw (which shifts bytes in until the number has 52 significant bits) would never end
    const permutation = Array.isArray(st.S) && st.S.length === 256 && everyIndex(st.S, byte) && new Set(Array.from({ length: 256 }, (_, k) => (st.S as unknown[])[k])).size === 256;
    if (st?.type !== "arc4" || !byte(st.i) || !byte(st.j) || !permutation) {
      throw new ConfigError(
        `state must be a seededRandom state { type: "arc4", i, j: 0 to 255, S: a permutation of 0 to 255 }, got ${describe(state)}`,
      );
    }
    stream.i = st.i as number;
    stream.j = st.j as number;
    for (let k = 0; k < 256; k++) stream.S[k] = (st.S as number[])[k]!;
  };
  return random;
}

/**
 * seedrandom's ARC4 generator and its double, operation for operation (seedrandom.js `ARC4.g` and
 * `prng`): 6 bytes make a numerator below 2^48, more bytes are shifted in until it has 52
 * significant bits, the last ones shifted out above 2^53, over a denominator of 2^48 times 256 per
 * byte.
 */
class Arc4Stream {
  i: number;
  j: number;
  readonly S: Uint8Array;

  constructor(state: { i: number; j: number; S: number[] }) {
    this.i = state.i;
    this.j = state.j;
    this.S = Uint8Array.from(state.S);
  }

  /** The next `count` bytes as one number, most significant first (ARC4.g). */
  private bytes(count: number): number {
    const s = this.S;
    let i = this.i;
    let j = this.j;
    let r = 0;
    while (count--) {
      const t = s[(i = (i + 1) & 255)]!;
      j = (j + t) & 255;
      const u = (s[i] = s[j]!);
      s[j] = t;
      r = r * 256 + s[(u + t) & 255]!;
    }
    this.i = i;
    this.j = j;
    return r;
  }

  /** The next double in [0, 1) (seedrandom's prng). */
  next(): number {
    let n = this.bytes(6);
    let d = 281474976710656; // 2^48
    let x = 0;
    while (n < 4503599627370496) {
      // 2^52
      n = (n + x) * 256;
      d *= 256;
      x = this.bytes(1);
    }
    while (n >= 9007199254740992) {
      // 2^53
      n /= 2;
      d /= 2;
      x >>>= 1;
    }
    return (n + x) / d;
  }

  /** out[0 .. n) <- the next n doubles, as `next` makes them, written in place. */
  fill(out: Float64Array, n: number): void {
    for (let k = 0; k < n; k++) {
      let m = this.bytes(6);
      let d = 281474976710656;
      let x = 0;
      while (m < 4503599627370496) {
        m = (m + x) * 256;
        d *= 256;
        x = this.bytes(1);
      }
      while (m >= 9007199254740992) {
        m /= 2;
        d /= 2;
        x >>>= 1;
      }
      out[k] = (m + x) / d;
    }
  }
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
  return withState(seedrandom(undefined, { entropy: true, state: true }));
}

/** The built-in sources' bulk draw, under an internal key. */
const FILL: unique symbol = Symbol("tinynn.fill");
/** The built-in sources' state copied into and out of a Float64Array, without allocating. */
const MEMO: unique symbol = Symbol("tinynn.memo");
type Filling = Random & { [FILL]?: (out: Float64Array, n: number) => void; [MEMO]?: StateMemo };

/**
 * How a source's state is saved and put back: the built-in ones copy `size` numbers into and out of
 * a buffer; a source of yours returns its `getState()` from `save`, which is handed back to
 * `restore`. @internal
 */
export interface StateMemo {
  readonly size: number;
  save(into: Float64Array): unknown;
  restore(from: Float64Array, saved: unknown): void;
}

/**
 * How to save and put back `random`'s state during a run: the built-in sources copy it into a
 * buffer; yours use `getState` / `setState`; `undefined` when it has neither. @internal
 */
export function stateMemo(random: Random): StateMemo | undefined {
  const memo = (random as Filling)[MEMO];
  if (memo !== undefined) return memo;
  const get = random.getState;
  const set = random.setState;
  if (typeof get !== "function" || typeof set !== "function") return undefined;
  return {
    size: 0,
    save: () => get.call(random),
    restore: (_from, saved) => set.call(random, saved as RandomState),
  };
}

/**
 * out[0 .. n) <- the next n draws of `random`, in order. The built-in sources fill the buffer in one
 * call: a double returned from a call V8 does not inline (a source called per draw, when a process
 * uses several) is boxed, 16 bytes each. @internal
 */
export function fillRandom(random: Random, out: Float64Array, n: number): void {
  const fill = (random as Filling)[FILL];
  if (fill !== undefined) {
    fill(out, n);
    return;
  }
  for (let i = 0; i < n; i++) {
    const v: unknown = random();
    if (typeof v !== "number" || !(v >= 0 && v < 1)) badDraw(v);
    out[i] = v;
  }
}

/**
 * `random` with every draw checked to be a number in [0, 1) (for draws made one at a time, such as
 * weight initialisation); the built-in sources are returned as they are. @internal
 */
export function checkedRandom(random: Random): Random {
  if ((random as Filling)[FILL] !== undefined || CHECKED.has(random)) return random;
  const checked = (): number => {
    const v: unknown = random();
    if (typeof v !== "number" || !(v >= 0 && v < 1)) badDraw(v);
    return v;
  };
  CHECKED.add(checked);
  return checked;
}

/** The sources {@link checkedRandom} made: already checked, not wrapped again (a Network's, then its Dense layers'). */
const CHECKED = new WeakSet<Random>();

function badDraw(v: unknown): never {
  throw new ConfigError(`random must return numbers in [0, 1), like Math.random, but it returned ${describe(v)}`);
}

/**
 * A random permutation of 0 .. n-1 into `order` (n = its length), as `np.random.permutation(n)`
 * orders samples: 0 .. n-1, then a Fisher-Yates shuffle drawing `floor(random() * (i + 1))` for
 * i = n-1 .. 1 (the draws made first, in that order, into `draws`, at least n - 1 long). Each call
 * starts from 0 .. n-1, so a run's orders depend only on the random stream, which a resumed run
 * continues. @internal
 */
export function randomPermutation(order: Int32Array, random: Random, draws: Float64Array): void {
  const n = order.length;
  for (let i = 0; i < n; i++) order[i] = i;
  fillRandom(random, draws, n - 1);
  for (let i = n - 1, k = 0; i > 0; i--, k++) {
    const j = Math.floor(draws[k]! * (i + 1));
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
}

/**
 * A built-in random source continuing from `state`: {@link numpyRandom}'s (`"mt19937"`) or
 * {@link seededRandom}'s (`"arc4"`). @internal
 * @throws {@link ConfigError} If the state is neither, or not a valid one.
 */
export function randomFromState(state: unknown): Random {
  const type = (state as { type?: unknown } | null)?.type;
  let random: Random;
  if (type === "mt19937") random = numpyRandom(0);
  else if (type === "arc4") random = seededRandom(0);
  else throw new ConfigError(`a random state must be numpyRandom's (type "mt19937") or seededRandom's (type "arc4"), got ${describe(state)}`);
  random.setState!(state as RandomState);
  return random;
}

/**
 * Whether `test` holds for every index of `array`, read by index: a state parsed from a file may be
 * an array whose prototype was replaced (no `every`) or that has holes (read as undefined).
 */
function everyIndex(array: readonly unknown[], test: (value: unknown) => boolean): boolean {
  for (let i = 0; i < array.length; i++) if (!test(array[i])) return false;
  return true;
}
