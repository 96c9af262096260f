export * from './fixture-tree.ts';
export * from './local-cloud.ts';
export * from './zip.ts';
export * from './ecdsa.ts';
export * from './external-tool.ts';
export * from './child-output.ts';
export * from './dependency-packages.ts';
