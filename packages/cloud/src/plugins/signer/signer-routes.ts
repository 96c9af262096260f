import { matchRestRoute, restRoutes } from '../../protocols/rest-routes.ts';

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
  | 'ListTagsForResource'
  | 'AddProfilePermission'
  | 'RemoveProfilePermission'
  | 'ListProfilePermissions';

/** An operation and its path parameters. */
export interface SignerRoute {
  operation: SignerOperation;
  params: Record<string, string>;
}

const ROUTES = restRoutes<SignerOperation>([
  ['PUT', '/signing-profiles/{profileName}', 'PutSigningProfile'],
  ['GET', '/signing-profiles/{profileName}', 'GetSigningProfile'],
  ['DELETE', '/signing-profiles/{profileName}', 'CancelSigningProfile'],
  ['GET', '/signing-profiles', 'ListSigningProfiles'],
  ['PUT', '/signing-profiles/{profileName}/revoke', 'RevokeSigningProfile'],
  ['POST', '/signing-jobs', 'StartSigningJob'],
  ['GET', '/signing-jobs', 'ListSigningJobs'],
  ['GET', '/signing-jobs/{jobId}', 'DescribeSigningJob'],
  ['PUT', '/signing-jobs/{jobId}/revoke', 'RevokeSignature'],
  ['GET', '/signing-platforms', 'ListSigningPlatforms'],
  ['GET', '/signing-platforms/{platformId}', 'GetSigningPlatform'],
  ['GET', '/revocations', 'GetRevocationStatus'],
  ['POST', '/tags/{resourceArn}', 'TagResource'],
  ['DELETE', '/tags/{resourceArn}', 'UntagResource'],
  ['GET', '/tags/{resourceArn}', 'ListTagsForResource'],
  ['POST', '/signing-profiles/{profileName}/permissions', 'AddProfilePermission'],
  ['GET', '/signing-profiles/{profileName}/permissions', 'ListProfilePermissions'],
  ['DELETE', '/signing-profiles/{profileName}/permissions/{statementId}', 'RemoveProfilePermission'],
]);

/** Matches a request to an operation of the botocore model, with its path labels decoded. */
export function matchSignerRoute(method: string, rawPath: string): SignerRoute | undefined {
  const match = matchRestRoute(ROUTES, method, rawPath);
  return match && { operation: match.target, params: match.params };
}
