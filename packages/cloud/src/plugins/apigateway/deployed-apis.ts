import type { CloudContext } from '../../plugin.ts';
import type { CloudFormationPlugin } from '../cloudformation/cloudformation-plugin.ts';
import type { DeployedStackResource } from '../cloudformation/deployed-resources.ts';
import type { DeployedApi } from './api-model.ts';
import { HTTP_API_TYPES, httpApiOf, isHttpApi } from './http-api-definition.ts';
import { REST_API_TYPES, restApiOf } from './rest-api-definition.ts';

const API_TYPES = [...REST_API_TYPES, ...HTTP_API_TYPES];

/**
 * The APIs deployed through the cloud's CloudFormation, by id. They are compiled again only
 * when one of their resources changed (the resource rows' status and time say so), so a
 * request costs one indexed read of the rows, not a parse of every OpenAPI body.
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
    const rows = this.#ctx.plugin<CloudFormationPlugin>('cloudformation').deployedResources(API_TYPES);
    const fingerprint = rows.map((r) => `${r.stackId}\0${r.logicalId}\0${r.status}\0${r.timestamp}`).join('\n');
    if (fingerprint === this.#fingerprint) return;
    this.#apis = compile(rows);
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
