// The `package` action on its own. The library's index loads every action, and with them the
// CloudFormation, Lambda and CloudWatch Logs clients, whose modules cost a warm `toolkit package`
// more than its whole walk of the sources; this entry loads only what packaging runs.
import { withAwsValidationAsUserError } from './aws-validation.ts';
import * as pkg from './package-template.ts';

export type { PackagedArtifact, PackageTemplateOptions, PackageTemplateResult } from './package-template.ts';

/** Builds, uploads and signs every artifact and writes the packaged template. */
export const packageTemplate = withAwsValidationAsUserError(pkg.packageTemplate);
