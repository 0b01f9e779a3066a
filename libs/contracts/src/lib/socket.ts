import { z } from 'zod';
import type { RunEvent } from './stream-events';

/** Socket.IO namespace that streams runs. */
export const RUNS_NAMESPACE = '/runs';

/** Socket.IO event names of the runs namespace. */
export const SOCKET_EVENTS = {
  runSubscribe: 'run.subscribe',
  runUnsubscribe: 'run.unsubscribe',
  runEvent: 'run.event',
} as const;

export const runSubscribeRequestSchema = z
  .object({
    runId: z.string().min(1).max(64),
    /** Replay starts after this `seq`; omit for the whole run. */
    afterSeq: z.number().int().min(0).optional(),
  })
  .strict();
export type RunSubscribeRequest = z.infer<typeof runSubscribeRequestSchema>;

/** Ack of `run.subscribe`: how many logged events were replayed, or why the subscription was refused. */
export type RunSubscribeAck = { ok: true; replayed: number; completed: boolean } | { ok: false; error: { code: string; message: string } };

export interface RunsServerToClientEvents {
  'run.event': (event: RunEvent) => void;
}

export interface RunsClientToServerEvents {
  'run.subscribe': (request: RunSubscribeRequest, ack: (result: RunSubscribeAck) => void) => void;
  'run.unsubscribe': (request: { runId: string }, ack?: (result: { ok: boolean }) => void) => void;
}
