import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';

const ROOT = resolve(__dirname, '../../..');

interface ComposeService {
  command?: string[];
  image?: string;
  build?: string;
  healthcheck?: { test: string[] };
  deploy?: { replicas?: number };
  environment?: Record<string, string>;
}

describe('docker-compose.yml', () => {
  const compose = parse(readFileSync(resolve(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
    services: Record<string, ComposeService>;
  };

  it('runs Redis, the simulator, router, worker replicas and the gateway', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['gateway', 'inference-worker', 'mock-llm', 'redis', 'router']);
    expect(compose.services['inference-worker'].deploy?.replicas).toBeGreaterThan(1);
  });

  it('gives the stateful and serving pieces a healthcheck', () => {
    for (const name of ['redis', 'mock-llm', 'gateway']) expect(compose.services[name].healthcheck?.test.length).toBeGreaterThan(1);
  });

  it('starts each app from a file the build produces', () => {
    for (const [name, app] of [['gateway', 'gateway'], ['inference-worker', 'inference-worker'], ['router', 'router'], ['mock-llm', 'mock-llm']]) {
      expect(compose.services[name].command).toEqual(['node', `dist/apps/${app}/main.js`]);
    }
  });

  it('points every service at the compose Redis and never bakes a key into the file', () => {
    expect(compose.services['gateway'].environment?.['REDIS_URL']).toBe('redis://redis:6379');
    const text = readFileSync(resolve(ROOT, 'docker-compose.yml'), 'utf8');
    expect(text).not.toMatch(/(sk-|nvapi-)[A-Za-z0-9]/);
  });
});
