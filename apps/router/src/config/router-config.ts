import { z } from 'zod';
import { commonEnvShape, intSetting, parseEnv } from '@parallax/service-config';

const routerEnvSchema = z.object({
  ...commonEnvShape,
  /** Folder holding the classifier (config.json, tokenizer.json, tokenizer_config.json, onnx/model*.onnx). */
  ROUTER_MODEL_DIR: z.string().min(1).default('models/intent-router'),
  /** `fp32` loads onnx/model.onnx, `q8` onnx/model_quantized.onnx. */
  ROUTER_MODEL_DTYPE: z.enum(['fp32', 'q8']).default('fp32'),
  /** onnxruntime threads per classification. One is fastest for a small model on few cores; scale with replicas. */
  ROUTER_MODEL_THREADS: intSetting(1, 1, 64),
});

/** The router's settings, validated once at boot. */
export function loadRouterConfig(env: Record<string, string | undefined>) {
  const e = parseEnv(routerEnvSchema, env);
  return {
    redisUrl: e.REDIS_URL,
    logLevel: e.LOG_LEVEL,
    modelsFile: e.PARALLAX_MODELS_FILE,
    routingFile: e.PARALLAX_ROUTING_FILE,
    classifier: { dir: e.ROUTER_MODEL_DIR, dtype: e.ROUTER_MODEL_DTYPE, threads: e.ROUTER_MODEL_THREADS },
    providerEnv: env,
  };
}

export type RouterConfig = ReturnType<typeof loadRouterConfig>;
export const ROUTER_CONFIG = Symbol('ROUTER_CONFIG');
