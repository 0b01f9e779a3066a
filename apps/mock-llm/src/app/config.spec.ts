import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from './config';
import { MODEL_PROFILES } from './profiles';

function profilesFile(content: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'mock-llm-')), 'profiles.json');
  writeFileSync(path, content);
  return path;
}

describe(loadConfig.name, () => {
  it('defaults to port 4010 on localhost at real-time speed with the built-in profiles', () => {
    expect(loadConfig({})).toEqual({ port: 4010, host: '127.0.0.1', apiKey: undefined, speed: 1, profiles: MODEL_PROFILES });
  });

  it('reads max and zero speed as no delays and treats an empty API key as none', () => {
    expect(loadConfig({ MOCK_LLM_SPEED: 'max' }).speed).toBe(Number.POSITIVE_INFINITY);
    expect(loadConfig({ MOCK_LLM_SPEED: '0' }).speed).toBe(Number.POSITIVE_INFINITY);
    expect(loadConfig({ MOCK_LLM_SPEED: '10' }).speed).toBe(10);
    expect(loadConfig({ MOCK_LLM_API_KEY: '' }).apiKey).toBeUndefined();
  });

  it('names the variable that is invalid', () => {
    expect(() => loadConfig({ MOCK_LLM_PORT: 'eighty' })).toThrow(/MOCK_LLM_PORT/);
    expect(() => loadConfig({ MOCK_LLM_PORT: '70000' })).toThrow(/MOCK_LLM_PORT/);
    expect(() => loadConfig({ MOCK_LLM_SPEED: 'fast' })).toThrow(/MOCK_LLM_SPEED/);
    expect(() => loadConfig({ MOCK_LLM_PROFILES_FILE: '/nonexistent/profiles.json' })).toThrow(/MOCK_LLM_PROFILES_FILE/);
  });

  it('patches built-in profiles and adds new ones from the profiles file', () => {
    const path = profilesFile(JSON.stringify({ 'sim-fast': { ttftMs: 5 }, 'sim-long': { maxAnswerTokens: 5000, style: 'detailed' } }));
    const { profiles } = loadConfig({ MOCK_LLM_PROFILES_FILE: path });
    expect(profiles['sim-fast']).toEqual({ ...MODEL_PROFILES['sim-fast'], ttftMs: 5 });
    expect(profiles['sim-long']).toMatchObject({ id: 'sim-long', maxAnswerTokens: 5000, style: 'detailed', tokensPerSecond: 60 });
    expect(profiles['sim-coder']).toEqual(MODEL_PROFILES['sim-coder']);
  });

  it('accepts an array of profiles and rejects invalid fields naming the profile', () => {
    const good = profilesFile(JSON.stringify([{ id: 'sim-x', faults: [{ type: 'http', status: 503, probability: 0.1 }] }]));
    expect(loadConfig({ MOCK_LLM_PROFILES_FILE: good }).profiles['sim-x'].faults).toHaveLength(1);
    const bad = profilesFile(JSON.stringify({ 'sim-fast': { jitter: 3 } }));
    expect(() => loadConfig({ MOCK_LLM_PROFILES_FILE: bad })).toThrow(/MOCK_LLM_PROFILES_FILE.*sim-fast[\s\S]*jitter/);
    expect(() => loadConfig({ MOCK_LLM_PROFILES_FILE: profilesFile('{nope') })).toThrow(/not valid JSON/);
  });
});
