import type { SignatureValidity } from './types.ts';

/** The instant a signature made at `from` expires under a profile's validity period (calendar months/years). */
export function addValidity(from: Date, validity: SignatureValidity): Date {
  const end = new Date(from.getTime());
  if (validity.type === 'DAYS') end.setUTCDate(end.getUTCDate() + validity.value);
  else if (validity.type === 'MONTHS') end.setUTCMonth(end.getUTCMonth() + validity.value);
  else end.setUTCFullYear(end.getUTCFullYear() + validity.value);
  return end;
}
