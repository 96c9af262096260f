import type { CloudContext } from '../../plugin.ts';
import type { CloudFormationPlugin } from '../cloudformation/cloudformation-plugin.ts';
import type { DeployedStackResource } from '../cloudformation/deployed-resources.ts';
import type { DeployedApi } from './api-model.ts';
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

  #refresh(): void {
    const cloudformation = this.#ctx.plugin<CloudFormationPlugin>('cloudformation');
    const fingerprint = cloudformation.deployedResourcesFingerprint(API_TYPES);
    if (fingerprint === this.#fingerprint) return;
    this.#apis = compile(cloudformation.deployedResources(API_TYPES));
    this.#fingerprint = fingerprint;
  }
}

function compile(rows: readonly DeployedStackResource[]): Map<string, DeployedApi> {
  const apis = new Map<string, DeployedApi>();
  for (const row of rows) {
    if (row.type === 'AWS::ApiGateway::RestApi') apis.set(row.physicalId ?? '', restApiOf(row, rows));
    if (row.type === 'AWS::ApiGatewayV2::Api' && isHttpApi(row)) apis.set(row.physicalId ?? '', httpApiOf(row, rows));
  }
  return apis;
}
