/** Socket.IO namespace of the operator dashboard; the handshake must carry `auth.token`. */
export const OPS_NAMESPACE = '/ops';

/** Socket.IO event names of the ops namespace. */
export const OPS_EVENTS = {
  snapshot: 'ops.snapshot',
} as const;

/** Windows the model table can be computed over, and how many minute buckets each spans (the current one included). */
export const OPS_WINDOWS = { '5m': 5, '1h': 60 } as const;
export type OpsWindow = keyof typeof OPS_WINDOWS;

/**
 * One provider lane's BullMQ queue. BullMQ 6 keeps the jobs of a paused queue in its wait list, so
 * `waiting` counts them and `paused` says whether the lane is held.
 */
export interface LaneStatus {
  lane: string;
  waiting: number;
  active: number;
  /** Completed jobs still retained (BullMQ trims them after an hour). */
  completed: number;
  failed: number;
  delayed: number;
  paused: boolean;
  /** Worker connections on the lane's queue (BullMQ `getWorkersCount`). */
  workers: number;
}

/** What one model delivered over a window, from the workers' minute buckets. Times in ms. */
export interface ModelServiceLevel {
  modelId: string;
  ttftP50Ms: number | null;
  ttftP95Ms: number | null;
  tpsP50: number | null;
  /** errors / requests; null without requests. Cancellations count as neither. */
  errorRate: number | null;
  requests: number;
  errors: number;
  costUsd: number;
}

/** Service-level thresholds the dashboard colours the model table against. */
export interface OpsSlo {
  ttftP95Ms: number;
  tpsP50Min: number;
  errorRateMax: number;
}

/** Response of `GET /api/ops/overview`. */
export interface OpsOverviewResponse {
  at: number;
  window: OpsWindow;
  lanes: LaneStatus[];
  models: ModelServiceLevel[];
  slo: OpsSlo;
}

/** A job in a lane's failed set. */
export interface FailedJobSummary {
  lane: string;
  jobId: string;
  runId: string;
  targetId: string;
  modelId: string;
  error: string;
  attempts: number;
  /** Epoch ms. */
  failedAt: number | null;
}

/** Response of `GET /api/ops/failed`. */
export interface FailedJobsResponse {
  jobs: FailedJobSummary[];
}

/** Per-minute series for the charts; `minutes` holds each bucket's start (epoch ms), oldest first. */
export interface OpsSeries {
  minutes: number[];
  lanes: { lane: string; completed: number[]; failed: number[] }[];
  ttftP50Ms: (number | null)[];
  ttftP95Ms: (number | null)[];
}

/** Payload of `ops.snapshot`, pushed about once a second. */
export interface OpsSnapshot {
  at: number;
  lanes: LaneStatus[];
  models: Record<OpsWindow, ModelServiceLevel[]>;
  series: OpsSeries;
  /** The most recent failed jobs over every lane, newest first. */
  failed: FailedJobSummary[];
  slo: OpsSlo;
}

/** Answer of the lane and job actions. */
export interface OpsActionResponse {
  ok: true;
  lane: string;
  jobId?: string;
  /** Drain: how many waiting or delayed jobs were removed. */
  removed?: number;
}

export interface OpsServerToClientEvents {
  'ops.snapshot': (snapshot: OpsSnapshot) => void;
}

/** Log-spaced histogram layout: bucket i holds [min·r^i, min·r^(i+1)) with r = 2^(1/perDoubling). */
export interface LogBucketLayout {
  min: number;
  perDoubling: number;
  count: number;
}

/**
 * TTFT in ms (1 ms to ~5 min) and tokens/s (0.1 to ~100k): 8 buckets per doubling, so a percentile read as
 * its bucket's geometric midpoint is within 2^(1/16) − 1 ≈ 4.4 % of the true value inside the range.
 */
export const TTFT_BUCKETS: LogBucketLayout = { min: 1, perDoubling: 8, count: 146 };
export const TPS_BUCKETS: LogBucketLayout = { min: 0.1, perDoubling: 8, count: 160 };

/** Bucket of a value; values outside the range land in the first or last bucket. */
export function logBucketIndex(layout: LogBucketLayout, value: number): number {
  if (!(value > layout.min)) return 0;
  const index = Math.floor(Math.log2(value / layout.min) * layout.perDoubling);
  return Math.min(layout.count - 1, index);
}

/** The value a bucket stands for: the geometric midpoint of its bounds. */
export function logBucketValue(layout: LogBucketLayout, index: number): number {
  return layout.min * 2 ** ((index + 0.5) / layout.perDoubling);
}

/**
 * Per-model, per-minute measurement hash written by workers (one pipelined write per finished target)
 * and read by gateways. Bucket fields are sparse: `ttft:<i>` and `tps:<i>` hold counts.
 */
export const MODEL_STATS = {
  key: (modelId: string, minuteStartMs: number) => `parallax:ops:model:${modelId}:${minuteStartMs}`,
  /** Two hours: the longest window (1 h) plus slack, and never more than 120 hashes per model. */
  ttlSeconds: 7200,
  minuteMs: 60_000,
  fields: {
    requests: 'requests',
    errors: 'errors',
    cancelled: 'cancelled',
    costUsd: 'costUsd',
    outputTokens: 'outputTokens',
    ttftBucket: (i: number) => `ttft:${i}`,
    tpsBucket: (i: number) => `tps:${i}`,
    errorCode: (code: string) => `err:${code}`,
  },
} as const;

/** Start of the minute bucket holding `epochMs`. */
export function minuteStart(epochMs: number): number {
  return epochMs - (epochMs % MODEL_STATS.minuteMs);
}
