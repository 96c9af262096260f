import { UserInputError, messages } from '@toolkit/core';

/**
 * Parses `Key=Value` words (and SAM's `ParameterKey=K,ParameterValue=V` form) into
 * a record; surrounding quotes of values are removed. Bad words name the flag.
 */
export function parseKeyValueList(words: readonly string[] | undefined, flag: string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const word of words ?? []) {
    const long = /^ParameterKey=([^,]+),ParameterValue=(.*)$/.exec(word);
    const short = long ? null : /^([^=\s]+)=(.*)$/s.exec(word);
    const match = long ?? short;
    if (!match) throw new UserInputError(messages.InvalidKeyValue, `${flag}: "${word}" is not Key=Value`);
    result[match[1]!] = unquote(match[2]!);
  }
  return result;
}

function unquote(value: string): string {
  if (
    value.length >= 2 &&
    ((value.startsWith('"') && value.endsWith('"')) || (value.startsWith("'") && value.endsWith("'")))
  ) {
    return value.slice(1, -1).replace(/\\"/g, '"');
  }
  return value;
}
