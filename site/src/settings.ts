// The page's settings and the URL that holds them. One parser reads both the URL and the form
// (each is a set of string key/value pairs), so a link and the controls can never disagree: a value
// that is unknown or out of range becomes the default, with a note the page shows, and never throws.

import type { ActivationName, LossName } from "tinynn";
import type { DatasetId, OptimizerId, ProgramId, Settings } from "./types.js";

/** The choices each select offers, in the order the page lists them. */
export const PROGRAM_IDS: readonly ProgramId[] = [
  "a_part1_2layer",
  "b_part1_3layer",
  "c_part1_11line",
  "d_part2_13line",
  "e_part2_2layer_gd",
  "f_part2_alpha_sweep",
  "g_part2_alpha_sweep_direction_counts",
  "h_part2_hidden32_alpha_sweep",
];
export const DATASET_IDS: readonly DatasetId[] = ["xor", "blogFirst", "parity3", "moons", "circles", "spirals"];
export const ACTIVATION_NAMES: readonly ActivationName[] = ["sigmoid", "tanh", "relu", "leakyRelu", "identity"];
export const OUTPUT_ACTIVATION_NAMES: readonly (ActivationName | "softmax")[] = [...ACTIVATION_NAMES, "softmax"];
export const LOSS_NAMES: readonly LossName[] = ["sse", "mse", "crossEntropy", "binaryCrossEntropy"];
export const OPTIMIZER_IDS: readonly OptimizerId[] = ["gradientDescent", "momentum", "adam", "rmsprop", "adagrad"];

/** Bounds that keep a run small enough for a page (and a typo like 1e9 iterations from freezing it). */
export const LIMITS = {
  samples: { min: 4, max: 2000 },
  noise: { min: 0, max: 1 },
  seed: { min: 0, max: 2 ** 32 - 1 },
  hiddenLayers: 6,
  hiddenSize: { min: 1, max: 128 },
  alpha: { min: 1e-6, max: 1e4 },
  batchSize: { min: 1, max: 100_000 },
  iterations: { min: 1, max: 1_000_000 },
} as const;

/** The settings of a fresh page: the blog's 3-layer XOR network, with biases. */
export const DEFAULTS: Readonly<Settings> = Object.freeze({
  program: null,
  dataset: "xor",
  samples: 200,
  noise: 0.1,
  seed: 1,
  hidden: [4],
  activation: "sigmoid",
  outputActivation: "sigmoid",
  loss: "sse",
  bias: true,
  optimizer: "gradientDescent",
  alpha: 1,
  batchSize: null,
  iterations: 10000,
} satisfies Settings);

/** The URL's keys, one per setting (short, as they are typed into links), and `autorun`. */
export const KEYS = {
  program: "program",
  dataset: "dataset",
  samples: "samples",
  noise: "noise",
  seed: "seed",
  hidden: "hidden",
  activation: "activation",
  outputActivation: "output",
  loss: "loss",
  bias: "bias",
  optimizer: "optimizer",
  alpha: "alpha",
  batchSize: "batch",
  iterations: "iterations",
} as const satisfies Record<keyof Settings, string>;

/** What a URL (or the form) says: the settings, whether to train on load, and what was not understood. */
export interface ReadSettings {
  settings: Settings;
  autorun: boolean;
  /** one sentence per value that was replaced by its default, e.g. `alpha "-1" is not in [1e-6, 10000]: using 1` */
  notes: string[];
}

/** A copy of the defaults (hidden is an array: each Settings gets its own). */
export function defaultSettings(): Settings {
  return { ...DEFAULTS, hidden: [...DEFAULTS.hidden] };
}

/**
 * Reads settings from a query string (`?program=b_part1_3layer&autorun=1`, with or without the
 * `?`), or from any key/value pairs the form gives. Missing keys take their defaults; bad values
 * take their defaults and add a note; unknown keys add a note.
 */
