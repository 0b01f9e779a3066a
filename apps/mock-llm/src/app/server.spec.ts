import OpenAI, { APIError, AuthenticationError, BadRequestError, NotFoundError, RateLimitError } from 'openai';
import type { ChatCompletionChunk, ChatCompletionCreateParamsStreaming } from 'openai/resources/chat/completions';
import { FaultSpecInput } from './faults';
import { MODEL_PROFILES } from './profiles';
import { RequestLogEntry } from './request-log';
import { createMockLlmServer, MockLlmServer } from './server';

const messages = [{ role: 'user' as const, content: 'How should I cache database queries in a NestJS service?' }];

let mock: MockLlmServer;
let baseURL: string;
let client: OpenAI;

beforeAll(async () => {
  mock = createMockLlmServer({ speed: 'max' });
  ({ baseURL } = await mock.listen());
  client = new OpenAI({ baseURL, apiKey: 'unused', maxRetries: 0 });
});

afterAll(() => mock.close());

beforeEach(async () => {
  await fetch(`${baseURL}/../__mock/faults`, { method: 'DELETE' });
  await fetch(`${baseURL}/../__mock/requests`, { method: 'DELETE' });
});

interface Collected {
  chunks: ChatCompletionChunk[];
  content: string;
  contentDeltas: number;
  reasoning: string;
  reasoningDeltas: number;
  error?: unknown;
}

async function collect(params: Partial<ChatCompletionCreateParamsStreaming>, options?: OpenAI.RequestOptions): Promise<Collected> {
  const collected: Collected = { chunks: [], content: '', contentDeltas: 0, reasoning: '', reasoningDeltas: 0 };
  try {
    const stream = await client.chat.completions.create({ model: 'sim-balanced', messages, ...params, stream: true }, options);
    for await (const chunk of stream) {
      collected.chunks.push(chunk);
      const delta = chunk.choices[0]?.delta as { content?: string; reasoning_content?: string } | undefined;
      if (delta?.content) {
        collected.content += delta.content;
        collected.contentDeltas++;
      }
      if (delta?.reasoning_content) {
        collected.reasoning += delta.reasoning_content;
        collected.reasoningDeltas++;
      }
    }
  } catch (error) {
    collected.error = error;
  }
  return collected;
}

function faultHeader(fault: FaultSpecInput): OpenAI.RequestOptions {
  return { headers: { 'x-mock-fault': JSON.stringify(fault) } };
}

async function requestLog(): Promise<RequestLogEntry[]> {
  return ((await (await fetch(`${baseURL}/../__mock/requests`)).json()) as { data: RequestLogEntry[] }).data;
}

/** The server learns of a client's departure a moment after the client acts. */
async function settledLog(): Promise<RequestLogEntry[]> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const entries = await requestLog();
    if (entries.length > 0 && entries.every((entry) => entry.outcome !== 'in_progress')) return entries;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return requestLog();
}

