import * as path from 'node:path';
import type { Diagnostic } from '@toolkit/core';
import type { Node } from 'yaml';
import type { SourceContext } from './artifact-source.ts';
import type { ArtifactSource } from './artifact-types.ts';
import { nodePosition } from './diagnostic-position.ts';
import { mapEntries, mapValue, plainString } from './node-access.ts';
import { isRemoteUri } from './s3-location.ts';

/**
 * How an uploaded file's location is written back: an `s3://` URI string, a `{Bucket, Key, Version?}`
 * mapping, an `{S3Bucket, S3Key}` mapping (Elastic Beanstalk's SourceBundle, which takes no version),
 * a `{Bucket, Key, ObjectVersion?}` mapping (a CodeCommit repository's initial `Code.S3`), or a
 * path-style `https://` S3 URL (a stack set's TemplateURL).
 */
export type FileLocationForm = 's3-uri' | 'bucket-key' | 's3bucket-s3key' | 'bucket-key-object-version' | 'https-url';

/**
 * The properties that name one local file uploaded as it is (not zipped, not signed), as `aws
 * cloudformation package` and `sam package` upload them; for some, the last key of a nested path.
 */
export type FileArtifactProperty =
  | 'DefinitionUri'
  | 'DefinitionS3Location'
  | 'BodyS3Location'
  | 'RequestMappingTemplateS3Location'
  | 'ResponseMappingTemplateS3Location'
  | 'CodeS3Location'
  | 'SchemaUri'
  | 'CodeUri'
  | 'ScriptLocation'
  | 'SourceBundle'
  | 'ModulePackage'
  | 'SchemaHandlerPackage'
  | 'TemplateURL'
  | 'LicenseUrl'
  | 'ReadmeUrl'
  | 'S3';

/** One file property of a resource type: where it is under `Properties`, and how it is written back. */
interface FileProperty {
  /** Keys from `Properties` to the value; `*` stands for every key of a mapping (names the template chooses). */
  path: readonly [...string[], FileArtifactProperty];
  form: FileLocationForm;
  /** True where a folder is zipped and the zip uploaded (packages and bundles); elsewhere a folder is an error. */
  zipsFolders?: boolean;
  /** True where the upload is always a zip: a file that is not one is zipped alone (the AWS CLI's FORCE_ZIP). */
  zipsFiles?: boolean;
}

const s3Uri = (...path: FileProperty['path']): FileProperty => ({ path, form: 's3-uri' });
const bucketKey = (...path: FileProperty['path']): FileProperty => ({ path, form: 'bucket-key' });
const appSyncTemplates = [
  s3Uri('RequestMappingTemplateS3Location'),
  s3Uri('ResponseMappingTemplateS3Location'),
  s3Uri('CodeS3Location'),
];

/**
 * Per resource type, its file properties: those samcli/lib/package/packageable_resources.py lists,
 * and the AWS CLI's artifact exporter's one more (`AWS::CodeCommit::Repository` `Code.S3`).
 */
const FILE_PROPERTIES: ReadonlyMap<string, readonly FileProperty[]> = new Map([
  ['AWS::Serverless::StateMachine', [bucketKey('DefinitionUri')]],
  ['AWS::StepFunctions::StateMachine', [bucketKey('DefinitionS3Location')]],
  ['AWS::Serverless::Api', [s3Uri('DefinitionUri')]],
  ['AWS::Serverless::HttpApi', [s3Uri('DefinitionUri')]],
  ['AWS::ApiGateway::RestApi', [bucketKey('BodyS3Location')]],
  ['AWS::ApiGatewayV2::Api', [bucketKey('BodyS3Location')]],
  ['AWS::AppSync::GraphQLSchema', [s3Uri('DefinitionS3Location')]],
  ['AWS::AppSync::Resolver', appSyncTemplates],
  ['AWS::AppSync::FunctionConfiguration', appSyncTemplates],
  [
    'AWS::Serverless::GraphQLApi',
    // Resolvers are keyed by type, then field: `Resolvers.Query.getPost.CodeUri`.
    [s3Uri('SchemaUri'), s3Uri('Functions', '*', 'CodeUri'), s3Uri('Resolvers', '*', '*', 'CodeUri')],
  ],
  ['AWS::Glue::Job', [s3Uri('Command', 'ScriptLocation')]],
  [
    'AWS::ElasticBeanstalk::ApplicationVersion',
    [{ path: ['SourceBundle'], form: 's3bucket-s3key', zipsFolders: true }],
  ],
  ['AWS::CloudFormation::ModuleVersion', [{ path: ['ModulePackage'], form: 's3-uri', zipsFolders: true }]],
  ['AWS::CloudFormation::ResourceVersion', [{ path: ['SchemaHandlerPackage'], form: 's3-uri', zipsFolders: true }]],
  // Uploaded as it is, as `sam package` does, not packaged: the stack set's instances are not this
  // template's nested stacks. (`aws cloudformation package` has no entry for stack sets: it leaves
  // the local path in the template; neither packages what the stack set's template names.)
  ['AWS::CloudFormation::StackSet', [{ path: ['TemplateURL'], form: 'https-url' }]],
  // A repository's initial content, always a zip (`aws cloudformation package`; `sam package` skips it).
  [
    'AWS::CodeCommit::Repository',
    [{ path: ['Code', 'S3'], form: 'bucket-key-object-version', zipsFolders: true, zipsFiles: true }],
  ],
]);

