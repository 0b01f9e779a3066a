import { resolve } from 'node:path';
import { expandEnv, ModelRegistry, ModelRegistryError } from './model-registry';
import { loadRoutingPolicy } from './routing-policy-file';

const ROOT = resolve(__dirname, '../../../..');
const file = (overrides: Record<string, unknown> = {}) => ({
  providers: [
    { id: 'sim', label: 'Sim', baseUrl: '${SIM_URL:-http://127.0.0.1:4010/v1}', simulated: true },
    { id: 'cloud', label: 'Cloud', baseUrl: 'https://example.invalid/v1', apiKeyEnv: 'CLOUD_KEY', limits: { concurrency: 4 } },
  ],
  models: [
    { id: 'a', label: 'A', provider: 'sim', model: 'sim-a', contextWindow: 1000, pricing: { inputPerMTok: 1, outputPerMTok: 2 } },
    { id: 'b', label: 'B', provider: 'cloud', model: 'b-large', contextWindow: 1000, pricing: { inputPerMTok: 1, outputPerMTok: 2 } },
  ],
  ...overrides,
});

describe(ModelRegistry.name, () => {
  it('lists a model whose key is missing as unavailable with the reason, never dropping it', () => {
    const registry = new ModelRegistry(file(), {});
    expect(registry.summaries().map((m) => [m.id, m.available, m.unavailableReason])).toEqual([
      ['a', true, undefined],
      ['b', false, 'set CLOUD_KEY'],
    ]);
  });

  it('resolves keys and base URLs from the environment but never exposes the key in summaries', () => {
    const registry = new ModelRegistry(file(), { CLOUD_KEY: 'sk-secret', SIM_URL: 'http://sim:1/v1' });
    expect(registry.get('b')).toMatchObject({ available: true, apiKey: 'sk-secret', lane: 'cloud' });
    expect(registry.get('a')?.baseUrl).toBe('http://sim:1/v1');
    expect(JSON.stringify(registry.summaries())).not.toContain('sk-secret');
  });

  it('rejects a file with an unknown provider or duplicate ids, naming the entry', () => {
    const broken = file({
      models: [
        { id: 'a', label: 'A', provider: 'nope', model: 'x', contextWindow: 1, pricing: { inputPerMTok: 0, outputPerMTok: 0 } },
        { id: 'a', label: 'A', provider: 'sim', model: 'x', contextWindow: 1, pricing: { inputPerMTok: 0, outputPerMTok: 0 } },
      ],
    });
    expect(() => new ModelRegistry(broken, {})).toThrow(/models\.0\.provider: unknown provider "nope".*models\.1\.id: duplicate/);
  });

  it('gives each lane its provider limits', () => {
    expect(new ModelRegistry(file(), {}).lanes()).toEqual([
      { lane: 'sim', concurrency: 16, rateLimit: undefined },
      { lane: 'cloud', concurrency: 4, rateLimit: undefined },
    ]);
  });

  it('loads the shipped registry and routing policy', () => {
    const registry = ModelRegistry.fromFile(resolve(ROOT, 'config/models.yaml'), {});
    expect(registry.all().filter((m) => m.available).every((m) => m.provider.simulated)).toBe(true);
    expect(registry.get('kimi-k2')?.unavailableReason).toBe('set NVIDIA_API_KEY');
    expect(loadRoutingPolicy(resolve(ROOT, 'config/routing.yaml'), registry).defaultModel).toBe('sim-balanced');
  });

  it('names the file when it cannot be read', () => {
    expect(() => ModelRegistry.fromFile('/nonexistent/models.yaml', {})).toThrow(ModelRegistryError);
  });
});

describe('expandEnv', () => {
  it('expands ${VAR} and ${VAR:-default}', () => {
    expect(expandEnv('${A}/${B:-x}/${C:-}', { A: '1' })).toBe('1/x/');
  });
});
