/**
 * samtranslator's feature toggles (`samtranslator/feature_toggle`), the ones its transform asks
 * about. Its default configuration turns every one off; a deployment service may turn some on.
 *
 * - `normalized_open_api_version`: an OpenAPI 3 `DefinitionBody` gets OpenAPI 3's `components`
 *   even when the Api's `OpenApiVersion` says 2.0 (the body's own `openapi` wins).
 * - `deployment_preference_condition_fix`: a DeploymentPreference without `PassthroughCondition`
 *   passes the function's Condition on to the CodeDeploy resources.
 */
export type SamFeatureToggle = 'normalized_open_api_version' | 'deployment_preference_condition_fix';

/** Every toggle the transform knows, for callers that turn them all on (as upstream's tests do). */
export const SAM_FEATURE_TOGGLES: readonly SamFeatureToggle[] = [
  'normalized_open_api_version',
  'deployment_preference_condition_fix',
];
