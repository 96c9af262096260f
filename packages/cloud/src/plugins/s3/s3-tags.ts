import type { ServiceRequest } from '../../plugin.ts';
import { parseXml } from '../../protocols/xml.ts';
import { ServiceError } from '../../service-error.ts';
import { s3Errors } from './s3-errors.ts';

/** One object tag, in the order the client gave it. */
export type Tag = [key: string, value: string];

const MAX_TAGS = 10;
const MAX_KEY_CHARS = 128;
const MAX_VALUE_CHARS = 256;

/** Checks a tag set as S3 does: at most 10 tags, key 1–128 and value ≤ 256 characters, unique keys, no `aws:` keys. */
export function validateTags(tags: readonly Tag[]): Tag[] {
  if (tags.length > MAX_TAGS) throw new ServiceError('BadRequest', 400, 'Object tags cannot be greater than 10');
  const seen = new Set<string>();
  for (const [key, value] of tags) {
    const keyChars = [...key].length;
    if (keyChars === 0 || keyChars > MAX_KEY_CHARS) throw invalidTag('The TagKey you have provided is invalid');
    if ([...value].length > MAX_VALUE_CHARS) throw invalidTag('The TagValue you have provided is invalid');
    if (key.toLowerCase().startsWith('aws:')) throw invalidTag('Your TagKey cannot be prefixed with aws:');
    if (seen.has(key)) throw invalidTag('Cannot provide multiple Tags with the same key');
    seen.add(key);
  }
  return [...tags];
}

/** The `x-amz-tagging` header (`k1=v1&k2=v2`, URL-encoded) as a validated tag set; undefined when absent. */
export function tagsFromHeader(request: ServiceRequest): Tag[] | undefined {
  const value = request.headers['x-amz-tagging'];
  if (typeof value !== 'string') return undefined;
  const tags: Tag[] = [];
  for (const pair of value.split('&')) {
    if (pair === '') continue;
    const equals = pair.indexOf('=');
    const key = decodeTagPart(equals === -1 ? pair : pair.slice(0, equals));
    const tagValue = equals === -1 ? '' : decodeTagPart(pair.slice(equals + 1));
    tags.push([key, tagValue]);
  }
  return validateTags(tags);
}

function decodeTagPart(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    throw invalidTag(
      "The header 'x-amz-tagging' shall be encoded as UTF-8 then URLEncoded URL query parameters without tag name duplicates.",
    );
  }
}

/** `x-amz-tagging-count` for GET/HEAD, when the object has tags. */
export function tagCountHeader(tags: readonly Tag[]): Record<string, string> {
  return tags.length > 0 ? { 'x-amz-tagging-count': String(tags.length) } : {};
}

/** `<Tagging><TagSet><Tag><Key/><Value/></Tag>…</TagSet></Tagging>`; anything else is MalformedXML. */
export function tagsFromXml(body: Buffer): Tag[] {
  const root = parseXml(body, ['Tag']).Tagging;
  if (!root || typeof root !== 'object') throw s3Errors.malformedXml();
  const tagSet = (root as { TagSet?: unknown }).TagSet;
  if (tagSet === undefined || (tagSet !== '' && typeof tagSet !== 'object')) throw s3Errors.malformedXml();
  const entries = tagSet === '' ? [] : ((tagSet as { Tag?: unknown }).Tag ?? []);
  if (!Array.isArray(entries)) throw s3Errors.malformedXml();
  const tags: Tag[] = entries.map((entry: unknown) => {
    const { Key: tagKey, Value: value } = (entry ?? {}) as { Key?: unknown; Value?: unknown };
    if (typeof tagKey !== 'string' || (value !== undefined && typeof value !== 'string')) throw s3Errors.malformedXml();
    return [tagKey, value ?? ''];
  });
  return validateTags(tags);
}

function invalidTag(message: string): ServiceError {
  return new ServiceError('InvalidTag', 400, message);
}
