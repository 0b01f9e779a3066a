import { parseSpeed, tokenSchedule } from './pacing';
import { RequestLog, settle } from './request-log';

const profile = { ttftMs: 100, tokensPerSecond: 50, jitter: 0.2 };

describe(tokenSchedule.name, () => {
  it('starts near the time to first token and keeps due times increasing at about the token rate', () => {
    const schedule = tokenSchedule(profile, 200, 1, 42);
    expect(schedule?.[0]).toBeGreaterThanOrEqual(80);
    expect(schedule?.[0]).toBeLessThanOrEqual(120);
    for (let i = 1; i < 200; i++) expect(schedule?.[i]).toBeGreaterThan(schedule?.[i - 1] ?? 0);
    const span = (schedule?.[199] ?? 0) - (schedule?.[0] ?? 0);
    expect(span).toBeGreaterThan(199 * 20 * 0.9);
    expect(span).toBeLessThan(199 * 20 * 1.1);
  });

  it('replays the same jitter for the same seed and divides every delay by the speed', () => {
    const real = tokenSchedule(profile, 20, 1, 7);
    expect(tokenSchedule(profile, 20, 1, 7)).toEqual(real);
    const faster = tokenSchedule(profile, 20, 10, 7);
    expect(faster?.[19]).toBeCloseTo((real?.[19] ?? 0) / 10, 6);
  });

  it('has no schedule at unbounded speed', () => {
    expect(tokenSchedule(profile, 20, Number.POSITIVE_INFINITY, 1)).toBeNull();
  });
});

describe(parseSpeed.name, () => {
  it('reads multipliers, 0 and max, and refuses anything else', () => {
    expect(parseSpeed('2.5')).toBe(2.5);
    expect(parseSpeed('max')).toBe(Number.POSITIVE_INFINITY);
    expect(parseSpeed('0')).toBe(Number.POSITIVE_INFINITY);
    expect(parseSpeed('-1')).toBeUndefined();
    expect(parseSpeed('fast')).toBeUndefined();
  });
});

describe(RequestLog.name, () => {
  it('keeps only the most recent entries, oldest first', () => {
    const log = new RequestLog(3);
    for (const id of ['a', 'b', 'c', 'd', 'e']) log.open({ id, model: 'm', stream: false, fault: null });
    expect(log.list().map((entry) => entry.id)).toEqual(['c', 'd', 'e']);
  });

  it('settles an entry once and ignores later outcomes', () => {
    const log = new RequestLog();
    const entry = log.open({ id: 'a', model: 'm', stream: true, fault: 'drop:1' });
    settle(entry, 'fault', 1);
    settle(entry, 'aborted', 9);
    expect(log.list()[0]).toMatchObject({ outcome: 'fault', tokensSent: 1 });
    expect(log.list()[0].endedAt).not.toBeNull();
  });
});
