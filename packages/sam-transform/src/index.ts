export {
  transformSam,
  usesSamTransform,
  SAM_TRANSFORM,
  type SamTransformOptions,
  type SamTransformResult,
} from './transform-sam.ts';
export { samLogicalId, pythonJsonDumps } from './sam-logical-id.ts';
export { SAM_FEATURE_TOGGLES, type SamFeatureToggle } from './sam-feature-toggles.ts';
export { invalidDocumentMessage, samErrorOrder } from './sam-document-error.ts';
export type { ServerlessApplicationRepository, ServerlessApplicationTemplate } from './serverless-app-repository.ts';
