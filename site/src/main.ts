// The playground page: reads the settings from the URL into the form, keeps the URL in step with
// the form, and runs either a blog program (its printed text beside its Python) or a network of the
// page's own on a data set, with trainAsync so that the page keeps painting. The views are drawn at
// most every ~100 ms, from requestAnimationFrame.
//
// States (on <body data-state>): idle -> training -> done | paused | error; Pause aborts the run
// and keeps the network (Train continues it), Reset rebuilds it from the settings.

import { DirectionChanges, type Network, type Optimizer, type TrainingMonitor } from "tinynn";
import { checkSettings, codeFor, networkFor, optimizerFor, trainOptionsFor } from "./code.js";
import { isGenerated, makeDataset } from "./datasets.js";
import { PROGRAMS, programById } from "./programs.js";
import {
  ACTIVATION_NAMES,
  DATASET_IDS,
  defaultSettings,
  LOSS_NAMES,
  OPTIMIZER_IDS,
  OUTPUT_ACTIVATION_NAMES,
  PROGRAM_IDS,
  readSettings,
  urlFor,
} from "./settings.js";
import type { DataSet, OptimizerId, Settings, Snapshot } from "./types.js";
import { directionCountsSvg } from "./views/directions.js";
import { errorSurfaceViewSvg } from "./views/surface.js";
import { weightsHeatmapSvg } from "./views/weights.js";
import { decisionBoundarySvg } from "./views/boundary.js";
import { curvesSvg } from "./views/curves.js";

type State = "idle" | "training" | "paused" | "done" | "error";

const $ = <T extends HTMLElement>(id: string): T => {
  const el = document.getElementById(id);
  if (el === null) throw new Error(`index.html has no #${id}`);
  return el as T;
};

const DATASET_LABELS: Record<string, string> = {
  xor: "XOR (the blog's 3-layer data)",
  blogFirst: "The blog's first data set",
  parity3: "3-bit parity",
  moons: "Two moons",
  circles: "Circles",
  spirals: "Spirals",
};
const OPTIMIZER_LABELS: Record<OptimizerId, string> = {
  gradientDescent: "Gradient descent",
  momentum: "Momentum",
  adam: "Adam",
  rmsprop: "RMSprop",
  adagrad: "Adagrad",
};

/** The page's elements. */
const ui = {
  form: $<HTMLFormElement>("settings"),
  program: $<HTMLSelectElement>("program"),
  dataset: $<HTMLSelectElement>("dataset"),
  samples: $<HTMLInputElement>("samples"),
  noise: $<HTMLInputElement>("noise"),
  seed: $<HTMLInputElement>("seed"),
  hidden: $<HTMLInputElement>("hidden"),
  activation: $<HTMLSelectElement>("activation"),
  output: $<HTMLSelectElement>("output"),
  bias: $<HTMLInputElement>("bias"),
  loss: $<HTMLSelectElement>("loss"),
  optimizer: $<HTMLSelectElement>("optimizer"),
  alpha: $<HTMLInputElement>("alpha"),
  batch: $<HTMLInputElement>("batch"),
  iterations: $<HTMLInputElement>("iterations"),
  train: $<HTMLButtonElement>("train"),
  pause: $<HTMLButtonElement>("pause"),
  reset: $<HTMLButtonElement>("reset"),
  status: $<HTMLParagraphElement>("status"),
  notes: $<HTMLDivElement>("notes"),
  programPanel: $<HTMLElement>("program-panel"),
  programHelp: $<HTMLElement>("program-help"),
  programHeading: $<HTMLElement>("program-heading"),
  programNote: $<HTMLElement>("program-note"),
  python: $<HTMLPreElement>("python"),
  printed: $<HTMLPreElement>("printed"),
  views: $<HTMLElement>("views"),
  viewsNote: $<HTMLElement>("views-note"),
  viewsGrid: $<HTMLElement>("views-grid"),
  curves: $<HTMLDivElement>("curves"),
  boundary: $<HTMLDivElement>("boundary"),
  boundaryPanel: $<HTMLElement>("boundary-panel"),
  weights: $<HTMLDivElement>("weights"),
  directions: $<HTMLDivElement>("directions"),
  surface: $<HTMLDivElement>("surface"),
  surfaceX: $<HTMLSelectElement>("surface-x"),
  surfaceY: $<HTMLSelectElement>("surface-y"),
  code: $<HTMLPreElement>("code"),
  copy: $<HTMLButtonElement>("copy"),
  copyStatus: $<HTMLSpanElement>("copy-status"),
  permalink: $<HTMLAnchorElement>("permalink"),
};

