import { ConfigError, loadConfig, MockLlmConfig } from './app/config';
import { createMockLlmServer } from './app/server';

async function bootstrap(config: MockLlmConfig): Promise<void> {
  const mock = createMockLlmServer(config);
  const { baseURL } = await mock.listen(config.port);
  const speed = Number.isFinite(config.speed) ? `${config.speed}x` : 'max';
  console.log(`mock-llm listening on ${baseURL} (speed ${speed}, models: ${Object.keys(config.profiles).join(', ')})`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    console.log(`mock-llm received ${signal}, closing`);
    mock.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('mock-llm failed to close cleanly', error);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

let config: MockLlmConfig;
try {
  config = loadConfig(process.env);
} catch (error) {
  console.error(error instanceof ConfigError ? `mock-llm: ${error.message}` : error);
  process.exit(1);
}

bootstrap(config).catch((error: unknown) => {
  console.error('mock-llm failed to start:', (error as Error).message);
  process.exit(1);
});
