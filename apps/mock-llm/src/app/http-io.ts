import { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';

/** OpenAI's error envelope, which the openai SDK turns into typed `APIError`s. */
export interface OpenAiErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

export function openAiError(message: string, type: string, code: string | null, param: string | null = null): OpenAiErrorBody {
  return { error: { message, type, param, code } };
}

/** The error type and code OpenAI uses for a status, so SDK error subclasses line up. */
export function errorForStatus(status: number, message?: string): OpenAiErrorBody {
  switch (status) {
    case 400:
      return openAiError(message ?? 'Bad request.', 'invalid_request_error', null);
    case 401:
      return openAiError(message ?? 'Incorrect API key provided.', 'invalid_request_error', 'invalid_api_key');
    case 404:
      return openAiError(message ?? 'Not found.', 'invalid_request_error', 'not_found');
    case 429:
      return openAiError(message ?? 'Rate limit reached for requests (simulated).', 'requests', 'rate_limit_exceeded');
    case 503:
      return openAiError(message ?? 'The server is overloaded (simulated).', 'server_error', 'service_unavailable');
    default:
      return status >= 500
        ? openAiError(message ?? 'The server had an error while processing your request (simulated).', 'server_error', null)
        : openAiError(message ?? `Request failed with status ${status} (simulated).`, 'invalid_request_error', null);
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: OutgoingHttpHeaders = {}): void {
  if (res.headersSent || res.destroyed) return;
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(payload),
    ...headers,
  });
  res.end(payload);
}

export function sendError(res: ServerResponse, status: number, body: OpenAiErrorBody, headers: OutgoingHttpHeaders = {}): void {
  sendJson(res, status, body, headers);
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: OpenAiErrorBody,
  ) {
    super(body.error.message);
  }
}

const MAX_BODY_BYTES = 8 * 1024 * 1024;

/** Reads and parses a JSON body; a missing body reads as `{}` so handlers report what is missing instead. */
export async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) {
      throw new HttpError(413, openAiError(`Request body exceeds ${MAX_BODY_BYTES} bytes.`, 'invalid_request_error', 'request_too_large'));
    }
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(
      400,
      openAiError(
        "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly.)",
        'invalid_request_error',
        'invalid_json',
      ),
    );
  }
}
