import { z } from 'zod';
import { commonEnvShape, EnvValidationError, intSetting, parseEnv } from './env';
import { redisOptionsFromUrl } from './redis';

describe('parseEnv', () => {
  const schema = z.object({ ...commonEnvShape, PORT: intSetting(3000, 0, 65535) });

  it('applies defaults', () => {
    expect(parseEnv(schema, {})).toMatchObject({ REDIS_URL: 'redis://127.0.0.1:6379', PORT: 3000, LOG_LEVEL: 'info' });
  });

  it('stops with a message naming every bad variable', () => {
    expect(() => parseEnv(schema, { PORT: 'eighty', REDIS_URL: 'http://x' })).toThrow(EnvValidationError);
    try {
      parseEnv(schema, { PORT: '70000', REDIS_URL: 'http://x' });
    } catch (error) {
      expect((error as EnvValidationError).problems.map((p) => p.split(':')[0])).toEqual(['REDIS_URL', 'PORT']);
    }
  });
});

describe('redisOptionsFromUrl', () => {
  it('reads host, port, credentials and database', () => {
    expect(redisOptionsFromUrl('redis://user:p%40ss@cache:6380/4')).toEqual({ host: 'cache', port: 6380, username: 'user', password: 'p@ss', db: 4 });
    expect(redisOptionsFromUrl('rediss://cache')).toEqual({ host: 'cache', port: 6379, tls: {} });
  });
});
