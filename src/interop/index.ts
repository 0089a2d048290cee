// tinynn/interop: a trained network in the formats other runtimes load (TF.js / Keras, ONNX, a
// standalone ES module), and a TF.js / Keras Sequential model brought into tinynn. A subpath of its
// own, so that an app that never exports bundles none of it.

export { toTfjsArtifacts, fromTfjsArtifacts, type TfjsArtifacts } from "./tfjs.js";
export { toOnnx, type OnnxOptions } from "./onnx.js";
export { toStandaloneModule } from "./standalone.js";
