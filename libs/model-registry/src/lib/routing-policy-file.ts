import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { INTENT_LABELS, ROUTING_PREFERENCES, slugSchema } from '@parallax/contracts';
import { ModelRegistryError, type ModelRegistry } from './model-registry';

const weightsSchema = z.object({ price: z.number().min(0).max(1), latency: z.number().min(0).max(1) }).strict();

export const routingPolicyFileSchema = z
  .object({
    defaultModel: slugSchema,
    confidenceThreshold: z.number().min(0).max(1).default(0.45),
    maxErrorRate: z.number().min(0).max(1).default(0.5),
    minRequests: z.number().int().min(1).default(5),
    preferences: z.record(z.enum(ROUTING_PREFERENCES), weightsSchema),
    rankings: z.partialRecord(z.enum(INTENT_LABELS), z.array(slugSchema).min(1)).default({}),
  })
  .strict();

export type RoutingPolicyFile = z.infer<typeof routingPolicyFileSchema>;

/** Reads the routing policy and checks every model it names exists in the registry. */
export function loadRoutingPolicy(path: string, registry: ModelRegistry): RoutingPolicyFile {
  let data: unknown;
  try {
    data = parseYaml(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ModelRegistryError(`cannot read routing policy ${path}: ${(error as Error).message}`);
  }
  const parsed = routingPolicyFileSchema.safeParse(data);
  if (!parsed.success) {
    const details = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new ModelRegistryError(`routing policy ${path} is invalid: ${details}`);
  }
  const named = [parsed.data.defaultModel, ...Object.values(parsed.data.rankings).flat()];
  const unknown = named.filter((id) => !registry.get(id));
  if (unknown.length) throw new ModelRegistryError(`routing policy ${path} names unknown models: ${[...new Set(unknown)].join(', ')}`);
  const missing = ROUTING_PREFERENCES.filter((p) => !parsed.data.preferences[p]);
  if (missing.length) throw new ModelRegistryError(`routing policy ${path} lacks weights for: ${missing.join(', ')}`);
  return parsed.data;
}
