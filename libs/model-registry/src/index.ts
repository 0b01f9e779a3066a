export * from './lib/model-registry';
export * from './lib/routing-policy-file';
