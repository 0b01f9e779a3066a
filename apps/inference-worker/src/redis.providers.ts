import type { Provider } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { createRedisConnection } from '@parallax/service-config';
import { RunEventLog, RunStore } from '@parallax/run-log';
import { ModelRegistry } from '@parallax/model-registry';
import { WORKER_CONFIG, type WorkerConfig } from './config/worker-config';

export const COMMAND_CONNECTION = Symbol('COMMAND_CONNECTION');
export const SUBSCRIBER_CONNECTION = Symbol('SUBSCRIBER_CONNECTION');
export const BULLMQ_CONNECTION = Symbol('BULLMQ_CONNECTION');

/** Redis connections and the stores built on them; each connection is closed on shutdown by RedisLifecycle. */
export const redisProviders: Provider[] = [
  {
    provide: COMMAND_CONNECTION,
    inject: [WORKER_CONFIG],
    useFactory: (c: WorkerConfig) => createRedisConnection(c.redisUrl, 'worker', 'commands'),
  },
  {
    provide: SUBSCRIBER_CONNECTION,
    inject: [WORKER_CONFIG],
    useFactory: (c: WorkerConfig) => createRedisConnection(c.redisUrl, 'worker-control', 'subscriber'),
  },
  {
    provide: BULLMQ_CONNECTION,
    inject: [WORKER_CONFIG],
    useFactory: (c: WorkerConfig) => createRedisConnection(c.redisUrl, 'worker-bullmq', 'bullmq'),
  },
  {
    provide: RunEventLog,
    inject: [COMMAND_CONNECTION, WORKER_CONFIG],
    useFactory: (redis: Redis, c: WorkerConfig) => new RunEventLog(redis, c.runLog),
  },
  {
    provide: RunStore,
    inject: [COMMAND_CONNECTION, RunEventLog, WORKER_CONFIG],
    useFactory: (redis: Redis, log: RunEventLog, c: WorkerConfig) => new RunStore(redis, log, c.runLog.ttlSeconds),
  },
  {
    provide: ModelRegistry,
    inject: [WORKER_CONFIG],
    useFactory: (c: WorkerConfig) => ModelRegistry.fromFile(c.modelsFile, c.providerEnv),
  },
];
