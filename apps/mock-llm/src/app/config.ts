import { z } from 'zod';
import { parseSpeed } from './pacing';
import { loadProfilesFile, MODEL_PROFILES, ModelProfile } from './profiles';

/** Unset and empty mean the same, so `MOCK_LLM_API_KEY=` in an env file disables auth instead of failing. */
const optionalText = z.preprocess((value) => (value === '' ? undefined : value), z.string().min(1).optional());

const envSchema = z.object({
  MOCK_LLM_PORT: z.coerce.number().int().min(0).max(65535).default(4010),
  MOCK_LLM_HOST: z.string().min(1).default('127.0.0.1'),
  MOCK_LLM_API_KEY: optionalText,
  MOCK_LLM_SPEED: z
    .string()
    .default('1')
    .transform((value, ctx) => {
      const speed = parseSpeed(value);
      if (speed === undefined) ctx.addIssue({ code: 'custom', message: 'expected a positive number, 0 or "max"' });
      return speed ?? 1;
    }),
  MOCK_LLM_PROFILES_FILE: optionalText,
});

export interface MockLlmConfig {
  port: number;
  host: string;
  apiKey: string | undefined;
  speed: number;
  profiles: Record<string, ModelProfile>;
}

/** Thrown with a message that names the offending variable. */
export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv): MockLlmConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(`Invalid ${String(issue.path[0])}: ${issue.message}`);
  }
  const { MOCK_LLM_PORT, MOCK_LLM_HOST, MOCK_LLM_API_KEY, MOCK_LLM_SPEED, MOCK_LLM_PROFILES_FILE } = parsed.data;
  let profiles: Record<string, ModelProfile> = { ...MODEL_PROFILES };
  if (MOCK_LLM_PROFILES_FILE) {
    try {
      profiles = loadProfilesFile(MOCK_LLM_PROFILES_FILE);
    } catch (error) {
      throw new ConfigError(`Invalid MOCK_LLM_PROFILES_FILE: ${(error as Error).message}`);
    }
  }
  return { port: MOCK_LLM_PORT, host: MOCK_LLM_HOST, apiKey: MOCK_LLM_API_KEY, speed: MOCK_LLM_SPEED, profiles };
}