// ---- the form ----------------------------------------------------------------------------------

function fillSelect(select: HTMLSelectElement, values: readonly string[], label: (value: string) => string = (v) => v): void {
  select.replaceChildren(...values.map((value) => new Option(label(value), value)));
}

function setUpForm(): void {
  // the ids are short enough for a narrow column; the program's full title heads its panel
  fillSelect(ui.program, ["none", ...PROGRAM_IDS], (id) => (id === "none" ? "none (data set)" : id));
  ui.program.title = "The blog's programs: " + PROGRAMS.map((p) => `${p.id}: ${p.title}`).join("; ");
  fillSelect(ui.dataset, DATASET_IDS, (id) => DATASET_LABELS[id] ?? id);
  fillSelect(ui.activation, ACTIVATION_NAMES);
  fillSelect(ui.output, OUTPUT_ACTIVATION_NAMES);
  fillSelect(ui.loss, LOSS_NAMES);
  fillSelect(ui.optimizer, OPTIMIZER_IDS, (id) => OPTIMIZER_LABELS[id as OptimizerId] ?? id);
}

function writeForm(s: Settings): void {
  ui.program.value = s.program ?? "none";
  ui.dataset.value = s.dataset;
  ui.samples.value = String(s.samples);
  ui.noise.value = String(s.noise);
  ui.seed.value = String(s.seed);
  ui.hidden.value = s.hidden.join(",");
  ui.activation.value = s.activation;
  ui.output.value = s.outputActivation;
  ui.bias.checked = s.bias;
  ui.loss.value = s.loss;
  ui.optimizer.value = s.optimizer;
  ui.alpha.value = String(s.alpha);
  ui.batch.value = s.batchSize === null ? "full" : String(s.batchSize);
  ui.iterations.value = String(s.iterations);
}

/** The form as the URL's key/value pairs (read element by element: a disabled control is still a setting). */
function formPairs(): [string, string][] {
  return [
    ["program", ui.program.value],
    ["dataset", ui.dataset.value],
    ["samples", ui.samples.value],
    ["noise", ui.noise.value],
    ["seed", ui.seed.value],
    ["hidden", ui.hidden.value],
    ["activation", ui.activation.value],
    ["output", ui.output.value],
    ["bias", ui.bias.checked ? "1" : "0"],
    ["loss", ui.loss.value],
    ["optimizer", ui.optimizer.value],
    ["alpha", ui.alpha.value],
    ["batch", ui.batch.value],
    ["iterations", ui.iterations.value],
  ];
}

function showNotes(notes: readonly string[]): void {
  ui.notes.hidden = notes.length === 0;
  ui.notes.replaceChildren(
    ...notes.map((note) => {
      const p = document.createElement("p");
      p.textContent = note;
      return p;
    }),
  );
}

// ---- the run -----------------------------------------------------------------------------------

/** A data-set run: the network and everything that continues with it across Pause and Train. */
interface Run {
  net: Network;
  data: DataSet;
  optimizer: Optimizer;
  changes: DirectionChanges;
  /** iterations completed so far, over every trainAsync of this run */
  done: number;
  /** the loss and mean |error| of every iteration (before its update) */
  history: { loss: number[]; meanAbsoluteError: number[] };
  /** all weights (flattened in net.weights() order) at each recorded point, for the descent path */
  path: number[][];
  recordPath: boolean;
}

let settings: Settings = defaultSettings();
let state: State = "idle";
let run: Run | null = null;
let controller: AbortController | null = null;

function setState(next: State): void {
  state = next;
  document.body.dataset.state = next;
  const training = next === "training";
  // keep keyboard focus on a usable button: the focused one may be about to be disabled
  const focused = document.activeElement;
  const focusInForm = focused instanceof HTMLElement && ui.form.contains(focused) && focused !== ui.reset;
  ui.pause.disabled = !training;
  ui.train.disabled = false;
  if (training && focusInForm) ui.pause.focus();
  if (!training && focused === ui.pause) ui.train.focus();
  ui.train.disabled = training;
  for (const fieldset of Array.from(ui.form.querySelectorAll("fieldset"))) fieldset.disabled = training;
  ui.train.textContent = next === "paused" && settings.program === null ? "Continue" : "Train";
}

function buildRun(s: Settings): Run {
  // the same data, network and optimizer as the "As code" text makes (code.ts)
  checkSettings(s);
  const data = makeDataset(s);
  const net = networkFor(s, data);
  const weightCount = net.weights().reduce((n, w) => n + w.length * (w[0]?.length ?? 0), 0);
  const r: Run = {
    net,
    data,
    optimizer: optimizerFor(s),
    changes: new DirectionChanges(),
    done: 0,
    history: { loss: [], meanAbsoluteError: [] },
    path: [],
    recordPath: weightCount <= 4096,
  };
  if (r.recordPath) r.path.push(net.weights().flat(2));
  return r;
}

