export { createLambdaPlugin, type LambdaPlugin } from './lambda-plugin.ts';
export type { SignatureValidationMetrics, SignatureValidationRecord } from './signature-metrics.ts';
export { readSignatureValidationMetrics } from './read-signature-validation-metrics.ts';
