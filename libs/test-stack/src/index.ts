export * from './lib/stack';
export * from './lib/client';
export * from './lib/simulator';
