import type { RunSubscribeRequest } from './socket-schemas';
import type { RunEvent } from './stream-events';

/** Socket.IO namespace that streams runs. */
export const RUNS_NAMESPACE = '/runs';

/** Socket.IO event names of the runs namespace. */
export const SOCKET_EVENTS = {
  runSubscribe: 'run.subscribe',
  runUnsubscribe: 'run.unsubscribe',
  runEvent: 'run.event',
} as const;


/** Ack of `run.subscribe`: how many logged events were replayed, or why the subscription was refused. */
export type RunSubscribeAck = { ok: true; replayed: number; completed: boolean } | { ok: false; error: { code: string; message: string } };

export interface RunsServerToClientEvents {
  'run.event': (event: RunEvent) => void;
}

export interface RunsClientToServerEvents {
  'run.subscribe': (request: RunSubscribeRequest, ack: (result: RunSubscribeAck) => void) => void;
  'run.unsubscribe': (request: { runId: string }, ack?: (result: { ok: boolean }) => void) => void;
}
