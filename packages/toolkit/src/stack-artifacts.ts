import { createHash } from 'node:crypto';
import { localFiles } from '@toolkit/core';
import { GetTemplateCommand, type CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { findArtifacts, parseTemplateDocument, type TemplateNode } from '@toolkit/template';

/** One S3 object a deployed template points at. */
export interface StackArtifact {
  bucket: string;
  key: string;
  versionId: string | null;
}

/**
 * The S3 objects a stack's template (as deployed, before transforms) points at:
 * function code and layer content, each once. These are what `sam delete` removes
 * with the stack.
 */
export async function stackArtifacts(
  cfn: CloudFormationClient,
  stackName: string,
): Promise<{ templateBody: string; artifacts: StackArtifact[] }> {
  const templateBody =
    (await cfn.send(new GetTemplateCommand({ StackName: stackName, TemplateStage: 'Original' }))).TemplateBody ?? '';
  const parsed = parseTemplateDocument(templateBody, `${stackName}.template`);
  if (!parsed.wellFormed) return { templateBody, artifacts: [] };
  const node: TemplateNode = {
    file: `${stackName}.template`,
    stackPath: [],
    document: parsed.document,
    format: parsed.format,
    children: new Map(),
    text: templateBody,
    renderedText: templateBody,
  };
  const unique = new Map<string, StackArtifact>();
  for (const artifact of findArtifacts(node, localFiles).artifacts) {
    if (artifact.source.kind !== 's3') continue;
    const { bucket, key, version } = artifact.source;
    unique.set(JSON.stringify([bucket, key, version ?? null]), { bucket, key, versionId: version ?? null });
  }
  return { templateBody, artifacts: [...unique.values()] };
}

/** The key deploy gives a template too large to send inline: `<prefix>/<sha256 of the body>.template`. */
export function uploadedTemplateKey(body: string, prefix: string | undefined): string {
  const trimmed = prefix?.replace(/^\/+|\/+$/g, '');
  return `${trimmed ? `${trimmed}/` : ''}${createHash('sha256').update(body).digest('hex')}.template`;
}
