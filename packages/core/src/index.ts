export * from './errors.ts';
export * from './diagnostics.ts';
export * from './io-host.ts';
export * from './atomic-write.ts';
export * from './concurrency.ts';
export * from './memory.ts';
export * from './did-you-mean.ts';
export * from './messages/index.ts';
