// The model of the popup: a [2, 4, 1] sigmoid network learning XOR. No DOM here, so that it runs
// (and is tested) anywhere.
import { Network } from "tinynn";

export const XOR_X = [
  [0, 0],
  [0, 1],
  [1, 0],
  [1, 1],
];
export const XOR_Y = [[0], [1], [1], [0]];

/**
 * Trains a fresh network on XOR and returns its output for each row of XOR_X. trainAsync gives the
 * page a turn every 16 ms, so a popup stays responsive while it trains.
 */
export async function trainXor(): Promise<number[]> {
  const net = new Network({ layers: [2, 4, 1], activation: "sigmoid", seed: 1 });
  await net.trainAsync(XOR_X, XOR_Y, { iterations: 5000, alpha: 1 });
  return net.predict(XOR_X).map((row) => row[0]!);
}
