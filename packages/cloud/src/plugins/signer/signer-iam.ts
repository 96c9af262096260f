import { iamTable, type ConditionEntries } from '../../iam/authorization.ts';
import { jobArn, profileArn } from './signer-arns.ts';
import type { SignerOperation } from './signer-routes.ts';
import type { SignerState } from './signer-state.ts';

/** What the table reads of a Signer call: its path labels and, for StartSigningJob, the body. */
export interface SignerCall {
  state: SignerState;
  params: Readonly<Record<string, string>>;
  body: Record<string, unknown>;
}

const profile = (call: SignerCall) => profileArn(call.state.ctx, call.params.profileName ?? '');
const job = (call: SignerCall) => jobArn(call.state.ctx, call.params.jobId ?? '');
const any = () => '*';
const tagged = (call: SignerCall) => call.params.resourceArn ?? '*';
const startedProfileName = (call: SignerCall) =>
  typeof call.body.profileName === 'string' ? call.body.profileName : '';
/** `signer:ProfileVersion`: the version a new signing job would sign with. */
const startKeys = (call: SignerCall): ConditionEntries => [
  ['signer:ProfileVersion', call.state.profiles.get(startedProfileName(call))?.version.version],
];

/** Signer's operations as IAM names them, with the resource each acts on. One line per route. */
export const SIGNER_IAM = iamTable<SignerOperation, SignerCall>('AccessDeniedException', [
  ['PutSigningProfile', 'signer:PutSigningProfile', profile],
  ['GetSigningProfile', 'signer:GetSigningProfile', profile],
  ['CancelSigningProfile', 'signer:CancelSigningProfile', profile],
  ['ListSigningProfiles', 'signer:ListSigningProfiles', any],
  ['RevokeSigningProfile', 'signer:RevokeSigningProfile', profile],
  ['StartSigningJob', 'signer:StartSigningJob', (c) => profileArn(c.state.ctx, startedProfileName(c)), startKeys],
  ['ListSigningJobs', 'signer:ListSigningJobs', any],
  ['DescribeSigningJob', 'signer:DescribeSigningJob', job],
  ['RevokeSignature', 'signer:RevokeSignature', job],
  ['ListSigningPlatforms', 'signer:ListSigningPlatforms', any],
  ['GetSigningPlatform', 'signer:GetSigningPlatform', any],
  ['GetRevocationStatus', 'signer:GetRevocationStatus', any],
  ['TagResource', 'signer:TagResource', tagged],
  ['UntagResource', 'signer:UntagResource', tagged],
  ['ListTagsForResource', 'signer:ListTagsForResource', tagged],
  ['AddProfilePermission', 'signer:AddProfilePermission', profile],
  ['RemoveProfilePermission', 'signer:RemoveProfilePermission', profile],
  ['ListProfilePermissions', 'signer:ListProfilePermissions', profile],
]);
