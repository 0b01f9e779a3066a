import { Redis, type RedisOptions } from 'ioredis';

/**
 * One Redis connection for one purpose (commands, pub/sub subscriber, BullMQ), named so it shows in
 * `CLIENT LIST`. BullMQ needs `maxRetriesPerRequest: null`; command connections pipeline automatically
 * because hot paths send many small commands.
 */
export function createRedisConnection(url: string, name: string, kind: 'commands' | 'subscriber' | 'bullmq'): Redis {
  const options: RedisOptions = {
    connectionName: `parallax:${name}`,
    lazyConnect: false,
    ...(kind === 'commands' ? { enableAutoPipelining: true } : {}),
    ...(kind === 'bullmq' ? { maxRetriesPerRequest: null } : {}),
  };
  return new Redis(url, options);
}
