import type { MessageLevel } from '../io-host.ts';
import { registeredMessages } from './messages.ts';

const packages: readonly [digit: string, title: string][] = [
  ['2', '`@toolkit/build` (2xxx)'],
  ['3', '`@toolkit/signing` (3xxx)'],
  ['4', '`@toolkit/toolkit`, the library of actions (4xxx)'],
  ['5', '`@toolkit/cli`, the `toolkit` command (5xxx)'],
  ['6', '`@toolkit/cloud`, the local cloud (6xxx)'],
];

const levelNames: Record<MessageLevel, string> = { error: 'error', warn: 'warning', info: 'info', debug: 'debug' };

/** Text safe inside a Markdown table cell. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** `docs/messages.md`: every registered code with its level, description and payload fields. */
export function messagesDocument(): string {
  const all = registeredMessages();
  const lines = [
    '# Messages and error codes',
    '',
    '<!-- Generated from packages/core/src/messages by `pnpm docs:messages`; edit the registry, not this file. -->',
    '',
    'Every notice a library action sends to its `IoHost` and every error it throws carries one of these codes.',
    'A code is `TOOLKIT_`, a letter for the level (**E**rror, **W**arning, **I**nfo, **D**ebug) and four digits,',
    'the first naming the package. Codes are stable: match on them (`messages.X.is(value)`), never on the text.',
    'Errors print under `--json` as `{"error":{"code","message","exitCode"}}`. The template package still uses',
    'its own diagnostic codes (`TEMPLATE_…`, `INTRINSIC_…`), which are not registered here yet.',
    '',
    `${all.length} codes.`,
  ];
  for (const [digit, title] of packages) {
    const group = all.filter(({ spec }) => spec.code[9] === digit);
    if (group.length === 0) continue;
    lines.push(
      '',
      `## ${title}`,
      '',
      '| Code | Name | Level | Description | Payload |',
      '| --- | --- | --- | --- | --- |',
    );
    for (const { name, spec } of group) {
      const fields = Object.entries(spec.fields)
        .map(([field, text]) => `\`${field}\`: ${cell(text)}`)
        .join('<br>');
      lines.push(
        `| \`${spec.code}\` | ${name} | ${levelNames[spec.level]} | ${cell(spec.description)} | ${fields || '—'} |`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}
