import { FaultQueue, parseFaultHeader } from './faults';

describe(parseFaultHeader.name, () => {
  it('reads shorthand specs', () => {
    expect(parseFaultHeader('429')).toEqual({ type: 'http', status: 429 });
    expect(parseFaultHeader('http:503')).toEqual({ type: 'http', status: 503 });
    expect(parseFaultHeader('http-after:10')).toEqual({ type: 'http-after', afterTokens: 10, status: 500 });
    expect(parseFaultHeader('stall:5')).toEqual({ type: 'stall', afterTokens: 5 });
    expect(parseFaultHeader('drop')).toEqual({ type: 'drop', afterTokens: 0 });
  });

  it('reads JSON specs and folds http "when: after" into http-after', () => {
    expect(parseFaultHeader('{"type":"http","status":429,"retryAfterSeconds":3,"when":"before"}')).toEqual({
      type: 'http',
      status: 429,
      retryAfterSeconds: 3,
      when: 'before',
    });
    expect(parseFaultHeader('{"type":"http","when":"after","afterTokens":4,"status":503}')).toEqual({
      type: 'http-after',
      afterTokens: 4,
      status: 503,
    });
  });

  it('rejects unknown types, non-error statuses and broken JSON with a readable message', () => {
    expect(() => parseFaultHeader('explode')).toThrow(/shorthand/);
    expect(() => parseFaultHeader('http:200')).toThrow(/not a valid fault spec/);
    expect(() => parseFaultHeader('{"type":')).toThrow(/not valid JSON/);
    expect(() => parseFaultHeader('{"type":"stall"}')).toThrow(/afterTokens/);
  });
});

describe(FaultQueue.name, () => {
  it('hands out each entry for its number of uses, oldest first, only to its model', () => {
    const queue = new FaultQueue();
    queue.enqueue({ model: 'a', fault: { type: 'http', status: 503 }, times: 2 });
    queue.enqueue({ fault: { type: 'drop', afterTokens: 1 } });
    expect(queue.take('b')).toEqual({ type: 'drop', afterTokens: 1 });
    expect(queue.take('b')).toBeUndefined();
    expect(queue.take('a')?.type).toBe('http');
    expect(queue.list()).toEqual([{ model: 'a', fault: { type: 'http', status: 503 }, remaining: 1 }]);
    expect(queue.take('a')?.type).toBe('http');
    expect(queue.take('a')).toBeUndefined();
  });

  it('forgets everything on clear', () => {
    const queue = new FaultQueue();
    queue.enqueue({ model: 'a', fault: { type: 'stall', afterTokens: 0 }, times: 5 });
    expect(queue.clear()).toBe(1);
    expect(queue.take('a')).toBeUndefined();
  });
});
