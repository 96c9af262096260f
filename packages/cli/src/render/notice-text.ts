import { messages, type IoMessage } from '@toolkit/core';
import { trustedPublishersText, trustFileOldText } from '@toolkit/toolkit/cli-support';
import { flagOf } from './option-flag.ts';

/** A notice's text as the CLI prints it: notices that name a library option name it by its flag. */
export function noticeText(message: IoMessage): string {
  if (messages.TrustedPublishers.is(message) && message.data) return trustedPublishersText(message.data, flagOf);
  if (messages.TrustFileOld.is(message) && message.data) return trustFileOldText(message.data, flagOf);
  return message.message;
}
