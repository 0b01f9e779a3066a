import { Injectable } from '@nestjs/common';
import type { ModelHealth } from './routing-policy';

/** Recent per-model service levels the routing policy weighs (error rate, latency). */
@Injectable()
export class ModelHealthSource {
  async snapshot(): Promise<ReadonlyMap<string, ModelHealth>> {
    return new Map();
  }
}
