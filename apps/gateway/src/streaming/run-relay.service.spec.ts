import { EventEmitter } from 'node:events';
import type { Redis } from 'ioredis';
import type { Namespace, Socket } from 'socket.io';
import { redisKeys, RUN_EVENT_TYPES, type RunEvent } from '@parallax/contracts';
import type { RunEventLog, RunStore } from '@parallax/run-log';
import type { RelayMetrics } from '../metrics/relay-metrics';
import { RunRelay } from './run-relay.service';

const RUN = 'run-1';
const delta = (seq: number): RunEvent => ({ runId: RUN, targetId: 't0', seq, at: Date.now(), type: RUN_EVENT_TYPES.targetDelta, content: `${seq} ` });
const completed = (seq: number): RunEvent => ({ runId: RUN, seq, at: Date.now(), type: RUN_EVENT_TYPES.runCompleted });

/** A Redis subscriber that delivers what the test publishes, synchronously, to the relay. */
class FakeSubscriber extends EventEmitter {
  readonly channels = new Set<string>();
  async subscribe(channel: string) {
    this.channels.add(channel);
  }
  async unsubscribe(channel: string) {
    this.channels.delete(channel);
  }
  publish(event: RunEvent) {
    if (this.channels.has(redisKeys.runChannel(RUN))) this.emit('message', redisKeys.runChannel(RUN), JSON.stringify(event));
  }
}

/** A socket that records what it was sent; the room broadcast reaches it only once it joined. */
function fakeSocket(id: string) {
  const received: number[] = [];
  const rooms = new Set<string>();
  const socket = { id, connected: true, rooms, emit: (_: string, e: RunEvent) => received.push(e.seq), join: (r: string) => rooms.add(r), leave: (r: string) => rooms.delete(r) };
  return { socket: socket as unknown as Socket, received, rooms };
}

describe(RunRelay.name, () => {
  let subscriber: FakeSubscriber;
  let logged: RunEvent[];
  let readGate: () => Promise<void>;
  let completionGate: () => Promise<void>;
  let relay: RunRelay;
  const sockets: ReturnType<typeof fakeSocket>[] = [];

  beforeEach(() => {
    subscriber = new FakeSubscriber();
    logged = [];
    readGate = async () => undefined;
    completionGate = async () => undefined;
    sockets.length = 0;
    const log = {
      read: async (_: string, after: number) => {
        const snapshot = logged.filter((e) => e.seq > after);
        await readGate();
        return snapshot;
      },
      isCompleted: async () => {
        await completionGate();
        return false;
      },
    } as unknown as RunEventLog;
    const store = { getMeta: async (runId: string) => (runId === RUN ? { runId } : null) } as unknown as RunStore;
    const metrics = { replayed: () => undefined, relayed: () => undefined } as unknown as RelayMetrics;
    relay = new RunRelay(subscriber as unknown as Redis, log, store, metrics);
    const namespace = {
      local: {
        to: (room: string) => {
          const broadcast = (skip: string[]) => ({
            emit: (name: string, e: RunEvent) =>
              sockets.filter((s) => s.rooms.has(room) && !skip.includes(s.socket.id)).forEach((s) => s.socket.emit(name, e)),
          });
          return { ...broadcast([]), except: (ids: string[]) => broadcast(ids) };
        },
        in: (room: string) => ({ socketsLeave: () => sockets.forEach((s) => s.rooms.delete(room)) }),
      },
    };
    relay.attach(namespace as unknown as Namespace);
  });

  const connect = (id: string) => {
    const s = fakeSocket(id);
    sockets.push(s);
    return s;
  };
  const publish = (event: RunEvent) => {
    logged.push(event);
    subscriber.publish(event);
  };

  it('sends the log, then events published during the replay, then live ones: each once, in order', async () => {
    [1, 2, 3].forEach((seq) => publish(delta(seq)));
    const client = connect('a');
    // Events 4 and 5 are published while the relay waits on Redis, after the log snapshot was taken.
    readGate = async () => publish(delta(4));
    completionGate = async () => publish(delta(5));
    const ack = await relay.subscribe(client.socket, RUN);
    publish(delta(6));
    publish(completed(7));
    expect(ack).toEqual({ ok: true, replayed: 3, completed: false });
    expect(client.received).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('does not repeat an event the replay sent when its pub/sub copy arrives after the join', async () => {
    const watcher = connect('early');
    await relay.subscribe(watcher.socket, RUN);
    // The channel is already subscribed; event 1 is logged, but its pub/sub copy is read from the socket late.
    logged.push(delta(1));
    const late = connect('late');
    await relay.subscribe(late.socket, RUN);
    subscriber.publish(delta(1));
    publish(delta(2));
    expect(late.received).toEqual([1, 2]);
    expect(watcher.received).toEqual([1, 2]);
  });

  it('resumes after afterSeq without repeating what the client has', async () => {
    [1, 2, 3, 4].forEach((seq) => publish(delta(seq)));
    const client = connect('b');
    await relay.subscribe(client.socket, RUN, 2);
    publish(delta(5));
    expect(client.received).toEqual([3, 4, 5]);
  });

  it('replays a finished run without joining its room, and leaves the channel', async () => {
    [1, 2].forEach((seq) => publish(delta(seq)));
    publish(completed(3));
    const client = connect('c');
    const ack = await relay.subscribe(client.socket, RUN);
    expect(ack).toMatchObject({ ok: true, completed: true });
    expect(client.received).toEqual([1, 2, 3]);
    expect(client.rooms.size).toBe(0);
    expect(subscriber.channels.size).toBe(0);
  });

  it('refuses an unknown run and keeps watching nothing', async () => {
    const client = connect('d');
    expect(await relay.subscribe(client.socket, 'nope')).toEqual({ ok: false, error: { code: 'not_found', message: 'unknown run nope' } });
    expect(subscriber.channels.size).toBe(0);
  });

  it('unsubscribes from the channel when the last watcher leaves', async () => {
    const one = connect('e');
    const two = connect('f');
    await relay.subscribe(one.socket, RUN);
    await relay.subscribe(two.socket, RUN);
    relay.forget('e');
    expect(subscriber.channels.size).toBe(1);
    relay.forget('f');
    expect(subscriber.channels.size).toBe(0);
  });
});
