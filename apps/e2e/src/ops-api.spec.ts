import { io } from 'socket.io-client';
import {
  OPS_EVENTS,
  OPS_NAMESPACE,
  type FailedJobsResponse,
  type OpsOverviewResponse,
  type OpsSnapshot,
  type RunStatusResponse,
} from '@parallax/contracts';
import { AppProcess, clearMock, createRun, freePort, queueFault, Stack } from '@parallax/test-stack';

const TOKEN = 'ops-e2e-token-0123456789abcdef';
const LANE = 'simulator';
const messages = [{ role: 'user' as const, content: 'Name three rivers in Europe.' }];
const auth = { authorization: `Bearer ${TOKEN}` };

function pick<T>(items: T[], predicate: (item: T) => boolean): T {
  const found = items.find(predicate);
  if (found === undefined) throw new Error('expected item is missing');
  return found;
}

async function eventually<T>(probe: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (accept(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms; last: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

describe('operator API (/api/ops, /ops namespace, /ops/queues)', () => {
  let workerMetricsPort = 0;
  const workerEnv: Record<string, string> = {};
  // Request logging on, so the last test can check the token never reaches a log line.
  const gatewayEnv = { PARALLAX_OPS_TOKEN: TOKEN, PARALLAX_OPS_PUSH_INTERVAL_MS: '250', LOG_LEVEL: 'info' };
  const stack = new Stack({ db: 15, speed: 'max', gatewayEnv, workerEnv });

  const api = async <T>(path: string, init: RequestInit = {}) => {
    const response = await fetch(`${stack.gatewayUrl}/api/ops${path}`, { ...init, headers: { ...auth, ...init.headers } });
    return { status: response.status, body: (await response.json()) as T };
  };
  const overview = async (window = '5m') => (await api<OpsOverviewResponse>(`/overview?window=${window}`)).body;
  const lane = async () => pick((await overview()).lanes, (l) => l.lane === LANE);
  const model = async (modelId: string, window = '5m') => pick((await overview(window)).models, (m) => m.modelId === modelId);
  const runStatus = async (runId: string) => (await (await fetch(`${stack.gatewayUrl}/api/runs/${runId}`)).json()) as RunStatusResponse;
  const runCompleted = (runId: string) => eventually(() => runStatus(runId), (s) => s.completed);

  beforeAll(async () => {
    workerMetricsPort = await freePort();
    Object.assign(workerEnv, { WORKER_METRICS_PORT: String(workerMetricsPort), WORKER_METRICS_HOST: '127.0.0.1' });
    await stack.start();
  }, 60_000);
  afterAll(() => stack.stop());
  beforeEach(() => clearMock(stack.mockUrl));

  describe('auth', () => {
    const endpoints: [string, string][] = [
      ['GET', '/overview'],
      ['GET', '/failed'],
      ['POST', `/lanes/${LANE}/pause`],
      ['POST', `/lanes/${LANE}/resume`],
      ['POST', `/lanes/${LANE}/drain`],
      ['POST', `/jobs/${LANE}/run.t0/retry`],
      ['DELETE', `/jobs/${LANE}/run.t0`],
    ];

    it.each(endpoints)('refuses %s %s without a token or with a wrong one, with 401', async (method, path) => {
      const attempts: Record<string, string>[] = [{}, { authorization: 'Bearer wrong-token-wrong-token' }, { authorization: TOKEN }];
      for (const headers of attempts) {
        const response = await fetch(`${stack.gatewayUrl}/api/ops${path}`, { method, headers });
        expect(response.status).toBe(401);
        expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
      }
      expect(await lane()).toMatchObject({ paused: false });
    });

    it.each([
      ['no token', {}],
      ['a wrong token', { token: 'wrong-token-wrong-token' }],
    ])('refuses a connection to the /ops namespace with %s', async (_, handshake) => {
      const socket = io(`${stack.gatewayUrl}${OPS_NAMESPACE}`, { transports: ['websocket'], reconnection: false, auth: handshake });
      const error = await new Promise<Error>((resolve, reject) => {
        socket.once('connect_error', resolve);
        socket.once('connect', () => reject(new Error('connected without a valid token')));
      });
      expect(error.message).toMatch(/unauthorized/);
      socket.disconnect();
    });

    it('guards the queue board: 401 without a token; ?token= sets an httpOnly cookie and redirects without it', async () => {
      expect((await fetch(`${stack.gatewayUrl}/ops/queues`)).status).toBe(401);
      expect((await fetch(`${stack.gatewayUrl}/ops/queues?token=wrong-token-wrong-token`, { redirect: 'manual' })).status).toBe(401);
      const opened = await fetch(`${stack.gatewayUrl}/ops/queues?token=${TOKEN}`, { redirect: 'manual' });
      expect(opened.status).toBe(303);
      expect(opened.headers.get('location')).toBe('/ops/queues');
      const cookie = opened.headers.get('set-cookie') ?? '';
      expect(cookie).toMatch(/HttpOnly/i);
      expect(cookie).not.toContain(TOKEN);
      const board = await fetch(`${stack.gatewayUrl}/ops/queues`, { headers: { cookie: cookie.split(';')[0] } });
      expect(board.status).toBe(200);
      expect(await board.text()).toMatch(/<html/i);
      expect((await fetch(`${stack.gatewayUrl}/ops/queues`, { headers: auth })).status).toBe(200);
    });

    it('answers 503 naming PARALLAX_OPS_TOKEN on a gateway without one, on the API, socket and board', async () => {
      const port = await freePort();
      const bare = AppProcess.start('gateway-no-ops', 'dist/apps/gateway/main.js', { ...stack.baseEnv, PORT: String(port), HOST: '127.0.0.1' });
      stack.processes.push(bare);
      const url = `http://127.0.0.1:${port}`;
      await bare.waitForOutput(/Parallax gateway on/);
      const response = await fetch(`${url}/api/ops/overview`, { headers: auth });
      expect(response.status).toBe(503);
      expect(((await response.json()) as { message: string }).message).toMatch(/set PARALLAX_OPS_TOKEN/);
      expect((await fetch(`${url}/ops/queues`, { headers: auth })).status).toBe(503);
      const socket = io(`${url}${OPS_NAMESPACE}`, { transports: ['websocket'], reconnection: false, auth: { token: TOKEN } });
      const error = await new Promise<Error>((resolve) => socket.once('connect_error', resolve));
      expect(error.message).toMatch(/PARALLAX_OPS_TOKEN/);
      socket.disconnect();
      await bare.stop();
    });
  });

  describe('validation', () => {
    it.each([
      ['an unknown lane', 'POST', '/lanes/no-such-lane/pause', 404, /unknown lane "no-such-lane"/],
      ['a malformed lane', 'POST', '/lanes/Bad%20Lane/pause', 400, /lane:/],
      ['a bad window', 'GET', '/overview?window=2d', 400, /window:/],
      ['a malformed job id', 'POST', `/jobs/${LANE}/nodot/retry`, 400, /jobId: must be <runId>.<targetId>/],
      ['an unknown job', 'DELETE', `/jobs/${LANE}/nope.t0`, 404, /has no job nope.t0/],
      ['an unknown lane in the failed list', 'GET', '/failed?lane=nowhere', 404, /unknown lane/],
    ])('answers %s with the status and a message', async (_, method, path, status, message) => {
      const { status: got, body } = await api<{ message: string }>(path, { method });
      expect(got).toBe(status);
      expect(body.message).toMatch(message);
    });
  });

  it('counts a known set of jobs in the lane and in each model’s service levels', async () => {
    const before = await overview();
    const beforeLane = pick(before.lanes, (l) => l.lane === LANE);
    const beforeFast = pick(before.models, (m) => m.modelId === 'sim-fast');
    const runs = await Promise.all(
      [0, 1, 2].map(() => createRun(stack.gatewayUrl, { mode: 'compare', messages, models: ['sim-fast', 'sim-balanced'] })),
    );
    await Promise.all(runs.map((r) => runCompleted(r.runId)));

    const after = await eventually(overview, (o) => pick(o.lanes, (l) => l.lane === LANE).completed >= beforeLane.completed + 6);
    const afterLane = pick(after.lanes, (l) => l.lane === LANE);
    expect(afterLane).toMatchObject({ completed: beforeLane.completed + 6, failed: beforeLane.failed, waiting: 0, active: 0, paused: false });
    // BullMQ counts worker connections server-wide, so stacks of other specs on other databases may add to it.
    expect(afterLane.workers).toBeGreaterThanOrEqual(1);
    const fast = pick(after.models, (m) => m.modelId === 'sim-fast');
    expect(fast.requests).toBe(beforeFast.requests + 3);
    expect(fast.errors).toBe(beforeFast.errors);
    expect(fast.ttftP50Ms).toBeGreaterThan(0);
    expect(fast.ttftP95Ms).toBeGreaterThanOrEqual(fast.ttftP50Ms ?? Infinity);
    expect(fast.tpsP50).toBeGreaterThan(0);
    expect(fast.costUsd).toBeGreaterThan(beforeFast.costUsd);
    expect((await model('sim-fast', '1h')).requests).toBeGreaterThanOrEqual(fast.requests);
    expect(after.slo).toEqual({ ttftP95Ms: 2000, tpsP50Min: 20, errorRateMax: 0.05 });
  });

  it('stops processing a paused lane and picks its jobs up again on resume', async () => {
    expect((await api(`/lanes/${LANE}/pause`, { method: 'POST' })).status).toBe(200);
    const run = await createRun(stack.gatewayUrl, { mode: 'compare', messages, models: ['sim-fast'] });
    await eventually(lane, (l) => l.paused && l.waiting === 1);
    await new Promise((r) => setTimeout(r, 800));
    expect((await runStatus(run.runId)).targets[0].state).toBe('queued');

    expect((await api(`/lanes/${LANE}/resume`, { method: 'POST' })).status).toBe(200);
    const done = await runCompleted(run.runId);
    expect(done.targets[0].state).toBe('done');
    expect(await lane()).toMatchObject({ paused: false, waiting: 0 });
  });

  it('lists a failed target as a failed job and re-runs it into its run on Retry', async () => {
    await queueFault(stack.mockUrl, 'sim-fast', { type: 'http', status: 400, message: 'bad request for the test' });
    const run = await createRun(stack.gatewayUrl, { mode: 'compare', messages, models: ['sim-fast'] });
    expect((await runCompleted(run.runId)).targets[0].state).toBe('failed');

    const jobId = `${run.runId}.t0`;
    const { body: failed } = await eventually(
      () => api<FailedJobsResponse>(`/failed?lane=${LANE}`),
      (r) => r.body.jobs.some((j) => j.jobId === jobId),
    );
    expect(failed.jobs.find((j) => j.jobId === jobId)).toMatchObject({
      lane: LANE,
      runId: run.runId,
      targetId: 't0',
      modelId: 'sim-fast',
      attempts: 1,
      error: expect.stringMatching(/^provider_error: provider answered 400/),
      failedAt: expect.any(Number),
    });
    expect((await model('sim-fast')).errors).toBeGreaterThanOrEqual(1);

    expect((await api(`/jobs/${LANE}/${jobId}/retry`, { method: 'POST' })).body).toEqual({ ok: true, lane: LANE, jobId });
    const retried = await eventually(() => runStatus(run.runId), (s) => s.completed && s.targets[0].state === 'done');
    expect(retried.targets[0].text.length).toBeGreaterThan(0);
    const { body: afterRetry } = await api<FailedJobsResponse>(`/failed?lane=${LANE}`);
    expect(afterRetry.jobs.some((j) => j.jobId === jobId)).toBe(false);
    expect((await api(`/jobs/${LANE}/${jobId}/retry`, { method: 'POST' })).status).toBe(409);
  });

  it('removes a failed job', async () => {
    await queueFault(stack.mockUrl, 'sim-fast', { type: 'http', status: 400 });
    const run = await createRun(stack.gatewayUrl, { mode: 'compare', messages, models: ['sim-fast'] });
    await runCompleted(run.runId);
    const jobId = `${run.runId}.t0`;
    await eventually(() => api<FailedJobsResponse>(`/failed`), (r) => r.body.jobs.some((j) => j.jobId === jobId));
    expect((await api(`/jobs/${LANE}/${jobId}`, { method: 'DELETE' })).status).toBe(200);
    expect((await api<FailedJobsResponse>(`/failed`)).body.jobs.some((j) => j.jobId === jobId)).toBe(false);
  });

  it('drains a paused lane, ending the drained targets as cancelled so their runs complete', async () => {
    await api(`/lanes/${LANE}/pause`, { method: 'POST' });
    const run = await createRun(stack.gatewayUrl, { mode: 'compare', messages, models: ['sim-fast', 'sim-slow'] });
    await eventually(lane, (l) => l.waiting === 2);
    expect((await api(`/lanes/${LANE}/drain`, { method: 'POST' })).body).toEqual({ ok: true, lane: LANE, removed: 2 });
    const done = await runCompleted(run.runId);
    expect(done.targets.map((t) => t.state)).toEqual(['cancelled', 'cancelled']);
    await api(`/lanes/${LANE}/resume`, { method: 'POST' });
    expect(await lane()).toMatchObject({ waiting: 0, paused: false });
  });

  it('pushes snapshots about every interval on /ops to a socket with the token', async () => {
    const socket = io(`${stack.gatewayUrl}${OPS_NAMESPACE}`, { transports: ['websocket'], reconnection: false, auth: { token: TOKEN } });
    const snapshots: OpsSnapshot[] = [];
    socket.on(OPS_EVENTS.snapshot, (s: OpsSnapshot) => snapshots.push(s));
    await eventually(async () => snapshots.length, (n) => n >= 3, 5000);
    const last = pick(snapshots.slice(-1), () => true);
    expect(last.lanes.map((l) => l.lane)).toContain(LANE);
    expect(pick(last.models['5m'], (m) => m.modelId === 'sim-fast').requests).toBeGreaterThan(0);
    expect(last.series.minutes).toHaveLength(60);
    expect(pick(last.series.lanes, (l) => l.lane === LANE).completed.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    socket.disconnect();
  });

  it('exports queue depths and model service levels on /metrics, and the worker its histograms', async () => {
    const gateway = await (await fetch(`${stack.gatewayUrl}/metrics`)).text();
    expect(gateway).toMatch(new RegExp(`parallax_queue_jobs\\{lane="${LANE}",state="completed"\\} [1-9]`));
    expect(gateway).toMatch(new RegExp(`parallax_queue_workers\\{lane="${LANE}"\\} [1-9]`));
    expect(gateway).toMatch(/parallax_model_ttft_seconds\{model="sim-fast",quantile="0.95"\} \d/);
    const worker = await (await fetch(`http://127.0.0.1:${workerMetricsPort}/metrics`)).text();
    expect(worker).toMatch(/parallax_worker_ttft_seconds_bucket\{le="[\d.]+",model="sim-fast"\} \d/);
    expect(worker).toMatch(/parallax_worker_job_duration_seconds_count\{lane="simulator",outcome="completed"\} [1-9]/);
    expect(worker).toMatch(/parallax_worker_target_errors_total\{model="sim-fast",code="provider_error"\} [1-9]/);
  });

  it('never writes the operator token to a log, and logs no crash', () => {
    expect(stack.processes.flatMap((p) => p.output).filter((line) => line.includes(TOKEN))).toEqual([]);
    expect(stack.crashLines()).toEqual([]);
  });
});
