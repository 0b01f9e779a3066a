// Makes sure a Redis answers at a URL: uses the one there, or starts a private redis-server for the session.
import { spawn, spawnSync } from 'node:child_process';
import { Redis } from 'ioredis';

async function ping(url) {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 1500 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
    return true;
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

/** Resolves to { ok, message, child? }; `child` is a redis-server started here, to stop on exit. */
export async function ensureRedis(url) {
  if (await ping(url)) return { ok: true, message: `using Redis at ${url}` };
  const { hostname, port } = new URL(url);
  const local = ['127.0.0.1', 'localhost', '::1'].includes(hostname);
  const hasBinary = spawnSync('sh', ['-c', 'command -v redis-server']).status === 0;
  if (!local || !hasBinary) {
    return {
      ok: false,
      message: `no Redis answers at ${url}. Start one (Debian: apt-get install -y redis-server && redis-server --daemonize yes) or set REDIS_URL.`,
    };
  }
  const child = spawn('redis-server', ['--port', port || '6379', '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
  });
  for (let i = 0; i < 50; i += 1) {
    if (await ping(url)) return { ok: true, message: `started redis-server on port ${port || 6379} for this session`, child };
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  return { ok: false, message: `redis-server did not answer at ${url}` };
}
