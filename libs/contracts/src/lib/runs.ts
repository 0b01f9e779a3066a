import { z } from 'zod';
import { slugSchema } from './models';
import type { RouteDecision } from './router';
import { ROUTING_PREFERENCES, RUN_LIMITS, RUN_MODES, type RunMode } from './run-limits';

export const chatMessageSchema = z.object({
  role: z.enum(['system', 'user', 'assistant']),
  content: z
    .string()
    .max(RUN_LIMITS.maxMessageChars, `a message may hold at most ${RUN_LIMITS.maxMessageChars} characters`),
});
export type ChatMessage = z.infer<typeof chatMessageSchema>;

export const conversationSchema = z
  .array(chatMessageSchema)
  .min(1, 'at least one message is required')
  .max(RUN_LIMITS.maxMessages, `at most ${RUN_LIMITS.maxMessages} messages`)
  .refine((messages) => messages.at(-1)?.role === 'user', 'the last message must come from the user')
  .refine((messages) => messages.at(-1)?.content.trim() !== '', 'the last message must not be empty')
  .refine(
    (messages) => messages.reduce((sum, m) => sum + m.content.length, 0) <= RUN_LIMITS.maxTotalChars,
    `the conversation may hold at most ${RUN_LIMITS.maxTotalChars} characters`,
  );

export const runParamsSchema = z
  .object({
    temperature: z.number().min(0).max(2).optional(),
    topP: z.number().gt(0).max(1).optional(),
    maxTokens: z.number().int().min(1).max(RUN_LIMITS.maxOutputTokens).optional(),
  })
  .strict();
export type RunParams = z.infer<typeof runParamsSchema>;

/** Body of `POST /api/runs`. */
export const createRunRequestSchema = z
  .object({
    mode: z.enum(RUN_MODES),
    messages: conversationSchema,
    /** Compare mode: the models to run (default: every available model, up to the limit). */
    models: z
      .array(slugSchema)
      .min(1, 'name at least one model')
      .max(RUN_LIMITS.maxModels, `at most ${RUN_LIMITS.maxModels} models per run`)
      .refine((ids) => new Set(ids).size === ids.length, 'each model may appear once')
      .optional(),
    /**
     * Compare mode: earlier turns per model, so a follow-up continues each model's own conversation.
     * Prepended to `messages` for that model only.
     */
    histories: z.record(slugSchema, z.array(chatMessageSchema).max(RUN_LIMITS.maxMessages)).optional(),
    /** Routed mode: how the policy trades quality against price and latency. */
    preference: z.enum(ROUTING_PREFERENCES).optional(),
    params: runParamsSchema.optional(),
  })
  .strict()
  .superRefine((body, ctx) => {
    if (body.mode === 'routed' && body.models && body.models.length > 0) {
      ctx.addIssue({ code: 'custom', path: ['models'], message: 'routed mode picks the model itself; omit "models"' });
    }
  });
export type CreateRunRequest = z.infer<typeof createRunRequestSchema>;

/** One model's answer inside a run. */
export interface RunTarget {
  targetId: string;
  modelId: string;
}

/** `202` response of `POST /api/runs`. */
export interface RunCreatedResponse {
  runId: string;
  mode: RunMode;
  targets: RunTarget[];
  /** Routed mode: why this model was picked. */
  route?: RouteDecision;
}

/** Per-target figures, defined in the README's metrics section. Times in milliseconds. */
export interface TargetMetrics {
  /** Accepted by the gateway → provider request sent (waiting in the lane, retries included). */
  queueMs: number;
  /** Provider request sent → first delta of any kind. */
  ttftMs: number | null;
  /** Provider request sent → first answer (non-reasoning) delta. */
  ttfaMs: number | null;
  /** Provider request sent → stream ended. */
  e2eMs: number;
  inputTokens: number;
  /** Every generated token, reasoning included (provider usage when reported, else counted). */
  outputTokens: number;
  reasoningTokens: number;
  /** True when token counts came from the provider's usage report. */
  usageReported: boolean;
  /** (e2e − ttft) / (outputTokens − 1). */
  tpotMs: number | null;
  /** outputTokens / ((e2e − ttft) / 1000). */
  tokensPerSecond: number | null;
  interChunkP50Ms: number | null;
  interChunkP95Ms: number | null;
  costUsd: number;
  /** Provider attempts made (1 + retries before the first token). */
  attempts: number;
}

export type TargetState = 'queued' | 'streaming' | 'done' | 'failed' | 'cancelled';

/** One target in `GET /api/runs/:runId`. */
export interface TargetStatus extends RunTarget {
  state: TargetState;
  text: string;
  reasoning: string;
  finishReason?: string;
  metrics?: TargetMetrics;
  error?: { code: string; message: string };
}

/** Response of `GET /api/runs/:runId`. */
export interface RunStatusResponse {
  runId: string;
  mode: RunMode;
  createdAt: number;
  completed: boolean;
  route?: RouteDecision;
  targets: TargetStatus[];
}

/** Body of every 4xx/5xx answer. */
export interface ApiErrorResponse {
  statusCode: number;
  error: string;
  message: string;
  /** Validation failures: the failing field paths and why. */
  issues?: { path: string; message: string }[];
}
