// Starts simulator, worker and gateway from dist for the web benchmark, with eight simulated models that
// stream at a real 200 tokens/s. Everything lives in a temp folder and a private Redis database.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Redis } from 'ioredis';

export const BENCH_MODELS = Array.from({ length: 8 }, (_, i) => `bench-${i + 1}`);
const ROOT = resolve(import.meta.dirname, '../..');

function freePort() {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
}

async function waitForHttp(url, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function writeConfig(answerTokens) {
  const dir = mkdtempSync(join(tmpdir(), 'parallax-bench-web-'));
  const profiles = Object.fromEntries(
    BENCH_MODELS.map((id, i) => [
      id,
      { ttftMs: 120, tokensPerSecond: 200, jitter: 0.1, reasoningTokens: 0, maxAnswerTokens: answerTokens, style: i % 2 ? 'code' : 'detailed' },
    ]),
  );
  const registry = {
    providers: [{ id: 'simulator', label: 'Parallax simulator', baseUrl: '${MOCK_LLM_URL}', simulated: true, limits: { concurrency: 64 } }],
    models: BENCH_MODELS.map((id, i) => ({
      id,
      label: `Bench ${i + 1}`,
      provider: 'simulator',
      model: id,
      contextWindow: 32768,
      pricing: { inputPerMTok: 0.1 * (i + 1), outputPerMTok: 0.4 * (i + 1) },
    })),
  };
  // The gateway checks its routing policy against the registry, so the policy must name a bench model.
  const routing = {
    defaultModel: BENCH_MODELS[0],
    confidenceThreshold: 0.45,
    maxErrorRate: 0.5,
    minRequests: 5,
    preferences: { quality: { price: 0, latency: 0 }, balanced: { price: 0.25, latency: 0.25 }, cheap: { price: 0.8, latency: 0.1 }, fast: { price: 0.1, latency: 0.8 } },
  };
  writeFileSync(join(dir, 'routing.json'), JSON.stringify(routing));
  writeFileSync(join(dir, 'profiles.json'), JSON.stringify(profiles));
  writeFileSync(join(dir, 'models.json'), JSON.stringify(registry));
  return { profilesFile: join(dir, 'profiles.json'), modelsFile: join(dir, 'models.json'), routingFile: join(dir, 'routing.json') };
}

/**
 * Starts the stack; `stop()` ends every process it started. `workerBatchIntervalMs` is the worker's delta
 * coalescing window: 16 (its default) sends about one event per stream per frame, 0 sends every token on its own.
 */
export async function startBenchStack({ db = 5, answerTokens = 1200, workerBatchIntervalMs = 16, webDistDir } = {}) {
  for (const main of ['dist/apps/mock-llm/main.js', 'dist/apps/inference-worker/main.js', 'dist/apps/gateway/main.js', 'dist/apps/web/browser/index.html']) {
    if (!existsSync(resolve(ROOT, main))) throw new Error(`${main} is missing: build first (nx run-many -t build -p web gateway inference-worker mock-llm)`);
  }
  const redisUrl = `${(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379').replace(/\/\d*$/, '')}/${db}`;
  const redis = new Redis(redisUrl);
  await redis.flushdb();
  await redis.quit();
  const { profilesFile, modelsFile, routingFile } = writeConfig(answerTokens);
  const [mockPort, gatewayPort] = [await freePort(), await freePort()];
  const mockUrl = `http://127.0.0.1:${mockPort}`;
  const common = { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', REDIS_URL: redisUrl, MOCK_LLM_URL: `${mockUrl}/v1`, PARALLAX_MODELS_FILE: modelsFile, PARALLAX_ROUTING_FILE: routingFile };
  const children = [];
  const start = (main, env) => {
    const child = spawn(process.execPath, [resolve(ROOT, main)], { cwd: ROOT, env: { ...common, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
    children.push(child);
    return child;
  };
  start('dist/apps/mock-llm/main.js', { MOCK_LLM_PORT: String(mockPort), MOCK_LLM_SPEED: '1', MOCK_LLM_PROFILES_FILE: profilesFile });
  start('dist/apps/inference-worker/main.js', { WORKER_BATCH_INTERVAL_MS: String(workerBatchIntervalMs) });
  start('dist/apps/gateway/main.js', { PORT: String(gatewayPort), HOST: '127.0.0.1', ...(webDistDir ? { WEB_DIST_DIR: webDistDir } : {}) });
  const url = `http://127.0.0.1:${gatewayPort}`;
  const stop = () =>
    Promise.all(children.map((c) => (c.exitCode !== null ? null : new Promise((r) => (c.once('exit', r), c.kill('SIGTERM'))))));
  try {
    await Promise.all([waitForHttp(`${url}/api/health`), waitForHttp(`${mockUrl}/health`)]);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, stop };
}
