export { startCloud, type StartCloudOptions, type RunningCloud } from './start-cloud.ts';
export { CONSOLE_API_PATH, CONSOLE_PATH, type ConsoleAssets } from './console-gate.ts';
export { cloudClientConfig, type CloudClientConfig } from './client-config.ts';
export { ServiceError } from './service-error.ts';
export type {
  CloudContext,
  CloudKnobs,
  CredentialScope,
  PluginFactory,
  ServicePlugin,
  ServiceRequest,
  ServiceResponse,
} from './plugin.ts';
export type { BlobInfo, BlobStore } from './state/blob-store.ts';
export type { ProtocolCodec } from './protocols/codec.ts';
export { restJsonCodec, jsonResponse, readJsonBody, type RestJsonErrorBody } from './protocols/rest-json.ts';
export { restXmlCodec, xmlResponse, S3_XMLNS } from './protocols/rest-xml.ts';
export {
  queryCodec,
  queryResponse,
  readQueryRequest,
  expandQueryParams,
  type QueryRequest,
} from './protocols/query.ts';
export {
  JSON_BODY_LIMIT,
  LAMBDA_INVOKE_LIMIT,
  LAMBDA_ZIP_REQUEST_BYTES,
  QUERY_BODY_LIMIT,
  lambdaRequestLimit,
  type BodyLimit,
} from './protocols/body-limits.ts';
export { QUERY_XMLNS, defaultCodecFor } from './protocols/default-codecs.ts';
export { escapeXml, toXml, xmlDocument, parseXml, type XmlValue } from './protocols/xml.ts';
export { pluginFactories } from './plugins/index.ts';
export type { S3Plugin, S3ObjectInfo, S3PutResult } from './plugins/s3/s3-plugin.ts';
export { defaultStateDir, legacyStateDir, projectId, userStateHome } from './state/default-state-dir.ts';
export { resolveStateDir, type StateDirChoice } from './state/resolve-state-dir.ts';
export { CACHEDIR_TAG_SIGNATURE } from './state/cache-dir-tag.ts';
export { StateDirInUseError, readStateOwner, type StateOwner } from './state/state-lock.ts';
export { openSharedCloud, type OpenSharedCloudOptions, type SharedCloud } from './shared-cloud.ts';
export {
  readSignatureValidationMetrics,
  type LambdaPlugin,
  type SignatureValidationMetrics,
  type SignatureValidationRecord,
} from './plugins/lambda/index.ts';
export { exportTrust } from './plugins/signer/trust-export.ts';
export { localApiUrl, localStageUrl } from './plugins/apigateway/api-address.ts';
export { localFunctionUrlOf } from './plugins/lambda/function-url-address.ts';
export type { ExecuteApiPlugin } from './plugins/apigateway/execute-api-plugin.ts';
export { ADMIN_ACCESS_KEY, type Identity } from './iam/identity-store.ts';
export { createStateIdentity, readStateIdentity, type IdentitySummary } from './iam/state-identities.ts';
export { parsePolicy, PolicyDocumentError, type PolicyDocument } from './iam/policy-document.ts';
export { ADMIN_POLICY, DEVELOPER_POLICY } from './iam/default-policies.ts';
export type { AccessKey } from './start-cloud.ts';
export { openRequestAuthenticator, RequestAuthenticator } from './iam/request-authentication.ts';
