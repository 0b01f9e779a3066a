export * from './lib/model-registry';
