import type { CloudContext } from '../../plugin.ts';
import type { CloudFormationPlugin } from '../cloudformation/cloudformation-plugin.ts';
import type { DeployedStackResource } from '../cloudformation/deployed-resources.ts';
import type { S3Plugin } from '../s3/s3-plugin.ts';
import type { DeployedApi } from './api-model.ts';
import { bodyS3Id, bodyS3LocationOf, type S3Bodies } from './definition-parts.ts';
import { HTTP_API_TYPES, httpApiOf, isHttpApi } from './http-api-definition.ts';
import { REST_API_TYPES, restApiOf } from './rest-api-definition.ts';

const API_TYPES = [...REST_API_TYPES, ...HTTP_API_TYPES];

/**
 * The APIs deployed through the cloud's CloudFormation, by id. They are read and compiled again
 * only when one of their resources changed (the rows' status and time say so), so a request
 * costs one SQL read of that fingerprint, not a parse of every OpenAPI body.
 */
export class DeployedApis {
  readonly #ctx: CloudContext;
  #fingerprint = '';
  #apis = new Map<string, DeployedApi>();
  #s3Bodies: S3Bodies = new Map();
  #s3BodiesFingerprint = '';

  constructor(ctx: CloudContext) {
    this.#ctx = ctx;
  }

  /** The API with this id, or undefined when no live stack has one. */
  find(apiId: string): DeployedApi | undefined {
    this.#refresh();
    return this.#apis.get(apiId);
  }

  /** Every deployed API. */
  all(): DeployedApi[] {
    this.#refresh();
    return [...this.#apis.values()];
  }

  /**
   * Reads the definitions that APIs keep in S3 (`BodyS3Location`) when an API changed, so the
   * next `find` serves their routes; called before answering a request, as reading S3 is async.
   */
  async loadS3Bodies(): Promise<void> {
    const cloudformation = this.#ctx.plugin<CloudFormationPlugin>('cloudformation');
    const fingerprint = cloudformation.deployedResourcesFingerprint(API_TYPES);
    if (fingerprint === this.#s3BodiesFingerprint) return;
    const s3 = this.#ctx.plugin<S3Plugin>('s3');
    const bodies = new Map<string, string>();
    for (const row of cloudformation.deployedResources(API_TYPES)) {
      const location = bodyS3LocationOf(row.properties);
      if (location === undefined || bodies.has(bodyS3Id(location))) continue;
      try {
        bodies.set(
          bodyS3Id(location),
          (await s3.readObject(location.bucket, location.key, location.version)).toString(),
        );
      } catch {
        // A missing object leaves the API's routes answering 501 with the location named.
      }
    }
    this.#s3Bodies = bodies;
    this.#s3BodiesFingerprint = fingerprint;
    // Compile again with the bodies read.
    this.#fingerprint = '';
  }

  #refresh(): void {
    const cloudformation = this.#ctx.plugin<CloudFormationPlugin>('cloudformation');
    const fingerprint = cloudformation.deployedResourcesFingerprint(API_TYPES);
    if (fingerprint === this.#fingerprint) return;
    this.#apis = compile(cloudformation.deployedResources(API_TYPES), this.#s3Bodies);
    this.#fingerprint = fingerprint;
  }
}

function compile(rows: readonly DeployedStackResource[], s3Bodies: S3Bodies): Map<string, DeployedApi> {
  const apis = new Map<string, DeployedApi>();
  for (const row of rows) {
    if (row.type === 'AWS::ApiGateway::RestApi') apis.set(row.physicalId ?? '', restApiOf(row, rows, s3Bodies));
    if (row.type === 'AWS::ApiGatewayV2::Api' && isHttpApi(row))
      apis.set(row.physicalId ?? '', httpApiOf(row, rows, s3Bodies));
  }
  return apis;
}
