import type { Provider } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { createRedisConnection } from '@parallax/service-config';
import { ControlBus, RunEventLog, RunStore } from '@parallax/run-log';
import { ModelRegistry } from '@parallax/model-registry';
import { GATEWAY_CONFIG, type GatewayConfig } from './config/gateway-config';

export const COMMAND_CONNECTION = Symbol('COMMAND_CONNECTION');
export const RELAY_SUBSCRIBER = Symbol('RELAY_SUBSCRIBER');
export const BULLMQ_CONNECTION = Symbol('BULLMQ_CONNECTION');

const connection = (token: symbol, name: string, kind: 'commands' | 'subscriber' | 'bullmq'): Provider => ({
  provide: token,
  inject: [GATEWAY_CONFIG],
  useFactory: (c: GatewayConfig) => createRedisConnection(c.redisUrl, name, kind),
});

/** Redis connections (closed by AppModule on shutdown) and the stores built on them. */
export const redisProviders: Provider[] = [
  connection(COMMAND_CONNECTION, 'gateway', 'commands'),
  connection(RELAY_SUBSCRIBER, 'gateway-relay', 'subscriber'),
  connection(BULLMQ_CONNECTION, 'gateway-bullmq', 'bullmq'),
  {
    provide: RunEventLog,
    inject: [COMMAND_CONNECTION, GATEWAY_CONFIG],
    useFactory: (redis: Redis, c: GatewayConfig) => new RunEventLog(redis, c.runLog),
  },
  {
    provide: RunStore,
    inject: [COMMAND_CONNECTION, RunEventLog, GATEWAY_CONFIG],
    useFactory: (redis: Redis, log: RunEventLog, c: GatewayConfig) => new RunStore(redis, log, c.runLog.ttlSeconds),
  },
  { provide: ControlBus, inject: [COMMAND_CONNECTION], useFactory: (redis: Redis) => new ControlBus(redis) },
  {
    provide: ModelRegistry,
    inject: [GATEWAY_CONFIG],
    useFactory: (c: GatewayConfig) => ModelRegistry.fromFile(c.modelsFile, c.providerEnv),
  },
];
