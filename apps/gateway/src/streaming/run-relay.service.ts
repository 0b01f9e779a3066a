import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { Namespace, Socket } from 'socket.io';
import { redisKeys, RUN_EVENT_TYPES, SOCKET_EVENTS, type RunEvent, type RunSubscribeAck } from '@parallax/contracts';
import { RunEventLog, RunStore } from '@parallax/run-log';
import { RELAY_SUBSCRIBER } from '../redis.providers';
import { RelayMetrics } from '../metrics/relay-metrics';

/** A run some of this gateway's sockets watch. */
interface WatchedRun {
  /** Sockets in the room or still replaying; the channel stays subscribed while any remain. */
  watchers: Set<string>;
  /** Live events that arrived while a socket was replaying, per socket. */
  replaying: Map<string, RunEvent[]>;
  /**
   * Sockets that just joined, with the last seq their replay sent. Pub/sub and the log read travel on different
   * connections, so an event the replay already sent can still arrive from pub/sub after the join.
   */
  caughtUp: Map<string, number>;
  subscribed: Promise<unknown>;
}

const room = (runId: string) => `run:${runId}`;

/**
 * Relays runs from Redis to this gateway's sockets. Each gateway subscribes to a run's channel only while
 * one of its own sockets watches it and emits to its local room only, so N gateways never duplicate events.
 * A socket first gets the log after its `afterSeq`, then the live events that arrived meanwhile (deduplicated
 * by `seq`), and only then joins the live room: nothing lost, nothing twice, always in order.
 */
@Injectable()
export class RunRelay implements OnApplicationShutdown {
  private readonly logger = new Logger(RunRelay.name);
  private readonly watched = new Map<string, WatchedRun>();
  private namespace?: Namespace;

  constructor(
    @Inject(RELAY_SUBSCRIBER) private readonly subscriber: Redis,
    private readonly log: RunEventLog,
    private readonly store: RunStore,
    private readonly metrics: RelayMetrics,
  ) {
    this.subscriber.on('message', (channel: string, message: string) => this.relay(channel, message));
  }

  attach(namespace: Namespace): void {
    this.namespace = namespace;
  }

  async subscribe(socket: Socket, runId: string, afterSeq = 0): Promise<RunSubscribeAck> {
    if (!(await this.store.getMeta(runId))) {
      return { ok: false, error: { code: 'not_found', message: `unknown run ${runId}` } };
    }
    const run = this.watch(runId);
    run.watchers.add(socket.id);
    run.replaying.set(socket.id, []);
    try {
      await run.subscribed;
      const [logged, endedBefore] = await Promise.all([this.log.read(runId, afterSeq), this.log.isCompleted(runId)]);
      if (!socket.connected) return { ok: true, replayed: 0, completed: false };
      // From here to the join nothing awaits: a live event arriving in between would be buffered and never sent.
      let lastSeq = afterSeq;
      let completed = endedBefore;
      for (const event of [...logged, ...(run.replaying.get(socket.id) ?? [])]) {
        if (event.seq <= lastSeq) continue;
        socket.emit(SOCKET_EVENTS.runEvent, event);
        lastSeq = event.seq;
        completed ||= event.type === RUN_EVENT_TYPES.runCompleted;
      }
      this.metrics.replayed(logged.length);
      // The channel was subscribed before the log was read, so a run.completed sent since is in one of the two.
      if (!completed) {
        socket.join(room(runId));
        run.caughtUp.set(socket.id, lastSeq);
      }
      return { ok: true, replayed: logged.length, completed };
    } finally {
      run.replaying.delete(socket.id);
      if (!socket.rooms.has(room(runId))) this.release(runId, socket.id);
    }
  }

  unsubscribe(socket: Socket, runId: string): void {
    socket.leave(room(runId));
    this.release(runId, socket.id);
  }

  /** Called when a socket disconnects: it stops watching every run. */
  forget(socketId: string): void {
    for (const runId of [...this.watched.keys()]) this.release(runId, socketId);
  }

  private watch(runId: string): WatchedRun {
    let run = this.watched.get(runId);
    if (!run) {
      const subscribed = this.subscriber.subscribe(redisKeys.runChannel(runId));
      run = { watchers: new Set(), replaying: new Map(), caughtUp: new Map(), subscribed };
      subscribed.catch((error) => this.logger.error(`subscribe ${runId}: ${error.message}`));
      this.watched.set(runId, run);
    }
    return run;
  }

  private release(runId: string, socketId: string): void {
    const run = this.watched.get(runId);
    run?.caughtUp.delete(socketId);
    if (!run || !run.watchers.delete(socketId) || run.watchers.size > 0) return;
    this.watched.delete(runId);
    this.subscriber.unsubscribe(redisKeys.runChannel(runId)).catch(() => undefined);
  }

  private relay(channel: string, message: string): void {
    const runId = channel.slice(channel.indexOf(':run:') + 5);
    const run = this.watched.get(runId);
    if (!run || !this.namespace) return;
    const event = JSON.parse(message) as RunEvent;
    const alreadySent: string[] = [];
    for (const [socketId, lastSeq] of run.caughtUp) {
      // Pub/sub delivers in seq order: once a newer event passes, this socket needs no more filtering.
      if (event.seq <= lastSeq) alreadySent.push(socketId);
      else run.caughtUp.delete(socketId);
    }
    const live = this.namespace.local.to(room(runId));
    (alreadySent.length ? live.except(alreadySent) : live).emit(SOCKET_EVENTS.runEvent, event);
    for (const pending of run.replaying.values()) pending.push(event);
    this.metrics.relayed(event.at);
    if (event.type === RUN_EVENT_TYPES.runCompleted && run.replaying.size === 0) {
      // Nothing follows run.completed: leave the channel and the room.
      this.namespace.local.in(room(runId)).socketsLeave(room(runId));
      this.watched.delete(runId);
      this.subscriber.unsubscribe(channel).catch(() => undefined);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.watched.clear();
  }
}
