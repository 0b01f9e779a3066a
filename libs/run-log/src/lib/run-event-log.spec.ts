import { Redis } from 'ioredis';
import { RUN_EVENT_TYPES, redisKeys, type RunEvent } from '@parallax/contracts';
import { RunEventLog } from './run-event-log';
import { foldRunStatus, RunStore } from './run-store';

const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';

describe(RunEventLog.name, () => {
  let redis: Redis;
  let subscriber: Redis;
  let log: RunEventLog;
  let store: RunStore;
  const runId = `spec-${process.pid}-${Date.now()}`;
  const at = 1;

  beforeAll(async () => {
    redis = new Redis(REDIS_URL);
    subscriber = new Redis(REDIS_URL);
    log = new RunEventLog(redis, { maxLen: 1000, ttlSeconds: 60 });
    store = new RunStore(redis, log, 60);
    await store.create({ runId, mode: 'compare', createdAt: 0, targets: [{ targetId: 't0', modelId: 'a' }, { targetId: 't1', modelId: 'b' }] });
  });

  afterAll(async () => {
    const keys = await redis.keys(`parallax:run:${runId}*`);
    if (keys.length) await redis.del(...keys);
    await Promise.all([redis.quit(), subscriber.quit()]);
  });

  it('numbers, logs and publishes events in one order, and completes the run after its last target', async () => {
    const published: RunEvent[] = [];
    subscriber.on('message', (_c, message) => published.push(JSON.parse(message)));
    await subscriber.subscribe(redisKeys.runChannel(runId));

    await log.append({ runId, targetId: 't0', at, type: RUN_EVENT_TYPES.targetDelta, content: 'Hel' });
    await log.append({ runId, targetId: 't1', at, type: RUN_EVENT_TYPES.targetDelta, content: 'Bon' });
    await log.append({ runId, targetId: 't0', at, type: RUN_EVENT_TYPES.targetDelta, content: 'lo' });
    await log.append({ runId, targetId: 't0', at, type: RUN_EVENT_TYPES.targetFailed, error: { code: 'cancelled', message: 'x' } });
    expect(await log.isCompleted(runId)).toBe(false);
    await log.append({ runId, targetId: 't1', at, type: RUN_EVENT_TYPES.targetFailed, error: { code: 'internal', message: 'y' } });

    const logged = await log.read(runId);
    expect(logged.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(logged.at(-1)?.type).toBe(RUN_EVENT_TYPES.runCompleted);
    expect(await log.isCompleted(runId)).toBe(true);
    await new Promise((r) => setTimeout(r, 50));
    expect(published).toEqual(logged);
    expect((await log.read(runId, 4)).map((e) => e.seq)).toEqual([5, 6]);
  });

  it('drops events of a target that already ended, so nothing follows its terminal event', async () => {
    const seq = await log.append({ runId, targetId: 't0', at, type: RUN_EVENT_TYPES.targetDelta, content: 'late' });
    expect(seq).toBe(0);
    expect(await log.hasEnded(runId, 't0')).toBe(true);
  });

  it('reopens an ended target for a retry, so the run completes again when it ends', async () => {
    expect(await log.reopen(runId, 't1')).toBe('reopened');
    expect(await log.isCompleted(runId)).toBe(false);
    expect(await log.reopen(runId, 't1')).toBe('running');
    await log.append({ runId, targetId: 't1', at, type: RUN_EVENT_TYPES.targetStarted, modelId: 'b', attempt: 2 });
    await log.append({ runId, targetId: 't1', at, type: RUN_EVENT_TYPES.targetDelta, content: 'Bonjour' });
    await log.append({ runId, targetId: 't1', at, type: RUN_EVENT_TYPES.targetFailed, error: { code: 'internal', message: 'again' } });
    expect(await log.isCompleted(runId)).toBe(true);
    expect((await log.read(runId)).filter((e) => e.type === RUN_EVENT_TYPES.runCompleted)).toHaveLength(2);
    expect(await log.reopen('no-such-run', 't0')).toBe('expired');
  });

  it('folds the log into per-target status', async () => {
    const meta = (await store.getMeta(runId))!;
    const status = foldRunStatus(meta, await log.read(runId));
    expect(status.completed).toBe(true);
    expect(status.targets.map((t) => [t.text, t.state])).toEqual([
      ['Hello', 'cancelled'],
      ['Bonjour', 'failed'],
    ]);
  });
});