/** Points of the descent path per run: enough for a smooth path, few enough to draw every frame. */
const PATH_POINTS = 500;

async function trainDataset(): Promise<void> {
  if (run === null) run = buildRun(settings);
  const r = run;
  const remaining = settings.iterations - r.done;
  if (remaining <= 0) {
    setState("done");
    return;
  }
  // a Reset during this run replaces `controller`: this run then leaves the page's state alone
  const mine = new AbortController();
  controller = mine;
  const signal = mine.signal;
  const pathEvery = Math.max(1, Math.ceil(settings.iterations / PATH_POINTS));
  const start = r.done;
  let lastIteration = -1;
  const counter: TrainingMonitor = {
    afterUpdate: ({ iteration }) => {
      lastIteration = iteration;
    },
  };
  setState("training");
  const t0 = performance.now();
  try {
    const summary = await r.net.trainAsync(r.data.X, r.data.y, {
      ...trainOptionsFor(settings, r.optimizer),
      iterations: remaining,
      monitors: [r.changes, counter],
      signal,
      // every iteration: the curves view draws one value per iteration
      progressEvery: 1,
      onProgress: ({ iteration, loss, meanAbsoluteError }) => {
        r.history.loss.push(loss);
        r.history.meanAbsoluteError.push(meanAbsoluteError);
        if (r.recordPath && (start + iteration) % pathEvery === 0) r.path.push(r.net.weights().flat(2));
        scheduleDraw();
      },
    });
    r.done = start + summary.iterations;
    if (controller !== mine) return;
    setState("done");
    ui.status.textContent = `Done: ${r.done} iterations in ${((performance.now() - t0) / 1000).toFixed(1)} s; ${statusNumbers(r)}`;
  } catch (error) {
    r.done = start + lastIteration + 1;
    if (controller !== mine) return;
    if (signal.aborted) {
      setState("paused");
      ui.status.textContent = `Paused at iteration ${r.done}; ${statusNumbers(r)}`;
    } else {
      fail(error);
    }
  } finally {
    if (controller === mine) {
      controller = null;
      draw(true);
    }
  }
}

function statusNumbers(r: Run): string {
  const n = r.history.loss.length;
  if (n === 0) return "no iteration yet";
  return `loss ${format(r.history.loss[n - 1]!)}, mean |error| ${format(r.history.meanAbsoluteError[n - 1]!)}`;
}

const format = (x: number): string => (Number.isFinite(x) ? (Math.abs(x) >= 1e-3 && Math.abs(x) < 1e4 ? x.toPrecision(4) : x.toExponential(3)) : String(x));

async function trainProgram(): Promise<void> {
  const program = programById(settings.program!);
  const mine = new AbortController();
  controller = mine;
  const signal = mine.signal;
  ui.printed.textContent = "";
  let buffer = "";
  let flush = 0;
  const print = (line: string): void => {
    buffer += `${line}\n`;
    if (flush === 0) {
      flush = requestAnimationFrame(() => {
        flush = 0;
        if (controller === mine) ui.printed.append(buffer);
        buffer = "";
      });
    }
  };
  setState("training");
  ui.status.textContent = `Running ${program.id}...`;
  const t0 = performance.now();
  try {
    await program.run(print, signal);
    cancelAnimationFrame(flush);
    flush = 0;
    if (controller !== mine) return;
    ui.printed.append(buffer);
    setState("done");
    ui.status.textContent = `Done: ${program.id} in ${((performance.now() - t0) / 1000).toFixed(1)} s.`;
  } catch (error) {
    cancelAnimationFrame(flush);
    flush = 0;
    if (controller !== mine) return;
    ui.printed.append(buffer);
    if (signal.aborted) {
      setState("paused");
      ui.status.textContent = `Stopped ${program.id}; Train runs it again from the start.`;
    } else {
      fail(error);
    }
  } finally {
    if (controller === mine) controller = null;
  }
}

function fail(error: unknown): void {
  setState("error");
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  ui.status.textContent = "Could not train these settings.";
  showNotes([message]);
}

function train(): void {
  if (state === "training") return;
  showNotes([]);
  if (settings.program !== null) {
    void trainProgram();
    return;
  }
  // a finished run trains again from the start (a paused one continues)
  if (run !== null && run.done >= settings.iterations) reset();
  try {
    if (run === null) run = buildRun(settings);
  } catch (error) {
    fail(error);
    return;
  }
  void trainDataset();
}

