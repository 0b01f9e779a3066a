import { RUN_EVENT_TYPES, type TargetFailedEvent } from '@parallax/contracts';
import { createRun, Stack, watch } from '@parallax/test-stack';

describe('a worker that dies or shuts down mid-stream', () => {
  const stack = new Stack({ db: 13, speed: '1' });

  beforeAll(() => stack.start(), 60_000);
  afterAll(() => stack.stop());

  it('ends the target explicitly with worker_lost once another worker sees the job stalled', async () => {
    const run = await createRun(stack.gatewayUrl, {
      mode: 'compare',
      messages: [{ role: 'user', content: 'Tell me a long story about lighthouses.' }],
      models: ['sim-slow'],
    });
    const watcher = await watch(stack.gatewayUrl, run.runId);
    await watcher.waitFor((e) => e.type === RUN_EVENT_TYPES.targetDelta);

    await stack.workers[0].stop('SIGKILL');
    await stack.startWorker();
    await watcher.completed(20_000);

    const failed = watcher.events.find((e) => e.type === RUN_EVENT_TYPES.targetFailed) as TargetFailedEvent;
    expect(failed.error.code).toBe('worker_lost');
    expect(watcher.events.at(-1)?.type).toBe(RUN_EVENT_TYPES.runCompleted);
    watcher.close();
  });

  it('on SIGTERM ends its in-flight target explicitly after the grace period and exits cleanly', async () => {
    const worker = stack.workers.at(-1)!;
    const run = await createRun(stack.gatewayUrl, {
      mode: 'compare',
      messages: [{ role: 'user', content: 'Describe the history of tea in great detail.' }],
      models: ['sim-slow'],
    });
    const watcher = await watch(stack.gatewayUrl, run.runId);
    await watcher.waitFor((e) => e.type === RUN_EVENT_TYPES.targetDelta);

    const exitCode = await worker.stop('SIGTERM');
    // Nest re-raises the signal once its shutdown hooks finished: a clean exit shows as that signal, not a code.
    expect(String(exitCode ?? worker.child.signalCode)).toMatch(/^(0|SIGTERM)$/);
    await watcher.completed(10_000);
    const failed = watcher.events.find((e) => e.type === RUN_EVENT_TYPES.targetFailed) as TargetFailedEvent;
    expect(failed.error).toEqual({ code: 'worker_lost', message: 'the worker shut down before the stream ended' });
    watcher.close();
  });
});
