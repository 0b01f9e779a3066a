import { HttpClient, HttpErrorResponse, HttpHeaders } from '@angular/common/http';
import { DestroyRef, Injectable, InjectionToken, inject, signal } from '@angular/core';
import {
  OPS_EVENTS,
  OPS_NAMESPACE,
  type ApiErrorResponse,
  type OpsActionResponse,
  type OpsSnapshot,
} from '@parallax/contracts';
import { io } from 'socket.io-client';
import { firstValueFrom } from 'rxjs';
import { WINDOW } from '../core/browser';

/** The part of a Socket.IO client the dashboard uses, so specs can hand in a fake. */
export interface OpsSocket {
  on(event: 'connect' | 'disconnect', listener: () => void): unknown;
  on(event: 'connect_error', listener: (error: Error) => void): unknown;
  on(event: 'ops.snapshot', listener: (snapshot: OpsSnapshot) => void): unknown;
  disconnect(): unknown;
}

/** Opens the `/ops` namespace on the page's own origin with the operator token in the handshake. */
export const OPS_SOCKET = new InjectionToken<(token: string) => OpsSocket>('OPS_SOCKET', {
  providedIn: 'root',
  factory: () => (token: string) =>
    io(OPS_NAMESPACE, { auth: { token }, transports: ['websocket', 'polling'], reconnectionDelayMax: 5000 }) as unknown as OpsSocket,
});

export type OpsConnection = 'signed-out' | 'connecting' | 'live' | 'offline' | 'refused' | 'disabled';

const TOKEN_KEY = 'parallax.opsToken';

/**
 * The dashboard's connection: the token (kept for the browser session only), the live snapshot pushed by the
 * gateway, and the operator actions over REST.
 */
@Injectable({ providedIn: 'root' })
export class OpsClient {
  private readonly http = inject(HttpClient);
  private readonly openSocket = inject(OPS_SOCKET);
  private readonly storage = inject(WINDOW).sessionStorage;
  private socket?: OpsSocket;

  readonly connection = signal<OpsConnection>('signed-out');
  readonly snapshot = signal<OpsSnapshot | null>(null);
  readonly problem = signal<string | null>(null);
  private token = '';

  constructor() {
    inject(DestroyRef).onDestroy(() => this.socket?.disconnect());
    const saved = this.storage?.getItem(TOKEN_KEY);
    if (saved) this.signIn(saved);
  }

  signIn(token: string): void {
    this.socket?.disconnect();
    this.token = token.trim();
    this.problem.set(null);
    this.connection.set('connecting');
    const socket = this.openSocket(this.token);
    this.socket = socket;
    socket.on('connect', () => {
      this.storage?.setItem(TOKEN_KEY, this.token);
      this.connection.set('live');
    });
    socket.on('disconnect', () => this.connection.set('offline'));
    socket.on('connect_error', (error) => {
      // A refused handshake is final; anything else is a network problem the client retries by itself.
      const refused = /unauthorized/.test(error.message);
      const disabled = /PARALLAX_OPS_TOKEN/.test(error.message);
      if (!refused && !disabled) return this.connection.set('offline');
      socket.disconnect();
      this.storage?.removeItem(TOKEN_KEY);
      this.connection.set(disabled ? 'disabled' : 'refused');
      this.problem.set(disabled ? error.message : 'The gateway refused this token.');
    });
    socket.on(OPS_EVENTS.snapshot, (snapshot) => this.snapshot.set(snapshot));
  }

  /** Opens the job browser; the gateway swaps the token for an httpOnly cookie and drops it from the URL. */
  boardUrl(): string {
    return `/ops/queues?token=${encodeURIComponent(this.token)}`;
  }

  signOut(): void {
    this.socket?.disconnect();
    this.storage?.removeItem(TOKEN_KEY);
    this.snapshot.set(null);
    this.connection.set('signed-out');
  }

  pause(lane: string) {
    return this.post(`/api/ops/lanes/${encodeURIComponent(lane)}/pause`);
  }

  resume(lane: string) {
    return this.post(`/api/ops/lanes/${encodeURIComponent(lane)}/resume`);
  }

  drain(lane: string) {
    return this.post(`/api/ops/lanes/${encodeURIComponent(lane)}/drain`);
  }

  retry(lane: string, jobId: string) {
    return this.post(`/api/ops/jobs/${encodeURIComponent(lane)}/${encodeURIComponent(jobId)}/retry`);
  }

  remove(lane: string, jobId: string) {
    return this.send(this.http.delete<OpsActionResponse>(`/api/ops/jobs/${encodeURIComponent(lane)}/${encodeURIComponent(jobId)}`, this.options()));
  }

  private post(path: string) {
    return this.send(this.http.post<OpsActionResponse>(path, null, this.options()));
  }

  private options() {
    return { headers: new HttpHeaders({ authorization: `Bearer ${this.token}` }) };
  }

  /** Resolves to null on success, or to a sentence saying why the action failed. */
  private async send(request: ReturnType<HttpClient['post']>): Promise<string | null> {
    try {
      await firstValueFrom(request);
      return null;
    } catch (error) {
      if (error instanceof HttpErrorResponse) {
        if (error.status === 401) this.signOut();
        return (error.error as Partial<ApiErrorResponse> | null)?.message ?? `the gateway answered ${error.status}`;
      }
      return (error as Error).message;
    }
  }
}
