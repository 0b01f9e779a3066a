import { z } from 'zod';
import { INTENT_LABELS } from './intents';

/** Identifiers of models, providers and lanes: safe in URLs, queue names and Redis keys. */
export const slugSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'lower-case letters, digits, ".", "_" or "-", at most 64 characters');

/** Per-intent strength in [0, 1] that the routing policy ranks models by. */
export const intentStrengthsSchema = z.partialRecord(z.enum(INTENT_LABELS), z.number().min(0).max(1));

/** Caps BullMQ applies to a provider's lane so one provider's limits never stall another's. */
export const laneLimitsSchema = z.object({
  concurrency: z.number().int().min(1).max(1000).default(16),
  rateLimit: z.object({ max: z.number().int().min(1), durationMs: z.number().int().min(1) }).optional(),
});

/** A provider entry in the model registry file. */
export const providerDefinitionSchema = z.object({
  id: slugSchema,
  label: z.string().min(1),
  /** OpenAI-compatible base URL; `${VAR}` and `${VAR:-default}` are expanded from the environment. */
  baseUrl: z.string().min(1),
  /** Name of the environment variable holding the API key; omit for providers that need none. */
  apiKeyEnv: z.string().regex(/^[A-Z_][A-Z0-9_]*$/).optional(),
  /** Other environment variables that must be set for the provider to count as available (e.g. a local server's URL). */
  requiresEnv: z.array(z.string().regex(/^[A-Z_][A-Z0-9_]*$/)).default([]),
  /** BullMQ lane (`inference.<lane>`); defaults to the provider id. */
  lane: slugSchema.optional(),
  limits: laneLimitsSchema.default({ concurrency: 16 }),
  /** True for the built-in simulator: its models are labelled as simulated everywhere. */
  simulated: z.boolean().default(false),
});

/** A model entry in the model registry file. */
export const modelDefinitionSchema = z.object({
  id: slugSchema,
  label: z.string().min(1),
  provider: slugSchema,
  /** The model name the provider's API expects. */
  model: z.string().min(1),
  contextWindow: z.number().int().positive(),
  /** USD per million tokens. */
  pricing: z.object({ inputPerMTok: z.number().min(0), outputPerMTok: z.number().min(0) }),
  reasoning: z.boolean().default(false),
  strengths: intentStrengthsSchema.default({}),
});

/** The whole registry file (JSON or YAML). */
export const modelRegistryFileSchema = z
  .object({
    providers: z.array(providerDefinitionSchema).min(1),
    models: z.array(modelDefinitionSchema).min(1),
  })
  .superRefine((file, ctx) => {
    const providerIds = new Set(file.providers.map((p) => p.id));
    const seen = new Set<string>();
    file.models.forEach((model, index) => {
      if (!providerIds.has(model.provider)) {
        ctx.addIssue({ code: 'custom', path: ['models', index, 'provider'], message: `unknown provider "${model.provider}"` });
      }
      if (seen.has(model.id)) {
        ctx.addIssue({ code: 'custom', path: ['models', index, 'id'], message: `duplicate model id "${model.id}"` });
      }
      seen.add(model.id);
    });
  });

export type ProviderDefinition = z.infer<typeof providerDefinitionSchema>;
export type ModelDefinition = z.infer<typeof modelDefinitionSchema>;
export type ModelRegistryFile = z.infer<typeof modelRegistryFileSchema>;

/** What `GET /api/models` says of one model: everything a browser may see, never a key. */
export interface ModelSummary {
  id: string;
  label: string;
  providerId: string;
  providerLabel: string;
  lane: string;
  contextWindow: number;
  pricing: { inputPerMTok: number; outputPerMTok: number };
  reasoning: boolean;
  simulated: boolean;
  strengths: Partial<Record<(typeof INTENT_LABELS)[number], number>>;
  available: boolean;
  /** Why the model cannot run, e.g. "set NVIDIA_API_KEY"; absent when available. */
  unavailableReason?: string;
}

/** Response of `GET /api/models`. */
export interface ModelListResponse {
  models: ModelSummary[];
}
