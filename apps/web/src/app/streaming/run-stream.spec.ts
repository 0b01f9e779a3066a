import { TestBed } from '@angular/core/testing';
import type { RunEvent } from '@parallax/contracts';
import { VirtualTimeScheduler, queueScheduler } from 'rxjs';
import { FRAME_SCHEDULER } from '../core/browser';
import { ev, FakeRunsSocket } from '../testing/fake-runs-socket';
import { RunStream, type TargetBatch } from './run-stream';
import { RUNS_SOCKET } from './runs-socket';

function setup(scheduler: VirtualTimeScheduler | typeof queueScheduler = queueScheduler) {
  const socket = new FakeRunsSocket();
  TestBed.configureTestingModule({
    providers: [
      { provide: RUNS_SOCKET, useValue: () => socket },
      { provide: FRAME_SCHEDULER, useValue: scheduler },
    ],
  });
  return { socket, stream: TestBed.inject(RunStream) };
}

describe(RunStream.name, () => {
  it('subscribes to the run and delivers its events in order, completing after run.completed', () => {
    const { socket, stream } = setup();
    const seen: RunEvent[] = [];
    let completed = false;
    stream.events('r1').subscribe({ next: (e) => seen.push(e), complete: () => (completed = true) });

    expect(socket.subscribes).toEqual([{ runId: 'r1' }]);
    [ev.started(1), ev.delta(2, 'Hel'), ev.delta(3, 'lo'), ev.completed(4), ev.runCompleted(5)].forEach((e) => socket.push(e));

    expect(seen.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(completed).toBe(true);
    expect(socket.unsubscribes).toEqual(['r1']);
  });

  it('drops events whose seq was already seen and events of other runs', () => {
    const { socket, stream } = setup();
    const seqs: number[] = [];
    stream.events('r1').subscribe((e) => seqs.push(e.seq));

    socket.push(ev.delta(1, 'a'));
    socket.push(ev.delta(2, 'b'));
    socket.push(ev.delta(2, 'b'));
    socket.push(ev.delta(1, 'a'));
    socket.push(ev.delta(3, 'x', 't0', 'other-run'));
    socket.push(ev.delta(3, 'c'));

    expect(seqs).toEqual([1, 2, 3]);
  });

  it('resubscribes after a reconnect with the last seen seq and ignores the overlap of the replay', () => {
    const { socket, stream } = setup();
    const text: string[] = [];
    stream.events('r1').subscribe((e) => e.type === 'target.delta' && text.push(e.content ?? ''));
    socket.push(ev.delta(1, 'one '));
    socket.push(ev.delta(2, 'two '));

    socket.dropConnection();
    socket.reconnect();
    // A replay may overlap what was seen before the drop.
    socket.push(ev.delta(2, 'two '));
    socket.push(ev.delta(3, 'three'));

    expect(socket.subscribes).toEqual([{ runId: 'r1' }, { runId: 'r1', afterSeq: 2 }]);
    expect(text.join('')).toBe('one two three');
  });

  it('fills a hole in the seqs by resubscribing from the last in-order seq, keeping order', () => {
    const { socket, stream } = setup();
    const seqs: number[] = [];
    stream.events('r1').subscribe((e) => seqs.push(e.seq));
    socket.replay = (request) => (request.afterSeq === 1 ? [ev.delta(2, 'b'), ev.delta(3, 'c'), ev.delta(4, 'd')] : []);

    socket.push(ev.delta(1, 'a'));
    socket.push(ev.delta(4, 'd'));

    expect(socket.subscribes.at(-1)).toEqual({ runId: 'r1', afterSeq: 1 });
    expect(seqs).toEqual([1, 2, 3, 4]);
  });

  it('skips a hole the run log can no longer fill once the resubscribe is acknowledged', () => {
    const { socket, stream } = setup();
    const seqs: number[] = [];
    stream.events('r1').subscribe((e) => seqs.push(e.seq));
    socket.push(ev.delta(1, 'a'));
    socket.push(ev.delta(5, 'e'));
    socket.push(ev.delta(6, 'f'));
    expect(seqs).toEqual([1, 5, 6]);
  });

  it('fails the stream when the server refuses the subscription', () => {
    const { socket, stream } = setup();
    socket.ackWith = { ok: false, error: { code: 'not_found', message: 'no such run' } };
    let failure: Error | undefined;
    stream.events('missing').subscribe({ error: (e: Error) => (failure = e) });
    expect(failure?.message).toBe('no such run');
  });

  it('batches each target separately, one emission per frame', () => {
    const frames = new VirtualTimeScheduler();
    const { socket, stream } = setup(frames);
    const batches: TargetBatch[] = [];
    stream.targetBatches('r1').subscribe((b) => batches.push(b));

    socket.push(ev.delta(1, 'a', 't0'));
    socket.push(ev.delta(2, 'b', 't1'));
    socket.push(ev.delta(3, 'c', 't0'));
    socket.push(ev.delta(4, 'd', 't0'));
    expect(batches).toEqual([]);
    frames.flush();

    expect(batches.map((b) => [b.targetId, b.events.map((e) => e.seq)])).toEqual([
      ['t0', [1, 3, 4]],
      ['t1', [2]],
    ]);

    socket.push(ev.delta(5, 'e', 't1'));
    frames.flush();
    expect(batches.at(-1)).toEqual({ targetId: 't1', events: [ev.delta(5, 'e', 't1')] });
  });

  it('releases the server subscription when the consumer unsubscribes', () => {
    const { socket, stream } = setup();
    const subscription = stream.targetBatches('r1').subscribe();
    subscription.unsubscribe();
    expect(socket.unsubscribes).toEqual(['r1']);
    socket.reconnect();
    expect(socket.subscribes).toHaveLength(1);
  });
});
