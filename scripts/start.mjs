#!/usr/bin/env node
// `npm start`: builds every app, makes sure Redis answers, then runs the simulator, router, worker and
// gateway as one supervised group with prefixed logs. Ctrl+C stops them all.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { ensureRedis } from './redis.mjs';

const env = { ...process.env };
env.REDIS_URL ??= 'redis://127.0.0.1:6379';
env.PORT ??= '3000';
env.MOCK_LLM_PORT ??= '4010';
env.MOCK_LLM_URL ??= `http://127.0.0.1:${env.MOCK_LLM_PORT}/v1`;
// The operator dashboard needs a token; a session without one gets a fresh one, shown only here.
const generatedOpsToken = !env.PARALLAX_OPS_TOKEN;
env.PARALLAX_OPS_TOKEN ||= randomBytes(18).toString('base64url');

const apps = [
  { name: 'mock-llm', main: 'dist/apps/mock-llm/main.js' },
  { name: 'router', main: 'dist/apps/router/main.js', optional: true },
  { name: 'worker', main: 'dist/apps/inference-worker/main.js' },
  { name: 'gateway', main: 'dist/apps/gateway/main.js' },
];

if (!process.argv.includes('--no-build')) {
  console.log('[start] building (nx run-many -t build)…');
  const build = spawnSync('npx', ['nx', 'run-many', '-t', 'build', '--output-style=stream-without-prefixes'], {
    stdio: 'inherit',
    env: { ...env, NX_DAEMON: 'false' },
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const redis = await ensureRedis(env.REDIS_URL);
if (!redis.ok) {
  console.error(`[start] ${redis.message}`);
  process.exit(1);
}
console.log(`[start] ${redis.message}`);

const children = [];
let stopping = false;

function stopAll(code) {
  if (stopping) return;
  stopping = true;
  for (const child of children) child.kill('SIGTERM');
  redis.child?.kill('SIGTERM');
  setTimeout(() => process.exit(code), 12_000).unref();
  Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r() : c.once('exit', r))))).then(() =>
    process.exit(code),
  );
}

for (const app of apps) {
  if (!existsSync(app.main)) {
    if (app.optional) continue;
    console.error(`[start] ${app.main} is missing; run without --no-build`);
    process.exit(1);
  }
  const child = spawn(process.execPath, [app.main], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const prefix = `[${app.name}]`.padEnd(11);
  for (const stream of [child.stdout, child.stderr]) {
    let rest = '';
    stream.on('data', (chunk) => {
      const lines = (rest + chunk).split('\n');
      rest = lines.pop();
      for (const line of lines) process.stdout.write(`${prefix} ${line}\n`);
    });
  }
  child.on('exit', (code, signal) => {
    if (stopping) return;
    console.error(`[start] ${app.name} exited (${signal ?? code}); stopping everything`);
    stopAll(1);
  });
  children.push(child);
}

console.log(`[start] Parallax is starting on http://localhost:${env.PORT}  (Ctrl+C to stop)`);
console.log(
  generatedOpsToken
    ? `[start] operator dashboard: http://localhost:${env.PORT}/ops  token for this session: ${env.PARALLAX_OPS_TOKEN}`
    : `[start] operator dashboard: http://localhost:${env.PORT}/ops  (token from PARALLAX_OPS_TOKEN)`,
);
process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));
