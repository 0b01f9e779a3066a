import { RUN_EVENT_TYPES, type TargetCompletedEvent, type TargetFailedEvent } from '@parallax/contracts';
import { clearMock, createRun, mockRequests, queueFault, Stack, watch } from '@parallax/test-stack';

const messages = [{ role: 'user' as const, content: 'Write a short essay on the history of the printing press.' }];
const terminalOf = (events: { type: string; targetId?: string }[], targetId: string) =>
  events.find((e) => e.targetId === targetId && (e.type === RUN_EVENT_TYPES.targetCompleted || e.type === RUN_EVENT_TYPES.targetFailed));

describe('failures, retries and cancellation', () => {
  const stack = new Stack({ db: 12, speed: '1', workerEnv: { WORKER_IDLE_TIMEOUT_MS: '800', WORKER_FIRST_TOKEN_TIMEOUT_MS: '5000' } });

  beforeAll(() => stack.start(), 60_000);
  afterAll(() => stack.stop());
  beforeEach(() => clearMock(stack.mockUrl));

  it('cancels a run mid-stream: target.failed with code cancelled, the provider request aborted, then run.completed', async () => {
    const run = await createRun(stack.gatewayUrl, { mode: 'compare', messages, models: ['sim-slow'] });
    const watcher = await watch(stack.gatewayUrl, run.runId);
    await watcher.waitFor((e) => e.type === RUN_EVENT_TYPES.targetDelta);

    const response = await fetch(`${stack.gatewayUrl}/api/runs/${run.runId}`, { method: 'DELETE' });
    expect(response.status).toBe(202);
    await watcher.completed(10_000);

    const failed = terminalOf(watcher.events, 't0') as TargetFailedEvent;
    expect(failed.type).toBe(RUN_EVENT_TYPES.targetFailed);
    expect(failed.error.code).toBe('cancelled');
    expect(watcher.events.at(-1)?.type).toBe(RUN_EVENT_TYPES.runCompleted);
    await new Promise((r) => setTimeout(r, 200));
    const requests = await mockRequests(stack.mockUrl);
    expect(requests.map((r) => r.outcome)).toEqual(['aborted']);
    watcher.close();
  });

  it('cancels one target and lets the others finish', async () => {
    const run = await createRun(stack.gatewayUrl, { mode: 'compare', messages, models: ['sim-slow', 'sim-fast'] });
    const watcher = await watch(stack.gatewayUrl, run.runId);
    await watcher.waitFor((e) => e.type === RUN_EVENT_TYPES.targetDelta && e.targetId === 't0');
    const response = await fetch(`${stack.gatewayUrl}/api/runs/${run.runId}/targets/t0`, { method: 'DELETE' });
    expect(response.status).toBe(202);
    await watcher.completed(20_000);
    expect((terminalOf(watcher.events, 't0') as TargetFailedEvent).error.code).toBe('cancelled');
    expect(terminalOf(watcher.events, 't1')?.type).toBe(RUN_EVENT_TYPES.targetCompleted);
    watcher.close();
  });

  it('retries a 429 before the first token, honouring retry-after, and then succeeds', async () => {
    await queueFault(stack.mockUrl, 'sim-fast', { type: 'http', status: 429, retryAfterMs: 300 });
    const run = await createRun(stack.gatewayUrl, { mode: 'compare', messages, models: ['sim-fast'] });
    const watcher = await watch(stack.gatewayUrl, run.runId);
    await watcher.completed(20_000);
    const completed = terminalOf(watcher.events, 't0') as TargetCompletedEvent;
    expect(completed.type).toBe(RUN_EVENT_TYPES.targetCompleted);
    expect(completed.metrics.attempts).toBe(2);
    expect(completed.metrics.queueMs).toBeGreaterThanOrEqual(300);
    const requests = await mockRequests(stack.mockUrl);
    expect(requests.map((r) => r.outcome)).toEqual(['fault', 'completed']);
    watcher.close();
  });

  it('fails a 500 after tokens were sent, without retrying', async () => {
    await queueFault(stack.mockUrl, 'sim-fast', { type: 'http-after', afterTokens: 5, status: 500 });
    const run = await createRun(stack.gatewayUrl, { mode: 'compare', messages, models: ['sim-fast'] });
    const watcher = await watch(stack.gatewayUrl, run.runId);
    await watcher.completed(20_000);
    const failed = terminalOf(watcher.events, 't0') as TargetFailedEvent;
    expect(failed.type).toBe(RUN_EVENT_TYPES.targetFailed);
    expect(failed.error.code).toBe('provider_error');
    expect(watcher.text('t0').length).toBeGreaterThan(0);
    expect(await mockRequests(stack.mockUrl)).toHaveLength(1);
    watcher.close();
  });

  it('ends a stalled stream with idle_timeout', async () => {
    await queueFault(stack.mockUrl, 'sim-fast', { type: 'stall', afterTokens: 3 });
    const run = await createRun(stack.gatewayUrl, { mode: 'compare', messages, models: ['sim-fast'] });
    const watcher = await watch(stack.gatewayUrl, run.runId);
    await watcher.completed(20_000);
    expect((terminalOf(watcher.events, 't0') as TargetFailedEvent).error.code).toBe('idle_timeout');
    await new Promise((r) => setTimeout(r, 200));
    expect((await mockRequests(stack.mockUrl)).map((r) => r.outcome)).toEqual(['aborted']);
    watcher.close();
  });

  it('ends a dropped connection after tokens with connection_error', async () => {
    await queueFault(stack.mockUrl, 'sim-fast', { type: 'drop', afterTokens: 4 });
    const run = await createRun(stack.gatewayUrl, { mode: 'compare', messages, models: ['sim-fast'] });
    const watcher = await watch(stack.gatewayUrl, run.runId);
    await watcher.completed(20_000);
    expect((terminalOf(watcher.events, 't0') as TargetFailedEvent).error.code).toBe('connection_error');
    watcher.close();
  });

  it('logs no crash or unhandled rejection', () => {
    expect(stack.crashLines()).toEqual([]);
  });
});
