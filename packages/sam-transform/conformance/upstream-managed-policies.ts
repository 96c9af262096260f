import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

// Upstream's managed-policy lookup, read at run time (never stored here): samtranslator's bundled
// list of AWS managed policies (samtranslator/internal/data/aws_managed_policies.json) and the
// policy loader stand-in of its tests/translator/test_translator.py, which its transform consults
// after that list.

const BUNDLED_PATH = join('samtranslator', 'internal', 'data', 'aws_managed_policies.json');

/** A problem with the corpus's files: the runner prints it and exits 2. */
export class CorpusFileError extends Error {}

/** Name → ARN per partition. */
export type PolicyMaps = (partition: string) => Record<string, string>;

/**
 * The maps upstream's tests see. `bundledFile` is the `--managed-policies` flag; without it the
 * bundled list is looked for in the repository holding the corpus, then in the installed
 * samtranslator. `warn` hears what was not found.
 */
export function upstreamManagedPolicies(
  corpus: string,
  bundledFile: string | undefined,
  warn: (message: string) => void,
): PolicyMaps {
  const testFile = join(corpus, 'test_translator.py');
  if (!existsSync(testFile)) warn(`${testFile} was not found; its policy loader's map is not used`);
  const testMap = existsSync(testFile) ? testPolicyLoader(testFile) : () => ({});
  const file = bundledFile ?? findBundledList(corpus);
  if (file === undefined)
    warn(`samtranslator's ${BUNDLED_PATH} was not found (give --managed-policies); only the test's map is used`);
  const bundled = file === undefined ? {} : readBundledList(file);
  return (partition) => ({ ...testMap(partition), ...ownEntries(bundled[partition]) });
}

function findBundledList(corpus: string): string | undefined {
  // The corpus folder is <repository>/tests/translator in a clone of serverless-application-model.
  const inClone = join(dirname(dirname(corpus)), BUNDLED_PATH);
  if (existsSync(inClone)) return inClone;
  try {
    const script = 'import os, samtranslator; print(os.path.dirname(os.path.dirname(samtranslator.__file__)))';
    const sitePackages = execFileSync('python3', ['-c', script], { encoding: 'utf8', stdio: 'pipe' }).trim();
    const installed = join(sitePackages, BUNDLED_PATH);
    return existsSync(installed) ? installed : undefined;
  } catch {
    return undefined;
  }
}

function readBundledList(file: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new CorpusFileError(`${file}: ${(error as Error).message}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new CorpusFileError(`${file}: not samtranslator's map of partitions to managed policies`);
  return parsed as Record<string, unknown>;
}

function ownEntries(map: unknown): Record<string, string> {
  const result: Record<string, string> = Object.create(null) as Record<string, string>;
  if (map === null || typeof map !== 'object') return result;
  for (const [name, arn] of Object.entries(map)) if (typeof arn === 'string') result[name] = arn;
  return result;
}

/**
 * The dictionary `_compare_transform` has `mock_policy_loader.load` return, with the entries it
 * adds for `partition == "aws"` and otherwise; `f"…{partition}…"` values are filled in.
 */
function testPolicyLoader(file: string): PolicyMaps {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new CorpusFileError(`${file}: ${(error as Error).message}`);
  }
  const start = text.indexOf('def _compare_transform');
  const body = start < 0 ? '' : text.slice(start, text.indexOf('\n    def ', start + 1));
  const base = /mock_policy_loader\.load\.return_value = \{([\s\S]*?)\n\s*\}/.exec(body);
  const branches = /if partition == "aws":([\s\S]*?)\n\s*else:([\s\S]*?)\n\s*\n/.exec(body);
  if (base === null || branches === null)
    throw new CorpusFileError(`${file}: _compare_transform's mock_policy_loader map was not found`);
  const entries = (source: string, pattern: RegExp) =>
    [...source.matchAll(pattern)].map((m): [string, string] => [m[1]!, m[2]!]);
  const baseEntries = entries(base[1]!, /"([^"]+)":\s*f?"([^"]+)"/g);
  const added = /return_value\["([^"]+)"\]\s*=\s*\(?\s*f?"([^"]+)"/g;
  const awsEntries = entries(branches[1]!, added);
  const otherEntries = entries(branches[2]!, added);
  return (partition) => {
    const result: Record<string, string> = Object.create(null) as Record<string, string>;
    for (const [name, arn] of [...baseEntries, ...(partition === 'aws' ? awsEntries : otherEntries)])
      result[name] = arn.replaceAll('{partition}', partition);
    return result;
  };
}
