/* Plain constants the browser needs, kept apart from the zod schemas so its bundle can leave zod out. */

/** Limits enforced on every run request; the gateway answers 400 past any of them. */
export const RUN_LIMITS = {
  maxMessages: 200,
  maxMessageChars: 32_000,
  maxTotalChars: 128_000,
  maxModels: 8,
  maxOutputTokens: 32_768,
} as const;

export const RUN_MODES = ['compare', 'routed'] as const;
export type RunMode = (typeof RUN_MODES)[number];

export const ROUTING_PREFERENCES = ['quality', 'balanced', 'cheap', 'fast'] as const;
export type RoutingPreference = (typeof ROUTING_PREFERENCES)[number];