function pause(): void {
  controller?.abort();
}

function reset(): void {
  controller?.abort();
  controller = null;
  run = null;
  ui.printed.textContent = "";
  setState("idle");
  ui.status.textContent = "Ready.";
  try {
    if (settings.program === null) run = buildRun(settings);
  } catch (error) {
    fail(error);
  }
  refreshWeightChoices();
  draw(true);
}

// ---- the views ---------------------------------------------------------------------------------

let frame = 0;
let lastDraw = 0;

function scheduleDraw(): void {
  if (frame !== 0) return;
  frame = requestAnimationFrame((now) => {
    frame = 0;
    if (now - lastDraw < 100) {
      scheduleDraw();
      return;
    }
    draw(false);
  });
}

function snapshot(r: Run): Snapshot {
  const counts = r.changes.counts();
  const names = r.net
    .parameters()
    .filter((p) => p.isWeight)
    .map((p) => p.name);
  const directionChanges = names.map((name, k) => counts[name] ?? r.net.weights()[k]!.map((row) => row.map(() => 0)));
  return { net: r.net, history: { loss: r.history.loss, meanAbsoluteError: r.history.meanAbsoluteError }, data: r.data, directionChanges };
}

/** Weight choices for the error surface: every weight, as "W0[i][j]". */
function refreshWeightChoices(): void {
  const weights = run?.net.weights() ?? [];
  const names = run?.net.parameters().filter((p) => p.isWeight).map((p) => p.name) ?? [];
  const options: string[] = [];
  weights.forEach((w, k) => w.forEach((row, i) => row.forEach((_, j) => options.push(`${names[k] ?? `W${k}`}[${i}][${j}]`))));
  const keepX = ui.surfaceX.value;
  const keepY = ui.surfaceY.value;
  fillSelect(ui.surfaceX, options);
  fillSelect(ui.surfaceY, options);
  ui.surfaceX.value = options.includes(keepX) ? keepX : (options[0] ?? "");
  ui.surfaceY.value = options.includes(keepY) && keepY !== ui.surfaceX.value ? keepY : (options[1] ?? options[0] ?? "");
}

function setSvg(container: HTMLElement, make: () => string): void {
  try {
    container.innerHTML = make();
  } catch (error) {
    const p = document.createElement("p");
    p.className = "empty";
    p.textContent = error instanceof Error ? error.message : String(error);
    container.replaceChildren(p);
  }
}

function empty(container: HTMLElement, text: string): void {
  const p = document.createElement("p");
  p.className = "empty";
  p.textContent = text;
  container.replaceChildren(p);
}

let lastSurface = 0;

function draw(final: boolean): void {
  lastDraw = performance.now();
  if (run !== null && state === "training") ui.status.textContent = `Training: iteration ${run.history.loss.length} of ${settings.iterations}; ${statusNumbers(run)}`;
  ui.viewsNote.hidden = settings.program === null;
  ui.viewsGrid.hidden = settings.program !== null;
  if (settings.program !== null) return;
  if (run === null) {
    for (const c of [ui.curves, ui.weights, ui.directions, ui.boundary, ui.surface]) empty(c, "Nothing to draw: these settings do not make a network (see the note above).");
    return;
  }
  const r = run;
  const snap = snapshot(r);
  setSvg(ui.curves, () => curvesSvg(snap.history));
  setSvg(ui.weights, () => weightsHeatmapSvg(r.net));
  setSvg(ui.directions, () => directionCountsSvg(snap.directionChanges));
  ui.boundaryPanel.hidden = !r.data.planar;
  if (r.data.planar) setSvg(ui.boundary, () => decisionBoundarySvg(r.net, r.data));
  // the surface is a grid of forward passes: at most twice a second while training
  if (final || performance.now() - lastSurface > 500) {
    lastSurface = performance.now();
    drawSurface(snap);
  }
}

