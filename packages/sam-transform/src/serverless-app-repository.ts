import { isPlainObject } from '@toolkit/intrinsics';
import { resolveFindInMap } from './sam-deployment-preference.ts';
import { resolveParameterRefs } from './sam-parameter-refs.ts';
import { SamResourceError } from './sam-resource-error.ts';
import { isSet } from './sam-scope.ts';

/** The template the Serverless Application Repository made for one application version. */
export interface ServerlessApplicationTemplate {
  applicationId: string;
  templateId: string;
  templateUrl: string;
  /** `ACTIVE`, `PREPARING` or `EXPIRED`. */
  status: string;
}

/**
 * What the transform needs of the Serverless Application Repository for `Application` resources
 * that name one (`Location: {ApplicationId, SemanticVersion}`). The transform is pure: whoever
 * supplies this did any network access beforehand.
 */
export interface ServerlessApplicationRepository {
  /** CreateCloudFormationTemplate: the template, or samtranslator's reason it cannot be had (`Cannot access application: X.`). */
  createCloudFormationTemplate(
    applicationId: string,
    semanticVersion: string,
  ): ServerlessApplicationTemplate | { error: string };
  /**
   * Waits for templates not yet ACTIVE and returns those that are not ACTIVE in the end (an
   * `EXPIRED` one, or those still preparing when the wait ran out). Without it nothing is awaited.
   */
  awaitActive?(templates: readonly ServerlessApplicationTemplate[]): ServerlessApplicationTemplate[];
}

/** The repository's answers for a template's applications, by application id and version. */
export interface ServerlessApplications {
  /** JSON of [ApplicationId, SemanticVersion] → the template's URL, or the error to report. */
  byKey: Map<string, { templateUrl: string } | { error: SamResourceError }>;
  pending: ServerlessApplicationTemplate[];
}

const applicationKey = (id: unknown, version: unknown) => JSON.stringify([id, version]);

/**
 * samtranslator's application plugin before the transform: each `Location` id and version, with
 * parameter `Ref`s and `Fn::FindInMap` resolved (in place, as samtranslator does), asked of the
 * repository (when there is one) once.
 */
export function requestApplicationTemplates(
  resources: Readonly<Record<string, unknown>>,
  resolution: { parameters: Readonly<Record<string, unknown>>; mappings: Readonly<Record<string, unknown>> },
  repository: ServerlessApplicationRepository | undefined,
): ServerlessApplications {
  const applications: ServerlessApplications = { byKey: new Map(), pending: [] };
  for (const [logicalId, resource] of Object.entries(resources)) {
    if (!isPlainObject(resource) || resource['Type'] !== 'AWS::Serverless::Application') continue;
    const location = isPlainObject(resource['Properties']) ? resource['Properties']['Location'] : undefined;
    if (!isPlainObject(location) || !isSet(location['ApplicationId']) || !isSet(location['SemanticVersion'])) continue;
    for (const name of ['ApplicationId', 'SemanticVersion'])
      location[name] = resolveFindInMap(
        resolveParameterRefs(location[name], resolution.parameters),
        resolution.mappings,
      );
    const [id, version] = [location['ApplicationId'], location['SemanticVersion']];
    const key = applicationKey(id, version);
    if (repository === undefined || isPlainObject(id) || isPlainObject(version) || applications.byKey.has(key))
      continue;
    const failure = (reason: string) => applications.byKey.set(key, { error: new SamResourceError(logicalId, reason) });
    if (typeof id !== 'string') failure("Property 'Location.ApplicationId' should be a string.");
    else if (typeof version !== 'string') failure("Property 'Location.SemanticVersion' should be a string.");
    else if (/{{resolve:ssm:[a-zA-Z0-9_.\-/]+(:\d+)?}}/.test(id))
      failure("Serverless Application Repostiory does not support dynamic reference in 'ApplicationId' property.");
    else {
      const answer = repository.createCloudFormationTemplate(id, version);
      if ('error' in answer) failure(answer.error);
      else {
        applications.byKey.set(key, { templateUrl: answer.templateUrl });
        if (answer.status !== 'ACTIVE') applications.pending.push(answer);
      }
    }
  }
  return applications;
}

/** The template URL for an application's id and version, or its error; undefined when the repository was not asked. */
export function applicationTemplateUrl(
  applications: ServerlessApplications,
  id: unknown,
  version: unknown,
): string | undefined {
  const answer = applications.byKey.get(applicationKey(id, version));
  if (answer === undefined) return undefined;
  if ('error' in answer) throw answer.error;
  return answer.templateUrl;
}

/** samtranslator's wait after the transform: an error when a template expired or never became ACTIVE. */
export function applicationWaitError(
  applications: ServerlessApplications,
  repository: ServerlessApplicationRepository | undefined,
): string | undefined {
  if (repository?.awaitActive === undefined || applications.pending.length === 0) return undefined;
  const notActive = repository.awaitActive(applications.pending);
  const expired = notActive.find((template) => template.status === 'EXPIRED');
  if (expired !== undefined)
    return new SamResourceError(
      expired.applicationId,
      `Template for ${expired.applicationId} with id ${expired.templateId} returned status: EXPIRED. Cannot access an expired template.`,
    ).message;
  if (notActive.length === 0) return undefined;
  // samtranslator names the resource by the Python list of application ids.
  const ids = `[${notActive.map((template) => `'${template.applicationId}'`).join(', ')}]`;
  return new SamResourceError(ids, 'Timed out waiting for nested stack templates to reach ACTIVE status.').message;
}
