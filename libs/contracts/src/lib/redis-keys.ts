/** Every Redis key and channel name the services share, built in one place. */
const PREFIX = 'parallax';

export const redisKeys = {
  /** Pub/sub channel of a run's live events. */
  runChannel: (runId: string) => `${PREFIX}:run:${runId}`,
  /** Stream holding a run's events for replay; entry id `<seq>-0`. */
  runLog: (runId: string) => `${PREFIX}:run:${runId}:log`,
  /** Hash: the run's description (mode, targets, route, createdAt). */
  runMeta: (runId: string) => `${PREFIX}:run:${runId}:meta`,
  /** Hash: per-target end markers and the count of targets still running. */
  runState: (runId: string) => `${PREFIX}:run:${runId}:state`,
  /** Counter: the run's last `seq`. */
  runSeq: (runId: string) => `${PREFIX}:run:${runId}:seq`,
  /** String: present once the run (or `:<targetId>`) was cancelled, so jobs not yet started are skipped. */
  runCancelled: (runId: string, targetId?: string) =>
    targetId ? `${PREFIX}:run:${runId}:cancelled:${targetId}` : `${PREFIX}:run:${runId}:cancelled`,
  /** String: run id created for an `Idempotency-Key`. */
  idempotency: (key: string) => `${PREFIX}:idempotency:${key}`,
  /** Pub/sub channel of cancel requests to workers. */
  controlChannel: () => `${PREFIX}:control`,
} as const;
