import { transformApi } from './sam-api.ts';
import { transformApplication } from './sam-application.ts';
import { transformCapacityProvider } from './sam-capacity-provider.ts';
import { transformConnector } from './sam-connector.ts';
import { transformFunction } from './sam-function.ts';
import { transformGraphQLApi } from './sam-graphql-api.ts';
import { transformHttpApi } from './sam-http-api.ts';
import { transformLayerVersion } from './sam-layer-version.ts';
import { transformSimpleTable } from './sam-simple-table.ts';
import { transformStateMachine } from './sam-state-machine.ts';
import { transformWebSocketApi } from './sam-websocket-api.ts';
import type { SamExpansion, SamScope } from './sam-scope.ts';

/** How one `AWS::Serverless::*` type becomes CloudFormation. */
export interface SamResourceType {
  /** Expands one resource of this type; throws `SamResourceError` for bad input. */
  transform(logicalId: string, resource: Record<string, unknown>, scope: SamScope): SamExpansion;
  /**
   * The generated type that may keep the SAM resource's own logical id when the input already
   * holds a resource of that id (samtranslator's list); any other clash is an error.
   */
  sameIdType?: string;
}

/**
 * Every SAM resource type the transform handles, by `Type`. Adding a type is one file exporting
 * its transform and one line here; a type missing from this map is reported as unsupported.
 */
export const SAM_RESOURCE_TYPES: ReadonlyMap<string, SamResourceType> = new Map<string, SamResourceType>([
  ['AWS::Serverless::Function', { transform: transformFunction, sameIdType: 'AWS::Lambda::Function' }],
  ['AWS::Serverless::Api', { transform: transformApi, sameIdType: 'AWS::ApiGateway::RestApi' }],
  ['AWS::Serverless::HttpApi', { transform: transformHttpApi, sameIdType: 'AWS::ApiGatewayV2::Api' }],
  ['AWS::Serverless::WebSocketApi', { transform: transformWebSocketApi, sameIdType: 'AWS::ApiGatewayV2::Api' }],
  ['AWS::Serverless::LayerVersion', { transform: transformLayerVersion, sameIdType: 'AWS::Lambda::LayerVersion' }],
  [
    'AWS::Serverless::StateMachine',
    { transform: transformStateMachine, sameIdType: 'AWS::StepFunctions::StateMachine' },
  ],
  ['AWS::Serverless::SimpleTable', { transform: transformSimpleTable, sameIdType: 'AWS::DynamoDB::Table' }],
  ['AWS::Serverless::Connector', { transform: transformConnector }],
  [
    'AWS::Serverless::CapacityProvider',
    { transform: transformCapacityProvider, sameIdType: 'AWS::Lambda::CapacityProvider' },
  ],
  ['AWS::Serverless::GraphQLApi', { transform: transformGraphQLApi, sameIdType: 'AWS::AppSync::GraphQLApi' }],
  ['AWS::Serverless::Application', { transform: transformApplication, sameIdType: 'AWS::CloudFormation::Stack' }],
]);

/** True when a generated resource of `generatedType` may take the id of an existing `existingType` resource. */
export function mayReuseId(generatedType: unknown, existingType: unknown): boolean {
  for (const [samType, handler] of SAM_RESOURCE_TYPES)
    if (handler.sameIdType === generatedType && samType === existingType) return true;
  return false;
}
