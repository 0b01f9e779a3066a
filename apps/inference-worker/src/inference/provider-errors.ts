import { APIConnectionError, APIError, APIUserAbortError } from 'openai';
import type { TargetErrorCode } from '@parallax/contracts';

/** Why the worker itself aborted a provider request. */
export type AbortReason = 'cancelled' | 'first_token_timeout' | 'idle_timeout' | 'shutdown';

export interface ClassifiedFailure {
  code: TargetErrorCode;
  message: string;
  /** Worth another attempt, provided no token was sent yet. */
  retryable: boolean;
  /** Delay the provider asked for (429 `retry-after`), in ms. */
  retryAfterMs?: number;
}

function retryAfterMs(headers: Headers | undefined): number | undefined {
  const ms = Number(headers?.get('retry-after-ms'));
  if (Number.isFinite(ms) && ms > 0) return ms;
  const raw = headers?.get('retry-after');
  if (!raw) return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** Maps whatever a provider stream threw to a stable code, keeping provider messages short and key-free. */
export function classifyFailure(error: unknown, abortReason: AbortReason | undefined): ClassifiedFailure {
  if (abortReason === 'cancelled') return { code: 'cancelled', message: 'cancelled by request', retryable: false };
  if (abortReason === 'shutdown') {
    return { code: 'worker_lost', message: 'the worker shut down before the stream ended', retryable: false };
  }
  if (abortReason === 'first_token_timeout') {
    return { code: 'first_token_timeout', message: 'no token before the first-token timeout', retryable: true };
  }
  if (abortReason === 'idle_timeout') {
    return { code: 'idle_timeout', message: 'the provider stopped sending tokens (idle timeout)', retryable: false };
  }
  if (error instanceof APIUserAbortError) return { code: 'cancelled', message: 'request aborted', retryable: false };
  if (error instanceof APIConnectionError) {
    return { code: 'connection_error', message: `connection to the provider failed: ${error.message}`, retryable: true };
  }
  if (error instanceof APIError) {
    const status = error.status;
    const message = `provider answered ${status ?? 'an error'}: ${error.message}`.slice(0, 500);
    if (status === 429) {
      return { code: 'rate_limited', message, retryable: true, retryAfterMs: retryAfterMs(error.headers) };
    }
    return { code: 'provider_error', message, retryable: status === undefined || status >= 500 || status === 408 };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'connection_error', message: `the provider stream broke: ${message}`.slice(0, 500), retryable: true };
}

/** Exponential backoff with full jitter, capped; a provider's own `retry-after` wins when given. */
export function retryDelayMs(attempt: number, failure: ClassifiedFailure, baseMs: number, maxMs: number): number {
  if (failure.retryAfterMs !== undefined) return Math.min(failure.retryAfterMs, maxMs);
  const ceiling = Math.min(maxMs, baseMs * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
}
