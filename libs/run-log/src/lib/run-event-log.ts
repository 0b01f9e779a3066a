import type { Redis } from 'ioredis';
import {
  isTerminalTargetEvent,
  redisKeys,
  RUN_EVENT_TYPES,
  type RunEvent,
  type UnsequencedRunEvent,
} from '@parallax/contracts';

/**
 * Numbers the event, appends it to the run's log and publishes it, atomically, so that log order,
 * publish order and `seq` order are one order. A target's terminal event ends it: later events of that
 * target are dropped, and the last target to end appends `run.completed` in the same call.
 *
 * KEYS: seq, log, channel, state. ARGV: event JSON without its opening brace, targetId ('' for none),
 * terminal ('1'|'0'), log max length, TTL seconds, run.completed JSON without its opening brace.
 */
const APPEND_SCRIPT = `
local targetId = ARGV[2]
local terminal = ARGV[3] == '1'
if targetId ~= '' and redis.call('HEXISTS', KEYS[4], 'ended:' .. targetId) == 1 then return 0 end
if terminal then redis.call('HSET', KEYS[4], 'ended:' .. targetId, '1') end
local seq = redis.call('INCR', KEYS[1])
local event = '{"seq":' .. seq .. ',' .. ARGV[1]
redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[4], seq .. '-0', 'e', event)
if seq == 1 then redis.call('EXPIRE', KEYS[2], ARGV[5]) end
redis.call('PUBLISH', KEYS[3], event)
if terminal and redis.call('HINCRBY', KEYS[4], 'remaining', -1) == 0 then
  local doneSeq = redis.call('INCR', KEYS[1])
  local done = '{"seq":' .. doneSeq .. ',' .. ARGV[6]
  redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[4], doneSeq .. '-0', 'e', done)
  redis.call('PUBLISH', KEYS[3], done)
  redis.call('HSET', KEYS[4], 'completed', '1')
end
return seq
`;

/**
 * Reopens an ended target so a retried job can stream it again: clears its end marker, counts it as running
 * again and un-completes the run. -1 when the run expired (nothing to append to), 0 when it had not ended.
 * KEYS: state, meta. ARGV: targetId.
 */
const REOPEN_SCRIPT = `
if redis.call('EXISTS', KEYS[2]) == 0 then return -1 end
if redis.call('HDEL', KEYS[1], 'ended:' .. ARGV[1]) == 0 then return 0 end
redis.call('HINCRBY', KEYS[1], 'remaining', 1)
redis.call('HDEL', KEYS[1], 'completed')
return 1
`;

type AppendCommand = (
  seqKey: string,
  logKey: string,
  channel: string,
  stateKey: string,
  eventTail: string,
  targetId: string,
  terminal: '1' | '0',
  maxLen: number,
  ttlSeconds: number,
  completedTail: string,
) => Promise<number>;

export interface RunEventLogOptions {
  /** Upper bound on a run's logged events (approximate trim, so memory stays bounded). */
  maxLen: number;
  ttlSeconds: number;
}

function withoutOpeningBrace(value: object): string {
  return JSON.stringify(value).slice(1);
}

/** A run's ordered, replayable event stream in Redis: the one writer used by workers and the gateway. */
export class RunEventLog {
  private readonly appendCommand: AppendCommand;

  constructor(
    private readonly redis: Redis,
    private readonly options: RunEventLogOptions,
  ) {
    if (!(redis as unknown as Record<string, unknown>)['parallaxAppendRunEvent']) {
      redis.defineCommand('parallaxAppendRunEvent', { numberOfKeys: 4, lua: APPEND_SCRIPT });
    }
    const command = (redis as unknown as Record<string, AppendCommand>)['parallaxAppendRunEvent'];
    this.appendCommand = command.bind(redis);
  }

  /** Appends and publishes one event; resolves to its `seq`, or 0 when its target had already ended. */
  async append(event: UnsequencedRunEvent): Promise<number> {
    const { runId } = event;
    const terminal = isTerminalTargetEvent(event);
    // Only a target's terminal event can complete the run; deltas skip building the completion event.
    const completed: Omit<RunEvent, 'seq'> | null = terminal ? { runId, at: event.at, type: RUN_EVENT_TYPES.runCompleted } : null;
    return this.appendCommand(
      redisKeys.runSeq(runId),
      redisKeys.runLog(runId),
      redisKeys.runChannel(runId),
      redisKeys.runState(runId),
      withoutOpeningBrace(event),
      event.targetId ?? '',
      terminal ? '1' : '0',
      this.options.maxLen,
      this.options.ttlSeconds,
      completed ? withoutOpeningBrace(completed) : '',
    );
  }

  /** Events with `seq > afterSeq`, in order. */
  async read(runId: string, afterSeq = 0): Promise<RunEvent[]> {
    const entries = await this.redis.xrange(redisKeys.runLog(runId), `${afterSeq + 1}-0`, '+');
    return entries.map(([, fields]) => JSON.parse(fields[1]) as RunEvent);
  }

  /** Whether every target of the run has ended. */
  async isCompleted(runId: string): Promise<boolean> {
    return (await this.redis.hget(redisKeys.runState(runId), 'completed')) === '1';
  }

  /**
   * Undoes a target's end so it can run again (an operator's retry); its next `target.started` supersedes what it
   * streamed before. `expired` when the run is gone, `running` when the target had not ended.
   */
  async reopen(runId: string, targetId: string): Promise<'reopened' | 'running' | 'expired'> {
    const result = (await this.redis.eval(REOPEN_SCRIPT, 2, redisKeys.runState(runId), redisKeys.runMeta(runId), targetId)) as number;
    return result === -1 ? 'expired' : result === 0 ? 'running' : 'reopened';
  }

  /** Whether this target already sent its terminal event. */
  async hasEnded(runId: string, targetId: string): Promise<boolean> {
    return (await this.redis.hexists(redisKeys.runState(runId), `ended:${targetId}`)) === 1;
  }
}
