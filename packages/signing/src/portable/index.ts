// The parts of @toolkit/signing that run in browsers as well as Node: no Buffer, no node:*,
// no message registry. The console's verifier imports this entry only.
export * from './format-problem.ts';
export * from './envelope-text.ts';
export * from './web-verify.ts';
export * from './verdict-rules.ts';
export { readZipLayout, type ZipLayout } from './zip-reader.ts';
export * from '../verdict/verdict.ts';
export * from '../verdict/trust-data.ts';
