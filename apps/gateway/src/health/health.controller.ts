import { Controller, Get, Inject } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import type { Redis } from 'ioredis';
import { COMMAND_CONNECTION } from '../redis.providers';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @Inject(COMMAND_CONNECTION) private readonly redis: Redis,
  ) {}

  @Get()
  @HealthCheck()
  check() {
    return this.health.check([() => this.redisPing()]);
  }

  private async redisPing() {
    const indicator = this.indicators.check('redis');
    const started = performance.now();
    try {
      await Promise.race([
        this.redis.ping(),
        new Promise((_, reject) => setTimeout(() => reject(new Error('no answer within 1 s')), 1000).unref()),
      ]);
      return indicator.up({ latencyMs: Math.round((performance.now() - started) * 100) / 100 });
    } catch (error) {
      return indicator.down({ message: (error as Error).message });
    }
  }
}
