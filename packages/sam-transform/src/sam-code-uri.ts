import { isIPv6 } from 'node:net';
import { isPlainObject } from '@toolkit/intrinsics';
import { SamResourceError } from './sam-resource-error.ts';

const DYNAMIC_REFERENCE = /\{\{resolve:(ssm|ssm-secure|secretsmanager):[a-zA-Z0-9_.\-/]+(:\d+)?\}\}/;

/** `s3://bucket/key?versionId=v` → `{Bucket, Key, Version?}`, or undefined when not an S3 URI. */
export function parseS3Uri(uri: string): { Bucket: string; Key: string; Version?: string } | undefined {
  const match = /^s3:\/\/([^/?#]+)(\/[^?#]*)(?:\?([^#]*))?/i.exec(uri);
  if (match === null || match[1] === undefined || match[2] === undefined) return undefined;
  if (!validBracketedHost(match[1])) return undefined;
  const pointer: { Bucket: string; Key: string; Version?: string } = {
    Bucket: match[1],
    Key: match[2].replace(/^\/+/, ''),
  };
  const versions = new URLSearchParams(match[3] ?? '').getAll('versionId');
  if (versions.length === 1 && versions[0] !== '') pointer.Version = versions[0] as string;
  return pointer;
}

/**
 * Python's urlparse refuses a host in brackets that is not an IPv6 address (or a `v…` future form), and
 * unmatched brackets: unresolved tokens such as `s3://[TOKEN.25]/key` are no S3 URI to samtranslator.
 */
function validBracketedHost(netloc: string): boolean {
  if (!netloc.includes('[') && !netloc.includes(']')) return true;
  const bracketed = /^(?:[^@]*@)?\[([^\]]*)\](?::\d*)?$/.exec(netloc);
  if (bracketed === null) return false;
  const host = bracketed[1]!;
  return host.startsWith('v') ? /^v[a-fA-F0-9]+\..+$/.test(host) : isIPv6(host);
}

/**
 * A Lambda `Code`/`Content` object from a SAM `CodeUri`/`ContentUri`: an S3 URI string or
 * `{Bucket, Key, Version}` → `{S3Bucket, S3Key, S3ObjectVersion?}` (intrinsics kept as they are).
 */
export function s3LocationObject(location: unknown, logicalId: string, propertyName: string): Record<string, unknown> {
  let pointer: Record<string, unknown>;
  if (isPlainObject(location)) {
    if (!location['Bucket'] || !location['Key']) {
      throw new SamResourceError(logicalId, `'${propertyName}' requires Bucket and Key properties to be specified.`);
    }
    pointer = location;
  } else if (typeof location === 'string') {
    const dynamic = DYNAMIC_REFERENCE.exec(location);
    if (dynamic !== null && dynamic[0].includes('/')) {
      throw new SamResourceError(
        logicalId,
        `Unsupported dynamic reference detected in '${propertyName}'. Please consider using alternative 'FunctionCode' object format.`,
      );
    }
    const parsed = parseS3Uri(location);
    if (parsed === undefined) {
      throw new SamResourceError(
        logicalId,
        `'${propertyName}' is not a valid S3 Uri of the form 's3://bucket/key' with optional versionId query parameter.`,
      );
    }
    pointer = parsed;
  } else {
    throw new SamResourceError(logicalId, `'${propertyName}' must be of type dict or string.`);
  }
  const code: Record<string, unknown> = { S3Bucket: pointer['Bucket'], S3Key: pointer['Key'] };
  if ('Version' in pointer) code['S3ObjectVersion'] = pointer['Version'];
  return code;
}
