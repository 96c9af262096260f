import { messages } from '@toolkit/core';
import type { IoHost } from '@toolkit/core';
import { parseSigningProfiles, type SigningProfileChoice } from '@toolkit/signing';
import type { Artifact, TemplateNode } from '@toolkit/template';
import { OptionError } from './option-error.ts';

/** Signing profiles as a caller may give them: SAM CLI's text syntax, or already a map. */
export type SigningProfilesInput =
  string | readonly string[] | ReadonlyMap<string, SigningProfileChoice> | Record<string, SigningProfileChoice>;

/**
 * Matches `--signing-profiles` ids to the template's artifacts. Unknown ids and ids of
 * inline or image functions are errors naming the flag; a function with a
 * CodeSigningConfigArn but no profile gets a warning. With the tree's `root`, an id
 * reaching a template nested at several places by another path than the first
 * names the id to use.
 */
export function assignSigningProfiles(
  input: SigningProfilesInput | undefined,
  artifacts: readonly Artifact[],
  io: IoHost,
  root?: TemplateNode,
): Map<string, SigningProfileChoice> {
  const choices = toMap(input);
  const code = artifacts.filter((a) => a.source.kind !== 'template' && a.source.kind !== 'file');
  const byId = new Map(code.map((a) => [a.id, a]));
  for (const id of choices.keys()) {
    const artifact = byId.get(id);
    const file = artifact ? undefined : artifacts.find((a) => a.id === id && a.source.kind === 'file');
    if (file) {
      throw new OptionError(
        messages.UnsignableArtifact,
        'signingProfiles',
        (n) =>
          `${n('signingProfiles')}: ${id} names its ${file.property} file, which is uploaded as it is: only function and layer code is signed`,
      );
    }
    if (!artifact) {
      const canonical = root && canonicalId(root, id);
      if (canonical !== undefined && byId.has(canonical)) {
        throw new OptionError(
          messages.UnknownSigningProfileId,
          'signingProfiles',
          (n) =>
            `${n('signingProfiles')}: ${id} reaches a template nested at several places, which is packaged once under the first path to it: use ${canonical}`,
        );
      }
      const known = code.filter((a) => a.source.kind === 'directory' || a.source.kind === 'zip-file').map((a) => a.id);
      throw new OptionError(
        messages.UnknownSigningProfileId,
        'signingProfiles',
        (n) =>
          `${n('signingProfiles')}: ${id} is not a function or layer of the template${known.length ? `; signable ids: ${known.join(', ')}` : ''}`,
      );
    }
    if (artifact.source.kind === 'inline' || artifact.source.kind === 'image') {
      const what = artifact.source.kind === 'inline' ? 'inline code' : 'a container image';
      throw new OptionError(
        messages.UnsignableArtifact,
        'signingProfiles',
        (n) => `${n('signingProfiles')}: ${id} is deployed as ${what}, not a zip package, and cannot be signed`,
      );
    }
    if (artifact.source.kind === 's3') {
      const { bucket, key } = artifact.source;
      throw new OptionError(
        messages.UnsignableArtifact,
        'signingProfiles',
        (n) =>
          `${n('signingProfiles')}: ${id} already points at s3://${bucket}/${key}; only local code is signed at package time`,
      );
    }
  }
  for (const artifact of code) {
    if (artifact.codeSigningConfigArn && !choices.has(artifact.id)) {
      io.notify(
        messages.UnsignedWithCodeSigningConfig.msg(
          `${artifact.id} has a CodeSigningConfigArn but no signing profile: its code is deployed unsigned and will be rejected under an Enforce policy`,
        ),
      );
    }
  }
  return choices;
}

/** The id of the same artifact by the first path to its template, when `id` walks the tree another way. */
function canonicalId(root: TemplateNode, id: string): string | undefined {
  const segments = id.split('/');
  const logicalId = segments.pop();
  let node: TemplateNode | undefined = root;
  for (const segment of segments) node = node?.children.get(segment);
  if (node === undefined || logicalId === undefined || node.stackPath.join('/') === segments.join('/'))
    return undefined;
  return [...node.stackPath, logicalId].join('/');
}

function toMap(input: SigningProfilesInput | undefined): Map<string, SigningProfileChoice> {
  if (input === undefined) return new Map();
  if (typeof input === 'string' || Array.isArray(input)) {
    const texts = (typeof input === 'string' ? [input] : (input as readonly string[])).filter((t) => t.trim() !== '');
    return texts.length ? parseSigningProfiles(texts) : new Map();
  }
  if (input instanceof Map) return new Map(input);
  return new Map(Object.entries(input as Record<string, SigningProfileChoice>));
}
