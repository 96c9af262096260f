import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The file PEP 610 has pip write into a distribution installed from a direct URL. */
const DIRECT_URL = 'direct_url.json';

/**
 * Removes the `direct_url.json` of every distribution in `target` that pip installed from a local
 * path or `file:` URL, and its line in the distribution's RECORD, so that RECORD still lists
 * exactly the files installed. PEP 610 requires that URL to be an absolute path, which names the
 * folder the project was built in: the zip would differ on every machine and checkout. Lambda never
 * reads it; without it the distribution reads as installed by name, as one from an index. Direct
 * URLs that are not local (`https:`, VCS) name no folder and are kept. Returns the removed files, sorted.
 */
export async function dropLocalDirectUrls(target: string): Promise<string[]> {
  const entries = await readdir(target, { withFileTypes: true }).catch(() => []);
  const dropped: string[] = [];
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (!entry.isDirectory() || !entry.name.endsWith('.dist-info')) continue;
    const distInfo = join(target, entry.name);
    if (!isLocalDirectUrl(await readFile(join(distInfo, DIRECT_URL), 'utf8').catch(() => undefined))) continue;
    await dropRecordLine(join(distInfo, 'RECORD'), `${entry.name}/${DIRECT_URL}`);
    await rm(join(distInfo, DIRECT_URL));
    dropped.push(`${entry.name}/${DIRECT_URL}`);
  }
  return dropped;
}

function isLocalDirectUrl(text: string | undefined): boolean {
  if (text === undefined) return false;
  try {
    const url = (JSON.parse(text) as { url?: unknown } | null)?.url;
    return typeof url === 'string' && url.startsWith('file:');
  } catch {
    return false; // not pip's: left as it is
  }
}

/**
 * Rewrites a RECORD without the row for `path`, every other row byte for byte (pip ends rows
 * with CRLF). A RECORD is CSV: a path holding a comma or a quote is quoted, quotes doubled.
 */
async function dropRecordLine(record: string, path: string): Promise<void> {
  const text = await readFile(record, 'utf8').catch(() => undefined);
  if (text === undefined) return;
  const rows = text.split(/(?<=\n)/);
  const kept = rows.filter((row) => firstCsvField(row) !== path);
  if (kept.length !== rows.length) await writeFile(record, kept.join(''));
}

function firstCsvField(row: string): string {
  if (!row.startsWith('"')) return row.split(/[,\r\n]/, 1)[0]!;
  let field = '';
  for (let i = 1; i < row.length; i++) {
    if (row[i] !== '"') field += row[i];
    else if (row[i + 1] === '"') field += row[i++];
    else break;
  }
  return field;
}
