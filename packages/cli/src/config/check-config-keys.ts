import { closestMatch, UserInputError, messages } from '@toolkit/core';

/** Where one config section sits in the file, for naming line and column. */
export interface SectionRef {
  file: string;
  text: string;
  /** Dotted table name as written in samconfig.toml: `default.deploy.parameters`. */
  table: string;
}

/**
 * Checks the keys of one `[<env>.<command>.parameters]` table. A key close to a known one
 * is a typo and an error (`stack_nmae` → did you mean stack_name?); a key near nothing is
 * another tool's (SAM CLI writes `cached`, `parallel`, …) and comes back as a warning.
 */
export function checkConfigKeys(
  section: SectionRef,
  keys: readonly string[],
  known: ReadonlySet<string>,
  elsewhere: ReadonlySet<string>,
): string[] {
  const warnings: string[] = [];
  for (const key of keys) {
    if (known.has(key) || elsewhere.has(key)) continue;
    const position = locateKey(section, key);
    const where = position ? `${section.file}:${position.line}:${position.column}` : section.file;
    const match = closestMatch(key, known) ?? closestMatch(key, elsewhere);
    if (match !== undefined) {
      const details = position ? { position: { file: section.file, ...position } } : {};
      throw new UserInputError(
        messages.UnknownConfigKey,
        `${where}: unknown key ${key} in [${section.table}] (did you mean ${match}?)`,
        details,
      );
    }
    warnings.push(`${where}: ignoring ${key} in [${section.table}]: not a toolkit option`);
  }
  return warnings;
}

/** The 1-based line and column of `key =` inside the table's block, when written plainly. */
function locateKey(section: SectionRef, key: string): { line: number; column: number } | undefined {
  const lines = section.text.split(/\r?\n/);
  const header = new RegExp(`^\\s*\\[\\s*${section.table.split('.').map(escape).join('\\s*\\.\\s*')}\\s*\\]`);
  const start = lines.findIndex((l) => header.test(l));
  if (start < 0) return undefined;
  const pattern = new RegExp(`^(\\s*)["']?${escape(key)}["']?\\s*=`);
  for (let i = start + 1; i < lines.length && !/^\s*\[/.test(lines[i]!); i++) {
    const match = pattern.exec(lines[i]!);
    if (match) return { line: i + 1, column: match[1]!.length + 1 };
  }
  return undefined;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
