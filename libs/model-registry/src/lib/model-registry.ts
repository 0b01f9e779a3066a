import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parse as parseYaml } from 'yaml';
import {
  modelRegistryFileSchema,
  type ModelDefinition,
  type ModelSummary,
  type ProviderDefinition,
} from '@parallax/contracts';

/** A model with everything needed to call it. `apiKey` is a secret: never log it, never send it out. */
export interface ResolvedModel {
  model: ModelDefinition;
  provider: ProviderDefinition;
  lane: string;
  baseUrl: string;
  apiKey: string | undefined;
  available: boolean;
  unavailableReason?: string;
}

/** A BullMQ lane and the limits of the provider(s) on it. */
export interface LaneConfig {
  lane: string;
  concurrency: number;
  rateLimit?: { max: number; durationMs: number };
}

type Env = Record<string, string | undefined>;

/** Expands `${VAR}` and `${VAR:-default}` so one registry file serves every deployment. */
export function expandEnv(value: string, env: Env): string {
  return value.replace(/\$\{([A-Z_][A-Z0-9_]*)(?::-([^}]*))?\}/g, (_, name: string, fallback?: string) => {
    const found = env[name];
    return found !== undefined && found !== '' ? found : (fallback ?? '');
  });
}

export class ModelRegistryError extends Error {}

/** The models Parallax can run, loaded once from the registry file and resolved against the environment. */
export class ModelRegistry {
  private readonly resolved = new Map<string, ResolvedModel>();

  constructor(file: unknown, env: Env, source = 'model registry') {
    const parsed = modelRegistryFileSchema.safeParse(file);
    if (!parsed.success) {
      const details = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
      throw new ModelRegistryError(`${source} is invalid: ${details}`);
    }
    const providers = new Map(parsed.data.providers.map((p) => [p.id, p]));
    for (const model of parsed.data.models) {
      const provider = providers.get(model.provider) as ProviderDefinition;
      const missing = [provider.apiKeyEnv, ...provider.requiresEnv].filter(
        (name): name is string => !!name && !env[name],
      );
      this.resolved.set(model.id, {
        model,
        provider,
        lane: provider.lane ?? provider.id,
        baseUrl: expandEnv(provider.baseUrl, env),
        apiKey: provider.apiKeyEnv ? env[provider.apiKeyEnv] : undefined,
        available: missing.length === 0,
        unavailableReason: missing.length ? `set ${missing.join(' and ')}` : undefined,
      });
    }
  }

  /** Reads a `.json`, `.yaml` or `.yml` registry file; errors name the file and the failing entries. */
  static fromFile(path: string, env: Env): ModelRegistry {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      throw new ModelRegistryError(`cannot read model registry ${path}: ${(error as Error).message}`);
    }
    let data: unknown;
    try {
      data = extname(path) === '.json' ? JSON.parse(text) : parseYaml(text);
    } catch (error) {
      throw new ModelRegistryError(`cannot parse model registry ${path}: ${(error as Error).message}`);
    }
    return new ModelRegistry(data, env, path);
  }

  get(modelId: string): ResolvedModel | undefined {
    return this.resolved.get(modelId);
  }

  all(): ResolvedModel[] {
    return [...this.resolved.values()];
  }

  /** The public view of every model, available or not (never dropped silently, never with a key). */
  summaries(): ModelSummary[] {
    return this.all().map(({ model, provider, lane, available, unavailableReason }) => ({
      id: model.id,
      label: model.label,
      providerId: provider.id,
      providerLabel: provider.label,
      lane,
      contextWindow: model.contextWindow,
      pricing: model.pricing,
      reasoning: model.reasoning,
      simulated: provider.simulated,
      strengths: model.strengths,
      available,
      ...(unavailableReason ? { unavailableReason } : {}),
    }));
  }

  /** One entry per lane; providers sharing a lane share its tightest limits. */
  lanes(): LaneConfig[] {
    const lanes = new Map<string, LaneConfig>();
    for (const { provider, lane } of this.all()) {
      const { concurrency, rateLimit } = provider.limits;
      const existing = lanes.get(lane);
      if (!existing) {
        lanes.set(lane, { lane, concurrency, rateLimit });
        continue;
      }
      existing.concurrency = Math.min(existing.concurrency, concurrency);
      if (rateLimit && (!existing.rateLimit || rateLimit.max / rateLimit.durationMs < existing.rateLimit.max / existing.rateLimit.durationMs)) {
        existing.rateLimit = rateLimit;
      }
    }
    return [...lanes.values()];
  }

  /** Cost of a call in USD from the registry's per-million-token prices. */
  static cost(model: ModelDefinition, inputTokens: number, outputTokens: number): number {
    return (inputTokens * model.pricing.inputPerMTok + outputTokens * model.pricing.outputPerMTok) / 1_000_000;
  }
}
