// Writes docs/messages.md from the message registry (`pnpm docs:messages`); a test fails when it is out of date.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { messagesDocument } from '../packages/core/src/messages/messages-doc.ts';

const target = fileURLToPath(new URL('../docs/messages.md', import.meta.url));
writeFileSync(target, messagesDocument());
process.stdout.write(`wrote ${target}\n`);
