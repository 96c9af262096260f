import type Database from 'better-sqlite3';
import type { CloudContext, ServicePlugin, ServiceRequest, ServiceResponse } from '../../plugin.ts';
import { QUERY_XMLNS } from '../../protocols/default-codecs.ts';
import { queryCodec, queryResponse, readQueryRequest } from '../../protocols/query.ts';
import { ServiceError } from '../../service-error.ts';
import { CLOUDFORMATION_IAM } from './cloudformation-iam.ts';
import type { ActionHandler } from './actions/action-types.ts';
import { changeSetActions } from './actions/change-set-actions.ts';
import { QueryInput } from './actions/query-input.ts';
import { resourceActions } from './actions/resource-actions.ts';
import { stackActions } from './actions/stack-actions.ts';
import { templateActions } from './actions/template-actions.ts';
import { CloudFormationEngine } from './engine.ts';
import type { ResourceProvider } from './providers/provider.ts';
import { defaultProviders } from './providers/registry.ts';
import { migrateCloudFormation } from './stack-store.ts';
import { checkTemplateBodyLength } from './template-errors.ts';
import {
  deployedResourcesFingerprint,
  deployedResourcesOfTypes,
  type DeployedStackResource,
} from './deployed-resources.ts';

/** Options of the CloudFormation plugin. */
export interface CloudFormationPluginOptions {
  /** Resources deployed at once within one stack; default 8. */
  concurrency?: number;
  /** Resource providers by type; default every built-in provider. */
  providers?: ReadonlyMap<string, ResourceProvider>;
}

// A Map: the action name comes from the wire and must not reach Object.prototype (`Action=constructor`).
const ACTIONS: ReadonlyMap<string, ActionHandler> = new Map(
  Object.entries({ ...stackActions, ...changeSetActions, ...resourceActions, ...templateActions }),
);

/** The CloudFormation plugin, with what other services read from it besides the wire API. */
export interface CloudFormationPlugin extends ServicePlugin {
  /** The live resources of these types over every stack (API Gateway serves the APIs it finds). */
  deployedResources(types: readonly string[]): DeployedStackResource[];
  /** Changes whenever one of those resources does: read them again only then. */
  deployedResourcesFingerprint(types: readonly string[]): string;
}

/** The CloudFormation plugin: query protocol, API version 2010-05-15, stacks deployed by the local engine. */
export function createCloudFormationPlugin(options: CloudFormationPluginOptions = {}): CloudFormationPlugin {
  let db: Database.Database | undefined;
  let engine: CloudFormationEngine | undefined;
  const engineFor = (ctx: CloudContext): CloudFormationEngine => {
    engine ??= new CloudFormationEngine(ctx, {
      providers:
        options.providers ??
        defaultProviders({ ctx, closing: () => engine?.isClosing() ?? true, caller: () => engine?.caller() }),
      concurrency: options.concurrency,
    });
    return engine;
  };
  return {
    name: 'cloudformation',
    codec: queryCodec(QUERY_XMLNS.cloudformation),
    migrate(database) {
      migrateCloudFormation(database);
      db = database;
    },
    deployedResources: (types) => (db ? deployedResourcesOfTypes(db, types) : []),
    deployedResourcesFingerprint: (types) => (db ? deployedResourcesFingerprint(db, types) : ''),
    start(ctx) {
      engineFor(ctx).recoverInterrupted();
    },
    async handle(request: ServiceRequest, ctx: CloudContext): Promise<ServiceResponse> {
      const query = await readQueryRequest(request);
      const handler = ACTIONS.get(query.action);
      if (!handler)
        throw new ServiceError('InvalidAction', 400, `Could not find operation ${query.action} for version 2010-05-15`);
      CLOUDFORMATION_IAM.authorize(request, ctx, query.action, { ctx, flat: query.flat });
      checkTemplateBodyLength(query.flat.TemplateBody);
      const engine = engineFor(ctx);
      const result = await engine.runAs(request.caller, () => handler(new QueryInput(query.params), engine));
      return queryResponse(request, query.action, QUERY_XMLNS.cloudformation, result);
    },
    async close() {
      await engine?.close();
    },
  };
}