/** The Serverless Application Repository's entry in a template's top-level `Metadata`. */
export const SERVERLESS_REPO_METADATA = 'AWS::ServerlessRepo::Application';

/** Per top-level `Metadata` entry, its file properties (`sam package` uploads the application's license and readme). */
const METADATA_FILE_PROPERTIES: ReadonlyMap<string, readonly FileProperty[]> = new Map([
  [SERVERLESS_REPO_METADATA, [s3Uri('LicenseUrl'), s3Uri('ReadmeUrl')]],
]);

/** One file property found in a resource: its value and where it is. */
export interface FilePropertyValue {
  property: FileArtifactProperty;
  /** Keys from `Properties` to the mapping holding the property (`[]` for a top-level property). */
  parents: string[];
  /** `Functions.Fn.CodeUri`: the path from `Properties`, for messages. */
  label: string;
  value: Node;
  form: FileLocationForm;
  zipsFolders: boolean;
}

/**
 * Every file property a resource of `resourceType` sets, property by property (each in document
 * order where a wildcard matches several). Wildcard keys are
 * read from the mapping's own entries (never used to index an object), so any name is safe.
 */
export function filePropertyValues(resourceType: string, properties: unknown): FilePropertyValue[] {
  return valuesOf(FILE_PROPERTIES.get(resourceType) ?? [], properties);
}

/** The file properties a template's top-level `Metadata` entry of `metadataType` sets (`LicenseUrl`, `ReadmeUrl`). */
export function metadataFileValues(metadataType: string, entry: unknown): FilePropertyValue[] {
  return valuesOf(METADATA_FILE_PROPERTIES.get(metadataType) ?? [], entry);
}

function valuesOf(specs: readonly FileProperty[], properties: unknown): FilePropertyValue[] {
  const found: FilePropertyValue[] = [];
  for (const spec of specs) {
    const property = spec.path[spec.path.length - 1] as FileArtifactProperty;
    const walk = (node: unknown, depth: number, parents: string[]): void => {
      if (depth === spec.path.length - 1) {
        const value = mapValue(node, property);
        if (value === undefined) return;
        const label = [...parents, property].join('.');
        found.push({ property, parents, label, value, form: spec.form, zipsFolders: spec.zipsFolders === true });
        return;
      }
      const step = spec.path[depth]!;
      if (step !== '*') return walk(mapValue(node, step), depth + 1, [...parents, step]);
      for (const { key, pair } of mapEntries(node)) walk(pair.value, depth + 1, [...parents, key]);
    };
    walk(properties, 0, []);
  }
  return found;
}

/**
 * The form a file property of a resource type (or a top-level `Metadata` entry's type) is
 * rewritten to; undefined when it is not a file property.
 */
export function fileLocationForm(resourceType: string, property: string): FileLocationForm | undefined {
  return filePropertySpec(resourceType, property)?.form;
}

/** True when a file property's upload is always a zip: a file that is not one is zipped alone. */
export function fileUploadZipsFiles(resourceType: string, property: string): boolean {
  return filePropertySpec(resourceType, property)?.zipsFiles === true;
}

function filePropertySpec(resourceType: string, property: string): FileProperty | undefined {
  const specs = FILE_PROPERTIES.get(resourceType) ?? METADATA_FILE_PROPERTIES.get(resourceType);
  return specs?.find((spec) => spec.path[spec.path.length - 1] === property);
}

/**
 * The local file a file property names, or the error that it is missing or a folder.
 * Anything else (an S3 or https location, a mapping, an intrinsic) is already remote: nothing to upload.
 * With `zipsFolders`, a folder is a source too: it is zipped and the zip uploaded.
 */
export function resolveFileSource(
  value: Node,
  context: SourceContext,
  form: FileLocationForm,
  property: string,
  id: string,
  zipsFolders = false,
): { source: ArtifactSource } | { diagnostic: Diagnostic } | undefined {
  const written = plainString(value);
  if (written === undefined || written === '' || isRemoteUri(written)) return undefined;
  const absolute = path.resolve(path.dirname(context.file), written);
  const kind = context.files.pathKind(absolute);
  if (kind === 'file' || (kind === 'directory' && zipsFolders))
    return { source: { kind: 'file', path: absolute, form } };
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
