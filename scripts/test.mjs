#!/usr/bin/env node
// `npm test`: lint and every jest project (unit, integration, end-to-end), then one closing line with the totals.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

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
process.exit(run.status ?? 1);
