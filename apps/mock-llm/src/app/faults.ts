/**
 * Faults the simulator can inject into a chat completion, so clients' retry, timeout and
 * partial-stream handling can be exercised against the real wire protocol.
 *
 * A fault spec is one of:
 * - `{ "type": "http", "status": 429 | 500 | 503 | …, "retryAfterSeconds"?: n, "retryAfterMs"?: n, "message"?: s, "when"?: "before" }`
 *   answers at once with that status and an OpenAI error body; a 429 always carries `retry-after`
 *   (and `retry-after-ms` when `retryAfterMs` is given, which the openai SDK honours to the millisecond).
 *   `"when": "after"` with `afterTokens` is accepted as a synonym for `http-after`.
 * - `{ "type": "http-after", "afterTokens": N, "status"?: 500, "message"?: s }` streams N tokens, then sends an SSE
 *   `data: {"error":{…}}` event and ends the stream without `[DONE]` (the openai SDK throws an `APIError`);
 *   a non-streaming request gets the error status after the time N tokens would take.
 * - `{ "type": "stall", "afterTokens": N }` streams N tokens, then sends nothing more and holds the socket open
 *   until the client goes away.
 * - `{ "type": "drop", "afterTokens": N }` streams N tokens, then destroys the socket without ending the response.
 *
 * Every spec takes an optional `probability` in [0, 1] (default 1), rolled from the server's seeded PRNG,
 * so a profile can fail, say, 5 % of its requests reproducibly.
 *
 * Tokens count reasoning and content deltas alike. Where a fault comes from, first match wins:
 * 1. the `x-mock-fault` request header: a spec as JSON, or the shorthand `429`, `http:503`, `http-after:10`,
 *    `stall:5`, `drop:3` (the number is the status for `http`, `afterTokens` otherwise);
 * 2. the admin queue, filled by `POST /__mock/faults {"model"?, "fault", "times"?}` (no model: any model),
 *    listed by `GET /__mock/faults` and emptied by `DELETE /__mock/faults`;
 * 3. the profile's `faults` list.
 *
 * @packageDocumentation
 */
import { z } from 'zod';

const probability = z.number().min(0).max(1).optional();
const afterTokens = z.number().int().min(0);
const errorStatus = z.number().int().min(400).max(599);

const httpFaultSchema = z.object({
  type: z.literal('http'),
  status: errorStatus,
  retryAfterSeconds: z.number().min(0).optional(),
  retryAfterMs: z.number().min(0).optional(),
  message: z.string().optional(),
  when: z.literal('before').optional(),
  probability,
});

const httpAfterFaultSchema = z.object({
  type: z.literal('http-after'),
  afterTokens,
  status: errorStatus.default(500),
  message: z.string().optional(),
  probability,
});

const stallFaultSchema = z.object({ type: z.literal('stall'), afterTokens, probability });
const dropFaultSchema = z.object({ type: z.literal('drop'), afterTokens, probability });

const canonicalFaultSchema = z.discriminatedUnion('type', [httpFaultSchema, httpAfterFaultSchema, stallFaultSchema, dropFaultSchema]);

/**
 * Validates one fault spec (format in this module's documentation above).
 * `{type:"http", when:"after", afterTokens}` reads naturally, so it is folded into `http-after` before validation.
 */
export const faultSpecSchema = z.preprocess((value) => {
  if (typeof value !== 'object' || value === null) return value;
  const { type, when, ...rest } = value as Record<string, unknown>;
  return type === 'http' && when === 'after' ? { ...rest, type: 'http-after' } : value;
}, canonicalFaultSchema);

export type FaultSpec = z.output<typeof canonicalFaultSchema>;
export type FaultSpecInput =
  | z.input<typeof canonicalFaultSchema>
  | (Omit<z.input<typeof httpAfterFaultSchema>, 'type'> & { type: 'http'; when: 'after' });
export type HttpFault = Extract<FaultSpec, { type: 'http' }>;
export type AfterTokensFault = Exclude<FaultSpec, HttpFault>;

/** Body of `POST /__mock/faults`. */
export const queueFaultRequestSchema = z.object({
  model: z.string().min(1).optional(),
  fault: faultSpecSchema,
  times: z.number().int().min(1).max(100_000).default(1),
});

export interface QueueFaultRequest {
  /** Omitted: the next requests to any model. */
  model?: string;
  fault: FaultSpecInput;
  times?: number;
}

const SHORTHAND = /^(http|http-after|stall|drop)(?::(\d+))?$/;

/** Parses an `x-mock-fault` header value; throws with a readable message when it is not a valid spec. */
export function parseFaultHeader(value: string): FaultSpec {
  const trimmed = value.trim();
  let candidate: unknown;
  if (trimmed.startsWith('{')) {
    try {
      candidate = JSON.parse(trimmed);
    } catch {
      throw new Error('x-mock-fault is not valid JSON');
    }
  } else if (/^\d+$/.test(trimmed)) {
    candidate = { type: 'http', status: Number(trimmed) };
  } else {
    const match = SHORTHAND.exec(trimmed);
    if (!match) throw new Error(`x-mock-fault "${trimmed}" is neither JSON nor a shorthand like "429" or "stall:5"`);
    const [, type, n] = match;
    if (type === 'http') candidate = { type, status: n === undefined ? 500 : Number(n) };
    else candidate = { type, afterTokens: n === undefined ? 0 : Number(n) };
  }
  const parsed = faultSpecSchema.safeParse(candidate);
  if (!parsed.success) throw new Error(`x-mock-fault is not a valid fault spec: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

interface QueuedFault {
  model: string | undefined;
  fault: FaultSpec;
  remaining: number;
}

/** FIFO of faults queued through the admin endpoint; each entry applies to the next `times` matching requests. */
export class FaultQueue {
  private entries: QueuedFault[] = [];

  enqueue(request: QueueFaultRequest): void {
    const { model, fault, times } = queueFaultRequestSchema.parse(request);
    this.entries.push({ model, fault, remaining: times });
  }

  /** Takes one use of the oldest entry that matches the model. */
  take(model: string): FaultSpec | undefined {
    const index = this.entries.findIndex((entry) => entry.model === undefined || entry.model === model);
    if (index < 0) return undefined;
    const entry = this.entries[index];
    entry.remaining -= 1;
    if (entry.remaining === 0) this.entries.splice(index, 1);
    return entry.fault;
  }

  list(): Array<{ model: string | null; fault: FaultSpec; remaining: number }> {
    return this.entries.map(({ model, fault, remaining }) => ({ model: model ?? null, fault, remaining }));
  }

  clear(): number {
    const cleared = this.entries.length;
    this.entries = [];
    return cleared;
  }
}

/** Whether a fault fires this time; specs without a probability always do. */
export function faultFires(fault: FaultSpec, random: () => number): boolean {
  return fault.probability === undefined || fault.probability >= 1 || random() < fault.probability;
}
