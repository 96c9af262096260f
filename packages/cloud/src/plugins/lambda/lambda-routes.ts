import type { LambdaHandler } from './lambda-call.ts';
import { createFunction } from './create-function.ts';
import { updateFunctionCode, updateFunctionConfiguration } from './update-function.ts';
import {
  deleteFunctionHandler,
  getFunction,
  getFunctionConfiguration,
  listFunctions,
  listVersionsByFunction,
  publishVersion,
} from './function-read-handlers.ts';
import { createAlias, deleteAlias, getAlias, listAliases, updateAlias } from './alias-handlers.ts';
import { addPermission, getPolicy, removePermission } from './permission-handlers.ts';
import { listTags, tagResource, untagResource } from './tag-handlers.ts';
import {
  deleteLayerVersionHandler,
  getLayerVersion,
  getLayerVersionByArnOrListLayers,
  listLayerVersionsHandler,
  publishLayerVersion,
} from './layer-handlers.ts';
import {
  createCodeSigningConfig,
  deleteCodeSigningConfigHandler,
  getCodeSigningConfig,
  listCodeSigningConfigsHandler,
  listFunctionsByCodeSigningConfig,
  updateCodeSigningConfigHandler,
} from './code-signing-config-handlers.ts';
import {
  deleteFunctionCodeSigningConfig,
  getFunctionCodeSigningConfig,
  putFunctionCodeSigningConfig,
} from './function-code-signing-handlers.ts';
import {
  createFunctionUrlConfig,
  deleteFunctionUrlConfig,
  getFunctionUrlConfig,
  listFunctionUrlConfigs,
  updateFunctionUrlConfig,
} from './function-url-handlers.ts';
import { matchRestRoute, restRoutes } from '../../protocols/rest-routes.ts';

const FN = '/2015-03-31/functions/{FunctionName}';

const ROUTES = restRoutes<LambdaHandler>([
  ['POST', '/2015-03-31/functions', createFunction],
  ['GET', '/2015-03-31/functions', listFunctions],
  ['GET', FN, getFunction],
  ['DELETE', FN, deleteFunctionHandler],
  ['GET', `${FN}/configuration`, getFunctionConfiguration],
  ['PUT', `${FN}/configuration`, updateFunctionConfiguration],
  ['PUT', `${FN}/code`, updateFunctionCode],
  ['POST', `${FN}/versions`, publishVersion],
  ['GET', `${FN}/versions`, listVersionsByFunction],
  ['POST', `${FN}/aliases`, createAlias],
  ['GET', `${FN}/aliases`, listAliases],
  ['GET', `${FN}/aliases/{Name}`, getAlias],
  ['PUT', `${FN}/aliases/{Name}`, updateAlias],
  ['DELETE', `${FN}/aliases/{Name}`, deleteAlias],
  ['POST', `${FN}/policy`, addPermission],
  ['GET', `${FN}/policy`, getPolicy],
  ['DELETE', `${FN}/policy/{StatementId}`, removePermission],
  ['POST', '/2017-03-31/tags/{Resource}', tagResource],
  ['DELETE', '/2017-03-31/tags/{Resource}', untagResource],
  ['GET', '/2017-03-31/tags/{Resource}', listTags],
  ['GET', '/2018-10-31/layers', getLayerVersionByArnOrListLayers],
  ['POST', '/2018-10-31/layers/{LayerName}/versions', publishLayerVersion],
  ['GET', '/2018-10-31/layers/{LayerName}/versions', listLayerVersionsHandler],
  ['GET', '/2018-10-31/layers/{LayerName}/versions/{VersionNumber}', getLayerVersion],
  ['DELETE', '/2018-10-31/layers/{LayerName}/versions/{VersionNumber}', deleteLayerVersionHandler],
  ['POST', '/2020-04-22/code-signing-configs', createCodeSigningConfig],
  ['GET', '/2020-04-22/code-signing-configs', listCodeSigningConfigsHandler],
  ['GET', '/2020-04-22/code-signing-configs/{CodeSigningConfigArn}', getCodeSigningConfig],
  ['PUT', '/2020-04-22/code-signing-configs/{CodeSigningConfigArn}', updateCodeSigningConfigHandler],
  ['DELETE', '/2020-04-22/code-signing-configs/{CodeSigningConfigArn}', deleteCodeSigningConfigHandler],
  ['GET', '/2020-04-22/code-signing-configs/{CodeSigningConfigArn}/functions', listFunctionsByCodeSigningConfig],
  ['PUT', '/2020-06-30/functions/{FunctionName}/code-signing-config', putFunctionCodeSigningConfig],
  ['GET', '/2020-06-30/functions/{FunctionName}/code-signing-config', getFunctionCodeSigningConfig],
  ['DELETE', '/2020-06-30/functions/{FunctionName}/code-signing-config', deleteFunctionCodeSigningConfig],
  ['POST', '/2021-10-31/functions/{FunctionName}/url', createFunctionUrlConfig],
  ['GET', '/2021-10-31/functions/{FunctionName}/url', getFunctionUrlConfig],
  ['PUT', '/2021-10-31/functions/{FunctionName}/url', updateFunctionUrlConfig],
  ['DELETE', '/2021-10-31/functions/{FunctionName}/url', deleteFunctionUrlConfig],
  ['GET', '/2021-10-31/functions/{FunctionName}/urls', listFunctionUrlConfigs],
]);

/** The operation for a method and raw path, with its path labels decoded; undefined when none matches. */
export function matchRoute(
  method: string,
  rawPath: string,
): { handler: LambdaHandler; params: Record<string, string> } | undefined {
  const match = matchRestRoute(ROUTES, method, rawPath);
  return match && { handler: match.target, params: match.params };
}
