import { timingSafeEqual } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { z } from 'zod';
import { ChatCompletionsContext, handleChatCompletion } from './chat-completions';
import { FaultQueue, queueFaultRequestSchema } from './faults';
import { errorForStatus, HttpError, openAiError, readJsonBody, sendError, sendJson } from './http-io';
import { parseSpeed } from './pacing';
import { mulberry32 } from './prng';
import { MODEL_PROFILES, ModelProfile } from './profiles';
import { RequestLog } from './request-log';

export interface MockLlmServerOptions {
  /** Served models; defaults to `MODEL_PROFILES`. */
  profiles?: Readonly<Record<string, ModelProfile>>;
  /** `1` real time (default), `10` ten times faster, `0` or `'max'` no delays; `x-mock-speed` overrides per request. */
  speed?: number | 'max';
  /** When set, every route but `/health` requires `Authorization: Bearer <apiKey>`. */
  apiKey?: string;
  /** Interface `listen` binds; defaults to 127.0.0.1. */
  host?: string;
  /** How many recent requests `GET /__mock/requests` keeps; defaults to 500. */
  requestLogSize?: number;
  /** Seed for rolling probabilistic faults. */
  faultSeed?: number;
}

export interface MockLlmServer {
  server: Server;
  faults: FaultQueue;
  requestLog: RequestLog;
  /** Port 0 (the default) picks a free port; `baseURL` is what the openai SDK wants. */
  listen(port?: number): Promise<{ port: number; url: string; baseURL: string }>;
  /** Stops accepting, cuts open streams (stalled ones included) and resolves once the server is down. */
  close(): Promise<void>;
}

/**
 * An OpenAI-compatible chat completions server with simulated models, for running Parallax without
 * API keys, for integration tests (start it in-process on port 0) and for benchmarks.
 *
 * Routes: `GET /health`, `GET /v1/models`, `GET /v1/models/:id`, `POST /v1/chat/completions`,
 * and the control plane for tests: `GET|POST|DELETE /__mock/faults` (see `faults.ts`),
 * `GET|DELETE /__mock/requests` (recent requests with their outcome).
 */
export function createMockLlmServer(options: MockLlmServerOptions = {}): MockLlmServer {
  const profiles = options.profiles ?? MODEL_PROFILES;
  const speed = parseSpeed(options.speed ?? 1);
  if (speed === undefined) throw new Error(`speed must be a positive number, 0 or "max"; got ${options.speed}`);
  const host = options.host ?? '127.0.0.1';
  const faults = new FaultQueue();
  const requestLog = new RequestLog(options.requestLogSize ?? 500);
  const context: ChatCompletionsContext = {
    profiles,
    speed,
    faults,
    requestLog,
    faultRandom: mulberry32(options.faultSeed ?? 0x6d6f636b),
  };
  const created = Math.floor(Date.now() / 1000);
  const authorized = bearerCheck(options.apiKey);

  const route = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = (req.url ?? '/').split('?')[0].replace(/\/+$/, '') || '/';
    const method = req.method ?? 'GET';
    if (path === '/health') return sendJson(res, 200, { status: 'ok' });
    if (!authorized(req)) return sendError(res, 401, errorForStatus(401), { 'www-authenticate': 'Bearer' });

    if (path === '/v1/chat/completions') {
      allow(method, ['POST']);
      return handleChatCompletion(req, res, await readJsonBody(req), context);
    }
    if (path === '/v1/models') {
      allow(method, ['GET']);
      return sendJson(res, 200, { object: 'list', data: Object.values(profiles).map((p) => modelObject(p, created)) });
    }
    if (path.startsWith('/v1/models/')) {
      allow(method, ['GET']);
      const profile = profiles[decodeURIComponent(path.slice('/v1/models/'.length))];
      if (!profile) throw new HttpError(404, openAiError('The model does not exist.', 'invalid_request_error', 'model_not_found'));
      return sendJson(res, 200, modelObject(profile, created));
    }
    if (path === '/__mock/faults') {
      allow(method, ['GET', 'POST', 'DELETE']);
      if (method === 'GET') return sendJson(res, 200, { data: faults.list() });
      if (method === 'DELETE') return sendJson(res, 200, { cleared: faults.clear() });
      const parsed = queueFaultRequestSchema.safeParse(await readJsonBody(req));
      if (!parsed.success) throw new HttpError(400, openAiError(z.prettifyError(parsed.error), 'invalid_request_error', 'invalid_fault'));
      if (parsed.data.model !== undefined && !profiles[parsed.data.model]) {
        throw new HttpError(404, openAiError(`Unknown model ${parsed.data.model}.`, 'invalid_request_error', 'model_not_found'));
      }
      faults.enqueue(parsed.data);
      return sendJson(res, 201, { data: faults.list() });
    }
    if (path === '/__mock/requests') {
      allow(method, ['GET', 'DELETE']);
      if (method === 'DELETE') {
        requestLog.clear();
        return sendJson(res, 200, { cleared: true });
      }
      return sendJson(res, 200, { data: requestLog.list() });
    }
    throw new HttpError(404, openAiError(`Unknown route ${method} ${path}.`, 'invalid_request_error', 'unknown_url'));
  };

  const server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      if (error instanceof HttpError) return sendError(res, error.status, error.body);
      sendError(res, 500, openAiError(`Unexpected mock-llm error: ${(error as Error).message}`, 'server_error', null));
    });
  });
  // A client that vanishes mid-request must not take the process down with it.
  server.on('clientError', (_error, socket) => socket.destroy());

  return {
    server,
    faults,
    requestLog,
    listen: (port = 0) =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          const address = server.address() as AddressInfo;
          const url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
          resolve({ port: address.port, url, baseURL: `${url}/v1` });
        });
      }),
    close: () =>
      new Promise((resolve, reject) => {
        if (!server.listening) return resolve();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function allow(method: string, methods: string[]): void {
  if (!methods.includes(method)) {
    throw new HttpError(405, openAiError(`Method ${method} not allowed; use ${methods.join(' or ')}.`, 'invalid_request_error', 'method_not_allowed'));
  }
}

function bearerCheck(apiKey: string | undefined): (req: IncomingMessage) => boolean {
  if (!apiKey) return () => true;
  const expected = Buffer.from(`Bearer ${apiKey}`);
  return (req) => {
    const given = Buffer.from(req.headers.authorization ?? '');
    return given.length === expected.length && timingSafeEqual(given, expected);
  };
}

function modelObject(profile: ModelProfile, created: number): Record<string, unknown> {
  return { id: profile.id, object: 'model', created, owned_by: 'parallax-mock-llm' };
}
