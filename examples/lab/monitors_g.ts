// Part 2, "Let's Take a Closer Look" (program g): how often each weight's update changes direction, how large
// the weights get, and how large the updates are, for each alpha — three monitors on one sweep.
// numpy original: ../../test/fixtures/g_part2_alpha_sweep_direction_counts.json (direction counts are equal).
import { DirectionChanges, LargestWeight, UpdateSizes, formatMatrix, sweep } from "tinynn";

const X = [[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]];
const y = [[0], [1], [1], [0]];

const results = sweep(X, y, {
  network: { layers: [3, 4, 1], bias: false },
  train: { iterations: 60000 },
  grid: { alpha: [0.001, 0.01, 0.1, 1, 10, 100, 1000] },
  monitors: () => [new DirectionChanges(), new LargestWeight(), new UpdateSizes({ every: 10000 })],
});

for (const { point, monitors } of results) {
  const [changes, largest, sizes] = monitors as [DirectionChanges, LargestWeight, UpdateSizes];
  console.log(`\nTraining With Alpha:${String(point.alpha)}`);
  console.log("Synapse 0 Update Direction Changes\n" + formatMatrix(changes.counts().W0!));
  console.log("Synapse 1 Update Direction Changes\n" + formatMatrix(changes.counts().W1!));
  console.log(`direction changes: ${changes.total()}   largest |weight|: ${largest.largest.toFixed(2)}`);
  console.log(`largest update (max |Δw|) every 10000 updates: ${sizes.history.maxAbs.map((v) => v.toExponential(1)).join(" ")}`);
}
