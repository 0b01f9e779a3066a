import { InjectionToken } from '@angular/core';
import {
  RUNS_NAMESPACE,
  type RunEvent,
  type RunSubscribeAck,
  type RunSubscribeRequest,
} from '@parallax/contracts';
import { io } from 'socket.io-client';

/** The part of a Socket.IO client the stream service uses; small enough for specs to fake honestly. */
export interface RunsSocket {
  readonly connected: boolean;
  on(event: 'connect' | 'disconnect', listener: () => void): unknown;
  on(event: 'run.event', listener: (event: RunEvent) => void): unknown;
  emit(event: 'run.subscribe', request: RunSubscribeRequest, ack: (result: RunSubscribeAck) => void): unknown;
  emit(event: 'run.unsubscribe', request: { runId: string }): unknown;
  disconnect(): unknown;
}

/** Opens the `/runs` namespace on the page's own origin; the gateway (or the dev proxy) serves it. */
export const RUNS_SOCKET = new InjectionToken<() => RunsSocket>('RUNS_SOCKET', {
  providedIn: 'root',
  factory: () => () => io(RUNS_NAMESPACE, { transports: ['websocket', 'polling'] }) as unknown as RunsSocket,
});
