export * from './lib/run-event-log';
export * from './lib/run-store';
export * from './lib/control-bus';
