import { describe, SerializationError } from "../errors.js";
import { Adagrad } from "./adagrad.js";
import { Adam } from "./adam.js";
import { GradientDescent } from "./gradient-descent.js";
import { Momentum } from "./momentum.js";
import type { Optimizer, OptimizerJSON } from "./optimizer.js";
import { RMSprop } from "./rmsprop.js";
import { scheduleFromJSON, type LearningRate } from "./schedule.js";
import { StatefulOptimizer } from "./stateful-optimizer.js";

/**
 * Restores a built-in optimizer, with its state, from {@link OptimizerJSON}, so training resumes
 * with the same moments and update count.
 *
 * ```text
 * optimizerFromJSON(opt.toJSON()) behaves exactly as opt from then on
 * ```
 *
 * @param json - from `optimizer.toJSON()` or `net.toJSON({ optimizer }).optimizer`
 * @param options - `alpha`: the learning rate to use when it was your own schedule function (saved as null)
 * @throws {@link SerializationError} If the type is unknown or a field is malformed.
 *
 * @example
 * const saved = JSON.parse(JSON.stringify(net.toJSON({ optimizer: adam })));
 * const net2 = Network.fromJSON(saved);
 * const adam2 = optimizerFromJSON(saved.optimizer);
 * net2.train(X, y, { optimizer: adam2, iterations: 100 }); // => the same as continuing with adam
 */
export function optimizerFromJSON(json: unknown, options: { alpha?: LearningRate } = {}): Optimizer {
  if (typeof json !== "object" || json === null) throw new SerializationError(`optimizer json must be an object, got ${describe(json)}`);
  const j = json as OptimizerJSON;
  let alpha: LearningRate;
  if (options.alpha !== undefined) alpha = options.alpha;
  else if (typeof j.alpha === "number") alpha = j.alpha;
  else if (j.alpha === null) {
    throw new SerializationError("optimizer json.alpha is null (it was your own schedule function): pass it again with optimizerFromJSON(json, { alpha })");
  } else alpha = scheduleFromJSON(j.alpha);
  const h = (typeof j.hyperparameters === "object" && j.hyperparameters !== null ? j.hyperparameters : {}) as Record<string, never>;
  let opt: Optimizer;
  try {
    switch (j.type) {
      case "gradientDescent":
        return new GradientDescent({ alpha });
      case "momentum":
        opt = new Momentum({ ...h, alpha });
        break;
      case "adam":
        opt = new Adam({ ...h, alpha });
        break;
      case "rmsprop":
        opt = new RMSprop({ ...h, alpha });
        break;
      case "adagrad":
        opt = new Adagrad({ ...h, alpha });
        break;
      default:
        throw new SerializationError(
          `optimizer json.type ${describe(j.type)} is unknown; known: gradientDescent, momentum, adam, rmsprop, adagrad`,
        );
    }
  } catch (e) {
    if (e instanceof SerializationError) throw e;
    throw new SerializationError(`optimizer json has an invalid hyperparameter: ${(e as Error).message}`);
  }
  (opt as StatefulOptimizer).loadState(j);
  return opt;
}
