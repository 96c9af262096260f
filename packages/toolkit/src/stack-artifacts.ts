import { createHash } from 'node:crypto';
import { localFiles } from '@toolkit/core';
import {
  GetTemplateCommand,
  paginateListStackResources,
  type CloudFormationClient,
} from '@aws-sdk/client-cloudformation';
import {
  findArtifacts,
  parseTemplateDocument,
  retainedResources,
  uploadedFiles,
  type TemplateNode,
} from '@toolkit/template';

/** One S3 object a deployed template points at. */
export interface StackArtifact {
  bucket: string;
  key: string;
  versionId: string | null;
}

/**
 * The S3 objects a stack's template (as deployed, before transforms) points at: function
 * code and layer content, the files `package` uploads as they are (definitions, schemas,
 * scripts, bundles, nested ones included) and nested templates, each once; then the same
 * for each nested stack, recursively. These are what `sam delete` removes with the stack,
 * and like it this keeps what a `DeletionPolicy: Retain` resource points at.
 */
export async function stackArtifacts(
  cfn: CloudFormationClient,
  stackName: string,
): Promise<{ templateBody: string; artifacts: StackArtifact[] }> {
  const unique = new Map<string, StackArtifact>();
  const add = (bucket: string, key: string, version: string | undefined) =>
    unique.set(JSON.stringify([bucket, key, version ?? null]), { bucket, key, versionId: version ?? null });
  const templateBody = await collect(cfn, stackName, add);
  return { templateBody, artifacts: [...unique.values()] };
}

type AddArtifact = (bucket: string, key: string, version: string | undefined) => void;

/** Adds what one stack's template points at, then its nested stacks'; returns the template's body. */
async function collect(cfn: CloudFormationClient, stackName: string, add: AddArtifact): Promise<string> {
  const templateBody =
    (await cfn.send(new GetTemplateCommand({ StackName: stackName, TemplateStage: 'Original' }))).TemplateBody ?? '';
  const parsed = parseTemplateDocument(templateBody, `${stackName}.template`);
  if (!parsed.wellFormed) return templateBody;
  const node: TemplateNode = {
    file: `${stackName}.template`,
    stackPath: [],
    document: parsed.document,
    format: parsed.format,
    children: new Map(),
    text: templateBody,
    renderedText: templateBody,
  };
  const retained = retainedResources(parsed.document.contents);
  for (const { logicalId, source } of findArtifacts(node, localFiles).artifacts)
    if (source.kind === 's3' && !retained.has(logicalId)) add(source.bucket, source.key, source.version);
  for (const file of uploadedFiles(parsed.document.contents)) add(file.bucket, file.key, file.version);
  for (const nested of await nestedStackIds(cfn, stackName, retained)) await collect(cfn, nested, add);
  return templateBody;
}

/** The ids of a stack's nested stacks (`AWS::CloudFormation::Stack` resources) that exist and go with it. */
async function nestedStackIds(
  cfn: CloudFormationClient,
  stackName: string,
  retained: ReadonlySet<string>,
): Promise<string[]> {
  const ids: string[] = [];
  for await (const page of paginateListStackResources({ client: cfn }, { StackName: stackName }))
    for (const resource of page.StackResourceSummaries ?? [])
      if (
        resource.ResourceType === 'AWS::CloudFormation::Stack' &&
        resource.PhysicalResourceId &&
        !retained.has(resource.LogicalResourceId ?? '') &&
        !resource.ResourceStatus?.startsWith('DELETE_COMPLETE')
      )
        ids.push(resource.PhysicalResourceId);
  return ids;
}

/** The key deploy gives a template too large to send inline: `<prefix>/<sha256 of the body>.template`. */
export function uploadedTemplateKey(body: string, prefix: string | undefined): string {
  const trimmed = prefix?.replace(/^\/+|\/+$/g, '');
  return `${trimmed ? `${trimmed}/` : ''}${createHash('sha256').update(body).digest('hex')}.template`;
}
