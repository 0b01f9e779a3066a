import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { Redis } from 'ioredis';

const ROOT = resolve(__dirname, '../../../..');
const BASE_REDIS = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';

export async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

/** One of the stack's processes, started from the built app as production runs it. */
export class AppProcess {
  readonly output: string[] = [];
  private exited: Promise<number | null>;

  constructor(
    readonly name: string,
    readonly child: ChildProcess,
  ) {
    const collect = (chunk: Buffer) => this.output.push(...chunk.toString().split('\n').filter(Boolean));
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    this.exited = new Promise((done) => child.once('exit', (code) => done(code)));
  }

  static start(name: string, main: string, env: Record<string, string>): AppProcess {
    const child = spawn(process.execPath, [resolve(ROOT, main)], {
      cwd: ROOT,
      env: { PATH: process.env['PATH'] ?? '', LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new AppProcess(name, child);
  }

  async waitForOutput(pattern: RegExp, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.output.some((line) => pattern.test(line))) {
      if (this.child.exitCode !== null) throw new Error(`${this.name} exited:\n${this.output.join('\n')}`);
      if (Date.now() > deadline) throw new Error(`${this.name} never printed ${pattern}:\n${this.output.join('\n')}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    if (this.child.exitCode === null) this.child.kill(signal);
    return this.exited;
  }
}

export interface StackOptions {
  /** Redis database reserved for this spec file, flushed at start. */
  db: number;
  gateways?: number;
  /** Simulator speed factor (MOCK_LLM_SPEED); tests run faster than real time. */
  speed?: string;
  workerEnv?: Record<string, string>;
  /** Extra settings of every gateway (e.g. PARALLAX_OPS_TOKEN). */
  gatewayEnv?: Record<string, string>;
  /** Settings every process of the stack gets (e.g. a private PARALLAX_MODELS_FILE). */
  env?: Record<string, string>;
  /** Also start the router service (routed mode); without it routed runs take the fallback path. */
  router?: boolean;
}

/** A whole Parallax stack (simulator, worker, gateways) on private ports and a private Redis database. */
export class Stack {
  readonly redisUrl: string;
  mockUrl = '';
  gatewayUrls: string[] = [];
  readonly processes: AppProcess[] = [];
  workers: AppProcess[] = [];
  router?: AppProcess;
  redis!: Redis;

  constructor(private readonly options: StackOptions) {
    this.redisUrl = `${BASE_REDIS.replace(/\/\d*$/, '')}/${options.db}`;
  }

  get baseEnv(): Record<string, string> {
    return { REDIS_URL: this.redisUrl, MOCK_LLM_URL: `${this.mockUrl}/v1`, ...this.options.env };
  }

  async start(): Promise<this> {
    this.redis = new Redis(this.redisUrl);
    await this.redis.flushdb();
    const mockPort = await freePort();
    this.mockUrl = `http://127.0.0.1:${mockPort}`;
    const mock = AppProcess.start('mock-llm', 'dist/apps/mock-llm/main.js', {
      MOCK_LLM_PORT: String(mockPort),
      MOCK_LLM_SPEED: this.options.speed ?? '4',
    });
    this.processes.push(mock);
    await this.startWorker();
    if (this.options.router) await this.startRouter();
    for (let i = 0; i < (this.options.gateways ?? 1); i += 1) {
      const port = await freePort();
      const gateway = AppProcess.start(`gateway-${i}`, 'dist/apps/gateway/main.js', {
        ...this.baseEnv,
        PORT: String(port),
        HOST: '127.0.0.1',
        ROUTER_TIMEOUT_MS: '300',
        ...this.options.gatewayEnv,
      });
      this.processes.push(gateway);
      this.gatewayUrls.push(`http://127.0.0.1:${port}`);
    }
    await Promise.all([
      ...this.gatewayUrls.map((url) => waitForHttp(`${url}/api/health`)),
      waitForHttp(`${this.mockUrl}/health`),
    ]);
    return this;
  }

  /** Starts one more worker process (the SIGKILL test replaces a killed one). */
  async startWorker(extraEnv: Record<string, string> = {}): Promise<AppProcess> {
    const worker = AppProcess.start(`worker-${this.workers.length}`, 'dist/apps/inference-worker/main.js', {
      ...this.baseEnv,
      LOG_LEVEL: 'info',
      WORKER_RETRY_BASE_MS: '50',
      WORKER_LOCK_DURATION_MS: '2000',
      WORKER_STALLED_INTERVAL_MS: '1000',
      WORKER_SHUTDOWN_GRACE_MS: '500',
      ...this.options.workerEnv,
      ...extraEnv,
    });
    this.processes.push(worker);
    this.workers.push(worker);
    await worker.waitForOutput(/inference worker ready/);
    return worker;
  }

  /** Starts the router and waits until its classifier is loaded and it listens on the transport. */
  async startRouter(): Promise<AppProcess> {
    const router = AppProcess.start('router', 'dist/apps/router/main.js', { ...this.baseEnv, LOG_LEVEL: 'info' });
    this.processes.push(router);
    this.router = router;
    await router.waitForOutput(/router ready/, 30_000);
    return router;
  }

  get gatewayUrl(): string {
    return this.gatewayUrls[0];
  }

  /** Lines any process printed about crashes or unhandled rejections. */
  crashLines(): string[] {
    return this.processes.flatMap((p) =>
      p.output.filter((line) => /unhandled|uncaught|TypeError|ReferenceError/i.test(line)).map((l) => `${p.name}: ${l}`),
    );
  }

  async stop(): Promise<void> {
    await Promise.all(this.processes.map((p) => p.stop()));
    await this.redis?.quit();
  }
}

async function waitForHttp(url: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
