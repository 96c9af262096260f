import { nullRecord } from '../../protocols/untrusted-names.ts';

/** The operations the local Signer answers. */
export type SignerOperation =
  | 'PutSigningProfile'
  | 'GetSigningProfile'
  | 'CancelSigningProfile'
  | 'ListSigningProfiles'
  | 'RevokeSigningProfile'
  | 'StartSigningJob'
  | 'ListSigningJobs'
  | 'DescribeSigningJob'
  | 'RevokeSignature'
  | 'ListSigningPlatforms'
  | 'GetSigningPlatform'
  | 'GetRevocationStatus'
  | 'TagResource'
  | 'UntagResource'
  | 'ListTagsForResource';

/** An operation and its path parameters. */
export interface SignerRoute {
  operation: SignerOperation;
  params: Record<string, string>;
}

const ROUTES: readonly [string, string, SignerOperation][] = [
  ['PUT', '/signing-profiles/:profileName', 'PutSigningProfile'],
  ['GET', '/signing-profiles/:profileName', 'GetSigningProfile'],
  ['DELETE', '/signing-profiles/:profileName', 'CancelSigningProfile'],
  ['GET', '/signing-profiles', 'ListSigningProfiles'],
  ['PUT', '/signing-profiles/:profileName/revoke', 'RevokeSigningProfile'],
  ['POST', '/signing-jobs', 'StartSigningJob'],
  ['GET', '/signing-jobs', 'ListSigningJobs'],
  ['GET', '/signing-jobs/:jobId', 'DescribeSigningJob'],
  ['PUT', '/signing-jobs/:jobId/revoke', 'RevokeSignature'],
  ['GET', '/signing-platforms', 'ListSigningPlatforms'],
  ['GET', '/signing-platforms/:platformId', 'GetSigningPlatform'],
  ['GET', '/revocations', 'GetRevocationStatus'],
  ['POST', '/tags/:resourceArn', 'TagResource'],
  ['DELETE', '/tags/:resourceArn', 'UntagResource'],
  ['GET', '/tags/:resourceArn', 'ListTagsForResource'],
];

/**
 * Matches a request to an operation of the botocore model. Works on the raw
 * path and decodes each segment, so an ARN label (`/tags/arn%3Aaws…%2Fname`)
 * stays one parameter.
 */
export function matchSignerRoute(method: string, rawPath: string): SignerRoute | undefined {
  const segments = rawPath.replace(/\/+$/, '').split('/').slice(1);
  for (const [routeMethod, pattern, operation] of ROUTES) {
    if (routeMethod !== method) continue;
    const parts = pattern.split('/').slice(1);
    if (parts.length !== segments.length) continue;
    const params = nullRecord<string>();
    const matches = parts.every((part, index) => {
      const segment = segments[index] as string;
      if (part.startsWith(':')) {
        params[part.slice(1)] = safeDecode(segment);
        return segment.length > 0;
      }
      return part === segment;
    });
    if (matches) return { operation, params };
  }
  return undefined;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
