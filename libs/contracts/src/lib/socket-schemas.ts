import { z } from 'zod';

/** Payload of `run.subscribe`, validated by the gateway. */
export const runSubscribeRequestSchema = z
  .object({
    runId: z.string().min(1).max(64),
    /** Replay starts after this `seq`; omit for the whole run. */
    afterSeq: z.number().int().min(0).optional(),
  })
  .strict();
export type RunSubscribeRequest = z.infer<typeof runSubscribeRequestSchema>;
