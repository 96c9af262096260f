/** ANSI colours the CLI uses. */
export type Color = 'green' | 'red' | 'yellow';

const codes: Record<Color, string> = { green: '32', red: '31', yellow: '33' };

/** Wraps text in an ANSI colour, or returns it unchanged when colour is off. */
export function paint(enabled: boolean, color: Color, text: string): string {
  return enabled ? `\u001b[${codes[color]}m${text}\u001b[0m` : text;
}

/**
 * A stack or resource status's colour, as SAM CLI colours them: failures and
 * anything rolling back (or being deleted) red, finished green, the rest yellow.
 */
export function statusColor(status: string): Color {
  if (status.endsWith('_FAILED') || status.includes('ROLLBACK') || status === 'DELETE_IN_PROGRESS') return 'red';
  if (status.endsWith('_COMPLETE')) return 'green';
  return 'yellow';
}

/** A change set action's colour, as SAM CLI's: Add green, Remove red, Modify (and the rest) yellow. */
export function changeColor(action: string): Color {
  return action === 'Add' ? 'green' : action === 'Remove' ? 'red' : 'yellow';
}
