import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { functionArn, type ArnScope } from './lambda-arns.ts';
import { functionNotFound, invalidParameter, revisionMismatch } from './lambda-errors.ts';
import { lambdaTimestamp } from './lambda-time.ts';
import {
  findVersion,
  putVersion,
  updateFunction,
  type FunctionRow,
  type VersionConfig,
  type VersionRow,
} from './function-store.ts';

/** Options of PublishVersion (and of Publish on create/update). */
export interface PublishOptions {
  description?: string;
  /** The caller's idea of $LATEST's CodeSha256; must match. */
  codeSha256?: string;
  revisionId?: string;
}

/**
 * Publishes `$LATEST` as the next version; call inside a transaction. When
 * nothing changed since the last published version, Lambda answers with that
 * version instead of making a new one.
 */
export function publishLatest(
  db: Database.Database,
  scope: ArnScope,
  fn: FunctionRow,
  now: Date,
  options: PublishOptions = {},
): VersionRow {
  const latest = findVersion(db, fn.name, '$LATEST');
  if (!latest) throw functionNotFound(functionArn(scope, fn.name));
  if (options.codeSha256 !== undefined && options.codeSha256 !== latest.config.CodeSha256) {
    throw invalidParameter(
      `CodeSHA256 (${options.codeSha256}) is different from current CodeSHA256 in $LATEST (${latest.config.CodeSha256}). Please try again with the CodeSHA256 in $LATEST.`,
    );
  }
  if (options.revisionId !== undefined && options.revisionId !== latest.config.RevisionId)
    throw revisionMismatch('GetFunction/GetAlias');
  const previous = fn.lastVersion > 0 ? findVersion(db, fn.name, String(fn.lastVersion)) : undefined;
  const description = options.description ?? latest.config.Description;
  if (
    previous &&
    previous.codeBlob === latest.codeBlob &&
    sameSettings(previous.config, { ...latest.config, Description: description })
  )
    return previous;
  const version = String(fn.lastVersion + 1);
  const config: VersionConfig = {
    ...latest.config,
    Description: description,
    RevisionId: randomUUID(),
    LastModified: lambdaTimestamp(now),
  };
  const row: VersionRow = { version, config, codeBlob: latest.codeBlob };
  putVersion(db, fn.name, row);
  updateFunction(db, { ...fn, lastVersion: fn.lastVersion + 1 });
  return row;
}

/** Whether two configurations differ only in what every update changes (revision and time). */
function sameSettings(a: VersionConfig, b: VersionConfig): boolean {
  const strip = ({ RevisionId: _r, LastModified: _l, ...rest }: VersionConfig) =>
    JSON.stringify(Object.entries(rest).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)));
  return strip(a) === strip(b);
}
