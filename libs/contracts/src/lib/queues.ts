import type { ChatMessage, RunParams } from './runs';

/** BullMQ queue of a provider lane. */
export function inferenceQueueName(lane: string): string {
  return `inference.${lane}`;
}

/** The one job name on inference queues. */
export const INFERENCE_JOB_NAME = 'target.requested';

/** Deterministic job id, so a repeated enqueue of the same target cannot run it twice. */
export function inferenceJobId(runId: string, targetId: string): string {
  return `${runId}.${targetId}`;
}

/** Data of an inference job: everything the worker needs except secrets, which it reads from its own config. */
export interface InferenceJobData {
  runId: string;
  targetId: string;
  modelId: string;
  messages: ChatMessage[];
  params: RunParams;
  /** Epoch ms when the gateway accepted the run; the worker measures queueing from it. */
  acceptedAt: number;
}
