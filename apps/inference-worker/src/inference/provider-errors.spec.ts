import { APIConnectionError, APIError } from 'openai';
import { classifyFailure, retryDelayMs } from './provider-errors';

describe('classifyFailure', () => {
  it('retries a 429 and keeps its retry-after', () => {
    const error = APIError.generate(429, { message: 'slow down' }, 'rate limited', new Headers({ 'retry-after': '2' }));
    expect(classifyFailure(error, undefined)).toMatchObject({ code: 'rate_limited', retryable: true, retryAfterMs: 2000 });
  });

  it('retries 5xx and connection errors but not 4xx', () => {
    expect(classifyFailure(APIError.generate(503, {}, 'x', new Headers()), undefined).retryable).toBe(true);
    expect(classifyFailure(new APIConnectionError({ message: 'refused' }), undefined)).toMatchObject({ code: 'connection_error', retryable: true });
    expect(classifyFailure(APIError.generate(400, {}, 'bad', new Headers()), undefined)).toMatchObject({ code: 'provider_error', retryable: false });
  });

  it("reports the worker's own aborts by their reason", () => {
    expect(classifyFailure(undefined, 'cancelled').code).toBe('cancelled');
    expect(classifyFailure(undefined, 'idle_timeout')).toMatchObject({ code: 'idle_timeout', retryable: false });
    expect(classifyFailure(undefined, 'first_token_timeout')).toMatchObject({ code: 'first_token_timeout', retryable: true });
    expect(classifyFailure(undefined, 'shutdown').code).toBe('worker_lost');
  });
});

describe('retryDelayMs', () => {
  it("prefers the provider's delay, capped", () => {
    expect(retryDelayMs(1, { code: 'rate_limited', message: '', retryable: true, retryAfterMs: 700 }, 100, 5000)).toBe(700);
    expect(retryDelayMs(1, { code: 'rate_limited', message: '', retryable: true, retryAfterMs: 70_000 }, 100, 5000)).toBe(5000);
  });

  it('backs off exponentially with jitter within [ceiling/2, ceiling]', () => {
    const failure = { code: 'provider_error' as const, message: '', retryable: true };
    for (let i = 0; i < 20; i += 1) {
      const delay = retryDelayMs(3, failure, 100, 5000);
      expect(delay).toBeGreaterThanOrEqual(200);
      expect(delay).toBeLessThanOrEqual(400);
    }
  });
});
