import type { RunEvent, RunSubscribeAck, RunSubscribeRequest } from '@parallax/contracts';
import type { RunsSocket } from '../streaming/runs-socket';

type Listener = (payload?: unknown) => void;

/** An in-memory stand-in for the Socket.IO client: specs push server events and drop the connection at will. */
export class FakeRunsSocket implements RunsSocket {
  connected = true;
  readonly subscribes: RunSubscribeRequest[] = [];
  readonly unsubscribes: string[] = [];
  ackWith: RunSubscribeAck = { ok: true, replayed: 0, completed: false };
  /** What the server's log replays for a subscribe, sent before the ack as the gateway does. */
  replay: (request: RunSubscribeRequest) => RunEvent[] = () => [];
  private readonly listeners = new Map<string, Listener[]>();

  on(event: string, listener: (payload: never) => void): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener as unknown as Listener]);
    return this;
  }

  emit(event: string, request: RunSubscribeRequest | { runId: string }, ack?: (result: RunSubscribeAck) => void): this {
    if (event === 'run.subscribe') {
      this.subscribes.push(request as RunSubscribeRequest);
      for (const event of this.replay(request as RunSubscribeRequest)) this.push(event);
      ack?.(this.ackWith);
    } else if (event === 'run.unsubscribe') {
      this.unsubscribes.push(request.runId);
    }
    return this;
  }

  disconnect(): this {
    this.connected = false;
    return this;
  }

  /** Delivers a server event as `run.event`. */
  push(event: RunEvent): void {
    for (const listener of this.listeners.get('run.event') ?? []) listener(event);
  }

  dropConnection(): void {
    this.connected = false;
    this.fire('disconnect');
  }

  reconnect(): void {
    this.connected = true;
    this.fire('connect');
  }

  private fire(event: string): void {
    for (const listener of this.listeners.get(event) ?? []) listener();
  }
}

/** Builders for server events with sensible defaults. */
export const ev = {
  started: (seq: number, targetId = 't0', runId = 'r1'): RunEvent => ({ runId, seq, at: seq, type: 'target.started', targetId, modelId: 'sim-fast', attempt: 1 }),
  delta: (seq: number, content: string, targetId = 't0', runId = 'r1', reasoning?: string): RunEvent => ({
    runId,
    seq,
    at: seq,
    type: 'target.delta',
    targetId,
    ...(content ? { content } : {}),
    ...(reasoning ? { reasoning } : {}),
  }),
  completed: (seq: number, targetId = 't0', runId = 'r1', outputTokens = 3): RunEvent => ({
    runId,
    seq,
    at: seq,
    type: 'target.completed',
    targetId,
    finishReason: 'stop',
    metrics: {
      queueMs: 5,
      ttftMs: 80,
      ttfaMs: 90,
      e2eMs: 400,
      inputTokens: 10,
      outputTokens,
      reasoningTokens: 0,
      usageReported: true,
      tpotMs: 10,
      tokensPerSecond: 42,
      interChunkP50Ms: 10,
      interChunkP95Ms: 20,
      costUsd: 0.0001,
      attempts: 1,
    },
  }),
  failed: (seq: number, code: 'cancelled' | 'provider_error', targetId = 't0', runId = 'r1'): RunEvent => ({
    runId,
    seq,
    at: seq,
    type: 'target.failed',
    targetId,
    error: { code, message: code === 'cancelled' ? 'cancelled by the user' : 'upstream said 500' },
  }),
  runCompleted: (seq: number, runId = 'r1'): RunEvent => ({ runId, seq, at: seq, type: 'run.completed' }),
};
