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

/** ioredis-style options from a redis:// URL, for clients that take host/port (the Nest Redis transport). */
export function redisOptionsFromUrl(url: string) {
  const parsed = new URL(url);
  return {
    host: parsed.hostname,
    port: Number(parsed.port || 6379),
    ...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
    ...(parsed.username ? { username: decodeURIComponent(parsed.username) } : {}),
    ...(parsed.pathname.length > 1 ? { db: Number(parsed.pathname.slice(1)) } : {}),
    ...(parsed.protocol === 'rediss:' ? { tls: {} } : {}),
  };
}
