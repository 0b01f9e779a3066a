#!/usr/bin/env node
// `npm run bench:pipeline`: the streaming pipeline under load, against floors measured in the same run.
//  1. throughput: the simulator at full speed, N concurrent streams, tokens/s delivered to Socket.IO clients;
//  2. relay latency at 200 streams × 50 tokens/s: worker publish (`at`) → client receive, p50/p95/p99;
//  3. floor: a bare Socket.IO server emitting the same message rate to 200 clients, same latency measure;
//  4. time to first token through the gateway vs reading the simulator directly (sequential requests).
// Prints a table and writes test-output/bench-pipeline.json. Nothing here is asserted.
// Flags: --streams --tokens (throughput), --relay-streams --relay-tps --relay-tokens, --ttft-samples, --workers.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { io } from 'socket.io-client';

const ROOT = resolve(import.meta.dirname, '../..');
const args = Object.fromEntries(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=')));
const THROUGHPUT_STREAMS = Number(args.streams ?? 64);
const THROUGHPUT_TOKENS = Number(args.tokens ?? 2000);
const RELAY_STREAMS = Number(args['relay-streams'] ?? 200);
const RELAY_TPS = Number(args['relay-tps'] ?? 50);
const RELAY_TOKENS = Number(args['relay-tokens'] ?? 300);
const TTFT_SAMPLES = Number(args['ttft-samples'] ?? 40);
const WORKERS = Number(args.workers ?? 1);
const REDIS_URL = (process.env.REDIS_URL ?? 'redis://127.0.0.1:6379').replace(/\/\d*$/, '') + '/6';

const freePort = () =>
  new Promise((done) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => done(port));
    });
  });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const pct = (values, p) => {
  if (!values.length) return null;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
};
const round = (v, d = 2) => (v === null ? null : Math.round(v * 10 ** d) / 10 ** d);

