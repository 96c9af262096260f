import { signerErrors } from './signer-errors.ts';

/** How long a profile's signatures stay valid. */
export interface ValidityPeriod {
  value: number;
  type: 'DAYS' | 'MONTHS' | 'YEARS';
}

/** AWS's default and maximum: 135 months. */
export const DEFAULT_VALIDITY: ValidityPeriod = { value: 135, type: 'MONTHS' };

/** Upper bounds per unit: 135 months, the whole years within it, and its length in days (135 × 365.2425 / 12). */
const MAXIMUM: Record<ValidityPeriod['type'], number> = { DAYS: 4108, MONTHS: 135, YEARS: 11 };

/** Checks a `signatureValidityPeriod` (1 day … 135 months); absent means the default. */
export function parseValidityPeriod(input: unknown): ValidityPeriod {
  if (input === undefined || input === null) return DEFAULT_VALIDITY;
  if (typeof input !== 'object' || Array.isArray(input)) throw signerErrors.validation('signatureValidityPeriod must be an object with value and type');
  const { value, type } = input as { value?: unknown; type?: unknown };
  if (type !== 'DAYS' && type !== 'MONTHS' && type !== 'YEARS') {
    throw signerErrors.validation(`1 validation error detected: Value '${String(type)}' at 'signatureValidityPeriod.type' failed to satisfy constraint: Member must satisfy enum value set: [DAYS, MONTHS, YEARS]`);
  }
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAXIMUM[type]) {
    throw signerErrors.validation(`The signature validity period must be between 1 day and 135 months; ${String(value)} ${type} is not.`);
  }
  return { value, type };
}

/** `from` plus the period, in UTC calendar units; a month end clamps (Jan 31 + 1 month = Feb 28/29). */
export function addValidity(from: Date, period: ValidityPeriod): Date {
  if (period.type === 'DAYS') return new Date(from.getTime() + period.value * 86_400_000);
  const months = period.type === 'MONTHS' ? period.value : period.value * 12;
  const result = new Date(from.getTime());
  const day = result.getUTCDate();
  result.setUTCDate(1);
  result.setUTCMonth(result.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(result.getUTCFullYear(), result.getUTCMonth() + 1, 0)).getUTCDate();
  result.setUTCDate(Math.min(day, lastDay));
  return result;
}
