import { RUN_EVENT_TYPES, type RunStatusResponse, type TargetCompletedEvent } from '@parallax/contracts';
import { createRun, expectedAnswer, Stack, watch } from '@parallax/test-stack';

const MODELS = ['sim-fast', 'sim-balanced', 'sim-slow'];
const messages = [{ role: 'user' as const, content: 'Explain how a hash map handles collisions, with an example.' }];

describe('compare run over Socket.IO', () => {
  const stack = new Stack({ db: 11, gateways: 2, speed: '4' });

  beforeAll(() => stack.start(), 60_000);
  afterAll(() => stack.stop());

  it('streams every token of three targets in order, each seq once, with consistent metrics', async () => {
    const run = await createRun(stack.gatewayUrl, { mode: 'compare', messages, models: MODELS });
    expect(run.targets.map((t) => t.modelId)).toEqual(MODELS);
    const watcher = await watch(stack.gatewayUrl, run.runId);
    await watcher.completed();

    const seqs = watcher.seqs;
    expect(new Set(seqs).size).toBe(seqs.length);
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
    expect(watcher.events.at(-1)?.type).toBe(RUN_EVENT_TYPES.runCompleted);

    for (const target of run.targets) {
      const expected = await expectedAnswer(stack.mockUrl, target.modelId, messages);
      expect(watcher.text(target.targetId)).toBe(expected.text);
      const ofTarget = watcher.events.filter((e) => e.targetId === target.targetId);
      expect(ofTarget[0].type).toBe(RUN_EVENT_TYPES.targetStarted);
      const completed = ofTarget.at(-1) as TargetCompletedEvent;
      expect(completed.type).toBe(RUN_EVENT_TYPES.targetCompleted);
      const m = completed.metrics;
      expect(m.usageReported).toBe(true);
      expect(m.outputTokens).toBe(expected.completionTokens);
      expect(m.ttftMs).not.toBeNull();
      expect(m.ttftMs!).toBeLessThanOrEqual(m.ttfaMs!);
      expect(m.ttfaMs!).toBeLessThanOrEqual(m.e2eMs);
      expect(m.tokensPerSecond!).toBeGreaterThan(0);
      expect(m.costUsd).toBeGreaterThan(0);
      expect(m.attempts).toBe(1);
    }
    watcher.close();
  });

  it('gives a subscriber that joins half-way the whole text, and resumes a reconnect after afterSeq exactly', async () => {
    const run = await createRun(stack.gatewayUrl, { mode: 'compare', messages, models: ['sim-slow'] });
    const early = await watch(stack.gatewayUrl, run.runId);
    await early.waitFor((e) => e.type === RUN_EVENT_TYPES.targetDelta && e.seq >= 6);
    const late = await watch(stack.gatewayUrl, run.runId);

    const resumeAfter = early.seqs.at(-1)!;
    early.close();
    const resumed = await watch(stack.gatewayUrl, run.runId, resumeAfter);
    await Promise.all([late.completed(), resumed.completed()]);

    const expected = await expectedAnswer(stack.mockUrl, 'sim-slow', messages);
    expect(late.text('t0')).toBe(expected.text);
    expect(new Set(late.seqs).size).toBe(late.seqs.length);
    expect(resumed.seqs[0]).toBe(resumeAfter + 1);
    const stitched = [...early.events.filter((e) => e.seq <= resumeAfter), ...resumed.events];
    expect(stitched.map((e) => e.seq)).toEqual(late.seqs);
    late.close();
    resumed.close();
  });

  it('delivers a run created through one gateway to a client of another', async () => {
    const run = await createRun(stack.gatewayUrls[0], { mode: 'compare', messages, models: ['sim-fast', 'sim-coder'] });
    const watcher = await watch(stack.gatewayUrls[1], run.runId);
    await watcher.completed();
    for (const target of run.targets) {
      const expected = await expectedAnswer(stack.mockUrl, target.modelId, messages);
      expect(watcher.text(target.targetId)).toBe(expected.text);
    }
    watcher.close();
  });

  it('reports the finished run over REST with each target text and metrics', async () => {
    const run = await createRun(stack.gatewayUrls[1], { mode: 'compare', messages, models: ['sim-reasoner'] });
    const watcher = await watch(stack.gatewayUrls[1], run.runId);
    await watcher.completed();
    const response = await fetch(`${stack.gatewayUrls[0]}/api/runs/${run.runId}`);
    expect(response.status).toBe(200);
    const status = (await response.json()) as RunStatusResponse;
    expect(status.completed).toBe(true);
    expect(status.targets[0].state).toBe('done');
    expect(status.targets[0].text).toBe(watcher.text('t0'));
    expect(status.targets[0].reasoning.length).toBeGreaterThan(0);
    expect(status.targets[0].reasoning).toBe(watcher.reasoning('t0'));
    expect(status.targets[0].metrics?.reasoningTokens).toBeGreaterThan(0);
    expect(status.targets[0].metrics!.ttfaMs!).toBeGreaterThan(status.targets[0].metrics!.ttftMs!);
    watcher.close();
  });

  it('returns the same run for a repeated Idempotency-Key instead of running it twice', async () => {
    const body = { mode: 'compare', messages, models: ['sim-fast'] };
    const headers = { 'content-type': 'application/json', 'idempotency-key': `key-${Date.now()}` };
    const first = await (await fetch(`${stack.gatewayUrl}/api/runs`, { method: 'POST', headers, body: JSON.stringify(body) })).json();
    const second = await (await fetch(`${stack.gatewayUrl}/api/runs`, { method: 'POST', headers, body: JSON.stringify(body) })).json();
    expect(second.runId).toBe(first.runId);
  });

  it('logs no crash or unhandled rejection', () => {
    expect(stack.crashLines()).toEqual([]);
  });
});
