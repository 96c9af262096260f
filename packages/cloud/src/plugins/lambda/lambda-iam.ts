import { iamTable, type ConditionEntries } from '../../iam/authorization.ts';
import { createAlias, deleteAlias, getAlias, listAliases, updateAlias } from './alias-handlers.ts';
import {
  createCodeSigningConfig,
  deleteCodeSigningConfigHandler,
  getCodeSigningConfig,
  listCodeSigningConfigsHandler,
  listFunctionsByCodeSigningConfig,
  updateCodeSigningConfigHandler,
} from './code-signing-config-handlers.ts';
import { createFunction } from './create-function.ts';
import {
  deleteFunctionCodeSigningConfig,
  getFunctionCodeSigningConfig,
  putFunctionCodeSigningConfig,
} from './function-code-signing-handlers.ts';
import {
  deleteFunctionHandler,
  getFunction,
  getFunctionConfiguration,
  listFunctions,
  listVersionsByFunction,
  publishVersion,
} from './function-read-handlers.ts';
import {
  createFunctionUrlConfig,
  deleteFunctionUrlConfig,
  getFunctionUrlConfig,
  listFunctionUrlConfigs,
  updateFunctionUrlConfig,
} from './function-url-handlers.ts';
import { functionArn, layerArn, parseFunctionRef } from './lambda-arns.ts';
import type { LambdaCall, LambdaHandler } from './lambda-call.ts';
import {
  deleteLayerVersionHandler,
  getLayerVersion,
  getLayerVersionByArnOrListLayers,
  listLayerVersionsHandler,
  publishLayerVersion,
} from './layer-handlers.ts';
import { addPermission, getPolicy, removePermission } from './permission-handlers.ts';
import { listTags, tagResource, untagResource } from './tag-handlers.ts';
import { updateFunctionCode, updateFunctionConfiguration } from './update-function.ts';

/** The function a call names (path label or body), as the ARN IAM matches. */
function fn(call: LambdaCall): string {
  const text = call.params.FunctionName ?? (typeof call.body.FunctionName === 'string' ? call.body.FunctionName : '');
  const ref = parseFunctionRef(text);
  return ref ? functionArn(call.ctx, ref.name) : text;
}

const layer = (call: LambdaCall) => layerArn(call.ctx, call.params.LayerName ?? '');
const csc = (call: LambdaCall) => call.params.CodeSigningConfigArn ?? '*';
const any = () => '*';
const taggedResource = (call: LambdaCall) => call.params.Resource ?? '*';
const functionKeys = (call: LambdaCall): ConditionEntries => [['lambda:FunctionArn', fn(call)]];
/** `lambda:CodeSigningConfigArn`: the configuration a new function or an attachment names (absent when none). */
const cscKeys = (call: LambdaCall): ConditionEntries => [
  ['lambda:FunctionArn', fn(call)],
  [
    'lambda:CodeSigningConfigArn',
    typeof call.body.CodeSigningConfigArn === 'string' ? call.body.CodeSigningConfigArn : undefined,
  ],
];

/** `lambda:FunctionUrlAuthType`: the auth type a URL is created or updated with (absent when not given). */
const urlKeys = (call: LambdaCall): ConditionEntries => [
  ['lambda:FunctionArn', fn(call)],
  ['lambda:FunctionUrlAuthType', typeof call.body.AuthType === 'string' ? call.body.AuthType : undefined],
];

/** Lambda's operations as IAM names them, with the resource each acts on. One line per route. */
export const LAMBDA_IAM = iamTable<LambdaHandler, LambdaCall>('AccessDeniedException', [
  [createFunction, 'lambda:CreateFunction', fn, cscKeys],
  [listFunctions, 'lambda:ListFunctions', any],
  [getFunction, 'lambda:GetFunction', fn, functionKeys],
  [deleteFunctionHandler, 'lambda:DeleteFunction', fn, functionKeys],
  [getFunctionConfiguration, 'lambda:GetFunctionConfiguration', fn, functionKeys],
  [updateFunctionConfiguration, 'lambda:UpdateFunctionConfiguration', fn, functionKeys],
  [updateFunctionCode, 'lambda:UpdateFunctionCode', fn, functionKeys],
  [publishVersion, 'lambda:PublishVersion', fn, functionKeys],
  [listVersionsByFunction, 'lambda:ListVersionsByFunction', fn, functionKeys],
  [createAlias, 'lambda:CreateAlias', fn, functionKeys],
  [listAliases, 'lambda:ListAliases', fn, functionKeys],
  [getAlias, 'lambda:GetAlias', fn, functionKeys],
  [updateAlias, 'lambda:UpdateAlias', fn, functionKeys],
  [deleteAlias, 'lambda:DeleteAlias', fn, functionKeys],
  [addPermission, 'lambda:AddPermission', fn, functionKeys],
  [getPolicy, 'lambda:GetPolicy', fn, functionKeys],
  [removePermission, 'lambda:RemovePermission', fn, functionKeys],
  [tagResource, 'lambda:TagResource', taggedResource],
  [untagResource, 'lambda:UntagResource', taggedResource],
  [listTags, 'lambda:ListTags', taggedResource],
  [getLayerVersionByArnOrListLayers, 'lambda:ListLayers', any],
  [publishLayerVersion, 'lambda:PublishLayerVersion', layer],
  [listLayerVersionsHandler, 'lambda:ListLayerVersions', any],
  [getLayerVersion, 'lambda:GetLayerVersion', (c) => `${layer(c)}:${c.params.VersionNumber ?? ''}`],
  [deleteLayerVersionHandler, 'lambda:DeleteLayerVersion', (c) => `${layer(c)}:${c.params.VersionNumber ?? ''}`],
  [createCodeSigningConfig, 'lambda:CreateCodeSigningConfig', any],
  [listCodeSigningConfigsHandler, 'lambda:ListCodeSigningConfigs', any],
  [getCodeSigningConfig, 'lambda:GetCodeSigningConfig', csc],
  [updateCodeSigningConfigHandler, 'lambda:UpdateCodeSigningConfig', csc],
  [deleteCodeSigningConfigHandler, 'lambda:DeleteCodeSigningConfig', csc],
  [listFunctionsByCodeSigningConfig, 'lambda:ListFunctionsByCodeSigningConfig', csc],
  [putFunctionCodeSigningConfig, 'lambda:PutFunctionCodeSigningConfig', fn, cscKeys],
  [getFunctionCodeSigningConfig, 'lambda:GetFunctionCodeSigningConfig', fn, functionKeys],
  [deleteFunctionCodeSigningConfig, 'lambda:DeleteFunctionCodeSigningConfig', fn, functionKeys],
  [createFunctionUrlConfig, 'lambda:CreateFunctionUrlConfig', fn, urlKeys],
  [getFunctionUrlConfig, 'lambda:GetFunctionUrlConfig', fn, functionKeys],
  [updateFunctionUrlConfig, 'lambda:UpdateFunctionUrlConfig', fn, urlKeys],
  [deleteFunctionUrlConfig, 'lambda:DeleteFunctionUrlConfig', fn, functionKeys],
  [listFunctionUrlConfigs, 'lambda:ListFunctionUrlConfigs', fn, functionKeys],
]);
