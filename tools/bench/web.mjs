#!/usr/bin/env node
// `npm run bench:web`: eight simulated streams at 200 tokens/s each, rendered by the built web app in headless
// Chromium, once with frame batching (the product) and once with the naive render-every-delta debug mode, under
// two server configurations: the worker's default 16 ms delta coalescing (about one event per stream per frame)
// and per-token delivery (WORKER_BATCH_INTERVAL_MS=0, how an unbatched gateway or a fast provider behaves).
// Prints fps, long tasks, token-arrival → paint latency and main-thread busy time; writes test-output/bench-web.json.
// Builds nothing: run `nx run-many -t build -p web gateway inference-worker mock-llm` first.
// Env: BENCH_WEB_CONFIGS (coalesced,perToken), BENCH_WEB_MODES (batched,naive), BENCH_WEB_MEMORY_RUNS (50; 0 skips),
// BENCH_WEB_DIST_DIR (another web build to serve). `tools/bench/web-profile.mjs` shows where the time goes.
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { BENCH_MODELS, startBenchStack } from './web-stack.mjs';

const ROOT = resolve(import.meta.dirname, '../..');
const PROMPT = 'Explain how a hash map handles collisions, with a code example.';
const MEMORY_RUNS = Number(process.env.BENCH_WEB_MEMORY_RUNS ?? 50);
const ANSWER_TOKENS = 1200;
const MODES = (process.env.BENCH_WEB_MODES ?? 'batched,naive').split(',');
const SERVER_CONFIGS = [
  { name: 'coalesced', label: 'worker coalesces 16 ms', workerBatchIntervalMs: 16 },
  { name: 'perToken', label: 'one event per token', workerBatchIntervalMs: 0 },
].filter((c) => (process.env.BENCH_WEB_CONFIGS ?? 'coalesced,perToken').split(',').includes(c.name));
/** Another build of the web app to serve (an A/B variant); the default is dist/apps/web/browser. */
const WEB_DIST_DIR = process.env.BENCH_WEB_DIST_DIR ? resolve(process.env.BENCH_WEB_DIST_DIR) : undefined;
const TARGETS = { fps: 55, longTasks: 0, paintLatencyP95Ms: 50, mainThreadRatio: 10 };

