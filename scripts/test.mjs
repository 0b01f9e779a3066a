#!/usr/bin/env node
// `npm test`: lint and every jest project (unit, integration, end-to-end), then one closing line with the totals.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ensureRedis } from './redis.mjs';

// Integration and end-to-end specs need Redis, and the browser specs Debian's Chromium.
const redis = await ensureRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
console.log(`[test] ${redis.message}`);
if (!redis.ok) process.exit(1);
if (!existsSync('/usr/bin/chromium')) {
  const root = process.getuid?.() === 0 && spawnSync('sh', ['-c', 'command -v apt-get']).status === 0;
  if (!root) {
    console.error('[test] browser specs need Chromium at /usr/bin/chromium: apt-get install -y chromium');
    process.exit(1);
  }
  console.log('[test] installing Debian chromium for the browser specs…');
  const install = spawnSync('sh', ['-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium'], { stdio: 'inherit' });
  if (install.status !== 0) process.exit(1);
}

const resultsDir = 'test-output/jest-results';
rmSync(resultsDir, { recursive: true, force: true });

const run = spawnSync(
  'npx',
  ['nx', 'run-many', '-t', 'lint', 'test', '--parallel=1', '--output-style=static', '--skip-nx-cache', ...process.argv.slice(2)],
  { stdio: 'inherit', env: { ...process.env, NX_DAEMON: 'false' } },
);

const totals = { passed: 0, failed: 0, skipped: 0 };
for (const file of existsSync(resultsDir) ? readdirSync(resultsDir) : []) {
  const counts = JSON.parse(readFileSync(join(resultsDir, file), 'utf8'));
  for (const key of Object.keys(totals)) totals[key] += counts[key];
}
const ok = run.status === 0;
console.log(`\nTests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
if (!ok && totals.failed === 0) console.log('(a lint or build step failed; see above)');
redis.child?.kill();
process.exit(run.status ?? 1);
