// The one public entry of tinynn: named exports only, no logic.

export {
  TinyNNError,
  ShapeError,
  DataError,
  ConfigError,
  SerializationError,
  TrainingError,
  LimitError,
  WorkerError,
  type ErrorCode,
} from "./errors.js";
export { numpyRandom, seededRandom, type Random, type RandomState, type MersenneTwisterState, type Arc4State } from "./random.js";

export { zeros, fromRows, toRows, type Matrix, type MatrixInput, type NdArrayLike } from "./matrix/matrix.js";
export { asNdarray } from "./matrix/ndarray.js";

export type { Activation } from "./activations/activation.js";
export { sigmoid, tanh, relu, leakyRelu, identity, activations } from "./activations/builtins.js";
export type { ActivationName } from "./activations/builtins.js";
// exp, expm1, tanh, log and log1p with the same bits in every engine (what the built-ins use)
export { exactMath } from "./math/exact-math.js";
export type { Loss } from "./losses/loss.js";
export { sse, mse, losses } from "./losses/builtins.js";
export type { LossName } from "./losses/builtins.js";

export type { Parameter } from "./layers/parameter.js";
export type { Layer, LayerJSON } from "./layers/layer.js";
export { Dense, type DenseOptions, type DenseJSON } from "./layers/dense.js";

export type { Optimizer } from "./optimizers/optimizer.js";
export { GradientDescent, type GradientDescentOptions } from "./optimizers/gradient-descent.js";

export type { TrainingMonitor, StepInfo } from "./monitors/monitor.js";
export { DirectionChanges } from "./monitors/direction-changes.js";

export { Network, type NetworkOptions, type Evaluation, type PredictOptions } from "./network/network.js";
export type { CloneOptions } from "./network/inspect.js";
export type { TrainOptions, TrainingSummary, TrainingHistory, Progress, Metric, MetricName, NamedMetric, MetricHistory } from "./engine/options.js";
export type { AsyncTrainOptions, AbortSignalLike } from "./engine/train-async.js";
export { FORMAT_VERSION, type NetworkJSON, type FromJSONOptions, type TrainingStateJSON } from "./network/serialization.js";

export { formatFloat, formatMatrix } from "./format/numpy-format.js";

// The blog's future work: optimizers, schedules, regularization, clipping, dropout, batch norm, classification,
// initialisation schemes and early stopping.
export { crossEntropy, binaryCrossEntropy } from "./losses/builtins.js";
export { Dropout, type DropoutOptions, type DropoutJSON } from "./layers/dropout.js";
export { BatchNorm, type BatchNormOptions, type BatchNormJSON } from "./layers/batch-norm.js";
export { Softmax, type SoftmaxJSON } from "./layers/softmax.js";
export {
  uniform,
  xavierUniform,
  xavierNormal,
  heUniform,
  heNormal,
  initializers,
  type Initializer,
  type InitializerName,
} from "./layers/initializers.js";
export type { OptimizerJSON } from "./optimizers/optimizer.js";
export { StatefulOptimizer } from "./optimizers/stateful-optimizer.js";
export { Momentum, type MomentumOptions } from "./optimizers/momentum.js";
export { Adam, type AdamOptions } from "./optimizers/adam.js";
export { RMSprop, type RMSpropOptions } from "./optimizers/rmsprop.js";
export { Adagrad, type AdagradOptions } from "./optimizers/adagrad.js";
export { optimizerFromJSON } from "./optimizers/optimizer-from-json.js";
export {
  stepDecay,
  exponentialDecay,
  inverseTimeDecay,
  scheduleFromJSON,
  type Schedule,
  type LearningRate,
  type ScheduleJSON,
} from "./optimizers/schedule.js";
export {
  regularizationPenalty,
  addRegularizationGradient,
  type Regularization,
} from "./optimizers/regularization.js";
export { clipGradientsByValue, clipGradientsByNorm } from "./optimizers/clipping.js";
export { oneHot, argmaxRows, accuracy } from "./data/classification.js";
export type { EarlyStopping, ValidationData, BestCheck } from "./engine/options.js";

// The gradient-descent lab: look inside, sweep, check, plot.
export { LargestWeight, type RecordEvery } from "./monitors/largest-weight.js";
export { UpdateSizes } from "./monitors/update-sizes.js";
export { trace, type TraceOptions, type TraceStep } from "./lab/trace.js";
export { sweep, type SweepOptions, type SweepResult, type SweepPoint } from "./lab/sweep.js";
export {
  checkGradients,
  type GradientCheckOptions,
  type GradientCheckReport,
  type GradientCheckEntry,
} from "./lab/check-gradients.js";
export { errorSurface, type ErrorSurface, type ErrorSurfaceOptions, type SurfaceAxis, type SurfacePoint } from "./lab/error-surface.js";
export { progressReporter, type ProgressStream, type ProgressReporterOptions } from "./lab/progress.js";
export { trainingCurveSvg, type TrainingCurveOptions, type HistoryMetric } from "./plot/training-curve.js";
export { sweepCurvesSvg, type SweepCurvesOptions, type LabelledHistory } from "./plot/sweep-curves.js";
export { errorSurfaceSvg, type HeatmapOptions } from "./plot/heatmap.js";
export { sparkline, terminalCurve, type TerminalPlotOptions } from "./plot/terminal.js";

// Training in another thread: a Web Worker or a worker_threads Worker.
export {
  trainInWorker,
  serveTraining,
  type MessagePortLike,
  type WorkerTrainOptions,
  type WorkerTrainingResult,
  type ServeTrainingOptions,
} from "./workers/train-in-worker.js";
