import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Transport, type MicroserviceOptions } from '@nestjs/microservices';
import { redisOptionsFromUrl } from '@parallax/service-config';
import { AppModule } from './app/app.module';
import { loadRouterConfig } from './config/router-config';

async function bootstrap() {
  const config = loadRouterConfig(process.env);
  const app = await NestFactory.createMicroservice<MicroserviceOptions>(AppModule.register(config), {
    transport: Transport.REDIS,
    options: redisOptionsFromUrl(config.redisUrl),
  });
  app.enableShutdownHooks();
  await app.listen();
  Logger.log('router ready', 'Bootstrap');
}

bootstrap().catch((error: Error) => {
  Logger.error(`router failed to start: ${error.message}`, 'Bootstrap');
  process.exit(1);
});