function start(name, main, env) {
  const child = spawn(process.execPath, [join(ROOT, main)], { cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines = [];
  child.stdout.on('data', (c) => lines.push(String(c)));
  child.stderr.on('data', (c) => lines.push(String(c)));
  child.on('exit', (code) => code && code !== 0 && !child.stopping && console.error(`${name} exited ${code}: ${lines.join('').slice(-2000)}`));
  return { child, lines, stop: () => ((child.stopping = true), child.kill('SIGTERM')) };
}

async function waitFor(url) {
  for (let i = 0; i < 200; i += 1) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {}
    await sleep(100);
  }
  throw new Error(`${url} did not answer`);
}

// A private simulator profile set and registry, so the bench controls rate and length exactly.
const dir = mkdtempSync(join(tmpdir(), 'parallax-bench-'));
const profile = (id, ttftMs, tokensPerSecond, maxAnswerTokens) => ({ id, ttftMs, tokensPerSecond, jitter: 0, reasoningTokens: 0, maxAnswerTokens, style: 'balanced' });
writeFileSync(
  join(dir, 'profiles.json'),
  JSON.stringify([profile('bench-max', 0, 1e7, THROUGHPUT_TOKENS), profile('bench-rate', 20, RELAY_TPS, RELAY_TOKENS)]),
);
const mockPort = await freePort();
const model = (id) => ({ id, label: id, provider: 'simulator', model: id, contextWindow: 100000, pricing: { inputPerMTok: 1, outputPerMTok: 1 } });
writeFileSync(
  join(dir, 'models.json'),
  JSON.stringify({
    providers: [{ id: 'simulator', label: 'Simulator', baseUrl: `http://127.0.0.1:${mockPort}/v1`, simulated: true, limits: { concurrency: 512 } }],
    models: [model('bench-max'), model('bench-rate')],
  }),
);
writeFileSync(join(dir, 'routing.yaml'), 'defaultModel: bench-rate\npreferences:\n  quality: {price: 0, latency: 0}\n  balanced: {price: 0, latency: 0}\n  cheap: {price: 0, latency: 0}\n  fast: {price: 0, latency: 0}\n');

const gatewayPort = await freePort();
const common = { REDIS_URL, PARALLAX_MODELS_FILE: join(dir, 'models.json'), PARALLAX_ROUTING_FILE: join(dir, 'routing.yaml') };
const procs = [
  start('mock-llm', 'dist/apps/mock-llm/main.js', { MOCK_LLM_PORT: String(mockPort), MOCK_LLM_SPEED: '1', MOCK_LLM_PROFILES_FILE: join(dir, 'profiles.json') }),
  ...Array.from({ length: WORKERS }, (_, i) => start(`worker-${i}`, 'dist/apps/inference-worker/main.js', common)),
  start('gateway', 'dist/apps/gateway/main.js', { ...common, PORT: String(gatewayPort), HOST: '127.0.0.1', LOG_LEVEL: 'error' }),
];
const gateway = `http://127.0.0.1:${gatewayPort}`;
const mock = `http://127.0.0.1:${mockPort}`;
await Promise.all([waitFor(`${gateway}/api/health`), waitFor(`${mock}/health`)]);
await sleep(1000);

async function connect(url) {
  const socket = io(url, { transports: ['websocket'], reconnection: false });
  await new Promise((done, fail) => (socket.once('connect', done), socket.once('connect_error', fail)));
  return socket;
}

/** Starts `count` single-target runs of `modelId`, one socket each; resolves with per-event latencies and token totals. */
async function streamRuns(count, modelId, prompt) {
  const sockets = await Promise.all(Array.from({ length: count }, () => connect(`${gateway}/runs`)));
  const latencies = [];
  let tokens = 0;
  let events = 0;
  const started = performance.now();
  await Promise.all(
    sockets.map(async (socket, i) => {
      const done = new Promise((resolveDone) =>
        socket.on('run.event', (event) => {
          events += 1;
          latencies.push(Date.now() - event.at);
          if (event.type === 'target.completed') tokens += event.metrics.outputTokens;
          if (event.type === 'run.completed') resolveDone();
        }),
      );
      const response = await fetch(`${gateway}/api/runs`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ mode: 'compare', models: [modelId], messages: [{ role: 'user', content: `${prompt} #${i}` }] }),
      });
      const { runId } = await response.json();
      await socket.timeout(10000).emitWithAck('run.subscribe', { runId });
      await done;
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  sockets.forEach((s) => s.disconnect());
  return { latencies, tokens, events, seconds };
}

/** A bare Socket.IO server in its own process sends `count` clients `rate` messages/s each, stamped like run events. */
async function bareSocketIoFloor(count, rate, messagesPerClient) {
  const port = await freePort();
  const script = `
    const { Server } = require('socket.io');
    const io = new Server(${port}, { perMessageDeflate: false });
    io.on('connection', (socket) => socket.on('go', () => {
      let sent = 0;
      const start = performance.now();
      const tick = () => {
        const due = Math.floor(((performance.now() - start) / 1000) * ${rate}) + 1;
        while (sent < Math.min(due, ${messagesPerClient})) {
          sent += 1;
          socket.emit('run.event', { runId: 'x', targetId: 't0', seq: sent, at: Date.now(), type: 'target.delta', content: ' token' });
        }
        if (sent < ${messagesPerClient}) setTimeout(tick, Math.max(0, (sent / ${rate}) * 1000 - (performance.now() - start)));
        else socket.emit('done');
      };
      tick();
    }));
    console.log('ready');`;
  const server = spawn(process.execPath, ['-e', script], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((r) => server.stdout.once('data', r));
  const sockets = await Promise.all(Array.from({ length: count }, () => connect(`http://127.0.0.1:${port}`)));
  const latencies = [];
  const started = performance.now();
  await Promise.all(
    sockets.map(
      (socket, i) =>
        new Promise((done) => {
          socket.on('run.event', (e) => latencies.push(Date.now() - e.at));
          socket.once('done', done);
          setTimeout(() => socket.emit('go'), (i * 1000) / count); // staggered like runs started one after another
        }),
    ),
  );
  const seconds = (performance.now() - started) / 1000;
  sockets.forEach((s) => s.disconnect());
  server.kill();
  return { latencies, messages: latencies.length, seconds };
}

async function directTtft(samples) {
  const values = [];
  for (let i = 0; i < samples; i += 1) {
    const t0 = performance.now();
    const response = await fetch(`${mock}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'bench-rate', stream: true, messages: [{ role: 'user', content: `ttft probe ${i}` }] }),
    });
    const reader = response.body.getReader();
    let text = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      text += Buffer.from(value).toString();
      if (/"content":"[^"]/.test(text)) {
        values.push(performance.now() - t0);
        break;
      }
    }
    await reader.cancel();
  }
  return values;
}

async function gatewayTtft(samples) {
  const socket = await connect(`${gateway}/runs`);
  const values = [];
  for (let i = 0; i < samples; i += 1) {
    const t0 = performance.now();
    const first = new Promise((done) => {
      const onEvent = (e) => {
        if (e.type === 'target.delta' && e.content) {
          socket.off('run.event', onEvent);
          done(performance.now() - t0);
        }
      };
      socket.on('run.event', onEvent);
    });
    const response = await fetch(`${gateway}/api/runs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ mode: 'compare', models: ['bench-rate'], messages: [{ role: 'user', content: `ttft probe ${i}` }] }),
    });
    const { runId } = await response.json();
    await socket.timeout(5000).emitWithAck('run.subscribe', { runId });
    values.push(await first);
    await fetch(`${gateway}/api/runs/${runId}`, { method: 'DELETE' });
  }
  socket.disconnect();
  return values;
}

