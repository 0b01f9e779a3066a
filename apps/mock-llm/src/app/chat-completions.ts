import { randomBytes } from 'node:crypto';
import { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { FaultQueue, faultFires, FaultSpec, HttpFault, parseFaultHeader } from './faults';
import { errorForStatus, HttpError, openAiError, sendError, sendJson } from './http-io';
import { dueAt, parseSpeed, SpeedFactor, tokenSchedule } from './pacing';
import { Random } from './prng';
import { ModelProfile } from './profiles';
import { RequestLog, RequestLogEntry, settle } from './request-log';
import { ChunkEncoder, CompletionStream } from './sse-stream';
import { GeneratedAnswer, generateAnswer } from './text-generator';

const contentPartSchema = z.looseObject({ type: z.string(), text: z.string().optional() });

const messageSchema = z.looseObject({
  role: z.enum(['system', 'developer', 'user', 'assistant', 'tool', 'function']),
  content: z.union([z.string(), z.array(contentPartSchema), z.null()]).optional(),
});

/** The fields the simulator acts on; everything else OpenAI accepts (temperature, tools, …) passes through unread. */
export const chatCompletionRequestSchema = z.looseObject({
  model: z.string().min(1),
  messages: z.array(messageSchema).min(1),
  stream: z.boolean().nullish(),
  stream_options: z.looseObject({ include_usage: z.boolean().optional() }).nullish(),
  max_tokens: z.number().int().min(1).nullish(),
  max_completion_tokens: z.number().int().min(1).nullish(),
  n: z.literal(1).nullish(),
});

export type ChatCompletionRequest = z.infer<typeof chatCompletionRequestSchema>;

export interface ChatCompletionsContext {
  profiles: Readonly<Record<string, ModelProfile>>;
  speed: SpeedFactor;
  faults: FaultQueue;
  requestLog: RequestLog;
  /** Rolls profile faults; seeded so a benchmark run fails the same requests every time. */
  faultRandom: Random;
}

/** Serves `POST /v1/chat/completions` once the body is parsed. */
export function handleChatCompletion(req: IncomingMessage, res: ServerResponse, body: unknown, ctx: ChatCompletionsContext): void {
  const request = parseRequest(body);
  const profile = ctx.profiles[request.model];
  if (!profile) {
    throw new HttpError(
      404,
      openAiError(`The model \`${request.model}\` does not exist or you do not have access to it.`, 'invalid_request_error', 'model_not_found', 'model'),
    );
  }
  const speed = requestSpeed(req, ctx.speed);
  const fault = resolveFault(req, profile, ctx);
  const stream = request.stream === true;
  const id = `chatcmpl-${randomBytes(12).toString('hex')}`;
  const log = ctx.requestLog.open({ id, model: profile.id, stream, fault: fault ? describeFault(fault) : null });
  const headers = { 'x-request-id': id, 'openai-model': profile.id };

  if (fault?.type === 'http') {
    settle(log, 'fault', 0);
    sendError(res, fault.status, errorForStatus(fault.status, fault.message), { ...headers, ...retryHeaders(fault) });
    return;
  }

  const answer = generateAnswer(profile.id, request.messages, {
    maxTokens: request.max_completion_tokens ?? request.max_tokens ?? undefined,
    profile,
  });
  const schedule = tokenSchedule(profile, answer.reasoningTokens.length + answer.contentTokens.length, speed, answer.seed);
  const created = Math.floor(Date.now() / 1000);

  if (stream) {
    const encoder = new ChunkEncoder({ id, created, model: profile.id, includeUsage: request.stream_options?.include_usage === true });
    new CompletionStream(res, encoder, { ...answer, schedule, fault }, log).start(headers);
    return;
  }
  respondWhole(res, { id, created, profile, answer, schedule, speed, fault, log, headers });
}

function parseRequest(body: unknown): ChatCompletionRequest {
  const parsed = chatCompletionRequestSchema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const param = issue.path.length > 0 ? issue.path.join('.') : null;
  const message = param ? `Invalid value for '${param}': ${issue.message}` : issue.message;
  const missing = issue.code === 'invalid_type' && issue.message.endsWith('received undefined');
  throw new HttpError(400, openAiError(message, 'invalid_request_error', missing ? 'missing_required_parameter' : 'invalid_value', param));
}

function requestSpeed(req: IncomingMessage, fallback: SpeedFactor): SpeedFactor {
  const header = req.headers['x-mock-speed'];
  if (header === undefined) return fallback;
  const speed = parseSpeed(Array.isArray(header) ? header[0] : header);
  if (speed === undefined) {
    throw new HttpError(400, openAiError('x-mock-speed must be a positive number, 0 or "max".', 'invalid_request_error', 'invalid_mock_speed'));
  }
  return speed;
}

function resolveFault(req: IncomingMessage, profile: ModelProfile, ctx: ChatCompletionsContext): FaultSpec | undefined {
  const header = req.headers['x-mock-fault'];
  if (header !== undefined) {
    let fault: FaultSpec;
    try {
      fault = parseFaultHeader(Array.isArray(header) ? header[0] : header);
    } catch (error) {
      throw new HttpError(400, openAiError((error as Error).message, 'invalid_request_error', 'invalid_mock_fault'));
    }
    return faultFires(fault, ctx.faultRandom) ? fault : undefined;
  }
  const queued = ctx.faults.take(profile.id);
  if (queued) return faultFires(queued, ctx.faultRandom) ? queued : undefined;
  return profile.faults.find((fault) => faultFires(fault, ctx.faultRandom));
}

function describeFault(fault: FaultSpec): string {
  return fault.type === 'http' ? `http:${fault.status}` : `${fault.type}:${fault.afterTokens}`;
}

function retryHeaders(fault: HttpFault): Record<string, string> {
  const headers: Record<string, string> = {};
  if (fault.retryAfterMs !== undefined) {
    headers['retry-after-ms'] = String(fault.retryAfterMs);
    headers['retry-after'] = String(Math.ceil(fault.retryAfterMs / 1000));
  } else if (fault.retryAfterSeconds !== undefined) {
    headers['retry-after'] = String(fault.retryAfterSeconds);
  } else if (fault.status === 429) {
    headers['retry-after'] = '1';
  }
  return headers;
}

interface WholeResponse {
  id: string;
  created: number;
  profile: ModelProfile;
  answer: GeneratedAnswer;
  schedule: Float64Array | null;
  speed: SpeedFactor;
  fault: FaultSpec | undefined;
  log: RequestLogEntry;
  headers: Record<string, string>;
}

/** Answers after the time the whole stream would have taken, so latency figures match across both modes. */
function respondWhole(res: ServerResponse, r: WholeResponse): void {
  const total = r.answer.reasoningTokens.length + r.answer.contentTokens.length;
  const sentBeforeFault = r.fault && r.fault.type !== 'http' ? Math.min(r.fault.afterTokens, total) : total;
  const delay = dueAt(r.profile, r.schedule, sentBeforeFault - 1, r.speed);

  let timer: NodeJS.Timeout | undefined;
  const onClose = (): void => {
    if (timer) clearTimeout(timer);
    settle(r.log, res.writableFinished ? 'completed' : 'aborted');
  };
  res.on('close', onClose);
  res.on('error', onClose);

  const respond = (): void => {
    timer = undefined;
    if (res.destroyed) return;
    r.log.tokensSent = sentBeforeFault;
    if (!r.fault || r.fault.type === 'http') {
      sendJson(res, 200, wholeCompletion(r), r.headers);
    } else if (r.fault.type === 'http-after') {
      settle(r.log, 'fault', sentBeforeFault);
      sendError(res, r.fault.status, errorForStatus(r.fault.status, r.fault.message), r.headers);
    } else if (r.fault.type === 'drop') {
      settle(r.log, 'fault', sentBeforeFault);
      res.socket?.destroy();
    }
    // A stall sends nothing and waits for the client to leave.
  };
  if (delay <= 0) respond();
  else timer = setTimeout(respond, delay);
}

function wholeCompletion(r: WholeResponse): unknown {
  const { answer } = r;
  const message: Record<string, unknown> = { role: 'assistant', content: answer.contentTokens.join(''), refusal: null };
  if (answer.reasoningTokens.length > 0) message.reasoning_content = answer.reasoningTokens.join('');
  return {
    id: r.id,
    object: 'chat.completion',
    created: r.created,
    model: r.profile.id,
    system_fingerprint: 'fp_mock_llm',
    choices: [{ index: 0, message, logprobs: null, finish_reason: answer.finishReason }],
    usage: answer.usage,
  };
}
