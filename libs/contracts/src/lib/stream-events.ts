import type { TargetMetrics } from './runs';

/** `type` values of {@link RunEvent}. */
export const RUN_EVENT_TYPES = {
  targetStarted: 'target.started',
  targetDelta: 'target.delta',
  targetCompleted: 'target.completed',
  targetFailed: 'target.failed',
  runCompleted: 'run.completed',
} as const;

/** Why a target failed: stable codes clients may branch on. */
export const TARGET_ERROR_CODES = [
  'cancelled',
  'rate_limited',
  'provider_error',
  'connection_error',
  'first_token_timeout',
  'idle_timeout',
  'model_unavailable',
  'worker_lost',
  'internal',
] as const;
export type TargetErrorCode = (typeof TARGET_ERROR_CODES)[number];

/** Fields every stream event carries. `seq` is unique and increasing within a run. */
export interface RunEventBase {
  runId: string;
  seq: number;
  /** Epoch milliseconds when the event was emitted. */
  at: number;
}

export interface TargetStartedEvent extends RunEventBase {
  type: typeof RUN_EVENT_TYPES.targetStarted;
  targetId: string;
  modelId: string;
  /** 1, or more when an operator retried the failed target: its earlier text is then superseded. */
  attempt: number;
}

/** A batch of text: one or both of `content` and `reasoning`, each the text since the previous delta. */
export interface TargetDeltaEvent extends RunEventBase {
  type: typeof RUN_EVENT_TYPES.targetDelta;
  targetId: string;
  content?: string;
  reasoning?: string;
}

export interface TargetCompletedEvent extends RunEventBase {
  type: typeof RUN_EVENT_TYPES.targetCompleted;
  targetId: string;
  finishReason: string;
  metrics: TargetMetrics;
}

export interface TargetFailedEvent extends RunEventBase {
  type: typeof RUN_EVENT_TYPES.targetFailed;
  targetId: string;
  error: { code: TargetErrorCode; message: string };
  /** Figures up to the failure, when the provider was reached. */
  metrics?: TargetMetrics;
}

export interface RunCompletedEvent extends RunEventBase {
  type: typeof RUN_EVENT_TYPES.runCompleted;
  targetId?: undefined;
}

/** Payload of the Socket.IO event `run.event`, and of each entry of a run's log. */
export type RunEvent =
  | TargetStartedEvent
  | TargetDeltaEvent
  | TargetCompletedEvent
  | TargetFailedEvent
  | RunCompletedEvent;

/** A {@link RunEvent} before the run log assigns its `seq`. */
export type UnsequencedRunEvent = RunEvent extends infer E ? (E extends RunEvent ? Omit<E, 'seq'> : never) : never;

/** True for the events after which a target sends nothing more. */
export function isTerminalTargetEvent(event: { type: string }): event is TargetCompletedEvent | TargetFailedEvent {
  return event.type === RUN_EVENT_TYPES.targetCompleted || event.type === RUN_EVENT_TYPES.targetFailed;
}
