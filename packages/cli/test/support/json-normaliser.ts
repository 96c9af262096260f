/** A value that differs from run to run: the pattern finding it (group 1, else the match), its placeholder's name. */
export type VariableValue = readonly [pattern: RegExp, kind: string];

/** What `toolkit package --json` prints that differs from run to run. */
export const packageVariables: readonly VariableValue[] = [
  [/"jobId": "([^"]+)"/g, 'job'],
  [/"versionId": "([^"]+)"/g, 'version'],
  [/^\s+Version: (\S+)$/gm, 'signed-version'],
  [/([0-9a-f]{64})\.template/g, 'nested-template'],
  [/signing-profiles\/[A-Za-z]+\/([A-Za-z0-9]+)/g, 'profile-version'],
  // Dependency cache keys hold the installing tool's version, which differs from machine to machine.
  [/"cacheKey": "([0-9a-f]{64})"/g, 'dependency-cache'],
  // Installed dependencies hold what the package manager writes, and the machine's pip and npm are
  // not pinned: npm's hidden lockfile takes its version's form, pip's install metadata its version's.
  [/"sha256": "([0-9a-f]{64})",\s*"buildMethod": "(?:npm|pnpm|yarn|pip)"/g, 'installed-zip'],
];

/**
 * Replaces each distinct run-dependent value with a placeholder numbered by first appearance,
 * everywhere it occurs (so a value printed twice stays recognisably the same), the project
 * folder with `<project>` and ISO times with `<timestamp>`. One normaliser numbers across documents.
 */
export class Normaliser {
  private readonly names = new Map<string, string>();
  constructor(
    private readonly dir: string,
    private readonly variables: readonly VariableValue[] = packageVariables,
  ) {}

  /** The document with its variable values, and every later mention of them, replaced. */
  normalise(text: string): string {
    text = text.split(this.dir).join('<project>');
    // Kind by kind, each replaced before the next is looked for: a later, looser pattern (a
    // name's random suffix) must not see pieces of an id an earlier kind stands for, or the
    // numbering would depend on what those random ids happen to contain.
    for (const [pattern, kind] of this.variables) {
      for (const match of text.matchAll(pattern)) {
        const value = match[1] ?? match[0];
        if (this.names.has(value)) continue;
        const count = [...this.names.values()].filter((n) => n.startsWith(`<${kind}-`)).length;
        this.names.set(value, `<${kind}-${count + 1}>`);
      }
      text = this.replaceNamed(text);
    }
    return text.replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z/g, '<timestamp>');
  }

  private replaceNamed(text: string): string {
    for (const [value, name] of [...this.names].sort(([a], [b]) => b.length - a.length))
      text = text.split(value).join(name);
    return text;
  }
}
