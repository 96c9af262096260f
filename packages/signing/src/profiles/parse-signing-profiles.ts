import { UserInputError, messages, type ErrorSpec } from '@toolkit/core';

/** The signing profile chosen for one function or layer. */
export interface SigningProfileChoice {
  profileName: string;
  /** 12-digit account that owns the profile, when it is not the caller's. */
  profileOwner?: string;
}

const FLAG = '--signing-profiles';
/** A logical id; inside `Fn::ForEach` loops, the output key with its `${Identifier}`/`&{Identifier}` (`${Name}Function`). */
const ID_SEGMENT = String.raw`(?:[A-Za-z0-9]|[$&]\{[A-Za-z0-9]+\})+`;
const ID = new RegExp(`^${ID_SEGMENT}(?:/${ID_SEGMENT})*$`);
const PROFILE_NAME = /^[a-zA-Z0-9_]{2,64}$/;
const OWNER = /^[0-9]{12}$/;

interface RawEntry {
  /** The entry as written, for messages. */
  text: string;
  /** Unquoted, unescaped text before the first unquoted `=`, or undefined when there is none. */
  key: string | undefined;
  value: string;
}

/**
 * Parses SAM CLI's `--signing-profiles` syntax: space-separated `Id=Profile` or
 * `Id=Profile:Owner`, values (and ids) optionally quoted as samconfig.toml writes
 * them; ids may be path-qualified for nested stacks (`Child/Fn`). Each string of an
 * array is one occurrence of the flag. Throws UserInputError naming the flag.
 */
export function parseSigningProfiles(input: string | readonly string[]): Map<string, SigningProfileChoice> {
  const result = new Map<string, SigningProfileChoice>();
  for (const text of typeof input === 'string' ? [input] : input) {
    for (const entry of splitEntries(text)) {
      const [id, choice] = parseEntry(entry);
      if (result.has(id))
        throw failure(
          messages.SigningProfilesDuplicateId,
          entry,
          `names ${id} a second time; give each function or layer one signing profile`,
        );
      result.set(id, choice);
    }
  }
  return result;
}

/** Why `name` cannot name a Signer signing profile (`an invalid signing profile name "x": …`), or undefined. */
export function signingProfileNameProblem(name: string): string | undefined {
  return PROFILE_NAME.test(name)
    ? undefined
    : `an invalid signing profile name "${name}": 2 to 64 letters, digits or underscores`;
}

function parseEntry(entry: RawEntry): [string, SigningProfileChoice] {
  if (entry.key === undefined)
    throw failure(messages.SigningProfilesMalformed, entry, 'has no "="; write Id=Profile or Id=Profile:Owner');
  if (!ID.test(entry.key))
    throw failure(
      messages.SigningProfilesBadId,
      entry,
      `has an invalid function or layer id "${entry.key}": use a logical id, path-qualified for nested stacks (Child/Fn), or a Fn::ForEach output key ($\{Name}Function)`,
    );
  const parts = entry.value.split(':');
  if (parts.length > 2)
    throw failure(
      messages.SigningProfilesMalformed,
      entry,
      'has more than one ":"; write Id=Profile or Id=Profile:Owner',
    );
  const [profileName = '', profileOwner] = parts;
  const badName = signingProfileNameProblem(profileName);
  if (badName) throw failure(messages.SigningProfilesBadProfile, entry, `has ${badName}`);
  if (profileOwner === undefined) return [entry.key, { profileName }];
  if (!OWNER.test(profileOwner))
    throw failure(
      messages.SigningProfilesBadOwner,
      entry,
      `has an invalid profile owner "${profileOwner}": a 12-digit AWS account id`,
    );
  return [entry.key, { profileName, profileOwner }];
}

/** Splits on unquoted whitespace; `"…"`/`'…'` group, a backslash escapes the next character. */
function splitEntries(text: string): RawEntry[] {
  const entries: RawEntry[] = [];
  let index = 0;
  while (index < text.length) {
    if (/\s/.test(text[index] as string)) {
      index++;
      continue;
    }
    const start = index;
    let current = '';
    let key: string | undefined;
    let quote: string | undefined;
    for (; index < text.length; index++) {
      const char = text[index] as string;
      if (char === '\\' && index + 1 < text.length) current += text[++index];
      else if (quote !== undefined && char === quote) quote = undefined;
      else if (quote !== undefined) current += char;
      else if (char === '"' || char === "'") quote = char;
      else if (/\s/.test(char)) break;
      else if (char === '=' && key === undefined) [key, current] = [current, ''];
      else current += char;
    }
    const raw = { text: text.slice(start, index), key, value: current };
    if (quote !== undefined)
      throw failure(messages.SigningProfilesMalformed, raw, `has an unterminated ${quote} quote`);
    entries.push(raw);
  }
  return entries;
}

function failure(kind: ErrorSpec, entry: RawEntry, problem: string): UserInputError {
  return new UserInputError(kind, `${FLAG}: the entry ${JSON.stringify(entry.text)} ${problem}.`);
}
