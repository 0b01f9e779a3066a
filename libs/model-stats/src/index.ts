export * from './lib/log-histogram';
export * from './lib/model-stats-reader';
