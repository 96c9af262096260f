import { DescribeStackResourcesCommand, type CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { GetFunctionUrlConfigCommand, type LambdaClient } from '@aws-sdk/client-lambda';

/** Where a deployed API answers on the local cloud: one base URL per stage. */
export interface LocalApi {
  logicalResourceId: string;
  type: 'AWS::ApiGateway::RestApi' | 'AWS::ApiGatewayV2::Api';
  /** The API's id (its physical id, as in AWS's `https://{id}.execute-api…` URL). */
  apiId: string;
  /** `{stage: base URL}` for each stage the stack declares. */
  stages: Record<string, string>;
}

/** Where a deployed function URL answers on the local cloud. */
export interface LocalFunctionUrl {
  logicalResourceId: string;
  /** The function (and alias) the URL invokes. */
  functionArn: string;
  /** The URL Lambda gave it, `https://{id}.lambda-url.{region}.on.aws/`. */
  functionUrl: string;
  /** The same URL on the local cloud, path-style. */
  localUrl: string;
}

/** The local URLs of a stack's APIs and function URLs, and of its outputs that are AWS execute-api or function URLs. */
export interface LocalApiUrls {
  apis: LocalApi[];
  functionUrls: LocalFunctionUrl[];
  /** Output key → the same address on the local cloud. */
  outputs: Record<string, string>;
}

const API_TYPES = new Set(['AWS::ApiGateway::RestApi', 'AWS::ApiGatewayV2::Api']);
const STAGE_TYPES = new Set(['AWS::ApiGateway::Stage', 'AWS::ApiGatewayV2::Stage']);

/**
 * Reads the stack's APIs, stages and function URLs and gives their addresses on the local cloud at `endpoint`
 * (path-style, which any HTTP client reaches without DNS), with the stack outputs that name
 * them (`https://${ServerlessRestApi}.execute-api.${AWS::Region}.amazonaws.com/Prod/…`) mapped
 * to the same route. An HTTP API with no stage resource (quick create) serves `$default`.
 */
export async function localApiUrls(
  clients: { cloudformation: CloudFormationClient; lambda: LambdaClient },
  stackName: string,
  outputs: Readonly<Record<string, string>>,
  endpoint: string,
): Promise<LocalApiUrls> {
  const cfn = clients.cloudformation;
  const { StackResources = [] } = await cfn.send(new DescribeStackResourcesCommand({ StackName: stackName }));
  const stagesOf = new Map<string, string[]>();
  for (const resource of StackResources) {
    if (!STAGE_TYPES.has(resource.ResourceType ?? '')) continue;
    const [apiId = '', stage = ''] = (resource.PhysicalResourceId ?? '').split('|');
    stagesOf.set(apiId, [...(stagesOf.get(apiId) ?? []), stage]);
  }
  const { localApiUrl, localFunctionUrlOf, localStageUrl } = await import('@toolkit/cloud');
  const apis: LocalApi[] = [];
  const kinds = new Map<string, LocalApi['type']>();
  for (const resource of StackResources) {
    const type = resource.ResourceType ?? '';
    if (!API_TYPES.has(type) || !resource.PhysicalResourceId) continue;
    const apiId = resource.PhysicalResourceId;
    const http = type === 'AWS::ApiGatewayV2::Api';
    const stages = stagesOf.get(apiId) ?? (http ? ['$default'] : []);
    kinds.set(apiId, type as LocalApi['type']);
    apis.push({
      logicalResourceId: resource.LogicalResourceId ?? '',
      type: type as LocalApi['type'],
      apiId,
      stages: Object.fromEntries(stages.map((stage) => [stage, `${localStageUrl(endpoint, apiId, stage)}/`])),
    });
  }
  const stageOf = (apiId: string, first: string | undefined): string | undefined => {
    const kind = kinds.get(apiId);
    if (kind === 'AWS::ApiGateway::RestApi') return first;
    if (kind === undefined) return undefined;
    const stages = stagesOf.get(apiId) ?? ['$default'];
    return first !== undefined && stages.includes(first) ? first : stages.includes('$default') ? '$default' : undefined;
  };
  const functionUrls: LocalFunctionUrl[] = [];
  for (const resource of StackResources) {
    if (resource.ResourceType !== 'AWS::Lambda::Url' || !resource.PhysicalResourceId) continue;
    // Its physical id is the function's ARN, with the alias the URL belongs to.
    const config = await clients.lambda.send(
      new GetFunctionUrlConfigCommand({ FunctionName: resource.PhysicalResourceId }),
    );
    const functionUrl = config.FunctionUrl ?? '';
    const localUrl = localFunctionUrlOf(endpoint, functionUrl);
    if (localUrl === undefined) continue;
    functionUrls.push({
      logicalResourceId: resource.LogicalResourceId ?? '',
      functionArn: config.FunctionArn ?? resource.PhysicalResourceId,
      functionUrl,
      localUrl,
    });
  }
  const mapped: Record<string, string> = {};
  for (const [key, value] of Object.entries(outputs)) {
    const url = localApiUrl(endpoint, value, stageOf) ?? localFunctionUrlOf(endpoint, value);
    if (url !== undefined) mapped[key] = url;
  }
  return { apis, functionUrls, outputs: mapped };
}
