import { Subject, VirtualTimeScheduler, queueScheduler } from 'rxjs';
import { batchPerFrame } from './frame-batch';

describe('batchPerFrame', () => {
  it('emits everything that arrived before the frame as one array, and nothing for quiet frames', () => {
    const frames = new VirtualTimeScheduler();
    const source = new Subject<number>();
    const batches: number[][] = [];
    source.pipe(batchPerFrame(frames)).subscribe((b) => batches.push(b));

    source.next(1);
    source.next(2);
    frames.flush();
    frames.flush();
    source.next(3);
    frames.flush();
    expect(batches).toEqual([[1, 2], [3]]);
  });

  it('keeps batching after a synchronous scheduler has flushed', () => {
    const source = new Subject<number>();
    const batches: number[][] = [];
    source.pipe(batchPerFrame(queueScheduler)).subscribe((b) => batches.push(b));
    source.next(1);
    source.next(2);
    expect(batches).toEqual([[1], [2]]);
  });

  it('flushes what is pending when the source completes instead of waiting for a frame', () => {
    const frames = new VirtualTimeScheduler();
    const source = new Subject<number>();
    const batches: number[][] = [];
    let completed = false;
    source.pipe(batchPerFrame(frames)).subscribe({ next: (b) => batches.push(b), complete: () => (completed = true) });
    source.next(1);
    source.complete();
    expect(batches).toEqual([[1]]);
    expect(completed).toBe(true);
  });
});