// Injected before the app loads: counts animation frames and long tasks between start() and stop().
const INSTRUMENT = () => {
  const bench = { frames: 0, longTasks: [], counting: false, startedAt: 0, stoppedAt: 0 };
  const tick = () => {
    if (bench.counting) bench.frames += 1;
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  new PerformanceObserver((list) => {
    if (bench.counting) for (const entry of list.getEntries()) bench.longTasks.push({ ms: Math.round(entry.duration), atMs: Math.round(entry.startTime - bench.startedAt) });
  }).observe({ type: 'longtask', buffered: false });
  bench.start = () => Object.assign(bench, { counting: true, frames: 0, longTasks: [], startedAt: performance.now() });
  bench.stop = () => Object.assign(bench, { counting: false, stoppedAt: performance.now() });
  window.__bench = bench;
};

function percentile(values, p) {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function metrics(cdp) {
  const { metrics: list } = await cdp.send('Performance.getMetrics');
  return Object.fromEntries(list.map((m) => [m.name, m.value]));
}

async function openApp(browser, url, query) {
  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  await page.addInitScript(INSTRUMENT);
  await page.goto(`${url}/?${query}`);
  await page.locator('[data-testid="model-option"]').nth(BENCH_MODELS.length - 1).waitFor();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  return { page, cdp };
}

async function setMaxTokens(page, n) {
  await page.locator('input[type="number"]').fill(String(n));
  await page.locator('input[type="number"]').dispatchEvent('change');
}

async function runOnce(page) {
  await page.fill('[data-testid="prompt-input"]', PROMPT);
  await page.click('[data-testid="run-button"]');
  await page.locator('[data-testid="target-column"]').nth(BENCH_MODELS.length - 1).waitFor({ timeout: 30_000 });
  await page.waitForFunction(
    (n) => document.querySelectorAll('[data-testid="target-column"][data-state="done"]').length === n,
    BENCH_MODELS.length,
    { timeout: 120_000, polling: 250 },
  );
}

async function measureStreaming(browser, url, mode) {
  const { page, cdp } = await openApp(browser, url, mode === 'naive' ? 'render=naive&probe=1' : 'probe=1');
  await setMaxTokens(page, ANSWER_TOKENS);
  const before = await metrics(cdp);
  await page.evaluate(() => window.__bench.start());
  await runOnce(page);
  await page.evaluate(() => window.__bench.stop());
  const after = await metrics(cdp);
  const spentMs = (name) => Math.round(((after[name] ?? 0) - (before[name] ?? 0)) * 1000);
  const { frames, longTasks, startedAt, stoppedAt, latencies } = await page.evaluate(() => ({
    ...window.__bench,
    latencies: window.__parallaxProbe?.latencies ?? [],
  }));
  const tokens = await page.$$eval('[data-testid="target-metrics"]', (els) => els.length);
  await page.close();
  const seconds = (stoppedAt - startedAt) / 1000;
  return {
    mode,
    streams: tokens,
    seconds: +seconds.toFixed(2),
    fps: +(frames / seconds).toFixed(1),
    longTasks: longTasks.length,
    longestTaskMs: longTasks.length ? Math.max(...longTasks.map((t) => t.ms)) : 0,
    longTaskList: longTasks,
    paintLatencyP50Ms: round(percentile(latencies, 50)),
    paintLatencyP95Ms: round(percentile(latencies, 95)),
    eventsMeasured: latencies.length,
    eventsPerSecond: Math.round(latencies.length / seconds),
    // CPU time of the renderer's main thread: unlike task wall time it does not grow when other processes
    // compete for the cores, so it is the figure the naive/batched ratio uses.
    mainThreadBusyMs: spentMs('ThreadTime'),
    taskWallMs: spentMs('TaskDuration'),
    scriptMs: spentMs('ScriptDuration'),
    styleMs: spentMs('RecalcStyleDuration'),
    layoutMs: spentMs('LayoutDuration'),
  };
}

/** Heap after many short runs, each in a new conversation: the app must not keep old runs alive. */
async function measureMemory(browser, url) {
  const { page, cdp } = await openApp(browser, url, '');
  await setMaxTokens(page, 16);
  const heapAfter = [];
  for (let i = 1; i <= MEMORY_RUNS; i += 1) {
    if (i > 1) await page.click('text=New conversation');
    await runOnce(page);
    if (i === 10 || i === MEMORY_RUNS) {
      await cdp.send('HeapProfiler.collectGarbage');
      heapAfter.push({ run: i, heapMb: +((await metrics(cdp)).JSHeapUsedSize / 1e6).toFixed(2) });
    }
  }
  await page.close();
  return { runs: MEMORY_RUNS, heap: heapAfter, growthMb: +(heapAfter.at(-1).heapMb - heapAfter[0].heapMb).toFixed(2) };
}

const round = (v) => (v === null ? null : Math.round(v * 10) / 10);

/** Batched mode against each target; the ratio compares naive and batched main-thread CPU time of one configuration. */
function verdicts(batched, naive) {
  if (!batched) return null;
  const ratio = naive ? +(naive.mainThreadBusyMs / Math.max(1, batched.mainThreadBusyMs)).toFixed(1) : null;
  return {
    mainThreadRatio: ratio,
    met: {
      fps: batched.fps >= TARGETS.fps,
      longTasks: batched.longTasks <= TARGETS.longTasks,
      paintLatencyP95Ms: batched.paintLatencyP95Ms !== null && batched.paintLatencyP95Ms <= TARGETS.paintLatencyP95Ms,
      mainThreadRatio: ratio === null ? null : ratio >= TARGETS.mainThreadRatio,
    },
  };
}

async function measureConfig(browser, config) {
  const stack = await startBenchStack({ answerTokens: ANSWER_TOKENS, workerBatchIntervalMs: config.workerBatchIntervalMs, webDistDir: WEB_DIST_DIR });
  try {
    const batched = MODES.includes('batched') ? await measureStreaming(browser, stack.url, 'batched') : null;
    const naive = MODES.includes('naive') ? await measureStreaming(browser, stack.url, 'naive') : null;
    const memory = config === SERVER_CONFIGS[0] && MEMORY_RUNS > 0 ? await measureMemory(browser, stack.url) : null;
    return { config: { ...config }, batched, naive, ...verdicts(batched, naive), memory };
  } finally {
    await stack.stop();
  }
}

function report(results) {
  const rows = {};
  for (const r of results) {
    for (const m of [r.batched, r.naive].filter(Boolean)) {
      rows[`${r.config.name} ${m.mode}`] = {
        fps: m.fps,
        longTasks: m.longTasks,
        longestMs: m.longestTaskMs,
        'p50 ms': m.paintLatencyP50Ms,
        'p95 ms': m.paintLatencyP95Ms,
        'events/s': m.eventsPerSecond,
        'main ms': m.mainThreadBusyMs,
        'script ms': m.scriptMs,
        'style ms': m.styleMs,
        'layout ms': m.layoutMs,
        'task wall ms': m.taskWallMs,
        seconds: m.seconds,
      };
    }
  }
  console.table(rows);
  const mark = (ok) => (ok === null ? 'n/a' : ok ? 'met' : 'MISSED');
  console.log(`Targets apply to the batched rows; the ratio is naive main ms / batched main ms of the same configuration.`);
  for (const r of results) {
    console.log(`\n${r.config.name} (${r.config.label}, WORKER_BATCH_INTERVAL_MS=${r.config.workerBatchIntervalMs}):`);
    for (const m of [r.batched, r.naive].filter(Boolean)) {
      if (m.longTaskList.length) console.log(`  ${m.mode} long tasks (ms @ ms into the run): ${m.longTaskList.map((t) => `${t.ms}@${t.atMs}`).join(', ')}`);
    }
    if (!r.met) continue;
    const b = r.batched;
    console.log(`  batched fps ${b.fps} vs ≥ ${TARGETS.fps}: ${mark(r.met.fps)}`);
    console.log(`  batched long tasks ${b.longTasks} vs ${TARGETS.longTasks}: ${mark(r.met.longTasks)}`);
    console.log(`  batched p95 arrival → paint ${b.paintLatencyP95Ms} ms vs ≤ ${TARGETS.paintLatencyP95Ms} ms: ${mark(r.met.paintLatencyP95Ms)}`);
    console.log(`  main thread naive / batched ${r.mainThreadRatio ?? '—'}× vs ≥ ${TARGETS.mainThreadRatio}×: ${mark(r.met.mainThreadRatio)}`);
    if (r.memory) console.log(`  heap after run 10 → ${r.memory.runs}: ${r.memory.heap.map((h) => `${h.heapMb} MB`).join(' → ')}`);
  }
}

const loadAtStart = loadavg().map((l) => +l.toFixed(2));
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const results = [];
  for (const config of SERVER_CONFIGS) results.push(await measureConfig(browser, config));
  const result = {
    load: `${BENCH_MODELS.length} simulated streams × 200 tokens/s, ${ANSWER_TOKENS} answer tokens each`,
    machine: { cpus: availableParallelism(), loadAverageAtStart: loadAtStart, loadAverage: loadavg().map((l) => +l.toFixed(2)) },
    targets: { fps: `>= ${TARGETS.fps}`, longTasks: TARGETS.longTasks, paintLatencyP95Ms: `<= ${TARGETS.paintLatencyP95Ms}`, mainThreadRatio: `>= ${TARGETS.mainThreadRatio}` },
    configs: Object.fromEntries(results.map((r) => [r.config.name, r])),
  };
  report(results);
  console.log(`\nload average (1/5/15 min) at start: ${loadAtStart.join(' / ')}, at end: ${result.machine.loadAverage.join(' / ')}, on ${result.machine.cpus} cores`);
  mkdirSync(resolve(ROOT, 'test-output'), { recursive: true });
  writeFileSync(resolve(ROOT, 'test-output/bench-web.json'), JSON.stringify(result, null, 2) + '\n');
  console.log('written to test-output/bench-web.json');
} finally {
  await browser.close();
}
