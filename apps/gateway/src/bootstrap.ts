import { RequestMethod, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { json } from 'express';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app/app.module';
import { bodyParserErrorHandler } from './common/http-errors';
import { GATEWAY_CONFIG, type GatewayConfig } from './config/gateway-config';
import { createRedisConnection } from '@parallax/service-config';
import { RedisIoAdapter } from './streaming/redis-io.adapter';
import { mountQueueBoard } from './ops/queue-board';

/** Builds a configured gateway (HTTP + Socket.IO) without listening; tests use it as main does. */
export async function createGateway(): Promise<{ app: INestApplication; config: GatewayConfig }> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule, { bodyParser: false, bufferLogs: true });
  const config = app.get<GatewayConfig>(GATEWAY_CONFIG);
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  app.use(json({ limit: config.bodyLimitBytes }), bodyParserErrorHandler);
  if (config.cors) app.enableCors({ origin: config.cors });
  app.setGlobalPrefix('api', { exclude: [{ path: 'metrics', method: RequestMethod.GET }] });

  const adapterPub = createRedisConnection(config.redisUrl, 'gateway-io-pub', 'commands');
  const adapterSub = createRedisConnection(config.redisUrl, 'gateway-io-sub', 'subscriber');
  app.useWebSocketAdapter(new RedisIoAdapter(app, adapterPub, adapterSub, config.cors ? { origin: config.cors } : undefined));
  app.getHttpServer().on('close', () => {
    adapterPub.disconnect();
    adapterSub.disconnect();
  });

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Parallax gateway')
      .setDescription('Run, route and compare LLMs. Streams arrive over Socket.IO namespace /runs (event run.event).')
      .setVersion('1.0')
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document);
  mountQueueBoard(app);
  serveWebApp(app, config.webDistDir);
  return { app, config };
}

/** Serves the built Angular app with a fallback to index.html for client-side routes. */
function serveWebApp(app: NestExpressApplication, dir: string): void {
  const root = resolve(dir);
  if (!dir || !existsSync(join(root, 'index.html'))) return;
  app.useStaticAssets(root, { index: false, maxAge: '1h' });
  app.use((req: { method: string; path: string }, res: { sendFile(p: string): void }, next: () => void) => {
    if (req.method !== 'GET' || /^\/(api|metrics|socket\.io)(\/|$)/.test(req.path)) return next();
    res.sendFile(join(root, 'index.html'));
  });
}
