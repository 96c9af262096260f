import { createHash } from 'node:crypto';
import { ToolkitError, messages } from '@toolkit/core';
import { rewriteArtifact, serializeTemplate, type TemplateNode } from '@toolkit/template';
import type { AwsSession } from './aws-session.ts';
import { putObjectOnce } from './package-files.ts';
import { rewriteTargetOf, type PackagePlanEntry } from './package-plan.ts';

/**
 * Uploads the template of each `package-template` entry (already rewritten: the plan lists
 * each nested template after its own subtree) unless its content-addressed key is already
 * there, points its parent at it, and returns how many were uploaded. A template nested at
 * several places is serialized and uploaded once.
 */
export async function packageNestedTemplates(
  session: AwsSession,
  root: TemplateNode,
  entries: readonly PackagePlanEntry[],
  target: { bucket: string; prefix: string; forceUpload: boolean },
): Promise<number> {
  const { bucket, prefix } = target;
  let uploads = 0;
  const urls = new Map<TemplateNode, string>();
  for (const entry of entries) {
    const rewrite = rewriteTargetOf(entry);
    const parent = templateAt(root, rewrite.stackPath, entry.id);
    const child = parent.children.get(rewrite.logicalId);
    if (!child) continue;
    let url = urls.get(child);
    if (url === undefined) {
      const body = serializeTemplate(child);
      const sha256 = createHash('sha256').update(body).digest('hex');
      const key = `${prefix ? `${prefix}/` : ''}${sha256}.template`;
      if ((await putObjectOnce(session, target, key, body, 'text/yaml')).uploaded) uploads++;
      url = `https://s3.${session.region}.amazonaws.com/${bucket}/${key}`;
      urls.set(child, url);
    }
    rewriteArtifact(parent, rewrite, { url });
  }
  return uploads;
}

/** The template at a nested stack path (`[]` is the root); a plan entry naming no loaded template is a bug. */
function templateAt(root: TemplateNode, stackPath: readonly string[], id: string): TemplateNode {
  let node = root;
  for (const logicalId of stackPath) {
    const child = node.children.get(logicalId);
    if (!child)
      throw new ToolkitError(
        messages.PackageStepMismatch,
        `${id}: the plan names a nested stack ${logicalId} the loaded template does not have`,
      );
    node = child;
  }
  return node;
}