describe(createMockLlmServer.name, () => {
  it('streams content that concatenates to the non-streaming answer', async () => {
    for (const model of ['sim-balanced', 'sim-coder']) {
      const whole = await client.chat.completions.create({ model, messages });
      const streamed = await collect({ model });
      expect(streamed.content).toBe(whole.choices[0].message.content);
      expect(whole.choices[0].finish_reason).toBe('stop');
      expect(whole.usage?.completion_tokens).toBe(streamed.contentDeltas);
    }
  });

  it('gives the same answer to the same conversation every time', async () => {
    const [first, second] = await Promise.all([collect({}), collect({})]);
    expect(first.content.length).toBeGreaterThan(100);
    expect(second.content).toBe(first.content);
  });

  it('opens with the assistant role and closes with a finish reason and a usage chunk', async () => {
    const { chunks, contentDeltas } = await collect({ stream_options: { include_usage: true } });
    expect(chunks[0].choices[0].delta.role).toBe('assistant');
    expect(chunks[0].object).toBe('chat.completion.chunk');
    const finish = chunks[chunks.length - 2];
    expect(finish.choices[0].finish_reason).toBe('stop');
    const usageChunk = chunks[chunks.length - 1];
    expect(usageChunk.choices).toEqual([]);
    expect(usageChunk.usage).toMatchObject({
      completion_tokens: contentDeltas,
      completion_tokens_details: { reasoning_tokens: 0 },
    });
    expect(usageChunk.usage?.total_tokens).toBe((usageChunk.usage?.prompt_tokens ?? 0) + contentDeltas);
    expect(new Set(chunks.map((chunk) => chunk.id)).size).toBe(1);
  });

  it('sends no usage chunk unless asked to', async () => {
    const { chunks } = await collect({});
    expect(chunks[chunks.length - 1].choices[0].finish_reason).toBe('stop');
    expect(chunks.every((chunk) => !chunk.usage)).toBe(true);
  });

  it('streams reasoning_content before the answer for sim-reasoner', async () => {
    const streamed = await collect({ model: 'sim-reasoner', stream_options: { include_usage: true } });
    const firstContent = streamed.chunks.findIndex((chunk) => chunk.choices[0]?.delta.content);
    const lastReasoning = streamed.chunks.map((chunk) => 'reasoning_content' in (chunk.choices[0]?.delta ?? {})).lastIndexOf(true);
    expect(streamed.reasoningDeltas).toBeGreaterThanOrEqual(MODEL_PROFILES['sim-reasoner'].reasoningTokens);
    expect(lastReasoning).toBeLessThan(firstContent);
    const usage = streamed.chunks[streamed.chunks.length - 1].usage;
    expect(usage?.completion_tokens_details?.reasoning_tokens).toBe(streamed.reasoningDeltas);
    expect(usage?.completion_tokens).toBe(streamed.reasoningDeltas + streamed.contentDeltas);

    const whole = await client.chat.completions.create({ model: 'sim-reasoner', messages });
    expect((whole.choices[0].message as { reasoning_content?: string }).reasoning_content).toBe(streamed.reasoning);
  });

  it('stops at max_tokens with finish_reason length in both modes', async () => {
    const streamed = await collect({ max_tokens: 5 });
    expect(streamed.contentDeltas).toBe(5);
    expect(streamed.chunks[streamed.chunks.length - 1].choices[0].finish_reason).toBe('length');

    const whole = await client.chat.completions.create({ model: 'sim-balanced', messages, max_completion_tokens: 5 });
    expect(whole.choices[0].finish_reason).toBe('length');
    expect(whole.choices[0].message.content).toBe(streamed.content);
    expect(whole.usage?.completion_tokens).toBe(5);
  });

  it('paces a stream at a finite speed and still delivers the whole answer', async () => {
    const startedAt = performance.now();
    const paced = await collect({ model: 'sim-fast' }, { headers: { 'x-mock-speed': '10' } });
    const elapsed = performance.now() - startedAt;
    const atMax = await collect({ model: 'sim-fast' });
    expect(paced.content).toBe(atMax.content);
    // Lenient on purpose: this checks that pacing happens at all, not how precise it is.
    const expectedMs = (MODEL_PROFILES['sim-fast'].ttftMs + (paced.contentDeltas * 1000) / MODEL_PROFILES['sim-fast'].tokensPerSecond) / 10;
    expect(elapsed).toBeGreaterThan(expectedMs * 0.5);
  });

  it('answers a 429 fault with retry-after and an OpenAI error body', async () => {
    const error = await client.chat.completions
      .create({ model: 'sim-fast', messages }, faultHeader({ type: 'http', status: 429, retryAfterSeconds: 2 }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).status).toBe(429);
    expect((error as RateLimitError).headers?.get('retry-after')).toBe('2');
    expect((error as RateLimitError).code).toBe('rate_limit_exceeded');
    expect((await settledLog())[0]).toMatchObject({ outcome: 'fault', fault: 'http:429', tokensSent: 0 });
  });

  it('lets the SDK retry a queued single 429 and succeed', async () => {
    const queued = await fetch(`${baseURL}/../__mock/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'sim-fast', fault: { type: 'http', status: 429, retryAfterSeconds: 0 }, times: 1 }),
    });
    expect(queued.status).toBe(201);
    const retrying = new OpenAI({ baseURL, apiKey: 'unused', maxRetries: 1 });
    const completion = await retrying.chat.completions.create({ model: 'sim-fast', messages });
    expect(completion.choices[0].finish_reason).toBe('stop');
    expect((await settledLog()).map((entry) => entry.outcome)).toEqual(['fault', 'completed']);
  });

  it('applies queued faults to the next requests of that model only, first in first out', async () => {
    const queue = (body: unknown): Promise<Response> =>
      fetch(`${baseURL}/../__mock/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    await queue({ model: 'sim-slow', fault: { type: 'http', status: 503 }, times: 2 });
    await queue({ model: 'sim-slow', fault: { type: 'http', status: 500 } });
    const statuses: number[] = [];
    for (const model of ['sim-fast', 'sim-slow', 'sim-slow', 'sim-slow', 'sim-slow']) {
      statuses.push(await client.chat.completions.create({ model, messages }).then(() => 200, (e: APIError) => e.status ?? 0));
    }
    expect(statuses).toEqual([200, 503, 503, 500, 200]);
  });

  it('surfaces an http-after fault as an APIError after N tokens', async () => {
    const streamed = await collect({}, faultHeader({ type: 'http-after', afterTokens: 6, message: 'boom' }));
    expect(streamed.error).toBeInstanceOf(APIError);
    expect((streamed.error as APIError).message).toContain('boom');
    expect(streamed.contentDeltas).toBe(6);
    expect((await settledLog())[0]).toMatchObject({ outcome: 'fault', tokensSent: 6 });
  });

  it('holds a stalled stream open until the client aborts', async () => {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), 150);
    const streamed = await collect({}, { ...faultHeader({ type: 'stall', afterTokens: 3 }), signal: abort.signal });
    clearTimeout(timer);
    expect(abort.signal.aborted).toBe(true);
    expect(streamed.contentDeltas).toBe(3);
    expect((await settledLog())[0]).toMatchObject({ outcome: 'aborted', tokensSent: 3, stream: true });
  });

  it('surfaces a dropped connection as an error after N tokens', async () => {
    const streamed = await collect({}, { headers: { 'x-mock-fault': 'drop:4' } });
    // undici reports a cut body as a TypeError("terminated") from its own realm, so match the message, not the class.
    expect((streamed.error as Error | undefined)?.message).toMatch(/terminated|socket|reset/i);
    expect(streamed.contentDeltas).toBe(4);
    expect(streamed.chunks.some((chunk) => chunk.choices[0]?.finish_reason)).toBe(false);
    expect((await settledLog())[0]).toMatchObject({ outcome: 'fault', fault: 'drop:4' });
  });

  it('fails a non-streaming request with the http-after status', async () => {
    const error = await client.chat.completions
      .create({ model: 'sim-fast', messages }, { headers: { 'x-mock-fault': 'http-after:3' } })
      .catch((e: unknown) => e);
    expect((error as APIError).status).toBe(500);
  });

  it('rejects a request without messages with 400', async () => {
    const error = await client.chat.completions
      .create({ model: 'sim-fast', messages: [] } as unknown as OpenAI.ChatCompletionCreateParamsNonStreaming)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadRequestError);
    expect((error as BadRequestError).param).toBe('messages');
  });

  it('rejects malformed JSON and a bad fault header with 400 and an OpenAI error body', async () => {
    const malformed = await fetch(`${baseURL}/chat/completions`, { method: 'POST', body: '{"model":' });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ error: { type: 'invalid_request_error', code: 'invalid_json' } });

    const badFault = await client.chat.completions
      .create({ model: 'sim-fast', messages }, { headers: { 'x-mock-fault': 'explode' } })
      .catch((e: unknown) => e);
    expect((badFault as APIError).status).toBe(400);
  });

  it('answers an unknown model with 404 model_not_found', async () => {
    const error = await client.chat.completions.create({ model: 'gpt-nope', messages }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as NotFoundError).code).toBe('model_not_found');
  });

  it('lists every profile on /v1/models', async () => {
    const ids: string[] = [];
    for await (const model of client.models.list()) ids.push(model.id);
    expect(ids.sort()).toEqual(Object.keys(MODEL_PROFILES).sort());
    expect((await client.models.retrieve('sim-coder')).object).toBe('model');
  });

  it('reports health without credentials', async () => {
    expect((await fetch(`${baseURL}/../health`)).status).toBe(200);
  });
});

