import * as path from 'node:path';
import type { Diagnostic } from '@toolkit/core';
import type { Node } from 'yaml';
import type { SourceContext } from './artifact-source.ts';
import type { ArtifactSource } from './artifact-types.ts';
import { nodePosition } from './diagnostic-position.ts';
import { plainString } from './node-access.ts';
import { isRemoteUri } from './s3-location.ts';

/** How an uploaded file's location is written back: an `s3://` URI string, or a `{Bucket, Key, Version?}` mapping. */
export type FileLocationForm = 's3-uri' | 'bucket-key';

/** The properties that name one local file uploaded as it is (not zipped), as `aws cloudformation package` and `sam package` upload them. */
export type FileArtifactProperty =
  | 'DefinitionUri'
  | 'DefinitionS3Location'
  | 'BodyS3Location'
  | 'RequestMappingTemplateS3Location'
  | 'ResponseMappingTemplateS3Location'
  | 'CodeS3Location'
  | 'SchemaUri';

const appSyncTemplates = {
  RequestMappingTemplateS3Location: 's3-uri',
  ResponseMappingTemplateS3Location: 's3-uri',
  CodeS3Location: 's3-uri',
} as const;

/** Per resource type, each file property and the form its S3 location takes. */
const FILE_PROPERTIES: ReadonlyMap<string, Readonly<Partial<Record<FileArtifactProperty, FileLocationForm>>>> = new Map<
  string,
  Partial<Record<FileArtifactProperty, FileLocationForm>>
>([
  ['AWS::Serverless::StateMachine', { DefinitionUri: 'bucket-key' }],
  ['AWS::StepFunctions::StateMachine', { DefinitionS3Location: 'bucket-key' }],
  ['AWS::Serverless::Api', { DefinitionUri: 's3-uri' }],
  ['AWS::Serverless::HttpApi', { DefinitionUri: 's3-uri' }],
  ['AWS::ApiGateway::RestApi', { BodyS3Location: 'bucket-key' }],
  ['AWS::ApiGatewayV2::Api', { BodyS3Location: 'bucket-key' }],
  ['AWS::AppSync::GraphQLSchema', { DefinitionS3Location: 's3-uri' }],
  ['AWS::AppSync::Resolver', appSyncTemplates],
  ['AWS::AppSync::FunctionConfiguration', appSyncTemplates],
  ['AWS::Serverless::GraphQLApi', { SchemaUri: 's3-uri' }],
]);

/** The file properties a resource type has, with the form each is rewritten to (none for most types). */
export function filePropertiesOf(resourceType: string): Array<[FileArtifactProperty, FileLocationForm]> {
  const table = FILE_PROPERTIES.get(resourceType);
  return table ? (Object.entries(table) as Array<[FileArtifactProperty, FileLocationForm]>) : [];
}

/** The form a file property of a resource type is rewritten to; undefined when it is not a file property. */
export function fileLocationForm(resourceType: string, property: string): FileLocationForm | undefined {
  return filePropertiesOf(resourceType).find(([name]) => name === property)?.[1];
}

/**
 * The local file a file property names, or the error that it is missing or a folder.
 * Anything else (an S3 or https location, a mapping, an intrinsic) is already remote: nothing to upload.
 */
export function resolveFileSource(
  value: Node,
  context: SourceContext,
  form: FileLocationForm,
  property: string,
  id: string,
): { source: ArtifactSource } | { diagnostic: Diagnostic } | undefined {
  const written = plainString(value);
  if (written === undefined || written === '' || isRemoteUri(written)) return undefined;
  const absolute = path.resolve(path.dirname(context.file), written);
  const kind = context.files.pathKind(absolute);
  if (kind === 'file') return { source: { kind: 'file', path: absolute, form } };
  const problem = kind === undefined ? 'which does not exist' : 'which is a folder, not a file';
  return {
    diagnostic: {
      severity: 'error',
      code: 'TEMPLATE_ARTIFACT_NOT_FOUND',
      message: `${property} of ${id} points at ${written}, ${problem} (looked for ${absolute})`,
      position: nodePosition(context.text, value, context.file),
    },
  };
}
