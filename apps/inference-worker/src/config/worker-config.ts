import { z } from 'zod';
import { commonEnvShape, intSetting, parseEnv } from '@parallax/service-config';

const workerEnvSchema = z.object({
  ...commonEnvShape,
  /** Comma-separated lanes this process serves; empty serves every lane in the registry. */
  WORKER_LANES: z.string().default(''),
  /** Deltas are flushed at most this often per target (leading edge: the first one goes at once). */
  WORKER_BATCH_INTERVAL_MS: intSetting(16, 0, 1000),
  /** ...or as soon as this many characters are pending. */
  WORKER_BATCH_MAX_CHARS: intSetting(2048, 1),
  WORKER_FIRST_TOKEN_TIMEOUT_MS: intSetting(30_000, 100),
  WORKER_IDLE_TIMEOUT_MS: intSetting(30_000, 100),
  /** Provider attempts per target; retries happen only before the first token. */
  WORKER_MAX_ATTEMPTS: intSetting(3, 1, 10),
  WORKER_RETRY_BASE_MS: intSetting(500, 0),
  WORKER_RETRY_MAX_MS: intSetting(10_000, 0),
  /** A job whose worker stops renewing its lock this long is failed as `worker_lost`. */
  WORKER_LOCK_DURATION_MS: intSetting(30_000, 500),
  WORKER_STALLED_INTERVAL_MS: intSetting(15_000, 250),
  /** On SIGTERM, in-flight streams get this long to finish before they are ended as `shutdown`. */
  WORKER_SHUTDOWN_GRACE_MS: intSetting(10_000, 0),
  /** Port of the worker's Prometheus `/metrics`; 0 serves none (several workers on one host need distinct ports). */
  WORKER_METRICS_PORT: intSetting(0, 0, 65535),
  WORKER_METRICS_HOST: z.string().default('0.0.0.0'),
});

/** The worker's settings, validated once at boot. */
export function loadWorkerConfig(env: Record<string, string | undefined>) {
  const e = parseEnv(workerEnvSchema, env);
  return {
    redisUrl: e.REDIS_URL,
    logLevel: e.LOG_LEVEL,
    modelsFile: e.PARALLAX_MODELS_FILE,
    lanes: e.WORKER_LANES.split(',').map((l) => l.trim()).filter(Boolean),
    runLog: { ttlSeconds: e.PARALLAX_RUN_TTL_SECONDS, maxLen: e.PARALLAX_RUN_LOG_MAX_EVENTS },
    batching: { intervalMs: e.WORKER_BATCH_INTERVAL_MS, maxChars: e.WORKER_BATCH_MAX_CHARS },
    timeouts: { firstTokenMs: e.WORKER_FIRST_TOKEN_TIMEOUT_MS, idleMs: e.WORKER_IDLE_TIMEOUT_MS },
    retry: { maxAttempts: e.WORKER_MAX_ATTEMPTS, baseMs: e.WORKER_RETRY_BASE_MS, maxMs: e.WORKER_RETRY_MAX_MS },
    jobs: { lockDurationMs: e.WORKER_LOCK_DURATION_MS, stalledIntervalMs: e.WORKER_STALLED_INTERVAL_MS },
    shutdownGraceMs: e.WORKER_SHUTDOWN_GRACE_MS,
    metricsPort: e.WORKER_METRICS_PORT,
    metricsHost: e.WORKER_METRICS_HOST,
    /** Provider URLs and keys named by the registry file are read from here, and nowhere else. */
    providerEnv: env,
  };
}

export type WorkerConfig = ReturnType<typeof loadWorkerConfig>;
export const WORKER_CONFIG = Symbol('WORKER_CONFIG');
