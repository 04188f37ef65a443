export * from './envelope/index';
export * from './publisher/index';
export * from './dedupe/index';
export * from './fifo/index';
export * from './outbox/index';
export * from './observability/index';
