import { ClientProxyFactory, Transport, type ClientProxy } from '@nestjs/microservices';
import { firstValueFrom, timeout } from 'rxjs';
import {
  INTENT_LABELS,
  ROUTER_PATTERNS,
  RUN_EVENT_TYPES,
  type ClassifyResult,
  type Intent,
  type RouteDecision,
  type RunCreatedResponse,
} from '@parallax/contracts';
import { redisOptionsFromUrl } from '@parallax/service-config';
import { createRun, expectedAnswer, postJson, Stack, watch } from '@parallax/test-stack';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse, stringify } from 'yaml';

/** Clear prompts per intent and the model config/routing.yaml + config/models.yaml pick for each (quality preference). */
const CLEAR_PROMPTS: [Intent, string, string][] = [
  ['coding', 'Write a Python function that merges two sorted lists and add unit tests', 'sim-coder'],
  ['math', 'Solve for x: 3x^2 - 12x + 9 = 0, show each step', 'sim-reasoner'],
  ['translation', "Translate 'where is the train station?' into German and Japanese", 'sim-slow'],
  ['chitchat', 'hey! how are you doing today?', 'sim-fast'],
  ['creative_writing', 'Write a haiku about autumn rain on a tin roof', 'sim-balanced'],
];

describe('routed mode', () => {
  const stack = new Stack({ db: 9, speed: 'max', router: true, gatewayEnv: { ROUTER_TIMEOUT_MS: '3000' } });
  let rpc: ClientProxy;

  beforeAll(async () => {
    await stack.start();
    rpc = ClientProxyFactory.create({ transport: Transport.REDIS, options: redisOptionsFromUrl(stack.redisUrl) });
    await rpc.connect();
  }, 90_000);
  afterAll(async () => {
    await rpc?.close();
    await stack.stop();
  });

  const call = <T>(pattern: string, payload: unknown) => firstValueFrom(rpc.send<T>(pattern, payload).pipe(timeout(5000)));

  it('router.classify over the Redis transport returns a distribution over exactly the eight intents', async () => {
    const result = await call<ClassifyResult>(ROUTER_PATTERNS.classify, { text: 'What is the capital of Australia?' });
    expect(Object.keys(result.probabilities).sort()).toEqual([...INTENT_LABELS].sort());
    expect(Object.values(result.probabilities).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
    expect(result.intent).toBe('knowledge_qa');
    expect(result.modelVersion).toBeTruthy();
  });

  it.each([
    ['empty text', { text: '  ' }],
    ['a huge text', { text: 'x'.repeat(70_000) }],
    ['a wrong type', { text: 42 }],
    ['a payload that is not an object', ['hello']],
  ])('rejects %s with a clear error and keeps serving', async (_, payload) => {
    await expect(call(ROUTER_PATTERNS.classify, payload)).rejects.toMatchObject({ code: 'invalid_request' });
    const after = await call<ClassifyResult>(ROUTER_PATTERNS.classify, { text: 'hello there' });
    expect(after.intent).toBeDefined();
  });

  it.each(CLEAR_PROMPTS)('routes a clear %s prompt to the policy model for it and streams the answer', async (intent, prompt, modelId) => {
    const messages = [{ role: 'user' as const, content: prompt }];
    const run = await createRun(stack.gatewayUrl, { mode: 'routed', messages, preference: 'quality' });
    expect(run.route).toMatchObject({ intent, modelId, fallback: false });
    expect(run.targets).toEqual([{ targetId: 't0', modelId }]);
    expect(run.route?.reason).toContain(`${intent} → ${modelId}`);
    const watcher = await watch(stack.gatewayUrl, run.runId);
    await watcher.completed();
    expect(watcher.text('t0')).toBe((await expectedAnswer(stack.mockUrl, modelId, messages)).text);
    watcher.close();
  });

  it('POST /api/route decides without running anything', async () => {
    const { status, body } = await postJson<RouteDecision>(`${stack.gatewayUrl}/api/route`, {
      messages: [{ role: 'user', content: 'Fix this bug: TypeError: undefined is not a function in my React useEffect' }],
    });
    expect(status).toBe(200);
    expect(body.intent).toBe('coding');
    expect(body.candidates.length).toBeGreaterThan(1);
  });

  it('falls back to the default model within the timeout when the router is stopped, and says so', async () => {
    await stack.router?.stop();
    const started = Date.now();
    const { status, body } = await postJson<RunCreatedResponse>(`${stack.gatewayUrl}/api/runs`, {
      mode: 'routed',
      messages: [{ role: 'user', content: 'Write a Python function that reverses a string' }],
    });
    expect(status).toBe(202);
    expect(Date.now() - started).toBeLessThan(3000 + 1500);
    expect(body.route).toMatchObject({ fallback: true, modelId: 'sim-balanced', intent: null });
    expect(body.route?.reason).toMatch(/router did not answer within 3000 ms/);
    const watcher = await watch(stack.gatewayUrl, body.runId);
    await watcher.completed();
    expect(watcher.events.some((e) => e.type === RUN_EVENT_TYPES.targetCompleted)).toBe(true);
    watcher.close();
  });
});

describe('routed mode with the policy model unavailable', () => {
  // A registry where sim-coder needs a variable nobody sets: the router must pass it over and say why.
  const dir = mkdtempSync(join(tmpdir(), 'parallax-routed-'));
  const registry = parse(readFileSync(resolve(__dirname, '../../../config/models.yaml'), 'utf8'));
  registry.providers.push({ id: 'sim-gated', label: 'Gated simulator', baseUrl: '${MOCK_LLM_URL}', requiresEnv: ['SIM_GATED_ENABLED'], simulated: true });
  registry.models.find((m: { id: string }) => m.id === 'sim-coder').provider = 'sim-gated';
  writeFileSync(join(dir, 'models.yaml'), stringify(registry));
  const stack = new Stack({ db: 8, speed: 'max', router: true, env: { PARALLAX_MODELS_FILE: join(dir, 'models.yaml') }, gatewayEnv: { ROUTER_TIMEOUT_MS: '3000' } });

  beforeAll(() => stack.start(), 90_000);
  afterAll(() => stack.stop());

  it('chooses the next candidate and the reason names the model passed over', async () => {
    const run = await createRun(stack.gatewayUrl, {
      mode: 'routed',
      preference: 'quality',
      messages: [{ role: 'user', content: 'Write a Python function that merges two sorted lists and add unit tests' }],
    });
    expect(run.route?.intent).toBe('coding');
    expect(run.route?.modelId).not.toBe('sim-coder');
    expect(run.route?.reason).toContain('sim-coder unavailable (set SIM_GATED_ENABLED)');
    const skipped = run.route?.candidates.find((c) => c.modelId === 'sim-coder');
    expect(skipped).toMatchObject({ eligible: false });
  });
});
