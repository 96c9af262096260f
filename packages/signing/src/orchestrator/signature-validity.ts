import type { SignatureValidity } from './types.ts';

/**
 * Signer's bounds on a validity period: 1 day to 135 months, written in any unit
 * (135 months is 11 whole years, and 4108 days at 365.2425 days a year).
 */
export const MAX_SIGNATURE_VALIDITY: Readonly<Record<SignatureValidity['type'], number>> = {
  DAYS: 4108,
  MONTHS: 135,
  YEARS: 11,
};

/**
 * `from` plus a validity period in UTC calendar units, as Signer computes a signature's expiry:
 * a month or year is a calendar one, and a day past the target month's end clamps to its
 * last day (Jan 31 + 1 month = Feb 28 or 29). Used by the cloud's Signer and by every
 * client-side check of a period, so both always agree.
 */
export function addValidity(from: Date, validity: SignatureValidity): Date {
  if (validity.type === 'DAYS') return new Date(from.getTime() + validity.value * 86_400_000);
  const months = validity.type === 'MONTHS' ? validity.value : validity.value * 12;
  const result = new Date(from.getTime());
  const day = result.getUTCDate();
  result.setUTCDate(1);
  result.setUTCMonth(result.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(result.getUTCFullYear(), result.getUTCMonth() + 1, 0)).getUTCDate();
  result.setUTCDate(Math.min(day, lastDay));
  return result;
}
