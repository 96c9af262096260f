import { UserInputError } from '@toolkit/core';
import { describe, expect, it } from 'vitest';
import { parseSigningProfiles } from '../src/index.ts';

function errorOf(input: string | string[]): UserInputError {
  try {
    parseSigningProfiles(input);
  } catch (error) {
    if (error instanceof UserInputError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(input)} to be refused`);
}

describe('parseSigningProfiles', () => {
  it('parses ids, profile names and optional owners', () => {
    const parsed = parseSigningProfiles('Fn=Profile Fn2=Profile:123456789012 MyLayer=Other_Profile');
    expect([...parsed]).toEqual([
      ['Fn', { profileName: 'Profile' }],
      ['Fn2', { profileName: 'Profile', profileOwner: '123456789012' }],
      ['MyLayer', { profileName: 'Other_Profile' }],
    ]);
  });

  it('accepts quoted values, quoted ids and samconfig.toml escapes', () => {
    // samconfig.toml: signing_profiles = "Fn=\"Prof:123456789012\" Layer=\"Prof2\""
    const parsed = parseSigningProfiles('Fn="Prof:123456789012" "Layer"=\'Prof2\' Esc=Pr\\of3');
    expect(Object.fromEntries(parsed)).toEqual({
      Fn: { profileName: 'Prof', profileOwner: '123456789012' },
      Layer: { profileName: 'Prof2' },
      Esc: { profileName: 'Prof3' },
    });
  });

  it('accepts path-qualified ids of nested stacks', () => {
    expect(Object.fromEntries(parseSigningProfiles('Child/Fn=Prof Child/Grand/Fn=Prof2'))).toEqual({
      'Child/Fn': { profileName: 'Prof' },
      'Child/Grand/Fn': { profileName: 'Prof2' },
    });
  });

  it('tolerates extra whitespace and merges several occurrences of the flag', () => {
    const parsed = parseSigningProfiles(['  Fn=Prof\t ', 'Other=Prof2\nThird=Prof3']);
    expect([...parsed.keys()]).toEqual(['Fn', 'Other', 'Third']);
    expect(parseSigningProfiles('   ').size).toBe(0);
    expect(parseSigningProfiles([]).size).toBe(0);
  });

  it.each([
    ['Fn', 'SIGNING_PROFILES_MALFORMED', '"Fn"'],
    ['Fn=', 'SIGNING_PROFILES_BAD_PROFILE', '"Fn="'],
    ['=Prof', 'SIGNING_PROFILES_BAD_ID', '"=Prof"'],
    ['Fn=Prof:1234:5678', 'SIGNING_PROFILES_MALFORMED', '"Fn=Prof:1234:5678"'],
    ['Fn=Prof:12345', 'SIGNING_PROFILES_BAD_OWNER', '"Fn=Prof:12345"'],
    ['Fn=Prof:', 'SIGNING_PROFILES_BAD_OWNER', '"Fn=Prof:"'],
    ['Fn=P', 'SIGNING_PROFILES_BAD_PROFILE', '"Fn=P"'],
    ['Fn=Bad-Name', 'SIGNING_PROFILES_BAD_PROFILE', '"Fn=Bad-Name"'],
    [`Fn=${'a'.repeat(65)}`, 'SIGNING_PROFILES_BAD_PROFILE', 'aaaa'],
    ['Fn=:123456789012', 'SIGNING_PROFILES_BAD_PROFILE', '"Fn=:123456789012"'],
    ['Fn-1=Prof', 'SIGNING_PROFILES_BAD_ID', '"Fn-1=Prof"'],
    ['Child//Fn=Prof', 'SIGNING_PROFILES_BAD_ID', '"Child//Fn=Prof"'],
    ['/Fn=Prof', 'SIGNING_PROFILES_BAD_ID', '"/Fn=Prof"'],
    ['Fn="Prof', 'SIGNING_PROFILES_MALFORMED', 'unterminated'],
    ['Fn=\\"Prof\\"', 'SIGNING_PROFILES_BAD_PROFILE', '""Prof""'],
    ['Good=Prof Fn Other=Prof', 'SIGNING_PROFILES_MALFORMED', '"Fn"'],
  ])('refuses %j with %s', (input, code, quoted) => {
    const error = errorOf(input);
    expect(error.code).toBe(code);
    expect(error.message).toContain('--signing-profiles');
    expect(error.message).toContain(quoted);
  });

  it('refuses a duplicate id, also across occurrences of the flag', () => {
    expect(errorOf('Fn=Prof Fn=Prof2').code).toBe('SIGNING_PROFILES_DUPLICATE_ID');
    expect(errorOf(['Fn=Prof', 'Fn=Prof']).message).toMatch(
      /--signing-profiles: the entry "Fn=Prof" names Fn a second time/,
    );
  });

  it('accepts the longest valid profile name', () => {
    expect(parseSigningProfiles(`Fn=${'a'.repeat(64)}`).get('Fn')?.profileName).toHaveLength(64);
  });
});
