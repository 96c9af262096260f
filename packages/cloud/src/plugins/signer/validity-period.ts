import { MAX_SIGNATURE_VALIDITY } from '@toolkit/signing';
import { signerErrors } from './signer-errors.ts';

/** How long a profile's signatures stay valid. */
export interface ValidityPeriod {
  value: number;
  type: 'DAYS' | 'MONTHS' | 'YEARS';
}

/** AWS's default and maximum: 135 months. */
export const DEFAULT_VALIDITY: ValidityPeriod = { value: 135, type: 'MONTHS' };

/** Checks a `signatureValidityPeriod` (1 day … 135 months); absent means the default. */
export function parseValidityPeriod(input: unknown): ValidityPeriod {
  if (input === undefined || input === null) return DEFAULT_VALIDITY;
  if (typeof input !== 'object' || Array.isArray(input))
    throw signerErrors.validation('signatureValidityPeriod must be an object with value and type');
  const { value, type } = input as { value?: unknown; type?: unknown };
  if (type !== 'DAYS' && type !== 'MONTHS' && type !== 'YEARS') {
    throw signerErrors.validation(
      `1 validation error detected: Value '${String(type)}' at 'signatureValidityPeriod.type' failed to satisfy constraint: Member must satisfy enum value set: [DAYS, MONTHS, YEARS]`,
    );
  }
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_SIGNATURE_VALIDITY[type]) {
    throw signerErrors.validation(
      `The signature validity period must be between 1 day and 135 months; ${String(value)} ${type} is not.`,
    );
  }
  return { value, type };
}
