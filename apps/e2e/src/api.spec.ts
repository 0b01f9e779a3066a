import { RUN_LIMITS, type ModelListResponse } from '@parallax/contracts';
import { connect, postJson, Stack } from '@parallax/test-stack';

const user = (content: string) => ({ role: 'user', content });

describe('gateway HTTP API and socket input handling', () => {
  const stack = new Stack({ db: 14, speed: 'max' });

  beforeAll(() => stack.start(), 60_000);
  afterAll(() => stack.stop());

  const badBodies: [string, unknown, RegExp][] = [
    ['empty messages', { mode: 'compare', messages: [] }, /messages: at least one message/],
    ['an empty prompt', { mode: 'compare', messages: [user('   ')] }, /must not be empty/],
    ['an unknown model', { mode: 'compare', messages: [user('hi')], models: ['no-such-model'] }, /models\.0: unknown model "no-such-model"/],
    ['an unavailable model', { mode: 'compare', messages: [user('hi')], models: ['kimi-k2'] }, /unavailable: set NVIDIA_API_KEY/],
    ['too many models', { mode: 'compare', messages: [user('hi')], models: Array.from({ length: RUN_LIMITS.maxModels + 1 }, (_, i) => `m${i}`) }, /at most 8 models/],
    ['an over-long prompt', { mode: 'compare', messages: [user('x'.repeat(RUN_LIMITS.maxMessageChars + 1))] }, /messages\.0\.content: a message may hold at most/],
    ['a wrong type', { mode: 'compare', messages: [{ role: 'user', content: 42 }] }, /messages\.0\.content/],
    ['an unknown mode', { mode: 'battle', messages: [user('hi')] }, /mode/],
    ['an unknown field', { mode: 'compare', messages: [user('hi')], extra: true }, /extra/],
    ['bad params', { mode: 'compare', messages: [user('hi')], params: { temperature: 9 } }, /params\.temperature/],
  ];

  it.each(badBodies)('rejects %s with 400 naming the problem', async (_, body, message) => {
    const { status, body: error } = await postJson<{ message: string; issues?: unknown[] }>(`${stack.gatewayUrl}/api/runs`, body);
    expect(status).toBe(400);
    expect(error.message).toMatch(message);
  });

  it('rejects malformed JSON with 400', async () => {
    const { status, body } = await postJson<{ message: string }>(`${stack.gatewayUrl}/api/runs`, '{"mode": "compare",');
    expect(status).toBe(400);
    expect(body.message).toMatch(/malformed JSON/);
  });

  it('rejects a body over the size limit with 413', async () => {
    const { status } = await postJson(`${stack.gatewayUrl}/api/runs`, { mode: 'compare', messages: [user('y'.repeat(600_000))] });
    expect(status).toBe(413);
  });

  it('answers 404 for an unknown run, on status and on cancel', async () => {
    expect((await fetch(`${stack.gatewayUrl}/api/runs/does-not-exist`)).status).toBe(404);
    expect((await fetch(`${stack.gatewayUrl}/api/runs/does-not-exist`, { method: 'DELETE' })).status).toBe(404);
  });

  it('refuses a socket subscription to an unknown run, or a malformed one, with an error ack', async () => {
    const socket = await connect(stack.gatewayUrl);
    const unknown = await socket.timeout(5000).emitWithAck('run.subscribe', { runId: 'nope' });
    expect(unknown).toEqual({ ok: false, error: { code: 'not_found', message: 'unknown run nope' } });
    const malformed = await socket.timeout(5000).emitWithAck('run.subscribe', { runId: 5 } as never);
    expect(malformed.ok).toBe(false);
    expect(socket.connected).toBe(true);
    socket.disconnect();
  });

  it('lists every registry model with availability and the reason, never a key', async () => {
    const response = await fetch(`${stack.gatewayUrl}/api/models`);
    const { models } = (await response.json()) as ModelListResponse;
    const simulated = models.filter((m) => m.simulated);
    expect(simulated.length).toBeGreaterThanOrEqual(5);
    expect(simulated.every((m) => m.available)).toBe(true);
    const kimi = models.find((m) => m.id === 'kimi-k2');
    expect(kimi).toMatchObject({ available: false, unavailableReason: 'set NVIDIA_API_KEY' });
    expect(JSON.stringify(models)).not.toMatch(/apiKey/i);
  });

  it('serves health, Prometheus metrics and the OpenAPI document', async () => {
    const health = await (await fetch(`${stack.gatewayUrl}/api/health`)).json();
    expect(health.info.redis.status).toBe('up');
    const metrics = await (await fetch(`${stack.gatewayUrl}/metrics`)).text();
    expect(metrics).toMatch(/parallax_relay_events_total/);
    const docs = await (await fetch(`${stack.gatewayUrl}/api/docs-json`)).json();
    expect(Object.keys(docs.paths)).toEqual(expect.arrayContaining(['/api/runs', '/api/runs/{runId}', '/api/models']));
  });

  it('logs no crash or unhandled rejection', () => {
    expect(stack.crashLines()).toEqual([]);
  });
});
