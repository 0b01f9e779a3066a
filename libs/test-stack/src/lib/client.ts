import { io, type Socket } from 'socket.io-client';
import {
  RUN_EVENT_TYPES,
  RUNS_NAMESPACE,
  SOCKET_EVENTS,
  type CreateRunRequest,
  type RunCreatedResponse,
  type RunEvent,
  type RunsClientToServerEvents,
  type RunsServerToClientEvents,
  type RunSubscribeAck,
} from '@parallax/contracts';

export type RunsSocket = Socket<RunsServerToClientEvents, RunsClientToServerEvents>;

export async function postJson<T = unknown>(url: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as T };
}

export async function createRun(gatewayUrl: string, request: CreateRunRequest): Promise<RunCreatedResponse> {
  const { status, body } = await postJson<RunCreatedResponse>(`${gatewayUrl}/api/runs`, request);
  if (status !== 202) throw new Error(`POST /api/runs answered ${status}: ${JSON.stringify(body)}`);
  return body;
}

export async function connect(gatewayUrl: string): Promise<RunsSocket> {
  const socket: RunsSocket = io(`${gatewayUrl}${RUNS_NAMESPACE}`, { transports: ['websocket'], reconnection: false });
  await new Promise<void>((done, fail) => {
    socket.once('connect', () => done());
    socket.once('connect_error', fail);
  });
  return socket;
}

/** Records a run's events as one client sees them, with arrival times. */
export class RunWatcher {
  readonly events: RunEvent[] = [];
  readonly arrivals: number[] = [];
  private waiters: { predicate: (e: RunEvent) => boolean; done: (e: RunEvent) => void }[] = [];

  constructor(readonly socket: RunsSocket) {
    socket.on(SOCKET_EVENTS.runEvent, (event) => {
      this.events.push(event);
      this.arrivals.push(Date.now());
      this.waiters = this.waiters.filter((w) => (w.predicate(event) ? (w.done(event), false) : true));
    });
  }

  subscribe(runId: string, afterSeq?: number): Promise<RunSubscribeAck> {
    return this.socket.timeout(10_000).emitWithAck(SOCKET_EVENTS.runSubscribe, { runId, ...(afterSeq !== undefined ? { afterSeq } : {}) });
  }

  waitFor(predicate: (e: RunEvent) => boolean, timeoutMs = 30_000): Promise<RunEvent> {
    const seen = this.events.find(predicate);
    if (seen) return Promise.resolve(seen);
    return new Promise((done, fail) => {
      const timer = setTimeout(() => fail(new Error(`event not seen within ${timeoutMs} ms; got ${this.events.length}`)), timeoutMs);
      this.waiters.push({ predicate, done: (e) => (clearTimeout(timer), done(e)) });
    });
  }

  completed(timeoutMs?: number): Promise<RunEvent> {
    return this.waitFor((e) => e.type === RUN_EVENT_TYPES.runCompleted, timeoutMs);
  }

  /** Concatenated answer text of one target. */
  text(targetId: string): string {
    return this.events.map((e) => (e.type === RUN_EVENT_TYPES.targetDelta && e.targetId === targetId ? (e.content ?? '') : '')).join('');
  }

  reasoning(targetId: string): string {
    return this.events.map((e) => (e.type === RUN_EVENT_TYPES.targetDelta && e.targetId === targetId ? (e.reasoning ?? '') : '')).join('');
  }

  get seqs(): number[] {
    return this.events.map((e) => e.seq);
  }

  close(): void {
    this.socket.disconnect();
  }
}

export async function watch(gatewayUrl: string, runId: string, afterSeq?: number): Promise<RunWatcher> {
  const watcher = new RunWatcher(await connect(gatewayUrl));
  const ack = await watcher.subscribe(runId, afterSeq);
  if (!ack.ok) throw new Error(`subscribe refused: ${ack.error.message}`);
  return watcher;
}

export { RUN_EVENT_TYPES };
