import { GetObjectCommand } from '@aws-sdk/client-s3';
import { parseS3Uri, parseTemplateDocument, toPlainDocumentValue } from '@toolkit/template';
import type { AwsClients } from './providers/aws-clients.ts';
import { validationError } from './template-errors.ts';
import { parseTemplateUrl, type TemplateObject } from './template-url.ts';

/** The macro CloudFormation hosts for inserting snippets stored in S3. */
export const INCLUDE_TRANSFORM = 'AWS::Include';

/** An `AWS::Include` failure, in CloudFormation's words; change sets report it as their FAILED reason. */
function includeFailed(reason: string): Error {
  return Object.assign(validationError(`Transform ${INCLUDE_TRANSFORM} failed with: ${reason}`), {
    transformFailed: true,
  });
}

/**
 * Replaces every `{"Fn::Transform": {"Name": "AWS::Include", "Parameters": {"Location": …}}}` of a
 * parsed template by the snippet its S3 object holds, as CloudFormation does before the template's
 * `Transform` section runs (macros are evaluated from the most deeply nested outward). A mapping
 * that holds `Fn::Transform` beside other keys (the top of a section) gets the snippet's keys merged in.
 * Then a `Transform` section's `AWS::Include` merges its snippet's sections into the template.
 * Each object is read once however many places include it. Changes `template` in place.
 */
export async function expandIncludes(template: Record<string, unknown>, clients: AwsClients): Promise<void> {
  const snippets = new Map<string, Promise<unknown>>();
  const read = (location: string) => {
    let snippet = snippets.get(location);
    if (!snippet) {
      snippet = readSnippet(clients, location);
      snippets.set(location, snippet);
    }
    return snippet;
  };
  for (const [key, value] of Object.entries(template)) {
    // The Parameters section and the format version are the two places the transform is not allowed.
    if (key === 'Parameters' || key === 'AWSTemplateFormatVersion' || key === 'Transform') continue;
    template[key] = await expandValue(value, read);
  }
  await expandTopLevelIncludes(template, read);
}

/**
 * `Transform: {Name: AWS::Include, Parameters: {Location}}` (alone or in the list) merges the
 * snippet's sections into the template; the `Transform` section keeps the other transforms.
 */
async function expandTopLevelIncludes(
  template: Record<string, unknown>,
  read: (location: string) => Promise<unknown>,
): Promise<void> {
  const declared = Array.isArray(template.Transform) ? template.Transform : [template.Transform];
  const isInclude = (item: unknown) => (item as { Name?: unknown } | null)?.Name === INCLUDE_TRANSFORM;
  if (!declared.some(isInclude)) return;
  const others = declared.filter((item) => !isInclude(item));
  if (others.length === 0) delete template.Transform;
  else template.Transform = others.length === 1 ? others[0] : others;
  for (const call of declared.filter(isInclude)) {
    const snippet = structuredClone(await read(includeLocation(call)));
    if (snippet === null || typeof snippet !== 'object' || Array.isArray(snippet))
      throw includeFailed("The specified S3 object's content should be a mapping of template sections.");
    // Sections merge key by key (spread keeps a `__proto__` key plain); defined, not assigned, for the same reason.
    for (const [key, value] of Object.entries(snippet)) {
      const own = Object.hasOwn(template, key) ? template[key] : undefined;
      const merged = isPlainMap(own) && isPlainMap(value) ? { ...own, ...value } : value;
      Object.defineProperty(template, key, { value: merged, enumerable: true, writable: true, configurable: true });
    }
  }
}

function isPlainMap(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

async function expandValue(value: unknown, read: (location: string) => Promise<unknown>): Promise<unknown> {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = await expandValue(value[i], read);
    return value;
  }
  if (value === null || typeof value !== 'object') return value;
  const map = value as Record<string, unknown>;
  for (const [key, item] of Object.entries(map)) if (key !== 'Fn::Transform') map[key] = await expandValue(item, read);
  if (!Object.hasOwn(map, 'Fn::Transform')) return map;
  const location = includeLocation(map['Fn::Transform']);
  const snippet = structuredClone(await read(location));
  const siblings = Object.keys(map).filter((key) => key !== 'Fn::Transform');
  if (siblings.length === 0) return snippet;
  if (snippet === null || typeof snippet !== 'object' || Array.isArray(snippet))
    throw includeFailed("The specified S3 object's content should be a mapping where it is merged into one.");
  // Spread defines own properties: a `__proto__` key in either stays a plain key.
  return { ...Object.fromEntries(siblings.map((key) => [key, map[key]])), ...snippet };
}

/** The Location of an `AWS::Include` call; another macro name is refused (the local cloud hosts no macros). */
function includeLocation(call: unknown): string {
  const name = (call as { Name?: unknown } | null)?.Name;
  if (name !== INCLUDE_TRANSFORM) {
    throw Object.assign(
      validationError(
        `No transform named ${typeof name === 'string' ? name : JSON.stringify(name)} found. The local cloud runs only ${INCLUDE_TRANSFORM} in Fn::Transform.`,
      ),
      { transformFailed: true },
    );
  }
  const location = (call as { Parameters?: { Location?: unknown } }).Parameters?.Location;
  if (typeof location !== 'string') throw includeFailed('The location parameter is not a valid S3 uri.');
  return location;
}

/** Where an include Location points: `s3://bucket/key` or an https S3 URL. */
function snippetObject(location: string): TemplateObject {
  const s3 = parseS3Uri(location);
  if (s3) return { bucket: s3.bucket, key: s3.key, versionId: s3.version };
  if (!/^https?:\/\//i.test(location)) throw includeFailed('The location parameter is not a valid S3 uri.');
  try {
    return parseTemplateUrl(location);
  } catch {
    throw includeFailed('The location parameter is not a valid S3 uri.');
  }
}

async function readSnippet(clients: AwsClients, location: string): Promise<unknown> {
  const object = snippetObject(location);
  let text: string;
  try {
    const got = await clients.s3.send(
      new GetObjectCommand({ Bucket: object.bucket, Key: object.key, VersionId: object.versionId }),
    );
    text = (await got.Body?.transformToString('utf8')) ?? '';
  } catch (error) {
    const code = (error as { name?: string }).name;
    if (code === 'NoSuchKey' || code === 'NoSuchBucket' || code === 'NotFound' || code === 'NoSuchVersion')
      throw includeFailed(`The specified S3 object ${location} does not exist.`);
    throw includeFailed(`Unable to read ${location}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = parseTemplateDocument(text, object.key);
  if (!parsed.wellFormed || text.trim() === '')
    throw includeFailed("The specified S3 object's content should be valid Yaml/JSON.");
  return toPlainDocumentValue(parsed.document);
}