describe(`${createMockLlmServer.name} with an API key`, () => {
  let secured: MockLlmServer;
  let securedURL: string;

  beforeAll(async () => {
    secured = createMockLlmServer({ speed: 'max', apiKey: 'sk-test' });
    ({ baseURL: securedURL } = await secured.listen());
  });

  afterAll(() => secured.close());

  it('rejects a wrong key with 401 and accepts the right one', async () => {
    const wrong = new OpenAI({ baseURL: securedURL, apiKey: 'sk-wrong', maxRetries: 0 });
    await expect(wrong.models.list()).rejects.toBeInstanceOf(AuthenticationError);
    const right = new OpenAI({ baseURL: securedURL, apiKey: 'sk-test', maxRetries: 0 });
    const completion = await right.chat.completions.create({ model: 'sim-fast', messages });
    expect(completion.choices[0].message.content).toBeTruthy();
    expect((await fetch(`${securedURL}/../health`)).status).toBe(200);
  });
});

describe(`${createMockLlmServer.name} close`, () => {
  it('shuts down promptly while a stream is stalled and records it as aborted', async () => {
    const server = createMockLlmServer({ speed: 'max' });
    const sdk = new OpenAI({ baseURL: (await server.listen()).baseURL, apiKey: 'unused', maxRetries: 0 });
    const stream = await sdk.chat.completions.create(
      { model: 'sim-fast', messages, stream: true },
      { headers: { 'x-mock-fault': 'stall:2' } },
    );
    const chunks = stream[Symbol.asyncIterator]();
    for (let i = 0; i < 3; i++) await chunks.next();

    await server.close();

    await expect(chunks.next()).rejects.toThrow(/terminated/);
    expect(server.requestLog.list()[0]).toMatchObject({ outcome: 'aborted', tokensSent: 2 });
  });
});
