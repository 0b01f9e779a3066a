// onnxruntime-node checks tensors with `instanceof` against the host realm's typed arrays; jest's default
// sandbox has its own, so the sandbox gets the host's constructors.
const { TestEnvironment } = require('jest-environment-node');

class OnnxTestEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    for (const name of ['Float32Array', 'Float64Array', 'Int32Array', 'BigInt64Array', 'Uint8Array', 'Int8Array', 'Uint16Array', 'ArrayBuffer']) {
      this.global[name] = globalThis[name];
    }
  }
}

module.exports = OnnxTestEnvironment;