function drawSurface(snap: Snapshot): void {
  const r = run;
  if (r === null) return;
  const pick = (value: string) => {
    const m = /^(\w+)\[(\d+)\]\[(\d+)\]$/.exec(value);
    return m === null ? null : { parameter: m[1]!, row: Number(m[2]), col: Number(m[3]) };
  };
  const x = pick(ui.surfaceX.value);
  const y = pick(ui.surfaceY.value);
  if (x === null || y === null) {
    empty(ui.surface, "This network has no weights to pick.");
    return;
  }
  // index of each picked weight in the flattened path
  const weights = r.net.weights();
  const names = r.net.parameters().filter((p) => p.isWeight).map((p) => p.name);
  const flatIndex = (w: { parameter: string; row: number; col: number }): number => {
    let offset = 0;
    for (let k = 0; k < weights.length; k++) {
      const cols = weights[k]![0]?.length ?? 0;
      if (names[k] === w.parameter) return offset + w.row * cols + w.col;
      offset += weights[k]!.length * cols;
    }
    return -1;
  };
  const ix = flatIndex(x);
  const iy = flatIndex(y);
  const path = r.recordPath ? r.path.map((p) => [p[ix]!, p[iy]!] as const) : [];
  // a grid of forward passes over the data: coarser while training, so that the page keeps up
  const steps = state === "training" ? 25 : 41;
  setSvg(ui.surface, () => errorSurfaceViewSvg(snap.net, snap.data, [x, y], { path, loss: settings.loss, steps }));
}

// ---- code, URL, events -------------------------------------------------------------------------

function showCode(): void {
  try {
    ui.code.textContent = codeFor(settings);
  } catch (error) {
    ui.code.textContent = `// These settings make no network: ${error instanceof Error ? error.message : String(error)}`;
  }
}

function showProgram(): void {
  const id = settings.program;
  ui.programPanel.hidden = id === null;
  ui.programHelp.hidden = id === null;
  document.body.dataset.mode = id === null ? "dataset" : "program";
  // a blog program fixes its own data, network and training: only the program select applies
  for (const el of Array.from(ui.form.querySelectorAll<HTMLInputElement | HTMLSelectElement>("input, select"))) {
    if (el !== ui.program) el.disabled = id !== null;
  }
  // samples and noise shape only the generated data sets (moons, circles, spirals)
  if (id === null) ui.samples.disabled = ui.noise.disabled = !isGenerated(settings.dataset);
  if (id === null) return;
  const program = programById(id);
  ui.programHeading.textContent = program.title;
  ui.python.textContent = program.python;
  ui.programNote.textContent = program.exact
    ? "tinynn prints what numpy prints, byte for byte."
    : "tinynn prints what numpy prints, except in the sweep's chaotic runs, where the later digits differ (a 1-ulp difference that training amplifies).";
}

function updateUrl(): void {
  const query = urlFor(settings);
  history.replaceState(null, "", query);
  ui.permalink.href = urlFor(settings, { autorun: true });
}

function onSettingsChanged(): void {
  const read = readSettings(formPairs());
  settings = read.settings;
  showNotes(read.notes);
  if (read.notes.length > 0) writeForm(settings);
  updateUrl();
  showProgram();
  showCode();
  reset();
}

function copyCode(): void {
  const text = ui.code.textContent ?? "";
  const done = (message: string) => {
    ui.copyStatus.textContent = message;
    setTimeout(() => {
      ui.copyStatus.textContent = "";
    }, 2000);
  };
  if (navigator.clipboard === undefined) {
    selectCode();
    done("Selected: press Ctrl+C (or Cmd+C) to copy.");
    return;
  }
  navigator.clipboard.writeText(text).then(
    () => done("Copied."),
    () => {
      selectCode();
      done("Selected: press Ctrl+C (or Cmd+C) to copy.");
    },
  );
}

function selectCode(): void {
  const range = document.createRange();
  range.selectNodeContents(ui.code);
  const selection = getSelection();
  selection?.removeAllRanges();
  selection?.addRange(range);
}

function start(): void {
  setUpForm();
  const read = readSettings(location.search);
  settings = read.settings;
  writeForm(settings);
  showNotes(read.notes);
  history.replaceState(null, "", urlFor(settings, { autorun: read.autorun }));
  ui.permalink.href = urlFor(settings, { autorun: true });
  showProgram();
  showCode();
  setState("idle");
  try {
    if (settings.program === null) run = buildRun(settings);
  } catch (error) {
    fail(error);
  }
  refreshWeightChoices();
  draw(true);

  ui.form.addEventListener("change", (event) => {
    if (event.target === ui.surfaceX || event.target === ui.surfaceY) return;
    onSettingsChanged();
  });
  ui.form.addEventListener("submit", (event) => {
    event.preventDefault();
    // Enter in a text field submits before its change event: take the field's value first
    const read = readSettings(formPairs());
    if (urlFor(read.settings) !== urlFor(settings)) onSettingsChanged();
    train();
  });
  ui.pause.addEventListener("click", pause);
  ui.reset.addEventListener("click", reset);
  ui.copy.addEventListener("click", copyCode);
  for (const select of [ui.surfaceX, ui.surfaceY]) {
    select.addEventListener("change", () => {
      if (run !== null) drawSurface(snapshot(run));
    });
  }
  if (read.autorun) train();
}

start();
