import { DeltaBatcher, type DeltaBatch } from './delta-batcher';

describe(DeltaBatcher.name, () => {
  let now = 0;
  let flushed: DeltaBatch[];
  const make = (intervalMs = 16, maxChars = 10) => new DeltaBatcher(intervalMs, maxChars, (b) => flushed.push(b), () => now);

  beforeEach(() => {
    jest.useFakeTimers();
    now = 0;
    flushed = [];
  });
  afterEach(() => jest.useRealTimers());

  it('sends the first delta at once so the first token pays no batching delay', () => {
    make().push('Hel', '');
    expect(flushed).toEqual([{ content: 'Hel', reasoning: '' }]);
  });

  it('coalesces deltas inside one interval and sends them when it ends', () => {
    const batcher = make();
    batcher.push('a', '');
    now = 5;
    batcher.push('b', 'think');
    now = 9;
    batcher.push('c', '');
    expect(flushed).toHaveLength(1);
    now = 16;
    jest.advanceTimersByTime(11);
    expect(flushed[1]).toEqual({ content: 'bc', reasoning: 'think' });
  });

  it('sends early once enough text is pending', () => {
    const batcher = make(16, 4);
    batcher.push('x', '');
    now = 1;
    batcher.push('abcd', '');
    expect(flushed.map((b) => b.content)).toEqual(['x', 'abcd']);
  });

  it('flush() sends what is pending and nothing when empty', () => {
    const batcher = make();
    batcher.push('a', '');
    now = 2;
    batcher.push('b', '');
    batcher.flush();
    batcher.flush();
    expect(flushed.map((b) => b.content)).toEqual(['a', 'b']);
    jest.advanceTimersByTime(100);
    expect(flushed).toHaveLength(2);
  });
});
