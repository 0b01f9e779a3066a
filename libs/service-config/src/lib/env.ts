import { z } from 'zod';

/** Thrown at boot when a setting is missing or wrong; the message names each variable. */
export class EnvValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration: ${problems.join('; ')}`);
  }
}

/** Validates the environment once, at boot, against an app's schema of variable names. */
export function parseEnv<T extends z.ZodType>(schema: T, env: Record<string, string | undefined>): z.infer<T> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  throw new EnvValidationError(result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
}

/** An integer setting given as a string, with a default and bounds. */
export function intSetting(defaultValue: number, min = 0, max = Number.MAX_SAFE_INTEGER) {
  return z.coerce.number().int().min(min).max(max).default(defaultValue);
}

/** Settings every Parallax service reads. */
export const commonEnvShape = {
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
    .default('redis://127.0.0.1:6379'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  PARALLAX_MODELS_FILE: z.string().min(1).default('config/models.yaml'),
  PARALLAX_ROUTING_FILE: z.string().min(1).default('config/routing.yaml'),
  /** How long a run's events and state stay in Redis. */
  PARALLAX_RUN_TTL_SECONDS: intSetting(3600, 60),
  /** Cap on a run's logged events (approximate). */
  PARALLAX_RUN_LOG_MAX_EVENTS: intSetting(100_000, 100),
};
