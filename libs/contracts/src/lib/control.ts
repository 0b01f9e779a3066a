import { z } from 'zod';

/** Message on `parallax:control`: stop a run, or one of its targets. */
export const controlMessageSchema = z.object({
  type: z.literal('cancel'),
  runId: z.string(),
  targetId: z.string().optional(),
});
export type ControlMessage = z.infer<typeof controlMessageSchema>;
