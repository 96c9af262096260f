import { messages } from '@toolkit/core';
import { MAX_SIGNATURE_VALIDITY } from '@toolkit/signing/limits';
import { OptionError } from './option-error.ts';

/** A Signer validity period. */
export interface ValidityPeriod {
  value: number;
  type: 'DAYS' | 'MONTHS' | 'YEARS';
}

const units: Record<string, ValidityPeriod['type']> = {
  d: 'DAYS',
  day: 'DAYS',
  days: 'DAYS',
  m: 'MONTHS',
  mo: 'MONTHS',
  month: 'MONTHS',
  months: 'MONTHS',
  y: 'YEARS',
  year: 'YEARS',
  years: 'YEARS',
};

/** Parses `135months`, `30 days`, `2y` into Signer's validity period, naming `option` on bad input. */
export function parseValidityPeriod(text: string, option = 'validity'): ValidityPeriod {
  const match = /^\s*(\d+)\s*([a-z]+)\s*$/i.exec(text);
  const type = match ? units[match[2]!.toLowerCase()] : undefined;
  if (!match || !type) {
    throw new OptionError(
      messages.InvalidValidity,
      option,
      (n) => `${n(option)}: "${text}" is not a validity period; write e.g. 135months, 30days or 2years`,
    );
  }
  const value = Number(match[1]);
  // Signer's own bounds per unit, so a period accepted here is one Signer accepts.
  if (value < 1 || value > MAX_SIGNATURE_VALIDITY[type]) {
    throw new OptionError(
      messages.InvalidValidity,
      option,
      (n) => `${n(option)}: ${text} is outside Signer's range of 1 day to 135 months`,
    );
  }
  return { value, type };
}
