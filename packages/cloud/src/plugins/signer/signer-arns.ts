import { randomInt, randomUUID } from 'node:crypto';
import type { CloudContext } from '../../plugin.ts';

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** `arn:aws:signer:R:A:/signing-profiles/NAME`. */
export function profileArn(ctx: CloudContext, name: string): string {
  return `arn:aws:signer:${ctx.region}:${ctx.accountId}:/signing-profiles/${name}`;
}

/** `arn:aws:signer:R:A:/signing-profiles/NAME/VERSION`. */
export function profileVersionArn(ctx: CloudContext, name: string, version: string): string {
  return `${profileArn(ctx, name)}/${version}`;
}

/** `arn:aws:signer:R:A:/signing-jobs/ID`. */
export function jobArn(ctx: CloudContext, jobId: string): string {
  return `arn:aws:signer:${ctx.region}:${ctx.accountId}:/signing-jobs/${jobId}`;
}

/** A new profile version id: 10 random letters and digits. */
export function newProfileVersion(): string {
  return Array.from({ length: 10 }, () => ALPHANUMERIC[randomInt(ALPHANUMERIC.length)]).join('');
}

/** A new job id: a UUID v4. */
export function newJobId(): string {
  return randomUUID();
}
