import { UserInputError } from '@toolkit/core';

/** A Signer validity period. */
export interface ValidityPeriod {
  value: number;
  type: 'DAYS' | 'MONTHS' | 'YEARS';
}

const units: Record<string, ValidityPeriod['type']> = {
  d: 'DAYS', day: 'DAYS', days: 'DAYS',
  m: 'MONTHS', mo: 'MONTHS', month: 'MONTHS', months: 'MONTHS',
  y: 'YEARS', year: 'YEARS', years: 'YEARS',
};

/** Parses `135months`, `30 days`, `2y` into Signer's validity period, naming `flag` on bad input. */
export function parseValidityPeriod(text: string, flag = '--validity'): ValidityPeriod {
  const match = /^\s*(\d+)\s*([a-z]+)\s*$/i.exec(text);
  const type = match ? units[match[2]!.toLowerCase()] : undefined;
  if (!match || !type) {
    throw new UserInputError('InvalidValidity', `${flag}: "${text}" is not a validity period; write e.g. 135months, 30days or 2years`);
  }
  const value = Number(match[1]);
  const days = type === 'DAYS' ? value : type === 'MONTHS' ? value * 30 : value * 365;
  const months = type === 'DAYS' ? value / 30 : type === 'MONTHS' ? value : value * 12;
  if (days < 1 || months > 135) {
    throw new UserInputError('InvalidValidity', `${flag}: ${text} is outside Signer's range of 1 day to 135 months`);
  }
  return { value, type };
}
