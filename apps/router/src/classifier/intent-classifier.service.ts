import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { ClassifyResult } from '@parallax/contracts';
import { ROUTER_CONFIG, type RouterConfig } from '../config/router-config';
import { IntentModel } from './intent-model';

/** The classifier behind `router.classify`: loaded and warmed up before the service takes messages. */
@Injectable()
export class IntentClassifier implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(IntentClassifier.name);
  private model?: IntentModel;

  constructor(@Inject(ROUTER_CONFIG) private readonly config: RouterConfig) {}

  async onModuleInit(): Promise<void> {
    const started = performance.now();
    const { dir, dtype, threads } = this.config.classifier;
    this.model = await IntentModel.load(dir, dtype, threads);
    // The first call compiles kernels; pay for it now rather than on a user's prompt.
    await this.model.scores('warm up the classifier');
    this.logger.log(`loaded ${dir} (${dtype}, ${this.model.version}) in ${Math.round(performance.now() - started)} ms`);
  }

  get ready(): boolean {
    return this.model !== undefined;
  }

  async classify(text: string): Promise<ClassifyResult> {
    if (!this.model) throw new Error('classifier not loaded');
    const started = performance.now();
    const scores = await this.model.scores(text);
    return { ...scores, modelVersion: this.model.version, latencyMs: Math.round((performance.now() - started) * 1000) / 1000 };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.model?.dispose();
  }
}
