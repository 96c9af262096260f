/** Lambda's timestamp text, `2024-01-01T00:00:00.000+0000` (ISO-8601 with a `+0000` offset). */
export function lambdaTimestamp(date: Date): string {
  return date.toISOString().replace('Z', '+0000');
}
