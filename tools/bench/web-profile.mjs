#!/usr/bin/env node
// `node tools/bench/web-profile.mjs`: one streaming run of the web benchmark under a Chrome trace and a JS CPU
// profile, to find where the renderer's main thread spends its time. Prints self time per trace event and the
// hottest JS functions (mapped through source maps when the build has them: `nx build web --sourceMap=true`).
// Env: BENCH_WEB_MODE (batched | naive), BENCH_WEB_INTERVAL_MS (worker coalescing, default 16),
// BENCH_WEB_DIST_DIR (the web build to serve), BENCH_WEB_TOKENS (answer tokens, default 1200).
import { readFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { SourceMapConsumer } from 'source-map';
import { BENCH_MODELS, startBenchStack } from './web-stack.mjs';

const ROOT = resolve(import.meta.dirname, '../..');
const MODE = process.env.BENCH_WEB_MODE ?? 'batched';
const TOKENS = Number(process.env.BENCH_WEB_TOKENS ?? 1200);
const DIST = process.env.BENCH_WEB_DIST_DIR ? resolve(process.env.BENCH_WEB_DIST_DIR) : undefined;

/** Self time per event name on the renderer main thread: each event's duration less its nested children. */
function selfTimes(events) {
  const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const list = events
    .filter((e) => main && e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.dur !== undefined)
    .sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  const totals = new Map();
  const stack = [];
  for (const e of list) {
    while (stack.length && stack.at(-1).ts + stack.at(-1).dur <= e.ts) stack.pop();
    const parent = stack.at(-1);
    if (parent) totals.set(parent.name, (totals.get(parent.name) ?? 0) - e.dur);
    totals.set(e.name, (totals.get(e.name) ?? 0) + e.dur);
    stack.push(e);
  }
  return [...totals].map(([name, us]) => ({ name, ms: Math.round(us / 1000) })).sort((a, b) => b.ms - a.ms);
}

async function hotFunctions(profile, distDir) {
  const dt = new Map();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  profile.samples.forEach((id, i) => dt.set(id, (dt.get(id) ?? 0) + (profile.timeDeltas[i + 1] ?? 0)));
  const consumers = new Map();
  const consumerFor = async (url) => {
    const file = distDir && url ? resolve(distDir, url.split('/').pop() + '.map') : null;
    if (!file || !existsSync(file)) return null;
    if (!consumers.has(file)) consumers.set(file, await new SourceMapConsumer(JSON.parse(readFileSync(file, 'utf8'))));
    return consumers.get(file);
  };
  const totals = new Map();
  for (const [id, us] of dt) {
    const { callFrame: f } = byId.get(id);
    const map = await consumerFor(f.url);
    const pos = map?.originalPositionFor({ line: f.lineNumber + 1, column: f.columnNumber });
    const where = pos?.source ? `${pos.source.replace(/^.*node_modules\//, '').replace(/^.*\/src\//, 'src/')}:${pos.line}` : `${f.url.split('/').pop()}:${f.lineNumber + 1}`;
    const key = `${pos?.name ?? f.functionName ?? '(anonymous)'} ${where}`;
    totals.set(key, (totals.get(key) ?? 0) + us);
  }
  return [...totals].map(([fn, us]) => ({ fn, ms: Math.round(us / 1000) })).sort((a, b) => b.ms - a.ms);
}

const stack = await startBenchStack({ answerTokens: TOKENS, workerBatchIntervalMs: Number(process.env.BENCH_WEB_INTERVAL_MS ?? 16), webDistDir: DIST });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  await page.goto(`${stack.url}/?${MODE === 'naive' ? 'render=naive' : ''}`);
  await page.locator('[data-testid="model-option"]').nth(BENCH_MODELS.length - 1).waitFor();
  await page.locator('input[type="number"]').fill(String(TOKENS));
  await page.locator('input[type="number"]').dispatchEvent('change');
  await page.fill('[data-testid="prompt-input"]', 'Explain how a hash map handles collisions, with a code example.');
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink', 'cc', 'v8', 'blink.user_timing'] });
  await page.click('[data-testid="run-button"]');
  await page.waitForFunction(
    (n) => document.querySelectorAll('[data-testid="target-column"][data-state="done"]').length === n,
    BENCH_MODELS.length,
    { timeout: 120_000, polling: 250 },
  );
  const trace = JSON.parse((await browser.stopTracing()).toString());
  const { profile } = await cdp.send('Profiler.stop');
  mkdirSync(resolve(ROOT, 'test-output'), { recursive: true });
  writeFileSync(resolve(ROOT, `test-output/web-profile-${MODE}.cpuprofile`), JSON.stringify(profile));
  console.log(`main-thread self time by trace event (${MODE}):`);
  console.table(selfTimes(trace.traceEvents ?? trace).slice(0, 25));
  console.log('hottest JS functions (self time):');
  console.table((await hotFunctions(profile, DIST)).slice(0, 40));
} finally {
  await browser.close();
  await stack.stop();
}
