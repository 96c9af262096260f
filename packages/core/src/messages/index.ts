export * from './message-spec.ts';
export * from './messages.ts';
export type * from './build-messages.ts';
export type * from './signing-messages.ts';
export type * from './toolkit-notices.ts';
