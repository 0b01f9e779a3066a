import { ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { AfterTokensFault } from './faults';
import { errorForStatus } from './http-io';
import { RequestLogEntry, settle } from './request-log';
import { CompletionUsage, FinishReason } from './text-generator';

/** Chunks per write at unbounded speed: big enough to amortise syscalls, small enough to keep other streams fair. */
const BURST_CHUNKS = 64;

export interface ChunkIdentity {
  id: string;
  created: number;
  model: string;
  includeUsage: boolean;
}

/**
 * Builds `chat.completion.chunk` SSE events by string concatenation around a pre-serialised envelope;
 * a JSON.stringify of the whole chunk per token would dominate the cost at max speed.
 */
export class ChunkEncoder {
  private readonly head: string;
  private readonly tail: string;
  private readonly usageTail: string;

  constructor(private readonly identity: ChunkIdentity) {
    this.head =
      `data: {"id":${JSON.stringify(identity.id)},"object":"chat.completion.chunk","created":${identity.created},` +
      `"model":${JSON.stringify(identity.model)},"system_fingerprint":"fp_mock_llm","choices":[{"index":0,"delta":`;
    this.usageTail = identity.includeUsage ? ',"usage":null' : '';
    this.tail = `,"logprobs":null,"finish_reason":null}]${this.usageTail}}\n\n`;
  }

  role(): string {
    return `${this.head}{"role":"assistant","content":"","refusal":null}${this.tail}`;
  }

  content(token: string): string {
    return `${this.head}{"content":${JSON.stringify(token)}}${this.tail}`;
  }

  reasoning(token: string): string {
    return `${this.head}{"reasoning_content":${JSON.stringify(token)}}${this.tail}`;
  }

  /** The finish chunk, the usage chunk when asked for, and `[DONE]`. */
  end(finishReason: FinishReason, usage: CompletionUsage): string {
    let out = `${this.head}{},"logprobs":null,"finish_reason":"${finishReason}"}]${this.usageTail}}\n\n`;
    if (this.identity.includeUsage) {
      out +=
        `data: {"id":${JSON.stringify(this.identity.id)},"object":"chat.completion.chunk","created":${this.identity.created},` +
        `"model":${JSON.stringify(this.identity.model)},"system_fingerprint":"fp_mock_llm","choices":[],"usage":${JSON.stringify(usage)}}\n\n`;
    }
    return `${out}data: [DONE]\n\n`;
  }

  error(status: number, message?: string): string {
    return `data: ${JSON.stringify(errorForStatus(status, message))}\n\n`;
  }
}

export interface StreamPlan {
  reasoningTokens: readonly string[];
  contentTokens: readonly string[];
  finishReason: FinishReason;
  usage: CompletionUsage;
  /** Due times from `tokenSchedule`, null to send as fast as the socket takes them. */
  schedule: Float64Array | null;
  fault?: AfterTokensFault;
}

/**
 * Writes one streamed completion on a paced schedule, honouring backpressure and stopping
 * everything (timers included) the moment the client goes away.
 */
export class CompletionStream {
  private readonly total: number;
  private readonly stopAt: number;
  private readonly startedAt = performance.now();
  private next = 0;
  private closed = false;
  private timer: NodeJS.Timeout | undefined;
  private immediate: NodeJS.Immediate | undefined;

  constructor(
    private readonly res: ServerResponse,
    private readonly encoder: ChunkEncoder,
    private readonly plan: StreamPlan,
    private readonly log: RequestLogEntry,
  ) {
    this.total = plan.reasoningTokens.length + plan.contentTokens.length;
    this.stopAt = plan.fault ? Math.min(plan.fault.afterTokens, this.total) : this.total;
  }

  start(headers: Record<string, string>): void {
    this.res.on('close', this.onClose);
    this.res.on('error', this.onClose);
    this.res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      ...headers,
    });
    // Headers go out now, like a real provider, so clients can tell time-to-headers from time-to-first-token.
    this.res.flushHeaders();
    this.pump();
  }

  private readonly onClose = (): void => {
    if (this.closed) return;
    this.closed = true;
    this.cancelTimers();
    settle(this.log, this.res.writableFinished ? 'completed' : 'aborted', this.next);
  };

  private readonly pump = (): void => {
    this.timer = undefined;
    this.immediate = undefined;
    if (this.closed) return;

    const { schedule } = this.plan;
    const elapsed = performance.now() - this.startedAt;
    let out = '';
    let burst = 0;
    while (this.next < this.stopAt && burst < BURST_CHUNKS && (schedule === null || schedule[this.next] <= elapsed)) {
      if (this.next === 0) out += this.encoder.role();
      out += this.encodeToken(this.next);
      this.next++;
      burst++;
    }
    this.log.tokensSent = this.next;

    if (this.next === this.stopAt) {
      // A fault before the first token still waits out the time to first token, as a real failure would.
      const wait = this.stopAt === 0 && schedule !== null && schedule.length > 0 ? schedule[0] - elapsed : 0;
      if (wait > 0) this.timer = setTimeout(this.pump, wait);
      else this.finish(out);
      return;
    }
    const flowing = out === '' || this.res.write(out);
    if (!flowing) {
      this.res.once('drain', this.pump);
      return;
    }
    const wait = schedule === null ? 0 : schedule[this.next] - (performance.now() - this.startedAt);
    if (wait <= 0) this.immediate = setImmediate(this.pump);
    else this.timer = setTimeout(this.pump, wait);
  };

  private encodeToken(index: number): string {
    const reasoningCount = this.plan.reasoningTokens.length;
    return index < reasoningCount
      ? this.encoder.reasoning(this.plan.reasoningTokens[index])
      : this.encoder.content(this.plan.contentTokens[index - reasoningCount]);
  }

  private finish(out: string): void {
    const { fault } = this.plan;
    if (!fault) {
      if (this.total === 0) out += this.encoder.role();
      this.res.end(out + this.encoder.end(this.plan.finishReason, this.plan.usage));
      return;
    }
    switch (fault.type) {
      case 'http-after':
        settle(this.log, 'fault', this.next);
        this.res.end(out + this.encoder.error(fault.status, fault.message));
        return;
      case 'stall':
        // Nothing more is sent; the entry settles as aborted when the client gives up.
        if (out !== '') this.res.write(out);
        return;
      case 'drop': {
        settle(this.log, 'fault', this.next);
        const destroy = (): void => {
          this.res.socket?.destroy();
        };
        // Destroying only once the bytes are handed to the kernel, so the client really sees N tokens first.
        if (out !== '') this.res.write(out, destroy);
        else setImmediate(destroy);
        return;
      }
    }
  }

  private cancelTimers(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.immediate) clearImmediate(this.immediate);
    this.res.removeListener('drain', this.pump);
  }
}
