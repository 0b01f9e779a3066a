import { z } from 'zod';
import { commonEnvShape, intSetting, parseEnv } from '@parallax/service-config';

const gatewayEnvSchema = z.object({
  ...commonEnvShape,
  PORT: intSetting(3000, 0, 65535),
  HOST: z.string().default('0.0.0.0'),
  /** Comma-separated allowed origins for browsers on another origin; `*` allows any. Empty: same origin only. */
  CORS_ORIGINS: z.string().default(''),
  /** Largest accepted request body, in bytes. */
  BODY_LIMIT_BYTES: intSetting(512 * 1024, 1024),
  /** How long routed mode waits for the router before using the default model. */
  ROUTER_TIMEOUT_MS: intSetting(300, 10, 10_000),
  /** Folder of the built web app to serve at `/`; empty disables. */
  WEB_DIST_DIR: z.string().default('dist/apps/web/browser'),
  /** Bearer token of the operator API, `/ops` socket and queue board; unset (or empty) disables them with 503. */
  PARALLAX_OPS_TOKEN: z
    .string()
    .refine((t) => t === '' || t.length >= 16, 'must be at least 16 characters (e.g. `openssl rand -hex 24`)')
    .default(''),
  PARALLAX_OPS_SLO_TTFT_P95_MS: intSetting(2000, 1),
  PARALLAX_OPS_SLO_TPS_P50_MIN: intSetting(20, 0),
  PARALLAX_OPS_SLO_ERROR_RATE: z.coerce.number().min(0).max(1).default(0.05),
  /** How often each gateway pushes an ops snapshot to its own `/ops` sockets. */
  PARALLAX_OPS_PUSH_INTERVAL_MS: intSetting(1000, 100, 60_000),
});

/** The gateway's settings, validated once at boot. */
export function loadGatewayConfig(env: Record<string, string | undefined>) {
  const e = parseEnv(gatewayEnvSchema, env);
  const origins = e.CORS_ORIGINS.split(',').map((o) => o.trim()).filter(Boolean);
  return {
    port: e.PORT,
    host: e.HOST,
    redisUrl: e.REDIS_URL,
    logLevel: e.LOG_LEVEL,
    modelsFile: e.PARALLAX_MODELS_FILE,
    cors: origins.includes('*') ? true : origins.length ? origins : false,
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    runLog: { ttlSeconds: e.PARALLAX_RUN_TTL_SECONDS, maxLen: e.PARALLAX_RUN_LOG_MAX_EVENTS },
    router: { timeoutMs: e.ROUTER_TIMEOUT_MS },
    routingFile: e.PARALLAX_ROUTING_FILE,
    webDistDir: e.WEB_DIST_DIR,
    ops: {
      token: e.PARALLAX_OPS_TOKEN || null,
      slo: { ttftP95Ms: e.PARALLAX_OPS_SLO_TTFT_P95_MS, tpsP50Min: e.PARALLAX_OPS_SLO_TPS_P50_MIN, errorRateMax: e.PARALLAX_OPS_SLO_ERROR_RATE },
      pushIntervalMs: e.PARALLAX_OPS_PUSH_INTERVAL_MS,
    },
    /** Provider URLs and keys named by the registry are read from here, and nowhere else. */
    providerEnv: env,
  };
}

export type GatewayConfig = ReturnType<typeof loadGatewayConfig>;
export const GATEWAY_CONFIG = Symbol('GATEWAY_CONFIG');
