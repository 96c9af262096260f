import { messages, type IoHost, type TrustedPublishersPayload, type TrustFileOldPayload } from '@toolkit/core';
import type { OptionNamer } from './option-error.ts';
import { propertyName } from './option-error.ts';

/** The text of a TrustedPublishers notice, its option named by `name` (as `OptionError.messageFor` does). */
export function trustedPublishersText(data: TrustedPublishersPayload, name: OptionNamer): string {
  const what =
    data.from === 'code-signing-config'
      ? `the allowed publishers of ${data.source}`
      : `every profile version in ${data.source}${data.option ? ` (no ${name(data.option)})` : ''}`;
  const arns = data.profileVersionArns;
  return `Trusted publishers: ${what}:${arns.length === 0 ? ' none' : arns.map((arn) => `\n  ${arn}`).join('')}`;
}

/** The text of a TrustFileOld notice, its option named by `name`. */
export function trustFileOldText(data: TrustFileOldPayload, name: OptionNamer): string {
  return (
    `${data.source} was exported at ${data.exportedAt} (${data.days} day${data.days === 1 ? '' : 's'} ago), ` +
    `longer ago than ${name(data.option)} ${data.maxTrustAge}: signatures and profiles revoked since are accepted as valid; ` +
    'export it again with `toolkit local trust export`'
  );
}

/** Tells which publishers a verification trusts when they were not named one by one. */
export function notifyTrustedPublishers(io: IoHost, data: TrustedPublishersPayload): void {
  io.notify(messages.TrustedPublishers.msg(trustedPublishersText(data, propertyName), data));
}

/** Warns that the trust file is older than the maximum trust age. */
export function notifyTrustFileOld(io: IoHost, data: TrustFileOldPayload): void {
  io.notify(messages.TrustFileOld.msg(trustFileOldText(data, propertyName), data));
}
