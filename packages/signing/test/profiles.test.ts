import { UserInputError, messages } from '@toolkit/core';
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

  it('accepts the output keys of Fn::ForEach loops, whose functions are signed once for every item', () => {
    expect(Object.fromEntries(parseSigningProfiles('${Name}Function=Prof Child/Code&{Stage}=Prof2'))).toEqual({
      '${Name}Function': { profileName: 'Prof' },
      'Child/Code&{Stage}': { profileName: 'Prof2' },
    });
  });

  it('tolerates extra whitespace and merges several occurrences of the flag', () => {
    const parsed = parseSigningProfiles(['  Fn=Prof\t ', 'Other=Prof2\nThird=Prof3']);
    expect([...parsed.keys()]).toEqual(['Fn', 'Other', 'Third']);
    expect(parseSigningProfiles('   ').size).toBe(0);
    expect(parseSigningProfiles([]).size).toBe(0);
  });

  it.each([
    ['Fn', messages.SigningProfilesMalformed.code, '"Fn"'],
    ['Fn=', messages.SigningProfilesBadProfile.code, '"Fn="'],
    ['=Prof', messages.SigningProfilesBadId.code, '"=Prof"'],
    ['Fn=Prof:1234:5678', messages.SigningProfilesMalformed.code, '"Fn=Prof:1234:5678"'],
    ['Fn=Prof:12345', messages.SigningProfilesBadOwner.code, '"Fn=Prof:12345"'],
    ['Fn=Prof:', messages.SigningProfilesBadOwner.code, '"Fn=Prof:"'],
    ['Fn=P', messages.SigningProfilesBadProfile.code, '"Fn=P"'],
    ['Fn=Bad-Name', messages.SigningProfilesBadProfile.code, '"Fn=Bad-Name"'],
    [`Fn=${'a'.repeat(65)}`, messages.SigningProfilesBadProfile.code, 'aaaa'],
    ['Fn=:123456789012', messages.SigningProfilesBadProfile.code, '"Fn=:123456789012"'],
    ['Fn-1=Prof', messages.SigningProfilesBadId.code, '"Fn-1=Prof"'],
    ['${Name=Prof', messages.SigningProfilesBadId.code, '"${Name=Prof"'],
    ['Child//Fn=Prof', messages.SigningProfilesBadId.code, '"Child//Fn=Prof"'],
    ['/Fn=Prof', messages.SigningProfilesBadId.code, '"/Fn=Prof"'],
    ['Fn="Prof', messages.SigningProfilesMalformed.code, 'unterminated'],
    ['Fn=\\"Prof\\"', messages.SigningProfilesBadProfile.code, '""Prof""'],
    ['Good=Prof Fn Other=Prof', messages.SigningProfilesMalformed.code, '"Fn"'],
  ])('refuses %j with %s', (input, code, quoted) => {
    const error = errorOf(input);
    expect(error.code).toBe(code);
    expect(error.message).toContain('--signing-profiles');
    expect(error.message).toContain(quoted);
  });

  it('refuses a duplicate id, also across occurrences of the flag', () => {
    expect(errorOf('Fn=Prof Fn=Prof2').code).toBe(messages.SigningProfilesDuplicateId.code);
    expect(errorOf(['Fn=Prof', 'Fn=Prof']).message).toMatch(
      /--signing-profiles: the entry "Fn=Prof" names Fn a second time/,
    );
  });

  it('accepts the longest valid profile name', () => {
    expect(parseSigningProfiles(`Fn=${'a'.repeat(64)}`).get('Fn')?.profileName).toHaveLength(64);
  });
});
