import { z } from 'zod';
import { slugSchema } from './models';
import { OPS_WINDOWS, type OpsWindow } from './ops';

export const opsWindowSchema = z.enum(Object.keys(OPS_WINDOWS) as [OpsWindow, ...OpsWindow[]]);

/** `:lane` of the ops endpoints. */
export const opsLaneSchema = slugSchema;
/** `:jobId` of the ops endpoints: `<runId>.<targetId>`. */
export const opsJobIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}\.[A-Za-z0-9_-]{1,64}$/, 'must be <runId>.<targetId>');