try {
  console.log(`throughput: ${THROUGHPUT_STREAMS} streams × ${THROUGHPUT_TOKENS} tokens at full speed…`);
  await streamRuns(8, 'bench-max', 'warm-up');
  const throughput = await streamRuns(THROUGHPUT_STREAMS, 'bench-max', 'throughput');
  console.log(`relay: ${RELAY_STREAMS} streams × ${RELAY_TPS} tokens/s × ${RELAY_TOKENS} tokens…`);
  const relay = await streamRuns(RELAY_STREAMS, 'bench-rate', 'relay');
  console.log('floor: bare Socket.IO at the same message rate…');
  const bare = await bareSocketIoFloor(RELAY_STREAMS, RELAY_TPS, RELAY_TOKENS);
  console.log(`time to first token: ${TTFT_SAMPLES} sequential requests, direct and through the gateway…`);
  const direct = await directTtft(TTFT_SAMPLES);
  const viaGateway = await gatewayTtft(TTFT_SAMPLES);

  const result = {
    machine: { cpus: (await import('node:os')).cpus().length, node: process.version, workers: WORKERS },
    throughput: {
      streams: THROUGHPUT_STREAMS,
      tokensDelivered: throughput.tokens,
      events: throughput.events,
      seconds: round(throughput.seconds),
      tokensPerSecond: Math.round(throughput.tokens / throughput.seconds),
      eventsPerSecond: Math.round(throughput.events / throughput.seconds),
    },
    relay: {
      streams: RELAY_STREAMS,
      tokensPerSecondPerStream: RELAY_TPS,
      events: relay.events,
      p50Ms: pct(relay.latencies, 50),
      p95Ms: pct(relay.latencies, 95),
      p99Ms: pct(relay.latencies, 99),
    },
    bareSocketIo: {
      messages: bare.messages,
      messagesPerSecond: Math.round(bare.messages / bare.seconds),
      p50Ms: pct(bare.latencies, 50),
      p95Ms: pct(bare.latencies, 95),
      p99Ms: pct(bare.latencies, 99),
    },
    ttft: {
      samples: TTFT_SAMPLES,
      directP50Ms: round(pct(direct, 50)),
      gatewayP50Ms: round(pct(viaGateway, 50)),
      overheadP50Ms: round(pct(viaGateway, 50) - pct(direct, 50)),
      directP95Ms: round(pct(direct, 95)),
      gatewayP95Ms: round(pct(viaGateway, 95)),
    },
  };
  result.relay.p99VsBare = round(result.relay.p99Ms / Math.max(1, result.bareSocketIo.p99Ms));

  console.log('\nParallax pipeline benchmark');
  console.table({
    'tokens/s delivered (full speed)': { value: result.throughput.tokensPerSecond, target: '≥ 50,000' },
    'run.event messages/s delivered': { value: result.throughput.eventsPerSecond, target: '' },
    [`relay p50 / p95 / p99 ms (${RELAY_STREAMS}×${RELAY_TPS} tok/s)`]: { value: `${result.relay.p50Ms} / ${result.relay.p95Ms} / ${result.relay.p99Ms}`, target: 'p99 ≤ 15' },
    'bare Socket.IO p50 / p95 / p99 ms': { value: `${result.bareSocketIo.p50Ms} / ${result.bareSocketIo.p95Ms} / ${result.bareSocketIo.p99Ms}`, target: '' },
    'relay p99 ÷ bare p99': { value: result.relay.p99VsBare, target: '≤ 1.5' },
    'TTFT p50 direct / via gateway ms': { value: `${result.ttft.directP50Ms} / ${result.ttft.gatewayP50Ms}`, target: '' },
    'TTFT overhead p50 ms': { value: result.ttft.overheadP50Ms, target: '≤ 2' },
  });
  mkdirSync(join(ROOT, 'test-output'), { recursive: true });
  writeFileSync(join(ROOT, 'test-output/bench-pipeline.json'), JSON.stringify(result, null, 2));
  console.log('figures written to test-output/bench-pipeline.json');
} finally {
  procs.forEach((p) => p.stop());
  await sleep(500);
}
