import type Database from 'better-sqlite3';
import { functionArn, parseFunctionRef, type ArnScope, type FunctionRef } from './lambda-arns.ts';
import { aliasNotFound, functionNotFound, invalidParameter, validationError } from './lambda-errors.ts';
import { findFunction, findVersion, type FunctionRow, type VersionRow } from './function-store.ts';
import { findAlias } from './alias-store.ts';

const NAME_PATTERN =
  '(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_\\.]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?';

/** Parses a FunctionName parameter, answering ValidationException as Lambda does for a malformed one. */
export function functionRefOf(text: string | undefined): FunctionRef {
  const ref = text === undefined ? undefined : parseFunctionRef(text);
  if (!text || !ref)
    throw validationError(
      `'${text ?? ''}'`,
      'functionName',
      `Member must satisfy regular expression pattern: ${NAME_PATTERN}`,
    );
  return ref;
}

/** The qualifier of a call: the one in the FunctionName or the Qualifier parameter; both must agree. */
export function qualifierOf(ref: FunctionRef, query: URLSearchParams): string | undefined {
  const fromQuery = query.get('Qualifier') ?? undefined;
  if (ref.qualifier !== undefined && fromQuery !== undefined && ref.qualifier !== fromQuery) {
    throw invalidParameter('The derived qualifier from the function name does not match the specified qualifier.');
  }
  return ref.qualifier ?? fromQuery;
}

/** The function a reference names, or ResourceNotFoundException "Function not found: {arn}". */
export function requireFunction(db: Database.Database, scope: ArnScope, name: string): FunctionRow {
  const row = findFunction(db, name);
  if (!row) throw functionNotFound(functionArn(scope, name));
  return row;
}

/** Resolves a qualifier (none, `$LATEST`, a version or an alias) to the version it means. */
export function requireVersion(
  db: Database.Database,
  scope: ArnScope,
  name: string,
  qualifier: string | undefined,
): VersionRow & { aliasName?: string } {
  requireFunction(db, scope, name);
  const wanted = qualifier ?? '$LATEST';
  if (wanted === '$LATEST' || /^\d+$/.test(wanted)) {
    const version = findVersion(db, name, wanted);
    if (!version) throw functionNotFound(functionArn(scope, name, wanted));
    return version;
  }
  const alias = findAlias(db, name, wanted);
  if (!alias) throw aliasNotFound(functionArn(scope, name, wanted));
  const version = findVersion(db, name, alias.function_version);
  if (!version) throw functionNotFound(functionArn(scope, name, alias.function_version));
  return { ...version, aliasName: wanted };
}
