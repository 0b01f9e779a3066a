import { DestroyRef, Injectable, inject } from '@angular/core';
import { RUN_EVENT_TYPES, SOCKET_EVENTS, type RunEvent } from '@parallax/contracts';
import { EMPTY, Observable, Subject, defer, filter, finalize, from, groupBy, map, merge, mergeMap, takeWhile } from 'rxjs';
import { FRAME_SCHEDULER, RENDER_MODE } from '../core/browser';
import { PaintProbe } from '../core/paint-probe';
import { batchPerFrame } from './frame-batch';
import { RUNS_SOCKET, type RunsSocket } from './runs-socket';

/** Events of one target (or of the run itself when `targetId` is null), delivered once per frame. */
export interface TargetBatch {
  targetId: string | null;
  events: RunEvent[];
}

interface Watched {
  lastSeq: number;
  /** Events that arrived ahead of a missing seq. */
  waiting: Map<number, RunEvent>;
  resyncing: boolean;
}

/**
 * Owns the one Socket.IO connection. Each watched run is (re)subscribed on every connect with the last
 * seq it has seen, and events at or below that seq are dropped, so a reconnect loses nothing and repeats nothing.
 */
@Injectable({ providedIn: 'root' })
export class RunStream {
  private readonly openSocket = inject(RUNS_SOCKET);
  private readonly scheduler = inject(FRAME_SCHEDULER);
  private readonly renderMode = inject(RENDER_MODE);
  private readonly probe = inject(PaintProbe);
  private socket: RunsSocket | null = null;
  private readonly watched = new Map<string, Watched>();
  private readonly incoming = new Subject<RunEvent>();
  private readonly failures = new Subject<{ runId: string; message: string }>();
  /** Runs whose resubscribe has been acknowledged: every event the log still holds has been replayed. */
  private readonly resynced = new Subject<string>();

  constructor() {
    inject(DestroyRef).onDestroy(() => this.socket?.disconnect());
  }

  /**
   * Every event of a run once and in seq order, completing after `run.completed`. Seqs of a run are
   * contiguous, so a hole means an event went missing on the way: later events wait in a small reorder
   * buffer while the run is resubscribed from the last seq in order; what the log can no longer provide is skipped.
   */
  events(runId: string): Observable<RunEvent> {
    return defer(() => {
      const entry: Watched = { lastSeq: 0, waiting: new Map(), resyncing: false };
      this.watched.set(runId, entry);
      // Subscribing to the server last means no event can slip past before the filters below listen.
      const join = defer(() => {
        const socket = this.ensureSocket();
        if (socket.connected) this.subscribe(socket, runId);
        return EMPTY;
      });
      const refused = this.failures.pipe(
        filter((failure) => failure.runId === runId),
        map((failure): RunEvent => {
          throw new Error(failure.message);
        }),
      );
      const resynced = this.resynced.pipe(
        filter((id) => id === runId),
        mergeMap(() => from(this.release(entry, true))),
      );
      return merge(this.incoming.pipe(filter((event) => event.runId === runId)), refused, join).pipe(
        mergeMap((event) => from(this.accept(runId, entry, event))),
        (ordered) => merge(ordered, resynced),
        takeWhile((event) => event.type !== RUN_EVENT_TYPES.runCompleted, true),
        finalize(() => {
          if (this.watched.get(runId) !== entry) return;
          this.watched.delete(runId);
          if (this.socket?.connected) this.socket.emit(SOCKET_EVENTS.runUnsubscribe, { runId });
        }),
      );
    });
  }

  private accept(runId: string, entry: Watched, event: RunEvent): RunEvent[] {
    if (event.seq <= entry.lastSeq || entry.waiting.has(event.seq)) return [];
    entry.waiting.set(event.seq, event);
    const ready = this.release(entry, false);
    if (entry.waiting.size > 0 && !entry.resyncing && this.socket?.connected) {
      entry.resyncing = true;
      this.subscribe(this.socket, runId);
    }
    return ready;
  }

  /** Takes the in-order run of waiting events; after a finished resync, holes the log could not fill are skipped. */
  private release(entry: Watched, skipHoles: boolean): RunEvent[] {
    if (skipHoles) entry.resyncing = false;
    const ready: RunEvent[] = [];
    for (;;) {
      let next = entry.waiting.get(entry.lastSeq + 1);
      if (!next && skipHoles && entry.waiting.size > 0) next = entry.waiting.get(Math.min(...entry.waiting.keys()));
      if (!next) return ready;
      entry.waiting.delete(next.seq);
      entry.lastSeq = next.seq;
      ready.push(next);
    }
  }

  /** One stream per target, each batched to at most one emission per animation frame (unbatched in naive mode). */
  targetBatches(runId: string): Observable<TargetBatch> {
    const naive = this.renderMode === 'naive';
    return this.events(runId).pipe(
      groupBy((event) => event.targetId ?? null),
      mergeMap((group) =>
        (naive ? group.pipe(map((event) => [event])) : group.pipe(batchPerFrame(this.scheduler))).pipe(
          map((events): TargetBatch => ({ targetId: group.key, events })),
        ),
      ),
    );
  }

  private ensureSocket(): RunsSocket {
    if (this.socket) return this.socket;
    const socket = this.openSocket();
    socket.on('connect', () => {
      for (const runId of this.watched.keys()) this.subscribe(socket, runId);
    });
    socket.on(SOCKET_EVENTS.runEvent, (event: RunEvent) => {
      this.probe.noteArrival();
      this.incoming.next(event);
    });
    this.socket = socket;
    return socket;
  }

  private subscribe(socket: RunsSocket, runId: string): void {
    const entry = this.watched.get(runId);
    if (!entry) return;
    const request = entry.lastSeq > 0 ? { runId, afterSeq: entry.lastSeq } : { runId };
    socket.emit(SOCKET_EVENTS.runSubscribe, request, (ack) => {
      if (this.watched.get(runId) !== entry) return;
      if (!ack.ok) this.failures.next({ runId, message: ack.error.message });
      else if (entry.resyncing) this.resynced.next(runId);
    });
  }
}
