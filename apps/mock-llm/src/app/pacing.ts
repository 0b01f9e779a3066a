import { ModelProfile } from './profiles';
import { mulberry32 } from './prng';

/** Delays are divided by this; `Infinity` means no delays at all. */
export type SpeedFactor = number;

/**
 * Reads a speed setting: `1` real time, `10` ten times faster, `0` or `max` no delays.
 * Returns undefined for anything else so callers can name the setting that was wrong.
 */
export function parseSpeed(value: string | number): SpeedFactor | undefined {
  if (typeof value === 'number') return value === 0 ? Number.POSITIVE_INFINITY : value > 0 ? value : undefined;
  const text = value.trim().toLowerCase();
  if (text === 'max' || text === 'infinity') return Number.POSITIVE_INFINITY;
  if (!/^\d+(\.\d+)?$|^\.\d+$/.test(text)) return undefined;
  return parseSpeed(Number(text));
}

/**
 * Due time of every token in ms after the request arrived, or null at unbounded speed.
 * Times are absolute rather than per-gap so a late timer is caught up on the next tick
 * instead of pushing every later token back.
 */
export function tokenSchedule(
  profile: Pick<ModelProfile, 'ttftMs' | 'tokensPerSecond' | 'jitter'>,
  tokenCount: number,
  speed: SpeedFactor,
  seed: number,
): Float64Array | null {
  if (!Number.isFinite(speed)) return null;
  // A different stream than the text's, so pacing does not shift when the wording changes.
  const random = mulberry32(seed ^ 0x5bd1e995);
  const spread = (): number => 1 + profile.jitter * (2 * random() - 1);
  const interval = 1000 / profile.tokensPerSecond;
  const offsets = new Float64Array(tokenCount);
  let at = (profile.ttftMs * spread()) / speed;
  for (let i = 0; i < tokenCount; i++) {
    if (i > 0) at += (interval * spread()) / speed;
    offsets[i] = at;
  }
  return offsets;
}

/** When the token at `index` is due, or the time to first token when there is none. */
export function dueAt(profile: Pick<ModelProfile, 'ttftMs'>, schedule: Float64Array | null, index: number, speed: SpeedFactor): number {
  if (schedule === null) return 0;
  if (index >= 0 && index < schedule.length) return schedule[index];
  if (schedule.length > 0 && index >= schedule.length) return schedule[schedule.length - 1];
  return profile.ttftMs / speed;
}
