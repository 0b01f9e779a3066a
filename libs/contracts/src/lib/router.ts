import { z } from 'zod';
import type { Intent } from './intents';
import { ROUTING_PREFERENCES, type RoutingPreference } from './run-limits';
import { chatMessageSchema } from './runs';

/** Microservice message patterns of `apps/router` (Redis transport). */
export const ROUTER_PATTERNS = {
  classify: 'router.classify',
  route: 'router.route',
} as const;

/** Longest text the classifier is asked about; longer prompts are rejected by the router. */
export const MAX_CLASSIFY_CHARS = 64_000;

export const classifyRequestSchema = z
  .object({ text: z.string().trim().min(1, 'text must not be empty').max(MAX_CLASSIFY_CHARS) })
  .strict();
export type ClassifyRequest = z.infer<typeof classifyRequestSchema>;

export interface ClassifyResult {
  intent: Intent;
  confidence: number;
  /** Probability of each of the eight intents; they sum to 1. */
  probabilities: Record<Intent, number>;
  modelVersion: string;
  latencyMs: number;
}

export const routeRequestSchema = z
  .object({
    messages: z.array(chatMessageSchema).min(1),
    preference: z.enum(ROUTING_PREFERENCES).optional(),
  })
  .strict();
export type RouteRequest = z.infer<typeof routeRequestSchema>;

/** A model the policy considered, and why it was or was not picked. */
export interface RouteCandidate {
  modelId: string;
  score: number;
  eligible: boolean;
  note?: string;
}

/** The routing decision shown with a routed run. */
export interface RouteDecision {
  intent: Intent | null;
  confidence: number | null;
  probabilities: Record<Intent, number> | null;
  modelId: string;
  candidates: RouteCandidate[];
  reason: string;
  preference: RoutingPreference;
  /** True when the router did not answer in time (or failed) and the policy's default model was used. */
  fallback: boolean;
  modelVersion?: string;
}

/** Error payload of the router's RPC replies. */
export interface RouterError {
  code: 'invalid_request' | 'not_ready' | 'internal';
  message: string;
}

