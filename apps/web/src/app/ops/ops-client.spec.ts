import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import type { OpsSnapshot } from '@parallax/contracts';
import { OPS_SOCKET, OpsClient, type OpsSocket } from './ops-client';

/** Records listeners so a spec can play the gateway's side of the `/ops` namespace. */
class FakeOpsSocket implements OpsSocket {
  readonly listeners = new Map<string, ((arg?: unknown) => void)[]>();
  disconnected = false;
  on(event: string, listener: (arg?: never) => void) {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener as (arg?: unknown) => void]);
    return this;
  }
  fire(event: string, arg?: unknown) {
    for (const listener of this.listeners.get(event) ?? []) listener(arg);
  }
  disconnect() {
    this.disconnected = true;
  }
}

describe(OpsClient.name, () => {
  let sockets: { token: string; socket: FakeOpsSocket }[];

  beforeEach(() => {
    sockets = [];
    sessionStorage.clear();
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        {
          provide: OPS_SOCKET,
          useValue: (token: string) => {
            const socket = new FakeOpsSocket();
            sockets.push({ token, socket });
            return socket;
          },
        },
      ],
    });
  });

  it('connects with the token in the handshake, goes live and holds each pushed snapshot', () => {
    const client = TestBed.inject(OpsClient);
    expect(client.connection()).toBe('signed-out');
    client.signIn(' secret-token-0123456789 ');
    expect(sockets[0].token).toBe('secret-token-0123456789');
    sockets[0].socket.fire('connect');
    expect(client.connection()).toBe('live');
    const snapshot = { at: 1, lanes: [{ lane: 'simulator' }] } as unknown as OpsSnapshot;
    sockets[0].socket.fire('ops.snapshot', snapshot);
    expect(client.snapshot()).toBe(snapshot);
  });

  it('goes back to the token prompt when the gateway refuses the handshake, and forgets the token', () => {
    const client = TestBed.inject(OpsClient);
    client.signIn('wrong-token-0123456789');
    sockets[0].socket.fire('connect_error', new Error('unauthorized: a valid operator token is required'));
    expect(client.connection()).toBe('refused');
    expect(sockets[0].socket.disconnected).toBe(true);
    expect(sessionStorage.getItem('parallax.opsToken')).toBeNull();
  });

  it('sends actions with the bearer token and reports the gateway’s message on failure', async () => {
    const client = TestBed.inject(OpsClient);
    client.signIn('secret-token-0123456789');
    const http = TestBed.inject(HttpTestingController);
    const result = client.pause('simulator');
    const request = http.expectOne('/api/ops/lanes/simulator/pause');
    expect(request.request.headers.get('authorization')).toBe('Bearer secret-token-0123456789');
    request.flush({ statusCode: 404, message: 'unknown lane "simulator"' }, { status: 404, statusText: 'Not Found' });
    await expect(result).resolves.toBe('unknown lane "simulator"');
  });
});