export function readSettings(query: string | URLSearchParams | Iterable<[string, string]>): ReadSettings {
  const params = query instanceof URLSearchParams ? query : new URLSearchParams(typeof query === "string" ? query : [...query]);
  const notes: string[] = [];
  const d = DEFAULTS;
  const get = (key: string): string | undefined => {
    const value = params.get(key);
    return value === null ? undefined : value.trim();
  };
  const bad = (key: string, value: string, why: string, fallback: unknown): void => {
    notes.push(`${key} "${value}" ${why}: using ${fallback === null ? "none" : String(fallback)}`);
  };
  function choice<T extends string>(key: string, choices: readonly T[], fallback: T): T {
    const value = get(key);
    if (value === undefined || value === "") return fallback;
    if ((choices as readonly string[]).includes(value)) return value as T;
    bad(key, value, `is not one of ${choices.join(", ")}`, fallback);
    return fallback;
  }
  function number(key: string, fallback: number, { min, max }: { min: number; max: number }, integer: boolean): number {
    const value = get(key);
    if (value === undefined || value === "") return fallback;
    const n = Number(value);
    if (!Number.isFinite(n)) bad(key, value, "is not a number", fallback);
    else if (integer && !Number.isInteger(n)) bad(key, value, "is not a whole number", fallback);
    else if (n < min || n > max) bad(key, value, `is not in [${min}, ${max}]`, fallback);
    else return n;
    return fallback;
  }

  let program: ProgramId | null = d.program;
  const programValue = get(KEYS.program);
  if (programValue !== undefined && programValue !== "" && programValue !== "none") {
    if ((PROGRAM_IDS as readonly string[]).includes(programValue)) program = programValue as ProgramId;
    else bad(KEYS.program, programValue, `is not one of none, ${PROGRAM_IDS.join(", ")}`, null);
  }

  let hidden = [...d.hidden];
  const hiddenValue = get(KEYS.hidden);
  if (hiddenValue !== undefined) {
    const parsed = parseHidden(hiddenValue);
    if (typeof parsed === "string") bad(KEYS.hidden, hiddenValue, parsed, d.hidden.join(","));
    else hidden = parsed;
  }

  let bias = d.bias;
  const biasValue = get(KEYS.bias);
  if (biasValue !== undefined && biasValue !== "") {
    if (biasValue === "1" || biasValue === "true") bias = true;
    else if (biasValue === "0" || biasValue === "false") bias = false;
    else bad(KEYS.bias, biasValue, "is not 1 or 0", d.bias ? 1 : 0);
  }

  let batchSize = d.batchSize;
  const batchValue = get(KEYS.batchSize);
  if (batchValue !== undefined && batchValue !== "" && batchValue !== "full") {
    const n = number(KEYS.batchSize, Number.NaN, LIMITS.batchSize, true);
    batchSize = Number.isNaN(n) ? d.batchSize : n;
  }

  let autorun = false;
  const autorunValue = get("autorun");
  if (autorunValue !== undefined) {
    if (autorunValue === "1" || autorunValue === "true" || autorunValue === "") autorun = true;
    else if (autorunValue !== "0" && autorunValue !== "false") notes.push(`autorun "${autorunValue}" is not 1 or 0: not training on load`);
  }

  const settings: Settings = {
    program,
    dataset: choice(KEYS.dataset, DATASET_IDS, d.dataset),
    samples: number(KEYS.samples, d.samples, LIMITS.samples, true),
    noise: number(KEYS.noise, d.noise, LIMITS.noise, false),
    seed: number(KEYS.seed, d.seed, LIMITS.seed, true),
    hidden,
    activation: choice(KEYS.activation, ACTIVATION_NAMES, d.activation),
    outputActivation: choice(KEYS.outputActivation, OUTPUT_ACTIVATION_NAMES, d.outputActivation),
    loss: choice(KEYS.loss, LOSS_NAMES, d.loss),
    bias,
    optimizer: choice(KEYS.optimizer, OPTIMIZER_IDS, d.optimizer),
    alpha: number(KEYS.alpha, d.alpha, LIMITS.alpha, false),
    batchSize,
    iterations: number(KEYS.iterations, d.iterations, LIMITS.iterations, true),
  };

  const known = new Set<string>([...Object.values(KEYS), "autorun"]);
  for (const key of new Set(params.keys())) {
    if (!known.has(key)) notes.push(`unknown setting "${key}" ignored (known: ${[...known].join(", ")})`);
  }
  return { settings, autorun, notes };
}

/** The settings a query string holds (bad or unknown values: the defaults; see {@link readSettings} for the notes). */
export function settingsFromUrl(search: string): Settings {
  return readSettings(search).settings;
}

/**
 * The query string (with its `?`) that holds every setting, in a fixed order, so that
 * `settingsFromUrl(urlFor(s))` equals `s`. `autorun` adds `autorun=1`.
 */
export function urlFor(settings: Settings, options: { autorun?: boolean } = {}): string {
  const params = new URLSearchParams();
  params.set(KEYS.program, settings.program ?? "none");
  params.set(KEYS.dataset, settings.dataset);
  params.set(KEYS.samples, String(settings.samples));
  params.set(KEYS.noise, String(settings.noise));
  params.set(KEYS.seed, String(settings.seed));
  params.set(KEYS.hidden, settings.hidden.join(","));
  params.set(KEYS.activation, settings.activation);
  params.set(KEYS.outputActivation, settings.outputActivation);
  params.set(KEYS.loss, settings.loss);
  params.set(KEYS.bias, settings.bias ? "1" : "0");
  params.set(KEYS.optimizer, settings.optimizer);
  params.set(KEYS.alpha, String(settings.alpha));
  params.set(KEYS.batchSize, settings.batchSize === null ? "full" : String(settings.batchSize));
  params.set(KEYS.iterations, String(settings.iterations));
  if (options.autorun === true) params.set("autorun", "1");
  // URLSearchParams writes "," as %2C; a comma is legal in a query and reads better in a link
  return `?${params.toString().replace(/%2C/g, ",")}`;
}

/**
 * Hidden layer sizes from text: `"4"`, `"8,8"`, `"8 8"`; `""` or `"none"` is no hidden layer.
 *
 * @returns the sizes, or why the text is not sizes
 */
export function parseHidden(text: string): number[] | string {
  const trimmed = text.trim();
  if (trimmed === "" || trimmed === "none") return [];
  const parts = trimmed.split(/[\s,]+/).filter((p) => p !== "");
  if (parts.length > LIMITS.hiddenLayers) return `has ${parts.length} layers, at most ${LIMITS.hiddenLayers} fit a page`;
  const sizes: number[] = [];
  const { min, max } = LIMITS.hiddenSize;
  for (const part of parts) {
    const n = Number(part);
    if (!/^\d+$/.test(part) || n < min || n > max) return `is not sizes (whole numbers from ${min} to ${max}, separated by commas)`;
    sizes.push(n);
  }
  return sizes;
}
