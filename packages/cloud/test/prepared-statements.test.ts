import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrateLambdaTables } from '../src/plugins/lambda/lambda-tables.ts';
import { findFunction, insertFunction, listFunctionNames } from '../src/plugins/lambda/function-store.ts';
import { findAlias } from '../src/plugins/lambda/alias-store.ts';
import { permissionStatements } from '../src/plugins/lambda/permission-store.ts';
import { listLayerNames } from '../src/plugins/lambda/layer-store.ts';

/** A migrated Lambda database that records the SQL of every statement it compiles. */
function countingDatabase(): { db: Database.Database; compiled: string[] } {
  const db = new Database(':memory:');
  migrateLambdaTables(db);
  const compiled: string[] = [];
  const prepare = db.prepare.bind(db);
  db.prepare = ((sql: string) => {
    compiled.push(sql);
    return prepare(sql);
  }) as typeof db.prepare;
  return { db, compiled };
}

describe('Lambda stores prepare statements once per database', () => {
  it('compiles each statement on first use only, however often a request repeats it', () => {
    const { db, compiled } = countingDatabase();
    insertFunction(db, { name: 'fn', codeSigningConfigId: null, tags: {}, lastVersion: 0 }, '2026-01-01T00:00:00.000Z');
    for (let i = 0; i < 3; i++) {
      expect(findFunction(db, 'fn')?.name).toBe('fn');
      expect(findAlias(db, 'fn', 'live')).toBeUndefined();
      expect(permissionStatements(db, 'fn', undefined)).toEqual([]);
      expect(listLayerNames(db)).toEqual([]);
      expect(listFunctionNames(db, undefined, 10)).toEqual(['fn']);
    }
    expect(compiled.length).toBe(6);
    expect(new Set(compiled).size).toBe(compiled.length);
    db.close();
  });

  it('keeps the statements of each database apart', () => {
    const first = countingDatabase();
    const second = countingDatabase();
    insertFunction(
      first.db,
      { name: 'only-in-first', codeSigningConfigId: null, tags: {}, lastVersion: 0 },
      '2026-01-01T00:00:00.000Z',
    );
    expect(findFunction(first.db, 'only-in-first')).toBeDefined();
    expect(findFunction(second.db, 'only-in-first')).toBeUndefined();
    expect(second.compiled).toEqual(['SELECT * FROM lambda_functions WHERE name = ?']);
    first.db.close();
    second.db.close();
  });
});
