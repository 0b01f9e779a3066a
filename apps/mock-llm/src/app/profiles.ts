import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { faultSpecSchema } from './faults';

/** How an answer is laid out; `code` always includes a fenced code block. */
export const ANSWER_STYLES = ['concise', 'balanced', 'detailed', 'code'] as const;
export type AnswerStyle = (typeof ANSWER_STYLES)[number];

export const modelProfileSchema = z.object({
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}$/, 'letters, digits, ".", "_", ":", "/" or "-"'),
  /** Time to first token at speed 1. */
  ttftMs: z.number().min(0),
  tokensPerSecond: z.number().positive(),
  /** Relative spread of every delay, 0 = metronome, 1 = anywhere between 0 and twice the mean. */
  jitter: z.number().min(0).max(1),
  /** Approximate length of the `reasoning_content` phase before the answer; 0 = none. */
  reasoningTokens: z.number().int().min(0),
  /** Length an answer grows to when the request sets no limit. */
  maxAnswerTokens: z.number().int().positive(),
  style: z.enum(ANSWER_STYLES),
  /** Faults rolled on every request to this model; see `faults.ts` for the spec. */
  faults: z.array(faultSpecSchema).default([]),
});

export type ModelProfile = z.output<typeof modelProfileSchema>;
export type ModelProfileInput = z.input<typeof modelProfileSchema>;

/** The simulated models served when no profiles file overrides them. */
export const MODEL_PROFILES: Readonly<Record<string, ModelProfile>> = Object.freeze({
  'sim-fast': {
    id: 'sim-fast',
    ttftMs: 80,
    tokensPerSecond: 120,
    jitter: 0.15,
    reasoningTokens: 0,
    maxAnswerTokens: 120,
    style: 'concise',
    faults: [],
  },
  'sim-balanced': {
    id: 'sim-balanced',
    ttftMs: 250,
    tokensPerSecond: 60,
    jitter: 0.2,
    reasoningTokens: 0,
    maxAnswerTokens: 180,
    style: 'balanced',
    faults: [],
  },
  'sim-slow': {
    id: 'sim-slow',
    ttftMs: 600,
    tokensPerSecond: 25,
    jitter: 0.3,
    reasoningTokens: 0,
    maxAnswerTokens: 250,
    style: 'detailed',
    faults: [],
  },
  'sim-reasoner': {
    id: 'sim-reasoner',
    ttftMs: 300,
    tokensPerSecond: 80,
    jitter: 0.2,
    reasoningTokens: 40,
    maxAnswerTokens: 180,
    style: 'balanced',
    faults: [],
  },
  'sim-coder': {
    id: 'sim-coder',
    ttftMs: 200,
    tokensPerSecond: 90,
    jitter: 0.15,
    reasoningTokens: 0,
    maxAnswerTokens: 220,
    style: 'code',
    faults: [],
  },
});

/** Base for ids a profiles file introduces without naming every field. */
const NEW_PROFILE_BASE = MODEL_PROFILES['sim-balanced'];

const profilesFileSchema = z.union([
  z.record(z.string(), z.record(z.string(), z.unknown())),
  z.array(z.record(z.string(), z.unknown()).and(z.object({ id: z.string() }))),
]);

/**
 * Merges profile overrides over the built-in ones. Overrides may be keyed by id
 * (`{"sim-fast": {"ttftMs": 10}, "my-model": {...}}`) or an array of objects carrying `id`.
 * A known id is patched field by field; a new id starts from `sim-balanced`'s values.
 * Built-ins always stay listed, so configs shared between apps can rely on them.
 */
export function mergeProfiles(overrides: unknown): Record<string, ModelProfile> {
  const parsed = profilesFileSchema.safeParse(overrides);
  if (!parsed.success) throw new Error('profiles must be an object keyed by model id or an array of profiles with "id"');
  const entries: Array<[string, Record<string, unknown>]> = Array.isArray(parsed.data)
    ? parsed.data.map((entry) => [entry.id, entry])
    : Object.entries(parsed.data);

  const merged: Record<string, ModelProfile> = { ...MODEL_PROFILES };
  for (const [id, patch] of entries) {
    const base = merged[id] ?? NEW_PROFILE_BASE;
    const result = modelProfileSchema.safeParse({ ...base, ...patch, id });
    if (!result.success) throw new Error(`profile "${id}": ${z.prettifyError(result.error)}`);
    merged[id] = result.data;
  }
  return merged;
}

/** Reads and merges a profiles JSON file; errors name the file so a bad boot is easy to fix. */
export function loadProfilesFile(path: string): Record<string, ModelProfile> {
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`cannot read ${path}: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    throw new Error(`${path} is not valid JSON: ${(error as Error).message}`);
  }
  try {
    return mergeProfiles(json);
  } catch (error) {
    throw new Error(`${path}: ${(error as Error).message}`);
  }
}
